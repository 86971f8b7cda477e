// Lag over time for a live group: samples of its describe rows, and an estimate of how long the
// group needs to catch up at its recent consumption and production rates, with the method shown.

import type { DescribeRow } from '../kafka/kafkaModel';
import { partitionKey } from '../common/topicPartition';

/** One sample of a group's offsets, summed over the partitions that have a committed offset. */
export interface LagSample {
  readonly timeMs: number;
  /** Sum of the lags of partitions with a committed offset; null when no partition has one. */
  readonly totalLag: number | null;
  /** Sum of committed offsets of those partitions (its growth is the consumption rate). */
  readonly committedSum: number;
  /** Sum of log-end offsets of those partitions (its growth is the production rate). */
  readonly logEndSum: number;
  /** Partitions left out because they have no committed offset or no known log-end offset. */
  readonly partitionsWithoutLag: number;
  /** The partition set the sums cover, so samples over different sets are not compared. */
  readonly partitionSet: string;
}

/** Sums a describe table into a sample. */
export function sampleFromRows(
  rows: readonly Pick<DescribeRow, 'topic' | 'partition' | 'currentOffset' | 'logEndOffset' | 'lag'>[],
  timeMs: number,
): LagSample {
  let totalLag: number | null = null;
  let committedSum = 0;
  let logEndSum = 0;
  let partitionsWithoutLag = 0;
  const counted: string[] = [];
  for (const row of rows) {
    if (row.currentOffset === null || row.logEndOffset === null || row.lag === null) {
      partitionsWithoutLag += 1;
      continue;
    }
    totalLag = (totalLag ?? 0) + row.lag;
    committedSum += row.currentOffset;
    logEndSum += row.logEndOffset;
    counted.push(partitionKey(row));
  }
  return { timeMs, totalLag, committedSum, logEndSum, partitionsWithoutLag, partitionSet: counted.sort().join(',') };
}

/** How long the group needs to consume its lag, and how that was worked out. */
export interface CatchUpEstimate {
  readonly kind: 'caught-up' | 'catching-up' | 'not-catching-up' | 'unknown';
  /** Seconds to reach lag 0 at the current net rate (only for `catching-up`). */
  readonly seconds: number | null;
  /** Records per second committed over the window. */
  readonly consumeRate: number | null;
  /** Records per second produced over the window. */
  readonly produceRate: number | null;
  readonly windowSeconds: number;
  /** One line saying how the figure was computed, shown beside it. */
  readonly method: string;
}

function rate(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(2).replace(/\.?0+$/, '');
}

/** A duration in the largest sensible units: "45 s", "12 min 5 s", "3 h 20 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/**
 * Estimates the time to catch up from the samples of the last `windowMs`: consumption rate = growth of
 * the committed offsets, production rate = growth of the log-end offsets, time = lag ÷ (consumption −
 * production). Only samples over the same partitions as the newest one are used.
 */
export function estimateCatchUp(samples: readonly LagSample[], windowMs = 60_000): CatchUpEstimate {
  const latest = samples[samples.length - 1];
  const unknown = (method: string): CatchUpEstimate => ({
    kind: 'unknown',
    seconds: null,
    consumeRate: null,
    produceRate: null,
    windowSeconds: 0,
    method,
  });
  if (!latest || latest.totalLag === null)
    return unknown('No partition has a committed offset, so the lag is unknown.');
  if (latest.totalLag === 0) {
    return { ...unknown('Lag is 0 on every partition with a committed offset.'), kind: 'caught-up', seconds: 0 };
  }
  const window = samples.filter((s) => s.partitionSet === latest.partitionSet && latest.timeMs - s.timeMs <= windowMs);
  const first = window[0];
  const elapsedMs = latest.timeMs - first.timeMs;
  if (window.length < 2 || elapsedMs < 1000) {
    return unknown('Needs two samples at least a second apart to measure the rates.');
  }
  const seconds = elapsedMs / 1000;
  const consumeRate = (latest.committedSum - first.committedSum) / seconds;
  const produceRate = (latest.logEndSum - first.logEndSum) / seconds;
  const net = consumeRate - produceRate;
  const over = `over the last ${Math.round(seconds)} s`;
  if (net <= 0) {
    return {
      kind: 'not-catching-up',
      seconds: null,
      consumeRate,
      produceRate,
      windowSeconds: seconds,
      method: `Consuming ${rate(consumeRate)}/s while producing ${rate(produceRate)}/s ${over}: the lag of ${latest.totalLag} is not shrinking.`,
    };
  }
  const eta = latest.totalLag / net;
  return {
    kind: 'catching-up',
    seconds: eta,
    consumeRate,
    produceRate,
    windowSeconds: seconds,
    method: `lag ÷ (consumption − production) ${over}: ${latest.totalLag} ÷ (${rate(consumeRate)}/s − ${rate(produceRate)}/s) ≈ ${formatDuration(eta)}.`,
  };
}
