// `kafka-consumer-groups --describe --members [--verbose]` and `--state [--verbose]` as the tool prints
// them, for classic and KIP-848 groups (a classic member has no epochs or target: `-`).

import type { GroupDescription, GroupMember, TopicPartition } from '../kafkaModel';
import { cellOf, columnsLine, widthOf } from './textColumns';

/** "t1:0,1;t2:3" as the tools print an assignment (topics sorted, partitions sorted), `-` when empty. */
export function assignmentText(partitions: readonly TopicPartition[] | null): string {
  if (partitions === null) return '-';
  const byTopic = new Map<string, number[]>();
  for (const tp of partitions) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  const text = [...byTopic.keys()]
    .sort()
    .map((topic) => `${topic}:${(byTopic.get(topic) ?? []).sort((a, b) => a - b).join(',')}`)
    .join(';');
  return text === '' ? '-' : text;
}

/** The coordinator as the consumer and share group tools print it: `host:port  (id)`. */
export function coordinatorCell(description: { coordinator: string; coordinatorId?: number }, gap = '  '): string {
  return `${description.coordinator}${gap}(${cellOf(description.coordinatorId)})`;
}

/** `--members`: a blank line, the header and one line per member. */
export function formatConsumerMembers(description: GroupDescription, verbose: boolean): string {
  const members = [...description.members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  const group = widthOf(15, [description.groupId]);
  const id = widthOf(
    15,
    members.map((m) => m.memberId),
  );
  const host = widthOf(
    15,
    members.map((m) => m.host),
  );
  const client = widthOf(
    15,
    members.map((m) => m.clientId),
  );
  const epoch = (m: GroupMember): string => cellOf(m.memberEpoch);
  const current = (m: GroupMember): string => assignmentText(m.assignedPartitions);
  const target = (m: GroupMember): string => assignmentText(m.targetPartitions);
  if (!verbose) {
    const widths = [group, id, host, client, 15];
    const line = (cells: string[]): string => `${columnsLine(cells, widths)} `;
    return `\n${[
      line(['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS']),
      ...members.map((m) =>
        line([description.groupId, m.memberId, m.host, m.clientId, String(m.assignedPartitions.length)]),
      ),
    ].join('\n')}\n`;
  }
  const currentWidth = widthOf(20, members.map(current));
  const targetWidth = widthOf(20, members.map(target));
  const widths = [group, id, host, client, 15, 15, currentWidth, 15, targetWidth];
  const line = (cells: string[]): string => columnsLine(cells, widths);
  const header = [
    'GROUP',
    'CONSUMER-ID',
    'HOST',
    'CLIENT-ID',
    '#PARTITIONS',
    'CURRENT-EPOCH',
    'CURRENT-ASSIGNMENT',
    'TARGET-EPOCH',
    'TARGET-ASSIGNMENT',
  ];
  const rows = members.map((m) =>
    line([
      description.groupId,
      m.memberId,
      m.host,
      m.clientId,
      String(m.assignedPartitions.length),
      epoch(m),
      current(m),
      m.targetPartitions === null ? '-' : epoch(m),
      target(m),
    ]),
  );
  return `\n${[line(header), ...rows].join('\n')}\n`;
}

/** `--state`: a blank line, the header and the group's line. */
export function formatConsumerState(description: GroupDescription, verbose: boolean): string {
  const coordinator = coordinatorCell(description);
  const group = widthOf(15, [description.groupId]);
  const coordinatorWidth = widthOf(25, [coordinator]);
  const kip848 = description.protocol === 'consumer';
  const cells = [
    description.groupId,
    coordinator,
    description.assignor ? description.assignor : '-',
    description.state,
  ];
  const header = ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE'];
  const widths = [group, coordinatorWidth, 20, 20];
  if (verbose) {
    header.push('GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH');
    cells.push(kip848 ? cellOf(description.groupEpoch) : '-', kip848 ? cellOf(description.assignmentEpoch) : '-');
    widths.push(15, 25);
  }
  header.push('#MEMBERS');
  cells.push(String(description.members.length));
  return `\n${columnsLine(header, widths)}\n${columnsLine(cells, widths)}\n`;
}
