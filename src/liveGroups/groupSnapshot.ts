// Builds what the Inspect Group panel shows from a described group and the lag samples taken while
// the panel is open: the describe table, the lag history for the chart and the catch-up estimate.

import type { AnyGroupDescription } from '../kafka/kafkaModel';
import type { GroupSnapshotMessage } from '../panel/groupPanelMessages';
import { lagRows, lagRuleNote, memberTable, partitionTable } from './groupPanelTables';
import { burrowExplanation, burrowLabel, type TrackedEvaluation } from './burrowTracker';
import { groupRecordAge, recordAgeMethod, type RecordAge } from './timeLag';
import { estimateCatchUp, formatDuration, sampleFromRows, type LagSample } from './lagEstimate';

/** The most samples kept for the chart (one hour at a 1 s refresh). */
export const maxSamples = 3600;

/** Adds a sample of `description` to `samples` (dropping the oldest past {@link maxSamples}); returns the new list. */
export function addSample(
  samples: readonly LagSample[],
  description: AnyGroupDescription,
  timeMs: number,
): LagSample[] {
  const next = [...samples, sampleFromRows(lagRows(description), timeMs)];
  return next.length > maxSamples ? next.slice(next.length - maxSamples) : next;
}

/**
 * The panel's message for the newest state of the group; with `sentUpToMs` (the newest point the
 * webview has), only the lag points after it.
 */
export function groupSnapshot(
  cluster: string,
  description: AnyGroupDescription,
  samples: readonly LagSample[],
  refreshSeconds: number,
  ages?: ReadonlyMap<string, RecordAge>,
  burrow?: TrackedEvaluation,
  sentUpToMs?: number,
): GroupSnapshotMessage {
  const latest = samples[samples.length - 1];
  const estimate = estimateCatchUp(samples);
  const text =
    estimate.kind === 'catching-up' && estimate.seconds !== null
      ? `≈ ${formatDuration(estimate.seconds)} to catch up`
      : estimate.kind === 'caught-up'
        ? 'caught up'
        : estimate.kind === 'not-catching-up'
          ? 'not catching up'
          : 'not known yet';
  return {
    type: 'snapshot',
    cluster,
    groupId: description.groupId,
    groupType: description.type,
    state: description.state,
    protocol: protocolColumn(description),
    coordinator: description.coordinator,
    partitions: partitionTable(description),
    members: memberTable(description),
    lagNote: lagRuleNote(description),
    sampledAtMs: latest?.timeMs ?? 0,
    refreshSeconds,
    history: samples
      .filter((s) => sentUpToMs === undefined || s.timeMs > sentUpToMs)
      .map((s) => ({ timeMs: s.timeMs, totalLag: s.totalLag })),
    historyComplete: sentUpToMs === undefined,
    estimate: { kind: estimate.kind, text, method: estimate.method },
    recordAge: recordAgeSummary(description, ages),
    ...(burrow
      ? {
          burrow: {
            label: burrowLabel(burrow),
            explanation: burrowExplanation(burrow),
            partitions: {
              header: ['Partition', 'Status', 'Rule that fired'],
              rows: burrow.evaluation.partitions.map((p) => [`${p.topic}-${p.partition}`, p.status, p.rule]),
              numeric: [false, false, false],
            },
          },
        }
      : {}),
    partitionsWithoutLag: latest?.partitionsWithoutLag ?? 0,
  };
}

/** Kafka's PROTOCOL column: a consumer group's protocol (`classic` or `consumer`); share and streams name themselves. */
function protocolColumn(description: AnyGroupDescription): string {
  return description.type === 'share' || description.type === 'streams' ? description.type : description.protocol;
}

/** The record-age line of the panel: the oldest unread record's age and where, or why it is not shown. */
function recordAgeSummary(
  description: AnyGroupDescription,
  ages: ReadonlyMap<string, RecordAge> | undefined,
): { text: string; method: string } {
  if (description.type === 'share') {
    return {
      text: 'not measured',
      method: 'a share group has no committed offsets; its records are acknowledged one by one',
    };
  }
  const oldest = ages ? groupRecordAge(ages) : undefined;
  if (oldest === undefined) return { text: 'not known', method: recordAgeMethod };
  if (oldest.ageMs === 0) return { text: '0 s (nothing unread)', method: recordAgeMethod };
  return {
    text: `${formatDuration(oldest.ageMs / 1000)} (oldest unread record: ${oldest.partition})`,
    method: recordAgeMethod,
  };
}
