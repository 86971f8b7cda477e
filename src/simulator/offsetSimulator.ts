// The offset simulator: Kafka partitions, one consumer group and its consumers, applying a scenario's
// actions with the rules of the Java KafkaConsumer 4.x (docs/design.md#kafka-semantics): rebalances
// inside poll, the position looked up in the first poll after an assignment, auto-commit in poll and
// before rejoining, liveness (session and poll timeouts), commitAsync confirmed later, exceptions as
// steps. It knows nothing of tables or VS Code; the trace layer turns its states into rows.

import { ClassicGroupCoordinator, ConsumerGroupCoordinator } from './groupCoordinator';
import { partitionView, resumeOffset } from './partitionView';
import { partitionKeyOf } from '../common/topicPartition';
import { deepCopy } from './deepCopy';
import {
  type Action,
  type AutoOffsetReset,
  type ConsumerConfig,
  type GroupSettings,
  type Scenario,
  type TopicPartition,
  compareTopicPartitions,
  defaultConsumerConfig,
  defaultGroupSettings,
  partitionKey,
  rebalanceProtocolOf,
} from './model';
import {
  type CommitEffect,
  type ConsumerPartitionState,
  type ConsumerState,
  type KafkaExceptionName,
  type MemberPhase,
  type PartitionState,
  type RecordRef,
  type SimulatorState,
  type StepEffects,
  type StepOutcome,
  ScenarioError,
  addEffects,
  noEffectsYet,
} from './simulatorTypes';

export * from './simulatorTypes';

interface MutableLog extends TopicPartition {
  /** {@link partitionKey} of the log, computed once (the hot paths look positions up by it). */
  readonly key: string;
  logStartOffset: number;
  logEndOffset: number;
  controlOffsets: Set<number>;
  /** Records of aborted transactions: read_committed consumers never receive them. */
  abortedOffsets: Set<number>;
  /** First offset of the open transaction on this partition, or null: read_committed reads stop there (the LSO). */
  openTransactionStart: number | null;
}

/** A commitAsync sent and not yet confirmed to the application. */
interface AsyncCommit {
  readonly commits: CommitEffect[];
  readonly failure?: { exception: KafkaExceptionName; message: string };
}

interface MutableConsumer {
  readonly id: string;
  readonly config: ConsumerConfig;
  status: ConsumerState['status'];
  /** How many times it was started: a restart is a new member of the group (`c1#2`). */
  incarnation: number;
  /** Its place in the group, as its client sees it. */
  phase: MemberPhase;
  /** Cooperative: a revocation asked for another round; the JoinGroup goes out in this or the next poll. */
  rejoinRequested: boolean;
  /** Cooperative with auto-commit: onJoinPrepare already ran (and auto-committed) for the pending rejoin. */
  joinPrepared: boolean;
  /** EAGER: what it owned before revoking everything (the sticky assignor keeps it, as the JoinGroup's user data says). */
  ownedBeforeRevoke: TopicPartition[];
  assignment: TopicPartition[];
  /** Position per partition; kept after close or crash so the table can show where it stopped. */
  positions: Map<string, number>;
  /** Last processed offset per partition since the partition was assigned. */
  lastProcessed: Map<string, number>;
  pending: RecordRef[];
  inHand: RecordRef | null;
  /** When the auto-commit timer last started (construction, an auto-commit, a completed rebalance). */
  lastAutoCommitMs: number;
  /** When the application last called poll (max.poll.interval.ms counts from here). */
  lastPollMs: number;
  pollRotation: number;
  /** The partitions last owned, shown after the consumer stopped. */
  lastOwned: TopicPartition[];
  asyncInFlight: AsyncCommit[];
  /** Consumer protocol: a reconciliation waits for the next poll (this one returned records first). */
  reconcileDeferred: boolean;
  /** Consumer protocol: partitions pending revocation, no longer fetched. */
  pausedForRevocation: string[];
}

/** How many times one poll may go round the group protocol (each pass moves it on, or it stops). */
const groupPassesPerPoll = 8;

/** The states {@link OffsetSimulator.state} made: their fields are exactly those of the types. */
const madeStates = new WeakSet<SimulatorState>();

/** Whether the simulator made this state (it then holds the fields of the types and no others). */
export function isSimulatorState(state: SimulatorState): boolean {
  return madeStates.has(state);
}

/**
 * Simulates one consumer group reading a set of partitions. Apply actions one at a time with
 * {@link apply}; read the world with {@link state}.
 */
export class OffsetSimulator {
  private clockMs = 0;
  private readonly logs = new Map<string, MutableLog>();
  /** The log {@link log} found last (logs are made once, with the simulator, and copied with it). */
  private lastLog: MutableLog | undefined;
  /** The same logs in the scenario's order, for the loops every step runs. */
  private readonly logList: MutableLog[] = [];
  private readonly committed = new Map<string, number>();
  private readonly consumers = new Map<string, MutableConsumer>();
  private readonly consumerOrder: string[] = [];
  /** The consumers in {@link consumerOrder}. */
  private readonly consumerList: MutableConsumer[] = [];
  private readonly group: string;
  private readonly protocol: 'classic' | 'consumer';
  private readonly groupSettings: GroupSettings;
  private readonly classic: ClassicGroupCoordinator;
  private readonly consumerGroup: ConsumerGroupCoordinator;
  /** The transactional producer's open transaction: per partition, its first offset and its records. */
  private transaction: Map<string, { first: number; offsets: number[] }> | null = null;

  constructor(scenario: Pick<Scenario, 'group' | 'topics' | 'consumers' | 'groupSettings'>) {
    this.group = scenario.group;
    this.groupSettings = { ...defaultGroupSettings, ...scenario.groupSettings };
    for (const topic of scenario.topics) {
      for (const setup of topic.partitions) {
        const logStartOffset = setup.logStartOffset ?? 0;
        const log: MutableLog = {
          topic: topic.name,
          partition: setup.partition,
          key: partitionKeyOf(topic.name, setup.partition),
          logStartOffset,
          logEndOffset: logStartOffset + setup.records,
          controlOffsets: new Set(),
          abortedOffsets: new Set(),
          openTransactionStart: null,
        };
        this.logs.set(log.key, log);
        this.logList.push(log);
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
        incarnation: 0,
        phase: 'not member',
        rejoinRequested: false,
        joinPrepared: false,
        ownedBeforeRevoke: [],
        assignment: [],
        positions: new Map(),
        lastProcessed: new Map(),
        pending: [],
        inHand: null,
        lastAutoCommitMs: 0,
        lastPollMs: 0,
        pollRotation: 0,
        lastOwned: [],
        asyncInFlight: [],
        reconcileDeferred: false,
        pausedForRevocation: [],
      });
      this.consumerOrder.push(setup.id);
      this.consumerList.push(this.consumers.get(setup.id) as MutableConsumer);
    }
    if (this.consumers.size === 0) {
      throw new ScenarioError('a scenario needs at least one consumer');
    }
    const protocols = new Set([...this.consumers.values()].map((c) => c.config.groupProtocol));
    if (protocols.size > 1) {
      throw new ScenarioError('all consumers of the group must use the same group.protocol');
    }
    this.protocol = [...protocols][0];
    const partitions = [...this.logs.values()].map((log) => ({ topic: log.topic, partition: log.partition }));
    this.classic = new ClassicGroupCoordinator(partitions);
    this.consumerGroup = new ConsumerGroupCoordinator(partitions);
  }

  /**
   * A copy of this simulator as it is now, which goes on independently: a long trace keeps one
   * every few thousand steps and replays from the nearest one instead of keeping every state.
   */
  checkpoint(): OffsetSimulator {
    return deepCopy(this);
  }

  /** Applies one action and returns what it did. Throws {@link ScenarioError} on an action the simulator cannot run. */
  apply(action: Action): StepOutcome {
    // Who owns a partition follows from the running consumers' assignments, which are always
    // replaced, never changed in place: when no reference changed, no partition changed hands.
    const consumers = this.consumerList;
    const ownedBefore = consumers.map(ownedList);
    const effects = noEffectsYet();
    this.pendingEffects = effects;
    let outcome: StepOutcome;
    try {
      outcome = this.applyAction(action, effects);
    } finally {
      this.pendingEffects = undefined;
    }
    if (consumers.some((consumer, i) => ownedList(consumer) !== ownedBefore[i])) {
      const ownedAfter = consumers.map(ownedList);
      for (const log of this.logList) {
        const from = ownerIn(consumers, ownedBefore, log);
        const to = ownerIn(consumers, ownedAfter, log);
        if (from !== to) {
          addEffects(outcome.effects, 'ownershipChanges', { topic: log.topic, partition: log.partition, from, to });
        }
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
        // subscribe(): nothing reaches the group until the first poll.
        consumer.status = 'running';
        consumer.incarnation += 1;
        consumer.phase = 'not member';
        consumer.rejoinRequested = false;
        consumer.joinPrepared = false;
        consumer.ownedBeforeRevoke = [];
        consumer.assignment = [];
        consumer.positions = new Map();
        consumer.lastProcessed = new Map();
        consumer.pending = [];
        consumer.inHand = null;
        consumer.asyncInFlight = [];
        consumer.reconcileDeferred = false;
        consumer.pausedForRevocation = [];
        consumer.lastAutoCommitMs = this.clockMs;
        consumer.lastPollMs = this.clockMs;
        return this.outcome(action, consumer, this.focusPartition(consumer), effects);
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
        addEffects(effects, 'processed', record);
        return this.outcome(action, consumer, record, effects);
      }
      case 'commitSync':
      case 'commitAsync': {
        const consumer = this.running(action.consumer, 'commit');
        const offsets = this.allConsumed(consumer);
        if (action.type === 'commitSync') {
          this.confirmAsyncCommits(consumer, effects);
          this.commitOrThrow(consumer, offsets, 'sync', effects);
        } else {
          this.commitAsync(consumer, offsets, effects);
        }
        return this.outcome(action, consumer, this.focusPartition(consumer), effects);
      }
      case 'commitProcessed': {
        const consumer = this.running(action.consumer, 'commit');
        const offsets: RecordRef[] = [];
        for (const tp of consumer.assignment) {
          const processed = consumer.lastProcessed.get(partitionKey(tp));
          if (processed !== undefined)
            offsets.push({ topic: tp.topic, partition: tp.partition, offset: processed + 1 });
        }
        this.confirmAsyncCommits(consumer, effects);
        this.commitOrThrow(consumer, offsets, 'explicit', effects);
        // The row shows the partition the commit wrote (the first, when it wrote several).
        const committedFirst = effects.commits[0];
        return this.outcome(action, consumer, committedFirst ?? this.focusPartition(consumer), effects);
      }
      case 'commitOffsets': {
        const consumer = this.running(action.consumer, 'commit');
        if (action.offsets.length === 0)
          throw new ScenarioError('commitSync with offsets needs at least one partition');
        const first = this.log(action.offsets[0]);
        const offsets: RecordRef[] = [];
        for (const wanted of action.offsets) {
          const tp = this.log(wanted);
          if (!Number.isInteger(wanted.offset) || wanted.offset < 0) {
            throw new ScenarioError(`commit offset must be a non-negative integer, got ${wanted.offset}`);
          }
          offsets.push({ topic: tp.topic, partition: tp.partition, offset: wanted.offset });
        }
        this.confirmAsyncCommits(consumer, effects);
        this.commitOrThrow(consumer, offsets, 'explicit', effects);
        return this.outcome(action, consumer, first, effects);
      }
      case 'crash': {
        const consumer = this.running(action.consumer, 'crash');
        const focus = this.focusPartition(consumer);
        addEffects(effects, 'discarded', ...consumer.pending);
        // The process is gone: no heartbeats, no leave. The broker keeps the member (and its partitions)
        // until its session times out.
        const member = this.groupMember(consumer);
        if (member) {
          member.alive = false;
          member.sessionDeadlineMs = this.clockMs + this.sessionTimeoutMs(consumer);
        }
        this.stopConsumer(consumer, 'crashed');
        return this.outcome(action, consumer, focus, effects);
      }
      case 'close': {
        const consumer = this.running(action.consumer, 'close');
        const focus = this.focusPartition(consumer);
        // close(): auto-commit (synchronously) when enabled, wait for async commits, leave the group.
        if (consumer.config.enableAutoCommit && consumer.phase !== 'left group') {
          const offsets = this.allConsumed(consumer);
          if (offsets.length > 0 && this.commitRefusal(consumer, offsets) === undefined) {
            for (const o of offsets) this.storeCommit(consumer, o, 'auto', effects);
          }
        }
        this.confirmAsyncCommits(consumer, effects);
        addEffects(effects, 'discarded', ...consumer.pending);
        this.leaveGroup(consumer, effects, 'left');
        this.stopConsumer(consumer, 'closed');
        return this.outcome(action, consumer, focus, effects);
      }
      case 'seek': {
        const consumer = this.running(action.consumer, 'seek');
        const tp = this.log({ topic: action.topic, partition: action.partition });
        if (!this.isAssigned(consumer, tp)) {
          addEffects(effects, 'errors', {
            consumer: consumer.id,
            exception: 'IllegalStateException',
            message: `No current assignment for partition ${partitionKey(tp)}`,
            via: 'thrown',
            topic: tp.topic,
            partition: tp.partition,
          });
          return this.outcome(action, consumer, tp, effects);
        }
        const key = partitionKey(tp);
        addEffects(effects, 'discarded', ...consumer.pending.filter((r) => partitionKey(r) === key));
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
          addEffects(effects, 'produced', { topic: log.topic, partition: log.partition, offset: log.logEndOffset });
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
        this.advanceClock(this.clockMs + action.ms);
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
        const key = log.key;
        const written = open.get(key) ?? { first: log.logEndOffset, offsets: [] };
        for (let i = 0; i < action.count; i++) {
          addEffects(effects, 'produced', { topic: log.topic, partition: log.partition, offset: log.logEndOffset });
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
      committedOffset: this.committed.get(log.key) ?? null,
      owner: this.ownerOf(log),
      controlOffsets: [...log.controlOffsets].sort((a, b) => a - b),
      lastStableOffset: lastStableOffset(log),
    }));
    const consumers: ConsumerState[] = this.consumerOrder.map((id) => {
      const consumer = this.consumer(id);
      const shown = shownPartitions(consumer.status, consumer.assignment, consumer.lastOwned, this.logs.values());
      return {
        id,
        status: consumer.status,
        assignment: consumer.assignment.map((tp) => ({ ...tp })),
        partitions: shown.map((tp) => this.consumerPartitionState(consumer, tp)),
        pending: consumer.pending.map((r) => ({ ...r })),
        phase: consumer.phase,
        asyncInFlight: consumer.asyncInFlight.length,
      };
    });
    const groupState = this.protocol === 'classic' ? this.classic.view() : this.consumerGroup.view();
    const state = { clockMs: this.clockMs, group: this.group, partitions, consumers, groupState };
    madeStates.add(state);
    return state;
  }

  /** The offsets of one partition as one consumer sees them (also for partitions it does not own). */
  consumerPartitionState(consumerOrId: MutableConsumer | string, tp: TopicPartition): ConsumerPartitionState {
    const consumer = typeof consumerOrId === 'string' ? this.consumer(consumerOrId) : consumerOrId;
    const log = this.log(tp);
    const key = log.key;
    return partitionView(
      {
        topic: log.topic,
        partition: log.partition,
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
        lastStableOffset: lastStableOffset(log),
        committedOffset: this.committed.get(key) ?? null,
        position: consumer.positions.get(key) ?? null,
        recordInHand: consumer.inHand && partitionKey(consumer.inHand) === key ? consumer.inHand.offset : null,
      },
      consumer.config,
    );
  }

  // --- poll --------------------------------------------------------------------------------------

  private poll(action: Extract<Action, { type: 'poll' }>, effects: StepEffects): StepOutcome {
    const consumer = this.running(action.consumer, 'poll');
    consumer.lastPollMs = this.clockMs;
    // Callbacks of commitAsync requests answered since the last call run first.
    this.confirmAsyncCommits(consumer, effects);
    // Records returned by the previous poll and never processed are gone from the application.
    addEffects(effects, 'discarded', ...consumer.pending);
    consumer.pending = [];
    consumer.inHand = null;
    const rejoinAfterFetch =
      this.protocol === 'classic'
        ? this.classicGroupPoll(consumer, effects)
        : this.consumerGroupPoll(consumer, effects);
    // The interval auto-commit runs in poll once auto.commit.interval.ms has passed (the timer restarts
    // after a rebalance). The classic consumer commits the positions before this poll's fetch; the
    // consumer protocol's AsyncKafkaConsumer commits from its background thread after the application
    // took this poll's records (observed with Kafka 4.4), so those records count as consumed.
    const autoCommitDue =
      consumer.config.enableAutoCommit &&
      consumer.phase === 'stable' &&
      this.clockMs - consumer.lastAutoCommitMs >= consumer.config.autoCommitIntervalMs;
    if (autoCommitDue && this.protocol === 'classic') this.autoCommit(consumer, effects);
    const batch = this.fetch(consumer, effects);
    if (autoCommitDue && this.protocol === 'consumer') this.autoCommit(consumer, effects);
    if (rejoinAfterFetch && batch.length === 0) {
      consumer.rejoinRequested = false;
      consumer.joinPrepared = false;
      this.classicSendJoin(consumer);
    }
    const focus: TopicPartition | undefined = batch[0] ?? this.focusPartition(consumer);
    return this.outcome(action, consumer, focus, effects);
  }

  /**
   * The classic protocol inside one poll (ConsumerCoordinator.poll): rejoin when a round is in
   * progress (auto-commit, then EAGER revokes everything), take the join's outcome, and as leader
   * assign. Returns true when a cooperative member must still send its rejoin after the fetch.
   */
  private classicGroupPoll(consumer: MutableConsumer, effects: StepEffects): boolean {
    const id = this.memberId(consumer);
    if (consumer.phase === 'left group') {
      // Kicked out (poll timeout): its partitions are lost, not revoked; nothing is committed for them.
      this.loseAssignment(consumer, effects, this.classic.generation);
      consumer.phase = 'not member';
    }
    let deferredRejoin = false;
    for (let pass = 0; pass < groupPassesPerPoll; pass++) {
      switch (consumer.phase) {
        case 'not member':
          this.classicPrepareJoin(consumer, effects);
          this.classicSendJoin(consumer);
          continue;
        case 'stable':
          if (consumer.rejoinRequested) {
            if (consumer.config.enableAutoCommit && !consumer.joinPrepared) {
              // onJoinPrepare sends the auto-commit and cannot wait for it within poll's zero timer: the
              // JoinGroup goes out at the next pass, after the fetch (or in the next poll if records came).
              this.classicPrepareJoin(consumer, effects);
              consumer.joinPrepared = true;
              deferredRejoin = true;
              return deferredRejoin;
            }
            if (!consumer.joinPrepared) this.classicPrepareJoin(consumer, effects);
            consumer.rejoinRequested = false;
            consumer.joinPrepared = false;
            this.classicSendJoin(consumer);
            continue;
          }
          if (this.classic.needsRejoin(id)) {
            this.classicPrepareJoin(consumer, effects);
            this.classicSendJoin(consumer);
            continue;
          }
          return deferredRejoin;
        case 'joining':
          if (!this.classic.joinCompletedFor(id)) return deferredRejoin; // waiting for the others to rejoin
          if (this.classic.state === 'PreparingRebalance') {
            this.classicSendJoin(consumer); // another round began before the sync: rejoin
            continue;
          }
          if (this.classic.leader === id) this.classic.leaderSync(consumer.config.assignor);
          consumer.phase = 'awaiting assignment';
          continue;
        case 'awaiting assignment': {
          if (this.classic.state === 'PreparingRebalance') {
            this.classicSendJoin(consumer); // SyncGroup answered REBALANCE_IN_PROGRESS: rejoin
            continue;
          }
          const assignment = this.classic.assignmentFor(id);
          if (!assignment) return deferredRejoin; // the leader has not sent the assignment yet
          this.classicJoinComplete(consumer, assignment, effects);
          continue;
        }
      }
    }
    return deferredRejoin;
  }

  /** onJoinPrepare: auto-commit everything consumed, then EAGER revokes every partition. */
  private classicPrepareJoin(consumer: MutableConsumer, effects: StepEffects): void {
    if (consumer.config.enableAutoCommit && consumer.assignment.length > 0) this.autoCommit(consumer, effects);
    const eager = rebalanceProtocolOf(consumer.config.assignor) === 'eager';
    if (eager) consumer.ownedBeforeRevoke = consumer.assignment;
    if (eager && consumer.assignment.length > 0) {
      addEffects(effects, 'assignmentChanges', {
        consumer: consumer.id,
        protocol: 'eager',
        generation: this.classic.generation,
        revoked: consumer.assignment.map((tp) => ({ ...tp })),
        assigned: [],
      });
      this.dropPositions(consumer, consumer.assignment);
      consumer.assignment = [];
    }
  }

  private classicSendJoin(consumer: MutableConsumer): void {
    consumer.phase = 'joining';
    const eager = rebalanceProtocolOf(consumer.config.assignor) === 'eager';
    this.classic.join(this.memberId(consumer), consumer.id, eager ? consumer.ownedBeforeRevoke : consumer.assignment);
  }

  /** onJoinComplete: apply the assignment; cooperative members revoke what moved and rejoin. */
  private classicJoinComplete(consumer: MutableConsumer, assignment: TopicPartition[], effects: StepEffects): void {
    const id = this.memberId(consumer);
    const newKeys = new Set(assignment.map(partitionKey));
    const oldKeys = new Set(consumer.assignment.map(partitionKey));
    const revoked = consumer.assignment.filter((tp) => !newKeys.has(partitionKey(tp)));
    const assigned = assignment.filter((tp) => !oldKeys.has(partitionKey(tp)));
    const cooperative = rebalanceProtocolOf(consumer.config.assignor) === 'cooperative';
    this.dropPositions(consumer, revoked);
    consumer.assignment = [...assignment].sort(compareTopicPartitions);
    consumer.lastOwned = consumer.assignment;
    consumer.phase = 'stable';
    this.classic.setOwned(id, consumer.assignment);
    if (consumer.config.enableAutoCommit) consumer.lastAutoCommitMs = this.clockMs;
    if (revoked.length > 0 || assigned.length > 0 || !cooperative) {
      addEffects(effects, 'assignmentChanges', {
        consumer: consumer.id,
        protocol: cooperative ? 'cooperative' : 'eager',
        generation: this.classic.generation,
        revoked,
        assigned,
      });
    }
    if (cooperative && revoked.length > 0) consumer.rejoinRequested = true;
  }

  /**
   * The consumer protocol inside one poll (KIP-848, Java 4.x: the background thread heartbeats, and the
   * reconciliation is applied in the application's poll): join on the first poll, revoke what the target
   * no longer holds (auto-committing first), take what the target holds and no other member still owns.
   */
  private consumerGroupPoll(consumer: MutableConsumer, effects: StepEffects): false {
    const id = this.memberId(consumer);
    if (consumer.phase === 'left group' || consumer.phase === 'not member') {
      this.consumerGroup.join(id, consumer.id);
      consumer.phase = 'stable';
      addEffects(effects, 'memberEvents', { consumer: consumer.id, event: 'joined' });
    }
    const target = this.consumerGroup.targetOf(id);
    const targetKeys = new Set(target.map(partitionKey));
    const revoked = consumer.assignment.filter((tp) => !targetKeys.has(partitionKey(tp)));
    const ownedKeys = new Set(consumer.assignment.map(partitionKey));
    const assigned = this.consumerGroup.grantable(id).filter((tp) => !ownedKeys.has(partitionKey(tp)));
    // The reconciliation starts in this poll, but a poll that finds records on what the member still
    // owns may return them first, the new assignment applied in a later poll (observed with Kafka 4.4's
    // AsyncKafkaConsumer, though not every time: it races the background thread; this is the later case,
    // and no built-in scenario depends on which, docs/design.md#rebalance-protocols).
    // Until then the partitions it must give up are not fetched (pending revocation).
    if ((revoked.length > 0 || assigned.length > 0) && !consumer.reconcileDeferred) {
      const keep = consumer.assignment.filter((tp) => targetKeys.has(partitionKey(tp)));
      if (this.hasRecordsToReturn(consumer, keep)) {
        consumer.reconcileDeferred = true;
        consumer.pausedForRevocation = revoked.map(partitionKey);
        return false;
      }
    }
    consumer.reconcileDeferred = false;
    consumer.pausedForRevocation = [];
    if (revoked.length > 0 || assigned.length > 0) {
      // Every reconciliation auto-commits all consumed positions first (maybeAutoCommitSyncBeforeRebalance).
      if (consumer.config.enableAutoCommit && consumer.assignment.length > 0) this.autoCommit(consumer, effects);
      this.dropPositions(consumer, revoked);
      consumer.assignment = [
        ...consumer.assignment.filter((tp) => targetKeys.has(partitionKey(tp))),
        ...assigned.map((tp) => ({ ...tp })),
      ].sort(compareTopicPartitions);
      consumer.lastOwned = consumer.assignment;
      this.consumerGroup.setOwned(id, consumer.assignment);
      if (consumer.config.enableAutoCommit) consumer.lastAutoCommitMs = this.clockMs;
      addEffects(effects, 'assignmentChanges', {
        consumer: consumer.id,
        protocol: 'consumer',
        generation: this.consumerGroup.epoch,
        revoked,
        assigned,
      });
    }
    return false;
  }

  /** Whether a fetch now would return records from these partitions (those whose position is known). */
  private hasRecordsToReturn(consumer: MutableConsumer, partitions: readonly TopicPartition[]): boolean {
    return partitions.some((tp) => {
      const log = this.log(tp);
      const position = consumer.positions.get(log.key);
      if (position === undefined) return false;
      const skipAborted = consumer.config.isolationLevel === 'read_committed';
      const limit = skipAborted ? lastStableOffset(log) : log.logEndOffset;
      for (let offset = position; offset < limit; offset++) {
        if (!log.controlOffsets.has(offset) && !(skipAborted && log.abortedOffsets.has(offset))) return true;
      }
      return false;
    });
  }

  /** Looks positions up (first poll after assignment) and fetches up to max.poll.records. */
  private fetch(consumer: MutableConsumer, effects: StepEffects): RecordRef[] {
    const assignment = consumer.assignment;
    // updateFetchPositions: the committed offset, else auto.offset.reset, for partitions without a position.
    for (const tp of assignment) {
      const log = this.log(tp);
      const key = log.key;
      if (consumer.positions.has(key)) continue;
      const start = this.resolveStart(log, consumer.config.autoOffsetReset);
      const committedOffset = this.committed.get(key);
      if (start.offset === null) {
        addEffects(effects, 'errors', {
          consumer: consumer.id,
          exception: 'NoOffsetForPartitionException',
          message: `Undefined offset with no reset policy for partitions: [${key}]`,
          via: 'thrown',
          topic: log.topic,
          partition: log.partition,
        });
        continue;
      }
      consumer.positions.set(key, start.offset);
      addEffects(effects, 'positionOrigins', {
        consumer: consumer.id,
        topic: log.topic,
        partition: log.partition,
        offset: start.offset,
        source: start.source,
        ...(start.reason ? { reason: start.reason, policy: consumer.config.autoOffsetReset } : {}),
        ...(committedOffset !== undefined ? { committedOffset } : {}),
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
      });
    }
    // poll() throws before fetching anything when a position could not be initialised.
    if (effects.errors.some((e) => e.consumer === consumer.id && e.via === 'thrown')) return [];
    const batch: RecordRef[] = [];
    for (let i = 0; i < assignment.length && batch.length < consumer.config.maxPollRecords; i++) {
      const tp = assignment[(consumer.pollRotation + i) % assignment.length];
      const log = this.log(tp);
      const key = log.key;
      let position = consumer.positions.get(key);
      if (position === undefined || consumer.pausedForRevocation.includes(key)) continue;
      if (position < log.logStartOffset || position > log.logEndOffset) {
        const origin = this.resolveStart(log, consumer.config.autoOffsetReset, position);
        if (origin.offset === null) {
          addEffects(effects, 'errors', {
            consumer: consumer.id,
            exception: 'OffsetOutOfRangeException',
            message: `Fetch position FetchPosition{offset=${position}} is out of range for partition ${key}`,
            via: 'thrown',
            topic: log.topic,
            partition: log.partition,
          });
          return [];
        }
        addEffects(effects, 'positionOrigins', {
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
    addEffects(effects, 'polled', ...batch);
    return batch;
  }

  // --- commits -----------------------------------------------------------------------------------

  /** `subscriptions.allConsumed()`: the position of every assigned partition that has one. */
  private allConsumed(consumer: MutableConsumer): RecordRef[] {
    const offsets: RecordRef[] = [];
    for (const tp of consumer.assignment) {
      const position = consumer.positions.get(partitionKey(tp));
      if (position !== undefined) offsets.push({ topic: tp.topic, partition: tp.partition, offset: position });
    }
    return offsets;
  }

  /** Why the group would refuse this member's commit now, as the Java client reports it; undefined when it accepts it. */
  private commitRefusal(
    consumer: MutableConsumer,
    offsets: readonly RecordRef[],
  ): { exception: KafkaExceptionName; message: string } | undefined {
    if (offsets.length === 0) return undefined;
    if (this.protocol === 'classic') {
      if (consumer.phase === 'joining' || consumer.phase === 'awaiting assignment') {
        return {
          exception: 'RebalanceInProgressException',
          message:
            'Offset commit cannot be completed since the consumer is undergoing a rebalance for auto partition assignment. You can try completing the rebalance by calling poll() and then retry the operation.',
        };
      }
      if (consumer.phase !== 'stable') {
        return {
          exception: 'CommitFailedException',
          message:
            'Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.',
        };
      }
      return undefined;
    }
    // Consumer protocol: a member out of the group commits with epoch -1; the broker accepts that only
    // when the group has no members (commitSync() has nothing to commit then: its assignment was cleared).
    if (consumer.phase !== 'stable' && this.consumerGroup.members.size > 0) {
      return {
        exception: 'CommitFailedException',
        message: 'OffsetCommit failed with unknown member ID: the member is no longer part of the group',
      };
    }
    return undefined;
  }

  private commitOrThrow(
    consumer: MutableConsumer,
    offsets: readonly RecordRef[],
    kind: CommitEffect['kind'],
    effects: StepEffects,
  ): void {
    const refusal = this.commitRefusal(consumer, offsets);
    if (refusal) {
      addEffects(effects, 'errors', { consumer: consumer.id, ...refusal, via: 'thrown' });
      return;
    }
    for (const o of offsets) this.storeCommit(consumer, o, kind, effects);
  }

  /** commitAsync: sent at once (the broker stores it), its callback heard in a later poll, commit or close. */
  private commitAsync(consumer: MutableConsumer, offsets: readonly RecordRef[], effects: StepEffects): void {
    this.confirmAsyncCommits(consumer, effects);
    const refusal = this.commitRefusal(consumer, offsets);
    if (refusal) {
      consumer.asyncInFlight.push({ commits: [], failure: refusal });
      return;
    }
    const commits: CommitEffect[] = [];
    for (const o of offsets) commits.push(this.storeCommit(consumer, o, 'async', effects));
    consumer.asyncInFlight.push({ commits });
  }

  /** Runs the callbacks of the commitAsync requests sent before: a failed one is reported, never retried. */
  private confirmAsyncCommits(consumer: MutableConsumer, effects: StepEffects): void {
    for (const request of consumer.asyncInFlight) {
      if (request.failure)
        addEffects(effects, 'errors', { consumer: consumer.id, ...request.failure, via: 'callback' });
      else addEffects(effects, 'asyncConfirmed', ...request.commits);
    }
    consumer.asyncInFlight = [];
  }

  private autoCommit(consumer: MutableConsumer, effects: StepEffects): void {
    consumer.lastAutoCommitMs = this.clockMs;
    const offsets = this.allConsumed(consumer);
    if (this.commitRefusal(consumer, offsets) !== undefined) return; // logged by the client, not thrown
    for (const o of offsets) this.storeCommit(consumer, o, 'auto', effects);
  }

  private storeCommit(
    consumer: MutableConsumer,
    offset: RecordRef,
    kind: CommitEffect['kind'],
    effects: StepEffects,
  ): CommitEffect {
    const key = partitionKey(offset);
    const log = this.log(offset);
    const commit: CommitEffect = {
      consumer: consumer.id,
      topic: offset.topic,
      partition: offset.partition,
      offset: offset.offset,
      previous: this.committed.get(key) ?? null,
      logStartOffset: log.logStartOffset,
      kind,
    };
    addEffects(effects, 'commits', commit);
    this.committed.set(key, offset.offset);
    return commit;
  }

  // --- liveness ----------------------------------------------------------------------------------

  /**
   * Time passes for everyone: crashed members expire after their session timeout, and members that did
   * not poll within max.poll.interval.ms leave the group, in the order their deadlines fall.
   */
  private advanceClock(until: number): void {
    for (;;) {
      const next = this.nextDeadline();
      if (!next || next.atMs > until) break;
      this.clockMs = Math.max(this.clockMs, next.atMs);
      next.fire();
    }
    this.clockMs = until;
  }

  private nextDeadline(): { atMs: number; fire: () => void } | undefined {
    let best: { atMs: number; fire: () => void } | undefined;
    const consider = (atMs: number, fire: () => void) => {
      if (!best || atMs < best.atMs) best = { atMs, fire };
    };
    const members = this.protocol === 'classic' ? this.classic.members : this.consumerGroup.members;
    for (const member of members.values()) {
      if (!member.alive && member.sessionDeadlineMs !== null) {
        const atMs = member.sessionDeadlineMs;
        consider(atMs, () => {
          addEffects(this.pendingEffects, 'memberEvents', {
            consumer: member.consumer,
            event: 'session-expired',
            atMs,
          });
          this.removeMember(member.id);
        });
      }
    }
    for (const consumer of this.consumers.values()) {
      if (consumer.status !== 'running' || consumer.phase === 'not member' || consumer.phase === 'left group') continue;
      const atMs = consumer.lastPollMs + consumer.config.maxPollIntervalMs;
      consider(atMs + 1, () => {
        addEffects(this.pendingEffects, 'memberEvents', { consumer: consumer.id, event: 'poll-timeout', atMs });
        this.pollTimeout(consumer);
      });
    }
    return best;
  }

  /** The effects of the action being applied, for events fired while time passes. */
  private pendingEffects: StepEffects | undefined;

  /** max.poll.interval.ms passed without a poll: the client leaves the group (its partitions are lost). */
  private pollTimeout(consumer: MutableConsumer): void {
    this.removeMember(this.memberId(consumer));
    consumer.phase = 'left group';
    if (this.protocol === 'consumer') {
      // transitionToStale: the assignment is cleared at once (onPartitionsLost), nothing committed.
      if (this.pendingEffects) this.loseAssignment(consumer, this.pendingEffects, this.consumerGroup.epoch);
    }
  }

  private removeMember(id: string): void {
    if (this.protocol === 'classic') this.classic.remove(id);
    else this.consumerGroup.remove(id);
  }

  private loseAssignment(consumer: MutableConsumer, effects: StepEffects, generation: number): void {
    if (consumer.assignment.length === 0) return;
    addEffects(effects, 'assignmentChanges', {
      consumer: consumer.id,
      protocol: this.protocol === 'consumer' ? 'consumer' : rebalanceProtocolOf(consumer.config.assignor),
      generation,
      revoked: consumer.assignment.map((tp) => ({ ...tp })),
      assigned: [],
      lost: true,
    });
    this.dropPositions(consumer, consumer.assignment);
    consumer.assignment = [];
  }

  private leaveGroup(consumer: MutableConsumer, effects: StepEffects, event: 'left'): void {
    if (consumer.phase === 'left group') return; // already out (poll timeout)
    const id = this.memberId(consumer);
    const members = this.protocol === 'classic' ? this.classic.members : this.consumerGroup.members;
    if (members.has(id)) {
      addEffects(effects, 'memberEvents', { consumer: consumer.id, event });
      this.removeMember(id);
    }
  }

  private sessionTimeoutMs(consumer: MutableConsumer): number {
    return this.protocol === 'classic' ? consumer.config.sessionTimeoutMs : this.groupSettings.consumerSessionTimeoutMs;
  }

  private groupMember(consumer: MutableConsumer) {
    const members = this.protocol === 'classic' ? this.classic.members : this.consumerGroup.members;
    return members.get(this.memberId(consumer));
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** The member id of the consumer's current incarnation: `c1`, then `c1#2` after a restart. */
  private memberId(consumer: MutableConsumer): string {
    return consumer.incarnation <= 1 ? consumer.id : `${consumer.id}#${consumer.incarnation}`;
  }

  private dropPositions(consumer: MutableConsumer, partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      consumer.positions.delete(partitionKey(tp));
      consumer.lastProcessed.delete(partitionKey(tp));
    }
  }

  /** Where a consumer without a usable committed offset starts: Kafka's `auto.offset.reset`. */
  private resolveStart(
    log: MutableLog,
    policy: AutoOffsetReset,
    requested: number | undefined = this.committed.get(log.key),
  ): { offset: number | null; source: 'committed' | 'reset'; reason?: 'no-committed-offset' | 'out-of-range' } {
    const offset = resumeOffset(requested ?? null, log.logStartOffset, log.logEndOffset, policy);
    if (requested !== undefined && offset === requested) return { offset, source: 'committed' };
    return { offset, source: 'reset', reason: requested === undefined ? 'no-committed-offset' : 'out-of-range' };
  }

  private stopConsumer(consumer: MutableConsumer, status: 'crashed' | 'closed'): void {
    consumer.status = status;
    consumer.lastOwned = consumer.assignment.length > 0 ? consumer.assignment : consumer.lastOwned;
    consumer.assignment = [];
    consumer.pending = [];
    consumer.inHand = null;
    consumer.phase = 'not member';
    consumer.asyncInFlight = [];
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
    const consumers = this.consumerList;
    return ownerIn(consumers, consumers.map(ownedList), tp);
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
    const known = tp as Partial<MutableLog>;
    if (known.key !== undefined && this.logs.get(known.key) === tp) return tp as MutableLog;
    // Most steps ask for the partition the step before asked for: no key to build and look up then.
    const last = this.lastLog;
    if (last !== undefined && last.partition === tp.partition && last.topic === tp.topic) return last;
    const log = this.logs.get(partitionKey(tp));
    if (!log) throw new ScenarioError(`unknown partition ${partitionKey(tp)}`);
    this.lastLog = log;
    return log;
  }
}

/** What a consumer owns: its assignment while it runs, else nothing. */
function ownedList(consumer: MutableConsumer): readonly TopicPartition[] | null {
  return consumer.status === 'running' ? consumer.assignment : null;
}

/** The first consumer (in the scenario's order) whose owned list holds the partition, or null. */
function ownerIn(
  consumers: readonly MutableConsumer[],
  owned: readonly (readonly TopicPartition[] | null)[],
  tp: TopicPartition,
): string | null {
  for (let i = 0; i < consumers.length; i++) {
    for (const candidate of owned[i] ?? []) {
      if (candidate.partition === tp.partition && candidate.topic === tp.topic) return consumers[i].id;
    }
  }
  return null;
}

/**
 * The partitions a consumer's view shows (the Offsets tree, the debugger's scopes): what it owns; while
 * it owns nothing yet (subscribed, or waiting in a rebalance) what it owned last, else every partition
 * it subscribed to, with its position unknown; after it stopped, what it owned last.
 */
export function shownPartitions(
  status: ConsumerState['status'],
  assignment: readonly TopicPartition[],
  lastOwned: readonly TopicPartition[],
  subscribed: Iterable<TopicPartition>,
): TopicPartition[] {
  if (status !== 'running') return [...lastOwned];
  if (assignment.length > 0) return [...assignment];
  if (lastOwned.length > 0) return [...lastOwned];
  return [...subscribed].map((tp) => ({ topic: tp.topic, partition: tp.partition })).sort(compareTopicPartitions);
}

/** The last stable offset: read_committed consumers read no further than an open transaction's first record. */
function lastStableOffset(log: MutableLog): number {
  return log.openTransactionStart ?? log.logEndOffset;
}
