// The current step of a trace and how it moves: first, back, step, last, go to, and timed
// playback. The panel, the Offsets tree and the commands all follow one cursor.

import type { Trace } from './trace';

/** A timer the cursor plays with; injected so tests drive time themselves. */
export interface PlaybackTimer {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The system timer. */
export const systemTimer: PlaybackTimer = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** What listeners learn when the cursor moves or playback starts or stops. */
export interface CursorChange {
  readonly index: number;
  readonly previousIndex: number;
  readonly playing: boolean;
}

/** Slowest and fastest playback speed, in milliseconds per step. */
export const playIntervalBounds = { min: 50, max: 10_000 } as const;

/** Navigates a trace. Index 0 is step 1; a trace with no steps has no valid index. */
export class TraceCursor {
  private currentIndex = 0;
  private playHandle: unknown = undefined;
  private intervalMs: number;
  private readonly listeners = new Set<(change: CursorChange) => void>();

  constructor(
    readonly trace: Trace,
    intervalMs: number,
    private readonly timer: PlaybackTimer = systemTimer,
    startIndex = 0,
  ) {
    this.intervalMs = clampInterval(intervalMs);
    this.currentIndex = this.clamp(startIndex);
  }

  get index(): number {
    return this.currentIndex;
  }

  get length(): number {
    return this.trace.steps.length;
  }

  get playing(): boolean {
    return this.playHandle !== undefined;
  }

  get playIntervalMs(): number {
    return this.intervalMs;
  }

  get atEnd(): boolean {
    return this.currentIndex >= this.length - 1;
  }

  /** Subscribes to moves; returns the function that unsubscribes. */
  onDidChange(listener: (change: CursorChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  first(): void {
    this.goTo(0);
  }

  last(): void {
    this.goTo(this.length - 1);
  }

  /** Moves one step forward; returns false at the end. */
  step(): boolean {
    if (this.atEnd) return false;
    this.goTo(this.currentIndex + 1);
    return true;
  }

  /** Moves one step back; returns false at the start. */
  stepBack(): boolean {
    if (this.currentIndex === 0) return false;
    this.goTo(this.currentIndex - 1);
    return true;
  }

  goTo(index: number): void {
    const previousIndex = this.currentIndex;
    this.currentIndex = this.clamp(index);
    if (this.currentIndex !== previousIndex) this.emit(previousIndex);
  }

  /** Plays forward one step per interval, from the start if at the end; stops at the last step. */
  play(): void {
    if (this.playing || this.length === 0) return;
    if (this.atEnd) this.goTo(0);
    this.playHandle = this.timer.setInterval(() => {
      this.step();
      if (this.atEnd) this.pause();
    }, this.intervalMs);
    this.emit(this.currentIndex);
  }

  pause(): void {
    if (!this.playing) return;
    this.timer.clearInterval(this.playHandle);
    this.playHandle = undefined;
    this.emit(this.currentIndex);
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Changes the playback speed; a running playback continues at the new speed. */
  setPlayInterval(ms: number): void {
    this.intervalMs = clampInterval(ms);
    if (this.playing) {
      this.timer.clearInterval(this.playHandle);
      this.playHandle = undefined;
      this.play();
    }
  }

  dispose(): void {
    if (this.playHandle !== undefined) this.timer.clearInterval(this.playHandle);
    this.playHandle = undefined;
    this.listeners.clear();
  }

  private clamp(index: number): number {
    if (this.length === 0 || !Number.isFinite(index)) return 0;
    return Math.min(Math.max(Math.trunc(index), 0), this.length - 1);
  }

  private emit(previousIndex: number): void {
    const change: CursorChange = { index: this.currentIndex, previousIndex, playing: this.playing };
    for (const listener of [...this.listeners]) listener(change);
  }
}

/** Keeps a playback interval within {@link playIntervalBounds}. */
export function clampInterval(ms: number): number {
  if (!Number.isFinite(ms)) return 800;
  return Math.min(Math.max(Math.round(ms), playIntervalBounds.min), playIntervalBounds.max);
}
