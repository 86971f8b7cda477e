// The execution table: column headers, cell text, the status tracker, and the table as plain
// text, Markdown and CSV. Every surface (CLI, panel, export) renders rows through this module.

import type { Trace, TraceStep } from './trace';
import { CommitMark, commitMarkOf } from './stepColumns';
import { partitionKey, partitionKeyOf } from '../common/topicPartition';

/** A column of the execution table. The first six are the seed's, with its exact headers. */
export interface TableColumn {
  readonly id: keyof TraceStep;
  readonly header: string;
  readonly align: 'left' | 'right';
}

/** The six columns every rendering shows first, in this order. */
export const mainColumns: readonly TableColumn[] = [
  { id: 'step', header: 'Step', align: 'right' },
  { id: 'action', header: 'Action', align: 'left' },
  { id: 'offsetRead', header: 'Offset Read', align: 'right' },
  { id: 'messageProcessed', header: 'Message Processed', align: 'left' },
  { id: 'offsetCommitted', header: 'Offset Committed', align: 'right' },
  { id: 'nextOffsetToRead', header: 'Next Offset to Read', align: 'right' },
];

/** Columns shown beside the main six. */
export const extraColumns: readonly TableColumn[] = [
  { id: 'consumer', header: 'Consumer', align: 'left' },
  { id: 'partition', header: 'Partition', align: 'right' },
  { id: 'position', header: 'Position', align: 'right' },
  { id: 'logEndOffset', header: 'Log End Offset', align: 'right' },
  { id: 'lag', header: 'Lag', align: 'right' },
];

/** The text of one cell: the table's "No" for nothing processed or committed, "-" for unknown. */
export function cellText(step: TraceStep, column: TableColumn['id']): string {
  const value = step[column];
  if (value === null) {
    return column === 'messageProcessed' || column === 'offsetCommitted' ? 'No' : '-';
  }
  if (column === 'partition') {
    return step.topic === null || step.partition === null ? '-' : partitionKeyOf(step.topic, step.partition);
  }
  // A step that committed several partitions shows them all (the JSON keeps the first in the column).
  if (column === 'offsetCommitted' && step.commits && step.commits.length > 1) {
    return step.commits.map((c) => `${partitionKey(c)}=${c.offset}`).join(', ');
  }
  return String(value);
}

/** How many distinct consumers the trace's rows name (a simulated trace's columns know without making every row). */
export function distinctConsumerCount(trace: Trace): number {
  if (trace.columns) return trace.columns.consumers().length;
  return new Set(trace.steps.flatMap((s) => (s.consumer === null ? [] : [s.consumer]))).size;
}

/** How many distinct topic-partitions the trace's rows name. */
export function distinctPartitionCount(trace: Trace): number {
  if (trace.columns) return trace.columns.partitions().length;
  return new Set(
    trace.steps.flatMap((s) =>
      s.topic === null || s.partition === null ? [] : [partitionKeyOf(s.topic, s.partition)],
    ),
  ).size;
}

/** Whether a trace involves more than one consumer or partition (then those columns matter). */
export function hasSeveralConsumersOrPartitions(trace: Trace): boolean {
  const known = severalCache.get(trace);
  if (known !== undefined) return known;
  const several = distinctConsumerCount(trace) > 1 || distinctPartitionCount(trace) > 1;
  severalCache.set(trace, several);
  return several;
}

/** Traces are immutable, so the answer is kept per trace (long traces are asked for every row block). */
const severalCache = new WeakMap<Trace, boolean>();

/** One line of the status tracker: the table's variables at a moment that matters. */
export interface StatusEntry {
  readonly label: string;
  readonly step: number;
  readonly offsetRead: string;
  readonly messageProcessed: string;
  readonly offsetCommitted: string;
  readonly nextOffsetToRead: string;
}

/** A moment the status tracker shows: a step (0-based) and why. */
export interface StatusMoment {
  readonly index: number;
  readonly why: 'start' | 'commit' | 'auto-commit' | 'end';
}

/**
 * The moments of the status tracker: the start, each commit between the first and last steps, and
 * the end. A simulated trace answers from its columns, without replaying what its steps did.
 */
export function statusMoments(trace: Trace): StatusMoment[] {
  const length = trace.steps.length;
  if (length === 0) return [];
  const moments: StatusMoment[] = [{ index: 0, why: 'start' }];
  const columns = trace.columns;
  for (let index = 1; index < length - 1; index++) {
    const mark = columns ? columns.commitMarkAt(index) : commitMarkOf(trace.effects[index]?.commits ?? []);
    if (mark !== CommitMark.None)
      moments.push({ index, why: mark === CommitMark.AutoCommitted ? 'auto-commit' : 'commit' });
  }
  if (length > 1) moments.push({ index: length - 1, why: 'end' });
  return moments;
}

/** The status tracker's line for one of its moments. */
export function statusEntry(trace: Trace, moment: StatusMoment): StatusEntry {
  const step = trace.steps[moment.index];
  const label =
    moment.why === 'start' ? 'At start' : moment.why === 'end' ? 'At end' : `After ${moment.why} (step ${step.step})`;
  return {
    label,
    step: step.step,
    offsetRead: cellText(step, 'offsetRead'),
    messageProcessed: cellText(step, 'messageProcessed'),
    offsetCommitted: cellText(step, 'offsetCommitted'),
    nextOffsetToRead: cellText(step, 'nextOffsetToRead'),
  };
}

/** The status tracker: the variables at the start, after each commit and at the end. */
export function statusTracker(trace: Trace): StatusEntry[] {
  return statusMoments(trace).map((moment) => statusEntry(trace, moment));
}

/** The columns a plain rendering of this trace shows. */
export function columnsFor(trace: Trace, withExtras: boolean): TableColumn[] {
  if (!withExtras) return [...mainColumns];
  const several = hasSeveralConsumersOrPartitions(trace);
  return [...mainColumns, ...extraColumns.filter((c) => several || (c.id !== 'consumer' && c.id !== 'partition'))];
}

/** The table as aligned plain text, for the terminal. */
export function toTextTable(steps: readonly TraceStep[], columns: readonly TableColumn[]): string {
  // Control characters (a label's line break, an escape sequence) would break the table or the terminal.
  const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const rows = steps.map((step) => columns.map((c) => printable(cellText(step, c.id))));
  // A loop, not Math.max(...rows): a long trace has more rows than a call may take arguments.
  const widths = columns.map((c) => c.header.length);
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i], cell.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The table in Markdown, as docs/design.md#seed-table writes it. */
export function toMarkdownTable(steps: readonly TraceStep[], columns: readonly TableColumn[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const row = (cells: readonly string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  return [
    row(columns.map((c) => c.header)),
    `|${columns.map(() => '---').join('|')}|`,
    ...steps.map((step) => row(columns.map((c) => cellText(step, c.id)))),
  ].join('\n');
}

/** The table as CSV (RFC 4180 quoting). */
export function toCsv(steps: readonly TraceStep[], columns: readonly TableColumn[]): string {
  const quote = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [
    columns.map((c) => quote(c.header)).join(','),
    ...steps.map((step) => columns.map((c) => quote(cellText(step, c.id))).join(',')),
  ].join('\r\n');
}
