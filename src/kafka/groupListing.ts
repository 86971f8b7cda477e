// `listGroups` as `kafka-groups --list` lists them: every type of group (classic, consumer, share,
// streams) with its type and protocol type, and its state, sorted by id.

import type { Admin } from '@platformatic/kafka';
import { normalizeGroupState } from './describeRows';
import { handshake, type OperationProgress } from './inspectorOperation';
import type { GroupListing, GroupType } from './kafkaModel';

const groupTypes: readonly GroupType[] = ['classic', 'consumer', 'share', 'streams'];

/** The group type as ListGroups v5 names it (older brokers name none: classic). */
function groupTypeOf(name: string | undefined): GroupType {
  const lower = (name ?? '').toLowerCase();
  return (groupTypes as readonly string[]).includes(lower) ? (lower as GroupType) : 'classic';
}

/** Lists the groups of every type with `client`, updating `progress`. */
export async function listGroupsWith(client: Admin, progress: OperationProgress): Promise<GroupListing[]> {
  await handshake(client, progress);
  progress.step = 'listing groups';
  // Every type must be asked for: the client asks for classic groups only by default.
  const groups = await client.listGroups({ types: [...groupTypes] });
  return [...groups.values()]
    .map((g): GroupListing => ({
      groupId: g.id,
      state: normalizeGroupState(g.state),
      type: groupTypeOf(g.groupType),
      protocolType: g.protocolType ?? '',
    }))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/** True for the groups the consumer group tool (`kafka-consumer-groups`) shows: consumer-protocol groups, classic or KIP-848. */
export function isConsumerGroupListing(listing: GroupListing): boolean {
  return (
    listing.type === 'consumer' ||
    (listing.type === 'classic' && (listing.protocolType === '' || listing.protocolType === 'consumer'))
  );
}
