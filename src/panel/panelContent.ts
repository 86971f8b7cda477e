// Builds the panel's messages from a trace and its cursor: the load message (everything but
// rows) and blocks of formatted rows. The host owns the trace; the webview gets a window of it.

import { maxRowsPerRequest, type CursorMessage, type LoadMessage, type RowsMessage } from './panelMessages';
import { cellText, columnsFor, statusTracker } from '../trace/executionTable';
import { findKeyMoments } from '../trace/keyMoments';
import type { Trace } from '../trace/trace';
import type { TraceOrigin } from '../trace/traceOrigin';
import type { TraceCursor } from '../trace/traceCursor';

/** The most status-tracker lines and key moments the panel lists; long traces keep their first and last ones. */
export const panelListLimit = 60;

/** Keeps the first and last items of a long list, with a marker item between them saying how many were left out. */
export function firstAndLast<T>(items: readonly T[], limit: number, gap: (omitted: number) => T): T[] {
  if (items.length <= limit) return [...items];
  const head = Math.ceil((limit - 1) / 2);
  const tail = limit - 1 - head;
  return [...items.slice(0, head), gap(items.length - head - tail), ...items.slice(items.length - tail)];
}

/** The message that (re)loads a trace into the panel. */
export function loadMessage(trace: Trace, cursor: TraceCursor, traceId: string, origin: TraceOrigin): LoadMessage {
  const keyMoments = findKeyMoments(trace).map(({ kind, step, text }) => ({ kind, step, text }));
  return {
    type: 'load',
    traceId,
    scenario: trace.source.name,
    origin,
    title: trace.source.title,
    summary: trace.source.summary,
    columns: columnsFor(trace, true).map((c) => c.header),
    totalSteps: trace.steps.length,
    index: cursor.index,
    playing: cursor.playing,
    playIntervalMs: cursor.playIntervalMs,
    statusTracker: firstAndLast(statusTracker(trace), panelListLimit, (omitted) => ({
      label: `… ${omitted} more commits`,
      step: 0,
      offsetRead: '',
      messageProcessed: '',
      offsetCommitted: '',
      nextOffsetToRead: '',
    })),
    keyMoments: firstAndLast(keyMoments, panelListLimit, (omitted) => ({
      kind: 'more',
      step: 0,
      text: `… ${omitted} more key moments (export the trace or use the CLI to see them all).`,
    })),
  };
}

/** Rows `start .. start+count-1` (clipped to the trace and to {@link maxRowsPerRequest}). */
export function rowsMessage(trace: Trace, traceId: string, start: number, count: number): RowsMessage {
  const columns = columnsFor(trace, true);
  const first = Math.min(Math.max(start, 0), trace.steps.length);
  const end = Math.min(first + Math.min(count, maxRowsPerRequest), trace.steps.length);
  return {
    type: 'rows',
    traceId,
    start: first,
    rows: trace.steps.slice(first, end).map((step) => ({
      step: step.step,
      cells: columns.map((column) => cellText(step, column.id)),
    })),
  };
}

/** The cursor's position and playback state. */
export function cursorMessage(cursor: TraceCursor): CursorMessage {
  return { type: 'cursor', index: cursor.index, playing: cursor.playing, playIntervalMs: cursor.playIntervalMs };
}
