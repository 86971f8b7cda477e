// The tables the Inspect Group panel shows for a group of any type: the partitions with the columns of
// the matching Kafka tool (kafka-consumer-groups, kafka-share-groups, kafka-streams-groups --verbose),
// the members with their assignment (a streams member's tasks), and a note on the lag rule of that type.
// Cells are plain strings, as the tools print them (`-` for unknown).

import { describeCells } from '../kafka/describeRows';
import type { AnyGroupDescription, StreamsAssignment } from '../kafka/kafkaModel';
import type { PanelTable } from '../panel/groupPanelMessages';
import { streamsTasksSummary } from './groupTreeRows';

const show = (value: number | null): string => (value === null ? '-' : String(value));
const numericHeaders = new Set([
  'PARTITION',
  'CURRENT-OFFSET',
  'LOG-END-OFFSET',
  'START-OFFSET',
  'LEADER-EPOCH',
  'LAG',
  'OFFSET-LAG',
  'Epoch',
]);

function table(header: readonly string[], rows: readonly (readonly string[])[]): PanelTable {
  return { header, rows, numeric: header.map((name) => numericHeaders.has(name)) };
}

/** The partition table, with the columns of the type's Kafka tool `--describe`. */
export function partitionTable(description: AnyGroupDescription): PanelTable {
  const group = description.groupId;
  switch (description.type) {
    case 'share':
      return table(
        ['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG'],
        description.rows.map((r) => [group, r.topic, String(r.partition), show(r.startOffset), show(r.lag)]),
      );
    case 'streams':
      return table(
        ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LEADER-EPOCH', 'LOG-END-OFFSET', 'OFFSET-LAG'],
        description.rows.map((r) => [
          group,
          r.topic,
          String(r.partition),
          show(r.currentOffset),
          show(r.leaderEpoch),
          show(r.logEndOffset),
          show(r.lag),
        ]),
      );
    default:
      return table(
        ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
        description.rows.map((r) => describeCells(group, r)),
      );
  }
}

function tasksOrDash(assignment: StreamsAssignment): string {
  const text = streamsTasksSummary(assignment);
  return text === 'no tasks' ? '-' : text;
}

/** The member table: id, client, host, assignment (partitions, or a streams member's tasks) and epoch. */
export function memberTable(description: AnyGroupDescription): PanelTable {
  const header = [
    'Member id',
    'Client id',
    'Host',
    description.type === 'streams' ? 'Tasks' : 'Assigned partitions',
    'Epoch',
  ];
  const partitions = (list: readonly { topic: string; partition: number }[]): string =>
    list.map((p) => `${p.topic}-${p.partition}`).join(', ') || '-';
  switch (description.type) {
    case 'streams':
      return table(
        header,
        description.members.map((m) => [
          m.memberId,
          m.clientId,
          m.host,
          tasksOrDash(m.assignment),
          String(m.memberEpoch),
        ]),
      );
    case 'share':
      return table(
        header,
        description.members.map((m) => [
          m.memberId,
          m.clientId,
          m.host,
          partitions(m.assignedPartitions),
          String(m.memberEpoch),
        ]),
      );
    default:
      return table(
        header,
        description.members.map((m) => [
          m.memberId,
          m.clientId,
          m.host,
          partitions(m.assignedPartitions),
          show(m.memberEpoch),
        ]),
      );
  }
}

/** What the partition table's offsets and lag mean for this type of group (shown under the table). */
export function lagRuleNote(description: AnyGroupDescription): string {
  switch (description.type) {
    case 'share':
      return 'START-OFFSET is the share-partition start offset: records before it are done with (acknowledged or archived); records from it on may already be delivered to members and in flight. LAG is the broker’s: records from the start offset not yet done with.';
    case 'streams':
      return 'OFFSET-LAG is kafka-streams-groups’ rule: log end − committed offset; for a partition with no committed offset, log end − log start (the whole log is still to be read), where the consumer group tool shows -.';
    default:
      return 'CURRENT-OFFSET is the committed offset: the next offset the group will read. LAG = log-end offset − committed offset; - where nothing is committed, as in kafka-consumer-groups.';
  }
}

/**
 * The rows of a group as the lag history samples them: committed (a share group's start offset),
 * log end and lag. A share group has no log-end offset in its describe: its end is start + lag.
 */
export function lagRows(description: AnyGroupDescription): {
  topic: string;
  partition: number;
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
}[] {
  if (description.type === 'share') {
    return description.rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      currentOffset: r.startOffset,
      logEndOffset: r.startOffset !== null && r.lag !== null ? r.startOffset + r.lag : null,
      lag: r.lag,
    }));
  }
  return description.rows.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    currentOffset: r.currentOffset,
    logEndOffset: r.logEndOffset,
    lag: r.lag,
  }));
}
