// The shapes of live Kafka data the product shows (groups, members, describe rows) and of the options
// to reach a cluster. Plain types only: no Kafka client, no `vscode`; shared by the CLI, the extension and tests.

import type { TopicPartition } from '../common/topicPartition';

/** TLS to the brokers. Without `enabled`, the connection is plaintext. */
export interface KafkaTlsOptions {
  readonly enabled: boolean;
  /** A PEM file of CA certificates to trust instead of the system's. */
  readonly caFile?: string;
  /** PEM text of CA certificates (e.g. `ssl.truststore.certificates`); used with or instead of `caFile`. */
  readonly caPem?: string;
  /** false accepts any certificate (skip-verify; warn the user). Default true. */
  readonly rejectUnauthorized?: boolean;
  /** false keeps the CA check but skips the host name check (`ssl.endpoint.identification.algorithm=`). Default true. */
  readonly checkHostname?: boolean;
}

/** The SASL mechanisms the client speaks. */
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER';

/** SASL credentials: a user name and password, or (OAUTHBEARER) a token. */
export type KafkaSaslOptions =
  | {
      readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
      readonly username: string;
      readonly password: string;
    }
  | { readonly mechanism: 'OAUTHBEARER'; readonly token: string };

/** Where the Kafka layer reports what it does. Each call gets one finished line. */
export interface KafkaLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How to reach a cluster. */
export interface KafkaConnectionOptions {
  /** `host:port` entries (at least one). */
  readonly bootstrapServers: readonly string[];
  /** Sent to the brokers as client.id; default `kafka-offset-trace`. */
  readonly clientId?: string;
  /** Every operation ends (result or error) within this many milliseconds; default 10,000. */
  readonly timeoutMs?: number;
  readonly tls?: KafkaTlsOptions;
  readonly sasl?: KafkaSaslOptions;
  /** Where requests, connections, timings and errors are reported (secrets redacted); default silent. */
  readonly logger?: KafkaLogger;
}

/** The default connection timeout (the extension's setting defaults to it too). */
export const defaultTimeoutMs = 10_000;
/** The default client id. */
export const defaultClientId = 'kafka-offset-trace';

/** The group protocol: `classic` (JoinGroup/SyncGroup) or KIP-848's `consumer`. */
export type GroupProtocol = 'classic' | 'consumer';

/** The four kinds of group of Kafka 4.x: classic, consumer (KIP-848), share (KIP-932) and streams (KIP-1071). */
export type GroupType = 'classic' | 'consumer' | 'share' | 'streams';

/** One line of a group listing, as `kafka-groups --list` shows it (GROUP TYPE PROTOCOL), with the state. */
export interface GroupListing {
  readonly groupId: string;
  /** As Kafka names it: Stable, Empty, PreparingRebalance, CompletingRebalance, Assigning, Reconciling, Dead, Unknown. */
  readonly state: string;
  readonly type: GroupType;
  /** Kafka's PROTOCOL column: the protocol type (`consumer`, `share`, `streams`, `connect`, or empty). */
  readonly protocolType: string;
}

export type { TopicPartition } from '../common/topicPartition';

/** A member of a group, from DescribeGroups (classic) or ConsumerGroupDescribe (consumer). */
export interface GroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  /** As the broker reports it, e.g. `/127.0.0.1`. */
  readonly host: string;
  /** The partitions the member owns now. */
  readonly assignedPartitions: readonly TopicPartition[];
  /** KIP-848 only: the partitions the member is moving to (null for classic members). */
  readonly targetPartitions: readonly TopicPartition[] | null;
  /** KIP-848 only: the member epoch (null for classic members). */
  readonly memberEpoch: number | null;
}

/**
 * One row of the describe table, with the semantics of Kafka's consumer group command `--describe`.
 * `null` is the tool's `-`.
 */
export interface DescribeRow {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset (the next offset to read); null when none was committed. */
  readonly currentOffset: number | null;
  /** The partition's log-end offset; null only when the partition has no leader (the tool shows `-`). */
  readonly logEndOffset: number | null;
  /** logEndOffset − currentOffset; null when either is unknown. */
  readonly lag: number | null;
  /** The owning member, or null for a committed partition that no member owns. */
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
}

/** A described group: state, protocol, members and the describe rows. */
export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  readonly protocol: GroupProtocol;
  /** The coordinator broker, `host:port`. */
  readonly coordinator: string;
  /** The coordinator's node id (absent where it was not asked). */
  readonly coordinatorId?: number;
  /** The group epoch (KIP-848) or generation (classic), and the assignment epoch (KIP-848), for `--state --verbose`. */
  readonly groupEpoch?: number;
  readonly assignmentEpoch?: number;
  /** The assignor: KIP-848's server assignor, or the classic group's protocol (e.g. `range`). */
  readonly assignor?: string;
  readonly members: readonly GroupMember[];
  readonly rows: readonly DescribeRow[];
}

/** What is known of one partition when planning. */
export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** For `datetime`: the first offset whose timestamp is at or after the time, null when none is. */
  readonly offsetForTime?: number | null;
}

/** A member of a share group (KIP-932), from ShareGroupDescribe. */
export interface ShareGroupMember {
  readonly memberId: string;
  readonly rackId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly host: string;
  readonly subscribedTopics: readonly string[];
  readonly assignedPartitions: readonly TopicPartition[];
}

/**
 * One row of `kafka-share-groups --describe`. The start offset is the share-partition start offset:
 * records before it are done with (acknowledged or archived); records after it may already be
 * delivered to a member and in flight, so it is not "the next record to read". `null` is the tool's `-`.
 */
export interface ShareDescribeRow {
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number | null;
  readonly leaderEpoch: number | null;
  /** As the broker computes it (DescribeShareGroupOffsets v1+): records not yet done with; null when unknown. */
  readonly lag: number | null;
}

/** A described share group. */
export interface ShareGroupDescription {
  readonly type: 'share';
  readonly groupId: string;
  readonly state: string;
  readonly coordinator: string;
  readonly coordinatorId: number;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  readonly assignor: string;
  readonly members: readonly ShareGroupMember[];
  readonly rows: readonly ShareDescribeRow[];
}

/** The tasks of one subtopology a streams member has: the partition numbers of its source topics. */
export interface StreamsTasks {
  readonly subtopologyId: string;
  readonly partitions: readonly number[];
}

/** A streams member's tasks: active, standby and warm-up. */
export interface StreamsAssignment {
  readonly active: readonly StreamsTasks[];
  readonly standby: readonly StreamsTasks[];
  readonly warmup: readonly StreamsTasks[];
}

/** A member of a streams group (KIP-1071), from StreamsGroupDescribe. */
export interface StreamsGroupMember {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly clientId: string;
  readonly host: string;
  readonly processId: string;
  /** True for a member still on the classic protocol. */
  readonly isClassic: boolean;
  readonly assignment: StreamsAssignment;
  readonly targetAssignment: StreamsAssignment;
}

/** A subtopology of a streams group's topology: the topics its tasks read. */
export interface StreamsSubtopology {
  readonly subtopologyId: string;
  readonly sourceTopics: readonly string[];
  readonly repartitionSourceTopics: readonly string[];
}

/**
 * One row of `kafka-streams-groups --describe --verbose`. Its lag rule differs from the consumer
 * group tool's: with a committed offset, log end − committed; without one, log end − log start (the
 * whole log is still to be read), never `-`. `lagRule` says which produced the number.
 */
export interface StreamsDescribeRow {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly leaderEpoch: number | null;
  readonly logEndOffset: number | null;
  readonly lag: number | null;
  readonly lagRule: 'log end − committed' | 'log end − log start (no committed offset)' | 'unknown (no leader)';
}

/** A described streams group. */
export interface StreamsGroupDescription {
  readonly type: 'streams';
  readonly groupId: string;
  readonly state: string;
  readonly coordinator: string;
  readonly coordinatorId: number;
  readonly groupEpoch: number;
  readonly targetAssignmentEpoch: number;
  readonly topologyEpoch: number;
  /** The server-side assignor (StreamsGroupDescribe v1+). */
  readonly assignor?: string;
  readonly subtopologies: readonly StreamsSubtopology[];
  readonly members: readonly StreamsGroupMember[];
  readonly rows: readonly StreamsDescribeRow[];
}

/** A consumer group (classic or KIP-848) as {@link GroupDescription}, tagged with its type. */
export type ConsumerGroupDescription = GroupDescription & { readonly type: 'classic' | 'consumer' };

/** A described group of any of the four types. */
export type AnyGroupDescription = ConsumerGroupDescription | ShareGroupDescription | StreamsGroupDescription;
