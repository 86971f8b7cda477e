// The output of `reset-offsets` and `delete-offsets`: Kafka's own tables, padded as the consumer group
// command pads them (GroupOffsetsResetter.printOffsetsToReset; ConsumerGroupService.deleteOffsets),
// each row followed by our what-if columns, the totals line, and the `--json` objects of the contract.

import { compareTopicPartitions, type TopicPartition } from '../common/topicPartition';
import type { DeletePreviewRow, ResetPlanRow } from '../liveGroups/offsetReset';
import {
  deleteWhatIfOf,
  whatIfOf,
  whatIfTotals,
  whatIfTotalsText,
  type DeleteWhatIf,
  type ResetWhatIf,
} from '../liveGroups/resetWhatIf';

const cell = (value: number | null): string => (value === null ? '-' : String(value));

/** The least width of a column (as Kafka's describe pads its offsets, `%-15s`). */
const extraWidth = 15;

/** Our columns after Kafka's: each padded to its header's width (at least 15) but the last, joined by a space. */
function extraColumns(headers: readonly string[], values: readonly string[]): string {
  return values
    .map((value, i) => (i === values.length - 1 ? value : value.padEnd(Math.max(extraWidth, headers[i].length))))
    .join(' ');
}

const resetHeaders = ['CURRENT-OFFSET', 'LAG-BEFORE', 'LAG-AFTER', 'REREAD', 'SKIPPED'];
const deleteHeaders = ['CURRENT-OFFSET', 'LAG-BEFORE', 'REREAD-IF-EARLIEST', 'SKIPPED-IF-LATEST'];

/** A reset plan in our output order: by topic, then partition (Kafka's tool prints them in hash order). */
export function sortedRows<T extends TopicPartition>(rows: readonly T[]): T[] {
  return [...rows].sort(compareTopicPartitions);
}

/**
 * The text of `reset-offsets`: Kafka's table exactly as `--reset-offsets` prints it (a blank line, then
 * `%-Gs %-Ts %-10s %s` with G and T the longest group and topic, at least 15), except that NEW-OFFSET
 * is padded so that CURRENT-OFFSET LAG-BEFORE LAG-AFTER REREAD SKIPPED can follow on each row. So each
 * of our rows starts with the tool's row and a space. Then a blank line and the totals.
 */
export function resetTableText(groupId: string, rows: readonly ResetPlanRow[]): string {
  const sorted = sortedRows(rows);
  const groupWidth = Math.max(15, groupId.length);
  const topicWidth = Math.max(15, ...sorted.map((r) => r.topic.length));
  const kafkaColumns = (group: string, topic: string, partition: string, newOffset: string): string =>
    `${group.padEnd(groupWidth)} ${topic.padEnd(topicWidth)} ${partition.padEnd(10)} ${newOffset.padEnd(extraWidth)}`;
  const whatIfs = sorted.map(whatIfOf);
  const lines = [
    '',
    `${kafkaColumns('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET')} ${extraColumns(resetHeaders, resetHeaders)}`,
    ...sorted.map((r, i) => {
      const w = whatIfs[i];
      return `${kafkaColumns(groupId, r.topic, String(r.partition), String(r.newOffset))} ${extraColumns(resetHeaders, [cell(r.currentOffset), cell(w.lagBefore), String(w.lagAfter), String(w.reread), String(w.skipped)])}`;
    }),
    '',
    whatIfTotalsText(whatIfTotals(whatIfs)),
    '',
  ];
  return lines.join('\n');
}

/** One partition of `reset-offsets --json`, with exactly the contract's keys. */
export interface ResetJsonPartition extends ResetWhatIf {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly newOffset: number;
}

/** `reset-offsets --json`: `{"group", "executed", "partitions": [...]}`. */
export function resetJson(
  groupId: string,
  executed: boolean,
  rows: readonly ResetPlanRow[],
): { group: string; executed: boolean; partitions: ResetJsonPartition[] } {
  return {
    group: groupId,
    executed,
    partitions: sortedRows(rows).map((r) => {
      const w = whatIfOf(r);
      return {
        topic: r.topic,
        partition: r.partition,
        currentOffset: r.currentOffset,
        newOffset: r.newOffset,
        lagBefore: w.lagBefore,
        lagAfter: w.lagAfter,
        reread: w.reread,
        skipped: w.skipped,
      };
    }),
  };
}

/** A deletion row in Kafka's order: by the topic and partition written together (`orders10` before `orders2`). */
export function deleteOrder<T extends TopicPartition>(rows: readonly T[]): T[] {
  const key = (r: T): string => `${r.topic}${r.partition}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A deletion row with its log, so that its what-if can be computed. */
export type DeleteRowWithLog = Required<DeletePreviewRow>;

/**
 * The text of `delete-offsets`: after `--execute`, Kafka's "Request succeeded for deleting offsets
 * from group G." and its table (`%-Ts %-10s %-15s`: TOPIC PARTITION STATUS, `Successful`); in a dry
 * run a line saying nothing was deleted and STATUS `Dry run`. Each row is followed by CURRENT-OFFSET
 * LAG-BEFORE REREAD-IF-EARLIEST SKIPPED-IF-LATEST: what the group's next start would do.
 */
export function deleteTableText(groupId: string, executed: boolean, rows: readonly DeleteRowWithLog[]): string {
  const ordered = deleteOrder(rows);
  const topicWidth = Math.max(15, ...ordered.map((r) => r.topic.length));
  const kafkaColumns = (topic: string, partition: string, status: string): string =>
    `${topic.padEnd(topicWidth)} ${partition.padEnd(10)} ${status.padEnd(15)}`;
  const status = executed ? 'Successful' : 'Dry run';
  return [
    executed
      ? `Request succeeded for deleting offsets from group ${groupId}.`
      : `Dry run: no offsets deleted from group ${groupId} (add --execute to delete them).`,
    '',
    `${kafkaColumns('TOPIC', 'PARTITION', 'STATUS')} ${extraColumns(deleteHeaders, deleteHeaders)}`,
    ...ordered.map((r) => {
      const w = deleteWhatIfOf(r);
      return `${kafkaColumns(r.topic, String(r.partition), status)} ${extraColumns(deleteHeaders, [cell(r.currentOffset), cell(w.lagBefore), String(w.rereadIfEarliest), String(w.skippedIfLatest)])}`;
    }),
    '',
  ].join('\n');
}

/** `delete-offsets --json`: `{"group", "executed", "partitions": [{"topic", "partition", "currentOffset", "lagBefore", "rereadIfEarliest", "skippedIfLatest"}]}`. */
export function deleteJson(
  groupId: string,
  executed: boolean,
  rows: readonly DeleteRowWithLog[],
): {
  group: string;
  executed: boolean;
  partitions: (TopicPartition & { currentOffset: number | null } & DeleteWhatIf)[];
} {
  return {
    group: groupId,
    executed,
    partitions: sortedRows(rows).map((r) => ({
      topic: r.topic,
      partition: r.partition,
      currentOffset: r.currentOffset,
      ...deleteWhatIfOf(r),
    })),
  };
}
