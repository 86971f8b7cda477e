// `listGroups` as `kafka-groups --list` lists them: every type of group (classic, consumer, share,
// streams) with its type and protocol type, and its state, sorted by id.

import type { Admin } from '@platformatic/kafka';
import { normalizeGroupState } from './describeRows';
import { handshake, type OperationProgress } from './inspectorOperation';
import { groupTypeOf, groupTypes, sortListings } from './groupKinds';
import type { GroupListing } from './kafkaModel';

/** Lists the groups of every type with `client`, updating `progress`. */
export async function listGroupsWith(client: Admin, progress: OperationProgress): Promise<GroupListing[]> {
  await handshake(client, progress);
  progress.step = 'listing groups';
  // Every type must be asked for: the client asks for classic groups only by default.
  const groups = await client.listGroups({ types: [...groupTypes] });
  return sortListings(
    [...groups.values()].map((g): GroupListing => ({
      groupId: g.id,
      state: normalizeGroupState(g.state),
      type: groupTypeOf(g.groupType),
      protocolType: g.protocolType ?? '',
    })),
  );
}
