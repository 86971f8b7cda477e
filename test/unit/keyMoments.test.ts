// The key-moment analysis, exactly: what every built-in scenario shows, and small scenarios for each
// kind (a record processed three times, seeks backwards, rewinds, retention, aborted records, stalls).

import * as assert from 'node:assert/strict';
import type { Action, ConsumerConfig, Scenario } from '../../src/simulator/model';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { findKeyMoments, type KeyMoment, type KeyMomentKind } from '../../src/trace/keyMoments';
import { runScenario } from '../../src/trace/trace';

/** A moment without its text: kind, step, offset, `topic-partition`, consumer and, for a duplicate, its steps. */
type Brief = [KeyMomentKind, number, number | null, string | null, string | null, ...(readonly number[])[]];

function brief(moment: KeyMoment): Brief {
  const tp = moment.topic === undefined ? null : `${moment.topic}-${String(moment.partition)}`;
  const head: Brief = [moment.kind, moment.step, moment.offset, tp, moment.consumer ?? null];
  return moment.steps ? [...head, moment.steps] : head;
}

function momentsOf(scenario: Scenario): KeyMoment[] {
  return findKeyMoments(runScenario(scenario));
}

function builtIn(name: string): Scenario {
  const found = findScenario(name);
  assert.ok(found, `built-in scenario ${name}`);
  return found;
}

const c1 = (type: 'start' | 'poll' | 'process' | 'commitSync' | 'commitProcessed' | 'close' | 'restart'): Action => ({
  type,
  consumer: 'c1',
});
const seek = (offset: number): Action => ({ type: 'seek', consumer: 'c1', topic: 'orders', partition: 0, offset });
const readProcess: Action[] = [c1('poll'), c1('process')];

/** One partition `orders-0` holding `records` records, one consumer c1 (auto-commit off, earliest, one record a poll). */
function scenario(records: number, config: Partial<ConsumerConfig>, actions: Action[]): Scenario {
  return {
    name: 'hand-made',
    title: 'Hand-made',
    summary: 'A scenario written for one test.',
    group: 'g',
    topics: [{ name: 'orders', partitions: [{ partition: 0, records }] }],
    consumers: [
      { id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest', ...config } },
    ],
    actions,
  };
}

/** The first poll looks the position up (docs/design.md#position-lookup): with no commit, earliest gives 0. */
const resetAtFirstPoll: Brief = ['reset', 2, 0, 'orders-0', 'c1'];

describe('key moments', () => {
  describe('of the built-in scenarios, exactly', () => {
    // Regenerated after the simulator began following the Java client (positions looked up in the first
    // poll, rebalances inside poll, crashed members kept until their session times out); each list was
    // checked against the scenario's table by hand.
    const expected: Record<string, Brief[]> = {
      'commit-after-process': [resetAtFirstPoll],
      'commit-before-process': [
        resetAtFirstPoll,
        ['lost', 3, 0, 'orders-0', 'c1'],
        // step 5 (wait 7s): session.timeout.ms 6000 passed, the broker drops the crashed member.
        ['fenced', 5, null, null, 'c1'],
        // step 6 restarts (subscribes only); step 7, its first poll, looks up the committed offset.
        ['resumed', 7, 1, 'orders-0', 'c1'],
      ],
      'no-commit-restart': [
        resetAtFirstPoll,
        ['resumed', 11, 1, 'orders-0', 'c1'],
        ['duplicate', 12, 1, 'orders-0', 'c1', [6, 12]],
        ['duplicate', 15, 2, 'orders-0', 'c1', [8, 15]],
      ],
      'auto-commit-crash': [
        resetAtFirstPoll,
        ['fenced', 13, null, null, 'c1'],
        ['resumed', 15, 2, 'orders-0', 'c1'],
        ['duplicate', 16, 2, 'orders-0', 'c1', [7, 16]],
        ['duplicate', 17, 3, 'orders-0', 'c1', [8, 17]],
        ['duplicate', 19, 4, 'orders-0', 'c1', [11, 19]],
      ],
      'batch-commit-unprocessed': [
        resetAtFirstPoll,
        ['lost', 4, 1, 'orders-0', 'c1'],
        ['lost', 4, 2, 'orders-0', 'c1'],
        ['fenced', 6, null, null, 'c1'],
        ['resumed', 8, 3, 'orders-0', 'c1'],
      ],
      'reset-earliest': [['reset', 2, 2, 'orders-0', 'c1']],
      // The position is looked up in the first poll (step 4): the log end, 4, past the record produced after subscribe.
      'reset-latest': [['reset', 4, 4, 'orders-0', 'c1']],
      rebalance: [
        resetAtFirstPoll,
        ['reset', 2, 0, 'orders-1', 'c1'],
        // step 12: c1 rejoins in its poll (EAGER: revokes both), gets orders-0 back at its committed offset.
        ['rebalance', 12, null, 'orders-0', 'c1'],
        ['resumed', 12, 3, 'orders-0', 'c1'],
        // step 13: c2's next poll takes orders-1 from c1 at the committed offset.
        ['rebalance', 13, null, 'orders-1', 'c2'],
        ['resumed', 13, 3, 'orders-1', 'c2'],
        // step 25: c1 left (step 24); c2 rejoins, revoking orders-1, and is given both at 5.
        ['rebalance', 25, null, 'orders-1', 'c2'],
        ['resumed', 25, 5, 'orders-0', 'c2'],
        ['resumed', 25, 5, 'orders-1', 'c2'],
      ],
      'retention-reset': [
        resetAtFirstPoll,
        ['retention-loss', 6, 1, 'orders-0', null],
        ['reset', 8, 4, 'orders-0', 'c1'],
      ],
      'transaction-marker-lag': [
        ['reset', 5, 0, 'orders-0', 'c1'],
        ['transaction-marker', 10, 3, 'orders-0', null],
      ],
      'eager-rebalance': [
        resetAtFirstPoll,
        ['reset', 2, 0, 'orders-1', 'c1'],
        ['rebalance', 11, null, 'orders-0', 'c1'],
        // orders-0 stayed with c1, yet EAGER forgot its position: nothing committed, so earliest again.
        ['reset', 11, 0, 'orders-0', 'c1'],
        ['duplicate', 12, 0, 'orders-0', 'c1', [3, 12]],
        ['duplicate', 13, 1, 'orders-0', 'c1', [4, 13]],
        ['duplicate', 14, 2, 'orders-0', 'c1', [5, 14]],
        ['rebalance', 16, null, 'orders-1', 'c2'],
        ['reset', 16, 0, 'orders-1', 'c2'],
        ['duplicate', 17, 0, 'orders-1', 'c2', [6, 17]],
        ['duplicate', 18, 1, 'orders-1', 'c2', [7, 18]],
        ['duplicate', 19, 2, 'orders-1', 'c2', [8, 19]],
      ],
      'cooperative-rebalance': [
        resetAtFirstPoll,
        ['reset', 2, 0, 'orders-1', 'c1'],
        // c1 revokes only orders-1 and keeps orders-0's position: no reset, no duplicate there.
        ['rebalance', 11, null, 'orders-1', 'c1'],
        ['rebalance', 14, null, 'orders-1', 'c2'],
        ['reset', 14, 0, 'orders-1', 'c2'],
        ['duplicate', 15, 0, 'orders-1', 'c2', [6, 15]],
        ['duplicate', 16, 1, 'orders-1', 'c2', [7, 16]],
        ['duplicate', 17, 2, 'orders-1', 'c2', [8, 17]],
      ],
      'consumer-protocol-rebalance': [
        resetAtFirstPoll,
        ['reset', 2, 0, 'orders-1', 'c1'],
        ['rebalance', 12, null, 'orders-1', 'c1'],
        ['rebalance', 13, null, 'orders-1', 'c2'],
        ['resumed', 13, 1, 'orders-1', 'c2'],
        ['duplicate', 14, 1, 'orders-1', 'c2', [7, 14]],
        ['duplicate', 15, 2, 'orders-1', 'c2', [8, 15]],
      ],
      'session-timeout': [
        ['reset', 3, 0, 'orders-0', 'c1'],
        ['reset', 3, 0, 'orders-1', 'c1'],
        ['rebalance', 5, null, 'orders-0', 'c1'],
        ['reset', 5, 0, 'orders-0', 'c1'],
        ['rebalance', 6, null, 'orders-1', 'c2'],
        ['reset', 6, 0, 'orders-1', 'c2'],
        // c1 crashed at step 15; the broker drops it only when its session times out, during step 17.
        ['fenced', 17, null, null, 'c1'],
        ['rebalance', 18, null, 'orders-1', 'c2'],
        ['resumed', 18, 1, 'orders-0', 'c2'],
        ['resumed', 18, 3, 'orders-1', 'c2'],
        ['duplicate', 19, 1, 'orders-0', 'c2', [8, 19]],
        ['duplicate', 20, 2, 'orders-0', 'c2', [9, 20]],
      ],
      'max-poll-interval': [
        resetAtFirstPoll,
        ['fenced', 6, null, null, 'c1'],
        ['commit-failed', 7, null, null, 'c1'],
        ['rebalance', 8, null, 'orders-0', 'c1'],
        ['reset', 8, 0, 'orders-0', 'c1'],
        ['duplicate', 9, 0, 'orders-0', 'c1', [3, 9]],
        ['duplicate', 10, 1, 'orders-0', 'c1', [4, 10]],
        ['duplicate', 11, 2, 'orders-0', 'c1', [5, 11]],
      ],
      'open-transaction': [resetAtFirstPoll, ['stall', 9, 2, 'orders-0', 'c1']],
      'aborted-transaction': [
        ['aborted-skipped', 6, 0, 'orders-0', 'c1'],
        ['reset', 6, 0, 'orders-0', 'c1'],
      ],
      'commit-async-failed': [
        resetAtFirstPoll,
        ['fenced', 11, null, null, 'c1'],
        ['rebalance', 13, null, 'orders-0', 'c1'],
        ['commit-failed', 13, null, null, 'c1'],
        ['resumed', 13, 3, 'orders-0', 'c1'],
        ['duplicate', 14, 3, 'orders-0', 'c1', [9, 14]],
        ['duplicate', 15, 4, 'orders-0', 'c1', [10, 15]],
      ],
    };
    for (const [name, moments] of Object.entries(expected)) {
      it(name, () => {
        assert.deepEqual(momentsOf(builtIn(name)).map(brief), moments);
      });
    }

    it('word the findings: the duplicate names both steps, retention names what is gone, the marker explains lag 1', () => {
      const texts = (name: string, kind: KeyMomentKind): string[] =>
        momentsOf(builtIn(name))
          .filter((m) => m.kind === kind)
          .map((m) => m.text);
      assert.deepEqual(texts('no-commit-restart', 'duplicate'), [
        'Offset 1 processed again at step 12 (first at step 6): a duplicate.',
        'Offset 2 processed again at step 15 (first at step 8): a duplicate.',
      ]);
      assert.deepEqual(texts('retention-reset', 'retention-loss'), [
        'Retention deleted offsets 1–3 of orders-0 before the group read them: the committed offset 1 is below the new log start 4, so those 3 records are gone unread.',
      ]);
      assert.deepEqual(texts('retention-reset', 'reset'), [
        'No committed offset for orders-0: auto.offset.reset=earliest started c1 at the log start, offset 0.',
        'Offset 1 is below the log start 4 (deleted by retention): auto.offset.reset=earliest started c1 at the log start, offset 4. Offsets 1–3 will never be read.',
      ]);
      assert.deepEqual(texts('transaction-marker-lag', 'transaction-marker'), [
        'Lag 1 on orders-0 is the transaction commit marker at offset 3: markers take offsets but are never delivered, so no record is waiting.',
      ]);
      // One moment per member and step: what it revoked, and where each partition it was given resumes.
      assert.deepEqual(texts('rebalance', 'rebalance'), [
        'Rebalance (classic protocol, EAGER: every partition is revoked; generation 2): c1 revoked orders-0, orders-1; c1 was given orders-0 at 3.',
        'Rebalance (classic protocol, EAGER: every partition is revoked; generation 2): c2 was given orders-1 (from c1) at 3.',
        'Rebalance (classic protocol, EAGER: every partition is revoked; generation 3): c2 revoked orders-1; c2 was given orders-0 (from c1) at 5, orders-1 at 5.',
      ]);
      assert.deepEqual(texts('cooperative-rebalance', 'rebalance'), [
        'Rebalance (classic protocol, COOPERATIVE: only what moves is revoked; generation 2): c1 revoked orders-1.',
        'Rebalance (classic protocol, COOPERATIVE: only what moves is revoked; generation 3): c2 was given orders-1 (from c1) at 0.',
      ]);
      assert.deepEqual(texts('consumer-protocol-rebalance', 'rebalance'), [
        'Rebalance (consumer protocol (KIP-848): only what moves is revoked; generation 2): c1 revoked orders-1.',
        'Rebalance (consumer protocol (KIP-848): only what moves is revoked; generation 2): c2 was given orders-1 (from c1) at 1.',
      ]);
      assert.deepEqual(texts('max-poll-interval', 'rebalance'), [
        'Rebalance (classic protocol, EAGER: every partition is revoked; generation 2): c1 lost orders-0; c1 was given orders-0 at 0.',
      ]);
      // The moment explains, then quotes the exception's message as the step reported it.
      const messageOf = (name: string): string =>
        runScenario(builtIn(name))
          .effects.flatMap((e) => e.errors)
          .find((e) => e.exception === 'CommitFailedException')?.message ?? assert.fail(`${name}: a failed commit`);
      assert.deepEqual(texts('max-poll-interval', 'commit-failed'), [
        `c1's commit failed with CommitFailedException: nothing was committed, so a new owner resumes at the offset committed before. ${messageOf('max-poll-interval')}`,
      ]);
      assert.deepEqual(texts('commit-async-failed', 'commit-failed'), [
        `c1's commitAsync (its callback ran in this step) failed with CommitFailedException: nothing was committed and the client does not retry it, so a new owner resumes at the offset committed before. ${messageOf('commit-async-failed')}`,
      ]);
      assert.deepEqual(texts('session-timeout', 'fenced'), [
        "The broker fenced c1's crashed member: no heartbeat within the session timeout, so its partitions go back to the group (the member held them until then).",
      ]);
      assert.deepEqual(texts('max-poll-interval', 'fenced'), [
        'c1 did not poll within max.poll.interval.ms and left the group: its partitions are given up uncommitted, and a commit it makes now fails.',
      ]);
    });

    it('give the fields of the CLI contract in its order; topic, partition and consumer only where they apply', () => {
      const duplicate = momentsOf(builtIn('no-commit-restart')).find((m) => m.kind === 'duplicate');
      assert.deepEqual(Object.keys(duplicate ?? {}), [
        'kind',
        'step',
        'offset',
        'topic',
        'partition',
        'consumer',
        'steps',
        'text',
      ]);
      const retention = momentsOf(builtIn('retention-reset')).find((m) => m.kind === 'retention-loss');
      assert.deepEqual(Object.keys(retention ?? {}), ['kind', 'step', 'offset', 'topic', 'partition', 'text']);
      const lost = momentsOf(builtIn('commit-before-process')).find((m) => m.kind === 'lost');
      assert.deepEqual(Object.keys(lost ?? {}), ['kind', 'step', 'offset', 'topic', 'partition', 'consumer', 'text']);
    });
  });

  describe('duplicates', () => {
    it('a record processed three times gives a moment at each repeat, with every step so far', () => {
      const moments = momentsOf(
        scenario(3, {}, [
          c1('start'),
          ...readProcess,
          seek(0),
          ...readProcess,
          seek(0),
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        resetAtFirstPoll,
        ['duplicate', 6, 0, 'orders-0', 'c1', [3, 6]],
        ['duplicate', 9, 0, 'orders-0', 'c1', [3, 6, 9]],
      ]);
      assert.deepEqual(
        moments.filter((m) => m.kind === 'duplicate').map((m) => m.text),
        [
          'Offset 0 processed again at step 6 (first at step 3): a duplicate.',
          'Offset 0 processed a 3rd time at step 9 (before at steps 3 and 6): a duplicate.',
        ],
      );
    });

    it('a seek backwards below where the restarted consumer began: the records read again are duplicates', () => {
      const moments = momentsOf(
        scenario(3, {}, [
          c1('start'),
          ...readProcess,
          ...readProcess,
          ...readProcess,
          c1('commitSync'),
          c1('close'),
          c1('restart'), // step 10: subscribes only
          c1('poll'), // step 11: the first poll resumes at the committed offset 3 (nothing to read)
          seek(1), // allowed now that the partition is assigned
          ...readProcess,
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        resetAtFirstPoll,
        ['resumed', 11, 3, 'orders-0', 'c1'],
        ['duplicate', 14, 1, 'orders-0', 'c1', [5, 14]],
        ['duplicate', 16, 2, 'orders-0', 'c1', [7, 16]],
      ]);
    });
  });

  describe('lost records', () => {
    it('a seek backwards below where consumption began counts: polled there, committed past, unprocessed is lost', () => {
      // The first poll (step 2) starts at the log end, 3 (latest); the seek goes back to 0; poll 0–2,
      // process 0, commitSync() commits 3.
      const moments = momentsOf(
        scenario(3, { maxPollRecords: 3, autoOffsetReset: 'latest' }, [
          c1('start'),
          c1('poll'),
          seek(0),
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        ['reset', 2, 3, 'orders-0', 'c1'],
        ['lost', 6, 1, 'orders-0', 'c1'],
        ['lost', 6, 2, 'orders-0', 'c1'],
      ]);
    });

    it('records skipped by latest and never sought are not lost', () => {
      const moments = momentsOf(
        scenario(3, { autoOffsetReset: 'latest' }, [
          c1('start'),
          c1('poll'), // the position is looked up here: the log end, 3
          { type: 'produce', topic: 'orders', partition: 0, count: 1 },
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [['reset', 2, 3, 'orders-0', 'c1']]);
    });

    it('a record processed after a seek backwards is not lost, though a commit passed it before', () => {
      const moments = momentsOf(
        scenario(3, { maxPollRecords: 3 }, [c1('start'), ...readProcess, c1('commitSync'), seek(1), ...readProcess]),
      );
      assert.deepEqual(moments.map(brief), [resetAtFirstPoll, ['lost', 4, 2, 'orders-0', 'c1']]);
    });
  });

  describe('rewind', () => {
    it('a commit below the committed offset is a rewind, naming what a restart reads again', () => {
      const moments = momentsOf(
        scenario(5, {}, [
          c1('start'),
          ...readProcess,
          ...readProcess,
          ...readProcess,
          c1('commitSync'),
          seek(1),
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [resetAtFirstPoll, ['rewind', 10, 1, 'orders-0', 'c1']]);
      assert.equal(
        moments[1].text,
        'c1 committed orders-0 back from 3 to 1: the committed offset went backwards, so a restart reads offsets 1–2 again.',
      );
    });

    it('commits that only go forward are no rewind', () => {
      const kinds = momentsOf(builtIn('commit-after-process')).map((m) => m.kind);
      assert.ok(!kinds.includes('rewind'));
    });
  });

  describe('retention-loss', () => {
    it('only the deleted records the group had not processed are gone unread', () => {
      // committed 1; offsets 1 and 2 processed but not committed; retention deletes below 4: only 3 was never read.
      const moments = momentsOf(
        scenario(6, {}, [
          c1('start'),
          ...readProcess,
          c1('commitSync'),
          ...readProcess,
          ...readProcess,
          { type: 'deleteRecords', topic: 'orders', partition: 0, beforeOffset: 4 },
        ]),
      );
      assert.deepEqual(moments.map(brief), [resetAtFirstPoll, ['retention-loss', 9, 3, 'orders-0', null]]);
      assert.equal(
        moments[1].text,
        'Retention deleted offset 3 of orders-0 before the group read it: the committed offset 1 is below the new log start 4, so that record is gone unread.',
      );
    });

    it('deleting only what the group has committed past loses nothing', () => {
      const moments = momentsOf(
        scenario(4, {}, [
          c1('start'),
          ...readProcess,
          ...readProcess,
          c1('commitSync'),
          { type: 'deleteRecords', topic: 'orders', partition: 0, beforeOffset: 2 },
        ]),
      );
      assert.deepEqual(moments.map(brief), [resetAtFirstPoll]);
    });
  });

  describe('transactions', () => {
    const abortedProduce: Action = {
      type: 'produce',
      topic: 'orders',
      partition: 0,
      count: 2,
      transactional: true,
      aborted: true,
    };

    it('read_committed skips the records of an aborted transaction: aborted-skipped, not lost', () => {
      // offset 0 in the log; aborted records 1–2, abort marker 3; one more record at 4.
      const moments = momentsOf(
        scenario(1, { maxPollRecords: 10, isolationLevel: 'read_committed' }, [
          c1('start'),
          abortedProduce,
          { type: 'produce', topic: 'orders', partition: 0, count: 1 },
          c1('poll'),
          c1('process'),
          c1('process'),
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        // The first poll looks the position up (reset) and skips the aborted records; the analysis reports
        // the skip first, as it goes through polls before positions.
        ['aborted-skipped', 4, 1, 'orders-0', 'c1'],
        ['reset', 4, 0, 'orders-0', 'c1'],
      ]);
      assert.equal(
        moments[0].text,
        'c1 skipped offsets 1–2: 2 records of an aborted transaction, which read_committed never delivers. Neither lost nor a duplicate.',
      );
    });

    it('read_uncommitted receives the aborted records: nothing skipped, nothing lost', () => {
      const moments = momentsOf(
        scenario(0, { maxPollRecords: 10 }, [
          c1('start'),
          abortedProduce,
          c1('poll'),
          c1('process'),
          c1('process'),
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [['reset', 3, 0, 'orders-0', 'c1']]);
    });

    it('lag made of aborted records and markers is explained as such', () => {
      // record 0; aborted 1–2, marker 3. Process 0 and commit 1: lag 3 with nothing to read.
      const moments = momentsOf(
        scenario(1, { maxPollRecords: 10, isolationLevel: 'read_committed' }, [
          c1('start'),
          abortedProduce,
          c1('poll'),
          c1('process'),
          c1('commitProcessed'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        ['aborted-skipped', 3, 1, 'orders-0', 'c1'],
        ['reset', 3, 0, 'orders-0', 'c1'],
        ['transaction-marker', 5, 1, 'orders-0', null],
      ]);
      assert.equal(
        moments[2].text,
        'Lag 3 on orders-0 is transaction markers and records of an aborted transaction at offsets 1–3: neither is delivered, so no record is waiting.',
      );
    });

    it('an open transaction holds read_committed at the last stable offset: one stall, until it ends', () => {
      const moments = momentsOf(
        scenario(1, { maxPollRecords: 10, isolationLevel: 'read_committed' }, [
          c1('start'),
          ...readProcess,
          { type: 'beginTransaction' },
          { type: 'produceTransactional', topic: 'orders', partition: 0, count: 2 },
          c1('poll'), // step 6: held at 1
          c1('poll'), // still held: the same stall, not reported twice
          { type: 'commitTransaction' },
          c1('poll'),
          c1('process'),
          c1('process'),
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [resetAtFirstPoll, ['stall', 6, 1, 'orders-0', 'c1']]);
      assert.equal(
        moments[1].text,
        'c1 is held at offset 1 of orders-0 by an open transaction: read_committed reads only up to the last stable offset (1), though the log end is 3. It waits until the transaction ends.',
      );
    });

    it('read_uncommitted reads into an open transaction: no stall', () => {
      const moments = momentsOf(
        scenario(0, { maxPollRecords: 10 }, [
          c1('start'),
          { type: 'beginTransaction' },
          { type: 'produceTransactional', topic: 'orders', partition: 0, count: 2 },
          c1('poll'),
          c1('poll'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [['reset', 4, 0, 'orders-0', 'c1']]);
    });
  });
});
