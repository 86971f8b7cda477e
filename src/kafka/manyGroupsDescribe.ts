// Describing many groups at once for views that show them all (the Clusters tree): consumer-protocol
// groups (classic and KIP-848, plaintext, TLS or SASL) over the wire in a fixed number of requests
// whatever their number, share and streams groups in one batch each with the full client (also a fixed
// number), and the rest (groups whose answers the wire path hands back) one by one, a few at a time.

import { isConsumerGroupListing } from './groupKinds';
import type { AnyGroupDescription, GroupListing, KafkaConnectionOptions } from './kafkaModel';
import { describeGroupsOverWire } from './wire/wireGroupDescribe';
import { isWireFallback, runOverWire } from './wire/wireOperation';

/** How many groups the full client describes at once. */
const clientConcurrency = 8;

/** Each group's description, or the error that stopped it, by group id. */
export type ManyGroupsOutcome = Map<string, AnyGroupDescription | Error>;

/**
 * Describes `listings`; `describeOne` (the full client) takes the groups the wire path cannot. Rejects
 * only when the cluster cannot be asked at all (unreachable, timeout): then no group could be described.
 */
export async function describeManyGroups(
  options: KafkaConnectionOptions,
  listings: readonly GroupListing[],
  describeOne: (listing: GroupListing) => Promise<AnyGroupDescription>,
  describeShares?: (groupIds: readonly string[]) => Promise<Map<string, AnyGroupDescription | Error>>,
  describeStreams?: (groupIds: readonly string[]) => Promise<Map<string, AnyGroupDescription | Error>>,
): Promise<ManyGroupsOutcome> {
  const outcomes: ManyGroupsOutcome = new Map();
  const consumerGroups = listings.filter(isConsumerGroupListing);
  const byId = new Map(listings.map((l) => [l.groupId, l]));
  let rest = listings.filter((l) => !isConsumerGroupListing(l));
  if (consumerGroups.length > 0) {
    try {
      const described = await runOverWire(
        options,
        `describing ${consumerGroups.length} groups`,
        undefined,
        (session, progress) =>
          describeGroupsOverWire(
            session,
            progress,
            consumerGroups.map((l) => ({ groupId: l.groupId, type: l.type === 'consumer' ? 'consumer' : 'classic' })),
          ),
      );
      for (const [groupId, outcome] of described) {
        if (isWireFallback(outcome)) rest.push(byId.get(groupId) as GroupListing);
        else outcomes.set(groupId, outcome instanceof Error ? outcome : { ...outcome, type: outcome.protocol });
      }
    } catch (error) {
      if (!isWireFallback(error)) throw error;
      rest.push(...consumerGroups);
    }
  }
  // share and streams groups: one batch each (our own describe modules take many groups per request)
  for (const [type, describeBatch] of [
    ['share', describeShares],
    ['streams', describeStreams],
  ] as const) {
    const batch = describeBatch ? rest.filter((l) => l.type === type) : [];
    if (batch.length === 0 || !describeBatch) continue;
    const ids = batch.map((l) => l.groupId);
    try {
      for (const [groupId, outcome] of await describeBatch(ids)) outcomes.set(groupId, outcome);
    } catch (error) {
      for (const groupId of ids) outcomes.set(groupId, error instanceof Error ? error : new Error(String(error)));
    }
    rest = rest.filter((l) => l.type !== type);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rest.length) {
      const listing = rest[next++];
      try {
        outcomes.set(listing.groupId, await describeOne(listing));
      } catch (error) {
        outcomes.set(listing.groupId, error instanceof Error ? error : new Error(String(error)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(clientConcurrency, rest.length) }, worker));
  return outcomes;
}
