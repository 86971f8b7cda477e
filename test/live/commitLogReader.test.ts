// Live: a group's commit history read from `__consumer_offsets` (src/kafka/commitLog/commitLogReader.ts)
// on a real Kafka 4.4 (test/live/kafkaBroker.ts). The group commits through Kafka's own tool
// (`kafka-consumer-groups --reset-offsets --to-offset N --execute`, three times) and through the admin
// API (nine more commits on one partition); a group hashed to the same `__consumer_offsets` partition
// commits in between (noise), and an offset deleted with `--delete-offsets` leaves a tombstone. Checked:
// the offsets in commit order, the commit timestamps inside each commit's wall-clock window, the last-10
// window, the group's partition (`Utils.abs(hashCode) % 50`, not `& 0x7fffffff`), and, record for record,
// what Kafka's console consumer with OffsetsMessageFormatter prints from that partition.

import * as assert from 'node:assert/strict';
import { Admin, Producer } from '@platformatic/kafka';
import { partitionKeyOf } from '../../src/common/topicPartition';
import { bootstrapConnection } from '../../src/kafka/adminInternals';
import { readGroupCommits, type GroupCommitHistory } from '../../src/kafka/commitLog/commitLogReader';
import { consumerOffsetsPartitionFor, javaStringHashCode } from '../../src/kafka/commitLog/offsetCommitRecords';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const topic = 'clr-orders';
const goneTopic = 'clr-gone';
/** A group whose partition differs between Utils.abs (46 of 50) and `hash & 0x7fffffff` (2 of 50). */
const groupId = 'commit-log-group';
const toolOffsets = [3, 7, 12];
const adminOffsets = [13, 14, 15, 16, 17, 18, 19, 20, 21];

interface Window {
  readonly offset: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** A commit as Kafka's OffsetsMessageFormatter prints it. */
interface ToolCommit {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** null for a tombstone. */
  readonly offset: number | null;
  readonly commitTimestampMs: number | null;
}

describe('live: a group’s commit history from __consumer_offsets (real Kafka 4.4)', function () {
  this.timeout(600_000);
  let kafka: KafkaCluster;
  let admin: Admin;
  let noiseGroup = '';
  /** The wall-clock window of each commit of partition 0 (partition 1 has only the tool's). */
  const windows: Window[] = [];

  async function tool(args: string[]): Promise<void> {
    const result = await kafka.runTool('consumer-groups', args, { timeoutMs: 180_000 });
    assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
  }

  async function adminCommit(group: string, offsets: Record<number, number>, name = topic): Promise<void> {
    await admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [
        {
          name,
          partitionOffsets: Object.entries(offsets).map(([partition, offset]) => ({
            partition: Number(partition),
            offset: BigInt(offset),
          })),
        },
      ],
    });
  }

  /** What Kafka's console consumer prints from one `__consumer_offsets` partition, with OffsetsMessageFormatter. */
  async function toolCommits(partition: number): Promise<ToolCommit[]> {
    const r = await kafka.runTool(
      'console-consumer',
      [
        '--topic',
        '__consumer_offsets',
        '--partition',
        String(partition),
        '--offset',
        'earliest',
        '--formatter',
        'org.apache.kafka.tools.consumer.OffsetsMessageFormatter',
        '--timeout-ms',
        '8000',
        '--consumer-property',
        'exclude.internal.topics=false',
      ],
      { timeoutMs: 180_000 },
    );
    const commits: ToolCommit[] = [];
    // the formatter ends its records with no newline: one JSON object after the other
    for (const line of r.stdout.replace(/\}\{"key":/g, '}\n{"key":').split('\n')) {
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as {
        key?: { type?: number; data?: { group?: string; topic?: string; partition?: number } };
        value?: null | { data?: { offset?: number; commitTimestamp?: number } };
      };
      const data = parsed.key?.data;
      if ((parsed.key?.type !== 0 && parsed.key?.type !== 1) || !data) continue;
      commits.push({
        group: data.group ?? '',
        topic: data.topic ?? '',
        partition: data.partition ?? -1,
        offset: parsed.value?.data?.offset ?? null,
        commitTimestampMs: parsed.value?.data?.commitTimestamp ?? null,
      });
    }
    assert.ok(commits.length > 0, `the console consumer printed no commits:\n${r.stdout}\n${r.stderr}`);
    return commits;
  }

  async function read(options?: Parameters<typeof readGroupCommits>[3], group = groupId): Promise<GroupCommitHistory> {
    return readGroupCommits(admin, await bootstrapConnection(admin), group, options);
  }

  before(async function () {
    this.timeout(900_000); // the first run may fetch Kafka's jars
    kafka = await startKafka();
    const bootstrapBrokers = [kafka.bootstrapServers];
    admin = new Admin({ clientId: 'live-commit-log-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
    await admin.createTopics({ topics: [goneTopic], partitions: 1, replicas: 1 });
    const producer = new Producer({
      clientId: 'live-commit-log-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true,
    });
    await producer.send({
      messages: [0, 1].flatMap((partition) =>
        Array.from({ length: 30 }, (_, i) => ({ topic, partition, value: Buffer.from(`r-${partition}-${i}`) })),
      ),
    });
    await producer.send({ messages: [{ topic: goneTopic, partition: 0, value: Buffer.from('x') }] });
    await producer.close();

    const target = consumerOffsetsPartitionFor(groupId, 50);
    for (let i = 0; !noiseGroup; i++) {
      if (consumerOffsetsPartitionFor(`noise-${i}`, 50) === target) noiseGroup = `noise-${i}`;
    }
    for (const offset of toolOffsets) {
      const startMs = Date.now();
      await tool(['--reset-offsets', '--group', groupId, '--topic', topic, '--to-offset', String(offset), '--execute']);
      windows.push({ offset, startMs, endMs: Date.now() });
      await adminCommit(noiseGroup, { 0: offset + 1 });
    }
    await adminCommit(groupId, { 0: 1 }, goneTopic);
    await tool(['--delete-offsets', '--group', groupId, '--topic', goneTopic]);
    for (const offset of adminOffsets) {
      const startMs = Date.now();
      await adminCommit(groupId, { 0: offset });
      windows.push({ offset, startMs, endMs: Date.now() });
    }
  });

  after(async function () {
    this.timeout(120_000);
    await admin?.close().catch(() => undefined);
    await kafka?.stop();
  });

  it('places the group on the partition Kafka uses: Utils.abs(hashCode) % 50', async () => {
    const history = await read();
    assert.equal(history.partitionCount, 50);
    assert.equal(history.consumerOffsetsPartition, 46);
    assert.notEqual(history.consumerOffsetsPartition, (javaStringHashCode(groupId) & 0x7fffffff) % 50);
    // Kafka's own consumer finds the group's commits on exactly that partition
    const printed = await toolCommits(history.consumerOffsetsPartition);
    assert.ok(printed.some((c) => c.group === groupId));
  });

  it('returns the last 10 commits of each partition in order, with the commit timestamps of their windows', async () => {
    const history = await read();
    const p0 = history.commits.get(partitionKeyOf(topic, 0)) ?? [];
    const p1 = history.commits.get(partitionKeyOf(topic, 1)) ?? [];
    const last10 = windows.slice(-10);
    assert.deepEqual(
      p0.map((c) => c.offset),
      last10.map((w) => w.offset),
    );
    assert.deepEqual(
      p1.map((c) => c.offset),
      toolOffsets,
    );
    p0.forEach((c, i) => {
      const w = last10[i];
      assert.ok(
        c.commitTimestampMs >= w.startMs - 1000 && c.commitTimestampMs <= w.endMs + 1000,
        `commit ${c.offset} at ${c.commitTimestampMs}, outside [${w.startMs}, ${w.endMs}]`,
      );
    });
    p1.forEach((c, i) => {
      const w = windows[i];
      assert.ok(c.commitTimestampMs >= w.startMs - 1000 && c.commitTimestampMs <= w.endMs + 1000);
    });
    assert.ok(p0.every((c, i) => i === 0 || c.logOffset > p0[i - 1].logOffset));
    assert.deepEqual(history.deleted, [partitionKeyOf(goneTopic, 0)]);
    assert.equal(history.commits.has(partitionKeyOf(goneTopic, 0)), false);
    assert.equal(history.undecodableRecords, 0);
    assert.equal(history.reachedLogStart, true);
    assert.ok(history.logEndOffset > 0);
    // no other group's commits
    assert.deepEqual([...history.commits.keys()].sort(), [partitionKeyOf(topic, 0), partitionKeyOf(topic, 1)]);
  });

  it('agrees, commit for commit, with Kafka’s OffsetsMessageFormatter', async () => {
    const history = await read({ windowSize: 100 });
    const printed = await toolCommits(history.consumerOffsetsPartition);
    const ours = printed.filter((c) => c.group === groupId);
    for (const partition of [0, 1]) {
      const fromTool = ours.filter((c) => c.topic === topic && c.partition === partition);
      const fromUs = history.commits.get(partitionKeyOf(topic, partition)) ?? [];
      assert.deepEqual(
        fromUs.map((c) => [c.offset, c.commitTimestampMs]),
        fromTool.map((c) => [c.offset, c.commitTimestampMs]),
      );
    }
    const gone = ours.filter((c) => c.topic === goneTopic);
    assert.deepEqual(
      gone.map((c) => c.offset),
      [1, null],
      'the tool prints the commit and its tombstone',
    );
    // the noise group shares the partition; read on its own, it has its three commits
    assert.ok(printed.some((c) => c.group === noiseGroup));
    const noise = await read(undefined, noiseGroup);
    assert.equal(noise.consumerOffsetsPartition, history.consumerOffsetsPartition);
    assert.equal(noise.commits.get(partitionKeyOf(topic, 0))?.length, toolOffsets.length);
  });

  it('keeps the window asked for and reads no more records than allowed', async () => {
    const two = await read({ windowSize: 2 });
    assert.deepEqual(
      two.commits.get(partitionKeyOf(topic, 0))?.map((c) => c.offset),
      adminOffsets.slice(-2),
    );
    const bounded = await read({ maxRecords: 3 });
    assert.ok(bounded.recordsRead <= 3, `read ${bounded.recordsRead}`);
    assert.equal(bounded.scannedFromOffset, bounded.logEndOffset - 3);
    assert.equal(bounded.reachedLogStart, false);
    assert.deepEqual(
      bounded.commits.get(partitionKeyOf(topic, 0))?.map((c) => c.offset),
      adminOffsets.slice(-3),
    );
  });

  it('finds nothing for a group that never committed', async () => {
    const none = await read(undefined, 'never-committed');
    assert.equal(none.commits.size, 0);
    assert.deepEqual(none.deleted, []);
  });
});
