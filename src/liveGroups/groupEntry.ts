// A consumer group as the Clusters view shows it (its listing and, when describing worked, its
// description or the error), and the one-line summary of it: state, protocol, members, total lag.

import type { GroupDescription, GroupListing } from '../kafka/kafkaModel';
import { sampleFromRows } from './lagEstimate';

/** A group as the tree shows it: its listing and, when describing worked, its description. */
export interface GroupEntry {
  readonly cluster: string;
  readonly listing: GroupListing;
  readonly description?: GroupDescription;
  readonly error?: string;
}

/** "Stable · consumer · 2 members · lag 35", as the group item's description. */
export function groupSummary(group: GroupEntry): string {
  const parts = [group.description?.state ?? group.listing.state, group.listing.protocol];
  if (group.description) {
    const members = group.description.members.length;
    parts.push(`${members} member${members === 1 ? '' : 's'}`);
    const sample = sampleFromRows(group.description.rows, 0);
    const unknown = sample.partitionsWithoutLag > 0 ? ` + ${sample.partitionsWithoutLag} unknown` : '';
    parts.push(`lag ${sample.totalLag === null ? '-' : sample.totalLag}${sample.totalLag === null ? '' : unknown}`);
  } else if (group.error) {
    parts.push('describe failed');
  }
  return parts.join(' · ');
}
