// `reset-offsets` and `delete-offsets` without a broker: a fake Kafka client (inspector + offset editor
// over an in-memory group) injected into runCli. Usage errors are one line and exit 2 before the client
// loads; a group that is not inactive is refused with exit 1; the text is Kafka's table with our
// columns after it, the JSON has the contract's keys, --export is Kafka's CSV; only --execute changes.

import * as assert from 'node:assert/strict';
import { runCli } from '../../src/cli/cliCommands';
import { resetOffsetsCommand } from '../../src/cli/resetOffsetsCommand';
import type { KafkaClient } from '../../src/kafka/kafkaClientLoader';
import { KafkaOperationError } from '../../src/kafka/kafkaErrors';
import type { KafkaInspector } from '../../src/kafka/kafkaClient';
import type { GroupDescription, PartitionOffsets, TopicPartition } from '../../src/kafka/kafkaModel';
import type { KafkaOffsetEditor } from '../../src/kafka/offsetEditorTypes';

/** Topic `orders`: 3 partitions with logs [start, end). The group committed orders-0 at 7 and orders-1 at 2. */
const logs: Record<number, [number, number]> = { 0: [0, 10], 1: [1, 6], 2: [0, 2] };

interface FakeKafka {
  client: KafkaClient;
  calls: string[];
  committed: Map<number, number>;
  group: { state: string };
}

function fakeKafka(initial: Record<number, number> = { 0: 7, 1: 2 }, state = 'Empty'): FakeKafka {
  const committed = new Map(Object.entries(initial).map(([p, o]) => [Number(p), o]));
  const calls: string[] = [];
  const group = { state };
  const exists = (p: TopicPartition): boolean => p.topic === 'orders' && p.partition in logs;
  const describeGroup = async (groupId: string): Promise<GroupDescription> => ({
    groupId,
    state: group.state,
    protocol: 'classic',
    coordinator: 'b:1',
    members: [],
    rows: [...committed].map(([partition, offset]) => ({
      topic: 'orders',
      partition,
      currentOffset: offset,
      logEndOffset: logs[partition][1],
      lag: logs[partition][1] - offset,
      consumerId: null,
      host: null,
      clientId: null,
    })),
  });
  const editor: KafkaOffsetEditor = {
    partitionOffsets: async (_g, partitions, timestampMs) => {
      if (timestampMs !== undefined) calls.push(`time ${timestampMs}`);
      return partitions.map((p): PartitionOffsets => {
        if (!exists(p)) throw new KafkaOperationError('missingTopic', `no such partition ${p.topic}-${p.partition}`);
        const [logStartOffset, logEndOffset] = logs[p.partition];
        return {
          ...p,
          currentOffset: committed.get(p.partition) ?? null,
          logStartOffset,
          logEndOffset,
          // Offset-for-time: orders-0 has a record at 4 after the time; the others have none.
          ...(timestampMs === undefined ? {} : { offsetForTime: p.partition === 0 ? 4 : null }),
        };
      });
    },
    topicPartitions: async (topics) =>
      topics.flatMap((topic) => {
        if (topic !== 'orders') throw new KafkaOperationError('missingTopic', `unknown topic ${topic}`);
        return [0, 1, 2].map((partition) => ({ topic, partition }));
      }),
    alterOffsets: async (_g, offsets) => {
      calls.push(`alter ${offsets.map((o) => `${o.partition}=${o.offset}`).join(',')}`);
      for (const o of offsets) committed.set(o.partition, o.offset);
    },
    deleteOffsets: async (_g, partitions) => {
      calls.push(`delete ${partitions.map((p) => p.partition).join(',')}`);
      for (const p of partitions) committed.delete(p.partition);
    },
    close: async () => undefined,
  };
  const inspector = { describeGroup, close: async () => undefined } as unknown as KafkaInspector;
  const client = {
    createKafkaInspector: () => inspector,
    createKafkaOffsetEditor: () => editor,
  } as unknown as KafkaClient;
  return { client, calls, committed, group };
}

async function run(argv: string[], kafka?: FakeKafka, files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, '0.0.0', {
    readTextFile: (file) => {
      if (file in files) return files[file];
      throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
    },
    loadKafkaClient: () => {
      if (!kafka) throw new Error('the client must not be loaded for argument errors');
      return kafka.client;
    },
  });
  return { code, out, err };
}

const server = ['--bootstrap-server', 'b:9092'];
const reset = (...args: string[]) => ['reset-offsets', ...server, '--group', 'g', ...args];

/** Asserts a one-line error on stderr, nothing on stdout, and the exit code. */
function assertOneLine(result: { code: number; out: string; err: string }, code: number, message: RegExp): void {
  assert.equal(result.code, code, result.err);
  assert.equal(result.out, '');
  assert.equal(result.err.trimEnd().split('\n').length, 1, result.err);
  assert.match(result.err, message);
  assert.doesNotMatch(result.err, /\n\s+at /);
}

describe('CLI reset-offsets and delete-offsets: arguments', () => {
  const usageErrors: [string[], RegExp][] = [
    [['reset-offsets', '--group', 'g', '--to-earliest'], /reset-offsets needs --bootstrap-server/],
    [['reset-offsets', ...server, '--to-earliest'], /reset-offsets needs --group/],
    [reset(), /reset-offsets needs one strategy: --to-earliest, --to-latest, --to-offset, --to-datetime/],
    [reset('--to-earliest', '--to-latest'), /takes one strategy, got --to-earliest and --to-latest/],
    [reset('--to-earliest', '--dry-run', '--execute'), /takes --dry-run or --execute, not both/],
    [reset('--to-earliest', '--export', '--json'), /takes --export or --json, not both/],
    [reset('--to-earliest', '--topic', 'orders', '--all-topics'), /takes --topic or --all-topics, not both/],
    [reset('--from-file', 'plan.csv', '--topic', 'orders'), /--from-file names its own partitions/],
    [reset('--to-offset', 'x'), /--to-offset must be an integer, got "x"/],
    [reset('--shift-by', '1.5'), /--shift-by must be an integer, got "1.5"/],
    [reset('--to-datetime', '2026-01-01T10:00:00'), /--to-datetime must be YYYY-MM-DDThh:mm:ss\.sss/],
    [reset('--by-duration', '1h'), /--by-duration must be an ISO-8601 duration PnDTnHnMnS/],
    [reset('--to-earliest', '--topic', 'orders:a'), /Invalid partition 'a' specified in topic arg 'orders:a'/],
    [reset('--to-earliest', '--topic', 'orders:1:2'), /Invalid topic arg 'orders:1:2'/],
    [reset('--to-earliest', '--out', 'x'), /reset-offsets does not take --out/],
    [reset('--from-file', '/nope.csv'), /cannot read --from-file \/nope\.csv \(ENOENT\)/],
    [reset('--to-earliest', '--timeout-ms', '0'), /--timeout-ms must be/],
    [['delete-offsets', ...server, '--group', 'g'], /delete-offsets needs --topic T\[:P,\.\.\.\]/],
    [
      ['delete-offsets', ...server, '--group', 'g', '--topic', 'orders', '--to-earliest'],
      /does not take --to-earliest/,
    ],
    [['delete-offsets', ...server, '--group', 'g', '--topic', 'orders', '--export', 'x'], /does not take --export/],
    [['delete-offsets', ...server, '--topic', 'orders'], /delete-offsets needs --group/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`refuses "${argv.join(' ')}" with one line and exit 2, before loading the client`, async () => {
      assertOneLine(await run(argv), 2, message);
    });
  }

  it('refuses a bad --from-file line, naming the file and the line', async () => {
    const result = await run(reset('--from-file', 'plan.csv'), undefined, {
      'plan.csv': 'orders,0,5\norders,1,-2\n',
    });
    assertOneLine(result, 2, /--from-file plan\.csv: line 2: the offset must be a non-negative integer, got "-2"/);
  });

  it('takes --topic several times, and --export as a switch only for reset-offsets', async () => {
    const kafka = fakeKafka();
    const { code, out } = await run(
      reset('--to-latest', '--topic', 'orders:2', '--topic', 'orders:0', '--export'),
      kafka,
    );
    assert.equal(code, 0);
    assert.equal(out, 'orders,0,10\norders,2,2\n\n');
    const scenarios = await run(['scenarios', '--export']);
    assert.equal(scenarios.code, 2, 'scenarios --export still needs its DIR');
  });
});

describe('CLI reset-offsets: the plan, the guard, the outputs', () => {
  it('prints Kafka’s dry-run table with our columns after each row, then the totals; changes nothing', async () => {
    const kafka = fakeKafka();
    const { code, out, err } = await run(reset('--shift-by', '-3'), kafka);
    assert.equal(code, 0, err);
    assert.equal(
      out,
      [
        '',
        'GROUP           TOPIC           PARTITION  NEW-OFFSET      CURRENT-OFFSET  LAG-BEFORE      LAG-AFTER       REREAD          SKIPPED',
        'g               orders          0          4               7               3               6               3               0',
        'g               orders          1          1               2               4               5               1               0',
        '',
        'Totals: REREAD 4, SKIPPED 0, LAG-BEFORE 7, LAG-AFTER 11.',
        '',
      ].join('\n'),
    );
    // Each row starts with the row Kafka's tool prints ("%-15s %-15s %-10s %s") and a space.
    assert.ok(out.includes('\ng               orders          1          1 '));
    assert.match(err, /warning: the target is before the log start of orders-1: its new offset is 1/);
    assert.match(err, /dry run: nothing changed; add --execute/);
    assert.deepEqual(kafka.calls, []);
  });

  it('widens GROUP and TOPIC for long names, as the tool does', async () => {
    const kafka = fakeKafka();
    const { out } = await run(['reset-offsets', ...server, '--group', 'a-rather-long-group-id', '--to-latest'], kafka);
    assert.match(out, /^\nGROUP {18}TOPIC {11}PARTITION  NEW-OFFSET {6}CURRENT-OFFSET/);
    assert.match(out, /\na-rather-long-group-id orders          0          10 {14}7 /);
  });

  it('--execute commits exactly the planned offsets and prints the same table', async () => {
    const kafka = fakeKafka();
    const dry = await run(reset('--to-offset', '5'), kafka);
    const { code, out } = await run(reset('--to-offset', '5', '--execute'), kafka);
    assert.equal(code, 0);
    assert.equal(out, dry.out);
    assert.deepEqual(kafka.calls, ['alter 0=5,1=5']);
    assert.deepEqual(
      [...kafka.committed],
      [
        [0, 5],
        [1, 5],
      ],
    );
  });

  it('--json prints the contract’s object: group, executed, and per partition the offsets and what-ifs', async () => {
    const kafka = fakeKafka();
    const { code, out, err } = await run(reset('--to-current', '--topic', 'orders', '--json'), kafka);
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(out), {
      group: 'g',
      executed: false,
      partitions: [
        {
          topic: 'orders',
          partition: 0,
          currentOffset: 7,
          newOffset: 7,
          lagBefore: 3,
          lagAfter: 3,
          reread: 0,
          skipped: 0,
        },
        {
          topic: 'orders',
          partition: 1,
          currentOffset: 2,
          newOffset: 2,
          lagBefore: 4,
          lagAfter: 4,
          reread: 0,
          skipped: 0,
        },
        // No committed offset: --to-current takes the log end; the 2 records below it count as skipped.
        {
          topic: 'orders',
          partition: 2,
          currentOffset: null,
          newOffset: 2,
          lagBefore: null,
          lagAfter: 0,
          reread: 0,
          skipped: 2,
        },
      ],
    });
    assert.deepEqual(Object.keys(JSON.parse(out).partitions[0]), [
      'topic',
      'partition',
      'currentOffset',
      'newOffset',
      'lagBefore',
      'lagAfter',
      'reread',
      'skipped',
    ]);
    const executed = await run(reset('--to-current', '--json', '--execute'), kafka);
    assert.equal(JSON.parse(executed.out).executed, true);
  });

  it('--to-datetime and --by-duration look up the offset for the time; none found: the log end, with a warning', async () => {
    const kafka = fakeKafka();
    const { out, err } = await run(reset('--to-datetime', '2026-01-01T10:00:00.000+01:00', '--json'), kafka);
    assert.deepEqual(kafka.calls, [`time ${Date.UTC(2026, 0, 1, 9)}`]);
    assert.deepEqual(
      JSON.parse(out).partitions.map((p: { newOffset: number }) => p.newOffset),
      [4, 6],
    );
    assert.match(err, /warning: no record of orders-1 is at or after the time: its new offset is the log end/);
    const before = Date.now();
    await run(reset('--by-duration', 'PT1H', '--json'), kafka);
    const asked = Number(kafka.calls[1].split(' ')[1]);
    assert.ok(asked >= before - 3_600_000 && asked <= Date.now() - 3_600_000, `${asked}`);
  });

  it('--by-duration on an injected clock', async () => {
    const kafka = fakeKafka();
    let out = '';
    await resetOffsetsCommand(
      { flags: new Map<string, string | true>([...pairs(reset('--by-duration', 'P1D').slice(1))]), topics: [] },
      { out: (t) => (out += t), err: () => undefined },
      {
        connection: () => ({ bootstrapServers: ['b:9092'] }),
        loadKafkaClient: () => kafka.client,
        readTextFile: () => '',
        now: () => 100_000_000,
      },
    );
    assert.deepEqual(kafka.calls, [`time ${100_000_000 - 86_400_000}`]);
    assert.match(out, /\ng {15}orders {10}0 {10}4 /);
  });

  it('--from-file resets the file’s partitions (its own group’s lines of a several-group file)', async () => {
    const kafka = fakeKafka();
    const files = { 'plan.csv': 'other,orders,0,0\ng,orders,2,1\ng,orders,0,99\n' };
    const { code, out } = await run(reset('--from-file', 'plan.csv', '--json'), kafka, files);
    assert.equal(code, 0);
    assert.deepEqual(
      JSON.parse(out).partitions.map((p: { partition: number; newOffset: number }) => [p.partition, p.newOffset]),
      [
        [0, 10],
        [2, 1],
      ],
    );
    const missing = await run(reset('--from-file', 'plan.csv'), kafka, { 'plan.csv': 'orders,7,1\n' });
    assertOneLine(missing, 1, /The partitions "orders-7" do not exist/);
  });

  it('--export prints Kafka’s CSV, which --from-file reads back to the same plan', async () => {
    const kafka = fakeKafka();
    const exported = await run(reset('--shift-by', '2', '--export'), kafka);
    assert.equal(exported.out, 'orders,0,9\norders,1,4\n\n');
    const again = await run(reset('--from-file', 'plan.csv', '--json'), kafka, { 'plan.csv': exported.out });
    assert.deepEqual(
      JSON.parse(again.out).partitions.map((p: { partition: number; newOffset: number }) => [p.partition, p.newOffset]),
      [
        [0, 9],
        [1, 4],
      ],
    );
  });

  it('refuses a group that is not inactive: exit 1, Kafka’s one line, nothing changed', async () => {
    const kafka = fakeKafka({ 0: 7 }, 'Stable');
    assertOneLine(
      await run(reset('--to-earliest', '--execute'), kafka),
      1,
      /^kafka-offset-trace: Assignments can only be reset if the group 'g' is inactive, but the current state is Stable\.\n$/,
    );
    assert.deepEqual(kafka.calls, []);
  });

  it('refuses a shift where there is no committed offset, and a group with nothing committed and no --topic', async () => {
    assertOneLine(
      await run(reset('--shift-by', '1', '--topic', 'orders'), fakeKafka()),
      1,
      /cannot shift orders-2: it has no committed offset to shift from/,
    );
    assertOneLine(await run(reset('--to-latest'), fakeKafka({})), 1, /has no committed offsets: choose the topics/);
  });

  it('an error of the client is one line with exit 1', async () => {
    assertOneLine(await run(reset('--to-latest', '--topic', 'payments'), fakeKafka()), 1, /unknown topic payments/);
  });
});

describe('CLI delete-offsets', () => {
  const del = (...args: string[]) => ['delete-offsets', ...server, '--group', 'g', ...args];

  it('a dry run by default: Kafka’s columns (STATUS "Dry run") and what a restart would do; nothing deleted', async () => {
    const kafka = fakeKafka();
    const { code, out } = await run(del('--topic', 'orders:0,1'), kafka);
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        'Dry run: no offsets deleted from group g (add --execute to delete them).',
        '',
        'TOPIC           PARTITION  STATUS          CURRENT-OFFSET  LAG-BEFORE      REREAD-IF-EARLIEST SKIPPED-IF-LATEST',
        'orders          0          Dry run         7               3               7                  3',
        'orders          1          Dry run         2               4               1                  4',
        '',
      ].join('\n'),
    );
    assert.deepEqual(kafka.calls, []);
  });

  it('--execute deletes and prints Kafka’s success line and rows, with our columns after them', async () => {
    const kafka = fakeKafka();
    const { code, out } = await run(del('--topic', 'orders', '--execute'), kafka);
    assert.equal(code, 0);
    assert.match(
      out,
      /^Request succeeded for deleting offsets from group g\.\n\nTOPIC {11}PARTITION  STATUS {10}CURRENT-OFFSET/,
    );
    assert.match(out, /\norders {10}2 {10}Successful {6}- {15}- {15}0 {18}0\n/);
    assert.deepEqual(kafka.calls, ['delete 0,1,2']);
  });

  it('--json, and refusals: an active group, a group that does not exist', async () => {
    const { out } = await run(del('--topic', 'orders:1', '--json'), fakeKafka());
    assert.deepEqual(JSON.parse(out), {
      group: 'g',
      executed: false,
      partitions: [
        { topic: 'orders', partition: 1, currentOffset: 2, lagBefore: 4, rereadIfEarliest: 1, skippedIfLatest: 4 },
      ],
    });
    assertOneLine(
      await run(del('--topic', 'orders', '--execute'), fakeKafka({ 0: 1 }, 'Stable')),
      1,
      /Offsets can only be deleted if the group 'g' is inactive, but the current state is Stable\./,
    );
    assertOneLine(await run(del('--topic', 'orders'), fakeKafka({}, 'Dead')), 1, /Consumer group 'g' does not exist\./);
  });
});

/** `--flag value --switch` pairs as a Map, for calling a command directly. */
function pairs(argv: readonly string[]): [string, string | true][] {
  const result: [string, string | true][] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].slice(2);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      result.push([name, next]);
      i++;
    } else result.push([name, true]);
  }
  return result;
}
