// Live offset resets and deletions against a real Kafka 4.4: our dry run equals Kafka's own
// `--reset-offsets --dry-run` for every kind of target, what we apply is what the dry run showed and
// what Kafka's tool then describes, a group with an active member is refused (as the tool refuses it),
// and deleted offsets are gone.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Admin, Consumer, MessagesStreamModes, Producer, type MessagesStream } from '@platformatic/kafka';
import {
  applyGroupDelete,
  applyGroupReset,
  planGroupDelete,
  planGroupReset,
  type OffsetChangeClients,
} from '../../src/liveGroups/offsetChanges';
import type { ResetTarget } from '../../src/liveGroups/offsetReset';
import { parseDescribeTable } from '../../src/kafka/describeRows';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import type { KafkaInspector } from '../../src/kafka/kafkaClient';
import type { KafkaOffsetEditor } from '../../src/kafka/offsetEditorTypes';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');
const topic = 'reset-orders';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The rows of the tool's `--reset-offsets` output, sorted: [topic, partition, new offset]. */
function parseResetTable(text: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells[0] === 'GROUP' && cells.includes('NEW-OFFSET')) {
      inTable = true;
      continue;
    }
    if (inTable && cells.length === 4) rows.push(cells.slice(1));
  }
  // The tool prints partitions in hash order; compare them sorted.
  return rows.sort((a, b) => a[0].localeCompare(b[0]) || Number(a[1]) - Number(b[1]));
}

describe('live: offset reset and delete (real Kafka 4.4)', function () {
  this.timeout(90_000);
  let kafka: KafkaCluster;
  let inspector: KafkaInspector;
  let editor: KafkaOffsetEditor;
  let clients: OffsetChangeClients;
  let betweenBatchesMs = 0;
  const consumers: Consumer[] = [];
  const streams: MessagesStream<Buffer, Buffer, Buffer, Buffer>[] = [];

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    kafka = await startKafka();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the extension loads it
    const client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    const options = { bootstrapServers: [kafka.bootstrapServers], timeoutMs: 8000 };
    inspector = client.createKafkaInspector(options);
    editor = client.createKafkaOffsetEditor(options);
    clients = { describeGroup: (g) => inspector.describeGroup(g), editor };

    const bootstrapBrokers = [kafka.bootstrapServers];
    const admin = new Admin({ clientId: 'reset-test-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    const producer = new Producer({
      clientId: 'reset-test-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true, // a batch re-sent right after topic creation must not duplicate records
    });
    // Records carry explicit timestamps: an hour ago for the first batch, now for the second.
    const batch = (counts: number[], tag: string, timestampMs: number) =>
      producer.send({
        messages: counts.flatMap((count, partition) =>
          Array.from({ length: count }, (_, i) => ({
            topic,
            partition,
            value: Buffer.from(`${tag}-${partition}-${i}`),
            timestamp: BigInt(timestampMs),
          })),
        ),
      });
    const now = Date.now();
    betweenBatchesMs = now - 1_800_000;
    await batch([4, 3, 0], 'a', now - 3_600_000);
    await batch([6, 3, 2], 'b', now);
    await producer.close();
    for (const group of ['reset-g', 'reset-active', 'delete-g']) {
      await admin.alterConsumerGroupOffsets({
        groupId: group,
        topics: [
          {
            name: topic,
            partitionOffsets: [
              { partition: 0, offset: 7n },
              { partition: 1, offset: 2n },
            ],
          },
        ],
      });
    }
    await admin.close();

    // An active member in reset-active (classic protocol), consuming without committing.
    const consumer = new Consumer({
      clientId: 'reset-active-1',
      groupId: 'reset-active',
      bootstrapBrokers,
      autocommit: false,
    });
    consumers.push(consumer);
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.COMMITTED, autocommit: false });
    stream.on('data', () => undefined);
    streams.push(stream);
    const deadline = Date.now() + 30_000;
    while ((await inspector.describeGroup('reset-active')).state !== 'Stable') {
      if (Date.now() > deadline) throw new Error('reset-active never became Stable');
      await sleep(200);
    }
  });

  after(async function () {
    this.timeout(60_000);
    for (const stream of streams) await stream.close().catch(() => undefined);
    for (const consumer of consumers) await consumer.close(true).catch(() => undefined);
    await inspector?.close();
    await editor?.close();
    await kafka?.stop();
  });

  const targets: [string, ResetTarget, string[]][] = [
    ['to earliest', { kind: 'earliest' }, ['--to-earliest']],
    ['to latest', { kind: 'latest' }, ['--to-latest']],
    ['to an offset past the log end (clamped)', { kind: 'offset', offset: 9 }, ['--to-offset', '9']],
    ['shift by -3', { kind: 'shift', by: -3 }, ['--shift-by', '-3']],
    ['shift by +100 (clamped)', { kind: 'shift', by: 100 }, ['--shift-by', '100']],
  ];
  for (const [name, target, toolArgs] of targets) {
    it(`dry run ${name} equals Kafka's --reset-offsets --dry-run`, async () => {
      const [ours, tool] = await Promise.all([
        planGroupReset(clients, 'reset-g', target),
        kafka.runTool(
          'consumer-groups',
          ['--reset-offsets', '--group', 'reset-g', '--all-topics', ...toolArgs, '--dry-run'],
          {
            timeoutMs: 30_000,
          },
        ),
      ]);
      assert.equal(tool.code, 0, tool.stderr);
      assert.deepEqual(
        ours.rows.map((r) => [r.topic, String(r.partition), String(r.newOffset)]),
        parseResetTable(tool.stdout),
      );
    });
  }

  it("dry run to a date-time equals the tool's: the first offset at or after it", async () => {
    const when = new Date(betweenBatchesMs).toISOString().replace(/Z$/, '');
    const [ours, tool] = await Promise.all([
      planGroupReset(clients, 'reset-g', { kind: 'datetime', timestampMs: betweenBatchesMs }),
      kafka.runTool(
        'consumer-groups',
        ['--reset-offsets', '--group', 'reset-g', '--all-topics', '--to-datetime', `${when}+00:00`, '--dry-run'],
        { timeoutMs: 30_000 },
      ),
    ]);
    assert.equal(tool.code, 0, tool.stderr);
    assert.deepEqual(
      ours.rows.map((r) => [r.topic, String(r.partition), String(r.newOffset)]),
      parseResetTable(tool.stdout),
    );
    // Only parity is asserted: the offsets are the broker's answer (its time index), and in some runs
    // Kafka 4.4 answers "none" for a partition that has a later record; its own tool then agrees.
  });

  it('applies exactly the dry run, and Kafka’s tool then shows those offsets', async () => {
    const plan = await planGroupReset(clients, 'reset-g', { kind: 'shift', by: -3 });
    const after = await applyGroupReset(clients, 'reset-g', plan.rows);
    const expected = plan.rows.map((r) => [r.topic, String(r.partition), String(r.newOffset)]);
    assert.deepEqual(
      after.rows.map((r) => [r.topic, String(r.partition), String(r.currentOffset)]),
      expected,
    );
    const tool = await kafka.runTool('consumer-groups', ['--describe', '--group', 'reset-g'], { timeoutMs: 30_000 });
    assert.deepEqual(
      parseDescribeTable(tool.stdout).map((cells) => [cells[1], cells[2], cells[3]]),
      expected,
    );
  });

  it('refuses a group with an active member, as Kafka’s tool does', async () => {
    await assert.rejects(planGroupReset(clients, 'reset-active', { kind: 'earliest' }), /state is Stable/);
    const tool = await kafka.runTool(
      'consumer-groups',
      ['--reset-offsets', '--group', 'reset-active', '--all-topics', '--to-earliest', '--execute'],
      { timeoutMs: 30_000 },
    );
    assert.match(`${tool.stdout}\n${tool.stderr}`, /inactive/);
    const describe = await inspector.describeGroup('reset-active');
    assert.deepEqual(
      describe.rows.map((r) => r.currentOffset),
      [7, 2, null],
      'nothing changed',
    );
  });

  it('deletes the chosen committed offsets and nothing else', async () => {
    const plan = await planGroupDelete(clients, 'delete-g', [{ topic, partition: 1 }]);
    assert.deepEqual(plan.rows, [{ topic, partition: 1, currentOffset: 2 }]);
    const after = await applyGroupDelete(clients, 'delete-g', plan.rows);
    assert.deepEqual(
      after.rows.map((r) => [r.partition, r.currentOffset]),
      [[0, 7]],
    );
    const tool = await kafka.runTool('consumer-groups', ['--describe', '--group', 'delete-g'], { timeoutMs: 30_000 });
    assert.deepEqual(
      parseDescribeTable(tool.stdout).map((cells) => [cells[2], cells[3]]),
      [['0', '7']],
    );
  });
});
