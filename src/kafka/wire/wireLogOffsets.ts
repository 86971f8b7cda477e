// Log-end (or log-start) offsets of many partitions over the wire, as Kafka's tool reads them: one
// Metadata request for the leaders of their topics, then one ListOffsets per leader, all at once. A
// partition without a leader, or whose leader answers with an error, has no offset (null); topics that
// do not exist are named, for the caller to report.

import { partitionKeyOf } from '../../common/topicPartition';
import type { TopicPartition } from '../kafkaModel';
import { clusterApiKeys, listOffsets, topicsMetadata } from './clusterApis';
import { retryDelayMs, sleep } from '../coordinatorRetry';
import { isConnectionFailure, WireFallback } from './wireConnection';
import type { WireSession } from './wireSession';

const unknownTopicOrPartition = 3;

/** Offsets by partition key, and the topics asked for that do not exist. */
export interface OffsetsOverWire {
  readonly offsets: Map<string, number | null>;
  readonly missingTopics: ReadonlySet<string>;
}

/** Partition errors after which the leader has moved or is moving: asked again, of the new leader. */
const leaderMovingCodes: ReadonlySet<number> = new Set([5, 6, 9, 74, 75]);

/** Groups `partitions` by the broker that leads them (those without a leader are left out). */
function byLeader(
  partitions: readonly TopicPartition[],
  leaders: ReadonlyMap<string, number>,
  brokers: ReadonlyMap<number, unknown>,
): Map<number, Map<string, number[]>> {
  const grouped = new Map<number, Map<string, number[]>>();
  for (const tp of partitions) {
    const leader = leaders.get(partitionKeyOf(tp.topic, tp.partition));
    if (leader === undefined || leader < 0 || !brokers.has(leader)) continue;
    let topicsOfLeader = grouped.get(leader);
    if (!topicsOfLeader) grouped.set(leader, (topicsOfLeader = new Map()));
    let list = topicsOfLeader.get(tp.topic);
    if (!list) topicsOfLeader.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  return grouped;
}

/**
 * Offsets at `timestamp` (latest or earliest) of `partitions`, by partition key. As Kafka's admin
 * client does, a leader that cannot be reached (a broker that died and is not fenced yet) or that
 * answers it no longer leads is asked again, after fresh metadata, until `session.retryUntil`; a
 * leader still unreachable then fails the call, a partition still moving has no offset.
 */
export async function readOffsetsOverWire(
  session: WireSession,
  partitions: readonly TopicPartition[],
  timestamp: bigint,
): Promise<OffsetsOverWire> {
  const result = new Map<string, number | null>();
  const missingTopics = new Set<string>();
  if (partitions.length === 0) return { offsets: result, missingTopics };
  const listOffsetsVersion = session.version(clusterApiKeys.listOffsets, 6, 9);
  session.require(clusterApiKeys.metadata, 12);
  // a partition asked twice in one ListOffsets is refused (INVALID_REQUEST): ask each once
  let pending: TopicPartition[] = [];
  for (const tp of partitions) {
    const key = partitionKeyOf(tp.topic, tp.partition);
    if (result.has(key)) continue;
    result.set(key, null);
    pending.push(tp);
  }
  for (let attempt = 0; pending.length > 0; attempt++) {
    const topics = [...new Set(pending.map((p) => p.topic))].sort();
    const metadata = await topicsMetadata(session.bootstrap, topics);
    for (const t of metadata.topics) if (t.errorCode === unknownTopicOrPartition) missingTopics.add(t.name);
    const failed = metadata.topics.find((t) => t.errorCode !== 0 && t.errorCode !== unknownTopicOrPartition);
    if (failed) throw new WireFallback(`Metadata answered error ${failed.errorCode} for a topic`);
    const leaders = new Map<string, number>();
    for (const topic of metadata.topics) {
      for (const p of topic.partitions) leaders.set(partitionKeyOf(topic.name, p.partition), p.leaderId);
    }
    const again: TopicPartition[] = [];
    let unreachable: unknown;
    await Promise.all(
      [...byLeader(pending, leaders, metadata.brokers)].map(async ([leaderId, topicsOfLeader]) => {
        const broker = metadata.brokers.get(leaderId);
        if (!broker) return;
        let listed;
        try {
          const connection = await session.connectionTo(broker.host, broker.port);
          listed = await listOffsets(connection, listOffsetsVersion, timestamp, topicsOfLeader);
        } catch (error) {
          if (!isConnectionFailure(error)) throw error;
          unreachable = error;
          for (const [topic, list] of topicsOfLeader) for (const partition of list) again.push({ topic, partition });
          return;
        }
        for (const entry of listed) {
          if (entry.errorCode === 0) result.set(partitionKeyOf(entry.topic, entry.partition), entry.offset);
          else if (leaderMovingCodes.has(entry.errorCode))
            again.push({ topic: entry.topic, partition: entry.partition });
        }
      }),
    );
    const delay = retryDelayMs(attempt);
    if (again.length === 0) break;
    if (Date.now() + delay >= session.retryUntil) {
      if (unreachable !== undefined) throw unreachable;
      break; // still moving: those partitions have no offset, as in the tool
    }
    await sleep(delay);
    pending = again;
  }
  return { offsets: result, missingTopics };
}
