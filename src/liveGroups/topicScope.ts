// Which partitions an offset change applies to, from `--topic` arguments as Kafka's tool reads them
// (GroupOffsetsResetter.parseTopicPartitionsToReset / parseTopicsWithPartitions): `T` is every
// partition of the topic, `T:0,1,2` only those; the option may be given several times.

import { compareTopicPartitions, partitionKey, type TopicPartition } from '../common/topicPartition';
import { KafkaOperationError } from '../kafka/kafkaErrors';

/** One `--topic` argument: a topic, and its partitions when they were named. */
export interface TopicArgument {
  readonly topic: string;
  /** null: every partition of the topic. */
  readonly partitions: readonly number[] | null;
}

/** A `--topic` argument Kafka's tool would refuse, with the tool's reason. */
export class TopicArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopicArgumentError';
  }
}

/** Parses `T` or `T:P[,P…]`, refusing what the tool refuses (a second `:`, no partitions, a partition that is not a number). */
export function parseTopicArgument(text: string): TopicArgument {
  if (!text.includes(':')) {
    if (text.trim() === '') throw new TopicArgumentError('--topic needs a topic name');
    return { topic: text, partitions: null };
  }
  const parts = text.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new TopicArgumentError(`Invalid topic arg '${text}', expected topic name and partitions`);
  }
  const partitions = parts[1].split(',').map((partition) => {
    if (!/^\d+$/.test(partition) || Number(partition) > 2_147_483_647) {
      throw new TopicArgumentError(`Invalid partition '${partition}' specified in topic arg '${text}'`);
    }
    return Number(partition);
  });
  return { topic: parts[0], partitions };
}

/**
 * Refuses partitions that do not exist, with the message of Kafka's
 * GroupOffsetsResetter.checkAllTopicPartitionsValid (`The partitions "orders-7" do not exist`).
 */
export async function assertPartitionsExist(
  partitions: readonly TopicPartition[],
  topicPartitions: (topics: readonly string[]) => Promise<TopicPartition[]>,
): Promise<void> {
  if (partitions.length === 0) return;
  const existing = new Set(
    (await topicPartitions([...new Set(partitions.map((p) => p.topic))])).map((p) => partitionKey(p)),
  );
  const missing = partitions.filter((p) => !existing.has(partitionKey(p)));
  if (missing.length > 0) {
    throw new KafkaOperationError(
      'missingTopic',
      `The partitions "${missing.map((p) => partitionKey(p)).join(',')}" do not exist`,
    );
  }
}

/**
 * The partitions of the arguments, each once, sorted: named partitions as given (they must exist),
 * and every partition of the topics named alone (looked up with `topicPartitions`, which rejects an
 * unknown topic).
 */
export async function resolveTopicArguments(
  args: readonly TopicArgument[],
  topicPartitions: (topics: readonly string[]) => Promise<TopicPartition[]>,
): Promise<TopicPartition[]> {
  const named = args.flatMap((a) => (a.partitions ?? []).map((partition) => ({ topic: a.topic, partition })));
  await assertPartitionsExist(named, topicPartitions);
  const wholeTopics = [...new Set(args.filter((a) => a.partitions === null).map((a) => a.topic))];
  const all = [...named, ...(wholeTopics.length > 0 ? await topicPartitions(wholeTopics) : [])];
  const unique = new Map(all.map((p) => [partitionKey(p), p]));
  return [...unique.values()].sort(compareTopicPartitions);
}
