// Live: Burrow's evaluation (src/liveGroups/burrowTracker.ts, rules of Burrow v1.9.5 in
// src/liveGroups/burrowEvaluation.ts) of real consumers on a real Kafka 4.4 broker, fed as the Clusters
// view feeds it on each refresh: `describeAnyGroup` plus the group's commits read from
// `__consumer_offsets` (`groupCommits`), then `observe` and `evaluate`. A KafkaConsumer that pauses its
// partitions and keeps auto-committing the same positions while records arrive
// (test/live/java/StalledConsumer.java) is STALL; a group whose console consumer committed once and left
// with records unread is STOP once its newest commit is older than its window spans; Kafka's console
// consumer keeping up with a producer is OK.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import { findJava, findKafkaJars } from '../../src/brokerRun/javaDriver';
import { partitionKeyOf } from '../../src/common/topicPartition';
import type { GroupCommitHistory } from '../../src/kafka/commitLog/commitLogReader';
import { createKafkaInspector, type KafkaInspector } from '../../src/kafka/kafkaInspector';
import type { AnyGroupDescription, ConsumerGroupDescription } from '../../src/kafka/kafkaModel';
import { BurrowTracker, type TrackedEvaluation } from '../../src/liveGroups/burrowTracker';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const stalledTopic = 'burrow-stalled-t';
const stoppedTopic = 'burrow-stopped-t';
const okTopic = 'burrow-ok-t';
const stalledPartitions = [0, 1];

/** One refresh of a group as the Clusters view makes it, and the evaluation right after. */
interface Refresh {
  readonly description: ConsumerGroupDescription;
  readonly history: GroupCommitHistory;
  readonly tracked: TrackedEvaluation;
}

/** The description of a classic group (all groups here are), typed as one. */
function classicGroup(description: AnyGroupDescription): ConsumerGroupDescription {
  if (description.type !== 'classic') assert.fail(`${description.groupId} is a ${description.type} group`);
  return description;
}

/** Ends a child: stdin closed (our Java apps stop then) and SIGTERM (kafka.mjs passes it on), SIGKILL after 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await closed;
  clearTimeout(timer);
}

/** Resolves with the first stdout line of `child` starting with `prefix`; rejects if it exits or the time runs out. */
function waitForLine(child: ChildProcess, prefix: string, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const done = (error?: Error, line?: string): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('close', onClose);
      if (error) reject(error);
      else resolve(line ?? '');
    };
    const onData = (chunk: string): void => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) done(undefined, line.trim());
    };
    const onClose = (code: number | null): void =>
      done(new Error(`the child exited (${code}) before printing ${prefix}:\n${buffered}\n${stderr()}`));
    const timer = setTimeout(
      () => done(new Error(`no ${prefix} within ${timeoutMs} ms:\n${buffered}\n${stderr()}`)),
      timeoutMs,
    );
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.on('close', onClose);
  });
}

describe('live: Burrow sees a stalled consumer as STALL, a stopped one as STOP, a healthy one as OK (real Kafka 4.4)', function () {
  this.timeout(300_000);
  let kafka: KafkaCluster;
  let admin: Admin;
  let producer: Producer;
  let inspector: KafkaInspector;
  const children: ChildProcess[] = [];
  const tracker = new BurrowTracker();
  let sequence = 0;

  async function produce(topic: string, partitions: readonly number[], perPartition: number): Promise<void> {
    await producer.send({
      messages: partitions.flatMap((partition) =>
        Array.from({ length: perPartition }, () => ({ topic, partition, value: Buffer.from(`r${sequence++}`) })),
      ),
    });
  }

  /** Describes the group and reads its commits, then observes and evaluates it as the Clusters view does. */
  async function refresh(groupId: string, samplesOnly?: BurrowTracker): Promise<Refresh> {
    const [description, history] = await Promise.all([
      inspector.describeAnyGroup(groupId, 'classic').then(classicGroup),
      inspector.groupCommits(groupId),
    ]);
    const now = Date.now();
    tracker.observe(groupId, description, now, history.commits);
    const tracked = tracker.evaluate(groupId, now);
    assert.ok(tracked, `no evaluation of ${groupId}`);
    if (samplesOnly) samplesOnly.observe(groupId, description, now);
    return { description, history, tracked };
  }

  /** Starts Kafka's console consumer through scripts/kafka.mjs (SIGTERM reaches its JVM). */
  function consoleConsumer(args: string[]): { child: ChildProcess; output: () => string } {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'scripts/kafka.mjs'),
        'tool',
        '--data-dir',
        kafka.dataDir,
        'console-consumer',
        '--bootstrap-server',
        kafka.bootstrapServers,
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    children.push(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    return { child, output: () => output };
  }

  before(async function () {
    this.timeout(900_000); // the first run may fetch Kafka's jars
    kafka = await startKafka();
    const bootstrapBrokers = [kafka.bootstrapServers];
    admin = new Admin({ clientId: 'live-burrow-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [stalledTopic], partitions: stalledPartitions.length, replicas: 1 });
    await admin.createTopics({ topics: [stoppedTopic, okTopic], partitions: 1, replicas: 1 });
    producer = new Producer({ clientId: 'live-burrow-producer', bootstrapBrokers, autocreateTopics: false });
    await produce(stalledTopic, stalledPartitions, 5);
    await produce(stoppedTopic, [0], 10);
    await produce(okTopic, [0], 5);
    inspector = createKafkaInspector({ bootstrapServers: bootstrapBrokers, clientId: 'live-burrow-inspector' });
  });

  after(async function () {
    this.timeout(120_000);
    await Promise.all(children.map((child) => stopChild(child)));
    await producer?.close().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    await inspector?.close().catch(() => undefined);
    await kafka?.stop();
  });

  it('STALL: a consumer that stays in the group and commits the same offsets while lag grows', async function () {
    const java = await findJava();
    const jars = findKafkaJars(undefined, root);
    const child = spawn(
      java,
      [
        '-cp',
        `${jars}${path.sep}*`,
        path.join(root, 'test/live/java/StalledConsumer.java'),
        kafka.bootstrapServers,
        'burrow-stalled',
        stalledTopic,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-20_000)));
    const line = await waitForLine(child, 'STALLED', 120_000, () => stderr);
    // "STALLED burrow-stalled-t-0=5 burrow-stalled-t-1=5": the positions it paused at
    const positions = new Map(
      line
        .split(' ')
        .slice(1)
        .map((pair) => {
          const [key, value] = pair.split('=');
          return [key, Number(value)] as const;
        }),
    );
    const keys = stalledPartitions.map((p) => partitionKeyOf(stalledTopic, p));
    assert.deepEqual([...positions.keys()].sort(), keys, line);
    for (const key of keys) assert.ok((positions.get(key) ?? 0) > 0, `${line}: it read records of ${key}`);

    const samplesOnly = new BurrowTracker();
    const loopStart = Date.now();
    const deadline = loopStart + 15_000;
    let last: Refresh | undefined;
    let stalled: Refresh | undefined;
    const seen: string[] = [];
    while (Date.now() < deadline) {
      await produce(stalledTopic, stalledPartitions, 3);
      last = await refresh('burrow-stalled', samplesOnly);
      seen.push(
        `${last.tracked.evaluation.status} [${[...last.tracked.partitions.values()].map((p) => `${p.status}/${p.complete}`).join(',')}]`,
      );
      const partitions = keys.map((key) => last?.tracked.partitions.get(key));
      // STALL over Burrow's full window: 10 commits of each partition.
      if (partitions.every((p) => p?.status === 'STALL' && p.complete === 1)) {
        stalled = last;
        break;
      }
      await sleep(400);
    }
    assert.ok(
      stalled,
      `never STALL over a full window within 15 s; evaluations: ${seen.join(' ')}; last: ${last?.tracked.evaluation.rule}`,
    );
    const { tracked, history, description } = stalled;
    assert.equal(tracked.source, 'commit-log');
    assert.equal(tracked.evaluation.status, 'ERR');
    assert.match(
      tracked.evaluation.rule,
      /^ERR: 2 of 2 partitions STOP, STALL or REWIND, worst burrow-stalled-t\/\d STALL/,
    );
    assert.equal(tracked.evaluation.complete, 1, 'full windows of 10 commits');
    for (const key of keys) {
      const position = positions.get(key) ?? -1;
      const partition = tracked.partitions.get(key);
      assert.ok(partition);
      assert.match(
        partition.rule,
        new RegExp(
          `^STALL: the committed offset stayed at ${position} for all 10 commits in the window while lag is \\d+`,
        ),
      );
      assert.ok(partition.currentLag > 0, 'lag above 0');
      assert.deepEqual(
        partition.checks.map((c) => c.check),
        ['checkIfOffsetsStopped', 'checkIfOffsetsRewind', 'isLagAlwaysNotZero', 'checkIfOffsetsStalled'],
      );
      // Really stalled: the last 10 commits read back are all of the paused position, one per 200 ms or so.
      const commits = history.commits.get(key) ?? [];
      assert.ok(commits.length >= 10, `${commits.length} commits of ${key}`);
      assert.deepEqual(
        commits.map((c) => c.offset),
        commits.map(() => position),
      );
      assert.ok(commits.every((c, i) => i === 0 || c.commitTimestampMs >= commits[i - 1].commitTimestampMs));
      const span = commits[commits.length - 1].commitTimestampMs - commits[0].commitTimestampMs;
      assert.ok(span > 0 && span < 10_000, `10 commits over ${span} ms`);
      // The group is live: the member still owns the partition, and the lag the views show grows.
      const row = description.rows.find((r) => partitionKeyOf(r.topic, r.partition) === key);
      assert.ok(row?.consumerId, `${key} is owned by a member`);
      assert.equal(row.currentOffset, position);
      assert.ok((row.lag ?? 0) >= 3, `lag ${row.lag}`);
    }
    // Sampling the committed offsets alone (no __consumer_offsets) cannot see the same-offset commits:
    // the window stops at the first sample, so it reads as STOP ("Burrow-like"), not STALL.
    await sleep(Math.max(0, 1100 - (Date.now() % 1000)));
    const byNow = samplesOnly.evaluate('burrow-stalled', Date.now());
    assert.equal(byNow?.source, 'samples');
    for (const key of keys) assert.equal(byNow?.partitions.get(key)?.status, 'STOP', byNow?.partitions.get(key)?.rule);
    await stopChild(child);
  });

  it('STOP: a group that committed and left with records unread, once its newest commit is older than its window', async function () {
    // Reads 4 records (one poll of 4), commits its position as it closes, and exits.
    const consumer = consoleConsumer([
      '--topic',
      stoppedTopic,
      '--group',
      'burrow-stopped',
      '--from-beginning',
      '--max-messages',
      '4',
      '--command-property',
      'max.poll.records=4',
    ]);
    const code = await new Promise<number | null>((resolve) => consumer.child.once('close', resolve));
    assert.equal(code, 0, consumer.output());
    await produce(stoppedTopic, [0], 5);
    const key = partitionKeyOf(stoppedTopic, 0);
    const deadline = Date.now() + 15_000;
    const seen: string[] = [];
    let last: Refresh | undefined;
    while (Date.now() < deadline) {
      last = await refresh('burrow-stopped');
      const status = last.tracked.partitions.get(key)?.status;
      seen.push(String(status));
      if (status === 'STOP') break;
      await sleep(400);
    }
    assert.ok(last);
    const { tracked, history, description } = last;
    const partition = tracked.partitions.get(key);
    assert.equal(partition?.status, 'STOP', `evaluations: ${seen.join(' ')}; last: ${partition?.rule}`);
    assert.equal(tracked.source, 'commit-log');
    assert.equal(tracked.evaluation.status, 'ERR');
    const commits = history.commits.get(key) ?? [];
    assert.ok(commits.length >= 1 && commits.length <= 3, `${commits.length} commits`);
    const newest = commits[commits.length - 1];
    assert.equal(newest.offset, 4, 'the consumer committed the 4 records it read');
    const row = description.rows[0];
    assert.equal(description.state, 'Empty', 'no member is left');
    assert.equal(row.consumerId, null);
    assert.equal(row.currentOffset, 4);
    assert.equal(row.logEndOffset, 15);
    assert.equal(partition.currentLag, 11);
    assert.match(
      partition.rule,
      /^STOP: no commit for [\d.]+ s since offset 4 was committed, longer than the [\d.]+ s the window of \d commits? spans, while lag is 11/,
    );
    const age = Math.floor(Date.now() / 1000) * 1000 - newest.commitTimestampMs;
    assert.ok(age > newest.commitTimestampMs - commits[0].commitTimestampMs, 'older than the window spans');
    // Right at its newest commit the same window was not stopped yet.
    assert.notEqual(tracker.evaluate('burrow-stopped', newest.commitTimestampMs)?.partitions.get(key)?.status, 'STOP');
  });

  it('OK: Kafka’s console consumer keeping up with a producer, auto-committing every 200 ms', async function () {
    const consumer = consoleConsumer([
      '--topic',
      okTopic,
      '--group',
      'burrow-ok',
      '--from-beginning',
      '--command-property',
      'auto.commit.interval.ms=200',
    ]);
    const key = partitionKeyOf(okTopic, 0);
    // Wait until it has joined and caught up with the first records.
    const joinDeadline = Date.now() + 90_000;
    for (;;) {
      const d = await inspector
        .describeAnyGroup('burrow-ok', 'classic')
        .then(classicGroup)
        .catch(() => undefined);
      const row = d?.rows.find((r) => r.topic === okTopic);
      if (row?.consumerId && row.lag === 0) break;
      assert.ok(Date.now() < joinDeadline, `burrow-ok never caught up: ${consumer.output()}`);
      assert.equal(consumer.child.exitCode, null, consumer.output());
      await sleep(300);
    }
    const deadline = Date.now() + 20_000;
    const seen: string[] = [];
    let ok: Refresh | undefined;
    let last: Refresh | undefined;
    while (Date.now() < deadline) {
      await produce(okTopic, [0], 3);
      await sleep(400); // time to read them and auto-commit
      last = await refresh('burrow-ok');
      const partition = last.tracked.partitions.get(key);
      seen.push(`${partition?.status}/${partition?.complete}`);
      if (
        partition?.status === 'OK' &&
        partition.complete === 1 &&
        partition.start !== null &&
        partition.end !== null &&
        partition.start.offset < partition.end.offset
      ) {
        ok = last;
        break;
      }
    }
    assert.ok(ok, `never OK with a full, moving window: ${seen.join(' ')}; last: ${last?.tracked.evaluation.rule}`);
    assert.equal(ok.tracked.source, 'commit-log');
    assert.equal(ok.tracked.evaluation.status, 'OK');
    assert.match(ok.tracked.partitions.get(key)?.rule ?? '', /^OK: /);
    const commits = ok.history.commits.get(key) ?? [];
    assert.equal(commits.length, 10);
    assert.ok(commits[commits.length - 1].offset > commits[0].offset, 'the committed offset moves');
    await stopChild(consumer.child);
  });
});
