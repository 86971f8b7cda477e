// The command-line interface's commands (`demo`, `scenarios`, `describe`), written against injected
// output streams so they are tested in plain Node; `cliMain.ts` wires them to the process.

import { builtInScenarios, defaultScenarioName, findScenario } from '../scenarios/builtInScenarios';
import { ScenarioError } from '../simulator/offsetSimulator';
import {
  columnsFor,
  hasSeveralConsumersOrPartitions,
  mainColumns,
  extraColumns,
  toTextTable,
} from '../trace/executionTable';
import { findKeyMoments } from '../trace/keyMoments';
import { runScenario } from '../trace/trace';
import { parseJavaProperties, settingsFromProperties } from '../kafka/clientProperties';
import { formatDescribeTable, stateNotice, toDescribeJson } from '../kafka/describeRows';
import { isKafkaOperationError, KafkaOperationError } from '../kafka/kafkaErrors';
import { loadKafkaClient, type KafkaClient } from '../kafka/kafkaClientLoader';
import { defaultTimeoutMs, type KafkaConnectionOptions } from '../kafka/kafkaModel';
import { readFileSync } from 'node:fs';
import { parseBootstrapServers } from '../common/bootstrapServers';

/** Where the CLI writes; the process's streams in production, buffers in tests. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A command-line mistake: reported as one line on stderr with exit code 2. */
export class UsageError extends Error {}

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
  scenarios                         List the built-in scenarios.
  describe --bootstrap-server HOST:PORT --group G [--json] [--command-config FILE] [--timeout-ms N]
                                    Describe a live consumer group (classic or KIP-848) with the columns
                                    of kafka-consumer-groups --describe: GROUP TOPIC PARTITION
                                    CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID.
  help                              Show this help.

Options:
  --json                   Print one JSON object instead of the text table.
  --bootstrap-server LIST  HOST:PORT[,HOST:PORT...] of the cluster.
  --group G                The consumer group to describe.
  --command-config FILE    Kafka client properties, as Kafka's tools take them: security.protocol
                           (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), sasl.mechanism (PLAIN,
                           SCRAM-SHA-256, SCRAM-SHA-512), sasl.jaas.config (PlainLoginModule or
                           ScramLoginModule with username and password), ssl.truststore.type=PEM with
                           ssl.truststore.location or ssl.truststore.certificates,
                           ssl.endpoint.identification.algorithm, client.id. Not supported: JKS/PKCS12
                           stores, client certificates, GSSAPI, OAUTHBEARER.
  --timeout-ms N           Give up after N ms (default ${defaultTimeoutMs}); the answer or an error always comes
                           within it.
  --request-stats          Print how many requests were sent to the brokers, on stderr.
  --version                Print the version.`;

interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: Map<string, string | true>;
}

const knownFlags: Record<string, 'value' | 'switch'> = {
  scenario: 'value',
  json: 'switch',
  'bootstrap-server': 'value',
  group: 'value',
  'command-config': 'value',
  'timeout-ms': 'value',
  'request-stats': 'switch',
  help: 'switch',
  version: 'switch',
};

/** Parses `command --flag value --switch`; `--flag=value` works too. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const kind = knownFlags[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      if (kind === 'switch') {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        flags.set(name, true);
      } else {
        const value = inline ?? argv[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
      }
    } else if (command === undefined) {
      command = arg;
    } else {
      throw new UsageError(`unexpected argument "${arg}"`);
    }
  }
  return { command, flags };
}

function demo(flags: ParsedArgs['flags'], output: CliOutput): number {
  const requested = flags.get('scenario');
  const name = typeof requested === 'string' ? requested : defaultScenarioName;
  const scenario = findScenario(name);
  if (!scenario) {
    throw new UsageError(
      `unknown scenario "${name}"; built-in scenarios: ${builtInScenarios.map((s) => s.name).join(', ')}`,
    );
  }
  const trace = runScenario(scenario);
  const keyMoments = findKeyMoments(trace);
  if (flags.get('json') === true) {
    output.out(`${JSON.stringify({ scenario: scenario.name, steps: trace.steps, keyMoments }, null, 2)}\n`);
    return 0;
  }
  const columns = hasSeveralConsumersOrPartitions(trace)
    ? [...mainColumns, ...extraColumns.filter((c) => c.id === 'consumer' || c.id === 'partition')]
    : columnsFor(trace, false);
  const lines = [
    `Scenario: ${scenario.name} (${scenario.title})`,
    scenario.summary,
    '',
    toTextTable(trace.steps, columns),
    '',
  ];
  if (keyMoments.length === 0) {
    lines.push('Key moments: none');
  } else {
    lines.push('Key moments:');
    for (const moment of keyMoments) lines.push(`  step ${moment.step}  ${moment.kind.padEnd(18)} ${moment.text}`);
  }
  output.out(`${lines.join('\n')}\n`);
  return 0;
}

function scenarios(output: CliOutput): number {
  const width = Math.max(...builtInScenarios.map((s) => s.name.length));
  output.out(`${builtInScenarios.map((s) => `${s.name.padEnd(width)}  ${s.summary}`).join('\n')}\n`);
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

async function describe(flags: ParsedArgs['flags'], output: CliOutput, deps: CliDependencies): Promise<number> {
  const readTextFile = deps.readTextFile ?? ((file: string) => readFileSync(file, 'utf8'));
  const options = describeConnectionOptions(flags, readTextFile);
  const groupId = requiredValue(flags, 'group', 'describe');
  let client: KafkaClient;
  try {
    client = (deps.loadKafkaClient ?? loadKafkaClient)();
  } catch (error) {
    throw new KafkaOperationError('configuration', `cannot load the Kafka client: ${(error as Error).message}`);
  }
  const counter = flags.get('request-stats') === true ? client.startRequestCounter() : undefined;
  const inspector = client.createKafkaInspector(options);
  try {
    const description = await inspector.describeGroup(groupId);
    if (flags.get('json') === true) {
      output.out(`${JSON.stringify(toDescribeJson(description), null, 2)}\n`);
    } else {
      const notice = stateNotice(groupId, description.state);
      if (notice) output.err(`${notice}\n`);
      else if (description.rows.length === 0) {
        output.err(`Consumer group '${groupId}' has no assigned partitions and no committed offsets.\n`);
      }
      output.out(formatDescribeTable(groupId, description.rows));
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

/** Runs the CLI and resolves to the exit code. Never rejects: errors become one line on stderr. */
export async function runCli(
  argv: readonly string[],
  output: CliOutput,
  version: string,
  deps: CliDependencies = {},
): Promise<number> {
  try {
    const { command, flags } = parseArgs(argv);
    if (flags.get('version') === true) {
      output.out(`${version}\n`);
      return 0;
    }
    if (command === 'help' || flags.get('help') === true) {
      output.out(`${usage}\n`);
      return 0;
    }
    if (command === undefined) throw new UsageError('no command given (try: demo, scenarios, describe, help)');
    switch (command) {
      case 'demo':
        return demo(flags, output);
      case 'scenarios':
        return scenarios(output);
      case 'describe':
        return await describe(flags, output, deps);
      default:
        throw new UsageError(`unknown command "${command}" (try: demo, scenarios, describe, help)`);
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
