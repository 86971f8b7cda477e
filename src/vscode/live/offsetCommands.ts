// Registers Reset Offsets… and Delete Offsets… on a consumer group. Each asks what to change, shows the
// dry run as a table in an editor, and applies it only after an explicit confirmation; refused, with
// the reason, unless the group is inactive (Empty). Glue over src/liveGroups/offsetChanges.ts.

import * as vscode from 'vscode';
import { errorText } from '../../liveGroups/errorText';
import { commandIds } from '../contributions';
import type { ClustersTreeProvider } from './clustersTreeProvider';
import type { ClusterConnections } from './clusterConnections';
import { deleteOffsets } from './deleteOffsetsCommand';
import { resetOffsets } from './resetOffsetsCommand';

/** The one place a failed offset command shows: an error message with the one-line reason. */
function showFailure(error: unknown): void {
  void vscode.window.showErrorMessage(`Kafka Offsets: ${errorText(error)}`);
}

/** Registers the offset commands (their argument: a Clusters tree group node or `{cluster, groupId}`). */
export function registerOffsetCommands(
  context: vscode.ExtensionContext,
  connections: ClusterConnections,
  tree: ClustersTreeProvider,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(commandIds.resetOffsets, (arg?: unknown) =>
      resetOffsets(connections, tree, arg).catch(showFailure),
    ),
    vscode.commands.registerCommand(commandIds.deleteOffsets, (arg?: unknown) =>
      deleteOffsets(connections, tree, arg).catch(showFailure),
    ),
  );
}
