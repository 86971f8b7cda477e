// The requests the describe sends over the wire itself (ApiVersions v3, FindCoordinator v4,
// DescribeGroups v5, ConsumerGroupDescribe v0, OffsetFetch v8, Metadata v12, ListOffsets v7) on bytes
// written by hand from Kafka's message schemas: exact request bodies, responses full of fields and
// tagged fields we skip, and every truncated or overlong response refused as malformed.

import * as assert from 'node:assert/strict';
import { encodeConsumerProtocolAssignment } from '@platformatic/kafka';
import { apiVersions, listOffsets, topicsMetadata } from '../../src/kafka/wire/clusterApis';
import { assignedPartitionsOf, MalformedAssignmentError } from '../../src/kafka/consumerProtocolAssignment';
import {
  describeClassicGroups,
  describeConsumerGroups,
  fetchCommittedOffsets,
  findCoordinators,
  listBrokerGroups,
} from '../../src/kafka/wire/coordinatorApis';
import { WireFallback, type WireConnection } from '../../src/kafka/wire/wireConnection';
import { MalformedWireResponse, WireReader } from '../../src/kafka/wire/wireReader';
import { WireWriter } from '../../src/kafka/wire/wireWriter';
import { WireBytes } from '../support/wireBytes';

const SOME_TAG: [number, Buffer] = [3, Buffer.from([1, 2, 3])];
const TOPIC_ID = '00112233445566778899aabbccddeeff';

interface Sent {
  apiKey: number;
  version: number;
  body: Buffer;
}

/** A connection that records the request body and answers `response` (the body after the response header). */
function answering(response: Buffer, sent: Sent[] = []): WireConnection {
  return {
    send(apiKey: number, version: number, writeBody: (writer: WireWriter) => void): Promise<WireReader> {
      const writer = new WireWriter();
      writeBody(writer);
      sent.push({ apiKey, version, body: Buffer.from(writer.bytes()) });
      return Promise.resolve(new WireReader(response));
    },
  } as unknown as WireConnection;
}

/** `decode` refuses every shorter prefix of `bytes`, and `bytes` with a byte more. */
async function assertTruncationsRefused(decode: (c: WireConnection) => Promise<unknown>, bytes: Buffer): Promise<void> {
  for (let length = 0; length < bytes.length; length++) {
    await assert.rejects(
      decode(answering(bytes.subarray(0, length))),
      MalformedWireResponse,
      `${length}/${bytes.length}`,
    );
  }
  await assert.rejects(decode(answering(Buffer.concat([bytes, Buffer.from([0])]))), /1 byte\(s\) left over/);
}

describe('wire protocol: primitives', () => {
  it('writes varints, strings, arrays and tags as the schema says', () => {
    const written = new WireWriter()
      .int8(-1)
      .int16(300)
      .int32(-2)
      .int64(2n ** 40n)
      .uvarint(0)
      .uvarint(127)
      .uvarint(128)
      .uvarint(300_000)
      .string('id')
      .string(null)
      .compactString('é')
      .compactString(null)
      .compactArray([1, 2], (n, w) => w.int32(n))
      .compactArray(null, () => undefined)
      .zeroUuid()
      .noTags()
      .bytes();
    const expected = new WireBytes()
      .int8(-1)
      .int16(300)
      .int32(-2)
      .int64(2n ** 40n)
      .uvarint(0)
      .uvarint(127)
      .uvarint(128)
      .uvarint(300_000)
      .classicString('id')
      .classicString(null)
      .string('é')
      .string(null)
      .arrayOf(2)
      .int32(1)
      .int32(2)
      .arrayOf(null)
      .uuid('00'.repeat(16))
      .tags()
      .build();
    assert.deepEqual(written, expected);
  });

  it('grows its buffer for long bodies', () => {
    const long = 'x'.repeat(10_000);
    const bytes = new WireWriter().compactString(long).compactString(long).bytes();
    const reader = new WireReader(bytes);
    assert.equal(reader.compactString(), long);
    assert.equal(reader.compactString(), long);
    reader.expectEnd('two strings');
  });

  it('reads int64 offsets above 2^32 and negative ones exactly', () => {
    const bytes = new WireBytes()
      .int64(5_000_000_000n)
      .int64(-1n)
      .int64(2n ** 52n + 3n)
      .build();
    const reader = new WireReader(bytes);
    assert.deepEqual([reader.int64(), reader.int64(), reader.int64()], [5_000_000_000, -1, 2 ** 52 + 3]);
  });

  it('skips tagged fields with content and refuses reads past the end', () => {
    const reader = new WireReader(
      new WireBytes()
        .tags(SOME_TAG, [9, Buffer.alloc(200)])
        .int8(7)
        .build(),
    );
    reader.skipTags();
    assert.equal(reader.int8(), 7);
    assert.throws(() => reader.int8(), MalformedWireResponse);
    assert.throws(() => new WireReader(new WireBytes().arrayOf(1000).build()).compactArrayLength(), /cannot fit/);
    assert.throws(() => new WireReader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).uvarint(), /varint/);
  });
});

describe('wire protocol: the consumer protocol assignment of a classic member', () => {
  it('decodes what the client library encodes, topic by topic, in order', () => {
    const bytes = encodeConsumerProtocolAssignment({
      version: 3,
      assignedPartitions: [
        { topic: 'orders', partitions: [0, 2] },
        { topic: 'émoji-☃', partitions: [] },
        { topic: 'refunds', partitions: [7] },
      ],
      userData: Buffer.from('user data'),
    });
    assert.deepEqual(assignedPartitionsOf(bytes), [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 2 },
      { topic: 'refunds', partition: 7 },
    ]);
  });

  it('has no partitions for empty bytes (a rebalancing group) or a bare version; refuses truncated ones', () => {
    assert.deepEqual(assignedPartitionsOf(Buffer.alloc(0)), []);
    assert.deepEqual(assignedPartitionsOf(Buffer.from([0, 1])), []);
    const bytes = encodeConsumerProtocolAssignment({
      version: 0,
      assignedPartitions: [{ topic: 't', partitions: [1, 2] }],
    });
    for (let length = 3; length < bytes.length - 4; length++) {
      assert.throws(() => assignedPartitionsOf(bytes.subarray(0, length)), MalformedAssignmentError, `${length}`);
    }
  });
});

describe('wire protocol: requests and answers', () => {
  it('ApiVersions v3: the software name and version sent; the ranges read, tagged features skipped', async () => {
    const response = new WireBytes()
      .int16(0)
      .arrayOf(2)
      .int16(10)
      .int16(0)
      .int16(6)
      .tags()
      .int16(69)
      .int16(0)
      .int16(1)
      .tags(SOME_TAG)
      .int32(0)
      .tags([0, new WireBytes().arrayOf(0).build()], SOME_TAG)
      .build();
    const sent: Sent[] = [];
    const ranges = await apiVersions(answering(response, sent));
    assert.deepEqual(
      [...ranges],
      [
        [10, { min: 0, max: 6 }],
        [69, { min: 0, max: 1 }],
      ],
    );
    assert.equal(sent[0].apiKey, 18);
    assert.equal(sent[0].version, 3);
    const body = new WireReader(sent[0].body);
    assert.equal(body.compactString(), 'kafka-offset-trace');
    body.compactString();
    body.skipTags();
    body.expectEnd('ApiVersions request');
    await assertTruncationsRefused(apiVersions, response);
    await assert.rejects(apiVersions(answering(new WireBytes().int16(35).build())), WireFallback);
  });

  it('FindCoordinator v4: group keys sent; node, host, port and error code read', async () => {
    const response = new WireBytes()
      .int32(0)
      .arrayOf(2)
      .string('orders')
      .int32(3)
      .string('broker-3')
      .int32(9093)
      .int16(0)
      .string(null)
      .tags()
      .string('loading')
      .int32(-1)
      .string('')
      .int32(-1)
      .int16(14)
      .string('still loading')
      .tags(SOME_TAG)
      .tags()
      .build();
    const sent: Sent[] = [];
    const found = await findCoordinators(answering(response, sent), ['orders', 'loading']);
    assert.deepEqual(found, [
      { key: 'orders', nodeId: 3, host: 'broker-3', port: 9093, errorCode: 0 },
      { key: 'loading', nodeId: -1, host: '', port: -1, errorCode: 14 },
    ]);
    assert.deepEqual(sent[0], {
      apiKey: 10,
      version: 4,
      body: new WireBytes().int8(0).arrayOf(2).string('orders').string('loading').tags().build(),
    });
    await assertTruncationsRefused((c) => findCoordinators(c, ['orders']), response);
  });

  it('DescribeGroups v5: a classic group with its members and their assignments', async () => {
    const assignment = encodeConsumerProtocolAssignment({
      version: 0,
      assignedPartitions: [{ topic: 'invoices', partitions: [0, 2] }],
    });
    const response = new WireBytes()
      .int32(0)
      .arrayOf(2)
      .int16(0)
      .string('billing')
      .string('Stable')
      .string('consumer')
      .string('range')
      .arrayOf(1)
      .string('c-1')
      .string('static-1')
      .string('billing-client')
      .string('/10.0.0.7')
      .uvarint(4)
      .raw(Buffer.from([9, 9, 9]))
      .uvarint(assignment.length + 1)
      .raw(assignment)
      .tags(SOME_TAG)
      .int32(-2147483648)
      .tags()
      .int16(69)
      .string('missing')
      .string('Dead')
      .string('')
      .string('')
      .arrayOf(0)
      .int32(0)
      .tags()
      .tags()
      .build();
    const sent: Sent[] = [];
    const groups = await describeClassicGroups(answering(response, sent), ['billing', 'missing']);
    assert.equal(groups.length, 2);
    const [billing, missing] = groups;
    assert.deepEqual(
      {
        ...billing,
        members: billing.members.map((m) => ({ ...m, memberAssignment: assignedPartitionsOf(m.memberAssignment) })),
      },
      {
        errorCode: 0,
        groupId: 'billing',
        groupState: 'Stable',
        protocolType: 'consumer',
        protocolData: 'range',
        members: [
          {
            memberId: 'c-1',
            groupInstanceId: 'static-1',
            clientId: 'billing-client',
            clientHost: '/10.0.0.7',
            memberAssignment: [
              { topic: 'invoices', partition: 0 },
              { topic: 'invoices', partition: 2 },
            ],
          },
        ],
      },
    );
    assert.equal(missing.errorCode, 69);
    assert.deepEqual(
      sent[0].body,
      new WireBytes().arrayOf(2).string('billing').string('missing').bool(false).tags().build(),
    );
    await assertTruncationsRefused((c) => describeClassicGroups(c, ['billing']), response);
  });

  it('ConsumerGroupDescribe v0: epochs, assignor, members with current and target assignments', async () => {
    const assignmentOf = (partitions: number[]): WireBytes => {
      const bytes = new WireBytes().arrayOf(1).uuid(TOPIC_ID).string('orders').arrayOf(partitions.length);
      for (const p of partitions) bytes.int32(p);
      return bytes.tags().tags();
    };
    const response = new WireBytes()
      .int32(0)
      .arrayOf(1)
      .int16(0)
      .string(null)
      .string('orders-app')
      .string('Reconciling')
      .int32(5)
      .int32(4)
      .string('uniform')
      .arrayOf(1)
      .string('m-1')
      .string(null)
      .string('rack-a')
      .int32(4)
      .string('console-consumer')
      .string('/127.0.0.1')
      .arrayOf(2)
      .string('orders')
      .string('payments')
      .string(null)
      .raw(assignmentOf([0, 1]).build())
      .raw(assignmentOf([0]).build())
      .tags(SOME_TAG)
      .int32(0)
      .tags()
      .tags()
      .build();
    const sent: Sent[] = [];
    const [group] = await describeConsumerGroups(answering(response, sent), ['orders-app']);
    assert.deepEqual(group, {
      errorCode: 0,
      groupId: 'orders-app',
      groupState: 'Reconciling',
      groupEpoch: 5,
      assignmentEpoch: 4,
      assignorName: 'uniform',
      members: [
        {
          memberId: 'm-1',
          instanceId: null,
          memberEpoch: 4,
          clientId: 'console-consumer',
          clientHost: '/127.0.0.1',
          assignment: { topicPartitions: [{ topicName: 'orders', partitions: [0, 1] }] },
          targetAssignment: { topicPartitions: [{ topicName: 'orders', partitions: [0] }] },
        },
      ],
    });
    assert.equal(sent[0].apiKey, 69);
    assert.deepEqual(sent[0].body, new WireBytes().arrayOf(1).string('orders-app').bool(false).tags().build());
    await assertTruncationsRefused((c) => describeConsumerGroups(c, ['orders-app']), response);
  });

  it('OffsetFetch v8: all topics of several groups asked at once; no offset (-1) is null', async () => {
    const response = new WireBytes()
      .int32(0)
      .arrayOf(2)
      .string('a')
      .arrayOf(1)
      .string('orders')
      .arrayOf(2)
      .int32(0)
      .int64(6_000_000_000n)
      .int32(3)
      .string('meta')
      .int16(0)
      .tags()
      .int32(1)
      .int64(-1n)
      .int32(-1)
      .string(null)
      .int16(0)
      .tags(SOME_TAG)
      .tags()
      .int16(0)
      .tags()
      .string('b')
      .arrayOf(0)
      .int16(30)
      .tags()
      .tags()
      .build();
    const sent: Sent[] = [];
    const groups = await fetchCommittedOffsets(answering(response, sent), ['a', 'b']);
    assert.deepEqual(groups, [
      {
        groupId: 'a',
        errorCode: 0,
        offsets: [
          { topic: 'orders', partition: 0, offset: 6_000_000_000, errorCode: 0 },
          { topic: 'orders', partition: 1, offset: null, errorCode: 0 },
        ],
      },
      { groupId: 'b', errorCode: 30, offsets: [] },
    ]);
    assert.deepEqual(
      sent[0].body,
      new WireBytes()
        .arrayOf(2)
        .string('a')
        .arrayOf(null)
        .tags()
        .string('b')
        .arrayOf(null)
        .tags()
        .bool(false)
        .tags()
        .build(),
    );
    await assertTruncationsRefused((c) => fetchCommittedOffsets(c, ['a']), response);
  });

  it('Metadata v12: brokers and partition leaders of the topics asked, never creating one', async () => {
    const response = new WireBytes()
      .int32(0)
      .arrayOf(1)
      .int32(1)
      .string('localhost')
      .int32(9092)
      .string(null)
      .tags()
      .string('cluster')
      .int32(1)
      .arrayOf(2)
      .int16(0)
      .string('orders')
      .uuid(TOPIC_ID)
      .bool(false)
      .arrayOf(2)
      .int16(0)
      .int32(0)
      .int32(1)
      .int32(7)
      .arrayOf(1)
      .int32(1)
      .arrayOf(1)
      .int32(1)
      .arrayOf(0)
      .tags()
      .int16(5)
      .int32(1)
      .int32(-1)
      .int32(7)
      .arrayOf(0)
      .arrayOf(0)
      .arrayOf(1)
      .int32(1)
      .tags(SOME_TAG)
      .int32(0)
      .tags()
      .int16(3)
      .string('gone')
      .uuid('00'.repeat(16))
      .bool(false)
      .arrayOf(0)
      .int32(0)
      .tags()
      .tags()
      .build();
    const sent: Sent[] = [];
    const metadata = await topicsMetadata(answering(response, sent), ['orders', 'gone']);
    assert.deepEqual([...metadata.brokers], [[1, { host: 'localhost', port: 9092 }]]);
    assert.deepEqual(metadata.topics, [
      {
        name: 'orders',
        errorCode: 0,
        partitions: [
          { partition: 0, leaderId: 1 },
          { partition: 1, leaderId: -1 },
        ],
      },
      { name: 'gone', errorCode: 3, partitions: [] },
    ]);
    assert.deepEqual(
      sent[0].body,
      new WireBytes()
        .arrayOf(2)
        .uuid('00'.repeat(16))
        .string('orders')
        .tags()
        .uuid('00'.repeat(16))
        .string('gone')
        .tags()
        .bool(false)
        .bool(false)
        .tags()
        .build(),
    );
    await assertTruncationsRefused((c) => topicsMetadata(c, ['orders']), response);
  });

  it('ListOffsets v7: read_uncommitted at a timestamp for every partition of a leader; errors per partition', async () => {
    const response = new WireBytes()
      .int32(0)
      .arrayOf(1)
      .string('orders')
      .arrayOf(2)
      .int32(0)
      .int16(0)
      .int64(-1n)
      .int64(42n)
      .int32(7)
      .tags()
      .int32(3)
      .int16(6)
      .int64(-1n)
      .int64(-1n)
      .int32(-1)
      .tags(SOME_TAG)
      .tags()
      .tags()
      .build();
    const sent: Sent[] = [];
    const listed = await listOffsets(answering(response, sent), 7, -1n, new Map([['orders', [0, 3]]]));
    assert.deepEqual(listed, [
      { topic: 'orders', partition: 0, errorCode: 0, offset: 42 },
      { topic: 'orders', partition: 3, errorCode: 6, offset: -1 },
    ]);
    const expectedBody = new WireBytes().int32(-1).int8(0).arrayOf(1).string('orders').arrayOf(2);
    for (const p of [0, 3]) expectedBody.int32(p).int32(-1).int64(-1n).tags();
    assert.deepEqual(sent[0], { apiKey: 2, version: 7, body: expectedBody.tags().tags().build() });
    await assertTruncationsRefused((c) => listOffsets(c, 7, -1n, new Map([['orders', [0]]])), response);
  });

  it('ListGroups v5: every state, the four types asked for; id, protocol type, state and type read', async () => {
    const response = new WireBytes()
      .int32(0)
      .int16(0)
      .arrayOf(2)
      .string('orders-app')
      .string('consumer')
      .string('Stable')
      .string('Consumer')
      .tags()
      .string('shares')
      .string('share')
      .string('Empty')
      .string('Share')
      .tags(SOME_TAG)
      .tags()
      .build();
    const sent: Sent[] = [];
    assert.deepEqual(await listBrokerGroups(answering(response, sent)), [
      { groupId: 'orders-app', protocolType: 'consumer', groupState: 'Stable', groupType: 'Consumer' },
      { groupId: 'shares', protocolType: 'share', groupState: 'Empty', groupType: 'Share' },
    ]);
    assert.deepEqual(sent[0], {
      apiKey: 16,
      version: 5,
      body: new WireBytes()
        .arrayOf(0)
        .arrayOf(4)
        .string('classic')
        .string('consumer')
        .string('share')
        .string('streams')
        .tags()
        .build(),
    });
    await assertTruncationsRefused(listBrokerGroups, response);
    const refused = new WireBytes().int32(0).int16(31).arrayOf(0).tags().build();
    await assert.rejects(listBrokerGroups(answering(refused)), WireFallback);
  });
});
