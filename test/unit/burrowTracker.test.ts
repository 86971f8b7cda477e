// The Clusters view's Burrow evaluation from commits read in __consumer_offsets (each commit once, its
// lag against the newest log-end offset, as Burrow's storage does), labelled "Burrow", and its fallback
// to the view's samples, labelled "Burrow-like", when that topic cannot be read.

import * as assert from 'node:assert/strict';
import type { ConsumerGroupDescription } from '../../src/kafka/kafkaModel';
import { BurrowTracker, burrowExplanation, burrowLabel, type LoggedCommit } from '../../src/liveGroups/burrowTracker';
import { addSample, groupSnapshot } from '../../src/liveGroups/groupSnapshot';
import { partitionTreeRows } from '../../src/liveGroups/groupTreeRows';

const group = (committed: number, end: number): ConsumerGroupDescription => ({
  type: 'consumer',
  groupId: 'g',
  state: 'Stable',
  protocol: 'consumer',
  coordinator: 'h:1',
  members: [],
  rows: [
    {
      topic: 't',
      partition: 0,
      currentOffset: committed,
      logEndOffset: end,
      lag: end - committed,
      consumerId: 'c',
      host: '/h',
      clientId: 'c',
    },
  ],
});

const log = (commits: LoggedCommit[]): Map<string, LoggedCommit[]> => new Map([['t-0', commits]]);

describe('Burrow from __consumer_offsets in the Clusters view', () => {
  it('a consumer that keeps committing the same offset while records arrive is STALL (Burrow), not STOP', () => {
    const tracker = new BurrowTracker();
    const commits: LoggedCommit[] = [];
    // One commit of offset 5 every second (auto-commit of a stuck consumer), the log end growing.
    for (let i = 0; i < 12; i++) {
      commits.push({ offset: 5, commitTimestampMs: 1000 * i });
      tracker.observe('g', group(5, 10 + i), 1000 * i + 500, log(commits.slice(-10)));
    }
    const tracked = tracker.evaluate('g', 12_000);
    assert.ok(tracked);
    assert.equal(tracked.source, 'commit-log');
    assert.equal(tracked.partitions.get('t-0')?.status, 'STALL');
    assert.equal(burrowLabel(tracked), 'Burrow ERR');
    assert.match(
      burrowExplanation(tracked),
      /^Burrow evaluation \(v1\.9\.5 rules\) of the commits read from __consumer_offsets/,
    );
    // Each commit entered the window once, although every read returned the last ten again.
    assert.equal(tracked.partitions.get('t-0')?.complete, 1);
    const [row] = partitionTreeRows(group(5, 21), undefined, tracked);
    assert.match(row.description, / · STALL$/);
    assert.match(row.tooltip, /Burrow status \(commits from __consumer_offsets\): /);
  });

  it('the same consumer seen only by samples (the topic unreadable) looks stopped: Burrow-like', () => {
    const tracker = new BurrowTracker();
    for (let i = 0; i < 12; i++) tracker.observe('g', group(5, 10 + i), 1000 * i + 500);
    const tracked = tracker.evaluate('g', 12_000 + 600_000);
    assert.ok(tracked);
    assert.equal(tracked.source, 'samples');
    assert.equal(tracked.partitions.get('t-0')?.status, 'STOP');
    assert.match(burrowLabel(tracked), /^Burrow-like /);
    assert.match(burrowExplanation(tracked), /__consumer_offsets could not be read/);
  });

  it('commits are judged with their own timestamps and lag against the log end when read; one that keeps up is OK', () => {
    const tracker = new BurrowTracker();
    const commits: LoggedCommit[] = [];
    for (let i = 0; i < 10; i++) {
      commits.push({ offset: 10 * i, commitTimestampMs: 1000 * i });
      tracker.observe('g', group(10 * i, 10 * i), 1000 * i + 10, log(commits));
    }
    const tracked = tracker.evaluate('g', 9_500);
    assert.equal(tracked?.partitions.get('t-0')?.status, 'OK');
    assert.equal(tracked?.partitions.get('t-0')?.end?.timestampMs, 9000, 'the newest commit keeps its own timestamp');
    assert.equal(tracked?.partitions.get('t-0')?.end?.lag, 0);
  });

  it('a refresh without the commit log falls back to samples for that refresh, and says so', () => {
    const tracker = new BurrowTracker();
    tracker.observe('g', group(5, 10), 1000, log([{ offset: 5, commitTimestampMs: 900 }]));
    assert.equal(tracker.evaluate('g', 1000)?.source, 'commit-log');
    tracker.observe('g', group(6, 10), 2000);
    assert.equal(tracker.evaluate('g', 2000)?.source, 'samples');
  });
  it('Inspect Group shows the evaluation: the label, how it was made, and each partition with the rule that fired', () => {
    const tracker = new BurrowTracker();
    const commits: LoggedCommit[] = [];
    for (let i = 0; i < 12; i++) {
      commits.push({ offset: 5, commitTimestampMs: 1000 * i });
      tracker.observe('g', group(5, 10 + i), 1000 * i + 500, log(commits.slice(-10)));
    }
    const snapshot = groupSnapshot(
      'c',
      group(5, 21),
      addSample([], group(5, 21), 12_000),
      10,
      undefined,
      tracker.evaluate('g', 12_000),
    );
    assert.equal(snapshot.burrow?.label, 'Burrow ERR');
    assert.match(snapshot.burrow?.explanation ?? '', /^Burrow evaluation \(v1\.9\.5 rules\)/);
    assert.deepEqual(snapshot.burrow?.partitions.header, ['Partition', 'Status', 'Rule that fired']);
    assert.deepEqual(
      snapshot.burrow?.partitions.rows.map((r) => r.slice(0, 2)),
      [['t-0', 'STALL']],
    );
    assert.ok((snapshot.burrow?.partitions.rows[0]?.[2] ?? '').length > 20, 'the rule is a sentence');
    assert.equal(groupSnapshot('c', group(5, 21), [], 10).burrow, undefined, 'no evaluation before the first refresh');
  });
});
