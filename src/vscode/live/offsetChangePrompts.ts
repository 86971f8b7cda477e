// The prompts of Reset Offsets… and Delete Offsets… before the dry run: which group (unless the
// command came from the tree) and which partitions (those with a committed offset, or picked ones).

import * as vscode from 'vscode';
import type { OffsetChangeClients } from '../../liveGroups/offsetChanges';
import type { TopicPartition } from '../../kafka/kafkaModel';
import { groupArgument } from './clusterCommands';
import type { ClusterConnections } from './clusterConnections';
import { withNotificationProgress } from './offsetChangeUi';
import { partitionKey } from '../../common/topicPartition';

/** A group of a configured cluster. */
export interface GroupChoice {
  readonly cluster: string;
  readonly groupId: string;
}

/** The group the command was given (a tree node or `{cluster, groupId}`), else the one the user names. */
export async function askGroup(connections: ClusterConnections, arg: unknown): Promise<GroupChoice | undefined> {
  const known = groupArgument(arg);
  if (known) return known;
  const clusters = connections.clusters();
  const cluster =
    clusters.length === 1
      ? clusters[0]
      : (await vscode.window.showQuickPick(clusters.map((c) => ({ label: c.name, cluster: c }))))?.cluster;
  if (!cluster) return undefined;
  const groupId = await vscode.window.showInputBox({
    title: 'Consumer group',
    prompt: `The group of ${cluster.name} whose offsets to change`,
    validateInput: (value) => (value.trim() ? undefined : 'A group id is needed'),
  });
  return groupId ? { cluster: cluster.name, groupId: groupId.trim() } : undefined;
}

/** Which partitions: the group's committed ones, or those the user picks (of the group's topics or others). */
export async function askPartitions(
  clients: OffsetChangeClients,
  committed: readonly TopicPartition[],
): Promise<TopicPartition[] | undefined> {
  const scope = await vscode.window.showQuickPick(
    [
      ...(committed.length > 0
        ? [{ label: `All ${committed.length} partitions with a committed offset`, value: 'committed' as const }]
        : []),
      { label: 'Choose partitions of topics…', value: 'choose' as const },
    ],
    { title: 'Which partitions', ignoreFocusOut: true },
  );
  if (!scope) return undefined;
  if (scope.value === 'committed') return [...committed];
  const topicsText = await vscode.window.showInputBox({
    title: 'Topics',
    prompt: 'Topics whose partitions to choose from (comma-separated)',
    value: [...new Set(committed.map((p) => p.topic))].join(','),
    ignoreFocusOut: true,
    validateInput: (value) => (value.split(',').some((t) => t.trim()) ? undefined : 'Name at least one topic'),
  });
  if (topicsText === undefined) return undefined;
  const topics = topicsText
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const partitions = await withNotificationProgress('Reading the topics’ partitions…', () =>
    clients.editor.topicPartitions(topics),
  );
  const committedKeys = new Set(committed.map((p) => partitionKey(p)));
  const picked = await vscode.window.showQuickPick(
    partitions.map((p) => ({
      label: partitionKey(p),
      picked: committedKeys.size === 0 || committedKeys.has(`${p.topic}-${p.partition}`),
      partition: p,
    })),
    { title: 'Partitions', canPickMany: true, ignoreFocusOut: true },
  );
  return picked && picked.length > 0 ? picked.map((p) => p.partition) : undefined;
}
