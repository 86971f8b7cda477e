// Planning an offset reset or deletion for a consumer group, with the rules of Kafka's consumer
// group command `--reset-offsets`: the targets, clamping to the log, and the Empty-group guard.

import type { PartitionOffsets } from '../kafka/kafkaModel';
import { partitionKey } from '../common/topicPartition';

export type { PartitionOffsets } from '../kafka/kafkaModel';

/** What to reset to. */
export type ResetTarget =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'datetime'; readonly timestampMs: number }
  | { readonly kind: 'shift'; readonly by: number };

/** One line of the preview: where the partition's committed offset goes. */
export interface ResetPlanRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly newOffset: number;
  /** Set when the target was outside the log and was moved to its start or end, as Kafka's tool does. */
  readonly clampedTo?: 'log start' | 'log end';
}

/** A reset Kafka's tool would refuse, with the reason. */
export class ResetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResetRefused';
  }
}

/**
 * Refuses a change of offsets unless the group is inactive: Kafka's tool allows it only when the
 * group is Empty (or Dead: it has no members and no state).
 */
export function assertGroupInactive(groupId: string, state: string): void {
  if (state !== 'Empty' && state !== 'Dead') {
    throw new ResetRefused(
      `Offsets of group "${groupId}" can only be changed while the group is inactive (Empty), but its state is ${state}. Stop its consumers first.`,
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
    case 'shift':
      return `shifted by ${target.by > 0 ? '+' : ''}${target.by}`;
  }
}

/** The new committed offset of every partition, without changing anything. */
export function planReset(target: ResetTarget, partitions: readonly PartitionOffsets[]): ResetPlanRow[] {
  return partitions.map((p) => {
    const key = partitionKey(p);
    let wanted: number;
    switch (target.kind) {
      case 'earliest':
        wanted = p.logStartOffset;
        break;
      case 'latest':
        wanted = p.logEndOffset;
        break;
      case 'offset':
        if (!Number.isSafeInteger(target.offset) || target.offset < 0) {
          throw new ResetRefused(`the offset must be a non-negative integer, got ${target.offset}`);
        }
        wanted = target.offset;
        break;
      case 'datetime':
        if (p.offsetForTime === undefined) throw new ResetRefused(`no offset-for-time was looked up for ${key}`);
        wanted = p.offsetForTime ?? p.logEndOffset;
        break;
      case 'shift':
        if (!Number.isSafeInteger(target.by)) throw new ResetRefused(`the shift must be an integer, got ${target.by}`);
        if (p.currentOffset === null) {
          throw new ResetRefused(`cannot shift ${key}: it has no committed offset to shift from`);
        }
        wanted = p.currentOffset + target.by;
        break;
    }
    const base = { topic: p.topic, partition: p.partition, currentOffset: p.currentOffset };
    if (wanted < p.logStartOffset) return { ...base, newOffset: p.logStartOffset, clampedTo: 'log start' as const };
    if (wanted > p.logEndOffset) return { ...base, newOffset: p.logEndOffset, clampedTo: 'log end' as const };
    return { ...base, newOffset: wanted };
  });
}

/** The dry-run preview as Markdown: the table Kafka's `--reset-offsets --dry-run` prints, with the current offset beside it. */
export function resetPreviewMarkdown(
  cluster: string,
  groupId: string,
  action: string,
  rows: readonly ResetPlanRow[],
): string {
  const cell = (value: number | null): string => (value === null ? '-' : String(value));
  const lines = [
    `# Dry run: ${action} for group \`${groupId}\``,
    '',
    `Cluster \`${cluster}\`. Nothing has changed yet: confirm in the dialog to apply, or cancel.`,
    '',
    '| GROUP | TOPIC | PARTITION | CURRENT-OFFSET | NEW-OFFSET | NOTE |',
    '|---|---|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${groupId} | ${r.topic} | ${r.partition} | ${cell(r.currentOffset)} | ${r.newOffset} | ${r.clampedTo ? `target outside the log: moved to the ${r.clampedTo}` : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** The preview of deleting committed offsets, as Markdown. */
export function deletePreviewMarkdown(
  cluster: string,
  groupId: string,
  partitions: readonly { topic: string; partition: number; currentOffset: number | null }[],
): string {
  return [
    `# Dry run: delete committed offsets of group \`${groupId}\``,
    '',
    `Cluster \`${cluster}\`. After deletion the group has no committed offset for these partitions: its next start uses \`auto.offset.reset\`. Nothing has changed yet.`,
    '',
    '| GROUP | TOPIC | PARTITION | CURRENT-OFFSET (to delete) |',
    '|---|---|---:|---:|',
    ...partitions.map(
      (p) => `| ${groupId} | ${p.topic} | ${p.partition} | ${p.currentOffset === null ? '-' : p.currentOffset} |`,
    ),
    '',
  ].join('\n');
}
