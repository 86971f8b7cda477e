// A group's recent offset commits with their commit timestamps, read from `__consumer_offsets` as Burrow
// (linkedin/Burrow, core/internal/consumer/kafka_client.go) reads them, so lag can be judged over the
// last commits per partition. It finds the group's `__consumer_offsets` partition and its leader with
// Metadata, lists that partition's log start and last stable offset, then Fetches (read_committed,
// replica -1, no fetch session) backwards-enough from the end: a span before the end, then longer spans
// before that, until every partition seen has `windowSize` commits, or the log start, `maxRecords` or
// `maxBytes` is reached. It never joins a group and never commits. When the topic cannot be read (not
// authorized, missing, an error answer or undecodable records) it rejects with a
// {@link CommitLogUnreadableError}, so callers fall back to sampling committed offsets.

import {
  FetchIsolationLevels,
  ListOffsetTimestamps,
  type Admin,
  type Connection,
  type fetchV17,
  type listOffsetsV9,
  type metadataV12,
  type RecordsBatch,
} from '@platformatic/kafka';
import { partitionKeyOf } from '../../common/topicPartition';
import { brokerConnection, protocolApi, responseOf } from '../adminInternals';
import { KafkaOperationError, type KafkaErrorKind } from '../kafkaErrors';
import { errorNameOf, isDecodeFailure } from '../recordTimestamps';
import { consumerOffsetsPartitionFor, decodeCommitLogRecord } from './offsetCommitRecords';
import { batchAttributes, fetchApiOf, fetchErrorCodes, firstFetchVersionWithTopicIds } from '../fetchProtocol';

export const consumerOffsetsTopic = '__consumer_offsets';
/** Burrow's default window: the number of last commits per partition it evaluates. */
export const defaultCommitWindow = 10;
/** At most this many `__consumer_offsets` offsets (records) are scanned back from the end by default. */
export const defaultMaxRecords = 100_000;
/** At most this many bytes of record batches are fetched by default. */
export const defaultMaxBytes = 64 * 1024 * 1024;
/** The first span scanned before the end; each next span (further back) is twice the previous one. */
const firstSpan = 2_000;
/** Bytes asked per Fetch (the broker still returns a first batch larger than this, KIP-74). */
const fetchMaxBytes = 1024 * 1024;

/** One offset commit of the group for a partition. */
export interface GroupCommit {
  /** The committed offset. */
  readonly offset: number;
  /** When the group coordinator wrote the commit (the value's commit_timestamp), epoch milliseconds. */
  readonly commitTimestampMs: number;
  /** The leader epoch of the last consumed record, when the commit carries one (value v3+, not -1). */
  readonly leaderEpoch?: number;
  /** The record's offset in `__consumer_offsets` (orders commits; for diagnostics). */
  readonly logOffset: number;
}

/** What {@link readGroupCommits} found. */
export interface GroupCommitHistory {
  readonly groupId: string;
  /** The `__consumer_offsets` partition holding the group. */
  readonly consumerOffsetsPartition: number;
  /** The partition count of `__consumer_offsets` the partition was computed with. */
  readonly partitionCount: number;
  /** By partition key (`orders-0`): the last `windowSize` commits, oldest first (log order). */
  readonly commits: ReadonlyMap<string, readonly GroupCommit[]>;
  /** Partition keys whose offsets were deleted (a tombstone) after their last commit in the scanned range. */
  readonly deleted: readonly string[];
  /** The log start and last stable offset of the group's `__consumer_offsets` partition. */
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** The lowest `__consumer_offsets` offset scanned. */
  readonly scannedFromOffset: number;
  /** True when the scan reached the log start: no older commit was missed. */
  readonly reachedLogStart: boolean;
  /** Records read (all groups of the partition). */
  readonly recordsRead: number;
  /** Offset-commit records that could not be decoded (skipped). */
  readonly undecodableRecords: number;
}

export interface ReadGroupCommitsOptions {
  /** The most `__consumer_offsets` offsets scanned back from the end (default {@link defaultMaxRecords}). */
  readonly maxRecords?: number;
  /** The partition count of `__consumer_offsets` to place the group with (default: from Metadata). */
  readonly partitionCount?: number;
  /** Commits kept per partition, the last ones (default {@link defaultCommitWindow}, Burrow's). */
  readonly windowSize?: number;
  /** The most bytes of record batches fetched in all (default {@link defaultMaxBytes}); a span that would need more is left out. */
  readonly maxBytes?: number;
}

/** `__consumer_offsets` could not be read; the caller should fall back to sampling committed offsets. */
export class CommitLogUnreadableError extends KafkaOperationError {
  readonly commitLogUnreadable = true;
  constructor(kind: KafkaErrorKind, reason: string) {
    super(kind, `${consumerOffsetsTopic} cannot be read: ${reason}`);
  }
}

/** True for a {@link CommitLogUnreadableError} (from any bundle). */
export function isCommitLogUnreadable(error: unknown): error is CommitLogUnreadableError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { commitLogUnreadable?: unknown }).commitLogUnreadable === true &&
    (error as { brand?: unknown }).brand === 'kafkaOffsetTrace.KafkaOperationError'
  );
}

/** One of the group's records: a commit or a tombstone, at its `__consumer_offsets` offset. */
export interface CommitEvent {
  readonly logOffset: number;
  readonly key: string;
  /** null: a tombstone (the offset was deleted). */
  readonly commit: Omit<GroupCommit, 'logOffset'> | null;
}

/** An aborted transaction of a read_committed Fetch answer. */
export interface AbortedTransaction {
  readonly producerId: bigint;
  readonly firstOffset: bigint;
}

/** The state of one forward scan carried from Fetch to Fetch: aborted transactions (Kafka consumer's logic). */
export interface ScanState {
  /** Aborted transactions not yet reached, by first offset. */
  pendingAborts: AbortedTransaction[];
  readonly abortedProducers: Set<bigint>;
  readonly seenAborts: Set<string>;
  recordsRead: number;
  undecodable: number;
}

export function newScanState(): ScanState {
  return { pendingAborts: [], abortedProducers: new Set(), seenAborts: new Set(), recordsRead: 0, undecodable: 0 };
}

/**
 * The group's commit events in `batches` with offsets in [from, to), in log order; the next offset to
 * fetch is returned too. Control batches are skipped, and so are the records of aborted transactions
 * (as Kafka's consumer does with read_committed: a producer is aborted from an aborted transaction's
 * first offset until its control batch).
 */
export function commitEventsOf(
  batches: readonly RecordsBatch[],
  groupId: string,
  from: number,
  to: number,
  aborted: readonly AbortedTransaction[] | null | undefined,
  state: ScanState,
): { events: CommitEvent[]; nextOffset: number } {
  for (const a of aborted ?? []) {
    const id = `${a.producerId}@${a.firstOffset}`;
    if (state.seenAborts.has(id)) continue;
    state.seenAborts.add(id);
    state.pendingAborts.push(a);
  }
  state.pendingAborts.sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const events: CommitEvent[] = [];
  let nextOffset = from;
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    while (state.pendingAborts.length > 0 && state.pendingAborts[0].firstOffset <= lastOffset) {
      const next = state.pendingAborts.shift();
      if (next) state.abortedProducers.add(next.producerId);
    }
    if (Number(lastOffset) < from) continue;
    nextOffset = Math.max(nextOffset, Number(lastOffset) + 1);
    if ((batch.attributes & batchAttributes.control) !== 0) {
      state.abortedProducers.delete(batch.producerId);
      continue;
    }
    if ((batch.attributes & batchAttributes.transactional) !== 0 && state.abortedProducers.has(batch.producerId))
      continue;
    for (const record of batch.records) {
      const logOffset = Number(batch.firstOffset + BigInt(record.offsetDelta));
      if (logOffset < from || logOffset >= to) continue;
      state.recordsRead++;
      const decoded = decodeCommitLogRecord(record.key, record.value);
      if (decoded.kind === 'undecodable') state.undecodable++;
      if ((decoded.kind !== 'commit' && decoded.kind !== 'deleted') || decoded.group !== groupId) continue;
      const key = partitionKeyOf(decoded.topic, decoded.partition);
      if (decoded.kind === 'deleted') {
        events.push({ logOffset, key, commit: null });
        continue;
      }
      const { offset, commitTimestampMs, leaderEpoch } = decoded.value;
      events.push({
        logOffset,
        key,
        commit: {
          offset,
          commitTimestampMs,
          ...(leaderEpoch !== undefined && leaderEpoch >= 0 ? { leaderEpoch } : {}),
        },
      });
    }
  }
  return { events, nextOffset };
}

/** The replayed history of commit events: the last `windowSize` commits per key, the keys last deleted. */
export function historyOf(
  events: readonly CommitEvent[],
  windowSize: number,
): { commits: Map<string, GroupCommit[]>; deleted: string[]; settled: boolean } {
  const sorted = [...events].sort((a, b) => a.logOffset - b.logOffset);
  const lists = new Map<string, GroupCommit[]>();
  const deleted = new Set<string>();
  const sawTombstone = new Set<string>();
  for (const event of sorted) {
    if (event.commit === null) {
      lists.delete(event.key);
      deleted.add(event.key);
      sawTombstone.add(event.key);
      continue;
    }
    deleted.delete(event.key);
    const list = lists.get(event.key) ?? [];
    lists.set(event.key, list);
    list.push({ ...event.commit, logOffset: event.logOffset });
  }
  const commits = new Map<string, GroupCommit[]>();
  let settled = lists.size > 0 || deleted.size > 0;
  for (const [key, list] of [...lists].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (list.length < windowSize && !sawTombstone.has(key)) settled = false;
    commits.set(key, list.slice(-windowSize));
  }
  return { commits, deleted: [...deleted].sort(), settled };
}

type ListOffsetsArguments = [
  replicaId: number,
  isolationLevel: number,
  topics: listOffsetsV9.ListOffsetsRequestTopic[],
];

function positiveOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}

/** Turns a partition or topic error code into the rejection callers fall back on. */
function unreadable(errorCode: number, step: string): CommitLogUnreadableError {
  const name = errorNameOf(errorCode);
  if (errorCode === fetchErrorCodes.topicAuthorizationFailed)
    return new CommitLogUnreadableError('authorization', `not authorized to read it (${name}) while ${step}`);
  if (errorCode === fetchErrorCodes.unknownTopicOrPartition)
    return new CommitLogUnreadableError('missingTopic', `it does not exist (${name}) while ${step}`);
  return new CommitLogUnreadableError('request', `${name} while ${step}`);
}

/** The first non-zero error code of a ResponseError's protocol errors, if any. */
function protocolErrorCode(error: unknown): number | undefined {
  const inner = (error as { errors?: unknown }).errors;
  if (!Array.isArray(inner)) return undefined;
  for (const e of inner) {
    const code = (e as { errorCode?: unknown }).errorCode;
    if (typeof code === 'number' && code !== 0) return code;
  }
  return undefined;
}

/**
 * The group's recent offset commits with their commit timestamps, from `__consumer_offsets`. Rejects
 * with a {@link CommitLogUnreadableError} when the topic cannot be read; network failures are thrown as
 * the client threw them.
 */
export async function readGroupCommits(
  client: Admin,
  anyBroker: Connection,
  groupId: string,
  options: ReadGroupCommitsOptions = {},
): Promise<GroupCommitHistory> {
  const windowSize = positiveOption(options.windowSize, defaultCommitWindow, 'windowSize');
  const maxRecords = positiveOption(options.maxRecords, defaultMaxRecords, 'maxRecords');
  const maxBytes = positiveOption(options.maxBytes, defaultMaxBytes, 'maxBytes');
  const [metadataApi, listOffsetsApi, fetchApi] = await Promise.all([
    protocolApi<[string[] | null, boolean, boolean], metadataV12.MetadataResponse>(client, 'Metadata', 1),
    protocolApi<ListOffsetsArguments, listOffsetsV9.ListOffsetsResponse>(client, 'ListOffsets', 2),
    fetchApiOf(client),
  ]);

  let metadata: metadataV12.MetadataResponse;
  try {
    metadata = await metadataApi.async(anyBroker, [consumerOffsetsTopic], false, false);
  } catch (error) {
    const partial = responseOf<metadataV12.MetadataResponse>(error);
    if (!partial) throw error;
    metadata = partial;
  }
  const topic = metadata.topics.find((t) => t.name === consumerOffsetsTopic);
  if (!topic) throw unreadable(fetchErrorCodes.unknownTopicOrPartition, 'reading its metadata');
  if (topic.errorCode !== 0) throw unreadable(topic.errorCode, 'reading its metadata');
  const partitionCount = options.partitionCount ?? topic.partitions.length;
  if (partitionCount <= 0) throw unreadable(fetchErrorCodes.unknownTopicOrPartition, 'reading its metadata');
  const partitionIndex = consumerOffsetsPartitionFor(groupId, partitionCount);
  const partitionMetadata = topic.partitions.find((p) => p.partitionIndex === partitionIndex);
  if (!partitionMetadata)
    throw unreadable(fetchErrorCodes.unknownTopicOrPartition, `finding partition ${partitionIndex}`);
  if (partitionMetadata.errorCode !== 0 && partitionMetadata.errorCode !== fetchErrorCodes.replicaNotAvailable)
    throw unreadable(partitionMetadata.errorCode, `finding the leader of partition ${partitionIndex}`);
  const broker = metadata.brokers.find((b) => b.nodeId === partitionMetadata.leaderId);
  if (partitionMetadata.leaderId < 0 || !broker)
    throw new CommitLogUnreadableError('request', `partition ${partitionIndex} has no leader`);
  const leader = await brokerConnection(client, broker.host, broker.port);

  const listed = async (timestamp: bigint, isolationLevel: number): Promise<number> => {
    const request = [
      { name: consumerOffsetsTopic, partitions: [{ partitionIndex, currentLeaderEpoch: -1, timestamp }] },
    ];
    let response: listOffsetsV9.ListOffsetsResponse;
    try {
      response = await listOffsetsApi.async(leader, -1, isolationLevel, request);
    } catch (error) {
      const partial = responseOf<listOffsetsV9.ListOffsetsResponse>(error);
      if (!partial) throw error;
      response = partial;
    }
    const answer = response.topics.flatMap((t) => t.partitions).find((p) => p.partitionIndex === partitionIndex);
    if (!answer)
      throw unreadable(fetchErrorCodes.unknownTopicOrPartition, `listing the offsets of partition ${partitionIndex}`);
    if (answer.errorCode !== 0)
      throw unreadable(answer.errorCode, `listing the offsets of partition ${partitionIndex}`);
    return Number(answer.offset);
  };
  const [logStartOffset, logEndOffset] = await Promise.all([
    listed(ListOffsetTimestamps.EARLIEST, FetchIsolationLevels.READ_UNCOMMITTED),
    listed(ListOffsetTimestamps.LATEST, FetchIsolationLevels.READ_COMMITTED),
  ]);

  const topicRef = fetchApi.version >= firstFetchVersionWithTopicIds ? topic.topicId : consumerOffsetsTopic;
  let bytesLeft = maxBytes;
  let recordsRead = 0;
  let undecodableRecords = 0;
  let logStart = logStartOffset;

  /**
   * Fetches [from, to) forward: the group's events, and whether the range was read to its end (false when
   * the byte budget ran out first).
   */
  const scan = async (from: number, to: number): Promise<{ events: CommitEvent[]; complete: boolean }> => {
    const state = newScanState();
    const events: CommitEvent[] = [];
    let position = from;
    while (position < to && bytesLeft > 0) {
      let response: fetchV17.FetchResponse;
      try {
        response = await fetchApi.async(
          leader,
          0, // maxWaitMs: answer with what is there
          0, // minBytes
          Math.min(fetchMaxBytes, bytesLeft),
          FetchIsolationLevels.READ_COMMITTED,
          0, // sessionId 0 with epoch -1: a full fetch that opens no fetch session
          -1,
          [
            {
              topicId: topicRef,
              partitions: [
                {
                  partition: partitionIndex,
                  currentLeaderEpoch: -1,
                  fetchOffset: BigInt(position),
                  lastFetchedEpoch: -1,
                  partitionMaxBytes: Math.min(fetchMaxBytes, bytesLeft),
                },
              ],
            },
          ],
          [],
          '',
        );
      } catch (error) {
        const partial = responseOf<fetchV17.FetchResponse>(error);
        if (partial) response = partial;
        else if (isDecodeFailure(error)) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new CommitLogUnreadableError('request', `cannot decode its records: ${reason}`);
        } else {
          const code = protocolErrorCode(error);
          if (code !== undefined) throw unreadable(code, 'fetching its records');
          throw error;
        }
      }
      if (response.errorCode !== 0) throw unreadable(response.errorCode, 'fetching its records');
      const fetched = response.responses.flatMap((t) => t.partitions).find((p) => p.partitionIndex === partitionIndex);
      if (!fetched) throw unreadable(fetchErrorCodes.unknownTopicOrPartition, `fetching partition ${partitionIndex}`);
      if (fetched.errorCode === fetchErrorCodes.offsetOutOfRange && Number(fetched.logStartOffset) > position) {
        // segments were deleted meanwhile: the log starts later now
        logStart = Number(fetched.logStartOffset);
        position = logStart;
        continue;
      }
      if (fetched.errorCode !== 0) throw unreadable(fetched.errorCode, `fetching partition ${partitionIndex}`);
      const batches = fetched.records ?? [];
      if (batches.length === 0) break;
      for (const batch of batches) bytesLeft -= batch.length + 12;
      const found = commitEventsOf(batches, groupId, position, to, fetched.abortedTransactions, state);
      events.push(...found.events);
      if (found.nextOffset <= position) break;
      position = found.nextOffset;
    }
    recordsRead += state.recordsRead;
    undecodableRecords += state.undecodable;
    return { events, complete: position >= to || bytesLeft > 0 };
  };

  const events: CommitEvent[] = [];
  let scannedFrom = logEndOffset;
  let span = firstSpan;
  while (scannedFrom > logStart && logEndOffset - scannedFrom < maxRecords && bytesLeft > 0) {
    const from = Math.max(logStart, logEndOffset - Math.min(maxRecords, logEndOffset - scannedFrom + span));
    const scanned = await scan(from, scannedFrom);
    // a range not read to its end would leave a hole in the history: it is left out, the scan ends there
    if (!scanned.complete) break;
    events.push(...scanned.events);
    scannedFrom = Math.max(from, logStart);
    span *= 2;
    if (historyOf(events, windowSize).settled) break;
  }
  const history = historyOf(events, windowSize);
  return {
    groupId,
    consumerOffsetsPartition: partitionIndex,
    partitionCount,
    commits: history.commits,
    deleted: history.deleted,
    logStartOffset: logStart,
    logEndOffset,
    scannedFromOffset: scannedFrom,
    reachedLogStart: scannedFrom <= logStart,
    recordsRead,
    undecodableRecords,
  };
}
