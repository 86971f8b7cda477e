// The describe table of a consumer group, built exactly as Kafka's consumer group command `--describe`
// builds it (ConsumerGroupCommand.collectGroupsOffsets / printOffsets), as plain functions over plain data.

import { compareTopicPartitions, partitionKeyOf } from '../common/topicPartition';
import type { DescribeRow, GroupDescription, GroupMember, TopicPartition } from './kafkaModel';

/** The tool's placeholder for a missing value. */
export const missingValue = '-';

/** The column headers of `kafka-consumer-groups --describe`, in order. */
export const describeHeaders = [
  'GROUP',
  'TOPIC',
  'PARTITION',
  'CURRENT-OFFSET',
  'LOG-END-OFFSET',
  'LAG',
  'CONSUMER-ID',
  'HOST',
  'CLIENT-ID',
] as const;

/**
 * Lag = log-end offset − committed offset; unknown (null) without a committed offset (or with Kafka's
 * "no offset" value −1) or without a log-end offset, as the tool's `getLag` does.
 */
export function lagOf(currentOffset: number | null, logEndOffset: number | null): number | null {
  if (currentOffset === null || currentOffset === -1 || logEndOffset === null) return null;
  return logEndOffset - currentOffset;
}

/**
 * The describe rows of a group, as the tool builds them: first the members that own partitions, the
 * member with the most partitions first (ties keep the broker's member order), each member's
 * partitions sorted by topic and partition; then the partitions with a committed offset that no
 * member owns, sorted, with no consumer. Members without partitions give no row.
 *
 * @param committedOffsets what OffsetFetch returned, by {@link partitionKey}; null or −1 = no offset.
 * @param logEndOffsets latest offsets by {@link partitionKey}; a missing entry or null = unknown (no leader).
 */
export function buildDescribeRows(
  members: readonly GroupMember[],
  committedOffsets: ReadonlyMap<string, { topic: string; partition: number; offset: number | null }>,
  logEndOffsets: ReadonlyMap<string, number | null>,
): DescribeRow[] {
  const row = (tp: TopicPartition, owner: GroupMember | null): DescribeRow => {
    const key = partitionKeyOf(tp.topic, tp.partition);
    const committed = committedOffsets.get(key)?.offset ?? null;
    const currentOffset = committed === -1 ? null : committed;
    const logEndOffset = logEndOffsets.get(key) ?? null;
    return {
      topic: tp.topic,
      partition: tp.partition,
      currentOffset,
      logEndOffset,
      lag: lagOf(currentOffset, logEndOffset),
      consumerId: owner ? owner.memberId : null,
      host: owner ? owner.host : null,
      clientId: owner ? owner.clientId : null,
    };
  };
  const rows: DescribeRow[] = [];
  const assigned = new Set<string>();
  const owners = members
    .filter((m) => m.assignedPartitions.length > 0)
    .map((member, index) => ({ member, index }))
    .sort((a, b) => b.member.assignedPartitions.length - a.member.assignedPartitions.length || a.index - b.index);
  for (const { member } of owners) {
    for (const tp of [...member.assignedPartitions].sort(compareTopicPartitions)) {
      assigned.add(partitionKeyOf(tp.topic, tp.partition));
      rows.push(row(tp, member));
    }
  }
  const unassigned = [...committedOffsets.entries()]
    .filter(([key]) => !assigned.has(key))
    .map(([, tp]) => ({ topic: tp.topic, partition: tp.partition }))
    .sort(compareTopicPartitions);
  for (const tp of unassigned) rows.push(row(tp, null));
  return rows;
}

const rebalancingStates = new Set(['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']);

/**
 * What the tool says on stderr about a group's state before its table: Empty groups have no active
 * members; rebalancing groups get a warning. Null for Stable (and anything else).
 */
export function stateNotice(groupId: string, state: string): string | null {
  if (state === 'Empty') return `Consumer group '${groupId}' has no active members.`;
  if (rebalancingStates.has(state)) return `Warning: Consumer group '${groupId}' is rebalancing.`;
  return null;
}

const knownStates = [
  'Unknown',
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
  'Empty',
  'Assigning',
  'Reconciling',
  'NotReady',
];

/** Kafka's spelling of a group state as a broker sent it (DescribeGroups and ListGroups may differ in case). */
export function normalizeGroupState(state: string): string {
  const wanted = state.replace(/[_\s]/g, '').toLowerCase();
  return knownStates.find((s) => s.toLowerCase() === wanted) ?? state;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

const show = (value: string | number | null): string => (value === null ? missingValue : String(value));

/**
 * The table as the tool prints it on stdout, byte for byte: a blank line, the header, one line per row
 * (columns left-aligned, at least 15 wide for group, topic, consumer id and host), and a final newline.
 * Empty string when there are no rows (the tool prints no table then).
 */
export function formatDescribeTable(groupId: string, rows: readonly DescribeRow[]): string {
  if (rows.length === 0) return '';
  let groupWidth = Math.max(15, groupId.length);
  let topicWidth = 15;
  let consumerWidth = 15;
  let hostWidth = 15;
  for (const r of rows) {
    groupWidth = Math.max(groupWidth, groupId.length);
    topicWidth = Math.max(topicWidth, r.topic.length);
    consumerWidth = Math.max(consumerWidth, show(r.consumerId).length);
    hostWidth = Math.max(hostWidth, show(r.host).length);
  }
  const line = (cells: readonly string[]): string =>
    '\n' +
    [
      pad(cells[0], groupWidth),
      pad(cells[1], topicWidth),
      pad(cells[2], 10),
      pad(cells[3], 15),
      pad(cells[4], 15),
      pad(cells[5], 15),
      pad(cells[6], consumerWidth),
      pad(cells[7], hostWidth),
      cells[8],
    ].join(' ');
  let text = line(describeHeaders);
  for (const r of rows) text += line(describeCells(groupId, r));
  return `${text}\n`;
}

/** One row's cells as the tool prints them, in the order of {@link describeHeaders}. */
export function describeCells(groupId: string, r: DescribeRow): string[] {
  return [
    groupId,
    r.topic,
    String(r.partition),
    show(r.currentOffset),
    show(r.logEndOffset),
    show(r.lag),
    show(r.consumerId),
    show(r.host),
    show(r.clientId),
  ];
}

/**
 * The JSON shape of the CLI contract (docs/design.md#cli-describe): `{group, type, protocol, state,
 * partitions: [...]}`; `type` is the group type (`classic` or `consumer` here), `protocol` Kafka's
 * PROTOCOL column as `list` shows it (the protocol type: `consumer` for both).
 */
export interface DescribeJson {
  readonly group: string;
  readonly type: 'classic' | 'consumer';
  readonly protocol: string;
  readonly state: string;
  readonly partitions: readonly DescribeRow[];
}

/** The `--json` object, with the keys in the contract's order. */
export function toDescribeJson(description: GroupDescription): DescribeJson {
  return {
    group: description.groupId,
    type: description.protocol,
    protocol: 'consumer',
    state: description.state,
    partitions: description.rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      currentOffset: r.currentOffset,
      logEndOffset: r.logEndOffset,
      lag: r.lag,
      consumerId: r.consumerId,
      host: r.host,
      clientId: r.clientId,
    })),
  };
}

/**
 * Parses the tool's `--describe` output back into cells (one array per row, header excluded): for tests
 * that compare our table with the tool's. Lines that are not table rows (notes, blank lines) are skipped.
 */
export function parseDescribeTable(text: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells[0] === 'GROUP' && cells[1] === 'TOPIC') {
      inTable = true;
      continue;
    }
    if (inTable && cells.length === describeHeaders.length) rows.push(cells);
  }
  return rows;
}

/** The partitions the describe covers: those assigned to a member and those with an offset entry. */
export function describedPartitions(
  members: readonly GroupMember[],
  committed: ReadonlyMap<string, TopicPartition>,
): TopicPartition[] {
  const wanted = new Map<string, TopicPartition>();
  for (const m of members)
    for (const tp of m.assignedPartitions) wanted.set(partitionKeyOf(tp.topic, tp.partition), tp);
  for (const [key, tp] of committed) wanted.set(key, tp);
  return [...wanted.values()];
}
