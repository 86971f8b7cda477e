// Live parity for every group type on one real Kafka 4.4 broker: a classic group and a KIP-848 group
// (Kafka's console consumer), a share group (Kafka's console share consumer, KIP-932) and a streams
// group (a small Kafka Streams app with group.protocol=streams, KIP-1071), all made by Kafka's own Java
// clients. Our built CLI's `list` and `describe` (offsets, --members, --state, with --verbose) are
// compared cell by cell with kafka-groups, kafka-consumer-groups, kafka-share-groups and
// kafka-streams-groups run against the same broker in the same test.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import { runBuiltCli } from '../support/builtCli';
import { startKafka, type KafkaCluster } from './kafkaBroker';
import { shareGroupFromEarliest, startShareConsumer, startStreamsApp } from './groupTypeClients';

const root = path.resolve(__dirname, '../..');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The table lines of a tool's output as cells (blank lines and notices left out). */
function tableCells(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/has no active members|^Error:|^Warning:/.test(line))
    .map((line) => line.split(/\s+/));
}

/** Rows after the header, sorted (the tools print some in hash order). */
function sortedRows(cells: string[][]): string[][] {
  const [header, ...rows] = cells;
  return [header ?? [], ...rows.sort((a, b) => a.join(' ').localeCompare(b.join(' ')))];
}

describe('live: every group type, listed and described as Kafka’s tools do (real Kafka 4.4)', function () {
  this.timeout(240_000);
  let kafka: KafkaCluster;
  const children: ChildProcess[] = [];
  const topic = 'kinds';
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-streams-'));

  function spawnTool(args: string[]): ChildProcess {
    const child = spawn(process.execPath, [path.join(root, 'scripts/kafka.mjs'), 'tool', ...args], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push(child);
    return child;
  }

  async function ours(args: string[]): Promise<string> {
    const run = await runBuiltCli([...args, '--bootstrap-server', kafka.bootstrapServers]);
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  }

  async function tool(alias: string, args: string[]): Promise<string> {
    const run = await kafka.runTool(alias, args, { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  }

  /** Waits until our describe --json of `group` satisfies `ready`. */
  async function waitFor(group: string, ready: (json: Record<string, unknown>) => boolean): Promise<void> {
    const deadline = Date.now() + 90_000;
    let last = '';
    while (Date.now() < deadline) {
      const run = await runBuiltCli([
        'describe',
        '--bootstrap-server',
        kafka.bootstrapServers,
        '--group',
        group,
        '--json',
      ]);
      if (run.code === 0) {
        const json = JSON.parse(run.stdout) as Record<string, unknown>;
        if (ready(json)) return;
        last = run.stdout;
      } else last = run.stderr;
      await sleep(500);
    }
    throw new Error(`group ${group} did not settle: ${last}`);
  }

  const allLagZero = (json: Record<string, unknown>): boolean => {
    const partitions = json.partitions as { lag: number | null }[];
    return partitions.length > 0 && partitions.every((p) => p.lag === 0);
  };

  before(async () => {
    kafka = await startKafka();
    await tool('topics', ['--create', '--topic', topic, '--partitions', '2']);
    await tool('topics', ['--create', '--topic', `${topic}-out`, '--partitions', '1']);
    await kafka.runTool(
      'console-producer',
      ['--topic', topic, '--property', 'parse.key=true', '--property', 'key.separator=:'],
      {
        input: Array.from({ length: 12 }, (_, i) => `k${i % 4}:word${i % 3}`).join('\n'),
      },
    );
    await shareGroupFromEarliest(kafka, 'kinds-share');
    const base = ['--bootstrap-server', kafka.bootstrapServers, '--topic', topic];
    spawnTool(['console-consumer', ...base, '--group', 'kinds-classic', '--from-beginning']);
    spawnTool([
      'console-consumer',
      ...base,
      '--group',
      'kinds-consumer',
      '--from-beginning',
      '--command-property',
      'group.protocol=consumer',
    ]);
    children.push(startShareConsumer(kafka, topic, 'kinds-share'));
    children.push(await startStreamsApp(kafka, 'kinds-streams', topic, `${topic}-out`, stateDir));
    await Promise.all([
      waitFor('kinds-classic', allLagZero),
      waitFor('kinds-consumer', allLagZero),
      waitFor('kinds-share', (json) => (json.partitions as unknown[]).length === 2 && allLagZero(json)),
      waitFor('kinds-streams', allLagZero),
    ]);
  });

  after(async () => {
    // SIGTERM, which scripts/kafka.mjs passes on to the tool's JVM (a SIGKILL of the wrapper would orphan it).
    for (const child of children) {
      child.stdin?.end();
      child.kill('SIGTERM');
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
    await kafka?.stop();
  });

  it('list: the four groups with their type and protocol, as kafka-groups --list', async () => {
    const [text, toolText, json] = await Promise.all([
      ours(['list']),
      tool('groups', ['--list']),
      ours(['list', '--json']),
    ]);
    assert.deepEqual(sortedRows(tableCells(text)), sortedRows(tableCells(toolText)));
    const groups = (JSON.parse(json) as { groups: { group: string; type: string; protocol: string; state: string }[] })
      .groups;
    assert.deepEqual(
      groups.map((g) => [g.group, g.type, g.protocol, g.state]),
      [
        ['kinds-classic', 'classic', 'consumer', 'Stable'],
        ['kinds-consumer', 'consumer', 'consumer', 'Stable'],
        ['kinds-share', 'share', 'share', 'Stable'],
        ['kinds-streams', 'streams', 'streams', 'Stable'],
      ],
    );
  });

  for (const group of ['kinds-classic', 'kinds-consumer']) {
    it(`${group}: --members [--verbose] and --state [--verbose] as kafka-consumer-groups`, async () => {
      for (const flags of [['--members'], ['--members', '--verbose'], ['--state'], ['--state', '--verbose']]) {
        const [mine, theirs] = await Promise.all([
          ours(['describe', '--group', group, ...flags]),
          tool('consumer-groups', ['--describe', '--group', group, ...flags]),
        ]);
        assert.deepEqual(tableCells(mine), tableCells(theirs), flags.join(' '));
        assert.equal(mine, theirs, `${flags.join(' ')}: the text is the tool's`);
      }
    });
  }

  it('share group: offsets (start offset, lag), --members and --state, with --verbose, as kafka-share-groups', async () => {
    for (const flags of [
      [],
      ['--verbose'],
      ['--members'],
      ['--members', '--verbose'],
      ['--state'],
      ['--state', '--verbose'],
    ]) {
      const [mine, theirs] = await Promise.all([
        ours(['describe', '--group', 'kinds-share', ...flags]),
        tool('share-groups', ['--describe', '--group', 'kinds-share', ...flags]),
      ]);
      assert.deepEqual(tableCells(mine), tableCells(theirs), flags.join(' ') || 'offsets');
      assert.equal(mine, theirs, `${flags.join(' ') || 'offsets'}: the text is the tool's`);
    }
    const json = JSON.parse(await ours(['describe', '--group', 'kinds-share', '--json'])) as {
      type: string;
      partitions: { topic: string; partition: number; startOffset: number | null; lag: number | null }[];
    };
    assert.equal(json.type, 'share');
    assert.deepEqual(Object.keys(json.partitions[0]), ['topic', 'partition', 'startOffset', 'lag']);
  });

  it('share groups in one batch (the Clusters tree): the same description as one by one; another id is not found', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the extension loads it
    const client = require(path.resolve(__dirname, '../../dist/kafkaClient.js')) as KafkaClient;
    const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 10_000 });
    try {
      const one = await inspector.describeAnyGroup('kinds-share', 'share');
      const counter = client.startRequestCounter();
      const batch = await inspector.describeShareGroups(['kinds-share', 'no-such-share-group']);
      const stats = counter.stop();
      const shared = batch.get('kinds-share');
      assert.ok(shared && !(shared instanceof Error), String(shared));
      assert.deepEqual({ ...shared, members: shared.members.length }, { ...one, members: one.members.length });
      const missing = batch.get('no-such-share-group');
      assert.ok(missing instanceof Error && /not found/.test(missing.message), String(missing));
      // one FindCoordinator, one ShareGroupDescribe, one DescribeShareGroupOffsets for both
      assert.deepEqual(
        [
          stats.byApi.FindCoordinator,
          stats.byApi.ShareGroupDescribe ?? stats.byApi.api77,
          stats.byApi.DescribeShareGroupOffsets ?? stats.byApi.api90,
        ],
        [1, 1, 1],
        JSON.stringify(stats.byApi),
      );
    } finally {
      await inspector.close();
    }
  });

  it('streams groups in one batch (the Clusters tree): the same description as one by one; another id is not found', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the extension loads it
    const client = require(path.resolve(__dirname, '../../dist/kafkaClient.js')) as KafkaClient;
    const inspector = client.createKafkaInspector({ bootstrapServers: [kafka.bootstrapServers], timeoutMs: 10_000 });
    try {
      const one = await inspector.describeAnyGroup('kinds-streams', 'streams');
      const counter = client.startRequestCounter();
      const batch = await inspector.describeStreamsGroups(['kinds-streams', 'no-such-streams-group']);
      const stats = counter.stop();
      const described = batch.get('kinds-streams');
      assert.ok(described && !(described instanceof Error), String(described));
      assert.deepEqual(described.rows, one.rows);
      assert.equal(described.state, one.state);
      assert.equal(described.members.length, one.members.length);
      const missing = batch.get('no-such-streams-group');
      assert.ok(missing instanceof Error && /not found/.test(missing.message), String(missing));
      // one FindCoordinator, one StreamsGroupDescribe and one OffsetFetch for both
      assert.equal(stats.byApi.FindCoordinator, 1, JSON.stringify(stats.byApi));
      assert.equal(stats.byApi.OffsetFetch, 1, JSON.stringify(stats.byApi));
      assert.equal(stats.byApi.StreamsGroupDescribe ?? stats.byApi.api89, 1, JSON.stringify(stats.byApi));
    } finally {
      await inspector.close();
    }
  });

  it('streams group: offsets with its lag rule, --members and --state, as kafka-streams-groups --verbose', async () => {
    for (const flags of [
      ['--verbose'],
      ['--members'],
      ['--members', '--verbose'],
      ['--state'],
      ['--state', '--verbose'],
    ]) {
      const [mine, theirs] = await Promise.all([
        ours(['describe', '--group', 'kinds-streams', ...flags]),
        tool('streams-groups', ['--describe', '--group', 'kinds-streams', ...flags]),
      ]);
      assert.deepEqual(sortedRows(tableCells(mine)), sortedRows(tableCells(theirs)), flags.join(' '));
    }
    const json = JSON.parse(await ours(['describe', '--group', 'kinds-streams', '--json'])) as {
      type: string;
      partitions: { topic: string; currentOffset: number | null; lag: number | null; lagRule: string }[];
    };
    assert.equal(json.type, 'streams');
    // The repartition topic's partitions are described too (they are source topics of a subtopology).
    assert.ok(json.partitions.some((p) => p.topic.endsWith('-repartition')));
    for (const p of json.partitions) {
      assert.equal(
        p.lagRule,
        p.currentOffset === null ? 'log end − log start (no committed offset)' : 'log end − committed',
      );
    }
  });
});
