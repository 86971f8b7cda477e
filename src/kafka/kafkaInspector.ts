// The read-only Kafka inspector of one cluster: lists and describes groups of every type, every call under
// the connection timeout. It never joins a group or commits. Logs through the options' logger.

import { adminOptions } from './connectionOptions';
import { describeAnyGroupWith } from './anyGroupDescribe';
import { describeGroupWith } from './groupDescribe';
import { listGroupsWith } from './groupListing';
import { bootstrapConnection } from './adminInternals';
import { createOperationRunner, handshake } from './inspectorOperation';
import { readGroupCommits, type GroupCommitHistory } from './commitLog/commitLogReader';
import { readLogStartOffsets } from './logEndOffsets';
import { readRecordTimestamps, type RecordTimestamp, type RecordTimestampTarget } from './recordTimestamps';
import { describeConnection, loggerOf } from './kafkaLogger';
import {
  defaultTimeoutMs,
  type AnyGroupDescription,
  type GroupDescription,
  type GroupType,
  type GroupListing,
  type KafkaConnectionOptions,
  type ShareGroupDescription,
  type StreamsGroupDescription,
  type TopicPartition,
} from './kafkaModel';
import { createLazyAdmin } from './lazyAdmin';
import { describeShareGroupsWith } from './shareGroupDescribe';
import { describeStreamsGroupsWith } from './streamsGroupDescribe';
import { describeManyGroups, type ManyGroupsOutcome } from './manyGroupsDescribe';

/** Read-only access to one cluster's consumer groups. Every call settles within the connection timeout. */
export interface KafkaInspector {
  /** Every group of every type (classic, consumer, share, streams), as `kafka-groups --list` lists them, sorted by id. */
  listGroups(): Promise<GroupListing[]>;
  /** One group with the rows of `kafka-consumer-groups --describe`; rejects with a KafkaOperationError. */
  describeGroup(groupId: string): Promise<GroupDescription>;
  /**
   * A group of any type (classic, consumer, share, streams) with the rows of the matching Kafka tool's
   * `--describe`; `type` when known (e.g. from the listing) saves a round trip.
   */
  describeAnyGroup(groupId: string, type?: GroupType): Promise<AnyGroupDescription>;
  /**
   * Many groups at once, each with its description or its error: classic and KIP-848 groups (TLS and
   * SASL too) in a fixed number of requests whatever their number, share and streams groups in a batch
   * each, the others (answers the wire path hands back) one by one.
   * Rejects only when the cluster cannot be asked at all.
   */
  describeGroups(listings: readonly GroupListing[]): Promise<ManyGroupsOutcome>;
  /** Many share groups in a fixed number of requests; each group's description or error. */
  describeShareGroups(groupIds: readonly string[]): Promise<Map<string, ShareGroupDescription | Error>>;
  /** Many streams groups in a fixed number of requests; each group's description or error. */
  describeStreamsGroups(groupIds: readonly string[]): Promise<Map<string, StreamsGroupDescription | Error>>;
  /** The log start offsets (earliest) of the partitions, by partition key; null where a partition has no leader. */
  logStartOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, number | null>>;
  /** The timestamp of the record at each target offset (e.g. committed: the time lag), by partition key; one Fetch per leader, no group joined. */
  recordTimestamps(targets: readonly RecordTimestampTarget[]): Promise<Map<string, RecordTimestamp>>;
  /**
   * The group's recent commits with their own timestamps, read from its partition of __consumer_offsets
   * (never joining a group); rejects with a CommitLogUnreadableError where that topic cannot be read.
   */
  groupCommits(groupId: string): Promise<GroupCommitHistory>;
  /** Closes the connections. The inspector reconnects if used again. */
  close(): Promise<void>;
}

/** How long `close()` waits for the client to close its connections. */
const closeGiveUpMs = 1000;

/** Creates an inspector for one cluster. Nothing connects until the first call. */
export function createKafkaInspector(options: KafkaConnectionOptions): KafkaInspector {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const logger = loggerOf(options);
  const admin = createLazyAdmin(adminOptions(options), logger);
  const run = createOperationRunner(options, timeoutMs, admin, logger);
  logger.info(`inspector for ${describeConnection({ ...options, timeoutMs })}`);
  const describeAnyGroup = (groupId: string, type?: GroupType): Promise<AnyGroupDescription> =>
    run(`describing group "${groupId}"`, groupId, (client, progress) =>
      describeAnyGroupWith(client, progress, groupId, timeoutMs, type),
    );
  const describeShareGroups = (groupIds: readonly string[]): Promise<Map<string, ShareGroupDescription | Error>> =>
    run(`describing ${groupIds.length} share groups`, undefined, (client, progress) =>
      describeShareGroupsWith(client, progress, groupIds, timeoutMs),
    );
  const describeStreamsGroups = (groupIds: readonly string[]): Promise<Map<string, StreamsGroupDescription | Error>> =>
    run(`describing ${groupIds.length} streams groups`, undefined, (client, progress) =>
      describeStreamsGroupsWith(client, progress, groupIds, timeoutMs),
    );
  return {
    listGroups: () => run('listing consumer groups', undefined, (client, progress) => listGroupsWith(client, progress)),
    describeGroup: (groupId) =>
      run(`describing group "${groupId}"`, groupId, (client, progress) =>
        describeGroupWith(client, progress, groupId, timeoutMs),
      ),
    describeAnyGroup,
    describeGroups: (listings) =>
      describeManyGroups(
        { ...options, logger },
        listings,
        (listing) => describeAnyGroup(listing.groupId, listing.type),
        (groupIds) => describeShareGroups(groupIds),
        (groupIds) => describeStreamsGroups(groupIds),
      ),
    describeShareGroups,
    describeStreamsGroups,
    logStartOffsets: (partitions) =>
      run('reading log start offsets', undefined, async (client, progress) => {
        await handshake(client, progress);
        progress.step = 'reading log start offsets';
        return readLogStartOffsets(client, await bootstrapConnection(client), partitions);
      }),
    recordTimestamps: (targets) =>
      run('reading record timestamps', undefined, async (client, progress) => {
        await handshake(client, progress);
        progress.step = 'reading record timestamps';
        return readRecordTimestamps(client, await bootstrapConnection(client), targets);
      }),
    groupCommits: (groupId) =>
      run(`reading the commits of group "${groupId}" from __consumer_offsets`, undefined, async (client, progress) => {
        await handshake(client, progress);
        progress.step = 'reading __consumer_offsets';
        return readGroupCommits(client, await bootstrapConnection(client), groupId);
      }),
    close: () => admin.close(closeGiveUpMs),
  };
}
