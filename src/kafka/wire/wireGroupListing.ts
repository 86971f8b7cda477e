// Listing the groups of every type over the wire, as Kafka's admin client does: the brokers from one
// Metadata request, then ListGroups v5 on each of them at once (each lists the groups it coordinates).

import { normalizeGroupState } from '../describeRows';
import { groupTypeOf, sortListings } from '../groupKinds';
import type { GroupListing } from '../kafkaModel';
import { clusterApiKeys, topicsMetadata } from './clusterApis';
import { apiKeys, coordinatorApiVersions, listBrokerGroups } from './coordinatorApis';
import { retryDelayMs, sleep } from '../coordinatorRetry';
import { isConnectionFailure } from './wireConnection';
import type { WireSession } from './wireSession';

/**
 * Every group on the cluster, of every type, sorted by id. A broker that cannot be reached (it died and
 * is not fenced yet) is asked again, after fresh metadata, until `session.retryUntil`, as Kafka's admin
 * client does; then the call fails with its error.
 */
export async function listGroupsOverWire(session: WireSession): Promise<GroupListing[]> {
  session.require(clusterApiKeys.metadata, 12);
  session.require(apiKeys.listGroups, coordinatorApiVersions[apiKeys.listGroups]);
  const byId = new Map<string, GroupListing>();
  for (let attempt = 0; ; attempt++) {
    const { brokers } = await topicsMetadata(session.bootstrap, []);
    let unreachable: unknown;
    const listed = await Promise.all(
      [...brokers.values()].map(async ({ host, port }) => {
        try {
          return await listBrokerGroups(await session.connectionTo(host, port));
        } catch (error) {
          if (!isConnectionFailure(error)) throw error;
          unreachable = error;
          return [];
        }
      }),
    );
    for (const group of listed.flat()) {
      byId.set(group.groupId, {
        groupId: group.groupId,
        state: normalizeGroupState(group.groupState),
        type: groupTypeOf(group.groupType),
        protocolType: group.protocolType,
      });
    }
    if (unreachable === undefined) break;
    const delay = retryDelayMs(attempt);
    if (Date.now() + delay >= session.retryUntil) throw unreachable;
    await sleep(delay);
  }
  return sortListings([...byId.values()]);
}
