// Listing the groups of every type over the wire, as Kafka's admin client does: the brokers from one
// Metadata request, then ListGroups v5 on each of them at once (each lists the groups it coordinates).

import { normalizeGroupState } from '../describeRows';
import { groupTypeOf, sortListings } from '../groupKinds';
import type { GroupListing } from '../kafkaModel';
import { clusterApiKeys, topicsMetadata } from './clusterApis';
import { apiKeys, coordinatorApiVersions, listBrokerGroups } from './coordinatorApis';
import type { WireSession } from './wireSession';

/** Every group on the cluster, of every type, sorted by id. */
export async function listGroupsOverWire(session: WireSession): Promise<GroupListing[]> {
  session.require(clusterApiKeys.metadata, 12);
  session.require(apiKeys.listGroups, coordinatorApiVersions[apiKeys.listGroups]);
  const { brokers } = await topicsMetadata(session.bootstrap, []);
  const listed = await Promise.all(
    [...brokers.values()].map(async ({ host, port }) => listBrokerGroups(await session.connectionTo(host, port))),
  );
  const byId = new Map<string, GroupListing>();
  for (const group of listed.flat()) {
    byId.set(group.groupId, {
      groupId: group.groupId,
      state: normalizeGroupState(group.groupState),
      type: groupTypeOf(group.groupType),
      protocolType: group.protocolType,
    });
  }
  return sortListings([...byId.values()]);
}
