// The command-line interface's commands (`demo`, `run`, `scenarios`, `describe`, `run-on-kafka`,
// `reset-offsets`, `delete-offsets`), written against
// injected output streams so they are tested in plain Node; `cliMain.ts` wires them to the process.

import {
  builtInScenarioFiles,
  builtInScenarios,
  defaultScenarioName,
  findScenario,
} from '../scenarios/builtInScenarios';
import { ScenarioError } from '../simulator/offsetSimulator';
import { runScenario } from '../trace/trace';
import type { TraceFileOrigin } from '../trace/traceFile';
import { writeTraceFile } from '../trace/traceFileIo';
import { loadTraceFile, TraceLoadError, type LoadedTraceFile } from '../trace/traceLoader';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseJavaProperties, settingsFromProperties } from '../kafka/clientProperties';
import { isKafkaOperationError } from '../kafka/kafkaErrors';
import { loadKafkaClient, type KafkaClient } from '../kafka/kafkaClientLoader';
import { defaultTimeoutMs, type KafkaConnectionOptions } from '../kafka/kafkaModel';
import { parseBootstrapServers } from '../common/bootstrapServers';
import type { CliOutput } from './cliOutput';
import { printTrace } from './tracePrinter';
import { runOnKafkaCommand } from './runOnKafkaCommand';
import { resetOffsetsCommand } from './resetOffsetsCommand';
import { deleteOffsetsCommand } from './deleteOffsetsCommand';
import { describeCommand } from './describeCommand';
import { listCommand } from './listCommand';
import { recordCommand } from './recordCommand';
import { UsageError } from './usageError';

export type { CliOutput } from './cliOutput';
export { UsageError } from './usageError';

/** What the CLI needs from outside; tests may replace the file reader. */
export interface CliDependencies {
  /** Loads the Kafka client (default: the lazily loaded dist/kafkaClient.js). */
  readonly loadKafkaClient?: () => KafkaClient;
  /** Reads a text file (default: fs.readFileSync as UTF-8). */
  readonly readTextFile?: (file: string) => string;
}

export const usage = `Usage: kafka-offset-trace <command> [options]

Commands:
  demo [--scenario NAME] [--json]   Print the execution table of a built-in scenario
                                    (default: ${defaultScenarioName}) and its key moments.
  run FILE [--json] [--out TRACE]   Run a scenario file (*.offsets.yaml) or replay a trace file
                                    (*.offsets-trace.jsonl) and print its table as demo does; --out
                                    writes the trace file. An invalid scenario prints FILE:LINE:COLUMN:
                                    message lines on stderr and exits 2.
  scenarios [--export DIR]          List the built-in scenarios, or write them to DIR as scenario files.
  run-on-kafka --bootstrap-server HOST:PORT FILE [--protocol classic|consumer] [--json] [--out TRACE]
               [--kafka-jars DIR]   Run a scenario (a file or a built-in's name) on a real cluster with
                                    Kafka's Java KafkaConsumer (one JVM per consumer; Java 17+), print
                                    the observed table and every difference from the simulator. Exit
                                    0 when they agree, 3 when they differ.
  describe --bootstrap-server HOST:PORT (--group G | --all-groups) [--members | --state] [--verbose]
           [--json] [--command-config FILE] [--timeout-ms N]
                                    Describe a live group of any type with the matching Kafka tool's
                                    columns: kafka-consumer-groups (classic, KIP-848), kafka-share-groups
                                    (share), kafka-streams-groups --verbose (streams); --members and
                                    --state as those tools print them. --all-groups: every consumer
                                    group (classic and KIP-848), as kafka-consumer-groups --describe
                                    --all-groups, in a few requests whatever their number.
  reset-offsets --bootstrap-server HOST:PORT --group G STRATEGY [--topic T[:P,...]... | --all-topics]
                [--dry-run | --execute] [--export | --json] [--command-config FILE] [--timeout-ms N]
                                    Plan (and with --execute commit) new offsets for an inactive group, as
                                    kafka-consumer-groups --reset-offsets: its table (GROUP TOPIC PARTITION
                                    NEW-OFFSET), then CURRENT-OFFSET LAG-BEFORE LAG-AFTER REREAD SKIPPED and
                                    the totals. STRATEGY: --to-earliest, --to-latest, --to-offset N,
                                    --to-datetime YYYY-MM-DDThh:mm:ss.sss[Z|+hh:mm], --by-duration PnDTnHnMnS,
                                    --shift-by N, --to-current, --from-file CSV. Without a scope: --all-topics
                                    (the partitions the group has committed offsets for). --export prints
                                    the plan as the CSV --from-file reads.
  delete-offsets --bootstrap-server HOST:PORT --group G --topic T[:P,...]... [--dry-run | --execute] [--json]
                                    Delete committed offsets of an inactive group (a dry run unless
                                    --execute), with the columns of kafka-consumer-groups --delete-offsets.
  list --bootstrap-server HOST:PORT [--json]
                                    Every group of every type (classic, consumer, share, streams) as
                                    kafka-groups --list prints them: GROUP TYPE PROTOCOL (--json adds state).
  record --bootstrap-server HOST:PORT --group G --out FILE [--interval-ms N] [--duration-ms N]
                                    Sample a live consumer group into a trace file (append-only; a sample
                                    the cluster does not answer is a gap) until --duration-ms or Ctrl+C.
  help                              Show this help.

Options:
  --json                   Print one JSON object instead of the text table.
  --out TRACE              Where run writes the trace file (written atomically).
  --export DIR             Where scenarios writes the built-in scenario files (reset-offsets --export:
                           print the plan as Kafka's reset-plan CSV instead of the table).
  --bootstrap-server LIST  HOST:PORT[,HOST:PORT...] of the cluster.
  --group G                The consumer group to describe, reset or delete offsets of.
  --topic T[:P,...]        reset-offsets, delete-offsets: a topic, or only these partitions of it
                           (repeat the option for more topics).
  --dry-run | --execute    reset-offsets, delete-offsets: only show the change (the default), or make it.
  --command-config FILE    Kafka client properties, as Kafka's tools take them: security.protocol
                           (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), sasl.mechanism (PLAIN,
                           SCRAM-SHA-256, SCRAM-SHA-512), sasl.jaas.config (PlainLoginModule or
                           ScramLoginModule with username and password), ssl.truststore.type=PEM with
                           ssl.truststore.location or ssl.truststore.certificates,
                           ssl.endpoint.identification.algorithm, client.id. Not supported: JKS/PKCS12
                           stores, client certificates, GSSAPI, OAUTHBEARER.
  --protocol P             run-on-kafka: the group protocol to run under (default: the scenario's own).
  --kafka-jars DIR         run-on-kafka: the Kafka client jars (default: KAFKA_OFFSET_TRACE_JARS, or
                           .tools/kafka/lib, which node scripts/kafka.mjs jars fills with Maven).
  --timeout-ms N           Give up after N ms (default ${defaultTimeoutMs}); the answer or an error always comes
                           within it.
  --request-stats          Print how many requests were sent to the brokers, on stderr.
  --version                Print the version.`;

interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: Map<string, string | true>;
  /** Arguments after the command that are not options (e.g. run's FILE). */
  readonly operands: readonly string[];
  /** Every value of an option that may repeat ('values'), in order (e.g. `--topic a --topic b:0`). */
  readonly repeated: ReadonlyMap<string, readonly string[]>;
}

/** 'values': takes a value and may be given more than once (all kept in `repeated`, the last in `flags`). */
const knownFlags: Record<string, 'value' | 'switch' | 'values'> = {
  scenario: 'value',
  json: 'switch',
  out: 'value',
  export: 'value',
  'bootstrap-server': 'value',
  group: 'value',
  'all-groups': 'switch',
  'command-config': 'value',
  'timeout-ms': 'value',
  'request-stats': 'switch',
  protocol: 'value',
  'kafka-jars': 'value',
  topic: 'values',
  'all-topics': 'switch',
  'dry-run': 'switch',
  execute: 'switch',
  'to-earliest': 'switch',
  'to-latest': 'switch',
  'to-current': 'switch',
  'to-offset': 'value',
  'to-datetime': 'value',
  'by-duration': 'value',
  'shift-by': 'value',
  'from-file': 'value',
  members: 'switch',
  state: 'switch',
  verbose: 'switch',
  offsets: 'switch',
  'interval-ms': 'value',
  'duration-ms': 'value',
  help: 'switch',
  version: 'switch',
};

/** Options whose kind differs for one command (given first): `reset-offsets --export` is Kafka's switch. */
const commandFlags: Record<string, Record<string, 'switch'>> = { 'reset-offsets': { export: 'switch' } };

/** Parses `command --flag value --switch`; `--flag=value` works too. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  const repeated = new Map<string, string[]>();
  let command: string | undefined;
  const firstCommand = argv[0]?.startsWith('--') ? undefined : argv[0];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const kind = (firstCommand !== undefined ? commandFlags[firstCommand]?.[name] : undefined) ?? knownFlags[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      if (kind === 'switch') {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        flags.set(name, true);
      } else {
        const value = inline ?? argv[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
        if (kind === 'values') repeated.set(name, [...(repeated.get(name) ?? []), value]);
      }
    } else if (command === undefined) {
      command = arg;
    } else {
      operands.push(arg);
    }
  }
  return { command, flags, operands, repeated };
}

/** No command but `run` takes operands. */
function refuseOperands(parsed: ParsedArgs): void {
  if (parsed.operands.length > 0) throw new UsageError(`unexpected argument "${parsed.operands[0]}"`);
}

function demo(parsed: ParsedArgs, output: CliOutput): number {
  refuseOperands(parsed);
  const requested = parsed.flags.get('scenario');
  const name = typeof requested === 'string' ? requested : defaultScenarioName;
  const scenario = findScenario(name);
  if (!scenario) {
    throw new UsageError(
      `unknown scenario "${name}"; built-in scenarios: ${builtInScenarios()
        .map((s) => s.name)
        .join(', ')}`,
    );
  }
  printTrace(runScenario(scenario), parsed.flags.get('json') === true, output);
  return 0;
}

/** The header origin of a trace written from a loaded file, with the scenario file relative to the trace file. */
function originFor(loaded: LoadedTraceFile, outFile: string): TraceFileOrigin {
  if (loaded.kind === 'trace' && loaded.header) {
    const origin = loaded.header.origin;
    if (origin.kind === 'scenario' && loaded.scenarioFile) {
      return { ...origin, file: path.relative(path.dirname(path.resolve(outFile)), loaded.scenarioFile) };
    }
    return origin;
  }
  return {
    kind: 'scenario',
    name: loaded.trace.source.name,
    file: path.relative(path.dirname(path.resolve(outFile)), path.resolve(loaded.file)),
  };
}

async function run(parsed: ParsedArgs, output: CliOutput): Promise<number> {
  if (parsed.operands.length === 0) throw new UsageError('run needs a FILE: a scenario file or a trace file');
  if (parsed.operands.length > 1) throw new UsageError(`run takes one FILE, got "${parsed.operands[1]}" too`);
  const file = parsed.operands[0];
  let loaded: LoadedTraceFile;
  try {
    loaded = await loadTraceFile(file);
  } catch (error) {
    if (error instanceof TraceLoadError) {
      output.err(`${error.lines.join('\n')}\n`);
      return 2;
    }
    throw error;
  }
  for (const warning of loaded.warnings) output.err(`${warning.replace(/^(\S+?:\d+(?::\d+)?): /, '$1: warning: ')}\n`);
  const out = parsed.flags.get('out');
  if (typeof out === 'string') {
    try {
      await writeTraceFile(out, loaded.trace, originFor(loaded, out));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      output.err(`kafka-offset-trace: cannot write ${out} (${code})\n`);
      return 1;
    }
  }
  printTrace(loaded.trace, parsed.flags.get('json') === true, output);
  return 0;
}

function scenarios(parsed: ParsedArgs, output: CliOutput): number {
  refuseOperands(parsed);
  const folder = parsed.flags.get('export');
  if (typeof folder === 'string') {
    try {
      mkdirSync(folder, { recursive: true });
      for (const file of builtInScenarioFiles) writeFileSync(path.join(folder, file.fileName), file.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UsageError(`cannot write the scenario files to ${folder} (${code})`);
    }
    output.out(`${builtInScenarioFiles.map((file) => path.join(folder, file.fileName)).join('\n')}\n`);
    return 0;
  }
  const width = Math.max(...builtInScenarios().map((s) => s.name.length));
  output.out(
    `${builtInScenarios()
      .map((s) => `${s.name.padEnd(width)}  ${s.summary}`)
      .join('\n')}\n`,
  );
  return 0;
}

/** Parses `--bootstrap-server HOST:PORT[,HOST:PORT...]`. */
function bootstrapServersFlag(value: string): string[] {
  const parsed = parseBootstrapServers(value);
  if ('error' in parsed) {
    throw new UsageError(`--bootstrap-server must be HOST:PORT[,HOST:PORT...], got "${parsed.badEntry ?? value}"`);
  }
  return parsed.servers;
}

function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

function requiredValue(flags: ParsedArgs['flags'], name: string, command: string): string {
  const value = flags.get(name);
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${command} needs --${name}`);
  return value;
}

/** The connection options of `describe`: the flags, plus the --command-config properties file. */
export function describeConnectionOptions(
  flags: ParsedArgs['flags'],
  readTextFile: (file: string) => string,
): KafkaConnectionOptions {
  const bootstrapServers = bootstrapServersFlag(requiredValue(flags, 'bootstrap-server', 'describe'));
  let timeoutMs = defaultTimeoutMs;
  const timeout = flags.get('timeout-ms');
  if (typeof timeout === 'string') {
    timeoutMs = Number(timeout);
    if (!/^\d+$/.test(timeout) || timeoutMs < 1 || timeoutMs > 3_600_000) {
      throw new UsageError(`--timeout-ms must be a whole number of milliseconds from 1 to 3600000, got "${timeout}"`);
    }
  }
  const configFile = flags.get('command-config');
  let settings = {};
  if (typeof configFile === 'string') {
    let text: string;
    try {
      text = readTextFile(configFile);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UsageError(`cannot read --command-config ${configFile} (${reason})`);
    }
    settings = settingsFromProperties(parseJavaProperties(text), readTextFile);
  }
  return { bootstrapServers, timeoutMs, ...settings };
}

/** Runs the CLI and resolves to the exit code. Never rejects: errors become one line on stderr. */
export async function runCli(
  argv: readonly string[],
  output: CliOutput,
  version: string,
  deps: CliDependencies = {},
): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    const { command, flags } = parsed;
    if (flags.get('version') === true) {
      output.out(`${version}\n`);
      return 0;
    }
    if (command === 'help' || flags.get('help') === true) {
      output.out(`${usage}\n`);
      return 0;
    }
    const readTextFile = deps.readTextFile ?? ((file: string) => readFileSync(file, 'utf8'));
    if (command === undefined)
      throw new UsageError(
        'no command given (try: demo, run, scenarios, describe, list, record, run-on-kafka, reset-offsets, help)',
      );
    switch (command) {
      case 'demo':
        return demo(parsed, output);
      case 'run':
        return await run(parsed, output);
      case 'scenarios':
        return scenarios(parsed, output);
      case 'describe': {
        refuseOperands(parsed);
        const allGroups = flags.get('all-groups') === true;
        if (allGroups && flags.has('group')) throw new UsageError('describe takes --group G or --all-groups, not both');
        return await describeCommand(
          {
            options: describeConnectionOptions(flags, readTextFile),
            groupId: allGroups ? null : requiredValue(flags, 'group', 'describe'),
            json: flags.get('json') === true,
            members: flags.get('members') === true,
            state: flags.get('state') === true,
            verbose: flags.get('verbose') === true,
            requestStats: flags.get('request-stats') === true,
          },
          output,
          deps.loadKafkaClient ?? loadKafkaClient,
        );
      }
      case 'list': {
        refuseOperands(parsed);
        return await listCommand(
          describeConnectionOptions(flags, readTextFile),
          flags.get('json') === true,
          output,
          deps.loadKafkaClient ?? loadKafkaClient,
        );
      }
      case 'record': {
        refuseOperands(parsed);
        return await recordCommand(
          {
            options: describeConnectionOptions(flags, readTextFile),
            groupId: requiredValue(flags, 'group', 'record'),
            out: requiredValue(flags, 'out', 'record'),
            intervalMs: stringFlag(flags, 'interval-ms'),
            durationMs: stringFlag(flags, 'duration-ms'),
          },
          output,
          { loadKafkaClient: deps.loadKafkaClient ?? loadKafkaClient },
        );
      }
      case 'run-on-kafka':
        return await runOnKafkaCommand(
          {
            operands: parsed.operands,
            bootstrapServers: bootstrapServersFlag(requiredValue(flags, 'bootstrap-server', 'run-on-kafka')).join(','),
            json: flags.get('json') === true,
            out: stringFlag(flags, 'out'),
            protocol: stringFlag(flags, 'protocol'),
            kafkaJars: stringFlag(flags, 'kafka-jars'),
          },
          output,
        );
      case 'reset-offsets':
      case 'delete-offsets': {
        refuseOperands(parsed);
        const offsetCommand = command === 'reset-offsets' ? resetOffsetsCommand : deleteOffsetsCommand;
        return await offsetCommand({ flags, topics: parsed.repeated.get('topic') ?? [] }, output, {
          connection: () => describeConnectionOptions(flags, readTextFile),
          loadKafkaClient: deps.loadKafkaClient ?? loadKafkaClient,
          readTextFile,
        });
      }
      default:
        throw new UsageError(
          `unknown command "${command}" (try: demo, run, scenarios, describe, list, record, run-on-kafka, reset-offsets, help)`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      output.err(`kafka-offset-trace: ${error.message}\n`);
      return 2;
    }
    if (isKafkaOperationError(error)) {
      output.err(`kafka-offset-trace: ${error.message}\n`);
      return error.kind === 'configuration' ? 2 : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(`kafka-offset-trace: internal error: ${message}\n`);
    return 1;
  }
}
