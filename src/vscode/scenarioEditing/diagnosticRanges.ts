// Converts the parser's 1-based, end-exclusive diagnostic ranges to the 0-based ranges of an editor,
// clamped so that a range never starts before the file or ends before it starts. No `vscode` here.

/** A range as the scenario parser reports it: 1-based lines and columns, the end exclusive. */
export interface OneBasedRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The same range 0-based, as `vscode.Range` takes it (the end stays exclusive). */
export interface ZeroBasedRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** 1-based → 0-based. Missing or out-of-order values collapse onto the start (VS Code then marks the word there). */
export function toZeroBasedRange(range: OneBasedRange): ZeroBasedRange {
  const startLine = atLeastZero(range.line - 1);
  const startCharacter = atLeastZero(range.column - 1);
  let endLine = atLeastZero(range.endLine - 1);
  let endCharacter = atLeastZero(range.endColumn - 1);
  if (endLine < startLine || (endLine === startLine && endCharacter < startCharacter)) {
    endLine = startLine;
    endCharacter = startCharacter;
  }
  return { startLine, startCharacter, endLine, endCharacter };
}

function atLeastZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
