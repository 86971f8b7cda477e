// A trace's key moments found once and kept, in slices so that a million-step trace never blocks
// the extension host: a short trace's are ready at once, a long trace's a few seconds later.

import { runInSlices, runToEnd } from '../common/slicedWork';
import { keyMomentsWork, type KeyMoment } from './keyMoments';
import type { Trace } from './trace';

/** Traces up to this many steps are analysed at once (a few milliseconds); longer ones in slices. */
export const stepsAnalysedAtOnce = 20_000;

const found = new WeakMap<Trace, readonly KeyMoment[]>();
const finding = new WeakMap<Trace, Promise<readonly KeyMoment[]>>();

/**
 * The trace's key moments when they are known or the trace is short ({@link stepsAnalysedAtOnce});
 * else undefined, and the search goes on in slices ({@link keyMomentsLater} waits for it).
 */
export function keyMomentsNow(trace: Trace): readonly KeyMoment[] | undefined {
  const known = found.get(trace);
  if (known || finding.has(trace)) return known;
  const work = keyMomentsWork(trace);
  if (trace.steps.length <= stepsAnalysedAtOnce) {
    const moments = runToEnd(work);
    found.set(trace, moments);
    return moments;
  }
  const rest = runInSlices(work).then((moments) => {
    found.set(trace, moments);
    return moments;
  });
  finding.set(trace, rest);
  // A failure is reported to whoever waits for the moments; nobody waiting is no crash.
  rest.catch(() => undefined);
  return undefined;
}

/** The trace's key moments, found in slices if they are not known yet. */
export function keyMomentsLater(trace: Trace): Promise<readonly KeyMoment[]> {
  const now = keyMomentsNow(trace);
  return now ? Promise.resolve(now) : (finding.get(trace) as Promise<readonly KeyMoment[]>);
}
