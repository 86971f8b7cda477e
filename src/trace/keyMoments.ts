// Finds the key moments of a trace by analysing what its steps did: duplicates, lost records,
// resumes and resets, rebalances, commits that went back, retention, aborted records, stalls, marker lag.

import { partitionKey, type TopicPartition } from '../common/topicPartition';
import type { ConsumerState, PartitionState, SimulatorState, StepEffects } from '../simulator/offsetSimulator';
import type { KeyMoment, KeyMomentKind } from './keyMomentTypes';
import { recordingMomentsWork } from './recordingMoments';
import type { Trace } from './trace';
import { runToEnd, type SlicedWork } from '../common/slicedWork';

export type { KeyMoment, KeyMomentKind } from './keyMomentTypes';

/** The most lost records reported one by one per partition; the rest are summed up. */
const maxLostReportedPerPartition = 50;

/** A half-open offset range `[start, end)`. */
type Range = readonly [start: number, end: number];

function rangeText(first: number, last: number): string {
  return first === last ? `offset ${first}` : `offsets ${first}–${last}`;
}

function rangesText(ranges: readonly Range[]): string {
  const shown = ranges.slice(0, 3).map(([start, end]) => rangeText(start, end - 1));
  const more = ranges.length > 3 ? ` and ${ranges.length - 3} more ranges` : '';
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0];
  return `${list}${more}`;
}

function countOf(ranges: readonly Range[]): number {
  return ranges.reduce((sum, [start, end]) => sum + end - start, 0);
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function listText(values: readonly number[]): string {
  return values.length === 1 ? `${values[0]}` : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

/** The offsets of `[from, to)` for which `keep` holds, as contiguous ranges. */
function rangesWhere(from: number, to: number, keep: (offset: number) => boolean): Range[] {
  const ranges: Range[] = [];
  let start: number | null = null;
  for (let offset = from; offset < to; offset++) {
    if (keep(offset)) {
      start ??= offset;
    } else if (start !== null) {
      ranges.push([start, offset]);
      start = null;
    }
  }
  if (start !== null) ranges.push([start, to]);
  return ranges;
}

/**
 * Offset ranges already looked at, per partition, kept sorted and disjoint. {@link take} returns the
 * parts of a range not looked at yet and marks the whole range as looked at.
 */
class CheckedRanges {
  private readonly byPartition = new Map<string, [number, number][]>();

  take(key: string, from: number, to: number): Range[] {
    if (to <= from) return [];
    const list = this.byPartition.get(key) ?? [];
    const gaps: Range[] = [];
    let cursor = from;
    for (const [start, end] of list) {
      if (end <= cursor) continue;
      if (start >= to) break;
      if (start > cursor) gaps.push([cursor, start]);
      cursor = Math.max(cursor, end);
      if (cursor >= to) break;
    }
    if (cursor < to) gaps.push([cursor, to]);
    const merged: [number, number][] = [];
    for (const [start, end] of [...list, [from, to] as [number, number]].sort((a, b) => a[0] - b[0])) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    this.byPartition.set(key, merged);
    return gaps;
  }
}

/** Builds a moment with its fields in the order of the CLI contract. */
function moment(
  kind: KeyMomentKind,
  step: number,
  offset: number | null,
  where: { readonly tp?: TopicPartition; readonly consumer?: string | null },
  text: string,
  steps?: readonly number[],
): KeyMoment {
  return {
    kind,
    step,
    offset,
    ...(where.tp ? { topic: where.tp.topic, partition: where.tp.partition } : {}),
    ...(typeof where.consumer === 'string' ? { consumer: where.consumer } : {}),
    ...(steps ? { steps } : {}),
    text,
  };
}

function findConsumer(state: SimulatorState | undefined, id: string): ConsumerState | undefined {
  return state?.consumers.find((consumer) => consumer.id === id);
}

function findPartition(state: SimulatorState, tp: TopicPartition): PartitionState | undefined {
  return state.partitions.find((p) => p.topic === tp.topic && p.partition === tp.partition);
}

/** Steps analysed between two pauses of {@link keyMomentsWork}. */
const stepsPerPause = 256;

/** Analyses a trace. Moments are sorted by step, then in the order they were found. */
export function findKeyMoments(trace: Trace): KeyMoment[] {
  return runToEnd(keyMomentsWork(trace));
}

/** {@link findKeyMoments} as work that pauses every few hundred steps (see {@link SlicedWork}). */
export function* keyMomentsWork(trace: Trace): SlicedWork<KeyMoment[]> {
  const moments: KeyMoment[] = [];
  // Which search found each moment: moments of one step are listed in the order of the searches.
  const passes: number[] = [];
  let pass = 1;
  const found = (keyMoment: KeyMoment): void => {
    moments.push(keyMoment);
    passes.push(pass);
  };
  const multiPartition = (trace.states[0]?.partitions.length ?? 0) > 1;
  const where = (tp: TopicPartition): string => (multiPartition ? ` of ${partitionKey(tp)}` : '');
  const finalState = trace.states[trace.states.length - 1];

  // Control offsets per partition state, made once per state object read.
  const controlSets = new WeakMap<PartitionState, ReadonlySet<number>>();
  const controlsOf = (partition: PartitionState): ReadonlySet<number> => {
    let set = controlSets.get(partition);
    if (!set) {
      set = new Set(partition.controlOffsets);
      controlSets.set(partition, set);
    }
    return set;
  };

  // Processing history: every step each record was processed at (a number, a list once it is
  // processed again). A record processed again is a duplicate.
  const processedSteps = new Map<string, Map<number, number | number[]>>();
  const duplicatesAt = (effects: StepEffects, index: number): void => {
    pass = 1;
    const step = index + 1;
    for (const record of effects.processed) {
      const tpKey = partitionKey(record);
      let offsets = processedSteps.get(tpKey);
      if (!offsets) {
        offsets = new Map();
        processedSteps.set(tpKey, offsets);
      }
      const earlier = offsets.get(record.offset);
      if (earlier === undefined) {
        offsets.set(record.offset, step);
        continue;
      }
      const steps = typeof earlier === 'number' ? [earlier, step] : [...earlier, step];
      offsets.set(record.offset, steps);
      const before = steps.slice(0, -1);
      const text =
        steps.length === 2
          ? `Offset ${record.offset}${where(record)} processed again at step ${step} (first at step ${before[0]}): a duplicate.`
          : `Offset ${record.offset}${where(record)} processed a ${ordinal(steps.length)} time at step ${step} (before at steps ${listText(before)}): a duplicate.`;
      found(
        moment('duplicate', step, record.offset, { tp: record, consumer: trace.steps[index]?.consumer }, text, [
          ...steps,
        ]),
      );
    }
  };
  const firstProcessedAt = (tp: TopicPartition, offset: number): number | undefined => {
    const steps = processedSteps.get(partitionKey(tp))?.get(offset);
    return typeof steps === 'number' ? steps : steps?.[0];
  };
  const wasProcessed = (key: string, offset: number): boolean => processedSteps.get(key)?.has(offset) ?? false;

  // Rebalances (what each member revoked and was given, and where it resumed), failed commits, and
  // members the group let go (a crashed member's session expired; a member that stopped polling left).
  const lastOwner = new Map<string, string>();
  const changesAt = (effects: StepEffects, index: number): void => {
    pass = 5;
    const step = index + 1;
    // One moment per member and step: a poll can revoke (EAGER: everything) and be given partitions
    // in the same step; the moment says both, and where each partition given resumes.
    const byConsumer = new Map<string, NonNullable<typeof effects.assignmentChanges>[number][]>();
    for (const change of effects.assignmentChanges ?? []) {
      const list = byConsumer.get(change.consumer) ?? [];
      list.push(change);
      byConsumer.set(change.consumer, list);
    }
    for (const [consumer, changes] of byConsumer) {
      const revoked = changes.flatMap((c) => c.revoked);
      const assigned = changes.flatMap((c) => c.assigned);
      const lost = changes.some((c) => c.lost);
      const last = changes[changes.length - 1];
      const previousOwner = new Map(assigned.map((tp) => [partitionKey(tp), lastOwner.get(partitionKey(tp))]));
      const moved = assigned.filter((tp) => {
        const owner = previousOwner.get(partitionKey(tp));
        return owner !== undefined && owner !== consumer;
      });
      for (const tp of assigned) lastOwner.set(partitionKey(tp), consumer);
      if (revoked.length === 0 && moved.length === 0) continue;
      const how =
        last.protocol === 'eager'
          ? 'classic protocol, EAGER: every partition is revoked'
          : last.protocol === 'cooperative'
            ? 'classic protocol, COOPERATIVE: only what moves is revoked'
            : 'consumer protocol (KIP-848): only what moves is revoked';
      const parts: string[] = [];
      if (revoked.length > 0) {
        parts.push(`${consumer} ${lost ? 'lost' : 'revoked'} ${revoked.map(partitionKey).join(', ')}`);
      }
      if (assigned.length > 0) {
        const resumed = assigned.map((tp) => {
          const origin = effects.positionOrigins.find(
            (o) => o.consumer === consumer && partitionKey(o) === partitionKey(tp),
          );
          const owner = previousOwner.get(partitionKey(tp));
          const from = owner !== undefined && owner !== consumer ? ` (from ${owner})` : '';
          return origin ? `${partitionKey(tp)}${from} at ${origin.offset}` : `${partitionKey(tp)}${from}`;
        });
        parts.push(`${consumer} was given ${resumed.join(', ')}`);
      }
      const first = revoked[0] ?? assigned[0];
      found(
        moment(
          'rebalance',
          step,
          null,
          { tp: first, consumer },
          `Rebalance (${how}; generation ${last.generation}): ${parts.join('; ')}.`,
        ),
      );
    }
    for (const error of effects.errors ?? []) {
      if (error.exception !== 'CommitFailedException' && error.exception !== 'RebalanceInProgressException') continue;
      const call = error.via === 'callback' ? 'commitAsync (its callback ran in this step)' : 'commit';
      found(
        moment(
          'commit-failed',
          step,
          null,
          { consumer: error.consumer },
          `${error.consumer}'s ${call} failed with ${error.exception}: nothing was committed${error.via === 'callback' ? ' and the client does not retry it' : ''}, so a new owner resumes at the offset committed before. ${error.message}`,
        ),
      );
    }
    for (const event of effects.memberEvents ?? []) {
      if (event.event !== 'session-expired' && event.event !== 'poll-timeout') continue;
      const text =
        event.event === 'session-expired'
          ? `The broker fenced ${event.consumer}'s crashed member: no heartbeat within the session timeout, so its partitions go back to the group (the member held them until then).`
          : `${event.consumer} did not poll within max.poll.interval.ms and left the group: its partitions are given up uncommitted, and a commit it makes now fails.`;
      found(moment('fenced', step, null, { consumer: event.consumer }, text));
    }
    for (const origin of effects.positionOrigins) {
      const tp = partitionKey(origin);
      const at = { tp: origin, consumer: origin.consumer };
      if (origin.source === 'committed') {
        found(
          moment(
            'resumed',
            step,
            origin.offset,
            at,
            `${origin.consumer} resumed ${tp} at the committed offset ${origin.offset}: the committed offset is the next record to read, not the last one read.`,
          ),
        );
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
          const lostRange = rangeText(origin.committedOffset, origin.offset - 1);
          skipped = ` ${lostRange[0].toUpperCase()}${lostRange.slice(1)} will never be read.`;
        }
      } else {
        why = `No committed offset for ${tp}`;
        if (origin.policy === 'latest' && origin.offset > origin.logStartOffset) {
          skipped = ` The ${origin.offset - origin.logStartOffset} records already in the log (${rangeText(origin.logStartOffset, origin.offset - 1)}) are skipped.`;
        }
      }
      found(
        moment(
          'reset',
          step,
          origin.offset,
          at,
          `${why}: auto.offset.reset=${origin.policy ?? '?'} started ${origin.consumer} at ${target}.${skipped}`,
        ),
      );
    }
  };

  // One walk over the effects (a long trace replays them): duplicates, rebalances and resets, and
  // the steps the search for lost records looks at again once every record processed is known.
  const commitSteps: { index: number; effects: StepEffects }[] = [];
  const length = trace.steps.length;
  for (let index = 0; index < length; index++) {
    if (index % stepsPerPause === stepsPerPause - 1) yield;
    const effects = trace.effects[index];
    duplicatesAt(effects, index);
    changesAt(effects, index);
    if (effects.commits.length > 0 || effects.positionOrigins.length > 0 || trace.kinds[index] === 'seek') {
      commitSteps.push({ index, effects });
    }
  }
  pass = 2;

  // Polls: a read_committed fetch passes over the records of aborted transactions without returning
  // them (aborted-skipped), and an open transaction holds it at the last stable offset (stall).
  const abortedOffsets = new Map<string, Set<number>>();
  const stallsReported = new Set<string>();
  // Both need a transaction: its markers stay in the log, and one still open holds the LSO below the log end.
  const transactional = (finalState?.partitions ?? []).some(
    (p) => p.controlOffsets.length > 0 || p.lastStableOffset < p.logEndOffset,
  );
  for (let index = 0; transactional && index < length; index++) {
    if (index % stepsPerPause === stepsPerPause - 1) yield;
    if (trace.kinds[index] !== 'poll') continue;
    const step = index + 1;
    const id = trace.steps[index]?.consumer;
    const state = trace.states[index];
    if (typeof id !== 'string' || !state) continue;
    const after = findConsumer(state, id);
    const before = findConsumer(trace.states[index - 1], id);
    const effects = trace.effects[index];
    for (const view of after?.partitions ?? []) {
      const partitionState = findPartition(state, view);
      const end = view.position;
      if (!partitionState || end === null) continue;
      const key = partitionKey(view);
      const origin = effects.positionOrigins.find((o) => o.consumer === id && partitionKey(o) === key);
      const start = origin?.offset ?? before?.partitions.find((p) => partitionKey(p) === key)?.position ?? null;
      const polledHere = effects.polled.filter((r) => partitionKey(r) === key);
      // The fetch returned every offset it passed (the usual case): nothing skipped.
      if (start !== null && end - start > polledHere.length) {
        const polled = new Set(polledHere.map((r) => r.offset));
        const controls = controlsOf(partitionState);
        const skipped = rangesWhere(start, end, (offset) => !polled.has(offset) && !controls.has(offset));
        if (skipped.length > 0) {
          const set = abortedOffsets.get(key) ?? new Set<number>();
          for (const [from, to] of skipped) for (let offset = from; offset < to; offset++) set.add(offset);
          abortedOffsets.set(key, set);
          const count = countOf(skipped);
          found(
            moment(
              'aborted-skipped',
              step,
              skipped[0][0],
              { tp: view, consumer: id },
              `${id} skipped ${rangesText(skipped)}${where(view)}: ${count === 1 ? 'a record' : `${count} records`} of an aborted transaction, which read_committed never delivers. Neither lost nor a duplicate.`,
            ),
          );
        }
      }
      const held =
        effects.polled.length === 0 &&
        partitionState.lastStableOffset < partitionState.logEndOffset &&
        end === partitionState.lastStableOffset;
      const stallKey = `${id}|${key}|${partitionState.lastStableOffset}`;
      if (held && !stallsReported.has(stallKey)) {
        stallsReported.add(stallKey);
        found(
          moment(
            'stall',
            step,
            end,
            { tp: view, consumer: id },
            `${id} is held at offset ${end} of ${key} by an open transaction: read_committed reads only up to the last stable offset (${end}), though the log end is ${partitionState.logEndOffset}. It waits until the transaction ends.`,
          ),
        );
      }
    }
  }

  // A record the committed offset passed while it was in the log, never processed: lost. Records
  // count from the lowest position any consumer took for the partition so far (its committed offset,
  // auto.offset.reset, or a seek, backwards too): records before it were never meant to be read.
  // Each offset is checked once, at the first commit that passes it: the log start only grows, so a
  // later commit cannot find an offset in the log that an earlier one found deleted.
  const finalLogEnd = new Map((finalState?.partitions ?? []).map((p) => [partitionKey(p), p.logEndOffset] as const));
  const finalControls = new Map((finalState?.partitions ?? []).map((p) => [partitionKey(p), controlsOf(p)] as const));
  const readFrom = new Map<string, number>();
  const lowerReadFrom = (key: string, offset: number): void => {
    const current = readFrom.get(key);
    if (current === undefined || offset < current) readFrom.set(key, offset);
  };
  const checked = new CheckedRanges();
  const lostCount = new Map<string, number>();
  pass = 3;
  for (let at = 0; at < commitSteps.length; at++) {
    if (at % stepsPerPause === stepsPerPause - 1) yield;
    const { index, effects } = commitSteps[at];
    const step = index + 1;
    for (const origin of effects.positionOrigins) lowerReadFrom(partitionKey(origin), origin.offset);
    const row = trace.steps[index];
    if (trace.kinds[index] === 'seek' && row && row.topic !== null && row.partition !== null && row.position !== null) {
      lowerReadFrom(partitionKey({ topic: row.topic, partition: row.partition }), row.position);
    }
    for (const commit of effects.commits) {
      const key = partitionKey(commit);
      if (commit.previous !== null && commit.offset < commit.previous) {
        found(
          moment(
            'rewind',
            step,
            commit.offset,
            { tp: commit, consumer: commit.consumer },
            `${commit.consumer} committed ${key} back from ${commit.previous} to ${commit.offset}: the committed offset went backwards, so a restart reads ${rangeText(commit.offset, commit.previous - 1)} again.`,
          ),
        );
      }
      const start = readFrom.get(key);
      if (start === undefined) continue;
      // Only offsets that hold a record by the end of the trace: a commit past the log end skips
      // records produced later (lost), but offsets no record ever took are not records lost.
      const from = Math.max(start, commit.logStartOffset);
      const end = Math.min(commit.offset, finalLogEnd.get(key) ?? commit.offset);
      for (const [gapStart, gapEnd] of checked.take(key, from, end)) {
        for (let offset = gapStart; offset < gapEnd; offset++) {
          if (
            wasProcessed(key, offset) ||
            finalControls.get(key)?.has(offset) ||
            abortedOffsets.get(key)?.has(offset)
          ) {
            continue;
          }
          const count = (lostCount.get(key) ?? 0) + 1;
          lostCount.set(key, count);
          if (count <= maxLostReportedPerPartition) {
            found(
              moment(
                'lost',
                step,
                offset,
                { tp: commit, consumer: commit.consumer },
                `Offset ${offset}${where(commit)} was committed past at step ${step} (committed ${commit.offset}) but never processed: lost.`,
              ),
            );
          } else if (count === maxLostReportedPerPartition + 1) {
            found(
              moment(
                'lost',
                step,
                offset,
                { tp: commit, consumer: commit.consumer },
                `More than ${maxLostReportedPerPartition} records${where(commit)} were committed past without being processed; only the first ${maxLostReportedPerPartition} are listed.`,
              ),
            );
          }
        }
      }
    }
  }

  // Retention deleting records at or after the committed offset: the group never reads them.
  pass = 4;
  for (let index = 0; index < length; index++) {
    if (index % stepsPerPause === stepsPerPause - 1) yield;
    if (trace.kinds[index] !== 'deleteRecords') continue;
    const step = index + 1;
    const state = trace.states[index];
    const previous = trace.states[index - 1];
    for (const partition of state?.partitions ?? []) {
      const committed = partition.committedOffset;
      if (committed === null || committed >= partition.logStartOffset) continue;
      const before = previous ? findPartition(previous, partition) : undefined;
      const deletedFrom = Math.max(committed, before?.logStartOffset ?? 0);
      const controls = controlsOf(partition);
      const aborted = abortedOffsets.get(partitionKey(partition));
      const unread = rangesWhere(deletedFrom, partition.logStartOffset, (offset) => {
        const processedAt = firstProcessedAt(partition, offset);
        return (processedAt === undefined || processedAt > step) && !controls.has(offset) && !aborted?.has(offset);
      });
      if (unread.length === 0) continue;
      const count = countOf(unread);
      found(
        moment(
          'retention-loss',
          step,
          unread[0][0],
          { tp: partition },
          `Retention deleted ${rangesText(unread)} of ${partitionKey(partition)} before the group read ${count === 1 ? 'it' : 'them'}: the committed offset ${committed} is below the new log start ${partition.logStartOffset}, so ${count === 1 ? 'that record is' : `those ${count} records are`} gone unread.`,
        ),
      );
    }
  }

  pass = 6;
  // Lag that is only transaction markers (and aborted records): nothing is waiting, yet the lag is not 0.
  if (finalState) {
    for (const partition of finalState.partitions) {
      const committed = partition.committedOffset;
      if (committed === null || committed >= partition.logEndOffset) continue;
      const markers = controlsOf(partition);
      const aborted = abortedOffsets.get(partitionKey(partition));
      let markerCount = 0;
      let abortedCount = 0;
      for (let offset = committed; offset < partition.logEndOffset; offset++) {
        if (markers.has(offset)) markerCount++;
        else if (aborted?.has(offset)) abortedCount++;
        else break;
      }
      if (markerCount === 0 || markerCount + abortedCount !== partition.logEndOffset - committed) continue;
      const lag = partition.logEndOffset - committed;
      const what =
        abortedCount > 0
          ? `transaction markers and records of an aborted transaction`
          : lag === 1
            ? 'the transaction commit marker'
            : 'transaction markers';
      found(
        moment(
          'transaction-marker',
          trace.steps.length,
          committed,
          { tp: partition },
          `Lag ${lag} on ${partitionKey(partition)} is ${what} at ${rangeText(committed, partition.logEndOffset - 1)}: ${abortedCount > 0 ? 'neither is' : 'markers take offsets but are never'} delivered, so no record is waiting.`,
        ),
      );
    }
  }

  // A recording of a live group: what changed between samples.
  pass = 7;
  for (const keyMoment of yield* recordingMomentsWork(trace)) found(keyMoment);

  return moments
    .map((keyMoment, order) => ({ keyMoment, order, pass: passes[order] }))
    .sort((a, b) => a.keyMoment.step - b.keyMoment.step || a.pass - b.pass || a.order - b.order)
    .map(({ keyMoment }) => keyMoment);
}
