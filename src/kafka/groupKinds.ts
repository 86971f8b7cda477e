// The kinds of group as Kafka names them, shared by the full client's listing and the wire path: the
// type ListGroups v5 names (older brokers name none: classic), and which groups the consumer group
// tool shows (consumer-protocol groups, classic or KIP-848).

import type { GroupListing, GroupType } from './kafkaModel';

/** Every group type of Kafka 4.x. */
export const groupTypes: readonly GroupType[] = ['classic', 'consumer', 'share', 'streams'];

/** The group type as ListGroups v5 names it (older brokers name none: classic). */
export function groupTypeOf(name: string | undefined): GroupType {
  const lower = (name ?? '').toLowerCase();
  return (groupTypes as readonly string[]).includes(lower) ? (lower as GroupType) : 'classic';
}

/** True for the groups the consumer group tool (`kafka-consumer-groups`) shows: consumer-protocol groups, classic or KIP-848. */
export function isConsumerGroupListing(listing: GroupListing): boolean {
  return (
    listing.type === 'consumer' ||
    (listing.type === 'classic' && (listing.protocolType === '' || listing.protocolType === 'consumer'))
  );
}

/** Group ids in Java's String order (UTF-16 code units), as the tools sort them. */
export function groupIdOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts listings by group id, as the tools do. */
export function sortListings(listings: GroupListing[]): GroupListing[] {
  return listings.sort((a, b) => groupIdOrder(a.groupId, b.groupId));
}
