// Finds the key moments of a trace by analysing what its steps did: duplicates, lost
// records, resumes at the committed offset, auto.offset.reset, rebalances and marker lag.

import { partitionKey, type TopicPartition } from '../simulator/model';
import type { Trace } from './trace';

/** The kinds of moment the analysis reports. */
export type KeyMomentKind = 'duplicate' | 'lost' | 'resumed' | 'reset' | 'rebalance' | 'transaction-marker';

/** One finding, tied to the step where it shows. */
export interface KeyMoment {
  readonly kind: KeyMomentKind;
  /** 1-based step number. */
  readonly step: number;
  /** The offset concerned, or null when the moment is about no single offset. */
  readonly offset: number | null;
  readonly text: string;
}

/** The most lost records reported one by one per partition; the rest are summed up. */
const maxLostReportedPerPartition = 50;

function range(first: number, last: number): string {
  return first === last ? `offset ${first}` : `offsets ${first}–${last}`;
}

/** Analyses a trace. Moments are sorted by step, then in the order they were found. */
export function findKeyMoments(trace: Trace): KeyMoment[] {
  const moments: KeyMoment[] = [];
  const multiPartition = (trace.states[0]?.partitions.length ?? 0) > 1;
  const where = (tp: TopicPartition): string => (multiPartition ? ` of ${partitionKey(tp)}` : '');

  // Processing history: a record processed twice is a duplicate.
  const processedAt = new Map<string, number>();
  const processedOffsets = new Map<string, Set<number>>();
  trace.effects.forEach((effects, index) => {
    for (const record of effects.processed) {
      const key = `${partitionKey(record)}@${record.offset}`;
      const first = processedAt.get(key);
      if (first !== undefined) {
        moments.push({
          kind: 'duplicate',
          step: index + 1,
          offset: record.offset,
          text: `Offset ${record.offset}${where(record)} processed again at step ${index + 1} (first at step ${first}): a duplicate.`,
        });
      } else {
        processedAt.set(key, index + 1);
      }
      const set = processedOffsets.get(partitionKey(record)) ?? new Set<number>();
      set.add(record.offset);
      processedOffsets.set(partitionKey(record), set);
    }
  });

  // Where each partition's consumption began: records before it were never meant to be read.
  const consumptionStart = new Map<string, number>();
  for (const effects of trace.effects) {
    for (const origin of effects.positionOrigins) {
      if (!consumptionStart.has(partitionKey(origin))) consumptionStart.set(partitionKey(origin), origin.offset);
    }
  }
  const finalState = trace.states[trace.states.length - 1];
  const finalLogEnd = new Map((finalState?.partitions ?? []).map((p) => [partitionKey(p), p.logEndOffset] as const));
  const controlOffsets = new Map(
    (finalState?.partitions ?? []).map((p) => [partitionKey(p), new Set(p.controlOffsets)] as const),
  );

  // A record the committed offset passed while it was in the log, never processed: lost.
  // Each offset is checked once, at the first commit that passes it: the log start only grows,
  // so a later commit cannot find an offset in the log that an earlier one found deleted.
  const checkedUpTo = new Map<string, number>();
  const lostCount = new Map<string, number>();
  trace.effects.forEach((effects, index) => {
    for (const commit of effects.commits) {
      const key = partitionKey(commit);
      const start = consumptionStart.get(key);
      if (start === undefined) continue;
      const from = Math.max(start, commit.logStartOffset, checkedUpTo.get(key) ?? 0);
      checkedUpTo.set(key, Math.max(checkedUpTo.get(key) ?? 0, commit.offset));
      // Only offsets that hold a record by the end of the trace: a commit past the log end skips
      // records produced later (lost), but offsets no record ever took are not records lost.
      const end = Math.min(commit.offset, finalLogEnd.get(key) ?? commit.offset);
      for (let offset = from; offset < end; offset++) {
        if (processedOffsets.get(key)?.has(offset) || controlOffsets.get(key)?.has(offset)) continue;
        const count = (lostCount.get(key) ?? 0) + 1;
        lostCount.set(key, count);
        if (count <= maxLostReportedPerPartition) {
          moments.push({
            kind: 'lost',
            step: index + 1,
            offset,
            text: `Offset ${offset}${where(commit)} was committed past at step ${index + 1} (committed ${commit.offset}) but never processed: lost.`,
          });
        } else if (count === maxLostReportedPerPartition + 1) {
          moments.push({
            kind: 'lost',
            step: index + 1,
            offset,
            text: `More than ${maxLostReportedPerPartition} records${where(commit)} were committed past without being processed; only the first ${maxLostReportedPerPartition} are listed.`,
          });
        }
      }
    }
  });

  // Positions set from the committed offset (resumed) or from auto.offset.reset (reset).
  trace.effects.forEach((effects, index) => {
    const step = index + 1;
    for (const origin of effects.positionOrigins) {
      const tp = `${partitionKey(origin)}`;
      if (origin.source === 'committed') {
        moments.push({
          kind: 'resumed',
          step,
          offset: origin.offset,
          text: `${origin.consumer} resumed ${tp} at the committed offset ${origin.offset}: the committed offset is the next record to read, not the last one read.`,
        });
        continue;
      }
      const target =
        origin.policy === 'earliest'
          ? `the log start, offset ${origin.offset}`
          : origin.policy === 'latest'
            ? `the log end, offset ${origin.offset}`
            : `offset ${origin.offset}`;
      let why: string;
      let skipped = '';
      if (origin.reason === 'out-of-range' && origin.committedOffset !== undefined) {
        const below = origin.committedOffset < origin.logStartOffset;
        why = below
          ? `Offset ${origin.committedOffset} is below the log start ${origin.logStartOffset} (deleted by retention)`
          : `Offset ${origin.committedOffset} is past the log end ${origin.logEndOffset}`;
        if (below && origin.offset > origin.committedOffset) {
          const lostRange = range(origin.committedOffset, origin.offset - 1);
          skipped = ` ${lostRange[0].toUpperCase()}${lostRange.slice(1)} will never be read.`;
        }
      } else {
        why = `No committed offset for ${tp}`;
        if (origin.policy === 'latest' && origin.offset > origin.logStartOffset) {
          skipped = ` The ${origin.offset - origin.logStartOffset} records already in the log (${range(origin.logStartOffset, origin.offset - 1)}) are skipped.`;
        }
      }
      moments.push({
        kind: 'reset',
        step,
        offset: origin.offset,
        text: `${why}: auto.offset.reset=${origin.policy ?? '?'} started ${origin.consumer} at ${target}.${skipped}`,
      });
    }
    for (const change of effects.ownershipChanges) {
      if (change.from !== null && change.to !== null) {
        moments.push({
          kind: 'rebalance',
          step,
          offset: null,
          text: `Rebalance: ${partitionKey(change)} moved from ${change.from} to ${change.to}.`,
        });
      }
    }
  });

  // Lag that is only transaction markers: nothing is waiting, yet the lag is not 0.
  if (finalState) {
    for (const partition of finalState.partitions) {
      const committed = partition.committedOffset;
      if (committed === null || committed >= partition.logEndOffset) continue;
      const markers = new Set(partition.controlOffsets);
      let onlyMarkers = true;
      for (let offset = committed; offset < partition.logEndOffset && onlyMarkers; offset++) {
        onlyMarkers = markers.has(offset);
      }
      if (!onlyMarkers) continue;
      const lag = partition.logEndOffset - committed;
      moments.push({
        kind: 'transaction-marker',
        step: trace.steps.length,
        offset: committed,
        text: `Lag ${lag} on ${partitionKey(partition)} is ${lag === 1 ? 'the transaction commit marker' : 'transaction markers'} at ${range(committed, partition.logEndOffset - 1)}: markers take offsets but are never delivered, so no record is waiting.`,
      });
    }
  }

  return moments
    .map((moment, order) => ({ moment, order }))
    .sort((a, b) => a.moment.step - b.moment.step || a.order - b.order)
    .map(({ moment }) => moment);
}
