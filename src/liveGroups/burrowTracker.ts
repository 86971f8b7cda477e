// Burrow's evaluation of live groups from what the views see: each refresh of a group adds the log-end
// offset of every partition (Burrow's broker offsets) and the group's commits. With the commits read
// from __consumer_offsets with their own timestamps (as Burrow reads them), each commit not seen before
// joins the window with its lag against the newest log-end offset, as Burrow's in-memory storage
// computes it when it processes a commit (addConsumerOffset, v1.9.5): the result is "Burrow". Where that
// topic cannot be read, a changed committed offset counts as a commit at the sample's time: "Burrow-like".

import { partitionKeyOf } from '../common/topicPartition';
import type { AnyGroupDescription } from '../kafka/kafkaModel';
import {
  addCommit,
  addSample,
  burrowLag,
  evaluateGroup,
  type BurrowGroupEvaluation,
  type BurrowPartitionEvaluation,
  type BurrowSampledWindow,
} from './burrowEvaluation';

/** A commit read from __consumer_offsets: the offset and the commit's own timestamp. */
export interface LoggedCommit {
  readonly offset: number;
  readonly commitTimestampMs: number;
}

/** What the views show: the group's evaluation and where its commits came from. */
export interface TrackedEvaluation {
  readonly evaluation: BurrowGroupEvaluation;
  /**
   * `commit-log`: every commit with its timestamp from __consumer_offsets ("Burrow"); `samples`: commits
   * inferred from the views' samples ("Burrow-like"), as the last refresh had to.
   */
  readonly source: 'commit-log' | 'samples';
  readonly samples: number;
  /** By partition key. */
  readonly partitions: ReadonlyMap<string, BurrowPartitionEvaluation>;
}

/** The label a status is shown with, naming how it was computed. */
export function burrowLabel(tracked: TrackedEvaluation): string {
  return `${tracked.source === 'commit-log' ? 'Burrow' : 'Burrow-like'} ${tracked.evaluation.status}`;
}

/** How the evaluation was made, in one sentence, then the rule that fired (a group's tooltip). */
export function burrowExplanation(tracked: TrackedEvaluation): string {
  const samples = `${tracked.samples} refresh${tracked.samples === 1 ? '' : 'es'} of this view`;
  const how =
    tracked.source === 'commit-log'
      ? `Burrow evaluation (v1.9.5 rules) of the commits read from __consumer_offsets with their timestamps, over ${samples}`
      : `Burrow-like evaluation over ${samples} (__consumer_offsets could not be read: commits are seen as changes between refreshes)`;
  return `${how}: ${tracked.evaluation.rule}`;
}

interface PartitionWindow {
  readonly topic: string;
  readonly partition: number;
  window: BurrowSampledWindow;
  /** The newest commit taken from the commit log (its timestamp and offset), so none is added twice. */
  lastLogged?: LoggedCommit;
}

interface GroupWindows {
  samples: number;
  source: 'commit-log' | 'samples';
  readonly partitions: Map<string, PartitionWindow>;
}

/** The commits of `logged` after `last` (by timestamp, then offset order within one timestamp). */
function newCommits(logged: readonly LoggedCommit[], last: LoggedCommit | undefined): readonly LoggedCommit[] {
  if (last === undefined) return logged;
  const index = logged.findIndex((c) => c.commitTimestampMs === last.commitTimestampMs && c.offset === last.offset);
  return index >= 0 ? logged.slice(index + 1) : logged.filter((c) => c.commitTimestampMs > last.commitTimestampMs);
}

/** Keeps a window per partition of each group (by any key, e.g. cluster and group id). */
export class BurrowTracker {
  private readonly groups = new Map<string, GroupWindows>();

  /**
   * Adds what a refresh saw of `description` (share groups have no committed offsets: nothing is
   * evaluated). `commitLog`, when __consumer_offsets could be read, holds the group's recent commits by
   * partition key, oldest first; without it the committed offsets are sampled.
   */
  observe(
    key: string,
    description: AnyGroupDescription,
    timeMs: number,
    commitLog?: ReadonlyMap<string, readonly LoggedCommit[]>,
  ): void {
    if (description.type === 'share') return;
    const group = this.groups.get(key) ?? { samples: 0, source: 'samples', partitions: new Map() };
    this.groups.set(key, group);
    group.samples++;
    group.source = commitLog ? 'commit-log' : 'samples';
    for (const row of description.rows) {
      const partitionKey = partitionKeyOf(row.topic, row.partition);
      const entry: PartitionWindow = group.partitions.get(partitionKey) ?? {
        topic: row.topic,
        partition: row.partition,
        window: { commits: [], brokerOffsets: [] },
      };
      group.partitions.set(partitionKey, entry);
      if (!commitLog) {
        entry.window = addSample(entry.window, {
          timestampMs: timeMs,
          committedOffset: row.currentOffset,
          logEndOffset: row.logEndOffset,
        });
        continue;
      }
      // Burrow drops a commit while it has no broker offset for the partition, and otherwise stores
      // its lag against the newest one.
      if (row.logEndOffset === null) continue;
      const end = row.logEndOffset;
      let commits = entry.window.commits;
      const logged = commitLog.get(partitionKey) ?? [];
      for (const commit of newCommits(logged, entry.lastLogged)) {
        commits = addCommit(commits, {
          offset: commit.offset,
          timestampMs: commit.commitTimestampMs,
          lag: burrowLag(end, commit.offset),
        });
      }
      entry.lastLogged = logged[logged.length - 1] ?? entry.lastLogged;
      entry.window = { commits, brokerOffsets: [...entry.window.brokerOffsets, end].slice(-10) };
    }
  }

  /** The evaluation of the group at `nowMs`, or undefined before its first sample. */
  evaluate(key: string, nowMs: number): TrackedEvaluation | undefined {
    const group = this.groups.get(key);
    if (!group) return undefined;
    const inputs = [...group.partitions.values()].map((p) => ({
      topic: p.topic,
      partition: p.partition,
      commits: p.window.commits,
      brokerOffsets: p.window.brokerOffsets,
    }));
    const evaluation = evaluateGroup(inputs, nowMs);
    return {
      evaluation,
      source: group.source,
      samples: group.samples,
      partitions: new Map(evaluation.partitions.map((p) => [partitionKeyOf(p.topic, p.partition), p])),
    };
  }

  /** Forgets a group (e.g. its cluster was removed). */
  forget(key: string): void {
    this.groups.delete(key);
  }
}
