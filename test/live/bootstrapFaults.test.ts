// Live bootstrap faults against a real Kafka 4.4: the first bootstrap server accepts connections and
// never answers, or is an HTTP server; the good broker after it is still found, by the inspector (as
// the extension uses it, from the built bundle) and by the CLI, within the timeout.

import * as assert from 'node:assert/strict';
import type { Server } from 'node:net';
import * as path from 'node:path';
import { Admin } from '@platformatic/kafka';
import type { KafkaInspector } from '../../src/kafka/kafkaClient';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import { runBuiltCli } from '../support/builtCli';
import { listen } from '../support/localServer';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');
const timeoutMs = 10_000;
const topic = 'bootstrap-faults-orders';
const groupId = 'bootstrap-faults-group';

describe('live: a silent or non-Kafka first bootstrap server, then a good one (real Kafka 4.4)', function () {
  this.timeout(60_000);
  let kafka: KafkaCluster;
  let client: KafkaClient;
  let silent: { server: Server; port: number };
  let http: { server: Server; port: number };
  const inspectors: KafkaInspector[] = [];
  const inspector = (servers: string[]): KafkaInspector => {
    const created = client.createKafkaInspector({ bootstrapServers: servers, timeoutMs });
    inspectors.push(created);
    return created;
  };

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    kafka = await startKafka();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the CLI loads it
    client = require(path.join(root, 'dist/kafkaClient.js')) as KafkaClient;
    silent = await listen(() => undefined);
    http = await listen((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const admin = new Admin({ clientId: 'bootstrap-faults-admin', bootstrapBrokers: [kafka.bootstrapServers] });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 0n }] }],
    });
    await admin.close();
  });

  after(async function () {
    this.timeout(120_000);
    await Promise.all(inspectors.map((i) => i.close()));
    await Promise.all(
      [silent, http].filter(Boolean).map(({ server }) => new Promise((resolve) => server.close(resolve))),
    );
    await kafka?.stop();
  });

  const silentServer = (): string => `127.0.0.1:${silent.port}`;
  const httpServer = (): string => `127.0.0.1:${http.port}`;

  it('silent first: listGroups finds the group at the good broker, within the timeout', async () => {
    const started = Date.now();
    const groups = await inspector([silentServer(), kafka.bootstrapServers]).listGroups();
    const elapsedMs = Date.now() - started;
    console.log(`      silent first: listed in ${elapsedMs} ms`);
    assert.ok(
      groups.some((g) => g.groupId === groupId),
      JSON.stringify(groups),
    );
    assert.ok(elapsedMs < timeoutMs, `${elapsedMs} ms`);
  });

  it('silent first: the same inspector describes the group too (no new wait)', async () => {
    const same = inspector([silentServer(), kafka.bootstrapServers]);
    await same.listGroups();
    const started = Date.now();
    const description = await same.describeGroup(groupId);
    assert.deepEqual(
      description.rows.map((r) => [r.topic, r.partition, r.currentOffset]),
      [[topic, 0, 0]],
    );
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
  });

  it('an HTTP server first: listGroups finds the good broker', async () => {
    const groups = await inspector([httpServer(), kafka.bootstrapServers]).listGroups();
    assert.ok(
      groups.some((g) => g.groupId === groupId),
      JSON.stringify(groups),
    );
  });

  it('the CLI describe and list with --bootstrap-server SILENT,GOOD', async () => {
    const servers = `${silentServer()},${kafka.bootstrapServers}`;
    const describe = await runBuiltCli(['describe', '--bootstrap-server', servers, '--group', groupId]);
    console.log(`      CLI describe (exit ${describe.code}, ${describe.elapsedMs} ms)`);
    assert.equal(describe.stderr, `Consumer group '${groupId}' has no active members.\n`); // as Kafka's tool says
    assert.equal(describe.code, 0);
    assert.match(describe.stdout, new RegExp(`${groupId}\\s+${topic}\\s+0\\s+0`));
    assert.ok(describe.elapsedMs < timeoutMs + 2000, `${describe.elapsedMs} ms`);

    const list = await runBuiltCli(['list', '--bootstrap-server', servers]);
    console.log(`      CLI list (exit ${list.code}, ${list.elapsedMs} ms)`);
    assert.equal(list.stderr, '');
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(groupId));
  });

  it('the CLI reset-offsets dry run with --bootstrap-server SILENT,GOOD (the offset editor probes too)', async () => {
    const servers = `${silentServer()},${kafka.bootstrapServers}`;
    const dry = await runBuiltCli([
      'reset-offsets',
      '--bootstrap-server',
      servers,
      '--group',
      groupId,
      '--all-topics',
      '--to-latest',
      '--dry-run',
    ]);
    console.log(`      CLI reset-offsets --dry-run (exit ${dry.code}, ${dry.elapsedMs} ms)`);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`${groupId}\\s+${topic}\\s+0\\s`));
    assert.ok(dry.elapsedMs < timeoutMs + 2000, `${dry.elapsedMs} ms`);
  });

  it('the CLI with --bootstrap-server HTTP,GOOD', async () => {
    const list = await runBuiltCli(['list', '--bootstrap-server', `${httpServer()},${kafka.bootstrapServers}`]);
    assert.equal(list.stderr, '');
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(groupId));
  });

  it('the CLI with only the HTTP server: one line naming it, exit 1', async () => {
    const run = await runBuiltCli(['list', '--bootstrap-server', httpServer()]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `kafka-offset-trace: ${httpServer()} is not a Kafka broker (it answered "HTTP/1.1 400 Bad Request")\n`,
    );
  });
});
