// Messages between the extension host and the Inspect Group webview: the group's describe table,
// members, lag history and catch-up estimate, refreshed live; guards for everything received.

import type { GroupType } from '../kafka/kafkaModel';

/** A table of plain cells, with which columns hold numbers. */
export interface PanelTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly numeric: readonly boolean[];
}

/** One point of the lag chart. */
export interface LagPoint {
  readonly timeMs: number;
  readonly totalLag: number | null;
}

/** A snapshot of the group, sent after every refresh. */
export interface GroupSnapshotMessage {
  readonly type: 'snapshot';
  readonly cluster: string;
  readonly groupId: string;
  /** classic, consumer, share or streams: which Kafka tool's columns the partition table has. */
  readonly groupType: GroupType;
  readonly state: string;
  /** Kafka's PROTOCOL column: the classic group's protocol (`range`, …), else the type's protocol. */
  readonly protocol: string;
  readonly coordinator: string;
  /** The partitions with the columns of the type's Kafka tool `--describe` (`-` for unknown). */
  readonly partitions: PanelTable;
  /** The members with their assignment (a streams member's tasks) and epoch. */
  readonly members: PanelTable;
  /** What the offsets and the lag of this type of group mean. */
  readonly lagNote: string;
  readonly sampledAtMs: number;
  readonly refreshSeconds: number;
  /**
   * The lag points the webview does not have yet (newer than the last snapshot's), or all of them
   * when `historyComplete` (the first snapshot, and after the webview was reloaded): a refresh sends
   * one new point, not the whole hour.
   */
  readonly history: readonly LagPoint[];
  readonly historyComplete: boolean;
  /** The catch-up estimate in words ("≈ 2 min 5 s", "not catching up", …) and how it was computed. */
  readonly estimate: { readonly kind: string; readonly text: string; readonly method: string };
  /** Time lag as the age of the oldest unread record (one fetch at each committed offset), and how it was measured. */
  readonly recordAge: { readonly text: string; readonly method: string };
  /**
   * Burrow's evaluation: "Burrow ERR" (or "Burrow-like …" from samples), how it was made and the rule
   * that fired, and each partition's status with its rule. Absent for share groups.
   */
  readonly burrow?: {
    readonly label: string;
    readonly explanation: string;
    readonly partitions: PanelTable;
  };
  /** Rows with no committed offset, whose lag is unknown. */
  readonly partitionsWithoutLag: number;
}

/** A refresh failed; the panel keeps showing the last snapshot, marked stale, with this message. */
export interface GroupErrorMessage {
  readonly type: 'error';
  readonly cluster: string;
  readonly groupId: string;
  readonly message: string;
  readonly atMs: number;
  /** True when the cluster cannot be reached (unreachable, connection lost, timed out, not Kafka). */
  readonly disconnected: boolean;
  /** Seconds until the next refresh; 0: on demand only. */
  readonly retrySeconds: number;
}

export type HostToGroupPanelMessage = GroupSnapshotMessage | GroupErrorMessage;

export type GroupPanelToHostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'rendered'; readonly groupId: string; readonly rows: number; readonly points: number };

/** What the webview stores so the serializer can reopen the same group after a reload. */
export interface GroupPanelState {
  readonly cluster: string;
  readonly groupId: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Guards a message received from the group webview. */
export function isGroupPanelToHostMessage(value: unknown): value is GroupPanelToHostMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'rendered':
      return typeof value.groupId === 'string' && typeof value.rows === 'number' && typeof value.points === 'number';
    default:
      return false;
  }
}

function isTable(value: unknown): value is PanelTable {
  const strings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return (
    isObject(value) &&
    strings(value.header) &&
    Array.isArray(value.rows) &&
    value.rows.every(strings) &&
    Array.isArray(value.numeric) &&
    value.numeric.every((x) => typeof x === 'boolean')
  );
}

/** Guards a message received from the host. */
export function isHostToGroupPanelMessage(value: unknown): value is HostToGroupPanelMessage {
  if (!isObject(value)) return false;
  if (value.type === 'error') {
    return (
      typeof value.message === 'string' &&
      typeof value.atMs === 'number' &&
      typeof value.disconnected === 'boolean' &&
      typeof value.retrySeconds === 'number' &&
      typeof value.cluster === 'string' &&
      typeof value.groupId === 'string'
    );
  }
  if (value.type !== 'snapshot') return false;
  return (
    typeof value.cluster === 'string' &&
    typeof value.groupId === 'string' &&
    typeof value.state === 'string' &&
    typeof value.protocol === 'string' &&
    typeof value.groupType === 'string' &&
    typeof value.lagNote === 'string' &&
    isTable(value.members) &&
    isTable(value.partitions) &&
    Array.isArray(value.history) &&
    typeof value.historyComplete === 'boolean' &&
    isObject(value.estimate) &&
    (value.burrow === undefined ||
      (isObject(value.burrow) &&
        typeof value.burrow.label === 'string' &&
        typeof value.burrow.explanation === 'string' &&
        isTable(value.burrow.partitions))) &&
    isObject(value.recordAge) &&
    typeof value.recordAge.text === 'string' &&
    typeof value.sampledAtMs === 'number'
  );
}

/** Guards saved group panel state. */
export function isGroupPanelState(value: unknown): value is GroupPanelState {
  return isObject(value) && typeof value.cluster === 'string' && typeof value.groupId === 'string';
}
