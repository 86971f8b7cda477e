// The time lag's record timestamps (src/kafka/recordTimestamps.ts) without a broker: the record chosen in
// batches encoded and decoded by the Kafka client (plain and compressed), the per-partition error
// mapping, the Fetch request, and readRecordTimestamps over several partitions and leaders against a fake
// client (Metadata and Fetch answers, batches cut off, an answer that cannot be decoded).

import * as assert from 'node:assert/strict';
import {
  createRecordsBatch,
  kGetApi,
  kGetConnection,
  NetworkError,
  Reader,
  readRecordsBatch,
  readRecordsBatches,
  ResponseError,
  UnsupportedCompressionError,
  type Admin,
  type Connection,
  type fetchV17,
  type metadataV12,
  type RecordsBatch,
} from '@platformatic/kafka';
import { partitionKeyOf } from '../../src/common/topicPartition';
import {
  fetchTopics,
  isDecodeFailure,
  partitionAnswer,
  partitionMaxBytes,
  readRecordTimestamps,
  recordAtOrAfter,
  type FetchedPartition,
  type RecordTimestampTarget,
} from '../../src/kafka/recordTimestamps';

type Codec = 'none' | 'gzip' | 'snappy' | 'lz4';

/** A batch as the broker would return it: encoded by the client, moved to `baseOffset`, decoded again. */
function batchOf(baseOffset: bigint, timestamps: readonly number[], compression: Codec = 'none'): RecordsBatch {
  const bytes = batchBytes(baseOffset, timestamps, compression);
  return readRecordsBatch(Reader.from(bytes));
}

/** The encoded batch, its first offset set to `baseOffset` (the broker assigns offsets). */
function batchBytes(baseOffset: bigint, timestamps: readonly number[], compression: Codec = 'none'): Buffer {
  const messages = timestamps.map((t, i) => ({ topic: 't', value: Buffer.from(`v${i}`), timestamp: BigInt(t) }));
  const bytes = Buffer.from(createRecordsBatch(messages, { compression }).buffer);
  bytes.writeBigInt64BE(baseOffset, 0);
  return bytes;
}

describe('recordTimestamps: the record at or after the offset', () => {
  it('takes the record at the offset inside a batch that starts before it (baseTimestamp + timestampDelta)', () => {
    const batch = batchOf(10n, [1_000, 1_500, 2_250, 4_000]);
    assert.deepEqual(recordAtOrAfter([batch], 12n), {
      kind: 'record',
      offset: 12,
      timestampMs: 2_250,
      timestampType: 'create',
    });
    assert.deepEqual(recordAtOrAfter([batch], 10n), {
      kind: 'record',
      offset: 10,
      timestampMs: 1_000,
      timestampType: 'create',
    });
  });

  it('moves on to the next batch, and finds nothing past the last record', () => {
    const batches = [batchOf(0n, [100, 200]), batchOf(2n, [300, 400])];
    assert.deepEqual(recordAtOrAfter(batches, 3n), {
      kind: 'record',
      offset: 3,
      timestampMs: 400,
      timestampType: 'create',
    });
    assert.deepEqual(recordAtOrAfter(batches, 4n), { kind: 'none' });
    assert.deepEqual(recordAtOrAfter([], 0n), { kind: 'none' });
  });

  it('after compaction the first record above the offset stands for it', () => {
    const batch = batchOf(20n, [5_000, 6_000, 7_000]);
    const compacted: RecordsBatch = { ...batch, records: [batch.records[0], batch.records[2]] };
    assert.deepEqual(recordAtOrAfter([compacted], 21n), {
      kind: 'record',
      offset: 22,
      timestampMs: 7_000,
      timestampType: 'create',
    });
  });

  it('skips control batches (transaction markers)', () => {
    const marker: RecordsBatch = { ...batchOf(5n, [9_999]), attributes: 0x20 | 0x10 };
    assert.deepEqual(recordAtOrAfter([marker, batchOf(6n, [1_234])], 5n), {
      kind: 'record',
      offset: 6,
      timestampMs: 1_234,
      timestampType: 'create',
    });
  });

  it('with LogAppendTime every record has the batch max timestamp', () => {
    const batch: RecordsBatch = { ...batchOf(0n, [1_000, 2_000]), attributes: 0x08, maxTimestamp: 77_000n };
    assert.deepEqual(recordAtOrAfter([batch], 0n), {
      kind: 'record',
      offset: 0,
      timestampMs: 77_000,
      timestampType: 'log-append',
    });
  });

  it('a batch without timestamps (-1) gives a record with a null timestamp', () => {
    const batch: RecordsBatch = { ...batchOf(0n, [0]), firstTimestamp: -1n, maxTimestamp: -1n };
    assert.deepEqual(recordAtOrAfter([batch], 0n), {
      kind: 'record',
      offset: 0,
      timestampMs: null,
      timestampType: 'create',
    });
  });

  for (const codec of ['gzip', 'snappy', 'lz4'] as const) {
    it(`reads the record out of a ${codec} batch`, () => {
      const batch = batchOf(100n, [10_000, 10_001, 10_500], codec);
      assert.equal(batch.attributes & 0x07, { gzip: 1, snappy: 2, lz4: 3 }[codec]);
      assert.deepEqual(recordAtOrAfter([batch], 101n), {
        kind: 'record',
        offset: 101,
        timestampMs: 10_001,
        timestampType: 'create',
      });
    });
  }

  it('an unknown codec fails the decoding, which counts as a decode failure (not the network)', () => {
    const bytes = batchBytes(0n, [1]);
    bytes.writeInt16BE(5, 21); // attributes: codec 5 does not exist
    let thrown: unknown;
    try {
      readRecordsBatches(Reader.from(bytes));
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof UnsupportedCompressionError, String(thrown));
    assert.equal(isDecodeFailure(thrown), true);
    assert.equal(isDecodeFailure(new NetworkError('connection closed')), false);
    assert.equal(isDecodeFailure(new ResponseError(1, 17, { '': [6, null] }, { responses: [] })), false);
  });
});

describe('recordTimestamps: one partition of the Fetch answer', () => {
  const ok = (records: RecordsBatch[], highWatermark: bigint): FetchedPartition => ({
    errorCode: 0,
    highWatermark,
    logStartOffset: 0n,
    records,
  });

  it('maps OFFSET_OUT_OF_RANGE to out-of-range with the log start, and other codes to their names', () => {
    assert.deepEqual(partitionAnswer({ errorCode: 1, highWatermark: -1n, logStartOffset: 40n, records: null }, 3n), {
      kind: 'out-of-range',
      logStartOffset: 40,
    });
    assert.deepEqual(partitionAnswer({ errorCode: 1, highWatermark: -1n, logStartOffset: -1n, records: null }, 3n), {
      kind: 'out-of-range',
      logStartOffset: null,
    });
    assert.deepEqual(partitionAnswer({ errorCode: 6, highWatermark: -1n, logStartOffset: -1n, records: null }, 3n), {
      kind: 'error',
      errorCode: 6,
      errorName: 'NOT_LEADER_OR_FOLLOWER',
    });
  });

  it('caught up (offset = high watermark, no records) is none; data above the offset but no record is a retry', () => {
    assert.deepEqual(partitionAnswer(ok([], 7n), 7n), { kind: 'none' });
    assert.deepEqual(partitionAnswer({ ...ok([], 7n), records: null }, 7n), { kind: 'none' });
    assert.equal(partitionAnswer(ok([], 9n), 7n), 'retry');
    assert.deepEqual(partitionAnswer(ok([batchOf(5n, [50, 60, 70, 80])], 9n), 7n), {
      kind: 'record',
      offset: 7,
      timestampMs: 70,
      timestampType: 'create',
    });
  });

  it('the Fetch request groups partitions by topic, 64 KiB each, at the offsets, no leader epoch', () => {
    assert.equal(partitionMaxBytes, 65_536);
    assert.deepEqual(
      fetchTopics([
        { topicRef: 'a', partition: 0, offset: 5 },
        { topicRef: 'b', partition: 1, offset: 0 },
        { topicRef: 'a', partition: 2, offset: 12 },
      ]),
      [
        {
          topicId: 'a',
          partitions: [
            { partition: 0, currentLeaderEpoch: -1, fetchOffset: 5n, lastFetchedEpoch: -1, partitionMaxBytes: 65_536 },
            { partition: 2, currentLeaderEpoch: -1, fetchOffset: 12n, lastFetchedEpoch: -1, partitionMaxBytes: 65_536 },
          ],
        },
        {
          topicId: 'b',
          partitions: [
            { partition: 1, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 65_536 },
          ],
        },
      ],
    );
  });
});

/** One Fetch the fake client received: the broker it went to and its arguments. */
interface SentFetch {
  broker: string;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: fetchV17.FetchRequestTopic[];
}

type FetchAnswer = (sent: SentFetch) => fetchV17.FetchResponse | Error;

/** A fake client: `metadata` for Metadata, `answer` for each Fetch, at Fetch version `fetchVersion`. */
function fakeClient(
  metadata: metadataV12.MetadataResponse | Error,
  answer: FetchAnswer,
  fetchVersion = 17,
): { client: Admin; sent: SentFetch[] } {
  const sent: SentFetch[] = [];
  const apis: Record<
    string,
    { version: number; async: (connection: Connection, ...args: unknown[]) => Promise<unknown> }
  > = {
    Metadata: {
      version: 12,
      async: () => (metadata instanceof Error ? Promise.reject(metadata) : Promise.resolve(metadata)),
    },
    Fetch: {
      version: fetchVersion,
      async: (connection, ...args) => {
        const [maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics] = args as [
          number,
          number,
          number,
          number,
          number,
          number,
          fetchV17.FetchRequestTopic[],
        ];
        const request: SentFetch = {
          broker: (connection as unknown as { broker: string }).broker,
          maxWaitMs,
          minBytes,
          maxBytes,
          isolationLevel,
          sessionId,
          sessionEpoch,
          topics,
        };
        sent.push(request);
        const response = answer(request);
        return response instanceof Error ? Promise.reject(response) : Promise.resolve(response);
      },
    },
  };
  const client = {
    [kGetApi]: (name: string, callback: (error: Error | null, api?: unknown) => void) => callback(null, apis[name]),
    [kGetConnection]: (broker: { host: string; port: number }, callback: (error: Error | null, c?: unknown) => void) =>
      callback(null, { broker: `${broker.host}:${broker.port}` }),
  };
  return { client: client as unknown as Admin, sent };
}

const anyBroker = {} as Connection;

function metadataOf(
  topics: { name: string; topicId: string; errorCode?: number; leaders: number[] }[],
): metadataV12.MetadataResponse {
  return {
    throttleTimeMs: 0,
    clusterId: 'c',
    controllerId: 1,
    clusterAuthorizedOperations: 0,
    brokers: [
      { nodeId: 1, host: 'b1', port: 9092, rack: null },
      { nodeId: 2, host: 'b2', port: 9092, rack: null },
    ],
    topics: topics.map((t) => ({
      errorCode: t.errorCode ?? 0,
      name: t.name,
      topicId: t.topicId,
      isInternal: false,
      topicAuthorizedOperations: 0,
      partitions: t.leaders.map((leaderId, partitionIndex) => ({
        errorCode: 0,
        partitionIndex,
        leaderId,
        leaderEpoch: 0,
        replicaNodes: [leaderId],
        isrNodes: [leaderId],
        offlineReplicas: [],
      })),
    })),
  } as metadataV12.MetadataResponse;
}

function fetchedPartition(
  partitionIndex: number,
  fields: Partial<fetchV17.FetchResponsePartition>,
): fetchV17.FetchResponsePartition {
  return {
    partitionIndex,
    errorCode: 0,
    highWatermark: 0n,
    lastStableOffset: 0n,
    logStartOffset: 0n,
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: [],
    ...fields,
  };
}

function fetchResponse(
  topics: { topicId: string; partitions: fetchV17.FetchResponsePartition[] }[],
): fetchV17.FetchResponse {
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: topics };
}

/** The partitions a Fetch asked for, as `topicRef/partition@offset`. */
function asked(fetch: SentFetch): string[] {
  return fetch.topics.flatMap((t) => t.partitions.map((p) => `${t.topicId}/${p.partition}@${p.fetchOffset}`));
}

describe('recordTimestamps: readRecordTimestamps over several partitions', () => {
  const idA = '00000000-0000-0000-0000-00000000000a';
  const idB = '00000000-0000-0000-0000-00000000000b';

  it('one Fetch per leader by topic id, read_uncommitted, no wait, no session; each partition its answer', async () => {
    const metadata = metadataOf([
      { name: 'a', topicId: idA, leaders: [1, 2, -1] },
      { name: 'b', topicId: idB, leaders: [1] },
    ]);
    const { client, sent } = fakeClient(metadata, (fetch) =>
      fetch.broker === 'b1:9092'
        ? fetchResponse([
            {
              topicId: idA,
              partitions: [fetchedPartition(0, { highWatermark: 10n, records: [batchOf(0n, [0, 10, 20, 30, 40])] })],
            },
            {
              topicId: idB,
              partitions: [
                fetchedPartition(0, { errorCode: 1, highWatermark: -1n, logStartOffset: 8n, records: null }),
              ],
            },
          ])
        : fetchResponse([{ topicId: idA, partitions: [fetchedPartition(1, { highWatermark: 6n, records: [] })] }]),
    );
    const targets: RecordTimestampTarget[] = [
      { topic: 'a', partition: 0, offset: 3 },
      { topic: 'a', partition: 1, offset: 6 },
      { topic: 'a', partition: 2, offset: 0 },
      { topic: 'b', partition: 0, offset: 2 },
      { topic: 'a', partition: 7, offset: 0 },
    ];
    const result = await readRecordTimestamps(client, anyBroker, targets);
    assert.deepEqual(Object.fromEntries(result), {
      [partitionKeyOf('a', 0)]: { kind: 'record', offset: 3, timestampMs: 30, timestampType: 'create' },
      [partitionKeyOf('a', 1)]: { kind: 'none' },
      [partitionKeyOf('a', 2)]: { kind: 'no-leader' },
      [partitionKeyOf('b', 0)]: { kind: 'out-of-range', logStartOffset: 8 },
      [partitionKeyOf('a', 7)]: { kind: 'error', errorCode: 3, errorName: 'UNKNOWN_TOPIC_OR_PARTITION' },
    });
    assert.deepEqual(sent.map((f) => [f.broker, asked(f)]).sort(), [
      ['b1:9092', [`${idA}/0@3`, `${idB}/0@2`]],
      ['b2:9092', [`${idA}/1@6`]],
    ]);
    for (const f of sent) {
      assert.deepEqual([f.maxWaitMs, f.minBytes, f.isolationLevel, f.sessionId, f.sessionEpoch], [0, 0, 0, 0, -1]);
      assert.equal(f.maxBytes, partitionMaxBytes * asked(f).length);
    }
  });

  it('before Fetch v13 topics go by name; a partial answer (ResponseError) still counts', async () => {
    const metadata = metadataOf([{ name: 'a', topicId: idA, leaders: [1, 1] }]);
    const { client, sent } = fakeClient(
      metadata,
      () =>
        new ResponseError(
          1,
          12,
          { '/responses/0/partitions/1': [6, null] },
          fetchResponse([
            {
              topicId: 'a',
              partitions: [
                fetchedPartition(0, { highWatermark: 3n, records: [batchOf(2n, [2_000])] }),
                fetchedPartition(1, { errorCode: 6, highWatermark: -1n, records: null }),
              ],
            },
          ]),
        ),
      12,
    );
    const result = await readRecordTimestamps(client, anyBroker, [
      { topic: 'a', partition: 0, offset: 2 },
      { topic: 'a', partition: 1, offset: 0 },
    ]);
    assert.deepEqual(sent.map(asked), [['a/0@2', 'a/1@0']]);
    assert.deepEqual(result.get(partitionKeyOf('a', 0)), {
      kind: 'record',
      offset: 2,
      timestampMs: 2_000,
      timestampType: 'create',
    });
    assert.deepEqual(result.get(partitionKeyOf('a', 1)), {
      kind: 'error',
      errorCode: 6,
      errorName: 'NOT_LEADER_OR_FOLLOWER',
    });
  });

  it('a partition whose batch was cut off is fetched again alone', async () => {
    const metadata = metadataOf([{ name: 'a', topicId: idA, leaders: [1, 1] }]);
    const { client, sent } = fakeClient(metadata, (fetch) => {
      const together = asked(fetch).length > 1;
      return fetchResponse([
        {
          topicId: idA,
          partitions: fetch.topics[0].partitions.map((p) =>
            p.partition === 0
              ? fetchedPartition(0, { highWatermark: 1n, records: [batchOf(0n, [500])] })
              : fetchedPartition(1, { highWatermark: 50n, records: together ? [] : [batchOf(40n, [7, 8, 9])] }),
          ),
        },
      ]);
    });
    const result = await readRecordTimestamps(client, anyBroker, [
      { topic: 'a', partition: 0, offset: 0 },
      { topic: 'a', partition: 1, offset: 41 },
    ]);
    assert.deepEqual(sent.map(asked), [[`${idA}/0@0`, `${idA}/1@41`], [`${idA}/1@41`]]);
    assert.deepEqual(result.get(partitionKeyOf('a', 1)), {
      kind: 'record',
      offset: 41,
      timestampMs: 8,
      timestampType: 'create',
    });
    assert.equal(result.get(partitionKeyOf('a', 0))?.kind, 'record');
  });

  it('an answer that cannot be decoded is split by partition; only the undecodable one says so', async () => {
    const metadata = metadataOf([{ name: 'a', topicId: idA, leaders: [1, 1] }]);
    const { client, sent } = fakeClient(metadata, (fetch) => {
      if (fetch.topics[0].partitions.some((p) => p.partition === 1))
        return new UnsupportedCompressionError('Unsupported compression algorithm with bitmask 5');
      return fetchResponse([
        { topicId: idA, partitions: [fetchedPartition(0, { highWatermark: 1n, records: [batchOf(0n, [321])] })] },
      ]);
    });
    const result = await readRecordTimestamps(client, anyBroker, [
      { topic: 'a', partition: 0, offset: 0 },
      { topic: 'a', partition: 1, offset: 0 },
    ]);
    assert.equal(sent.length, 3);
    assert.deepEqual(result.get(partitionKeyOf('a', 0)), {
      kind: 'record',
      offset: 0,
      timestampMs: 321,
      timestampType: 'create',
    });
    assert.deepEqual(result.get(partitionKeyOf('a', 1)), {
      kind: 'undecodable',
      reason: 'cannot decode the records: Unsupported compression algorithm with bitmask 5',
    });
  });

  it('a network failure fails the whole call; a missing topic fails only its partitions', async () => {
    const down = fakeClient(metadataOf([{ name: 'a', topicId: idA, leaders: [1] }]), () => new NetworkError('closed'));
    await assert.rejects(readRecordTimestamps(down.client, anyBroker, [{ topic: 'a', partition: 0, offset: 0 }]), {
      message: 'closed',
    });
    const partialMetadata = metadataOf([
      { name: 'a', topicId: idA, leaders: [1] },
      { name: 'gone', topicId: idB, errorCode: 3, leaders: [] },
    ]);
    const missing = fakeClient(new ResponseError(3, 12, { '/topics/1': [3, null] }, partialMetadata), () =>
      fetchResponse([{ topicId: idA, partitions: [fetchedPartition(0, { highWatermark: 0n })] }]),
    );
    const result = await readRecordTimestamps(missing.client, anyBroker, [
      { topic: 'a', partition: 0, offset: 0 },
      { topic: 'gone', partition: 0, offset: 4 },
    ]);
    assert.deepEqual(Object.fromEntries(result), {
      [partitionKeyOf('a', 0)]: { kind: 'none' },
      [partitionKeyOf('gone', 0)]: { kind: 'error', errorCode: 3, errorName: 'UNKNOWN_TOPIC_OR_PARTITION' },
    });
    assert.deepEqual(await readRecordTimestamps(missing.client, anyBroker, []), new Map());
  });
});
