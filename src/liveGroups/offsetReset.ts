// Planning an offset reset or deletion for a consumer group, with the rules of Kafka's consumer
// group command `--reset-offsets` (GroupOffsetsResetter in Kafka's tools): the strategies, clamping
// to the log, the inactive-group guard, and the dry-run previews with their what-ifs.

import type { PartitionOffsets } from '../kafka/kafkaModel';
import { partitionKey } from '../common/topicPartition';
import type { PlannedOffset } from './resetPlanCsv';
import { deleteWhatIfOf, whatIfOf, whatIfTotals, whatIfTotalsText } from './resetWhatIf';

export type { PartitionOffsets } from '../kafka/kafkaModel';

/** What to reset to: one strategy of Kafka's tool each. */
export type ResetTarget =
  /** `--to-earliest`: the log start. */
  | { readonly kind: 'earliest' }
  /** `--to-latest`: the log end. */
  | { readonly kind: 'latest' }
  /** `--to-offset N`: N, moved into the log when outside it. */
  | { readonly kind: 'offset'; readonly offset: number }
  /** `--to-datetime T`: the first offset whose timestamp is at or after T, else the log end. */
  | { readonly kind: 'datetime'; readonly timestampMs: number }
  /** `--by-duration D`: as `datetime`, at now − D (the time is taken when the plan is made). */
  | { readonly kind: 'duration'; readonly duration: string; readonly durationMs: number }
  /** `--shift-by N`: the committed offset + N, moved into the log when outside it. */
  | { readonly kind: 'shift'; readonly by: number }
  /** `--to-current`: the committed offset as it is (not clamped); the log end where there is none. */
  | { readonly kind: 'current' }
  /** `--from-file F`: the file's offsets, moved into the log when outside it; the file names the partitions. */
  | { readonly kind: 'file'; readonly offsets: readonly PlannedOffset[]; readonly source: string };

/** One line of the preview: where the partition's committed offset goes, and the log it is in. */
export interface ResetPlanRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly newOffset: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** Set when the target was outside the log and was moved to its start or end, as Kafka's tool does. */
  readonly clampedTo?: 'log start' | 'log end';
  /** Set when no record is at or after the time: the log end, as Kafka's tool falls back ("Warn: Partition … is empty"). */
  readonly noOffsetForTime?: true;
}

/** A reset Kafka's tool would refuse, with the reason. */
export class ResetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResetRefused';
  }
}

/**
 * Refuses a change of offsets unless the group is inactive: Kafka's tool resets only an Empty or a
 * Dead group (no members, or no such group yet), with ConsumerGroupCommand.resetOffsets' message.
 * Deleting is held to the same rule here (the broker itself would refuse only the subscribed topics).
 */
export function assertGroupInactive(groupId: string, state: string, change: 'reset' | 'delete' = 'reset'): void {
  if (state !== 'Empty' && state !== 'Dead') {
    throw new ResetRefused(
      change === 'reset'
        ? `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.`
        : `Offsets can only be deleted if the group '${groupId}' is inactive, but the current state is ${state}.`,
    );
  }
}

/** A one-line description of a target, for titles and confirmations. */
export function describeTarget(target: ResetTarget): string {
  switch (target.kind) {
    case 'earliest':
      return 'to the earliest offset';
    case 'latest':
      return 'to the latest offset';
    case 'offset':
      return `to offset ${target.offset}`;
    case 'datetime':
      return `to ${new Date(target.timestampMs).toISOString()}`;
    case 'duration':
      return `by duration ${target.duration} (to that long ago)`;
    case 'shift':
      return `shifted by ${target.by > 0 ? '+' : ''}${target.by}`;
    case 'current':
      return 'to the current offset';
    case 'file':
      return `from ${target.source}`;
  }
}

/** Moves an offset into the log [start, end], noting which side it was moved to (GroupOffsetsResetter.checkOffsetsRange). */
function clamped(p: PartitionOffsets, wanted: number): Pick<ResetPlanRow, 'newOffset' | 'clampedTo'> {
  if (wanted > p.logEndOffset) return { newOffset: p.logEndOffset, clampedTo: 'log end' };
  if (wanted < p.logStartOffset) return { newOffset: p.logStartOffset, clampedTo: 'log start' };
  return { newOffset: wanted };
}

/** The new offset of one partition, by Kafka's rule for the strategy. */
function newOffsetOf(
  target: ResetTarget,
  p: PartitionOffsets,
  fileOffsets: ReadonlyMap<string, number>,
): Pick<ResetPlanRow, 'newOffset' | 'clampedTo' | 'noOffsetForTime'> {
  const key = partitionKey(p);
  switch (target.kind) {
    case 'earliest':
      return { newOffset: p.logStartOffset };
    case 'latest':
      return { newOffset: p.logEndOffset };
    case 'offset':
      if (!Number.isSafeInteger(target.offset)) {
        throw new ResetRefused(`the offset must be an integer, got ${target.offset}`);
      }
      return clamped(p, target.offset);
    case 'datetime':
    case 'duration':
      if (p.offsetForTime === undefined) throw new ResetRefused(`no offset-for-time was looked up for ${key}`);
      // The broker's answer lies in the log; with none, the tool falls back to the log end (unclamped either way).
      return p.offsetForTime === null
        ? { newOffset: p.logEndOffset, noOffsetForTime: true }
        : { newOffset: p.offsetForTime };
    case 'shift':
      if (!Number.isSafeInteger(target.by)) throw new ResetRefused(`the shift must be an integer, got ${target.by}`);
      if (p.currentOffset === null) {
        throw new ResetRefused(`cannot shift ${key}: it has no committed offset to shift from`);
      }
      return clamped(p, p.currentOffset + target.by);
    case 'current':
      return { newOffset: p.currentOffset ?? p.logEndOffset };
    case 'file': {
      const offset = fileOffsets.get(key);
      if (offset === undefined) throw new ResetRefused(`the file has no offset for ${key}`);
      return clamped(p, offset);
    }
  }
}

/** The new committed offset of every partition, without changing anything. */
export function planReset(target: ResetTarget, partitions: readonly PartitionOffsets[]): ResetPlanRow[] {
  const fileOffsets = new Map(
    target.kind === 'file' ? target.offsets.map((o) => [partitionKey(o), o.offset] as const) : [],
  );
  return partitions.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    currentOffset: p.currentOffset,
    logStartOffset: p.logStartOffset,
    logEndOffset: p.logEndOffset,
    ...newOffsetOf(target, p, fileOffsets),
  }));
}

const cell = (value: number | null): string => (value === null ? '-' : String(value));

/** The note of a preview row: why its new offset is not the target itself. */
function rowNote(row: ResetPlanRow): string {
  if (row.clampedTo) return `target outside the log: moved to the ${row.clampedTo}`;
  if (row.noOffsetForTime) return 'no record at or after the time: the log end';
  if (row.currentOffset === null) return 'no committed offset before';
  return '';
}

/**
 * The dry-run preview as Markdown: the columns Kafka's `--reset-offsets --dry-run` prints (GROUP
 * TOPIC PARTITION NEW-OFFSET), then the current offset and the what-ifs (resetWhatIf.ts), and the totals.
 */
export function resetPreviewMarkdown(
  cluster: string,
  groupId: string,
  action: string,
  rows: readonly ResetPlanRow[],
): string {
  const whatIfs = rows.map(whatIfOf);
  const lines = [
    `# Dry run: ${action} for group \`${groupId}\``,
    '',
    `Cluster \`${cluster}\`. Nothing has changed yet: confirm in the dialog to apply, or cancel.`,
    '',
    '| GROUP | TOPIC | PARTITION | NEW-OFFSET | CURRENT-OFFSET | LAG-BEFORE | LAG-AFTER | REREAD | SKIPPED | NOTE |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r, i) => {
      const w = whatIfs[i];
      return `| ${groupId} | ${r.topic} | ${r.partition} | ${r.newOffset} | ${cell(r.currentOffset)} | ${cell(w.lagBefore)} | ${w.lagAfter} | ${w.reread} | ${w.skipped} | ${rowNote(r)} |`;
    }),
    '',
    whatIfTotalsText(whatIfTotals(whatIfs)),
    '',
    '`REREAD`: records the group has processed and would read again (duplicates). `SKIPPED`: records it has not ' +
      'processed and would never read. A partition without a committed offset counts as nothing processed. Counts are ' +
      'offsets in the log (transaction markers take offsets too).',
    '',
  ];
  return lines.join('\n');
}

/** A partition whose committed offset is to be deleted, with its log when known (for the what-ifs). */
export interface DeletePreviewRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly logStartOffset?: number;
  readonly logEndOffset?: number;
}

/** The preview of deleting committed offsets, as Markdown, with what a restart would do under each `auto.offset.reset`. */
export function deletePreviewMarkdown(
  cluster: string,
  groupId: string,
  partitions: readonly DeletePreviewRow[],
): string {
  return [
    `# Dry run: delete committed offsets of group \`${groupId}\``,
    '',
    `Cluster \`${cluster}\`. After deletion the group has no committed offset for these partitions: its next start uses \`auto.offset.reset\`. Nothing has changed yet.`,
    '',
    '| GROUP | TOPIC | PARTITION | CURRENT-OFFSET (to delete) | LAG-BEFORE | REREAD-IF-EARLIEST | SKIPPED-IF-LATEST |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...partitions.map((p) => {
      const { logStartOffset, logEndOffset } = p;
      const w =
        logStartOffset !== undefined && logEndOffset !== undefined
          ? deleteWhatIfOf({ currentOffset: p.currentOffset, logStartOffset, logEndOffset })
          : undefined;
      const shown = (value: number | null | undefined): string => (value === undefined ? '?' : cell(value));
      return `| ${groupId} | ${p.topic} | ${p.partition} | ${cell(p.currentOffset)} | ${shown(w?.lagBefore)} | ${shown(w?.rereadIfEarliest)} | ${shown(w?.skippedIfLatest)} |`;
    }),
    '',
  ].join('\n');
}
