// Reset Offsets…: ask the group, target and partitions, show the dry run with its what-ifs, and after
// the modal confirmation commit exactly the offsets shown (the group must still be inactive then).

import * as vscode from 'vscode';
import { applyGroupReset, committedPartitions, inactiveGroup, planGroupReset } from '../../liveGroups/offsetChanges';
import { describeTarget, resetPreviewMarkdown } from '../../liveGroups/offsetReset';
import { whatIfOf, whatIfTotals } from '../../liveGroups/resetWhatIf';
import type { ClustersTreeProvider } from './clustersTreeProvider';
import type { ClusterConnections } from './clusterConnections';
import { offsetChangeClients } from './offsetChangeClients';
import { askGroup, askPartitions } from './offsetChangePrompts';
import { confirmChange, showPreview, withNotificationProgress } from './offsetChangeUi';
import { askResetTarget } from './resetTargetPrompt';

/** Runs Reset Offsets… for the group in `arg` (or one the user names); rejects on a Kafka failure. */
export async function resetOffsets(
  connections: ClusterConnections,
  tree: ClustersTreeProvider,
  arg: unknown,
): Promise<void> {
  const group = await askGroup(connections, arg);
  if (!group) return;
  const clients = await offsetChangeClients(connections, group.cluster);
  const description = await withNotificationProgress(`Checking group ${group.groupId}…`, () =>
    inactiveGroup(clients, group.groupId),
  );
  const target = await askResetTarget(group.groupId);
  if (!target) return;
  // A reset-plan file names its own partitions.
  const partitions = target.kind === 'file' ? [] : await askPartitions(clients, committedPartitions(description));
  if (!partitions) return;
  const plan = await withNotificationProgress('Dry run…', () =>
    planGroupReset(clients, group.groupId, target, partitions),
  );
  await showPreview(resetPreviewMarkdown(group.cluster, group.groupId, describeTarget(target), plan.rows));
  const count = plan.rows.length;
  const totals = whatIfTotals(plan.rows.map(whatIfOf));
  const confirmed = await confirmChange(
    `Reset ${count} committed offset${count === 1 ? '' : 's'} of group "${group.groupId}" ${describeTarget(target)}? ` +
      `The group would read ${totals.reread} record${totals.reread === 1 ? '' : 's'} again and skip ${totals.skipped}; ` +
      'the preview shows every new offset.',
    'Apply',
  );
  if (!confirmed) return;
  const after = await withNotificationProgress('Resetting offsets…', () =>
    applyGroupReset(clients, group.groupId, plan.rows),
  );
  tree.refresh(group.cluster);
  void vscode.window.showInformationMessage(
    `Kafka Offsets: reset ${count} offset${count === 1 ? '' : 's'} of ${group.groupId}; the group is ${after.state}.`,
  );
}
