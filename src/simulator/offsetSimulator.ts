// The offset simulator: a small model of Kafka partitions, one consumer group and its
// consumers, that applies actions with Kafka's real offset rules and reports what changed.
// It knows nothing of tables or VS Code; the trace layer turns its states into rows.

import {
  type Action,
  type AutoOffsetReset,
  type ConsumerConfig,
  type Scenario,
  type SourcePosition,
  type TopicPartition,
  compareTopicPartitions,
  defaultConsumerConfig,
  partitionKey,
} from './model';

/** A scenario asked for something Kafka would refuse (e.g. poll before start). */
export class ScenarioError extends Error {
  /**
   * @param at where the failing action was written in a scenario file, when known.
   * @param step the 1-based step of the failing action, when known.
   */
  constructor(
    message: string,
    readonly at?: SourcePosition,
    readonly step?: number,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** A record that a consumer holds: polled and not yet processed, or the one in hand. */
export interface RecordRef extends TopicPartition {
  readonly offset: number;
}

/** Where a consumer's position for a partition came from when it was (re)initialised. */
export interface PositionOrigin extends TopicPartition {
  readonly consumer: string;
  readonly offset: number;
  readonly source: 'committed' | 'reset';
  /** Only for `reset`: why the committed offset could not be used. */
  readonly reason?: 'no-committed-offset' | 'out-of-range';
  readonly committedOffset?: number;
  readonly policy?: AutoOffsetReset;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

/** A commit the group stored. */
export interface CommitEffect extends TopicPartition {
  readonly consumer: string;
  readonly offset: number;
  readonly previous: number | null;
  /** The log start offset when the commit was made (records below it no longer exist). */
  readonly logStartOffset: number;
  readonly kind: 'sync' | 'async' | 'auto' | 'explicit';
}

/** A partition whose owner changed in a rebalance. */
export interface OwnershipChange extends TopicPartition {
  readonly from: string | null;
  readonly to: string | null;
}

/** Everything one action did, for the trace and the key-moment analysis. */
export interface StepEffects {
  readonly processed: RecordRef[];
  readonly polled: RecordRef[];
  readonly commits: CommitEffect[];
  readonly positionOrigins: PositionOrigin[];
  readonly ownershipChanges: OwnershipChange[];
  readonly produced: RecordRef[];
  /** Records that polled records were dropped without processing (crash, seek, revoke, re-poll). */
  readonly discarded: RecordRef[];
}

/** The outcome of one action. */
export interface StepOutcome {
  readonly actionType: Action['type'];
  /** The consumer and partition the action acted on: the one the table's columns describe. */
  readonly focus: { readonly consumer: string } & TopicPartition;
  readonly effects: StepEffects;
}

/** One partition's offsets as one consumer sees them. */
export interface ConsumerPartitionState extends TopicPartition {
  /** The record in hand, else the position, else null. */
  readonly offsetRead: number | null;
  /** The offset of the record in hand, or null when none is. */
  readonly recordInHand: number | null;
  readonly position: number | null;
  readonly committedOffset: number | null;
  readonly nextOffsetToRead: number | null;
  readonly logEndOffset: number;
  readonly lag: number | null;
}

/** A consumer at one moment. */
export interface ConsumerState {
  readonly id: string;
  readonly status: 'not started' | 'running' | 'crashed' | 'closed';
  readonly assignment: readonly TopicPartition[];
  readonly partitions: readonly ConsumerPartitionState[];
  /** Records polled and not yet processed. */
  readonly pending: readonly RecordRef[];
}

/** A partition's log and the group's committed offset for it. */
export interface PartitionState extends TopicPartition {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly committedOffset: number | null;
  readonly owner: string | null;
  /** Offsets taken by transaction markers (never returned to an application). */
  readonly controlOffsets: readonly number[];
  /** Where read_committed consumers stop: the first offset of an open transaction, else the log end. */
  readonly lastStableOffset: number;
}

/** The whole simulated world at one moment. */
export interface SimulatorState {
  readonly clockMs: number;
  readonly group: string;
  readonly partitions: readonly PartitionState[];
  readonly consumers: readonly ConsumerState[];
}

interface MutableLog extends TopicPartition {
  logStartOffset: number;
  logEndOffset: number;
  controlOffsets: Set<number>;
  /** Records of aborted transactions: read_committed consumers never receive them. */
  abortedOffsets: Set<number>;
  /** First offset of the open transaction on this partition, or null: read_committed reads stop there (the LSO). */
  openTransactionStart: number | null;
}

interface MutableConsumer {
  readonly id: string;
  readonly config: ConsumerConfig;
  status: ConsumerState['status'];
  assignment: TopicPartition[];
  /** Position per partition; kept after close or crash so the table can show where it stopped. */
  positions: Map<string, number>;
  /** Last processed offset per partition since the partition was assigned. */
  lastProcessed: Map<string, number>;
  pending: RecordRef[];
  inHand: RecordRef | null;
  lastAutoCommitMs: number;
  pollRotation: number;
  /** The partitions last owned, shown after the consumer stopped. */
  lastOwned: TopicPartition[];
}

function emptyEffects(): StepEffects {
  return {
    processed: [],
    polled: [],
    commits: [],
    positionOrigins: [],
    ownershipChanges: [],
    produced: [],
    discarded: [],
  };
}

/**
 * Simulates one consumer group reading a set of partitions. Apply actions one at a time with
 * {@link apply}; read the world with {@link state}.
 */
export class OffsetSimulator {
  private clockMs = 0;
  private readonly logs = new Map<string, MutableLog>();
  private readonly committed = new Map<string, number>();
  private readonly consumers = new Map<string, MutableConsumer>();
  private readonly consumerOrder: string[] = [];
  private readonly group: string;
  /** The transactional producer's open transaction: per partition, its first offset and its records. */
  private transaction: Map<string, { first: number; offsets: number[] }> | null = null;

  constructor(scenario: Pick<Scenario, 'group' | 'topics' | 'consumers'>) {
    this.group = scenario.group;
    for (const topic of scenario.topics) {
      for (const setup of topic.partitions) {
        const logStartOffset = setup.logStartOffset ?? 0;
        const log: MutableLog = {
          topic: topic.name,
          partition: setup.partition,
          logStartOffset,
          logEndOffset: logStartOffset + setup.records,
          controlOffsets: new Set(),
          abortedOffsets: new Set(),
          openTransactionStart: null,
        };
        this.logs.set(partitionKey(log), log);
      }
    }
    if (this.logs.size === 0) {
      throw new ScenarioError('a scenario needs at least one topic partition');
    }
    for (const setup of scenario.consumers) {
      if (this.consumers.has(setup.id)) {
        throw new ScenarioError(`consumer "${setup.id}" is declared twice`);
      }
      const config: ConsumerConfig = { ...defaultConsumerConfig, ...setup.config };
      if (!Number.isInteger(config.maxPollRecords) || config.maxPollRecords < 1) {
        throw new ScenarioError(`consumer "${setup.id}": max.poll.records must be a positive integer`);
      }
      this.consumers.set(setup.id, {
        id: setup.id,
        config,
        status: 'not started',
        assignment: [],
        positions: new Map(),
        lastProcessed: new Map(),
        pending: [],
        inHand: null,
        lastAutoCommitMs: 0,
        pollRotation: 0,
        lastOwned: [],
      });
      this.consumerOrder.push(setup.id);
    }
    if (this.consumers.size === 0) {
      throw new ScenarioError('a scenario needs at least one consumer');
    }
  }

  /** Applies one action and returns what it did. Throws {@link ScenarioError} on an invalid action. */
  apply(action: Action): StepOutcome {
    const ownersBefore = new Map([...this.logs.values()].map((log) => [partitionKey(log), this.ownerOf(log)]));
    const outcome = this.applyAction(action, emptyEffects());
    for (const log of this.logs.values()) {
      const from = ownersBefore.get(partitionKey(log)) ?? null;
      const to = this.ownerOf(log);
      if (from !== to) {
        outcome.effects.ownershipChanges.push({ topic: log.topic, partition: log.partition, from, to });
      }
    }
    return outcome;
  }

  private applyAction(action: Action, effects: StepEffects): StepOutcome {
    switch (action.type) {
      case 'start':
      case 'restart': {
        const consumer = this.consumer(action.consumer);
        if (consumer.status === 'running') {
          throw new ScenarioError(`consumer "${consumer.id}" is already running`);
        }
        consumer.status = 'running';
        consumer.positions = new Map();
        consumer.lastProcessed = new Map();
        consumer.pending = [];
        consumer.inHand = null;
        consumer.lastAutoCommitMs = this.clockMs;
        this.rebalance(effects);
        return this.outcome(action, consumer, consumer.assignment[0], effects);
      }
      case 'poll':
        return this.poll(action, effects);
      case 'process': {
        const consumer = this.running(action.consumer, 'process a record');
        const record = consumer.pending.shift();
        if (!record) {
          throw new ScenarioError(`consumer "${consumer.id}" has no polled record left to process`);
        }
        consumer.inHand = record;
        consumer.lastProcessed.set(partitionKey(record), record.offset);
        effects.processed.push(record);
        return this.outcome(action, consumer, record, effects);
      }
      case 'commitSync':
      case 'commitAsync': {
        const consumer = this.running(action.consumer, 'commit');
        this.commitPositions(consumer, action.type === 'commitSync' ? 'sync' : 'async', effects);
        return this.outcome(action, consumer, this.focusPartition(consumer), effects);
      }
      case 'commitProcessed': {
        const consumer = this.running(action.consumer, 'commit');
        for (const tp of consumer.assignment) {
          const processed = consumer.lastProcessed.get(partitionKey(tp));
          if (processed !== undefined) {
            this.commit(consumer, tp, processed + 1, 'explicit', effects);
          }
        }
        // The row shows the partition the commit wrote (the first, when it wrote several).
        const committedFirst = effects.commits[0];
        return this.outcome(action, consumer, committedFirst ?? this.focusPartition(consumer), effects);
      }
      case 'commitOffsets': {
        const consumer = this.running(action.consumer, 'commit');
        if (action.offsets.length === 0)
          throw new ScenarioError('commitSync with offsets needs at least one partition');
        const first = this.log(action.offsets[0]);
        for (const wanted of action.offsets) {
          const tp = this.log(wanted);
          if (!Number.isInteger(wanted.offset) || wanted.offset < 0) {
            throw new ScenarioError(`commit offset must be a non-negative integer, got ${wanted.offset}`);
          }
          this.commit(consumer, tp, wanted.offset, 'explicit', effects);
        }
        return this.outcome(action, consumer, first, effects);
      }
      case 'crash': {
        const consumer = this.running(action.consumer, 'crash');
        const focus = this.focusPartition(consumer);
        effects.discarded.push(...consumer.pending);
        this.stopConsumer(consumer, 'crashed');
        this.rebalance(effects);
        return this.outcome(action, consumer, focus, effects);
      }
      case 'close': {
        const consumer = this.running(action.consumer, 'close');
        if (consumer.config.enableAutoCommit) {
          this.commitPositions(consumer, 'auto', effects);
        }
        const focus = this.focusPartition(consumer);
        effects.discarded.push(...consumer.pending);
        this.stopConsumer(consumer, 'closed');
        this.rebalance(effects);
        return this.outcome(action, consumer, focus, effects);
      }
      case 'seek': {
        const consumer = this.running(action.consumer, 'seek');
        const tp = this.log({ topic: action.topic, partition: action.partition });
        if (!this.isAssigned(consumer, tp)) {
          throw new ScenarioError(`consumer "${consumer.id}" cannot seek ${partitionKey(tp)}: it is not assigned`);
        }
        const key = partitionKey(tp);
        effects.discarded.push(...consumer.pending.filter((r) => partitionKey(r) === key));
        consumer.pending = consumer.pending.filter((r) => partitionKey(r) !== key);
        if (consumer.inHand && partitionKey(consumer.inHand) === key) consumer.inHand = null;
        consumer.positions.set(key, action.offset);
        return this.outcome(action, consumer, tp, effects);
      }
      case 'produce': {
        const log = this.log({ topic: action.topic, partition: action.partition });
        if (!Number.isInteger(action.count) || action.count < 1) {
          throw new ScenarioError(`produce needs a positive record count, got ${action.count}`);
        }
        if (action.aborted && !action.transactional) {
          throw new ScenarioError('only a transactional produce can be aborted');
        }
        for (let i = 0; i < action.count; i++) {
          effects.produced.push({ topic: log.topic, partition: log.partition, offset: log.logEndOffset });
          if (action.aborted) log.abortedOffsets.add(log.logEndOffset);
          log.logEndOffset += 1;
        }
        if (action.transactional) {
          log.controlOffsets.add(log.logEndOffset);
          log.logEndOffset += 1;
        }
        return this.outcome(action, this.ownerOrFirst(log), log, effects);
      }
      case 'deleteRecords': {
        const log = this.log({ topic: action.topic, partition: action.partition });
        if (action.beforeOffset < log.logStartOffset || action.beforeOffset > log.logEndOffset) {
          throw new ScenarioError(
            `cannot delete records below ${action.beforeOffset}: the log holds ${log.logStartOffset}..${log.logEndOffset - 1}`,
          );
        }
        log.logStartOffset = action.beforeOffset;
        return this.outcome(action, this.ownerOrFirst(log), log, effects);
      }
      case 'wait': {
        if (!(action.ms >= 0)) throw new ScenarioError(`wait needs a non-negative time, got ${action.ms}`);
        this.clockMs += action.ms;
        const first = this.consumer(this.consumerOrder[0]);
        return this.outcome(action, first, this.focusPartition(first), effects);
      }
      case 'beginTransaction': {
        if (this.transaction) throw new ScenarioError('a transaction is already open (commit or abort it first)');
        this.transaction = new Map();
        const first = this.consumer(this.consumerOrder[0]);
        return this.outcome(action, first, this.focusPartition(first), effects);
      }
      case 'produceTransactional': {
        const open = this.transaction;
        if (!open) throw new ScenarioError('produce-transactional needs an open transaction (begin-transaction first)');
        const log = this.log({ topic: action.topic, partition: action.partition });
        if (!Number.isInteger(action.count) || action.count < 1) {
          throw new ScenarioError(`produce needs a positive record count, got ${action.count}`);
        }
        const key = partitionKey(log);
        const written = open.get(key) ?? { first: log.logEndOffset, offsets: [] };
        for (let i = 0; i < action.count; i++) {
          effects.produced.push({ topic: log.topic, partition: log.partition, offset: log.logEndOffset });
          written.offsets.push(log.logEndOffset);
          log.logEndOffset += 1;
        }
        open.set(key, written);
        log.openTransactionStart = written.first;
        return this.outcome(action, this.ownerOrFirst(log), log, effects);
      }
      case 'commitTransaction':
      case 'abortTransaction': {
        const open = this.transaction;
        if (!open)
          throw new ScenarioError(
            `there is no open transaction to ${action.type === 'commitTransaction' ? 'commit' : 'abort'}`,
          );
        const aborted = action.type === 'abortTransaction';
        let focus: MutableLog | undefined;
        for (const [key, written] of open) {
          const log = this.logs.get(key) as MutableLog;
          if (aborted) for (const offset of written.offsets) log.abortedOffsets.add(offset);
          log.controlOffsets.add(log.logEndOffset);
          log.logEndOffset += 1;
          log.openTransactionStart = null;
          focus ??= log;
        }
        this.transaction = null;
        const consumer = focus ? this.ownerOrFirst(focus) : this.consumer(this.consumerOrder[0]);
        return this.outcome(action, consumer, focus ?? this.focusPartition(consumer), effects);
      }
    }
  }

  /** A snapshot of the whole world; plain data, safe to keep. */
  state(): SimulatorState {
    const partitions: PartitionState[] = [...this.logs.values()].sort(compareTopicPartitions).map((log) => ({
      topic: log.topic,
      partition: log.partition,
      logStartOffset: log.logStartOffset,
      logEndOffset: log.logEndOffset,
      committedOffset: this.committed.get(partitionKey(log)) ?? null,
      owner: this.ownerOf(log),
      controlOffsets: [...log.controlOffsets].sort((a, b) => a - b),
      lastStableOffset: lastStableOffset(log),
    }));
    const consumers: ConsumerState[] = this.consumerOrder.map((id) => {
      const consumer = this.consumer(id);
      const shown = consumer.status === 'running' ? consumer.assignment : consumer.lastOwned;
      return {
        id,
        status: consumer.status,
        assignment: consumer.assignment.map((tp) => ({ ...tp })),
        partitions: shown.map((tp) => this.consumerPartitionState(consumer, tp)),
        pending: consumer.pending.map((r) => ({ ...r })),
      };
    });
    return { clockMs: this.clockMs, group: this.group, partitions, consumers };
  }

  /** The offsets of one partition as one consumer sees them (also for partitions it does not own). */
  consumerPartitionState(consumerOrId: MutableConsumer | string, tp: TopicPartition): ConsumerPartitionState {
    const consumer = typeof consumerOrId === 'string' ? this.consumer(consumerOrId) : consumerOrId;
    const log = this.log(tp);
    const key = partitionKey(log);
    const position = consumer.positions.get(key) ?? null;
    const recordInHand = consumer.inHand && partitionKey(consumer.inHand) === key ? consumer.inHand.offset : null;
    const committedOffset = this.committed.get(key) ?? null;
    return {
      topic: log.topic,
      partition: log.partition,
      offsetRead: recordInHand ?? position,
      recordInHand,
      position,
      committedOffset,
      nextOffsetToRead: this.resolveStart(log, consumer.config.autoOffsetReset).offset,
      logEndOffset: log.logEndOffset,
      lag: committedOffset === null ? null : log.logEndOffset - committedOffset,
    };
  }

  private poll(action: Extract<Action, { type: 'poll' }>, effects: StepEffects): StepOutcome {
    const consumer = this.running(action.consumer, 'poll');
    if (
      consumer.config.enableAutoCommit &&
      this.clockMs - consumer.lastAutoCommitMs >= consumer.config.autoCommitIntervalMs
    ) {
      this.commitPositions(consumer, 'auto', effects);
      consumer.lastAutoCommitMs = this.clockMs;
    }
    // Records returned by the previous poll and never processed are gone from the application.
    effects.discarded.push(...consumer.pending);
    consumer.pending = [];
    const assignment = consumer.assignment;
    const batch: RecordRef[] = [];
    for (let i = 0; i < assignment.length && batch.length < consumer.config.maxPollRecords; i++) {
      const tp = assignment[(consumer.pollRotation + i) % assignment.length];
      const log = this.log(tp);
      const key = partitionKey(log);
      let position = consumer.positions.get(key) ?? log.logStartOffset;
      if (position < log.logStartOffset || position > log.logEndOffset) {
        const origin = this.resolveStart(log, consumer.config.autoOffsetReset, position);
        if (origin.offset === null) {
          throw new ScenarioError(
            `consumer "${consumer.id}": offset ${position} of ${key} is out of range and auto.offset.reset=none`,
          );
        }
        effects.positionOrigins.push({
          consumer: consumer.id,
          topic: log.topic,
          partition: log.partition,
          offset: origin.offset,
          source: 'reset',
          reason: 'out-of-range',
          committedOffset: position,
          policy: consumer.config.autoOffsetReset,
          logStartOffset: log.logStartOffset,
          logEndOffset: log.logEndOffset,
        });
        position = origin.offset;
      }
      // The fetch skips transaction markers (and, for read_committed, aborted records) it passes
      // while it still has room for records.
      const skipAborted = consumer.config.isolationLevel === 'read_committed';
      const readLimit = skipAborted ? lastStableOffset(log) : log.logEndOffset;
      while (position < readLimit && batch.length < consumer.config.maxPollRecords) {
        if (!log.controlOffsets.has(position) && !(skipAborted && log.abortedOffsets.has(position))) {
          batch.push({ topic: log.topic, partition: log.partition, offset: position });
        }
        position += 1;
      }
      consumer.positions.set(key, position);
    }
    if (assignment.length > 0) consumer.pollRotation = (consumer.pollRotation + 1) % assignment.length;
    consumer.pending = [...batch];
    consumer.inHand = batch[0] ?? null;
    effects.polled.push(...batch);
    const focus: TopicPartition | undefined = batch[0] ?? this.focusPartition(consumer);
    return this.outcome(action, consumer, focus, effects);
  }

  /** Where a consumer without a usable committed offset starts: Kafka's `auto.offset.reset`. */
  private resolveStart(
    log: MutableLog,
    policy: AutoOffsetReset,
    requested: number | undefined = this.committed.get(partitionKey(log)),
  ): { offset: number | null; source: 'committed' | 'reset'; reason?: 'no-committed-offset' | 'out-of-range' } {
    if (requested !== undefined && requested >= log.logStartOffset && requested <= log.logEndOffset) {
      return { offset: requested, source: 'committed' };
    }
    const reason = requested === undefined ? 'no-committed-offset' : 'out-of-range';
    const offset = policy === 'earliest' ? log.logStartOffset : policy === 'latest' ? log.logEndOffset : null;
    return { offset, source: 'reset', reason };
  }

  /** Range assignment over the running consumers, as Kafka's RangeAssignor does per topic. */
  private rebalance(effects: StepEffects): void {
    const members = this.consumerOrder.filter((id) => this.consumer(id).status === 'running').sort();
    const target = new Map<string, TopicPartition[]>(members.map((id) => [id, []]));
    const topics = [...new Set([...this.logs.values()].map((log) => log.topic))].sort();
    for (const topic of topics) {
      const partitions = [...this.logs.values()].filter((log) => log.topic === topic).sort(compareTopicPartitions);
      const perMember = Math.floor(partitions.length / Math.max(members.length, 1));
      const extra = partitions.length % Math.max(members.length, 1);
      let next = 0;
      members.forEach((id, index) => {
        const count = perMember + (index < extra ? 1 : 0);
        for (const log of partitions.slice(next, next + count)) {
          target.get(id)?.push({ topic: log.topic, partition: log.partition });
        }
        next += count;
      });
    }
    for (const id of members) {
      const consumer = this.consumer(id);
      const newAssignment = (target.get(id) ?? []).sort(compareTopicPartitions);
      const newKeys = new Set(newAssignment.map(partitionKey));
      const revoked = consumer.assignment.filter((tp) => !newKeys.has(partitionKey(tp)));
      if (revoked.length > 0 && consumer.config.enableAutoCommit) {
        // The classic protocol's consumer commits synchronously before giving partitions up.
        for (const tp of revoked) {
          const position = consumer.positions.get(partitionKey(tp));
          if (position !== undefined) this.commit(consumer, tp, position, 'auto', effects);
        }
      }
      for (const tp of revoked) {
        const key = partitionKey(tp);
        effects.discarded.push(...consumer.pending.filter((r) => partitionKey(r) === key));
        consumer.pending = consumer.pending.filter((r) => partitionKey(r) !== key);
        if (consumer.inHand && partitionKey(consumer.inHand) === key) consumer.inHand = null;
        consumer.positions.delete(key);
        consumer.lastProcessed.delete(key);
      }
      const oldKeys = new Set(consumer.assignment.map(partitionKey));
      for (const tp of newAssignment) {
        if (oldKeys.has(partitionKey(tp))) continue;
        const log = this.log(tp);
        const start = this.resolveStart(log, consumer.config.autoOffsetReset);
        if (start.offset === null) {
          throw new ScenarioError(
            `consumer "${id}": no committed offset for ${partitionKey(tp)} and auto.offset.reset=none`,
          );
        }
        consumer.positions.set(partitionKey(tp), start.offset);
        const committedOffset = this.committed.get(partitionKey(tp));
        effects.positionOrigins.push({
          consumer: id,
          topic: tp.topic,
          partition: tp.partition,
          offset: start.offset,
          source: start.source,
          ...(start.reason ? { reason: start.reason, policy: consumer.config.autoOffsetReset } : {}),
          ...(committedOffset !== undefined ? { committedOffset } : {}),
          logStartOffset: log.logStartOffset,
          logEndOffset: log.logEndOffset,
        });
      }
      consumer.assignment = newAssignment;
      consumer.lastOwned = newAssignment;
    }
  }

  private commitPositions(consumer: MutableConsumer, kind: CommitEffect['kind'], effects: StepEffects): void {
    for (const tp of consumer.assignment) {
      const position = consumer.positions.get(partitionKey(tp));
      if (position !== undefined) this.commit(consumer, tp, position, kind, effects);
    }
  }

  private commit(
    consumer: MutableConsumer,
    tp: TopicPartition,
    offset: number,
    kind: CommitEffect['kind'],
    effects: StepEffects,
  ): void {
    if (!this.isAssigned(consumer, tp)) {
      throw new ScenarioError(`consumer "${consumer.id}" cannot commit ${partitionKey(tp)}: it is not assigned`);
    }
    const key = partitionKey(tp);
    const log = this.log(tp);
    effects.commits.push({
      consumer: consumer.id,
      topic: tp.topic,
      partition: tp.partition,
      offset,
      previous: this.committed.get(key) ?? null,
      logStartOffset: log.logStartOffset,
      kind,
    });
    this.committed.set(key, offset);
  }

  private stopConsumer(consumer: MutableConsumer, status: 'crashed' | 'closed'): void {
    consumer.status = status;
    consumer.lastOwned = consumer.assignment;
    consumer.assignment = [];
    consumer.pending = [];
    consumer.inHand = null;
  }

  private outcome(
    action: Action,
    consumer: MutableConsumer,
    focus: TopicPartition | undefined,
    effects: StepEffects,
  ): StepOutcome {
    const tp = focus ?? consumer.lastOwned[0] ?? [...this.logs.values()].sort(compareTopicPartitions)[0];
    return {
      actionType: action.type,
      focus: { consumer: consumer.id, topic: tp.topic, partition: tp.partition },
      effects,
    };
  }

  private focusPartition(consumer: MutableConsumer): TopicPartition | undefined {
    return consumer.inHand ?? consumer.pending[0] ?? consumer.assignment[0] ?? consumer.lastOwned[0];
  }

  private ownerOrFirst(tp: TopicPartition): MutableConsumer {
    return this.consumer(this.ownerOf(tp) ?? this.consumerOrder[0]);
  }

  private ownerOf(tp: TopicPartition): string | null {
    const key = partitionKey(tp);
    for (const id of this.consumerOrder) {
      const consumer = this.consumer(id);
      if (consumer.status === 'running' && consumer.assignment.some((owned) => partitionKey(owned) === key)) {
        return id;
      }
    }
    return null;
  }

  private isAssigned(consumer: MutableConsumer, tp: TopicPartition): boolean {
    const key = partitionKey(tp);
    return consumer.assignment.some((owned) => partitionKey(owned) === key);
  }

  private consumer(id: string): MutableConsumer {
    const consumer = this.consumers.get(id);
    if (!consumer) throw new ScenarioError(`unknown consumer "${id}"`);
    return consumer;
  }

  private running(id: string, what: string): MutableConsumer {
    const consumer = this.consumer(id);
    if (consumer.status !== 'running') {
      throw new ScenarioError(`consumer "${id}" cannot ${what}: it is ${consumer.status}`);
    }
    return consumer;
  }

  private log(tp: TopicPartition): MutableLog {
    const log = this.logs.get(partitionKey(tp));
    if (!log) throw new ScenarioError(`unknown partition ${partitionKey(tp)}`);
    return log;
  }
}

/** The last stable offset: read_committed consumers read no further than an open transaction's first record. */
function lastStableOffset(log: MutableLog): number {
  return log.openTransactionStart ?? log.logEndOffset;
}
