// Turns the two describe answers of a group (ConsumerGroupDescribe for KIP-848 groups, DescribeGroups
// for classic ones) into its protocol, state and members, with their assigned (and target) partitions.

import { normalizeGroupState } from './describeRows';
import { KafkaOperationError } from './kafkaErrors';
import type { GroupDescription, GroupMember, TopicPartition } from './kafkaModel';
import { assignedPartitionsOf } from './consumerProtocolAssignment';

/** A KIP-848 assignment as ConsumerGroupDescribe returns it. */
interface ConsumerAssignment {
  readonly topicPartitions: readonly { readonly topicName: string; readonly partitions: readonly number[] }[];
}

/**
 * The fields used of a KIP-848 group as ConsumerGroupDescribe returns it (the client library's answer
 * and our own wire decoder's both have them).
 */
export interface ConsumerGroupAnswer {
  readonly groupState: string;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  readonly assignorName: string;
  readonly members: readonly {
    readonly memberId: string;
    readonly instanceId?: string | null;
    readonly memberEpoch: number;
    readonly clientId: string;
    readonly clientHost: string;
    readonly assignment: ConsumerAssignment;
    readonly targetAssignment: ConsumerAssignment;
  }[];
}

/** The fields used of a classic group as DescribeGroups returns it. */
export interface ClassicGroupAnswer {
  readonly groupState: string;
  readonly protocolType: string;
  readonly protocolData: string;
  readonly members: readonly {
    readonly memberId: string;
    readonly groupInstanceId?: string | null;
    readonly clientId: string;
    readonly clientHost: string;
    /** ConsumerProtocol assignment bytes (empty while rebalancing). */
    readonly memberAssignment: Buffer;
  }[];
}

/** Who the group is: its protocol, state and members. */
export type GroupIdentity = Pick<
  GroupDescription,
  'protocol' | 'state' | 'members' | 'groupEpoch' | 'assignmentEpoch' | 'assignor'
>;

/** A KIP-848 assignment (topics with partition lists) as a flat list of topic-partitions. */
export function assignmentPartitions(
  topics: readonly { topicName: string; partitions: readonly number[] }[],
): TopicPartition[] {
  return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition })));
}

/** The members of a KIP-848 group, with their current and target assignments and epochs. */
export function consumerGroupMembers(group: ConsumerGroupAnswer): GroupMember[] {
  return group.members.map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.instanceId ?? null,
    clientId: m.clientId,
    host: m.clientHost,
    assignedPartitions: assignmentPartitions(m.assignment.topicPartitions),
    targetPartitions: assignmentPartitions(m.targetAssignment.topicPartitions),
    memberEpoch: m.memberEpoch,
  }));
}

/** The members of a classic group, their assignments decoded from the consumer protocol. */
export function classicGroupMembers(group: ClassicGroupAnswer): GroupMember[] {
  return group.members.map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId ?? null,
    clientId: m.clientId,
    host: m.clientHost,
    assignedPartitions: assignedPartitionsOf(m.memberAssignment),
    targetPartitions: null,
    memberEpoch: null,
  }));
}

/**
 * The group as the describe answers show it (null: that API does not know the group). A KIP-848
 * group wins; a classic group must be alive and of the consumer protocol. Throws unknownGroup, as
 * Kafka's tool says "Group G not found.", when neither knows it.
 */
export function groupIdentity(
  groupId: string,
  consumerGroup: ConsumerGroupAnswer | null | undefined,
  classicGroup: ClassicGroupAnswer | null | undefined,
): GroupIdentity {
  if (consumerGroup) {
    return {
      protocol: 'consumer',
      state: normalizeGroupState(consumerGroup.groupState),
      members: consumerGroupMembers(consumerGroup),
      groupEpoch: consumerGroup.groupEpoch,
      assignmentEpoch: consumerGroup.assignmentEpoch,
      assignor: consumerGroup.assignorName,
    };
  }
  if (classicGroup && normalizeGroupState(classicGroup.groupState) !== 'Dead') {
    if (classicGroup.protocolType !== '' && classicGroup.protocolType !== 'consumer') {
      throw new KafkaOperationError(
        'request',
        `Group ${groupId} is not a consumer group (protocol type "${classicGroup.protocolType}").`,
      );
    }
    return {
      protocol: 'classic',
      state: normalizeGroupState(classicGroup.groupState),
      members: classicGroupMembers(classicGroup),
      assignor: classicGroup.protocolData,
    };
  }
  // Kafka's tool (describeConsumerGroups, then DescribeGroups v6) says "Group G not found."
  throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
}
