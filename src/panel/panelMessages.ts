// The one message protocol between the extension host and the execution-table webview:
// typed messages both ways, guards for everything received, and the state kept for reload.

import { isTraceOrigin, type TraceOrigin } from '../trace/traceOrigin';

/** A rendered row: the step number and the text of each column, in the order of `columns`. */
export interface TableRow {
  readonly step: number;
  readonly cells: readonly string[];
}

/** A status tracker line as the panel shows it. */
export interface StatusLine {
  readonly label: string;
  readonly step: number;
  readonly offsetRead: string;
  readonly messageProcessed: string;
  readonly offsetCommitted: string;
  readonly nextOffsetToRead: string;
}

/** A key moment as the panel shows it. */
export interface MomentLine {
  readonly kind: string;
  readonly step: number;
  readonly text: string;
}

/** Sent once per trace (and again after a reload): everything but the rows. */
export interface LoadMessage {
  readonly type: 'load';
  readonly traceId: string;
  /** The scenario's name. */
  readonly scenario: string;
  /** Where the trace came from, stored by the webview so a reload can restore it. */
  readonly origin: TraceOrigin;
  readonly title: string;
  readonly summary: string;
  readonly columns: readonly string[];
  readonly totalSteps: number;
  readonly index: number;
  readonly playing: boolean;
  readonly playIntervalMs: number;
  readonly statusTracker: readonly StatusLine[];
  readonly keyMoments: readonly MomentLine[];
}

/** A block of rows the webview asked for. */
export interface RowsMessage {
  readonly type: 'rows';
  readonly traceId: string;
  readonly start: number;
  readonly rows: readonly TableRow[];
}

/** The cursor moved, or playback started or stopped. */
export interface CursorMessage {
  readonly type: 'cursor';
  readonly index: number;
  readonly playing: boolean;
  readonly playIntervalMs: number;
}

export type HostToWebviewMessage = LoadMessage | RowsMessage | CursorMessage;

/** Step controls, named as the commands are. */
export type ControlCommand = 'first' | 'back' | 'step' | 'last' | 'togglePlay';

export type WebviewToHostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'requestRows'; readonly traceId: string; readonly start: number; readonly count: number }
  | { readonly type: 'control'; readonly command: ControlCommand }
  | { readonly type: 'goTo'; readonly index: number }
  | { readonly type: 'setSpeed'; readonly intervalMs: number }
  | {
      readonly type: 'rendered';
      readonly traceId: string;
      readonly index: number;
      readonly firstRow: number;
      readonly lastRow: number;
      readonly rowsInDom: number;
      readonly totalSteps: number;
    };

/** What the webview stores with `setState`, so the serializer can restore the panel after a reload. */
export interface PanelState {
  readonly scenario: string;
  readonly index: number;
  /** Absent in states saved before origins existed: then `scenario` names a built-in. */
  readonly origin?: TraceOrigin;
}

/** The most rows one `requestRows` may ask for. */
export const maxRowsPerRequest = 500;

const controlCommands: readonly string[] = ['first', 'back', 'step', 'last', 'togglePlay'];

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Guards a message received from the webview. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'requestRows':
      return typeof value.traceId === 'string' && isIndex(value.start) && isIndex(value.count);
    case 'control':
      return typeof value.command === 'string' && controlCommands.includes(value.command);
    case 'goTo':
      return isIndex(value.index);
    case 'setSpeed':
      return typeof value.intervalMs === 'number' && Number.isFinite(value.intervalMs);
    case 'rendered':
      return (
        typeof value.traceId === 'string' &&
        isIndex(value.index) &&
        isIndex(value.firstRow) &&
        typeof value.lastRow === 'number' &&
        isIndex(value.rowsInDom) &&
        isIndex(value.totalSteps)
      );
    default:
      return false;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRow(value: unknown): value is TableRow {
  return isObject(value) && isIndex(value.step) && isStringArray(value.cells);
}

/** Guards a message received from the host (the webview checks everything it is sent). */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'load':
      return (
        typeof value.traceId === 'string' &&
        typeof value.scenario === 'string' &&
        isTraceOrigin(value.origin) &&
        typeof value.title === 'string' &&
        typeof value.summary === 'string' &&
        isStringArray(value.columns) &&
        isIndex(value.totalSteps) &&
        isIndex(value.index) &&
        typeof value.playing === 'boolean' &&
        typeof value.playIntervalMs === 'number' &&
        Array.isArray(value.statusTracker) &&
        Array.isArray(value.keyMoments)
      );
    case 'rows':
      return (
        typeof value.traceId === 'string' &&
        isIndex(value.start) &&
        Array.isArray(value.rows) &&
        value.rows.every(isRow)
      );
    case 'cursor':
      return isIndex(value.index) && typeof value.playing === 'boolean' && typeof value.playIntervalMs === 'number';
    default:
      return false;
  }
}

/** Guards the state a webview stored (it comes back from disk after a reload). */
export function isPanelState(value: unknown): value is PanelState {
  return (
    isObject(value) &&
    typeof value.scenario === 'string' &&
    isIndex(value.index) &&
    (value.origin === undefined || isTraceOrigin(value.origin))
  );
}
