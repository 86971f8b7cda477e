// The side-by-side comparison the panel shows after a run on a real broker: for each step the six
// main columns of the simulated and of the observed trace, how the step stands (agrees, differs, left
// out, missing in one run) and the texts of its differences; the summary line; the list of differences.

import { cellText, mainColumns } from '../trace/executionTable';
import type { Trace, TraceStep } from '../trace/trace';
import type { TraceComparison, TraceDifference } from '../trace/traceComparison';
import { firstAndLast, panelListLimit } from './panelLists';
import {
  maxRowsPerRequest,
  type ComparedCell,
  type ComparisonHeader,
  type ComparisonRow,
  type ComparisonRowsMessage,
  type ComparisonSource,
  type DifferenceLine,
} from './panelMessages';

/** A difference between the two traces, and the outcome of comparing them (src/trace/traceComparison.ts). */
export type ComparedDifference = TraceDifference;
export type ComparisonResult = TraceComparison;

/** Where and how the observed trace was produced, for the facts line of the panel. */
export interface BrokerRunFacts {
  readonly bootstrapServers: string;
  readonly kafkaVersion: string;
  readonly protocol: 'classic' | 'consumer';
  readonly group: string;
  readonly topics: Readonly<Record<string, string>>;
}

/** The facts of a broker run, one short text each. */
export function brokerRunFacts(facts: BrokerRunFacts): string[] {
  const topics = Object.values(facts.topics);
  return [
    `Kafka at ${facts.bootstrapServers}`,
    `Java clients ${facts.kafkaVersion}`,
    `group.protocol=${facts.protocol}`,
    `group ${facts.group}`,
    ...(topics.length > 0 ? [`${topics.length === 1 ? 'topic' : 'topics'} ${topics.join(', ')}`] : []),
  ];
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The summary line: "Agree: 11 steps compared" or "3 differences (11 steps compared)", with the steps left out. */
export function comparisonSummary(result: ComparisonResult): string {
  const compared = plural(result.compared, 'step compared', 'steps compared');
  const leftOut =
    result.leftOut.length > 0 ? `, ${plural(result.leftOut.length, 'step', 'steps')} left out as timing-dependent` : '';
  if (result.differences.length === 0) return `Agree: ${compared}${leftOut}`;
  return `${plural(result.differences.length, 'difference', 'differences')} (${compared}${leftOut})`;
}

/**
 * A comparison as the panel shows it. The host keeps it beside the observed trace (the one the cursor
 * moves through) and sends the webview its header once and its rows in blocks, as it does the table.
 */
export class PanelComparison {
  private readonly byStep = new Map<number, ComparedDifference[]>();
  private readonly leftOutByStep = new Map<number, string>();
  /** 0-based indexes of the steps with differences, ascending. */
  private readonly differingIndexes: number[];

  constructor(
    readonly simulated: Trace,
    readonly observed: Trace,
    readonly result: ComparisonResult,
    readonly facts: readonly string[] = [],
    readonly source?: ComparisonSource,
  ) {
    for (const difference of result.differences) {
      if (difference.step === null) continue;
      const list = this.byStep.get(difference.step) ?? [];
      list.push(difference);
      this.byStep.set(difference.step, list);
    }
    for (const { step, reason } of result.leftOut) this.leftOutByStep.set(step, reason);
    this.differingIndexes = [...this.byStep.keys()].map((step) => step - 1).sort((a, b) => a - b);
  }

  /** True when the comparison found no difference at all. */
  get agree(): boolean {
    return this.result.differences.length === 0;
  }

  /** Rows of the side-by-side table: the longer trace's steps. */
  get totalRows(): number {
    return Math.max(this.simulated.steps.length, this.observed.steps.length);
  }

  summary(): string {
    return comparisonSummary(this.result);
  }

  /** Everything the panel shows of the comparison but its rows. */
  header(): ComparisonHeader {
    const stepped = this.result.differences
      .filter((d): d is ComparedDifference & { step: number } => d.step !== null)
      .sort((a, b) => a.step - b.step);
    const wholeRun = this.result.differences.filter((d) => d.step === null);
    const lines: DifferenceLine[] = [...stepped, ...wholeRun].map((d) => ({
      step: d.step ?? 0,
      field: d.field,
      text: d.text,
    }));
    return {
      agree: this.agree,
      summary: this.summary(),
      compared: this.result.compared,
      differenceCount: this.result.differences.length,
      totalRows: this.totalRows,
      columns: mainColumns.map((column) => column.header),
      facts: [...this.facts],
      differences: firstAndLast(lines, panelListLimit, (omitted) => ({
        step: 0,
        field: 'more',
        text: `… ${omitted} more differences (the CLI's run-on-kafka lists them all).`,
      })),
      leftOut: firstAndLast(
        this.result.leftOut.map(({ step, reason }) => `step ${step}: ${reason}`),
        panelListLimit,
        (omitted) => `… ${omitted} more steps left out`,
      ),
      ...(this.source ? { source: this.source } : {}),
    };
  }

  /** The compared row of step `index + 1`. */
  row(index: number): ComparisonRow {
    const step = index + 1;
    const simulated = this.simulated.steps[index] as TraceStep | undefined;
    const observed = this.observed.steps[index] as TraceStep | undefined;
    const cells: ComparedCell[] = mainColumns.map((column) => ({
      simulated: simulated ? cellText(simulated, column.id) : '',
      observed: observed ? cellText(observed, column.id) : '',
    }));
    if (!simulated || !observed) {
      return {
        step,
        cells,
        status: 'missing',
        notes: [simulated ? `Kafka's run has no step ${step}` : `the simulator has no step ${step}`],
      };
    }
    const differences = this.byStep.get(step);
    if (differences) return { step, cells, status: 'differ', notes: differences.map((d) => d.text) };
    const reason = this.leftOutByStep.get(step);
    if (reason !== undefined) {
      return { step, cells, status: 'left-out', notes: [`left out as timing-dependent: ${reason}`] };
    }
    const shownDifferently = mainColumns.filter((_, column) => cells[column].simulated !== cells[column].observed);
    return {
      step,
      cells,
      status: 'agree',
      notes:
        shownDifferently.length === 0
          ? []
          : [
              `the table shows ${shownDifferently.map((c) => c.header).join(', ')} differently, which the comparison does not count`,
            ],
    };
  }

  /** Rows `start .. start+count-1` (clipped to the table and to {@link maxRowsPerRequest}). */
  rowsMessage(traceId: string, start: number, count: number): ComparisonRowsMessage {
    const first = Math.min(Math.max(start, 0), this.totalRows);
    const end = Math.min(first + Math.min(count, maxRowsPerRequest), this.totalRows);
    const rows: ComparisonRow[] = [];
    for (let index = first; index < end; index++) rows.push(this.row(index));
    return { type: 'comparisonRows', traceId, start: first, rows };
  }

  /** The 0-based index of the next (or previous) step with a difference after (before) `from`; undefined when none. */
  differenceIndex(from: number, direction: 'next' | 'previous'): number | undefined {
    const list = this.differingIndexes;
    // The first position whose index is greater than `from` (binary search).
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (list[middle] <= from) low = middle + 1;
      else high = middle;
    }
    if (direction === 'next') return list[low];
    let before = low - 1;
    if (before >= 0 && list[before] === from) before -= 1;
    return before >= 0 ? list[before] : undefined;
  }
}
