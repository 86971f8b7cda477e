// Row windowing for long traces: which rows to render for a scroll position, so the panel
// keeps only the visible rows (plus a small margin) in the DOM.

/** The rows to render and the spacer heights that stand in for the others. */
export interface RowWindow {
  /** First row index to render (0-based). */
  readonly start: number;
  /** One past the last row index to render. */
  readonly end: number;
  readonly paddingTop: number;
  readonly paddingBottom: number;
}

/** Which rows of `totalRows` to render when the viewport shows `viewportHeight` pixels from `scrollTop`. */
export function computeRowWindow(
  totalRows: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 10,
): RowWindow {
  if (totalRows <= 0 || rowHeight <= 0) return { start: 0, end: 0, paddingTop: 0, paddingBottom: 0 };
  const firstVisible = Math.floor(Math.max(scrollTop, 0) / rowHeight);
  const visibleCount = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.min(Math.max(firstVisible - overscan, 0), totalRows - 1);
  const end = Math.min(firstVisible + visibleCount + overscan, totalRows);
  return { start, end, paddingTop: start * rowHeight, paddingBottom: (totalRows - end) * rowHeight };
}

/** The scroll position that brings `index` into view, or undefined when it already is. */
export function scrollToReveal(
  index: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
): number | undefined {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(bottom - viewportHeight, 0);
  return undefined;
}

/** Whether the rows `start..end` lie inside the block `[blockStart, blockStart + blockLength)`. */
export function isCovered(start: number, end: number, blockStart: number, blockLength: number): boolean {
  return start >= blockStart && end <= blockStart + blockLength;
}
