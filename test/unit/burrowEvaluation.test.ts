// Burrow's consumer-lag rules (v1.9.5, core/internal/evaluator/caching.go) on hand-made commit windows:
// one window per status, the order the checks run in, the lag gates, incomplete windows, the group
// status, and the window builders (min-distance, periodic samples).

import * as assert from 'node:assert/strict';
import {
  addCommit,
  burrowLag,
  commitsFromSamples,
  evaluateGroup,
  evaluatePartition,
  type BurrowCommit,
  type BurrowPartitionInput,
} from '../../src/liveGroups/burrowEvaluation';

/** Commits at 100 s, 200 s, …: one [offset, lag] pair per commit. */
function commitsEvery100s(pairs: readonly (readonly [number, number | null])[]): BurrowCommit[] {
  return pairs.map(([offset, lag], i) => ({ offset, lag, timestampMs: (i + 1) * 100_000 }));
}

function partition(
  commits: readonly BurrowCommit[],
  brokerOffsets: readonly number[],
  extra: Partial<BurrowPartitionInput> = {},
): BurrowPartitionInput {
  return { topic: 'orders', partition: 0, commits, brokerOffsets, ...extra };
}

/** Ten commits 100 s apart (100 s … 1000 s), offsets and lags from the functions given. */
function tenCommits(offsetAt: (i: number) => number, lagAt: (i: number) => number): BurrowCommit[] {
  return commitsEvery100s(Array.from({ length: 10 }, (_, i) => [offsetAt(i), lagAt(i)] as const));
}

describe('Burrow evaluation: one window per partition status', () => {
  it('OK when the lag reached 0 somewhere in the window', () => {
    const commits = tenCommits(
      (i) => 1000 * (i + 1),
      (i) => (i === 0 ? 0 : 50 * i),
    );
    const result = evaluatePartition(partition(commits, [10_450]), 1_100_000);
    assert.equal(result.status, 'OK');
    assert.equal(result.currentLag, 450);
    assert.equal(result.complete, 1);
    assert.match(result.rule, /lag was 0 .* at commit 1 of 10, so STALL and WARN are not checked/);
  });

  it('OK when the lag decreased somewhere, even though it is never 0', () => {
    const commits = tenCommits(
      (i) => 1000 * (i + 1),
      (i) => (i === 5 ? 10 : 100),
    );
    const result = evaluatePartition(partition(commits, [10_100]), 1_100_000);
    assert.equal(result.status, 'OK');
    assert.match(result.rule, /lag decreased from 100 to 10 at commit 6 of 10/);
  });

  it('WARN when the offsets move but the lag never decreases (equal lags count as not decreasing)', () => {
    const commits = tenCommits(
      (i) => 1000 * (i + 1),
      (i) => (i < 5 ? 100 : 100 + 10 * i),
    );
    const result = evaluatePartition(partition(commits, [10_190]), 1_100_000);
    assert.equal(result.status, 'WARN');
    assert.equal(result.currentLag, 190);
    assert.match(result.rule, /^WARN: the committed offset moved from 1000 to 10000 but the lag never decreased/);
    assert.deepEqual(
      result.checks.map((check) => check.check),
      [
        'checkIfOffsetsStopped',
        'checkIfOffsetsRewind',
        'isLagAlwaysNotZero',
        'checkIfOffsetsStalled',
        'checkIfLagNotDecreasing',
      ],
    );
  });

  it('STALL when the committed offset does not move while there is lag', () => {
    const commits = tenCommits(
      () => 42,
      (i) => 10 + i,
    );
    const result = evaluatePartition(partition(commits, [59]), 1_100_000);
    assert.equal(result.status, 'STALL');
    assert.equal(result.currentLag, 17);
    assert.match(
      result.rule,
      /^STALL: the committed offset stayed at 42 for all 10 commits in the window while lag is 17/,
    );
  });

  it('REWIND when an offset goes below the previous one and never gets back', () => {
    const commits = commitsEvery100s([
      [1000, 100],
      [2000, 150],
      [3000, 200],
      [2000, 1250],
      [2500, 300],
    ]);
    const result = evaluatePartition(partition(commits, [4300]), 600_000);
    assert.equal(result.status, 'REWIND');
    assert.match(result.rule, /went back from 3000 to 2000 at commit 4 of 5 and no later commit got back to 3000/);
  });

  it('not REWIND when a later commit gets back to the offset before the rewind', () => {
    const commits = commitsEvery100s([
      [1000, 100],
      [2000, 150],
      [3000, 200],
      [2000, 1250],
      [4000, 300],
    ]);
    const result = evaluatePartition(partition(commits, [4300]), 600_000);
    assert.equal(result.status, 'OK');
    assert.deepEqual(result.checks.slice(1, 3), [
      { check: 'checkIfOffsetsRewind', result: 3 },
      { check: 'checkIfRewindRecovered', result: true },
    ]);
  });

  it('STOP when the time since the last commit exceeds the time the window spans', () => {
    const commits = commitsEvery100s([
      [1000, 50],
      [2000, 100],
      [3000, 150],
      [4000, 200],
      [5000, 250],
    ]);
    // Window spans 100 s … 500 s = 400 s; at 900 s it is exactly 400 s since the last commit: not yet STOP.
    assert.equal(evaluatePartition(partition(commits, [5250]), 900_000).status, 'WARN');
    const stopped = evaluatePartition(partition(commits, [5250]), 1_000_000);
    assert.equal(stopped.status, 'STOP');
    assert.match(stopped.rule, /^STOP: no commit for 500 s since offset 5000 was committed, longer than the 400 s/);
  });

  it('uses whole seconds for now, as Burrow does (time.Now().Unix())', () => {
    const commits = commitsEvery100s([
      [1000, 50],
      [2000, 100],
    ]);
    // 100 s span; 100.999 s after the last commit is truncated to 100 s, which is not greater.
    assert.equal(evaluatePartition(partition(commits, [2100]), 300_999).status, 'WARN');
    assert.equal(evaluatePartition(partition(commits, [2100]), 301_000).status, 'STOP');
  });
});

describe('Burrow evaluation: order of the checks and the gates', () => {
  it('STOP is checked first: a stalled window that has also stopped is STOP', () => {
    const commits = tenCommits(
      () => 42,
      () => 17,
    );
    assert.equal(evaluatePartition(partition(commits, [59]), 1_100_000).status, 'STALL');
    const result = evaluatePartition(partition(commits, [59]), 2_000_000);
    assert.equal(result.status, 'STOP');
    assert.deepEqual(result.checks, [
      { check: 'checkIfOffsetsStopped', result: true },
      { check: 'checkIfRecentLagZero', result: false },
    ]);
  });

  it('STOP is checked before REWIND', () => {
    const commits = commitsEvery100s([
      [3000, 100],
      [2000, 1100],
    ]);
    assert.equal(evaluatePartition(partition(commits, [3100]), 250_000).status, 'REWIND');
    assert.equal(evaluatePartition(partition(commits, [3100]), 400_000).status, 'STOP');
  });

  it('the "lag reached 0 in the window" gate skips STALL and WARN but not STOP or REWIND', () => {
    const stalledWithZero = tenCommits(
      () => 42,
      (i) => (i === 0 ? 0 : 17),
    );
    assert.equal(evaluatePartition(partition(stalledWithZero, [59]), 1_100_000).status, 'OK');
    assert.equal(evaluatePartition(partition(stalledWithZero, [59]), 2_000_000).status, 'STOP');

    const rewoundWithZero = commitsEvery100s([
      [1000, 0],
      [2000, 0],
      [500, 1500],
      [600, 1400],
    ]);
    assert.equal(evaluatePartition(partition(rewoundWithZero, [2000]), 500_000).status, 'REWIND');
  });

  it('a recent broker offset at or below the committed offset holds back STOP', () => {
    const commits = commitsEvery100s([
      [1000, 0],
      [2000, 0],
    ]);
    const caughtUpLately = evaluatePartition(partition(commits, [1990, 2000, 2001]), 1_000_000);
    assert.equal(caughtUpLately.currentLag, 1);
    assert.equal(caughtUpLately.status, 'OK');
    assert.deepEqual(caughtUpLately.checks.slice(0, 2), [
      { check: 'checkIfOffsetsStopped', result: true },
      { check: 'checkIfRecentLagZero', result: true },
    ]);
    assert.equal(evaluatePartition(partition(commits, [2001, 2002]), 1_000_000).status, 'STOP');
  });

  it('only the last windowSize broker offsets count for that gate', () => {
    const commits = commitsEvery100s([
      [1000, 0],
      [2000, 0],
    ]);
    const brokerOffsets = [2000, 2001, 2002];
    assert.equal(evaluatePartition(partition(commits, brokerOffsets), 1_000_000, { windowSize: 3 }).status, 'OK');
    assert.equal(evaluatePartition(partition(commits, brokerOffsets), 1_000_000, { windowSize: 2 }).status, 'STOP');
  });

  it('no rule applies while the current lag is not above allowed-lag', () => {
    const stalled = tenCommits(
      () => 42,
      () => 5,
    );
    const noLagNow = evaluatePartition(partition(stalled, [42]), 5_000_000);
    assert.equal(noLagNow.status, 'OK');
    assert.deepEqual(noLagNow.checks, []);
    assert.equal(evaluatePartition(partition(stalled, [47]), 5_000_000, { allowedLag: 5 }).status, 'OK');
    assert.equal(evaluatePartition(partition(stalled, [48]), 1_100_000, { allowedLag: 5 }).status, 'OK');
    assert.equal(evaluatePartition(partition(stalled, [48]), 1_100_000, { allowedLag: 4 }).status, 'STALL');
  });

  it('commits without a known lag are skipped by the lag rules', () => {
    const commits = commitsEvery100s([
      [1000, 100],
      [1500, null],
      [2000, 100],
      [2500, null],
      [3000, 120],
    ]);
    assert.equal(evaluatePartition(partition(commits, [3120]), 600_000).status, 'WARN');
    const lagUnknownEverywhere = commitsEvery100s([
      [7, null],
      [7, null],
    ]);
    assert.equal(evaluatePartition(partition(lagUnknownEverywhere, [9]), 250_000).status, 'STALL');
  });
});

describe('Burrow evaluation: lag and the window', () => {
  it('clamps lag at 0 when the committed offset is ahead of the broker offset seen', () => {
    assert.equal(burrowLag(100, 90), 10);
    assert.equal(burrowLag(90, 100), 0);
    const commits = commitsEvery100s([[100, 0]]);
    assert.equal(evaluatePartition(partition(commits, [90]), 200_000).currentLag, 0);
    assert.equal(evaluatePartition(partition(commits, [90], { currentLag: -3 }), 200_000).currentLag, 0);
    assert.equal(evaluatePartition(partition(commits, [90], { currentLag: 8 }), 200_000).currentLag, 8);
  });

  it('keeps only the last windowSize commits', () => {
    const commits = commitsEvery100s(Array.from({ length: 12 }, (_, i) => [i < 2 ? 1 : 42, 0] as const));
    const result = evaluatePartition(partition(commits, [42]), 1_300_000);
    assert.equal(result.start?.offset, 42);
    assert.equal(result.start?.timestampMs, 300_000);
    assert.equal(result.complete, 1);
  });

  it('an incomplete window gives complete = commits ÷ windowSize and is still evaluated by default', () => {
    const commits = commitsEvery100s([
      [1000, 50],
      [2000, 100],
      [3000, 150],
      [4000, 200],
      [5000, 250],
    ]);
    const result = evaluatePartition(partition(commits, [5250]), 1_000_000);
    assert.equal(result.complete, 0.5);
    assert.equal(result.status, 'STOP');
    const belowMinimum = evaluatePartition(partition(commits, [5250]), 1_000_000, { minimumComplete: 0.6 });
    assert.equal(belowMinimum.status, 'OK');
    assert.match(belowMinimum.rule, /holds 5 of 10 commits \(complete 0.5\), below minimum-complete 0.6/);
  });

  it('a single commit with lag is STALL in the same second and STOP after', () => {
    const single = commitsEvery100s([[42, 8]]);
    assert.equal(evaluatePartition(partition(single, [50]), 100_500).status, 'STALL');
    assert.match(evaluatePartition(partition(single, [50]), 100_500).rule, /for the only commit/);
    assert.equal(evaluatePartition(partition(single, [50]), 101_000).status, 'STOP');
  });

  it('a partition without commits is OK with complete 0 and no lag', () => {
    const result = evaluatePartition(partition([], [500], { currentLag: 500 }), 0);
    assert.equal(result.status, 'OK');
    assert.equal(result.complete, 0);
    assert.equal(result.currentLag, 0);
    assert.equal(result.start, null);
  });

  it('refuses a window size that is not a whole number of at least 1', () => {
    assert.throws(() => evaluatePartition(partition([], []), 0, { windowSize: 0 }), RangeError);
    assert.throws(() => addCommit([], { offset: 1, timestampMs: 0, lag: 0 }, { windowSize: 2.5 }), RangeError);
  });
});

describe('Burrow evaluation: the group', () => {
  const now = 1_100_000;
  const ok = (p: number) =>
    partition(
      tenCommits(
        (i) => 100 * i,
        () => 0,
      ),
      [900],
      { partition: p },
    );
  const warn = (p: number, lag: number) =>
    partition(
      tenCommits(
        (i) => 100 * i,
        () => lag,
      ),
      [900 + lag],
      { partition: p },
    );
  const stall = (p: number) =>
    partition(
      tenCommits(
        () => 7,
        () => 3,
      ),
      [10],
      { partition: p },
    );

  it('is OK when every partition is OK', () => {
    const group = evaluateGroup([ok(0), ok(1)], now);
    assert.equal(group.status, 'OK');
    assert.equal(group.complete, 1);
    assert.equal(group.totalLag, 0);
    assert.equal(group.maxLag?.partition, 0);
  });

  it('is WARN for a WARN partition, and ERR (never STALL, STOP or REWIND) for the worse ones', () => {
    const warned = evaluateGroup([ok(0), warn(1, 30)], now);
    assert.equal(warned.status, 'WARN');
    assert.match(warned.rule, /^WARN: 1 of 2 partitions WARN, first orders\/1/);

    const failed = evaluateGroup([warn(0, 30), stall(1), ok(2)], now);
    assert.equal(failed.status, 'ERR');
    assert.equal(failed.partitions[1].status, 'STALL');
    assert.match(failed.rule, /^ERR: 1 of 3 partitions STOP, STALL or REWIND, worst orders\/1 STALL/);
    assert.equal(evaluateGroup([stall(0)], 5_000_000).partitions[0].status, 'STOP');
    assert.equal(evaluateGroup([stall(0)], 5_000_000).status, 'ERR');
  });

  it('sums the current lags and names the first partition with the highest lag as maxLag', () => {
    const group = evaluateGroup([warn(0, 30), stall(1), warn(2, 30)], now);
    assert.equal(group.totalLag, 63);
    assert.equal(group.maxLag?.partition, 0);
  });

  it('complete is the share of partitions with a full window', () => {
    const halfFull = partition(commitsEvery100s([[1, 0]]), [1], { partition: 3, topic: 'payments' });
    const noCommits = partition([], [50], { partition: 4 });
    const group = evaluateGroup([ok(0), ok(1), halfFull, noCommits], now);
    assert.equal(group.complete, 0.5);
    assert.equal(group.partitions.length, 4);
    assert.equal(group.status, 'OK');
  });

  it('is NOTFOUND with no partitions, no commits, or only commits older than expire-group', () => {
    for (const group of [evaluateGroup([], now), evaluateGroup([partition([], [5])], now)]) {
      assert.equal(group.status, 'NOTFOUND');
      assert.equal(group.complete, 1);
      assert.deepEqual(group.partitions, []);
      assert.equal(group.maxLag, null);
      assert.equal(group.totalLag, 0);
    }
    const sevenDays = 604_800_000;
    assert.equal(evaluateGroup([ok(0)], 1_000_000 + sevenDays).status, 'OK');
    const expired = evaluateGroup([ok(0)], 1_001_000 + sevenDays);
    assert.equal(expired.status, 'NOTFOUND');
    assert.match(expired.rule, /more than expire-group 604800 s/);
    assert.equal(evaluateGroup([ok(0)], 1_100_000, { expireGroupMs: 50_000 }).status, 'NOTFOUND');
  });
});

describe('Burrow evaluation: building windows', () => {
  it('addCommit appends and drops the oldest beyond windowSize', () => {
    let window: BurrowCommit[] = [];
    for (let i = 0; i < 4; i++)
      window = addCommit(window, { offset: i, timestampMs: i * 1000, lag: 0 }, { windowSize: 3 });
    assert.deepEqual(
      window.map((commit) => commit.offset),
      [1, 2, 3],
    );
  });

  it('a commit closer than min-distance replaces the previous one but keeps its timestamp', () => {
    const first = addCommit([], { offset: 10, timestampMs: 1000, lag: 5 }, { minDistanceMs: 1000 });
    const merged = addCommit(first, { offset: 12, timestampMs: 1999, lag: 3 }, { minDistanceMs: 1000 });
    assert.deepEqual(merged, [{ offset: 12, timestampMs: 1000, lag: 3 }]);
    const appended = addCommit(merged, { offset: 14, timestampMs: 2000, lag: 1 }, { minDistanceMs: 1000 });
    assert.equal(appended.length, 2);
  });

  it('with the default min-distance 0 only a commit whose timestamp goes backwards replaces the previous one', () => {
    const first = addCommit([], { offset: 10, timestampMs: 1000, lag: 0 });
    assert.equal(addCommit(first, { offset: 11, timestampMs: 1000, lag: 0 }).length, 2);
    assert.deepEqual(addCommit(first, { offset: 11, timestampMs: 999, lag: 0 }), [
      { offset: 11, timestampMs: 1000, lag: 0 },
    ]);
  });

  it('commitsFromSamples counts a sample as a commit when its committed offset changed', () => {
    const window = commitsFromSamples([
      { timestampMs: 0, committedOffset: null, logEndOffset: 100 },
      { timestampMs: 1000, committedOffset: 40, logEndOffset: 100 },
      { timestampMs: 2000, committedOffset: 40, logEndOffset: 120 },
      { timestampMs: 3000, committedOffset: 130, logEndOffset: 125 },
      { timestampMs: 4000, committedOffset: 130, logEndOffset: null },
    ]);
    assert.deepEqual(window.commits, [
      { offset: 40, timestampMs: 1000, lag: 60 },
      { offset: 130, timestampMs: 3000, lag: 0 },
    ]);
    assert.deepEqual(window.brokerOffsets, [100, 100, 120, 125]);
  });

  it('commitsFromSamples keeps windowSize commits and broker offsets, and honours min-distance', () => {
    const samples = Array.from({ length: 6 }, (_, i) => ({
      timestampMs: i * 500,
      committedOffset: i * 10,
      logEndOffset: i * 10 + 5,
    }));
    const window = commitsFromSamples(samples, { windowSize: 3 });
    assert.deepEqual(
      window.commits.map((commit) => commit.offset),
      [30, 40, 50],
    );
    assert.deepEqual(window.brokerOffsets, [35, 45, 55]);
    const merged = commitsFromSamples(samples, { minDistanceMs: 1000 });
    assert.deepEqual(
      merged.commits.map((commit) => [commit.offset, commit.timestampMs]),
      [
        [10, 0],
        [30, 1000],
        [50, 2000],
      ],
    );
  });

  it('a sampled consumer that keeps committing the same offset looks stopped, not stalled', () => {
    const samples = Array.from({ length: 10 }, (_, i) => ({
      timestampMs: i * 10_000,
      committedOffset: 42,
      logEndOffset: 60 + i,
    }));
    const window = commitsFromSamples(samples);
    assert.equal(window.commits.length, 1);
    const result = evaluatePartition({ topic: 'orders', partition: 0, ...window }, 90_000);
    assert.equal(result.currentLag, 27);
    assert.equal(result.status, 'STOP');
  });
});
