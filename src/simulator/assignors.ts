// The partition assignors the simulated group uses: the classic protocol's client-side ones (range,
// round-robin, sticky, cooperative-sticky, run by the group leader) and the consumer protocol's
// broker-side uniform assignor (KIP-848). Pure functions over member ids and partitions.

import { type TopicPartition, compareTopicPartitions, partitionKey } from '../common/topicPartition';
import type { ClassicAssignor } from './model';

/** One member as an assignor sees it: its id and the partitions it owns now (sticky assignors keep them). */
export interface AssignorMember {
  readonly id: string;
  readonly owned: readonly TopicPartition[];
}

/**
 * Kafka's RangeAssignor: per topic, partitions in order, members sorted by member id, the first
 * `partitions % members` members taking one more.
 */
export function rangeAssignment(
  memberIds: readonly string[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const members = [...memberIds].sort();
  const result = new Map<string, TopicPartition[]>(members.map((id) => [id, []]));
  if (members.length === 0) return result;
  for (const topic of [...new Set(partitions.map((tp) => tp.topic))].sort()) {
    const ofTopic = partitions.filter((tp) => tp.topic === topic).sort(compareTopicPartitions);
    const each = Math.floor(ofTopic.length / members.length);
    const extra = ofTopic.length % members.length;
    let next = 0;
    members.forEach((id, index) => {
      const count = each + (index < extra ? 1 : 0);
      result.get(id)?.push(...ofTopic.slice(next, next + count));
      next += count;
    });
  }
  return result;
}

/** Kafka's RoundRobinAssignor: all partitions in order, dealt to the members sorted by id. */
export function roundRobinAssignment(
  memberIds: readonly string[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const members = [...memberIds].sort();
  const result = new Map<string, TopicPartition[]>(members.map((id) => [id, []]));
  if (members.length === 0) return result;
  [...partitions].sort(compareTopicPartitions).forEach((tp, index) => {
    result.get(members[index % members.length])?.push(tp);
  });
  return result;
}

/**
 * A balanced, sticky assignment (the sticky assignors and KIP-848's uniform assignor for members
 * subscribed to the same topics): each member keeps what it owns up to its share, the lowest
 * partitions first, and the rest go to the members with the fewest.
 */
export function stickyBalancedAssignment(
  members: readonly AssignorMember[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const result = new Map<string, TopicPartition[]>(sorted.map((m) => [m.id, []]));
  if (sorted.length === 0) return result;
  const all = [...partitions].sort(compareTopicPartitions);
  const exists = new Set(all.map(partitionKey));
  const base = Math.floor(all.length / sorted.length);
  let withExtra = all.length % sorted.length;
  const taken = new Set<string>();
  // Members owning more keep more: those owning the most get the extra partitions first.
  const byOwned = [...sorted].sort((a, b) => b.owned.length - a.owned.length);
  const quota = new Map<string, number>();
  for (const member of byOwned) {
    const extra = withExtra > 0 && member.owned.length > base ? 1 : 0;
    withExtra -= extra;
    quota.set(member.id, base + extra);
  }
  for (const member of sorted) {
    if (withExtra > 0 && (quota.get(member.id) ?? 0) === base) {
      quota.set(member.id, base + 1);
      withExtra -= 1;
    }
  }
  for (const member of sorted) {
    const keep = [...member.owned]
      .filter((tp) => exists.has(partitionKey(tp)) && !taken.has(partitionKey(tp)))
      .sort(compareTopicPartitions)
      .slice(0, quota.get(member.id) ?? 0);
    for (const tp of keep) taken.add(partitionKey(tp));
    result.get(member.id)?.push(...keep.map((tp) => ({ topic: tp.topic, partition: tp.partition })));
  }
  for (const tp of all) {
    if (taken.has(partitionKey(tp))) continue;
    const target = sorted
      .filter((m) => (result.get(m.id)?.length ?? 0) < (quota.get(m.id) ?? 0))
      .sort((a, b) => (result.get(a.id)?.length ?? 0) - (result.get(b.id)?.length ?? 0))[0];
    if (!target) break;
    result.get(target.id)?.push({ topic: tp.topic, partition: tp.partition });
    taken.add(partitionKey(tp));
  }
  for (const list of result.values()) list.sort(compareTopicPartitions);
  return result;
}

/** The assignment a classic group's leader computes with the group's assignor. */
export function classicAssignment(
  assignor: ClassicAssignor,
  members: readonly AssignorMember[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const ids = members.map((m) => m.id);
  switch (assignor) {
    case 'range':
      return rangeAssignment(ids, partitions);
    case 'roundrobin':
      return roundRobinAssignment(ids, partitions);
    case 'sticky':
      return stickyBalancedAssignment(members, partitions);
    case 'cooperative-sticky': {
      // COOPERATIVE: a partition that moves is first revoked by its owner and given to nobody in this
      // generation; the owner rejoins, and the next generation gives it to its new member.
      const target = stickyBalancedAssignment(members, partitions);
      const ownerOf = new Map<string, string>();
      for (const m of members) for (const tp of m.owned) ownerOf.set(partitionKey(tp), m.id);
      for (const [id, list] of target) {
        target.set(
          id,
          list.filter((tp) => {
            const owner = ownerOf.get(partitionKey(tp));
            return owner === undefined || owner === id;
          }),
        );
      }
      return target;
    }
  }
}
