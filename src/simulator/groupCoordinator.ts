// The broker side of the simulated group: its members, generations and assignments, for the classic
// protocol (JoinGroup/SyncGroup: a round completes when every member rejoined; the leader assigns) and
// the consumer protocol (KIP-848: the broker keeps a target assignment per member, and hands a partition
// to its new owner only once the old owner released it). Members are keyed by member id.

import { type TopicPartition, compareTopicPartitions, partitionKey } from '../common/topicPartition';
import { type AssignorMember, classicAssignment, stickyBalancedAssignment } from './assignors';
import type { ClassicAssignor } from './model';
import type { GroupState } from './simulatorTypes';

/** One member as the coordinator holds it. */
export interface CoordinatorMember {
  readonly id: string;
  readonly consumer: string;
  /** False once its client crashed: it stays a member until its session times out. */
  alive: boolean;
  /** When the broker removes it (crashed members only), on the scenario's clock. */
  sessionDeadlineMs: number | null;
  /** Classic: it sent JoinGroup for the round in progress. */
  pendingJoin: boolean;
  /** Classic: the generation its last completed join belongs to. */
  joinedGeneration: number;
  /** Classic: what it owns as it joined (cooperative assignors keep it). Consumer protocol: what it acknowledged owning. */
  owned: TopicPartition[];
  /** Consumer protocol: the broker's target assignment for it. */
  target: TopicPartition[];
  /** The order it joined the group in (the classic leader is the first when the old one is gone). */
  readonly joinOrder: number;
}

/** The classic protocol's coordinator: rounds of JoinGroup, a leader that assigns, SyncGroup. */
export class ClassicGroupCoordinator {
  state: 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' = 'Empty';
  generation = 0;
  leader: string | null = null;
  /** The generation the leader last sent its assignment (SyncGroup) for, and that assignment. */
  syncedGeneration = -1;
  private syncAssignments = new Map<string, TopicPartition[]>();
  readonly members = new Map<string, CoordinatorMember>();
  private joins = 0;

  constructor(private readonly partitions: readonly TopicPartition[]) {}

  /** A member sends JoinGroup: a round starts (or goes on), and completes when every member has joined. */
  join(id: string, consumer: string, owned: readonly TopicPartition[]): void {
    let member = this.members.get(id);
    if (!member) {
      member = newMember(id, consumer, this.joins++);
      this.members.set(id, member);
    }
    member.pendingJoin = true;
    member.owned = [...owned];
    if (this.state !== 'PreparingRebalance') {
      this.state = 'PreparingRebalance';
      for (const other of this.members.values()) if (other.id !== id) other.pendingJoin = false;
    }
    this.tryCompleteJoin();
  }

  /** A member left (LeaveGroup, or its session or poll timeout): the others rebalance. */
  remove(id: string): void {
    if (!this.members.delete(id)) return;
    if (this.leader === id) this.leader = null;
    if (this.members.size === 0) {
      this.state = 'Empty';
      return;
    }
    if (this.state !== 'PreparingRebalance') {
      this.state = 'PreparingRebalance';
      for (const member of this.members.values()) member.pendingJoin = false;
    }
    this.tryCompleteJoin();
  }

  /** Whether the member has to rejoin: a round is in progress that it has not joined yet. */
  needsRejoin(id: string): boolean {
    const member = this.members.get(id);
    return this.state === 'PreparingRebalance' && (member === undefined || !member.pendingJoin);
  }

  /** The join of the member's last JoinGroup completed, into the current generation. */
  joinCompletedFor(id: string): boolean {
    const member = this.members.get(id);
    return member !== undefined && !member.pendingJoin && member.joinedGeneration === this.generation;
  }

  /** The leader computes the assignment with its assignor and sends it (SyncGroup): the group is Stable. */
  leaderSync(assignor: ClassicAssignor): void {
    const members: AssignorMember[] = [...this.members.values()].map((m) => ({ id: m.id, owned: m.owned }));
    this.syncAssignments = classicAssignment(assignor, members, this.partitions);
    this.syncedGeneration = this.generation;
    this.state = 'Stable';
  }

  /** What the leader's SyncGroup gave the member, once it has been sent for the current generation. */
  assignmentFor(id: string): TopicPartition[] | undefined {
    if (this.syncedGeneration !== this.generation) return undefined;
    return (this.syncAssignments.get(id) ?? []).map((tp) => ({ ...tp }));
  }

  /** Records what a member now owns (after it applied its assignment). */
  setOwned(id: string, owned: readonly TopicPartition[]): void {
    const member = this.members.get(id);
    if (member) member.owned = [...owned];
  }

  view(): GroupState {
    return {
      protocol: 'classic',
      state: this.state,
      generation: this.generation,
      members: [...this.members.keys()],
    };
  }

  private tryCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    const members = [...this.members.values()];
    if (members.length === 0 || !members.every((m) => m.pendingJoin)) return;
    this.generation += 1;
    for (const member of members) {
      member.pendingJoin = false;
      member.joinedGeneration = this.generation;
    }
    if (this.leader === null || !this.members.has(this.leader)) {
      this.leader = [...members].sort((a, b) => a.joinOrder - b.joinOrder)[0].id;
    }
    this.state = 'CompletingRebalance';
  }
}

/** The consumer protocol's coordinator (KIP-848): group epoch, target assignments, partitions released before reuse. */
export class ConsumerGroupCoordinator {
  epoch = 0;
  readonly members = new Map<string, CoordinatorMember>();
  private joins = 0;

  constructor(private readonly partitions: readonly TopicPartition[]) {}

  /** A member joins with its first heartbeat: the epoch goes up and the broker computes new targets. */
  join(id: string, consumer: string): void {
    if (this.members.has(id)) return;
    this.members.set(id, newMember(id, consumer, this.joins++));
    this.retarget();
  }

  /** A member left or was fenced: whatever it owned is free at once, and the targets are recomputed. */
  remove(id: string): void {
    if (!this.members.delete(id)) return;
    this.retarget();
  }

  /** The partitions of the member's target that no other member still owns: what it may take now. */
  grantable(id: string): TopicPartition[] {
    const member = this.members.get(id);
    if (!member) return [];
    const ownedElsewhere = new Set<string>();
    for (const other of this.members.values()) {
      if (other.id !== id) for (const tp of other.owned) ownedElsewhere.add(partitionKey(tp));
    }
    return member.target.filter((tp) => !ownedElsewhere.has(partitionKey(tp)));
  }

  targetOf(id: string): TopicPartition[] {
    return [...(this.members.get(id)?.target ?? [])];
  }

  /** The member's client acknowledged owning this (after revoking and taking what it was given). */
  setOwned(id: string, owned: readonly TopicPartition[]): void {
    const member = this.members.get(id);
    if (member) member.owned = [...owned].sort(compareTopicPartitions);
  }

  view(): GroupState {
    const reconciling = [...this.members.values()].some(
      (m) =>
        m.owned.length !== m.target.length ||
        m.owned.some((tp) => !m.target.some((t) => partitionKey(t) === partitionKey(tp))),
    );
    return {
      protocol: 'consumer',
      state: this.members.size === 0 ? 'Empty' : reconciling ? 'Reconciling' : 'Stable',
      generation: this.epoch,
      members: [...this.members.keys()],
    };
  }

  /** The uniform assignor over every member (sticky: each keeps its current target up to its share). */
  private retarget(): void {
    this.epoch += 1;
    const members: AssignorMember[] = [...this.members.values()].map((m) => ({ id: m.id, owned: m.target }));
    const targets = stickyBalancedAssignment(members, this.partitions);
    for (const member of this.members.values()) member.target = targets.get(member.id) ?? [];
  }
}

function newMember(id: string, consumer: string, joinOrder: number): CoordinatorMember {
  return {
    id,
    consumer,
    alive: true,
    sessionDeadlineMs: null,
    pendingJoin: false,
    joinedGeneration: -1,
    owned: [],
    target: [],
    joinOrder,
  };
}
