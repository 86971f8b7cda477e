// Prints a trace as `demo`, `run` and `run-on-kafka` do: the scenario, its consumer settings, the
// execution table and the key moments, or one JSON object (the CLI contract's shape).

import {
  columnsFor,
  extraColumns,
  hasSeveralConsumersOrPartitions,
  mainColumns,
  toTextTable,
} from '../trace/executionTable';
import { findKeyMoments } from '../trace/keyMoments';
import type { Trace } from '../trace/trace';
import type { CliOutput } from './cliOutput';

/** The text lines of a trace (without the JSON form). */
export function traceText(trace: Trace): string[] {
  const keyMoments = findKeyMoments(trace);
  const columns = hasSeveralConsumersOrPartitions(trace)
    ? [...mainColumns, ...extraColumns.filter((c) => c.id === 'consumer' || c.id === 'partition')]
    : columnsFor(trace, false);
  const lines = [
    `Scenario: ${trace.source.name} (${trace.source.title})`,
    ...(trace.source.summary !== '' ? [trace.source.summary] : []),
    ...(trace.source.settings && trace.source.settings.length > 0
      ? ['Settings:', ...trace.source.settings.map((line) => `  ${line}`)]
      : []),
    '',
    toTextTable(trace.steps, columns),
    '',
  ];
  if (keyMoments.length === 0) {
    lines.push('Key moments: none');
  } else {
    lines.push('Key moments:');
    const stepWidth = keyMoments.reduce((width, m) => Math.max(width, String(m.step).length), 0);
    const kindWidth = keyMoments.reduce((width, m) => Math.max(width, m.kind.length), 0);
    for (const moment of keyMoments) {
      lines.push(`  step ${String(moment.step).padStart(stepWidth)}  ${moment.kind.padEnd(kindWidth)}  ${moment.text}`);
    }
  }
  return lines;
}

/** Prints the table and key moments, or `{scenario, steps, keyMoments}` as JSON. */
export function printTrace(trace: Trace, json: boolean, output: CliOutput): void {
  if (json) {
    const keyMoments = findKeyMoments(trace);
    output.out(`${JSON.stringify({ scenario: trace.source.name, steps: trace.steps, keyMoments }, null, 2)}\n`);
    return;
  }
  output.out(`${traceText(trace).join('\n')}\n`);
}
