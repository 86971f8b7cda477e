// What Reset Offsets… and Delete Offsets… talk to for one cluster: its inspector's describe and its
// offset editor, each call bounded by a deadline so no prompt flow can hang on Kafka.

import type { OffsetChangeClients } from '../../liveGroups/offsetChanges';
import { withDeadline, type ClusterConnections } from './clusterConnections';

/** The clients of the cluster named `clusterName`; rejects when there is no such cluster. */
export async function offsetChangeClients(
  connections: ClusterConnections,
  clusterName: string,
): Promise<OffsetChangeClients> {
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
}
