// Turns the samples of a live group (what describe saw at one moment, plus the log start offsets) into
// trace steps: one step per sample, its state in the simulator's shapes so the panel, the Offsets tree
// and the debugger show a recording like any trace, and the commits seen since the last sample as the
// step's effects. A sample the cluster did not answer becomes a `gap` step that keeps the last state.

import { partitionKeyOf } from '../common/topicPartition';
import type { DescribeRow, GroupDescription } from '../kafka/kafkaModel';
import {
  emptyEffects,
  type CommitEffect,
  type ConsumerPartitionState,
  type ConsumerState,
  type MemberEvent,
  type PartitionState,
  type SimulatorState,
  type StepEffects,
} from '../simulator/simulatorTypes';
import type { StepKind, TraceStep } from '../trace/trace';

/** What one sample saw: the group as describe shows it, and each partition's log start offset. */
export interface GroupSample {
  /** When the sample was taken (ms since the epoch). */
  readonly timeMs: number;
  readonly description: GroupDescription;
  /** By partition key; a partition missing here keeps the log start it had (0 at first). */
  readonly logStartOffsets: ReadonlyMap<string, number | null>;
}

/** One step of a recording, ready to be written. */
export interface RecordedStep {
  readonly row: TraceStep;
  readonly kind: StepKind;
  /** The state before this step (undefined for the first). */
  readonly previous: SimulatorState | undefined;
  readonly state: SimulatorState;
  readonly effects: StepEffects;
}

/** How many changed partitions an action text names before it says "and N more". */
const namedChanges = 3;

/** Seconds since the recording started, as the action texts show it. */
function elapsedText(ms: number): string {
  return `+${(ms / 1000).toFixed(1)} s`;
}

/**
 * Builds the steps of one recording, sample after sample. Members keep one name for the whole
 * recording: their client id, made unique with `#2`, `#3` when several members share it.
 */
export class RecordingSteps {
  private readonly names = new Map<string, string>();
  private readonly taken = new Set<string>();
  private previous: SimulatorState | undefined;
  private stepCount = 0;
  private startMs: number | undefined;

  constructor(private readonly groupId: string) {}

  /** How many steps were built. */
  get steps(): number {
    return this.stepCount;
  }

  /** True once a sample was taken (a gap before it has no state to keep, so no step). */
  get started(): boolean {
    return this.previous !== undefined;
  }

  /** The step of a sample. */
  sample(sample: GroupSample): RecordedStep {
    this.startMs ??= sample.timeMs;
    const previous = this.previous;
    const { description } = sample;
    const owners = new Map<string, string>();
    const memberNames: string[] = [];
    for (const member of description.members) {
      const name = this.nameOf(member.memberId, member.clientId);
      memberNames.push(name);
      for (const tp of member.assignedPartitions) owners.set(partitionKeyOf(tp.topic, tp.partition), name);
    }
    const before = new Map((previous?.partitions ?? []).map((p) => [partitionKeyOf(p.topic, p.partition), p]));
    const rows = [...description.rows].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
    // Partitions seen before and not in this describe (no owner, offsets deleted) stay as they were.
    const seen = new Set(rows.map((r) => partitionKeyOf(r.topic, r.partition)));
    const partitions: PartitionState[] = rows.map((row) => this.partitionState(row, sample, before, owners));
    for (const [key, old] of before) if (!seen.has(key)) partitions.push({ ...old, owner: null });

    const effects = emptyEffects();
    for (const partition of partitions) {
      const old = before.get(partitionKeyOf(partition.topic, partition.partition));
      const from = old?.committedOffset ?? null;
      if (partition.committedOffset !== null && partition.committedOffset !== from) {
        const commit: CommitEffect = {
          topic: partition.topic,
          partition: partition.partition,
          consumer: partition.owner ?? '(no member)',
          offset: partition.committedOffset,
          previous: from,
          logStartOffset: partition.logStartOffset,
          kind: 'observed',
        };
        effects.commits.push(commit);
      }
    }
    const present = new Set(memberNames);
    const consumers: ConsumerState[] = [];
    for (const name of memberNames) consumers.push(this.consumerState(name, partitions));
    for (const old of previous?.consumers ?? []) {
      if (present.has(old.id)) continue;
      consumers.push({ ...old, status: 'closed', assignment: [], partitions: [], pending: [] });
      if (old.status === 'running') effects.memberEvents.push({ consumer: old.id, event: 'left' } as MemberEvent);
    }
    const wasRunning = new Set((previous?.consumers ?? []).filter((c) => c.status === 'running').map((c) => c.id));
    for (const name of memberNames)
      if (!wasRunning.has(name)) effects.memberEvents.push({ consumer: name, event: 'joined' });

    const state: SimulatorState = {
      clockMs: sample.timeMs - this.startMs,
      group: this.groupId,
      partitions,
      consumers,
      ...(description.protocol === 'classic' || description.protocol === 'consumer'
        ? {
            groupState: {
              protocol: description.protocol,
              state: description.state,
              generation: 0,
              members: memberNames,
            },
          }
        : {}),
    };
    const focus = this.focusOf(partitions, effects.commits);
    const changes = effects.commits.map(
      (c) => `${partitionKeyOf(c.topic, c.partition)} ${c.previous === null ? '-' : c.previous} → ${c.offset}`,
    );
    const changeText =
      changes.length === 0
        ? 'no new commits'
        : `committed ${changes.slice(0, namedChanges).join(', ')}${changes.length > namedChanges ? ` and ${changes.length - namedChanges} more` : ''}`;
    const members = `${memberNames.length} member${memberNames.length === 1 ? '' : 's'}`;
    this.stepCount++;
    const row: TraceStep = {
      step: this.stepCount,
      action: `Sample (${elapsedText(state.clockMs)}): ${description.state}, ${members}; ${changeText}`,
      offsetRead: null,
      messageProcessed: null,
      offsetCommitted:
        focus && effects.commits.some((c) => c.topic === focus.topic && c.partition === focus.partition)
          ? focus.committedOffset
          : null,
      nextOffsetToRead: focus?.committedOffset ?? null,
      consumer: focus?.owner ?? null,
      topic: focus?.topic ?? null,
      partition: focus?.partition ?? null,
      position: null,
      logEndOffset: focus?.logEndOffset ?? null,
      lag: focus ? lagOf(focus) : null,
      ...(effects.commits.length > 1
        ? { commits: effects.commits.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset })) }
        : {}),
    };
    this.previous = state;
    return { row, kind: 'sample', previous, state, effects };
  }

  /** The step of a sample the cluster did not answer: the last state is kept, marked as a gap. */
  gap(timeMs: number, reason: string): RecordedStep | undefined {
    const previous = this.previous;
    if (!previous || this.startMs === undefined) return undefined;
    const state: SimulatorState = { ...previous, clockMs: timeMs - this.startMs };
    this.stepCount++;
    const row: TraceStep = {
      step: this.stepCount,
      action: `Gap (${elapsedText(state.clockMs)}): no sample, ${reason}; the group's offsets are unknown until the next sample`,
      offsetRead: null,
      messageProcessed: null,
      offsetCommitted: null,
      nextOffsetToRead: null,
      consumer: null,
      topic: null,
      partition: null,
      position: null,
      logEndOffset: null,
      lag: null,
    };
    this.previous = state;
    return { row, kind: 'gap', previous, state, effects: emptyEffects() };
  }

  private nameOf(memberId: string, clientId: string): string {
    const known = this.names.get(memberId);
    if (known) return known;
    const base = clientId.length > 0 ? clientId : memberId;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}#${n}`;
    this.names.set(memberId, name);
    this.taken.add(name);
    return name;
  }

  private partitionState(
    row: DescribeRow,
    sample: GroupSample,
    before: ReadonlyMap<string, PartitionState>,
    owners: ReadonlyMap<string, string>,
  ): PartitionState {
    const key = partitionKeyOf(row.topic, row.partition);
    const old = before.get(key);
    const logEnd = row.logEndOffset ?? old?.logEndOffset ?? 0;
    const logStart = sample.logStartOffsets.get(key) ?? old?.logStartOffset ?? 0;
    return {
      topic: row.topic,
      partition: row.partition,
      logStartOffset: logStart,
      logEndOffset: logEnd,
      committedOffset: row.currentOffset,
      owner: owners.get(key) ?? null,
      controlOffsets: [],
      lastStableOffset: logEnd,
    };
  }

  private consumerState(name: string, partitions: readonly PartitionState[]): ConsumerState {
    const owned = partitions.filter((p) => p.owner === name);
    return {
      id: name,
      status: 'running',
      assignment: owned.map((p) => ({ topic: p.topic, partition: p.partition })),
      partitions: owned.map((p): ConsumerPartitionState => ({
        topic: p.topic,
        partition: p.partition,
        offsetRead: null,
        recordInHand: null,
        position: null,
        committedOffset: p.committedOffset,
        nextOffsetToRead: p.committedOffset,
        logEndOffset: p.logEndOffset,
        lag: lagOf(p),
      })),
      pending: [],
    };
  }

  /** The partition a step's columns describe: the first that got a commit, else the one with the most lag. */
  private focusOf(partitions: readonly PartitionState[], commits: readonly CommitEffect[]): PartitionState | undefined {
    const committed = commits[0];
    if (committed) return partitions.find((p) => p.topic === committed.topic && p.partition === committed.partition);
    let best: PartitionState | undefined;
    for (const p of partitions) if (!best || (lagOf(p) ?? -1) > (lagOf(best) ?? -1)) best = p;
    return best;
  }
}

/** Kafka's lag of a partition: log end − committed, null without a commit. */
function lagOf(partition: PartitionState): number | null {
  return partition.committedOffset === null ? null : partition.logEndOffset - partition.committedOffset;
}
