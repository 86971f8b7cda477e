// `npm run bench` (live part): on a real Kafka 4.4 started for the bench, the time to describe a group
// of 1,000 and of 10,000 partitions with our CLI vs Kafka's consumer group command (medians of runs
// taken in turn), whether the rows are the same, and how many requests our CLI sends at each size.
// Prints figures; asserts nothing.

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
  // KRaft takes at most 10,000 records in one request: large topics grow in steps of 5,000 partitions
  const step = 5000;
  await admin.createTopics({ topics: [topic], partitions: Math.min(partitions, step), replicas: 1 });
  for (let count = 2 * step; count - step < partitions; count += step) {
    await admin.createPartitions({ topics: [{ name: topic, count: Math.min(count, partitions) }] });
  }
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
    const sizes = [10, 1000, 10_000];
    for (const size of sizes) await makeGroup(kafka, `bench-${size}`, size, `bench-group-${size}`);
    const describeArgs = (groupId: string): string[] => [
      'describe',
      '--bootstrap-server',
      kafka.bootstrapServers,
      '--group',
      groupId,
      '--timeout-ms',
      '30000',
    ];

    for (const size of sizes) {
      const groupId = `bench-group-${size}`;
      const stats = await runBuiltCli([...describeArgs(groupId), '--request-stats']);
      const line = stats.stderr.split('\n').find((l) => l.startsWith('requests:')) ?? stats.stderr.trim();
      console.log(
        `${groupId.padEnd(18)} rows ${String(parseDescribeTable(stats.stdout).length).padStart(6)}   ${line}`,
      );
    }

    // In-process (no Node start-up): the full client bundle as the extension loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle
    const client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 30_000 });
    await inspector.describeGroup('bench-group-1000'); // connect once
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push((await timed(() => inspector.describeGroup('bench-group-1000'))).ms);
    await inspector.close();

    const fmt = (values: number[]): string =>
      `median ${median(values).toFixed(0).padStart(5)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
    for (const size of [1000, 10_000]) {
      const groupId = `bench-group-${size}`;
      const ours: number[] = [];
      const tool: number[] = [];
      let ourText = '';
      let toolText = '';
      await runBuiltCli(describeArgs(groupId)); // the broker's caches warm for both, not for whoever goes first
      for (let i = 0; i < runs; i++) {
        const a = await timed(() => runBuiltCli(describeArgs(groupId)));
        ours.push(a.ms);
        ourText = a.result.stdout;
        const b = await timed(() =>
          kafka.runTool('consumer-groups', ['--describe', '--group', groupId], { timeoutMs: 120_000 }),
        );
        tool.push(b.ms);
        toolText = b.result.stdout;
      }
      const same = ourText === toolText;
      const label = size.toLocaleString('en-US').padStart(6);
      const speedUp = median(tool) / median(ours);
      console.log(`${label} partitions, our CLI (node dist/cli.js):        ${fmt(ours)}`);
      console.log(`${label} partitions, kafka-consumer-groups --describe: ${fmt(tool)}`);
      console.log(
        `${label} partitions: speed-up ${speedUp.toFixed(1)}x (aim: at least 10x, ${speedUp >= 10 ? 'met' : 'NOT met'}); ` +
          `stdout byte for byte the tool's: ${same ? 'yes' : 'NO'}`,
      );
    }
    console.log(`1,000 partitions, our full client in-process (warm, the extension's path): ${fmt(warm)}`);
    console.log('(the tool is timed through scripts/kafka.mjs, which starts its JVM; both include process start-up)');
  } finally {
    await kafka.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
