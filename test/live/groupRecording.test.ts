// Live `record` against a real Kafka 4.4 broker: our built CLI samples a KIP-848 group while Kafka's
// console consumer commits (auto commit every 200 ms) and a second consumer joins; the trace file read
// back agrees with what `kafka-consumer-groups --describe` printed at the same moments, and its key
// moments show the rebalance. A recording killed with SIGKILL leaves a file that still opens, and the
// broker going away mid-recording gives gap steps and a summary that counts them.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import type { SimulatorState } from '../../src/simulator/simulatorTypes';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { loadTraceFile, type LoadedTraceFile } from '../../src/trace/traceLoader';
import { cliPath } from '../support/builtCli';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');
const topic = 'rec-orders';
const group = 'rec-g';
const intervalMs = 400;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A child process we started, and how it ended. */
interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: string;
  stderr: string;
  /** Kill its whole process group (a kafka.mjs wrapper and its JVM). */
  readonly group: boolean;
}

/** What one `kafka-consumer-groups --describe` printed, and when it ran. */
interface ToolDescribe {
  readonly startedAt: number;
  readonly endedAt: number;
  /** By partition: CURRENT-OFFSET (null for "-") and LOG-END-OFFSET. */
  readonly rows: Map<number, { current: number | null; logEnd: number }>;
  readonly text: string;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` with `what`. */
async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** The committed offset of `partition` in a recorded state (null when it has none or is not there yet). */
function committedIn(state: SimulatorState, partition: number): number | null {
  return state.partitions.find((p) => p.topic === topic && p.partition === partition)?.committedOffset ?? null;
}

/** The owner of `partition` in a recorded state. */
function ownerIn(state: SimulatorState, partition: number): string | null {
  return state.partitions.find((p) => p.topic === topic && p.partition === partition)?.owner ?? null;
}

describe('live: `record` samples a real group into a trace file (real Kafka 4.4)', function () {
  this.timeout(600_000);
  let kafka: KafkaCluster;
  let admin: Admin;
  let producer: Producer;
  let dir = '';
  const children = new Set<Child>();
  /** Records produced so far, by partition. */
  const produced = [0, 0];

  function track(child: ChildProcess, killGroup: boolean): Child {
    const entry: Child = {
      process: child,
      stdout: '',
      stderr: '',
      group: killGroup,
      exited: new Promise((resolve) => {
        child.on('close', (code, signal) => {
          children.delete(entry);
          resolve({ code, signal });
        });
        child.on('error', () => {
          children.delete(entry);
          resolve({ code: null, signal: null });
        });
      }),
    };
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (entry.stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (entry.stderr += c));
    children.add(entry);
    return entry;
  }

  function signal(child: Child, sig: NodeJS.Signals): void {
    const pid = child.process.pid;
    if (pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null) return;
    try {
      if (child.group) process.kill(-pid, sig);
      else child.process.kill(sig);
    } catch {
      // already gone
    }
  }

  /** Stops a child: `sig`, then SIGKILL if it has not exited within `graceMs`. */
  async function stop(child: Child, sig: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    signal(child, sig);
    const ended = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!ended) {
      signal(child, 'SIGKILL');
      await child.exited;
    }
  }

  /** Our built CLI's `record`, as a child process. */
  function startRecord(out: string, extra: string[] = []): Child {
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'record',
        '--bootstrap-server',
        kafka.bootstrapServers,
        '--group',
        group,
        '--out',
        out,
        '--interval-ms',
        String(intervalMs),
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return track(child, false);
  }

  /** Kafka's console consumer as a KIP-848 member of the group, auto-committing every 200 ms. */
  function startConsumer(clientId: string): Child {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'scripts/kafka.mjs'),
        'tool',
        '--data-dir',
        kafka.dataDir,
        'console-consumer',
        '--topic',
        topic,
        '--group',
        group,
        '--from-beginning',
        '--command-property',
        'group.protocol=consumer',
        '--command-property',
        'enable.auto.commit=true',
        '--command-property',
        'auto.commit.interval.ms=200',
        '--command-property',
        `client.id=${clientId}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    return track(child, true);
  }

  /** Produces `counts[p]` records to each partition p. */
  async function produce(counts: number[]): Promise<void> {
    await producer.send({
      messages: counts.flatMap((count, partition) =>
        Array.from({ length: count }, (_, i) => ({
          topic,
          partition,
          value: Buffer.from(`r-${partition}-${produced[partition] + i}`),
        })),
      ),
    });
    counts.forEach((count, partition) => (produced[partition] += count));
  }

  /** `kafka-consumer-groups --describe --group G`, parsed; undefined when it printed no offsets table. */
  async function describeTool(): Promise<ToolDescribe | undefined> {
    const startedAt = Date.now();
    const result = await kafka.runTool('consumer-groups', ['--describe', '--group', group], { timeoutMs: 60_000 });
    const endedAt = Date.now();
    const lines = result.stdout.split('\n').map((line) => line.trim());
    const at = lines.findIndex((line) => line.startsWith('GROUP '));
    if (at < 0) return undefined;
    const header = lines[at].split(/\s+/);
    const column = (name: string): number => {
      const index = header.indexOf(name);
      assert.ok(index >= 0, `no ${name} column in:\n${result.stdout}`);
      return index;
    };
    const [topicAt, partitionAt, currentAt, logEndAt] = ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET'].map(
      column,
    );
    const rows = new Map<number, { current: number | null; logEnd: number }>();
    for (const line of lines.slice(at + 1)) {
      if (line === '') break;
      const cells = line.split(/\s+/);
      if (cells[topicAt] !== topic) continue;
      rows.set(Number(cells[partitionAt]), {
        current: cells[currentAt] === '-' ? null : Number(cells[currentAt]),
        logEnd: Number(cells[logEndAt]),
      });
    }
    return { startedAt, endedAt, rows, text: result.stdout };
  }

  /** Describes with the tool until every partition's committed offset is its log end and all produced records are in. */
  async function describeSettled(): Promise<ToolDescribe> {
    return waitUntil('the group to commit every record', 90_000, async () => {
      const d = await describeTool();
      if (!d || d.rows.size !== produced.length) return undefined;
      const settled = produced.every((count, p) => d.rows.get(p)?.current === count && d.rows.get(p)?.logEnd === count);
      return settled ? d : undefined;
    });
  }

  /** The recording so far (undefined while it has no step yet; a line being written is left out). */
  async function readRecording(file: string): Promise<LoadedTraceFile | undefined> {
    try {
      return await loadTraceFile(file);
    } catch {
      return undefined;
    }
  }

  /** When each step of a recording was sampled (ms since the epoch). */
  function sampleTimes(loaded: LoadedTraceFile): number[] {
    const origin = loaded.header?.origin;
    assert.equal(origin?.kind, 'recording');
    const startedAt = Date.parse(String(origin.startedAt));
    assert.ok(Number.isFinite(startedAt), 'the header has the start time');
    return loaded.trace.states.map((s) => startedAt + s.clockMs);
  }

  before(async function () {
    this.timeout(600_000); // the first run fetches Kafka's jars with Maven
    // KIP-848 members heartbeat every 500 ms, so a member joining is assigned partitions quickly.
    kafka = await startKafka({
      overrides: {
        'group.consumer.min.heartbeat.interval.ms': 500,
        'group.consumer.heartbeat.interval.ms': 500,
      },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-record-live-'));
    const bootstrapBrokers = [kafka.bootstrapServers];
    admin = new Admin({ clientId: 'record-live-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
    producer = new Producer({
      clientId: 'record-live-producer',
      bootstrapBrokers,
      autocreateTopics: false,
      idempotent: true,
    });
  });

  afterEach(async function () {
    this.timeout(60_000);
    await Promise.all([...children].map((child) => stop(child, 'SIGKILL', 10_000)));
  });

  after(async function () {
    this.timeout(120_000);
    await Promise.all([...children].map((child) => stop(child, 'SIGKILL', 10_000)));
    await producer?.close().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    await kafka?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records commits and a rebalance as kafka-consumer-groups --describe saw them', async () => {
    const file = path.join(dir, 'rebalance.offsets-trace.jsonl');
    // `record` refuses a group that does not exist: the first consumer joins first (no records yet).
    const first = startConsumer('c1');
    await waitUntil('c1 in the group', 90_000, async () => {
      const d = await describeTool();
      return d && d.rows.size === 2 && /\bc1\s*$/m.test(d.text) ? true : undefined;
    });
    const record = startRecord(file);
    await waitUntil('the first sample', 30_000, async () => {
      assert.equal(record.process.exitCode, null, `record exited: ${record.stderr}`);
      const loaded = await readRecording(file);
      return loaded && loaded.trace.steps.length >= 1 ? true : undefined;
    });

    // Records arrive: c1 reads and commits them.
    await produce([8, 6]);
    await waitUntil('c1 committing the first batch in the recording', 90_000, async () => {
      const loaded = await readRecording(file);
      const last = loaded?.trace.states.at(-1);
      return last?.consumers.some((c) => c.id === 'c1' && c.status === 'running') &&
        [0, 1].every((p) => committedIn(last, p) === produced[p])
        ? true
        : undefined;
    });

    // More records while it runs; the tool describes the group meanwhile (commits in flight).
    const describes: ToolDescribe[] = [];
    const settledDescribes: ToolDescribe[] = [];
    const producing = (async () => {
      for (let i = 0; i < 6; i++) {
        await produce([2, 2]);
        await sleep(300);
      }
    })();
    for (let i = 0; i < 3; i++) {
      const d = await describeTool();
      if (d) describes.push(d);
    }
    await producing;
    settledDescribes.push(await describeSettled());

    // A second consumer joins: a rebalance moves one partition to it.
    const joinedAt = Date.now();
    const second = startConsumer('c2');
    await waitUntil('each consumer owning one partition in the recording', 90_000, async () => {
      const last = (await readRecording(file))?.trace.states.at(-1);
      if (!last) return undefined;
      const owners = [ownerIn(last, 0), ownerIn(last, 1)].sort();
      return owners[0] === 'c1' && owners[1] === 'c2' ? true : undefined;
    });

    // Both consumers read and commit a last batch; the recording samples the settled offsets.
    await produce([5, 7]);
    const settled = await describeSettled();
    settledDescribes.push(settled);
    await waitUntil('a sample after the last describe', 30_000, async () => {
      const loaded = await readRecording(file);
      return loaded && sampleTimes(loaded).some((t) => t > settled.endedAt + 50) ? true : undefined;
    });

    await stop(record, 'SIGINT', 30_000);
    const ended = await record.exited;
    assert.equal(ended.code, 0, record.stderr);
    const summary = /^recorded (\d+) samples \(no gaps\) in \d+\.\d s to (.+)$/m.exec(record.stderr);
    assert.ok(summary, `the summary line on stderr:\n${record.stderr}`);
    assert.equal(summary[2], file);

    await Promise.all([stop(first), stop(second)]);
    const final = await describeTool();
    assert.ok(final, 'the final describe prints the offsets');

    const loaded = await loadTraceFile(file);
    const { trace } = loaded;
    assert.equal(loaded.kind, 'trace');
    assert.deepEqual(loaded.warnings, [], 'the recording was stopped cleanly: no cut-off line');
    assert.equal(loaded.header?.origin.kind, 'recording');
    assert.equal(loaded.header?.origin.group, group);
    assert.equal(loaded.header?.origin.bootstrapServers, kafka.bootstrapServers);
    assert.equal(loaded.header?.origin.intervalMs, intervalMs);
    assert.equal(loaded.header?.scenario.group, group);
    assert.ok(
      trace.kinds.every((k) => k === 'sample'),
      `every step is a sample: ${trace.kinds.join(',')}`,
    );
    assert.equal(Number(summary[1]), trace.steps.length, 'the summary counts the steps in the file');
    const times = sampleTimes(loaded);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] > times[i - 1], 'samples in time order');

    // Commits only move forward here: the replayed committed offsets never go back, and the commit
    // effects of each step are exactly the partitions whose committed offset changed.
    for (const p of [0, 1]) {
      const offsets = trace.states.map((s) => committedIn(s, p));
      for (let i = 1; i < offsets.length; i++) {
        assert.ok((offsets[i] ?? -1) >= (offsets[i - 1] ?? -1), `${topic}-${p} at step ${i + 1}: ${offsets.join(',')}`);
        const commit = trace.effects[i].commits.find((c) => c.partition === p);
        if (offsets[i] !== offsets[i - 1]) {
          assert.ok(commit, `a commit effect for ${topic}-${p} at step ${i + 1}`);
          assert.equal(commit.offset, offsets[i]);
          assert.equal(commit.previous, offsets[i - 1]);
        } else assert.equal(commit, undefined);
      }
    }

    // Every describe of the tool lies between the samples nearest before and after it; when the group had
    // settled, the sample after it shows exactly what the tool printed.
    assert.ok(describes.length + settledDescribes.length >= 3, 'the tool described the group several times');
    const nearest = (d: ToolDescribe): { before: SimulatorState | undefined; after: SimulatorState } => {
      const beforeAt = times.filter((t) => t <= d.startedAt).length - 1;
      const afterAt = times.findIndex((t) => t >= d.endedAt);
      assert.ok(afterAt >= 0, `a sample after the describe that ended at ${d.endedAt}`);
      return { before: beforeAt >= 0 ? trace.states[beforeAt] : undefined, after: trace.states[afterAt] };
    };
    for (const d of [...describes, ...settledDescribes]) {
      const { before, after } = nearest(d);
      for (const [p, row] of d.rows) {
        if (row.current === null) continue;
        const recorded = trace.states.map((s) => committedIn(s, p));
        const low = before ? (committedIn(before, p) ?? -1) : -1;
        const high = committedIn(after, p) ?? -1;
        assert.ok(
          low <= row.current && row.current <= high,
          `${topic}-${p}: the tool printed ${row.current}, the samples around it ${low}..${high}\n${d.text}`,
        );
        if (settledDescribes.includes(d)) {
          assert.equal(committedIn(after, p), row.current, `${topic}-${p} settled:\n${d.text}`);
          assert.ok(recorded.includes(row.current));
        }
      }
    }

    // The recording ends where the tool sees the group after its consumers stopped: everything read.
    const last = trace.states[trace.states.length - 1];
    for (const p of [0, 1]) {
      assert.equal(committedIn(last, p), final.rows.get(p)?.current, `${topic}-${p}:\n${final.text}`);
      assert.equal(committedIn(last, p), produced[p]);
      assert.equal(last.partitions.find((x) => x.partition === p)?.logEndOffset, produced[p]);
    }
    assert.deepEqual(
      last.consumers
        .filter((c) => c.status === 'running')
        .map((c) => c.id)
        .sort(),
      ['c1', 'c2'],
    );
    assert.equal(last.groupState?.protocol, 'consumer');
    assert.equal(last.groupState?.state, 'Stable');

    // The key moments: the second consumer joining is a rebalance, and a partition moves to it.
    const moments = findKeyMoments(trace).filter((m) => m.kind === 'rebalance');
    const afterJoin = moments.filter((m) => times[m.step - 1] >= joinedAt);
    assert.ok(
      afterJoin.some((m) => /\bc2 joined\b/.test(m.text)),
      `a rebalance with c2 joining: ${JSON.stringify(moments)}`,
    );
    assert.ok(
      afterJoin.some((m) => /rec-orders-[01] (c1|unowned) → c2/.test(m.text)),
      `a partition moved to c2: ${JSON.stringify(moments)}`,
    );
    assert.ok(
      moments.every((m) => m.step >= 2 && trace.kinds[m.step - 1] === 'sample'),
      'moments are at samples',
    );
  });

  it('leaves a file that opens when the recording is killed with SIGKILL', async () => {
    const file = path.join(dir, 'killed.offsets-trace.jsonl');
    const idle = await describeTool();
    assert.ok(idle, 'the group has offsets');
    const record = startRecord(file);
    await waitUntil('three samples in the file', 60_000, () => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return Promise.resolve(text.split('\n').length - 1 >= 4 ? true : undefined);
    });
    await stop(record, 'SIGKILL');
    const ended = await record.exited;
    assert.equal(ended.signal, 'SIGKILL');
    assert.equal(record.stderr, '', 'no summary: it was killed');

    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const complete = lines.slice(0, -1); // the part after the last line break may be cut off
    assert.ok(complete.length >= 4);
    for (const line of complete) assert.doesNotThrow(() => JSON.parse(line), line);
    const loaded = await loadTraceFile(file);
    assert.equal(loaded.header?.origin.kind, 'recording');
    assert.ok(loaded.trace.steps.length >= 3);
    assert.equal(loaded.trace.steps.length, complete.length - 1, 'every complete step line is a step');
    assert.ok(loaded.trace.kinds.every((k) => k === 'sample'));
    const last = loaded.trace.states[loaded.trace.states.length - 1];
    for (const p of [0, 1]) assert.equal(committedIn(last, p), idle.rows.get(p)?.current);
    assert.ok(
      last.consumers.every((c) => c.status !== 'running'),
      'the consumers have left',
    );
  });

  it('records gaps while the broker is gone, and counts them in its summary', async () => {
    const file = path.join(dir, 'gaps.offsets-trace.jsonl');
    const record = startRecord(file, ['--timeout-ms', '1500']);
    await waitUntil('two samples', 60_000, async () => {
      const loaded = await readRecording(file);
      return loaded && loaded.trace.steps.length >= 2 ? true : undefined;
    });
    await kafka.stop();
    await waitUntil('two gap steps', 60_000, async () => {
      const loaded = await readRecording(file);
      return loaded && loaded.trace.kinds.filter((k) => k === 'gap').length >= 2 ? true : undefined;
    });
    await stop(record, 'SIGINT', 30_000);
    const ended = await record.exited;
    assert.equal(ended.code, 0, record.stderr);
    assert.match(
      record.stderr,
      /^kafka-offset-trace: no sample at \d+\.\d s: .+ \(recorded as a gap; still trying\)$/m,
    );
    const summary = /^recorded (\d+) samples? \((\d+) gaps?\) in \d+\.\d s to /m.exec(record.stderr);
    assert.ok(summary, record.stderr);

    const { trace } = await loadTraceFile(file);
    const samples = trace.kinds.filter((k) => k === 'sample').length;
    const gaps = trace.kinds.filter((k) => k === 'gap').length;
    assert.equal(Number(summary[1]), samples);
    assert.equal(Number(summary[2]), gaps);
    const firstGap = trace.kinds.indexOf('gap');
    assert.ok(firstGap >= 2, 'samples first, then gaps');
    assert.ok(
      trace.kinds.slice(firstGap).every((k) => k === 'gap'),
      'no sample once the broker is gone',
    );
    for (let i = firstGap; i < trace.steps.length; i++) {
      assert.match(trace.steps[i].action, /^Gap \(\+\d+\.\d s\): no sample, /);
      assert.deepEqual(trace.states[i].partitions, trace.states[firstGap - 1].partitions, 'a gap keeps the last state');
      assert.ok(trace.states[i].clockMs > trace.states[i - 1].clockMs);
    }
    for (const p of [0, 1]) assert.equal(committedIn(trace.states[firstGap - 1], p), produced[p]);
  });
});
