// What the quiz needs to know about a whole trace, gathered in one walk over its steps (a long
// trace replays its effects to be walked): which steps processed each record, where each partition
// was first given a position, which steps moved partitions, and the effects of the steps it asks about.

import { partitionKey, partitionKeyOf } from '../common/topicPartition';
import type { PositionOrigin, StepEffects } from '../simulator/offsetSimulator';
import type { PartitionState } from '../simulator/simulatorTypes';
import { runToEnd, type SlicedWork } from '../common/slicedWork';
import { distinctConsumerCount, distinctPartitionCount } from './executionTable';
import type { Trace, TraceStep } from './trace';

/** Steps questions may be about: 1 .. this many. */
export const maxStepsAsked = 2000;

/** A partition that changed hands at a step. */
export interface PartitionMove {
  readonly topic: string;
  readonly partition: number;
  readonly from: string;
  readonly to: string;
}

/** The quiz's facts about a whole trace (steps are 1-based). */
export interface QuizIndex {
  /** The effects of steps 1 .. min(length, {@link maxStepsAsked}). */
  readonly askedEffects: readonly StepEffects[];
  /** The rows of those steps (a long trace makes a row each time it is asked for one). */
  readonly askedRows: readonly TraceStep[];
  /** The partitions' state after each of those steps (a long trace replays a state each time). */
  readonly askedPartitions: readonly (readonly PartitionState[])[];
  /** How many distinct consumers and topic-partitions the rows name. */
  readonly consumerCount: number;
  readonly partitionCount: number;
  /** Per partition key, per offset: the step that processed it, or the steps when it was processed again. */
  readonly processedAt: ReadonlyMap<string, ReadonlyMap<number, number | readonly number[]>>;
  /** Per partition key: where its consumption first began (a position origin, or a seek). */
  readonly firstOrigins: ReadonlyMap<string, { readonly step: number; readonly origin: PositionOrigin }>;
  /** The steps that moved a partition to another consumer, and the moves. */
  readonly moves: ReadonlyMap<number, readonly PartitionMove[]>;
  readonly firstProcess: number | undefined;
  readonly firstPoll: number | undefined;
}

/** Steps walked between two pauses of {@link quizIndexWork}. */
const stepsPerPause = 256;

/** The quiz's facts about the trace, gathered at once. */
export function quizIndex(trace: Trace): QuizIndex {
  return runToEnd(quizIndexWork(trace));
}

/** {@link quizIndex} as work that pauses every few hundred steps (see {@link SlicedWork}). */
export function* quizIndexWork(trace: Trace): SlicedWork<QuizIndex> {
  const askedEffects: StepEffects[] = [];
  const askedRows: TraceStep[] = [];
  const askedPartitions: (readonly PartitionState[])[] = [];
  const processedAt = new Map<string, Map<number, number | number[]>>();
  const firstOrigins = new Map<string, { step: number; origin: PositionOrigin }>();
  const moves = new Map<number, PartitionMove[]>();
  const lastGiven = new Map<string, string>();
  let firstProcess: number | undefined;
  let firstPoll: number | undefined;
  const length = trace.steps.length;
  for (let s = 1; s <= length; s++) {
    if (s % stepsPerPause === 0) yield;
    const effects = trace.effects[s - 1];
    if (s <= maxStepsAsked) {
      askedEffects.push(effects);
      askedRows.push(trace.steps[s - 1]);
      askedPartitions.push(trace.states[s - 1]?.partitions ?? []);
    }
    if (firstProcess === undefined && effects.processed.length > 0) firstProcess = s;
    if (firstPoll === undefined && effects.polled.length > 0) firstPoll = s;
    for (const record of effects.processed) {
      const key = partitionKey(record);
      let offsets = processedAt.get(key);
      if (!offsets) processedAt.set(key, (offsets = new Map()));
      const earlier = offsets.get(record.offset);
      if (earlier === undefined) offsets.set(record.offset, s);
      else if (typeof earlier === 'number') offsets.set(record.offset, [earlier, s]);
      else earlier.push(s);
    }
    for (const origin of effects.positionOrigins) {
      const key = partitionKey(origin);
      if (!firstOrigins.has(key)) firstOrigins.set(key, { step: s, origin });
    }
    // A seek sets a position too (with auto.offset.reset=none it is the only way to start).
    if (trace.kinds[s - 1] === 'seek') {
      const row = trace.steps[s - 1];
      if (row.topic !== null && row.partition !== null && row.position !== null && row.consumer !== null) {
        const key = partitionKeyOf(row.topic, row.partition);
        const log = trace.states[s - 1]?.partitions.find((p) => partitionKey(p) === key);
        if (!firstOrigins.has(key) && log) {
          firstOrigins.set(key, {
            step: s,
            origin: {
              consumer: row.consumer,
              topic: row.topic,
              partition: row.partition,
              offset: row.position,
              source: 'committed',
              logStartOffset: log.logStartOffset,
              logEndOffset: log.logEndOffset,
            },
          });
        }
      }
    }
    const moved = movesOf(effects, lastGiven);
    if (moved.length > 0) moves.set(s, moved);
  }
  // Each a scan of a whole column (milliseconds on a million steps), kept apart from the walk's slices.
  yield;
  const consumerCount = distinctConsumerCount(trace);
  yield;
  const partitionCount = distinctPartitionCount(trace);
  return {
    askedEffects,
    askedRows,
    askedPartitions,
    consumerCount,
    partitionCount,
    processedAt,
    firstOrigins,
    moves,
    firstProcess,
    firstPoll,
  };
}

/**
 * The moves of one step. A rebalance hands a partition over inside poll: EAGER revokes it in the old
 * owner's poll and the new owner is given it in a later poll of its own, so the move is read from
 * the members' assignment changes (the last consumer given the partition before, kept in
 * `lastGiven`), not only from an owner that changed within one step. Traces without assignment
 * changes (recordings, older files) still count a direct change of owner.
 */
function movesOf(effects: StepEffects, lastGiven: Map<string, string>): PartitionMove[] {
  const found: PartitionMove[] = [];
  const add = (tp: { topic: string; partition: number }, from: string, to: string): void => {
    if (from === to) return;
    if (found.some((m) => m.topic === tp.topic && m.partition === tp.partition && m.to === to)) return;
    found.push({ topic: tp.topic, partition: tp.partition, from, to });
  };
  for (const change of effects.assignmentChanges ?? []) {
    for (const tp of change.assigned) {
      const before = lastGiven.get(partitionKey(tp));
      if (before !== undefined) add(tp, before, change.consumer);
      lastGiven.set(partitionKey(tp), change.consumer);
    }
  }
  for (const change of effects.ownershipChanges) {
    if (change.from !== null && change.to !== null) add(change, change.from, change.to);
  }
  return found;
}
