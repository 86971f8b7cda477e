// `describe`: a group of any type with the matching Kafka tool's columns: the consumer group tool's
// for classic and KIP-848 groups, `kafka-share-groups`' for share groups, `kafka-streams-groups
// --verbose`' offsets for streams groups; `--members [--verbose]` and `--state [--verbose]` as those
// tools print them; `--json` as the CLI contract says.

import { formatDescribeTable, stateNotice, toDescribeJson } from '../kafka/describeRows';
import type { KafkaClient } from '../kafka/kafkaClientLoader';
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
import type { CliOutput } from './cliOutput';
import { loadClientForCommand } from './kafkaClientLoading';
import { UsageError } from './usageError';

export interface DescribeArgs {
  readonly options: KafkaConnectionOptions;
  readonly groupId: string;
  readonly json: boolean;
  readonly members: boolean;
  readonly state: boolean;
  readonly verbose: boolean;
  readonly requestStats: boolean;
}

/** The `--json` object: the contract's describe object, with the members or the state when asked. */
function describeJson(d: AnyGroupDescription, args: DescribeArgs): unknown {
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
function describeText(d: AnyGroupDescription, args: DescribeArgs): { notice: string | null; table: string } {
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

/** Runs `describe`; resolves to the exit code. */
export async function describeCommand(
  args: DescribeArgs,
  output: CliOutput,
  loadKafkaClient: () => KafkaClient,
): Promise<number> {
  if (args.members && args.state) throw new UsageError('describe takes --members or --state, not both');
  const client = loadClientForCommand(loadKafkaClient);
  const counter = args.requestStats ? client.startRequestCounter() : undefined;
  const inspector = client.createKafkaInspector(args.options);
  try {
    const description = await inspector.describeAnyGroup(args.groupId);
    if (args.json) {
      output.out(`${JSON.stringify(describeJson(description, args), null, 2)}\n`);
    } else {
      const { notice, table } = describeText(description, args);
      if (notice) output.err(`${notice}\n`);
      output.out(table);
    }
    return 0;
  } finally {
    await inspector.close();
    if (counter) {
      const stats = counter.stop();
      const parts = Object.entries(stats.byApi).map(([api, count]) => `${api} ${count}`);
      output.err(`requests: ${stats.total} (${parts.join(', ')})\n`);
    }
  }
}
