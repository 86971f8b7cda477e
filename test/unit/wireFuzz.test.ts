// The wire path's decoders fuzzed (fast-check, fixed seed): random bytes, and valid answers with bytes
// flipped, cut or added, as a broken broker or a hostile proxy could send them. Each decoder answers,
// or refuses with MalformedWireResponse (or hands over with WireFallback); nothing else is thrown
// (no RangeError, no TypeError), so the CLI always ends with one line. 18,000 inputs in all.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeConsumerProtocolAssignment } from '@platformatic/kafka';
import { assignedPartitionsOf, MalformedAssignmentError } from '../../src/kafka/consumerProtocolAssignment';
import { apiVersions, listOffsets, topicsMetadata } from '../../src/kafka/wire/clusterApis';
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

const seed = 0x5eed;
const runs = 1000;

/** A connection that answers every request with `body`. */
function answering(body: Uint8Array): WireConnection {
  return {
    send: () => Promise.resolve(new WireReader(Buffer.from(body))),
  } as unknown as WireConnection;
}

/** Valid answers to start mutations from (written with our own writer: only their shape matters here). */
const valid = {
  apiVersions: new WireWriter()
    .int16(0)
    .compactArray([18, 3, 10], (key, w) => w.int16(key).int16(0).int16(9).noTags())
    .int32(0)
    .noTags()
    .bytes(),
  findCoordinator: new WireWriter()
    .int32(0)
    .compactArray(['g'], (key, w) =>
      w.compactString(key).int32(1).compactString('h').int32(9092).int16(0).compactString(null).noTags(),
    )
    .noTags()
    .bytes(),
  offsetFetch: new WireWriter()
    .int32(0)
    .compactArray(['g'], (group, w) =>
      w
        .compactString(group)
        .compactArray(['t'], (topic, t) =>
          t
            .compactString(topic)
            .compactArray([0, 1], (p, x) => x.int32(p).int64(5n).int32(-1).compactString(null).int16(0).noTags())
            .noTags(),
        )
        .int16(0)
        .noTags(),
    )
    .noTags()
    .bytes(),
  listOffsets: new WireWriter()
    .int32(0)
    .compactArray(['t'], (topic, w) =>
      w
        .compactString(topic)
        .compactArray([0, 1], (p, x) => x.int32(p).int16(0).int64(-1n).int64(7n).int32(0).noTags())
        .noTags(),
    )
    .noTags()
    .bytes(),
  listGroups: new WireWriter()
    .int32(0)
    .int16(0)
    .compactArray(['a', 'b'], (id, w) =>
      w.compactString(id).compactString('consumer').compactString('Stable').compactString('Classic').noTags(),
    )
    .noTags()
    .bytes(),
};

/** The decoders, each fed an answer. */
const decoders: [string, (c: WireConnection) => Promise<unknown>, Buffer][] = [
  ['ApiVersions', apiVersions, valid.apiVersions],
  ['FindCoordinator', (c) => findCoordinators(c, ['g']), valid.findCoordinator],
  ['DescribeGroups', (c) => describeClassicGroups(c, ['g']), valid.listGroups],
  ['ConsumerGroupDescribe', (c) => describeConsumerGroups(c, ['g']), valid.findCoordinator],
  ['OffsetFetch', (c) => fetchCommittedOffsets(c, ['g']), valid.offsetFetch],
  ['Metadata', (c) => topicsMetadata(c, ['t']), valid.listOffsets],
  ['ListOffsets', (c) => listOffsets(c, 7, -1n, new Map([['t', [0, 1]]])), valid.listOffsets],
  ['ListGroups', listBrokerGroups, valid.listGroups],
];

/** Answers, or a refusal of our own; anything else fails the property. */
async function answersOrRefuses(decode: (c: WireConnection) => Promise<unknown>, body: Uint8Array): Promise<void> {
  try {
    await decode(answering(body));
  } catch (error) {
    assert.ok(
      error instanceof MalformedWireResponse || error instanceof WireFallback,
      `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    assert.ok(!/[\r\n]/.test((error as Error).message), 'a one-line message');
  }
}

/** `bytes` with some bytes flipped, cut or added. */
const mutated = (bytes: Buffer): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.nat(bytes.length),
      fc.uint8Array({ maxLength: 8 }),
    )
    .map(([flips, cut, extra]) => {
      const copy = Buffer.from(bytes);
      for (const [at, value] of flips) copy[at] = value;
      return Buffer.concat([copy.subarray(0, cut), extra]);
    });

describe('wire protocol, fuzzed: every answer is decoded or refused with a message', () => {
  for (const [name, decode, sample] of decoders) {
    it(`${name}: random bytes and mutated answers`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), (bytes) => answersOrRefuses(decode, bytes)),
        { seed, numRuns: runs },
      );
      await fc.assert(
        fc.asyncProperty(mutated(sample), (bytes) => answersOrRefuses(decode, bytes)),
        { seed, numRuns: runs },
      );
    });
  }

  it('a classic member assignment: decoded or refused, never thrown otherwise', () => {
    const sample = encodeConsumerProtocolAssignment({
      version: 1,
      assignedPartitions: [
        { topic: 'orders', partitions: [0, 1] },
        { topic: 'refunds', partitions: [3] },
      ],
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated(sample)), (bytes) => {
        try {
          const partitions = assignedPartitionsOf(Buffer.from(bytes));
          assert.ok(Array.isArray(partitions));
        } catch (error) {
          assert.ok(error instanceof MalformedAssignmentError, String(error));
        }
      }),
      { seed, numRuns: 2 * runs },
    );
  });
});
