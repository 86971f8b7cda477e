// The batched describe over the wire with a session written here (no broker): a coordinator that keeps
// loading gives its groups "not available" once the session's retry time is over, while the other
// groups are described; a coordinator that cannot be reached is asked again, then named.

import * as assert from 'node:assert/strict';
import { isKafkaOperationError } from '../../src/kafka/kafkaErrors';
import type { GroupDescription } from '../../src/kafka/kafkaModel';
import type { WireConnection } from '../../src/kafka/wire/wireConnection';
import { describeGroupsOverWire } from '../../src/kafka/wire/wireGroupDescribe';
import { WireReader } from '../../src/kafka/wire/wireReader';
import type { WireSession } from '../../src/kafka/wire/wireSession';
import { WireWriter } from '../../src/kafka/wire/wireWriter';

const keys = { listOffsets: 2, metadata: 3, offsetFetch: 9, findCoordinator: 10, describeGroups: 15 };

/** The groups a request names (compact array of compact strings at the start of the body). */
function groupsAsked(body: Buffer, skip = 0): string[] {
  const r = new WireReader(body, skip);
  const ids: string[] = [];
  for (let n = r.compactArrayLength(), i = 0; i < n; i++) ids.push(r.compactString());
  return ids;
}

/** A broker written here: `loading` groups' coordinator keeps loading; the others are Empty with one offset. */
function fakeBroker(loading: ReadonlySet<string>, refused = false): WireConnection {
  const answer = (apiKey: number, body: Buffer): Buffer => {
    const w = new WireWriter();
    switch (apiKey) {
      case keys.findCoordinator: {
        const ids = groupsAsked(body, 1);
        w.int32(0).compactArray(ids, (id) =>
          w
            .compactString(id)
            .int32(1)
            .compactString('127.0.0.1')
            .int32(9092)
            .int16(loading.has(id) ? 15 : 0)
            .compactString(null)
            .noTags(),
        );
        return w.noTags().bytes();
      }
      case keys.describeGroups: {
        const ids = groupsAsked(body);
        w.int32(0).compactArray(ids, (id) =>
          w
            .int16(0)
            .compactString(id)
            .compactString('Empty')
            .compactString('consumer')
            .compactString('')
            .compactArray([], () => undefined)
            .int32(0)
            .noTags(),
        );
        return w.noTags().bytes();
      }
      case keys.offsetFetch: {
        const r = new WireReader(body);
        const ids: string[] = [];
        for (let n = r.compactArrayLength(), i = 0; i < n; i++) {
          ids.push(r.compactString());
          r.compactArrayLength();
          r.skipTags();
        }
        w.int32(0).compactArray(ids, (id) =>
          w
            .compactString(id)
            .compactArray(['orders'], (t) =>
              w
                .compactString(t)
                .compactArray([0], (p) => w.int32(p).int64(3n).int32(-1).compactString(null).int16(0).noTags())
                .noTags(),
            )
            .int16(0)
            .noTags(),
        );
        return w.noTags().bytes();
      }
      case keys.metadata:
        return w
          .int32(0)
          .compactArray([1], (id) => w.int32(id).compactString('127.0.0.1').int32(9092).compactString(null).noTags())
          .compactString('c')
          .int32(1)
          .compactArray(['orders'], (t) =>
            w
              .int16(0)
              .compactString(t)
              .zeroUuid()
              .bool(false)
              .compactArray([0], (p) =>
                w
                  .int16(0)
                  .int32(p)
                  .int32(1)
                  .int32(0)
                  .compactArray([1], (x) => w.int32(x))
                  .compactArray([1], (x) => w.int32(x))
                  .compactArray([], () => undefined)
                  .noTags(),
              )
              .int32(0)
              .noTags(),
          )
          .noTags()
          .bytes();
      case keys.listOffsets:
        return w
          .int32(0)
          .compactArray(['orders'], (t) =>
            w
              .compactString(t)
              .compactArray([0], (p) => w.int32(p).int16(0).int64(-1n).int64(10n).int32(0).noTags())
              .noTags(),
          )
          .noTags()
          .bytes();
      default:
        throw new Error(`no answer for API ${apiKey}`);
    }
  };
  return {
    broken: false,
    send(apiKey: number, _version: number, writeBody: (w: WireWriter) => void): Promise<WireReader> {
      const body = new WireWriter();
      writeBody(body);
      if (refused && apiKey === keys.describeGroups) {
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      }
      return Promise.resolve(new WireReader(Buffer.from(answer(apiKey, Buffer.from(body.bytes())))));
    },
  } as unknown as WireConnection;
}

function session(connection: WireConnection, retryMs: number): WireSession {
  return {
    bootstrap: connection,
    retryUntil: Date.now() + retryMs,
    require: () => undefined,
    speaks: (apiKey: number) => apiKey !== 69, // no KIP-848 groups on this broker
    version: (_apiKey: number, min: number) => min,
    connectionTo: () => Promise.resolve(connection),
  } as unknown as WireSession;
}

describe('the batched describe over the wire (a session written here)', () => {
  it('a coordinator that keeps loading: its group is "not available" in time, the others are described', async () => {
    const started = Date.now();
    const outcomes = await describeGroupsOverWire(session(fakeBroker(new Set(['stuck'])), 400), { step: '' }, [
      { groupId: 'a', type: 'classic' },
      { groupId: 'stuck', type: 'classic' },
      { groupId: 'b', type: 'classic' },
    ]);
    assert.ok(Date.now() - started < 1500, 'ends at the session retry time, not at a deadline');
    for (const id of ['a', 'b']) {
      const d = outcomes.get(id) as GroupDescription;
      assert.equal(d.state, 'Empty', id);
      assert.deepEqual(
        d.rows.map((r) => [r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag]),
        [['orders', 0, 3, 10, 7]],
      );
    }
    const stuck = outcomes.get('stuck');
    assert.ok(isKafkaOperationError(stuck), String(stuck));
    assert.equal(
      stuck.message,
      'the group coordinator is not available while describing group "stuck" (it is loading or moving)',
    );
  });

  it('a coordinator that cannot be reached: asked again, then named with the reason', async () => {
    const outcomes = await describeGroupsOverWire(session(fakeBroker(new Set(), true), 300), { step: '' }, [
      { groupId: 'a', type: 'classic' },
    ]);
    const a = outcomes.get('a');
    assert.ok(isKafkaOperationError(a), String(a));
    assert.equal(a.kind, 'brokerDisconnected');
    assert.equal(a.message, 'cannot connect to the group coordinator 127.0.0.1:9092 (connection refused)');
  });
});
