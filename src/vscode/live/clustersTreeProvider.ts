// The Clusters tree: cluster → consumer groups (state, protocol, members, total lag) → the group's
// partitions (committed, log-end, lag, owner) and members (id, client, host, partitions). Refreshed
// every N seconds while visible and on demand; failures show as an error item with a retry action (the
// default localhost:9092 with nothing on it also offers to start a local Kafka or add a cluster).

import * as vscode from 'vscode';
import type { ClusterSetting } from '../../liveGroups/clusterSettings';
import {
  clusterProblemItems,
  type ClusterProblemAction,
  type ClusterProblemItem,
} from '../../liveGroups/clusterProblems';
import { errorText } from '../../liveGroups/errorText';
import { errorSummary } from '../../kafka/kafkaLogger';
import { isKafkaOperationError } from '../../kafka/kafkaErrors';
import { BurrowTracker, burrowExplanation } from '../../liveGroups/burrowTracker';
import { extrasGroupLimit, loadClusterGroups } from '../../liveGroups/clusterGroupsLoad';
import { groupRecordAgeTooltip } from '../../liveGroups/timeLag';
import { groupSummary, type GroupEntry } from '../../liveGroups/groupEntry';
import type { GroupType } from '../../kafka/kafkaModel';
import { memberTreeRows, partitionTreeRows, type GroupTreeRow } from '../../liveGroups/groupTreeRows';
import { commandIds, contextKeys, settingIds, viewIds } from '../contributions';
import { withDeadline, type ClusterConnections } from './clusterConnections';
import { visibleText } from '../../common/visibleText';

/** A group as the tree shows it (defined in src/liveGroups; named from here by extension.ts). */
export type { GroupEntry } from '../../liveGroups/groupEntry';

/** A node of the tree. */
export type ClustersNode =
  | { readonly kind: 'cluster'; readonly cluster: ClusterSetting }
  | { readonly kind: 'group'; readonly group: GroupEntry }
  | { readonly kind: 'partitions' | 'members'; readonly group: GroupEntry }
  | { readonly kind: 'partition' | 'member'; readonly group: GroupEntry; readonly row: GroupTreeRow }
  | {
      readonly kind: 'error';
      readonly cluster: string;
      /** The failure, in one line (what `groups()` rejects with). */
      readonly message: string;
      /** How the item looks: the message, or (default local cluster) that nothing answers there. */
      readonly item: ClusterProblemItem;
    }
  | { readonly kind: 'action'; readonly cluster: string; readonly item: ClusterProblemItem }
  | { readonly kind: 'info'; readonly cluster: string; readonly message: string };

/** The command behind a problem item's action. */
const actionCommands: Record<ClusterProblemAction, string> = {
  retry: commandIds.refreshClusters,
  localKafkaHelp: commandIds.localKafkaHelp,
  addCluster: commandIds.addCluster,
};

/** How a group's tooltip names its type. */
const groupTypeTitle: Record<GroupType, string> = {
  classic: 'Consumer group (classic protocol)',
  consumer: 'Consumer group (consumer protocol, KIP-848)',
  share: 'Share group (KIP-932)',
  streams: 'Streams group (KIP-1071)',
};

export class ClustersTreeProvider implements vscode.TreeDataProvider<ClustersNode>, vscode.Disposable {
  private readonly changedEmitter = new vscode.EventEmitter<ClustersNode | undefined>();
  readonly onDidChangeTreeData = this.changedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changedEmitter];
  private readonly cache = new Map<string, Promise<ClustersNode[]>>();
  /** Burrow's windows, fed by every refresh of the groups. */
  private readonly burrow = new BurrowTracker();
  /** Clusters whose __consumer_offsets could not be read (logged once each). */
  private readonly commitLogProblems = new Set<string>();
  /** Clusters whose groups are being loaded: a periodic refresh skips them instead of piling up loads. */
  private readonly inFlight = new Map<string, Promise<ClustersNode[]>>();
  /** Clusters whose refresh was asked for while a load ran: loaded again once it ends. */
  private readonly pendingReload = new Set<string>();
  /** What each cluster showed after its last load: shown again while the next one runs. */
  private readonly shown = new Map<string, ClustersNode[]>();
  /** Each cluster's groups as last read, and when: kept, marked stale, while the cluster fails. */
  private readonly lastRead = new Map<string, { nodes: ClustersNode[]; readAt: number }>();
  /** Clusters whose view got older nodes while a load ran: told to look again when it ends. */
  private readonly servedMeanwhile = new Set<string>();
  /** A first load's listing, shown until its describes are done. */
  private readonly listed = new Map<string, ClustersNode[]>();
  /** Only groups whose id contains this are shown (case-insensitive); '' shows all. */
  private filter = '';
  private view: vscode.TreeView<ClustersNode> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly loadedEmitter = new vscode.EventEmitter<string>();
  /** Fires with a cluster's name each time its groups finished loading (for tests and the API). */
  readonly onDidLoadCluster = this.loadedEmitter.event;

  static register(context: vscode.ExtensionContext, connections: ClusterConnections): ClustersTreeProvider {
    const provider = new ClustersTreeProvider(connections);
    provider.view = vscode.window.createTreeView(viewIds.clusters, {
      treeDataProvider: provider,
      showCollapseAll: true,
    });
    provider.disposables.push(
      provider.view,
      provider.view.onDidChangeVisibility(() => provider.scheduleRefresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${settingIds.section}.${settingIds.refreshIntervalSeconds}`)) {
          provider.scheduleRefresh();
        }
      }),
    );
    provider.scheduleRefresh();
    context.subscriptions.push(provider);
    return provider;
  }

  private constructor(private readonly connections: ClusterConnections) {
    this.disposables.push(
      this.loadedEmitter,
      connections.onDidChange(() => {
        // a cluster removed, renamed or pointed elsewhere keeps nothing of what was read from it
        for (const map of [this.shown, this.lastRead, this.listed]) map.clear();
        this.refresh();
      }),
    );
  }

  /** Forgets what was loaded (of one cluster, or all) and asks the view to load again. */
  refresh(clusterName?: string): void {
    for (const name of clusterName ? [clusterName] : [...this.cache.keys()]) {
      // one load per cluster at a time: a refresh asked for meanwhile follows it
      if (this.inFlight.has(name)) this.pendingReload.add(name);
      else this.cache.delete(name);
    }
    this.changedEmitter.fire(undefined);
  }

  /** The groups of a cluster (loading them if needed), for the API, tests and Inspect Group's picker. */
  async groups(clusterName: string): Promise<GroupEntry[]> {
    const cluster = this.connections.cluster(clusterName);
    if (!cluster) throw new Error(`no cluster named "${clusterName}"`);
    let nodes = await this.load(cluster);
    // a refresh asked for while that load ran: the load that follows it
    if (!this.cache.has(cluster.name)) nodes = await this.load(cluster);
    const error = nodes.find((n) => n.kind === 'error');
    if (error && error.kind === 'error') throw new Error(error.message);
    return nodes.flatMap((n) => (n.kind === 'group' ? [n.group] : []));
  }

  getChildren(node?: ClustersNode): ClustersNode[] | Promise<ClustersNode[]> {
    if (!node) return this.connections.clusters().map((cluster) => ({ kind: 'cluster', cluster }));
    switch (node.kind) {
      case 'cluster':
        return this.clusterChildren(node.cluster);
      case 'group':
        return node.group.description
          ? [
              { kind: 'partitions', group: node.group },
              { kind: 'members', group: node.group },
            ]
          : [];
      case 'partitions': {
        const { description } = node.group;
        return description
          ? partitionTreeRows(description, undefined, node.group.burrow, node.group.recordAges).map((row) => ({
              kind: 'partition',
              group: node.group,
              row,
            }))
          : [];
      }
      case 'members': {
        const { description } = node.group;
        return description
          ? memberTreeRows(description).map((row) => ({ kind: 'member', group: node.group, row }))
          : [];
      }
      default:
        return [];
    }
  }

  getTreeItem(node: ClustersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'cluster': {
        const item = new vscode.TreeItem(node.cluster.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `cluster/${node.cluster.name}`;
        item.description =
          node.cluster.name === node.cluster.bootstrapServers ? undefined : node.cluster.bootstrapServers;
        const security = [
          node.cluster.tls?.enabled ? 'TLS' : '',
          node.cluster.sasl ? `SASL ${node.cluster.sasl.mechanism}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        item.tooltip = `${node.cluster.bootstrapServers}${security ? ` (${security})` : ''}`;
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.contextValue = 'cluster';
        return item;
      }
      case 'group': {
        const { group } = node;
        // The name as visible text: a cluster's group names may carry escapes or bidi overrides.
        const item = new vscode.TreeItem(
          visibleText(group.listing.groupId),
          group.description ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `cluster/${group.cluster}/group/${group.listing.groupId}`;
        item.description = groupSummary(group);
        const stale =
          group.staleSince !== undefined
            ? `Read ${new Date(group.staleSince).toLocaleTimeString()}, before the cluster stopped answering; refreshed again by itself.\n`
            : '';
        item.tooltip = group.error
          ? `Describe failed: ${group.error}`
          : stale +
            [
              `${groupTypeTitle[group.listing.type]} ${group.listing.groupId}: ${groupSummary(group)}`,
              ...(group.burrow ? [burrowExplanation(group.burrow)] : []),
              ...(group.recordAges ? [groupRecordAgeTooltip(group.recordAges)] : []),
            ]
              .filter((line) => line !== undefined)
              .join('\n');
        item.iconPath = new vscode.ThemeIcon(
          group.error ? 'warning' : group.staleSince !== undefined ? 'history' : 'organization',
        );
        item.contextValue = 'group';
        item.command = {
          command: commandIds.inspectGroup,
          title: 'Inspect Group',
          arguments: [{ cluster: group.cluster, groupId: group.listing.groupId }],
        };
        return item;
      }
      case 'partitions':
      case 'members': {
        const count =
          node.kind === 'partitions' ? node.group.description?.rows.length : node.group.description?.members.length;
        const item = new vscode.TreeItem(
          node.kind === 'partitions' ? 'Partitions' : 'Members',
          count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `cluster/${node.group.cluster}/group/${node.group.listing.groupId}/${node.kind}`;
        item.description = String(count ?? 0);
        item.iconPath = new vscode.ThemeIcon(node.kind === 'partitions' ? 'list-ordered' : 'person');
        return item;
      }
      case 'partition':
      case 'member': {
        const { row } = node;
        const item = new vscode.TreeItem(visibleText(row.label), vscode.TreeItemCollapsibleState.None);
        item.id = `cluster/${node.group.cluster}/group/${node.group.listing.groupId}/${node.kind === 'partition' ? 'p' : 'm'}/${row.key}`;
        item.description = row.description;
        item.tooltip = row.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.kind === 'partition' ? 'symbol-array' : 'account');
        if (node.kind === 'partition') item.contextValue = 'partition';
        return item;
      }
      case 'error':
      case 'action':
        return problemTreeItem(node.cluster, node.item);
      case 'info': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  /** The tree as the view shows it (loading what is needed), for the extension's API and tests. */
  async snapshot(): Promise<ClustersSnapshotNode[]> {
    const walk = async (node: ClustersNode): Promise<ClustersSnapshotNode> => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const children = await Promise.all((await this.getChildren(node)).map(walk));
      return {
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        command: item.command?.command,
        children,
      };
    };
    return Promise.all((await this.getChildren()).map(walk));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private load(cluster: ClusterSetting): Promise<ClustersNode[]> {
    const cached = this.cache.get(cluster.name);
    if (cached) return cached;
    const loading: Promise<ClustersNode[]> = this.fetch(cluster)
      .then((nodes) => {
        // A failure is kept like a success, until the next refresh (the timer, Retry, Refresh).
        if (this.cache.get(cluster.name) !== loading) return nodes; // a newer load's
        if (nodes.some((n) => n.kind === 'group')) {
          this.lastRead.set(cluster.name, { nodes, readAt: Date.now() });
          this.shown.set(cluster.name, nodes);
          return nodes;
        }
        if (nodes[0]?.kind !== 'error') this.lastRead.delete(cluster.name); // no groups any more
        // Kept after a failure: the groups last read, marked stale with their age, under the error.
        const last = this.lastRead.get(cluster.name);
        const shown =
          nodes[0]?.kind === 'error' && last
            ? [
                ...nodes,
                ...last.nodes.map((n): ClustersNode =>
                  n.kind === 'group' ? { kind: 'group', group: { ...n.group, staleSince: last.readAt } } : n,
                ),
              ]
            : nodes;
        this.shown.set(cluster.name, shown);
        return shown;
      })
      .finally(() => {
        if (this.inFlight.get(cluster.name) !== loading) return;
        this.listed.delete(cluster.name);
        this.inFlight.delete(cluster.name);
        this.loadedEmitter.fire(cluster.name);
        if (this.pendingReload.delete(cluster.name)) {
          this.cache.delete(cluster.name);
          this.servedMeanwhile.delete(cluster.name);
          this.changedEmitter.fire(undefined);
        } else if (this.servedMeanwhile.delete(cluster.name)) {
          // the view was shown older nodes meanwhile: now it gets these (kept, so no new load)
          this.changedEmitter.fire(undefined);
        }
      });
    this.inFlight.set(cluster.name, loading);
    this.cache.set(cluster.name, loading);
    return loading;
  }

  private async fetch(cluster: ClusterSetting): Promise<ClustersNode[]> {
    const deadline = this.connections.timeoutMs() + 5000;
    const startedAt = performance.now();
    const log = this.connections.log.scoped(cluster.name);
    try {
      const inspector = await this.connections.inspector(cluster);
      const within = <T>(operation: Promise<T>, what: string): Promise<T> => withDeadline(operation, deadline, what);
      const entries = await loadClusterGroups(inspector, cluster.name, this.burrow, within, {
        onListed: (listed) => {
          // shown at once while the describes run; a finished load replaces it
          if (this.cache.has(cluster.name) && listed.length > 0) {
            this.listed.set(
              cluster.name,
              listed.map((group): ClustersNode => ({ kind: 'group', group })),
            );
            this.changedEmitter.fire(undefined);
          }
        },
        warn: (message) => log.warn(message),
        commitLogProblem: (error) => {
          // Burrow-like from the samples instead; said once per cluster in the log.
          if (this.commitLogProblems.has(cluster.name)) return;
          this.commitLogProblems.add(cluster.name);
          log.warn(`Burrow falls back to samples: ${errorSummary(error)}`);
        },
      });
      if (entries.length === 0) {
        log.info(`Clusters view: no consumer groups (${Math.round(performance.now() - startedAt)} ms)`);
        return [{ kind: 'info', cluster: cluster.name, message: 'No groups' }];
      }
      const failed = entries.filter((entry) => entry.error !== undefined).length;
      log.info(
        `Clusters view: ${entries.length} group${entries.length === 1 ? '' : 's'} listed and described in ` +
          `${Math.round(performance.now() - startedAt)} ms${failed > 0 ? ` (${failed} describe${failed === 1 ? '' : 's'} failed)` : ''}` +
          `${entries.length > extrasGroupLimit ? `; record ages and Burrow's commit log are read in Inspect Group only (over ${extrasGroupLimit} groups)` : ''}`,
      );
      return entries.map((group) => ({ kind: 'group', group }));
    } catch (error) {
      // The Kafka layer has logged its own failures; others (settings, secrets, deadline) are logged here.
      if (!isKafkaOperationError(error)) log.warn(`Clusters view: cannot load the groups: ${errorSummary(error)}`);
      const [first, ...rest] = clusterProblemItems(cluster, error, this.connections.offersDefaultCluster());
      return [
        { kind: 'error', cluster: cluster.name, message: errorText(error), item: first },
        ...rest.map((item): ClustersNode => ({ kind: 'action', cluster: cluster.name, item })),
      ];
    }
  }

  /**
   * The children of a cluster: while a refresh runs, what was shown before (or, on the first load,
   * the listing as soon as it came) instead of a blank wait; then the loaded groups. Filtered by the
   * group filter.
   */
  private async clusterChildren(cluster: ClusterSetting): Promise<ClustersNode[]> {
    const loading = this.load(cluster);
    const meanwhile = this.inFlight.has(cluster.name)
      ? (this.listed.get(cluster.name) ?? this.shown.get(cluster.name))
      : undefined;
    if (meanwhile) this.servedMeanwhile.add(cluster.name);
    return this.filtered(cluster.name, meanwhile ?? (await loading));
  }

  /** `nodes` with only the groups whose id contains the filter (case-insensitive). */
  private filtered(clusterName: string, nodes: readonly ClustersNode[]): ClustersNode[] {
    const filter = this.filter.toLowerCase();
    if (!filter) return [...nodes];
    const groups = nodes.filter((n) => n.kind === 'group').length;
    if (groups === 0) return [...nodes];
    // an error and its actions stay whatever the filter
    const kept = nodes.filter((n) => n.kind !== 'group' || n.group.listing.groupId.toLowerCase().includes(filter));
    return kept.some((n) => n.kind === 'group')
      ? kept
      : [
          ...kept,
          {
            kind: 'info',
            cluster: clusterName,
            message: `No group matches "${visibleText(this.filter)}" (of ${groups})`,
          },
        ];
  }

  /** The group filter: only groups whose id contains `text` (case-insensitive) are shown; empty shows all. */
  setFilter(text: string): void {
    this.filter = text.trim();
    if (this.view) this.view.description = this.filter ? `filter: ${visibleText(this.filter)}` : undefined;
    void vscode.commands.executeCommand('setContext', contextKeys.groupFilter, this.filter !== '');
    this.changedEmitter.fire(undefined);
  }

  /** The current group filter ('' when none). */
  groupFilter(): string {
    return this.filter;
  }

  private scheduleRefresh(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace
      .getConfiguration(settingIds.section)
      .get<number>(settingIds.refreshIntervalSeconds, 10);
    if (!this.view?.visible || !(seconds > 0)) return;
    this.timer = setInterval(
      () => {
        for (const cluster of this.connections.clusters()) {
          if (!this.inFlight.has(cluster.name)) this.cache.delete(cluster.name);
        }
        this.changedEmitter.fire(undefined);
      },
      Math.max(seconds, 1) * 1000,
    );
  }
}

/** A problem item (error, help, Add Cluster…, Retry) under a cluster. */
function problemTreeItem(cluster: string, problem: ClusterProblemItem): vscode.TreeItem {
  const item = new vscode.TreeItem(problem.label, vscode.TreeItemCollapsibleState.None);
  item.description = problem.description;
  item.tooltip = problem.tooltip;
  item.iconPath = new vscode.ThemeIcon(
    problem.icon,
    problem.isError ? new vscode.ThemeColor('errorForeground') : undefined,
  );
  item.contextValue = problem.isError ? 'error' : 'help';
  if (problem.action) {
    item.command = {
      command: actionCommands[problem.action],
      title: problem.label,
      arguments: problem.action === 'retry' ? [cluster] : [],
    };
  }
  return item;
}

/** One node of {@link ClustersTreeProvider.snapshot}. */
export interface ClustersSnapshotNode {
  readonly label: string;
  readonly description: string | undefined;
  readonly command: string | undefined;
  readonly children: readonly ClustersSnapshotNode[];
}
