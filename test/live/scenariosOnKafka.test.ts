// Every built-in scenario on a real Kafka 4.4 with Kafka's own Java KafkaConsumer (one JVM per
// consumer, driven through media/java/OffsetTraceDriver.java), under each group protocol the scenario
// allows, compared step by step with the simulator: records received, positions, assignments,
// exceptions, committed offsets read back from the broker, then duplicates, losses and resume points.
// Prints the agreement table (scenario × protocol); any difference fails the test naming its step.
// Also the CLI's run-on-kafka on a scenario file (exit codes 0 and 3, the observed trace file).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runOnKafka } from '../../src/brokerRun/brokerRunner';
import { driverSourcePath, findKafkaJars, prepareJava, type JavaSetup } from '../../src/brokerRun/javaDriver';
import { compareTraces, type TraceComparison } from '../../src/trace/traceComparison';
import { builtInScenarioFiles } from '../../src/scenarios/builtInScenarios';
import { parseScenarioFile } from '../../src/scenarios/scenarioFile';
import { scenarioProtocols, type GroupProtocol } from '../../src/scenarios/scenarioProtocols';
import { runScenario } from '../../src/trace/trace';
import { loadTraceFile } from '../../src/trace/traceLoader';
import { runBuiltCli } from '../support/builtCli';
import { startKafka, type KafkaCluster } from './kafkaBroker';

const root = path.resolve(__dirname, '../..');

/** Broker settings that let scenarios keep their times short (the consumer protocol's bounds are 45 s and 5 s by default). */
const shortTimeouts = {
  'group.min.session.timeout.ms': 1000,
  'group.consumer.min.session.timeout.ms': 1000,
  'group.consumer.session.timeout.ms': 6000,
  'group.consumer.min.heartbeat.interval.ms': 100,
  'group.consumer.heartbeat.interval.ms': 500,
};

interface Cell {
  readonly scenario: string;
  readonly protocol: GroupProtocol;
  readonly comparison?: TraceComparison;
  readonly error?: string;
  readonly seconds: number;
}

/** Runs `tasks` with at most `limit` at a time (the JVMs of three scenarios fit two cores well). */
async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

describe('live: every built-in scenario on a real broker agrees with the simulator', function () {
  this.timeout(900_000);
  let kafka: KafkaCluster;
  let java: JavaSetup;

  before(async function () {
    kafka = await startKafka({ overrides: shortTimeouts });
    java = await prepareJava({ jarsDir: findKafkaJars(undefined, root), driverSource: driverSourcePath(root) });
  });

  after(async function () {
    await kafka?.stop();
  });

  it('under each protocol it allows: records, positions, assignments, exceptions, commits, duplicates and losses', async function () {
    const tasks = builtInScenarioFiles.flatMap((file) => {
      const stated = parseScenarioFile(file.text, { fileName: file.fileName, positions: false }).scenario;
      assert.ok(stated, `${file.name} parses`);
      return scenarioProtocols(stated).map((protocol) => async (): Promise<Cell> => {
        const started = Date.now();
        const scenario = parseScenarioFile(file.text, { fileName: file.fileName, groupProtocol: protocol }).scenario;
        if (!scenario) return { scenario: file.name, protocol, error: 'does not parse', seconds: 0 };
        const simulated = runScenario(scenario);
        // A run that could not finish (the cluster or a JVM failed: a BrokerRunError, not a difference)
        // is tried once more; a difference is never retried.
        let failure = '';
        for (let attempt = 1; attempt <= 2; attempt++) {
          try {
            const run = await runOnKafka(scenario, { bootstrapServers: kafka.bootstrapServers, java });
            const comparison = compareTraces(simulated, run.trace, scenario);
            return { scenario: file.name, protocol, comparison, seconds: (Date.now() - started) / 1000 };
          } catch (error) {
            failure += `${attempt > 1 ? '; then ' : ''}${String(error)}`;
          }
        }
        return { scenario: file.name, protocol, error: failure, seconds: (Date.now() - started) / 1000 };
      });
    });
    const cells = await inParallel(tasks, 3);
    const names = [...new Set(cells.map((c) => c.scenario))];
    const mark = (cell: Cell | undefined): string =>
      !cell
        ? 'n/a'
        : cell.error
          ? 'error'
          : cell.comparison && cell.comparison.differences.length === 0
            ? `agrees (${cell.comparison.compared} steps)`
            : `${cell.comparison?.differences.length} differences`;
    const width = Math.max(...names.map((n) => n.length));
    const table = [
      `${'scenario'.padEnd(width)}  ${'classic'.padEnd(20)}  consumer (KIP-848)`,
      ...names.map((name) => {
        const classic = cells.find((c) => c.scenario === name && c.protocol === 'classic');
        const consumer = cells.find((c) => c.scenario === name && c.protocol === 'consumer');
        return `${name.padEnd(width)}  ${mark(classic).padEnd(20)}  ${mark(consumer)}`;
      }),
    ].join('\n');
    console.log(
      `\n      Simulated vs a real KafkaConsumer (Kafka ${java.kafkaVersion}):\n${table.replace(/^/gm, '      ')}\n`,
    );
    const failures = cells.flatMap((cell) =>
      cell.error
        ? [`${cell.scenario} (${cell.protocol}): ${cell.error}`]
        : (cell.comparison?.differences ?? []).map((d) => `${cell.scenario} (${cell.protocol}): ${d.text}`),
    );
    assert.deepEqual(failures, [], `the simulator differs from the real consumer:\n${failures.join('\n')}`);
    assert.ok(cells.length >= 30, `every built-in under each protocol it allows (${cells.length} runs)`);
  });

  it('run-on-kafka prints the observed table, agrees (exit 0), writes a broker-run trace and refuses a bad option', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-run-on-kafka-'));
    try {
      const out = path.join(dir, 'observed.offsets-trace.jsonl');
      const agreeing = await runBuiltCli([
        'run-on-kafka',
        '--bootstrap-server',
        kafka.bootstrapServers,
        'commit-after-process',
        '--out',
        out,
      ]);
      assert.equal(agreeing.code, 0, agreeing.stderr);
      assert.match(agreeing.stdout, /Observed on Kafka \(clients 4\.\d+\.\d+, group\.protocol=classic/);
      assert.match(agreeing.stdout, /The simulator and the broker agree: 11 steps compared/);
      const loaded = await loadTraceFile(out);
      assert.equal(loaded.kind, 'trace');
      assert.equal(loaded.kind === 'trace' ? loaded.header?.origin.kind : undefined, 'broker-run');
      assert.equal(loaded.trace.steps.length, 11);

      const file = path.join(dir, 'poll-once.offsets.yaml');
      fs.writeFileSync(
        file,
        [
          'name: poll-once',
          'group: g',
          'topics:',
          '  orders: { partitions: 1, records: 3 }',
          'consumers:',
          '  c1: { enable.auto.commit: false, auto.offset.reset: earliest }',
          'actions:',
          '  - c1 start',
          '  - c1 poll',
          '  - c1 commitSync',
          '  - c1 close',
          '',
        ].join('\n'),
      );
      const json = await runBuiltCli(['run-on-kafka', '--bootstrap-server', kafka.bootstrapServers, file, '--json']);
      assert.equal(json.code, 0, json.stderr);
      const parsed = JSON.parse(json.stdout) as { agree: boolean; steps: unknown[]; protocol: string };
      assert.equal(parsed.agree, true);
      assert.equal(parsed.protocol, 'classic');
      assert.equal(parsed.steps.length, 4);

      const bad = await runBuiltCli([
        'run-on-kafka',
        '--bootstrap-server',
        kafka.bootstrapServers,
        '--protocol',
        'both',
        file,
      ]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--protocol is classic or consumer/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
