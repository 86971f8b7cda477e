// `npm run bench` (live part): on a real Kafka 4.4 started for the bench, the time to describe a group
// of 1,000 and of 10,000 partitions with our CLI vs Kafka's consumer group command (medians of runs
// taken in turn), whether the rows are the same, and how many requests our CLI sends at each size;
// then, with 2,000 and with 10,000 small groups on the broker, `describe --all-groups` vs
// `kafka-consumer-groups --describe --all-groups` and `list` vs `kafka-groups --list` the same way,
// and our request counts at both sizes (the same whatever the number of groups).
// Prints figures; asserts nothing.

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Admin, Producer } from '@platformatic/kafka';
import { parseDescribeTable } from '../../src/kafka/describeRows';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import { BurrowTracker } from '../../src/liveGroups/burrowTracker';
import { loadClusterGroups } from '../../src/liveGroups/clusterGroupsLoad';
import { startWireRequestCounter } from '../../src/kafka/wire/wireRequestCounter';
import { startKafka, type KafkaCluster, type ToolResult } from '../live/kafkaBroker';
import { runBuiltCli, type CliRun } from '../support/builtCli';

const root = path.resolve(__dirname, '../..');
const runs = Number(process.env.DESCRIBE_BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmt(values: number[]): string {
  return `median ${median(values).toFixed(0).padStart(5)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
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

/** The topic the many small groups commit offsets on: 10 partitions of 100 records each. */
const manyTopic = 'bench-groups';
const manyTopicPartitions = 10;
const manyTopicRecords = 100;
/** How many groups are created at once. */
const manyParallel = 16;
const manyGroupId = (i: number): string => `bench-many-${String(i).padStart(5, '0')}`;

/** Sends until every record is in: a new topic's partitions get their leaders over a moment. */
async function sendWithRetry(producer: Producer, messages: Parameters<Producer['send']>[0]['messages']): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.send({ messages });
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function makeManyGroupsTopic(kafka: KafkaCluster): Promise<void> {
  const bootstrapBrokers = [kafka.bootstrapServers];
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers, timeout: 60_000, requestTimeout: 60_000 });
  await admin.createTopics({ topics: [manyTopic], partitions: manyTopicPartitions, replicas: 1 });
  await admin.close();
  const producer = new Producer({ clientId: 'bench-producer', bootstrapBrokers, requestTimeout: 60_000 });
  const messages = [];
  for (let p = 0; p < manyTopicPartitions; p++)
    for (let r = 0; r < manyTopicRecords; r++)
      messages.push({ topic: manyTopic, partition: p, value: Buffer.from('x') });
  await sendWithRetry(producer, messages);
  await producer.close();
}

/**
 * Groups bench-many-<from> ... bench-many-<to - 1> (classic, empty), each with offsets committed on 1 to 3
 * partitions of the topic (offsets spread over 0..100, so lags differ), `manyParallel` at a time.
 */
async function addManyGroups(kafka: KafkaCluster, from: number, to: number): Promise<void> {
  const admin = new Admin({
    clientId: 'bench-admin',
    bootstrapBrokers: [kafka.bootstrapServers],
    timeout: 60_000,
    requestTimeout: 60_000,
  });
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const i = next++;
      const partitionOffsets = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        partition: (i + k) % manyTopicPartitions,
        offset: BigInt((i * 7 + k) % (manyTopicRecords + 1)),
      }));
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.alterConsumerGroupOffsets({
            groupId: manyGroupId(i),
            topics: [{ name: manyTopic, partitionOffsets }],
          });
          break;
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: manyParallel }, worker));
  } finally {
    await admin.close();
  }
}

/** The line number and both lines of the first difference between two texts, for a short report. */
function firstDifference(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i])
      return `first difference at line ${i + 1}: ours ${JSON.stringify(a[i] ?? '(end)')}, the tool's ${JSON.stringify(b[i] ?? '(end)')}`;
  return 'no difference';
}

/** What a tool run that failed said, on one line (its code and the first line of its stderr). */
function toolFailure(label: string, result: ToolResult): string {
  const first = result.stderr.split('\n').find((l) => l.trim()) ?? '';
  return `${label}: the tool exited with code ${result.code}: ${first.trim().slice(0, 200)}`;
}

/** The `--all-groups` and `list` figures with `groups` groups on the broker; resolves to our request count line. */
async function allGroupsFigures(kafka: KafkaCluster, groups: number): Promise<string> {
  const label = `${groups.toLocaleString('en-US').padStart(6)} groups`;
  const describeArgs = [
    'describe',
    '--bootstrap-server',
    kafka.bootstrapServers,
    '--all-groups',
    '--timeout-ms',
    '60000',
  ];
  // also warms the broker's caches for both, not for whoever goes first
  const stats = await runBuiltCli([...describeArgs, '--request-stats']);
  const requests = stats.stderr.split('\n').find((l) => l.startsWith('requests:')) ?? stats.stderr.trim();
  const rows = parseDescribeTable(stats.stdout);
  console.log(
    `${label}: our CLI described ${new Set(rows.map((r) => r[0])).size} groups, ${rows.length} rows ` +
      `(exit ${stats.code})   ${requests}`,
  );

  const ours: number[] = [];
  const tool: number[] = [];
  let ourRun: CliRun | undefined;
  let toolRun: ToolResult | undefined;
  // the tool takes seconds per run: 3 runs, 2 if one takes over 20 s
  let toolRuns = 3;
  for (let i = 0; i < 3; i++) {
    const a = await timed(() => runBuiltCli(describeArgs));
    ours.push(a.ms);
    ourRun = a.result;
    if (i >= toolRuns) continue;
    const b = await timed(() =>
      kafka.runTool('consumer-groups', ['--describe', '--all-groups'], { timeoutMs: 300_000 }),
    );
    tool.push(b.ms);
    toolRun = b.result;
    if (b.ms > 20_000) toolRuns = 2;
  }
  const speedUp = median(tool) / median(ours);
  const same = ourRun?.stdout === toolRun?.stdout;
  console.log(`${label}, our CLI describe --all-groups:                ${fmt(ours)}`);
  console.log(`${label}, kafka-consumer-groups --describe --all-groups: ${fmt(tool)} (${tool.length} runs)`);
  console.log(
    `${label}: speed-up ${speedUp.toFixed(1)}x (aim: at least 10x, ${speedUp >= 10 ? 'met' : 'NOT met'}); ` +
      `stdout byte for byte the tool's: ${same ? 'yes' : 'NO'}`,
  );
  if (ourRun && ourRun.code !== 0)
    console.log(`${label}: our CLI exited with code ${ourRun.code}: ${ourRun.stderr.trim()}`);
  if (toolRun && toolRun.code !== 0) console.log(toolFailure(label, toolRun));
  if (!same && ourRun && toolRun) console.log(`${label}: ${firstDifference(ourRun.stdout, toolRun.stdout)}`);

  const listArgs = ['list', '--bootstrap-server', kafka.bootstrapServers, '--timeout-ms', '60000'];
  await runBuiltCli(listArgs);
  const ourList: number[] = [];
  const toolList: number[] = [];
  let ourListRun: CliRun | undefined;
  let toolListRun: ToolResult | undefined;
  for (let i = 0; i < 3; i++) {
    const a = await timed(() => runBuiltCli(listArgs));
    ourList.push(a.ms);
    ourListRun = a.result;
    const b = await timed(() => kafka.runTool('groups', ['--list'], { timeoutMs: 300_000 }));
    toolList.push(b.ms);
    toolListRun = b.result;
  }
  const listSpeedUp = median(toolList) / median(ourList);
  const listSame = ourListRun?.stdout === toolListRun?.stdout;
  // kafka-groups --list prints the groups in the order the broker lists them, ours sorts them
  const sortedLines = (text: string | undefined): string => (text ?? '').split('\n').sort().join('\n');
  const listSameLines = sortedLines(ourListRun?.stdout) === sortedLines(toolListRun?.stdout);
  console.log(`${label}, our CLI list:          ${fmt(ourList)}`);
  console.log(`${label}, kafka-groups --list:   ${fmt(toolList)}`);
  console.log(
    `${label}: list speed-up ${listSpeedUp.toFixed(1)}x; stdout byte for byte the tool's: ${listSame ? 'yes' : 'no'}; ` +
      `the same lines in any order: ${listSameLines ? 'yes' : 'NO'}`,
  );
  if (toolListRun && toolListRun.code !== 0) console.log(toolFailure(`${label}, list`, toolListRun));
  if (!listSameLines && ourListRun && toolListRun)
    console.log(`${label}, list: ${firstDifference(ourListRun.stdout, toolListRun.stdout)}`);
  return requests;
}

/**
 * The Clusters tree's refresh with `groups` groups, in-process as the extension does it (the client
 * bundle's inspector, src/liveGroups/clusterGroupsLoad.ts): when the listing could be shown, when
 * every group's lag was there, and how many requests one refresh sends.
 */
async function treeFigures(kafka: KafkaCluster, groups: number): Promise<void> {
  const label = `${groups.toLocaleString('en-US').padStart(6)} groups`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the extension loads it
  const client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
  const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 60_000 });
  const burrow = new BurrowTracker();
  const within = <T>(operation: Promise<T>): Promise<T> => operation;
  const listedMs: number[] = [];
  const loadedMs: number[] = [];
  let requests = '';
  try {
    for (let run = 0; run < 4; run++) {
      const counters = [client.startRequestCounter(), startWireRequestCounter()];
      const started = performance.now();
      let listedAt = NaN;
      const entries = await loadClusterGroups(inspector, 'bench', burrow, within, {
        onListed: () => (listedAt = performance.now() - started),
        warn: () => undefined,
        commitLogProblem: () => undefined,
      });
      const loaded = performance.now() - started;
      const counted = counters.map((c) => c.stop());
      if (entries.filter((e) => e.description).length !== groups) {
        console.log(`${label}: the tree described ${entries.filter((e) => e.description).length} of ${entries.length}`);
      }
      if (run === 0) {
        // the first run connects and loads the client's code: reported apart
        console.log(
          `${label}, Clusters tree, first refresh (connecting): listing ${listedAt.toFixed(0)} ms, lag ${loaded.toFixed(0)} ms`,
        );
        continue;
      }
      listedMs.push(listedAt);
      loadedMs.push(loaded);
      const byApi: Record<string, number> = {};
      for (const c of counted) for (const [api, n] of Object.entries(c.byApi)) byApi[api] = (byApi[api] ?? 0) + n;
      requests = `${counted.reduce((sum, c) => sum + c.total, 0)} (${Object.entries(byApi)
        .map(([api, n]) => `${api} ${n}`)
        .join(', ')})`;
    }
  } finally {
    await inspector.close();
  }
  console.log(`${label}, Clusters tree refresh, listing shown after:   ${fmt(listedMs)} (aim: under 1,000 ms)`);
  console.log(`${label}, Clusters tree refresh, every group's lag after: ${fmt(loadedMs)} (aim: under 2,000 ms)`);
  console.log(`${label}, Clusters tree refresh: requests ${requests}`);
}

/** The all-groups section: the partition benches' groups deleted, then 2,000 and 10,000 small groups. */
async function allGroupsSection(kafka: KafkaCluster, partitionGroups: string[]): Promise<void> {
  console.log('== describe --all-groups and list: our CLI vs kafka-consumer-groups / kafka-groups (same broker)');
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [kafka.bootstrapServers], timeout: 60_000 });
  await admin.deleteGroups({ groups: partitionGroups }); // only the many small groups stay
  await admin.close();
  const requests = new Map<number, string>();
  let made = 0;
  const setupStarted = performance.now();
  await makeManyGroupsTopic(kafka);
  for (const total of [2000, 10_000]) {
    const started = performance.now();
    await addManyGroups(kafka, made, total);
    const seconds = (performance.now() - (made === 0 ? setupStarted : started)) / 1000;
    console.log(
      `setup: groups ${manyGroupId(made)} ... ${manyGroupId(total - 1)} (1 to 3 partitions of ${manyTopic} each, ` +
        `${manyParallel} at a time) in ${seconds.toFixed(1)} s${made === 0 ? ' (with the topic and its records)' : ''}`,
    );
    made = total;
    requests.set(total, await allGroupsFigures(kafka, total));
    await treeFigures(kafka, total);
  }
  const counts = [...requests.entries()].map(([total, line]) => ({
    total,
    count: /^requests: (\d+)/.exec(line)?.[1] ?? '?',
  }));
  const sameCount = counts.every(({ count }) => count !== '?' && count === counts[0].count);
  console.log(
    `our requests for describe --all-groups: ` +
      counts.map(({ total, count }) => `${count} at ${total.toLocaleString('en-US')} groups`).join(', ') +
      ` (the same at both sizes: ${sameCount ? 'yes' : 'NO'})`,
  );
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

    await allGroupsSection(
      kafka,
      sizes.map((size) => `bench-group-${size}`),
    );
  } finally {
    await kafka.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
