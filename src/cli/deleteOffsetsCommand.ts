// `delete-offsets`: Kafka's `kafka-consumer-groups --delete-offsets` for an inactive group, with what
// the group's next start would do. Unlike Kafka's tool it is a dry run unless --execute (the
// product's rule: no offset changes without a preview and an explicit go-ahead).

import { ResetRefused } from '../liveGroups/offsetReset';
import { applyGroupDelete, deletePlanWithLogs, planGroupDelete } from '../liveGroups/offsetChanges';
import { resolveTopicArguments } from '../liveGroups/topicScope';
import type { CliOutput } from './cliOutput';
import { deleteJson, deleteTableText } from './offsetChangeTables';
import {
  executeRequested,
  refusalExitCode,
  refuseOtherFlags,
  requiredFlag,
  topicArguments,
  withOffsetClients,
  type OffsetCommandArgs,
  type OffsetCommandDependencies,
} from './offsetCommandClients';
import { UsageError } from './usageError';

const command = 'delete-offsets';

const allowedFlags = [
  'bootstrap-server',
  'group',
  'topic',
  'dry-run',
  'execute',
  'json',
  'command-config',
  'timeout-ms',
];

/** Runs `delete-offsets`; resolves to the exit code (0, 1 when refused or Kafka fails, 2 for usage errors). */
export async function deleteOffsetsCommand(
  args: OffsetCommandArgs,
  output: CliOutput,
  deps: OffsetCommandDependencies,
): Promise<number> {
  const { flags } = args;
  refuseOtherFlags(command, flags, allowedFlags);
  requiredFlag(flags, 'bootstrap-server', command);
  const groupId = requiredFlag(flags, 'group', command);
  const execute = executeRequested(flags, command);
  // As Kafka's tool: --delete-offsets takes --group and --topic.
  if (args.topics.length === 0) throw new UsageError(`${command} needs --topic T[:P,...] (repeatable)`);
  const topics = topicArguments(args.topics);
  const options = deps.connection();
  try {
    return await withOffsetClients(deps, options, async (clients) => {
      const partitions = await resolveTopicArguments(topics, (names) => clients.editor.topicPartitions(names));
      const plan = await planGroupDelete(clients, groupId, partitions);
      if (plan.description.state === 'Dead' && plan.description.rows.length === 0) {
        // Kafka's tool: "Error: The group id does not exist."
        throw new ResetRefused(`Consumer group '${groupId}' does not exist.`);
      }
      const rows = await deletePlanWithLogs(clients, groupId, plan.rows);
      if (execute) await applyGroupDelete(clients, groupId, plan.rows);
      if (flags.get('json') === true) {
        output.out(`${JSON.stringify(deleteJson(groupId, execute, rows), null, 2)}\n`);
      } else {
        output.out(deleteTableText(groupId, execute, rows));
      }
      return 0;
    });
  } catch (error) {
    return refusalExitCode(error, output);
  }
}
