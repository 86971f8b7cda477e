// Groups of every type in plain Node: the list as kafka-groups prints it, share and streams rows with
// their rules (share start offsets and broker lag, streams' lag without a commit), the tables of the
// share, streams and consumer group tools (--members, --state), the Clusters view's lines and lag rules,
// and Burrow-like statuses from the view's samples.

import * as assert from 'node:assert/strict';
import { partitionKeyOf } from '../../src/common/topicPartition';
import type { ShareOffsetsGroup } from '../../src/kafka/groupApis/describeShareGroupOffsets';
import type {
  ConsumerGroupDescription,
  ShareGroupDescription,
  StreamsGroupDescription,
  StreamsGroupMember,
} from '../../src/kafka/kafkaModel';
import { shareDescribeRows } from '../../src/kafka/shareGroupDescribe';
import { activeTaskPartitions, streamsDescribeRows } from '../../src/kafka/streamsGroupDescribe';
import { formatConsumerMembers, formatConsumerState } from '../../src/kafka/tables/consumerGroupTables';
import { formatGroupList, toGroupListJson } from '../../src/kafka/tables/groupListTable';
import { formatShareMembers, formatShareOffsets, formatShareState } from '../../src/kafka/tables/shareGroupTables';
import {
  formatStreamsMembers,
  formatStreamsOffsets,
  formatStreamsState,
} from '../../src/kafka/tables/streamsGroupTables';
import { BurrowTracker } from '../../src/liveGroups/burrowTracker';
import { groupSummary, isDescribableListing } from '../../src/liveGroups/groupEntry';
import { addSample, groupSnapshot } from '../../src/liveGroups/groupSnapshot';
import { consumerLagRule, memberTreeRows, partitionTreeRows } from '../../src/liveGroups/groupTreeRows';

const share: ShareGroupDescription = {
  type: 'share',
  groupId: 'sg',
  state: 'Stable',
  coordinator: '127.0.0.1:9092',
  coordinatorId: 1,
  groupEpoch: 5,
  assignmentEpoch: 5,
  assignor: 'simple',
  members: [
    {
      memberId: 'm1',
      rackId: null,
      memberEpoch: 5,
      clientId: 'console-share-consumer',
      host: '/127.0.0.1',
      subscribedTopics: ['t'],
      assignedPartitions: [
        { topic: 't', partition: 1 },
        { topic: 't', partition: 0 },
      ],
    },
  ],
  rows: [
    { topic: 't', partition: 0, startOffset: 5, leaderEpoch: 0, lag: 15 },
    { topic: 't', partition: 1, startOffset: null, leaderEpoch: null, lag: null },
  ],
};

const streamsMember: StreamsGroupMember = {
  memberId: 'dw26',
  memberEpoch: 3,
  instanceId: null,
  rackId: null,
  clientId: 'app-StreamThread-1-consumer',
  host: '/127.0.0.1',
  processId: 'e40e',
  isClassic: false,
  assignment: {
    active: [
      { subtopologyId: '0', partitions: [0, 1] },
      { subtopologyId: '1', partitions: [0, 1] },
    ],
    standby: [],
    warmup: [],
  },
  targetAssignment: {
    active: [
      { subtopologyId: '0', partitions: [0, 1] },
      { subtopologyId: '1', partitions: [0, 1] },
    ],
    standby: [],
    warmup: [],
  },
};

describe('Groups of every type', () => {
  it('lists groups as kafka-groups --list: GROUP TYPE PROTOCOL, columns at least 20 wide, each cell then a space', () => {
    const groups = [
      { groupId: 'cg', state: 'Stable', type: 'consumer' as const, protocolType: 'consumer' },
      { groupId: 'sg1', state: 'Empty', type: 'share' as const, protocolType: 'share' },
      { groupId: 'app1', state: 'Stable', type: 'streams' as const, protocolType: 'streams' },
    ];
    assert.equal(
      formatGroupList(groups),
      [
        'GROUP                TYPE                 PROTOCOL            ',
        'cg                   Consumer             consumer             ',
        'sg1                  Share                share                ',
        'app1                 Streams              streams              ',
        '',
      ].join('\n'),
    );
    assert.deepEqual(toGroupListJson(groups).groups[1], {
      group: 'sg1',
      type: 'share',
      protocol: 'share',
      state: 'Empty',
    });
  });

  it('share rows: start offset and lag as the broker sends them, -1 as "-", sorted, per-partition errors unknown', () => {
    const answer: ShareOffsetsGroup = {
      groupId: 'sg',
      errorCode: 0,
      errorMessage: null,
      topics: [
        {
          topicName: 't',
          partitions: [
            { partitionIndex: 1, startOffset: -1n, leaderEpoch: -1, lag: -1n, errorCode: 0, errorMessage: null },
            { partitionIndex: 0, startOffset: 5n, leaderEpoch: 0, lag: 15n, errorCode: 0, errorMessage: null },
            { partitionIndex: 2, startOffset: 9n, leaderEpoch: 0, lag: 1n, errorCode: 6, errorMessage: 'not leader' },
          ],
        },
      ],
    };
    assert.deepEqual(shareDescribeRows(answer), [
      { topic: 't', partition: 0, startOffset: 5, leaderEpoch: 0, lag: 15 },
      { topic: 't', partition: 1, startOffset: null, leaderEpoch: null, lag: null },
      { topic: 't', partition: 2, startOffset: null, leaderEpoch: null, lag: null },
    ]);
  });

  it('share tables as kafka-share-groups prints them', () => {
    assert.equal(
      formatShareOffsets(share, false),
      [
        '',
        'GROUP           TOPIC           PARTITION  START-OFFSET  LAG',
        'sg              t               0          5             15',
        'sg              t               1          -             -',
        '',
      ].join('\n'),
    );
    assert.match(
      formatShareOffsets(share, true),
      /PARTITION  LEADER-EPOCH  START-OFFSET  LAG\nsg {14}t {15}0 {10}0 {13}5 {13}15/,
    );
    assert.equal(
      formatShareMembers(share, false).split('\n')[2],
      'sg              m1              /127.0.0.1      console-share-consumer 2            t:0,1',
    );
    assert.equal(
      formatShareState(share, true).split('\n')[2],
      'sg              127.0.0.1:9092  (1)       Stable          5            5                 1',
    );
  });

  it('streams: the partitions of active tasks (source and repartition topics), and the tool’s lag rule', () => {
    const partitions = activeTaskPartitions(
      [streamsMember],
      [
        { subtopologyId: '0', sourceTopics: ['words'], repartitionSourceTopics: [] },
        { subtopologyId: '1', sourceTopics: [], repartitionSourceTopics: ['app-repartition'] },
      ],
    );
    assert.deepEqual(
      partitions.map((p) => partitionKeyOf(p.topic, p.partition)),
      ['app-repartition-0', 'app-repartition-1', 'words-0', 'words-1'],
    );
    const committed = new Map([[partitionKeyOf('words', 0), { topic: 'words', partition: 0, offset: 4 }]]);
    const start = new Map([
      [partitionKeyOf('words', 1), 2],
      [partitionKeyOf('app-repartition-0'.slice(0, -2), 0), 0],
    ]);
    const end = new Map([
      [partitionKeyOf('words', 0), 10],
      [partitionKeyOf('words', 1), 7],
      [partitionKeyOf('app-repartition', 0), null],
    ]);
    const rows = streamsDescribeRows(partitions, committed, new Map([[partitionKeyOf('words', 0), 0]]), start, end);
    const byKey = new Map(rows.map((r) => [partitionKeyOf(r.topic, r.partition), r]));
    assert.deepEqual(
      [byKey.get('words-0')?.lag, byKey.get('words-0')?.lagRule, byKey.get('words-0')?.leaderEpoch],
      [6, 'log end − committed', 0],
    );
    // no commit: the whole log is lag (the consumer group tool would show "-")
    assert.deepEqual(
      [byKey.get('words-1')?.lag, byKey.get('words-1')?.lagRule],
      [5, 'log end − log start (no committed offset)'],
    );
    assert.deepEqual(
      [byKey.get('app-repartition-0')?.lag, byKey.get('app-repartition-0')?.lagRule],
      [null, 'unknown (no leader)'],
    );
  });

  it('streams tables as kafka-streams-groups prints them', () => {
    const streams: StreamsGroupDescription = {
      type: 'streams',
      groupId: 'app1',
      state: 'Stable',
      coordinator: '127.0.0.1:9092',
      coordinatorId: 1,
      groupEpoch: 3,
      targetAssignmentEpoch: 3,
      topologyEpoch: 0,
      assignor: 'sticky',
      subtopologies: [],
      members: [streamsMember],
      rows: [
        {
          topic: 'words',
          partition: 0,
          currentOffset: 4,
          leaderEpoch: 0,
          logEndOffset: 4,
          lag: 0,
          lagRule: 'log end − committed',
        },
      ],
    };
    assert.equal(
      formatStreamsOffsets(streams, true),
      'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LEADER-EPOCH    LOG-END-OFFSET  OFFSET-LAG     \n' +
        'app1            words           0          4               0               4               0              \n',
    );
    assert.equal(
      formatStreamsMembers(streams, true).split('\n')[1],
      'app1            3                         0              dw26            streams         3               e40e            app-StreamThread-1-consumer ACTIVE: 0:[0,1]; 1:[0,1]; TARGET-ACTIVE: 0:[0,1]; 1:[0,1]; ',
    );
    assert.equal(
      formatStreamsState(streams, false).split('\n')[1],
      'app1            127.0.0.1:9092 (1)        sticky          Stable                    1',
    );
  });

  it('consumer group --members and --state as kafka-consumer-groups prints them (classic members: "-")', () => {
    const classic: ConsumerGroupDescription = {
      type: 'classic',
      groupId: 'cgc',
      state: 'Stable',
      protocol: 'classic',
      coordinator: '127.0.0.1:39092',
      coordinatorId: 1,
      assignor: 'range',
      members: [
        {
          memberId: 'console-consumer-6188',
          groupInstanceId: null,
          clientId: 'console-consumer',
          host: '/127.0.0.1',
          assignedPartitions: [
            { topic: 'sh1', partition: 0 },
            { topic: 'sh1', partition: 1 },
          ],
          targetPartitions: null,
          memberEpoch: null,
        },
      ],
      rows: [],
    };
    assert.equal(
      formatConsumerMembers(classic, true).split('\n')[2],
      'cgc             console-consumer-6188 /127.0.0.1      console-consumer 2               -               sh1:0,1              -               -                   ',
    );
    assert.equal(
      formatConsumerState(classic, true),
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS\n' +
        'cgc             127.0.0.1:39092  (1)      range                Stable               -               -                         1\n',
    );
    // an Empty classic group has no assignor: the tool prints `-` (found on a 3-broker cluster)
    assert.equal(
      formatConsumerState({ ...classic, state: 'Empty', assignor: '', members: [] }, false).split('\n')[2],
      'cgc             127.0.0.1:39092  (1)      -                    Empty                0',
    );
  });

  it('the Clusters view states each lag’s rule and explains a share group’s start offset', () => {
    const row = { topic: 't', partition: 0, logEndOffset: 10, consumerId: null, host: null, clientId: null };
    assert.match(consumerLagRule({ ...row, currentOffset: null, lag: null }).rule, /no committed offset/);
    assert.deepEqual(consumerLagRule({ ...row, currentOffset: 12, lag: -2 }).lag, '-2 ⚠');
    assert.match(consumerLagRule({ ...row, currentOffset: 12, lag: -2 }).rule, /stale high watermark/);
    assert.match(
      consumerLagRule({ ...row, currentOffset: 3, lag: 7 }, 5).rule,
      /below the log start 5: 2 records were deleted/,
    );
    const [first] = partitionTreeRows(share);
    assert.equal(first.description, 'start 5 · lag 15');
    assert.match(first.tooltip, /may already be delivered/);
    assert.match(memberTreeRows(share)[0].description, /t-1, t-0/);
    assert.equal(
      groupSummary({
        cluster: 'c',
        listing: { groupId: 'sg', state: 'Stable', type: 'share', protocolType: 'share' },
        description: share,
      }),
      'Stable · share · 1 member · lag 15 + 1 unknown',
    );
  });

  it('Burrow-like statuses from the view’s samples: a consumer that keeps up is OK, one stuck with lag is not', () => {
    const tracker = new BurrowTracker();
    const group = (committed: number, end: number): ConsumerGroupDescription => ({
      type: 'consumer',
      groupId: 'g',
      state: 'Stable',
      protocol: 'consumer',
      coordinator: 'h:1',
      members: [],
      rows: [
        {
          topic: 't',
          partition: 0,
          currentOffset: committed,
          logEndOffset: end,
          lag: end - committed,
          consumerId: null,
          host: null,
          clientId: null,
        },
      ],
    });
    for (let i = 0; i < 5; i++) tracker.observe('ok', group(10 * i, 10 * i), 1_000_000 + i * 10_000);
    assert.equal(tracker.evaluate('ok', 1_050_000)?.evaluation.status, 'OK');
    for (let i = 0; i < 5; i++) tracker.observe('stuck', group(10 + i, 100 + 10 * i), 1_000_000 + i * 10_000);
    tracker.observe('stuck', group(14, 200), 1_100_000);
    const stuck = tracker.evaluate('stuck', 1_200_000);
    assert.equal(stuck?.evaluation.status, 'ERR');
    assert.equal(stuck?.partitions.get('t-0')?.status, 'STOP');
    tracker.observe('share', share, 1_000_000);
    assert.equal(tracker.evaluate('share', 1_000_000), undefined, 'share groups have no commits to judge');
  });
  it('Inspect Group of a share or streams group: the tool’s columns, members with tasks, the lag rule and a lag sample', () => {
    const shareSnapshot = groupSnapshot('local', share, addSample([], share, 1000), 10);
    assert.equal(shareSnapshot.groupType, 'share');
    assert.equal(shareSnapshot.protocol, 'share');
    assert.deepEqual(shareSnapshot.partitions.header, ['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG']);
    assert.deepEqual(shareSnapshot.partitions.rows, [
      ['sg', 't', '0', '5', '15'],
      ['sg', 't', '1', '-', '-'],
    ]);
    assert.deepEqual(shareSnapshot.partitions.numeric, [false, false, true, true, true]);
    assert.deepEqual(shareSnapshot.members.rows, [['m1', 'console-share-consumer', '/127.0.0.1', 't-1, t-0', '5']]);
    assert.match(shareSnapshot.lagNote, /^START-OFFSET is the share-partition start offset/);
    // The lag history counts the partitions whose lag is known: 15, with one unknown.
    assert.deepEqual(shareSnapshot.history, [{ timeMs: 1000, totalLag: 15 }]);
    assert.equal(shareSnapshot.partitionsWithoutLag, 1);

    const streams: StreamsGroupDescription = {
      type: 'streams',
      groupId: 'app1',
      state: 'Stable',
      coordinator: '127.0.0.1:9092',
      coordinatorId: 1,
      groupEpoch: 3,
      targetAssignmentEpoch: 3,
      topologyEpoch: 0,
      subtopologies: [],
      members: [streamsMember],
      rows: [
        {
          topic: 'w',
          partition: 0,
          currentOffset: null,
          leaderEpoch: 0,
          logEndOffset: 9,
          lag: 9,
          lagRule: 'log end − log start (no committed offset)',
        },
      ],
    };
    const streamsSnapshot = groupSnapshot('local', streams, addSample([], streams, 1000), 10);
    assert.deepEqual(streamsSnapshot.partitions.header, [
      'GROUP',
      'TOPIC',
      'PARTITION',
      'CURRENT-OFFSET',
      'LEADER-EPOCH',
      'LOG-END-OFFSET',
      'OFFSET-LAG',
    ]);
    assert.deepEqual(streamsSnapshot.partitions.rows, [['app1', 'w', '0', '-', '0', '9', '9']]);
    assert.equal(streamsSnapshot.members.header[3], 'Tasks');
    assert.equal(streamsSnapshot.members.rows[0]?.[3], 'active 0:[0,1] 1:[0,1]');
    assert.match(streamsSnapshot.lagNote, /no committed offset, log end − log start/);
  });
  it('a classic group of another protocol (Kafka Connect) is shown as what it is, not as a failed describe', () => {
    const listing = { groupId: 'connect-cluster', state: 'Stable', type: 'classic' as const, protocolType: 'connect' };
    assert.equal(isDescribableListing(listing), false);
    assert.equal(
      groupSummary({ cluster: 'c', listing }),
      'Stable · classic · protocol connect: not a consumer group, no offsets',
    );
    assert.equal(isDescribableListing({ ...listing, protocolType: 'consumer' }), true);
    assert.equal(isDescribableListing({ ...listing, protocolType: '' }), true, 'offsets only, no members');
    assert.equal(isDescribableListing({ ...listing, type: 'share', protocolType: 'share' }), true);
  });
  it('Inspect Group sends the whole lag history once, then only the points the webview does not have', () => {
    let samples = addSample([], share, 1000);
    samples = addSample(samples, share, 2000);
    samples = addSample(samples, share, 3000);
    const first = groupSnapshot('local', share, samples, 10);
    assert.equal(first.historyComplete, true);
    assert.deepEqual(
      first.history.map((p) => p.timeMs),
      [1000, 2000, 3000],
    );
    const next = groupSnapshot('local', share, addSample(samples, share, 4000), 10, undefined, undefined, 3000);
    assert.equal(next.historyComplete, false);
    assert.deepEqual(next.history, [{ timeMs: 4000, totalLag: 15 }], 'one new point, not the whole hour');
  });
});
