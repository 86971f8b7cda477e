// What `describe` prints: its arguments, the `--json` object (the contract's, with members or state
// when asked), the text the matching Kafka tool prints with its notice, and the `--request-stats` line.

import { formatDescribeTable, stateNotice, toDescribeJson } from '../kafka/describeRows';
import type { AnyGroupDescription, KafkaConnectionOptions } from '../kafka/kafkaModel';
import { formatConsumerMembers, formatConsumerState } from '../kafka/tables/consumerGroupTables';
import {
  formatShareMembers,
  formatShareOffsets,
  formatShareState,
  shareStateNotice,
  toShareDescribeJson,
} from '../kafka/tables/shareGroupTables';
import {
  formatStreamsMembers,
  formatStreamsOffsets,
  formatStreamsState,
  streamsStateNotice,
  toStreamsDescribeJson,
} from '../kafka/tables/streamsGroupTables';

/** Requests counted by one path (the wire path's or the full client's counter). */
export interface CountedRequests {
  readonly total: number;
  readonly byApi: Readonly<Record<string, number>>;
}

export interface DescribeArgs {
  readonly options: KafkaConnectionOptions;
  /** The group; null: every consumer group (`--all-groups`). */
  readonly groupId: string | null;
  readonly json: boolean;
  readonly members: boolean;
  readonly state: boolean;
  readonly verbose: boolean;
  readonly requestStats: boolean;
}

/** The `--json` object: the contract's describe object, with the members or the state when asked. */
export function describeJson(d: AnyGroupDescription, args: DescribeArgs): unknown {
  const base =
    d.type === 'share' ? toShareDescribeJson(d) : d.type === 'streams' ? toStreamsDescribeJson(d) : toDescribeJson(d);
  if (args.state) {
    return {
      group: base.group,
      type: base.type,
      protocol: base.protocol,
      state: base.state,
      coordinator: d.coordinator,
      coordinatorId: d.coordinatorId ?? null,
      assignor: d.assignor ?? null,
      groupEpoch: d.groupEpoch ?? null,
      assignmentEpoch: d.type === 'streams' ? d.targetAssignmentEpoch : (d.assignmentEpoch ?? null),
      members: d.members.length,
    };
  }
  if (args.members) {
    return { group: base.group, type: base.type, protocol: base.protocol, state: base.state, members: d.members };
  }
  return base;
}

/** The text the matching Kafka tool prints, and the notice it gives first (on stderr here). */
export function describeText(d: AnyGroupDescription, args: DescribeArgs): { notice: string | null; table: string } {
  const { members, state, verbose } = args;
  switch (d.type) {
    case 'share': {
      const notice = members || state ? shareStateNotice(d) : null;
      return {
        notice,
        table: state
          ? formatShareState(d, verbose)
          : members
            ? formatShareMembers(d, verbose)
            : formatShareOffsets(d, verbose),
      };
    }
    case 'streams': {
      const table = state
        ? formatStreamsState(d, verbose)
        : members
          ? formatStreamsMembers(d, verbose)
          : formatStreamsOffsets(d, true);
      return { notice: streamsStateNotice(d), table };
    }
    default: {
      if (state) return { notice: stateNotice(d.groupId, d.state), table: formatConsumerState(d, verbose) };
      if (members) {
        const notice = stateNotice(d.groupId, d.state);
        return { notice, table: d.members.length === 0 ? '' : formatConsumerMembers(d, verbose) };
      }
      const notice =
        stateNotice(d.groupId, d.state) ??
        (d.rows.length === 0
          ? `Consumer group '${d.groupId}' has no assigned partitions and no committed offsets.`
          : null);
      return { notice, table: formatDescribeTable(d.groupId, d.rows) };
    }
  }
}

/** Requests counted by the two paths, merged for `--request-stats`. */
export function statsLine(parts: readonly CountedRequests[]): string {
  const byApi: Record<string, number> = {};
  let total = 0;
  for (const part of parts) {
    total += part.total;
    for (const [api, count] of Object.entries(part.byApi)) byApi[api] = (byApi[api] ?? 0) + count;
  }
  return `requests: ${total} (${Object.entries(byApi)
    .map(([api, count]) => `${api} ${count}`)
    .join(', ')})\n`;
}
