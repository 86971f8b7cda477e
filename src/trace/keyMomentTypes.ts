// The shape of a key moment (a finding tied to a step), shared by the analyses of simulated and recorded traces.

/** Every kind of moment of the CLI contract (docs/design.md#key-moments); the analysis emits those a trace shows. */
export type KeyMomentKind =
  | 'duplicate'
  | 'lost'
  | 'resumed'
  | 'reset'
  | 'rebalance'
  | 'transaction-marker'
  | 'aborted-skipped'
  | 'commit-failed'
  | 'fenced'
  | 'rewind'
  | 'retention-loss'
  | 'stall';

/**
 * One finding, tied to the step where it shows (`step`, 1-based). `topic`, `partition` and
 * `consumer` are present when the moment has them. A `duplicate` is reported at each step that
 * processed a record again, and its `steps` lists every step that record was processed at so far,
 * this one included (a record processed at steps 3, 6 and 9 gives a moment at step 6 with
 * `[3, 6]` and one at step 9 with `[3, 6, 9]`).
 */
export interface KeyMoment {
  readonly kind: KeyMomentKind;
  readonly step: number;
  /** The offset concerned (the first of a range), or null when the moment is about no single offset. */
  readonly offset: number | null;
  readonly topic?: string;
  readonly partition?: number;
  readonly consumer?: string;
  readonly steps?: readonly number[];
  readonly text: string;
}
