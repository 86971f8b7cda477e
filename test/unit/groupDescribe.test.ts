// The describe's own bookkeeping, on hand-made answers: committed offsets read from OffsetFetch (none
// for a negative offset), and the partitions whose log-end offsets it reads (owned or committed, once).

import * as assert from 'node:assert/strict';
import type { offsetFetchV9 } from '@platformatic/kafka';
import { partitionKeyOf } from '../../src/common/topicPartition';
import { describedPartitions } from '../../src/kafka/describeRows';
import { committedOffsets } from '../../src/kafka/groupDescribe';
import type { GroupMember } from '../../src/kafka/kafkaModel';

function offsetFetch(topics: { name: string; partitions: [number, bigint][] }[]): offsetFetchV9.OffsetFetchResponse {
  return {
    throttleTimeMs: 0,
    groups: [
      {
        groupId: 'g',
        errorCode: 0,
        topics: topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map(([partitionIndex, committedOffset]) => ({
            partitionIndex,
            committedOffset,
            committedLeaderEpoch: -1,
            metadata: null,
            errorCode: 0,
          })),
        })),
      },
    ],
  } as offsetFetchV9.OffsetFetchResponse;
}

function member(partitions: [string, number][]): GroupMember {
  return {
    memberId: 'm',
    groupInstanceId: null,
    clientId: 'c',
    host: '/127.0.0.1',
    assignedPartitions: partitions.map(([topic, partition]) => ({ topic, partition })),
    targetPartitions: null,
    memberEpoch: null,
  };
}

describe('describe bookkeeping', () => {
  it('reads committed offsets by partition key; a negative offset is none', () => {
    const committed = committedOffsets(
      offsetFetch([
        {
          name: 'orders',
          partitions: [
            [0, 42n],
            [1, -1n],
          ],
        },
        { name: 'refunds', partitions: [[3, 0n]] },
      ]),
    );
    assert.deepEqual(
      [...committed],
      [
        [partitionKeyOf('orders', 0), { topic: 'orders', partition: 0, offset: 42 }],
        [partitionKeyOf('orders', 1), { topic: 'orders', partition: 1, offset: null }],
        [partitionKeyOf('refunds', 3), { topic: 'refunds', partition: 3, offset: 0 }],
      ],
    );
  });

  it('an answer without a group has no committed offsets', () => {
    assert.equal(committedOffsets({ throttleTimeMs: 0, groups: [] } as offsetFetchV9.OffsetFetchResponse).size, 0);
  });

  it('covers every owned or committed partition once, owned ones first', () => {
    const committed = committedOffsets(
      offsetFetch([
        {
          name: 'orders',
          partitions: [
            [1, 7n],
            [2, 9n],
          ],
        },
      ]),
    );
    const partitions = describedPartitions(
      [
        member([
          ['orders', 0],
          ['orders', 1],
        ]),
        member([['audit', 0]]),
      ],
      committed,
    );
    assert.deepEqual(
      partitions.map((p) => `${p.topic}-${p.partition}`),
      ['orders-0', 'orders-1', 'audit-0', 'orders-2'],
    );
  });
});
