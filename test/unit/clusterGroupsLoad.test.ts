// One refresh of the Clusters tree (src/liveGroups/clusterGroupsLoad.ts) with an inspector written
// here: the listing is handed over before any describe, every group is described in one batch call,
// a group's error stays on that group, Burrow is fed, and the extras are read per group only while
// the cluster has few groups.

import * as assert from 'node:assert/strict';
import type { KafkaInspector } from '../../src/kafka/kafkaInspector';
import type { AnyGroupDescription, GroupListing } from '../../src/kafka/kafkaModel';
import { BurrowTracker } from '../../src/liveGroups/burrowTracker';
import { extrasGroupLimit, loadClusterGroups } from '../../src/liveGroups/clusterGroupsLoad';
import type { GroupEntry } from '../../src/liveGroups/groupEntry';

function listing(groupId: string, type: GroupListing['type'] = 'classic', protocolType = 'consumer'): GroupListing {
  return { groupId, state: 'Stable', type, protocolType };
}

function description(groupId: string): AnyGroupDescription {
  return {
    type: 'classic',
    groupId,
    state: 'Stable',
    protocol: 'classic',
    coordinator: '127.0.0.1:9092',
    members: [],
    rows: [
      {
        topic: 'orders',
        partition: 0,
        currentOffset: 3,
        logEndOffset: 10,
        lag: 7,
        consumerId: null,
        host: null,
        clientId: null,
      },
    ],
  };
}

type Inspector = Pick<KafkaInspector, 'listGroups' | 'describeGroups' | 'recordTimestamps' | 'groupCommits'>;

/** An inspector over `listings` that counts its calls; `failing` groups' describes fail. */
function inspectorOf(listings: GroupListing[], failing: ReadonlySet<string> = new Set()) {
  const calls = { describeGroups: 0, described: [] as string[], recordTimestamps: 0, groupCommits: 0 };
  const inspector: Inspector = {
    listGroups: () => Promise.resolve(listings),
    describeGroups: (asked) => {
      calls.describeGroups++;
      calls.described.push(...asked.map((l) => l.groupId));
      return Promise.resolve(
        new Map(
          asked.map((l) => [
            l.groupId,
            failing.has(l.groupId) ? new Error(`cannot describe ${l.groupId}`) : description(l.groupId),
          ]),
        ),
      );
    },
    recordTimestamps: () => {
      calls.recordTimestamps++;
      return Promise.resolve(new Map());
    },
    groupCommits: (groupId) => {
      calls.groupCommits++;
      return Promise.resolve({ groupId, partition: 0, commits: new Map(), complete: true } as never);
    },
  };
  return { inspector, calls };
}

const within = <T>(operation: Promise<T>): Promise<T> => operation;

describe('a refresh of the Clusters tree', () => {
  it('hands over the listing first, then describes every group in one call; errors stay on their group', async () => {
    const listings = [listing('a'), listing('b'), listing('connect-cluster', 'classic', 'connect'), listing('c')];
    const { inspector, calls } = inspectorOf(listings, new Set(['b']));
    let listed: readonly GroupEntry[] = [];
    const entries = await loadClusterGroups(inspector, 'local', new BurrowTracker(), within, {
      onListed: (early) => {
        listed = early;
        assert.equal(calls.describeGroups, 0, 'handed over before any describe');
      },
      warn: () => undefined,
      commitLogProblem: () => undefined,
    });
    assert.deepEqual(
      listed.map((e) => [e.listing.groupId, e.describing ?? false]),
      [
        ['a', true],
        ['b', true],
        ['connect-cluster', false],
        ['c', true],
      ],
    );
    assert.equal(calls.describeGroups, 1);
    assert.deepEqual(calls.described, ['a', 'b', 'c'], 'a Connect group has no offsets to describe');
    assert.deepEqual(
      entries.map((e) => [e.listing.groupId, e.description?.rows.length ?? null, e.error ?? null]),
      [
        ['a', 1, null],
        ['b', null, 'cannot describe b'],
        ['connect-cluster', null, null],
        ['c', 1, null],
      ],
    );
    assert.ok(entries[0].burrow, 'Burrow was fed');
    assert.equal(calls.groupCommits, 3 - 1, 'few groups: each described group reads its commit log');
  });

  it(`over ${extrasGroupLimit} groups: one describe call, no extras read per group`, async () => {
    const listings = Array.from({ length: 10_000 }, (_, i) => listing(`group-${String(i).padStart(5, '0')}`));
    const { inspector, calls } = inspectorOf(listings);
    const entries = await loadClusterGroups(inspector, 'big', new BurrowTracker(), within, {
      warn: () => undefined,
      commitLogProblem: () => undefined,
    });
    assert.equal(entries.length, 10_000);
    assert.ok(entries.every((e) => e.description !== undefined));
    assert.equal(calls.describeGroups, 1);
    assert.equal(calls.groupCommits, 0);
    assert.equal(calls.recordTimestamps, 0);
    assert.ok(entries.every((e) => e.burrow === undefined || e.burrow.source === 'samples'));
  });

  it('a listing that fails fails the refresh (the tree shows the cluster error)', async () => {
    const inspector: Inspector = {
      ...inspectorOf([]).inspector,
      listGroups: () => Promise.reject(new Error('cannot reach bootstrap servers x:1 (connection refused)')),
    };
    await assert.rejects(
      loadClusterGroups(inspector, 'down', new BurrowTracker(), within, {
        warn: () => undefined,
        commitLogProblem: () => undefined,
      }),
      /connection refused/,
    );
  });
});
