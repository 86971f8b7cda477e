// `npm run bench`: how fast the simulator, the analysis and the panel feed are on long traces,
// and how much memory a trace takes. Prints figures; asserts nothing (targets are read, not timed in tests).

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Scenario } from '../../src/simulator/model';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { offsetsAt } from '../../src/trace/offsetsView';
import { loadMessage, PanelQuiz, quizInputsLater, rowsMessage } from '../../src/panel/panelContent';
import { keyMomentsLater } from '../../src/trace/keyMomentsInSlices';
import { loadTraceFile } from '../../src/trace/traceLoader';
import { TraceCursor } from '../../src/trace/traceCursor';
import { runScenario, type Trace } from '../../src/trace/trace';
import { readTraceFile, writeTraceFile } from '../../src/trace/traceFileIo';
import { promises as fs, mkdtempSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { longScenario } from '../support/longScenario';
import { keepShortLivedObjectsYoung } from '../../src/common/processTuning';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The heap a trace of the scenario holds (its typed-array columns included): the growth from before
 * it was made to after, each after a collection (what is freed when it is let go depends on when V8
 * gets round to freeing array buffers).
 */
function retainedMb(scenario: Scenario): number {
  const before = heapMb();
  const trace: Trace = runScenario(scenario);
  const withTrace = heapMb();
  return trace.steps.length === 0 ? 0 : withTrace - before;
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

/** The JavaScript heap and the array buffers outside it (a trace's typed-array columns), after a collection. */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1024 / 1024;
}

async function longTraces(): Promise<void> {
  const seed = findScenario('commit-after-process');
  if (!seed) throw new Error('seed scenario missing');
  const seedRuns = Array.from({ length: 200 }, () => time(() => findKeyMoments(runScenario(seed))).ms);
  console.log(`seed demo: simulate + analyse 11 steps, median of 200: ${median(seedRuns).toFixed(3)} ms`);
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
    if (records === 476_000) traceFileRoundTrip();
  }
  // In a fresh process: the runs above leave a heap no extension host starts with.
  process.stdout.write(
    execFileSync(process.execPath, [...process.execArgv, __filename, '--host-path'], { encoding: 'utf8' }),
  );
}

if (process.argv[2] === '--trace-file-child') void traceFileChild(process.argv[3], process.argv[4], process.argv[5]);
else if (process.argv[2] === '--host-path')
  void hostPath(); // that part alone
else void longTraces();

/**
 * A 999,605-step scenario file (repeat blocks) opened the way the extension host opens one for the
 * panel and the debugger: parsed and simulated in slices, the panel's load message and first rows,
 * a jump to the last step, the key moments found in slices, then the quiz. Prints how long each
 * took and the longest time the event loop was held (what the aim of 50 ms is about).
 */
async function hostPath(): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'kot-bench-'));
  const file = path.join(folder, 'million.offsets.yaml');
  const block = ['      - repeat 10:', '          - c1 poll', '          - c1 process', '      - c1 commitSync'];
  await fs.writeFile(
    file,
    [
      'name: million',
      'title: A million steps',
      'group: g',
      'topics:',
      '  t: { partitions: 1, records: 476000 }',
      'consumers:',
      '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.records: 1 }',
      'actions:',
      '  - c1 start',
      '  - repeat 23800:',
      ...block,
      '  - c1 crash',
      '  - wait 46s',
      '  - c1 restart',
      '  - repeat 23800:',
      ...block,
      '  - c1 close',
      '',
    ].join('\n'),
  );
  const delay = monitorEventLoopDelay({ resolution: 1 });
  // The longest hold of the event loop within each stretch (the histogram is read and cleared at its end).
  const holds: string[] = [];
  let longest = 0;
  const held = async (what: string): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 5)); // a turn, so that the histogram sees the stretch's end
    const ms = delay.max / 1e6;
    holds.push(`${what} ${ms.toFixed(0)} ms`);
    longest = Math.max(longest, ms);
    delay.reset();
  };
  try {
    const heapBefore = heapMb();
    delay.enable();
    const start = performance.now();
    const opened = await loadTraceFile(file);
    const openMs = performance.now() - start;
    await held('opening');
    const trace = opened.trace;
    const cursor = new TraceCursor(trace, 800);
    const firstRows = time(() => {
      const load = loadMessage(trace, cursor, 'm#1', { kind: 'scenario-file', file });
      rowsMessage(trace, 'm#1', 0, 200);
      return load;
    });
    const last = trace.steps.length - 1;
    const jump = time(() => {
      cursor.goTo(last);
      rowsMessage(trace, 'm#1', Math.max(0, last - 199), 200);
      return offsetsAt(trace, last);
    }).ms;
    await held('first rows and the jump');
    const momentsStart = performance.now();
    const moments = await keyMomentsLater(trace);
    const momentsMs = performance.now() - momentsStart;
    await held('key moments');
    const inputsStart = performance.now();
    const inputs = await quizInputsLater(trace);
    const inputsMs = performance.now() - inputsStart;
    await held('quiz inputs');
    const quizStart = performance.now();
    const quiz = await PanelQuiz.inSlices(trace, 'm#1', undefined, inputs);
    const quizMs = performance.now() - quizStart;
    await held('quiz');
    delay.disable();
    const heapAfter = heapMb();
    console.log(
      [
        `host path, a scenario file of ${trace.steps.length.toLocaleString('en')} steps:`,
        `opened (parsed and simulated in slices) in ${openMs.toFixed(0)} ms,`,
        `load message and first 200 rows ${firstRows.ms.toFixed(1)} ms (key moments ${firstRows.result.keyMoments === null ? 'to follow' : 'in it'}),`,
        `jump to the last step ${jump.toFixed(1)} ms,`,
        `key moments ${momentsMs.toFixed(0)} ms later in slices (${moments.length} found),`,
        `quiz inputs ${inputsMs.toFixed(0)} ms in slices, then the quiz ${quizMs.toFixed(0)} ms in slices (${quiz.questions.length} questions),`,
        `longest event-loop block ${longest.toFixed(0)} ms (${holds.join(', ')}),`,
        `heap growth ${(heapAfter - heapBefore).toFixed(0)} MB (array buffers included)`,
      ].join(' '),
    );
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/**
 * Simulates the 999,605-step trace, writes it as a trace file and reads it back, each in a fresh
 * process (so that the resident memory is the work's own, not what the runs before left), and
 * prints the figures twice: as the CLI and the standalone debug adapter run (V8's allocation-site
 * pretenuring off, src/common/processTuning.ts) and as the extension host runs (V8's defaults).
 */
function traceFileRoundTrip(): void {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kot-bench-'));
  const file = path.join(folder, 'long.offsets-trace.jsonl');
  const child = (mode: string, process_: string): ChildFigures =>
    JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, __filename, '--trace-file-child', mode, file, process_], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      }),
    ) as ChildFigures;
  try {
    for (const [kind, name] of [
      ['cli', 'as the CLI and the debug adapter run'],
      ['host', 'as the extension host runs'],
    ]) {
      const written = child('write', kind);
      const size = statSync(file).size;
      const read = child('read', kind);
      console.log(
        [
          `trace file of ${read.steps.toLocaleString('en')} steps (${(size / 1024 / 1024).toFixed(0)} MB), ${name}, each in a fresh process:`,
          `simulated in ${written.simulateMs?.toFixed(0)} ms,`,
          `written in ${written.ms.toFixed(0)} ms (peak resident ${written.peakMb.toFixed(0)} MB, the simulated trace included),`,
          `read back in ${read.ms.toFixed(0)} ms (peak resident ${read.peakMb.toFixed(0)} MB)`,
        ].join(' '),
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What a child of {@link traceFileRoundTrip} measured. */
interface ChildFigures {
  readonly ms: number;
  readonly peakMb: number;
  readonly steps: number;
  readonly simulateMs?: number;
}

/**
 * The child of {@link traceFileRoundTrip}: simulates and writes, or reads, the file, and prints what
 * it took; `processKind` "cli" tunes V8 as the CLI does.
 */
async function traceFileChild(mode: string, file: string, processKind: string): Promise<void> {
  if (processKind === 'cli') keepShortLivedObjectsYoung();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const report = (figures: ChildFigures): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
    process.stdout.write(JSON.stringify({ ...figures, peakMb: peak / 1024 / 1024 }));
  };
  try {
    if (mode === 'write') {
      const scenario = longScenario(476_000);
      const simulated = time(() => runScenario(scenario));
      const start = performance.now();
      await writeTraceFile(file, simulated.result, { kind: 'scenario', name: 'bench' });
      const ms = performance.now() - start;
      report({ ms, peakMb: 0, steps: simulated.result.steps.length, simulateMs: simulated.ms });
    } else {
      const start = performance.now();
      const { trace } = await readTraceFile(file);
      report({ ms: performance.now() - start, peakMb: 0, steps: trace.steps.length });
    }
  } finally {
    clearInterval(sampler);
  }
}
