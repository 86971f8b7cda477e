// One refresh of a cluster's groups for the Clusters tree: the listing first (shown at once, each
// group "describing…"), then every group described in one batch (a fixed number of requests for
// consumer groups, see KafkaInspector.describeGroups), Burrow fed, and, on clusters with few groups,
// each group's extras (record ages, its commits in __consumer_offsets). With many groups the extras
// are left to Inspect Group: the tree's Burrow then judges from its own samples ("Burrow-like").

import type { KafkaInspector } from '../kafka/kafkaInspector';
import type { AnyGroupDescription, GroupListing } from '../kafka/kafkaModel';
import type { BurrowTracker } from './burrowTracker';
import { errorText } from './errorText';
import { readGroupExtras } from './groupExtras';
import { isDescribableListing, type GroupEntry } from './groupEntry';
import { recordAges } from './timeLag';

/** Up to this many groups the tree reads each group's extras every refresh; above, none. */
export const extrasGroupLimit = 50;
/** Groups turned into entries between two yields to the event loop. */
const yieldEvery = 250;
/** How many groups' extras are read at once. */
const extrasConcurrency = 8;

/** What a load reports besides its entries. */
export interface ClusterGroupsHooks {
  /** The listing, before any describe (each describable group marked `describing`). */
  onListed?(entries: readonly GroupEntry[]): void;
  /** A problem worth a log line that does not stop the load (an extra that could not be read). */
  warn(message: string): void;
  /** __consumer_offsets could not be read: Burrow falls back to samples. */
  commitLogProblem(error: unknown): void;
}

type Within = <T>(operation: Promise<T>, what: string) => Promise<T>;

/** A described group's entry: Burrow fed, and its extras when read. */
async function describedEntry(
  inspector: Pick<KafkaInspector, 'recordTimestamps' | 'groupCommits'>,
  cluster: string,
  listing: GroupListing,
  description: AnyGroupDescription,
  burrow: BurrowTracker,
  within: Within,
  hooks: ClusterGroupsHooks,
  withExtras: boolean,
): Promise<GroupEntry> {
  const extras = withExtras ? await readGroupExtras(inspector, description, within) : {};
  if (extras.timestampsError !== undefined) {
    hooks.warn(`time lag of ${listing.groupId}: ${errorText(extras.timestampsError)}`);
  }
  if (extras.commitLogError !== undefined) hooks.commitLogProblem(extras.commitLogError);
  const key = `${cluster}\u0000${listing.groupId}`;
  const now = Date.now();
  burrow.observe(key, description, now, extras.commitLog);
  const evaluation = burrow.evaluate(key, now);
  return {
    cluster,
    listing,
    description,
    ...(extras.timestamps ? { recordAges: recordAges(description, extras.timestamps, now) } : {}),
    ...(evaluation ? { burrow: evaluation } : {}),
  };
}

/**
 * Loads the groups of `cluster` with `inspector`, every call through `within` (the caller's
 * deadline). Rejects when the groups cannot be listed or the cluster cannot be asked at all; a group
 * that cannot be described gets its error.
 */
export async function loadClusterGroups(
  inspector: Pick<KafkaInspector, 'listGroups' | 'describeGroups' | 'recordTimestamps' | 'groupCommits'>,
  cluster: string,
  burrow: BurrowTracker,
  within: Within,
  hooks: ClusterGroupsHooks,
): Promise<GroupEntry[]> {
  const listings = await within(inspector.listGroups(), `listing the groups of ${cluster}`);
  hooks.onListed?.(
    listings.map((listing) => ({ cluster, listing, ...(isDescribableListing(listing) ? { describing: true } : {}) })),
  );
  // A classic group of another protocol (Kafka Connect's workers, …) has no offsets to show.
  const describable = listings.filter(isDescribableListing);
  const outcomes =
    describable.length > 0
      ? await within(inspector.describeGroups(describable), `describing the ${describable.length} groups of ${cluster}`)
      : new Map<string, AnyGroupDescription | Error>();
  const withExtras = describable.length <= extrasGroupLimit;
  const entries: GroupEntry[] = new Array(listings.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < listings.length) {
      const index = next++;
      // thousands of groups: let the extension host breathe between slices
      if (index > 0 && index % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
      const listing = listings[index];
      const outcome = outcomes.get(listing.groupId);
      if (!isDescribableListing(listing)) entries[index] = { cluster, listing };
      else if (outcome === undefined) entries[index] = { cluster, listing, error: 'no answer for this group' };
      else if (outcome instanceof Error) entries[index] = { cluster, listing, error: errorText(outcome) };
      else {
        entries[index] = await describedEntry(inspector, cluster, listing, outcome, burrow, within, hooks, withExtras);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(withExtras ? extrasConcurrency : 1, listings.length) }, worker));
  return entries;
}
