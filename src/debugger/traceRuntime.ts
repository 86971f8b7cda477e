// The debugger's machine: a cursor over a trace that steps both ways, runs to breakpoints (line,
// conditional, hit-count, logpoints, data breakpoints on a variable), and emits what happened.
// It knows no debug protocol and no VS Code; the debug session translates it (mock-debug's runtime layer).

import { EventEmitter } from 'node:events';
import { offsetVariableNames, partitionVariablesAt, type OffsetVariableName } from '../trace/offsetsView';
import type { Trace } from '../trace/trace';
import {
  checkCondition,
  compileExpression,
  compileLogMessage,
  describeCompileError,
  parseHitCondition,
  type CompiledExpression,
  type ExpressionScope,
} from './expression';
import { partitionKeyOf } from '../common/topicPartition';

/** Why the runtime stopped, in the debug protocol's words. */
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'data breakpoint' | 'goto' | 'pause';

/** A stop: where (0-based index), why, and which breakpoints caused it. */
export interface RuntimeStop {
  readonly reason: StopReason;
  readonly index: number;
  readonly breakpointIds: readonly number[];
}

/** A line breakpoint as asked for: a line of the program's source, with optional condition, hit condition and log message. */
export interface LineBreakpointRequest {
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

/** A line breakpoint as set: verified when an action of the trace is written on its line. */
export interface LineBreakpoint {
  readonly id: number;
  readonly line: number;
  readonly verified: boolean;
  /** Why it is unverified, or what is wrong with its condition. */
  readonly message?: string;
}

/** A data breakpoint: stop when one variable of one consumer's partition changes. */
export interface DataBreakpointRequest {
  readonly dataId: string;
  readonly accessType?: string;
  readonly condition?: string;
  readonly hitCondition?: string;
}

/** What a data breakpoint watches, decoded from its data id. */
export interface WatchedVariable {
  readonly consumer: string;
  readonly partition: string;
  readonly variable: OffsetVariableName;
}

/** The events the runtime emits. */
export interface RuntimeEvents {
  stopped: [RuntimeStop];
  /** A logpoint's message, or a note for the user (e.g. a condition that failed to evaluate). */
  output: [{ readonly text: string; readonly category: 'console' | 'important'; readonly line?: number }];
  /** Ran past the last step: the program is over. */
  end: [];
}

interface ArmedLineBreakpoint {
  readonly id: number;
  readonly line: number;
  readonly condition: CompiledExpression | undefined;
  readonly hits: ((count: number) => boolean) | undefined;
  readonly log: { render(scope: ExpressionScope): string } | undefined;
  conditionFailed: boolean;
  /** hitsUpTo[k]: how many of the line's first k+1 steps had the condition true (made on first use). */
  hitsUpTo?: number[];
}

interface ArmedDataBreakpoint {
  readonly id: number;
  readonly watched: WatchedVariable;
  readonly condition: CompiledExpression | undefined;
  readonly hits: ((count: number) => boolean) | undefined;
  /** hitsUpTo[i]: how many of steps 1..i+1 changed the variable with the condition true (made on first use). */
  hitsUpTo?: Uint32Array;
}

/** How many steps a continue examines before it yields, so a pause can get in. */
const stepsPerSlice = 20_000;

/** Encodes what a data breakpoint watches as its protocol data id. */
export function dataIdOf(watched: WatchedVariable): string {
  return JSON.stringify([watched.consumer, watched.partition, watched.variable]);
}

/** Decodes a data id made by {@link dataIdOf}; undefined for anything else. */
export function parseDataId(dataId: string): WatchedVariable | undefined {
  try {
    const value = JSON.parse(dataId) as unknown;
    if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === 'string'))
      return undefined;
    const [consumer, partition, variable] = value as [string, string, string];
    if (!(offsetVariableNames as readonly string[]).includes(variable)) return undefined;
    return { consumer, partition, variable: variable as OffsetVariableName };
  } catch {
    return undefined;
  }
}

/** The expression scope of step `index` (0-based): the row's values, for the partition the step acted on. */
export function scopeOfStep(trace: Trace, index: number): ExpressionScope {
  const step = trace.steps[index];
  return {
    step: step.step,
    consumer: step.consumer,
    topic: step.topic,
    partition: step.partition,
    read: step.offsetRead,
    committed: step.offsetCommitted,
    next: step.nextOffsetToRead,
    position: step.position,
    logEnd: step.logEndOffset,
    lag: step.lag,
    consumerLag:
      trace.states[index]?.consumers
        .find((c) => c.id === step.consumer)
        ?.partitions.find((p) => p.topic === step.topic && p.partition === step.partition)?.consumerLag ?? null,
  };
}

/**
 * Steps through one trace. `stepLines[i]` is the source line of step i (0-based), the line a
 * breakpoint must be on to stop there. A stop at a step shows the state after its action.
 */
export class TraceRuntime extends EventEmitter<RuntimeEvents> {
  private current = 0;
  private lineBreakpoints: ArmedLineBreakpoint[] = [];
  private dataBreakpoints: ArmedDataBreakpoint[] = [];
  private nextBreakpointId = 1;
  private pauseRequested = false;
  private running = false;
  /** Steps of each source line, in order (for verification, breakpoint locations and goto targets). */
  private readonly stepsByLine = new Map<number, number[]>();

  constructor(
    readonly trace: Trace,
    readonly stepLines: readonly number[],
  ) {
    super();
    stepLines.forEach((line, index) => {
      const list = this.stepsByLine.get(line);
      if (list) list.push(index);
      else this.stepsByLine.set(line, [index]);
    });
  }

  /** The current step, 0-based. */
  get index(): number {
    return this.current;
  }

  /** Whether a continue is under way. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Source lines that hold at least one step. */
  get actionLines(): number[] {
    return [...this.stepsByLine.keys()].sort((a, b) => a - b);
  }

  /** The 0-based steps a source line produced. */
  stepsOfLine(line: number): readonly number[] {
    return this.stepsByLine.get(line) ?? [];
  }

  /** Starts at step 1: stops there (`entry`) or runs to the first breakpoint. */
  start(stopOnEntry: boolean): void {
    this.current = 0;
    if (stopOnEntry) {
      this.emitStop('entry', []);
      return;
    }
    // Step 1's own action has run: a breakpoint on its line stops right there.
    const hit = this.checkStep(0, 'forward');
    if (hit) {
      this.emitStop(hit.reason, hit.ids);
      return;
    }
    void this.continueForward();
  }

  /** Replaces every line breakpoint (the protocol sets them per source, all at once). */
  setLineBreakpoints(requests: readonly LineBreakpointRequest[], ids?: readonly number[]): LineBreakpoint[] {
    this.lineBreakpoints = [];
    return requests.map((request, index) => {
      const id = this.breakpointId(ids?.[index]);
      const problems: string[] = [];
      let condition: CompiledExpression | undefined;
      if (request.condition !== undefined && request.condition.trim() !== '') {
        const compiled = compileExpression(request.condition);
        if (compiled.ok) condition = compiled.expression;
        else problems.push(`condition: ${describeCompileError(compiled)}`);
      }
      let hits: ((count: number) => boolean) | undefined;
      if (request.hitCondition !== undefined && request.hitCondition.trim() !== '') {
        const parsed = parseHitCondition(request.hitCondition);
        if (parsed.ok) hits = (count) => parsed.matches(count);
        else problems.push(`hit condition: ${parsed.message}`);
      }
      const log =
        request.logMessage !== undefined && request.logMessage !== ''
          ? compileLogMessage(request.logMessage)
          : undefined;
      const hasSteps = this.stepsByLine.has(request.line);
      if (!hasSteps) {
        return { id, line: request.line, verified: false, message: 'No action of this trace is written on this line.' };
      }
      if (problems.length > 0) {
        return { id, line: request.line, verified: false, message: problems.join('; ') };
      }
      this.lineBreakpoints.push({ id, line: request.line, condition, hits, log, conditionFailed: false });
      return { id, line: request.line, verified: true };
    });
  }

  /** Replaces every data breakpoint; each comes back verified or with the reason it is not. */
  setDataBreakpoints(requests: readonly DataBreakpointRequest[], ids?: readonly number[]): LineBreakpoint[] {
    this.dataBreakpoints = [];
    return requests.map((request, index) => {
      const id = this.breakpointId(ids?.[index]);
      const watched = parseDataId(request.dataId);
      if (!watched) return { id, line: 0, verified: false, message: `Unknown data id ${request.dataId}.` };
      if (request.accessType !== undefined && request.accessType !== 'write') {
        return {
          id,
          line: 0,
          verified: false,
          message: 'Only a change of value can be watched (access type "write").',
        };
      }
      if (!this.showsPartition(watched.consumer, watched.partition)) {
        return {
          id,
          line: 0,
          verified: false,
          message: `No consumer ${watched.consumer} shows ${watched.partition} in this trace.`,
        };
      }
      let condition: CompiledExpression | undefined;
      if (request.condition !== undefined && request.condition.trim() !== '') {
        const compiled = compileExpression(request.condition);
        if (!compiled.ok) {
          return { id, line: 0, verified: false, message: `condition: ${describeCompileError(compiled)}` };
        }
        condition = compiled.expression;
      }
      let hits: ((count: number) => boolean) | undefined;
      if (request.hitCondition !== undefined && request.hitCondition.trim() !== '') {
        const parsed = parseHitCondition(request.hitCondition);
        if (!parsed.ok) return { id, line: 0, verified: false, message: `hit condition: ${parsed.message}` };
        hits = (count) => parsed.matches(count);
      }
      this.dataBreakpoints.push({ id, watched, condition, hits });
      return { id, line: 0, verified: true };
    });
  }

  /** Whether the consumer shows the partition at some step (the first, the last, or one it acted on). */
  private showsPartition(consumer: string, partition: string): boolean {
    const shows = (index: number): boolean =>
      partitionVariablesAt(this.trace, index, consumer, partition) !== undefined;
    if (shows(0) || shows(this.trace.steps.length - 1)) return true;
    return this.trace.steps.some(
      (step, index) =>
        step.consumer === consumer &&
        step.topic !== null &&
        step.partition !== null &&
        partitionKeyOf(step.topic, step.partition) === partition &&
        shows(index),
    );
  }

  /** A breakpoint's id: the one it had (a restart keeps the ids the client knows), else a new one. */
  private breakpointId(kept: number | undefined): number {
    if (kept !== undefined) {
      this.nextBreakpointId = Math.max(this.nextBreakpointId, kept + 1);
      return kept;
    }
    return this.nextBreakpointId++;
  }

  /** One step forward; past the last step the program ends. */
  stepForward(): void {
    if (this.current + 1 >= this.trace.steps.length) {
      this.emit('end');
      return;
    }
    this.current += 1;
    this.logAt(this.current);
    this.emitStop('step', []);
  }

  /** One step back; at step 1 it stays there (`entry`). */
  stepBackward(): void {
    if (this.current === 0) {
      this.emitStop('entry', []);
      return;
    }
    this.current -= 1;
    this.emitStop('step', []);
  }

  /** Goes straight to step `index` (0-based), running no breakpoint on the way. */
  goto(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.trace.steps.length) return false;
    this.current = index;
    this.emitStop('goto', []);
    return true;
  }

  /** Asks a running continue to stop where it is. */
  pause(): void {
    if (this.running) this.pauseRequested = true;
    else this.emitStop('pause', []);
  }

  /** Runs forward to the next breakpoint; past the last step the program ends. */
  async continueForward(): Promise<void> {
    await this.run('forward');
  }

  /** Runs backward to the previous breakpoint; with none, stops at step 1 (`entry`). */
  async continueBackward(): Promise<void> {
    await this.run('backward');
  }

  private async run(direction: 'forward' | 'backward'): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.pauseRequested = false;
    const last = this.trace.steps.length - 1;
    const delta = direction === 'forward' ? 1 : -1;
    let index = this.current;
    try {
      let examined = 0;
      for (;;) {
        if (direction === 'forward' && index >= last) {
          this.current = last;
          this.emit('end');
          return;
        }
        if (direction === 'backward' && index <= 0) {
          this.current = 0;
          this.emitStop('entry', []);
          return;
        }
        index += delta;
        const hit = this.checkStep(index, direction);
        if (hit) {
          this.current = index;
          this.emitStop(hit.reason, hit.ids);
          return;
        }
        if (++examined % stepsPerSlice === 0) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (this.pauseRequested) {
            this.current = index;
            this.emitStop('pause', []);
            return;
          }
        }
      }
    } catch (error) {
      // A step that cannot be read (a long trace file changed on disk since it was opened): stop there and say why.
      this.current = Math.max(0, Math.min(index, last));
      this.emit('output', {
        text: `${error instanceof Error ? error.message : String(error)}\n`,
        category: 'important',
      });
      this.emitStop('pause', []);
    } finally {
      this.running = false;
      this.pauseRequested = false;
    }
  }

  /**
   * What stops at step `index`, if anything: line breakpoints on its line whose condition holds and
   * whose hit count matches (the count of earlier steps where it held, plus this one), else data
   * breakpoints whose variable this step changed. Going forward, logpoints print and never stop.
   */
  private checkStep(
    index: number,
    direction: 'forward' | 'backward',
  ): { reason: StopReason; ids: number[] } | undefined {
    const line = this.stepLines[index];
    const scope = scopeOfStep(this.trace, index);
    const lineHits: number[] = [];
    for (const breakpoint of this.lineBreakpoints) {
      if (breakpoint.line !== line || !this.conditionHolds(breakpoint, scope)) continue;
      if (breakpoint.hits && !breakpoint.hits(this.lineHitCount(breakpoint, index))) continue;
      if (breakpoint.log) {
        if (direction === 'forward')
          this.emit('output', { text: `${breakpoint.log.render(scope)}\n`, category: 'console', line });
        continue;
      }
      lineHits.push(breakpoint.id);
    }
    if (lineHits.length > 0) return { reason: 'breakpoint', ids: lineHits };
    const dataHits: number[] = [];
    for (const breakpoint of this.dataBreakpoints) {
      if (!this.changedAt(breakpoint.watched, index)) continue;
      if (breakpoint.condition && breakpoint.condition.evaluate(scope) !== true) continue;
      if (breakpoint.hits && !breakpoint.hits(this.dataHitCount(breakpoint, index))) continue;
      dataHits.push(breakpoint.id);
    }
    return dataHits.length > 0 ? { reason: 'data breakpoint', ids: dataHits } : undefined;
  }

  /** Logpoints on the line of a step reached by a single step forward. */
  private logAt(index: number): void {
    const line = this.stepLines[index];
    const scope = scopeOfStep(this.trace, index);
    for (const breakpoint of this.lineBreakpoints) {
      if (breakpoint.line !== line || !breakpoint.log || !this.conditionHolds(breakpoint, scope)) continue;
      if (breakpoint.hits && !breakpoint.hits(this.lineHitCount(breakpoint, index))) continue;
      this.emit('output', { text: `${breakpoint.log.render(scope)}\n`, category: 'console', line });
    }
  }

  private conditionHolds(breakpoint: ArmedLineBreakpoint, scope: ExpressionScope): boolean {
    if (!breakpoint.condition) return true;
    const { stop, error } = checkCondition(breakpoint.condition, scope);
    if (error !== undefined && !breakpoint.conditionFailed) {
      breakpoint.conditionFailed = true;
      this.emit('output', {
        text: `Breakpoint condition on line ${breakpoint.line} could not be evaluated at step ${scope.step}: ${error}\n`,
        category: 'important',
        line: breakpoint.line,
      });
    }
    return stop;
  }

  /** How often the breakpoint's line was reached with its condition true, in steps 1..index+1. */
  private lineHitCount(breakpoint: ArmedLineBreakpoint, index: number): number {
    const steps = this.stepsByLine.get(breakpoint.line) ?? [];
    if (!breakpoint.hitsUpTo) {
      let count = 0;
      breakpoint.hitsUpTo = steps.map((step) =>
        this.conditionHolds(breakpoint, scopeOfStep(this.trace, step)) ? ++count : count,
      );
    }
    // The last of the line's steps at or before `index` (binary search: the list is in step order).
    let low = 0;
    let high = steps.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (steps[middle] <= index) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found < 0 ? 0 : breakpoint.hitsUpTo[found];
  }

  /** How often the watched variable changed (with the condition true), in steps 1..index+1. */
  private dataHitCount(breakpoint: ArmedDataBreakpoint, index: number): number {
    if (!breakpoint.hitsUpTo) {
      const counts = new Uint32Array(this.trace.steps.length);
      let count = 0;
      for (let step = 0; step < counts.length; step++) {
        const hit =
          this.changedAt(breakpoint.watched, step) &&
          (!breakpoint.condition || breakpoint.condition.evaluate(scopeOfStep(this.trace, step)) === true);
        if (hit) count += 1;
        counts[step] = count;
      }
      breakpoint.hitsUpTo = counts;
    }
    return breakpoint.hitsUpTo[index] ?? 0;
  }

  /** Whether step `index` changed the watched variable (it appearing or disappearing counts). */
  private changedAt(watched: WatchedVariable, index: number): boolean {
    if (index === 0) return false;
    const before = partitionVariablesAt(this.trace, index - 1, watched.consumer, watched.partition)?.[watched.variable];
    const after = partitionVariablesAt(this.trace, index, watched.consumer, watched.partition)?.[watched.variable];
    return before !== after;
  }

  private emitStop(reason: StopReason, breakpointIds: readonly number[]): void {
    this.emit('stopped', { reason, index: this.current, breakpointIds });
  }
}
