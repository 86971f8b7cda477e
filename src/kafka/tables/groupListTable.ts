// The group list as `kafka-groups --list` prints it (GROUP TYPE PROTOCOL, every column as wide as the
// widest cell and at least 20), and the `list --json` object of the CLI contract.

import type { GroupListing, GroupType } from '../kafkaModel';
import { columnsLine, widthOf } from './textColumns';

/** The TYPE column: Kafka's GroupType names. */
const typeNames: Record<GroupType, string> = {
  classic: 'Classic',
  consumer: 'Consumer',
  share: 'Share',
  streams: 'Streams',
};

/** The list as the tool prints it: the header, then one line per group (each cell followed by a space). */
export function formatGroupList(groups: readonly GroupListing[]): string {
  const cells = groups.map((g) => [g.groupId, typeNames[g.type], g.protocolType]);
  const width = widthOf(20, cells.flat());
  const widths = [width, width, width];
  const lines = [
    columnsLine(['GROUP', 'TYPE', 'PROTOCOL'], widths),
    ...cells.map((row) => `${columnsLine(row, widths)} `),
  ];
  return `${lines.join('\n')}\n`;
}

/** `list --json`: `{"groups": [{"group", "type", "protocol", "state"}]}`. */
export function toGroupListJson(groups: readonly GroupListing[]): {
  groups: { group: string; type: GroupType; protocol: string; state: string }[];
} {
  return {
    groups: groups.map((g) => ({ group: g.groupId, type: g.type, protocol: g.protocolType, state: g.state })),
  };
}
