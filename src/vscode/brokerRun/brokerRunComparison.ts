// Glue between a run on a real broker and the panel: reads the scenario to run (a built-in or a
// scenario file, under a group protocol), compares the observed trace with the simulated one, keeps
// the observed trace in a file, and rebuilds the comparison from that file after a window reload.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BrokerRun } from '../../brokerRun/brokerRunner';
import { compareTraces, type TraceComparison } from '../../trace/traceComparison';
import { brokerRunFacts, PanelComparison, type BrokerRunFacts } from '../../panel/panelComparison';
import type { ComparisonSource } from '../../panel/panelMessages';
import { builtInScenarioFiles } from '../../scenarios/builtInScenarios';
import { parseScenarioFile } from '../../scenarios/scenarioFile';
import { protocolOf, type GroupProtocol } from '../../scenarios/scenarioProtocols';
import type { Scenario } from '../../simulator/model';
import { runScenario, type Trace } from '../../trace/trace';
import type { TraceFileOrigin } from '../../trace/traceFile';
import { readTraceFile, writeTraceFile } from '../../trace/traceFileIo';
import type { TraceOrigin } from '../../trace/traceOrigin';
import type { LoadedTrace, TraceSession } from '../trace/traceSession';

/** The scenario a run starts from: its text, the name to parse it under, and the origin a reload reads it from again. */
export interface ScenarioText {
  readonly origin: Extract<TraceOrigin, { kind: 'built-in' | 'scenario-file' }>;
  readonly text: string;
  readonly fileName: string;
}

/** The text of a built-in scenario, or undefined when there is none of that name. */
export function builtInScenarioText(name: string): ScenarioText | undefined {
  const file = builtInScenarioFiles.find((f) => f.name === name);
  return file && { origin: { kind: 'built-in', name }, text: file.text, fileName: file.fileName };
}

/** Reads a scenario from where an origin says (a built-in, or a scenario file on disk). */
export async function readScenarioText(origin: ScenarioText['origin']): Promise<ScenarioText> {
  if (origin.kind === 'built-in') {
    const builtIn = builtInScenarioText(origin.name);
    if (!builtIn) throw new Error(`there is no built-in scenario "${origin.name}"`);
    return builtIn;
  }
  return { origin, text: await fs.readFile(origin.file, 'utf8'), fileName: path.basename(origin.file) };
}

/** The scenario of a text under a protocol, or the file's errors as `file:line:column: message` lines. */
export function parseForRun(
  source: ScenarioText,
  protocol?: GroupProtocol,
): { readonly scenario: Scenario } | { readonly errors: readonly string[] } {
  const parsed = parseScenarioFile(source.text, {
    fileName: source.fileName,
    ...(protocol ? { groupProtocol: protocol } : {}),
  });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.scenario || errors.length > 0) {
    const where = source.origin.kind === 'scenario-file' ? source.origin.file : source.fileName;
    return {
      errors:
        errors.length > 0
          ? errors.map((d) => `${where}:${d.line}:${d.column}: ${d.message}`)
          : [`${where}: not a scenario file`],
    };
  }
  return { scenario: parsed.scenario };
}

/** A broker run and its comparison with the simulator, ready for the panel. */
export interface ComparedRun {
  /** The observed trace, with the scenario's settings (the consumers ran with them). */
  readonly observed: Trace;
  readonly comparison: PanelComparison;
  readonly result: TraceComparison;
}

/** Compares a broker run with the simulated trace of the same scenario. */
export function compareRun(
  scenario: Scenario,
  simulated: Trace,
  observedTrace: Trace,
  facts: readonly string[],
  source: ComparisonSource,
): ComparedRun {
  const observed: Trace = {
    ...observedTrace,
    source: { ...observedTrace.source, settings: observedTrace.source.settings ?? simulated.source.settings },
  };
  const result = compareTraces(simulated, observed, scenario);
  return {
    observed,
    result,
    comparison: new PanelComparison(simulated, observed, result, facts, source),
  };
}

/** The header origin of an observed trace file: the run's facts and what the comparison re-simulates. */
export function brokerRunFileOrigin(
  run: BrokerRun,
  bootstrapServers: string,
  source: ComparisonSource,
): TraceFileOrigin {
  return {
    kind: 'broker-run',
    bootstrapServers,
    kafkaVersion: run.kafkaVersion,
    protocol: run.protocol,
    topics: run.topics,
    group: run.group,
    scenario: source.scenario,
  };
}

/** Writes the observed trace into `folder` (created if needed) and returns the file. */
export async function saveObservedTrace(
  folder: string,
  trace: Trace,
  origin: TraceFileOrigin,
  now = new Date(),
): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const safeName = trace.source.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  const file = path.join(folder, `${safeName}-${stamp}.offsets-trace.jsonl`);
  await writeTraceFile(file, trace, origin);
  return file;
}

function stringField(origin: Record<string, unknown>, name: string): string {
  const value = origin[name];
  return typeof value === 'string' ? value : 'unknown';
}

/**
 * Rebuilds a comparison after a window reload: the observed trace from its file, the simulated one
 * from the scenario under the protocol it ran with. Rejects with a one-line reason.
 */
export async function loadBrokerRunComparison(
  session: TraceSession,
  origin: Extract<TraceOrigin, { kind: 'broker-run' }>,
  source: ComparisonSource,
  index: number,
): Promise<LoadedTrace> {
  const { header, trace } = await readTraceFile(origin.file);
  if (source.scenario.kind !== 'built-in' && source.scenario.kind !== 'scenario-file') {
    throw new Error(`a comparison cannot be rebuilt from a ${source.scenario.kind}`);
  }
  const parsed = parseForRun(await readScenarioText(source.scenario), source.protocol);
  if ('errors' in parsed) throw new Error(parsed.errors.join('; '));
  const fields = header.origin as unknown as Record<string, unknown>;
  const topics = typeof fields.topics === 'object' && fields.topics !== null ? fields.topics : {};
  const facts: BrokerRunFacts = {
    bootstrapServers: stringField(fields, 'bootstrapServers'),
    kafkaVersion: stringField(fields, 'kafkaVersion'),
    protocol: source.protocol,
    group: stringField(fields, 'group'),
    topics: Object.fromEntries(
      Object.entries(topics).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
  };
  const compared = compareRun(parsed.scenario, runScenario(parsed.scenario), trace, brokerRunFacts(facts), source);
  return session.loadTrace(compared.observed, origin, index, compared.comparison);
}

/**
 * Loads a built-in scenario's simulated trace side by side with a given observed trace, as after a
 * run (the extension's API offers it, so a test can show differences on purpose).
 */
export async function showComparison(
  session: TraceSession,
  scenarioName: string,
  observed: Trace,
  storageFolder: string,
): Promise<LoadedTrace> {
  const text = builtInScenarioText(scenarioName);
  if (!text) throw new Error(`there is no built-in scenario "${scenarioName}"`);
  const parsed = parseForRun(text);
  if ('errors' in parsed) throw new Error(parsed.errors.join('; '));
  const source: ComparisonSource = { scenario: text.origin, protocol: protocolOf(parsed.scenario) };
  const facts = ['an observed trace given through the extension’s API', `group.protocol=${source.protocol}`];
  const compared = compareRun(parsed.scenario, runScenario(parsed.scenario), observed, facts, source);
  const file = await saveObservedTrace(path.join(storageFolder, 'broker-runs'), compared.observed, {
    kind: 'broker-run',
    protocol: source.protocol,
    scenario: source.scenario,
  });
  return session.loadTrace(compared.observed, { kind: 'broker-run', file }, 0, compared.comparison);
}
