// The CLI's `run FILE [--json] [--out TRACE]` and `scenarios --export DIR` (docs/design.md#cli-run):
// a scenario file runs as `demo` prints, an invalid one gives FILE:LINE:COLUMN lines and exit 2, a
// trace file replays to the same output, and the exported built-ins run to the built-in tables.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cliCommands';
import { builtInScenarios } from '../../src/scenarios/builtInScenarios';
import { mainColumns, toTextTable } from '../../src/trace/executionTable';

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, 'test');
  return { code, out, err };
}

const twoPartitions = `name: two-partitions
title: Two partitions
summary: One explicit commit of both partitions.
group: g
topics:
  orders: { partitions: 2, records: 2 }
consumers:
  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.records: 1 }
actions:
  - c1 start
  - repeat 4:
      - c1 poll
      - c1 process
  - wait 2s
  - produce orders-1 3
  - c1 commitSync orders-0=2 orders-1=2 "Commit both partitions"
  - c1 close
`;

describe('CLI run and scenarios --export', () => {
  let folder: string;
  before(() => (folder = mkdtempSync(path.join(tmpdir(), 'offset-run-cli-'))));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('runs a scenario file: the table, or one JSON object with every partition a step committed', async () => {
    const file = path.join(folder, 'two.offsets.yaml');
    writeFileSync(file, twoPartitions);
    const text = await cli(['run', file]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^Scenario: two-partitions \(Two partitions\)/);
    assert.match(
      text.out,
      /Commit both partitions +\d+ +No +orders-0=2, orders-1=2/,
      'the table shows every partition committed',
    );
    const json = await cli(['run', file, '--json']);
    const parsed = JSON.parse(json.out) as { scenario: string; steps: Record<string, unknown>[] };
    assert.equal(parsed.scenario, 'two-partitions');
    const commit = parsed.steps.find((s) => s.action === 'Commit both partitions');
    assert.deepEqual(commit?.commits, [
      { topic: 'orders', partition: 0, offset: 2 },
      { topic: 'orders', partition: 1, offset: 2 },
    ]);
    assert.equal(commit?.line, 16);
    assert.equal(commit?.column, 5);
    const wait = parsed.steps.find((s) => s.action === 'Wait 2000 ms');
    assert.equal(wait?.consumer, null);
    assert.equal(wait?.partition, null);
    const produce = parsed.steps.find((s) => String(s.action).startsWith('Produce'));
    assert.equal(produce?.consumer, null);
    assert.equal(produce?.partition, 1);
  });

  it('an invalid scenario: one FILE:LINE:COLUMN: message line per mistake on stderr, exit 2, nothing on stdout', async () => {
    const file = path.join(folder, 'bad.offsets.yaml');
    writeFileSync(file, twoPartitions.replace('c1 process', 'c1 procss').replace('orders-1 3', 'orders-5 3'));
    const result = await cli(['run', file]);
    assert.equal(result.code, 2);
    assert.equal(result.out, '');
    const lines = result.err.trimEnd().split('\n');
    assert.ok(lines.length >= 2, result.err);
    for (const line of lines)
      assert.match(line, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S`));
    assert.match(result.err, /:13:\d+: unknown verb "procss"/);
    assert.match(result.err, /:15:\d+: partition 5 is out of range: orders has 2 partitions/);
    assert.doesNotMatch(result.err, /at .*\.ts:\d+/, 'no stack trace');
  });

  it('a missing file, no file, two files: one line each, exit 2', async () => {
    const missing = await cli(['run', path.join(folder, 'nope.offsets.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.offsets\.yaml: cannot open it \(no such file\)/);
    assert.equal((await cli(['run'])).code, 2);
    assert.match((await cli(['run', 'a', 'b'])).err, /run takes one FILE/);
  });

  it('--out writes a trace file that replays to the same output, and names its scenario file', async () => {
    const file = path.join(folder, 'two.offsets.yaml');
    writeFileSync(file, twoPartitions);
    const traceFile = path.join(folder, 'two.offsets-trace.jsonl');
    const original = await cli(['run', file, '--json', '--out', traceFile]);
    assert.equal(original.code, 0, original.err);
    const header = JSON.parse(readFileSync(traceFile, 'utf8').split('\n')[0]) as {
      origin: { kind: string; file: string };
    };
    assert.deepEqual(header.origin, { kind: 'scenario', name: 'two-partitions', file: 'two.offsets.yaml' });
    const replayed = await cli(['run', traceFile, '--json']);
    assert.equal(replayed.code, 0, replayed.err);
    assert.equal(replayed.out, original.out);
    assert.equal((await cli(['run', traceFile])).out, (await cli(['run', file])).out);
    const unwritable = await cli(['run', file, '--out', path.join(folder, 'no-such-dir', 'x.jsonl')]);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.err, /cannot write .*x\.jsonl \(ENOENT\)/);
  });

  it('scenarios --export writes every built-in, and each exported file runs to its demo table', async () => {
    const target = path.join(folder, 'exported');
    const result = await cli(['scenarios', '--export', target]);
    assert.equal(result.code, 0, result.err);
    const names = builtInScenarios().map((s) => `${s.name}.offsets.yaml`);
    assert.deepEqual(readdirSync(target).sort(), [...names].sort());
    assert.deepEqual(
      result.out.trimEnd().split('\n'),
      names.map((name) => path.join(target, name)),
    );
    for (const scenario of builtInScenarios()) {
      const demo = JSON.parse((await cli(['demo', '--scenario', scenario.name, '--json'])).out) as {
        steps: Record<string, unknown>[];
      };
      const run = JSON.parse(
        (await cli(['run', path.join(target, `${scenario.name}.offsets.yaml`), '--json'])).out,
      ) as {
        steps: Record<string, unknown>[];
      };
      const strip = (steps: Record<string, unknown>[]) => steps.map(({ line: _l, column: _c, ...rest }) => rest);
      assert.deepEqual(strip(run.steps), strip(demo.steps), scenario.name);
    }
  });

  it('key moments stay aligned once step numbers reach two digits', async () => {
    const result = await cli(['demo', '--scenario', 'no-commit-restart']);
    const momentLines = result.out.split('\n').filter((line) => /^ {2}step +\d+ {2}/.test(line));
    assert.ok(momentLines.length >= 2, result.out);
    const textColumn = (line: string): number => /^ {2}step +\d+ {2}\S+ +/.exec(line)?.[0].length ?? -1;
    const columns = new Set(momentLines.map(textColumn));
    assert.equal(columns.size, 1, `the texts start in one column:\n${momentLines.join('\n')}`);
    const steps = momentLines.map((line) => Number(/step +(\d+)/.exec(line)?.[1]));
    assert.ok(steps.some((s) => s < 10) && steps.some((s) => s >= 10), `one- and two-digit steps: ${steps}`);
  });

  it('prints a table of 200,000 rows (no argument-count limit in the column widths)', () => {
    const steps = Array.from({ length: 200_000 }, (_, i) => ({
      step: i + 1,
      action: 'Poll\u001b[31m\nred',
      offsetRead: i,
      messageProcessed: null,
      offsetCommitted: null,
      nextOffsetToRead: 0,
      consumer: 'c1',
      topic: 'orders',
      partition: 0,
      position: i,
      logEndOffset: 200_000,
      lag: null,
    }));
    const text = toTextTable(steps, mainColumns);
    assert.equal(
      text.split('\n').length,
      200_002,
      'a header, a rule, a line per row: control characters never break a line',
    );
    assert.doesNotMatch(text, /\u001b/);
  });
});
