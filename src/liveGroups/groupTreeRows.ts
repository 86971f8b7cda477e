// What the Clusters view shows under a group of any type: one line per partition (its offsets and
// lag, with the rule that produced the lag) and one per member (its assignment, or a streams member's
// tasks), as label, description and tooltip text. Plain text: the view renders it; no `vscode` here.

import { partitionKeyOf } from '../common/topicPartition';
import type { BurrowPartitionEvaluation } from './burrowEvaluation';
import type { TrackedEvaluation } from './burrowTracker';
import { recordAgeText, recordAgeTooltip, type RecordAge } from './timeLag';
import type {
  AnyGroupDescription,
  DescribeRow,
  GroupMember,
  ShareDescribeRow,
  ShareGroupMember,
  StreamsAssignment,
  StreamsDescribeRow,
  StreamsGroupMember,
} from '../kafka/kafkaModel';

/** One line of the tree. */
export interface GroupTreeRow {
  /** Unique within the group (for the tree item's id). */
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

const show = (value: number | null): string => (value === null ? '-' : String(value));

/**
 * The lag of a consumer group's partition and the rule behind it, as Kafka's consumer group tool
 * computes it: `-` without a commit, flagged when negative (the committed offset is past the log
 * end Kafka reported: a stale high watermark), flagged when the committed offset is below the log
 * start (when that is known): records were deleted before the group read them.
 */
export function consumerLagRule(row: DescribeRow, logStartOffset?: number | null): { lag: string; rule: string } {
  if (row.currentOffset === null) return { lag: '-', rule: 'no committed offset: lag unknown (shown as -)' };
  if (row.logEndOffset === null) return { lag: '-', rule: 'no leader: log-end offset unknown' };
  const lag = row.logEndOffset - row.currentOffset;
  if (logStartOffset !== undefined && logStartOffset !== null && row.currentOffset < logStartOffset) {
    return {
      lag: `${lag} ⚠`,
      rule: `log end − committed; the committed offset ${row.currentOffset} is below the log start ${logStartOffset}: ${logStartOffset - row.currentOffset} records were deleted before the group read them`,
    };
  }
  if (lag < 0) {
    return {
      lag: `${lag} ⚠`,
      rule: 'log end − committed is negative: the committed offset is past the log end Kafka reported (a stale high watermark)',
    };
  }
  return { lag: String(lag), rule: 'log end − committed' };
}

/** " (12 s)" after a lag: the age of the oldest unread record, when there is one and it is known. */
function ageSuffix(age: RecordAge | undefined): string {
  return age?.kind === 'age' ? ` (${recordAgeText(age)})` : '';
}

function consumerPartition(row: DescribeRow, logStartOffset?: number | null, age?: RecordAge): GroupTreeRow {
  const { lag, rule } = consumerLagRule(row, logStartOffset);
  return {
    key: `${row.topic}/${row.partition}`,
    label: `${row.topic}-${row.partition}`,
    description: `committed ${show(row.currentOffset)} · end ${show(row.logEndOffset)} · lag ${lag}${ageSuffix(age)}${row.consumerId ? ` · ${row.clientId ?? row.consumerId}` : ''}`,
    tooltip: [
      `Topic ${row.topic}, partition ${row.partition}`,
      `Committed offset (next to read): ${show(row.currentOffset)}`,
      `Log-end offset: ${show(row.logEndOffset)}`,
      `Lag: ${lag} (${rule})`,
      ...(age ? [recordAgeTooltip(age)] : []),
      `Owner: ${row.consumerId ?? '-'}${row.host ? ` on ${row.host}` : ''}`,
    ].join('\n'),
  };
}

function sharePartition(row: ShareDescribeRow): GroupTreeRow {
  return {
    key: `${row.topic}/${row.partition}`,
    label: `${row.topic}-${row.partition}`,
    description: `start ${show(row.startOffset)} · lag ${show(row.lag)}`,
    tooltip: [
      `Topic ${row.topic}, partition ${row.partition} (share group)`,
      `Start offset: ${show(row.startOffset)}. Records before it are done with (acknowledged or archived); records from it on may already be delivered to members and in flight, so it is not "the next record to read" of a consumer group.`,
      `Lag: ${show(row.lag)} (${row.lag === null ? 'not known: the share-partition is not initialized, or the broker predates KIP-1226' : 'as the broker computes it: records from the start offset not yet acknowledged'})`,
      `Leader epoch: ${show(row.leaderEpoch)}`,
    ].join('\n'),
  };
}

function streamsPartition(row: StreamsDescribeRow, age?: RecordAge): GroupTreeRow {
  return {
    key: `${row.topic}/${row.partition}`,
    label: `${row.topic}-${row.partition}`,
    description: `committed ${show(row.currentOffset)} · end ${show(row.logEndOffset)} · lag ${show(row.lag)}${row.currentOffset === null && row.lag !== null ? ' (whole log)' : ageSuffix(age)}`,
    tooltip: [
      `Topic ${row.topic}, partition ${row.partition} (streams group)`,
      `Committed offset: ${show(row.currentOffset)}`,
      `Log-end offset: ${show(row.logEndOffset)}`,
      `Lag: ${show(row.lag)} (${row.lagRule}; kafka-streams-groups' rule, unlike the consumer group tool's "-")`,
      ...(age ? [recordAgeTooltip(age)] : []),
    ].join('\n'),
  };
}

function partitionsText(partitions: readonly { topic: string; partition: number }[]): string {
  return partitions.map((p) => `${p.topic}-${p.partition}`).join(', ');
}

function consumerMember(member: GroupMember): GroupTreeRow {
  const partitions = partitionsText(member.assignedPartitions);
  return {
    key: member.memberId,
    label: member.clientId || member.memberId,
    description: `${member.host} · ${partitions || 'no partitions'}`,
    tooltip: [
      `Member id: ${member.memberId}`,
      `Client id: ${member.clientId}`,
      `Host: ${member.host}`,
      `Assigned: ${partitions || 'none'}`,
      ...(member.targetPartitions !== null ? [`Target: ${partitionsText(member.targetPartitions) || 'none'}`] : []),
      ...(member.memberEpoch !== null ? [`Member epoch: ${member.memberEpoch}`] : []),
      ...(member.groupInstanceId ? [`Static member: ${member.groupInstanceId}`] : []),
    ].join('\n'),
  };
}

function shareMember(member: ShareGroupMember): GroupTreeRow {
  const partitions = partitionsText(member.assignedPartitions);
  return {
    key: member.memberId,
    label: member.clientId || member.memberId,
    description: `${member.host} · ${partitions || 'no partitions'}`,
    tooltip: [
      `Member id: ${member.memberId}`,
      `Client id: ${member.clientId}`,
      `Host: ${member.host}`,
      `Subscribed: ${member.subscribedTopics.join(', ') || 'none'}`,
      `Assigned: ${partitions || 'none'} (share groups may give one partition to several members)`,
      `Member epoch: ${member.memberEpoch}`,
    ].join('\n'),
  };
}

/** "active 0:[0,1] · standby 1:[0]" of a streams member's tasks. */
export function streamsTasksSummary(assignment: StreamsAssignment): string {
  const part = (name: string, tasks: StreamsAssignment['active']): string[] =>
    tasks.length === 0
      ? []
      : [`${name} ${tasks.map((t) => `${t.subtopologyId}:[${t.partitions.join(',')}]`).join(' ')}`];
  const parts = [
    ...part('active', assignment.active),
    ...part('standby', assignment.standby),
    ...part('warm-up', assignment.warmup),
  ];
  return parts.length === 0 ? 'no tasks' : parts.join(' · ');
}

function streamsMember(member: StreamsGroupMember): GroupTreeRow {
  return {
    key: member.memberId,
    label: member.clientId || member.memberId,
    description: `${streamsTasksSummary(member.assignment)} · epoch ${member.memberEpoch}`,
    tooltip: [
      `Member id: ${member.memberId} (${member.isClassic ? 'classic' : 'streams'} protocol)`,
      `Process: ${member.processId}`,
      `Client id: ${member.clientId}`,
      `Host: ${member.host}`,
      `Tasks: ${streamsTasksSummary(member.assignment)}`,
      `Target tasks: ${streamsTasksSummary(member.targetAssignment)}`,
      `Member epoch: ${member.memberEpoch}`,
    ].join('\n'),
  };
}

/** A partition line with Burrow's status for it appended (the description) and its rule (the tooltip). */
function withBurrow(
  row: GroupTreeRow,
  burrow: BurrowPartitionEvaluation | undefined,
  source: TrackedEvaluation['source'],
): GroupTreeRow {
  if (!burrow) return row;
  const how =
    source === 'commit-log'
      ? 'Burrow status (commits from __consumer_offsets)'
      : "Burrow-like status (from the view's samples)";
  return {
    ...row,
    description: `${row.description} · ${burrow.status}`,
    tooltip: `${row.tooltip}\n${how}: ${burrow.rule}`,
  };
}

/**
 * The partition lines of a group (log start offsets, when known, flag committed offsets below them;
 * Burrow's statuses, when evaluated, are appended by partition key; record ages, when read, follow the lag).
 */
export function partitionTreeRows(
  description: AnyGroupDescription,
  logStartOffsets?: ReadonlyMap<string, number | null>,
  burrow?: Pick<TrackedEvaluation, 'partitions' | 'source'>,
  ages?: ReadonlyMap<string, RecordAge>,
): GroupTreeRow[] {
  const key = (row: { topic: string; partition: number }): string => partitionKeyOf(row.topic, row.partition);
  switch (description.type) {
    case 'share':
      return description.rows.map(sharePartition);
    case 'streams':
      return description.rows.map((row) =>
        withBurrow(
          streamsPartition(row, ages?.get(key(row))),
          burrow?.partitions.get(key(row)),
          burrow?.source ?? 'samples',
        ),
      );
    default:
      return description.rows.map((row) =>
        withBurrow(
          consumerPartition(row, logStartOffsets?.get(key(row)), ages?.get(key(row))),
          burrow?.partitions.get(key(row)),
          burrow?.source ?? 'samples',
        ),
      );
  }
}

/** The member lines of a group. */
export function memberTreeRows(description: AnyGroupDescription): GroupTreeRow[] {
  switch (description.type) {
    case 'share':
      return description.members.map(shareMember);
    case 'streams':
      return description.members.map(streamsMember);
    default:
      return description.members.map(consumerMember);
  }
}

/** A group's total lag over the partitions whose lag is known, and how many are unknown. */
export function totalLag(description: AnyGroupDescription): { total: number | null; unknown: number } {
  let total: number | null = null;
  let unknown = 0;
  for (const row of description.rows as readonly { lag: number | null }[]) {
    if (row.lag === null) unknown++;
    else total = (total ?? 0) + row.lag;
  }
  return { total, unknown };
}
