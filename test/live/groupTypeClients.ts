// Real Kafka clients that make a share group and a streams group on a test broker: Kafka's console share
// consumer (KIP-932) and a small Kafka Streams app with group.protocol=streams (KIP-1071,
// test/live/java/StreamsGroupApp.java), both from the broker's own Maven jars. Used by the live tests and
// by the VS Code suite's broker.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { findJava, findKafkaJars } from '../../src/brokerRun/javaDriver';
import type { KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');

/**
 * Lets share group `groupId` read the records already in its topics (share groups start at the
 * latest offset unless `share.auto.offset.reset=earliest` is set on the group).
 */
export async function shareGroupFromEarliest(kafka: KafkaCluster, groupId: string): Promise<void> {
  const run = await kafka.runTool(
    'configs',
    [
      '--alter',
      '--entity-type',
      'groups',
      '--entity-name',
      groupId,
      '--add-config',
      'share.auto.offset.reset=earliest',
    ],
    { timeoutMs: 60_000 },
  );
  if (run.code !== 0) throw new Error(`kafka-configs for share group ${groupId} failed: ${run.stderr}`);
}

/** Starts Kafka's console share consumer in share group `groupId` on `topic`; kill it to make it leave. */
export function startShareConsumer(kafka: KafkaCluster, topic: string, groupId: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      path.join(root, 'scripts/kafka.mjs'),
      'tool',
      '--data-dir',
      kafka.dataDir,
      'console-share-consumer',
      '--bootstrap-server',
      kafka.bootstrapServers,
      '--topic',
      topic,
      '--group',
      groupId,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
}

/**
 * Starts the Kafka Streams app of streams group `groupId` (reads `inputTopic`, writes word counts to
 * `outputTopic`, state under `stateDir`); it stops when its stdin closes, or kill it.
 */
export async function startStreamsApp(
  kafka: KafkaCluster,
  groupId: string,
  inputTopic: string,
  outputTopic: string,
  stateDir: string,
): Promise<ChildProcess> {
  const java = await findJava();
  const jars = findKafkaJars(undefined, root);
  return spawn(
    java,
    [
      '-cp',
      `${jars}${path.sep}*`,
      path.join(root, 'test/live/java/StreamsGroupApp.java'),
      kafka.bootstrapServers,
      groupId,
      inputTopic,
      outputTopic,
      stateDir,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
}
