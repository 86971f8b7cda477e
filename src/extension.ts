// The extension's entry point: registers the commands, the Offsets tree, the panel and the
// debugger, and returns a small API (used by the tests inside VS Code) to read what the views show.

import * as vscode from 'vscode';
import { pickScenario } from './vscode/scenarioEditing/scenarioPicker';
import type { Scenario } from './simulator/model';
import { defaultScenarioName, findScenario } from './scenarios/builtInScenarios';
import { columnsFor, toCsv, toMarkdownTable } from './trace/executionTable';
import { commandIds, settingIds, viewIds } from './vscode/contributions';
import { ExecutionTablePanel, type RenderedReport } from './vscode/trace/executionTablePanel';
import { TraceSession } from './vscode/trace/traceSession';
import { OffsetsTreeProvider, type TreeSnapshotNode } from './vscode/trace/offsetsTreeProvider';
import { ClusterConnections } from './vscode/live/clusterConnections';
import { registerClusterCommands } from './vscode/live/clusterCommands';
import { registerOffsetCommands } from './vscode/live/offsetCommands';
import { GroupRecordings } from './vscode/live/groupRecordings';
import type { RecordingView } from './recording/recordingStatus';
import { GroupInspectorPanel, type GroupRenderedReport } from './vscode/live/groupInspectorPanel';
import { ClustersTreeProvider, type ClustersSnapshotNode, type GroupEntry } from './vscode/live/clustersTreeProvider';
import { isKafkaClientLoaded } from './kafka/kafkaClientLoader';
import type { TraceOrigin } from './trace/traceOrigin';
import { writeTraceFile } from './trace/traceFileIo';
import type { TraceFileOrigin } from './trace/traceFile';
import { loadFailureText, loadFile } from './vscode/trace/traceOpener';
import { OffsetDebugger } from './vscode/debug/offsetDebugger';
import { OffsetDebugConfigurationProvider } from './vscode/debug/debugConfigurationProvider';
import { registerScenarioEditing } from './vscode/scenarioEditing/scenarioEditing';
import { registerRunOnKafkaCommand } from './vscode/brokerRun/runOnKafkaCommand';
import { showComparison } from './vscode/brokerRun/brokerRunComparison';
import type { Trace } from './trace/trace';

/** When this bundle had evaluated (every module in it); the bundle's banner notes when it started. */
const bundleEvaluatedAt = performance.now();
const bundleStartedAt =
  (globalThis as { __offsetTraceBundleStart?: number }).__offsetTraceBundleStart ?? bundleEvaluatedAt;

/** Where activation time goes: ours (evaluating the bundle, running activate) and VS Code's wait in between. */
export interface ActivationTimes {
  /** Evaluating every module of dist/extension.js. */
  readonly evaluationMs: number;
  /** From the end of evaluation to the call of `activate`: VS Code preparing the extension context. */
  readonly waitBeforeActivateMs: number;
  /** Running `activate`. */
  readonly activateMs: number;
}

/** What `activate` returns: read-only views of the extension's state, for tests and other extensions. */
export interface OffsetTraceApi {
  /** The loaded scenario's name and origin, the cursor's 0-based index, the step count and playback state. */
  state(): {
    scenario: string | undefined;
    origin: TraceOrigin | undefined;
    index: number;
    totalSteps: number;
    playing: boolean;
  };
  /** The Offsets tree as its provider gives it to VS Code. */
  offsetsTree(): Promise<TreeSnapshotNode[]>;
  /**
   * The comparison the panel shows after Run Scenario on Kafka (undefined for any other trace): the
   * summary line, whether the traces agree, the differences' texts, and the rows of the side-by-side table.
   */
  comparison(): { summary: string; agree: boolean; differences: string[]; totalRows: number } | undefined;
  /**
   * Shows a built-in scenario's simulated trace side by side with `observed` as if a broker had produced
   * it (what Run Scenario on Kafka shows after a run; tests use it to show differences on purpose).
   */
  openComparison(scenarioName: string, observed: Trace): Promise<void>;
  /** Whether the execution-table panel is open, and what its webview last reported rendering. */
  panel(): { open: boolean; lastRendered: RenderedReport | undefined };
  /** Resolves with the first render report that satisfies `predicate` (rejects after `timeoutMs`). */
  waitForPanelRender(predicate: (report: RenderedReport) => boolean, timeoutMs: number): Promise<RenderedReport>;
  /** Restores a panel from saved webview state, exactly as VS Code's serializer does after a reload. */
  restorePanel(panel: vscode.WebviewPanel, state: unknown): void;
  /** Runs a scenario (a built-in one or any other) and shows it in the panel, as Open Scenario does. */
  openScenario(scenario: Scenario): void;
  /** The groups of a configured cluster as the Clusters tree shows them (loads them if needed). */
  clusterGroups(clusterName: string): Promise<GroupEntry[]>;
  /** The Clusters tree as its provider gives it to VS Code (loading what is needed). */
  clustersTree(): Promise<ClustersSnapshotNode[]>;
  /** Opens the Inspect Group panel of a group. */
  inspectGroup(clusterName: string, groupId: string): void;
  /** Resolves with the first render of a group panel that satisfies `predicate` (rejects after `timeoutMs`). */
  waitForGroupRender(
    predicate: (report: GroupRenderedReport) => boolean,
    timeoutMs: number,
  ): Promise<GroupRenderedReport>;
  /** Whether the Kafka client has been loaded (it is loaded on first use, never at activation). */
  kafkaClientLoaded(): boolean;
  /** Opens a scenario or trace file in the panel, as Open Scenario… and Open Trace File… do. */
  openFile(file: string): Promise<void>;
  /** The step (0-based) the followed debug session is at, if one is running. */
  debugStep(): number | undefined;
  /** Resolves with the first debug stop (0-based step) that satisfies `predicate` (rejects after `timeoutMs`). */
  waitForDebugStop(predicate: (index: number) => boolean, timeoutMs: number): Promise<number>;
  /** The group recordings in progress and the status bar item's text and tooltip (undefined when none). */
  recordings(): { running: RecordingView[]; status: { text: string; tooltip: string } | undefined };
  /** Milliseconds of the extension's own work at activation: evaluating the bundle plus running `activate`. */
  readonly activationMs: number;
  /** The parts of activation, VS Code's wait between loading the bundle and calling `activate` included. */
  readonly activationTimes: ActivationTimes;
}

export function activate(context: vscode.ExtensionContext): OffsetTraceApi {
  const activateStartedAt = performance.now();
  const session = new TraceSession();
  context.subscriptions.push(session);
  const tree = OffsetsTreeProvider.register(context, session);
  ExecutionTablePanel.register(context, session);
  const connections = new ClusterConnections(context.secrets);
  context.subscriptions.push(connections);
  const clustersTree = ClustersTreeProvider.register(context, connections);
  GroupInspectorPanel.register(context, connections);
  registerClusterCommands(context, connections, clustersTree);
  registerOffsetCommands(context, connections, clustersTree);
  const recordings = GroupRecordings.register(context, connections);
  const offsetDebugger = OffsetDebugger.register(context, session, () =>
    ExecutionTablePanel.show(context, session, { beside: true }),
  );
  OffsetDebugConfigurationProvider.register(context);

  const showScenario = (scenario: Scenario): void => {
    session.load(scenario);
    ExecutionTablePanel.show(context, session);
  };
  const openScenario = (name: string): void => {
    const scenario = findScenario(name);
    if (!scenario) {
      void vscode.window.showErrorMessage(`Kafka Offsets: unknown scenario "${name}".`);
      return;
    }
    showScenario(scenario);
  };
  /** Opens a scenario or trace file in the panel; a bad file's diagnostics are shown, nothing is lost. */
  const openFile = async (file: string): Promise<void> => {
    try {
      await loadFile(session, file);
      ExecutionTablePanel.show(context, session);
    } catch (error) {
      void vscode.window.showErrorMessage(`Kafka Offsets: cannot open ${file}:\n${loadFailureText(error)}`, {
        modal: false,
      });
    }
  };
  registerScenarioEditing(context, { runFile: (uri) => openFile(uri.fsPath) });
  registerRunOnKafkaCommand({
    context,
    session,
    connections,
    showPanel: () => ExecutionTablePanel.show(context, session),
  });
  const withCursor = (action: (cursor: NonNullable<TraceSession['loaded']>['cursor']) => void) => () => {
    const loaded = session.loaded;
    if (!loaded) {
      void vscode.window.showInformationMessage('Kafka Offsets: run the demo or open a scenario first.');
      return;
    }
    action(loaded.cursor);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(commandIds.runDemo, () => openScenario(defaultScenarioName)),
    vscode.commands.registerCommand(commandIds.openScenario, async (name?: unknown) => {
      if (typeof name === 'string') {
        openScenario(name);
        return;
      }
      if (name instanceof vscode.Uri) {
        await openFile(name.fsPath);
        return;
      }
      const picked = await pickScenario(
        'Kafka Offsets: Open Scenario',
        'Pick a built-in scenario or a scenario file of the workspace',
      );
      if (picked && 'builtIn' in picked) openScenario(picked.builtIn);
      else if (picked) await openFile(picked.file.fsPath);
    }),
    vscode.commands.registerCommand(commandIds.openTraceFile, async (target?: unknown) => {
      let uri = target instanceof vscode.Uri ? target : undefined;
      if (!uri) {
        const document = vscode.window.activeTextEditor?.document;
        if (document && /\.offsets-trace\.jsonl$/i.test(document.fileName)) uri = document.uri;
      }
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Kafka Offsets: Open Trace File',
          canSelectMany: false,
          filters: { 'Trace files': ['jsonl'], 'Scenario files': ['yaml', 'yml'] },
        });
        uri = picked?.[0];
      }
      if (uri) await openFile(uri.fsPath);
    }),
    vscode.commands.registerCommand(
      commandIds.step,
      withCursor((cursor) => cursor.step()),
    ),
    vscode.commands.registerCommand(
      commandIds.stepBack,
      withCursor((cursor) => cursor.stepBack()),
    ),
    vscode.commands.registerCommand(
      commandIds.togglePlay,
      withCursor((cursor) => cursor.togglePlay()),
    ),
    vscode.commands.registerCommand(
      commandIds.first,
      withCursor((cursor) => cursor.first()),
    ),
    vscode.commands.registerCommand(
      commandIds.last,
      withCursor((cursor) => cursor.last()),
    ),
    vscode.commands.registerCommand(commandIds.exportTrace, () => exportTrace(session)),
  );

  if (vscode.workspace.getConfiguration(settingIds.section).get<boolean>(settingIds.openDemoOnStartup, false)) {
    if (!session.loaded) {
      openScenario(defaultScenarioName);
      void vscode.commands.executeCommand(`workbench.view.extension.${viewIds.container}`);
    }
  }

  const activationTimes: ActivationTimes = {
    evaluationMs: bundleEvaluatedAt - bundleStartedAt,
    waitBeforeActivateMs: activateStartedAt - bundleEvaluatedAt,
    activateMs: performance.now() - activateStartedAt,
  };
  const activationMs = activationTimes.evaluationMs + activationTimes.activateMs;
  return {
    activationMs,
    activationTimes,
    openScenario: (scenario) => {
      try {
        showScenario(scenario);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Kafka Offsets: scenario "${scenario.name}" is invalid: ${message}`);
        throw error;
      }
    },
    openFile,
    recordings: () => ({ running: recordings.views(), status: recordings.status() }),
    debugStep: () => offsetDebugger.currentStep,
    waitForDebugStop: (predicate, timeoutMs) =>
      waitForEvent(offsetDebugger.onDidStop, predicate, timeoutMs, offsetDebugger.currentStep),
    state: () => ({
      scenario: session.loaded?.trace.source.name,
      origin: session.loaded?.origin,
      index: session.loaded?.cursor.index ?? 0,
      totalSteps: session.loaded?.trace.steps.length ?? 0,
      playing: session.loaded?.cursor.playing ?? false,
    }),
    offsetsTree: () => tree.snapshot(),
    openComparison: async (scenarioName, observed) => {
      await showComparison(session, scenarioName, observed, context.globalStorageUri.fsPath);
      ExecutionTablePanel.show(context, session);
    },
    comparison: () => {
      const comparison = session.loaded?.comparison;
      return (
        comparison && {
          summary: comparison.summary(),
          agree: comparison.agree,
          differences: comparison.result.differences.map((d) => d.text),
          totalRows: comparison.totalRows,
        }
      );
    },
    panel: () => ({ open: ExecutionTablePanel.isOpen, lastRendered: ExecutionTablePanel.lastRendered }),
    waitForPanelRender: (predicate, timeoutMs) =>
      waitForEvent(ExecutionTablePanel.onDidRender, predicate, timeoutMs, ExecutionTablePanel.lastRendered),
    clusterGroups: (clusterName) => clustersTree.groups(clusterName),
    clustersTree: () => clustersTree.snapshot(),
    inspectGroup: (clusterName, groupId) => {
      GroupInspectorPanel.show(context, connections, clusterName, groupId);
    },
    waitForGroupRender: (predicate, timeoutMs) => waitForEvent(GroupInspectorPanel.onDidRender, predicate, timeoutMs),
    kafkaClientLoaded: () => isKafkaClientLoaded(),
    restorePanel: (panel, state) => {
      ExecutionTablePanel.restore(context, session, panel, state);
    },
  };
}

/** Resolves with the first event (or the `last` one already seen) that satisfies `predicate`. */
function waitForEvent<T>(
  event: vscode.Event<T>,
  predicate: (value: T) => boolean,
  timeoutMs: number,
  last?: T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (last !== undefined && predicate(last)) {
      resolve(last);
      return;
    }
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the expected render was not reported within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

async function exportTrace(session: TraceSession): Promise<void> {
  const loaded = session.loaded;
  if (!loaded) {
    void vscode.window.showInformationMessage('Kafka Offsets: run the demo or open a scenario first.');
    return;
  }
  const format = await vscode.window.showQuickPick(
    [
      { label: 'Trace file (JSON Lines)', extension: 'offsets-trace.jsonl', filter: 'jsonl' },
      { label: 'Markdown', extension: 'md', filter: 'md' },
      { label: 'CSV', extension: 'csv', filter: 'csv' },
    ],
    { title: 'Kafka Offsets: Export Trace', placeHolder: 'Export the trace as' },
  );
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${loaded.trace.source.name}.${format.extension}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [format.label]: [format.filter] },
    title: 'Export Trace',
  });
  if (!target) return;
  try {
    if (format.filter === 'jsonl') {
      await writeTraceFile(target.fsPath, loaded.trace, traceFileOrigin(loaded.origin, loaded.trace.source.name));
    } else {
      const columns = columnsFor(loaded.trace, true);
      const text =
        format.extension === 'md'
          ? `# ${loaded.trace.source.title}\n\n${loaded.trace.source.summary}\n\n${toMarkdownTable(loaded.trace.steps, columns)}\n`
          : `${toCsv(loaded.trace.steps, columns)}\r\n`;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    }
    void vscode.window.showInformationMessage(
      `Kafka Offsets: exported ${loaded.trace.steps.length} steps to ${target.fsPath}.`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Kafka Offsets: could not write ${target.fsPath}: ${message}`);
  }
}

/** What a trace file's header says of a loaded trace's origin. */
function traceFileOrigin(origin: TraceOrigin, name: string): TraceFileOrigin {
  switch (origin.kind) {
    case 'built-in':
      return { kind: 'scenario', name, builtIn: true };
    case 'scenario-file':
    case 'debug-session':
      return { kind: 'scenario', name, file: origin.file };
    case 'recording':
      return { kind: 'recording', file: origin.file };
    case 'broker-run':
      return { kind: 'broker-run', file: origin.file };
    case 'trace-file':
      // The trace file's own header is not kept: the copy names the scenario only.
      return { kind: 'scenario', name };
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
