// Burrow's consumer-lag evaluation, rule for rule, as pure functions: a partition's status (OK, WARN,
// STOP, STALL, REWIND) from its window of recent commits and broker offsets, and a group's status
// (NOTFOUND, OK, WARN, ERR) with its `complete` fraction, its max-lag partition and its total lag.
//
// Followed: LinkedIn Burrow v1.9.5 (github.com/linkedin/Burrow, tag v1.9.5, commit ced55ba, 2025-10-03).
// - core/internal/evaluator/caching.go: `evaluateConsumerStatus` (group), `evaluatePartitionStatus`
//   (window, complete, minimum-complete), `calculatePartitionStatus` (check order), `checkIfOffsetsStopped`,
//   `checkIfRecentLagZero`, `checkIfOffsetsRewind`, `checkIfRewindRecovered`, `isLagAlwaysNotZero`,
//   `checkIfOffsetsStalled`, `checkIfLagNotDecreasing`; settings `minimum-complete`, `allowed-lag`.
// - core/internal/storage/inmemory.go: `Configure` (`intervals` = 10, `expire-group` = 7 days,
//   `min-distance` = 0), `addConsumerOffset` (lag at a commit, clamped at 0), `mergeFrequentCommitIntoPrevious`
//   (min-distance), `fetchConsumer` (current lag, clamped at 0; expired groups are not found).
// - core/protocol/evaluator.go: `StatusConstant` (NOTFOUND < OK < WARN < ERR < STOP < STALL < REWIND).
// Our own TypeScript; nothing here imports `vscode`.

/** A partition's status, as Burrow names it. */
export type BurrowPartitionStatus = 'OK' | 'WARN' | 'STOP' | 'STALL' | 'REWIND';

/** A group's status: Burrow never gives a group STOP, STALL or REWIND; those partitions make it ERR. */
export type BurrowGroupStatus = 'NOTFOUND' | 'OK' | 'WARN' | 'ERR';

/** Burrow's `StatusConstant` values (core/protocol/evaluator.go): higher is worse. */
export const burrowStatusSeverity: Readonly<Record<BurrowPartitionStatus | BurrowGroupStatus, number>> = {
  NOTFOUND: 0,
  OK: 1,
  WARN: 2,
  ERR: 3,
  STOP: 4,
  STALL: 5,
  REWIND: 6,
};

/** One stored offset commit of a partition. */
export interface BurrowCommit {
  readonly offset: number;
  /** When the commit was made (Burrow uses the commit's own timestamp from __consumer_offsets). */
  readonly timestampMs: number;
  /**
   * Lag at the time of the commit: the broker's end offset then minus this offset, clamped at 0
   * ({@link burrowLag}). Null when unknown (Burrow stores no lag for a commit it backfills out of
   * order); the lag rules skip such commits.
   */
  readonly lag: number | null;
}

/** What Burrow knows about one partition of a group when it evaluates it. */
export interface BurrowPartitionInput {
  readonly topic: string;
  readonly partition: number;
  /** Commits, oldest first; only the last `windowSize` are used. */
  readonly commits: readonly BurrowCommit[];
  /** The broker's end offsets for the partition as refreshed over time, oldest first; only the last `windowSize` are used. */
  readonly brokerOffsets: readonly number[];
  /**
   * The lag now. When absent or null it is computed as Burrow does: newest broker offset minus newest
   * committed offset, clamped at 0 (without a broker offset: the newest commit's lag, else 0).
   */
  readonly currentLag?: number | null;
}

/** Burrow's evaluator and storage settings that the rules depend on. */
export interface BurrowEvaluationOptions {
  /** Storage `intervals`: how many commits (and broker offsets) a partition's window holds. Default 10. */
  readonly windowSize?: number;
  /** Evaluator `minimum-complete`: a partition whose window is less complete than this is reported OK unevaluated. Default 0. */
  readonly minimumComplete?: number;
  /** Evaluator `allowed-lag`: lag up to this counts as "no lag". Default 0. */
  readonly allowedLag?: number;
  /** Storage `expire-group` in ms: a group whose newest commit is older than this is NOTFOUND. Default 7 days. */
  readonly expireGroupMs?: number;
}

/** Options of the window builders ({@link addCommit}, {@link addSample}, {@link commitsFromSamples}). */
export interface BurrowWindowOptions {
  /** Storage `intervals`. Default 10. */
  readonly windowSize?: number;
  /** Storage `min-distance` in ms: a commit closer than this to the previous one replaces it. Default 0. */
  readonly minDistanceMs?: number;
}

/** The names of Burrow's checks, as its functions are called in caching.go. */
export type BurrowCheckName =
  | 'checkIfOffsetsStopped'
  | 'checkIfRecentLagZero'
  | 'checkIfOffsetsRewind'
  | 'checkIfRewindRecovered'
  | 'isLagAlwaysNotZero'
  | 'checkIfOffsetsStalled'
  | 'checkIfLagNotDecreasing';

/** One check that ran, in the order it ran (Burrow short-circuits, so later checks may not run). */
export interface BurrowCheckResult {
  readonly check: BurrowCheckName;
  /** The check's answer; for `checkIfOffsetsRewind` the 0-based index of the first rewind, or -1. */
  readonly result: boolean | number;
}

export interface BurrowPartitionEvaluation {
  readonly topic: string;
  readonly partition: number;
  readonly status: BurrowPartitionStatus;
  /** One sentence naming the rule that decided the status, with its numbers. */
  readonly rule: string;
  /** Commits held ÷ windowSize (1 when full, 0 with no commits). */
  readonly complete: number;
  readonly currentLag: number;
  /** The oldest and newest commits of the window (Burrow's `start` and `end`). */
  readonly start: BurrowCommit | null;
  readonly end: BurrowCommit | null;
  /** The checks that ran, in order. Empty when no rule was evaluated. */
  readonly checks: readonly BurrowCheckResult[];
}

export interface BurrowGroupEvaluation {
  readonly status: BurrowGroupStatus;
  readonly rule: string;
  /** Partitions with a full window ÷ all partitions (0 with no partitions; 1 when NOTFOUND, as Burrow). */
  readonly complete: number;
  /** Every partition, in input order (Burrow's `showall`). */
  readonly partitions: readonly BurrowPartitionEvaluation[];
  /** The first partition with the highest current lag; null when there are none. */
  readonly maxLag: BurrowPartitionEvaluation | null;
  readonly totalLag: number;
}

const defaultWindowSize = 10;
const defaultExpireGroupMs = 604_800_000;

/** Burrow's lag: end offset minus committed offset, 0 when the committed offset is ahead of the end offset seen. */
export function burrowLag(brokerEndOffset: number, committedOffset: number): number {
  return brokerEndOffset > committedOffset ? brokerEndOffset - committedOffset : 0;
}

function windowSizeOf(options: { readonly windowSize?: number }): number {
  const windowSize = options.windowSize ?? defaultWindowSize;
  if (!Number.isInteger(windowSize) || windowSize < 1) {
    throw new RangeError(`windowSize must be a whole number of at least 1, not ${windowSize}`);
  }
  return windowSize;
}

/**
 * Adds a commit to a partition's window (oldest first) and returns the new window, as Burrow's
 * in-memory storage does (`addConsumerOffset`, `mergeFrequentCommitIntoPrevious`): when the commit is
 * less than `minDistanceMs` after the newest stored one, it replaces that one but keeps its
 * timestamp (so frequent committers still advance the window); otherwise it is appended and the
 * oldest commit falls out beyond `windowSize`. Burrow compares with `<`, so with the default 0 only a
 * commit whose timestamp goes backwards replaces the previous one.
 */
export function addCommit(
  window: readonly BurrowCommit[],
  commit: BurrowCommit,
  options: BurrowWindowOptions = {},
): BurrowCommit[] {
  const windowSize = windowSizeOf(options);
  const minDistanceMs = options.minDistanceMs ?? 0;
  const newest = window[window.length - 1];
  if (newest !== undefined && commit.timestampMs - newest.timestampMs < minDistanceMs) {
    const merged: BurrowCommit = { offset: commit.offset, timestampMs: newest.timestampMs, lag: commit.lag };
    return [...window.slice(0, -1), merged].slice(-windowSize);
  }
  return [...window, commit].slice(-windowSize);
}

/** One periodic reading of a partition: its committed offset and the broker's end offset. */
export interface BurrowOffsetSample {
  readonly timestampMs: number;
  /** Null when the group has no committed offset for the partition. */
  readonly committedOffset: number | null;
  /** Null when the end offset could not be read. */
  readonly logEndOffset: number | null;
}

/** A partition's commit window and broker offsets, built from samples. */
export interface BurrowSampledWindow {
  readonly commits: readonly BurrowCommit[];
  readonly brokerOffsets: readonly number[];
}

/**
 * Adds one sample ("Burrow-like", for when __consumer_offsets can't be read): its end offset joins the
 * broker offsets, and if its committed offset differs from the newest commit's (or is the first seen)
 * it counts as a commit at the sample's time, with the lag against the sample's end offset.
 */
export function addSample(
  window: BurrowSampledWindow,
  sample: BurrowOffsetSample,
  options: BurrowWindowOptions = {},
): BurrowSampledWindow {
  const windowSize = windowSizeOf(options);
  const brokerOffsets =
    sample.logEndOffset === null
      ? window.brokerOffsets
      : [...window.brokerOffsets, sample.logEndOffset].slice(-windowSize);
  const newest = window.commits[window.commits.length - 1];
  if (sample.committedOffset === null || newest?.offset === sample.committedOffset) {
    return { commits: window.commits, brokerOffsets };
  }
  const lag = sample.logEndOffset === null ? null : burrowLag(sample.logEndOffset, sample.committedOffset);
  const commit: BurrowCommit = { offset: sample.committedOffset, timestampMs: sample.timestampMs, lag };
  return { commits: addCommit(window.commits, commit, options), brokerOffsets };
}

/**
 * Commit windows built from periodic samples (oldest first), for when __consumer_offsets can't be
 * read: a sample whose committed offset changed counts as a commit at the sample time ("Burrow-like").
 * A consumer that keeps committing the same offset is invisible this way, so it looks stopped, not stalled.
 */
export function commitsFromSamples(
  samples: readonly BurrowOffsetSample[],
  options: BurrowWindowOptions = {},
): BurrowSampledWindow {
  let window: BurrowSampledWindow = { commits: [], brokerOffsets: [] };
  for (const sample of samples) window = addSample(window, sample, options);
  return window;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function currentLagOf(input: BurrowPartitionInput, commits: readonly BurrowCommit[], brokerOffsets: readonly number[]) {
  const newest = commits[commits.length - 1];
  if (newest === undefined) return 0; // Burrow measures no lag for a partition without commits
  if (input.currentLag !== undefined && input.currentLag !== null) return Math.max(0, input.currentLag);
  const newestBrokerOffset = brokerOffsets[brokerOffsets.length - 1];
  if (newestBrokerOffset === undefined) return newest.lag ?? 0;
  return burrowLag(newestBrokerOffset, newest.offset);
}

/** Rule 3: longer since the newest commit than the window spans, from the oldest to the newest commit. */
function checkIfOffsetsStopped(commits: readonly BurrowCommit[], nowMs: number): boolean {
  const oldest = commits[0];
  const newest = commits[commits.length - 1];
  return nowMs - newest.timestampMs > newest.timestampMs - oldest.timestampMs;
}

/** Some recent broker end offset was at or below the newest committed offset: the consumer was caught up lately. */
function checkIfRecentLagZero(commits: readonly BurrowCommit[], brokerOffsets: readonly number[]): boolean {
  const newestOffset = commits[commits.length - 1].offset;
  return brokerOffsets.some((brokerOffset) => brokerOffset <= newestOffset);
}

/** Rule 2: the index of the first commit whose offset is lower than the one before, or -1. */
function checkIfOffsetsRewind(commits: readonly BurrowCommit[]): number {
  for (let i = 1; i < commits.length; i++) if (commits[i].offset < commits[i - 1].offset) return i;
  return -1;
}

/** Rule 2, part 2: a commit from the rewind on got back to the offset before the rewind. */
function checkIfRewindRecovered(commits: readonly BurrowCommit[], rewindIndex: number): boolean {
  const before = commits[rewindIndex - 1].offset;
  return commits.slice(rewindIndex).some((commit) => commit.offset >= before);
}

/** Rule 1: every known lag in the window is above allowed-lag (commits without a lag are skipped). */
function isLagAlwaysNotZero(commits: readonly BurrowCommit[], allowedLag: number): boolean {
  return commits.every((commit) => commit.lag === null || commit.lag > allowedLag);
}

/** Rule 4: every commit in the window has the same offset. */
function checkIfOffsetsStalled(commits: readonly BurrowCommit[]): boolean {
  return commits.every((commit) => commit.offset === commits[0].offset);
}

/** Rule 5: no known lag is lower than the known lag before it (commits without a lag are skipped). */
function checkIfLagNotDecreasing(commits: readonly BurrowCommit[]): boolean {
  const lags = commits.flatMap((commit) => (commit.lag === null ? [] : [commit.lag]));
  return lags.every((lag, i) => i === 0 || lag >= lags[i - 1]);
}

/** Where the window first had a lag at or below allowed-lag, for the OK sentence. */
function firstLowLag(commits: readonly BurrowCommit[], allowedLag: number): { index: number; lag: number } {
  const index = commits.findIndex((commit) => commit.lag !== null && commit.lag <= allowedLag);
  return { index, lag: commits[index].lag ?? 0 };
}

/** Where the known lag first went down, for the OK sentence. */
function firstLagDecrease(commits: readonly BurrowCommit[]): { from: number; to: number; index: number } {
  let previous: number | null = null;
  for (let i = 0; i < commits.length; i++) {
    const lag = commits[i].lag;
    if (lag === null) continue;
    if (previous !== null && lag < previous) return { from: previous, to: lag, index: i };
    previous = lag;
  }
  return { from: 0, to: 0, index: -1 };
}

interface RuleOutcome {
  readonly status: BurrowPartitionStatus;
  readonly rule: string;
  readonly checks: readonly BurrowCheckResult[];
}

/** Burrow's `calculatePartitionStatus`: STOP, then REWIND, then (only if lag never reached allowed-lag) STALL, then WARN. */
function calculatePartitionStatus(
  commits: readonly BurrowCommit[],
  brokerOffsets: readonly number[],
  currentLag: number,
  burrowNowMs: number,
  allowedLag: number,
): RuleOutcome {
  const checks: BurrowCheckResult[] = [];
  const ran = <T extends boolean | number>(check: BurrowCheckName, result: T): T => {
    checks.push({ check, result });
    return result;
  };
  const outcome = (status: BurrowPartitionStatus, rule: string): RuleOutcome => ({ status, rule, checks });
  const n = commits.length;
  const oldest = commits[0];
  const newest = commits[n - 1];
  const lagText = `lag is ${currentLag} (> allowed-lag ${allowedLag})`;

  if (currentLag <= allowedLag) {
    return outcome(
      'OK',
      `OK: the current lag ${currentLag} is not above allowed-lag ${allowedLag}, so no rule applies`,
    );
  }

  const stopped = ran('checkIfOffsetsStopped', checkIfOffsetsStopped(commits, burrowNowMs));
  const recentLagZero = stopped && ran('checkIfRecentLagZero', checkIfRecentLagZero(commits, brokerOffsets));
  if (stopped && !recentLagZero) {
    return outcome(
      'STOP',
      `STOP: no commit for ${seconds(burrowNowMs - newest.timestampMs)} since offset ${newest.offset} was committed, ` +
        `longer than the ${seconds(newest.timestampMs - oldest.timestampMs)} the window of ${plural(n, 'commit')} spans, ` +
        `while ${lagText} and none of the last ${plural(brokerOffsets.length, 'broker offset')} was at or below ${newest.offset}`,
    );
  }

  const rewindIndex = ran('checkIfOffsetsRewind', checkIfOffsetsRewind(commits));
  if (rewindIndex > 0 && !ran('checkIfRewindRecovered', checkIfRewindRecovered(commits, rewindIndex))) {
    const before = commits[rewindIndex - 1].offset;
    return outcome(
      'REWIND',
      `REWIND: the committed offset went back from ${before} to ${commits[rewindIndex].offset} at commit ` +
        `${rewindIndex + 1} of ${n} and no later commit got back to ${before}, while ${lagText}`,
    );
  }

  if (!ran('isLagAlwaysNotZero', isLagAlwaysNotZero(commits, allowedLag))) {
    const low = firstLowLag(commits, allowedLag);
    return outcome(
      'OK',
      `OK: the lag was ${low.lag} (≤ allowed-lag ${allowedLag}) at commit ${low.index + 1} of ${n}, ` +
        `so STALL and WARN are not checked although the current ${lagText}`,
    );
  }
  if (ran('checkIfOffsetsStalled', checkIfOffsetsStalled(commits))) {
    return outcome(
      'STALL',
      `STALL: the committed offset stayed at ${newest.offset} for ${n === 1 ? 'the only commit' : `all ${n} commits`} ` +
        `in the window while ${lagText} and the lag was above ${allowedLag} at every commit`,
    );
  }
  if (ran('checkIfLagNotDecreasing', checkIfLagNotDecreasing(commits))) {
    return outcome(
      'WARN',
      `WARN: the committed offset moved from ${oldest.offset} to ${newest.offset} but the lag never decreased ` +
        `across the ${plural(n, 'commit')} (from ${oldest.lag ?? 'unknown'} to ${newest.lag ?? 'unknown'}), while ${lagText}`,
    );
  }
  const decrease = firstLagDecrease(commits);
  return outcome(
    'OK',
    `OK: the committed offset moves and the lag decreased from ${decrease.from} to ${decrease.to} at commit ` +
      `${decrease.index + 1} of ${n}, though the current ${lagText}`,
  );
}

/**
 * Evaluates one partition as Burrow's `evaluatePartitionStatus` does: the last `windowSize` commits
 * are the window; `complete` = commits ÷ windowSize; below `minimumComplete`, or with no commits, the
 * partition is OK unevaluated; otherwise the rules run in Burrow's order. `nowMs` is truncated to
 * whole seconds, as Burrow's `time.Now().Unix()`.
 */
export function evaluatePartition(
  input: BurrowPartitionInput,
  nowMs: number,
  options: BurrowEvaluationOptions = {},
): BurrowPartitionEvaluation {
  const windowSize = windowSizeOf(options);
  const commits = input.commits.slice(-windowSize);
  const brokerOffsets = input.brokerOffsets.slice(-windowSize);
  const currentLag = currentLagOf(input, commits, brokerOffsets);
  const complete = commits.length >= windowSize ? 1 : commits.length / windowSize;
  const base = {
    topic: input.topic,
    partition: input.partition,
    complete,
    currentLag,
    start: commits[0] ?? null,
    end: commits[commits.length - 1] ?? null,
  };
  if (commits.length === 0) {
    return {
      ...base,
      status: 'OK',
      rule: 'OK: no commit is stored for this partition, so nothing can be evaluated',
      checks: [],
    };
  }
  const minimumComplete = options.minimumComplete ?? 0;
  if (complete < minimumComplete) {
    return {
      ...base,
      status: 'OK',
      rule:
        `OK: the window holds ${commits.length} of ${windowSize} commits (complete ${complete}), ` +
        `below minimum-complete ${minimumComplete}, so the rules are not run`,
      checks: [],
    };
  }
  const burrowNowMs = Math.floor(nowMs / 1000) * 1000;
  const outcome = calculatePartitionStatus(commits, brokerOffsets, currentLag, burrowNowMs, options.allowedLag ?? 0);
  return { ...base, ...outcome };
}

function partitionName(evaluation: BurrowPartitionEvaluation): string {
  return `${evaluation.topic}/${evaluation.partition}`;
}

/** Burrow's group sentence: which partitions made the status, and how complete the data is. */
function groupRule(
  status: BurrowGroupStatus,
  partitions: readonly BurrowPartitionEvaluation[],
  complete: number,
): string {
  const completeText = `complete ${Number(complete.toFixed(3))}`;
  if (status === 'OK') return `OK: all ${plural(partitions.length, 'partition')} are OK (${completeText})`;
  const worst = partitions.reduce((a, b) => (burrowStatusSeverity[b.status] > burrowStatusSeverity[a.status] ? b : a));
  if (status === 'WARN') {
    const warned = partitions.filter((p) => p.status === 'WARN').length;
    return `WARN: ${warned} of ${plural(partitions.length, 'partition')} WARN, first ${partitionName(worst)} (${completeText})`;
  }
  const failed = partitions.filter((p) => burrowStatusSeverity[p.status] > burrowStatusSeverity.ERR).length;
  return (
    `ERR: ${failed} of ${plural(partitions.length, 'partition')} STOP, STALL or REWIND, worst ${partitionName(worst)} ` +
    `${worst.status}; Burrow reports any of these as ERR for the group (${completeText})`
  );
}

/**
 * Evaluates a group as Burrow's `evaluateConsumerStatus` does: NOTFOUND when no partition has a commit
 * within `expireGroupMs` (Burrow's `fetchConsumer` purges such groups; its "last commit" is the newest
 * commit's own time, which for a merged commit can be up to min-distance later than the window shows),
 * so also for no partitions or no commits at all; otherwise the worst partition status, with STOP,
 * STALL and REWIND all becoming ERR; `maxLag` is the first partition with the highest current lag;
 * `complete` is the share of partitions whose window is full; `totalLag` the sum of current lags.
 */
export function evaluateGroup(
  partitions: readonly BurrowPartitionInput[],
  nowMs: number,
  options: BurrowEvaluationOptions = {},
): BurrowGroupEvaluation {
  const windowSize = windowSizeOf(options);
  const newestCommits = partitions.flatMap((p) => p.commits.slice(-windowSize).map((commit) => commit.timestampMs));
  const lastCommitMs = newestCommits.length === 0 ? null : Math.max(...newestCommits);
  const expireGroupMs = options.expireGroupMs ?? defaultExpireGroupMs;
  const burrowNowMs = Math.floor(nowMs / 1000) * 1000;
  if (lastCommitMs === null || burrowNowMs - expireGroupMs > lastCommitMs) {
    return {
      status: 'NOTFOUND',
      rule:
        lastCommitMs === null
          ? 'NOTFOUND: no partition of the group has a stored commit'
          : `NOTFOUND: the newest commit is ${seconds(burrowNowMs - lastCommitMs)} old, more than expire-group ${seconds(expireGroupMs)}`,
      complete: 1,
      partitions: [],
      maxLag: null,
      totalLag: 0,
    };
  }

  const evaluations = partitions.map((p) => evaluatePartition(p, nowMs, options));
  let status: BurrowGroupStatus = 'OK';
  let maxLag: BurrowPartitionEvaluation | null = null;
  for (const evaluation of evaluations) {
    const severity = burrowStatusSeverity[evaluation.status];
    if (severity > burrowStatusSeverity[status]) status = severity > burrowStatusSeverity.ERR ? 'ERR' : 'WARN';
    if (maxLag === null || evaluation.currentLag > maxLag.currentLag) maxLag = evaluation;
  }
  const fullWindows = evaluations.filter((evaluation) => evaluation.complete === 1).length;
  const complete = evaluations.length > 0 ? fullWindows / evaluations.length : 0;
  return {
    status,
    rule: groupRule(status, evaluations, complete),
    complete,
    partitions: evaluations,
    maxLag,
    totalLag: evaluations.reduce((sum, evaluation) => sum + evaluation.currentLag, 0),
  };
}
