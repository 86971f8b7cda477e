// `describeGroup` as Kafka's tool does it: ask the group's coordinator (again while it moves), map the
// answers to the group and its members, then read the log-end offsets of every partition with an owner
// or a committed offset and build the describe rows.

import type { Admin, offsetFetchV9 } from '@platformatic/kafka';
import { partitionKeyOf } from '../common/topicPartition';
import { askCoordinator } from './coordinatorQueries';
import { retryWhileCoordinatorMoves } from './coordinatorRetry';
import { buildDescribeRows, describedPartitions } from './describeRows';
import { groupIdentity } from './groupMembers';
import { handshake, type OperationProgress } from './inspectorOperation';
import type { GroupDescription } from './kafkaModel';
import { readLogEndOffsets } from './logEndOffsets';

/** A committed offset by partition key; null when the group has none there. */
export type CommittedOffsets = Map<string, { topic: string; partition: number; offset: number | null }>;

/** The committed offsets in an OffsetFetch answer, by partition key (negative: none, null). */
export function committedOffsets(offsets: offsetFetchV9.OffsetFetchResponse): CommittedOffsets {
  const committed: CommittedOffsets = new Map();
  for (const topic of offsets.groups[0]?.topics ?? []) {
    for (const p of topic.partitions) {
      const offset = Number(p.committedOffset);
      committed.set(partitionKeyOf(topic.name, p.partitionIndex), {
        topic: topic.name,
        partition: p.partitionIndex,
        offset: offset < 0 ? null : offset,
      });
    }
  }
  return committed;
}

/**
 * Describes `groupId` with `client`, updating `progress`. A coordinator that is loading or has moved
 * (a fresh cluster, a broker stopped) answers NOT_COORDINATOR & co.: it is found again and asked
 * again, as Kafka's tool does, for up to `timeoutMs`.
 */
export async function describeGroupWith(
  client: Admin,
  progress: OperationProgress,
  groupId: string,
  timeoutMs: number,
): Promise<GroupDescription> {
  await handshake(client, progress);
  const retryUntil = Date.now() + timeoutMs;
  const { coordinator, coordinatorConnection, consumerGroup, classicGroup, offsets } = await retryWhileCoordinatorMoves(
    () => askCoordinator(client, progress, groupId),
    retryUntil,
  );
  const identity = groupIdentity(groupId, consumerGroup, classicGroup);
  const { protocol, state, members } = identity;
  const committed = committedOffsets(offsets);

  progress.step = `reading the log-end offsets of group "${groupId}"`;
  const logEndOffsets = await readLogEndOffsets(client, coordinatorConnection, describedPartitions(members, committed));
  return {
    groupId,
    state,
    protocol,
    coordinator: `${coordinator.host}:${coordinator.port}`,
    coordinatorId: coordinator.nodeId,
    ...(identity.groupEpoch !== undefined ? { groupEpoch: identity.groupEpoch } : {}),
    ...(identity.assignmentEpoch !== undefined ? { assignmentEpoch: identity.assignmentEpoch } : {}),
    ...(identity.assignor !== undefined ? { assignor: identity.assignor } : {}),
    members,
    rows: buildDescribeRows(members, committed, logEndOffsets),
  };
}
