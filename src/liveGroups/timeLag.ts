// Time lag as the age of the oldest unread record, as SoftwareMill's klag-exporter measures it: the
// timestamp of the record at each partition's committed offset (read with one fetch at that offset,
// never joining the group), subtracted from now. A caught-up partition is 0 s behind. Which partitions to
// ask for, and the texts of the figure and how it was measured. Kept apart from the rate estimate
// (lagEstimate.ts), and each labelled as what it is.

import { partitionKeyOf } from '../common/topicPartition';
import type { AnyGroupDescription } from '../kafka/kafkaModel';
import type { RecordTimestamp, RecordTimestampTarget } from '../kafka/recordTimestamps';
import { formatDuration } from './lagEstimate';

/** The age of one partition's oldest unread record, or why it is not known. */
export type RecordAge =
  | { readonly kind: 'age'; readonly ageMs: number; readonly offset: number; readonly timestampMs: number }
  | { readonly kind: 'caught-up' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** The partitions whose record age to read: those with a committed offset below the log end (consumer and streams groups). */
export function recordAgeTargets(description: AnyGroupDescription): RecordTimestampTarget[] {
  if (description.type === 'share') return [];
  return description.rows
    .filter((r) => r.currentOffset !== null && r.logEndOffset !== null && r.currentOffset < r.logEndOffset)
    .map((r) => ({ topic: r.topic, partition: r.partition, offset: r.currentOffset ?? 0 }));
}

/** One partition's record age at `nowMs` from the fetch's answer (none: it was not asked, so it is caught up or unknown). */
export function recordAgeOf(
  row: { currentOffset: number | null; logEndOffset: number | null },
  answer: RecordTimestamp | undefined,
  nowMs: number,
): RecordAge {
  if (row.currentOffset === null) return { kind: 'unknown', reason: 'no committed offset' };
  if (row.logEndOffset !== null && row.currentOffset >= row.logEndOffset) return { kind: 'caught-up' };
  if (answer === undefined) return { kind: 'unknown', reason: 'not read' };
  switch (answer.kind) {
    case 'record':
      return answer.timestampMs === null
        ? { kind: 'unknown', reason: `the record at offset ${answer.offset} has no timestamp` }
        : {
            kind: 'age',
            ageMs: Math.max(0, nowMs - answer.timestampMs),
            offset: answer.offset,
            timestampMs: answer.timestampMs,
          };
    case 'none':
      return { kind: 'caught-up' };
    case 'out-of-range':
      return { kind: 'unknown', reason: 'the committed offset is below the log start: those records are gone' };
    case 'no-leader':
      return { kind: 'unknown', reason: 'the partition has no leader' };
    case 'undecodable':
      return { kind: 'unknown', reason: `the records could not be decoded (${answer.reason})` };
    case 'error':
      return { kind: 'unknown', reason: `the fetch failed (${answer.errorName})` };
  }
}

/** Every partition's record age, by partition key (share groups: none). */
export function recordAges(
  description: AnyGroupDescription,
  answers: ReadonlyMap<string, RecordTimestamp> | undefined,
  nowMs: number,
): Map<string, RecordAge> {
  const ages = new Map<string, RecordAge>();
  if (description.type === 'share') return ages;
  for (const row of description.rows) {
    const key = partitionKeyOf(row.topic, row.partition);
    ages.set(key, recordAgeOf(row, answers?.get(key), nowMs));
  }
  return ages;
}

/** The method, as shown beside the figure. */
export const recordAgeMethod =
  'age of the record at the committed offset (its timestamp, read with one fetch at that offset, never joining the group), as klag-exporter measures time lag';

/** "2 min 5 s", "0 s" (caught up) or "-" (unknown). */
export function recordAgeText(age: RecordAge): string {
  if (age.kind === 'caught-up') return '0 s';
  if (age.kind === 'unknown') return '-';
  return formatDuration(age.ageMs / 1000);
}

/** One line for a partition's tooltip. */
export function recordAgeTooltip(age: RecordAge): string {
  switch (age.kind) {
    case 'caught-up':
      return 'Time lag (record age): 0 s, nothing unread';
    case 'unknown':
      return `Time lag (record age): unknown: ${age.reason}`;
    case 'age':
      return `Time lag (record age): ${recordAgeText(age)}: the record at the committed offset ${age.offset} was written at ${new Date(age.timestampMs).toISOString()} (${recordAgeMethod})`;
  }
}

/** The group's time lag: its oldest unread record over all partitions, or undefined when no partition's age is known. */
export function groupRecordAge(ages: ReadonlyMap<string, RecordAge>): { ageMs: number; partition: string } | undefined {
  let oldest: { ageMs: number; partition: string } | undefined;
  let caughtUp = false;
  for (const [partition, age] of ages) {
    if (age.kind === 'age' && (oldest === undefined || age.ageMs > oldest.ageMs))
      oldest = { ageMs: age.ageMs, partition };
    if (age.kind === 'caught-up') caughtUp = true;
  }
  if (oldest === undefined && caughtUp) return { ageMs: 0, partition: '' };
  return oldest;
}

/** The group's time-lag line for a tooltip, or undefined when no partition's age is known. */
export function groupRecordAgeTooltip(ages: ReadonlyMap<string, RecordAge>): string | undefined {
  const oldest = groupRecordAge(ages);
  if (oldest === undefined) return undefined;
  if (oldest.ageMs === 0) return 'Time lag (record age): 0 s, nothing unread';
  return `Time lag (record age): ${formatDuration(oldest.ageMs / 1000)}, the oldest unread record being on ${oldest.partition} (${recordAgeMethod})`;
}
