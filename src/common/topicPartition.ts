// The topic-partition, the unit Kafka tracks offsets for, with the one map key and the one
// ordering the whole project uses (simulator, trace, Kafka access and views alike).

/** A topic and a partition of it. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * The map key of a topic-partition, `orders-0`: also the name the Offsets tree and the debugger
 * show. Unambiguous, since a partition number never contains `-`.
 */
export function partitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** {@link partitionKey} from its two parts, for hot loops that have no object at hand. */
export function partitionKeyOf(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Orders by topic (Java's String.compareTo: UTF-16 code units, as Kafka's tools sort), then partition. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}
