// The group APIs we speak ourselves (ShareGroupDescribe, DescribeShareGroupOffsets, StreamsGroupDescribe)
// on bytes written by hand from Kafka's message schemas: exact request bytes, responses full of fields we
// skip, error codes as the library's ResponseError, and truncated or overlong bodies refused.

import * as assert from 'node:assert/strict';
import { Reader, ResponseError, type API, type Connection, type Writer } from '@platformatic/kafka';
import { responseOf } from '../../src/kafka/adminInternals';
import * as describeShareGroupOffsets from '../../src/kafka/groupApis/describeShareGroupOffsets';
import { MalformedResponseError } from '../../src/kafka/groupApis/leanDecoding';
import * as shareGroupDescribe from '../../src/kafka/groupApis/shareGroupDescribe';
import * as streamsGroupDescribe from '../../src/kafka/groupApis/streamsGroupDescribe';
import { WireBytes } from '../support/wireBytes';

const ORDERS_ID = '0123456789abcdef0123456789abcdef';
const AUDIT_ID = 'fedcba9876543210fedcba9876543210';
/** A tagged field with content, where one may appear, to prove it is skipped. */
const SOME_TAG: [number, Buffer] = [7, Buffer.from([0xde, 0xad, 0xbe])];

type Parser<R> = (correlationId: number, apiKey: number, apiVersion: number, reader: Reader) => R;

function parseBytes<R>(parse: Parser<R>, apiKey: number, apiVersion: number, bytes: Buffer): R {
  return parse(1, apiKey, apiVersion, Reader.from(bytes));
}

/** Every shorter prefix of `bytes`, and `bytes` with a byte more, is refused as malformed. */
function assertTruncationsRefused(parse: (bytes: Buffer) => unknown, bytes: Buffer): void {
  for (let length = 0; length < bytes.length; length++) {
    assert.throws(() => parse(bytes.subarray(0, length)), MalformedResponseError, `${length} of ${bytes.length}`);
  }
  assert.throws(() => parse(Buffer.concat([bytes, Buffer.from([0])])), /1 byte\(s\) are left over/);
}

/** The ResponseError `run` throws, checked to be the library's. */
function responseErrorOf(run: () => unknown): ResponseError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ResponseError');
}

/** The (path, error name) pairs a ResponseError carries. */
function errorPaths(error: ResponseError): [string, string][] {
  return (error.errors as { path: string; apiId: string }[]).map((e) => [e.path, e.apiId]);
}

interface SentRequest {
  apiKey: number;
  apiVersion: number;
  body: Buffer;
  requestHeaderTaggedFields: boolean;
  responseHeaderTaggedFields: boolean;
}

/** Sends through `api` on a fake connection that answers `responseBytes`; returns what was sent and the result. */
async function sendOnFakeConnection<A extends unknown[], R>(
  api: API<A, R>,
  args: A,
  responseBytes: Buffer,
): Promise<{ sent: SentRequest; result: R }> {
  let sent: SentRequest | undefined;
  const connection = {
    send(
      apiKey: number,
      apiVersion: number,
      createPayload: () => Writer,
      parse: Parser<R>,
      requestHeaderTaggedFields: boolean,
      responseHeaderTaggedFields: boolean,
      callback: (error: Error | null, result?: R) => void,
    ): void {
      sent = {
        apiKey,
        apiVersion,
        body: createPayload().buffer,
        requestHeaderTaggedFields,
        responseHeaderTaggedFields,
      };
      let result: R;
      try {
        result = parse(1, apiKey, apiVersion, Reader.from(responseBytes));
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback(null, result);
    },
  } as unknown as Connection;
  const result = await api.async(connection, ...args);
  assert.ok(sent);
  return { sent, result };
}

describe('ShareGroupDescribe (key 77)', () => {
  const { API_KEY, createRequest, parseResponse, shareGroupDescribeV1, newestApi } = shareGroupDescribe;

  it('a request: the group ids as a compact array, authorized operations not asked for, no tagged fields', () => {
    const expected = Buffer.from([0x03, 0x02, 0x61, 0x03, 0x62, 0x63, 0x00, 0x00]);
    assert.deepEqual(createRequest(1, ['a', 'bc']).buffer, expected);
  });

  it('refuses versions it does not speak (v0 was Kafka 4.0 early access)', () => {
    assert.throws(() => createRequest(0, ['a']), RangeError);
    assert.throws(() => parseBytes(parseResponse, API_KEY, 0, Buffer.alloc(0)), RangeError);
    assert.equal(newestApi(1, 1), shareGroupDescribeV1);
    assert.equal(newestApi(0, 0), undefined);
  });

  function member(bytes: WireBytes, id: string, rackId: string | null, topics: string[]): WireBytes {
    return bytes
      .string(id)
      .string(rackId)
      .int32(7)
      .string(`client-${id}`)
      .string('/10.0.0.1')
      .arrayOf(topics.length)
      .string(topics[0] ?? '')
      .string(topics[1] ?? '');
  }

  /** Two groups: a stable one with two members (all skipped fields non-empty), and `second`. */
  function response(second: 'ok' | 'missing'): Buffer {
    const bytes = new WireBytes().int32(250).arrayOf(2);
    bytes.int16(0).string(null).string('share-a').string('Stable').int32(7).int32(6).string('simple').arrayOf(2);
    member(bytes, 'm-1', null, ['orders', 'audit'])
      .arrayOf(2) // assignment.topic_partitions
      .uuid(ORDERS_ID)
      .string('orders')
      .arrayOf(2)
      .int32(0)
      .int32(2)
      .tags()
      .uuid(AUDIT_ID)
      .string('audit')
      .arrayOf(0)
      .tags(SOME_TAG)
      .tags(SOME_TAG) // the end of the Assignment struct
      .tags(SOME_TAG); // the end of the member
    member(bytes, 'm-2', 'rack-b', ['orders', 'audit']).arrayOf(0).tags().tags();
    bytes.int32(0x0ff8).tags(SOME_TAG); // authorized_operations, the end of the group
    if (second === 'ok') {
      bytes.int16(0).string(null).string('share-b').string('Empty').int32(1).int32(1).string('simple').arrayOf(0);
    } else {
      bytes.int16(69).string('Group share-x not found.').string('share-x').string('Dead').int32(-1).int32(-1);
      bytes.string('').arrayOf(0);
    }
    return bytes.int32(-2147483648).tags().tags(SOME_TAG).build();
  }

  const decodedShareA: shareGroupDescribe.ShareGroupDescription = {
    errorCode: 0,
    errorMessage: null,
    groupId: 'share-a',
    groupState: 'Stable',
    groupEpoch: 7,
    assignmentEpoch: 6,
    assignorName: 'simple',
    members: [
      {
        memberId: 'm-1',
        rackId: null,
        memberEpoch: 7,
        clientId: 'client-m-1',
        clientHost: '/10.0.0.1',
        subscribedTopicNames: ['orders', 'audit'],
        assignment: [
          { topicName: 'orders', partitions: [0, 2] },
          { topicName: 'audit', partitions: [] },
        ],
      },
      {
        memberId: 'm-2',
        rackId: 'rack-b',
        memberEpoch: 7,
        clientId: 'client-m-2',
        clientHost: '/10.0.0.1',
        subscribedTopicNames: ['orders', 'audit'],
        assignment: [],
      },
    ],
  };

  it('a response: the groups and members we show; topic ids, authorized operations and tagged fields skipped', () => {
    assert.deepEqual(parseBytes(parseResponse, API_KEY, 1, response('ok')), {
      groups: [
        decodedShareA,
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'share-b',
          groupState: 'Empty',
          groupEpoch: 1,
          assignmentEpoch: 1,
          assignorName: 'simple',
          members: [],
        },
      ],
    });
  });

  it('a group error code: the ResponseError carries the whole decoded response', () => {
    const error = responseErrorOf(() => parseBytes(parseResponse, API_KEY, 1, response('missing')));
    assert.deepEqual(errorPaths(error), [['/groups/1', 'GROUP_ID_NOT_FOUND']]);
    const answer = responseOf<shareGroupDescribe.ShareGroupDescribeResponse>(error);
    assert.deepEqual(answer?.groups[0], decodedShareA);
    assert.equal(answer?.groups[1].errorCode, 69);
    assert.equal(answer?.groups[1].errorMessage, 'Group share-x not found.');
  });

  it('a truncated or overlong response is refused, never half-decoded', () => {
    assertTruncationsRefused((bytes) => parseBytes(parseResponse, API_KEY, 1, bytes), response('ok'));
  });

  it('the API value sends key 77 v1 with flexible headers and decodes the answer', async () => {
    const { sent, result } = await sendOnFakeConnection(shareGroupDescribeV1, [['a']], response('ok'));
    assert.deepEqual(sent, {
      apiKey: 77,
      apiVersion: 1,
      body: Buffer.from([0x02, 0x02, 0x61, 0x00, 0x00]),
      requestHeaderTaggedFields: true,
      responseHeaderTaggedFields: true,
    });
    assert.equal(result.groups[0].groupId, 'share-a');
  });
});

describe('DescribeShareGroupOffsets (key 90)', () => {
  const { API_KEY, createRequest, parseResponse, describeShareGroupOffsetsV0, describeShareGroupOffsetsV1, newestApi } =
    describeShareGroupOffsets;

  it('a request: per group a compact nullable topic array (null for all topics), the same bytes in v0 and v1', () => {
    const groups = [
      { groupId: 'g', topics: null },
      { groupId: 'h', topics: [{ topicName: 't', partitions: [0, 2] }] },
    ];
    // prettier-ignore
    const expected = Buffer.from([
      0x03, // two groups
      0x02, 0x67, 0x00, 0x00, // "g", topics null, the group's tagged fields
      0x02, 0x68, 0x02, // "h", one topic
      0x02, 0x74, 0x03, 0, 0, 0, 0, 0, 0, 0, 2, 0x00, // "t", partitions [0, 2], the topic's tagged fields
      0x00, // the group's tagged fields
      0x00, // the request's tagged fields
    ]);
    assert.deepEqual(createRequest(0, groups).buffer, expected);
    assert.deepEqual(createRequest(1, groups).buffer, expected);
    assert.throws(() => createRequest(2, groups), RangeError);
  });

  it('picks the newest version the broker allows', () => {
    assert.equal(newestApi(0, 9), describeShareGroupOffsetsV1);
    assert.equal(newestApi(0, 0), describeShareGroupOffsetsV0);
    assert.equal(newestApi(2, 3), undefined);
  });

  function partition(bytes: WireBytes, version: number, index: number, start: bigint, lag: bigint, code = 0): void {
    bytes.int32(index).int64(start).int32(3);
    if (version >= 1) bytes.int64(lag);
    bytes.int16(code).string(code === 0 ? null : 'This server does not host this topic-partition.');
  }

  function response(version: number, partitionError = 0): Buffer {
    const bytes = new WireBytes().int32(0).arrayOf(2);
    bytes.string('share-a').arrayOf(2); // group 0, two topics
    bytes.string('orders').uuid(ORDERS_ID).arrayOf(2);
    partition(bytes, version, 0, 42n, 5n);
    bytes.tags(SOME_TAG);
    partition(bytes, version, 1, -1n, -1n, partitionError);
    bytes.tags().tags(SOME_TAG); // the end of the partition, of the topic
    bytes.string('audit').uuid(AUDIT_ID).arrayOf(0).tags();
    bytes.int16(0).string(null).tags();
    bytes.string('share-b').arrayOf(0).int16(16).string('This is not the correct coordinator.').tags(SOME_TAG);
    return bytes.tags().build();
  }

  function decoded(version: number, partitionError = 0): describeShareGroupOffsets.DescribeShareGroupOffsetsResponse {
    return {
      groups: [
        {
          groupId: 'share-a',
          errorCode: 0,
          errorMessage: null,
          topics: [
            {
              topicName: 'orders',
              partitions: [
                {
                  partitionIndex: 0,
                  startOffset: 42n,
                  leaderEpoch: 3,
                  lag: version >= 1 ? 5n : null,
                  errorCode: 0,
                  errorMessage: null,
                },
                {
                  partitionIndex: 1,
                  startOffset: -1n,
                  leaderEpoch: 3,
                  lag: version >= 1 ? -1n : null,
                  errorCode: partitionError,
                  errorMessage: partitionError === 0 ? null : 'This server does not host this topic-partition.',
                },
              ],
            },
            { topicName: 'audit', partitions: [] },
          ],
        },
        { groupId: 'share-b', errorCode: 16, errorMessage: 'This is not the correct coordinator.', topics: [] },
      ],
    };
  }

  for (const version of [0, 1]) {
    it(`a v${version} response: start offsets, leader epochs${version >= 1 ? ', lag' : ' (no lag)'}, errors`, () => {
      const error = responseErrorOf(() => parseBytes(parseResponse, API_KEY, version, response(version)));
      assert.deepEqual(errorPaths(error), [['/groups/1', 'NOT_COORDINATOR']]);
      assert.deepEqual(responseOf(error), decoded(version));
    });

    it(`a v${version} response with a partition error names the partition`, () => {
      const error = responseErrorOf(() => parseBytes(parseResponse, API_KEY, version, response(version, 3)));
      assert.deepEqual(errorPaths(error), [
        ['/groups/0/topics/0/partitions/1', 'UNKNOWN_TOPIC_OR_PARTITION'],
        ['/groups/1', 'NOT_COORDINATOR'],
      ]);
      assert.deepEqual(responseOf(error), decoded(version, 3));
    });

    it(`a truncated or overlong v${version} response is refused`, () => {
      assertTruncationsRefused((bytes) => parseBytes(parseResponse, API_KEY, version, bytes), response(version));
    });
  }

  it('a response without errors is returned; reading v1 bytes as v0 is refused, not misread', () => {
    const bytes = new WireBytes().int32(0).arrayOf(1).string('share-a').arrayOf(1).string('orders').uuid(ORDERS_ID);
    bytes.arrayOf(1).int32(0).int64(10n).int32(0).int64(4n).int16(0).string(null).tags().tags();
    const body = bytes.int16(0).string(null).tags().tags().build();
    const partitions = [
      { partitionIndex: 0, startOffset: 10n, leaderEpoch: 0, lag: 4n, errorCode: 0, errorMessage: null },
    ];
    assert.deepEqual(parseBytes(parseResponse, API_KEY, 1, body), {
      groups: [{ groupId: 'share-a', errorCode: 0, errorMessage: null, topics: [{ topicName: 'orders', partitions }] }],
    });
    assert.throws(() => parseBytes(parseResponse, API_KEY, 0, body), MalformedResponseError);
  });

  it('the API values send key 90 at their version with the same body', async () => {
    const groups = [{ groupId: 'g', topics: null }];
    const body = Buffer.from([0x02, 0x02, 0x67, 0x00, 0x00, 0x00]);
    for (const api of [describeShareGroupOffsetsV0, describeShareGroupOffsetsV1]) {
      const answer = new WireBytes().int32(0).arrayOf(1).string('g').arrayOf(0).int16(0).string(null).tags().tags();
      const { sent, result } = await sendOnFakeConnection(api, [groups], answer.build());
      assert.deepEqual([sent.apiKey, sent.apiVersion, sent.body], [90, api.version, body]);
      assert.deepEqual(result, { groups: [{ groupId: 'g', errorCode: 0, errorMessage: null, topics: [] }] });
    }
  });
});

describe('StreamsGroupDescribe (key 89)', () => {
  const { API_KEY, createRequest, parseResponse, streamsGroupDescribeV0, streamsGroupDescribeV1, newestApi } =
    streamsGroupDescribe;

  it('a request: v0 ends after include_authorized_operations, v1 adds include_topology_description (false)', () => {
    assert.deepEqual(createRequest(0, ['s']).buffer, Buffer.from([0x02, 0x02, 0x73, 0x00, 0x00]));
    assert.deepEqual(createRequest(1, ['s']).buffer, Buffer.from([0x02, 0x02, 0x73, 0x00, 0x00, 0x00]));
    assert.throws(() => createRequest(2, ['s']), RangeError);
  });

  it('picks the newest version the broker allows', () => {
    assert.equal(newestApi(0, 1), streamsGroupDescribeV1);
    assert.equal(newestApi(0, 0), streamsGroupDescribeV0);
    assert.equal(newestApi(5, 7), undefined);
  });

  function keyValue(bytes: WireBytes, key: string, value: string): WireBytes {
    return bytes.string(key).string(value).tags();
  }

  function topicInfo(bytes: WireBytes, name: string, partitions: number, withConfig: boolean): WireBytes {
    bytes
      .string(name)
      .int32(partitions)
      .int16(3)
      .arrayOf(withConfig ? 1 : 0);
    if (withConfig) keyValue(bytes, 'cleanup.policy', 'compact');
    return bytes.tags(SOME_TAG);
  }

  function taskIds(bytes: WireBytes, subtopologyId: string, partitions: number[]): WireBytes {
    bytes.string(subtopologyId).arrayOf(partitions.length);
    for (const partition of partitions) bytes.int32(partition);
    return bytes.tags();
  }

  function topologyNode(bytes: WireBytes, name: string, sinkTopic: string | null): WireBytes {
    return bytes
      .string(name)
      .int8(1)
      .arrayOf(1)
      .string('words')
      .string(sinkTopic)
      .arrayOf(1)
      .string('counts-store')
      .arrayOf(2)
      .string('KSTREAM-A')
      .string('KSTREAM-B')
      .tags(SOME_TAG);
  }

  /** The stable group "words-app": a topology of two subtopologies, two members. */
  function stableGroup(bytes: WireBytes, version: number, subtopologies: 'two' | 'null'): void {
    bytes.int16(0).string(null).string('words-app').string('Stable').int32(12).int32(11);
    bytes.present().int32(4); // topology, epoch
    if (subtopologies === 'null') {
      bytes.arrayOf(null);
    } else {
      bytes.arrayOf(2);
      bytes.string('0').arrayOf(1).string('words').arrayOf(1).string('words-app-repartition');
      bytes.arrayOf(1);
      topicInfo(bytes, 'words-app-store-changelog', 0, true);
      bytes.arrayOf(0).tags(); // no repartition source topic, the end of subtopology 0
      bytes.string('1').arrayOf(0).arrayOf(0).arrayOf(0).arrayOf(1);
      topicInfo(bytes, 'words-app-repartition', 4, false).tags();
    }
    bytes.tags(SOME_TAG); // the end of the topology
    bytes.arrayOf(2);
    // member 1: an endpoint, client tags, task offsets; active, standby and target tasks
    bytes.string('m-1').int32(12).string(null).string(null).string('app-1-StreamThread-1').string('/10.0.0.5');
    bytes.int32(4).string('process-1').present().string('app-1.local').uint16(40000).tags(SOME_TAG);
    keyValue(bytes.arrayOf(1), 'zone', 'eu-1');
    bytes.arrayOf(1).string('0').int32(0).int64(100n).tags(SOME_TAG);
    bytes.arrayOf(2).string('0').int32(0).int64(120n).tags().string('1').int32(1).int64(7n).tags();
    taskIds(bytes.arrayOf(1), '0', [0, 1]).arrayOf(1);
    taskIds(bytes, '1', [2]).arrayOf(0).tags(SOME_TAG); // the end of the assignment
    taskIds(bytes.arrayOf(2), '0', [0]);
    taskIds(bytes, '1', [0, 1, 2, 3]).arrayOf(0).arrayOf(1);
    taskIds(bytes, '0', [1]).tags(); // warm-up tasks, the end of the target assignment
    bytes.bool(false).tags(SOME_TAG);
    // member 2: static, no endpoint, nothing assigned, classic
    bytes.string('m-2').int32(11).string('static-2').string('rack-2').string('app-2').string('/10.0.0.6');
    bytes.int32(3).string('process-2').absent().arrayOf(0).arrayOf(0).arrayOf(0);
    bytes.arrayOf(0).arrayOf(0).arrayOf(0).tags().arrayOf(0).arrayOf(0).arrayOf(0).tags();
    bytes.bool(true).tags();
    bytes.int32(0x0ff8); // authorized_operations
    if (version >= 1) {
      bytes.present().arrayOf(1).string('0').arrayOf(2); // topology_description, one subtopology of two nodes
      topologyNode(bytes, 'KSTREAM-SOURCE-0', null);
      topologyNode(bytes, 'KSTREAM-SINK-1', 'words-app-repartition').tags(SOME_TAG); // the end of the subtopology
      bytes.arrayOf(1); // one global store
      topologyNode(bytes, 'GLOBAL-SOURCE', null);
      topologyNode(bytes, 'GLOBAL-PROCESSOR', null).tags().tags(SOME_TAG); // the store, the description
      bytes.int8(3).string('sticky'); // topology_description_status AVAILABLE, assignor_name
    }
    bytes.tags(SOME_TAG);
  }

  function missingGroup(bytes: WireBytes, version: number): void {
    bytes.int16(69).string('Group words-x not found.').string('words-x').string('Dead').int32(-1).int32(-1);
    bytes.absent().arrayOf(0).int32(-2147483648);
    if (version >= 1) bytes.absent().int8(0).string(null);
    bytes.tags();
  }

  function response(version: number, second: 'missing' | 'none', subtopologies: 'two' | 'null' = 'two'): Buffer {
    const bytes = new WireBytes().int32(0).arrayOf(second === 'none' ? 1 : 2);
    stableGroup(bytes, version, subtopologies);
    if (second === 'missing') missingGroup(bytes, version);
    return bytes.tags(SOME_TAG).build();
  }

  const noTasks: streamsGroupDescribe.StreamsTasks = { activeTasks: [], standbyTasks: [], warmupTasks: [] };
  const decodedWordsApp: streamsGroupDescribe.StreamsGroupDescription = {
    errorCode: 0,
    errorMessage: null,
    groupId: 'words-app',
    groupState: 'Stable',
    groupEpoch: 12,
    targetAssignmentEpoch: 11,
    topology: {
      epoch: 4,
      subtopologies: [
        { subtopologyId: '0', sourceTopics: ['words'], repartitionSourceTopics: [] },
        { subtopologyId: '1', sourceTopics: [], repartitionSourceTopics: ['words-app-repartition'] },
      ],
    },
    members: [
      {
        memberId: 'm-1',
        memberEpoch: 12,
        instanceId: null,
        rackId: null,
        clientId: 'app-1-StreamThread-1',
        clientHost: '/10.0.0.5',
        processId: 'process-1',
        userEndpoint: { host: 'app-1.local', port: 40000 },
        assignment: {
          activeTasks: [{ subtopologyId: '0', partitions: [0, 1] }],
          standbyTasks: [{ subtopologyId: '1', partitions: [2] }],
          warmupTasks: [],
        },
        targetAssignment: {
          activeTasks: [
            { subtopologyId: '0', partitions: [0] },
            { subtopologyId: '1', partitions: [0, 1, 2, 3] },
          ],
          standbyTasks: [],
          warmupTasks: [{ subtopologyId: '0', partitions: [1] }],
        },
        isClassic: false,
      },
      {
        memberId: 'm-2',
        memberEpoch: 11,
        instanceId: 'static-2',
        rackId: 'rack-2',
        clientId: 'app-2',
        clientHost: '/10.0.0.6',
        processId: 'process-2',
        userEndpoint: null,
        assignment: noTasks,
        targetAssignment: noTasks,
        isClassic: true,
      },
    ],
  };

  /** Version 1 also decodes the group's assignor (`--state` shows it). */
  const withAssignor = <T extends object>(version: number, group: T, assignorName: string | null): T =>
    version >= 1 ? { ...group, assignorName } : group;

  for (const version of [0, 1]) {
    it(`a v${version} response: topology names, members, their tasks; offsets, tags and configs skipped`, () => {
      assert.deepEqual(parseBytes(parseResponse, API_KEY, version, response(version, 'none')), {
        groups: [withAssignor(version, decodedWordsApp, 'sticky')],
      });
    });

    it(`a v${version} group error code: the ResponseError carries the decoded response (topology null)`, () => {
      const error = responseErrorOf(() => parseBytes(parseResponse, API_KEY, version, response(version, 'missing')));
      assert.deepEqual(errorPaths(error), [['/groups/1', 'GROUP_ID_NOT_FOUND']]);
      assert.deepEqual(responseOf(error), {
        groups: [
          withAssignor(version, decodedWordsApp, 'sticky'),
          withAssignor(
            version,
            {
              errorCode: 69,
              errorMessage: 'Group words-x not found.',
              groupId: 'words-x',
              groupState: 'Dead',
              groupEpoch: -1,
              targetAssignmentEpoch: -1,
              topology: null,
              members: [],
            },
            null,
          ),
        ],
      });
    });

    it(`a truncated or overlong v${version} response is refused`, () => {
      assertTruncationsRefused(
        (bytes) => parseBytes(parseResponse, API_KEY, version, bytes),
        response(version, 'missing'),
      );
    });
  }

  it('a topology without subtopologies (uninitialized) keeps them null', () => {
    const decoded = parseBytes(parseResponse, API_KEY, 0, response(0, 'none', 'null'));
    assert.deepEqual(decoded.groups[0].topology, { epoch: 4, subtopologies: null });
  });

  it('the v1 fields are not read from v0 bytes, nor missing from v1 bytes', () => {
    assert.throws(() => parseBytes(parseResponse, API_KEY, 0, response(1, 'none')), MalformedResponseError);
    assert.throws(() => parseBytes(parseResponse, API_KEY, 1, response(0, 'none')), MalformedResponseError);
  });

  it('the API values send key 89 at their version', async () => {
    for (const api of [streamsGroupDescribeV0, streamsGroupDescribeV1]) {
      const { sent, result } = await sendOnFakeConnection(api, [['s']], response(api.version, 'none'));
      assert.deepEqual(
        [sent.apiKey, sent.apiVersion, sent.body],
        [89, api.version, createRequest(api.version, ['s']).buffer],
      );
      assert.deepEqual(result.groups, [withAssignor(api.version, decodedWordsApp, 'sticky')]);
    }
  });
});
