// Live: the time lag's record timestamps (inspector.recordTimestamps) on a real Kafka (test/live/kafkaBroker.ts).
// Records with known timestamps (plain, gzip, a LogAppendTime topic), a group's committed offsets, and
// for each the timestamp of exactly the record at the committed offset, checked against what Kafka's
// console consumer prints for that partition and offset. Also a caught-up partition (none) and an offset
// below the log start after kafka-delete-records (out-of-range).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, Producer, type CompressionAlgorithmValue } from '@platformatic/kafka';
import { partitionKeyOf } from '../../src/common/topicPartition';
import { createKafkaInspector, type KafkaInspector } from '../../src/kafka/kafkaInspector';
import type { RecordTimestamp } from '../../src/kafka/recordTimestamps';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const groupId = 'time-lag';
/** The produced timestamps: an hour ago, a second apart. */
const base = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
const timestampOf = (partition: number, i: number): number => base + partition * 100_000 + i * 1000;
/** Records per partition of `timed` (p0 plain, p1 gzip, p2 caught up) and the offsets the group commits. */
const produced = [5, 4, 2];
const committed = [2, 1, 2];

describe('live: record timestamps at committed offsets (time lag)', function () {
  this.timeout(300_000);
  let kafka: KafkaCluster;
  let inspector: KafkaInspector;

  /** What Kafka's console consumer prints for the record at `offset`: its timestamp type, timestamp and offset. */
  async function consoleRecord(
    topic: string,
    partition: number,
    offset: number,
  ): Promise<{ type: string; timestampMs: number; offset: number }> {
    const args = ['--topic', topic, '--partition', String(partition), '--offset', String(offset)];
    args.push('--max-messages', '1', '--timeout-ms', '60000');
    args.push('--property', 'print.timestamp=true', '--property', 'print.offset=true');
    const r = await kafka.runTool('console-consumer', args, { timeoutMs: 180_000 });
    const match = /(CreateTime|LogAppendTime):(\d+)\s+Offset:(\d+)/.exec(r.stdout);
    assert.ok(match, `console consumer printed: ${r.stdout}${r.stderr}`);
    return { type: match[1], timestampMs: Number(match[2]), offset: Number(match[3]) };
  }

  before(async function () {
    this.timeout(900_000); // the first run may fetch Kafka's jars
    kafka = await startKafka();
    const bootstrapBrokers = [kafka.bootstrapServers];
    const admin = new Admin({ clientId: 'live-time-lag-admin', bootstrapBrokers });
    await admin.createTopics({ topics: ['timed'], partitions: 3, replicas: 1 });
    await admin.createTopics({
      topics: ['appended'],
      partitions: 1,
      replicas: 1,
      configs: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
    });
    const producer = new Producer({
      clientId: 'live-time-lag-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true,
    });
    const send = async (topic: string, partition: number, count: number, compression: CompressionAlgorithmValue) => {
      await producer.send({
        compression,
        messages: Array.from({ length: count }, (_, i) => ({
          topic,
          partition,
          value: Buffer.from(`${topic}-${partition}-${i}`),
          timestamp: BigInt(timestampOf(partition, i)),
        })),
      });
    };
    await send('timed', 0, produced[0], 'none');
    await send('timed', 1, produced[1], 'gzip');
    await send('timed', 2, produced[2], 'none');
    await send('appended', 0, 3, 'none');
    await producer.close();
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [
        {
          name: 'timed',
          partitionOffsets: committed.map((offset, partition) => ({ partition, offset: BigInt(offset) })),
        },
        { name: 'appended', partitionOffsets: [{ partition: 0, offset: 1n }] },
      ],
    });
    await admin.close();
    inspector = createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 30_000 });
  });

  after(async function () {
    this.timeout(180_000);
    await inspector?.close();
    await kafka?.stop();
  });

  it('the record at each committed offset: its timestamp as the console consumer prints it; caught up is none', async () => {
    const described = await inspector.describeGroup(groupId);
    const targets = described.rows.flatMap((row) =>
      row.currentOffset === null ? [] : [{ topic: row.topic, partition: row.partition, offset: row.currentOffset }],
    );
    assert.equal(targets.length, 4, JSON.stringify(described.rows));
    const result = await inspector.recordTimestamps(targets);
    const [p0, p1, appended] = await Promise.all([
      consoleRecord('timed', 0, committed[0]),
      consoleRecord('timed', 1, committed[1]),
      consoleRecord('appended', 0, 1),
    ]);
    assert.deepEqual(p0, { type: 'CreateTime', timestampMs: timestampOf(0, committed[0]), offset: committed[0] });
    assert.deepEqual(p1, { type: 'CreateTime', timestampMs: timestampOf(1, committed[1]), offset: committed[1] });
    assert.equal(appended.type, 'LogAppendTime');
    assert.ok(appended.timestampMs > base + 3_000_000, 'the broker set the time, not the producer');
    const expected: Record<string, RecordTimestamp> = {
      [partitionKeyOf('timed', 0)]: { kind: 'record', offset: 2, timestampMs: p0.timestampMs, timestampType: 'create' },
      [partitionKeyOf('timed', 1)]: { kind: 'record', offset: 1, timestampMs: p1.timestampMs, timestampType: 'create' },
      [partitionKeyOf('timed', 2)]: { kind: 'none' },
      [partitionKeyOf('appended', 0)]: {
        kind: 'record',
        offset: 1,
        timestampMs: appended.timestampMs,
        timestampType: 'log-append',
      },
    };
    assert.deepEqual(Object.fromEntries(result), expected);
  });

  it('an offset below the log start (after kafka-delete-records) is out-of-range; the new first record reads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'time-lag-'));
    try {
      const file = path.join(dir, 'delete.json');
      fs.writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic: 'timed', partition: 0, offset: 3 }] }));
      const r = await kafka.runTool('delete-records', ['--offset-json-file', file], { timeoutMs: 180_000 });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(
      await inspector.logStartOffsets([{ topic: 'timed', partition: 0 }]),
      new Map([[partitionKeyOf('timed', 0), 3]]),
    );
    const result = await inspector.recordTimestamps([
      { topic: 'timed', partition: 0, offset: 1 },
      { topic: 'timed', partition: 1, offset: 3 },
    ]);
    const below = result.get(partitionKeyOf('timed', 0));
    assert.equal(below?.kind, 'out-of-range', JSON.stringify(below));
    assert.deepEqual(result.get(partitionKeyOf('timed', 1)), {
      kind: 'record',
      offset: 3,
      timestampMs: timestampOf(1, 3),
      timestampType: 'create',
    });
    const again = await inspector.recordTimestamps([{ topic: 'timed', partition: 0, offset: 3 }]);
    assert.deepEqual(again.get(partitionKeyOf('timed', 0)), {
      kind: 'record',
      offset: 3,
      timestampMs: timestampOf(0, 3),
      timestampType: 'create',
    });
  });
});
