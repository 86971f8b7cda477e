// The command-line interface's commands (`demo`, `scenarios`), written against injected
// output streams so they are tested in plain Node; `cliMain.ts` wires them to the process.

import { builtInScenarios, defaultScenarioName, findScenario } from '../core/simulator/scenarios';
import { ScenarioError } from '../core/simulator/offsetSimulator';
import {
  columnsFor,
  hasSeveralConsumersOrPartitions,
  mainColumns,
  extraColumns,
  toTextTable,
} from '../core/trace/executionTable';
import { findKeyMoments } from '../core/trace/keyMoments';
import { runScenario } from '../core/trace/trace';

/** Where the CLI writes; the process's streams in production, buffers in tests. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A command-line mistake: reported as one line on stderr with exit code 2. */
export class UsageError extends Error {}

export const usage = `Usage: kafka-offset-trace <command> [options]

Commands:
  demo [--scenario NAME] [--json]   Print the execution table of a built-in scenario
                                    (default: ${defaultScenarioName}) and its key moments.
  scenarios                         List the built-in scenarios.
  help                              Show this help.

Options:
  --json        Print one JSON object instead of the text table.
  --version     Print the version.`;

interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: Map<string, string | true>;
}

const knownFlags: Record<string, 'value' | 'switch'> = {
  scenario: 'value',
  json: 'switch',
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

/** Runs the CLI and returns the exit code. Never throws: errors become one line on stderr. */
export function runCli(argv: readonly string[], output: CliOutput, version: string): number {
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
    if (command === undefined) throw new UsageError('no command given (try: demo, scenarios, help)');
    switch (command) {
      case 'demo':
        return demo(flags, output);
      case 'scenarios':
        return scenarios(output);
      default:
        throw new UsageError(`unknown command "${command}" (try: demo, scenarios, help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      output.err(`kafka-offset-trace: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(`kafka-offset-trace: internal error: ${message}\n`);
    return 1;
  }
}
