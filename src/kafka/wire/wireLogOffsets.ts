// Log-end (or log-start) offsets of many partitions over the wire, as Kafka's tool reads them: one
// Metadata request for the leaders of their topics, then one ListOffsets per leader, all at once. A
// partition without a leader, or whose leader answers with an error, has no offset (null); topics that
// do not exist are named, for the caller to report.

import { partitionKeyOf } from '../../common/topicPartition';
import type { TopicPartition } from '../kafkaModel';
import { clusterApiKeys, listOffsets, topicsMetadata } from './clusterApis';
import { WireFallback } from './wireConnection';
import type { WireSession } from './wireSession';

const unknownTopicOrPartition = 3;

/** Offsets by partition key, and the topics asked for that do not exist. */
export interface OffsetsOverWire {
  readonly offsets: Map<string, number | null>;
  readonly missingTopics: ReadonlySet<string>;
}

/** Offsets at `timestamp` (latest or earliest) of `partitions`, by partition key. */
export async function readOffsetsOverWire(
  session: WireSession,
  partitions: readonly TopicPartition[],
  timestamp: bigint,
): Promise<OffsetsOverWire> {
  const result = new Map<string, number | null>();
  if (partitions.length === 0) return { offsets: result, missingTopics: new Set() };
  const listOffsetsVersion = session.version(clusterApiKeys.listOffsets, 6, 9);
  session.require(clusterApiKeys.metadata, 12);
  const topics = [...new Set(partitions.map((p) => p.topic))].sort();
  const metadata = await topicsMetadata(session.bootstrap, topics);
  const missingTopics = new Set(
    metadata.topics.filter((t) => t.errorCode === unknownTopicOrPartition).map((t) => t.name),
  );
  const failed = metadata.topics.find((t) => t.errorCode !== 0 && t.errorCode !== unknownTopicOrPartition);
  if (failed) throw new WireFallback(`Metadata answered error ${failed.errorCode} for a topic`);
  const leaders = new Map<string, number>();
  for (const topic of metadata.topics) {
    for (const p of topic.partitions) leaders.set(partitionKeyOf(topic.name, p.partition), p.leaderId);
  }
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const tp of partitions) {
    const key = partitionKeyOf(tp.topic, tp.partition);
    // a partition asked twice in one ListOffsets is refused (INVALID_REQUEST): ask each once
    if (result.has(key)) continue;
    const leader = leaders.get(key);
    result.set(key, null);
    if (leader === undefined || leader < 0 || !metadata.brokers.has(leader)) continue;
    let topicsOfLeader = byLeader.get(leader);
    if (!topicsOfLeader) byLeader.set(leader, (topicsOfLeader = new Map()));
    let list = topicsOfLeader.get(tp.topic);
    if (!list) topicsOfLeader.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  await Promise.all(
    [...byLeader].map(async ([leaderId, topicsOfLeader]) => {
      const broker = metadata.brokers.get(leaderId);
      if (!broker) return;
      const connection = await session.connectionTo(broker.host, broker.port);
      for (const listed of await listOffsets(connection, listOffsetsVersion, timestamp, topicsOfLeader)) {
        if (listed.errorCode === 0) result.set(partitionKeyOf(listed.topic, listed.partition), listed.offset);
      }
    }),
  );
  return { offsets: result, missingTopics };
}
