// Live broker failures against a real Kafka 4.4: a single broker killed (SIGKILL) between two describes
// with the same inspector, and killed while a request is in flight; the CLI against the dead port; and a
// 3-broker cluster that loses its group coordinator and then one more broker.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import type { KafkaInspector } from '../../src/kafka/kafkaClient';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import type { GroupDescription } from '../../src/kafka/kafkaModel';
import { runBuiltCli } from '../support/builtCli';
import { startKafka, type KafkaCluster } from './kafkaBroker';
import { expectKafkaError } from '../support/expectKafkaError';

const root = path.resolve(__dirname, '../..');
const timeoutMs = 4000;
const topic = 'failure-orders';
const groupId = 'failure-group';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A topic with records and an Empty group with committed offsets, made over the first broker. */
async function makeGroup(kafka: KafkaCluster, replicas: number): Promise<void> {
  const bootstrapBrokers = kafka.bootstrapServers.split(',');
  const admin = new Admin({ clientId: 'failure-test-admin', bootstrapBrokers });
  await admin.createTopics({ topics: [topic], partitions: 3, replicas });
  const producer = new Producer({
    clientId: 'failure-test-producer',
    bootstrapBrokers,
    autocreateTopics: false,
    idempotent: true, // a retried batch is not written twice
  });
  await producer.send({
    messages: [0, 1, 2].flatMap((partition) =>
      Array.from({ length: 5 }, (_, i) => ({ topic, partition, value: Buffer.from(`${partition}-${i}`) })),
    ),
  });
  await producer.close();
  await admin.alterConsumerGroupOffsets({
    groupId,
    topics: [
      {
        name: topic,
        partitionOffsets: [
          { partition: 0, offset: 2n },
          { partition: 1, offset: 5n },
        ],
      },
    ],
  });
  await admin.close();
}

const expectedRows = [
  [topic, 0, 2, 5, 3],
  [topic, 1, 5, 5, 0],
];
const cells = (d: GroupDescription): unknown[][] =>
  d.rows.map((r) => [r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag]);

async function waitUntilDead(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new Error(`pid ${pid} still alive`);
}

describe('live: a broker that dies (real Kafka 4.4, SIGKILL)', function () {
  this.timeout(30_000);
  let kafka: KafkaCluster;
  let client: KafkaClient;
  let inspector: KafkaInspector;

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    kafka = await startKafka();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the CLI loads it
    client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs });
  });

  after(async function () {
    this.timeout(120_000);
    await inspector?.close();
    await kafka?.stop();
  });

  it('on a fresh broker, an unknown group is "not found" (the coordinator is waited for, as the tool does)', async () => {
    // the first FindCoordinator creates __consumer_offsets: its coordinator is still loading for a moment
    const { error, elapsedMs } = await expectKafkaError(inspector.describeGroup('never-used-group'));
    console.log(`      fresh broker (${elapsedMs} ms): ${error.message}`);
    assert.equal(error.kind, 'unknownGroup');
    assert.equal(error.message, 'Group never-used-group not found.');
  });

  it('a broker killed while a request is in flight: "lost the connection", then "cannot reach"', async () => {
    await makeGroup(kafka, 1);
    assert.deepEqual(cells(await inspector.describeGroup(groupId)), expectedRows);
    const pid = kafka.nodes[0].pid;
    assert.ok(pid);
    // frozen, the broker takes the requests on its open connections and never answers; then it dies
    process.kill(pid, 'SIGSTOP');
    const inFlight = expectKafkaError(inspector.describeGroup(groupId));
    await sleep(500);
    process.kill(pid, 'SIGKILL');
    await waitUntilDead(pid);
    const died = await inFlight;
    console.log(
      `      killed mid-request (${died.elapsedMs} ms, timeout ${timeoutMs} ms): [${died.error.kind}] ${died.error.message}`,
    );
    assert.equal(died.error.kind, 'brokerDisconnected');
    assert.match(
      died.error.message,
      /^lost the connection to a broker while [^\n]+ \((connection closed|connection reset)\)$/i,
    );
    assert.ok(died.elapsedMs < timeoutMs, `${died.elapsedMs} ms`);

    // the same inspector again: nothing listens any more
    const again = await expectKafkaError(inspector.describeGroup(groupId));
    console.log(`      dead broker (${again.elapsedMs} ms): [${again.error.kind}] ${again.error.message}`);
    assert.equal(again.error.kind, 'unreachable');
    assert.equal(again.error.message, `cannot reach bootstrap servers ${kafka.bootstrapServers} (connection refused)`);
    assert.ok(again.elapsedMs < timeoutMs, `${again.elapsedMs} ms`);
  });

  it('the CLI against the dead port: one line on stderr, exit 1', async () => {
    const result = await runBuiltCli(
      ['describe', '--bootstrap-server', kafka.bootstrapServers, '--group', groupId].concat([
        '--timeout-ms',
        String(timeoutMs),
      ]),
    );
    console.log(`      CLI (exit ${result.code}, ${result.elapsedMs} ms): ${result.stderr.trimEnd()}`);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `kafka-offset-trace: cannot reach bootstrap servers ${kafka.bootstrapServers} (connection refused)\n`,
    );
    assert.ok(result.elapsedMs < timeoutMs + 2000, `${result.elapsedMs} ms`);
  });
});

describe('live: a 3-broker cluster that loses its group coordinator (real Kafka 4.4)', function () {
  this.timeout(60_000);
  let kafka: KafkaCluster;
  let client: KafkaClient;
  let inspector: KafkaInspector;
  const nodeIdOf = (hostPort: string): number => {
    const node = kafka.nodes.find((n) => `127.0.0.1:${n.port}` === hostPort);
    assert.ok(node, `a node listens on ${hostPort}`);
    return node.id;
  };

  before(async function () {
    this.timeout(600_000);
    kafka = await startKafka({ brokers: 3 });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the CLI loads it
    client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    await makeGroup(kafka, 3);
    inspector = client.createKafkaInspector({ bootstrapServers: kafka.bootstrapServers.split(','), timeoutMs });
  });

  after(async function () {
    this.timeout(120_000);
    await inspector?.close();
    await kafka?.stop();
  });

  it('the coordinator broker stopped: the same inspector still describes the group, at the new coordinator', async () => {
    const before = await inspector.describeGroup(groupId);
    assert.deepEqual(cells(before), expectedRows);
    const coordinator = nodeIdOf(before.coordinator);
    await kafka.stopNode(coordinator); // SIGTERM: a controlled shutdown moves its leaderships
    const started = Date.now();
    const after = await inspector.describeGroup(groupId);
    const elapsedMs = Date.now() - started;
    console.log(
      `      coordinator node ${coordinator} stopped; described in ${elapsedMs} ms at node ${nodeIdOf(after.coordinator)}`,
    );
    assert.notEqual(nodeIdOf(after.coordinator), coordinator);
    assert.deepEqual(cells(after), expectedRows);
    assert.ok(elapsedMs < timeoutMs, `${elapsedMs} ms`);
  });

  it('then the leader of a partition killed, no quorum left to move it: one specific line within the timeout', async () => {
    const before = await inspector.describeGroup(groupId);
    const coordinator = nodeIdOf(before.coordinator);
    const live = kafka.nodes.filter((n) => n.pid !== null).map((n) => `127.0.0.1:${n.port}`);
    const admin = new Admin({ clientId: 'failure-test-admin', bootstrapBrokers: live });
    const partitions = (await admin.metadata({ topics: [topic] })).topics.get(topic)?.partitions ?? [];
    await admin.close();
    // the leader of a partition the group has offsets for, preferably not the coordinator
    const leaders = [0, 1].map((p) => partitions[p]?.leader);
    const leader = leaders.find((id) => id !== coordinator) ?? coordinator;
    const victim = kafka.nodes.find((n) => n.id === leader);
    assert.ok(victim?.pid, `the partition leader (node ${leader}) is running`);
    process.kill(victim.pid, 'SIGKILL'); // 1 of 3 controllers left: no quorum, so no new leader is elected
    await waitUntilDead(victim.pid);
    const { error, elapsedMs } = await expectKafkaError(inspector.describeGroup(groupId));
    console.log(
      `      leaders of ${topic}-0,1: nodes ${leaders.join(',')}; node ${leader} killed (coordinator: node ${coordinator}; ${elapsedMs} ms): ` +
        `[${error.kind}] ${error.message}`,
    );
    assert.doesNotMatch(error.message, /\n/);
    assert.ok(elapsedMs < timeoutMs + 1000, `${elapsedMs} ms`);
    if (leader !== coordinator) {
      // the coordinator answers; only the ListOffsets to the dead leader fails
      assert.equal(error.kind, 'brokerDisconnected');
      assert.match(
        error.message,
        new RegExp(
          `^cannot connect to broker 127\\.0\\.0\\.1:${kafka.nodes.find((n) => n.id === leader)?.port} while reading the log-end offsets of group "${groupId}" \\(connection refused\\)$`,
        ),
      );
    } else {
      assert.ok(['brokerDisconnected', 'unreachable', 'timeout', 'request'].includes(error.kind), error.kind);
    }
  });
});
