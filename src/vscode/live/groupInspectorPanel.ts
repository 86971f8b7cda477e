// The Inspect Group panel: one webview per (cluster, group) that describes the group every N
// seconds while visible, keeps the lag samples taken while it is open, and is restored after a reload.
// Inspection is read-only: it never joins the group, commits or triggers a rebalance.

import * as vscode from 'vscode';
import { errorText } from '../../liveGroups/errorText';
import { isKafkaOperationError, type KafkaErrorKind } from '../../kafka/kafkaErrors';
import { addSample, groupSnapshot } from '../../liveGroups/groupSnapshot';
import { readGroupExtras } from '../../liveGroups/groupExtras';
import { recordAges } from '../../liveGroups/timeLag';
import { BurrowTracker } from '../../liveGroups/burrowTracker';
import type { LagSample } from '../../liveGroups/lagEstimate';
import {
  isGroupPanelState,
  isGroupPanelToHostMessage,
  type GroupPanelToHostMessage,
  type HostToGroupPanelMessage,
} from '../../panel/groupPanelMessages';
import { groupPanelViewType, settingIds } from '../contributions';
import { withDeadline, type ClusterConnections } from './clusterConnections';
import { panelPageResources, panelWebviewOptions } from '../webviewPanels/panelResources';
import { groupPanelHtml } from '../../panel/webviewHtml';
import { visibleText } from '../../common/visibleText';

/** What the group webview last reported rendering (for tests and the extension's API). */
export type GroupRenderedReport = Extract<GroupPanelToHostMessage, { type: 'rendered' }>;

/** Failures that mean the cluster cannot be reached (rather than this group or request failing). */
const disconnectedKinds: ReadonlySet<KafkaErrorKind> = new Set([
  'unreachable',
  'brokerDisconnected',
  'timeout',
  'notKafka',
]);

export class GroupInspectorPanel implements vscode.Disposable {
  private static readonly open = new Map<string, GroupInspectorPanel>();
  private static readonly renderedEmitter = new vscode.EventEmitter<GroupRenderedReport>();
  static readonly onDidRender = GroupInspectorPanel.renderedEmitter.event;

  private samples: LagSample[] = [];
  /** The newest lag point the webview has (undefined: none yet, send the whole history). */
  private sentUpToMs: number | undefined;
  /** Burrow's windows of this group, from the panel's refreshes. */
  private readonly burrow = new BurrowTracker();
  private timer: ReturnType<typeof setInterval> | undefined;
  private refreshing = false;
  private ready = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  static register(context: vscode.ExtensionContext, connections: ClusterConnections): void {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(groupPanelViewType, {
        deserializeWebviewPanel: async (panel, state) => {
          if (!isGroupPanelState(state)) {
            panel.dispose();
            return;
          }
          GroupInspectorPanel.create(context, connections, state.cluster, state.groupId, panel);
        },
      }),
      GroupInspectorPanel.renderedEmitter,
      { dispose: () => [...GroupInspectorPanel.open.values()].forEach((p) => p.dispose()) },
    );
  }

  /** Opens (or reveals) the panel of a group. */
  static show(
    context: vscode.ExtensionContext,
    connections: ClusterConnections,
    cluster: string,
    groupId: string,
  ): GroupInspectorPanel {
    const existing = GroupInspectorPanel.open.get(`${cluster}\u0000${groupId}`);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      groupPanelViewType,
      `Group ${visibleText(groupId)}`,
      vscode.ViewColumn.Active,
      panelWebviewOptions(context.extensionUri),
    );
    return GroupInspectorPanel.create(context, connections, cluster, groupId, panel);
  }

  private static create(
    context: vscode.ExtensionContext,
    connections: ClusterConnections,
    cluster: string,
    groupId: string,
    panel: vscode.WebviewPanel,
  ): GroupInspectorPanel {
    panel.webview.options = panelWebviewOptions(context.extensionUri);
    const inspector = new GroupInspectorPanel(context, connections, cluster, groupId, panel);
    GroupInspectorPanel.open.set(`${cluster}\u0000${groupId}`, inspector);
    return inspector;
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly connections: ClusterConnections,
    private readonly cluster: string,
    private readonly groupId: string,
    private readonly panel: vscode.WebviewPanel,
  ) {
    const webview = panel.webview;
    panel.title = `Group ${visibleText(groupId)}`;
    webview.html = groupPanelHtml(panelPageResources(panel, context.extensionUri));
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => this.schedule()),
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${settingIds.section}.${settingIds.refreshIntervalSeconds}`)) this.schedule();
      }),
    );
    this.schedule();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    GroupInspectorPanel.open.delete(`${this.cluster}\u0000${this.groupId}`);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }

  /** Seconds between refreshes; 0 means on demand only (the Refresh button). */
  private refreshSeconds(): number {
    const seconds = vscode.workspace
      .getConfiguration(settingIds.section)
      .get<number>(settingIds.refreshIntervalSeconds, 10);
    return seconds > 0 ? Math.max(seconds, 1) : 0;
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = this.refreshSeconds();
    if (this.disposed || !this.panel.visible || seconds === 0) return;
    this.timer = setInterval(() => void this.refresh(), seconds * 1000);
  }

  private receive(message: unknown): void {
    if (!isGroupPanelToHostMessage(message)) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sentUpToMs = undefined; // a (re)loaded webview has no points: send them all

        void this.refresh();
        return;
      case 'refresh':
        void this.refresh();
        return;
      case 'rendered':
        GroupInspectorPanel.renderedEmitter.fire(message);
        return;
    }
  }

  private async refresh(): Promise<void> {
    if (this.refreshing || !this.ready || this.disposed) return;
    this.refreshing = true;
    try {
      const cluster = this.connections.cluster(this.cluster);
      if (!cluster) throw new Error(`the cluster "${this.cluster}" is no longer configured`);
      const inspector = await this.connections.inspector(cluster);
      const description = await withDeadline(
        inspector.describeAnyGroup(this.groupId),
        this.connections.timeoutMs() + 5000,
        `describing group ${this.groupId}`,
      );
      // Time lag and Burrow's commits are extras: when one cannot be read the rest is still shown
      // (Burrow-like from the panel's samples instead of the commits).
      const extras = await readGroupExtras(inspector, description, (operation, what) =>
        withDeadline(operation, this.connections.timeoutMs() + 5000, what),
      );
      const now = Date.now();
      this.burrow.observe('group', description, now, extras.commitLog);
      this.samples = addSample(this.samples, description, now);
      this.post(
        groupSnapshot(
          this.cluster,
          description,
          this.samples,
          this.refreshSeconds(),
          recordAges(description, extras.timestamps, now),
          this.burrow.evaluate('group', now),
          this.sentUpToMs,
        ),
      );
      this.sentUpToMs = now;
    } catch (error) {
      this.post({
        type: 'error',
        cluster: this.cluster,
        groupId: this.groupId,
        message: errorText(error),
        atMs: Date.now(),
        disconnected: isKafkaOperationError(error) && disconnectedKinds.has(error.kind),
        retrySeconds: this.refreshSeconds(),
      });
    } finally {
      this.refreshing = false;
    }
  }

  private post(message: HostToGroupPanelMessage): void {
    // A refresh may end after the panel was closed: then there is no one to tell.
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }
}
