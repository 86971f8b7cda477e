// Text columns as Kafka's tools print them with Java's `%-Ns`: left-aligned, padded to a width, never cut.

/** `text` padded with spaces to `width` (longer text is kept whole, as `%-Ns` does). */
export function padRight(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The cells of one line, each padded to its width (0: not padded) and joined by one space. */
export function columnsLine(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => padRight(cell, widths[i] ?? 0)).join(' ');
}

/** The widest of `min` and the cells' lengths. */
export function widthOf(min: number, cells: Iterable<string>): number {
  let width = min;
  for (const cell of cells) width = Math.max(width, cell.length);
  return width;
}

/** A number or the tools' `-` for none. */
export function cellOf(value: number | string | null | undefined): string {
  return value === null || value === undefined ? '-' : String(value);
}
