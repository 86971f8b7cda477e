// What the Clusters tree and Inspect Group read about a described group besides the describe: the
// timestamps of the records at its committed offsets (time lag) and its commits in __consumer_offsets
// (Burrow). Both are extras: one that fails is left out with its reason, and the two are read at once.

import type { KafkaInspector } from '../kafka/kafkaInspector';
import type { AnyGroupDescription } from '../kafka/kafkaModel';
import type { RecordTimestamp } from '../kafka/recordTimestamps';
import type { LoggedCommit } from './burrowTracker';
import { recordAgeTargets } from './timeLag';

/** The extras of one refresh: each undefined when it was not read or could not be. */
export interface GroupExtras {
  readonly timestamps?: ReadonlyMap<string, RecordTimestamp>;
  readonly commitLog?: ReadonlyMap<string, readonly LoggedCommit[]>;
  /** Why the timestamps or the commits could not be read. */
  readonly timestampsError?: unknown;
  readonly commitLogError?: unknown;
}

/**
 * Reads the extras of `description` in parallel, each through `within` (the caller's deadline). The
 * timestamps only where a committed offset is below the log end; the commits only for groups that
 * commit (not share groups) and have partitions.
 */
export async function readGroupExtras(
  inspector: Pick<KafkaInspector, 'recordTimestamps' | 'groupCommits'>,
  description: AnyGroupDescription,
  within: <T>(operation: Promise<T>, what: string) => Promise<T>,
): Promise<GroupExtras> {
  const targets = recordAgeTargets(description);
  const commits = description.type !== 'share' && description.rows.length > 0;
  const [timestamps, commitLog] = await Promise.all([
    targets.length > 0
      ? within(inspector.recordTimestamps(targets), 'reading record timestamps').then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        )
      : undefined,
    commits
      ? within(inspector.groupCommits(description.groupId), 'reading __consumer_offsets').then(
          (history) => ({ value: history.commits }),
          (error: unknown) => ({ error }),
        )
      : undefined,
  ]);
  return {
    ...(timestamps && 'value' in timestamps ? { timestamps: timestamps.value } : {}),
    ...(timestamps && 'error' in timestamps ? { timestampsError: timestamps.error } : {}),
    ...(commitLog && 'value' in commitLog ? { commitLog: commitLog.value } : {}),
    ...(commitLog && 'error' in commitLog ? { commitLogError: commitLog.error } : {}),
  };
}
