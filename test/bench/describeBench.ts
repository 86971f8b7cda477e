// `npm run bench` (live part): on a real Kafka 4.4 started for the bench, the time to describe a group
// of 1,000 partitions with our CLI vs Kafka's consumer group command (median of several runs), and
// how many requests our CLI sends for 10 and for 1,000 partitions. Prints figures; asserts nothing.

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Admin, Producer } from '@platformatic/kafka';
import { parseDescribeTable } from '../../src/kafka/describeRows';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import { startKafka, type KafkaCluster } from '../live/kafkaBroker';
import { runBuiltCli } from '../support/builtCli';

const root = path.resolve(__dirname, '../..');
const runs = Number(process.env.DESCRIBE_BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

/** A topic of `partitions` partitions, a record in every tenth, and a group that committed all of them. */
async function makeGroup(kafka: KafkaCluster, topic: string, partitions: number, groupId: string): Promise<void> {
  const bootstrapBrokers = [kafka.bootstrapServers];
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers, timeout: 60_000, requestTimeout: 60_000 });
  await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  const producer = new Producer({ clientId: 'bench-producer', bootstrapBrokers, requestTimeout: 60_000 });
  const messages = [];
  for (let p = 0; p < partitions; p += 10) messages.push({ topic, partition: p, value: Buffer.from('x') });
  // a new topic's partitions get their leaders over a moment: retry until the records are in
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.send({ messages });
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  await producer.close();
  await admin.alterConsumerGroupOffsets({
    groupId,
    topics: [
      {
        name: topic,
        partitionOffsets: Array.from({ length: partitions }, (_, partition) => ({ partition, offset: 0n })),
      },
    ],
  });
  await admin.close();
}

async function main(): Promise<void> {
  console.log('== describe: our CLI vs kafka-consumer-groups --describe (real Kafka, one broker)');
  const started = performance.now();
  const kafka = await startKafka({ readyTimeoutSec: 180 });
  console.log(
    `Kafka ${kafka.kafkaVersion} on ${kafka.bootstrapServers} (${((performance.now() - started) / 1000).toFixed(1)} s to start)`,
  );
  try {
    await makeGroup(kafka, 'bench-10', 10, 'bench-group-10');
    await makeGroup(kafka, 'bench-1000', 1000, 'bench-group-1000');
    const describeArgs = (groupId: string): string[] => [
      'describe',
      '--bootstrap-server',
      kafka.bootstrapServers,
      '--group',
      groupId,
      '--timeout-ms',
      '30000',
    ];

    for (const groupId of ['bench-group-10', 'bench-group-1000']) {
      const stats = await runBuiltCli([...describeArgs(groupId), '--request-stats']);
      const line = stats.stderr.split('\n').find((l) => l.startsWith('requests:')) ?? stats.stderr.trim();
      console.log(
        `${groupId.padEnd(17)} rows ${String(parseDescribeTable(stats.stdout).length).padStart(4)}   ${line}`,
      );
    }

    // In-process (no Node start-up): the client bundle as the extension loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle
    const client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 30_000 });
    await inspector.describeGroup('bench-group-1000'); // connect once
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push((await timed(() => inspector.describeGroup('bench-group-1000'))).ms);
    await inspector.close();

    const ours: number[] = [];
    const tool: number[] = [];
    let ourText = '';
    let toolText = '';
    for (let i = 0; i < runs; i++) {
      const a = await timed(() => runBuiltCli(describeArgs('bench-group-1000')));
      ours.push(a.ms);
      ourText = a.result.stdout;
      const b = await timed(() =>
        kafka.runTool('consumer-groups', ['--describe', '--group', 'bench-group-1000'], { timeoutMs: 120_000 }),
      );
      tool.push(b.ms);
      toolText = b.result.stdout;
    }
    const same = JSON.stringify(parseDescribeTable(ourText)) === JSON.stringify(parseDescribeTable(toolText));
    const fmt = (values: number[]): string =>
      `median ${median(values).toFixed(0)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
    console.log(`1,000 partitions, our CLI (node dist/cli.js):        ${fmt(ours)}`);
    console.log(`1,000 partitions, kafka-consumer-groups --describe: ${fmt(tool)}`);
    console.log(`1,000 partitions, our client in-process (warm):     ${fmt(warm)}`);
    console.log(
      `speed-up (CLI vs tool, medians): ${(median(tool) / median(ours)).toFixed(1)}x; rows identical: ${same ? 'yes' : 'NO'}`,
    );
    console.log('(the tool is timed through scripts/kafka.mjs, which starts its JVM; both include process start-up)');
  } finally {
    await kafka.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
