// The execution-table panel's view (runs in the webview). It renders what the host sends, as text
// only, keeps just the visible rows in the DOM, sends step controls back, and hosts the quiz.

import {
  isHostToWebviewMessage,
  isPanelState,
  type ControlCommand,
  type CursorMessage,
  type HostToWebviewMessage,
  type LoadMessage,
  type PanelState,
  type TableRow,
  type WebviewToHostMessage,
} from '../panel/panelMessages';
import { computeRowWindow, scrollToReveal } from '../trace/tableWindow';

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
    position: element<HTMLElement>('position'),
    headerRow: element<HTMLTableRowElement>('header-row'),
    rows: element<HTMLTableSectionElement>('rows'),
    table: element<HTMLTableElement>('table'),
    scroll: element<HTMLDivElement>('table-scroll'),
    tracker: element<HTMLTableSectionElement>('tracker'),
    moments: element<HTMLUListElement>('moments'),
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
  const rowCache = new Map<number, TableRow>();
  const requestedBlocks = new Set<number>();

  function send(message: WebviewToHostMessage): void {
    vscode.postMessage(message);
  }

  // The quiz sits right after the table, collapsed until "Test yourself" opens it.
  const saved = vscode.getState();
  const quizModel = new QuizModel(isPanelState(saved) ? saved.quiz : undefined);
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

  function onLoad(message: LoadMessage): void {
    load = message;
    rowCache.clear();
    requestedBlocks.clear();
    cursor = { index: message.index, playing: message.playing, playIntervalMs: message.playIntervalMs };
    ui.title.textContent = message.title;
    ui.summary.textContent = message.summary;
    ui.headerRow.replaceChildren(...message.columns.map((header) => cell('th', header)));
    ui.table.setAttribute('aria-rowcount', String(message.totalSteps + 1));
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
    if (message.keyMoments.length === 0) {
      const item = document.createElement('li');
      item.className = 'none';
      item.textContent = 'None: no record lost, none processed twice.';
      ui.moments.replaceChildren(item);
    } else {
      ui.moments.replaceChildren(
        ...message.keyMoments.map((moment) => {
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

  function onRows(message: Extract<HostToWebviewMessage, { type: 'rows' }>): void {
    if (!load || message.traceId !== load.traceId) return;
    message.rows.forEach((row, offset) => rowCache.set(message.start + offset, row));
    render();
  }

  function saveState(): void {
    if (load) {
      vscode.setState({ scenario: load.scenario, origin: load.origin, index: cursor.index, quiz: quizModel.uiState() });
    }
  }

  /** Scrolls the table so that row `index` (0-based) is in view. */
  function reveal(index: number): void {
    const top = scrollToReveal(index, rowHeight, ui.scroll.scrollTop, ui.scroll.clientHeight - rowHeight);
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

  function ensureRows(start: number, end: number): boolean {
    if (!load) return false;
    let complete = true;
    for (let block = Math.floor(start / blockSize); block * blockSize < end; block++) {
      const blockStart = block * blockSize;
      const blockEnd = Math.min(blockStart + blockSize, load.totalSteps);
      let missing = false;
      for (let i = Math.max(blockStart, start); i < Math.min(blockEnd, end); i++) {
        if (!rowCache.has(i)) {
          missing = true;
          break;
        }
      }
      if (!missing) continue;
      complete = false;
      if (!requestedBlocks.has(block)) {
        requestedBlocks.add(block);
        send({ type: 'requestRows', traceId: load.traceId, start: blockStart, count: blockEnd - blockStart });
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

  function render(): void {
    if (!load) return;
    const total = load.totalSteps;
    const rowWindow = computeRowWindow(total, rowHeight, ui.scroll.scrollTop, ui.scroll.clientHeight || 400);
    const complete = ensureRows(rowWindow.start, rowWindow.end);
    const columns = load.columns.length;
    const hintIndex = (quizModel.hintStep ?? 0) - 1;
    const rows: HTMLTableRowElement[] = [];
    if (rowWindow.paddingTop > 0) rows.push(spacer(rowWindow.paddingTop, columns));
    for (let index = rowWindow.start; index < rowWindow.end; index++) {
      const data = rowCache.get(index);
      const row = document.createElement('tr');
      row.setAttribute('aria-rowindex', String(index + 2));
      row.dataset.index = String(index);
      if (data) {
        data.cells.forEach((text, column) =>
          row.append(cell('td', text, column === 1 || column === 3 ? undefined : 'num')),
        );
      } else {
        row.append(cell('td', String(index + 1), 'num'), cell('td', '…'));
        for (let column = 2; column < columns; column++) row.append(cell('td', ''));
      }
      if (index === cursor.index) {
        row.className = 'current';
        row.setAttribute('aria-current', 'step');
      } else if (index < cursor.index) {
        row.className = 'done';
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

    ui.position.textContent = total > 0 ? `Step ${cursor.index + 1} of ${total}` : 'No steps';
    ui.play.textContent = cursor.playing ? '⏸ Pause' : '▶ Play';
    ui.play.setAttribute('aria-pressed', String(cursor.playing));
    ui.buttons.first.disabled = cursor.index === 0;
    ui.buttons.back.disabled = cursor.index === 0;
    ui.buttons.step.disabled = cursor.index >= total - 1;
    ui.buttons.last.disabled = cursor.index >= total - 1;
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
      send({
        type: 'rendered',
        traceId: load.traceId,
        index: cursor.index,
        firstRow: rowWindow.start,
        lastRow: rowWindow.end - 1,
        rowsInDom: rowWindow.end - rowWindow.start,
        totalSteps: total,
        quiz: quizModel.report(),
      });
    }
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isHostToWebviewMessage(message)) return;
    switch (message.type) {
      case 'load':
        onLoad(message);
        return;
      case 'rows':
        onRows(message);
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
    const command = keyCommands[event.key];
    if (!command) return;
    event.preventDefault();
    control(command);
  });

  send({ type: 'ready' });
}
