// The group and offset rules of Apache Kafka's Java KafkaConsumer 4.x that the simulator follows
// (docs/design.md#reference-client, #rebalances-in-poll, #rebalance-protocols, #liveness,
// #asynchronous-commit, #position-lookup, #read-committed), one rule per test. Each scenario is written
// as a scenario file would be (parseScenarioFile) and run as the demo runs it (runScenario); each test
// names the client code whose behaviour it models.

import * as assert from 'node:assert/strict';
import { parseScenarioFile } from '../../src/scenarios/scenarioFile';
import type { ConsumerPartitionState, ConsumerState, StepEffects } from '../../src/simulator/offsetSimulator';
import { findKeyMoments, type KeyMoment } from '../../src/trace/keyMoments';
import { runScenario, type Trace } from '../../src/trace/trace';

/** A scenario file's trace, read by 1-based step. */
class Run {
  readonly moments: KeyMoment[];

  constructor(readonly trace: Trace) {
    this.moments = findKeyMoments(trace);
  }

  effects(step: number): StepEffects {
    const effects = this.trace.effects[step - 1];
    assert.ok(effects, `step ${step} exists`);
    return effects;
  }

  /** The offsets a step polled, as `orders-0@3`. */
  polled(step: number): string[] {
    return this.effects(step).polled.map((r) => `${r.topic}-${r.partition}@${r.offset}`);
  }

  /** The commits a step stored, as `[partition key, offset, kind]`. */
  commits(step: number): [string, number, string][] {
    return this.effects(step).commits.map((c) => [`${c.topic}-${c.partition}`, c.offset, c.kind]);
  }

  consumer(step: number, id: string): ConsumerState {
    const found = this.trace.states[step - 1]?.consumers.find((c) => c.id === id);
    assert.ok(found, `consumer ${id} at step ${step}`);
    return found;
  }

  /** The partitions a consumer is assigned after a step. */
  assignment(step: number, id: string): string[] {
    return this.consumer(step, id).assignment.map((tp) => `${tp.topic}-${tp.partition}`);
  }

  /** A consumer's view of one of its partitions after a step. */
  view(step: number, id: string, key: string): ConsumerPartitionState {
    const found = this.consumer(step, id).partitions.find((p) => `${p.topic}-${p.partition}` === key);
    assert.ok(found, `${id} has ${key} at step ${step}`);
    return found;
  }

  committed(step: number, key: string): number | null {
    const found = this.trace.states[step - 1]?.partitions.find((p) => `${p.topic}-${p.partition}` === key);
    assert.ok(found, `${key} at step ${step}`);
    return found.committedOffset;
  }

  /** The key moments of some kinds, as `[kind, step, offset, partition key, consumer]`. */
  momentsOf(...kinds: KeyMoment['kind'][]): [string, number, number | null, string | null, string | null][] {
    return this.moments
      .filter((m) => kinds.includes(m.kind))
      .map((m) => [
        m.kind,
        m.step,
        m.offset,
        m.topic === undefined ? null : `${m.topic}-${m.partition}`,
        m.consumer ?? null,
      ]);
  }
}

/** Parses a scenario file (which must be free of diagnostics) and runs it. */
function run(...lines: string[]): Run {
  const result = parseScenarioFile(`${lines.join('\n')}\n`, { fileName: 'java-rule.offsets.yaml' });
  assert.deepEqual(result.diagnostics, [], 'the scenario file has no diagnostic');
  assert.ok(result.scenario);
  return new Run(runScenario(result.scenario));
}

/** The actions of a scenario file, one a line. */
function actions(...list: string[]): string[] {
  return ['actions:', ...list.map((action) => `  - ${action}`)];
}

describe('the Java KafkaConsumer rules the simulator follows', () => {
  describe('position lookup (docs/design.md#position-lookup)', () => {
    it('KafkaConsumer.subscribe() is lazy; the first poll (updateFetchPositions) applies latest, so records produced in between are skipped', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 3 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: latest }',
        ...actions(
          'c1 start', // 1: subscribe only
          'produce orders-0 2', // 2: offsets 3 and 4, produced before the first poll
          'c1 poll', // 3: joins, is assigned orders-0, looks the position up: the log end, 5
          'produce orders-0 1', // 4: offset 5
          'c1 poll', // 5
        ),
      );
      assert.deepEqual(r.assignment(1, 'c1'), [], 'subscribe assigns nothing');
      assert.equal(r.trace.steps[0].position, null, 'no position before the first poll');
      assert.equal(r.trace.steps[0].offsetRead, 3, 'Offset Read falls back to Next Offset to Read');
      assert.deepEqual(r.effects(1).positionOrigins, []);
      assert.deepEqual(r.polled(3), []);
      assert.deepEqual(
        r.effects(3).positionOrigins.map((o) => [o.consumer, o.source, o.reason, o.offset]),
        [['c1', 'reset', 'no-committed-offset', 5]],
      );
      assert.deepEqual(r.polled(5), ['orders-0@5']);
      assert.deepEqual(r.momentsOf('reset'), [['reset', 3, 5, 'orders-0', 'c1']]);
      assert.match(r.moments[0].text, /The 5 records already in the log \(offsets 0–4\) are skipped\./);
      assert.deepEqual(r.momentsOf('lost'), [], 'skipped by latest, never read: not lost');
    });

    it('commitSync() before the first poll commits nothing: ConsumerCoordinator commits subscriptions.allConsumed(), empty before an assignment', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 3 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.records: 1 }',
        ...actions('c1 start', 'c1 commitSync', 'c1 poll', 'c1 commitSync'),
      );
      assert.deepEqual(r.commits(2), []);
      assert.deepEqual(r.effects(2).errors, [], 'nothing to commit is no error');
      assert.equal(r.committed(2, 'orders-0'), null);
      assert.deepEqual(r.commits(4), [['orders-0', 1, 'sync']], 'after the first poll it commits the position');
    });
  });

  describe('rebalances inside poll (docs/design.md#rebalances-in-poll, #rebalance-protocols)', () => {
    const twoPartitions = 'topics: { orders: { partitions: 2, records: 3 } }';

    it('classic EAGER: the joiner waits until the existing member rejoins in its own poll (the JoinGroup round completes only when every member has joined)', () => {
      const r = run(
        twoPartitions,
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest }',
        '  c2: { enable.auto.commit: false, auto.offset.reset: earliest }',
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: alone, both partitions
          'c2 start', // 3
          'c2 poll', // 4: JoinGroup; c1 has not rejoined: nothing
          'c2 poll', // 5: still waiting
          'c1 poll', // 6: c1 learns of the round (heartbeat), rejoins: revokes both, gets orders-0
          'c2 poll', // 7: the round is complete: orders-1
        ),
      );
      for (const step of [4, 5]) {
        assert.deepEqual(r.polled(step), [], `step ${step}`);
        assert.deepEqual(r.assignment(step, 'c2'), [], `step ${step}: c2 has nothing`);
        assert.deepEqual(r.assignment(step, 'c1'), ['orders-0', 'orders-1'], `step ${step}: c1 keeps both`);
        assert.equal(r.consumer(step, 'c2').phase, 'joining');
        assert.equal(r.trace.states[step - 1].groupState?.state, 'PreparingRebalance');
      }
      assert.deepEqual(
        r.effects(6).assignmentChanges.map((c) => [c.consumer, c.protocol, c.revoked.length, c.assigned.length]),
        [
          ['c1', 'eager', 2, 0],
          ['c1', 'eager', 0, 1],
        ],
      );
      assert.deepEqual(r.assignment(6, 'c1'), ['orders-0']);
      assert.deepEqual(r.assignment(6, 'c2'), [], 'c2 takes its share in its own next poll');
      assert.deepEqual(r.assignment(7, 'c2'), ['orders-1']);
      assert.equal(r.trace.states[6].groupState?.generation, 2);
      assert.equal(r.trace.states[6].groupState?.state, 'Stable');
    });

    it('classic EAGER: ConsumerCoordinator.onJoinPrepare revokes every partition, so the one that stays is read again from the committed offset', () => {
      const r = run(
        twoPartitions,
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest }',
        '  c2: { enable.auto.commit: false, auto.offset.reset: earliest }',
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: 0–2 of both
          'c1 process all', // 3–8
          'c1 commitSync orders-0=1 orders-1=1', // 9: only the first record of each
          'c2 start', // 10
          'c2 poll', // 11
          'c1 poll', // 12: revokes both, gets orders-0 back at its committed offset 1, not its position 3
          'c1 process all', // 13–14: 1 and 2 again
        ),
      );
      assert.equal(r.view(11, 'c1', 'orders-0').position, 3, 'before the rebalance c1 had read to 3');
      assert.deepEqual(
        r.effects(12).positionOrigins.map((o) => [o.consumer, `${o.topic}-${o.partition}`, o.source, o.offset]),
        [['c1', 'orders-0', 'committed', 1]],
      );
      assert.deepEqual(r.polled(12), ['orders-0@1', 'orders-0@2']);
      assert.deepEqual(r.momentsOf('duplicate'), [
        ['duplicate', 13, 1, 'orders-0', 'c1'],
        ['duplicate', 14, 2, 'orders-0', 'c1'],
      ]);
      assert.match(
        r.moments.find((m) => m.kind === 'rebalance')?.text ?? '',
        /^Rebalance \(classic protocol, EAGER: every partition is revoked; generation 2\): c1 revoked orders-0, orders-1; c1 was given orders-0 at 1\.$/,
      );
    });

    it('classic COOPERATIVE (cooperative-sticky): onJoinComplete revokes only what moves, so the partition that stays keeps its position', () => {
      const cooperative =
        '{ enable.auto.commit: false, auto.offset.reset: earliest, partition.assignment.strategy: cooperative-sticky }';
      const r = run(
        twoPartitions,
        'consumers:',
        `  c1: ${cooperative}`,
        `  c2: ${cooperative}`,
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: 0–2 of both
          'c1 process all', // 3–8, never committed
          'c2 start', // 9
          'c2 poll', // 10: joins, waits
          'c1 poll', // 11: rejoins, revokes orders-1 only, keeps orders-0 at 3; asks for a second round
          'c2 poll', // 12: second round
          'c1 poll', // 13: second round completes
          'c2 poll', // 14: orders-1, from earliest (nothing committed)
          'c2 process all', // 15–17: read again
          'produce orders-0 1', // 18: offset 3
          'c1 poll', // 19: reads on from 3
        ),
      );
      assert.deepEqual(
        r.effects(11).assignmentChanges.map((c) => [c.consumer, c.protocol, c.revoked.map((tp) => tp.partition)]),
        [['c1', 'cooperative', [1]]],
      );
      assert.deepEqual(r.assignment(11, 'c1'), ['orders-0']);
      assert.equal(r.view(11, 'c1', 'orders-0').position, 3, 'kept, not looked up again');
      assert.ok(
        r.trace.effects.every(
          (e) => !e.positionOrigins.some((o) => o.consumer === 'c1' && o.partition === 0 && o.offset !== 0),
        ),
        'orders-0 is never looked up again after the first poll',
      );
      assert.deepEqual(r.assignment(14, 'c2'), ['orders-1']);
      assert.deepEqual(r.polled(19), ['orders-0@3']);
      assert.deepEqual(
        r.momentsOf('duplicate').map(([, , offset, tp, consumer]) => [tp, offset, consumer]),
        [
          ['orders-1', 0, 'c2'],
          ['orders-1', 1, 'c2'],
          ['orders-1', 2, 'c2'],
        ],
        'only the partition that moved is read again',
      );
    });

    it('KIP-848 (group.protocol=consumer): rebalances happen only during an active poll (AbstractMembershipManager), and the broker gives a partition to its new owner only after the old owner revoked it', () => {
      const consumerProtocol = '{ group.protocol: consumer, enable.auto.commit: false, auto.offset.reset: earliest }';
      const r = run(
        twoPartitions,
        'consumers:',
        `  c1: ${consumerProtocol}`,
        `  c2: ${consumerProtocol}`,
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: both
          'c1 process all', // 3–8
          'c1 commitSync', // 9: 3 and 3
          'produce orders-1 1', // 10: offset 3
          'c2 start', // 11
          'c2 poll', // 12: joins; its target is orders-1, still c1's
          'c2 poll', // 13: still c1's
          'c1 poll', // 14: c1 revokes orders-1, keeps orders-0
          'c2 poll', // 15: orders-1 at the committed offset 3
        ),
      );
      for (const step of [12, 13]) {
        assert.deepEqual(r.assignment(step, 'c2'), [], `step ${step}`);
        assert.deepEqual(r.assignment(step, 'c1'), ['orders-0', 'orders-1'], `step ${step}`);
      }
      assert.deepEqual(r.effects(12).memberEvents, [{ consumer: 'c2', event: 'joined' }]);
      assert.equal(r.trace.states[12].groupState?.state, 'Reconciling');
      assert.deepEqual(
        r.effects(14).assignmentChanges.map((c) => [c.consumer, c.protocol, c.revoked.map((tp) => tp.partition)]),
        [['c1', 'consumer', [1]]],
      );
      assert.equal(r.view(14, 'c1', 'orders-0').position, 3, 'c1 keeps orders-0 where it was');
      assert.deepEqual(r.assignment(15, 'c2'), ['orders-1']);
      assert.deepEqual(
        r.effects(15).positionOrigins.map((o) => [o.consumer, o.partition, o.source, o.offset]),
        [['c2', 1, 'committed', 3]],
      );
      assert.deepEqual(r.polled(15), ['orders-1@3']);
      assert.equal(r.trace.states[14].groupState?.state, 'Stable');

      // Whatever c1's poll returns meanwhile, a partition never has two owners: c2 gets orders-1 only
      // after the step where c1 revoked it, and c1 reads nothing from it once it is c2's target.
      const busy = run(
        twoPartitions,
        'consumers:',
        `  c1: ${consumerProtocol}`,
        `  c2: ${consumerProtocol}`,
        ...actions(
          'c1 start',
          'c1 poll',
          'c1 process all',
          'c1 commitSync',
          'produce orders-0 2', // records for c1 on the partition it keeps
          'produce orders-1 2',
          'c2 start',
          'c2 poll',
          'c1 poll',
          'c2 poll',
          'c1 poll',
          'c2 poll',
          'c1 poll',
          'c2 poll',
        ),
      );
      const revokedAt = busy.trace.effects.findIndex((e) =>
        e.assignmentChanges.some((c) => c.consumer === 'c1' && c.revoked.some((tp) => tp.partition === 1)),
      );
      const givenAt = busy.trace.effects.findIndex((e) =>
        e.assignmentChanges.some((c) => c.consumer === 'c2' && c.assigned.some((tp) => tp.partition === 1)),
      );
      assert.ok(
        revokedAt >= 0 && givenAt > revokedAt,
        `revoked at step ${revokedAt + 1}, given at step ${givenAt + 1}`,
      );
      busy.trace.states.forEach((state, index) => {
        const owners = state.consumers.filter((c) => c.assignment.some((tp) => tp.partition === 1)).map((c) => c.id);
        assert.ok(owners.length <= 1, `step ${index + 1}: orders-1 owned by ${owners.join(' and ')}`);
      });
      const joinedAt = busy.trace.effects.findIndex((e) => e.memberEvents.some((m) => m.consumer === 'c2'));
      assert.deepEqual(
        busy.trace.effects
          .slice(joinedAt)
          .flatMap((e, i) =>
            e.polled
              .filter((rec) => rec.partition === 1 && busy.trace.steps[joinedAt + i].consumer === 'c1')
              .map((rec) => rec.offset),
          ),
        [],
        'c1 reads nothing more from orders-1 once c2 joined',
      );
      assert.deepEqual(busy.momentsOf('duplicate'), []);
    });

    it('auto-commit: ConsumerCoordinator.onJoinPrepare auto-commits everything consumed before rejoining, for every rejoining member', () => {
      // A long interval: no interval auto-commit happens, only the ones before rejoining.
      const autoCommit = '{ enable.auto.commit: true, auto.commit.interval.ms: 60000, auto.offset.reset: earliest }';
      const r = run(
        'topics: { orders: { partitions: 3, records: 1 } }',
        'consumers:',
        `  c1: ${autoCommit}`,
        `  c2: ${autoCommit}`,
        `  c3: ${autoCommit}`,
        ...actions(
          'c1 start', // 1
          'c2 start', // 2
          'c1 poll', // 3: alone: offset 0 of all three partitions
          'c1 process all', // 4–6
          'c2 poll', // 7: joins, waits for c1
          'c1 poll', // 8: rejoins, committing 1, 1, 1 first; range: c1 orders-0 and orders-1, c2 orders-2
          'c2 poll', // 9: orders-2 at the committed 1: nothing read twice
          'produce orders-0 1', // 10
          'produce orders-2 1', // 11
          'c1 poll', // 12: orders-0@1
          'c2 poll', // 13: orders-2@1
          'c1 process', // 14
          'c2 process', // 15
          'c3 start', // 16
          'c3 poll', // 17: joins, waits for c1 and c2
          'c1 poll', // 18: rejoins: commits its positions, orders-0 2 and orders-1 1
          'c2 poll', // 19: rejoins: commits orders-2 2
        ),
      );
      assert.deepEqual(r.commits(3), [], 'the interval has not passed');
      assert.deepEqual(r.commits(8), [
        ['orders-0', 1, 'auto'],
        ['orders-1', 1, 'auto'],
        ['orders-2', 1, 'auto'],
      ]);
      assert.deepEqual(r.assignment(9, 'c2'), ['orders-2']);
      assert.deepEqual(r.polled(9), [], 'c2 resumes orders-2 at the 1 c1 committed');
      for (const step of [12, 13, 14, 15, 17]) assert.deepEqual(r.commits(step), [], `step ${step}`);
      assert.deepEqual(r.commits(18), [
        ['orders-0', 2, 'auto'],
        ['orders-1', 1, 'auto'],
      ]);
      assert.deepEqual(r.commits(19), [['orders-2', 2, 'auto']]);
      assert.deepEqual(r.momentsOf('duplicate', 'lost'), []);
    });

    it('auto-commit: ConsumerCoordinator.onJoinComplete restarts the auto-commit timer (nextAutoCommitTimer.updateAndReset)', () => {
      const autoCommit = '{ enable.auto.commit: true, auto.commit.interval.ms: 5000, auto.offset.reset: earliest }';
      const r = run(
        'topics: { orders: { partitions: 2, records: 1 } }',
        'consumers:',
        `  c1: ${autoCommit}`,
        `  c2: ${autoCommit}`,
        ...actions(
          'c1 start', // 1: t=0
          'c2 start', // 2: t=0, c2's timer starts
          'c1 poll', // 3: t=0, both partitions
          'c1 process all', // 4–5
          'wait 4s', // 6: t=4000
          'c2 poll', // 7: joins, waits
          'c1 poll', // 8: rebalance (c1 commits 1 and 1 before rejoining)
          'produce orders-1 1', // 9: offset 1
          'c2 poll', // 10: t=4000: its join completes; orders-1 from 1; the timer restarts
          'c2 process', // 11
          'wait 2s', // 12: t=6000: 6 s since c2 started, 2 s since its join
          'c2 poll', // 13: no auto-commit: the interval counts from the join
          'wait 3s', // 14: t=9000
          'c2 poll', // 15: 5 s since the join: auto-commits its position 2
        ),
      );
      assert.deepEqual(r.commits(8), [
        ['orders-0', 1, 'auto'],
        ['orders-1', 1, 'auto'],
      ]);
      assert.deepEqual(r.polled(10), ['orders-1@1']);
      assert.deepEqual(r.commits(10), [], 'a join is no interval auto-commit');
      assert.deepEqual(r.commits(13), [], 'not at 6 s: the timer restarted at the join (4 s)');
      assert.equal(r.committed(13, 'orders-1'), 1);
      assert.deepEqual(r.commits(15), [['orders-1', 2, 'auto']]);
      assert.deepEqual(r.momentsOf('duplicate', 'lost'), []);
    });
  });

  describe('liveness (docs/design.md#liveness)', () => {
    it('a crashed member keeps its partitions until session.timeout.ms passes (the broker expires its heartbeat, then rebalances)', () => {
      const classic = '{ enable.auto.commit: false, auto.offset.reset: earliest, session.timeout.ms: 6000 }';
      const r = run(
        'topics: { orders: { partitions: 2, records: 3 } }',
        'consumers:',
        `  c1: ${classic}`,
        `  c2: ${classic}`,
        ...actions(
          'c1 start', // 1
          'c2 start', // 2
          'c1 poll', // 3
          'c2 poll', // 4
          'c1 poll', // 5: c1 orders-0, c2 orders-1
          'c2 poll', // 6
          'c1 commitSync orders-0=1', // 7
          'c1 crash', // 8: t=0, no LeaveGroup
          'c2 poll', // 9: the broker still counts c1: no rebalance
          'wait 5s', // 10: t=5000 < 6000
          'c2 poll', // 11: still none
          'c1 restart', // 12: a new member (c1#2); the old one is still there
          'wait 2s', // 13: t=7000: the old member expired at 6000
          'c2 poll', // 14: rebalance: c2 alone in the group so far
        ),
      );
      for (const step of [9, 11]) {
        assert.deepEqual(r.assignment(step, 'c2'), ['orders-1'], `step ${step}`);
        assert.deepEqual(r.trace.states[step - 1].groupState?.members, ['c1', 'c2'], `step ${step}: c1 still a member`);
        assert.deepEqual(r.effects(step).assignmentChanges, [], `step ${step}`);
      }
      assert.deepEqual(r.effects(10).memberEvents, [], 'the session has not expired at 5 s');
      assert.deepEqual(r.effects(13).memberEvents, [{ consumer: 'c1', event: 'session-expired', atMs: 6000 }]);
      assert.deepEqual(r.momentsOf('fenced'), [['fenced', 13, null, null, 'c1']]);
      assert.deepEqual(r.trace.states[12].groupState?.members, ['c2']);
      assert.deepEqual(r.assignment(14, 'c2'), ['orders-0', 'orders-1']);
      assert.deepEqual(
        r.effects(14).positionOrigins.map((o) => [o.partition, o.source, o.offset]),
        [
          [0, 'committed', 1],
          [1, 'reset', 0],
        ],
      );

      // A restarted consumer is a new member (c1#2): its JoinGroup waits for the old member too.
      const restarted = run(
        'topics: { orders: { partitions: 1, records: 3 } }',
        'consumers:',
        `  c1: ${classic}`,
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2
          'c1 process', // 3
          'c1 commitSync orders-0=1', // 4
          'c1 crash', // 5
          'c1 restart', // 6
          'c1 poll', // 7: joins as c1#2; the group waits for the old c1
          'wait 7s', // 8: the old member expires
          'c1 poll', // 9: the round completes: orders-0 at the committed 1
        ),
      );
      assert.deepEqual(restarted.trace.states[6].groupState?.members, ['c1', 'c1#2']);
      assert.equal(restarted.trace.states[6].groupState?.state, 'PreparingRebalance');
      assert.deepEqual(restarted.polled(7), []);
      assert.deepEqual(restarted.assignment(7, 'c1'), []);
      assert.deepEqual(restarted.trace.states[7].groupState?.members, ['c1#2']);
      assert.deepEqual(restarted.polled(9), ['orders-0@1', 'orders-0@2']);
      assert.deepEqual(restarted.momentsOf('resumed'), [['resumed', 9, 1, 'orders-0', 'c1']]);
    });

    it('max.poll.interval.ms exceeded: the heartbeat thread leaves the group, commitSync throws CommitFailedException (a step), and the next poll rejoins and reads again', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 3 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.interval.ms: 3000 }',
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: 0–2
          'c1 process', // 3
          'c1 commitSync', // 4: commits 3
          'produce orders-0 2', // 5: 3 and 4
          'c1 poll', // 6: t=0: 3 and 4
          'c1 process all', // 7–8
          'wait 5s', // 9: no poll for 5 s > 3 s: c1 leaves
          'c1 commitSync', // 10: CommitFailedException
          'c1 poll', // 11: rejoins; partitions lost, resumes at 3
          'c1 process all', // 12–13: 3 and 4 again
          'c1 commitSync', // 14
        ),
      );
      assert.deepEqual(r.effects(9).memberEvents, [{ consumer: 'c1', event: 'poll-timeout', atMs: 3000 }]);
      assert.equal(r.consumer(9, 'c1').phase, 'left group');
      const errors = r.effects(10).errors;
      assert.deepEqual(
        errors.map((e) => [e.consumer, e.exception, e.via]),
        [['c1', 'CommitFailedException', 'thrown']],
      );
      assert.deepEqual(r.commits(10), []);
      assert.equal(r.committed(10, 'orders-0'), 3, 'the committed offset stays');
      assert.deepEqual(
        r.effects(11).assignmentChanges.map((c) => [c.consumer, c.lost === true, c.revoked.length]),
        [
          ['c1', true, 1],
          ['c1', false, 0],
        ],
      );
      assert.deepEqual(r.polled(11), ['orders-0@3', 'orders-0@4']);
      assert.deepEqual(r.momentsOf('commit-failed', 'duplicate'), [
        ['commit-failed', 10, null, null, 'c1'],
        ['duplicate', 12, 3, 'orders-0', 'c1'],
        ['duplicate', 13, 4, 'orders-0', 'c1'],
      ]);
      assert.deepEqual(r.commits(14), [['orders-0', 5, 'sync']]);
      // Checked last, so that a wording slip does not hide the rest: the exception's text is
      // ConsumerCoordinator.sendOffsetCommitRequest's own words (kafka-clients 4.x).
      assert.equal(
        errors[0].message,
        'Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.',
      );
    });
  });

  describe('asynchronous commit (docs/design.md#asynchronous-commit)', () => {
    it('commitAsync is sent at once; its callback runs in a later poll (invokeCompletedOffsetCommitCallbacks), and a failed one is reported, never retried', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 3 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.interval.ms: 3000 }',
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: 0–2
          'c1 process all', // 3–5
          'c1 commitAsync', // 6: stores 3 at once, callback pending
          'produce orders-0 2', // 7
          'c1 poll', // 8: the callback hears it succeeded; reads 3 and 4
          'wait 5s', // 9: c1 leaves the group (poll timeout)
          'c1 commitAsync', // 10: fails, but the application does not know yet
          'c1 poll', // 11: the callback hears CommitFailedException; rejoins at 3
          'c1 poll', // 12
        ),
      );
      assert.deepEqual(r.commits(6), [['orders-0', 3, 'async']]);
      assert.equal(r.committed(6, 'orders-0'), 3, 'the broker stored it at once');
      assert.deepEqual(r.effects(6).asyncConfirmed, []);
      assert.equal(r.consumer(6, 'c1').asyncInFlight, 1);
      assert.deepEqual(
        r.effects(8).asyncConfirmed.map((c) => [c.partition, c.offset, c.kind]),
        [[0, 3, 'async']],
      );
      assert.equal(r.consumer(8, 'c1').asyncInFlight, 0);
      assert.deepEqual(r.commits(10), []);
      assert.deepEqual(r.effects(10).errors, [], 'commitAsync does not throw');
      assert.equal(r.consumer(10, 'c1').asyncInFlight, 1);
      assert.deepEqual(
        r.effects(11).errors.map((e) => [e.exception, e.via]),
        [['CommitFailedException', 'callback']],
      );
      assert.equal(r.consumer(11, 'c1').asyncInFlight, 0);
      // Never retried: no later step commits anything, and the group keeps 3.
      for (const step of [11, 12]) assert.deepEqual(r.commits(step), [], `step ${step}`);
      assert.equal(r.committed(12, 'orders-0'), 3);
      assert.deepEqual(r.polled(11), ['orders-0@3', 'orders-0@4'], 'the rejoin reads from the committed 3');
      assert.deepEqual(r.momentsOf('commit-failed'), [['commit-failed', 11, null, null, 'c1']]);
    });
  });

  describe('auto.offset.reset=none (docs/design.md#auto-offset-reset)', () => {
    it('no committed offset and none: poll throws NoOffsetForPartitionException (SubscriptionState.resetInitializingPositions) as a step, and the scenario goes on', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 3 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: none, max.poll.records: 1 }',
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: NoOffsetForPartitionException
          'c1 seek orders-0 1', // 3: the application decides where to start
          'c1 poll', // 4: reads 1
          'c1 process', // 5
          'c1 commitSync', // 6
        ),
      );
      assert.deepEqual(
        r.effects(2).errors.map((e) => [e.consumer, e.exception, e.via, e.topic, e.partition]),
        [['c1', 'NoOffsetForPartitionException', 'thrown', 'orders', 0]],
      );
      assert.match(
        r.effects(2).errors[0].message,
        /Undefined offset with no reset policy for partitions: \[orders-0\]/,
      );
      assert.deepEqual(r.polled(2), []);
      assert.deepEqual(r.assignment(2, 'c1'), ['orders-0'], 'the partition is assigned, without a position');
      assert.equal(r.view(2, 'c1', 'orders-0').position, null);
      assert.equal(r.trace.steps[1].nextOffsetToRead, null, 'no committed offset and no policy: unknown');
      assert.deepEqual(r.effects(3).errors, []);
      assert.deepEqual(r.polled(4), ['orders-0@1']);
      assert.deepEqual(r.commits(6), [['orders-0', 2, 'sync']]);
      assert.equal(r.trace.steps.length, 6);
    });
  });

  describe('read_committed (docs/design.md#read-committed)', () => {
    it('an open transaction holds read_committed at the last stable offset: its own lag (LSO − position) is 0 while the group lag (log end − committed) is not', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 2 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, isolation.level: read_committed }',
        ...actions(
          'c1 start', // 1
          'c1 poll', // 2: 0 and 1
          'c1 commitSync', // 3: 2
          'begin-transaction', // 4
          'produce-transactional orders-0 2', // 5: 2 and 3, open
          'produce orders-0 1', // 6: 4, behind the open transaction
          'c1 poll', // 7: nothing: the LSO is 2
          'commit-transaction', // 8: marker at 5
          'c1 poll', // 9: 2, 3 and 4
        ),
      );
      assert.deepEqual(r.polled(7), []);
      const held = r.view(7, 'c1', 'orders-0');
      assert.equal(r.trace.states[6].partitions[0].lastStableOffset, 2);
      assert.deepEqual(
        [held.position, held.consumerLag, held.committedOffset, held.logEndOffset, held.lag],
        [2, 0, 2, 5, 3],
      );
      assert.deepEqual(r.momentsOf('stall'), [['stall', 7, 2, 'orders-0', 'c1']]);
      assert.deepEqual(r.polled(9), ['orders-0@2', 'orders-0@3', 'orders-0@4']);
      const after = r.view(9, 'c1', 'orders-0');
      assert.deepEqual([after.position, after.consumerLag], [6, 0], 'the fetch passes the marker');
    });

    it('read_committed skips aborted records (the fetch drops the aborted transactions it is told of): neither lost nor duplicates', () => {
      const r = run(
        'topics: { orders: { partitions: 1, records: 1 } }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, isolation.level: read_committed }',
        ...actions(
          'c1 start', // 1
          'begin-transaction', // 2
          'produce-transactional orders-0 2', // 3: 1 and 2
          'abort-transaction', // 4: abort marker at 3
          'produce orders-0 1', // 5: 4
          'c1 poll', // 6: 0 and 4
          'c1 process all', // 7–8
          'c1 commitSync', // 9: 5, past the aborted records
        ),
      );
      assert.deepEqual(r.polled(6), ['orders-0@0', 'orders-0@4']);
      assert.deepEqual(r.commits(9), [['orders-0', 5, 'sync']]);
      assert.deepEqual(r.momentsOf('aborted-skipped'), [['aborted-skipped', 6, 1, 'orders-0', 'c1']]);
      assert.deepEqual(r.momentsOf('lost', 'duplicate'), [], 'the commit passes 1–3 without a loss');
      assert.equal(r.view(9, 'c1', 'orders-0').lag, 0);
    });
  });
});
