// The configuration properties of Apache Kafka's Java consumer (4.x) and of its consumer groups:
// type, Kafka's default, a one-line meaning, and which ones the simulator models. The scenario
// parser validates settings with it; the editor uses it for completion and hover.

import type { ClassicAssignor, ConsumerConfig, GroupSettings } from '../simulator/model';

/** How Kafka's ConfigDef types a property (PASSWORD and CLASS read as text; ENUM is a STRING with a fixed set). */
export type KafkaValueType = 'int' | 'long' | 'boolean' | 'string' | 'list' | 'class' | 'password' | 'enum';

/** The two group protocols of the Java consumer (`group.protocol`). */
export type GroupProtocolName = 'classic' | 'consumer';

/** A default value as Kafka states it; `null` when Kafka has none (unset). */
export type KafkaDefaultValue = string | number | boolean | readonly string[] | null;

/** One configuration property and how the simulator treats it. */
export interface KafkaPropertyDescription {
  /** Kafka's own property name, e.g. `max.poll.records`. */
  readonly name: string;
  readonly type: KafkaValueType;
  /** For `enum`: the values Kafka accepts. */
  readonly allowedValues?: readonly string[];
  /** For `enum`: Kafka compares without case (its CaseInsensitiveValidString). */
  readonly caseInsensitive?: boolean;
  /** For `int`/`long`: the least value Kafka's validator accepts. */
  readonly minimum?: number;
  /** For text: Kafka refuses an empty string. */
  readonly nonEmpty?: boolean;
  /** Kafka's default. */
  readonly defaultValue: KafkaDefaultValue;
  /** What the property does, in one line. */
  readonly meaning: string;
  /** The {@link ConsumerConfig} field the simulator honours for it; absent when the simulator does not model it. */
  readonly simulatorField?: keyof ConsumerConfig;
  /** For a group setting: the {@link GroupSettings} field the simulator honours for it. */
  readonly groupSettingField?: keyof GroupSettings;
  /** The group protocols with which the Java client refuses the property (ConfigException at construction). */
  readonly refusedWith?: readonly GroupProtocolName[];
  /** What to write instead, when the chosen group protocol refuses the property. */
  readonly refusalHint?: string;
}

const classicOnly: readonly GroupProtocolName[] = ['consumer'];
const consumerOnly: readonly GroupProtocolName[] = ['classic'];
const shareOnly: readonly GroupProtocolName[] = ['classic', 'consumer'];

/**
 * The Java consumer's properties (ConsumerConfig, CommonClientConfigs, the common SSL/SASL ones),
 * defaults as in Kafka 4.x. `refusedWith` follows ConsumerConfig's CLASSIC_/CONSUMER_PROTOCOL_UNSUPPORTED_CONFIGS.
 */
export const consumerProperties: readonly KafkaPropertyDescription[] = [
  // --- what the simulator models ---
  {
    name: 'max.poll.records',
    type: 'int',
    minimum: 1,
    defaultValue: 500,
    meaning: 'The most records one poll() returns; the rest stay fetched for the next poll.',
    simulatorField: 'maxPollRecords',
  },
  {
    name: 'enable.auto.commit',
    type: 'boolean',
    defaultValue: true,
    meaning: 'Commit the position automatically, every auto.commit.interval.ms during poll() and on close.',
    simulatorField: 'enableAutoCommit',
  },
  {
    name: 'auto.commit.interval.ms',
    type: 'int',
    minimum: 0,
    defaultValue: 5000,
    meaning: 'How often, in milliseconds, auto-commit commits the position (when enable.auto.commit is true).',
    simulatorField: 'autoCommitIntervalMs',
  },
  {
    name: 'auto.offset.reset',
    type: 'enum',
    allowedValues: ['earliest', 'latest', 'none'],
    defaultValue: 'latest',
    meaning:
      'Where to start with no committed offset, or one no longer in the log: earliest (log start), latest (log end) or none (throw).',
    simulatorField: 'autoOffsetReset',
  },
  {
    name: 'isolation.level',
    type: 'enum',
    allowedValues: ['read_uncommitted', 'read_committed'],
    defaultValue: 'read_uncommitted',
    meaning:
      'read_committed reads only up to the last stable offset and skips aborted records; read_uncommitted reads everything.',
    simulatorField: 'isolationLevel',
  },
  // --- the group ---
  {
    name: 'group.id',
    type: 'string',
    defaultValue: null,
    meaning: 'The consumer group this consumer joins and commits offsets for (the scenario sets it with `group:`).',
  },
  {
    name: 'group.instance.id',
    type: 'string',
    nonEmpty: true,
    defaultValue: null,
    meaning:
      'Makes the consumer a static member: a restart with the same id gets its partitions back without a rebalance.',
  },
  {
    name: 'group.protocol',
    type: 'enum',
    allowedValues: ['classic', 'consumer'],
    caseInsensitive: true,
    defaultValue: 'classic',
    meaning:
      'classic (JoinGroup/SyncGroup, client-side assignment) or consumer (KIP-848: the broker assigns partitions).',
    simulatorField: 'groupProtocol',
  },
  {
    name: 'group.remote.assignor',
    type: 'string',
    defaultValue: null,
    meaning:
      'With group.protocol=consumer: the server-side assignor to ask for (uniform or range); unset lets the broker pick.',
    refusedWith: consumerOnly,
    refusalHint:
      'it names a server-side assignor of the consumer protocol: set group.protocol: consumer, or choose a client-side one with partition.assignment.strategy',
  },
  {
    name: 'session.timeout.ms',
    type: 'int',
    defaultValue: 45000,
    meaning:
      'Classic protocol: how long the broker waits without a heartbeat before it removes the member and rebalances.',
    refusedWith: classicOnly,
    refusalHint:
      'under the consumer protocol (KIP-848) the broker sets the session timeout: state group.consumer.session.timeout.ms in the group mapping',
    simulatorField: 'sessionTimeoutMs',
  },
  {
    name: 'heartbeat.interval.ms',
    type: 'int',
    defaultValue: 3000,
    meaning: 'Classic protocol: how often the consumer sends heartbeats to the group coordinator.',
    refusedWith: classicOnly,
    refusalHint:
      'under the consumer protocol (KIP-848) the broker sets the heartbeat interval: state group.consumer.heartbeat.interval.ms in the group mapping',
    simulatorField: 'heartbeatIntervalMs',
  },
  {
    name: 'partition.assignment.strategy',
    type: 'list',
    defaultValue: [
      'org.apache.kafka.clients.consumer.RangeAssignor',
      'org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
    ],
    meaning:
      'Classic protocol: the client-side assignors, in preference order; the default [range, cooperative-sticky] runs range (eager).',
    refusedWith: classicOnly,
    refusalHint:
      'under the consumer protocol (KIP-848) the broker assigns partitions: name a server-side assignor with group.remote.assignor (uniform or range)',
    simulatorField: 'assignor',
  },
  {
    name: 'max.poll.interval.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 300000,
    meaning: 'The longest time between two poll() calls before the consumer is considered failed and leaves the group.',
    simulatorField: 'maxPollIntervalMs',
  },
  {
    name: 'share.acknowledgement.mode',
    type: 'enum',
    allowedValues: ['implicit', 'explicit'],
    caseInsensitive: true,
    defaultValue: 'implicit',
    meaning: 'Share consumers only (KIP-932): whether records are acknowledged implicitly or by acknowledge().',
    refusedWith: shareOnly,
    refusalHint: 'it is a setting of share consumers (KafkaShareConsumer, KIP-932), not of KafkaConsumer',
  },
  // --- fetching ---
  {
    name: 'fetch.min.bytes',
    type: 'int',
    minimum: 0,
    defaultValue: 1,
    meaning: 'The least data the broker should gather before it answers a fetch (it waits up to fetch.max.wait.ms).',
  },
  {
    name: 'fetch.max.bytes',
    type: 'int',
    minimum: 0,
    defaultValue: 52428800,
    meaning: 'The most data one fetch response should carry (a soft limit: a first large batch is still returned).',
  },
  {
    name: 'fetch.max.wait.ms',
    type: 'int',
    minimum: 0,
    defaultValue: 500,
    meaning: 'The longest the broker holds a fetch while fewer than fetch.min.bytes are available.',
  },
  {
    name: 'max.partition.fetch.bytes',
    type: 'int',
    minimum: 0,
    defaultValue: 1048576,
    meaning: 'The most data one fetch returns per partition (a soft limit, as fetch.max.bytes).',
  },
  {
    name: 'check.crcs',
    type: 'boolean',
    defaultValue: true,
    meaning: 'Verify the CRC32 of fetched records to catch corruption on the wire or on disk.',
  },
  {
    name: 'exclude.internal.topics',
    type: 'boolean',
    defaultValue: true,
    meaning: 'Leave internal topics (such as __consumer_offsets) out of a pattern subscription.',
  },
  {
    name: 'allow.auto.create.topics',
    type: 'boolean',
    defaultValue: true,
    meaning: 'Let subscribing to a missing topic create it, when the broker allows auto-creation.',
  },
  {
    name: 'key.deserializer',
    type: 'class',
    defaultValue: null,
    meaning: 'The class that turns record key bytes into objects (required unless passed to the constructor).',
  },
  {
    name: 'value.deserializer',
    type: 'class',
    defaultValue: null,
    meaning: 'The class that turns record value bytes into objects (required unless passed to the constructor).',
  },
  {
    name: 'interceptor.classes',
    type: 'list',
    defaultValue: [],
    meaning: 'Classes that see (and may change) records before poll() returns them and offsets when committed.',
  },
  // --- the client and its connections ---
  {
    name: 'bootstrap.servers',
    type: 'list',
    defaultValue: null,
    meaning: 'host:port pairs the client contacts first to discover the cluster (required by a real client).',
  },
  {
    name: 'client.id',
    type: 'string',
    defaultValue: '',
    meaning: 'A name sent with every request, shown by the group tool as CLIENT-ID; empty gets consumer-<group>-<n>.',
  },
  {
    name: 'client.rack',
    type: 'string',
    defaultValue: '',
    meaning: 'The rack the consumer runs in, so it can fetch from a replica in the same rack (KIP-392).',
  },
  {
    name: 'client.dns.lookup',
    type: 'enum',
    allowedValues: ['use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'],
    defaultValue: 'use_all_dns_ips',
    meaning: 'How host names resolve: try every IP of a name, or resolve bootstrap names to their canonical names.',
  },
  {
    name: 'request.timeout.ms',
    type: 'int',
    minimum: 0,
    defaultValue: 30000,
    meaning: 'How long the client waits for a response to a request before it retries or fails.',
  },
  {
    name: 'default.api.timeout.ms',
    type: 'int',
    minimum: 0,
    defaultValue: 60000,
    meaning: 'The timeout of blocking consumer calls (commitSync, position, …) that take no explicit timeout.',
  },
  {
    name: 'metadata.max.age.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 300000,
    meaning: 'Refresh cluster metadata at least this often, to notice new partitions and leaders.',
  },
  {
    name: 'metadata.recovery.strategy',
    type: 'enum',
    allowedValues: ['none', 'rebootstrap'],
    caseInsensitive: true,
    defaultValue: 'rebootstrap',
    meaning: 'What to do when no known broker is reachable: rebootstrap from bootstrap.servers, or none.',
  },
  {
    name: 'metadata.recovery.rebootstrap.trigger.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 300000,
    meaning: 'With rebootstrap: how long without metadata from any known broker before the client bootstraps again.',
  },
  {
    name: 'connections.max.idle.ms',
    type: 'long',
    defaultValue: 540000,
    meaning: 'Close connections that stayed idle this long.',
  },
  {
    name: 'reconnect.backoff.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 50,
    meaning: 'The first wait before reconnecting to a broker after a failed connection.',
  },
  {
    name: 'reconnect.backoff.max.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 1000,
    meaning: 'The longest wait between reconnection attempts (the backoff grows exponentially up to it).',
  },
  {
    name: 'retry.backoff.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 100,
    meaning: 'The first wait before retrying a failed request.',
  },
  {
    name: 'retry.backoff.max.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 1000,
    meaning: 'The longest wait between retries of a failing request (exponential backoff).',
  },
  {
    name: 'socket.connection.setup.timeout.ms',
    type: 'long',
    defaultValue: 10000,
    meaning: 'How long the client waits for a socket connection to be established before giving up on it.',
  },
  {
    name: 'socket.connection.setup.timeout.max.ms',
    type: 'long',
    defaultValue: 30000,
    meaning: 'The longest connection setup timeout, as it grows exponentially after failures.',
  },
  {
    name: 'send.buffer.bytes',
    type: 'int',
    minimum: -1,
    defaultValue: 131072,
    meaning: 'The TCP send buffer size (SO_SNDBUF); -1 uses the operating system default.',
  },
  {
    name: 'receive.buffer.bytes',
    type: 'int',
    minimum: -1,
    defaultValue: 65536,
    meaning: 'The TCP receive buffer size (SO_RCVBUF); -1 uses the operating system default.',
  },
  {
    name: 'config.providers',
    type: 'list',
    defaultValue: [],
    meaning: 'Names of ConfigProvider classes that resolve ${provider:path:key} references in other settings.',
  },
  // --- metrics ---
  {
    name: 'enable.metrics.push',
    type: 'boolean',
    defaultValue: true,
    meaning: 'Push client metrics to the broker when the cluster asks for them (KIP-714).',
  },
  {
    name: 'metrics.sample.window.ms',
    type: 'long',
    minimum: 0,
    defaultValue: 30000,
    meaning: 'The time window over which metric samples are computed.',
  },
  {
    name: 'metrics.num.samples',
    type: 'int',
    minimum: 1,
    defaultValue: 2,
    meaning: 'How many samples are kept to compute metrics.',
  },
  {
    name: 'metrics.recording.level',
    type: 'enum',
    allowedValues: ['INFO', 'DEBUG', 'TRACE'],
    defaultValue: 'INFO',
    meaning: 'The most detailed level of metrics recorded.',
  },
  {
    name: 'metric.reporters',
    type: 'list',
    defaultValue: ['org.apache.kafka.common.metrics.JmxReporter'],
    meaning: 'Classes that receive the client metrics (JMX by default).',
  },
  // --- security (the common ones; other ssl.* and sasl.* names are accepted with a warning) ---
  {
    name: 'security.protocol',
    type: 'enum',
    allowedValues: ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'],
    caseInsensitive: true,
    defaultValue: 'PLAINTEXT',
    meaning: 'How the client talks to brokers: plain or TLS, with or without SASL authentication.',
  },
  {
    name: 'security.providers',
    type: 'string',
    defaultValue: null,
    meaning: 'Classes that create extra security algorithm providers.',
  },
  {
    name: 'sasl.mechanism',
    type: 'string',
    defaultValue: 'GSSAPI',
    meaning: 'The SASL mechanism: GSSAPI, PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.',
  },
  {
    name: 'sasl.jaas.config',
    type: 'password',
    defaultValue: null,
    meaning: 'The JAAS login module line with its options (user name, password, …) for SASL.',
  },
  {
    name: 'ssl.protocol',
    type: 'string',
    defaultValue: 'TLSv1.3',
    meaning: 'The TLS protocol used to create the SSL context.',
  },
  {
    name: 'ssl.enabled.protocols',
    type: 'list',
    defaultValue: ['TLSv1.2', 'TLSv1.3'],
    meaning: 'The TLS protocol versions the client accepts.',
  },
  {
    name: 'ssl.endpoint.identification.algorithm',
    type: 'string',
    defaultValue: 'https',
    meaning: 'Check the broker certificate against its host name (https); empty turns the check off.',
  },
  {
    name: 'ssl.truststore.location',
    type: 'string',
    defaultValue: null,
    meaning: 'The file holding the certificates the client trusts.',
  },
  {
    name: 'ssl.truststore.password',
    type: 'password',
    defaultValue: null,
    meaning: 'The password of the trust store.',
  },
  {
    name: 'ssl.truststore.type',
    type: 'string',
    defaultValue: 'JKS',
    meaning: 'The format of the trust store file (JKS, PKCS12, PEM).',
  },
  {
    name: 'ssl.keystore.location',
    type: 'string',
    defaultValue: null,
    meaning: "The file holding the client's own key and certificate, for TLS client authentication.",
  },
  {
    name: 'ssl.keystore.password',
    type: 'password',
    defaultValue: null,
    meaning: 'The password of the key store.',
  },
  {
    name: 'ssl.keystore.type',
    type: 'string',
    defaultValue: 'JKS',
    meaning: 'The format of the key store file (JKS, PKCS12, PEM).',
  },
  {
    name: 'ssl.key.password',
    type: 'password',
    defaultValue: null,
    meaning: 'The password of the private key in the key store.',
  },
];

/**
 * Group-level settings a scenario's `group:` mapping may state: the broker's group coordinator
 * configs (GroupCoordinatorConfig, Kafka 4.x defaults) and the per-group dynamic configs (GroupConfig,
 * set with `kafka-configs.sh --entity-type groups`). The consumer protocol's session timeout and heartbeat
 * interval are modelled (`groupSettingField`).
 */
export const groupProperties: readonly KafkaPropertyDescription[] = [
  {
    name: 'group.consumer.session.timeout.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 45000,
    meaning: 'Consumer protocol (KIP-848): how long the broker waits without a heartbeat before it fences a member.',
    groupSettingField: 'consumerSessionTimeoutMs',
  },
  {
    name: 'group.consumer.min.session.timeout.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 45000,
    meaning: 'Consumer protocol: the least session timeout the broker allows.',
  },
  {
    name: 'group.consumer.max.session.timeout.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 60000,
    meaning: 'Consumer protocol: the greatest session timeout the broker allows.',
  },
  {
    name: 'group.consumer.heartbeat.interval.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 5000,
    meaning: 'Consumer protocol: the heartbeat interval the broker gives the members.',
    groupSettingField: 'consumerHeartbeatIntervalMs',
  },
  {
    name: 'group.consumer.min.heartbeat.interval.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 5000,
    meaning: 'Consumer protocol: the least heartbeat interval the broker allows.',
  },
  {
    name: 'group.consumer.max.heartbeat.interval.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 15000,
    meaning: 'Consumer protocol: the greatest heartbeat interval the broker allows.',
  },
  {
    name: 'group.consumer.assignors',
    type: 'list',
    defaultValue: [
      'org.apache.kafka.coordinator.group.assignor.UniformAssignor',
      'org.apache.kafka.coordinator.group.assignor.RangeAssignor',
    ],
    meaning:
      'Consumer protocol: the server-side assignors (uniform, range); the first is used when a member names none.',
  },
  {
    name: 'group.consumer.max.size',
    type: 'int',
    minimum: 1,
    defaultValue: 2147483647,
    meaning: 'Consumer protocol: the most members one group may have.',
  },
  {
    name: 'consumer.session.timeout.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 45000,
    meaning: "This group's own session timeout under the consumer protocol (a dynamic group config).",
    groupSettingField: 'consumerSessionTimeoutMs',
  },
  {
    name: 'consumer.heartbeat.interval.ms',
    type: 'int',
    minimum: 1,
    defaultValue: 5000,
    meaning: "This group's own heartbeat interval under the consumer protocol (a dynamic group config).",
    groupSettingField: 'consumerHeartbeatIntervalMs',
  },
  {
    name: 'group.min.session.timeout.ms',
    type: 'int',
    defaultValue: 6000,
    meaning: "Classic protocol: the least session.timeout.ms a member may ask for (the broker's bound).",
  },
  {
    name: 'group.max.session.timeout.ms',
    type: 'int',
    defaultValue: 1800000,
    meaning: "Classic protocol: the greatest session.timeout.ms a member may ask for (the broker's bound).",
  },
  {
    name: 'group.initial.rebalance.delay.ms',
    type: 'int',
    defaultValue: 3000,
    meaning:
      'Classic protocol: how long the coordinator waits for more members before the first rebalance of a new group.',
  },
  {
    name: 'group.max.size',
    type: 'int',
    minimum: 1,
    defaultValue: 2147483647,
    meaning: 'Classic protocol: the most members one group may have.',
  },
  {
    name: 'offsets.retention.minutes',
    type: 'int',
    minimum: 1,
    defaultValue: 10080,
    meaning: 'How long the committed offsets of an empty group are kept before they expire (7 days).',
  },
];

const consumerPropertyByName = new Map(consumerProperties.map((property) => [property.name, property]));
const groupPropertyByName = new Map(groupProperties.map((property) => [property.name, property]));

/** The consumer property of that exact name (Kafka names are case-sensitive). */
export function findConsumerProperty(name: string): KafkaPropertyDescription | undefined {
  return consumerPropertyByName.get(name);
}

/** The group-level property of that exact name. */
export function findGroupProperty(name: string): KafkaPropertyDescription | undefined {
  return groupPropertyByName.get(name);
}

/**
 * Whether a name belongs to Kafka's SSL/SASL client settings (`ssl.*`, `sasl.*`), of which the catalog
 * lists only the common ones: the others are real settings too, accepted with a warning.
 */
export function isSecurityPropertyName(name: string): boolean {
  return /^(ssl|sasl)\.[a-z0-9]+(\.[a-z0-9]+)*$/.test(name);
}

/** A default as Kafka's documentation shows it: `500`, `true`, `latest`, `[a, b]`, `null`, `""`. */
export function formatKafkaDefault(value: KafkaDefaultValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.join(', ')}]`;
}

/** The type as a scenario author reads it: `an int`, `a boolean`, `one of earliest, latest, none`, … */
export function describeKafkaType(property: KafkaPropertyDescription): string {
  switch (property.type) {
    case 'int':
      return 'an int';
    case 'long':
      return 'a long';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'string':
      return 'a string';
    case 'list':
      return 'a list (comma-separated or a YAML list)';
    case 'class':
      return 'a class name';
    case 'password':
      return 'a password string';
    case 'enum':
      return `one of ${(property.allowedValues ?? []).join(', ')}`;
  }
}

/** The Java classes of the classic protocol's assignors, by the short names scenario files may use. */
export const assignorClasses: Readonly<Record<ClassicAssignor, string>> = {
  range: 'org.apache.kafka.clients.consumer.RangeAssignor',
  roundrobin: 'org.apache.kafka.clients.consumer.RoundRobinAssignor',
  sticky: 'org.apache.kafka.clients.consumer.StickyAssignor',
  'cooperative-sticky': 'org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
};

/**
 * The assignor a `partition.assignment.strategy` list makes the group run, or undefined for a name that
 * is not one of Kafka's. The first assignor is used; the rebalance is COOPERATIVE only when every
 * listed assignor supports it (ConsumerCoordinator), so [cooperative-sticky, range] runs sticky, EAGER.
 */
export function assignorOf(strategies: readonly string[]): ClassicAssignor | undefined {
  const names: ClassicAssignor[] = [];
  for (const strategy of strategies) {
    const text = strategy.trim();
    const short = (Object.keys(assignorClasses) as ClassicAssignor[]).find(
      (name) => name === text || assignorClasses[name] === text,
    );
    if (!short) return undefined;
    names.push(short);
  }
  if (names.length === 0) return undefined;
  const first = names[0];
  if (first === 'cooperative-sticky' && names.some((name) => name !== 'cooperative-sticky')) return 'sticky';
  return first;
}
