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
import { readGroupExtras } from '../../liveGroups/groupExtras';
import { groupRecordAgeTooltip, recordAges } from '../../liveGroups/timeLag';
import { groupSummary, isDescribableListing, type GroupEntry } from '../../liveGroups/groupEntry';
import type { GroupType } from '../../kafka/kafkaModel';
import { memberTreeRows, partitionTreeRows, type GroupTreeRow } from '../../liveGroups/groupTreeRows';
import { commandIds, settingIds, viewIds } from '../contributions';
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

/** The most groups described at once. */
const describeConcurrency = 8;

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
  private readonly inFlight = new Set<string>();
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
      connections.onDidChange(() => this.refresh()),
    );
  }

  /** Forgets what was loaded (of one cluster, or all) and asks the view to load again. */
  refresh(clusterName?: string): void {
    if (clusterName) this.cache.delete(clusterName);
    else this.cache.clear();
    this.changedEmitter.fire(undefined);
  }

  /** The groups of a cluster (loading them if needed), for the API, tests and Inspect Group's picker. */
  async groups(clusterName: string): Promise<GroupEntry[]> {
    const cluster = this.connections.cluster(clusterName);
    if (!cluster) throw new Error(`no cluster named "${clusterName}"`);
    const nodes = await this.load(cluster);
    const error = nodes.find((n) => n.kind === 'error');
    if (error && error.kind === 'error') throw new Error(error.message);
    return nodes.flatMap((n) => (n.kind === 'group' ? [n.group] : []));
  }

  getChildren(node?: ClustersNode): ClustersNode[] | Promise<ClustersNode[]> {
    if (!node) return this.connections.clusters().map((cluster) => ({ kind: 'cluster', cluster }));
    switch (node.kind) {
      case 'cluster':
        return this.load(node.cluster);
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
        item.tooltip = group.error
          ? `Describe failed: ${group.error}`
          : [
              `${groupTypeTitle[group.listing.type]} ${group.listing.groupId}: ${groupSummary(group)}`,
              ...(group.burrow ? [burrowExplanation(group.burrow)] : []),
              ...(group.recordAges ? [groupRecordAgeTooltip(group.recordAges)] : []),
            ]
              .filter((line) => line !== undefined)
              .join('\n');
        item.iconPath = new vscode.ThemeIcon(group.error ? 'warning' : 'organization');
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
        // A failure is not kept: the next look (or the retry item) tries again. A newer load stays.
        if (nodes[0]?.kind === 'error' && this.cache.get(cluster.name) === loading) this.cache.delete(cluster.name);
        return nodes;
      })
      .finally(() => {
        this.inFlight.delete(cluster.name);
        this.loadedEmitter.fire(cluster.name);
      });
    this.inFlight.add(cluster.name);
    this.cache.set(cluster.name, loading);
    return loading;
  }

  private async fetch(cluster: ClusterSetting): Promise<ClustersNode[]> {
    const deadline = this.connections.timeoutMs() + 5000;
    const startedAt = performance.now();
    const log = this.connections.log.scoped(cluster.name);
    try {
      const inspector = await this.connections.inspector(cluster);
      const listings = await withDeadline(inspector.listGroups(), deadline, `listing the groups of ${cluster.name}`);
      if (listings.length === 0) {
        log.info(`Clusters view: no consumer groups (${Math.round(performance.now() - startedAt)} ms)`);
        return [{ kind: 'info', cluster: cluster.name, message: 'No groups' }];
      }
      const entries: GroupEntry[] = new Array(listings.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < listings.length) {
          const index = next++;
          const listing = listings[index];
          if (!isDescribableListing(listing)) {
            // A classic group of another protocol (Kafka Connect's workers, …) has no offsets to show.
            entries[index] = { cluster: cluster.name, listing };
            continue;
          }
          try {
            const description = await withDeadline(
              inspector.describeAnyGroup(listing.groupId, listing.type),
              deadline,
              `describing group ${listing.groupId}`,
            );
            const key = `${cluster.name}\u0000${listing.groupId}`;
            // Time lag and Burrow's commits are extras: one that fails is left out and the group is still shown.
            const extras = await readGroupExtras(inspector, description, (operation, what) =>
              withDeadline(operation, deadline, what),
            );
            if (extras.timestampsError !== undefined) {
              log.warn(`time lag of ${listing.groupId}: ${errorSummary(extras.timestampsError)}`);
            }
            // Burrow-like from the samples instead; said once per cluster in the log.
            if (extras.commitLogError !== undefined && !this.commitLogProblems.has(cluster.name)) {
              this.commitLogProblems.add(cluster.name);
              log.warn(`Burrow falls back to samples: ${errorSummary(extras.commitLogError)}`);
            }
            const now = Date.now();
            this.burrow.observe(key, description, now, extras.commitLog);
            const burrow = this.burrow.evaluate(key, now);
            const recordAgesByPartition = recordAges(description, extras.timestamps, now);
            entries[index] = {
              cluster: cluster.name,
              listing,
              description,
              recordAges: recordAgesByPartition,
              ...(burrow ? { burrow } : {}),
            };
          } catch (error) {
            entries[index] = { cluster: cluster.name, listing, error: errorText(error) };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(describeConcurrency, listings.length) }, worker));
      const failed = entries.filter((entry) => entry.error !== undefined).length;
      log.info(
        `Clusters view: ${listings.length} group${listings.length === 1 ? '' : 's'} listed and described in ` +
          `${Math.round(performance.now() - startedAt)} ms${failed > 0 ? ` (${failed} describe${failed === 1 ? '' : 's'} failed)` : ''}`,
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
