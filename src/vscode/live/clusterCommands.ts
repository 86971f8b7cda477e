// The commands of live clusters: Refresh, Add Cluster… (TLS, SASL; secrets to SecretStorage),
// Remove Cluster, Inspect Group, Show Log and how to start a local Kafka. Thin glue over
// ClusterConnections, the tree and the panel.

import * as vscode from 'vscode';
import { parseBootstrapServers } from '../../common/bootstrapServers';
import { localCluster, type ClusterSetting } from '../../liveGroups/clusterSettings';
import { localKafkaCommand, localKafkaHelpText } from '../../liveGroups/clusterProblems';
import type { SaslMechanism } from '../../kafka/kafkaModel';
import { commandIds } from '../contributions';
import { GroupInspectorPanel } from './groupInspectorPanel';
import { errorText } from '../../liveGroups/errorText';
import type { ClustersNode, ClustersTreeProvider } from './clustersTreeProvider';
import { withDeadline, type ClusterConnections } from './clusterConnections';

/** The group a command was given: a Clusters tree node or `{cluster, groupId}`; undefined otherwise (then it asks). */
export function groupArgument(arg: unknown): { cluster: string; groupId: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<ClustersNode> & { cluster?: unknown; groupId?: unknown };
  if (node.kind === 'group' && 'group' in node && node.group) {
    return { cluster: node.group.cluster, groupId: node.group.listing.groupId };
  }
  if (typeof node.cluster === 'string' && typeof node.groupId === 'string') {
    return { cluster: node.cluster, groupId: node.groupId };
  }
  return undefined;
}

function clusterArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as Partial<ClustersNode>;
    if (node.kind === 'cluster' && 'cluster' in node && typeof node.cluster === 'object') return node.cluster.name;
  }
  return undefined;
}

export function registerClusterCommands(
  context: vscode.ExtensionContext,
  connections: ClusterConnections,
  tree: ClustersTreeProvider,
): void {
  const pickCluster = async (): Promise<ClusterSetting | undefined> => {
    const clusters = connections.clusters();
    if (clusters.length === 1) return clusters[0];
    const picked = await vscode.window.showQuickPick(
      clusters.map((cluster) => ({ label: cluster.name, description: cluster.bootstrapServers, cluster })),
      { title: 'Kafka Offsets: pick a cluster' },
    );
    return picked?.cluster;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(commandIds.refreshClusters, (arg?: unknown) => tree.refresh(clusterArgument(arg))),

    vscode.commands.registerCommand(commandIds.showLog, () => connections.log.show()),

    vscode.commands.registerCommand(commandIds.filterGroups, async (text?: unknown) => {
      const filter =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Kafka Offsets: filter the groups',
              prompt: 'Show only the groups whose id contains this text (case-insensitive); empty shows every group.',
              value: tree.groupFilter(),
              placeHolder: 'e.g. orders',
            });
      if (filter !== undefined) tree.setFilter(filter);
    }),

    vscode.commands.registerCommand(commandIds.clearGroupFilter, () => tree.setFilter('')),

    vscode.commands.registerCommand(commandIds.localKafkaHelp, async () => {
      const copy = 'Copy Command';
      const retry = 'Retry';
      const add = 'Add Cluster…';
      const answer = await vscode.window.showInformationMessage(localKafkaHelpText, copy, retry, add);
      if (answer === copy) {
        await vscode.env.clipboard.writeText(localKafkaCommand);
        void vscode.window.showInformationMessage(
          `Kafka Offsets: copied "${localKafkaCommand}". Run it in a terminal at a checkout of Kafka Offset Trace.`,
        );
      } else if (answer === retry) {
        tree.refresh(localCluster.name);
      } else if (answer === add) {
        await vscode.commands.executeCommand(commandIds.addCluster);
      }
    }),

    vscode.commands.registerCommand(commandIds.inspectGroup, async (arg?: unknown) => {
      let target = groupArgument(arg);
      if (!target) {
        const cluster = await pickCluster();
        if (!cluster) return;
        let groups;
        try {
          groups = await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `Listing the consumer groups of ${cluster.name}…`,
            },
            () => tree.groups(cluster.name),
          );
        } catch (error) {
          void vscode.window.showErrorMessage(`Kafka Offsets: ${errorText(error)}`);
          return;
        }
        if (groups.length === 0) {
          void vscode.window.showInformationMessage(`Kafka Offsets: ${cluster.name} has no consumer groups.`);
          return;
        }
        const picked = await vscode.window.showQuickPick(
          groups.map((group) => ({ label: group.listing.groupId, description: group.listing.state, group })),
          { title: 'Kafka Offsets: Inspect Group', placeHolder: 'Pick a consumer group' },
        );
        if (!picked) return;
        target = { cluster: cluster.name, groupId: picked.group.listing.groupId };
      }
      GroupInspectorPanel.show(context, connections, target.cluster, target.groupId);
    }),

    vscode.commands.registerCommand(commandIds.removeCluster, async (arg?: unknown) => {
      const name = clusterArgument(arg) ?? (await pickCluster())?.name;
      if (!name) return;
      const answer = await vscode.window.showWarningMessage(
        `Remove the cluster "${name}" and its stored secret?`,
        { modal: true },
        'Remove',
      );
      if (answer !== 'Remove') return;
      await connections.removeCluster(name);
    }),

    vscode.commands.registerCommand(commandIds.addCluster, async () => {
      const cluster = await askForCluster(connections);
      if (!cluster) return;
      await connections.saveCluster(cluster.setting, cluster.secret);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Connecting to ${cluster.setting.name}…` },
        async () => {
          try {
            const inspector = await connections.inspector(cluster.setting);
            const groups = await withDeadline(inspector.listGroups(), connections.timeoutMs() + 5000, 'listing groups');
            void vscode.window.showInformationMessage(
              `Kafka Offsets: connected to ${cluster.setting.name}: ${groups.length} consumer group${groups.length === 1 ? '' : 's'}.`,
            );
          } catch (error) {
            void vscode.window.showErrorMessage(
              `Kafka Offsets: saved ${cluster.setting.name}, but could not connect: ${errorText(error)}`,
            );
          }
        },
      );
      tree.refresh(cluster.setting.name);
    }),
  );
}

/** Asks for a cluster step by step; the secret is returned apart from the setting. */
async function askForCluster(
  connections: ClusterConnections,
): Promise<{ setting: ClusterSetting; secret: string | undefined } | undefined> {
  const title = 'Kafka Offsets: Add Cluster';
  const bootstrap = await vscode.window.showInputBox({
    title,
    prompt: 'Bootstrap servers (host:port, comma-separated)',
    value: 'localhost:9092',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseBootstrapServers(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (bootstrap === undefined) return undefined;
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'A name for this cluster',
    value: bootstrap.split(',')[0].trim(),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Give the cluster a name'),
  });
  if (name === undefined) return undefined;
  if (connections.clusters().some((c) => c.name === name.trim() && c.bootstrapServers !== 'localhost:9092')) {
    const replace = await vscode.window.showWarningMessage(
      `A cluster named "${name}" exists. Replace it?`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return undefined;
  }
  const security = await vscode.window.showQuickPick(
    [
      { label: 'None', description: 'PLAINTEXT', tls: false, sasl: false },
      { label: 'TLS', description: 'SSL', tls: true, sasl: false },
      { label: 'SASL', description: 'SASL_PLAINTEXT', tls: false, sasl: true },
      { label: 'SASL over TLS', description: 'SASL_SSL', tls: true, sasl: true },
    ],
    { title, placeHolder: 'Security protocol', ignoreFocusOut: true },
  );
  if (!security) return undefined;
  let tls: ClusterSetting['tls'];
  if (security.tls) {
    const trust = await vscode.window.showQuickPick(
      [
        { label: 'Trust the system’s certificate authorities', value: 'system' as const },
        { label: 'Trust a CA file (PEM)…', value: 'file' as const },
        { label: 'Skip certificate verification (insecure)', value: 'skip' as const },
      ],
      { title, placeHolder: 'How to verify the brokers’ certificates', ignoreFocusOut: true },
    );
    if (!trust) return undefined;
    if (trust.value === 'file') {
      const files = await vscode.window.showOpenDialog({
        title: 'CA certificate (PEM)',
        canSelectMany: false,
        filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
      });
      if (!files?.[0]) return undefined;
      tls = { enabled: true, caFile: files[0].fsPath };
    } else if (trust.value === 'skip') {
      const sure = await vscode.window.showWarningMessage(
        'Skipping certificate verification lets anyone on the network impersonate the brokers and read your credentials. Use it only for test clusters.',
        { modal: true },
        'Skip Verification',
      );
      if (sure !== 'Skip Verification') return undefined;
      tls = { enabled: true, skipVerify: true };
    } else {
      tls = { enabled: true };
    }
  }
  let sasl: ClusterSetting['sasl'];
  let secret: string | undefined;
  if (security.sasl) {
    const mechanism = await vscode.window.showQuickPick(
      (['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN', 'OAUTHBEARER'] as SaslMechanism[]).map((m) => ({ label: m })),
      { title, placeHolder: 'SASL mechanism', ignoreFocusOut: true },
    );
    if (!mechanism) return undefined;
    const saslMechanism = mechanism.label as SaslMechanism;
    let username: string | undefined;
    if (saslMechanism !== 'OAUTHBEARER') {
      username = await vscode.window.showInputBox({
        title,
        prompt: 'SASL user name',
        ignoreFocusOut: true,
        validateInput: (value) => (value ? undefined : 'A user name is needed'),
      });
      if (username === undefined) return undefined;
    }
    secret = await vscode.window.showInputBox({
      title,
      prompt:
        saslMechanism === 'OAUTHBEARER'
          ? 'OAuth bearer token (kept in VS Code’s secret storage)'
          : 'Password (kept in VS Code’s secret storage)',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value ? undefined : 'Required'),
    });
    if (secret === undefined) return undefined;
    sasl = { mechanism: saslMechanism, ...(username ? { username } : {}) };
  }
  const servers = parseBootstrapServers(bootstrap);
  return {
    setting: {
      name: name.trim(),
      bootstrapServers: 'servers' in servers ? servers.servers.join(',') : bootstrap,
      ...(tls ? { tls } : {}),
      ...(sasl ? { sasl } : {}),
    },
    secret,
  };
}
