// Describes a share group (KIP-932) as `kafka-share-groups --describe` does: ShareGroupDescribe for
// its state, epochs and members, and DescribeShareGroupOffsets (every topic the group has state for)
// for each share-partition's start offset and the lag the broker computes, both sent to the group's
// coordinator in one round trip, through our own protocol module (the client has neither API).

import type { Admin } from '@platformatic/kafka';
import { answerEvenOnErrorCodes, brokerApiRange, brokerConnection, responseOf } from './adminInternals';
import { findCoordinator } from './coordinatorQueries';
import { retryWhileCoordinatorMoves } from './coordinatorRetry';
import { askCoordinatorsInRounds, groupAnswer, type GroupAnswer } from './coordinatorRounds';
import { normalizeGroupState } from './describeRows';
import * as offsetsApi from './groupApis/describeShareGroupOffsets';
import * as describeApi from './groupApis/shareGroupDescribe';
import { handshake, type OperationProgress } from './inspectorOperation';
import { KafkaOperationError } from './kafkaErrors';
import type { ShareDescribeRow, ShareGroupDescription, ShareGroupMember } from './kafkaModel';

const groupIdNotFound = 69;

/** A number the broker sends as -1 for "none", as the tool's `-`. */
function known(value: bigint | number | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return n < 0 ? null : n;
}

/** The rows of the offsets answer, sorted by topic and partition. */
export function shareDescribeRows(group: offsetsApi.ShareOffsetsGroup | undefined): ShareDescribeRow[] {
  const rows: ShareDescribeRow[] = [];
  for (const topic of group?.topics ?? []) {
    for (const p of topic.partitions) {
      const ok = p.errorCode === 0;
      rows.push({
        topic: topic.topicName,
        partition: p.partitionIndex,
        startOffset: ok ? known(p.startOffset) : null,
        leaderEpoch: ok ? known(p.leaderEpoch) : null,
        lag: ok ? known(p.lag) : null,
      });
    }
  }
  return rows.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

/** The members of a ShareGroupDescribe answer. */
export function shareGroupMembers(group: describeApi.ShareGroupDescription): ShareGroupMember[] {
  return group.members.map((m) => ({
    memberId: m.memberId,
    rackId: m.rackId,
    memberEpoch: m.memberEpoch,
    clientId: m.clientId,
    host: m.clientHost,
    subscribedTopics: m.subscribedTopicNames,
    assignedPartitions: m.assignment.flatMap((t) =>
      t.partitions.map((partition) => ({ topic: t.topicName, partition })),
    ),
  }));
}

/** Describes share group `groupId` with `client`; rejects unknownGroup when it is not a share group. */
export async function describeShareGroupWith(
  client: Admin,
  progress: OperationProgress,
  groupId: string,
  timeoutMs: number,
): Promise<ShareGroupDescription> {
  await handshake(client, progress);
  const { describe, offsets } = await shareApis(client);
  const retryUntil = Date.now() + timeoutMs;
  return retryWhileCoordinatorMoves(async () => {
    progress.step = `finding the coordinator of group "${groupId}"`;
    const coordinator = await findCoordinator(client, groupId);
    const connection = await brokerConnection(client, coordinator.host, coordinator.port);
    progress.step = `describing share group "${groupId}"`;
    const [described, offsetAnswer] = await Promise.all([
      describe.async(connection, [groupId]).then(
        (response) => response.groups[0],
        (error: unknown) => {
          const group = responseOf<describeApi.ShareGroupDescribeResponse>(error)?.groups[0];
          if (group?.errorCode === groupIdNotFound) return null;
          throw error;
        },
      ),
      offsets.async(connection, [{ groupId, topics: null }]).then(
        (response) => response.groups[0],
        (error: unknown) => {
          // Per-partition errors leave those rows unknown (`-`); a group-level error fails below.
          const group = responseOf<offsetsApi.DescribeShareGroupOffsetsResponse>(error)?.groups[0];
          if (group && group.errorCode === 0) return group;
          if (group?.errorCode === groupIdNotFound) return undefined;
          throw error;
        },
      ),
    ]);
    return shareDescription(groupId, coordinator, described, offsetAnswer);
  }, retryUntil);
}

/** The description of a share group from its two answers; unknownGroup when it is not one (or is Dead). */
function shareDescription(
  groupId: string,
  coordinator: { host: string; port: number; nodeId: number },
  described: describeApi.ShareGroupDescription | null | undefined,
  offsetAnswer: offsetsApi.ShareOffsetsGroup | undefined,
): ShareGroupDescription {
  if (!described || normalizeGroupState(described.groupState) === 'Dead') {
    throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
  }
  return {
    type: 'share',
    groupId,
    state: normalizeGroupState(described.groupState),
    coordinator: `${coordinator.host}:${coordinator.port}`,
    coordinatorId: coordinator.nodeId,
    groupEpoch: described.groupEpoch,
    assignmentEpoch: described.assignmentEpoch,
    assignor: described.assignorName,
    members: shareGroupMembers(described),
    rows: shareDescribeRows(offsetAnswer),
  };
}

/** The two share-group APIs at the newest versions the brokers speak; rejects when they have none. */
async function shareApis(client: Admin): Promise<{
  describe: NonNullable<ReturnType<typeof describeApi.newestApi>>;
  offsets: NonNullable<ReturnType<typeof offsetsApi.newestApi>>;
}> {
  const [describeRange, offsetsRange] = await Promise.all([
    brokerApiRange(client, 'ShareGroupDescribe'),
    brokerApiRange(client, 'DescribeShareGroupOffsets'),
  ]);
  const describe = describeRange && describeApi.newestApi(describeRange.minVersion, describeRange.maxVersion);
  const offsets = offsetsRange && offsetsApi.newestApi(offsetsRange.minVersion, offsetsRange.maxVersion);
  if (!describe || !offsets) {
    throw new KafkaOperationError('request', 'the brokers do not support share groups (Kafka 4.1 or later is needed)');
  }
  return { describe, offsets };
}

/**
 * Describes many share groups with `client` in a fixed number of requests: one FindCoordinator for all,
 * then per coordinator one ShareGroupDescribe and one DescribeShareGroupOffsets for all its groups.
 * Each group's description, or the error that stopped it; groups whose coordinator keeps loading or
 * moving are asked again until a second before `timeoutMs`.
 */
export async function describeShareGroupsWith(
  client: Admin,
  progress: OperationProgress,
  groupIds: readonly string[],
  timeoutMs: number,
): Promise<Map<string, ShareGroupDescription | Error>> {
  await handshake(client, progress);
  const { describe, offsets } = await shareApis(client);
  return askCoordinatorsInRounds(
    client,
    progress,
    groupIds,
    timeoutMs,
    'share',
    async (connection, coordinator, ids) => {
      const [described, offsetAnswer] = await Promise.all([
        answerEvenOnErrorCodes(describe.async(connection, ids)),
        answerEvenOnErrorCodes(
          offsets.async(
            connection,
            ids.map((groupId) => ({ groupId, topics: null })),
          ),
        ),
      ]);
      const answers = new Map<string, GroupAnswer<ShareGroupDescription>>();
      for (const groupId of ids) {
        const group = described.groups.find((g) => g.groupId === groupId);
        const offsetGroup = offsetAnswer.groups.find((g) => g.groupId === groupId);
        answers.set(
          groupId,
          groupAnswer('share', groupId, [group?.errorCode ?? 0, offsetGroup?.errorCode ?? 0], () =>
            shareDescription(
              groupId,
              coordinator,
              group?.errorCode === 0 ? group : null,
              offsetGroup?.errorCode === 0 ? offsetGroup : undefined,
            ),
          ),
        );
      }
      return answers;
    },
  );
}
