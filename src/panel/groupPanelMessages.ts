// Messages between the extension host and the Inspect Group webview: the group's describe table,
// members, lag history and catch-up estimate, refreshed live; guards for everything received.

import type { DescribeRow, GroupMember } from '../kafka/kafkaModel';

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
  readonly state: string;
  readonly protocol: string;
  readonly coordinator: string;
  readonly members: readonly GroupMember[];
  readonly rows: readonly DescribeRow[];
  readonly sampledAtMs: number;
  readonly refreshSeconds: number;
  readonly history: readonly LagPoint[];
  /** The catch-up estimate in words ("≈ 2 min 5 s", "not catching up", …) and how it was computed. */
  readonly estimate: { readonly kind: string; readonly text: string; readonly method: string };
  /** Rows with no committed offset, whose lag is unknown. */
  readonly partitionsWithoutLag: number;
}

/** A refresh failed; the panel keeps showing the last snapshot with this message. */
export interface GroupErrorMessage {
  readonly type: 'error';
  readonly cluster: string;
  readonly groupId: string;
  readonly message: string;
  readonly atMs: number;
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

function isRow(value: unknown): value is DescribeRow {
  const nullableNumber = (v: unknown): boolean => v === null || typeof v === 'number';
  const nullableString = (v: unknown): boolean => v === null || typeof v === 'string';
  return (
    isObject(value) &&
    typeof value.topic === 'string' &&
    typeof value.partition === 'number' &&
    nullableNumber(value.currentOffset) &&
    nullableNumber(value.logEndOffset) &&
    nullableNumber(value.lag) &&
    nullableString(value.consumerId) &&
    nullableString(value.host) &&
    nullableString(value.clientId)
  );
}

/** Guards a message received from the host. */
export function isHostToGroupPanelMessage(value: unknown): value is HostToGroupPanelMessage {
  if (!isObject(value)) return false;
  if (value.type === 'error') {
    return (
      typeof value.message === 'string' &&
      typeof value.atMs === 'number' &&
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
    Array.isArray(value.members) &&
    Array.isArray(value.rows) &&
    value.rows.every(isRow) &&
    Array.isArray(value.history) &&
    isObject(value.estimate) &&
    typeof value.sampledAtMs === 'number'
  );
}

/** Guards saved group panel state. */
export function isGroupPanelState(value: unknown): value is GroupPanelState {
  return isObject(value) && typeof value.cluster === 'string' && typeof value.groupId === 'string';
}
