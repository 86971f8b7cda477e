// The Kafka inspector, entry of the client bundle dist/kafkaClient.js (it and the modules it pulls in,
// kafkaOffsetEditor.ts and connectionOptions.ts, are the only ones that import @platformatic/kafka),
// loaded on first use through kafkaClientLoader.ts. Read-only: it never joins a group or commits.

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  Admin,
  type consumerGroupDescribeV0,
  decodeConsumerProtocolAssignment,
  FetchIsolationLevels,
  FindCoordinatorKeyTypes,
  kGetApi,
  kGetBootstrapConnection,
  kGetConnection,
  ListOffsetTimestamps,
  protocolAPIsById,
  type API,
  type Connection,
  type describeGroupsV5,
  type findCoordinatorV6,
  type listOffsetsV9,
  type metadataV12,
  type offsetFetchV9,
} from '@platformatic/kafka';
import { adminOptions } from './connectionOptions';
import { runWithDeadline } from '../common/deadline';
import { partitionKeyOf } from '../common/topicPartition';
import { buildDescribeRows, normalizeGroupState } from './describeRows';
import {
  breaksConnections,
  classifyKafkaError,
  flattenErrors,
  KafkaOperationError,
  type ErrorContext,
} from './kafkaErrors';
import {
  defaultTimeoutMs,
  type GroupDescription,
  type GroupListing,
  type GroupMember,
  type KafkaConnectionOptions,
  type TopicPartition,
} from './kafkaModel';

/** Read-only access to one cluster's consumer groups. Every call settles within the connection timeout. */
export interface KafkaInspector {
  /** Classic and consumer (KIP-848) groups, as `kafka-consumer-groups --list` lists them, sorted by id. */
  listGroups(): Promise<GroupListing[]>;
  /** One group with the rows of `kafka-consumer-groups --describe`; rejects with a KafkaOperationError. */
  describeGroup(groupId: string): Promise<GroupDescription>;
  /** Closes the connections. The inspector reconnects if used again. */
  close(): Promise<void>;
}

/** Requests sent to brokers, by Kafka API name, while a counter runs. */
export interface RequestStats {
  readonly total: number;
  readonly byApi: Readonly<Record<string, number>>;
}

/** A running request counter (for benchmarks): `stop()` ends it and returns what it counted. */
export interface RequestCounter {
  snapshot(): RequestStats;
  stop(): RequestStats;
}

const requestChannel = 'tracing:plt:kafka:connections:api:start';

/**
 * Counts the requests this process sends to brokers, through the client's diagnostics channel
 * (`plt:kafka:connections:api`, published once per request put on the wire).
 */
export function startRequestCounter(): RequestCounter {
  const byApi: Record<string, number> = {};
  let total = 0;
  const onRequest = (message: unknown): void => {
    const apiKey = (message as { apiKey?: unknown }).apiKey;
    const name = typeof apiKey === 'number' ? (protocolAPIsById[apiKey] ?? `api${apiKey}`) : 'unknown';
    byApi[name] = (byApi[name] ?? 0) + 1;
    total++;
  };
  subscribe(requestChannel, onRequest);
  const snapshot = (): RequestStats => ({ total, byApi: { ...byApi } });
  return {
    snapshot,
    stop() {
      unsubscribe(requestChannel, onRequest);
      return snapshot();
    },
  };
}

const groupIdNotFound = 69;
const coordinatorRetryable = new Set([14, 15, 16]); // COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR
const coordinatorMovedApiIds = new Set([
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
]);

/** True when a coordinator answered that it is not (yet) the group's coordinator: worth finding it again. */
function coordinatorMoved(error: unknown): boolean {
  return flattenErrors(error).some((f) => f.apiId !== undefined && coordinatorMovedApiIds.has(f.apiId));
}

const toNumber = (value: bigint): number => Number(value);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A KIP-848 assignment (topics with partition lists) as a flat list of topic-partitions. */
function assignmentPartitions(
  topics: readonly { topicName: string; partitions: readonly number[] }[],
): TopicPartition[] {
  return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition })));
}

/** The response a ResponseError carries (the client throws when any error code in it is non-zero). */
function responseOf<T>(error: unknown): T | undefined {
  return typeof error === 'object' && error !== null ? ((error as { response?: T }).response ?? undefined) : undefined;
}

/** Creates an inspector for one cluster. Nothing connects until the first call. */
export function createKafkaInspector(options: KafkaConnectionOptions): KafkaInspector {
  const clientOptions = adminOptions(options);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  let admin: Admin | null = null;

  const getAdmin = (): Admin => {
    admin ??= new Admin(clientOptions);
    return admin;
  };

  const dropAdmin = (): void => {
    const current = admin;
    admin = null;
    if (current) void current.close().catch(() => undefined);
  };

  /**
   * Runs one operation under the deadline: whatever happens, it settles within `timeoutMs` (plus a
   * moment), with a classified one-line error. On timeout the connections are dropped.
   */
  async function run<T>(
    step: string,
    groupId: string | undefined,
    work: (client: Admin, progress: { step: string; connected: boolean }) => Promise<T>,
  ): Promise<T> {
    const progress = { step, connected: false };
    const context = (): ErrorContext => ({
      bootstrapServers: options.bootstrapServers,
      step: progress.step,
      timeoutMs,
      connected: progress.connected,
      ...(groupId !== undefined ? { groupId } : {}),
    });
    const timedOut = (): KafkaOperationError =>
      progress.connected
        ? new KafkaOperationError('timeout', `timed out after ${timeoutMs} ms while ${progress.step}`)
        : new KafkaOperationError(
            'unreachable',
            `cannot reach bootstrap servers ${options.bootstrapServers.join(',')} (no answer within ${timeoutMs} ms)`,
          );
    try {
      return await runWithDeadline(work(getAdmin(), progress), timeoutMs, timedOut);
    } catch (error) {
      const classified = classifyKafkaError(error, context());
      // Other operations share this client: drop it only when its connections are in doubt.
      if (breaksConnections(classified)) dropAdmin();
      throw classified;
    }
  }

  function api<A extends unknown[], R>(client: Admin, name: string, minVersion = 0): Promise<API<A, R>> {
    return new Promise((resolve, reject) => {
      client[kGetApi]<A, R>(name, (error, found) => {
        if (error || !found) reject(error ?? new Error(`the brokers do not support ${name}`));
        else if (found.version < minVersion)
          reject(new KafkaOperationError('request', `the brokers are too old: ${name} v${minVersion}+ is needed`));
        else resolve(found);
      });
    });
  }

  function bootstrapConnection(client: Admin): Promise<Connection> {
    return new Promise((resolve, reject) => {
      client[kGetBootstrapConnection]((error, connection) =>
        error || !connection ? reject(error) : resolve(connection),
      );
    });
  }

  function brokerConnection(client: Admin, host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      client[kGetConnection]({ host, port }, (error, connection) =>
        error || !connection ? reject(error) : resolve(connection),
      );
    });
  }

  /** Connects to a bootstrap server and reads its API versions: from then on a broker has answered. */
  async function handshake(client: Admin, progress: { step: string; connected: boolean }): Promise<void> {
    progress.step = 'connecting to the bootstrap servers';
    await bootstrapConnection(client);
    await api(client, 'Metadata');
    progress.connected = true;
  }

  async function findCoordinator(
    client: Admin,
    groupId: string,
  ): Promise<findCoordinatorV6.FindCoordinatorResponseCoordinator> {
    const boot = await bootstrapConnection(client);
    const findApi = await api<[number, string[]], findCoordinatorV6.FindCoordinatorResponse>(
      client,
      'FindCoordinator',
      4,
    );
    for (let attempt = 0; ; attempt++) {
      let coordinator: findCoordinatorV6.FindCoordinatorResponseCoordinator | undefined;
      try {
        coordinator = (await findApi.async(boot, FindCoordinatorKeyTypes.GROUP, [groupId])).coordinators[0];
      } catch (error) {
        coordinator = responseOf<findCoordinatorV6.FindCoordinatorResponse>(error)?.coordinators[0];
        if (!coordinator || !coordinatorRetryable.has(coordinator.errorCode)) throw error;
      }
      if (coordinator.errorCode === 0) return coordinator;
      // a coordinator still loading (e.g. right after a broker start) answers soon; the deadline bounds this
      await sleep(Math.min(100 * 2 ** attempt, 1000));
    }
  }

  /**
   * Finds the group's coordinator and asks it, in one round trip, both describe APIs (a KIP-848 group is
   * only visible to ConsumerGroupDescribe; a classic one only to DescribeGroups) and the committed offsets.
   */
  async function askCoordinator(client: Admin, progress: { step: string }, groupId: string) {
    progress.step = `finding the coordinator of group "${groupId}"`;
    const coordinator = await findCoordinator(client, groupId);
    const coordinatorConnection = await brokerConnection(client, coordinator.host, coordinator.port);
    progress.step = `describing group "${groupId}"`;
    const [consumerDescribeApi, classicDescribeApi, offsetFetchApi] = await Promise.all([
      api<[string[], boolean], consumerGroupDescribeV0.ConsumerGroupDescribeResponse>(
        client,
        'ConsumerGroupDescribe',
      ).catch(() => null), // brokers before Kafka 3.7 have no KIP-848 groups
      api<[string[], boolean], describeGroupsV5.DescribeGroupsResponse>(client, 'DescribeGroups'),
      api<[offsetFetchV9.OffsetFetchRequestGroup[], boolean], offsetFetchV9.OffsetFetchResponse>(
        client,
        'OffsetFetch',
        8,
      ),
    ]);
    const [consumerGroup, classicGroup, offsets] = await Promise.all([
      consumerDescribeApi
        ? consumerDescribeApi.async(coordinatorConnection, [groupId], false).then(
            (response) => response.groups[0],
            (error: unknown) => {
              const group = responseOf<consumerGroupDescribeV0.ConsumerGroupDescribeResponse>(error)?.groups[0];
              if (group?.errorCode === groupIdNotFound) return null; // not a consumer group (or none)
              throw error;
            },
          )
        : Promise.resolve(null),
      classicDescribeApi.async(coordinatorConnection, [groupId], false).then(
        (response) => response.groups[0],
        (error: unknown) => {
          const group = responseOf<describeGroupsV5.DescribeGroupsResponse>(error)?.groups[0];
          if (group?.errorCode === groupIdNotFound) return null;
          throw error;
        },
      ),
      offsetFetchApi.async(coordinatorConnection, [{ groupId, memberId: null, memberEpoch: -1, topics: null }], false),
    ]);
    return { coordinator, coordinatorConnection, consumerGroup, classicGroup, offsets };
  }

  async function describeGroup(groupId: string): Promise<GroupDescription> {
    return run(`describing group "${groupId}"`, groupId, async (client, progress) => {
      await handshake(client, progress);
      const retryUntil = Date.now() + timeoutMs;
      const { coordinator, coordinatorConnection, consumerGroup, classicGroup, offsets } = await (async () => {
        // A coordinator that is loading or has moved (a fresh cluster, a broker stopped) answers the
        // describe with NOT_COORDINATOR & co.: find it again and retry, as Kafka's tool does, within the deadline.
        for (let attempt = 0; ; attempt++) {
          try {
            return await askCoordinator(client, progress, groupId);
          } catch (error) {
            if (!coordinatorMoved(error) || Date.now() >= retryUntil) throw error;
            await sleep(Math.min(100 * 2 ** attempt, 1000));
          }
        }
      })();

      let state: string;
      let protocol: GroupDescription['protocol'];
      let members: GroupMember[];
      if (consumerGroup) {
        protocol = 'consumer';
        state = normalizeGroupState(consumerGroup.groupState);
        members = consumerGroup.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.instanceId ?? null,
          clientId: m.clientId,
          host: m.clientHost,
          assignedPartitions: assignmentPartitions(m.assignment.topicPartitions),
          targetPartitions: assignmentPartitions(m.targetAssignment.topicPartitions),
          memberEpoch: m.memberEpoch,
        }));
      } else if (classicGroup && normalizeGroupState(classicGroup.groupState) !== 'Dead') {
        if (classicGroup.protocolType !== '' && classicGroup.protocolType !== 'consumer') {
          throw new KafkaOperationError(
            'request',
            `Group ${groupId} is not a consumer group (protocol type "${classicGroup.protocolType}").`,
          );
        }
        protocol = 'classic';
        state = normalizeGroupState(classicGroup.groupState);
        members = classicGroup.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId ?? null,
          clientId: m.clientId,
          host: m.clientHost,
          assignedPartitions: decodeConsumerProtocolAssignment(m.memberAssignment).assignedPartitions.flatMap(
            (t: { topic: string; partitions: number[] }) =>
              t.partitions.map((partition) => ({ topic: t.topic, partition })),
          ),
          targetPartitions: null,
          memberEpoch: null,
        }));
      } else {
        // Kafka's tool (describeConsumerGroups, then DescribeGroups v6) says "Group G not found."
        throw new KafkaOperationError('unknownGroup', `Group ${groupId} not found.`);
      }

      const committed = new Map<string, { topic: string; partition: number; offset: number | null }>();
      for (const topic of offsets.groups[0]?.topics ?? []) {
        for (const p of topic.partitions) {
          const offset = toNumber(p.committedOffset);
          committed.set(partitionKeyOf(topic.name, p.partitionIndex), {
            topic: topic.name,
            partition: p.partitionIndex,
            offset: offset < 0 ? null : offset,
          });
        }
      }
      const wanted = new Map<string, TopicPartition>();
      for (const m of members)
        for (const tp of m.assignedPartitions) wanted.set(partitionKeyOf(tp.topic, tp.partition), tp);
      for (const [key, tp] of committed) wanted.set(key, tp);

      progress.step = `reading the log-end offsets of group "${groupId}"`;
      const logEndOffsets = await readLogEndOffsets(client, coordinatorConnection, [...wanted.values()]);
      return {
        groupId,
        state,
        protocol,
        coordinator: `${coordinator.host}:${coordinator.port}`,
        members,
        rows: buildDescribeRows(members, committed, logEndOffsets),
      };
    });
  }

  /**
   * Latest offsets (read_uncommitted, as the tool) of the partitions: one Metadata request for their
   * leaders, then one ListOffsets per leader broker, all in parallel. A partition without a leader has
   * no log-end offset (null), as in the tool. A topic that no longer exists fails, as in the tool.
   */
  async function readLogEndOffsets(
    client: Admin,
    anyBroker: Connection,
    partitions: readonly TopicPartition[],
  ): Promise<Map<string, number | null>> {
    const result = new Map<string, number | null>();
    if (partitions.length === 0) return result;
    const topics = [...new Set(partitions.map((p) => p.topic))].sort();
    const [metadataApi, listOffsetsApi] = await Promise.all([
      api<[string[] | null, boolean, boolean], metadataV12.MetadataResponse>(client, 'Metadata', 1),
      api<[number, number, listOffsetsV9.ListOffsetsRequestTopic[]], listOffsetsV9.ListOffsetsResponse>(
        client,
        'ListOffsets',
        2,
      ),
    ]);
    let metadata: metadataV12.MetadataResponse;
    try {
      metadata = await metadataApi.async(anyBroker, topics, false, false);
    } catch (error) {
      const response = responseOf<metadataV12.MetadataResponse>(error);
      const missing = response?.topics.filter((t) => t.errorCode === 3).map((t) => t.name);
      if (missing && missing.length > 0) {
        throw new KafkaOperationError(
          'missingTopic',
          `topic ${missing.map((t) => `"${t}"`).join(', ')} does not exist (the group has offsets for it)`,
        );
      }
      throw error;
    }
    const brokers = new Map(metadata.brokers.map((b) => [b.nodeId, b]));
    const leaders = new Map<string, { epoch: number; leader: number }>();
    for (const topic of metadata.topics) {
      for (const p of topic.partitions) {
        leaders.set(partitionKeyOf(topic.name ?? '', p.partitionIndex), { leader: p.leaderId, epoch: p.leaderEpoch });
      }
    }
    const byLeader = new Map<number, Map<string, listOffsetsV9.ListOffsetsRequestPartition[]>>();
    for (const tp of partitions) {
      const key = partitionKeyOf(tp.topic, tp.partition);
      const leader = leaders.get(key);
      if (!leader || leader.leader < 0 || !brokers.has(leader.leader)) {
        result.set(key, null);
        continue;
      }
      const topicsOfLeader =
        byLeader.get(leader.leader) ?? new Map<string, listOffsetsV9.ListOffsetsRequestPartition[]>();
      byLeader.set(leader.leader, topicsOfLeader);
      const list = topicsOfLeader.get(tp.topic) ?? [];
      topicsOfLeader.set(tp.topic, list);
      list.push({ partitionIndex: tp.partition, currentLeaderEpoch: -1, timestamp: ListOffsetTimestamps.LATEST });
    }
    await Promise.all(
      [...byLeader].map(async ([leaderId, topicsOfLeader]) => {
        const broker = brokers.get(leaderId);
        if (!broker) return;
        const connection = await brokerConnection(client, broker.host, broker.port);
        const request = [...topicsOfLeader].map(([name, list]) => ({ name, partitions: list }));
        let response: listOffsetsV9.ListOffsetsResponse;
        try {
          response = await listOffsetsApi.async(connection, -1, FetchIsolationLevels.READ_UNCOMMITTED, request);
        } catch (error) {
          // Per-partition errors (e.g. a leader that just moved) leave those partitions unknown, `-`
          // as in Kafka's tool; the rest of the answer stands. Anything else fails the describe.
          const partial = responseOf<listOffsetsV9.ListOffsetsResponse>(error);
          if (!partial) throw error;
          response = partial;
        }
        for (const topic of response.topics) {
          for (const p of topic.partitions) {
            result.set(partitionKeyOf(topic.name, p.partitionIndex), p.errorCode === 0 ? toNumber(p.offset) : null);
          }
        }
      }),
    );
    return result;
  }

  async function listGroups(): Promise<GroupListing[]> {
    return run('listing consumer groups', undefined, async (client, progress) => {
      await handshake(client, progress);
      progress.step = 'listing consumer groups';
      // Both types must be asked for: the client asks for classic groups only by default.
      const groups = await client.listGroups({ types: ['classic', 'consumer'] });
      return [...groups.values()]
        .filter((g) => g.groupType === 'consumer' || g.protocolType === '' || g.protocolType === 'consumer')
        .map((g): GroupListing => ({
          groupId: g.id,
          state: normalizeGroupState(g.state),
          protocol: g.groupType === 'consumer' ? 'consumer' : 'classic',
        }))
        .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
    });
  }

  return {
    listGroups,
    describeGroup,
    async close() {
      const current = admin;
      admin = null;
      if (!current) return;
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
      await Promise.race([current.close().catch(() => undefined), giveUp]);
      clearTimeout(timer);
    },
  };
}

/** The offset editor is bundled with the inspector and loaded with it. */
export { createKafkaOffsetEditor } from './kafkaOffsetEditor';
