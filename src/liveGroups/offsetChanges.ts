// Offset changes on a live group, end to end: plan (a dry run that changes nothing), then apply the
// very plan that was shown, re-checking that the group is still inactive. Works on the Kafka
// interfaces only, so the CLI, the extension and the live tests share it.

import { isKafkaOperationError } from '../kafka/kafkaErrors';
import type { KafkaOffsetEditor } from '../kafka/offsetEditorTypes';
import type { GroupDescription, TopicPartition } from '../kafka/kafkaModel';
import { timeBeforeNow } from './kafkaTimeArguments';
import { assertPartitionsExist } from './topicScope';
import {
  assertGroupInactive,
  planReset,
  ResetRefused,
  type DeletePreviewRow,
  type ResetPlanRow,
  type ResetTarget,
} from './offsetReset';

/** What an offset change talks to. */
export interface OffsetChangeClients {
  readonly describeGroup: (groupId: string) => Promise<GroupDescription>;
  readonly editor: KafkaOffsetEditor;
}

/**
 * Describes the group; a group that does not exist is described as Kafka's tool treats it for a
 * reset: Dead, with no members and no offsets (a reset then creates it).
 */
async function describeOrDead(clients: OffsetChangeClients, groupId: string): Promise<GroupDescription> {
  try {
    return await clients.describeGroup(groupId);
  } catch (error) {
    if (isKafkaOperationError(error) && error.kind === 'unknownGroup') {
      return { groupId, state: 'Dead', protocol: 'classic', coordinator: '', members: [], rows: [] };
    }
    throw error;
  }
}

/** Describes the group and refuses it unless it is inactive (Empty, or Dead: no such group yet). */
export async function inactiveGroup(
  clients: OffsetChangeClients,
  groupId: string,
  change: 'reset' | 'delete' = 'reset',
): Promise<GroupDescription> {
  const description = await describeOrDead(clients, groupId);
  assertGroupInactive(groupId, description.state, change);
  return description;
}

/** The partitions a change applies to when none are chosen: those the group has committed offsets for. */
export function committedPartitions(description: GroupDescription): TopicPartition[] {
  return description.rows
    .filter((row) => row.currentOffset !== null)
    .map((row) => ({ topic: row.topic, partition: row.partition }));
}

/** A planned reset: the group as it was described, the rows, and the time looked up for a time-based target. */
export interface GroupResetPlan {
  readonly description: GroupDescription;
  readonly rows: ResetPlanRow[];
  /** For `datetime` and `duration`: the time whose offsets were looked up (for `duration`, now − the duration). */
  readonly timestampMs?: number;
}

/** The time a target resets to, if it is time-based. */
function targetTime(target: ResetTarget, now: () => number): number | undefined {
  if (target.kind === 'datetime') return target.timestampMs;
  if (target.kind === 'duration') return timeBeforeNow(now(), target.durationMs);
  return undefined;
}

/**
 * A dry run of a reset: checks the group is inactive, reads the offsets, plans. Changes nothing.
 * The partitions are the chosen ones, else those the group has committed offsets for (Kafka's
 * `--all-topics`); a `file` target names its own partitions and ignores both, as Kafka's tool does.
 */
export async function planGroupReset(
  clients: OffsetChangeClients,
  groupId: string,
  target: ResetTarget,
  chosen?: readonly TopicPartition[],
  options: { readonly now?: () => number } = {},
): Promise<GroupResetPlan> {
  const description = await inactiveGroup(clients, groupId);
  const partitions =
    target.kind === 'file'
      ? target.offsets.map((o) => ({ topic: o.topic, partition: o.partition }))
      : chosen && chosen.length > 0
        ? [...chosen]
        : committedPartitions(description);
  if (partitions.length === 0) {
    throw new ResetRefused(`group "${groupId}" has no committed offsets: choose the topics or partitions to reset`);
  }
  // Kafka's tool checks the partitions exist; the scope's come from the group or were checked already.
  if (target.kind === 'file')
    await assertPartitionsExist(partitions, (topics) => clients.editor.topicPartitions(topics));
  const timestampMs = targetTime(target, options.now ?? Date.now);
  const offsets = await clients.editor.partitionOffsets(groupId, partitions, timestampMs);
  return { description, rows: planReset(target, offsets), ...(timestampMs === undefined ? {} : { timestampMs }) };
}

/** Applies a planned reset (the rows shown in the preview), then describes the group again. */
export async function applyGroupReset(
  clients: OffsetChangeClients,
  groupId: string,
  rows: readonly ResetPlanRow[],
): Promise<GroupDescription> {
  await inactiveGroup(clients, groupId);
  await clients.editor.alterOffsets(
    groupId,
    rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset })),
  );
  return clients.describeGroup(groupId);
}

/** A dry run of deleting committed offsets: the partitions and their current offsets. Changes nothing. */
export async function planGroupDelete(
  clients: OffsetChangeClients,
  groupId: string,
  chosen?: readonly TopicPartition[],
): Promise<{ description: GroupDescription; rows: (TopicPartition & { currentOffset: number | null })[] }> {
  const description = await inactiveGroup(clients, groupId, 'delete');
  const committed = new Map(description.rows.map((r) => [`${r.topic}\u0000${r.partition}`, r.currentOffset]));
  const partitions = chosen && chosen.length > 0 ? [...chosen] : committedPartitions(description);
  if (partitions.length === 0) throw new ResetRefused(`group "${groupId}" has no committed offsets to delete`);
  return {
    description,
    rows: partitions.map((p) => ({ ...p, currentOffset: committed.get(`${p.topic}\u0000${p.partition}`) ?? null })),
  };
}

/**
 * Deletes the committed offsets of the planned partitions, then describes the group again: Dead
 * when no offset is left (Kafka then forgets an inactive group).
 */
export async function applyGroupDelete(
  clients: OffsetChangeClients,
  groupId: string,
  partitions: readonly TopicPartition[],
): Promise<GroupDescription> {
  await inactiveGroup(clients, groupId, 'delete');
  await clients.editor.deleteOffsets(groupId, partitions);
  return describeOrDead(clients, groupId);
}

/** The rows of a planned deletion with their logs (start and end), for the what-ifs of the preview. Changes nothing. */
export async function deletePlanWithLogs(
  clients: OffsetChangeClients,
  groupId: string,
  rows: readonly (TopicPartition & { readonly currentOffset: number | null })[],
): Promise<Required<DeletePreviewRow>[]> {
  const logs = await clients.editor.partitionOffsets(groupId, rows);
  return rows.map((row, i) => ({
    ...row,
    logStartOffset: logs[i].logStartOffset,
    logEndOffset: logs[i].logEndOffset,
  }));
}
