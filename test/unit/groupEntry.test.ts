// The one-line summary of a group in the Clusters view: state, protocol, members and total lag, with
// partitions of unknown lag counted and a failed describe said so.

import * as assert from 'node:assert/strict';
import { groupSummary, type GroupEntry } from '../../src/liveGroups/groupEntry';
import type { DescribeRow, ConsumerGroupDescription, GroupMember } from '../../src/kafka/kafkaModel';

function row(partition: number, currentOffset: number | null, logEndOffset: number | null): DescribeRow {
  return {
    topic: 'orders',
    partition,
    currentOffset,
    logEndOffset,
    lag: currentOffset === null || logEndOffset === null ? null : logEndOffset - currentOffset,
    consumerId: null,
    host: null,
    clientId: null,
  };
}

function member(memberId: string): GroupMember {
  return {
    memberId,
    groupInstanceId: null,
    clientId: `client-${memberId}`,
    host: '/127.0.0.1',
    assignedPartitions: [],
    targetPartitions: null,
    memberEpoch: null,
  };
}

function described(
  state: string,
  members: GroupMember[],
  rows: DescribeRow[],
  protocol: 'classic' | 'consumer' = 'consumer',
): GroupEntry {
  const description: ConsumerGroupDescription = {
    type: protocol,
    groupId: 'orders-app',
    state,
    protocol,
    coordinator: '127.0.0.1:9092',
    members,
    rows,
  };
  return {
    cluster: 'local',
    listing: { groupId: 'orders-app', state: 'Empty', type: protocol, protocolType: 'consumer' },
    description,
  };
}

describe('groupSummary', () => {
  it('sums the lag of a described group and counts its members', () => {
    const group = described('Stable', [member('a'), member('b')], [row(0, 10, 30), row(1, 5, 20)]);
    assert.equal(groupSummary(group), 'Stable · consumer · 2 members · lag 35');
  });

  it('says "1 member" and adds the partitions whose lag is unknown', () => {
    const group = described('Stable', [member('a')], [row(0, 10, 30), row(1, null, 50), row(2, 4, null)], 'classic');
    assert.equal(groupSummary(group), 'Stable · classic · 1 member · lag 20 + 2 unknown');
  });

  it('shows lag "-" when no partition has a known lag', () => {
    const group = described('Empty', [], [row(0, null, 30)]);
    assert.equal(groupSummary(group), 'Empty · consumer · 0 members · lag -');
  });

  it('takes the state from the description over the listing', () => {
    const group = described('PreparingRebalance', [], []);
    assert.equal(group.listing.state, 'Empty');
    assert.equal(groupSummary(group), 'PreparingRebalance · consumer · 0 members · lag -');
  });

  it('says when describing failed, with the listing state', () => {
    const group: GroupEntry = {
      cluster: 'local',
      listing: { groupId: 'billing', state: 'Stable', type: 'classic', protocolType: 'consumer' },
      error: 'timed out after 10000 ms while describing group "billing"',
    };
    assert.equal(groupSummary(group), 'Stable · classic · describe failed');
  });

  it('shows only state and protocol while there is neither a description nor an error', () => {
    const group: GroupEntry = {
      cluster: 'local',
      listing: { groupId: 'x', state: 'Empty', type: 'consumer', protocolType: 'consumer' },
    };
    assert.equal(groupSummary(group), 'Empty · consumer');
  });

  it('a group still being described says so; one kept after a failure says how old it is', () => {
    const listing = { groupId: 'billing', state: 'Stable', type: 'classic', protocolType: 'consumer' } as const;
    assert.equal(groupSummary({ cluster: 'local', listing, describing: true }), 'Stable · classic · describing…');
    const group = described('Stable', [member('a')], [row(0, 10, 30)]);
    const readAt = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.equal(
      groupSummary({ ...group, staleSince: readAt }, readAt + 95_000),
      'stale 1 min 35 s · Stable · consumer · 1 member · lag 20',
    );
  });
});
