// The key moments of a recording of a live group, found by comparing each sample with the one before:
// rebalances (members came or went, or partitions changed owner), a committed offset below the log
// start (records deleted by retention before the group read them) and stalls (the committed offset did
// not move for several samples while there was lag). Commits going backwards are found from the
// samples' commit effects like any other trace's.

import { partitionKey } from '../common/topicPartition';
import type { PartitionState, SimulatorState } from '../simulator/simulatorTypes';
import type { KeyMoment } from './keyMomentTypes';
import type { Trace } from './trace';
import type { SlicedWork } from '../common/slicedWork';

/** How many samples in a row with the same committed offset and lag > 0 make a stall. */
export const stallSamples = 5;

function ownersOf(state: SimulatorState): Map<string, string | null> {
  return new Map(state.partitions.map((p) => [partitionKey(p), p.owner]));
}

function runningMembers(state: SimulatorState): string[] {
  return state.consumers.filter((c) => c.status === 'running').map((c) => c.id);
}

function lagOf(p: PartitionState): number | null {
  return p.committedOffset === null ? null : p.logEndOffset - p.committedOffset;
}

/** Steps looked at between two pauses of {@link recordingMomentsWork}. */
const stepsPerPause = 1024;

/** The moments of the `sample` steps of `trace` (none for a trace that is not a recording), as work that pauses. */
export function* recordingMomentsWork(trace: Trace): SlicedWork<KeyMoment[]> {
  const moments: KeyMoment[] = [];
  let previous: SimulatorState | undefined;
  const unmoved = new Map<string, { offset: number | null; since: number; count: number; reported: boolean }>();
  const belowStart = new Set<string>();
  const length = trace.steps.length;
  for (let index = 0; index < length; index++) {
    if (index % stepsPerPause === stepsPerPause - 1) yield;
    if (trace.kinds[index] !== 'sample') continue;
    const state = trace.states[index];
    const step = index + 1;
    if (!state) continue;
    if (previous) {
      const before = runningMembers(previous);
      const now = runningMembers(state);
      const joined = now.filter((m) => !before.includes(m));
      const left = before.filter((m) => !now.includes(m));
      const oldOwners = ownersOf(previous);
      const moved = state.partitions.filter((p) => {
        const key = partitionKey(p);
        return oldOwners.has(key) && oldOwners.get(key) !== p.owner;
      });
      if (joined.length > 0 || left.length > 0 || moved.length > 0) {
        const parts: string[] = [];
        if (joined.length > 0) parts.push(`${joined.join(', ')} joined`);
        if (left.length > 0) parts.push(`${left.join(', ')} left`);
        if (moved.length > 0) {
          parts.push(
            `${moved
              .slice(0, 5)
              .map((p) => `${partitionKey(p)} ${oldOwners.get(partitionKey(p)) ?? 'unowned'} → ${p.owner ?? 'unowned'}`)
              .join(', ')}${moved.length > 5 ? ` and ${moved.length - 5} more` : ''}`,
          );
        }
        const first = moved[0];
        moments.push({
          kind: 'rebalance',
          step,
          offset: null,
          ...(first ? { topic: first.topic, partition: first.partition } : {}),
          ...(first?.owner ? { consumer: first.owner } : {}),
          text: `Rebalance seen between samples: ${parts.join('; ')} (group ${state.groupState?.state ?? 'state unknown'}).`,
        });
      }
    }
    for (const p of state.partitions) {
      const key = partitionKey(p);
      if (p.committedOffset !== null && p.committedOffset < p.logStartOffset) {
        if (!belowStart.has(key)) {
          belowStart.add(key);
          const count = p.logStartOffset - p.committedOffset;
          moments.push({
            kind: 'retention-loss',
            step,
            offset: p.committedOffset,
            topic: p.topic,
            partition: p.partition,
            text: `The committed offset ${p.committedOffset} of ${key} is below its log start ${p.logStartOffset}: ${count} record${count === 1 ? ' was' : 's were'} deleted (retention) before the group read ${count === 1 ? 'it' : 'them'}.`,
          });
        }
      } else belowStart.delete(key);
      const lag = lagOf(p);
      const track = unmoved.get(key);
      if (!track || track.offset !== p.committedOffset) {
        unmoved.set(key, { offset: p.committedOffset, since: step, count: 1, reported: false });
        continue;
      }
      track.count++;
      if (!track.reported && track.count >= stallSamples && p.committedOffset !== null && lag !== null && lag > 0) {
        track.reported = true;
        moments.push({
          kind: 'stall',
          step,
          offset: p.committedOffset,
          topic: p.topic,
          partition: p.partition,
          ...(p.owner ? { consumer: p.owner } : {}),
          text: `${key} has been committed at ${p.committedOffset} for ${track.count} samples (since step ${track.since}) while its lag is ${lag}: the group is not making progress there.`,
        });
      }
    }
    previous = state;
  }
  return moments;
}
