// The Kafka offset editor (bundled into dist/kafkaClient.js with the inspector): reads the offsets
// a reset needs (committed, log start, log end, offset for a time) and commits or deletes a group's
// offsets as an admin. Only src/liveGroups/offsetChanges.ts decides when that is allowed. Each
// operation's duration and outcome goes to the options' logger.

import { Admin, ListOffsetTimestamps } from '@platformatic/kafka';
import { runWithDeadline } from '../common/deadline';
import { adminOptions } from './connectionOptions';
import { breaksConnections, classifyKafkaError, KafkaOperationError } from './kafkaErrors';
import {
  describeConnection,
  elapsedMs,
  errorCodes,
  errorSummary,
  loggerOf,
  secretsOf,
  withoutSecrets,
} from './kafkaLogger';
import {
  defaultTimeoutMs,
  type KafkaConnectionOptions,
  type PartitionOffsets,
  type TopicPartition,
} from './kafkaModel';
import type { KafkaOffsetEditor } from './offsetEditorTypes';
import { probeBootstrapServers } from './bootstrapProbe';

/** Groups partitions by topic, in first-seen order. */
function byTopic<T extends TopicPartition>(partitions: readonly T[]): Map<string, T[]> {
  const topics = new Map<string, T[]>();
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p]);
  return topics;
}

/** Creates an offset editor for one cluster. Nothing connects until the first call. */
export function createKafkaOffsetEditor(options: KafkaConnectionOptions): KafkaOffsetEditor {
  const clientOptions = adminOptions(options);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const logger = loggerOf(options);
  logger.info(`offset editor for ${describeConnection({ ...options, timeoutMs })}`);
  let admin: Admin | null = null;
  const getAdmin = (): Admin => (admin ??= new Admin(clientOptions));

  /** Runs one operation within the timeout, with a classified one-line error. */
  async function run<T>(step: string, groupId: string | undefined, work: (client: Admin) => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      const result = await runWithDeadline(
        (async () => {
          // A silent first bootstrap server must not fail every reset (as in the inspector's handshake).
          const client = getAdmin();
          await probeBootstrapServers(client);
          return work(client);
        })(),
        timeoutMs,
        () => new KafkaOperationError('timeout', `timed out after ${timeoutMs} ms while ${step}`),
      );
      logger.info(`${step}: ok in ${elapsedMs(startedAt)} ms`);
      return result;
    } catch (error) {
      const classified = withoutSecrets(
        classifyKafkaError(error, {
          bootstrapServers: options.bootstrapServers,
          step,
          timeoutMs,
          connected: true,
          ...(groupId !== undefined ? { groupId } : {}),
        }),
        secretsOf(options),
      );
      logger.warn(
        `${step}: failed after ${elapsedMs(startedAt)} ms: ${errorSummary(classified)}` +
          `${classified === error ? '' : ` (from ${errorCodes(error)})`}`,
      );
      if (breaksConnections(classified)) {
        const current = admin;
        admin = null;
        if (current) void current.close().catch(() => undefined);
      }
      throw classified;
    }
  }

  async function listOffsets(client: Admin, partitions: readonly TopicPartition[], timestamp: bigint) {
    const topics = await client.listOffsets({
      topics: [...byTopic(partitions)].map(([name, ps]) => ({
        name,
        partitions: ps.map((p) => ({ partitionIndex: p.partition, timestamp })),
      })),
    });
    const offsets = new Map<string, bigint>();
    for (const topic of topics) {
      for (const p of topic.partitions) offsets.set(`${topic.name}\u0000${p.partitionIndex}`, p.offset);
    }
    return offsets;
  }

  return {
    partitionOffsets: (groupId, partitions, timestampMs) =>
      run(`reading the offsets of group "${groupId}"`, groupId, async (client) => {
        const [committedGroups, starts, ends, times] = await Promise.all([
          client.listConsumerGroupOffsets({ groups: [groupId] }),
          listOffsets(client, partitions, ListOffsetTimestamps.EARLIEST),
          listOffsets(client, partitions, ListOffsetTimestamps.LATEST),
          timestampMs === undefined ? Promise.resolve(undefined) : listOffsets(client, partitions, BigInt(timestampMs)),
        ]);
        const committed = new Map<string, number>();
        for (const topic of committedGroups[0]?.topics ?? []) {
          for (const p of topic.partitions) {
            if (p.committedOffset >= 0n)
              committed.set(`${topic.name}\u0000${p.partitionIndex}`, Number(p.committedOffset));
          }
        }
        return partitions.map((p): PartitionOffsets => {
          const key = `${p.topic}\u0000${p.partition}`;
          const start = starts.get(key);
          const end = ends.get(key);
          if (start === undefined || end === undefined) {
            throw new KafkaOperationError('missingTopic', `partition ${p.topic}-${p.partition} does not exist`);
          }
          const forTime = times?.get(key);
          return {
            topic: p.topic,
            partition: p.partition,
            currentOffset: committed.get(key) ?? null,
            logStartOffset: Number(start),
            logEndOffset: Number(end),
            ...(times ? { offsetForTime: forTime === undefined || forTime < 0n ? null : Number(forTime) } : {}),
          };
        });
      }),

    topicPartitions: (topics) =>
      run(`reading the partitions of ${topics.join(', ')}`, undefined, async (client) => {
        const metadata = await client.metadata({ topics: [...topics], forceUpdate: true });
        return topics.flatMap((topic) => {
          const found = metadata.topics.get(topic);
          if (!found) throw new KafkaOperationError('missingTopic', `topic "${topic}" does not exist`);
          return Array.from({ length: found.partitionsCount }, (_, partition) => ({ topic, partition }));
        });
      }),

    alterOffsets: (groupId, offsets) =>
      run(`committing offsets for group "${groupId}"`, groupId, (client) =>
        client.alterConsumerGroupOffsets({
          groupId,
          topics: [...byTopic(offsets)].map(([name, ps]) => ({
            name,
            partitionOffsets: ps.map((p) => ({ partition: p.partition, offset: BigInt(p.offset) })),
          })),
        }),
      ),

    deleteOffsets: (groupId, partitions) =>
      run(`deleting offsets of group "${groupId}"`, groupId, async (client) => {
        await client.deleteConsumerGroupOffsets({
          groupId,
          topics: [...byTopic(partitions)].map(([name, ps]) => ({
            name,
            partitionIndexes: ps.map((p) => p.partition),
          })),
        });
      }),

    close: async () => {
      const current = admin;
      admin = null;
      if (current) await current.close().catch(() => undefined);
    },
  };
}
