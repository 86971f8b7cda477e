// The plan-then-apply flow of offset changes, over in-memory stand-ins for our own Kafka interfaces
// (the same flow runs against a real broker in test/live): the plan is what gets applied, an active
// group is refused before and at apply time, and a group with nothing committed needs a choice.

import * as assert from 'node:assert/strict';
import {
  applyGroupDelete,
  applyGroupReset,
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
    partitionOffsets: async (_g, partitions) =>
      partitions.map((p) => ({
        ...p,
        currentOffset: committed.get(p.partition) ?? null,
        logStartOffset: 0,
        logEndOffset: 100,
      })),
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
    const after = await applyGroupDelete(clients, 'g', plan.rows);
    assert.deepEqual(
      after.rows.map((r) => r.partition),
      [0],
    );
    const rest = await applyGroupDelete(clients, 'g', [{ topic: 't', partition: 0 }]);
    assert.equal(rest.state, 'Dead');
    assert.deepEqual(calls, ['delete 1', 'delete 0']);
  });
});
