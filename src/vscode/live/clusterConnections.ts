// The configured clusters and one Kafka inspector per cluster, created on first use (which is when
// the Kafka client is loaded) and closed when settings change or the extension stops. Glue: it reads
// settings and SecretStorage and hands plain options to src/kafka, with a logger of the extension's log.

import * as vscode from 'vscode';
import { runWithDeadline } from '../../common/deadline';
import {
  connectionOptions,
  localCluster,
  readClusterSettings,
  secretKey,
  type ClusterSetting,
} from '../../liveGroups/clusterSettings';
import { loadKafkaClient } from '../../kafka/kafkaClientLoader';
import type { KafkaInspector } from '../../kafka/kafkaClient';
import type { KafkaOffsetEditor } from '../../kafka/offsetEditorTypes';
import { errorSummary } from '../../kafka/kafkaLogger';
import { defaultTimeoutMs, type KafkaConnectionOptions } from '../../kafka/kafkaModel';
import { settingIds } from '../contributions';
import { ExtensionLog } from '../logging/extensionLog';

export class ClusterConnections implements vscode.Disposable {
  private readonly inspectors = new Map<string, Promise<KafkaInspector>>();
  private readonly editors = new Map<string, Promise<KafkaOffsetEditor>>();
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  /** Fires when the configured clusters or the connection settings change. */
  readonly onDidChange = this.changedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changedEmitter];
  private reportedProblems = '';
  /** The extension's log ("Kafka Offsets: Show Log"); Kafka requests, connections and errors go there. */
  readonly log: ExtensionLog;

  /** `log` defaults to a new one, which these connections then own (and dispose). */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    log?: ExtensionLog,
  ) {
    this.log = log ?? new ExtensionLog();
    if (!log) this.disposables.push(this.log);
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (
          event.affectsConfiguration(`${settingIds.section}.${settingIds.clusters}`) ||
          event.affectsConfiguration(`${settingIds.section}.${settingIds.connectionTimeoutMs}`)
        ) {
          this.log.logger.info('cluster settings changed: closing the connections');
          void this.closeAll();
          this.changedEmitter.fire();
        }
      }),
      secrets.onDidChange(() => {
        void this.closeAll();
        this.changedEmitter.fire();
      }),
    );
  }

  /**
   * The clusters from the user settings (the local one when none is configured); invalid entries are
   * reported once. Only the user's own value counts: a workspace cannot add or redirect clusters.
   */
  clusters(): ClusterSetting[] {
    const { clusters, problems } = readClusterSettings(userClusters());
    const report = problems.join('\n');
    if (report && report !== this.reportedProblems) {
      void vscode.window.showWarningMessage(`Kafka Offsets: ignoring invalid cluster settings: ${problems.join('; ')}`);
    }
    this.reportedProblems = report;
    return clusters.length > 0 ? clusters : [localCluster];
  }

  /** True when no cluster is configured, so the tree offers the default `localhost:9092`. */
  offersDefaultCluster(): boolean {
    return readClusterSettings(userClusters()).clusters.length === 0;
  }

  cluster(name: string): ClusterSetting | undefined {
    return this.clusters().find((c) => c.name === name);
  }

  /** Milliseconds every Kafka operation may take (setting `offsetTrace.connectionTimeoutMs`). */
  timeoutMs(): number {
    return vscode.workspace
      .getConfiguration(settingIds.section)
      .get<number>(settingIds.connectionTimeoutMs, defaultTimeoutMs);
  }

  /** The inspector of a cluster, created (and the Kafka client loaded) on first use. */
  inspector(cluster: ClusterSetting): Promise<KafkaInspector> {
    return this.cached(this.inspectors, cluster, (options) => loadKafkaClient().createKafkaInspector(options));
  }

  /** The offset editor of a cluster (for resets and deletions), created on first use. */
  editor(cluster: ClusterSetting): Promise<KafkaOffsetEditor> {
    return this.cached(this.editors, cluster, (options) => loadKafkaClient().createKafkaOffsetEditor(options));
  }

  private cached<T>(
    cache: Map<string, Promise<T>>,
    cluster: ClusterSetting,
    create: (options: KafkaConnectionOptions) => T,
  ): Promise<T> {
    let client = cache.get(cluster.name);
    if (!client) {
      const logger = this.log.scoped(cluster.name);
      client = (async () => {
        const secret = cluster.sasl ? await this.secrets.get(secretKey(cluster)) : undefined;
        return create({ ...connectionOptions(cluster, secret, this.timeoutMs()), logger });
      })();
      cache.set(cluster.name, client);
      // A failed creation (bad settings, missing secret) is not cached: the next try reads them again.
      client.catch((error: unknown) => {
        logger.warn(`cannot create the Kafka client: ${errorSummary(error)}`);
        cache.delete(cluster.name);
      });
    }
    return client;
  }

  /** Stores a cluster in the user settings and its secret in SecretStorage (replacing one of that name). */
  async saveCluster(cluster: ClusterSetting, secret: string | undefined): Promise<void> {
    const current = readClusterSettings(userClusters()).clusters;
    for (const replaced of current.filter((c) => c.name === cluster.name)) {
      if (secretKey(replaced) !== secretKey(cluster)) await this.secrets.delete(secretKey(replaced));
    }
    if (secret !== undefined) await this.secrets.store(secretKey(cluster), secret);
    const next = [...current.filter((c) => c.name !== cluster.name), cluster];
    await vscode.workspace
      .getConfiguration(settingIds.section)
      .update(settingIds.clusters, next, vscode.ConfigurationTarget.Global);
  }

  /** Removes a cluster from the user settings and its secret from SecretStorage. */
  async removeCluster(name: string): Promise<void> {
    const current = readClusterSettings(userClusters()).clusters;
    for (const removed of current.filter((c) => c.name === name)) await this.secrets.delete(secretKey(removed));
    await vscode.workspace.getConfiguration(settingIds.section).update(
      settingIds.clusters,
      current.filter((c) => c.name !== name),
      vscode.ConfigurationTarget.Global,
    );
  }

  private async closeAll(): Promise<void> {
    const clients: Promise<{ close(): Promise<void> }>[] = [...this.inspectors.values(), ...this.editors.values()];
    this.inspectors.clear();
    this.editors.clear();
    await Promise.all(clients.map((p) => p.then((c) => c.close()).catch(() => undefined)));
  }

  dispose(): void {
    void this.closeAll();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Runs a Kafka operation, rejecting after `ms` more than its own timeout so nothing can hang the UI. */
export function withDeadline<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
  return runWithDeadline(operation, ms, () => new Error(`${what} did not finish within ${ms} ms`));
}

/** The clusters setting as the user set it (application scope: workspace values are never read). */
function userClusters(): unknown {
  return vscode.workspace.getConfiguration(settingIds.section).inspect<unknown>(settingIds.clusters)?.globalValue;
}
