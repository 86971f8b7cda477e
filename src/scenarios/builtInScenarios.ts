// The built-in scenarios, shipped as scenario files (src/scenarios/builtIn/*.offsets.yaml): the files
// are the one source of truth, parsed here once. Their names are part of the CLI contract
// (`demo --scenario NAME`); `scenarios --export DIR` writes the files as they are.

import type { Scenario } from '../simulator/model';
import autoCommitCrash from './builtIn/auto-commit-crash.offsets.yaml';
import batchCommitUnprocessed from './builtIn/batch-commit-unprocessed.offsets.yaml';
import commitAfterProcess from './builtIn/commit-after-process.offsets.yaml';
import commitBeforeProcess from './builtIn/commit-before-process.offsets.yaml';
import noCommitRestart from './builtIn/no-commit-restart.offsets.yaml';
import rebalance from './builtIn/rebalance.offsets.yaml';
import resetEarliest from './builtIn/reset-earliest.offsets.yaml';
import resetLatest from './builtIn/reset-latest.offsets.yaml';
import retentionReset from './builtIn/retention-reset.offsets.yaml';
import transactionMarkerLag from './builtIn/transaction-marker-lag.offsets.yaml';
import eagerRebalance from './builtIn/eager-rebalance.offsets.yaml';
import cooperativeRebalance from './builtIn/cooperative-rebalance.offsets.yaml';
import consumerProtocolRebalance from './builtIn/consumer-protocol-rebalance.offsets.yaml';
import sessionTimeout from './builtIn/session-timeout.offsets.yaml';
import maxPollInterval from './builtIn/max-poll-interval.offsets.yaml';
import openTransaction from './builtIn/open-transaction.offsets.yaml';
import abortedTransaction from './builtIn/aborted-transaction.offsets.yaml';
import commitAsyncFailed from './builtIn/commit-async-failed.offsets.yaml';
import autoCommitRebalance from './builtIn/auto-commit-rebalance.offsets.yaml';
import resetNone from './builtIn/reset-none.offsets.yaml';
import { parseScenarioFile, scenarioFileSuffix } from './scenarioFile';

/** A built-in scenario file: its scenario name, its file name and its text. */
export interface BuiltInScenarioFile {
  readonly name: string;
  readonly fileName: string;
  readonly text: string;
}

const texts: readonly (readonly [name: string, text: string])[] = [
  ['commit-after-process', commitAfterProcess],
  ['commit-before-process', commitBeforeProcess],
  ['no-commit-restart', noCommitRestart],
  ['auto-commit-crash', autoCommitCrash],
  ['batch-commit-unprocessed', batchCommitUnprocessed],
  ['reset-earliest', resetEarliest],
  ['reset-latest', resetLatest],
  ['rebalance', rebalance],
  ['retention-reset', retentionReset],
  ['transaction-marker-lag', transactionMarkerLag],
  ['eager-rebalance', eagerRebalance],
  ['cooperative-rebalance', cooperativeRebalance],
  ['consumer-protocol-rebalance', consumerProtocolRebalance],
  ['session-timeout', sessionTimeout],
  ['max-poll-interval', maxPollInterval],
  ['open-transaction', openTransaction],
  ['aborted-transaction', abortedTransaction],
  ['commit-async-failed', commitAsyncFailed],
  ['auto-commit-rebalance', autoCommitRebalance],
  ['reset-none', resetNone],
];

/** The built-in scenario files, in the order `scenarios` lists them (for `scenarios --export DIR`). */
export const builtInScenarioFiles: readonly BuiltInScenarioFile[] = texts.map(([name, text]) => ({
  name,
  fileName: `${name}${scenarioFileSuffix}`,
  text,
}));

/**
 * Parses a built-in file; one that does not parse cleanly is a bug of this project, so it throws at
 * load time (every test that imports the built-ins fails loudly) instead of running a partial scenario.
 */
function parseBuiltIn(file: BuiltInScenarioFile): Scenario {
  // Without positions: a built-in runs as the demo, whose steps carry no file line (parse the text for those).
  const parsed = parseScenarioFile(file.text, { fileName: file.fileName, positions: false });
  if (!parsed.scenario || parsed.diagnostics.length > 0) {
    const problems = parsed.diagnostics.map((d) => `${file.fileName}:${d.line}:${d.column}: ${d.message}`);
    throw new Error(`built-in scenario ${file.fileName} does not parse cleanly:\n${problems.join('\n')}`);
  }
  if (parsed.scenario.name !== file.name) {
    throw new Error(`built-in scenario ${file.fileName} is named "${parsed.scenario.name}", not "${file.name}"`);
  }
  return parsed.scenario;
}

let parsedBuiltIns: readonly Scenario[] | undefined;

/**
 * Every built-in scenario, in the order `scenarios` lists them; the first is the seed demo. Parsed on
 * first use, not when the module loads, so the extension's activation pays nothing for them.
 */
export function builtInScenarios(): readonly Scenario[] {
  parsedBuiltIns ??= builtInScenarioFiles.map(parseBuiltIn);
  return parsedBuiltIns;
}

/** The scenario `demo` runs when none is named. */
export const defaultScenarioName = 'commit-after-process';

/** Finds a built-in scenario by name. */
export function findScenario(name: string): Scenario | undefined {
  return builtInScenarios().find((scenario) => scenario.name === name);
}
