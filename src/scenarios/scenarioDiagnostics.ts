// Diagnostics of a scenario file: 1-based line/column ranges computed from text offsets, clamped so
// that every position lies inside the text, and a sink that collects errors and warnings.

import { oneLineText } from '../common/visibleText';

/** A problem in a scenario file. Lines and columns are 1-based; the end is exclusive. */
export interface ScenarioDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** A half-open range of text offsets `[start, end)`. */
export type TextSpan = readonly [start: number, end: number];

/** A 1-based line and column. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Turns text offsets into 1-based lines and columns (lines end at `\n`). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** The line and column of an offset, clamped into the text (an offset at a line break is its line's end). */
  position(offset: number): LineColumn {
    const clamped = this.clamp(offset);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low] + 1 };
  }

  /** The offset where the line holding `offset` ends (its `\n`, or the end of the text). */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', this.clamp(offset));
    return newline === -1 ? this.text.length : newline;
  }

  /** An offset forced into `0 … text.length` (NaN becomes 0). */
  clamp(offset: number): number {
    if (!(offset > 0)) return 0;
    return Math.min(Math.floor(offset), this.text.length);
  }
}

/** Collects the diagnostics of one parse. While `muted`, problems are counted but not reported. */
export class DiagnosticSink {
  readonly diagnostics: ScenarioDiagnostic[] = [];
  /** Errors found, reported or not: any error means the file does not run. */
  errorCount = 0;
  muted = false;

  constructor(private readonly index: LineIndex) {}

  error(span: TextSpan, message: string): void {
    this.errorCount += 1;
    this.add('error', span, message);
  }

  warning(span: TextSpan, message: string): void {
    this.add('warning', span, message);
  }

  private add(severity: ScenarioDiagnostic['severity'], span: TextSpan, message: string): void {
    if (this.muted) return;
    const startOffset = this.index.clamp(span[0]);
    const endOffset = Math.max(startOffset, this.index.clamp(span[1]));
    const start = this.index.position(startOffset);
    const end = this.index.position(endOffset);
    this.diagnostics.push({
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity,
      // One line whatever the input quoted in it holds (a key or name with a line break or an escape).
      message: oneLineText(message),
    });
  }
}
