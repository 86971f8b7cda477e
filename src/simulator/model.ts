// The data of the offset simulator: partitions and their logs, consumer settings, and the
// actions a scenario applies. Plain data only, so scenarios and traces can be stored as JSON.

export type { TopicPartition } from '../common/topicPartition';
export { compareTopicPartitions, partitionKey } from '../common/topicPartition';

/** What `auto.offset.reset` does when there is no valid committed offset. */
export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

/** The consumer settings the simulator honours (names follow Kafka's consumer configs). */
export interface ConsumerConfig {
  /** `max.poll.records`: the most records one poll returns. */
  readonly maxPollRecords: number;
  /** `enable.auto.commit`. */
  readonly enableAutoCommit: boolean;
  /** `auto.commit.interval.ms`. */
  readonly autoCommitIntervalMs: number;
  /** `auto.offset.reset`. */
  readonly autoOffsetReset: AutoOffsetReset;
  /** `isolation.level`: read_committed skips transaction markers and aborted records. */
  readonly isolationLevel: 'read_uncommitted' | 'read_committed';
  /** `group.protocol`: classic (JoinGroup/SyncGroup) or consumer (KIP-848, the broker assigns). */
  readonly groupProtocol: 'classic' | 'consumer';
  /**
   * Classic protocol: the assignor the group uses (the first of `partition.assignment.strategy`) and
   * whether it runs EAGER (every member revokes everything) or COOPERATIVE (only what moves).
   * Kafka's default list [range, cooperative-sticky] runs range, EAGER.
   */
  readonly assignor: ClassicAssignor;
  /** Classic protocol: `session.timeout.ms`. */
  readonly sessionTimeoutMs: number;
  /** Classic protocol: `heartbeat.interval.ms`. */
  readonly heartbeatIntervalMs: number;
  /** `max.poll.interval.ms`: a member that does not poll for longer leaves the group. */
  readonly maxPollIntervalMs: number;
}

/** The client-side assignors of the classic protocol, by Kafka's names for them. */
export type ClassicAssignor = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

/** Whether an assignor's rebalances revoke everything (EAGER) or only what moves (COOPERATIVE). */
export function rebalanceProtocolOf(assignor: ClassicAssignor): 'eager' | 'cooperative' {
  return assignor === 'cooperative-sticky' ? 'cooperative' : 'eager';
}

/** Group-level settings (the consumer protocol's timeouts are the group's, not the consumer's). */
export interface GroupSettings {
  /** `group.consumer.session.timeout.ms` (per group: `consumer.session.timeout.ms`). */
  readonly consumerSessionTimeoutMs: number;
  /** `group.consumer.heartbeat.interval.ms` (per group: `consumer.heartbeat.interval.ms`). */
  readonly consumerHeartbeatIntervalMs: number;
}

/** The broker's defaults (Kafka 4.x GroupCoordinatorConfig). */
export const defaultGroupSettings: GroupSettings = {
  consumerSessionTimeoutMs: 45000,
  consumerHeartbeatIntervalMs: 5000,
};

/** Kafka's own defaults (the Java client 4.x): a consumer that states nothing behaves as a real one. */
export const defaultConsumerConfig: ConsumerConfig = {
  maxPollRecords: 500,
  enableAutoCommit: true,
  autoCommitIntervalMs: 5000,
  autoOffsetReset: 'latest',
  isolationLevel: 'read_uncommitted',
  groupProtocol: 'classic',
  assignor: 'range',
  sessionTimeoutMs: 45000,
  heartbeatIntervalMs: 3000,
  maxPollIntervalMs: 300000,
};

/** Where an action was written in a scenario file (1-based line and column). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One partition's offset in an explicit `commitSync(offsets)`. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** The initial contents of one partition. */
export interface PartitionSetup {
  readonly partition: number;
  /** Records already in the log; offsets run from `logStartOffset`. */
  readonly records: number;
  /** First offset still in the log (records before it were deleted by retention). Default 0. */
  readonly logStartOffset?: number;
}

/** A topic of the scenario with its partitions. */
export interface TopicSetup {
  readonly name: string;
  readonly partitions: readonly PartitionSetup[];
}

/** A consumer of the scenario's group. */
export interface ConsumerSetup {
  readonly id: string;
  readonly config?: Partial<ConsumerConfig>;
  /** The Kafka properties as the scenario stated them (names and values), for a run on a real broker. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** What an action does, without where it was written. */
export type ActionBody =
  | { readonly type: 'start'; readonly consumer: string; readonly label?: string }
  | { readonly type: 'poll'; readonly consumer: string; readonly label?: string }
  | { readonly type: 'process'; readonly consumer: string; readonly label?: string }
  | { readonly type: 'commitSync'; readonly consumer: string; readonly label?: string }
  | { readonly type: 'commitAsync'; readonly consumer: string; readonly label?: string }
  /** `commitSync(offsets)` with, per partition, the last processed record's offset + 1. */
  | { readonly type: 'commitProcessed'; readonly consumer: string; readonly label?: string }
  /** `commitSync(offsets)` with the offsets given (`commitSync orders-0=5 orders-1=7`). */
  | {
      readonly type: 'commitOffsets';
      readonly consumer: string;
      readonly offsets: readonly OffsetToCommit[];
      readonly label?: string;
    }
  | { readonly type: 'crash'; readonly consumer: string; readonly label?: string }
  | { readonly type: 'restart'; readonly consumer: string; readonly label?: string }
  | { readonly type: 'close'; readonly consumer: string; readonly label?: string }
  | {
      readonly type: 'seek';
      readonly consumer: string;
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
      readonly label?: string;
    }
  | {
      readonly type: 'produce';
      readonly topic: string;
      readonly partition: number;
      readonly count: number;
      /** Written in one transaction, followed by its commit marker. */
      readonly transactional?: boolean;
      /** With `transactional`: the transaction is aborted (an abort marker follows; read_committed skips the records). */
      readonly aborted?: boolean;
      readonly label?: string;
    }
  | {
      readonly type: 'deleteRecords';
      readonly topic: string;
      readonly partition: number;
      /** The new log start offset: records below it are gone (retention). */
      readonly beforeOffset: number;
      readonly label?: string;
    }
  | { readonly type: 'wait'; readonly ms: number; readonly label?: string }
  /** The scenario's one transactional producer opens a transaction. */
  | { readonly type: 'beginTransaction'; readonly label?: string }
  /** Records written inside the open transaction: read_committed consumers stop before them (the LSO). */
  | {
      readonly type: 'produceTransactional';
      readonly topic: string;
      readonly partition: number;
      readonly count: number;
      readonly label?: string;
    }
  /** Commit markers end the transaction on every partition it wrote to. */
  | { readonly type: 'commitTransaction'; readonly label?: string }
  /** Abort markers end it; read_committed consumers skip its records. */
  | { readonly type: 'abortTransaction'; readonly label?: string };

/**
 * An action the scenario performs, in order. Each action becomes one step of the trace; `at` is
 * where a scenario file wrote it (an action inside `repeat N:` keeps the same `at` every iteration).
 */
export type Action = ActionBody & { readonly at?: SourcePosition };

/** A complete scenario: the cluster's starting state, the group's consumers and the actions. */
export interface Scenario {
  /** Identifier used by the CLI (`demo --scenario NAME`). */
  readonly name: string;
  /** Human title, e.g. "Commit after processing". */
  readonly title: string;
  /** One-line summary shown by `scenarios`. */
  readonly summary: string;
  readonly group: string;
  /** The group's settings; Kafka's defaults where absent. */
  readonly groupSettings?: Partial<GroupSettings>;
  /** The group settings as the scenario stated them (Kafka's names), for a run on a real broker. */
  readonly groupProperties?: Readonly<Record<string, string>>;
  readonly topics: readonly TopicSetup[];
  readonly consumers: readonly ConsumerSetup[];
  readonly actions: readonly Action[];
  /**
   * Steps whose outcome on a real broker depends on timing, with the reason: run-on-kafka leaves
   * them out of the comparison. Keyed by the action's position (line) in the scenario file.
   */
  readonly timingDependent?: readonly { readonly line: number; readonly reason: string }[];
}
