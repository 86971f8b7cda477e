// Burrow's evaluation of live groups from what the views sample: each refresh of a group adds one
// sample per partition (committed offset, log-end offset), and a changed committed offset counts as a
// commit at the sample's time. Commits seen this way are not Burrow's own (it reads every commit with
// its timestamp from __consumer_offsets), so results are labelled "Burrow-like".

import { partitionKeyOf } from '../common/topicPartition';
import type { AnyGroupDescription } from '../kafka/kafkaModel';
import {
  addSample,
  evaluateGroup,
  type BurrowGroupEvaluation,
  type BurrowPartitionEvaluation,
  type BurrowSampledWindow,
} from './burrowEvaluation';

/** What the views show: the group's evaluation and where its commits came from. */
export interface TrackedEvaluation {
  readonly evaluation: BurrowGroupEvaluation;
  /** `samples`: commits inferred from the views' samples ("Burrow-like"). */
  readonly source: 'samples';
  readonly samples: number;
  /** By partition key. */
  readonly partitions: ReadonlyMap<string, BurrowPartitionEvaluation>;
}

/** The label a status is shown with, naming how it was computed. */
export function burrowLabel(tracked: TrackedEvaluation): string {
  return `Burrow-like ${tracked.evaluation.status}`;
}

interface GroupWindows {
  samples: number;
  readonly partitions: Map<string, { topic: string; partition: number; window: BurrowSampledWindow }>;
}

/** Keeps a window per partition of each group (by any key, e.g. cluster and group id). */
export class BurrowTracker {
  private readonly groups = new Map<string, GroupWindows>();

  /** Adds a sample of `description` (share groups have no committed offsets: nothing is evaluated). */
  observe(key: string, description: AnyGroupDescription, timeMs: number): void {
    if (description.type === 'share') return;
    const group = this.groups.get(key) ?? { samples: 0, partitions: new Map() };
    this.groups.set(key, group);
    group.samples++;
    for (const row of description.rows) {
      const partitionKey = partitionKeyOf(row.topic, row.partition);
      const entry = group.partitions.get(partitionKey) ?? {
        topic: row.topic,
        partition: row.partition,
        window: { commits: [], brokerOffsets: [] },
      };
      entry.window = addSample(entry.window, {
        timestampMs: timeMs,
        committedOffset: row.currentOffset,
        logEndOffset: row.logEndOffset,
      });
      group.partitions.set(partitionKey, entry);
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
      source: 'samples',
      samples: group.samples,
      partitions: new Map(evaluation.partitions.map((p) => [partitionKeyOf(p.topic, p.partition), p])),
    };
  }

  /** Forgets a group (e.g. its cluster was removed). */
  forget(key: string): void {
    this.groups.delete(key);
  }
}
