// Live parity against a real Kafka 4.4 (test/live/kafkaBroker.ts): a classic group (three in-process
// @platformatic/kafka members) and a KIP-848 group (Kafka's Java console consumer with
// group.protocol=consumer), each described by our built dist/cli.js and by Kafka's own consumer group
// command on the same broker, row by row. Also: unknown group, unreachable server, group listing.

import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { Admin, Consumer, MessagesStreamModes, Producer, type MessagesStream } from '@platformatic/kafka';
import { parseDescribeTable, type DescribeJson } from '../../src/kafka/describeRows';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import type { GroupDescription } from '../../src/kafka/kafkaModel';
import { runBuiltCli, type CliRun } from '../support/builtCli';
import { startKafka, startKip848Member, type KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records per partition that the test produces, and so the log-end offsets it expects. */
const produced: Record<string, number[]> = { orders: [5, 3, 2, 0], payments: [4, 1] };

describe('live: describe parity with kafka-consumer-groups (real Kafka 4.4)', function () {
  this.timeout(60_000);
  let kafka: KafkaCluster;
  let client: KafkaClient;
  const consumers: Consumer[] = [];
  const streams: MessagesStream<Buffer, Buffer, Buffer, Buffer>[] = [];
  let consoleConsumer: ChildProcess | undefined;

  /** Polls our client until `ready` holds for the group's description (members join asynchronously). */
  async function waitForGroup(groupId: string, ready: (d: GroupDescription) => boolean): Promise<GroupDescription> {
    const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 5000 });
    const deadline = Date.now() + 40_000;
    let last = '';
    try {
      while (Date.now() < deadline) {
        try {
          const d = await inspector.describeGroup(groupId);
          if (ready(d)) return d;
          last = JSON.stringify(d);
        } catch (error) {
          last = (error as Error).message;
        }
        await sleep(250);
      }
    } finally {
      await inspector.close();
    }
    throw new Error(`group ${groupId} did not settle: ${last}`);
  }

  /** Our CLI and Kafka's tool on the same group: same rows, same cells, same text. */
  async function assertParity(groupId: string): Promise<{ ours: CliRun; rows: string[][]; json: DescribeJson }> {
    const [ours, tool, jsonRun] = await Promise.all([
      runBuiltCli(['describe', '--bootstrap-server', kafka.bootstrapServers, '--group', groupId]),
      kafka.runTool('consumer-groups', ['--describe', '--group', groupId], { timeoutMs: 30_000 }),
      runBuiltCli(['describe', '--bootstrap-server', kafka.bootstrapServers, '--group', groupId, '--json']),
    ]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(tool.code, 0, tool.stderr);
    const ourRows = parseDescribeTable(ours.stdout);
    const toolRows = parseDescribeTable(tool.stdout);
    assert.ok(toolRows.length > 0, `the tool printed no rows: ${tool.stdout}${tool.stderr}`);
    assert.deepEqual(ourRows, toolRows);
    assert.equal(ours.stdout, tool.stdout, 'the text is byte for byte the tool’s');
    const json = JSON.parse(jsonRun.stdout) as DescribeJson;
    assert.deepEqual(
      json.partitions.map((p) =>
        [groupId, p.topic, p.partition, p.currentOffset, p.logEndOffset, p.lag, p.consumerId, p.host, p.clientId].map(
          (cell) => (cell === null ? '-' : String(cell)),
        ),
      ),
      toolRows,
      '--json has the same rows',
    );
    return { ours, rows: ourRows, json };
  }

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    kafka = await startKafka();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the CLI loads it
    client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    const bootstrapBrokers = [kafka.bootstrapServers];

    const admin = new Admin({ clientId: 'live-test-admin', bootstrapBrokers });
    await admin.createTopics({ topics: ['orders'], partitions: 4, replicas: 1 });
    await admin.createTopics({ topics: ['payments'], partitions: 2, replicas: 1 });
    const producer = new Producer({
      clientId: 'live-test-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true, // a batch re-sent right after topic creation must not duplicate records
    });
    await producer.send({
      messages: Object.entries(produced).flatMap(([topic, counts]) =>
        counts.flatMap((count, partition) =>
          Array.from({ length: count }, (_, i) => ({
            topic,
            partition,
            value: Buffer.from(`${topic}-${partition}-${i}`),
          })),
        ),
      ),
    });
    await producer.close();
    // Committed offsets made while the groups are empty (OffsetCommit without a generation, as a reset does).
    await admin.alterConsumerGroupOffsets({
      groupId: 'parity-classic',
      topics: [
        {
          name: 'orders',
          partitionOffsets: [
            { partition: 0, offset: 2n },
            { partition: 1, offset: 3n },
          ],
        },
        { name: 'payments', partitionOffsets: [{ partition: 0, offset: 1n }] },
      ],
    });
    await admin.alterConsumerGroupOffsets({
      groupId: 'parity-kip848',
      topics: [
        { name: 'orders', partitionOffsets: [{ partition: 0, offset: 4n }] },
        { name: 'payments', partitionOffsets: [{ partition: 1, offset: 1n }] },
      ],
    });
    await admin.close();

    // KIP-848 group: the Java console consumer, group.protocol=consumer, never committing.
    consoleConsumer = startKip848Member(kafka, 'orders', 'parity-kip848');

    // Classic group: three members on the 2-partition topic, so one member owns nothing.
    for (const name of ['a', 'b', 'c']) {
      const consumer = new Consumer({
        clientId: `classic-${name}`,
        groupId: 'parity-classic',
        bootstrapBrokers,
        autocommit: false,
      });
      consumers.push(consumer);
      const stream = await consumer.consume({
        topics: ['payments'],
        mode: MessagesStreamModes.COMMITTED,
        autocommit: false,
      });
      stream.on('data', () => undefined);
      streams.push(stream);
    }

    // One member reading two topics: the row order across topics must be the tool's too.
    const multi = new Consumer({ clientId: 'multi-a', groupId: 'parity-multi', bootstrapBrokers, autocommit: false });
    consumers.push(multi);
    const multiStream = await multi.consume({
      topics: ['payments', 'orders'],
      mode: MessagesStreamModes.COMMITTED,
      autocommit: false,
    });
    multiStream.on('data', () => undefined);
    streams.push(multiStream);
  });

  after(async function () {
    this.timeout(120_000);
    for (const stream of streams) await stream.close().catch(() => undefined);
    for (const consumer of consumers) await consumer.close(true).catch(() => undefined);
    if (consoleConsumer && consoleConsumer.exitCode === null) {
      const exited = new Promise((resolve) => consoleConsumer?.once('exit', resolve));
      consoleConsumer.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
    }
    await kafka?.stop();
  });

  it('a classic group: rows for owned and committed-but-unowned partitions, `-` where the tool has it', async () => {
    const described = await waitForGroup(
      'parity-classic',
      (d) =>
        d.state === 'Stable' &&
        d.members.length === 3 &&
        d.rows.filter((p) => p.topic === 'payments' && p.consumerId).length === 2,
    );
    assert.deepEqual(described.members.map((m) => m.assignedPartitions.length).sort(), [0, 1, 1]);
    assert.ok(described.members.every((m) => m.memberEpoch === null && m.clientId.startsWith('classic-')));
    const { json } = await assertParity('parity-classic');
    assert.equal(json.type, 'classic');
    assert.equal(json.protocol, 'consumer', "Kafka's PROTOCOL column");
    assert.equal(json.state, 'Stable');
    const cells = json.partitions.map((p) => [p.topic, p.partition, p.currentOffset, p.logEndOffset, p.lag]);
    assert.deepEqual(cells, [
      // the two owners (one partition each, broker order), then the unowned committed partitions
      ...json.partitions
        .slice(0, 2)
        .map((p) =>
          p.partition === 0
            ? ['payments', 0, 1, produced.payments[0], 3]
            : ['payments', 1, null, produced.payments[1], null],
        ),
      ['orders', 0, 2, produced.orders[0], 3],
      ['orders', 1, 3, produced.orders[1], 0],
    ]);
    assert.ok(json.partitions.slice(2).every((p) => p.consumerId === null && p.host === null && p.clientId === null));
    const owners = new Set(json.partitions.map((p) => p.clientId).filter(Boolean));
    assert.equal(owners.size, 2, 'the third member owns nothing and has no row');
  });

  it('a KIP-848 group: real state and members, never Dead; same rows as the tool', async () => {
    const described = await waitForGroup(
      'parity-kip848',
      (d) => d.state === 'Stable' && d.rows.filter((p) => p.topic === 'orders' && p.consumerId).length === 4,
    );
    assert.equal(described.members.length, 1);
    assert.ok((described.members[0].memberEpoch ?? 0) > 0, 'a KIP-848 member has a member epoch');
    assert.equal(described.members[0].targetPartitions?.length, 4);
    const { json } = await assertParity('parity-kip848');
    assert.equal(json.type, 'consumer');
    assert.equal(json.protocol, 'consumer');
    assert.equal(json.state, 'Stable');
    assert.deepEqual(
      json.partitions.map((p) => [p.topic, p.partition, p.currentOffset, p.logEndOffset, p.lag, p.clientId]),
      [
        ['orders', 0, 4, produced.orders[0], 1, 'console-consumer'],
        ['orders', 1, null, produced.orders[1], null, 'console-consumer'],
        ['orders', 2, null, produced.orders[2], null, 'console-consumer'],
        ['orders', 3, null, produced.orders[3], null, 'console-consumer'],
        ['payments', 1, 1, produced.payments[1], 0, null],
      ],
    );
    const groups = await (async () => {
      const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers] });
      try {
        return await inspector.listGroups();
      } finally {
        await inspector.close();
      }
    })();
    assert.deepEqual(
      groups.map((g) => [g.groupId, g.type, g.state]),
      [
        ['parity-classic', 'classic', 'Stable'],
        ['parity-kip848', 'consumer', 'Stable'],
        ['parity-multi', 'classic', 'Stable'],
      ],
    );
  });

  it('one member reading two topics: the same rows, in the same order, as the tool', async () => {
    await waitForGroup('parity-multi', (d) => d.state === 'Stable' && d.rows.filter((r) => r.consumerId).length === 6);
    const { rows } = await assertParity('parity-multi');
    assert.deepEqual(
      rows.map((cells) => `${cells[1]}-${cells[2]}`),
      ['orders-0', 'orders-1', 'orders-2', 'orders-3', 'payments-0', 'payments-1'],
    );
  });

  it('an unknown group: "Group G not found." as the tool says, one line, exit 1', async () => {
    const [ours, tool] = await Promise.all([
      runBuiltCli(['describe', '--bootstrap-server', kafka.bootstrapServers, '--group', 'no-such-group']),
      kafka.runTool('consumer-groups', ['--describe', '--group', 'no-such-group'], { timeoutMs: 30_000 }),
    ]);
    assert.match(tool.stdout, /GroupIdNotFoundException: Group no-such-group not found\./);
    assert.equal(ours.code, 1);
    assert.equal(ours.stdout, '');
    assert.equal(ours.stderr, 'kafka-offset-trace: Group no-such-group not found.\n');
  });

  it('an unreachable bootstrap server: one line within the timeout', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const result = await runBuiltCli([
      'describe',
      '--bootstrap-server',
      `127.0.0.1:${port}`,
      '--group',
      'parity-classic',
      '--timeout-ms',
      '2000',
    ]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `kafka-offset-trace: cannot reach bootstrap servers 127.0.0.1:${port} (connection refused)\n`,
    );
    assert.ok(result.elapsedMs < 2000 + 1500, `${result.elapsedMs} ms`);
  });

  it("describe --all-groups: byte for byte the tool's --describe --all-groups; the requests do not grow with the groups", async () => {
    await waitForGroup('parity-classic', (d) => d.state === 'Stable');
    const allGroups = ['describe', '--bootstrap-server', kafka.bootstrapServers, '--all-groups', '--request-stats'];
    const requestsOf = (run: CliRun): number => Number(/requests: (\d+)/.exec(run.stderr)?.[1] ?? NaN);
    const before = await runBuiltCli(allGroups);
    assert.equal(before.code, 0, before.stderr);
    // 30 more groups, each with committed offsets (empty groups, as a reset leaves them)
    const admin = new Admin({ clientId: 'live-test-admin', bootstrapBrokers: [kafka.bootstrapServers] });
    try {
      for (let i = 0; i < 30; i++) {
        await admin.alterConsumerGroupOffsets({
          groupId: `parity-many-${String(i).padStart(2, '0')}`,
          topics: [{ name: 'payments', partitionOffsets: [{ partition: i % 2, offset: BigInt(i % 3) }] }],
        });
      }
    } finally {
      await admin.close();
    }
    // live members may rebalance between two runs: compare runs taken together, again once if they differ
    let ours: CliRun | undefined;
    let toolOut = '';
    for (let attempt = 0; attempt < 2 && ours?.stdout !== toolOut; attempt++) {
      const [a, b] = await Promise.all([
        runBuiltCli(allGroups),
        kafka.runTool('consumer-groups', ['--describe', '--all-groups'], { timeoutMs: 60_000 }),
      ]);
      assert.equal(a.code, 0, a.stderr);
      ours = a;
      toolOut = b.stdout;
    }
    assert.ok(ours);
    for (let i = 0; i < 30; i++) assert.ok(ours.stdout.includes(`parity-many-${String(i).padStart(2, '0')}`));
    assert.equal(ours.stdout, toolOut, 'the text is byte for byte the tool\u2019s');
    assert.equal(requestsOf(ours), requestsOf(before), `${before.stderr}\n${ours.stderr}`);
    assert.ok(requestsOf(ours) <= 9, ours.stderr);
  });
});
