// The seed demo must reproduce the execution table of docs/design.md#seed-table exactly, row for row, and every
// built-in scenario must show the key moments docs/design.md#built-in-scenarios names for it.

import * as assert from 'node:assert/strict';
import { builtInScenarios, findScenario } from '../../src/scenarios/builtInScenarios';
import { cellText, mainColumns, statusTracker } from '../../src/trace/executionTable';
import { findKeyMoments, type KeyMomentKind } from '../../src/trace/keyMoments';
import { runScenario } from '../../src/trace/trace';

/** docs/design.md#seed-table: the seed's table, reproduced exactly. */
const seedTable = `
| 1 | Start consuming | 0 | No | No | 0 |
| 2 | Read message | 0 | Message at offset 0 | No | 0 |
| 3 | Process message | 0 | Message at offset 0 | No | 0 |
| 4 | Commit offset | 0 | Message at offset 0 | 1 | 1 |
| 5 | Read message | 1 | Message at offset 1 | 1 | 1 |
| 6 | Process message | 1 | Message at offset 1 | 1 | 1 |
| 7 | Commit offset | 1 | Message at offset 1 | 2 | 2 |
| 8 | Read message | 2 | Message at offset 2 | 2 | 2 |
| 9 | Process message | 2 | Message at offset 2 | 2 | 2 |
| 10 | Commit offset | 2 | Message at offset 2 | 3 | 3 |
| 11 | Stop consuming | 3 | No | 3 | 3 |`
  .trim()
  .split('\n')
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

function scenario(name: string) {
  const found = findScenario(name);
  assert.ok(found, `built-in scenario ${name}`);
  return found;
}

describe('the seed demo (commit-after-process)', () => {
  const trace = runScenario(scenario('commit-after-process'));

  it('has the six columns with the exact headers, in order', () => {
    assert.deepEqual(
      mainColumns.map((c) => c.header),
      ['Step', 'Action', 'Offset Read', 'Message Processed', 'Offset Committed', 'Next Offset to Read'],
    );
  });

  it('reproduces the 11 rows of docs/design.md#seed-table exactly', () => {
    const rows = trace.steps.map((step) => mainColumns.map((c) => cellText(step, c.id)));
    assert.deepEqual(rows, seedTable);
  });

  it('gives the JSON fields of the CLI contract for step 1 and step 4', () => {
    assert.deepEqual(trace.steps[0], {
      step: 1,
      action: 'Start consuming',
      offsetRead: 0,
      messageProcessed: null,
      offsetCommitted: null,
      nextOffsetToRead: 0,
      consumer: 'c1',
      topic: 'orders',
      partition: 0,
      // subscribe() looks nothing up: the position is unknown until the first poll
      // (docs/design.md#position-lookup), so Offset Read falls back to Next Offset to Read.
      position: null,
      logEndOffset: 3,
      lag: null,
    });
    assert.equal(trace.steps[1].position, 1, 'the first poll looked the position up (0) and read record 0');
    assert.equal(trace.steps[3].offsetCommitted, 1);
    assert.equal(trace.steps[3].lag, 2, 'lag = log-end offset 3 - committed offset 1');
  });

  it('has a status tracker at start, after each commit and at the end that agrees with the table', () => {
    const tracker = statusTracker(trace);
    assert.deepEqual(
      tracker.map((entry) => [entry.label, entry.step]),
      [
        ['At start', 1],
        ['After commit (step 4)', 4],
        ['After commit (step 7)', 7],
        ['After commit (step 10)', 10],
        ['At end', 11],
      ],
    );
    for (const entry of tracker) {
      const row = seedTable[entry.step - 1];
      assert.deepEqual(
        [entry.offsetRead, entry.messageProcessed, entry.offsetCommitted, entry.nextOffsetToRead],
        row.slice(2),
      );
    }
  });

  it('finds nothing lost and nothing duplicated', () => {
    const kinds = findKeyMoments(trace).map((m) => m.kind);
    assert.ok(!kinds.includes('lost'));
    assert.ok(!kinds.includes('duplicate'));
  });
});

describe('built-in scenarios', () => {
  const required: Record<string, { must: KeyMomentKind[]; mustNot: KeyMomentKind[] }> = {
    'commit-after-process': { must: [], mustNot: ['lost', 'duplicate'] },
    'commit-before-process': { must: ['lost', 'resumed'], mustNot: ['duplicate'] },
    'no-commit-restart': { must: ['duplicate', 'resumed'], mustNot: ['lost'] },
    'auto-commit-crash': { must: ['duplicate'], mustNot: ['lost'] },
    'batch-commit-unprocessed': { must: ['lost'], mustNot: ['duplicate'] },
    'reset-earliest': { must: ['reset'], mustNot: ['lost', 'duplicate'] },
    'reset-latest': { must: ['reset'], mustNot: ['lost', 'duplicate'] },
    rebalance: { must: ['rebalance', 'resumed'], mustNot: ['lost', 'duplicate'] },
    'retention-reset': { must: ['reset'], mustNot: ['duplicate'] },
    'transaction-marker-lag': { must: ['transaction-marker'], mustNot: ['lost', 'duplicate'] },
  };
  const designed = Object.keys(required);
  // The built-ins added with the Java client's group rules (docs/design.md#rebalance-protocols,
  // #liveness, #asynchronous-commit, #read-committed), and what each is there to show.
  Object.assign(required, {
    'eager-rebalance': { must: ['rebalance', 'reset', 'duplicate'], mustNot: ['lost'] },
    'cooperative-rebalance': { must: ['rebalance', 'duplicate'], mustNot: ['lost', 'commit-failed'] },
    'consumer-protocol-rebalance': { must: ['rebalance', 'resumed', 'duplicate'], mustNot: ['lost'] },
    'session-timeout': { must: ['fenced', 'rebalance', 'resumed', 'duplicate'], mustNot: ['lost'] },
    'max-poll-interval': { must: ['fenced', 'commit-failed', 'duplicate'], mustNot: ['lost'] },
    'open-transaction': { must: ['stall'], mustNot: ['lost', 'duplicate'] },
    'aborted-transaction': { must: ['aborted-skipped'], mustNot: ['lost', 'duplicate'] },
    'commit-async-failed': { must: ['commit-failed', 'fenced', 'duplicate'], mustNot: ['lost'] },
    'auto-commit-rebalance': { must: ['rebalance', 'resumed'], mustNot: ['lost', 'duplicate'] },
    'reset-none': { must: [], mustNot: ['lost', 'duplicate', 'reset'] },
  } satisfies typeof required);

  it('includes every scenario docs/design.md#built-in-scenarios names, with a title and a summary', () => {
    const names = builtInScenarios().map((s) => s.name);
    for (const name of designed) assert.ok(names.includes(name), name);
    assert.deepEqual([...names].sort(), Object.keys(required).sort());
    for (const s of builtInScenarios()) {
      assert.ok(s.title.length > 0 && s.summary.length > 0 && !s.summary.includes('\n'), s.name);
    }
  });

  for (const [name, { must, mustNot }] of Object.entries(required)) {
    it(`${name}: finds ${must.join(', ') || 'no loss or duplicate'}`, () => {
      const kinds = new Set(findKeyMoments(runScenario(scenario(name))).map((m) => m.kind));
      for (const kind of must)
        assert.ok(kinds.has(kind), `${name} should show ${kind}; found ${[...kinds].join(', ')}`);
      for (const kind of mustNot) assert.ok(!kinds.has(kind), `${name} should not show ${kind}`);
    });
  }

  it('commit-before-process loses exactly offset 0, at the commit step', () => {
    const lost = findKeyMoments(runScenario(scenario('commit-before-process'))).filter((m) => m.kind === 'lost');
    assert.deepEqual(
      lost.map((m) => [m.offset, m.step]),
      [[0, 3]],
    );
  });

  it('batch-commit-unprocessed loses the two polled but unprocessed records, 1 and 2', () => {
    const lost = findKeyMoments(runScenario(scenario('batch-commit-unprocessed'))).filter((m) => m.kind === 'lost');
    assert.deepEqual(
      lost.map((m) => m.offset),
      [1, 2],
    );
  });

  it('auto-commit-crash processes 2, 3 and 4 twice: everything after the last auto-commit', () => {
    const duplicates = findKeyMoments(runScenario(scenario('auto-commit-crash'))).filter((m) => m.kind === 'duplicate');
    assert.deepEqual(
      duplicates.map((m) => m.offset),
      [2, 3, 4],
    );
  });

  it('reset-latest starts at the log end in its first poll, skipping a record produced after subscribe too', () => {
    const trace = runScenario(scenario('reset-latest'));
    assert.equal(trace.steps[0].offsetRead, 3);
    // commitSync() before the first poll has no position to commit.
    assert.equal(trace.steps[2].offsetCommitted, null);
    assert.equal(trace.effects[2].commits.length, 0);
    const reset = findKeyMoments(trace).find((m) => m.kind === 'reset');
    assert.equal(reset?.offset, 4);
    assert.equal(reset?.step, 4);
    assert.match(reset?.text ?? '', /4 records already in the log \(offsets 0–3\) are skipped/);
  });

  it('reset-none shows NoOffsetForPartitionException as steps, then goes on after a seek', () => {
    const trace = runScenario(scenario('reset-none'));
    assert.deepEqual(
      trace.steps.map((s) => s.exception ?? null),
      [
        null,
        'NoOffsetForPartitionException',
        'NoOffsetForPartitionException',
        null,
        null,
        null,
        null,
        null,
        null,
        'OffsetOutOfRangeException',
        null,
      ],
    );
    assert.equal(trace.steps[7].offsetCommitted, 3);
  });

  it('transaction-marker-lag ends caught up with lag 1, explained by the commit marker', () => {
    const trace = runScenario(scenario('transaction-marker-lag'));
    const last = trace.steps[trace.steps.length - 1];
    assert.equal(last.lag, 1);
    assert.equal(last.position, last.logEndOffset, 'the consumer is caught up');
    const marker = findKeyMoments(trace).find((m) => m.kind === 'transaction-marker');
    assert.equal(marker?.offset, 3);
    assert.match(marker?.text ?? '', /marker/);
  });
});

describe('lost records', () => {
  const base = {
    title: 't',
    summary: 's',
    group: 'g',
    topics: [{ name: 'orders', partitions: [{ partition: 0, records: 3 }] }],
    consumers: [
      { id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' as const } },
    ],
  };

  it('are records: committing past the log end loses only the records produced before the restart', () => {
    const lost = findKeyMoments(
      runScenario({
        ...base,
        name: 'commit-far-ahead',
        actions: [
          { type: 'start', consumer: 'c1' },
          { type: 'poll', consumer: 'c1' },
          { type: 'process', consumer: 'c1' },
          { type: 'commitOffsets', consumer: 'c1', offsets: [{ topic: 'orders', partition: 0, offset: 10 }] },
          { type: 'produce', topic: 'orders', partition: 0, count: 2 },
          { type: 'close', consumer: 'c1' },
        ],
      }),
    ).filter((m) => m.kind === 'lost');
    // offsets 1..4 exist by the end and were committed past unprocessed; 5..9 never held a record
    assert.deepEqual(
      lost.map((m) => m.offset),
      [1, 2, 3, 4],
    );
  });
});
