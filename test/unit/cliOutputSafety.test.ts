// Issue 9, bad and hostile input at the CLI's output: control characters in names from the cluster
// are escaped visibly (visibleText), and a closed pipe or a full disk ends the CLI quietly with
// the right exit code (processOutput), in process and in the built dist/cli.js.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, openSync } from 'node:fs';
import { processOutput, visibleText, writeFailureLine, type OutputStream } from '../../src/cli/cliOutput';
import { cliPath, runBuiltCli } from '../support/builtCli';

/** A stream double: records what was written; `fail` makes write throw or emit 'error'. */
class FakeStream extends EventEmitter implements OutputStream {
  written = '';
  fail: { error: Error; how: 'throw' | 'emit' } | undefined;
  write(text: string): boolean {
    if (this.fail?.how === 'throw') throw this.fail.error;
    if (this.fail?.how === 'emit') {
      this.emit('error', this.fail.error);
      return false;
    }
    this.written += text;
    return true;
  }
}

function errno(code: string, message = `${code}: failed, write`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** The built CLI's exit, stderr and how much of stdout the reader took, with `reader` on its stdout. */
function runWithReader(
  args: readonly string[],
  closeWhen: 'at once' | 'after the first line',
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; firstLine: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (closeWhen === 'at once') child.stdout.destroy();
    else {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) child.stdout.destroy();
      });
    }
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, firstLine: stdout.split('\n')[0] }));
  });
}

/** The built CLI with stdout on /dev/full: every write fails with ENOSPC. */
function runIntoFullDisk(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const full = openSync('/dev/full', 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', full, 'pipe'] });
    closeSync(full);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('CLI output safety (issue 9)', () => {
  describe('visibleText', () => {
    it('escapes terminal escape sequences: OSC title, CSI colour, BEL', () => {
      assert.equal(visibleText('\x1b]0;title\x07group'), '\\x1b]0;title\\x07group');
      assert.equal(visibleText('\x1b[31mred\x1b[0m'), '\\x1b[31mred\\x1b[0m');
      assert.equal(visibleText('\x07'), '\\x07');
    });

    it('escapes every C0 control but newline and tab, and DEL', () => {
      for (let code = 0; code < 0x20; code++) {
        const c = String.fromCharCode(code);
        if (c === '\n' || c === '\t') assert.equal(visibleText(c), c);
        else assert.equal(visibleText(c), `\\x${code.toString(16).padStart(2, '0')}`);
      }
      assert.equal(visibleText('\r'), '\\x0d');
      assert.equal(visibleText('\x00'), '\\x00');
      assert.equal(visibleText('a\x7fb'), 'a\\u007fb');
    });

    it('escapes every C1 control (U+0080–U+009F) and leaves U+00A0 on', () => {
      for (let code = 0x80; code <= 0x9f; code++) {
        assert.equal(visibleText(String.fromCharCode(code)), `\\u00${code.toString(16)}`);
      }
      assert.equal(visibleText('\u009b31m'), '\\u009b31m');
      assert.equal(visibleText('\u00a0é'), '\u00a0é');
    });

    it('escapes the bidi embeddings, overrides, isolates and marks', () => {
      for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
        assert.equal(visibleText(`a${String.fromCharCode(code)}b`), `a\\u${code.toString(16)}b`);
      }
      assert.equal(visibleText('\u200e\u200f\u061c'), '\\u200e\\u200f\\u061c');
      assert.equal(visibleText('txt.exe\u202egpj'), 'txt.exe\\u202egpj');
      assert.equal(visibleText('a\u2028b\u2029'), 'a\\u2028b\\u2029');
    });

    it('escapes a 10,000-character hostile name whole, and keeps a 10,000-character ordinary one', () => {
      const hostile = '\x1b[2J'.repeat(2500);
      assert.equal(visibleText(hostile), '\\x1b[2J'.repeat(2500));
      const ordinary = 'g'.repeat(10_000);
      assert.equal(visibleText(ordinary), ordinary);
      const mixed = `${'a'.repeat(9_999)}\u202e`;
      assert.equal(visibleText(mixed), `${'a'.repeat(9_999)}\\u202e`);
    });

    it('leaves ordinary text byte for byte: ASCII, tables, non-ASCII letters, emoji, a backslash', () => {
      for (const text of [
        '',
        'GROUP           TOPIC           PARTITION  CURRENT-OFFSET\nmy-group        orders.v1_x     0          42\n',
        'commande-été Grüße Ωμέγα 日本語 группа עברית العربية',
        'emoji 🎉 👩‍👩‍👧 🇳🇱 👍🏽',
        'a\tb\n',
        'C:\\path\\x1b literally',
        '/10.0.0.1:9092 consumer-1-4f7c…',
      ]) {
        assert.equal(visibleText(text), text);
        assert.equal(Buffer.compare(Buffer.from(visibleText(text)), Buffer.from(text)), 0);
      }
    });

    it('keeps JSON valid and its values the same, and escapes what JSON.stringify leaves raw', () => {
      const name = 'g\x1b]0;t\x07\x7f\u0085\u009b\u202e\u2066x';
      const json = `${JSON.stringify({ group: name, n: [1, 2] }, null, 2)}\n`;
      assert.match(json, /[\u007f\u0085\u009b\u202e\u2066]/u, 'JSON.stringify leaves these raw');
      const escaped = visibleText(json);
      assert.doesNotMatch(escaped, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
      assert.deepEqual(JSON.parse(escaped), { group: name, n: [1, 2] });
      assert.match(escaped, /"g\\u001b\]0;t\\u0007\\u007f\\u0085\\u009b\\u202e\\u2066x"/);
    });
  });

  describe('processOutput', () => {
    function setUp(): {
      stdout: FakeStream;
      stderr: FakeStream;
      exits: number[];
      output: ReturnType<typeof processOutput>;
    } {
      const stdout = new FakeStream();
      const stderr = new FakeStream();
      const exits: number[] = [];
      return { stdout, stderr, exits, output: processOutput(stdout, stderr, (code) => exits.push(code)) };
    }

    it('escapes what goes to stdout and stderr', () => {
      const { stdout, stderr, output } = setUp();
      output.out('group \x1b[31m\n');
      output.err('no group \u202eevil\n');
      assert.equal(stdout.written, 'group \\x1b[31m\n');
      assert.equal(stderr.written, 'no group \\u202eevil\n');
    });

    for (const how of ['throw', 'emit'] as const) {
      it(`EPIPE on stdout (${how === 'throw' ? 'thrown' : "an 'error' event"}): exit 0 at once, no message`, () => {
        const { stdout, stderr, exits, output } = setUp();
        stdout.fail = { error: errno('EPIPE'), how };
        output.out('line\n');
        output.out('more\n');
        assert.deepEqual(exits, [0]);
        assert.equal(stderr.written, '');
      });

      it(`ENOSPC on stdout (${how === 'throw' ? 'thrown' : "an 'error' event"}): one line on stderr, exit 1`, () => {
        const { stdout, stderr, exits, output } = setUp();
        stdout.fail = { error: errno('ENOSPC', 'ENOSPC: no space left on device, write'), how };
        output.out('line\n');
        output.out('more\n');
        assert.deepEqual(exits, [1]);
        assert.equal(stderr.written, 'kafka-offset-trace: cannot write the output: no space left on device (ENOSPC)\n');
      });
    }

    it('an error event after the writes (an asynchronous pipe) is handled the same', () => {
      const { stdout, stderr, exits, output } = setUp();
      output.out('line\n');
      stdout.emit('error', errno('EIO'));
      assert.deepEqual(exits, [1]);
      assert.equal(stderr.written, 'kafka-offset-trace: cannot write the output: input/output error (EIO)\n');
    });

    it('a write error on stderr does not crash, and stdout goes on', () => {
      for (const how of ['throw', 'emit'] as const) {
        const { stdout, stderr, exits, output } = setUp();
        stderr.fail = { error: errno('EPIPE'), how };
        output.err('warning\n');
        output.err('again\n');
        output.out('table\n');
        assert.deepEqual(exits, []);
        assert.equal(stdout.written, 'table\n');
      }
    });

    it('ENOSPC on stdout with stderr broken too: exit 1 all the same', () => {
      const { stdout, stderr, exits, output } = setUp();
      stdout.fail = { error: errno('ENOSPC'), how: 'throw' };
      stderr.fail = { error: errno('EBADF'), how: 'throw' };
      output.out('line\n');
      assert.deepEqual(exits, [1]);
    });

    it('names the error of a write failure without a code by its message', () => {
      assert.equal(writeFailureLine(new Error('boom')), 'kafka-offset-trace: cannot write the output: boom\n');
      assert.equal(
        writeFailureLine(errno('EXYZ', 'weird')),
        'kafka-offset-trace: cannot write the output: weird (EXYZ)\n',
      );
    });
  });

  describe('the built CLI (dist/cli.js)', function () {
    this.timeout(20_000);
    before(function () {
      if (!existsSync(cliPath)) this.skip();
    });

    for (const args of [['scenarios'], ['demo'], ['demo', '--json'], ['help']]) {
      it(`${args.join(' ')} into a pipe closed at once: no stack trace, exit 0`, async () => {
        const run = await runWithReader(args, 'at once');
        assert.equal(run.stderr, '');
        assert.equal(run.signal, null);
        assert.equal(run.code, 0);
      });
    }

    for (const args of [['scenarios'], ['demo']]) {
      it(`${args.join(' ')} into a reader that closes after the first line: no stack trace, exit 0`, async () => {
        const run = await runWithReader(args, 'after the first line');
        assert.notEqual(run.firstLine, '');
        assert.equal(run.stderr, '');
        assert.equal(run.code, 0);
      });
    }

    for (const args of [['demo'], ['demo', '--json'], ['scenarios']]) {
      it(`${args.join(' ')} > /dev/full: the one-line message and exit 1`, async function () {
        if (!existsSync('/dev/full')) this.skip();
        const run = await runIntoFullDisk(args);
        assert.equal(run.stderr, 'kafka-offset-trace: cannot write the output: no space left on device (ENOSPC)\n');
        assert.equal(run.code, 1);
      });
    }

    it('escapes control characters the CLI echoes back (an unknown scenario name)', async () => {
      const run = await runBuiltCli(['demo', '--scenario', '\x1b]0;pwned\x07\u202e']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^kafka-offset-trace: unknown scenario "\\x1b\]0;pwned\\x07\\u202e"; /);
      assert.doesNotMatch(run.stderr, /[\x1b\x07\u202e]/u);
    });

    it('leaves ordinary output byte for byte as runCli writes it', async () => {
      const run = await runBuiltCli(['demo']);
      assert.equal(run.code, 0);
      assert.equal(visibleText(run.stdout), run.stdout);
      assert.match(run.stdout, /^Scenario: commit-after-process/);
    });
  });
});
