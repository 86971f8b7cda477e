// The side-by-side comparison's table parts (runs in the webview): header rows, the cells of a
// compared step, the marks of a difference (a symbol and text, never colour alone) and the list of
// differences. Everything from a trace or a broker is inserted as text.

import type { ComparisonRow, ComparisonViewMode, DifferenceLine } from '../panel/panelMessages';

/** The two views that show both traces (the third, `observed`, is the plain table of Kafka's run). */
export type ComparedView = Exclude<ComparisonViewMode, 'observed'>;

/** The marks a step's status gets in the last column: a symbol and a word. */
export const statusMarks: Readonly<Record<ComparisonRow['status'], { readonly mark: string; readonly word: string }>> =
  {
    agree: { mark: '✓', word: 'agrees' },
    differ: { mark: '≠', word: 'differs' },
    'left-out': { mark: '⊘', word: 'not compared' },
    missing: { mark: '∅', word: 'missing' },
  };

/** The columns whose values are numbers (right-aligned): Step, Offset Read, Offset Committed, Next Offset to Read. */
const numericColumns: ReadonlySet<number> = new Set([0, 2, 4, 5]);

function th(text: string, className?: string): HTMLTableCellElement {
  const node = document.createElement('th');
  node.textContent = text;
  if (className) node.className = className;
  node.scope = 'col';
  return node;
}

function td(text: string, className?: string): HTMLTableCellElement {
  const node = document.createElement('td');
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** How many columns a view's rows have. */
export function columnCount(view: ComparedView, columns: readonly string[]): number {
  // Step and Agreement, the other columns once (compact) or twice (side by side), then Differences.
  return 2 + (columns.length - 1) * (view === 'side-by-side' ? 2 : 1) + 1;
}

/**
 * The header rows: side by side, "Step", "Agreement", a "Simulator" group and an "Observed on Kafka"
 * group of the other five columns, and "Differences"; compact, the same with each column once.
 */
export function headerRows(view: ComparedView, columns: readonly string[]): HTMLTableRowElement[] {
  const [stepHeader, ...valueHeaders] = columns;
  if (view === 'compact') {
    const row = document.createElement('tr');
    row.className = 'column-row';
    row.append(
      th(stepHeader),
      th('Agreement'),
      ...valueHeaders.map((header) => th(header)),
      th('Differences (simulated → observed)'),
    );
    return [row];
  }
  const groups = document.createElement('tr');
  groups.className = 'group-row';
  const step = th(stepHeader);
  step.rowSpan = 2;
  const agreement = th('Agreement');
  agreement.rowSpan = 2;
  const simulated = th('Simulator', 'group simulated');
  simulated.colSpan = valueHeaders.length;
  simulated.scope = 'colgroup';
  const observed = th('Observed on Kafka', 'group observed');
  observed.colSpan = valueHeaders.length;
  observed.scope = 'colgroup';
  const differences = th('Differences');
  differences.rowSpan = 2;
  groups.append(step, agreement, simulated, observed, differences);
  const names = document.createElement('tr');
  names.className = 'column-row';
  names.append(
    ...valueHeaders.map((header, i) => th(header, i === 0 ? 'first-of-group simulated' : 'simulated')),
    ...valueHeaders.map((header, i) => th(header, i === 0 ? 'first-of-group observed' : 'observed')),
  );
  return [groups, names];
}

/** The agreement cell: a symbol and a word (never colour alone). */
function agreementCell(row: ComparisonRow): HTMLTableCellElement {
  const { mark, word } = statusMarks[row.status];
  const cell = document.createElement('td');
  cell.className = `agreement status-${row.status}`;
  const symbol = document.createElement('span');
  symbol.className = 'mark';
  symbol.setAttribute('aria-hidden', 'true');
  symbol.textContent = mark;
  const label = document.createElement('span');
  label.className = 'status-word';
  label.textContent = word;
  cell.append(symbol, document.createTextNode(' '), label);
  return cell;
}

/** The last cell: the row's notes (a difference is named by its text), in full in the tooltip. */
function notesCell(row: ComparisonRow): HTMLTableCellElement {
  const cell = document.createElement('td');
  cell.className = `notes status-${row.status}`;
  cell.textContent = row.notes.join('; ');
  if (row.notes.length > 0) cell.title = row.notes.join('\n');
  return cell;
}

/** A value cell that differs: "≠" before the text, and both values in its tooltip. */
function differingCell(text: string, simulated: string, observed: string, className: string): HTMLTableCellElement {
  const cell = document.createElement('td');
  cell.className = `${className} differs`;
  const mark = document.createElement('span');
  mark.className = 'mark';
  mark.textContent = '≠ ';
  cell.append(mark, document.createTextNode(text));
  cell.title = `simulated ${simulated || '(no step)'}, observed ${observed || '(no step)'}`;
  return cell;
}

/** The cells of one compared step in a view. */
export function rowCells(view: ComparedView, row: ComparisonRow): HTMLTableCellElement[] {
  const valueCells = row.cells.slice(1);
  const cells: HTMLTableCellElement[] = [td(String(row.step), 'num'), agreementCell(row)];
  const className = (column: number, extra = ''): string =>
    [numericColumns.has(column) ? 'num' : '', extra].filter((c) => c !== '').join(' ');
  if (view === 'compact') {
    valueCells.forEach((cell, i) => {
      const column = i + 1;
      if (cell.simulated === cell.observed) cells.push(td(cell.simulated, className(column)));
      else {
        const text = `${cell.simulated || '(none)'} → ${cell.observed || '(none)'}`;
        cells.push(differingCell(text, cell.simulated, cell.observed, className(column)));
      }
    });
  } else {
    for (const side of ['simulated', 'observed'] as const) {
      valueCells.forEach((cell, i) => {
        const column = i + 1;
        const extra = `${side}${i === 0 ? ' first-of-group' : ''}`;
        if (cell.simulated === cell.observed) cells.push(td(cell[side], className(column, extra)));
        else cells.push(differingCell(cell[side], cell.simulated, cell.observed, className(column, extra)));
      });
    }
  }
  cells.push(notesCell(row));
  return cells;
}

/** Cells standing in for a row whose data has not arrived yet. */
export function placeholderCells(
  view: ComparedView,
  columns: readonly string[],
  index: number,
): HTMLTableCellElement[] {
  const cells = [td(String(index + 1), 'num'), td('…')];
  for (let column = 2; column < columnCount(view, columns); column++) cells.push(td(''));
  return cells;
}

/** The list items of the differences: a step's difference is a button that goes to its step. */
export function differenceItems(lines: readonly DifferenceLine[], goTo: (step: number) => void): HTMLLIElement[] {
  return lines.map((line) => {
    const item = document.createElement('li');
    if (line.field === 'more') {
      item.className = 'none';
      item.textContent = line.text;
      return item;
    }
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = `≠ ${line.field}`;
    const text = document.createElement('span');
    text.textContent = line.text;
    if (line.step === 0) {
      const box = document.createElement('div');
      box.className = 'moment moment-difference whole-run';
      box.append(badge, text);
      item.append(box);
      return item;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'moment moment-difference';
    // The text names the step ("step 9, c1: …"); a label only where it does not.
    if (!line.text.startsWith(`step ${line.step}`)) {
      const step = document.createElement('span');
      step.className = 'moment-step';
      step.textContent = `step ${line.step}`;
      button.append(badge, step, text);
    } else button.append(badge, text);
    button.addEventListener('click', () => goTo(line.step));
    item.append(button);
    return item;
  });
}

/** The texts of the header cells, top row first (for the render report). */
export function headerTexts(rows: readonly HTMLTableRowElement[]): string[] {
  return rows.flatMap((row) => [...row.cells].map((cell) => cell.textContent ?? ''));
}
