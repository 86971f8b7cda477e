// The describe table's rules, checked against what Kafka's consumer group command does: row order,
// `-` for unknown values, lag, members without partitions, committed-but-unassigned partitions, layout.

import * as assert from 'node:assert/strict';
import {
  buildDescribeRows,
  formatDescribeTable,
  lagOf,
  normalizeGroupState,
  parseDescribeTable,
  stateNotice,
  toDescribeJson,
} from '../../src/kafka/describeRows';
import type { GroupMember, TopicPartition } from '../../src/kafka/kafkaModel';
import { partitionKeyOf } from '../../src/common/topicPartition';

function member(memberId: string, partitions: TopicPartition[]): GroupMember {
  return {
    memberId,
    groupInstanceId: null,
    clientId: `client-${memberId}`,
    host: '/127.0.0.1',
    assignedPartitions: partitions,
    targetPartitions: null,
    memberEpoch: null,
  };
}

function committed(entries: [string, number, number | null][]) {
  return new Map(
    entries.map(([topic, partition, offset]) => [partitionKeyOf(topic, partition), { topic, partition, offset }]),
  );
}

function ends(entries: [string, number, number | null][]) {
  return new Map(entries.map(([topic, partition, offset]) => [partitionKeyOf(topic, partition), offset]));
}

describe('describe rows', () => {
  it('lag is log end − committed, unknown without either (and for the "no offset" value −1)', () => {
    assert.equal(lagOf(3, 10), 7);
    assert.equal(lagOf(10, 10), 0);
    assert.equal(lagOf(null, 10), null);
    assert.equal(lagOf(-1, 10), null);
    assert.equal(lagOf(4, null), null);
  });

  it('orders members by partition count (ties keep broker order), then unassigned committed partitions', () => {
    const members = [
      member('m-small', [{ topic: 'orders', partition: 3 }]),
      member('m-none', []),
      member('m-big', [
        { topic: 'orders', partition: 2 },
        { topic: 'audit', partition: 0 },
        { topic: 'orders', partition: 0 },
      ]),
      member('m-small-2', [{ topic: 'orders', partition: 1 }]),
    ];
    const rows = buildDescribeRows(
      members,
      committed([
        ['orders', 0, 5],
        ['payments', 1, 2],
        ['payments', 0, 7],
        ['orders', 3, 1],
      ]),
      ends([
        ['orders', 0, 9],
        ['orders', 1, 4],
        ['orders', 2, 0],
        ['orders', 3, 1],
        ['audit', 0, 12],
        ['payments', 0, 7],
        ['payments', 1, 8],
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag, r.consumerId]),
      [
        ['audit', 0, null, 12, null, 'm-big'],
        ['orders', 0, 5, 9, 4, 'm-big'],
        ['orders', 2, null, 0, null, 'm-big'],
        ['orders', 3, 1, 1, 0, 'm-small'],
        ['orders', 1, null, 4, null, 'm-small-2'],
        ['payments', 0, 7, 7, 0, null],
        ['payments', 1, 2, 8, 6, null],
      ],
    );
    assert.ok(!rows.some((r) => r.consumerId === 'm-none'), 'a member without partitions gives no row');
    const unassigned = rows.filter((r) => r.consumerId === null);
    assert.ok(unassigned.every((r) => r.host === null && r.clientId === null));
  });

  it('a partition without a leader has no log-end offset and no lag', () => {
    const rows = buildDescribeRows([member('m', [{ topic: 't', partition: 0 }])], committed([['t', 0, 3]]), ends([]));
    assert.deepEqual([rows[0].currentOffset, rows[0].logEndOffset, rows[0].lag], [3, null, null]);
  });

  it('prints the table as the tool does: blank line, header, 15-wide columns, `-` for null', () => {
    const rows = buildDescribeRows(
      [member('consumer-1-0123456789abcdef', [{ topic: 'orders', partition: 0 }])],
      committed([['payments', 0, 2]]),
      ends([
        ['orders', 0, 3],
        ['payments', 0, 5],
      ]),
    );
    const text = formatDescribeTable('g1', rows);
    const expected = [
      '',
      'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                 HOST            CLIENT-ID',
      'g1              orders          0          -               3               -               consumer-1-0123456789abcdef /127.0.0.1      client-consumer-1-0123456789abcdef',
      'g1              payments        0          2               5               3               -                           -               -',
      '',
    ].join('\n');
    assert.equal(text, expected);
    assert.deepEqual(parseDescribeTable(text), [
      [
        'g1',
        'orders',
        '0',
        '-',
        '3',
        '-',
        'consumer-1-0123456789abcdef',
        '/127.0.0.1',
        'client-consumer-1-0123456789abcdef',
      ],
      ['g1', 'payments', '0', '2', '5', '3', '-', '-', '-'],
    ]);
    assert.equal(formatDescribeTable('g1', []), '');
  });

  it('says what the tool says about Empty and rebalancing groups', () => {
    assert.equal(stateNotice('g', 'Empty'), "Consumer group 'g' has no active members.");
    assert.equal(stateNotice('g', 'Reconciling'), "Warning: Consumer group 'g' is rebalancing.");
    assert.equal(stateNotice('g', 'PreparingRebalance'), "Warning: Consumer group 'g' is rebalancing.");
    assert.equal(stateNotice('g', 'Stable'), null);
  });

  it('normalizes state spellings and keeps the JSON keys in the contract order', () => {
    assert.equal(normalizeGroupState('STABLE'), 'Stable');
    assert.equal(normalizeGroupState('preparing_rebalance'), 'PreparingRebalance');
    assert.equal(normalizeGroupState('Odd'), 'Odd');
    const json = toDescribeJson({
      groupId: 'g',
      state: 'Stable',
      protocol: 'consumer',
      coordinator: 'h:1',
      members: [],
      rows: buildDescribeRows([], committed([['t', 0, 1]]), ends([['t', 0, 4]])),
    });
    assert.deepEqual(Object.keys(json), ['group', 'type', 'protocol', 'state', 'partitions']);
    assert.equal(json.type, 'consumer');
    assert.equal(json.protocol, 'consumer', "Kafka's PROTOCOL column, as list shows it");
    assert.deepEqual(Object.keys(json.partitions[0]), [
      'topic',
      'partition',
      'currentOffset',
      'logEndOffset',
      'lag',
      'consumerId',
      'host',
      'clientId',
    ]);
    assert.equal(json.partitions[0].lag, 3);
  });
});
