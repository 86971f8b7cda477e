// The execution-table panel's view (runs in the webview). It renders what the host sends, as text
// only, keeps just the visible rows in the DOM, sends step controls back, and hosts the quiz. After a
// run on a broker it shows the simulated and the observed trace side by side, differences marked.

import {
  comparisonViewModes,
  isHostToWebviewMessage,
  isPanelState,
  type ComparisonReport,
  type ComparisonRow,
  type ComparisonViewMode,
  type ControlCommand,
  type CursorMessage,
  type LoadMessage,
  type PanelState,
  type TableRow,
  type WebviewToHostMessage,
} from '../panel/panelMessages';
import { computeRowWindow, scrollToReveal } from '../trace/tableWindow';

import {
  columnCount,
  differenceItems,
  headerRows,
  headerTexts,
  placeholderCells,
  rowCells,
  type ComparedView,
} from './comparisonView';
import { QuizModel } from './quizModel';
import { createQuizView } from './quizView';
import { element, type VsCodeApi } from './vscodeApi';

/** Starts the execution-table view in this webview page. */
export function startExecutionTableView(vscode: VsCodeApi<WebviewToHostMessage, PanelState>): void {
  const rowHeight = 26;
  const blockSize = 200;

  const ui = {
    app: element<HTMLElement>('app'),
    title: element<HTMLElement>('title'),
    summary: element<HTMLElement>('summary'),
    settings: element<HTMLUListElement>('settings'),
    position: element<HTMLElement>('position'),
    head: element<HTMLTableSectionElement>('table-head'),
    rows: element<HTMLTableSectionElement>('rows'),
    table: element<HTMLTableElement>('table'),
    scroll: element<HTMLDivElement>('table-scroll'),
    tracker: element<HTMLTableSectionElement>('tracker'),
    moments: element<HTMLUListElement>('moments'),
    comparison: {
      section: element<HTMLElement>('comparison'),
      summary: element<HTMLElement>('comparison-summary'),
      facts: element<HTMLElement>('comparison-facts'),
      view: element<HTMLSelectElement>('comparison-view'),
      next: element<HTMLButtonElement>('next-difference'),
      previous: element<HTMLButtonElement>('previous-difference'),
      differencesSection: element<HTMLElement>('differences-section'),
      differences: element<HTMLUListElement>('differences'),
      keys: element<HTMLElement>('comparison-keys'),
    },
    play: element<HTMLButtonElement>('play'),
    speed: element<HTMLSelectElement>('speed'),
    buttons: {
      first: element<HTMLButtonElement>('first'),
      back: element<HTMLButtonElement>('back'),
      step: element<HTMLButtonElement>('step'),
      last: element<HTMLButtonElement>('last'),
    },
  };

  let load: LoadMessage | undefined;
  let cursor: Pick<CursorMessage, 'index' | 'playing' | 'playIntervalMs'> = {
    index: 0,
    playing: false,
    playIntervalMs: 800,
  };
  /** Rows the host sent, by 0-based index, and the blocks already asked for: one cache per kind of row. */
  interface RowSource<Row> {
    readonly cache: Map<number, Row>;
    readonly requested: Set<number>;
    readonly request: (traceId: string, start: number, count: number) => WebviewToHostMessage;
  }
  const tableRows: RowSource<TableRow> = {
    cache: new Map(),
    requested: new Set(),
    request: (traceId, start, count) => ({ type: 'requestRows', traceId, start, count }),
  };
  const comparedRows: RowSource<ComparisonRow> = {
    cache: new Map(),
    requested: new Set(),
    request: (traceId, start, count) => ({ type: 'requestComparisonRows', traceId, start, count }),
  };

  function send(message: WebviewToHostMessage): void {
    vscode.postMessage(message);
  }

  // The quiz sits right after the table, collapsed until "Test yourself" opens it.
  const saved = vscode.getState();
  const savedState = isPanelState(saved) ? saved : undefined;
  const quizModel = new QuizModel(savedState?.quiz);
  /** The comparison's view: side by side until the user picks another (kept across reloads). */
  let comparisonView: ComparisonViewMode = savedState?.comparisonView ?? 'side-by-side';
  /** The header rows of the table on screen (the windowing leaves room for them). */
  let headerRowsShown = 1;
  const quiz = createQuizView({
    model: quizModel,
    send,
    onChange: () => {
      saveState();
      render();
    },
    onReveal: (step) => revealInPage(step - 1),
  });
  ui.scroll.parentElement?.after(quiz.element);

  function control(command: ControlCommand): void {
    send({ type: 'control', command });
  }

  function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
    const node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /** The compared view on screen, or undefined when the panel shows a plain table. */
  function comparedView(): ComparedView | undefined {
    if (!load?.comparison || comparisonView === 'observed') return undefined;
    return comparisonView;
  }

  /** Rows of the table on screen: the compared steps, or the trace's. */
  function totalRows(): number {
    if (!load) return 0;
    return comparedView() && load.comparison ? load.comparison.totalRows : load.totalSteps;
  }

  /** Builds the table's header for the view on screen. */
  function renderHead(): void {
    if (!load) return;
    const view = comparedView();
    const rows = view && load.comparison ? headerRows(view, load.comparison.columns) : [plainHeaderRow(load.columns)];
    ui.head.replaceChildren(...rows);
    headerRowsShown = rows.length;
    ui.table.classList.toggle('compared', view !== undefined);
    ui.table.classList.toggle('side-by-side', view === 'side-by-side');
    ui.table.setAttribute('aria-rowcount', String(totalRows() + headerRowsShown));
  }

  function plainHeaderRow(columns: readonly string[]): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.id = 'header-row';
    row.append(...columns.map((header) => cell('th', header)));
    return row;
  }

  function renderComparisonParts(message: LoadMessage): void {
    const comparison = message.comparison;
    ui.comparison.section.hidden = comparison === undefined;
    ui.comparison.differencesSection.hidden = comparison === undefined;
    ui.comparison.keys.hidden = comparison === undefined;
    if (!comparison) {
      ui.comparison.facts.replaceChildren();
      ui.comparison.differences.replaceChildren();
      return;
    }
    ui.comparison.summary.textContent = `${comparison.agree ? '✓' : '≠'} ${comparison.summary}`;
    ui.comparison.summary.className = `comparison-summary ${comparison.agree ? 'agree' : 'differ'}`;
    ui.comparison.facts.replaceChildren(
      ...comparison.facts.map((fact) => {
        const item = document.createElement('span');
        item.className = 'fact';
        item.textContent = fact;
        return item;
      }),
    );
    const noDifferences = comparison.differences.filter((d) => d.step > 0).length === 0;
    ui.comparison.next.disabled = noDifferences;
    ui.comparison.previous.disabled = noDifferences;
    ui.comparison.view.value = comparisonView;
    const items = differenceItems(comparison.differences, (step) => send({ type: 'goTo', index: step - 1 }));
    if (items.length === 0) {
      const none = document.createElement('li');
      none.className = 'none';
      none.textContent = `None: the simulator and Kafka agree (${comparison.summary.replace(/^Agree: /, '')}).`;
      items.push(none);
    }
    for (const line of comparison.leftOut) {
      const item = document.createElement('li');
      item.className = 'none';
      item.textContent = `⊘ Left out as timing-dependent: ${line}`;
      items.push(item);
    }
    ui.comparison.differences.replaceChildren(...items);
  }

  /** The key moments list; `null` while the host is still finding them. */
  function renderKeyMoments(keyMoments: LoadMessage['keyMoments']): void {
    ui.moments.setAttribute('aria-busy', String(keyMoments === null));
    if (keyMoments === null) {
      const item = document.createElement('li');
      item.className = 'none';
      item.textContent = 'Finding key moments…';
      ui.moments.replaceChildren(item);
      return;
    }
    if (keyMoments.length === 0) {
      const item = document.createElement('li');
      item.className = 'none';
      item.textContent = 'None: no record lost, none processed twice.';
      ui.moments.replaceChildren(item);
    } else {
      ui.moments.replaceChildren(
        ...keyMoments.map((moment) => {
          const item = document.createElement('li');
          if (moment.step === 0) {
            item.className = 'none';
            item.textContent = moment.text;
            return item;
          }
          const button = document.createElement('button');
          button.type = 'button';
          button.className = `moment moment-${moment.kind}`;
          const badge = document.createElement('span');
          badge.className = 'badge';
          badge.textContent = moment.kind;
          const step = document.createElement('span');
          step.className = 'moment-step';
          step.textContent = `step ${moment.step}`;
          const text = document.createElement('span');
          text.textContent = moment.text;
          button.append(badge, step, text);
          button.addEventListener('click', () => send({ type: 'goTo', index: moment.step - 1 }));
          item.append(button);
          return item;
        }),
      );
    }
  }

  function onLoad(message: LoadMessage): void {
    // A new comparison opens side by side; the page's first load (after a reload) keeps the saved view.
    if (load && message.comparison && message.traceId !== load.traceId) comparisonView = 'side-by-side';
    load = message;
    for (const source of [tableRows, comparedRows]) {
      source.cache.clear();
      source.requested.clear();
    }
    cursor = { index: message.index, playing: message.playing, playIntervalMs: message.playIntervalMs };
    ui.title.textContent = message.title;
    ui.summary.textContent = message.summary;
    ui.settings.hidden = message.settings.length === 0;
    ui.settings.replaceChildren(
      ...message.settings.map((line) => {
        const item = document.createElement('li');
        item.textContent = line;
        return item;
      }),
    );
    renderComparisonParts(message);
    renderHead();
    ui.tracker.replaceChildren(
      ...message.statusTracker.map((line) => {
        const row = document.createElement('tr');
        row.append(
          cell('th', line.label),
          cell('td', line.offsetRead, 'num'),
          cell('td', line.messageProcessed),
          cell('td', line.offsetCommitted, 'num'),
          cell('td', line.nextOffsetToRead, 'num'),
        );
        row.dataset.step = String(line.step);
        if (line.step > 0) row.addEventListener('click', () => send({ type: 'goTo', index: line.step - 1 }));
        else row.className = 'gap';
        return row;
      }),
    );
    renderKeyMoments(message.keyMoments);
    ui.app.setAttribute('aria-busy', 'false');
    quiz.trace(message.traceId);
    saveState();
    revealCurrent();
    render();
  }

  function onCursor(message: CursorMessage): void {
    cursor = { index: message.index, playing: message.playing, playIntervalMs: message.playIntervalMs };
    saveState();
    revealCurrent();
    render();
  }

  function onRows<Row>(
    source: RowSource<Row>,
    message: { traceId: string; start: number; rows: readonly Row[] },
  ): void {
    if (!load || message.traceId !== load.traceId) return;
    message.rows.forEach((row, offset) => source.cache.set(message.start + offset, row));
    render();
  }

  function saveState(): void {
    if (load) {
      const comparison = load.comparison?.source;
      vscode.setState({
        scenario: load.scenario,
        origin: load.origin,
        index: cursor.index,
        quiz: quizModel.uiState(),
        ...(comparison ? { comparison, comparisonView } : {}),
      });
    }
  }

  /** The height of the table's sticky header (its rows may wrap in a compared view). */
  function headerHeight(): number {
    return ui.head.offsetHeight || rowHeight * headerRowsShown;
  }

  /** Scrolls the table so that row `index` (0-based) is in view (below the sticky header rows). */
  function reveal(index: number): void {
    const header = headerHeight();
    const top = scrollToReveal(index, rowHeight, ui.scroll.scrollTop, ui.scroll.clientHeight - header);
    if (top !== undefined) ui.scroll.scrollTop = top;
  }

  /** Scrolls the table to row `index`, then the page just enough to show that row (the quiz is below it). */
  function revealInPage(index: number): void {
    reveal(index);
    render();
    ui.rows.querySelector(`tr[data-index="${index}"]`)?.scrollIntoView({ block: 'nearest' });
  }

  function revealCurrent(): void {
    reveal(cursor.index);
  }

  /** Asks for the blocks of rows `start..end-1` not received yet; true when all of them are here. */
  function ensureRows<Row>(source: RowSource<Row>, start: number, end: number, total: number): boolean {
    if (!load) return false;
    let complete = true;
    for (let block = Math.floor(start / blockSize); block * blockSize < end; block++) {
      const blockStart = block * blockSize;
      const blockEnd = Math.min(blockStart + blockSize, total);
      let missing = false;
      for (let i = Math.max(blockStart, start); i < Math.min(blockEnd, end); i++) {
        if (!source.cache.has(i)) {
          missing = true;
          break;
        }
      }
      if (!missing) continue;
      complete = false;
      if (!source.requested.has(block)) {
        source.requested.add(block);
        send(source.request(load.traceId, blockStart, blockEnd - blockStart));
      }
    }
    return complete;
  }

  function spacer(height: number, columns: number): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.className = 'spacer';
    row.setAttribute('aria-hidden', 'true');
    const filler = document.createElement('td');
    filler.colSpan = columns;
    filler.style.height = `${height}px`;
    row.append(filler);
    return row;
  }

  /** Fills a body row of the plain table (the trace's columns) or of a compared view; true when it differs. */
  function fillRow(row: HTMLTableRowElement, index: number, view: ComparedView | undefined): boolean {
    if (!load) return false;
    if (view && load.comparison) {
      const data = comparedRows.cache.get(index);
      if (!data) {
        row.append(...placeholderCells(view, load.comparison.columns, index));
        return false;
      }
      row.append(...rowCells(view, data));
      row.classList.add(`compared-${data.status}`);
      return data.status === 'differ';
    }
    const data = tableRows.cache.get(index);
    if (data) {
      data.cells.forEach((text, column) =>
        row.append(cell('td', text, column === 1 || column === 3 ? undefined : 'num')),
      );
    } else {
      row.append(cell('td', String(index + 1), 'num'), cell('td', '…'));
      for (let column = 2; column < load.columns.length; column++) row.append(cell('td', ''));
    }
    return false;
  }

  function render(): void {
    if (!load) return;
    const view = comparedView();
    const total = totalRows();
    const header = headerHeight();
    const rowWindow = computeRowWindow(total, rowHeight, ui.scroll.scrollTop, (ui.scroll.clientHeight || 400) - header);
    const complete =
      view && load.comparison
        ? ensureRows(comparedRows, rowWindow.start, rowWindow.end, total)
        : ensureRows(tableRows, rowWindow.start, rowWindow.end, total);
    const columns = view && load.comparison ? columnCount(view, load.comparison.columns) : load.columns.length;
    const hintIndex = (quizModel.hintStep ?? 0) - 1;
    const rows: HTMLTableRowElement[] = [];
    let differingRows = 0;
    if (rowWindow.paddingTop > 0) rows.push(spacer(rowWindow.paddingTop, columns));
    for (let index = rowWindow.start; index < rowWindow.end; index++) {
      const row = document.createElement('tr');
      row.setAttribute('aria-rowindex', String(index + 1 + headerRowsShown));
      row.dataset.index = String(index);
      if (fillRow(row, index, view)) differingRows += 1;
      if (index === cursor.index) {
        row.classList.add('current');
        row.setAttribute('aria-current', 'step');
      } else if (index < cursor.index) {
        row.classList.add('done');
      }
      if (index === hintIndex) {
        row.classList.add('hint');
        row.title = 'The row the quiz’s hint points at';
      }
      row.addEventListener('click', () => send({ type: 'goTo', index }));
      rows.push(row);
    }
    if (rowWindow.paddingBottom > 0) rows.push(spacer(rowWindow.paddingBottom, columns));
    ui.rows.replaceChildren(...rows);

    const steps = load.totalSteps;
    ui.position.textContent = steps > 0 ? `Step ${cursor.index + 1} of ${steps}` : 'No steps';
    ui.play.textContent = cursor.playing ? '⏸ Pause' : '▶ Play';
    ui.play.setAttribute('aria-pressed', String(cursor.playing));
    ui.buttons.first.disabled = cursor.index === 0;
    ui.buttons.back.disabled = cursor.index === 0;
    ui.buttons.step.disabled = cursor.index >= steps - 1;
    ui.buttons.last.disabled = cursor.index >= steps - 1;
    const speedValue = String(cursor.playIntervalMs);
    if (![...ui.speed.options].some((option) => option.value === speedValue)) {
      const option = document.createElement('option');
      option.value = speedValue;
      option.textContent = `${cursor.playIntervalMs} ms`;
      ui.speed.append(option);
    }
    ui.speed.value = speedValue;
    for (const tr of ui.tracker.querySelectorAll('tr')) {
      tr.classList.toggle('current', Number(tr.dataset.step) === cursor.index + 1);
    }

    if (complete && cursor.index >= rowWindow.start && cursor.index < rowWindow.end) {
      const comparison: ComparisonReport | undefined = load.comparison && {
        view: comparisonView,
        summary: load.comparison.summary,
        agree: load.comparison.agree,
        headers: headerTexts([...ui.head.rows]),
        differingRowsInDom: differingRows,
      };
      send({
        type: 'rendered',
        traceId: load.traceId,
        index: cursor.index,
        firstRow: rowWindow.start,
        lastRow: rowWindow.end - 1,
        rowsInDom: rowWindow.end - rowWindow.start,
        totalSteps: steps,
        keyMoments: load.keyMoments === null ? null : load.keyMoments.length,
        quiz: quizModel.report(),
        ...(comparison ? { comparison } : {}),
      });
    }
  }

  function setComparisonView(value: string): void {
    const next = comparisonViewModes.find((mode) => mode === value);
    if (!next || next === comparisonView) return;
    comparisonView = next;
    ui.comparison.view.value = next;
    renderHead();
    saveState();
    revealCurrent();
    render();
  }

  function goToDifference(direction: 'next' | 'previous'): void {
    if (load?.comparison) send({ type: 'goToDifference', traceId: load.traceId, direction });
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isHostToWebviewMessage(message)) return;
    switch (message.type) {
      case 'load':
        onLoad(message);
        return;
      case 'keyMoments':
        if (load && message.traceId === load.traceId) {
          load = { ...load, keyMoments: message.keyMoments };
          renderKeyMoments(message.keyMoments);
          render();
        }
        return;
      case 'rows':
        onRows(tableRows, message);
        return;
      case 'comparisonRows':
        onRows(comparedRows, message);
        return;
      case 'cursor':
        onCursor(message);
        return;
      case 'quiz':
      case 'quizVerdict':
        quiz.receive(message);
        return;
    }
  });

  ui.buttons.first.addEventListener('click', () => control('first'));
  ui.buttons.back.addEventListener('click', () => control('back'));
  ui.buttons.step.addEventListener('click', () => control('step'));
  ui.buttons.last.addEventListener('click', () => control('last'));
  ui.play.addEventListener('click', () => control('togglePlay'));
  ui.speed.addEventListener('change', () => send({ type: 'setSpeed', intervalMs: Number(ui.speed.value) }));
  ui.comparison.view.addEventListener('change', () => setComparisonView(ui.comparison.view.value));
  ui.comparison.next.addEventListener('click', () => goToDifference('next'));
  ui.comparison.previous.addEventListener('click', () => goToDifference('previous'));

  let scrollFrame = 0;
  ui.scroll.addEventListener('scroll', () => {
    cancelAnimationFrame(scrollFrame);
    scrollFrame = requestAnimationFrame(render);
  });
  window.addEventListener('resize', () => render());

  const keyCommands: Record<string, ControlCommand> = {
    ArrowRight: 'step',
    j: 'step',
    ArrowLeft: 'back',
    k: 'back',
    Home: 'first',
    End: 'last',
    ' ': 'togglePlay',
  };

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.defaultPrevented) return; // handled where it happened (the quiz's choices)
    if (target instanceof HTMLSelectElement || event.altKey || event.ctrlKey || event.metaKey) return;
    if (target instanceof HTMLButtonElement && (event.key === ' ' || event.key === 'Enter')) return;
    if (event.key === 'n' || event.key === 'p') {
      if (!load?.comparison) return;
      event.preventDefault();
      goToDifference(event.key === 'n' ? 'next' : 'previous');
      return;
    }
    const command = keyCommands[event.key];
    if (!command) return;
    event.preventDefault();
    control(command);
  });

  send({ type: 'ready' });
}
