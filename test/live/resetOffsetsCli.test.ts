// Live `reset-offsets` / `delete-offsets` against a real Kafka 4.4 (one broker for the file): for every
// strategy our dry-run rows equal `kafka-consumer-groups --reset-offsets --dry-run` on the same group,
// row by row (each of our rows starts with the tool's row); our `--export` is accepted by the tool's
// `--from-file`; the what-if counts agree with what Kafka's console consumer of the group then reads
// after `--execute`; a group with a live member is refused as the tool refuses it; and
// `delete-offsets --execute` prints the tool's rows and leaves the same offsets as the tool.

import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import { runCli } from '../../src/cli/cliCommands';
import { loadKafkaClient } from '../../src/kafka/kafkaClientLoader';
import type { KafkaInspector } from '../../src/kafka/kafkaClient';
import { startKafka, startKip848Member, type KafkaCluster } from './kafkaBroker';

const topic = 'rcli-orders';
/** Records per partition: a first batch an hour ago, a second one now; so the log ends are 10, 6, 2. */
const firstBatch = [4, 3, 0];
const secondBatch = [6, 3, 2];
const logEnds = [10, 6, 2];
/** The committed offsets of the groups whose dry runs are compared (partition 2 has none). */
const parityCommits = { 0: 7, 1: 2 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface OurRun {
  code: number;
  out: string;
  err: string;
}

interface JsonPartition {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
  lagBefore: number | null;
  lagAfter: number;
  reread: number;
  skipped: number;
}

/** The data rows of a table after the header line that starts with `header`, as printed (no trailing blank lines). */
function tableLines(text: string, header: RegExp): { header: string; rows: string[] } {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => header.test(line));
  assert.ok(at >= 0, `no table in:\n${text}`);
  const rows: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === '') break;
    rows.push(line);
  }
  return { header: lines[at], rows };
}

/**
 * Asserts our table is the tool's: the tool's header and each of its rows, followed by a space, start
 * ours (the tool prints rows in hash order: both are compared sorted). Returns the tool's cells.
 */
function assertRowsAgree(ours: string, tool: string, header: RegExp): string[][] {
  const ourTable = tableLines(ours, header);
  const toolTable = tableLines(tool, header);
  assert.ok(ourTable.header.startsWith(`${toolTable.header} `), `${ourTable.header}\n${toolTable.header}`);
  const ourRows = [...ourTable.rows].sort();
  const toolRows = [...toolTable.rows].sort();
  assert.equal(ourRows.length, toolRows.length, `${ours}\n---\n${tool}`);
  ourRows.forEach((row, i) => assert.ok(row.startsWith(`${toolRows[i]} `), `ours:  ${row}\ntool:  ${toolRows[i]}`));
  return toolRows.map((row) => row.trim().split(/\s+/));
}

describe('live: reset-offsets and delete-offsets against Kafka’s tool (real Kafka 4.4)', function () {
  this.timeout(120_000);
  let kafka: KafkaCluster;
  let admin: Admin;
  let inspector: KafkaInspector;
  let betweenBatchesMs = 0;
  let dir = '';
  let member: ChildProcess | undefined;

  /** Our CLI, in this process, against the broker. */
  async function ours(command: 'reset-offsets' | 'delete-offsets', args: string[]): Promise<OurRun> {
    let out = '';
    let err = '';
    const code = await runCli(
      [command, '--bootstrap-server', kafka.bootstrapServers, ...args],
      { out: (t) => (out += t), err: (t) => (err += t) },
      'live',
    );
    return { code, out, err };
  }

  /** Kafka's consumer group command. */
  async function tool(args: string[]): Promise<string> {
    const result = await kafka.runTool('consumer-groups', args, { timeoutMs: 60_000 });
    assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  /** Commits offsets for a group as an admin (the group stays Empty). */
  async function commit(groupId: string, offsets: Record<number, number>): Promise<void> {
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [
        {
          name: topic,
          partitionOffsets: Object.entries(offsets).map(([partition, offset]) => ({
            partition: Number(partition),
            offset: BigInt(offset),
          })),
        },
      ],
    });
  }

  /** The group's committed offsets by partition, as our inspector describes them. */
  async function committedOf(groupId: string): Promise<Record<number, number | null>> {
    const description = await inspector.describeGroup(groupId);
    return Object.fromEntries(description.rows.map((r) => [r.partition, r.currentOffset]));
  }

  /**
   * Kafka's console consumer as a member of the group, from its committed offsets, until nothing
   * arrives for a while; it commits what it read on exit. The records it read, as [partition, offset].
   */
  async function consumeAsGroup(groupId: string, extra: string[] = []): Promise<[number, number][]> {
    const result = await kafka.runTool(
      'console-consumer',
      [
        '--topic',
        topic,
        '--group',
        groupId,
        ...extra,
        '--formatter-property',
        'print.partition=true',
        '--formatter-property',
        'print.offset=true',
        '--timeout-ms',
        '4000',
      ],
      { timeoutMs: 60_000 },
    );
    return [...result.stdout.matchAll(/^Partition:(\d+)\tOffset:(\d+)\t/gm)]
      .map((m): [number, number] => [Number(m[1]), Number(m[2])])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    kafka = await startKafka();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reset-offsets-cli-'));
    const bootstrapBrokers = [kafka.bootstrapServers];
    inspector = loadKafkaClient().createKafkaInspector({ bootstrapServers: bootstrapBrokers, timeoutMs: 8000 });
    admin = new Admin({ clientId: 'reset-cli-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    const producer = new Producer({
      clientId: 'reset-cli-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true, // a batch re-sent right after topic creation must not duplicate records
    });
    const batch = (counts: number[], tag: string, timestampMs: number) =>
      producer.send({
        messages: counts.flatMap((count, partition) =>
          Array.from({ length: count }, (_, i) => ({
            topic,
            partition,
            value: Buffer.from(`${tag}-${partition}-${i}`),
            timestamp: BigInt(timestampMs),
          })),
        ),
      });
    const now = Date.now();
    betweenBatchesMs = now - 1_800_000;
    await batch(firstBatch, 'a', now - 3_600_000);
    await batch(secondBatch, 'b', now);
    await producer.close();
    for (const group of ['rcli-g', 'rcli-export', 'rcli-del-ours', 'rcli-del-tool', 'rcli-active']) {
      await commit(group, parityCommits);
    }
  });

  after(async function () {
    this.timeout(60_000);
    member?.kill('SIGTERM');
    await admin?.close().catch(() => undefined);
    await inspector?.close();
    await kafka?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The --to-datetime text of a time, in Kafka's format (UTC, milliseconds, no zone). */
  const kafkaTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '');

  const planFiles = {
    oneGroup: 'rcli-orders,0,5\nrcli-orders,1,99\nrcli-orders,2,1\n',
    severalGroups: 'rcli-g,rcli-orders,0,8\nother,rcli-orders,1,0\nrcli-g,rcli-orders,2,0\n',
  };

  /** [name, our arguments, the tool's arguments (default: the same)]. */
  const strategies: [string, () => string[], (() => string[])?][] = [
    ['--to-earliest', () => ['--all-topics', '--to-earliest']],
    ['--to-latest', () => ['--all-topics', '--to-latest']],
    ['--to-offset past the log end (every partition of the topic)', () => ['--topic', topic, '--to-offset', '9']],
    ['--to-offset on named partitions', () => ['--topic', `${topic}:0,1`, '--to-offset', '3']],
    ['--to-datetime between the batches', () => ['--all-topics', '--to-datetime', kafkaTime(betweenBatchesMs)]],
    [
      '--to-datetime after every record (the log-end fallback)',
      () => ['--topic', topic, '--to-datetime', `${kafkaTime(Date.now() + 86_400_000)}+00:00`],
    ],
    ['--by-duration PT30M', () => ['--all-topics', '--by-duration', 'PT30M']],
    ['--by-duration P1D (before every record)', () => ['--topic', topic, '--by-duration', 'P1D']],
    ['--shift-by -3', () => ['--all-topics', '--shift-by', '-3']],
    ['--shift-by 100 (clamped to the log end)', () => ['--all-topics', '--shift-by', '100']],
    ['--to-current (a partition without a committed offset: the log end)', () => ['--topic', topic, '--to-current']],
    ['--from-file, the one-group form (clamped)', () => ['--from-file', path.join(dir, 'one-group.csv')]],
    ['--from-file, the several-group form', () => ['--from-file', path.join(dir, 'several-groups.csv')]],
    ['no scope (ours: as --all-topics)', () => ['--to-latest'], () => ['--all-topics', '--to-latest']],
  ];

  for (const [name, ourArgs, toolArgs] of strategies) {
    it(`dry run ${name}: the tool's rows`, async () => {
      fs.writeFileSync(path.join(dir, 'one-group.csv'), planFiles.oneGroup);
      fs.writeFileSync(path.join(dir, 'several-groups.csv'), planFiles.severalGroups);
      const [our, toolOut] = await Promise.all([
        ours('reset-offsets', ['--group', 'rcli-g', ...ourArgs()]),
        tool(['--reset-offsets', '--group', 'rcli-g', ...(toolArgs ?? ourArgs)(), '--dry-run']),
      ]);
      assert.equal(our.code, 0, our.err);
      const rows = assertRowsAgree(our.out, toolOut, /^GROUP\s+TOPIC\s+PARTITION\s+NEW-OFFSET/);
      assert.ok(rows.length > 0);
      assert.match(our.out, /\nTotals: REREAD \d+, SKIPPED \d+, LAG-BEFORE \d+/);
      assert.deepEqual(await committedOf('rcli-g'), { 0: 7, 1: 2 }, 'a dry run changes nothing');
      console.log(`      ${name}: ${rows.map((r) => `${r[1]}-${r[2]}→${r[3]}`).join(' ')}`);
    });
  }

  it('our --export is accepted by the tool’s --from-file, with the same rows, and executes', async () => {
    const exported = await ours('reset-offsets', [
      '--group',
      'rcli-export',
      '--all-topics',
      '--shift-by',
      '-2',
      '--export',
    ]);
    assert.equal(exported.code, 0, exported.err);
    assert.equal(exported.out, 'rcli-orders,0,5\nrcli-orders,1,0\n\n');
    const file = path.join(dir, 'exported.csv');
    fs.writeFileSync(file, exported.out);
    const [toolOut, dry] = await Promise.all([
      tool(['--reset-offsets', '--group', 'rcli-export', '--from-file', file, '--dry-run']),
      ours('reset-offsets', ['--group', 'rcli-export', '--all-topics', '--shift-by', '-2']),
    ]);
    assertRowsAgree(dry.out, toolOut, /^GROUP\s+TOPIC\s+PARTITION\s+NEW-OFFSET/);
    await tool(['--reset-offsets', '--group', 'rcli-export', '--from-file', file, '--execute']);
    assert.deepEqual(await committedOf('rcli-export'), { 0: 5, 1: 0 });
    // And the other way: the tool's --export read by our --from-file.
    const toolExport = await tool([
      '--reset-offsets',
      '--group',
      'rcli-export',
      '--all-topics',
      '--to-latest',
      '--export',
      '--dry-run',
    ]);
    fs.writeFileSync(path.join(dir, 'tool.csv'), toolExport);
    const fromTool = await ours('reset-offsets', [
      '--group',
      'rcli-export',
      '--from-file',
      path.join(dir, 'tool.csv'),
      '--json',
    ]);
    assert.equal(fromTool.code, 0, fromTool.err);
    assert.deepEqual(
      (JSON.parse(fromTool.out) as { partitions: JsonPartition[] }).partitions.map((p) => [p.partition, p.newOffset]),
      [
        [0, 10],
        [1, 6],
      ],
    );
  });

  it('REREAD agrees with what the group’s consumer reads again after --execute', async () => {
    // The group consumes everything and commits (the console consumer commits on exit).
    const first = await consumeAsGroup('rcli-reread', ['--from-beginning']);
    assert.equal(first.length, 18);
    assert.deepEqual(await committedOf('rcli-reread'), { 0: 10, 1: 6, 2: 2 });
    const reset = await ours('reset-offsets', [
      '--group',
      'rcli-reread',
      '--all-topics',
      '--shift-by',
      '-3',
      '--execute',
      '--json',
    ]);
    assert.equal(reset.code, 0, reset.err);
    const plan = JSON.parse(reset.out) as { executed: boolean; partitions: JsonPartition[] };
    assert.equal(plan.executed, true);
    assert.deepEqual(
      plan.partitions.map((p) => [
        p.partition,
        p.currentOffset,
        p.newOffset,
        p.reread,
        p.skipped,
        p.lagBefore,
        p.lagAfter,
      ]),
      [
        [0, 10, 7, 3, 0, 0, 3],
        [1, 6, 3, 3, 0, 0, 3],
        [2, 2, 0, 2, 0, 0, 2], // only two records: the shift is clamped to the log start
      ],
    );
    const again = await consumeAsGroup('rcli-reread');
    for (const p of plan.partitions) {
      const read = again.filter(([partition]) => partition === p.partition).map(([, offset]) => offset);
      const expected = Array.from({ length: p.reread }, (_, i) => p.newOffset + i);
      assert.deepEqual(read, expected, `partition ${p.partition}: the records read again are [new offset, committed)`);
    }
    assert.equal(
      again.length,
      plan.partitions.reduce((sum, p) => sum + p.reread, 0),
    );
  });

  it('SKIPPED agrees with what the group’s consumer never reads after --execute', async () => {
    await commit('rcli-skip', { 0: 2, 1: 1, 2: 0 });
    const reset = await ours('reset-offsets', [
      '--group',
      'rcli-skip',
      '--topic',
      topic,
      '--shift-by',
      '3',
      '--execute',
      '--json',
    ]);
    assert.equal(reset.code, 0, reset.err);
    const plan = JSON.parse(reset.out) as { partitions: JsonPartition[] };
    assert.deepEqual(
      plan.partitions.map((p) => [
        p.partition,
        p.currentOffset,
        p.newOffset,
        p.reread,
        p.skipped,
        p.lagBefore,
        p.lagAfter,
      ]),
      [
        [0, 2, 5, 0, 3, 8, 5],
        [1, 1, 4, 0, 3, 5, 2],
        [2, 0, 2, 0, 2, 2, 0], // clamped to the log end
      ],
    );
    const read = await consumeAsGroup('rcli-skip');
    for (const p of plan.partitions) {
      const offsets = read.filter(([partition]) => partition === p.partition).map(([, offset]) => offset);
      assert.deepEqual(
        offsets,
        Array.from({ length: logEnds[p.partition] - p.newOffset }, (_, i) => p.newOffset + i),
        `partition ${p.partition}: read from the new offset to the log end`,
      );
      const skipped = Array.from({ length: p.skipped }, (_, i) => (p.currentOffset ?? 0) + i);
      assert.ok(
        skipped.every((offset) => !offsets.includes(offset)),
        'the skipped records are never read',
      );
      assert.equal(offsets.length, p.lagAfter);
      assert.equal((p.lagBefore ?? 0) - offsets.length, p.skipped);
    }
  });

  it('refuses a group with a live member, with the tool’s message, and changes nothing', async () => {
    member = startKip848Member(kafka, topic, 'rcli-active');
    const deadline = Date.now() + 40_000;
    // While the empty classic group (offsets only) is converted to a consumer group, the
    // broker may answer "not found" for a moment: keep asking until it is Stable.
    const stateOf = async (): Promise<string> =>
      inspector.describeGroup('rcli-active').then(
        (group) => group.state,
        (error: unknown) => `describe failed: ${String(error)}`,
      );
    let state = await stateOf();
    while (state !== 'Stable') {
      if (Date.now() > deadline) throw new Error(`rcli-active never became Stable (last: ${state})`);
      await sleep(250);
      state = await stateOf();
    }
    const [our, toolOut, deletion] = await Promise.all([
      ours('reset-offsets', ['--group', 'rcli-active', '--all-topics', '--to-earliest', '--execute']),
      tool(['--reset-offsets', '--group', 'rcli-active', '--all-topics', '--to-earliest', '--execute']),
      ours('delete-offsets', ['--group', 'rcli-active', '--topic', topic, '--execute']),
    ]);
    assert.equal(our.code, 1);
    assert.equal(our.out, '');
    const toolMessage = /^Error: (.*)$/m.exec(toolOut)?.[1];
    assert.equal(
      toolMessage,
      "Assignments can only be reset if the group 'rcli-active' is inactive, but the current state is Stable.",
    );
    assert.equal(our.err, `kafka-offset-trace: ${toolMessage}\n`);
    assert.equal(deletion.code, 1);
    assert.match(
      deletion.err,
      /^kafka-offset-trace: Offsets can only be deleted if the group 'rcli-active' is inactive/,
    );
    const committed = await committedOf('rcli-active');
    assert.equal(committed[0], 7);
    assert.equal(committed[1], 2);
    member.kill('SIGTERM');
  });

  it('delete-offsets --execute prints the tool’s rows and leaves the offsets the tool leaves', async () => {
    const dry = await ours('delete-offsets', ['--group', 'rcli-del-ours', '--topic', `${topic}:0,2`]);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^Dry run: no offsets deleted from group rcli-del-ours/);
    assert.deepEqual(await committedOf('rcli-del-ours'), { 0: 7, 1: 2 }, 'the dry run deleted nothing');
    const [our, toolOut] = await Promise.all([
      ours('delete-offsets', ['--group', 'rcli-del-ours', '--topic', `${topic}:0,2`, '--execute']),
      tool(['--delete-offsets', '--group', 'rcli-del-tool', '--topic', `${topic}:0,2`]),
    ]);
    assert.equal(our.code, 0, our.err);
    assert.equal(our.out.split('\n')[0], toolOut.split('\n')[0].replace('rcli-del-tool', 'rcli-del-ours'));
    assertRowsAgree(our.out, toolOut, /^TOPIC\s+PARTITION\s+STATUS/);
    assert.deepEqual(await committedOf('rcli-del-ours'), { 1: 2 });
    assert.deepEqual(await committedOf('rcli-del-tool'), { 1: 2 });
  });
});
