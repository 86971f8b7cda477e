// Compares a simulated trace with the trace observed on a real broker, step by step: the records
// each poll returned, the committed offsets, the acting consumer's assignment and positions, and the
// exceptions; then the duplicates and losses the key-moment analysis finds in each. Every difference
// is named with its step. Steps the scenario marks as timing-dependent are left out, with the reason.

import { partitionKey } from '../common/topicPartition';
import type { Scenario } from '../simulator/model';
import type { SimulatorState, StepEffects } from '../simulator/offsetSimulator';
import { findKeyMoments } from './keyMoments';
import type { Trace } from './trace';

/** One difference between what the simulator shows and what the broker did. */
export interface TraceDifference {
  /** The step (1-based), or null for a difference in the whole run (duplicates, losses). */
  readonly step: number | null;
  /** What differs: `records`, `committed`, `assignment`, `position`, `exception`, `duplicates`, `lost`, `resumed`, `reset`, `steps`. */
  readonly field: string;
  readonly consumer?: string;
  readonly simulated: string;
  readonly observed: string;
  /** One line saying it, e.g. "step 9, c1: records received: simulated orders-0@3, observed none". */
  readonly text: string;
}

/** The outcome of a comparison. */
export interface TraceComparison {
  readonly differences: readonly TraceDifference[];
  /** Steps compared, and those left out with why. */
  readonly compared: number;
  readonly leftOut: readonly { readonly step: number; readonly reason: string }[];
}

function refs(list: readonly { topic: string; partition: number; offset: number }[]): string {
  if (list.length === 0) return 'none';
  return [...list]
    .map((r) => `${partitionKey(r)}@${r.offset}`)
    .sort()
    .join(', ');
}

function committedText(state: SimulatorState | undefined): Map<string, string> {
  return new Map(
    (state?.partitions ?? []).map((p) => [
      partitionKey(p),
      p.committedOffset === null ? '-' : String(p.committedOffset),
    ]),
  );
}

function exceptions(effects: StepEffects | undefined): string {
  const list = (effects?.errors ?? []).map((e) => `${e.exception}${e.via === 'callback' ? ' (callback)' : ''}`);
  return list.length === 0 ? 'none' : list.sort().join(', ');
}

/** Compares the two traces of one scenario; `scenario` gives the steps marked timing-dependent. */
export function compareTraces(
  simulated: Trace,
  observed: Trace,
  scenario?: Pick<Scenario, 'timingDependent'>,
): TraceComparison {
  const differences: TraceDifference[] = [];
  const leftOut: { step: number; reason: string }[] = [];
  const add = (
    step: number | null,
    field: string,
    consumer: string | undefined,
    sim: string,
    obs: string,
    what: string,
  ) =>
    differences.push({
      step,
      field,
      ...(consumer ? { consumer } : {}),
      simulated: sim,
      observed: obs,
      text: `${step === null ? 'the whole run' : `step ${step}`}${consumer ? `, ${consumer}` : ''}: ${what}: simulated ${sim}, observed ${obs}`,
    });
  if (simulated.steps.length !== observed.steps.length) {
    add(null, 'steps', undefined, String(simulated.steps.length), String(observed.steps.length), 'number of steps');
  }
  const timing = new Map((scenario?.timingDependent ?? []).map((t) => [t.line, t.reason]));
  const count = Math.min(simulated.steps.length, observed.steps.length);
  let compared = 0;
  for (let index = 0; index < count; index++) {
    const step = index + 1;
    const row = simulated.steps[index];
    const reason = row.line !== undefined ? timing.get(row.line) : undefined;
    if (reason !== undefined) {
      leftOut.push({ step, reason });
      continue;
    }
    compared += 1;
    const consumer = row.consumer ?? undefined;
    const simEffects = simulated.effects[index];
    const obsEffects = observed.effects[index];
    if (simulated.kinds[index] === 'poll') {
      const sim = refs(simEffects?.polled ?? []);
      const obs = refs(obsEffects?.polled ?? []);
      if (sim !== obs) add(step, 'records', consumer, sim, obs, 'records received');
    }
    const simException = exceptions(simEffects);
    const obsException = exceptions(obsEffects);
    if (simException !== obsException) add(step, 'exception', consumer, simException, obsException, 'exceptions');
    const simCommitted = committedText(simulated.states[index]);
    const obsCommitted = committedText(observed.states[index]);
    for (const [key, value] of simCommitted) {
      const seen = obsCommitted.get(key) ?? '-';
      if (seen !== value) add(step, 'committed', consumer, value, seen, `committed offset of ${key}`);
    }
    if (consumer) {
      const simConsumer = simulated.states[index]?.consumers.find((c) => c.id === consumer);
      const obsConsumer = observed.states[index]?.consumers.find((c) => c.id === consumer);
      const simAssigned = (simConsumer?.assignment ?? []).map(partitionKey).sort().join(', ') || 'none';
      const obsAssigned = (obsConsumer?.assignment ?? []).map(partitionKey).sort().join(', ') || 'none';
      if (simAssigned !== obsAssigned) add(step, 'assignment', consumer, simAssigned, obsAssigned, 'assignment');
      if (simulated.kinds[index] === 'poll') {
        for (const view of simConsumer?.partitions ?? []) {
          const seen = obsConsumer?.partitions.find((p) => partitionKey(p) === partitionKey(view));
          if (view.position === null || seen?.position === null || seen === undefined) continue;
          if (view.position !== seen.position) {
            add(
              step,
              'position',
              consumer,
              String(view.position),
              String(seen.position),
              `position on ${partitionKey(view)}`,
            );
          }
        }
      }
    }
  }
  // The run's outcome: which records were processed twice, and which were committed past unprocessed.
  const outcome = (trace: Trace, kind: 'duplicate' | 'lost' | 'resumed' | 'reset') =>
    findKeyMoments(trace)
      .filter((m) => m.kind === kind && m.step <= count && !leftOut.some((l) => l.step === m.step))
      .map((m) => `${m.topic}-${m.partition}@${m.offset}`)
      .sort()
      .join(', ') || 'none';
  for (const kind of ['duplicate', 'lost'] as const) {
    const sim = outcome(simulated, kind);
    const obs = outcome(observed, kind);
    if (sim !== obs)
      add(
        null,
        kind === 'duplicate' ? 'duplicates' : 'lost',
        undefined,
        sim,
        obs,
        kind === 'duplicate' ? 'duplicates' : 'records lost',
      );
  }
  return { differences, compared, leftOut };
}
