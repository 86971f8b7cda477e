// The interface of the Kafka offset editor (reset and delete a group's committed offsets), apart
// from its implementation in the lazily loaded client bundle, so callers depend on types only.

import type { PartitionOffsets, TopicPartition } from './kafkaModel';

/** Reads what an offset change needs and changes a group's committed offsets. */
export interface KafkaOffsetEditor {
  /** The group's committed offset, the log start and end of each partition, and, with a time, the first offset at or after it. */
  partitionOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
    timestampMs?: number,
  ): Promise<PartitionOffsets[]>;
  /** Every partition of the topics (an unknown topic is an error naming it). */
  topicPartitions(topics: readonly string[]): Promise<TopicPartition[]>;
  /** Commits these offsets for the group (OffsetCommit as an admin; the group must be inactive). */
  alterOffsets(groupId: string, offsets: readonly (TopicPartition & { readonly offset: number })[]): Promise<void>;
  /** Deletes the group's committed offsets of these partitions (OffsetDelete). */
  deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<void>;
  close(): Promise<void>;
}
