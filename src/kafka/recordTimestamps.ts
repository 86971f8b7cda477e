// Time lag as SoftwareMill's klag-exporter measures it: the age of the oldest unread record, i.e. of the
// record at a group's committed offset. For each partition, one Fetch at that offset (read_uncommitted,
// replica -1, no wait, no fetch session, small byte limits) sent to its leader, all partitions of a
// leader in one request, after one Metadata request for the leaders. It never joins a group or commits.
// The pure parts (choosing the record at or after the offset in the returned batches, mapping a
// partition's answer) are exported for the unit tests.

import {
  FetchIsolationLevels,
  protocolErrorsCodesById,
  type Admin,
  type Connection,
  type fetchV17,
  type metadataV12,
  type RecordsBatch,
} from '@platformatic/kafka';
import { partitionKeyOf } from '../common/topicPartition';
import { brokerConnection, protocolApi, responseOf } from './adminInternals';
import {
  type FetchApi,
  batchAttributes,
  fetchApiOf,
  fetchErrorCodes,
  firstFetchVersionWithTopicIds,
} from './fetchProtocol';

/** A partition and the offset whose record's timestamp is wanted (typically the group's committed offset). */
export interface RecordTimestampTarget {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** How a record's timestamp was set: by the producer (CreateTime) or by the broker (LogAppendTime). */
export type TimestampType = 'create' | 'log-append';

/** What the log holds at a target offset. */
export type RecordTimestamp =
  /** The first record at or after the offset (its offset may be above it after compaction or transaction markers). */
  | {
      readonly kind: 'record';
      readonly offset: number;
      /** Epoch milliseconds; null when the record has no timestamp (-1). */
      readonly timestampMs: number | null;
      readonly timestampType: TimestampType;
    }
  /** No record at or after the offset yet: the group is caught up there (time lag 0). */
  | { readonly kind: 'none' }
  /** The offset is outside the log (OFFSET_OUT_OF_RANGE): typically below the log start, the record is gone. */
  | { readonly kind: 'out-of-range'; readonly logStartOffset: number | null }
  /** The partition has no leader now. */
  | { readonly kind: 'no-leader' }
  /** The batch at the offset could not be decoded here, e.g. a compression codec this runtime lacks. */
  | { readonly kind: 'undecodable'; readonly reason: string }
  /** Another per-partition error from Metadata or Fetch (e.g. NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION). */
  | { readonly kind: 'error'; readonly errorCode: number; readonly errorName: string };

/** Bytes asked per partition: enough for the batch at the offset, which is all we need. */
export const partitionMaxBytes = 64 * 1024;
/** The cap of a whole Fetch response (the Java consumer's fetch.max.bytes default). */
const requestMaxBytes = 50 * 1024 * 1024;

/** The part of a Fetch response partition the answer depends on. */
export interface FetchedPartition {
  readonly errorCode: number;
  readonly highWatermark: bigint;
  readonly logStartOffset: bigint;
  readonly records?: readonly RecordsBatch[] | null;
}

/** Kafka's name of an error code, e.g. 6 → NOT_LEADER_OR_FOLLOWER. */
export function errorNameOf(errorCode: number): string {
  return protocolErrorsCodesById[errorCode] ?? `error code ${errorCode}`;
}

/**
 * The first data record at or after `offset` in the batches of a Fetch answer, in log order. The batch
 * containing `offset` may start before it; control batches (transaction markers) hold no data and are
 * skipped. With LogAppendTime every record of a batch has the batch's max timestamp.
 */
export function recordAtOrAfter(batches: readonly RecordsBatch[], offset: bigint): RecordTimestamp {
  for (const batch of batches) {
    if ((batch.attributes & batchAttributes.control) !== 0) continue;
    const logAppend = (batch.attributes & batchAttributes.timestampType) !== 0;
    for (const record of batch.records) {
      const recordOffset = batch.firstOffset + BigInt(record.offsetDelta);
      if (recordOffset < offset) continue;
      const timestamp = logAppend ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta;
      return {
        kind: 'record',
        offset: Number(recordOffset),
        timestampMs: batch.firstTimestamp < 0n || timestamp < 0n ? null : Number(timestamp),
        timestampType: logAppend ? 'log-append' : 'create',
      };
    }
  }
  return { kind: 'none' };
}

/**
 * One partition's answer to the Fetch at `offset`, or 'retry' when the log has data there (high watermark
 * above the offset) but no data record came back: the broker gives a partition other than the first of a
 * request at most its byte limit, which may cut a large batch off. Alone in a request it gets the whole batch.
 */
export function partitionAnswer(fetched: FetchedPartition, offset: bigint): RecordTimestamp | 'retry' {
  if (fetched.errorCode === fetchErrorCodes.offsetOutOfRange)
    return {
      kind: 'out-of-range',
      logStartOffset: fetched.logStartOffset >= 0n ? Number(fetched.logStartOffset) : null,
    };
  if (fetched.errorCode !== 0)
    return { kind: 'error', errorCode: fetched.errorCode, errorName: errorNameOf(fetched.errorCode) };
  const found = recordAtOrAfter(fetched.records ?? [], offset);
  if (found.kind === 'none' && fetched.highWatermark > offset) return 'retry';
  return found;
}

/** True when a failed request failed while decoding its answer (a codec, a malformed batch), not on the wire. */
export function isDecodeFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (responseOf(error) !== undefined) return false;
  const code = (error as { code?: unknown }).code;
  if (code === 'PLT_KFK_UNSUPPORTED_COMPRESSION') return true;
  // the client's own errors (network, timeout, protocol) carry a PLT_KFK_ code; codec libraries' do not
  return typeof code !== 'string' || !code.startsWith('PLT_KFK_');
}

/** One partition of a leader's request: the target and how the Fetch names its topic. */
interface LeaderPartition {
  readonly key: string;
  readonly target: RecordTimestampTarget;
  /** The topic as the Fetch version names it: its id from v13, its name before. */
  readonly topicRef: string;
}

/** The Fetch request topics for some partitions of one leader, `partitionMaxBytes` each. */
export function fetchTopics(
  partitions: readonly { readonly topicRef: string; readonly partition: number; readonly offset: number }[],
): fetchV17.FetchRequestTopic[] {
  const byTopic = new Map<string, fetchV17.FetchRequestPartition[]>();
  for (const p of partitions) {
    const list = byTopic.get(p.topicRef) ?? [];
    byTopic.set(p.topicRef, list);
    list.push({
      partition: p.partition,
      currentLeaderEpoch: -1,
      fetchOffset: BigInt(p.offset),
      lastFetchedEpoch: -1,
      partitionMaxBytes,
    });
  }
  return [...byTopic].map(([topicId, list]) => ({ topicId, partitions: list }));
}

/**
 * The timestamp of the record at each target's offset, by partition key (see RecordTimestamp). One
 * Metadata request, then one Fetch per leader broker in parallel; a partition whose batch did not fit,
 * or a request whose answer could not be decoded, is fetched again alone.
 */
export async function readRecordTimestamps(
  client: Admin,
  anyBroker: Connection,
  targets: readonly RecordTimestampTarget[],
): Promise<Map<string, RecordTimestamp>> {
  const result = new Map<string, RecordTimestamp>();
  if (targets.length === 0) return result;
  const topics = [...new Set(targets.map((t) => t.topic))].sort();
  const [metadataApi, fetchApi] = await Promise.all([
    protocolApi<[string[] | null, boolean, boolean], metadataV12.MetadataResponse>(client, 'Metadata', 1),
    fetchApiOf(client),
  ]);
  let metadata: metadataV12.MetadataResponse;
  try {
    metadata = await metadataApi.async(anyBroker, topics, false, false);
  } catch (error) {
    // a missing topic fails only its partitions
    const partial = responseOf<metadataV12.MetadataResponse>(error);
    if (!partial) throw error;
    metadata = partial;
  }
  const useTopicIds = fetchApi.version >= firstFetchVersionWithTopicIds;
  const brokers = new Map(metadata.brokers.map((b) => [b.nodeId, b]));
  const topicRefs = new Map<string, string>();
  const topicNamesByRef = new Map<string, string>();
  const leaders = new Map<string, number>();
  const topicErrors = new Map<string, number>();
  for (const topic of metadata.topics) {
    const name = topic.name ?? '';
    if (topic.errorCode !== 0) topicErrors.set(name, topic.errorCode);
    const ref = useTopicIds ? topic.topicId : name;
    topicRefs.set(name, ref);
    topicNamesByRef.set(ref, name);
    for (const p of topic.partitions) leaders.set(partitionKeyOf(name, p.partitionIndex), p.leaderId);
  }
  const byLeader = new Map<number, LeaderPartition[]>();
  for (const target of targets) {
    const key = partitionKeyOf(target.topic, target.partition);
    const topicError = topicErrors.get(target.topic);
    const leader = leaders.get(key);
    const topicRef = topicRefs.get(target.topic);
    if (topicError !== undefined || leader === undefined || topicRef === undefined) {
      const errorCode = topicError ?? fetchErrorCodes.unknownTopicOrPartition;
      result.set(key, { kind: 'error', errorCode, errorName: errorNameOf(errorCode) });
    } else if (leader < 0 || !brokers.has(leader)) {
      result.set(key, { kind: 'no-leader' });
    } else {
      const list = byLeader.get(leader) ?? [];
      byLeader.set(leader, list);
      list.push({ key, target, topicRef });
    }
  }
  await Promise.all(
    [...byLeader].map(async ([leaderId, partitions]) => {
      const broker = brokers.get(leaderId);
      if (!broker) return;
      const connection = await brokerConnection(client, broker.host, broker.port);
      const answers = await fetchFromLeader(fetchApi, connection, partitions, topicNamesByRef);
      const again: LeaderPartition[] = [];
      for (const p of partitions) {
        const answer = answers.get(p.key);
        if (answer === undefined || answer === 'retry' || answer === 'split') again.push(p);
        else result.set(p.key, answer);
      }
      // one at a time: each alone is the first partition of its request, which gets its whole first batch
      for (const p of again) {
        const alone = (await fetchFromLeader(fetchApi, connection, [p], topicNamesByRef)).get(p.key);
        if (alone === undefined || alone === 'split') {
          const errorCode = fetchErrorCodes.unknownTopicOrPartition;
          result.set(p.key, { kind: 'error', errorCode, errorName: errorNameOf(errorCode) });
        } else result.set(p.key, alone === 'retry' ? { kind: 'none' } : alone);
      }
    }),
  );
  return result;
}

/**
 * One Fetch for `partitions` to their leader: each partition's answer by key. When the answer cannot be
 * decoded, every partition is 'split' (to be fetched alone), or 'undecodable' if it was alone.
 */
async function fetchFromLeader(
  fetchApi: FetchApi,
  connection: Connection,
  partitions: readonly LeaderPartition[],
  topicNamesByRef: ReadonlyMap<string, string>,
): Promise<Map<string, RecordTimestamp | 'retry' | 'split'>> {
  const answers = new Map<string, RecordTimestamp | 'retry' | 'split'>();
  const maxBytes = Math.min(requestMaxBytes, partitionMaxBytes * partitions.length);
  const request = fetchTopics(partitions.map((p) => ({ ...p.target, topicRef: p.topicRef })));
  let response: fetchV17.FetchResponse;
  try {
    response = await fetchApi.async(
      connection,
      0, // maxWaitMs: answer with what is there
      0, // minBytes
      maxBytes,
      FetchIsolationLevels.READ_UNCOMMITTED,
      0, // sessionId 0 with epoch -1: a full fetch that opens no fetch session
      -1,
      request,
      [],
      '',
    );
  } catch (error) {
    const partial = responseOf<fetchV17.FetchResponse>(error);
    if (partial) response = partial;
    else if (isDecodeFailure(error)) {
      const reason = `cannot decode the records: ${error instanceof Error ? error.message : String(error)}`;
      for (const p of partitions)
        answers.set(p.key, partitions.length === 1 ? { kind: 'undecodable', reason } : 'split');
      return answers;
    } else throw error;
  }
  const offsets = new Map(partitions.map((p) => [p.key, BigInt(p.target.offset)]));
  for (const topic of response.responses) {
    const name = topicNamesByRef.get(topic.topicId) ?? topic.topicId;
    for (const fetched of topic.partitions) {
      const key = partitionKeyOf(name, fetched.partitionIndex);
      const offset = offsets.get(key);
      if (offset !== undefined) answers.set(key, partitionAnswer(fetched, offset));
    }
  }
  return answers;
}
