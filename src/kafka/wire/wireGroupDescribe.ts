// Describing classic and KIP-848 consumer groups over the wire, many at once, with the answers of the
// full client's describe: the coordinators of all the groups from one FindCoordinator (asked again
// while one loads or moves), then per coordinator one ConsumerGroupDescribe, one DescribeGroups and one
// OffsetFetch for all its groups, then the log-end offsets of every partition of every group (one
// Metadata, one ListOffsets per leader). The number of requests does not grow with the groups.
// A group this path cannot describe gets its error (e.g. "not found", a missing topic) or a
// WireFallback (an answer this path does not handle), for the caller to describe with the full client.

import { partitionKeyOf } from '../../common/topicPartition';
import { coordinatorRetryableCodes, retryDelayMs, sleep } from '../coordinatorRetry';
import { buildDescribeRows, describedPartitions } from '../describeRows';
import { groupIdentity, type ClassicGroupAnswer, type ConsumerGroupAnswer, type GroupIdentity } from '../groupMembers';
import { isKafkaOperationError, KafkaOperationError, socketReason } from '../kafkaErrors';
import type { GroupDescription, TopicPartition } from '../kafkaModel';
import { latestTimestamp } from './clusterApis';
import {
  apiKeys,
  coordinatorApiVersions,
  describeClassicGroups,
  describeConsumerGroups,
  fetchCommittedOffsets,
  findCoordinators,
  type FoundCoordinator,
} from './coordinatorApis';
import { isConnectionFailure, WireFallback } from './wireConnection';
import { readOffsetsOverWire } from './wireLogOffsets';
import type { WireSession } from './wireSession';

/** A group to describe, with its type when a listing named it (saves asking the other describe API). */
export interface GroupToDescribe {
  readonly groupId: string;
  readonly type?: 'classic' | 'consumer';
}

const groupIdNotFound = 69;

/** Signals that a group's coordinator moved: that group starts again from FindCoordinator. */
class CoordinatorMoved extends Error {}

type Committed = Map<string, { topic: string; partition: number; offset: number | null }>;

/** What a coordinator said about one group. */
interface Answered {
  readonly coordinator: FoundCoordinator;
  readonly identity: GroupIdentity;
  readonly committed: Committed;
}

/** The answer's group when its error code is 0, null for GROUP_ID_NOT_FOUND; moved or fallback otherwise. */
function groupOrNull<T extends { errorCode: number }>(group: T | undefined, api: string): T | null {
  if (!group) throw new WireFallback(`${api} answered no group`);
  if (group.errorCode === 0) return group;
  if (group.errorCode === groupIdNotFound) return null;
  if (coordinatorRetryableCodes.has(group.errorCode)) throw new CoordinatorMoved();
  throw new WireFallback(`${api} answered error ${group.errorCode}`);
}

/** Why a group whose coordinator keeps loading or moving could not be described, once out of time. */
function notAvailable(groupId: string): KafkaOperationError {
  return new KafkaOperationError(
    'request',
    `the group coordinator is not available while describing group "${groupId}" (it is loading or moving)`,
  );
}

/** The step's wording: about the one group, or about how many. */
function stepOf(groups: readonly GroupToDescribe[], one: (id: string) => string, many: (n: number) => string): string {
  return groups.length === 1 ? one(groups[0].groupId) : many(groups.length);
}

/** Asks one coordinator about its groups: both describe APIs (as needed) and the committed offsets, at once. */
async function askCoordinator(
  session: WireSession,
  coordinator: FoundCoordinator,
  groups: readonly GroupToDescribe[],
  answered: Map<string, Answered>,
  failed: Map<string, Error>,
  retryLater: (group: GroupToDescribe, why: Error) => void,
): Promise<void> {
  const connection = await session.connectionTo(coordinator.host, coordinator.port);
  // brokers before Kafka 3.7 have no KIP-848 groups
  const hasConsumerGroups = session.speaks(
    apiKeys.consumerGroupDescribe,
    coordinatorApiVersions[apiKeys.consumerGroupDescribe],
  );
  const consumerIds = hasConsumerGroups ? groups.filter((g) => g.type !== 'classic').map((g) => g.groupId) : [];
  const classicIds = groups.filter((g) => g.type !== 'consumer').map((g) => g.groupId);
  const [consumer, classic, offsets] = await Promise.all([
    consumerIds.length > 0 ? describeConsumerGroups(connection, consumerIds) : [],
    classicIds.length > 0 ? describeClassicGroups(connection, classicIds) : [],
    fetchCommittedOffsets(
      connection,
      groups.map((g) => g.groupId),
    ),
  ]);
  const consumerById = new Map(consumer.map((g) => [g.groupId, g]));
  const classicById = new Map(classic.map((g) => [g.groupId, g]));
  const offsetsById = new Map(offsets.map((g) => [g.groupId, g]));
  for (const { groupId, type } of groups) {
    try {
      const consumerGroup: ConsumerGroupAnswer | null =
        hasConsumerGroups && type !== 'classic'
          ? groupOrNull(consumerById.get(groupId), 'ConsumerGroupDescribe')
          : null;
      const classicGroup: ClassicGroupAnswer | null =
        type !== 'consumer' ? groupOrNull(classicById.get(groupId), 'DescribeGroups') : null;
      const fetched = offsetsById.get(groupId);
      if (!fetched) throw new WireFallback('OffsetFetch answered no group');
      if (coordinatorRetryableCodes.has(fetched.errorCode)) throw new CoordinatorMoved();
      if (fetched.errorCode !== 0) throw new WireFallback(`OffsetFetch answered error ${fetched.errorCode}`);
      const committed: Committed = new Map();
      for (const entry of fetched.offsets) {
        committed.set(partitionKeyOf(entry.topic, entry.partition), {
          topic: entry.topic,
          partition: entry.partition,
          offset: entry.offset,
        });
      }
      answered.set(groupId, { coordinator, identity: groupIdentity(groupId, consumerGroup, classicGroup), committed });
    } catch (error) {
      if (error instanceof CoordinatorMoved) retryLater({ groupId, ...(type ? { type } : {}) }, notAvailable(groupId));
      else failed.set(groupId, error as Error);
    }
  }
}

/**
 * Describes `groups` over `session`, updating `progress`; each group's description, or the error that
 * stopped it. Bounded by the caller's deadline (coordinators that keep moving are asked until then).
 */
export async function describeGroupsOverWire(
  session: WireSession,
  progress: { step: string },
  groups: readonly GroupToDescribe[],
): Promise<Map<string, GroupDescription | Error>> {
  for (const apiKey of [apiKeys.findCoordinator, apiKeys.describeGroups, apiKeys.offsetFetch] as const) {
    session.require(apiKey, coordinatorApiVersions[apiKey]);
  }
  const answered = new Map<string, Answered>();
  const failed = new Map<string, Error>();
  let pending = [...new Map(groups.map((g) => [g.groupId, g])).values()];
  // why each group is being asked again: its error once the retries are over
  const lastProblem = new Map<string, Error>();
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) {
      const delay = retryDelayMs(attempt - 1);
      if (Date.now() + delay >= session.retryUntil) {
        // still loading or moving: those groups get why; the others are described
        for (const group of pending)
          failed.set(group.groupId, lastProblem.get(group.groupId) ?? notAvailable(group.groupId));
        break;
      }
      await sleep(delay);
    }
    progress.step = stepOf(
      pending,
      (id) => `finding the coordinator of group "${id}"`,
      (n) => `finding the coordinators of ${n} groups`,
    );
    const found = new Map(
      (
        await findCoordinators(
          session.bootstrap,
          pending.map((g) => g.groupId),
        )
      ).map((f) => [f.key, f]),
    );
    const retry: GroupToDescribe[] = [];
    const retryLater = (group: GroupToDescribe, why: Error): void => {
      retry.push(group);
      lastProblem.set(group.groupId, why);
    };
    const byCoordinator = new Map<number, { coordinator: FoundCoordinator; groups: GroupToDescribe[] }>();
    for (const group of pending) {
      const coordinator = found.get(group.groupId);
      if (coordinator?.errorCode === 0) {
        const entry = byCoordinator.get(coordinator.nodeId) ?? { coordinator, groups: [] };
        byCoordinator.set(coordinator.nodeId, entry);
        entry.groups.push(group);
      } else if (coordinator && coordinatorRetryableCodes.has(coordinator.errorCode)) {
        retryLater(group, notAvailable(group.groupId));
      } else {
        failed.set(
          group.groupId,
          new WireFallback(`FindCoordinator answered error ${coordinator?.errorCode ?? 'none'}`),
        );
      }
    }
    progress.step = stepOf(
      pending,
      (id) => `describing group "${id}"`,
      (n) => `describing ${n} groups`,
    );
    await Promise.all(
      [...byCoordinator.values()].map(({ coordinator, groups: ofCoordinator }) =>
        askCoordinator(session, coordinator, ofCoordinator, answered, failed, retryLater).catch((error: unknown) => {
          // a coordinator that went away: its groups are asked again, as when it says it moved
          if (!isConnectionFailure(error)) throw error;
          const why = new KafkaOperationError(
            'brokerDisconnected',
            `cannot connect to the group coordinator ${coordinator.host}:${coordinator.port} (${socketReason((error as NodeJS.ErrnoException).code)})`,
          );
          for (const group of ofCoordinator) retryLater(group, why);
        }),
      ),
    );
    pending = retry;
  }

  const partitionsOf = new Map<string, TopicPartition[]>();
  for (const [groupId, { identity, committed }] of answered) {
    partitionsOf.set(groupId, describedPartitions(identity.members, committed));
  }
  progress.step = stepOf(
    groups,
    (id) => `reading the log-end offsets of group "${id}"`,
    (n) => `reading the log-end offsets of ${n} groups`,
  );
  const { offsets: logEndOffsets, missingTopics } = await readOffsetsOverWire(
    session,
    [...partitionsOf.values()].flat(),
    latestTimestamp,
  );
  const outcomes = new Map<string, GroupDescription | Error>(failed);
  for (const [groupId, { coordinator, identity, committed }] of answered) {
    const missing = [...new Set(partitionsOf.get(groupId)?.map((p) => p.topic))].filter((t) => missingTopics.has(t));
    if (missing.length > 0) {
      outcomes.set(
        groupId,
        new KafkaOperationError(
          'missingTopic',
          `topic ${missing
            .sort()
            .map((t) => `"${t}"`)
            .join(', ')} does not exist (the group has offsets for it)`,
        ),
      );
      continue;
    }
    outcomes.set(groupId, {
      groupId,
      state: identity.state,
      protocol: identity.protocol,
      coordinator: `${coordinator.host}:${coordinator.port}`,
      coordinatorId: coordinator.nodeId,
      ...(identity.groupEpoch !== undefined ? { groupEpoch: identity.groupEpoch } : {}),
      ...(identity.assignmentEpoch !== undefined ? { assignmentEpoch: identity.assignmentEpoch } : {}),
      ...(identity.assignor !== undefined ? { assignor: identity.assignor } : {}),
      members: identity.members,
      rows: buildDescribeRows(identity.members, committed, logEndOffsets),
    });
  }
  return outcomes;
}

/**
 * Describes one group (classic or KIP-848) over `session`. One neither describe API knows (a share or
 * streams group, or none) is a WireFallback: the full client tells those apart.
 */
export async function describeGroupOverWire(
  session: WireSession,
  progress: { step: string },
  groupId: string,
): Promise<GroupDescription> {
  const outcome = (await describeGroupsOverWire(session, progress, [{ groupId }])).get(groupId);
  if (outcome === undefined) throw new WireFallback('no answer for the group');
  if (!(outcome instanceof Error)) return outcome;
  if (isKafkaOperationError(outcome) && outcome.kind === 'unknownGroup') throw new WireFallback('not a consumer group');
  throw outcome;
}
