// Time lag as the age of the oldest unread record: which partitions are asked for, the age from the
// fetch's answer (caught up, unknown with its reason), the group's oldest, and how the tree and the
// panel label it apart from the rate estimate.

import * as assert from 'node:assert/strict';
import type { ConsumerGroupDescription } from '../../src/kafka/kafkaModel';
import type { RecordTimestamp } from '../../src/kafka/recordTimestamps';
import { groupSummary } from '../../src/liveGroups/groupEntry';
import { readGroupExtras } from '../../src/liveGroups/groupExtras';
import { addSample, groupSnapshot } from '../../src/liveGroups/groupSnapshot';
import { partitionTreeRows } from '../../src/liveGroups/groupTreeRows';
import {
  groupRecordAge,
  groupRecordAgeTooltip,
  recordAges,
  recordAgeTargets,
  recordAgeTooltip,
} from '../../src/liveGroups/timeLag';

const row = (partition: number, currentOffset: number | null, logEndOffset: number) => ({
  topic: 'orders',
  partition,
  currentOffset,
  logEndOffset,
  lag: currentOffset === null ? null : logEndOffset - currentOffset,
  consumerId: null,
  host: null,
  clientId: null,
});

const group: ConsumerGroupDescription = {
  type: 'classic',
  groupId: 'g',
  state: 'Empty',
  protocol: 'classic',
  coordinator: 'h:1',
  members: [],
  rows: [row(0, 3, 10), row(1, 5, 5), row(2, null, 4), row(3, 1, 9), row(4, 2, 8)],
};

describe('time lag: the age of the oldest unread record', () => {
  it('asks only for partitions with a commit below the log end, at the committed offset', () => {
    assert.deepEqual(recordAgeTargets(group), [
      { topic: 'orders', partition: 0, offset: 3 },
      { topic: 'orders', partition: 3, offset: 1 },
      { topic: 'orders', partition: 4, offset: 2 },
    ]);
  });

  it('ages from the record timestamps; caught up is 0 s; every unknown says why', () => {
    const answers = new Map<string, RecordTimestamp>([
      ['orders-0', { kind: 'record', offset: 3, timestampMs: 40_000, timestampType: 'create' }],
      ['orders-3', { kind: 'out-of-range', logStartOffset: null }],
      ['orders-4', { kind: 'record', offset: 2, timestampMs: 100_000, timestampType: 'log-append' }],
    ]);
    const ages = recordAges(group, answers, 160_000);
    assert.deepEqual(ages.get('orders-0'), { kind: 'age', ageMs: 120_000, offset: 3, timestampMs: 40_000 });
    assert.deepEqual(ages.get('orders-1'), { kind: 'caught-up' });
    assert.deepEqual(ages.get('orders-2'), { kind: 'unknown', reason: 'no committed offset' });
    assert.match(recordAgeTooltip(ages.get('orders-3')!), /below the log start: those records are gone$/);
    assert.deepEqual(groupRecordAge(ages), { ageMs: 120_000, partition: 'orders-0' });
    assert.match(
      groupRecordAgeTooltip(ages) ?? '',
      /^Time lag \(record age\): 2 min 0 s, the oldest unread record being on orders-0 \(age of the record at the committed offset/,
    );

    const [first, second] = partitionTreeRows(group, undefined, undefined, ages);
    assert.equal(first.description, 'committed 3 · end 10 · lag 7 (2 min 0 s)');
    assert.match(
      first.tooltip,
      /Time lag \(record age\): 2 min 0 s: the record at the committed offset 3 was written at 1970-01-01T00:00:40\.000Z/,
    );
    assert.equal(second.description, 'committed 5 · end 5 · lag 0');
    assert.equal(
      groupSummary({
        cluster: 'c',
        listing: { groupId: 'g', state: 'Empty', type: 'classic', protocolType: 'consumer' },
        description: group,
        recordAges: ages,
      }),
      'Empty · classic · 0 members · lag 21 + 1 unknown · oldest unread 2 min 0 s',
    );
  });

  it('the panel shows both time lags, each labelled with its method', () => {
    const ages = recordAges(
      group,
      new Map([['orders-0', { kind: 'record', offset: 3, timestampMs: 1000, timestampType: 'create' }]]),
      6000,
    );
    const snapshot = groupSnapshot('c', group, addSample([], group, 6000), 10, ages);
    assert.equal(snapshot.recordAge.text, '5 s (oldest unread record: orders-0)');
    assert.match(snapshot.recordAge.method, /klag-exporter/);
    assert.equal(snapshot.estimate.kind, 'unknown', 'one sample: no rate yet');
    const none = groupSnapshot('c', group, addSample([], group, 6000), 10);
    assert.equal(none.recordAge.text, 'not known');
  });
  it('the extras of a refresh: timestamps for lagging partitions and the commit log, read at once, each failure kept apart', async () => {
    const asked: string[] = [];
    const inspector = {
      recordTimestamps: async (targets: readonly { partition: number }[]) => {
        asked.push(`timestamps ${targets.map((t) => t.partition).join(',')}`);
        return new Map<string, RecordTimestamp>([['orders-0', { kind: 'none' }]]);
      },
      groupCommits: async (groupId: string) => {
        asked.push(`commits ${groupId}`);
        throw new Error('__consumer_offsets cannot be read: TOPIC_AUTHORIZATION_FAILED');
      },
    } as unknown as Parameters<typeof readGroupExtras>[0];
    const whats: string[] = [];
    const extras = await readGroupExtras(inspector, group, (operation, what) => {
      whats.push(what);
      return operation;
    });
    assert.deepEqual(asked.sort(), ['commits g', 'timestamps 0,3,4']);
    assert.deepEqual(whats.sort(), ['reading __consumer_offsets', 'reading record timestamps']);
    assert.deepEqual([...(extras.timestamps ?? new Map()).keys()], ['orders-0']);
    assert.equal(extras.commitLog, undefined);
    assert.match(String(extras.commitLogError), /TOPIC_AUTHORIZATION_FAILED/);
    assert.equal(extras.timestampsError, undefined);
    const none = await readGroupExtras(inspector, { ...group, rows: [] }, (operation) => operation);
    assert.deepEqual(none, {}, 'no partitions: nothing to read');
  });
});
