// What the offset simulator reports: the effects of one action and the state of the world after it.
// Plain data, safe to keep in traces and to write to trace files.

import type { Action, AutoOffsetReset, SourcePosition, TopicPartition } from './model';

/** A scenario asked for something the simulator cannot do (e.g. poll before start). */
export class ScenarioError extends Error {
  /**
   * @param at where the failing action was written in a scenario file, when known.
   * @param step the 1-based step of the failing action, when known.
   */
  constructor(
    message: string,
    readonly at?: SourcePosition,
    readonly step?: number,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** A record that a consumer holds: polled and not yet processed, or the one in hand. */
export interface RecordRef extends TopicPartition {
  readonly offset: number;
}

/** Where a consumer's position for a partition came from when its first poll after assignment looked it up. */
export interface PositionOrigin extends TopicPartition {
  readonly consumer: string;
  readonly offset: number;
  readonly source: 'committed' | 'reset';
  /** Only for `reset`: why the committed offset could not be used. */
  readonly reason?: 'no-committed-offset' | 'out-of-range';
  readonly committedOffset?: number;
  readonly policy?: AutoOffsetReset;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

/** A commit the group stored. */
export interface CommitEffect extends TopicPartition {
  readonly consumer: string;
  readonly offset: number;
  readonly previous: number | null;
  /** The log start offset when the commit was made (records below it no longer exist). */
  readonly logStartOffset: number;
  /** How it was made; `observed`: seen in a recording of a live group (how the client committed is not known). */
  readonly kind: 'sync' | 'async' | 'auto' | 'explicit' | 'observed';
}

/** A partition whose owner changed in a rebalance. */
export interface OwnershipChange extends TopicPartition {
  readonly from: string | null;
  readonly to: string | null;
}

/** The exceptions of the Java client that a scenario step can meet (shown as steps, never aborting the run). */
export type KafkaExceptionName =
  | 'CommitFailedException'
  | 'RebalanceInProgressException'
  | 'NoOffsetForPartitionException'
  | 'OffsetOutOfRangeException'
  | 'IllegalStateException';

/** An exception a step threw (or a commitAsync callback heard), as the Java client would. */
export interface StepError {
  readonly consumer: string;
  readonly exception: KafkaExceptionName;
  readonly message: string;
  /** Where it surfaced: thrown by the call, or passed to a commitAsync callback in this step. */
  readonly via: 'thrown' | 'callback';
  readonly topic?: string;
  readonly partition?: number;
}

/** A member's assignment changed: what it revoked (or lost) and what it was given. */
export interface AssignmentChange {
  readonly consumer: string;
  readonly protocol: 'eager' | 'cooperative' | 'consumer';
  /** The classic generation or the consumer protocol's group epoch the change belongs to. */
  readonly generation: number;
  readonly revoked: readonly TopicPartition[];
  readonly assigned: readonly TopicPartition[];
  /** `lost`: the member was out of the group (session or poll timeout) and gave its partitions up uncommitted. */
  readonly lost?: boolean;
}

/** Something that happened to a member's place in the group. */
export interface MemberEvent {
  readonly consumer: string;
  readonly event: 'joined' | 'left' | 'session-expired' | 'poll-timeout';
  /** For timeouts: the time (ms of the scenario's clock) at which the broker or client acted. */
  readonly atMs?: number;
}

/** Everything one action did, for the trace and the key-moment analysis. */
export interface StepEffects {
  readonly processed: RecordRef[];
  readonly polled: RecordRef[];
  readonly commits: CommitEffect[];
  readonly positionOrigins: PositionOrigin[];
  readonly ownershipChanges: OwnershipChange[];
  readonly produced: RecordRef[];
  /** Records that polled records were dropped without processing (crash, seek, re-poll). */
  readonly discarded: RecordRef[];
  readonly errors: StepError[];
  readonly assignmentChanges: AssignmentChange[];
  readonly memberEvents: MemberEvent[];
  /** commitAsync requests whose success the client heard in this step (their offsets were stored earlier). */
  readonly asyncConfirmed: CommitEffect[];
}

/** The names of the effect lists (trace files write them by name). */
export const effectNames = [
  'processed',
  'polled',
  'commits',
  'positionOrigins',
  'ownershipChanges',
  'produced',
  'discarded',
  'errors',
  'assignmentChanges',
  'memberEvents',
  'asyncConfirmed',
] as const satisfies readonly (keyof StepEffects)[];

/** The outcome of one action. */
export interface StepOutcome {
  readonly actionType: Action['type'];
  /** The consumer and partition the action acted on: the one the table's columns describe. */
  readonly focus: { readonly consumer: string } & TopicPartition;
  readonly effects: StepEffects;
}

/** One partition's offsets as one consumer sees them. */
export interface ConsumerPartitionState extends TopicPartition {
  /** The record in hand, else the position, else (before the first poll looked it up) the next offset to read. */
  readonly offsetRead: number | null;
  /** The offset of the record in hand, or null when none is. */
  readonly recordInHand: number | null;
  readonly position: number | null;
  readonly committedOffset: number | null;
  readonly nextOffsetToRead: number | null;
  readonly logEndOffset: number;
  /** The group's lag, as Kafka's group tool shows it: log-end offset − committed offset (null without a commit). */
  readonly lag: number | null;
  /**
   * The consumer's own lag: what it can still read, the last stable offset (read_committed) or the
   * log-end offset (read_uncommitted) − its position; null before its position is known.
   */
  readonly consumerLag?: number | null;
}

/** A consumer's place in its group, as its client sees it. */
export type MemberPhase = 'not member' | 'joining' | 'awaiting assignment' | 'stable' | 'left group';

/** A consumer at one moment. */
export interface ConsumerState {
  readonly id: string;
  readonly status: 'not started' | 'running' | 'crashed' | 'closed';
  readonly assignment: readonly TopicPartition[];
  readonly partitions: readonly ConsumerPartitionState[];
  /** Records polled and not yet processed. */
  readonly pending: readonly RecordRef[];
  /** Its place in the group (absent in traces written before the group was modelled). */
  readonly phase?: MemberPhase;
  /** commitAsync requests sent and not yet confirmed to it. */
  readonly asyncInFlight?: number;
}

/** A partition's log and the group's committed offset for it. */
export interface PartitionState extends TopicPartition {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly committedOffset: number | null;
  readonly owner: string | null;
  /** Offsets taken by transaction markers (never returned to an application). */
  readonly controlOffsets: readonly number[];
  /** Where read_committed consumers stop: the first offset of an open transaction, else the log end. */
  readonly lastStableOffset: number;
}

/** The group as the broker's coordinator holds it. */
export interface GroupState {
  readonly protocol: 'classic' | 'consumer';
  /** Classic: Empty, PreparingRebalance, CompletingRebalance, Stable; consumer protocol: Empty, Reconciling, Stable. */
  readonly state: string;
  /** Classic generation id, or the consumer protocol's group epoch. */
  readonly generation: number;
  /** Member ids (consumer ids; a restarted consumer's new member is `c1#2`), crashed ones too until they expire. */
  readonly members: readonly string[];
}

/** The whole simulated world at one moment. */
export interface SimulatorState {
  readonly clockMs: number;
  readonly group: string;
  readonly partitions: readonly PartitionState[];
  readonly consumers: readonly ConsumerState[];
  /** The coordinator's view of the group (absent in traces written before it was modelled). */
  readonly groupState?: GroupState;
}

/** The one empty list a step's effects share until something is added ({@link noEffectsYet}); frozen. */
const noEffect: never[] = Object.freeze([]) as never[];

/**
 * Effects with every list the shared empty one until {@link addEffects} adds to it: a step adds to
 * one or two of its eleven lists, and a million-step simulation made eleven million empty lists.
 */
export function noEffectsYet(): StepEffects {
  return {
    processed: noEffect,
    polled: noEffect,
    commits: noEffect,
    positionOrigins: noEffect,
    ownershipChanges: noEffect,
    produced: noEffect,
    discarded: noEffect,
    errors: noEffect,
    assignmentChanges: noEffect,
    memberEvents: noEffect,
    asyncConfirmed: noEffect,
  };
}

/** Adds `items` to the effect list `name` (of effects made by {@link noEffectsYet} or {@link emptyEffects}; none: nothing). */
export function addEffects<K extends keyof StepEffects>(
  effects: StepEffects | undefined,
  name: K,
  ...items: StepEffects[K][number][]
): void {
  if (!effects || items.length === 0) return;
  const list = effects[name] as StepEffects[K][number][];
  if (list === noEffect)
    (effects as { -readonly [N in keyof StepEffects]: StepEffects[N] })[name] = items as StepEffects[K];
  else list.push(...items);
}

/** A fresh set of empty effect lists. */
export function emptyEffects(): StepEffects {
  return {
    processed: [],
    polled: [],
    commits: [],
    positionOrigins: [],
    ownershipChanges: [],
    produced: [],
    discarded: [],
    errors: [],
    assignmentChanges: [],
    memberEvents: [],
    asyncConfirmed: [],
  };
}
