// The row of one step of a trace, as the execution table, the CLI's JSON and trace files hold it,
// and the kind of action that made it.

import type { Action } from '../simulator/model';

/** One partition a step committed, and the offset it committed. */
export interface StepCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * One row of the execution table, in the CLI's JSON shape. `null` is the table's "No"
 * (and "unknown" for `lag`). The six first fields are the table's columns. `consumer`, `topic`
 * and `partition` name what the step acted on: `null` for a step that acts on no consumer
 * (`wait`, `produce`, transactions, retention) or on no single partition (`wait`).
 */
export interface TraceStep {
  readonly step: number;
  readonly action: string;
  readonly offsetRead: number | null;
  readonly messageProcessed: string | null;
  readonly offsetCommitted: number | null;
  readonly nextOffsetToRead: number | null;
  readonly consumer: string | null;
  readonly topic: string | null;
  readonly partition: number | null;
  readonly position: number | null;
  readonly logEndOffset: number | null;
  readonly lag: number | null;
  /** Every partition the step committed, when it committed more than one (the columns show the first). */
  readonly commits?: readonly StepCommit[];
  /** The exception the step met (thrown by the call, or heard by a commitAsync callback), when it met one. */
  readonly exception?: string;
  /** Where the step's action was written in its scenario file (1-based), when it came from one. */
  readonly line?: number;
  readonly column?: number;
}

/**
 * What kind of action produced a step: the simulator's action types; `sample` and `gap` for a
 * recording of a live group (a sample taken, or a sample the cluster did not answer); `external`
 * for a step read from another tool's trace file.
 */
export type StepKind = Action['type'] | 'sample' | 'gap' | 'external';
