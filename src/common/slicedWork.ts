// Long computations (a million-step simulation, its analysis) written as generators that yield
// now and then: the CLI and the tests run them to the end at once, the extension host runs them in
// short slices with its event loop turning in between, so nothing blocks it for long.

import { performance } from 'node:perf_hooks';

/** A computation that yields (`undefined`) whenever it may be paused, and returns its result. */
export type SlicedWork<T> = Generator<undefined, T, undefined>;

/** How long a slice runs before the event loop gets a turn, unless told otherwise. */
export const defaultSliceMs = 15;

/** Runs the work to its end without pausing. */
export function runToEnd<T>(work: SlicedWork<T>): T {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
  }
}

/** Runs the work for about `sliceMs` (at least to its next yield); `done` tells whether it ended. */
export function runSlice<T>(work: SlicedWork<T>, sliceMs = defaultSliceMs): IteratorResult<undefined, T> {
  const start = performance.now();
  for (;;) {
    const next = work.next();
    if (next.done || performance.now() - start >= sliceMs) return next;
  }
}

/**
 * Runs the work in slices of about `sliceMs`, letting the event loop run between them, and before
 * the first: the caller has often just done work of its own (parsing the file whose scenario the
 * work runs), which would otherwise add up with the first slice.
 */
export async function runInSlices<T>(work: SlicedWork<T>, sliceMs = defaultSliceMs): Promise<T> {
  // Twice before the first slice: called from an I/O callback, one setImmediate alone would run it
  // in the check phase of the same turn of the loop, before the loop has looked at its timers and I/O.
  await nextTurn();
  for (;;) {
    await nextTurn();
    const next = runSlice(work, sliceMs);
    if (next.done) return next.value;
  }
}

function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
