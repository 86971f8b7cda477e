// A group as the Clusters view shows it (its listing and, when describing worked, its description
// or the error), and the one-line summary of it: state, type, members, total lag.

import type { AnyGroupDescription, GroupListing } from '../kafka/kafkaModel';
import { burrowLabel, type TrackedEvaluation } from './burrowTracker';
import { totalLag } from './groupTreeRows';
import { formatDuration } from './lagEstimate';
import { groupRecordAge, type RecordAge } from './timeLag';

/** A group as the tree shows it: its listing and, when describing worked, its description. */
export interface GroupEntry {
  readonly cluster: string;
  readonly listing: GroupListing;
  readonly description?: AnyGroupDescription;
  readonly error?: string;
  /** Listed, its describe still under way (the tree shows the listing first). */
  readonly describing?: boolean;
  /** Set when this is what was read last before the cluster stopped answering: when it was read (ms since the epoch). */
  readonly staleSince?: number;
  /** Burrow's evaluation from the samples taken so far (absent for share groups and before a sample). */
  readonly burrow?: TrackedEvaluation;
  /** The age of each partition's oldest unread record (time lag), by partition key, when it could be read. */
  readonly recordAges?: ReadonlyMap<string, RecordAge>;
}

/** "Stable · consumer · 2 members · lag 35", as the group item's description ("stale 40 s · …" when kept after a failure). */
export function groupSummary(group: GroupEntry, nowMs: number = Date.now()): string {
  const parts = [group.description?.state ?? group.listing.state, group.listing.type];
  if (group.staleSince !== undefined) {
    parts.unshift(`stale ${formatDuration(Math.max(0, Math.round((nowMs - group.staleSince) / 1000)))}`);
  }
  if (group.description) {
    const members = group.description.members.length;
    parts.push(`${members} member${members === 1 ? '' : 's'}`);
    const { total, unknown } = totalLag(group.description);
    parts.push(`lag ${total === null ? '-' : total}${total !== null && unknown > 0 ? ` + ${unknown} unknown` : ''}`);
    const oldest = group.recordAges ? groupRecordAge(group.recordAges) : undefined;
    if (oldest && oldest.ageMs > 0) parts.push(`oldest unread ${formatDuration(oldest.ageMs / 1000)}`);
    if (group.burrow) parts.push(burrowLabel(group.burrow));
  } else if (group.error) {
    parts.push('describe failed');
  } else if (group.describing) {
    parts.push('describing…');
  } else if (!isDescribableListing(group.listing)) {
    parts.push(`protocol ${group.listing.protocolType}: not a consumer group, no offsets`);
  }
  return parts.join(' · ');
}

/** Whether a listed group has offsets to describe: every type but a classic group of another protocol (e.g. `connect`). */
export function isDescribableListing(listing: GroupListing): boolean {
  return listing.type !== 'classic' || listing.protocolType === '' || listing.protocolType === 'consumer';
}
