// `npm run bench`: how fast the simulator, the analysis and the panel feed are on long traces,
// and how much memory a trace takes. Prints figures; asserts nothing (targets are read, not timed in tests).

import { performance } from 'node:perf_hooks';
import type { Action, Scenario } from '../../src/simulator/model';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { offsetsAt } from '../../src/trace/offsetsView';
import { rowsMessage } from '../../src/panel/panelContent';
import { runScenario, type Trace } from '../../src/trace/trace';
import { readTraceFile, writeTraceFile } from '../../src/trace/traceFileIo';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

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

/** The heap a trace of the scenario holds: what is freed when the trace is let go. */
function retainedMb(scenario: Scenario): number {
  let trace: Trace | undefined = runScenario(scenario);
  const withTrace = heapMb();
  if (trace.steps.length === 0) return 0;
  trace = undefined;
  return withTrace - heapMb();
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

async function longTraces(): Promise<void> {
  for (const records of [10_000, 100_000, 300_000, 476_000]) {
    const scenario = longScenario(records);
    const traceMb = retainedMb(scenario);
    const simulated = time(() => runScenario(scenario));
    const trace = simulated.result;
    const steps = trace.steps.length;
    const last = steps - 1;
    const firstRows = time(() => rowsMessage(trace, 'b', 0, 200)).ms;
    const jumpToLast = time(() => {
      rowsMessage(trace, 'b', Math.max(0, last - 199), 200);
      return offsetsAt(trace, last);
    }).ms;
    const analysed = time(() => findKeyMoments(trace));
    const rowTimes = Array.from(
      { length: 50 },
      (_, i) => time(() => rowsMessage(trace, 'b', Math.floor((steps / 50) * i), 200)).ms,
    );
    const viewTimes = Array.from(
      { length: 50 },
      (_, i) => time(() => offsetsAt(trace, Math.floor((steps / 50) * i))).ms,
    );
    console.log(
      [
        `${steps.toLocaleString('en')} steps:`,
        `simulate ${simulated.ms.toFixed(0)} ms (${Math.round(steps / (simulated.ms / 1000)).toLocaleString('en')} steps/s),`,
        `trace heap ${traceMb.toFixed(1)} MB (${((traceMb * 1024 * 1024) / steps).toFixed(0)} B/step),`,
        `key moments ${analysed.ms.toFixed(0)} ms (${analysed.result.length} found),`,
        `first 200 rows ${firstRows.toFixed(1)} ms, jump to the last step ${jumpToLast.toFixed(1)} ms,`,
        `200-row block median ${median(rowTimes).toFixed(3)} ms,`,
        `Offsets view median ${median(viewTimes).toFixed(3)} ms`,
      ].join(' '),
    );
    if (records === 476_000) await traceFileRoundTrip(trace);
  }
}

void longTraces();

/** Writes the trace as a trace file and reads it back, timing both and sampling the resident memory. */
async function traceFileRoundTrip(trace: ReturnType<typeof runScenario>): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'kot-bench-'));
  const file = path.join(folder, 'long.offsets-trace.jsonl');
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const writeStart = performance.now();
    await writeTraceFile(file, trace, { kind: 'scenario', name: 'bench' });
    const writeMs = performance.now() - writeStart;
    const writeRss = peakRss;
    const size = (await fs.stat(file)).size;
    peakRss = 0;
    const readStart = performance.now();
    const read = await readTraceFile(file);
    const readMs = performance.now() - readStart;
    console.log(
      [
        `trace file of ${read.trace.steps.length.toLocaleString('en')} steps (${(size / 1024 / 1024).toFixed(0)} MB):`,
        `written in ${writeMs.toFixed(0)} ms (peak resident ${(writeRss / 1024 / 1024).toFixed(0)} MB),`,
        `read back in ${readMs.toFixed(0)} ms (peak resident ${(peakRss / 1024 / 1024).toFixed(0)} MB)`,
      ].join(' '),
    );
  } finally {
    clearInterval(sampler);
    await fs.rm(folder, { recursive: true, force: true });
  }
}
