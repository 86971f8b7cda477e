// `__consumer_offsets` record decoding (src/kafka/commitLog/offsetCommitRecords.ts) on hand-encoded bytes:
// offset-commit keys v0/v1, group-metadata and newer keys ignored, OffsetCommitValue v0..v4 (v4 flexible,
// with a tagged topic id), tombstones, every truncation refused with a CommitLogDecodeError; the group's
// `__consumer_offsets` partition against values Java/Kafka computed (Utils.abs(hashCode) % n). Also the
// commit log reader's pure parts (src/kafka/commitLog/commitLogReader.ts): the group's events picked from
// record batches the Kafka client encoded (control batches, aborted transactions, ranges) and the
// replayed history (window, tombstones, when the scan may stop).

import * as assert from 'node:assert/strict';
import { createRecordsBatch, Reader, readRecordsBatch, type RecordsBatch } from '@platformatic/kafka';
import {
  CommitLogDecodeError,
  consumerOffsetsPartitionFor,
  decodeCommitLogKey,
  decodeCommitLogRecord,
  decodeOffsetCommitValue,
  javaStringHashCode,
  kafkaAbs,
} from '../../src/kafka/commitLog/offsetCommitRecords';
import {
  commitEventsOf,
  historyOf,
  isCommitLogUnreadable,
  newScanState,
  CommitLogUnreadableError,
  type CommitEvent,
} from '../../src/kafka/commitLog/commitLogReader';
import { isKafkaOperationError, KafkaOperationError } from '../../src/kafka/kafkaErrors';

// --- hand encoding, big-endian as Kafka ---
const int16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int64 = (n: number | bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};
const str = (s: string): Buffer => Buffer.concat([int16(Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);
const uvarint = (n: number): Buffer => {
  const bytes: number[] = [];
  let v = n;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
};
const compactStr = (s: string): Buffer => Buffer.concat([uvarint(Buffer.byteLength(s) + 1), Buffer.from(s, 'utf8')]);

const commitKey = (version: number, group: string, topic: string, partition: number): Buffer =>
  Buffer.concat([int16(version), str(group), str(topic), int32(partition)]);

const offset = 1234567890123; // above 2^32: the int64 must be read whole
const timestamp = 1_760_000_000_123;

/** The value bytes of each version, and what they must decode to. */
const values: { version: number; bytes: Buffer; expected: Record<string, unknown> }[] = [
  {
    version: 0,
    bytes: Buffer.concat([int16(0), int64(offset), str('meta-0'), int64(timestamp)]),
    expected: { version: 0, offset, metadata: 'meta-0', commitTimestampMs: timestamp },
  },
  {
    version: 1,
    bytes: Buffer.concat([int16(1), int64(offset), str('meta-1'), int64(timestamp), int64(timestamp + 86_400_000)]),
    expected: {
      version: 1,
      offset,
      metadata: 'meta-1',
      commitTimestampMs: timestamp,
      expireTimestampMs: timestamp + 86_400_000,
    },
  },
  {
    version: 2,
    bytes: Buffer.concat([int16(2), int64(offset), str(''), int64(timestamp)]),
    expected: { version: 2, offset, metadata: '', commitTimestampMs: timestamp },
  },
  {
    version: 3,
    bytes: Buffer.concat([int16(3), int64(offset), int32(7), str('méta-3'), int64(timestamp)]),
    expected: { version: 3, offset, leaderEpoch: 7, metadata: 'méta-3', commitTimestampMs: timestamp },
  },
  {
    version: 4,
    // tagged fields: one, tag 0 (topicId), 16 bytes
    bytes: Buffer.concat([
      int16(4),
      int64(offset),
      int32(-1),
      compactStr('meta-4'),
      int64(timestamp),
      uvarint(1),
      uvarint(0),
      uvarint(16),
      Buffer.alloc(16, 0xab),
    ]),
    expected: { version: 4, offset, leaderEpoch: -1, metadata: 'meta-4', commitTimestampMs: timestamp },
  },
];

describe('__consumer_offsets records: keys', () => {
  it('decodes offset-commit keys of versions 0 and 1', () => {
    assert.deepEqual(decodeCommitLogKey(commitKey(1, 'my-group', 'orders', 3)), {
      kind: 'offsetCommit',
      version: 1,
      group: 'my-group',
      topic: 'orders',
      partition: 3,
    });
    assert.deepEqual(decodeCommitLogKey(commitKey(0, 'grüppe', 't.x_y', 2147483647)), {
      kind: 'offsetCommit',
      version: 0,
      group: 'grüppe',
      topic: 't.x_y',
      partition: 2147483647,
    });
  });

  it('reads group-metadata keys (v2) and leaves newer record types (v3+) as other', () => {
    assert.deepEqual(decodeCommitLogKey(Buffer.concat([int16(2), str('my-group')])), {
      kind: 'groupMetadata',
      group: 'my-group',
    });
    for (const version of [3, 4, 5, 11, 16, 20, 32767]) {
      assert.deepEqual(decodeCommitLogKey(Buffer.concat([int16(version), str('my-group')])), {
        kind: 'other',
        version,
      });
    }
  });

  it('refuses every truncated offset-commit key with a CommitLogDecodeError', () => {
    const key = commitKey(1, 'my-group', 'orders', 3);
    for (let length = 0; length < key.length; length++) {
      assert.throws(() => decodeCommitLogKey(key.subarray(0, length)), CommitLogDecodeError, `length ${length}`);
    }
  });
});

describe('__consumer_offsets records: offset commit values', () => {
  for (const { version, bytes, expected } of values) {
    it(`decodes value version ${version}`, () => {
      assert.deepEqual(decodeOffsetCommitValue(bytes), expected);
    });

    it(`refuses every truncation of value version ${version}`, () => {
      for (let length = 0; length < bytes.length; length++) {
        assert.throws(
          () => decodeOffsetCommitValue(bytes.subarray(0, length)),
          (error: unknown) => error instanceof CommitLogDecodeError && /truncated/.test(error.message),
          `length ${length}`,
        );
        const record = decodeCommitLogRecord(commitKey(1, 'g', 't', 0), bytes.subarray(0, length));
        assert.equal(record.kind, 'undecodable', `length ${length}`);
      }
    });
  }

  it('reads a v4 value without tagged fields, and a bytes buffer that is a view into a larger one', () => {
    const bytes = Buffer.concat([int16(4), int64(5), int32(2), compactStr(''), int64(timestamp), uvarint(0)]);
    const embedded = Buffer.concat([Buffer.from([9, 9, 9]), bytes, Buffer.from([9])]).subarray(3, 3 + bytes.length);
    const expected = { version: 4, offset: 5, leaderEpoch: 2, metadata: '', commitTimestampMs: timestamp };
    assert.deepEqual(decodeOffsetCommitValue(bytes), expected);
    assert.deepEqual(decodeOffsetCommitValue(embedded), expected);
  });

  it('refuses unknown value versions and bad string lengths', () => {
    const rest = Buffer.concat([int64(offset), str('m'), int64(timestamp)]);
    assert.throws(
      () => decodeOffsetCommitValue(Buffer.concat([int16(5), rest])),
      /unknown offset commit value version 5/,
    );
    assert.throws(() => decodeOffsetCommitValue(Buffer.concat([int16(-1), rest])), CommitLogDecodeError);
    assert.throws(
      () => decodeOffsetCommitValue(Buffer.concat([int16(0), int64(1), int16(-2), int64(timestamp)])),
      CommitLogDecodeError,
    );
  });
});

describe('__consumer_offsets records: whole records', () => {
  it('is a commit for an offset-commit key with a value, and a deletion for a tombstone', () => {
    assert.deepEqual(decodeCommitLogRecord(commitKey(1, 'g', 'orders', 2), values[3].bytes), {
      kind: 'commit',
      group: 'g',
      topic: 'orders',
      partition: 2,
      value: values[3].expected,
    });
    assert.deepEqual(decodeCommitLogRecord(commitKey(1, 'g', 'orders', 2), null), {
      kind: 'deleted',
      group: 'g',
      topic: 'orders',
      partition: 2,
    });
  });

  it('ignores group metadata (with value or tombstone), newer record types and keyless records', () => {
    const groupKey = Buffer.concat([int16(2), str('g')]);
    assert.deepEqual(decodeCommitLogRecord(groupKey, Buffer.from([0, 3, 1, 2, 3])), { kind: 'ignored' });
    assert.deepEqual(decodeCommitLogRecord(groupKey, null), { kind: 'ignored' });
    const consumerGroupKey = Buffer.concat([int16(3), str('g')]);
    assert.deepEqual(decodeCommitLogRecord(consumerGroupKey, Buffer.from([0, 0, 255])), { kind: 'ignored' });
    assert.deepEqual(decodeCommitLogRecord(null, values[0].bytes), { kind: 'ignored' });
    assert.deepEqual(decodeCommitLogRecord(Buffer.alloc(0), null), { kind: 'ignored' });
  });

  it('is undecodable, never throwing, for a truncated key', () => {
    const record = decodeCommitLogRecord(Buffer.from([0, 1, 0, 5, 0x61]), values[0].bytes);
    assert.equal(record.kind, 'undecodable');
    assert.match(record.kind === 'undecodable' ? record.reason : '', /truncated/);
  });
});

describe('__consumer_offsets records: the partition of a group', () => {
  /** Computed with Java 17 and Kafka 4.4's Utils.abs: hashCode, abs % 50, abs % 7. */
  const known: [string, number, number, number][] = [
    ['my-group', -1906497762, 12, 1],
    ['polygenelubricants', -2147483648, 0, 0],
    ['', 0, 0, 0],
    ['orders', -1008770331, 31, 2],
    ['commit-log-group', -1376166496, 46, 5],
    ['é-grüppe-日本', 923069212, 12, 2],
    ['\u{1F600}emoji', -1233692477, 27, 3],
    ['console-consumer-12345', 158455506, 6, 6],
    ['a', 97, 47, 6],
    ['Aa', 2112, 12, 5],
    ['BB', 2112, 12, 5],
  ];
  for (const [group, hash, of50, of7] of known) {
    it(`places ${JSON.stringify(group)} as Kafka does`, () => {
      assert.equal(javaStringHashCode(group), hash);
      assert.equal(consumerOffsetsPartitionFor(group, 50), of50);
      assert.equal(consumerOffsetsPartitionFor(group, 7), of7);
      assert.equal(consumerOffsetsPartitionFor(group, 1), 0);
    });
  }

  it('maps Integer.MIN_VALUE to 0 as Utils.abs (not to n & 0x7fffffff)', () => {
    assert.equal(kafkaAbs(-2147483648), 0);
    assert.equal(kafkaAbs(-1906497762), 1906497762);
    assert.notEqual(consumerOffsetsPartitionFor('my-group', 50), (-1906497762 & 0x7fffffff) % 50);
  });

  it('refuses a partition count that is not a positive integer', () => {
    assert.throws(() => consumerOffsetsPartitionFor('g', 0), RangeError);
    assert.throws(() => consumerOffsetsPartitionFor('g', 2.5), RangeError);
  });
});

// --- the reader's pure parts ---

const commitRecord = (group: string, topic: string, partition: number, committed: number, at: number) => ({
  topic: '__consumer_offsets',
  key: commitKey(1, group, topic, partition),
  value: Buffer.concat([int16(3), int64(committed), int32(0), str(''), int64(at)]),
});

/** A batch as the broker returns it: encoded by the client, moved to `baseOffset`, decoded again. */
function batchAt(
  baseOffset: number,
  records: { key: Buffer; value: Buffer | null }[],
  options: { compression?: 'none' | 'gzip'; producerId?: bigint; transactional?: boolean; control?: boolean } = {},
): RecordsBatch {
  const bytes = createRecordsBatch(
    records.map((r) => ({ topic: '__consumer_offsets', key: r.key, value: r.value ?? Buffer.alloc(0) })),
    {
      compression: options.compression ?? 'none',
      producerId: options.producerId ?? -1n,
      transactionalId: options.transactional ? 'tx' : undefined,
    },
  ).buffer;
  bytes.writeBigInt64BE(BigInt(baseOffset), 0);
  let attributes = bytes.readInt16BE(21);
  if (options.control) attributes |= 0x20;
  bytes.writeInt16BE(attributes, 21);
  const batch = readRecordsBatch(Reader.from(bytes));
  // the client cannot encode a null value: tombstones are made here
  return {
    ...batch,
    records: batch.records.map((r, i) => ({ ...r, value: records[i].value === null ? null : r.value })),
  };
}

describe('commit log reader: the group’s events in record batches', () => {
  it('picks the group’s commits and tombstones in [from, to), compressed or not, skipping other groups', () => {
    const batches = [
      batchAt(10, [commitRecord('g', 'orders', 0, 1, 1000), commitRecord('other', 'orders', 0, 9, 1001)]),
      batchAt(
        12,
        [
          commitRecord('g', 'orders', 0, 2, 1002),
          { key: commitKey(1, 'g', 'orders', 1), value: null },
          commitRecord('g', 'orders', 1, 5, 1004),
        ],
        { compression: 'gzip' },
      ),
      batchAt(15, [commitRecord('g', 'orders', 0, 3, 1005)]),
    ];
    const state = newScanState();
    const { events, nextOffset } = commitEventsOf(batches, 'g', 11, 15, [], state);
    assert.deepEqual(events, [
      { logOffset: 12, key: 'orders-0', commit: { offset: 2, commitTimestampMs: 1002, leaderEpoch: 0 } },
      { logOffset: 13, key: 'orders-1', commit: null },
      { logOffset: 14, key: 'orders-1', commit: { offset: 5, commitTimestampMs: 1004, leaderEpoch: 0 } },
    ]);
    assert.equal(nextOffset, 16);
    assert.equal(state.recordsRead, 4); // offsets 11..14
  });

  it('skips control batches and the records of aborted transactions, keeps committed ones', () => {
    const batches = [
      batchAt(0, [commitRecord('g', 't', 0, 1, 1)], { producerId: 7n, transactional: true }),
      batchAt(1, [{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }], {
        producerId: 7n,
        transactional: true,
        control: true,
      }),
      batchAt(2, [commitRecord('g', 't', 0, 2, 2)], { producerId: 8n, transactional: true }),
      batchAt(3, [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }], {
        producerId: 8n,
        transactional: true,
        control: true,
      }),
      batchAt(4, [commitRecord('g', 't', 0, 3, 3)], { producerId: 7n, transactional: true }),
    ];
    const { events } = commitEventsOf(batches, 'g', 0, 10, [{ producerId: 7n, firstOffset: 0n }], newScanState());
    // producer 7's first transaction aborted (0..1); producer 8's committed; producer 7's second is not in the list
    assert.deepEqual(
      events.map((e) => e.commit?.offset),
      [2, 3],
    );
  });

  it('counts undecodable offset commits and goes on', () => {
    const state = newScanState();
    const { events } = commitEventsOf(
      [
        batchAt(0, [
          { key: commitKey(1, 'g', 't', 0), value: Buffer.from([0, 3, 1]) },
          commitRecord('g', 't', 0, 4, 9),
        ]),
      ],
      'g',
      0,
      10,
      null,
      state,
    );
    assert.equal(state.undecodable, 1);
    assert.deepEqual(
      events.map((e) => e.commit?.offset),
      [4],
    );
  });
});

describe('commit log reader: the replayed history', () => {
  const commit = (logOffset: number, key: string, offset: number): CommitEvent => ({
    logOffset,
    key,
    commit: { offset, commitTimestampMs: 1000 + logOffset },
  });

  it('keeps the last windowSize commits per partition in log order, whatever order events came in', () => {
    const events = [commit(5, 't-0', 50), commit(1, 't-0', 10), commit(3, 't-0', 30), commit(2, 't-1', 20)];
    const history = historyOf(events, 2);
    assert.deepEqual(
      history.commits.get('t-0')?.map((c) => [c.offset, c.logOffset]),
      [
        [30, 3],
        [50, 5],
      ],
    );
    assert.deepEqual(
      history.commits.get('t-1')?.map((c) => c.offset),
      [20],
    );
    assert.equal(history.settled, false, 't-1 has fewer than 2 commits');
    assert.equal(historyOf(events, 1).settled, true);
  });

  it('drops commits before a tombstone, reports partitions last deleted, and is settled by a tombstone', () => {
    const events: CommitEvent[] = [
      commit(1, 't-0', 10),
      { logOffset: 2, key: 't-0', commit: null },
      commit(3, 't-0', 30),
      commit(4, 't-1', 40),
      { logOffset: 5, key: 't-1', commit: null },
    ];
    const history = historyOf(events, 10);
    assert.deepEqual(
      history.commits.get('t-0')?.map((c) => c.offset),
      [30],
    );
    assert.equal(history.commits.has('t-1'), false);
    assert.deepEqual(history.deleted, ['t-1']);
    assert.equal(history.settled, true);
    assert.equal(historyOf([], 10).settled, false, 'nothing found yet: scan further back');
  });
});

describe('commit log reader: its rejection', () => {
  it('is a KafkaOperationError that says __consumer_offsets cannot be read', () => {
    const error = new CommitLogUnreadableError(
      'authorization',
      'not authorized to read it (TOPIC_AUTHORIZATION_FAILED)',
    );
    assert.ok(isKafkaOperationError(error));
    assert.ok(isCommitLogUnreadable(error));
    assert.equal(error.kind, 'authorization');
    assert.match(error.message, /^__consumer_offsets cannot be read: not authorized/);
    assert.equal(isCommitLogUnreadable(new KafkaOperationError('authorization', 'x')), false);
    assert.equal(isCommitLogUnreadable(new Error('x')), false);
  });
});
