// How the two describe answers of a group become its protocol, state and members: a KIP-848 group from
// ConsumerGroupDescribe, a classic one from DescribeGroups (assignments decoded from the consumer
// protocol), and the tool's refusals for a missing or non-consumer group. Answers built by hand.

import * as assert from 'node:assert/strict';
import {
  encodeConsumerProtocolAssignment,
  type consumerGroupDescribeV0,
  type describeGroupsV5,
} from '@platformatic/kafka';
import { assignmentPartitions, groupIdentity } from '../../src/kafka/groupMembers';
import { isKafkaOperationError } from '../../src/kafka/kafkaErrors';

// the client library's own answer types: what the full client returns fits groupIdentity
function consumerGroup(): consumerGroupDescribeV0.ConsumerGroupDescribeResponseGroup {
  const assignment = (partitions: number[]) => ({
    topicPartitions: [{ topicId: 'id-orders', topicName: 'orders', partitions }],
  });
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: 'orders-app',
    groupState: 'STABLE',
    groupEpoch: 4,
    assignmentEpoch: 4,
    assignorName: 'uniform',
    authorizedOperations: 0,
    members: [
      {
        memberId: 'm-1',
        instanceId: null,
        rackId: null,
        memberEpoch: 4,
        clientId: 'console-consumer',
        clientHost: '/127.0.0.1',
        subscribedTopicNames: ['orders'],
        subscribedTopicRegex: null,
        assignment: assignment([0, 1]),
        targetAssignment: assignment([0]),
      },
    ],
  };
}

function classicGroup(groupState: string, protocolType = 'consumer'): describeGroupsV5.DescribeGroupsResponseGroup {
  return {
    errorCode: 0,
    groupId: 'billing',
    groupState,
    protocolType,
    protocolData: 'range',
    authorizedOperations: 0,
    members: [
      {
        memberId: 'c-1',
        groupInstanceId: 'static-1',
        clientId: 'billing-client',
        clientHost: '/10.0.0.7',
        memberMetadata: Buffer.alloc(0),
        memberAssignment: encodeConsumerProtocolAssignment({
          version: 0,
          assignedPartitions: [
            { topic: 'invoices', partitions: [0, 2] },
            { topic: 'refunds', partitions: [1] },
          ],
        }),
      },
    ],
  };
}

function assertKafkaError(fn: () => unknown, kind: string, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isKafkaOperationError(error));
    assert.equal(error.kind, kind);
    assert.equal(error.message, message);
    return true;
  });
}

describe('group members from the describe answers', () => {
  it('flattens a KIP-848 assignment into topic-partitions', () => {
    assert.deepEqual(
      assignmentPartitions([
        { topicName: 'a', partitions: [1, 0] },
        { topicName: 'b', partitions: [] },
        { topicName: 'c', partitions: [3] },
      ]),
      [
        { topic: 'a', partition: 1 },
        { topic: 'a', partition: 0 },
        { topic: 'c', partition: 3 },
      ],
    );
  });

  it('a KIP-848 group: consumer protocol, its state as the tool names it, current and target partitions', () => {
    const identity = groupIdentity('orders-app', consumerGroup(), null);
    assert.equal(identity.protocol, 'consumer');
    assert.equal(identity.state, 'Stable');
    assert.deepEqual(identity.members, [
      {
        memberId: 'm-1',
        groupInstanceId: null,
        clientId: 'console-consumer',
        host: '/127.0.0.1',
        assignedPartitions: [
          { topic: 'orders', partition: 0 },
          { topic: 'orders', partition: 1 },
        ],
        targetPartitions: [{ topic: 'orders', partition: 0 }],
        memberEpoch: 4,
      },
    ]);
  });

  it('a KIP-848 answer wins over a classic one', () => {
    assert.equal(groupIdentity('orders-app', consumerGroup(), classicGroup('Stable')).protocol, 'consumer');
  });

  it('a classic group: assignments decoded from the consumer protocol, no target or epoch', () => {
    const identity = groupIdentity('billing', null, classicGroup('Stable'));
    assert.equal(identity.protocol, 'classic');
    assert.equal(identity.state, 'Stable');
    assert.deepEqual(identity.members, [
      {
        memberId: 'c-1',
        groupInstanceId: 'static-1',
        clientId: 'billing-client',
        host: '/10.0.0.7',
        assignedPartitions: [
          { topic: 'invoices', partition: 0 },
          { topic: 'invoices', partition: 2 },
          { topic: 'refunds', partition: 1 },
        ],
        targetPartitions: null,
        memberEpoch: null,
      },
    ]);
  });

  it('a classic group with an empty protocol type (no member yet) counts as a consumer group', () => {
    const empty = { ...classicGroup('Empty', ''), members: [] };
    assert.deepEqual(groupIdentity('billing', undefined, empty), {
      protocol: 'classic',
      state: 'Empty',
      members: [],
      assignor: empty.protocolData,
    });
  });

  it('refuses a classic group of another protocol type (e.g. Kafka Connect)', () => {
    assertKafkaError(
      () => groupIdentity('connect-cluster', null, classicGroup('Stable', 'connect')),
      'request',
      'Group connect-cluster is not a consumer group (protocol type "connect").',
    );
  });

  it('a Dead classic group, or no answer at all, is "not found" as in the tool', () => {
    assertKafkaError(
      () => groupIdentity('billing', null, classicGroup('Dead')),
      'unknownGroup',
      'Group billing not found.',
    );
    assertKafkaError(() => groupIdentity('nobody', null, null), 'unknownGroup', 'Group nobody not found.');
  });
});
