// The shapes of live Kafka data the product shows (groups, members, describe rows) and of the options
// to reach a cluster. Plain types only: no Kafka client, no `vscode`; shared by the CLI, the extension and tests.

import type { TopicPartition } from '../common/topicPartition';
import type { KafkaLogger } from './kafkaLogger';

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

/** One line of a group listing. */
export interface GroupListing {
  readonly groupId: string;
  /** As Kafka names it: Stable, Empty, PreparingRebalance, CompletingRebalance, Assigning, Reconciling, Dead, Unknown. */
  readonly state: string;
  readonly protocol: GroupProtocol;
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
