// Describes a streams group (KIP-1071) as `kafka-streams-groups --describe --verbose` does:
// StreamsGroupDescribe (our own protocol module) for its state, epochs, topology and members with their
// tasks, and OffsetFetch for the committed offsets, at the group's coordinator in one round trip; then
// the log start and end of every partition an active task reads. Its lag rule is the tool's, not the
// consumer group tool's: without a committed offset, the whole log (end − start) is lag.

import type { Admin, offsetFetchV9 } from '@platformatic/kafka';
import { partitionKeyOf } from '../common/topicPartition';
import {
  answerEvenOnErrorCodes,
  bootstrapConnection,
  brokerApiRange,
  brokerConnection,
  protocolApi,
  responseOf,
} from './adminInternals';
import { findCoordinator } from './coordinatorQueries';
import { retryWhileCoordinatorMoves } from './coordinatorRetry';
import { askCoordinatorsInRounds, groupAnswer, type GroupAnswer } from './coordinatorRounds';
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

/** StreamsGroupDescribe at the newest version the brokers speak, and OffsetFetch v8+ (many groups); rejects without streams groups. */
async function streamsApis(client: Admin) {
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
  return { describe, offsetFetch };
}

/** Describes streams group `groupId` with `client`; rejects unknownGroup when it is not a streams group. */
export async function describeStreamsGroupWith(
  client: Admin,
  progress: OperationProgress,
  groupId: string,
  timeoutMs: number,
): Promise<StreamsGroupDescription> {
  await handshake(client, progress);
  const { describe, offsetFetch } = await streamsApis(client);
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
  const group = streamsGroupParts(groupId, described);
  progress.step = `reading the log start and end offsets of group "${groupId}"`;
  const [logStart, logEnd] = await Promise.all([
    readLogStartOffsets(client, connection, group.partitions),
    readLogEndOffsets(client, connection, group.partitions),
  ]);
  return streamsDescription(groupId, coordinator, group, offsets, logStart, logEnd);
}

/** A described streams group's members, subtopologies and the partitions its active tasks read; unknownGroup when none. */
function streamsGroupParts(
  groupId: string,
  described: describeApi.StreamsGroupDescription | null | undefined,
): {
  described: describeApi.StreamsGroupDescription;
  members: StreamsGroupMember[];
  subtopologies: StreamsSubtopology[];
  partitions: TopicPartition[];
} {
  if (!described || normalizeGroupState(described.groupState) === 'Dead') {
    throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
  }
  const members = streamsGroupMembers(described);
  const subtopologies: StreamsSubtopology[] = (described.topology?.subtopologies ?? []).map((s) => ({
    subtopologyId: s.subtopologyId,
    sourceTopics: s.sourceTopics,
    repartitionSourceTopics: s.repartitionSourceTopics,
  }));
  return { described, members, subtopologies, partitions: activeTaskPartitions(members, subtopologies) };
}

/** The description of a streams group from its parts, its OffsetFetch answer and the log offsets. */
function streamsDescription(
  groupId: string,
  coordinator: { host: string; port: number; nodeId: number },
  { described, members, subtopologies, partitions }: ReturnType<typeof streamsGroupParts>,
  offsets: offsetFetchV9.OffsetFetchResponse,
  logStart: ReadonlyMap<string, number | null>,
  logEnd: ReadonlyMap<string, number | null>,
): StreamsGroupDescription {
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

/**
 * Describes many streams groups with `client` in a fixed number of requests: one FindCoordinator for
 * all, per coordinator one StreamsGroupDescribe and one OffsetFetch for all its groups, then the log
 * start and end offsets of every partition of every group (one Metadata, one ListOffsets per leader
 * each). Each group's description, or the error that stopped it; groups whose coordinator keeps
 * loading or moving are asked again until a second before `timeoutMs`.
 */
export async function describeStreamsGroupsWith(
  client: Admin,
  progress: OperationProgress,
  groupIds: readonly string[],
  timeoutMs: number,
): Promise<Map<string, StreamsGroupDescription | Error>> {
  await handshake(client, progress);
  const { describe, offsetFetch } = await streamsApis(client);
  interface Described {
    coordinator: { host: string; port: number; nodeId: number };
    parts: ReturnType<typeof streamsGroupParts>;
    offsets: offsetFetchV9.OffsetFetchResponse;
  }
  const answered = await askCoordinatorsInRounds<Described>(
    client,
    progress,
    groupIds,
    timeoutMs,
    'streams',
    async (connection, coordinator, ids) => {
      const [answer, offsets] = await Promise.all([
        answerEvenOnErrorCodes(describe.async(connection, ids)),
        answerEvenOnErrorCodes(
          offsetFetch.async(
            connection,
            ids.map((groupId) => ({ groupId, memberId: null, memberEpoch: -1, topics: null })),
            false,
          ),
        ),
      ]);
      const answers = new Map<string, GroupAnswer<Described>>();
      for (const groupId of ids) {
        const group = answer.groups.find((g) => g.groupId === groupId);
        const offsetGroup = offsets.groups.find((g) => g.groupId === groupId);
        answers.set(
          groupId,
          groupAnswer('streams', groupId, [group?.errorCode ?? 0, offsetGroup?.errorCode ?? 0], () => ({
            coordinator,
            parts: streamsGroupParts(groupId, group?.errorCode === 0 ? group : null),
            // the group's own OffsetFetch answer, in the shape the one-group describe reads
            offsets: { ...offsets, groups: offsetGroup ? [offsetGroup] : [] },
          })),
        );
      }
      return answers;
    },
  );
  const outcomes = new Map<string, StreamsGroupDescription | Error>();
  const described: (Described & { groupId: string })[] = [];
  for (const [groupId, outcome] of answered) {
    if (outcome instanceof Error) outcomes.set(groupId, outcome);
    else described.push({ groupId, ...outcome });
  }
  // every partition once: a partition asked twice in one ListOffsets is refused
  const partitions = new Map<string, TopicPartition>();
  for (const d of described)
    for (const p of d.parts.partitions) partitions.set(partitionKeyOf(p.topic, p.partition), p);
  if (described.length > 0) {
    progress.step = `reading the log start and end offsets of ${described.length} streams groups`;
    const boot = await bootstrapConnection(client);
    const [logStart, logEnd] = await Promise.all([
      readLogStartOffsets(client, boot, [...partitions.values()]),
      readLogEndOffsets(client, boot, [...partitions.values()]),
    ]);
    for (const d of described) {
      outcomes.set(d.groupId, streamsDescription(d.groupId, d.coordinator, d.parts, d.offsets, logStart, logEnd));
    }
  }
  return outcomes;
}
