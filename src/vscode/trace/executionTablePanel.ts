// The execution-table panel: one webview that renders the current trace, follows the cursor,
// sends rows on request (compared rows too, after a run on a broker), forwards the step controls,
// keeps and checks the trace's quiz, and is restored after a window reload.

import * as vscode from 'vscode';
import {
  cursorMessage,
  keyMomentsFailedMessage,
  keyMomentsMessage,
  loadMessage,
  PanelQuiz,
  quizInputsLater,
  rowsMessage,
} from '../../panel/panelContent';
import { keyMomentsLater } from '../../trace/keyMomentsInSlices';
import {
  isPanelState,
  isWebviewToHostMessage,
  type HostToWebviewMessage,
  type WebviewToHostMessage,
} from '../../panel/panelMessages';
import { panelViewType } from '../contributions';
import type { LoadedTrace, TraceSession } from './traceSession';
import { panelPageResources, panelWebviewOptions } from '../webviewPanels/panelResources';
import { panelHtml } from '../../panel/webviewHtml';
import { originKey, type TraceOrigin } from '../../trace/traceOrigin';
import { defaultScenarioName } from '../../scenarios/builtInScenarios';
import { loadFailureText, restoreFromOrigin } from './traceOpener';
import { loadBrokerRunComparison } from '../brokerRun/brokerRunComparison';

/** What the webview reported after its last render (for tests and the extension's API). */
export type RenderedReport = Extract<WebviewToHostMessage, { type: 'rendered' }>;

export class ExecutionTablePanel implements vscode.Disposable {
  private static current: ExecutionTablePanel | undefined;
  private static readonly renderedEmitter = new vscode.EventEmitter<RenderedReport>();
  /** Fires each time the webview reports a render. */
  static readonly onDidRender = ExecutionTablePanel.renderedEmitter.event;
  private static lastReport: RenderedReport | undefined;

  private ready = false;
  private disposed = false;
  /** The loaded trace's quiz, made when the webview first asks for it. */
  private quiz: PanelQuiz | undefined;
  /** The "New questions" being made, in the order they were asked for. */
  private quizTurn: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  /** Registers the reload serializer; the panel itself opens with {@link show}. */
  static register(context: vscode.ExtensionContext, session: TraceSession): void {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(panelViewType, {
        deserializeWebviewPanel: async (panel, state) => {
          ExecutionTablePanel.restore(context, session, panel, state);
        },
      }),
      { dispose: () => ExecutionTablePanel.current?.dispose() },
      ExecutionTablePanel.renderedEmitter,
    );
  }

  /** Shows the panel for the session's current trace, creating it if needed. */
  static show(
    context: vscode.ExtensionContext,
    session: TraceSession,
    options: { readonly beside?: boolean } = {},
  ): ExecutionTablePanel {
    // Beside the editor without taking focus (a debug session keeps the scenario file in front).
    const beside = options.beside === true;
    if (ExecutionTablePanel.current) {
      const panel = ExecutionTablePanel.current.panel;
      if (!beside) panel.reveal(undefined, false);
      else if (!panel.visible) panel.reveal(vscode.ViewColumn.Beside, true);
      return ExecutionTablePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      panelViewType,
      'Kafka Offsets',
      { viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: beside },
      panelWebviewOptions(context.extensionUri),
    );
    ExecutionTablePanel.current = new ExecutionTablePanel(context, session, panel);
    return ExecutionTablePanel.current;
  }

  /**
   * Restores a panel VS Code kept across a reload: reloads its trace, wherever it came from (a
   * built-in, a scenario or trace file, a debug session's program), at its step.
   */
  static restore(
    context: vscode.ExtensionContext,
    session: TraceSession,
    panel: vscode.WebviewPanel,
    state: unknown,
  ): ExecutionTablePanel {
    const saved = isPanelState(state) ? state : undefined;
    const origin: TraceOrigin = saved?.origin ?? { kind: 'built-in', name: saved?.scenario ?? defaultScenarioName };
    const index = saved?.index ?? 0;
    if (session.loaded && originKey(session.loaded.origin) === originKey(origin)) {
      session.loaded.cursor.goTo(index);
    } else if (origin.kind === 'broker-run' && saved?.comparison) {
      // A broker run compared with the simulator: both traces again, or at least the observed one.
      const source = saved.comparison;
      void loadBrokerRunComparison(session, origin, source, index).catch((error: unknown) => {
        void vscode.window.showWarningMessage(
          `Kafka Offsets: could not rebuild the comparison with the simulator (${loadFailureText(error)}); showing Kafka's run only.`,
        );
        return restoreFromOrigin(session, origin, index);
      });
    } else {
      void restoreFromOrigin(session, origin, index);
    }
    ExecutionTablePanel.current?.dispose();
    panel.webview.options = panelWebviewOptions(context.extensionUri);
    ExecutionTablePanel.current = new ExecutionTablePanel(context, session, panel);
    return ExecutionTablePanel.current;
  }

  static get isOpen(): boolean {
    return ExecutionTablePanel.current !== undefined;
  }

  static get lastRendered(): RenderedReport | undefined {
    return ExecutionTablePanel.lastReport;
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly session: TraceSession,
    private readonly panel: vscode.WebviewPanel,
  ) {
    const webview = panel.webview;
    webview.html = panelHtml({ ...panelPageResources(panel, context.extensionUri), title: 'Kafka Offsets' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      session.onDidLoad(() => this.sendLoad()),
      session.onDidMove(() => {
        const loaded = this.session.loaded;
        if (loaded) this.post(cursorMessage(loaded.cursor));
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    if (ExecutionTablePanel.current === this) ExecutionTablePanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }

  private receive(message: unknown): void {
    if (!isWebviewToHostMessage(message)) return;
    const loaded = this.session.loaded;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendLoad();
        return;
      case 'requestRows':
        if (loaded && message.traceId === loaded.id) {
          this.post(rowsMessage(loaded.trace, loaded.id, message.start, message.count));
        }
        return;
      case 'requestComparisonRows':
        if (loaded?.comparison && message.traceId === loaded.id) {
          this.post(loaded.comparison.rowsMessage(loaded.id, message.start, message.count));
        }
        return;
      case 'goToDifference': {
        if (!loaded?.comparison || message.traceId !== loaded.id) return;
        const index = loaded.comparison.differenceIndex(loaded.cursor.index, message.direction);
        if (index !== undefined) loaded.cursor.goTo(index);
        return;
      }
      case 'control':
        if (!loaded) return;
        switch (message.command) {
          case 'first':
            loaded.cursor.first();
            return;
          case 'back':
            loaded.cursor.stepBack();
            return;
          case 'step':
            loaded.cursor.step();
            return;
          case 'last':
            loaded.cursor.last();
            return;
          case 'togglePlay':
            loaded.cursor.togglePlay();
            return;
        }
        return;
      case 'goTo':
        loaded?.cursor.goTo(message.index);
        return;
      case 'setSpeed':
        loaded?.cursor.setPlayInterval(message.intervalMs);
        return;
      case 'rendered':
        ExecutionTablePanel.lastReport = message;
        ExecutionTablePanel.renderedEmitter.fire(message);
        return;
      case 'requestQuiz':
        if (loaded && message.traceId === loaded.id) {
          this.quizOf(loaded).then(
            (quiz) => quiz && this.post(quiz.message()),
            (error: unknown) => this.quizFailed(error),
          );
        }
        return;
      case 'newQuiz':
        if (loaded && message.traceId === loaded.id) {
          // One after the other: each "New questions" follows the quiz the one before it made.
          this.quizTurn = this.quizTurn
            .then(async () => {
              const next = await (await this.quizOf(loaded))?.nextInSlices();
              // Dropped when another trace was loaded while it was made.
              if (!next || this.disposed || this.session.loaded?.id !== next.traceId) return;
              this.quiz = next;
              this.post(next.message());
            })
            .catch((error: unknown) => this.quizFailed(error));
        }
        return;
      case 'checkAnswer': {
        if (!this.quiz?.matches(message.traceId, message.seed)) return;
        const verdict = this.quiz.check(message.questionId, message.choiceId);
        if (verdict) this.post(verdict);
        return;
      }
      case 'quizShowMe': {
        // The host moves the session's cursor: the panel, the Offsets tree and a debug session follow.
        if (!loaded || loaded.id !== message.traceId || !this.quiz?.matches(message.traceId, message.seed)) return;
        const index = this.quiz.explainIndex(message.questionId);
        if (index !== undefined) loaded.cursor.goTo(index);
        return;
      }
    }
  }

  /**
   * The quiz of the loaded trace: the one kept, or a new one with the trace's own seed once its key
   * moments are found; undefined when another trace was loaded meanwhile or they could not be found.
   */
  private async quizOf(loaded: LoadedTrace): Promise<PanelQuiz | undefined> {
    // Each wait may end after another trace was loaded, or after another call made the quiz.
    const kept = (): PanelQuiz | undefined => (this.quiz?.traceId === loaded.id ? this.quiz : undefined);
    const stillLoaded = (): boolean => this.isStillLoaded(loaded);
    if (kept()) return kept();
    const inputs = await quizInputsLater(loaded.trace);
    if (!stillLoaded()) return undefined;
    if (kept()) return kept();
    const quiz = await PanelQuiz.inSlices(loaded.trace, loaded.id, undefined, inputs);
    if (!stillLoaded()) return undefined;
    this.quiz = kept() ?? quiz;
    return this.quiz;
  }

  /** True while the panel is open and `loaded` is still the session's trace. */
  private isStillLoaded(loaded: LoadedTrace): boolean {
    return !this.disposed && this.session.loaded?.id === loaded.id;
  }

  /** A quiz that could not be made (its trace could not be read again): said once, nothing else breaks. */
  private quizFailed(error: unknown): void {
    if (this.disposed) return;
    void vscode.window.showWarningMessage(`Kafka Offsets: no quiz for this trace (${loadFailureText(error)}).`);
  }

  private sendLoad(): void {
    const loaded = this.session.loaded;
    if (!loaded) return;
    if (this.quiz?.traceId !== loaded.id) this.quiz = undefined; // another trace: its quiz is made when asked for
    this.panel.title = `Kafka Offsets: ${loaded.trace.source.title}${loaded.comparison ? ' (on Kafka)' : ''}`;
    const load = loadMessage(loaded.trace, loaded.cursor, loaded.id, loaded.origin, loaded.comparison);
    this.post(load);
    if (load.keyMoments !== null) return;
    // A long trace's key moments are found in slices (the host keeps answering meanwhile), then sent.
    const still = (): boolean => this.isStillLoaded(loaded);
    keyMomentsLater(loaded.trace).then(
      (keyMoments) => still() && this.post(keyMomentsMessage(loaded.id, keyMoments)),
      (error: unknown) => still() && this.post(keyMomentsFailedMessage(loaded.id, loadFailureText(error))),
    );
  }

  private post(message: HostToWebviewMessage): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }
}
