// A streams group as `kafka-streams-groups --describe` prints it: the offsets (GROUP TOPIC PARTITION
// OFFSET-LAG, or with --verbose CURRENT-OFFSET LEADER-EPOCH LOG-END-OFFSET OFFSET-LAG), `--members
// [--verbose]` with each member's tasks, `--state [--verbose]`; and the `describe --json` object.

import type { StreamsAssignment, StreamsGroupDescription } from '../kafkaModel';
import { coordinatorCell } from './consumerGroupTables';
import { cellOf, columnsLine, widthOf } from './textColumns';

/** What the tool says (as an error line) about an empty group, or null. */
export function streamsStateNotice(description: StreamsGroupDescription): string | null {
  return description.state === 'Empty' ? `Streams group '${description.groupId}' has no active members.` : null;
}

/** The tool's task list, e.g. `ACTIVE: 0:[0,1]; 1:[0,1]; STANDBY: 0:[2]; ` (a prefix for targets). */
export function tasksText(assignment: StreamsAssignment, prefix = ''): string {
  const part = (name: string, tasks: StreamsAssignment['active']): string =>
    tasks.length === 0
      ? ''
      : `${prefix}${name}: ${tasks.map((t) => `${t.subtopologyId}:[${t.partitions.join(',')}]; `).join('')}`;
  return part('ACTIVE', assignment.active) + part('STANDBY', assignment.standby) + part('WARMUP', assignment.warmup);
}

/** The offsets table (empty string when there are no rows, as the tool prints none). */
export function formatStreamsOffsets(description: StreamsGroupDescription, verbose: boolean): string {
  if (description.rows.length === 0) return '';
  const group = widthOf(15, [description.groupId]);
  const topic = widthOf(
    15,
    description.rows.map((r) => r.topic),
  );
  if (!verbose) {
    const widths = [group, topic, 10, 0];
    return `${[
      ['GROUP', 'TOPIC', 'PARTITION', 'OFFSET-LAG'],
      ...description.rows.map((r) => [description.groupId, r.topic, String(r.partition), cellOf(r.lag)]),
    ]
      .map((cells) => columnsLine(cells, widths))
      .join('\n')}\n`;
  }
  const widths = [group, topic, 10, 15, 15, 15, 15];
  const header = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LEADER-EPOCH', 'LOG-END-OFFSET', 'OFFSET-LAG'];
  const rows = description.rows.map((r) => [
    description.groupId,
    r.topic,
    String(r.partition),
    cellOf(r.currentOffset),
    cellOf(r.leaderEpoch),
    cellOf(r.logEndOffset),
    cellOf(r.lag),
  ]);
  return `${[header, ...rows].map((cells) => columnsLine(cells, widths)).join('\n')}\n`;
}

/** `--members`: one line per member with its tasks (and, verbose, epochs and target tasks). */
export function formatStreamsMembers(description: StreamsGroupDescription, verbose: boolean): string {
  const members = description.members;
  if (members.length === 0) return '';
  const group = widthOf(15, [description.groupId]);
  const id = widthOf(
    15,
    members.map((m) => m.memberId),
  );
  const process = widthOf(
    15,
    members.map((m) => m.processId),
  );
  const client = widthOf(
    15,
    members.map((m) => m.clientId),
  );
  if (!verbose) {
    const widths = [group, id, process, client, 0];
    return `${[
      ['GROUP', 'MEMBER', 'PROCESS', 'CLIENT-ID', 'ASSIGNMENTS'],
      ...members.map((m) => [description.groupId, m.memberId, m.processId, m.clientId, tasksText(m.assignment)]),
    ]
      .map((cells) => columnsLine(cells, widths))
      .join('\n')}\n`;
  }
  // The tool prints the topology epoch and the member id with no space between them.
  const line = (cells: string[]): string =>
    `${columnsLine(cells.slice(0, 2), [group, 25])} ${cells[2].padEnd(15)}${columnsLine(cells.slice(3), [id, 15, 15, process, client, 0])}`;
  const header = [
    'GROUP',
    'TARGET-ASSIGNMENT-EPOCH',
    'TOPOLOGY-EPOCH',
    'MEMBER',
    'MEMBER-PROTOCOL',
    'MEMBER-EPOCH',
    'PROCESS',
    'CLIENT-ID',
    'ASSIGNMENTS',
  ];
  const rows = members.map((m) => [
    description.groupId,
    String(description.targetAssignmentEpoch),
    String(description.topologyEpoch),
    m.memberId,
    m.isClassic ? 'classic' : 'streams',
    String(m.memberEpoch),
    m.processId,
    m.clientId,
    tasksText(m.assignment) + tasksText(m.targetAssignment, 'TARGET-'),
  ]);
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** `--state`. */
export function formatStreamsState(description: StreamsGroupDescription, verbose: boolean): string {
  const coordinator = coordinatorCell(description, ' ');
  const widths = [
    widthOf(15, [description.groupId]),
    widthOf(25, [coordinator]),
    15,
    25,
    ...(verbose ? [15, 25] : []),
    0,
  ];
  const header = [
    'GROUP',
    'COORDINATOR (ID)',
    'ASSIGNOR',
    'STATE',
    ...(verbose ? ['GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH'] : []),
    '#MEMBERS',
  ];
  const cells = [
    description.groupId,
    coordinator,
    description.assignor ?? '-',
    description.state,
    ...(verbose ? [String(description.groupEpoch), String(description.targetAssignmentEpoch)] : []),
    String(description.members.length),
  ];
  return `${columnsLine(header, widths)}\n${columnsLine(cells, widths)}\n`;
}

/** `describe --json` of a streams group: partitions `{topic, partition, currentOffset, logEndOffset, lag}` (+ the lag rule). */
export function toStreamsDescribeJson(description: StreamsGroupDescription): {
  group: string;
  type: 'streams';
  protocol: string;
  state: string;
  partitions: {
    topic: string;
    partition: number;
    currentOffset: number | null;
    logEndOffset: number | null;
    lag: number | null;
    lagRule: string;
  }[];
} {
  return {
    group: description.groupId,
    type: 'streams',
    protocol: 'streams',
    state: description.state,
    partitions: description.rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      currentOffset: r.currentOffset,
      logEndOffset: r.logEndOffset,
      lag: r.lag,
      lagRule: r.lagRule,
    })),
  };
}
