// What an offset change would do to a group, per partition and in total: the lag before and after,
// how many records the group would read again and how many it would jump over without processing.

/** The offsets a what-if is computed from: where the group is, where it would be, and the log. */
export interface WhatIfInput {
  readonly currentOffset: number | null;
  readonly newOffset: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

/** The consequences of moving one partition's committed offset. */
export interface ResetWhatIf {
  /** Log end − committed offset; null when there is no committed offset (Kafka's tool shows `-`). */
  readonly lagBefore: number | null;
  /** Log end − new offset: the records left to read once the group restarts. */
  readonly lagAfter: number;
  /** Records the group has already processed and would read again (duplicates): new offset < committed. */
  readonly reread: number;
  /** Records the group has not processed and would never read: new offset > committed. */
  readonly skipped: number;
}

/** The records with offsets in [from, to) that are still in the log [logStart, logEnd). */
function recordsBetween(from: number, to: number, logStart: number, logEnd: number): number {
  return Math.max(0, Math.min(to, logEnd) - Math.max(from, logStart));
}

/**
 * The what-if of one partition. Counts are of offsets in the log, so with transactions (commit
 * markers take offsets) or compaction the records are fewer. Offsets outside the log (deleted by
 * retention, or not written yet) are never counted.
 *
 * With **no committed offset** the group has, as far as Kafka records, processed nothing in the
 * partition: `reread` is 0 (nothing was read before), `skipped` counts every record below the new
 * offset (a reset to the log start skips nothing, one to the log end skips the whole log), and
 * `lagBefore` is null. Without the reset, such a group would start at its consumers'
 * `auto.offset.reset`, which the group does not know: with `latest` those records would be passed
 * over anyway.
 */
export function whatIfOf(row: WhatIfInput): ResetWhatIf {
  const { currentOffset, newOffset, logStartOffset, logEndOffset } = row;
  const processedUpTo = currentOffset ?? logStartOffset;
  return {
    lagBefore: currentOffset === null ? null : logEndOffset - currentOffset,
    lagAfter: logEndOffset - newOffset,
    reread: currentOffset === null ? 0 : recordsBetween(newOffset, currentOffset, logStartOffset, logEndOffset),
    skipped: recordsBetween(processedUpTo, newOffset, logStartOffset, logEndOffset),
  };
}

/** The what-ifs of a whole plan added up. */
export interface WhatIfTotals {
  /** The lag of the partitions that have a committed offset. */
  readonly lagBefore: number;
  /** How many partitions have no committed offset (their lag before is unknown). */
  readonly unknownLagBefore: number;
  readonly lagAfter: number;
  readonly reread: number;
  readonly skipped: number;
}

/** Adds up the what-ifs of every partition. */
export function whatIfTotals(whatIfs: readonly ResetWhatIf[]): WhatIfTotals {
  return whatIfs.reduce<WhatIfTotals>(
    (sum, w) => ({
      lagBefore: sum.lagBefore + (w.lagBefore ?? 0),
      unknownLagBefore: sum.unknownLagBefore + (w.lagBefore === null ? 1 : 0),
      lagAfter: sum.lagAfter + w.lagAfter,
      reread: sum.reread + w.reread,
      skipped: sum.skipped + w.skipped,
    }),
    { lagBefore: 0, unknownLagBefore: 0, lagAfter: 0, reread: 0, skipped: 0 },
  );
}

/** The totals in one line, named as the columns: `Totals: REREAD 2, SKIPPED 0, LAG-BEFORE 6, LAG-AFTER 8.` */
export function whatIfTotalsText(totals: WhatIfTotals): string {
  const unknown =
    totals.unknownLagBefore === 0
      ? ''
      : ` (without the ${totals.unknownLagBefore === 1 ? 'partition that has' : `${totals.unknownLagBefore} partitions that have`} no committed offset)`;
  return `Totals: REREAD ${totals.reread}, SKIPPED ${totals.skipped}, LAG-BEFORE ${totals.lagBefore}${unknown}, LAG-AFTER ${totals.lagAfter}.`;
}

/** What deleting a committed offset would do: the group then starts at its consumers' `auto.offset.reset`. */
export interface DeleteWhatIf {
  readonly lagBefore: number | null;
  /** With `auto.offset.reset=earliest`: the processed records read again (committed offset − log start). */
  readonly rereadIfEarliest: number;
  /** With `auto.offset.reset=latest`: the unprocessed records passed over (log end − committed offset). */
  readonly skippedIfLatest: number;
}

/** The what-if of deleting one partition's committed offset (nothing changes where there is none). */
export function deleteWhatIfOf(row: Omit<WhatIfInput, 'newOffset'>): DeleteWhatIf {
  const { currentOffset, logStartOffset, logEndOffset } = row;
  if (currentOffset === null) return { lagBefore: null, rereadIfEarliest: 0, skippedIfLatest: 0 };
  return {
    lagBefore: logEndOffset - currentOffset,
    rereadIfEarliest: recordsBetween(logStartOffset, currentOffset, logStartOffset, logEndOffset),
    skippedIfLatest: recordsBetween(currentOffset, logEndOffset, logStartOffset, logEndOffset),
  };
}
