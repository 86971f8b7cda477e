// `run-on-kafka`: runs a scenario (a file, or a built-in's name) on a real cluster with Kafka's Java
// clients, prints the observed table and every difference from the simulator, and exits 0 when they
// agree, 3 when they differ (2 for a bad file or option, 1 when the run itself fails).

import * as path from 'node:path';
import { BrokerRunError, runOnKafka } from '../brokerRun/brokerRunner';
import {
  BrokerRunSetupError,
  driverSourcePath,
  findKafkaJars,
  prepareJava,
  type JavaSetup,
} from '../brokerRun/javaDriver';
import { compareTraces, type TraceComparison } from '../trace/traceComparison';
import { builtInScenarioFiles } from '../scenarios/builtInScenarios';
import { parseScenarioFile } from '../scenarios/scenarioFile';
import { protocolOf, type GroupProtocol } from '../scenarios/scenarioProtocols';
import type { Scenario } from '../simulator/model';
import { runScenario } from '../trace/trace';
import { writeTraceFile } from '../trace/traceFileIo';
import { findKeyMoments } from '../trace/keyMoments';
import { readFile } from 'node:fs/promises';
import type { CliOutput } from './cliOutput';
import { traceText } from './tracePrinter';
import { UsageError } from './usageError';

export interface RunOnKafkaArgs {
  readonly operands: readonly string[];
  readonly bootstrapServers: string;
  readonly json: boolean;
  readonly out?: string;
  readonly protocol?: string;
  readonly kafkaJars?: string;
}

/** Reads the scenario (a scenario file, else a built-in scenario's name), under the protocol asked for. */
async function loadScenario(
  target: string,
  protocol: GroupProtocol | undefined,
  output: CliOutput,
): Promise<Scenario | undefined> {
  let text: string;
  let fileName = path.basename(target);
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    const builtIn = builtInScenarioFiles.find((file) => file.name === target);
    if (!builtIn) {
      throw new UsageError(
        `cannot read ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'}), and no built-in scenario has that name`,
      );
    }
    text = builtIn.text;
    fileName = builtIn.fileName;
  }
  const parsed = parseScenarioFile(text, { fileName, ...(protocol ? { groupProtocol: protocol } : {}) });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.scenario || errors.length > 0) {
    output.err(`${errors.map((d) => `${target}:${d.line}:${d.column}: ${d.message}`).join('\n')}\n`);
    return undefined;
  }
  return parsed.scenario;
}

/** The comparison as text lines. */
export function comparisonText(comparison: TraceComparison): string[] {
  const lines: string[] = [];
  const left = comparison.leftOut.map((l) => `step ${l.step} (${l.reason})`);
  if (comparison.differences.length === 0) {
    lines.push(
      `The simulator and the broker agree: ${comparison.compared} steps compared${left.length > 0 ? `; left out as timing-dependent: ${left.join(', ')}` : ''}.`,
    );
  } else {
    lines.push(`Differences from the simulator (${comparison.differences.length}):`);
    for (const difference of comparison.differences) lines.push(`  ${difference.text}`);
    if (left.length > 0) lines.push(`Left out as timing-dependent: ${left.join(', ')}.`);
  }
  return lines;
}

/** What the command needs from outside; tests replace the run on the broker. */
export interface RunOnKafkaDependencies {
  readonly prepare?: () => Promise<JavaSetup>;
  readonly run?: typeof runOnKafka;
}

export async function runOnKafkaCommand(
  args: RunOnKafkaArgs,
  output: CliOutput,
  deps: RunOnKafkaDependencies = {},
): Promise<number> {
  if (args.operands.length !== 1)
    throw new UsageError('run-on-kafka needs one FILE: a scenario file or a built-in name');
  if (args.protocol !== undefined && args.protocol !== 'classic' && args.protocol !== 'consumer') {
    throw new UsageError(`--protocol is classic or consumer, got "${args.protocol}"`);
  }
  const scenario = await loadScenario(args.operands[0], args.protocol as GroupProtocol | undefined, output);
  if (!scenario) return 2;
  // The simulator first: a scenario it refuses is reported without asking for Java.
  const simulated = runScenario(scenario);
  let java: JavaSetup;
  try {
    java = deps.prepare
      ? await deps.prepare()
      : await prepareJava({
          jarsDir: findKafkaJars(args.kafkaJars, process.cwd()),
          driverSource: driverSourcePath(__dirname),
        });
  } catch (error) {
    if (error instanceof BrokerRunSetupError) {
      output.err(`kafka-offset-trace: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  let run;
  try {
    run = await (deps.run ?? runOnKafka)(scenario, {
      bootstrapServers: args.bootstrapServers,
      java,
      progress: args.json ? undefined : (line) => output.err(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof BrokerRunError) {
      output.err(`kafka-offset-trace: run-on-kafka failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const comparison = compareTraces(simulated, run.trace, scenario);
  if (args.out !== undefined) {
    try {
      await writeTraceFile(args.out, run.trace, {
        kind: 'broker-run',
        bootstrapServers: args.bootstrapServers,
        kafkaVersion: run.kafkaVersion,
        protocol: run.protocol,
        topics: run.topics,
        group: run.group,
      });
    } catch (error) {
      output.err(
        `kafka-offset-trace: cannot write ${args.out} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      );
      return 1;
    }
  }
  const protocol: GroupProtocol = protocolOf(scenario);
  if (args.json) {
    output.out(
      `${JSON.stringify(
        {
          scenario: scenario.name,
          protocol,
          kafkaVersion: run.kafkaVersion,
          group: run.group,
          topics: run.topics,
          agree: comparison.differences.length === 0,
          differences: comparison.differences,
          leftOut: comparison.leftOut,
          steps: run.trace.steps,
          keyMoments: findKeyMoments(run.trace),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    output.out(
      [
        `Observed on Kafka (clients ${run.kafkaVersion}, group.protocol=${protocol}, topic ${Object.values(run.topics).join(', ')}, group ${run.group}):`,
        ...traceText(run.trace),
        '',
        ...comparisonText(comparison),
        '',
      ].join('\n'),
    );
  }
  return comparison.differences.length === 0 ? 0 : 3;
}
