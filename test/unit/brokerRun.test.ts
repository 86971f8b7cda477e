// The run-on-kafka pieces that need no broker: the step-by-step comparison of a simulated and an
// observed trace, the command's exit codes (0 agree, 3 differ, 1 setup, 2 usage) with the broker run
// replaced, the protocol variants of a scenario, and the errors when Java's jars are missing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrokerRunSetupError, findKafkaJars, type JavaSetup } from '../../src/brokerRun/javaDriver';
import { compareTraces } from '../../src/trace/traceComparison';
import { runOnKafkaCommand } from '../../src/cli/runOnKafkaCommand';
import { builtInScenarioFiles, findScenario } from '../../src/scenarios/builtInScenarios';
import { parseScenarioFile } from '../../src/scenarios/scenarioFile';
import { scenarioProtocols, withGroupProtocol } from '../../src/scenarios/scenarioProtocols';
import type { Scenario } from '../../src/simulator/model';
import { runScenario, type Trace } from '../../src/trace/trace';

function scenario(name: string): Scenario {
  const found = findScenario(name);
  assert.ok(found, name);
  return found;
}

/** A copy of a trace whose step `index` polled other records and committed another offset. */
function tampered(trace: Trace, index: number): Trace {
  const effects = trace.effects.map((e, i) => (i === index ? { ...e, polled: [] } : e));
  const states = trace.states.map((s, i) =>
    i === index ? { ...s, partitions: s.partitions.map((p) => ({ ...p, committedOffset: 42 })) } : s,
  );
  return { ...trace, effects, states };
}

const fakeJava: JavaSetup = { java: 'java', classPath: '', kafkaVersion: '4.4.0' };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('run-on-kafka without a broker', () => {
  describe('compareTraces', () => {
    it('finds no difference between a trace and itself', () => {
      const trace = runScenario(scenario('rebalance'));
      const comparison = compareTraces(trace, trace);
      assert.deepEqual(comparison.differences, []);
      assert.equal(comparison.compared, trace.steps.length);
    });

    it('names every difference with its step, consumer and both values', () => {
      const trace = runScenario(scenario('commit-after-process'));
      const comparison = compareTraces(trace, tampered(trace, 1));
      const texts = comparison.differences.map((d) => d.text);
      assert.ok(texts.includes('step 2, c1: records received: simulated orders-0@0, observed none'), texts.join('\n'));
      assert.ok(texts.includes('step 2, c1: committed offset of orders-0: simulated -, observed 42'), texts.join('\n'));
      assert.ok(comparison.differences.every((d) => d.step === 2 || d.step === null));
    });

    it('compares the outcome too: duplicates, losses, resume points and resets', () => {
      const simulated = runScenario(scenario('no-commit-restart'));
      const observed = { ...simulated, effects: simulated.effects.map((e) => ({ ...e, processed: [] })) };
      const fields = compareTraces(simulated, observed).differences.map((d) => d.field);
      assert.ok(fields.includes('duplicates'), fields.join(', '));
    });

    it('leaves out the steps a scenario marks timing-dependent, with the reason', () => {
      const text = [
        'name: timed',
        'group: g',
        'topics:',
        '  orders: { partitions: 1, records: 3 }',
        'consumers:',
        '  c1: { enable.auto.commit: false, auto.offset.reset: earliest }',
        'actions:',
        '  - c1 start',
        '  - action: c1 poll',
        '    timing: the first fetch may come back in two parts',
        '  - c1 close',
        '',
      ].join('\n');
      const parsed = parseScenarioFile(text);
      assert.deepEqual(parsed.diagnostics, []);
      const timed = parsed.scenario as Scenario;
      assert.deepEqual(timed.timingDependent, [{ line: 9, reason: 'the first fetch may come back in two parts' }]);
      const trace = runScenario(timed);
      const comparison = compareTraces(trace, tampered(trace, 1), timed);
      assert.deepEqual(comparison.leftOut, [{ step: 2, reason: 'the first fetch may come back in two parts' }]);
      assert.ok(comparison.differences.every((d) => d.step !== 2));
    });
  });

  describe('the command', () => {
    it('exits 0 when the observed trace agrees, and 3 with the differences listed when it does not', async () => {
      const agree = capture();
      const code = await runOnKafkaCommand(
        { operands: ['commit-after-process'], bootstrapServers: 'localhost:9092', json: false },
        agree.output,
        {
          prepare: async () => fakeJava,
          run: async (s) => ({
            trace: runScenario(s),
            topics: { orders: 'orders.x' },
            group: 'g.x',
            protocol: 'classic',
            kafkaVersion: '4.4.0',
          }),
        },
      );
      assert.equal(code, 0);
      assert.match(agree.out.join(''), /The simulator and the broker agree: 11 steps compared/);
      assert.match(
        agree.out.join(''),
        /Settings:\n {2}c1: enable\.auto\.commit=false, auto\.offset\.reset=earliest, max\.poll\.records=1/,
      );

      const differ = capture();
      const code3 = await runOnKafkaCommand(
        { operands: ['commit-after-process'], bootstrapServers: 'localhost:9092', json: true },
        differ.output,
        {
          prepare: async () => fakeJava,
          run: async (s) => ({
            trace: tampered(runScenario(s), 4),
            topics: {},
            group: 'g.x',
            protocol: 'classic',
            kafkaVersion: '4.4.0',
          }),
        },
      );
      assert.equal(code3, 3);
      const json = JSON.parse(differ.out.join('')) as { agree: boolean; differences: { step: number; text: string }[] };
      assert.equal(json.agree, false);
      assert.ok(json.differences.some((d) => d.step === 5 && /records received/.test(d.text)));
    });

    it('says what is missing (exit 1) when Java or the jars are not there', async () => {
      const run = capture();
      const code = await runOnKafkaCommand(
        { operands: ['commit-after-process'], bootstrapServers: 'localhost:9092', json: false },
        run.output,
        {
          prepare: async () => {
            throw new BrokerRunSetupError('run-on-kafka needs Java 17 or later', 'java');
          },
        },
      );
      assert.equal(code, 1);
      assert.match(run.err.join(''), /needs Java 17 or later/);
    });

    it('refuses a protocol the scenario does not allow, and an unknown one', async () => {
      const run = capture();
      const code = await runOnKafkaCommand(
        { operands: ['cooperative-rebalance'], bootstrapServers: 'localhost:9092', json: false, protocol: 'consumer' },
        run.output,
        { prepare: async () => fakeJava, run: async () => assert.fail('must not run') },
      );
      assert.equal(code, 2);
      assert.match(run.err.join(''), /runs only under classic/);
      await assert.rejects(
        runOnKafkaCommand(
          { operands: ['rebalance'], bootstrapServers: 'localhost:9092', json: false, protocol: 'both' },
          capture().output,
        ),
        /--protocol is classic or consumer/,
      );
    });
  });

  describe('protocol variants', () => {
    it('a scenario that states neither protocol nor assignor runs under both', () => {
      assert.deepEqual(scenarioProtocols(scenario('session-timeout')), ['classic', 'consumer']);
      assert.deepEqual(scenarioProtocols(scenario('cooperative-rebalance')), ['classic']);
      assert.deepEqual(scenarioProtocols(scenario('consumer-protocol-rebalance')), ['consumer']);
    });

    it('under the consumer protocol session.timeout.ms becomes the group config consumer.session.timeout.ms', () => {
      const variant = withGroupProtocol(scenario('session-timeout'), 'consumer');
      assert.equal(variant.groupSettings?.consumerSessionTimeoutMs, 6000);
      assert.equal(variant.groupProperties?.['consumer.session.timeout.ms'], '6000');
      for (const consumer of variant.consumers) {
        assert.equal(consumer.config?.groupProtocol, 'consumer');
        assert.equal(consumer.properties?.['session.timeout.ms'], undefined);
        assert.equal(consumer.properties?.['group.protocol'], 'consumer');
      }
    });

    it('parsing under the other protocol counts "process all" with that protocol', () => {
      const file = builtInScenarioFiles.find((f) => f.name === 'eager-rebalance');
      assert.ok(file);
      const classic = parseScenarioFile(file.text, { fileName: file.fileName }).scenario;
      const consumer = parseScenarioFile(file.text, { fileName: file.fileName, groupProtocol: 'consumer' }).scenario;
      assert.ok(classic && consumer);
      // EAGER re-reads orders-0 (three more process steps); KIP-848 keeps c1's position there.
      assert.equal(classic.actions.length - consumer.actions.length, 3);
      assert.doesNotThrow(() => runScenario(consumer));
    });
  });

  it('names --kafka-jars and the Maven fetch when no kafka-clients jar is found', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-no-jars-'));
    try {
      assert.throws(
        () => findKafkaJars(empty, empty, {}),
        (error: unknown) =>
          error instanceof BrokerRunSetupError &&
          error.missing === 'jars' &&
          /--kafka-jars DIR/.test(error.message) &&
          /node scripts\/kafka\.mjs jars/.test(error.message),
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
