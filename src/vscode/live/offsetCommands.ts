// Reset Offsets… and Delete Offsets… on a consumer group: ask what to change, show the dry run as
// a table in an editor, and apply it only after an explicit confirmation. Refused, with the reason,
// unless the group is inactive (Empty). Glue over src/core/live/offsetChanges.ts.

import * as vscode from 'vscode';
import {
  applyGroupDelete,
  applyGroupReset,
  inactiveGroup,
  planGroupDelete,
  planGroupReset,
  type OffsetChangeClients,
} from '../../liveGroups/offsetChanges';
import {
  deletePreviewMarkdown,
  describeTarget,
  resetPreviewMarkdown,
  type ResetTarget,
} from '../../liveGroups/offsetReset';
import type { TopicPartition } from '../../kafka/kafkaModel';
import { commandIds } from '../contributions';
import { errorText, type ClustersTreeProvider } from './clustersTreeProvider';
import { groupArgument } from './clusterCommands';
import { withDeadline, type ClusterConnections } from './clusterConnections';

/** Parses "2026-11-25T10:00:00Z", "2026-11-25 10:00" (local time) and the like; undefined if not a time. */
export function parseDateTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed))
    return undefined;
  // Without a zone the time is local, as in Kafka's tool; a date alone is local midnight.
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00` : trimmed.replace(' ', 'T');
  const ms = Date.parse(withTime);
  return Number.isFinite(ms) ? ms : undefined;
}

export function registerOffsetCommands(
  context: vscode.ExtensionContext,
  connections: ClusterConnections,
  tree: ClustersTreeProvider,
): void {
  const clientsFor = async (clusterName: string): Promise<OffsetChangeClients> => {
    const cluster = connections.cluster(clusterName);
    if (!cluster) throw new Error(`no cluster named "${clusterName}"`);
    const deadline = connections.timeoutMs() + 5000;
    const inspector = await connections.inspector(cluster);
    const editor = await connections.editor(cluster);
    return {
      describeGroup: (groupId) => withDeadline(inspector.describeGroup(groupId), deadline, `describing ${groupId}`),
      editor: {
        partitionOffsets: (g, p, t) => withDeadline(editor.partitionOffsets(g, p, t), deadline, 'reading offsets'),
        topicPartitions: (topics) => withDeadline(editor.topicPartitions(topics), deadline, 'reading partitions'),
        alterOffsets: (g, o) => withDeadline(editor.alterOffsets(g, o), deadline, 'committing offsets'),
        deleteOffsets: (g, p) => withDeadline(editor.deleteOffsets(g, p), deadline, 'deleting offsets'),
        close: () => editor.close(),
      },
    };
  };

  const progress = <T>(title: string, work: () => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);

  const askGroup = async (arg: unknown): Promise<{ cluster: string; groupId: string } | undefined> => {
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
  };

  /** Which partitions: the group's committed ones, or those the user picks (of the group's topics or others). */
  const askPartitions = async (
    clients: OffsetChangeClients,
    committed: readonly TopicPartition[],
  ): Promise<TopicPartition[] | undefined> => {
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
    const partitions = await progress('Reading the topics’ partitions…', () => clients.editor.topicPartitions(topics));
    const committedKeys = new Set(committed.map((p) => `${p.topic}-${p.partition}`));
    const picked = await vscode.window.showQuickPick(
      partitions.map((p) => ({
        label: `${p.topic}-${p.partition}`,
        picked: committedKeys.size === 0 || committedKeys.has(`${p.topic}-${p.partition}`),
        partition: p,
      })),
      { title: 'Partitions', canPickMany: true, ignoreFocusOut: true },
    );
    return picked && picked.length > 0 ? picked.map((p) => p.partition) : undefined;
  };

  const askTarget = async (): Promise<ResetTarget | undefined> => {
    const kind = await vscode.window.showQuickPick(
      [
        { label: 'Earliest', description: 'the log start of each partition', value: 'earliest' as const },
        { label: 'Latest', description: 'the log end: skip everything not yet read', value: 'latest' as const },
        { label: 'Offset…', description: 'one offset for every partition', value: 'offset' as const },
        { label: 'Date-time…', description: 'the first record at or after a time', value: 'datetime' as const },
        {
          label: 'Shift by…',
          description: 'move each committed offset by N (negative: re-read)',
          value: 'shift' as const,
        },
      ],
      { title: 'Reset to', ignoreFocusOut: true },
    );
    if (!kind) return undefined;
    switch (kind.value) {
      case 'earliest':
      case 'latest':
        return { kind: kind.value };
      case 'offset': {
        const text = await vscode.window.showInputBox({
          title: 'Offset',
          prompt: 'The new committed offset (the next record the group will read)',
          ignoreFocusOut: true,
          validateInput: (value) => (/^\d+$/.test(value.trim()) ? undefined : 'A non-negative integer'),
        });
        return text === undefined ? undefined : { kind: 'offset', offset: Number(text.trim()) };
      }
      case 'shift': {
        const text = await vscode.window.showInputBox({
          title: 'Shift by',
          prompt: 'How many offsets to move (e.g. -100 to re-read the last 100 records)',
          ignoreFocusOut: true,
          validateInput: (value) => (/^[+-]?\d+$/.test(value.trim()) ? undefined : 'An integer such as -100 or 20'),
        });
        return text === undefined ? undefined : { kind: 'shift', by: Number(text.trim()) };
      }
      case 'datetime': {
        const text = await vscode.window.showInputBox({
          title: 'Date-time',
          prompt: 'e.g. 2026-11-25T09:30:00Z, or 2026-11-25 09:30 in local time',
          value: new Date(Date.now() - 3_600_000).toISOString().slice(0, 19) + 'Z',
          ignoreFocusOut: true,
          validateInput: (value) =>
            parseDateTime(value) === undefined ? 'Not a date-time (YYYY-MM-DD[THH:MM[:SS]][Z])' : undefined,
        });
        const ms = text === undefined ? undefined : parseDateTime(text);
        return ms === undefined ? undefined : { kind: 'datetime', timestampMs: ms };
      }
    }
  };

  const showPreview = async (markdown: string): Promise<void> => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  };

  const fail = (error: unknown): void => {
    void vscode.window.showErrorMessage(`Kafka Offsets: ${errorText(error)}`);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(commandIds.resetOffsets, async (arg?: unknown) => {
      try {
        const group = await askGroup(arg);
        if (!group) return;
        const clients = await clientsFor(group.cluster);
        const description = await progress(`Checking group ${group.groupId}…`, () =>
          inactiveGroup(clients, group.groupId),
        );
        const committed = description.rows
          .filter((r) => r.currentOffset !== null)
          .map((r) => ({ topic: r.topic, partition: r.partition }));
        const partitions = await askPartitions(clients, committed);
        if (!partitions) return;
        const target = await askTarget();
        if (!target) return;
        const plan = await progress('Dry run…', () => planGroupReset(clients, group.groupId, target, partitions));
        await showPreview(resetPreviewMarkdown(group.cluster, group.groupId, describeTarget(target), plan.rows));
        const answer = await vscode.window.showWarningMessage(
          `Reset ${plan.rows.length} committed offset${plan.rows.length === 1 ? '' : 's'} of group "${group.groupId}" ${describeTarget(target)}? The preview shows every new offset.`,
          { modal: true },
          'Apply',
        );
        if (answer !== 'Apply') return;
        const after = await progress('Resetting offsets…', () => applyGroupReset(clients, group.groupId, plan.rows));
        tree.refresh(group.cluster);
        void vscode.window.showInformationMessage(
          `Kafka Offsets: reset ${plan.rows.length} offset${plan.rows.length === 1 ? '' : 's'} of ${group.groupId}; the group is ${after.state}.`,
        );
      } catch (error) {
        fail(error);
      }
    }),

    vscode.commands.registerCommand(commandIds.deleteOffsets, async (arg?: unknown) => {
      try {
        const group = await askGroup(arg);
        if (!group) return;
        const clients = await clientsFor(group.cluster);
        const all = await progress(`Checking group ${group.groupId}…`, () => planGroupDelete(clients, group.groupId));
        const picked = await vscode.window.showQuickPick(
          all.rows.map((row) => ({
            label: `${row.topic}-${row.partition}`,
            description: `committed ${row.currentOffset ?? '-'}`,
            picked: true,
            row,
          })),
          { title: 'Delete the committed offsets of', canPickMany: true, ignoreFocusOut: true },
        );
        if (!picked || picked.length === 0) return;
        const rows = picked.map((p) => p.row);
        await showPreview(deletePreviewMarkdown(group.cluster, group.groupId, rows));
        const answer = await vscode.window.showWarningMessage(
          `Delete ${rows.length} committed offset${rows.length === 1 ? '' : 's'} of group "${group.groupId}"? Its next start will use auto.offset.reset for them.`,
          { modal: true },
          'Delete',
        );
        if (answer !== 'Delete') return;
        const after = await progress('Deleting offsets…', () => applyGroupDelete(clients, group.groupId, rows));
        tree.refresh(group.cluster);
        void vscode.window.showInformationMessage(
          `Kafka Offsets: deleted ${rows.length} offset${rows.length === 1 ? '' : 's'} of ${group.groupId}; the group is ${after.state}.`,
        );
      } catch (error) {
        fail(error);
      }
    }),
  );
}
