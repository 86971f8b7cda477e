// A group as the Clusters view shows it (its listing and, when describing worked, its description
// or the error), and the one-line summary of it: state, type, members, total lag.

import type { AnyGroupDescription, GroupListing } from '../kafka/kafkaModel';
import { burrowLabel, type TrackedEvaluation } from './burrowTracker';
import { totalLag } from './groupTreeRows';

/** A group as the tree shows it: its listing and, when describing worked, its description. */
export interface GroupEntry {
  readonly cluster: string;
  readonly listing: GroupListing;
  readonly description?: AnyGroupDescription;
  readonly error?: string;
  /** Burrow's evaluation from the samples taken so far (absent for share groups and before a sample). */
  readonly burrow?: TrackedEvaluation;
}

/** "Stable · consumer · 2 members · lag 35", as the group item's description. */
export function groupSummary(group: GroupEntry): string {
  const parts = [group.description?.state ?? group.listing.state, group.listing.type];
  if (group.description) {
    const members = group.description.members.length;
    parts.push(`${members} member${members === 1 ? '' : 's'}`);
    const { total, unknown } = totalLag(group.description);
    parts.push(`lag ${total === null ? '-' : total}${total !== null && unknown > 0 ? ` + ${unknown} unknown` : ''}`);
    if (group.burrow) parts.push(burrowLabel(group.burrow));
  } else if (group.error) {
    parts.push('describe failed');
  }
  return parts.join(' · ');
}
