// The extension's entry point: registers the commands, the Offsets tree and the panel, and
// returns a small API (used by the tests inside VS Code) to read what the views show.

import * as vscode from 'vscode';
import type { Scenario } from './simulator/model';
import { builtInScenarios, defaultScenarioName, findScenario } from './scenarios/builtInScenarios';
import { columnsFor, toCsv, toMarkdownTable } from './trace/executionTable';
import { commandIds, settingIds, viewIds } from './vscode/contributions';
import { ExecutionTablePanel, type RenderedReport } from './vscode/trace/executionTablePanel';
import { TraceSession } from './vscode/trace/traceSession';
import { OffsetsTreeProvider, type TreeSnapshotNode } from './vscode/trace/offsetsTreeProvider';
import { ClusterConnections } from './vscode/live/clusterConnections';
import { registerClusterCommands } from './vscode/live/clusterCommands';
import { registerOffsetCommands } from './vscode/live/offsetCommands';
import { GroupInspectorPanel, type GroupRenderedReport } from './vscode/live/groupInspectorPanel';
import { ClustersTreeProvider, type ClustersSnapshotNode, type GroupEntry } from './vscode/live/clustersTreeProvider';
import { isKafkaClientLoaded } from './kafka/kafkaClientLoader';

/** When this bundle started to evaluate: activation time is measured from here. */
const bundleEvaluatedAt = performance.now();

/** What `activate` returns: read-only views of the extension's state, for tests and other extensions. */
export interface OffsetTraceApi {
  /** The loaded scenario's name, the cursor's 0-based index, the step count and playback state. */
  state(): { scenario: string | undefined; index: number; totalSteps: number; playing: boolean };
  /** The Offsets tree as its provider gives it to VS Code. */
  offsetsTree(): Promise<TreeSnapshotNode[]>;
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
  /** Milliseconds from the start of this bundle's evaluation to the end of `activate`. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): OffsetTraceApi {
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
      const picked = await vscode.window.showQuickPick(
        builtInScenarios.map((scenario) => ({
          label: scenario.name,
          description: scenario.title,
          detail: scenario.summary,
        })),
        { title: 'Kafka Offsets: Open Scenario', placeHolder: 'Pick a built-in scenario', matchOnDetail: true },
      );
      if (picked) openScenario(picked.label);
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

  const activationMs = performance.now() - bundleEvaluatedAt;
  return {
    activationMs,
    openScenario: (scenario) => {
      try {
        showScenario(scenario);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Kafka Offsets: scenario "${scenario.name}" is invalid: ${message}`);
        throw error;
      }
    },
    state: () => ({
      scenario: session.loaded?.scenarioName,
      index: session.loaded?.cursor.index ?? 0,
      totalSteps: session.loaded?.trace.steps.length ?? 0,
      playing: session.loaded?.cursor.playing ?? false,
    }),
    offsetsTree: () => tree.snapshot(),
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
      { label: 'Markdown', extension: 'md' },
      { label: 'CSV', extension: 'csv' },
    ],
    { title: 'Kafka Offsets: Export Trace', placeHolder: 'Export the execution table as' },
  );
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${loaded.scenarioName}.${format.extension}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [format.label]: [format.extension] },
    title: 'Export Trace',
  });
  if (!target) return;
  const columns = columnsFor(loaded.trace, true);
  const text =
    format.extension === 'md'
      ? `# ${loaded.trace.source.title}\n\n${loaded.trace.source.summary}\n\n${toMarkdownTable(loaded.trace.steps, columns)}\n`
      : `${toCsv(loaded.trace.steps, columns)}\r\n`;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(
      `Kafka Offsets: exported ${loaded.trace.steps.length} steps to ${target.fsPath}.`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Kafka Offsets: could not write ${target.fsPath}: ${message}`);
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
