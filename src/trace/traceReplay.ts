// The states and effects of a long simulated trace, made on demand: the simulator is copied every
// few thousand steps while the trace is run, and a state is the nearest copy run forward to it.
// A reader that walks the trace in order (analysis, writing a trace file) runs it once more.

import type { Action } from '../simulator/model';
import type { OffsetSimulator, SimulatorState, StepEffects } from '../simulator/offsetSimulator';

/** How many steps lie between two checkpoints: a state is at most this many steps of replay away. */
export const defaultCheckpointInterval = 2048;

/** What one step left behind: the simulator's state after it and what it did. */
interface ReplayedStep {
  readonly index: number;
  /** Made when first read (a reader of effects alone never pays for it). */
  state: SimulatorState | undefined;
  readonly effects: StepEffects;
}

/** The states and effects of a run, replayed from checkpoints. */
export class TraceReplay {
  private readonly checkpoints: OffsetSimulator[] = [];
  /** A simulator that has applied the actions before `next`. */
  private cursor: { simulator: OffsetSimulator; next: number; effects: StepEffects | undefined } | undefined;
  /** The last steps read, step `i` in slot `i % recentSlots` (a ring, not a Map: see {@link remember}). */
  private readonly recent: (ReplayedStep | undefined)[] = new Array<ReplayedStep | undefined>(recentSlots).fill(
    undefined,
  );

  constructor(
    private readonly actions: readonly Action[],
    private readonly compactEffects: (effects: StepEffects) => StepEffects,
    private readonly interval = defaultCheckpointInterval,
  ) {}

  /** Called by the run before it applies action `index`: keeps a copy every `interval` steps. */
  beforeStep(index: number, simulator: OffsetSimulator): void {
    if (index % this.interval === 0) this.checkpoints.push(simulator.checkpoint());
  }

  /** The state after step `index` (0-based). */
  stateAt(index: number): SimulatorState {
    const step = this.stepAt(index);
    if (step.state === undefined) {
      // Read while the cursor is still right after the step; else the step is replayed again.
      const cursor = this.cursor;
      if (cursor && cursor.next === index + 1) step.state = cursor.simulator.state();
      else {
        this.recent[index % recentSlots] = undefined; // read again, from the replay
        return this.stateAt(index);
      }
    }
    return step.state;
  }

  /** What step `index` (0-based) did. */
  effectsAt(index: number): StepEffects {
    return this.stepAt(index).effects;
  }

  /** How many checkpoints the run kept. */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  private stepAt(index: number): ReplayedStep {
    const known = this.remembered(index);
    if (known) return known;
    let cursor = this.cursor;
    // Forward from where the last read left off when that is near; else from the nearest checkpoint.
    if (!cursor || cursor.next > index + 1 || index + 1 - cursor.next > this.interval) {
      const from = Math.floor(index / this.interval);
      cursor = { simulator: this.checkpoints[from].checkpoint(), next: from * this.interval, effects: undefined };
      this.cursor = cursor;
    }
    while (cursor.next <= index) {
      // Readers compare a step with the one before it: keep that one too on the way.
      if (cursor.next === index && cursor.effects !== undefined && !this.remembered(index - 1)) {
        this.remember(index - 1, cursor.simulator.state(), cursor.effects);
      }
      cursor.effects = cursor.simulator.apply(this.actions[cursor.next]).effects;
      cursor.next += 1;
    }
    return this.remember(index, undefined, cursor.effects as StepEffects);
  }

  /** Step `index` when it is among the last steps read. */
  private remembered(index: number): ReplayedStep | undefined {
    const step = index >= 0 ? this.recent[index % recentSlots] : undefined;
    return step?.index === index ? step : undefined;
  }

  /**
   * Keeps the few last steps read, since readers go back and forth between neighbours. A ring of
   * slots made once: a Map here, rehashed as steps come and go, kept a million steps' effects
   * alive through the garbage collector's young generation and doubled the time of a replay.
   */
  private remember(index: number, state: SimulatorState | undefined, effects: StepEffects): ReplayedStep {
    const step = { index, state, effects: this.compactEffects(effects) };
    this.recent[index % recentSlots] = step;
    return step;
  }
}

/** How many of the last steps read are kept. */
const recentSlots = 8;
