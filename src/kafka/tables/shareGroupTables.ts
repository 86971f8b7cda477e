// A share group as `kafka-share-groups --describe` prints it: the offsets (GROUP TOPIC PARTITION
// [LEADER-EPOCH] START-OFFSET LAG), `--members [--verbose]` and `--state [--verbose]`, each table
// after a blank line; and the `describe --json` object of the CLI contract for share groups.

import type { ShareGroupDescription } from '../kafkaModel';
import { assignmentText, coordinatorCell } from './consumerGroupTables';
import { cellOf, columnsLine, widthOf } from './textColumns';

/** What the tool says before a table about an empty group, or null. */
export function shareStateNotice(description: ShareGroupDescription): string | null {
  return description.state === 'Empty' ? `Share group '${description.groupId}' has no active members.` : null;
}

/** The offsets table (empty string when there are no rows). */
export function formatShareOffsets(description: ShareGroupDescription, verbose: boolean): string {
  if (description.rows.length === 0) return '';
  const group = widthOf(15, [description.groupId]);
  const topic = widthOf(
    15,
    description.rows.map((r) => r.topic),
  );
  const header = verbose
    ? ['GROUP', 'TOPIC', 'PARTITION', 'LEADER-EPOCH', 'START-OFFSET', 'LAG']
    : ['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG'];
  const widths = verbose ? [group, topic, 10, 13, 13, 0] : [group, topic, 10, 13, 0];
  const rows = description.rows.map((r) =>
    verbose
      ? [description.groupId, r.topic, String(r.partition), cellOf(r.leaderEpoch), cellOf(r.startOffset), cellOf(r.lag)]
      : [description.groupId, r.topic, String(r.partition), cellOf(r.startOffset), cellOf(r.lag)],
  );
  return `\n${[header, ...rows].map((cells) => columnsLine(cells, widths)).join('\n')}\n`;
}

/** `--members`: one line per member, sorted by member id (empty string when there are none). */
export function formatShareMembers(description: ShareGroupDescription, verbose: boolean): string {
  const members = [...description.members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  if (members.length === 0) return '';
  const widths = [
    widthOf(15, [description.groupId]),
    widthOf(
      15,
      members.map((m) => m.memberId),
    ),
    widthOf(
      15,
      members.map((m) => m.host),
    ),
    widthOf(
      15,
      members.map((m) => m.clientId),
    ),
    12,
    ...(verbose ? [13] : []),
    0,
  ];
  const header = [
    'GROUP',
    'CONSUMER-ID',
    'HOST',
    'CLIENT-ID',
    '#PARTITIONS',
    ...(verbose ? ['MEMBER-EPOCH'] : []),
    'ASSIGNMENT',
  ];
  const rows = members.map((m) => [
    description.groupId,
    m.memberId,
    m.host,
    m.clientId,
    String(m.assignedPartitions.length),
    ...(verbose ? [String(m.memberEpoch)] : []),
    m.assignedPartitions.length === 0 ? '' : assignmentText(m.assignedPartitions),
  ]);
  return `\n${[header, ...rows].map((cells) => columnsLine(cells, widths)).join('\n')}\n`;
}

/** `--state`. */
export function formatShareState(description: ShareGroupDescription, verbose: boolean): string {
  const coordinator = coordinatorCell(description);
  const widths = [widthOf(15, [description.groupId]), widthOf(25, [coordinator]), 15, ...(verbose ? [12, 17] : []), 0];
  const header = [
    'GROUP',
    'COORDINATOR (ID)',
    'STATE',
    ...(verbose ? ['GROUP-EPOCH', 'ASSIGNMENT-EPOCH'] : []),
    '#MEMBERS',
  ];
  const cells = [
    description.groupId,
    coordinator,
    description.state,
    ...(verbose ? [String(description.groupEpoch), String(description.assignmentEpoch)] : []),
    String(description.members.length),
  ];
  return `\n${columnsLine(header, widths)}\n${columnsLine(cells, widths)}\n`;
}

/** `describe --json` of a share group: partitions `{topic, partition, startOffset, lag}`. */
export function toShareDescribeJson(description: ShareGroupDescription): {
  group: string;
  type: 'share';
  protocol: string;
  state: string;
  partitions: { topic: string; partition: number; startOffset: number | null; lag: number | null }[];
} {
  return {
    group: description.groupId,
    type: 'share',
    protocol: 'share',
    state: description.state,
    partitions: description.rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      startOffset: r.startOffset,
      lag: r.lag,
    })),
  };
}
