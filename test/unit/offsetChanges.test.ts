// The plan-then-apply flow of offset changes, over in-memory stand-ins for our own Kafka interfaces
// (the same flow runs against a real broker in test/live): the plan is what gets applied, an active
// group is refused before and at apply time, and a group with nothing committed needs a choice.

import * as assert from 'node:assert/strict';
import {
  applyGroupDelete,
  applyGroupReset,
  deletePlanWithLogs,
  planGroupDelete,
  planGroupReset,
  type OffsetChangeClients,
} from '../../src/liveGroups/offsetChanges';
import { KafkaOperationError } from '../../src/kafka/kafkaErrors';
import type { GroupDescription, TopicPartition } from '../../src/kafka/kafkaModel';
import type { KafkaOffsetEditor } from '../../src/kafka/offsetEditorTypes';

/** A group held in memory: committed offsets per partition of topic t (log 0..100). */
function memoryGroup(initial: Record<number, number>, state = 'Empty') {
  const committed = new Map(Object.entries(initial).map(([p, o]) => [Number(p), o]));
  const calls: string[] = [];
  const group = { state };
  const describe = async (groupId: string): Promise<GroupDescription> => {
    if (committed.size === 0 && group.state === 'Empty')
      throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
    return {
      groupId,
      state: group.state,
      protocol: 'classic',
      coordinator: 'b:1',
      members: [],
      rows: [...committed].map(([partition, offset]) => ({
        topic: 't',
        partition,
        currentOffset: offset,
        logEndOffset: 100,
        lag: 100 - offset,
        consumerId: null,
        host: null,
        clientId: null,
      })),
    };
  };
  const editor: KafkaOffsetEditor = {
    // Offset-for-time: the record at offset 50 is the first at or after any time asked for.
    partitionOffsets: async (_g, partitions, timestampMs) => {
      if (timestampMs !== undefined) calls.push(`time ${timestampMs}`);
      return partitions.map((p) => ({
        ...p,
        currentOffset: committed.get(p.partition) ?? null,
        logStartOffset: 0,
        logEndOffset: 100,
        ...(timestampMs === undefined ? {} : { offsetForTime: 50 }),
      }));
    },
    topicPartitions: async () => [0, 1, 2].map((partition) => ({ topic: 't', partition })),
    alterOffsets: async (_g, offsets) => {
      calls.push(`alter ${offsets.map((o) => `${o.partition}=${o.offset}`).join(',')}`);
      for (const o of offsets) committed.set(o.partition, o.offset);
    },
    deleteOffsets: async (_g, partitions: readonly TopicPartition[]) => {
      calls.push(`delete ${partitions.map((p) => p.partition).join(',')}`);
      for (const p of partitions) committed.delete(p.partition);
    },
    close: async () => undefined,
  };
  const clients: OffsetChangeClients = { describeGroup: describe, editor };
  return { clients, committed, calls, group };
}

describe('offset changes: plan, then apply the plan', () => {
  it('the dry run changes nothing, and applying it gives exactly the planned offsets', async () => {
    const { clients, committed, calls } = memoryGroup({ 0: 40, 1: 90 });
    const plan = await planGroupReset(clients, 'g', { kind: 'shift', by: -30 });
    assert.deepEqual(calls, [], 'planning changed nothing');
    assert.deepEqual(
      plan.rows.map((r) => [r.partition, r.currentOffset, r.newOffset]),
      [
        [0, 40, 10],
        [1, 90, 60],
      ],
    );
    const after = await applyGroupReset(clients, 'g', plan.rows);
    assert.deepEqual(
      after.rows.map((r) => [r.partition, r.currentOffset]),
      plan.rows.map((r) => [r.partition, r.newOffset]),
    );
    assert.deepEqual(
      [...committed],
      [
        [0, 10],
        [1, 60],
      ],
    );
  });

  it('refuses a group that is not Empty, when planning and again when applying', async () => {
    const active = memoryGroup({ 0: 5 }, 'Stable');
    await assert.rejects(planGroupReset(active.clients, 'g', { kind: 'earliest' }), /state is Stable/);
    const racing = memoryGroup({ 0: 5 });
    const plan = await planGroupReset(racing.clients, 'g', { kind: 'earliest' });
    racing.group.state = 'PreparingRebalance'; // a consumer joined between the preview and the confirmation
    await assert.rejects(applyGroupReset(racing.clients, 'g', plan.rows), /state is PreparingRebalance/);
    assert.deepEqual(racing.calls, []);
  });

  it('a group with nothing committed needs chosen partitions; a reset then creates its offsets', async () => {
    const empty = memoryGroup({});
    await assert.rejects(
      planGroupReset(empty.clients, 'new-group', { kind: 'latest' }),
      /no committed offsets: choose/,
    );
    const plan = await planGroupReset(empty.clients, 'new-group', { kind: 'latest' }, [{ topic: 't', partition: 2 }]);
    assert.deepEqual(
      plan.rows.map((r) => [r.partition, r.newOffset]),
      [[2, 100]],
    );
    await applyGroupReset(empty.clients, 'new-group', plan.rows);
    assert.deepEqual(empty.calls, ['alter 2=100']);
  });

  it('deletes the planned partitions only; the group is Dead once nothing is left', async () => {
    const { clients, calls } = memoryGroup({ 0: 1, 1: 2 });
    const plan = await planGroupDelete(clients, 'g', [{ topic: 't', partition: 1 }]);
    assert.deepEqual(plan.rows, [{ topic: 't', partition: 1, currentOffset: 2 }]);
    assert.deepEqual(await deletePlanWithLogs(clients, 'g', plan.rows), [
      { topic: 't', partition: 1, currentOffset: 2, logStartOffset: 0, logEndOffset: 100 },
    ]);
    const after = await applyGroupDelete(clients, 'g', plan.rows);
    assert.deepEqual(
      after.rows.map((r) => r.partition),
      [0],
    );
    const rest = await applyGroupDelete(clients, 'g', [{ topic: 't', partition: 0 }]);
    assert.equal(rest.state, 'Dead');
    assert.deepEqual(calls, ['delete 1', 'delete 0']);
  });

  it('by-duration looks the offsets up at now − D, on the clock it is given', async () => {
    const { clients, calls } = memoryGroup({ 0: 80 });
    const plan = await planGroupReset(
      clients,
      'g',
      { kind: 'duration', duration: 'PT1H', durationMs: 3_600_000 },
      undefined,
      { now: () => 10_000_000 },
    );
    assert.equal(plan.timestampMs, 10_000_000 - 3_600_000);
    assert.deepEqual(calls, [`time ${10_000_000 - 3_600_000}`]);
    assert.deepEqual(
      plan.rows.map((r) => [r.partition, r.currentOffset, r.newOffset]),
      [[0, 80, 50]],
    );
  });

  it('from-file resets the file’s partitions, whatever the scope, and refuses partitions that do not exist', async () => {
    const { clients } = memoryGroup({ 0: 40 });
    const target = {
      kind: 'file' as const,
      source: 'plan.csv',
      offsets: [
        { topic: 't', partition: 2, offset: 7 },
        { topic: 't', partition: 0, offset: 500 },
      ],
    };
    const plan = await planGroupReset(clients, 'g', target, [{ topic: 't', partition: 1 }]);
    assert.deepEqual(
      plan.rows.map((r) => [r.partition, r.currentOffset, r.newOffset, r.clampedTo]),
      [
        [2, null, 7, undefined],
        [0, 40, 100, 'log end'],
      ],
    );
    await assert.rejects(
      planGroupReset(clients, 'g', { ...target, offsets: [{ topic: 't', partition: 9, offset: 1 }] }),
      /The partitions "t-9" do not exist/,
    );
  });

  it('to-current changes nothing where there is a committed offset, and takes the log end where there is none', async () => {
    const { clients } = memoryGroup({ 0: 40 });
    const plan = await planGroupReset(clients, 'g', { kind: 'current' }, [
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);
    assert.deepEqual(
      plan.rows.map((r) => [r.partition, r.newOffset]),
      [
        [0, 40],
        [1, 100],
      ],
    );
  });

  it('refuses deleting the offsets of a group that is not inactive, saying so', async () => {
    const active = memoryGroup({ 0: 5 }, 'Stable');
    await assert.rejects(
      planGroupDelete(active.clients, 'g'),
      /Offsets can only be deleted if the group 'g' is inactive, but the current state is Stable\./,
    );
  });
});
