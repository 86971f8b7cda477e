// `listGroups` as `kafka-consumer-groups --list` lists them: classic groups of the consumer protocol
// (or none yet) and KIP-848 consumer groups, sorted by id.

import type { Admin } from '@platformatic/kafka';
import { normalizeGroupState } from './describeRows';
import { handshake, type OperationProgress } from './inspectorOperation';
import type { GroupListing } from './kafkaModel';

/** Lists the consumer groups with `client`, updating `progress`. */
export async function listGroupsWith(client: Admin, progress: OperationProgress): Promise<GroupListing[]> {
  await handshake(client, progress);
  progress.step = 'listing consumer groups';
  // Both types must be asked for: the client asks for classic groups only by default.
  const groups = await client.listGroups({ types: ['classic', 'consumer'] });
  return [...groups.values()]
    .filter((g) => g.groupType === 'consumer' || g.protocolType === '' || g.protocolType === 'consumer')
    .map((g): GroupListing => ({
      groupId: g.id,
      state: normalizeGroupState(g.state),
      protocol: g.groupType === 'consumer' ? 'consumer' : 'classic',
    }))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}
