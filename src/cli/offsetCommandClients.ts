// What `reset-offsets` and `delete-offsets` share: their arguments as cliCommands.ts hands them over,
// the outside world they use (injected, so tests need no broker), the checks of their options, and
// the inspector + offset editor pair they run on, loaded lazily and always closed.

import { isKafkaOperationError } from '../kafka/kafkaErrors';
import type { KafkaClient } from '../kafka/kafkaClientLoader';
import type { KafkaConnectionOptions } from '../kafka/kafkaModel';
import type { OffsetChangeClients } from '../liveGroups/offsetChanges';
import { ResetRefused } from '../liveGroups/offsetReset';
import { parseTopicArgument, TopicArgumentError, type TopicArgument } from '../liveGroups/topicScope';
import type { CliOutput } from './cliOutput';
import { loadClientForCommand } from './kafkaClientLoading';
import { UsageError } from './usageError';

/** The parsed command line of an offset command. */
export interface OffsetCommandArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  /** Every `--topic` value, in order (the option repeats, as in Kafka's tool). */
  readonly topics: readonly string[];
}

/** The outside world of an offset command. */
export interface OffsetCommandDependencies {
  /** The connection options from --bootstrap-server, --command-config and --timeout-ms (throws a usage error). */
  readonly connection: () => KafkaConnectionOptions;
  /** The Kafka client bundle, loaded on first use. */
  readonly loadKafkaClient: () => KafkaClient;
  readonly readTextFile: (file: string) => string;
  /** The clock of `--by-duration` (default Date.now). */
  readonly now?: () => number;
}

/** Refuses any option the command does not take (other commands' options would be silently ignored otherwise). */
export function refuseOtherFlags(command: string, flags: OffsetCommandArgs['flags'], allowed: readonly string[]): void {
  for (const name of flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`${command} does not take --${name}`);
  }
}

/** A flag's value, which must be given and not blank. */
export function requiredFlag(flags: OffsetCommandArgs['flags'], name: string, command: string): string {
  const value = flags.get(name);
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${command} needs --${name}`);
  return value;
}

/** Refuses two options given together. */
export function refuseTogether(flags: OffsetCommandArgs['flags'], command: string, a: string, b: string): void {
  if (flags.has(a) && flags.has(b)) throw new UsageError(`${command} takes --${a} or --${b}, not both`);
}

/** True with --execute; --dry-run (the default) and --execute exclude each other, as in Kafka's tool. */
export function executeRequested(flags: OffsetCommandArgs['flags'], command: string): boolean {
  refuseTogether(flags, command, 'dry-run', 'execute');
  return flags.get('execute') === true;
}

/** The `--topic` arguments, read as Kafka's tool reads them (a mistake is a usage error). */
export function topicArguments(topics: readonly string[]): TopicArgument[] {
  try {
    return topics.map(parseTopicArgument);
  } catch (error) {
    if (error instanceof TopicArgumentError) throw new UsageError(error.message);
    throw error;
  }
}

/** Runs `work` with an inspector and an offset editor for the cluster, closing both afterwards. */
export async function withOffsetClients<T>(
  deps: OffsetCommandDependencies,
  options: KafkaConnectionOptions,
  work: (clients: OffsetChangeClients) => Promise<T>,
): Promise<T> {
  const client = loadClientForCommand(deps.loadKafkaClient);
  const inspector = client.createKafkaInspector(options);
  const editor = client.createKafkaOffsetEditor(options);
  try {
    return await work({ describeGroup: (groupId) => inspector.describeGroup(groupId), editor });
  } finally {
    await Promise.all([inspector.close(), editor.close()]);
  }
}

/**
 * Reports a refused change (a group that is not inactive, a shift without a committed offset, …) as
 * one line on stderr with exit code 1; rethrows anything else for runCli's handling.
 */
export function refusalExitCode(error: unknown, output: CliOutput): number {
  if (error instanceof ResetRefused && !isKafkaOperationError(error)) {
    output.err(`kafka-offset-trace: ${error.message}\n`);
    return 1;
  }
  throw error;
}
