// Runs a scenario on a real Kafka cluster with real Java clients (run-on-kafka): a fresh topic and
// group per run, the records produced as the scenario says, one KafkaConsumer JVM per consumer
// (a crash is a SIGKILL of it), waits that really wait. After every step it records what the
// broker and the clients show: records received, positions, assignments, exceptions and the
// committed offsets read back from the broker. The result is a trace of origin `broker-run`.

import { type TopicPartition, compareTopicPartitions, partitionKey } from '../common/topicPartition';
import { type Action, type Scenario, defaultConsumerConfig, rebalanceProtocolOf } from '../simulator/model';
import type {
  CommitEffect,
  ConsumerPartitionState,
  ConsumerState,
  KafkaExceptionName,
  PartitionState,
  RecordRef,
  SimulatorState,
  StepEffects,
  StepError,
} from '../simulator/offsetSimulator';
import { emptyEffects, shownPartitions } from '../simulator/offsetSimulator';
import { partitionView } from '../simulator/partitionView';
import { assignorClasses } from '../scenarios/consumerProperties';
import { protocolOf } from '../scenarios/scenarioProtocols';
import { actionLabel } from '../trace/actionLabels';
import { exceptionField, messageLabel, type StepKind, type Trace, type TraceStep } from '../trace/trace';
import { DriverProcess, type DriverAnswer, type JavaSetup } from './javaDriver';

/** How a run goes: where, and how long a poll may wait for its records or a rebalance. */
export interface BrokerRunOptions {
  readonly bootstrapServers: string;
  readonly java: JavaSetup;
  /** A suffix making the topic and group names of this run unique (default: time and a random part). */
  readonly runId?: string;
  /** Progress lines for a long run (one per step). */
  readonly progress?: (line: string) => void;
  /** Cancels the run between steps. */
  readonly signal?: AbortSignal;
}

/** What the run produced: the observed trace and the names it used on the cluster. */
export interface BrokerRun {
  readonly trace: Trace;
  readonly topics: Readonly<Record<string, string>>;
  readonly group: string;
  readonly protocol: 'classic' | 'consumer';
  readonly kafkaVersion: string;
}

/** A run could not go on: the cluster or a driver failed (not a Kafka exception a step shows). */
export class BrokerRunError extends Error {
  constructor(
    message: string,
    readonly step?: number,
  ) {
    super(message);
    this.name = 'BrokerRunError';
  }
}

interface ConsumerClient {
  readonly id: string;
  driver: DriverProcess | null;
  /** A JVM started ahead for the next start or restart (a JVM takes about a second to start). */
  spare: DriverProcess | null;
  status: ConsumerState['status'];
  assignment: TopicPartition[];
  positions: Map<string, number>;
  generation: number;
  pending: RecordRef[];
  inHand: RecordRef | null;
  lastProcessed: Map<string, number>;
  lastOwned: TopicPartition[];
}

const knownExceptions: ReadonlySet<string> = new Set<KafkaExceptionName>([
  'CommitFailedException',
  'RebalanceInProgressException',
  'NoOffsetForPartitionException',
  'OffsetOutOfRangeException',
  'IllegalStateException',
]);

/** Runs the scenario on the cluster and returns the observed trace. */
export async function runOnKafka(scenario: Scenario, options: BrokerRunOptions): Promise<BrokerRun> {
  const runId = options.runId ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const topics: Record<string, string> = {};
  for (const topic of scenario.topics) topics[topic.name] = `${topic.name}.kot-${runId}`;
  const scenarioTopic = new Map(Object.entries(topics).map(([name, real]) => [real, name]));
  const group = `${scenario.group}.kot-${runId}`;
  const protocol = protocolOf(scenario);
  const rebalanceKind = (id: string): 'eager' | 'cooperative' | 'consumer' => {
    if (protocol === 'consumer') return 'consumer';
    const config = { ...defaultConsumerConfig, ...scenario.consumers.find((c) => c.id === id)?.config };
    return rebalanceProtocolOf(config.assignor);
  };
  const progress = options.progress ?? (() => undefined);
  const cluster = new DriverProcess(options.java, 'cluster', options.bootstrapServers, {
    'transactional.id': `offset-trace-${runId}`,
  });
  const consumerProps = (id: string): Record<string, string> => {
    const setup = scenario.consumers.find((c) => c.id === id);
    const props: Record<string, string> = { ...setup?.properties };
    if (props['partition.assignment.strategy']) {
      props['partition.assignment.strategy'] = props['partition.assignment.strategy']
        .split(',')
        .map((name) => assignorClasses[name.trim() as keyof typeof assignorClasses] ?? name.trim())
        .join(',');
    }
    return { ...props, 'group.id': group, 'client.id': id };
  };
  const clients = new Map<string, ConsumerClient>();
  let topicsCreated = false;
  const startSpare = (id: string): DriverProcess =>
    new DriverProcess(options.java, 'consumer', options.bootstrapServers, consumerProps(id));
  try {
    progress(`starting ${scenario.consumers.length + 1} JVMs (Kafka clients ${options.java.kafkaVersion})`);
    for (const setup of scenario.consumers) {
      clients.set(setup.id, {
        id: setup.id,
        driver: null,
        spare: startSpare(setup.id),
        status: 'not started',
        assignment: [],
        positions: new Map(),
        generation: -1,
        pending: [],
        inHand: null,
        lastProcessed: new Map(),
        lastOwned: [],
      });
    }
    await expectOk(cluster.ready, 'the cluster driver');
    for (const client of clients.values())
      await expectOk((client.spare as DriverProcess).ready, `consumer ${client.id}`);

    const ping = await cluster
      .send('ping 10000', 30_000)
      .catch((error: Error) => ({ ok: false, message: error.message }) as DriverAnswer);
    if (!ping.ok) {
      throw new BrokerRunError(
        `no Kafka broker answered at ${options.bootstrapServers} within 10 s (${ping.error ? `${ping.error}: ` : ''}${ping.message ?? ''})`,
      );
    }

    // A fresh topic per run, with the records (and retention) the scenario starts from.
    for (const topic of scenario.topics) {
      topicsCreated = true;
      await expectOk(cluster.send(`createTopic ${topics[topic.name]} ${topic.partitions.length}`), 'createTopic');
      for (const p of topic.partitions) {
        const start = p.logStartOffset ?? 0;
        if (start + p.records > 0) {
          await expectOk(cluster.send(`produce ${topics[topic.name]} ${p.partition} ${start + p.records}`), 'produce');
        }
        if (start > 0) {
          await expectOk(cluster.send(`deleteRecords ${topics[topic.name]} ${p.partition} ${start}`), 'deleteRecords');
        }
      }
    }
    const groupConfigs = groupConfigsOf(scenario);
    if (protocol === 'consumer' && groupConfigs.length > 0) {
      await expectOk(cluster.send(`groupConfig ${group} ${groupConfigs.join(' ')}`), 'the group configs');
    }

    // A member hears of a rebalance another member started with its next heartbeat: a poll soon after
    // a membership change waits that long before it counts as settled.
    const heartbeatMs =
      protocol === 'consumer'
        ? (scenario.groupSettings?.consumerHeartbeatIntervalMs ??
          (Number(
            (
              await cluster
                .send('brokerConfig group.consumer.heartbeat.interval.ms', 30_000)
                .catch(() => ({ ok: false }) as DriverAnswer)
            ).value,
          ) ||
            5000))
        : undefined;
    let membershipChangedAt = 0;
    const partitionsOfTopic = new Map(scenario.topics.map((t) => [t.name, t.partitions.length]));
    const steps: TraceStep[] = [];
    const kinds: StepKind[] = [];
    const states: SimulatorState[] = [];
    const effectsList: StepEffects[] = [];
    let committedBefore = new Map<string, number>();
    const controlOffsets = new Map<string, number[]>();
    const transactionPartitions = new Set<string>();
    const clockStart = Date.now();
    const realTp = (tp: TopicPartition) => `${topics[tp.topic]} ${tp.partition}`;
    const parseRef = (text: string): RecordRef => {
      const [topic, partition, offset] = splitRef(text);
      return { topic: scenarioTopic.get(topic) ?? topic, partition: Number(partition), offset: Number(offset) };
    };

    for (let index = 0; index < scenario.actions.length; index++) {
      if (options.signal?.aborted) throw new BrokerRunError('the run was cancelled', index + 1);
      const action = scenario.actions[index];
      const effects = emptyEffects();
      const step = index + 1;
      progress(`step ${step}/${scenario.actions.length}: ${actionLabel(action, effects)}`);
      const consumerId = 'consumer' in action ? action.consumer : null;
      const client = consumerId ? clients.get(consumerId) : undefined;
      let answer: DriverAnswer | undefined;
      const ask = async (command: string): Promise<DriverAnswer> => {
        if (!client?.driver) throw new BrokerRunError(`consumer ${consumerId} is not running`, step);
        try {
          return await client.driver.send(command, 120_000);
        } catch (error) {
          throw new BrokerRunError(`step ${step}: ${(error as Error).message}`, step);
        }
      };
      switch (action.type) {
        case 'start':
        case 'restart': {
          if (!client) break;
          client.driver = client.spare ?? startSpare(client.id);
          client.spare = null;
          await expectOk(client.driver.ready, `consumer ${client.id}`);
          client.status = 'running';
          client.assignment = [];
          client.positions = new Map();
          client.generation = -1;
          client.pending = [];
          client.inHand = null;
          client.lastProcessed = new Map();
          answer = await ask(`subscribe ${scenario.topics.map((t) => topics[t.name]).join(' ')}`);
          break;
        }
        case 'poll': {
          const config = { ...defaultConsumerConfig, ...scenario.consumers.find((c) => c.id === consumerId)?.config };
          const hearMs = (heartbeatMs ?? config.heartbeatIntervalMs) + 500;
          const maxMs = Math.max(4000, hearMs + 1000);
          const minMs = Math.max(200, hearMs - (Date.now() - membershipChangedAt));
          const joining = client?.generation === -1;
          answer = await ask(`poll ${minMs} ${maxMs}`);
          if (joining) membershipChangedAt = Date.now();
          if (client) {
            effects.discarded.push(...client.pending);
            const records = (answer.records ?? []).map(parseRef);
            client.pending = [...records];
            client.inHand = records[0] ?? null;
            effects.polled.push(...records);
          }
          break;
        }
        case 'process': {
          if (!client) break;
          const record = client.pending.shift();
          if (!record) break; // the broker gave fewer records than the simulator: the poll's difference names it
          client.inHand = record;
          client.lastProcessed.set(partitionKey(record), record.offset);
          effects.processed.push(record);
          break;
        }
        case 'commitSync':
          answer = await ask('commitSync');
          break;
        case 'commitAsync':
          answer = await ask('commitAsync');
          break;
        case 'commitProcessed': {
          const offsets = (client?.assignment ?? [])
            .filter((tp) => client?.lastProcessed.has(partitionKey(tp)))
            .map((tp) => `${realTp(tp)} ${(client?.lastProcessed.get(partitionKey(tp)) ?? 0) + 1}`);
          answer = offsets.length > 0 ? await ask(`commitOffsets ${offsets.join(' ')}`) : await ask('commitOffsets');
          break;
        }
        case 'commitOffsets':
          answer = await ask(`commitOffsets ${action.offsets.map((o) => `${realTp(o)} ${o.offset}`).join(' ')}`);
          break;
        case 'seek':
          answer = await ask(`seek ${realTp(action)} ${action.offset}`);
          if (client) {
            const key = partitionKey(action);
            effects.discarded.push(...client.pending.filter((r) => partitionKey(r) === key));
            client.pending = client.pending.filter((r) => partitionKey(r) !== key);
            if (client.inHand && partitionKey(client.inHand) === key) client.inHand = null;
          }
          break;
        case 'crash':
          if (client?.driver) {
            effects.discarded.push(...client.pending);
            await client.driver.kill();
            client.driver = null;
            client.status = 'crashed';
            stopClient(client);
            client.spare = startSpare(client.id);
          }
          break;
        case 'close':
          if (client?.driver) {
            answer = await ask('close');
            membershipChangedAt = Date.now();
            effects.discarded.push(...client.pending);
            const driver = client.driver;
            const exited = await Promise.race([driver.exit.then(() => true), sleep(30_000).then(() => false)]);
            if (!exited) await driver.kill();
            client.driver = null;
            client.status = 'closed';
            stopClient(client);
            client.spare = startSpare(client.id);
          }
          break;
        case 'wait':
          await sleep(action.ms, options.signal);
          membershipChangedAt = Date.now(); // a session or poll timeout may have fired meanwhile
          break;
        case 'produce': {
          if (action.transactional) {
            await expectOk(cluster.send('begin'), 'begin');
            await expectOk(cluster.send(`produceTx ${realTp(action)} ${action.count}`), 'produceTx');
            await expectOk(cluster.send(action.aborted ? 'abortTx' : 'commitTx'), 'end of the transaction');
          } else {
            const produced = await expectOk(cluster.send(`produce ${realTp(action)} ${action.count}`), 'produce');
            for (const offset of produced.offsets ?? [])
              effects.produced.push({ topic: action.topic, partition: action.partition, offset: Number(offset) });
          }
          break;
        }
        case 'beginTransaction':
          await expectOk(cluster.send('begin'), 'begin-transaction');
          break;
        case 'produceTransactional': {
          const produced = await expectOk(
            cluster.send(`produceTx ${realTp(action)} ${action.count}`),
            'produce-transactional',
          );
          transactionPartitions.add(partitionKey(action));
          for (const offset of produced.offsets ?? [])
            effects.produced.push({ topic: action.topic, partition: action.partition, offset: Number(offset) });
          break;
        }
        case 'commitTransaction':
        case 'abortTransaction':
          await expectOk(
            cluster.send(action.type === 'commitTransaction' ? 'commitTx' : 'abortTx'),
            action.type === 'commitTransaction' ? 'commit-transaction' : 'abort-transaction',
          );
          break;
        case 'deleteRecords':
          await expectOk(cluster.send(`deleteRecords ${realTp(action)} ${action.beforeOffset}`), 'delete-records');
          break;
      }
      const newlyAssigned =
        client && answer ? applyAnswer(client, answer, effects, parseRef, step, scenarioTopic, rebalanceKind) : [];

      // What the broker holds now: committed offsets, log start and end, last stable offset.
      const partitions: PartitionState[] = [];
      const committedNow = new Map<string, number>();
      for (const topic of scenario.topics) {
        const seen = await expectOk(
          cluster.send(`observe ${group} ${topics[topic.name]} ${partitionsOfTopic.get(topic.name) ?? 1}`),
          'reading the committed offsets back',
        );
        for (const row of seen.partitions ?? []) {
          const [partition, committed, logStart, logEnd, stable] = row.split(':');
          const tp = { topic: topic.name, partition: Number(partition) };
          const key = partitionKey(tp);
          if (committed !== '-') committedNow.set(key, Number(committed));
          partitions.push({
            ...tp,
            logStartOffset: Number(logStart),
            logEndOffset: Number(logEnd),
            committedOffset: committed === '-' ? null : Number(committed),
            owner: ownerOf(clients, tp),
            controlOffsets: controlOffsets.get(key) ?? [],
            lastStableOffset: Number(stable),
          });
        }
      }
      if (action.type === 'commitTransaction' || action.type === 'abortTransaction') {
        for (const key of transactionPartitions) {
          const p = partitions.find((x) => partitionKey(x) === key);
          if (p) controlOffsets.set(key, [...(controlOffsets.get(key) ?? []), p.logEndOffset - 1]);
        }
        transactionPartitions.clear();
      }
      const finalPartitions = partitions
        .map((p) => ({ ...p, controlOffsets: controlOffsets.get(partitionKey(p)) ?? [] }))
        .sort(compareTopicPartitions);
      for (const [key, offset] of committedNow) {
        const previous = committedBefore.get(key);
        if (previous === offset) continue;
        const [topicName, partitionText] = [key.slice(0, key.lastIndexOf('-')), key.slice(key.lastIndexOf('-') + 1)];
        const p = finalPartitions.find((x) => partitionKey(x) === key);
        effects.commits.push({
          consumer: consumerId ?? '-',
          topic: topicName,
          partition: Number(partitionText),
          offset,
          previous: previous ?? null,
          logStartOffset: p?.logStartOffset ?? 0,
          kind: commitKind(action),
        } satisfies CommitEffect);
      }
      // Where a newly assigned partition started (its first record polled, else its position): at the
      // committed offset before this step (resumed), or elsewhere (auto.offset.reset).
      for (const tp of newlyAssigned) {
        const key = partitionKey(tp);
        const first = effects.polled.find((r) => partitionKey(r) === key)?.offset ?? client?.positions.get(key);
        const p = finalPartitions.find((x) => partitionKey(x) === key);
        if (first === undefined || !client || !p) continue;
        const committed = committedBefore.get(key);
        const policy = { ...defaultConsumerConfig, ...scenario.consumers.find((c) => c.id === client.id)?.config }
          .autoOffsetReset;
        const resumed = committed !== undefined && committed === first;
        effects.positionOrigins.push({
          consumer: client.id,
          topic: tp.topic,
          partition: tp.partition,
          offset: first,
          source: resumed ? 'committed' : 'reset',
          ...(resumed ? {} : { reason: committed === undefined ? 'no-committed-offset' : 'out-of-range', policy }),
          ...(committed !== undefined ? { committedOffset: committed } : {}),
          logStartOffset: p.logStartOffset,
          logEndOffset: p.logEndOffset,
        });
      }
      committedBefore = committedNow;

      const state = observedState(scenario, clients, finalPartitions, Date.now() - clockStart);
      const focus = focusOf(action, client, effects, finalPartitions);
      const actor = consumerId ? clients.get(consumerId) : [...clients.values()][0];
      const view = actor ? observedView(scenario, actor, focus, finalPartitions) : undefined;
      steps.push(stepRow(action, step, view, focus, effects));
      kinds.push(action.type);
      states.push(state);
      effectsList.push(effects);
    }
    return {
      trace: {
        source: { name: scenario.name, title: scenario.title, summary: scenario.summary, group: scenario.group },
        steps,
        kinds,
        states,
        effects: effectsList,
      },
      topics,
      group,
      protocol,
      kafkaVersion: options.java.kafkaVersion,
    };
  } finally {
    const all = [cluster, ...[...clients.values()].flatMap((c) => [c.driver, c.spare])].filter(
      (d): d is DriverProcess => d !== null,
    );
    if (topicsCreated) {
      await cluster.send(`deleteTopics ${Object.values(topics).join(' ')}`, 15_000).catch(() => undefined);
    }
    await Promise.all(all.map((d) => d.kill()));
  }
}

/** The consumer protocol's per-group configs the scenario states (broker names map to the group's own). */
function groupConfigsOf(scenario: Scenario): string[] {
  const names: Record<string, string> = {
    'group.consumer.session.timeout.ms': 'consumer.session.timeout.ms',
    'group.consumer.heartbeat.interval.ms': 'consumer.heartbeat.interval.ms',
    'consumer.session.timeout.ms': 'consumer.session.timeout.ms',
    'consumer.heartbeat.interval.ms': 'consumer.heartbeat.interval.ms',
  };
  const configs = new Map<string, string>();
  for (const [name, value] of Object.entries(scenario.groupProperties ?? {})) {
    const groupName = names[name];
    if (groupName) configs.set(groupName, value);
  }
  return [...configs].map(([k, v]) => `${k}=${v}`);
}

/** Takes a driver's answer into the client's view; returns the partitions newly assigned (EAGER: all, after a new generation). */
function applyAnswer(
  client: ConsumerClient,
  answer: DriverAnswer,
  effects: StepEffects,
  parseRef: (text: string) => RecordRef,
  step: number,
  scenarioTopic: ReadonlyMap<string, string>,
  rebalanceKind: (id: string) => 'eager' | 'cooperative' | 'consumer',
): TopicPartition[] {
  if (!answer.ok) {
    const exception = answer.error ?? 'Exception';
    if (!knownExceptions.has(exception)) {
      throw new BrokerRunError(`step ${step}: ${exception}: ${answer.message ?? ''}`, step);
    }
    effects.errors.push({
      consumer: client.id,
      exception: exception as KafkaExceptionName,
      message: answer.message ?? '',
      via: 'thrown',
    } satisfies StepError);
  }
  for (const result of answer.asyncResults ?? []) {
    if (result === 'ok') continue;
    const colon = result.indexOf(':');
    effects.errors.push({
      consumer: client.id,
      exception: (colon > 0 ? result.slice(0, colon) : result) as KafkaExceptionName,
      message: colon > 0 ? result.slice(colon + 1).trim() : '',
      via: 'callback',
    });
  }
  if (answer.assignment === undefined) return [];
  const assignment = answer.assignment
    .map((text) => {
      const [topic, partition] = splitRef(`${text}:0`);
      return { topic: scenarioTopic.get(topic) ?? topic, partition: Number(partition) };
    })
    .sort(compareTopicPartitions);
  const positions = new Map<string, number>();
  for (const text of answer.positions ?? []) {
    const ref = parseRef(text);
    positions.set(partitionKey(ref), ref.offset);
  }
  const before = new Set(client.assignment.map(partitionKey));
  const after = new Set(assignment.map(partitionKey));
  const generation = typeof answer.generation === 'number' ? answer.generation : client.generation;
  const kind = rebalanceKind(client.id);
  // EAGER: a new generation revoked everything, so every partition it holds was given anew.
  const eagerRound = kind === 'eager' && generation !== client.generation && client.assignment.length > 0;
  const revoked = eagerRound ? client.assignment : client.assignment.filter((tp) => !after.has(partitionKey(tp)));
  const assigned = eagerRound ? assignment : assignment.filter((tp) => !before.has(partitionKey(tp)));
  if (revoked.length > 0 || assigned.length > 0) {
    effects.assignmentChanges.push({ consumer: client.id, protocol: kind, generation, revoked, assigned });
  }
  for (const tp of revoked) {
    client.positions.delete(partitionKey(tp));
    client.lastProcessed.delete(partitionKey(tp));
  }
  for (const [key, position] of positions) client.positions.set(key, position);
  client.assignment = assignment;
  if (assignment.length > 0) client.lastOwned = assignment;
  client.generation = generation;
  return assigned;
}

function stopClient(client: ConsumerClient): void {
  if (client.assignment.length > 0) client.lastOwned = client.assignment;
  client.assignment = [];
  client.pending = [];
  client.inHand = null;
}

function commitKind(action: Action): CommitEffect['kind'] {
  switch (action.type) {
    case 'commitSync':
      return 'sync';
    case 'commitAsync':
      return 'async';
    case 'commitProcessed':
    case 'commitOffsets':
      return 'explicit';
    default:
      return 'auto';
  }
}

function ownerOf(clients: ReadonlyMap<string, ConsumerClient>, tp: TopicPartition): string | null {
  for (const client of clients.values()) {
    if (client.status === 'running' && client.assignment.some((a) => partitionKey(a) === partitionKey(tp)))
      return client.id;
  }
  return null;
}

/** The observed world after a step, in the simulator's state shape (the panel and the debugger show it alike). */
function observedState(
  scenario: Scenario,
  clients: ReadonlyMap<string, ConsumerClient>,
  partitions: readonly PartitionState[],
  clockMs: number,
): SimulatorState {
  const consumers: ConsumerState[] = [...clients.values()].map((client) => {
    const shown = shownPartitions(client.status, client.assignment, client.lastOwned, partitions);
    return {
      id: client.id,
      status: client.status,
      assignment: client.assignment.map((tp) => ({ ...tp })),
      partitions: shown.map((tp) => observedView(scenario, client, tp, partitions)),
      pending: client.pending.map((r) => ({ ...r })),
    };
  });
  return { clockMs, group: scenario.group, partitions, consumers };
}

function observedView(
  scenario: Scenario,
  client: ConsumerClient,
  tp: TopicPartition,
  partitions: readonly PartitionState[],
): ConsumerPartitionState {
  const key = partitionKey(tp);
  const p = partitions.find((x) => partitionKey(x) === key);
  const config = { ...defaultConsumerConfig, ...scenario.consumers.find((c) => c.id === client.id)?.config };
  return partitionView(
    {
      topic: tp.topic,
      partition: tp.partition,
      logStartOffset: p?.logStartOffset ?? 0,
      logEndOffset: p?.logEndOffset ?? 0,
      lastStableOffset: p?.lastStableOffset ?? p?.logEndOffset ?? 0,
      committedOffset: p?.committedOffset ?? null,
      position: client.positions.get(key) ?? null,
      recordInHand: client.inHand && partitionKey(client.inHand) === key ? client.inHand.offset : null,
    },
    config,
  );
}

function focusOf(
  action: Action,
  client: ConsumerClient | undefined,
  effects: StepEffects,
  partitions: readonly PartitionState[],
): TopicPartition {
  if ('topic' in action && 'partition' in action) return { topic: action.topic, partition: action.partition };
  if (action.type === 'commitOffsets') return action.offsets[0];
  const fromEffects = effects.processed[0] ?? effects.polled[0] ?? effects.commits[0];
  if (fromEffects) return fromEffects;
  return client?.inHand ?? client?.pending[0] ?? client?.assignment[0] ?? client?.lastOwned[0] ?? partitions[0];
}

/** The table's row for an observed step, as trace.ts derives a simulated one. */
function stepRow(
  action: Action,
  step: number,
  view: ConsumerPartitionState | undefined,
  focus: TopicPartition,
  effects: StepEffects,
): TraceStep {
  const consumerId = 'consumer' in action ? action.consumer : null;
  const noPartition = ['wait', 'beginTransaction', 'commitTransaction', 'abortTransaction'].includes(action.type);
  const commits = effects.commits;
  return {
    step,
    action: actionLabel(action, effects),
    offsetRead: view?.offsetRead ?? null,
    messageProcessed:
      view?.recordInHand === null || view?.recordInHand === undefined ? null : messageLabel(view.recordInHand),
    offsetCommitted: view?.committedOffset ?? null,
    nextOffsetToRead: view?.nextOffsetToRead ?? null,
    consumer: consumerId,
    topic: noPartition ? null : focus.topic,
    partition: noPartition ? null : focus.partition,
    position: view?.position ?? null,
    logEndOffset: view?.logEndOffset ?? null,
    lag: view?.lag ?? null,
    ...(commits.length > 1
      ? { commits: commits.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset })) }
      : {}),
    ...exceptionField(effects),
    ...(action.at ? { line: action.at.line, column: action.at.column } : {}),
  };
}

/** `topic:partition:offset` (a topic name may itself hold ':'? Kafka forbids it: [a-zA-Z0-9._-]). */
function splitRef(text: string): [string, string, string] {
  const parts = text.split(':');
  return [parts[0], parts[1] ?? '0', parts[2] ?? '0'];
}

async function expectOk(pending: Promise<DriverAnswer>, what: string): Promise<DriverAnswer> {
  let answer: DriverAnswer;
  try {
    answer = await pending;
  } catch (error) {
    throw new BrokerRunError(`${what}: ${(error as Error).message}`);
  }
  if (!answer.ok) throw new BrokerRunError(`${what} failed: ${answer.error ?? 'error'}: ${answer.message ?? ''}`);
  return answer;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
