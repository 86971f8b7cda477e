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

const resetAtStart: Brief = ['reset', 1, 0, 'orders-0', 'c1'];

describe('key moments', () => {
  describe('of the built-in scenarios, exactly', () => {
    const expected: Record<string, Brief[]> = {
      'commit-after-process': [resetAtStart],
      'commit-before-process': [resetAtStart, ['lost', 3, 0, 'orders-0', 'c1'], ['resumed', 5, 1, 'orders-0', 'c1']],
      'no-commit-restart': [
        resetAtStart,
        ['resumed', 10, 1, 'orders-0', 'c1'],
        ['duplicate', 12, 1, 'orders-0', 'c1', [6, 12]],
        ['duplicate', 15, 2, 'orders-0', 'c1', [8, 15]],
      ],
      'auto-commit-crash': [
        resetAtStart,
        ['resumed', 13, 2, 'orders-0', 'c1'],
        ['duplicate', 15, 2, 'orders-0', 'c1', [7, 15]],
        ['duplicate', 16, 3, 'orders-0', 'c1', [8, 16]],
        ['duplicate', 18, 4, 'orders-0', 'c1', [11, 18]],
      ],
      'batch-commit-unprocessed': [
        resetAtStart,
        ['lost', 4, 1, 'orders-0', 'c1'],
        ['lost', 4, 2, 'orders-0', 'c1'],
        ['resumed', 6, 3, 'orders-0', 'c1'],
      ],
      'reset-earliest': [['reset', 1, 2, 'orders-0', 'c1']],
      'reset-latest': [['reset', 1, 3, 'orders-0', 'c1']],
      rebalance: [
        resetAtStart,
        ['reset', 1, 0, 'orders-1', 'c1'],
        ['rebalance', 9, null, 'orders-1', 'c2'],
        ['resumed', 9, 2, 'orders-1', 'c2'],
        ['rebalance', 16, null, 'orders-0', 'c2'],
        ['resumed', 16, 3, 'orders-0', 'c2'],
      ],
      'retention-reset': [resetAtStart, ['retention-loss', 6, 1, 'orders-0', null], ['reset', 7, 4, 'orders-0', 'c1']],
      'transaction-marker-lag': [resetAtStart, ['transaction-marker', 10, 3, 'orders-0', null]],
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
      assert.deepEqual(texts('rebalance', 'rebalance'), [
        'Rebalance: orders-1 moved from c1 to c2.',
        'Rebalance: orders-0 moved from c1 to c2.',
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
        resetAtStart,
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
          c1('restart'), // step 10: resumes at the committed offset 3
          seek(1),
          ...readProcess,
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        resetAtStart,
        ['resumed', 10, 3, 'orders-0', 'c1'],
        ['duplicate', 13, 1, 'orders-0', 'c1', [5, 13]],
        ['duplicate', 15, 2, 'orders-0', 'c1', [7, 15]],
      ]);
    });
  });

  describe('lost records', () => {
    it('a seek backwards below where consumption began counts: polled there, committed past, unprocessed is lost', () => {
      // latest starts at the log end, 3; the seek goes back to 0; poll 0–2, process 0, commitSync() commits 3.
      const moments = momentsOf(
        scenario(3, { maxPollRecords: 3, autoOffsetReset: 'latest' }, [
          c1('start'),
          seek(0),
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [
        ['reset', 1, 3, 'orders-0', 'c1'],
        ['lost', 5, 1, 'orders-0', 'c1'],
        ['lost', 5, 2, 'orders-0', 'c1'],
      ]);
    });

    it('records skipped by latest and never sought are not lost', () => {
      const moments = momentsOf(
        scenario(3, { autoOffsetReset: 'latest' }, [
          c1('start'),
          { type: 'produce', topic: 'orders', partition: 0, count: 1 },
          ...readProcess,
          c1('commitSync'),
        ]),
      );
      assert.deepEqual(moments.map(brief), [['reset', 1, 3, 'orders-0', 'c1']]);
    });

    it('a record processed after a seek backwards is not lost, though a commit passed it before', () => {
      const moments = momentsOf(
        scenario(3, { maxPollRecords: 3 }, [c1('start'), ...readProcess, c1('commitSync'), seek(1), ...readProcess]),
      );
      assert.deepEqual(moments.map(brief), [resetAtStart, ['lost', 4, 2, 'orders-0', 'c1']]);
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
      assert.deepEqual(moments.map(brief), [resetAtStart, ['rewind', 10, 1, 'orders-0', 'c1']]);
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
      assert.deepEqual(moments.map(brief), [resetAtStart, ['retention-loss', 9, 3, 'orders-0', null]]);
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
      assert.deepEqual(moments.map(brief), [resetAtStart]);
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
      assert.deepEqual(moments.map(brief), [resetAtStart, ['aborted-skipped', 4, 1, 'orders-0', 'c1']]);
      assert.equal(
        moments[1].text,
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
      assert.deepEqual(moments.map(brief), [resetAtStart]);
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
        resetAtStart,
        ['aborted-skipped', 3, 1, 'orders-0', 'c1'],
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
      assert.deepEqual(moments.map(brief), [resetAtStart, ['stall', 6, 1, 'orders-0', 'c1']]);
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
      assert.deepEqual(moments.map(brief), [resetAtStart]);
    });
  });
});
