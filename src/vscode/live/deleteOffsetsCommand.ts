// Delete Offsets…: ask the group and which of its committed offsets to delete, show the dry run (with
// what a restart would then do), and after the modal confirmation delete them (the group must still be
// inactive then).

import * as vscode from 'vscode';
import { applyGroupDelete, deletePlanWithLogs, planGroupDelete } from '../../liveGroups/offsetChanges';
import { deletePreviewMarkdown } from '../../liveGroups/offsetReset';
import type { ClustersTreeProvider } from './clustersTreeProvider';
import type { ClusterConnections } from './clusterConnections';
import { offsetChangeClients } from './offsetChangeClients';
import { askGroup } from './offsetChangePrompts';
import { confirmChange, showPreview, withNotificationProgress } from './offsetChangeUi';

/** Runs Delete Offsets… for the group in `arg` (or one the user names); rejects on a Kafka failure. */
export async function deleteOffsets(
  connections: ClusterConnections,
  tree: ClustersTreeProvider,
  arg: unknown,
): Promise<void> {
  const group = await askGroup(connections, arg);
  if (!group) return;
  const clients = await offsetChangeClients(connections, group.cluster);
  const all = await withNotificationProgress(`Checking group ${group.groupId}…`, () =>
    planGroupDelete(clients, group.groupId),
  );
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
  const withLogs = await withNotificationProgress('Dry run…', () => deletePlanWithLogs(clients, group.groupId, rows));
  await showPreview(deletePreviewMarkdown(group.cluster, group.groupId, withLogs));
  const confirmed = await confirmChange(
    `Delete ${rows.length} committed offset${rows.length === 1 ? '' : 's'} of group "${group.groupId}"? Its next start will use auto.offset.reset for them.`,
    'Delete',
  );
  if (!confirmed) return;
  const after = await withNotificationProgress('Deleting offsets…', () =>
    applyGroupDelete(clients, group.groupId, rows),
  );
  tree.refresh(group.cluster);
  void vscode.window.showInformationMessage(
    `Kafka Offsets: deleted ${rows.length} offset${rows.length === 1 ? '' : 's'} of ${group.groupId}; the group is ${after.state}.`,
  );
}
