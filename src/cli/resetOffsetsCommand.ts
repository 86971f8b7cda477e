// `reset-offsets`: Kafka's `kafka-consumer-groups --reset-offsets` with what-ifs. Reads the strategy
// and scope as the tool does, plans (a dry run unless --execute), refuses a group that is not inactive
// (exit 1, one line), and prints the tool's table with our columns, the contract's JSON, or the CSV.

import { applyGroupReset, planGroupReset } from '../liveGroups/offsetChanges';
import type { ResetPlanRow, ResetTarget } from '../liveGroups/offsetReset';
import { parseKafkaDateTime, parseKafkaDuration } from '../liveGroups/kafkaTimeArguments';
import { parseResetPlanCsv, resetPlanCsv, ResetPlanCsvError } from '../liveGroups/resetPlanCsv';
import { resolveTopicArguments } from '../liveGroups/topicScope';
import type { CliOutput } from './cliOutput';
import { resetJson, resetTableText, sortedRows } from './offsetChangeTables';
import {
  executeRequested,
  refusalExitCode,
  refuseOtherFlags,
  refuseTogether,
  requiredFlag,
  topicArguments,
  withOffsetClients,
  type OffsetCommandArgs,
  type OffsetCommandDependencies,
} from './offsetCommandClients';
import { UsageError } from './usageError';

const command = 'reset-offsets';

/** Kafka's reset strategies, by option name. */
export const resetStrategies = [
  'to-earliest',
  'to-latest',
  'to-offset',
  'to-datetime',
  'by-duration',
  'shift-by',
  'to-current',
  'from-file',
] as const;

const allowedFlags = [
  ...resetStrategies,
  'bootstrap-server',
  'group',
  'topic',
  'all-topics',
  'dry-run',
  'execute',
  'export',
  'json',
  'command-config',
  'timeout-ms',
];

/** An integer option value (`--to-offset`, `--shift-by`; Java's Long.parseLong takes a leading + or -). */
function integerValue(name: string, text: string): number {
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${name} must be an integer, got "${text}"`);
  }
  return value;
}

/** Reads `--from-file`: Kafka's reset-plan CSV, for this group; a bad line is a usage error naming it. */
function planFromFile(file: string, groupId: string, readTextFile: (file: string) => string): ResetTarget {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot read --from-file ${file} (${reason})`);
  }
  try {
    return { kind: 'file', offsets: parseResetPlanCsv(text, groupId), source: file };
  } catch (error) {
    if (error instanceof ResetPlanCsvError) throw new UsageError(`--from-file ${file}: ${error.message}`);
    throw error;
  }
}

/** The one strategy of the command line, with its value checked as Kafka's tool reads it. */
export function resetTargetFromFlags(
  flags: OffsetCommandArgs['flags'],
  groupId: string,
  readTextFile: (file: string) => string,
): ResetTarget {
  const given = resetStrategies.filter((name) => flags.has(name));
  if (given.length === 0) {
    throw new UsageError(`${command} needs one strategy: ${resetStrategies.map((s) => `--${s}`).join(', ')}`);
  }
  if (given.length > 1) {
    throw new UsageError(`${command} takes one strategy, got ${given.map((s) => `--${s}`).join(' and ')}`);
  }
  const strategy = given[0];
  const value = String(flags.get(strategy));
  switch (strategy) {
    case 'to-earliest':
      return { kind: 'earliest' };
    case 'to-latest':
      return { kind: 'latest' };
    case 'to-current':
      return { kind: 'current' };
    case 'to-offset':
      return { kind: 'offset', offset: integerValue(strategy, value) };
    case 'shift-by':
      return { kind: 'shift', by: integerValue(strategy, value) };
    case 'to-datetime': {
      const timestampMs = parseKafkaDateTime(value);
      if (timestampMs === undefined) {
        throw new UsageError(
          `--to-datetime must be YYYY-MM-DDThh:mm:ss.sss with an optional zone (Z, +hh:mm or +hh; none: UTC), as Kafka's tool reads it, got "${value}"`,
        );
      }
      return { kind: 'datetime', timestampMs };
    }
    case 'by-duration': {
      const durationMs = parseKafkaDuration(value);
      if (durationMs === undefined) {
        throw new UsageError(
          `--by-duration must be an ISO-8601 duration PnDTnHnMnS (e.g. PT1H, P1DT30M), got "${value}"`,
        );
      }
      return { kind: 'duration', duration: value, durationMs };
    }
    case 'from-file':
      return planFromFile(value, groupId, readTextFile);
  }
}

/** One warning line on stderr for each row whose offset is not the target itself (the tool logs these as WARN). */
function warnings(rows: readonly ResetPlanRow[]): string {
  return sortedRows(rows)
    .map((r) => {
      const key = `${r.topic}-${r.partition}`;
      if (r.noOffsetForTime) return `no record of ${key} is at or after the time: its new offset is the log end`;
      if (r.clampedTo === 'log end')
        return `the target is past the log end of ${key}: its new offset is ${r.newOffset}`;
      if (r.clampedTo === 'log start')
        return `the target is before the log start of ${key}: its new offset is ${r.newOffset}`;
      return undefined;
    })
    .filter((line): line is string => line !== undefined)
    .map((line) => `kafka-offset-trace: warning: ${line}\n`)
    .join('');
}

/** Runs `reset-offsets`; resolves to the exit code (0, 1 when refused or Kafka fails, 2 for usage errors). */
export async function resetOffsetsCommand(
  args: OffsetCommandArgs,
  output: CliOutput,
  deps: OffsetCommandDependencies,
): Promise<number> {
  const { flags } = args;
  refuseOtherFlags(command, flags, allowedFlags);
  requiredFlag(flags, 'bootstrap-server', command);
  const groupId = requiredFlag(flags, 'group', command);
  const execute = executeRequested(flags, command);
  refuseTogether(flags, command, 'export', 'json');
  refuseTogether(flags, command, 'topic', 'all-topics');
  if (flags.has('from-file') && (flags.has('topic') || flags.has('all-topics'))) {
    throw new UsageError('--from-file names its own partitions: give it without --topic or --all-topics');
  }
  const topics = topicArguments(args.topics);
  const target = resetTargetFromFlags(flags, groupId, deps.readTextFile);
  const options = deps.connection();
  try {
    return await withOffsetClients(deps, options, async (clients) => {
      // No scope, or --all-topics: the partitions the group has committed offsets for.
      const chosen =
        topics.length > 0 ? await resolveTopicArguments(topics, (names) => clients.editor.topicPartitions(names)) : [];
      const plan = await planGroupReset(clients, groupId, target, chosen, deps.now ? { now: deps.now } : {});
      if (execute) await applyGroupReset(clients, groupId, plan.rows);
      output.err(warnings(plan.rows));
      if (flags.get('json') === true) {
        output.out(`${JSON.stringify(resetJson(groupId, execute, plan.rows), null, 2)}\n`);
        return 0;
      }
      if (!execute) output.err('kafka-offset-trace: dry run: nothing changed; add --execute to commit these offsets\n');
      if (flags.get('export') === true) {
        // Kafka prints the CSV with println: the lines, then one more line end.
        const offsets = sortedRows(plan.rows).map((r) => ({
          topic: r.topic,
          partition: r.partition,
          offset: r.newOffset,
        }));
        output.out(`${resetPlanCsv(offsets)}\n`);
      } else {
        output.out(resetTableText(groupId, plan.rows));
      }
      return 0;
    });
  } catch (error) {
    return refusalExitCode(error, output);
  }
}
