// Kafka's offset rules (docs/design.md#kafka-semantics), checked on the simulator directly (and the
// table's Action text the trace layer gives each action):
// positions, commits, auto.offset.reset, auto-commit, crashes, rebalances and markers.

import * as assert from 'node:assert/strict';
import { defaultConsumerConfig, type ConsumerConfig, type Scenario } from '../../src/simulator/model';
import { OffsetSimulator, ScenarioError } from '../../src/simulator/offsetSimulator';
import { actionLabel } from '../../src/trace/actionLabels';

function simulator(
  records: number,
  config: Partial<ConsumerConfig> = {},
  options: { logStartOffset?: number; partitions?: number; consumers?: string[] } = {},
): OffsetSimulator {
  const scenario: Pick<Scenario, 'group' | 'topics' | 'consumers'> = {
    group: 'g',
    topics: [
      {
        name: 't',
        partitions: Array.from({ length: options.partitions ?? 1 }, (_, partition) => ({
          partition,
          records,
          logStartOffset: options.logStartOffset ?? 0,
        })),
      },
    ],
    // Most rules are easiest to see with auto-commit off and `earliest`; tests of the defaults pass `kafkaDefaults`.
    consumers: (options.consumers ?? ['c1']).map((id) => ({
      id,
      config: config === kafkaDefaults ? {} : { enableAutoCommit: false, autoOffsetReset: 'earliest', ...config },
    })),
  };
  return new OffsetSimulator(scenario);
}

/** Pass as the config to get a consumer that states nothing (Kafka's defaults). */
const kafkaDefaults: Partial<ConsumerConfig> = {};

const p0 = { topic: 't', partition: 0 };
const p1 = { topic: 't', partition: 1 };

describe('OffsetSimulator', () => {
  describe('defaults', () => {
    it("a consumer that states nothing has Kafka's defaults: auto-commit on, latest, 500 records a poll", () => {
      assert.deepEqual(defaultConsumerConfig, {
        maxPollRecords: 500,
        enableAutoCommit: true,
        autoCommitIntervalMs: 5000,
        autoOffsetReset: 'latest',
        isolationLevel: 'read_uncommitted',
        // docs/design.md#reference-client: classic protocol, [range, cooperative-sticky] runs range (EAGER).
        groupProtocol: 'classic',
        assignor: 'range',
        sessionTimeoutMs: 45000,
        heartbeatIntervalMs: 3000,
        maxPollIntervalMs: 300000,
      });
      const sim = simulator(3, kafkaDefaults);
      sim.apply({ type: 'start', consumer: 'c1' });
      const poll = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(poll.effects.polled, [], 'latest: the 3 records already there are skipped');
      sim.apply({ type: 'produce', topic: 't', partition: 0, count: 2 });
      assert.deepEqual(
        sim.apply({ type: 'poll', consumer: 'c1' }).effects.polled.map((r) => r.offset),
        [3, 4],
      );
      const close = sim.apply({ type: 'close', consumer: 'c1' });
      assert.deepEqual(
        close.effects.commits.map((c) => [c.offset, c.kind]),
        [[5, 'auto']],
        'auto-commit commits the position on close',
      );
    });
  });

  describe('position and poll', () => {
    it('poll returns up to max.poll.records from the position and advances it', () => {
      const sim = simulator(5, { maxPollRecords: 2 });
      sim.apply({ type: 'start', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        outcome.effects.polled.map((r) => r.offset),
        [0, 1],
      );
      assert.equal(sim.consumerPartitionState('c1', p0).position, 2);
      assert.equal(actionLabel({ type: 'poll', consumer: 'c1' }, outcome.effects), 'Read messages 0–1');
    });

    it('a poll at the log end returns nothing and leaves the position', () => {
      const sim = simulator(1, { maxPollRecords: 5 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(outcome.effects.polled.length, 0);
      assert.equal(actionLabel({ type: 'poll', consumer: 'c1' }, outcome.effects), 'Poll (no records)');
      assert.equal(sim.consumerPartitionState('c1', p0).position, 1);
    });

    it('polling again drops the unprocessed records of the previous poll', () => {
      const sim = simulator(4, { maxPollRecords: 2 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        outcome.effects.discarded.map((r) => r.offset),
        [0, 1],
      );
    });
  });

  describe('commits', () => {
    it('the committed offset is the next offset to read: after processing N, commit N+1', () => {
      const sim = simulator(3, { maxPollRecords: 1 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      sim.apply({ type: 'process', consumer: 'c1' });
      const outcome = sim.apply({ type: 'commitSync', consumer: 'c1' });
      assert.equal(outcome.effects.commits[0].offset, 1);
      const view = sim.consumerPartitionState('c1', p0);
      assert.equal(view.committedOffset, 1);
      assert.equal(view.nextOffsetToRead, 1, 'a restart resumes at the committed offset, not committed + 1');
    });

    it('commitSync() commits the position, not what was processed (poll 3, process 1, commit 3)', () => {
      const sim = simulator(5, { maxPollRecords: 3 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      sim.apply({ type: 'process', consumer: 'c1' });
      sim.apply({ type: 'commitSync', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).committedOffset, 3);
    });

    it('commitSync() commits every assigned partition with a position, read or not', () => {
      const sim = simulator(3, { maxPollRecords: 1 }, { partitions: 2 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      const outcome = sim.apply({ type: 'commitSync', consumer: 'c1' });
      assert.deepEqual(
        outcome.effects.commits.map((c) => [c.partition, c.offset]),
        [
          [0, 1],
          [1, 0],
        ],
      );
    });

    it('commitProcessed commits the last processed offset + 1 per partition', () => {
      const sim = simulator(5, { maxPollRecords: 3 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      sim.apply({ type: 'process', consumer: 'c1' });
      sim.apply({ type: 'commitProcessed', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).committedOffset, 1);
    });

    it('lag is log-end offset minus committed offset, unknown without a commit', () => {
      const sim = simulator(5, { maxPollRecords: 2 });
      sim.apply({ type: 'start', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).lag, null);
      sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).lag, null, 'position does not count, only commits');
      sim.apply({ type: 'commitSync', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).lag, 3);
    });
  });

  describe('seek and commitAsync', () => {
    it('seek moves the position, drops the polled records of that partition, and commits nothing', () => {
      const sim = simulator(10, { maxPollRecords: 3 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      const seek = { type: 'seek', consumer: 'c1', topic: 't', partition: 0, offset: 7 } as const;
      const outcome = sim.apply(seek);
      assert.equal(actionLabel(seek, outcome.effects), 'Seek to offset 7');
      assert.deepEqual(
        outcome.effects.discarded.map((r) => r.offset),
        [0, 1, 2],
      );
      const view = sim.consumerPartitionState('c1', p0);
      assert.deepEqual([view.position, view.recordInHand, view.committedOffset], [7, null, null]);
      const next = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        next.effects.polled.map((r) => r.offset),
        [7, 8, 9],
      );
    });

    it('commitAsync commits the position too, labelled as asynchronous', () => {
      const sim = simulator(4, { maxPollRecords: 2 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      const outcome = sim.apply({ type: 'commitAsync', consumer: 'c1' });
      assert.equal(actionLabel({ type: 'commitAsync', consumer: 'c1' }, outcome.effects), 'Commit offset (async)');
      assert.deepEqual(
        outcome.effects.commits.map((c) => [c.offset, c.kind]),
        [[2, 'async']],
      );
    });
  });

  describe('auto.offset.reset', () => {
    // The policy applies in the first poll, which looks the position up (docs/design.md#position-lookup).
    it('earliest starts at the log start', () => {
      const sim = simulator(3, { autoOffsetReset: 'earliest', maxPollRecords: 1 }, { logStartOffset: 7 });
      const start = sim.apply({ type: 'start', consumer: 'c1' });
      assert.deepEqual(start.effects.positionOrigins, [], 'subscribe looks nothing up');
      assert.equal(sim.consumerPartitionState('c1', p0).position, null);
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(outcome.effects.positionOrigins[0].offset, 7);
      assert.equal(outcome.effects.positionOrigins[0].source, 'reset');
      assert.equal(outcome.effects.positionOrigins[0].reason, 'no-committed-offset');
      assert.deepEqual(
        outcome.effects.polled.map((r) => r.offset),
        [7],
      );
    });

    it('latest starts at the log end', () => {
      const sim = simulator(3, { autoOffsetReset: 'latest' });
      sim.apply({ type: 'start', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(outcome.effects.polled, []);
      assert.equal(sim.consumerPartitionState('c1', p0).position, 3);
    });

    it('none: the first poll throws NoOffsetForPartitionException, as a step, not a scenario error', () => {
      const sim = simulator(3, { autoOffsetReset: 'none' });
      sim.apply({ type: 'start', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        outcome.effects.errors.map((e) => [e.exception, e.via, e.partition]),
        [['NoOffsetForPartitionException', 'thrown', 0]],
      );
      assert.deepEqual(outcome.effects.polled, []);
      assert.equal(sim.consumerPartitionState('c1', p0).position, null);
    });

    it('a committed offset below the log start (retention) resets too', () => {
      const sim = simulator(6, { maxPollRecords: 1 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      sim.apply({ type: 'commitSync', consumer: 'c1' });
      sim.apply({ type: 'close', consumer: 'c1' });
      sim.apply({ type: 'deleteRecords', topic: 't', partition: 0, beforeOffset: 4 });
      assert.equal(sim.consumerPartitionState('c1', p0).nextOffsetToRead, 4);
      sim.apply({ type: 'restart', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        [outcome.effects.positionOrigins[0].source, outcome.effects.positionOrigins[0].reason],
        ['reset', 'out-of-range'],
      );
      assert.equal(outcome.effects.positionOrigins[0].committedOffset, 1);
      assert.equal(sim.consumerPartitionState('c1', p0).position, 5, 'reset to 4, then read record 4');
    });

    it('a running consumer whose position fell below the log start resets on its next poll', () => {
      const sim = simulator(6, { maxPollRecords: 1 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' }); // position 1
      sim.apply({ type: 'deleteRecords', topic: 't', partition: 0, beforeOffset: 3 });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(outcome.effects.positionOrigins[0].reason, 'out-of-range');
      assert.equal(outcome.effects.positionOrigins[0].committedOffset, 1, 'the position that fell out of range');
      assert.deepEqual(
        outcome.effects.polled.map((r) => r.offset),
        [3],
      );
    });
  });

  describe('auto-commit', () => {
    it('commits the position during poll once the interval has passed, and on close', () => {
      const sim = simulator(6, { maxPollRecords: 2, enableAutoCommit: true, autoCommitIntervalMs: 5000 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).committedOffset, null, 'interval not yet passed');
      sim.apply({ type: 'wait', ms: 5000 });
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(outcome.effects.commits[0].kind, 'auto');
      assert.equal(outcome.effects.commits[0].offset, 2, 'commits the position before fetching');
      sim.apply({ type: 'close', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).committedOffset, 4);
    });

    it('a crash commits nothing: everything since the last auto-commit is read again', () => {
      const sim = simulator(6, { maxPollRecords: 2, enableAutoCommit: true, autoCommitIntervalMs: 5000 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      sim.apply({ type: 'crash', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).committedOffset, null);
      // The crashed member holds the partition until session.timeout.ms (45 s by default) passes.
      sim.apply({ type: 'wait', ms: 45000 });
      sim.apply({ type: 'restart', consumer: 'c1' });
      const poll = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        poll.effects.polled.map((r) => r.offset),
        [0, 1],
        'read again from the start',
      );
    });
  });

  describe('group membership', () => {
    it('assigns partitions by range in poll and moves one when a second consumer joins and both poll', () => {
      const sim = simulator(3, {}, { partitions: 2, consumers: ['c1', 'c2'] });
      sim.apply({ type: 'start', consumer: 'c1' });
      assert.equal(sim.state().consumers[0].assignment.length, 0, 'subscribe assigns nothing');
      sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(sim.state().consumers[0].assignment.length, 2);
      sim.apply({ type: 'start', consumer: 'c2' });
      const joins = sim.apply({ type: 'poll', consumer: 'c2' });
      assert.deepEqual(joins.effects.ownershipChanges, [], 'c2 waits until c1 rejoins');
      // EAGER: c1 revokes both in its poll and gets orders-0 back; orders-1 has no owner until c2 polls.
      const rejoin = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(rejoin.effects.ownershipChanges, [{ ...p1, from: 'c1', to: null }]);
      const taken = sim.apply({ type: 'poll', consumer: 'c2' });
      assert.deepEqual(taken.effects.ownershipChanges, [{ ...p1, from: null, to: 'c2' }]);
      assert.deepEqual(
        sim.state().partitions.map((p) => p.owner),
        ['c1', 'c2'],
      );
    });

    it('a new owner starts at the committed offset', () => {
      const sim = simulator(3, { maxPollRecords: 10 }, { partitions: 2, consumers: ['c1', 'c2'] });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      sim.apply({
        type: 'commitOffsets',
        consumer: 'c1',
        offsets: [
          { ...p0, offset: 3 },
          { ...p1, offset: 1 },
        ],
      });
      sim.apply({ type: 'start', consumer: 'c2' });
      sim.apply({ type: 'poll', consumer: 'c2' });
      sim.apply({ type: 'poll', consumer: 'c1' });
      const outcome = sim.apply({ type: 'poll', consumer: 'c2' });
      assert.deepEqual(
        outcome.effects.positionOrigins.map((o) => [o.consumer, o.partition, o.source, o.offset]),
        [['c2', 1, 'committed', 1]],
      );
      assert.deepEqual(
        outcome.effects.polled.map((r) => r.offset),
        [1, 2],
      );
    });

    it('when the last member leaves its partitions have no owner', () => {
      const sim = simulator(3);
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'close', consumer: 'c1' });
      assert.equal(sim.state().partitions[0].owner, null);
      assert.equal(sim.state().consumers[0].status, 'closed');
    });
  });

  describe('transactions', () => {
    it('markers take offsets; the fetch skips them and the position passes them', () => {
      const sim = simulator(0, { isolationLevel: 'read_committed' });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'produce', topic: 't', partition: 0, count: 2, transactional: true });
      assert.equal(sim.state().partitions[0].logEndOffset, 3);
      assert.deepEqual(sim.state().partitions[0].controlOffsets, [2]);
      const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
      assert.deepEqual(
        outcome.effects.polled.map((r) => r.offset),
        [0, 1],
      );
      assert.equal(sim.consumerPartitionState('c1', p0).position, 3);
    });

    it('read_committed skips the records of an aborted transaction; read_uncommitted returns them', () => {
      for (const [isolationLevel, expected] of [
        ['read_committed', [3]],
        ['read_uncommitted', [0, 1, 3]],
      ] as const) {
        const sim = simulator(0, { isolationLevel });
        sim.apply({ type: 'start', consumer: 'c1' });
        const produce = {
          type: 'produce',
          topic: 't',
          partition: 0,
          count: 2,
          transactional: true,
          aborted: true,
        } as const;
        const produced = sim.apply(produce);
        assert.equal(actionLabel(produce, produced.effects), 'Produce 2 records in an aborted transaction');
        sim.apply({ type: 'produce', topic: 't', partition: 0, count: 1 });
        const outcome = sim.apply({ type: 'poll', consumer: 'c1' });
        assert.deepEqual(
          outcome.effects.polled.map((r) => r.offset),
          [...expected],
          isolationLevel,
        );
        assert.equal(sim.consumerPartitionState('c1', p0).position, 4);
      }
      assert.throws(
        () => simulator(0).apply({ type: 'produce', topic: 't', partition: 0, count: 1, aborted: true }),
        /only a transactional produce can be aborted/,
      );
    });

    it('a poll that fills max.poll.records stops before the marker', () => {
      const sim = simulator(0, { maxPollRecords: 2 });
      sim.apply({ type: 'start', consumer: 'c1' });
      sim.apply({ type: 'produce', topic: 't', partition: 0, count: 2, transactional: true });
      sim.apply({ type: 'poll', consumer: 'c1' });
      assert.equal(sim.consumerPartitionState('c1', p0).position, 2);
    });
  });

  describe('invalid actions', () => {
    const cases: [string, (sim: OffsetSimulator) => void, RegExp][] = [
      ['poll before start', (sim) => sim.apply({ type: 'poll', consumer: 'c1' }), /not started/],
      [
        'process with nothing polled',
        (sim) => {
          sim.apply({ type: 'start', consumer: 'c1' });
          sim.apply({ type: 'process', consumer: 'c1' });
        },
        /no polled record/,
      ],
      ['an unknown consumer', (sim) => sim.apply({ type: 'start', consumer: 'zz' }), /unknown consumer/],
      [
        'start twice',
        (sim) => {
          sim.apply({ type: 'start', consumer: 'c1' });
          sim.apply({ type: 'start', consumer: 'c1' });
        },
        /already running/,
      ],
      [
        'an unknown partition',
        (sim) => sim.apply({ type: 'produce', topic: 'x', partition: 0, count: 1 }),
        /unknown partition/,
      ],
      [
        'deleting past the log end',
        (sim) => sim.apply({ type: 'deleteRecords', topic: 't', partition: 0, beforeOffset: 99 }),
        /cannot delete/,
      ],
    ];
    for (const [name, run, message] of cases) {
      it(`refuses ${name} with a clear error`, () => {
        assert.throws(
          () => run(simulator(3)),
          (error: unknown) => error instanceof ScenarioError && message.test(error.message),
        );
      });
    }
  });
});
