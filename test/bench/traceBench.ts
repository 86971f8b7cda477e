// `npm run bench`: how fast the simulator, the analysis and the panel feed are on long traces,
// and how much memory a trace takes. Prints figures; asserts nothing (targets are read, not timed in tests).

import { performance } from 'node:perf_hooks';
import type { Action, Scenario } from '../../src/simulator/model';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { offsetsAt } from '../../src/trace/offsetsView';
import { rowsMessage } from '../../src/panel/panelContent';
import { runScenario } from '../../src/trace/trace';

/**
 * A consumer that reads, processes and commits `records` records one at a time, with a crash midway
 * (it waits out the session timeout, 45 s by default, before the restart gets the partition back).
 */
function longScenario(records: number): Scenario {
  const actions: Action[] = [{ type: 'start', consumer: 'c1' }];
  for (let i = 0; i < records; i++) {
    actions.push({ type: 'poll', consumer: 'c1' }, { type: 'process', consumer: 'c1' });
    if (i % 10 === 9) actions.push({ type: 'commitSync', consumer: 'c1' });
    if (i === Math.floor(records / 2)) {
      actions.push(
        { type: 'crash', consumer: 'c1' },
        { type: 'wait', ms: 46_000 },
        { type: 'restart', consumer: 'c1' },
      );
    }
  }
  actions.push({ type: 'close', consumer: 'c1' });
  return {
    name: 'bench',
    title: 'Benchmark',
    summary: 'long trace',
    group: 'g',
    topics: [{ name: 't', partitions: [{ partition: 0, records }] }],
    consumers: [{ id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' } }],
    actions,
  };
}

function time<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const seed = findScenario('commit-after-process');
if (!seed) throw new Error('seed scenario missing');
const seedRuns = Array.from({ length: 200 }, () => time(() => findKeyMoments(runScenario(seed))).ms);
console.log(`seed demo: simulate + analyse 11 steps, median of 200: ${median(seedRuns).toFixed(3)} ms`);

for (const records of [10_000, 100_000, 300_000]) {
  const scenario = longScenario(records);
  const before = heapMb();
  const simulated = time(() => runScenario(scenario));
  const after = heapMb();
  const trace = simulated.result;
  const steps = trace.steps.length;
  const analysed = time(() => findKeyMoments(trace));
  const rowTimes = Array.from(
    { length: 50 },
    (_, i) => time(() => rowsMessage(trace, 'b', Math.floor((steps / 50) * i), 200)).ms,
  );
  const viewTimes = Array.from({ length: 50 }, (_, i) => time(() => offsetsAt(trace, Math.floor((steps / 50) * i))).ms);
  console.log(
    [
      `${steps.toLocaleString('en')} steps:`,
      `simulate ${simulated.ms.toFixed(0)} ms (${Math.round(steps / (simulated.ms / 1000)).toLocaleString('en')} steps/s),`,
      `trace heap ${(after - before).toFixed(1)} MB (${(((after - before) * 1024 * 1024) / steps).toFixed(0)} B/step),`,
      `key moments ${analysed.ms.toFixed(0)} ms (${analysed.result.length} found),`,
      `200-row block median ${median(rowTimes).toFixed(3)} ms,`,
      `Offsets view median ${median(viewTimes).toFixed(3)} ms`,
    ].join(' '),
  );
}
