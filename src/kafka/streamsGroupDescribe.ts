// Describes a streams group (KIP-1071) as `kafka-streams-groups --describe --verbose` does:
// StreamsGroupDescribe (our own protocol module) for its state, epochs, topology and members with their
// tasks, and OffsetFetch for the committed offsets, at the group's coordinator in one round trip; then
// the log start and end of every partition an active task reads. Its lag rule is the tool's, not the
// consumer group tool's: without a committed offset, the whole log (end − start) is lag.

import type { Admin, offsetFetchV9 } from '@platformatic/kafka';
import { partitionKeyOf } from '../common/topicPartition';
import { brokerApiRange, brokerConnection, protocolApi, responseOf } from './adminInternals';
import { findCoordinator } from './coordinatorQueries';
import { retryWhileCoordinatorMoves } from './coordinatorRetry';
import { normalizeGroupState } from './describeRows';
import { committedOffsets, type CommittedOffsets } from './groupDescribe';
import * as describeApi from './groupApis/streamsGroupDescribe';
import { handshake, type OperationProgress } from './inspectorOperation';
import { KafkaOperationError } from './kafkaErrors';
import type {
  StreamsAssignment,
  StreamsDescribeRow,
  StreamsGroupDescription,
  StreamsGroupMember,
  StreamsSubtopology,
  TopicPartition,
} from './kafkaModel';
import { readLogEndOffsets, readLogStartOffsets } from './logEndOffsets';

const groupIdNotFound = 69;

function tasksOf(tasks: describeApi.StreamsTasks): StreamsAssignment {
  const list = (ids: describeApi.StreamsTaskIds[]) =>
    ids.map((t) => ({ subtopologyId: t.subtopologyId, partitions: [...t.partitions].sort((a, b) => a - b) }));
  return { active: list(tasks.activeTasks), standby: list(tasks.standbyTasks), warmup: list(tasks.warmupTasks) };
}

/** The members of a StreamsGroupDescribe answer. */
export function streamsGroupMembers(group: describeApi.StreamsGroupDescription): StreamsGroupMember[] {
  return group.members.map((m) => ({
    memberId: m.memberId,
    memberEpoch: m.memberEpoch,
    instanceId: m.instanceId,
    rackId: m.rackId,
    clientId: m.clientId,
    host: m.clientHost,
    processId: m.processId,
    isClassic: m.isClassic,
    assignment: tasksOf(m.assignment),
    targetAssignment: tasksOf(m.targetAssignment),
  }));
}

/**
 * The partitions the tool describes: for every member's active tasks, that partition number of each
 * source and repartition source topic of the task's subtopology.
 */
export function activeTaskPartitions(
  members: readonly StreamsGroupMember[],
  subtopologies: readonly StreamsSubtopology[],
): TopicPartition[] {
  const topicsOf = new Map(
    subtopologies.map((s) => [s.subtopologyId, [...s.sourceTopics, ...s.repartitionSourceTopics]]),
  );
  const wanted = new Map<string, TopicPartition>();
  for (const member of members) {
    for (const task of member.assignment.active) {
      for (const topic of topicsOf.get(task.subtopologyId) ?? []) {
        for (const partition of task.partitions) wanted.set(partitionKeyOf(topic, partition), { topic, partition });
      }
    }
  }
  return [...wanted.values()].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
}

/** The rows, with the tool's lag rule, and which part of it produced each number. */
export function streamsDescribeRows(
  partitions: readonly TopicPartition[],
  committed: CommittedOffsets,
  leaderEpochs: ReadonlyMap<string, number | null>,
  logStart: ReadonlyMap<string, number | null>,
  logEnd: ReadonlyMap<string, number | null>,
): StreamsDescribeRow[] {
  return partitions.map((tp) => {
    const key = partitionKeyOf(tp.topic, tp.partition);
    const current = committed.get(key)?.offset ?? null;
    const end = logEnd.get(key) ?? null;
    const start = logStart.get(key) ?? null;
    let lag: number | null = null;
    let lagRule: StreamsDescribeRow['lagRule'] = 'unknown (no leader)';
    if (end !== null && current !== null) {
      lag = end - current;
      lagRule = 'log end − committed';
    } else if (end !== null && start !== null) {
      lag = end - start;
      lagRule = 'log end − log start (no committed offset)';
    }
    return {
      topic: tp.topic,
      partition: tp.partition,
      currentOffset: current,
      leaderEpoch: current === null ? null : (leaderEpochs.get(key) ?? null),
      logEndOffset: end,
      lag,
      lagRule,
    };
  });
}

/** The committed leader epochs of an OffsetFetch answer, by partition key (-1: none, null). */
function committedLeaderEpochs(offsets: offsetFetchV9.OffsetFetchResponse): Map<string, number | null> {
  const epochs = new Map<string, number | null>();
  for (const topic of offsets.groups[0]?.topics ?? []) {
    for (const p of topic.partitions) {
      epochs.set(
        partitionKeyOf(topic.name, p.partitionIndex),
        p.committedLeaderEpoch < 0 ? null : p.committedLeaderEpoch,
      );
    }
  }
  return epochs;
}

/** Describes streams group `groupId` with `client`; rejects unknownGroup when it is not a streams group. */
export async function describeStreamsGroupWith(
  client: Admin,
  progress: OperationProgress,
  groupId: string,
  timeoutMs: number,
): Promise<StreamsGroupDescription> {
  await handshake(client, progress);
  const range = await brokerApiRange(client, 'StreamsGroupDescribe');
  const describe = range && describeApi.newestApi(range.minVersion, range.maxVersion);
  if (!describe) {
    throw new KafkaOperationError(
      'request',
      'the brokers do not support streams groups (Kafka 4.1 or later is needed)',
    );
  }
  const offsetFetch = await protocolApi<
    [offsetFetchV9.OffsetFetchRequestGroup[], boolean],
    offsetFetchV9.OffsetFetchResponse
  >(client, 'OffsetFetch', 8);
  const retryUntil = Date.now() + timeoutMs;
  const answers = await retryWhileCoordinatorMoves(async () => {
    progress.step = `finding the coordinator of group "${groupId}"`;
    const coordinator = await findCoordinator(client, groupId);
    const connection = await brokerConnection(client, coordinator.host, coordinator.port);
    progress.step = `describing streams group "${groupId}"`;
    const [described, offsets] = await Promise.all([
      describe.async(connection, [groupId]).then(
        (response) => response.groups[0],
        (error: unknown) => {
          const group = responseOf<describeApi.StreamsGroupDescribeResponse>(error)?.groups[0];
          if (group?.errorCode === groupIdNotFound) return null;
          throw error;
        },
      ),
      offsetFetch.async(connection, [{ groupId, memberId: null, memberEpoch: -1, topics: null }], false),
    ]);
    return { coordinator, connection, described, offsets };
  }, retryUntil);
  const { coordinator, connection, described, offsets } = answers;
  if (!described || normalizeGroupState(described.groupState) === 'Dead') {
    throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
  }
  const members = streamsGroupMembers(described);
  const subtopologies: StreamsSubtopology[] = (described.topology?.subtopologies ?? []).map((s) => ({
    subtopologyId: s.subtopologyId,
    sourceTopics: s.sourceTopics,
    repartitionSourceTopics: s.repartitionSourceTopics,
  }));
  const partitions = activeTaskPartitions(members, subtopologies);
  progress.step = `reading the log start and end offsets of group "${groupId}"`;
  const [logStart, logEnd] = await Promise.all([
    readLogStartOffsets(client, connection, partitions),
    readLogEndOffsets(client, connection, partitions),
  ]);
  return {
    type: 'streams',
    groupId,
    state: normalizeGroupState(described.groupState),
    coordinator: `${coordinator.host}:${coordinator.port}`,
    coordinatorId: coordinator.nodeId,
    groupEpoch: described.groupEpoch,
    targetAssignmentEpoch: described.targetAssignmentEpoch,
    topologyEpoch: described.topology?.epoch ?? -1,
    ...(described.assignorName ? { assignor: described.assignorName } : {}),
    subtopologies,
    members,
    rows: streamsDescribeRows(partitions, committedOffsets(offsets), committedLeaderEpochs(offsets), logStart, logEnd),
  };
}
