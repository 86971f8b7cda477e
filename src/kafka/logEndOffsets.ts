// Reads the log-end offsets of a group's partitions as Kafka's tool does (latest, read_uncommitted): one
// Metadata request for their leaders, then one ListOffsets per leader broker, all in parallel. The same
// for the log start offsets (earliest), which recordings and streams groups' lag need.

import {
  FetchIsolationLevels,
  ListOffsetTimestamps,
  type Admin,
  type Connection,
  type listOffsetsV9,
  type metadataV12,
} from '@platformatic/kafka';
import { partitionKeyOf } from '../common/topicPartition';
import { brokerConnection, protocolApi, responseOf } from './adminInternals';
import { KafkaOperationError } from './kafkaErrors';
import type { TopicPartition } from './kafkaModel';

/**
 * Latest offsets (read_uncommitted, as the tool) of the partitions, by partition key. A partition
 * without a leader has no log-end offset (null), as in the tool. A topic that no longer exists fails,
 * as in the tool.
 */
export function readLogEndOffsets(
  client: Admin,
  anyBroker: Connection,
  partitions: readonly TopicPartition[],
): Promise<Map<string, number | null>> {
  return readListedOffsets(client, anyBroker, partitions, ListOffsetTimestamps.LATEST);
}

/** The log start offsets (earliest) of the partitions, by partition key; null where there is no leader. */
export function readLogStartOffsets(
  client: Admin,
  anyBroker: Connection,
  partitions: readonly TopicPartition[],
): Promise<Map<string, number | null>> {
  return readListedOffsets(client, anyBroker, partitions, ListOffsetTimestamps.EARLIEST);
}

/** ListOffsets at `timestamp` (LATEST, EARLIEST) for the partitions, one request per leader. */
async function readListedOffsets(
  client: Admin,
  anyBroker: Connection,
  partitions: readonly TopicPartition[],
  timestamp: bigint,
): Promise<Map<string, number | null>> {
  const result = new Map<string, number | null>();
  if (partitions.length === 0) return result;
  const topics = [...new Set(partitions.map((p) => p.topic))].sort();
  const [metadataApi, listOffsetsApi] = await Promise.all([
    protocolApi<[string[] | null, boolean, boolean], metadataV12.MetadataResponse>(client, 'Metadata', 1),
    protocolApi<[number, number, listOffsetsV9.ListOffsetsRequestTopic[]], listOffsetsV9.ListOffsetsResponse>(
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
    list.push({ partitionIndex: tp.partition, currentLeaderEpoch: -1, timestamp });
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
          result.set(partitionKeyOf(topic.name, p.partitionIndex), p.errorCode === 0 ? Number(p.offset) : null);
        }
      }
    }),
  );
  return result;
}
