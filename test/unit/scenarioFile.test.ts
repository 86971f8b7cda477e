// Scenario files (*.offsets.yaml): good files of every shape become the right Scenario, every
// mistake is a diagnostic at its exact line and column, the built-in files parse cleanly, and the
// parser never throws, whatever it is fed (fast-check).

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { builtInScenarioFiles, builtInScenarios } from '../../src/scenarios/builtInScenarios';
import {
  isScenarioText,
  maxRepeatCount,
  parseScenarioFile,
  scenarioNameFromFileName,
  type ParsedScenarioFile,
  type ScenarioDiagnostic,
} from '../../src/scenarios/scenarioFile';
import type { Action } from '../../src/simulator/model';
import { runScenario } from '../../src/trace/trace';

/** Lines joined with `\n` and a final newline. */
function file(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A valid head (lines 1–6) to which a test appends actions from line 7 on (text at column 5). */
const head = [
  'topics:',
  '  orders: { partitions: 2, records: 3 }',
  'consumers:',
  '  c1: { enable.auto.commit: false, auto.offset.reset: earliest }',
  '  c2: {}',
  'actions:',
];

function withActions(...actions: string[]): string {
  return file(...head, ...actions.map((action) => `  - ${action}`));
}

function parsed(text: string, fileName = 'example.offsets.yaml'): ParsedScenarioFile {
  return parseScenarioFile(text, { fileName });
}

function scenarioOf(text: string, fileName?: string) {
  const result = parsed(text, fileName);
  assert.deepEqual(result.diagnostics, [], 'no diagnostics');
  assert.ok(result.scenario, 'a scenario');
  return result.scenario;
}

/** [line, column, endLine, endColumn, severity, message] of every diagnostic. */
function brief(result: ParsedScenarioFile): [number, number, number, number, string, string][] {
  return result.diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.severity, d.message]);
}

/** The single error of a text, as [line, column, endColumn, message]. */
function onlyError(text: string): [number, number, number, string] {
  const result = parsed(text);
  assert.equal(result.scenario, undefined, 'an error means no scenario');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, `one error, got ${JSON.stringify(result.diagnostics)}`);
  const [error] = errors;
  assert.equal(error.endLine, error.line);
  return [error.line, error.column, error.endColumn, error.message];
}

/** Whether a diagnostic's range lies inside the text (lines split at `\n`, columns up to line end + 1). */
function insideText(text: string, d: ScenarioDiagnostic): boolean {
  const lines = text.split('\n');
  const fits = (line: number, column: number) =>
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1].length + 1;
  const ordered = d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column);
  return fits(d.line, d.column) && fits(d.endLine, d.endColumn) && ordered && d.message.length > 0;
}

describe('scenario files: good files', () => {
  it('fills in the defaults: name from the file, title from the name, empty summary, group = name, Kafka defaults', () => {
    const scenario = scenarioOf(
      file('topics:', '  orders: { partitions: 1 }', 'consumers:', '  c1:', 'actions:', '  - c1 start'),
      '/some/dir/my-case.offsets.yaml',
    );
    assert.equal(scenario.name, 'my-case');
    assert.equal(scenario.title, 'my-case');
    assert.equal(scenario.summary, '');
    assert.equal(scenario.group, 'my-case');
    assert.deepEqual(scenario.topics, [
      { name: 'orders', partitions: [{ partition: 0, records: 0, logStartOffset: 0 }] },
    ]);
    assert.deepEqual(scenario.consumers, [{ id: 'c1', config: {} }]);
    assert.deepEqual(scenario.actions, [{ type: 'start', consumer: 'c1', at: { line: 6, column: 5 } }]);
  });

  it('takes name, title, summary and a group id as written', () => {
    const scenario = scenarioOf(
      file(
        'name: seed',
        'title: The seed demo',
        "summary: 'Read, then commit: once.'",
        'group: orders-app',
        'topics: { orders: { records: 3 } }',
        'consumers: { c1: {} }',
        'actions: [c1 start, c1 poll]',
      ),
    );
    assert.deepEqual(
      [scenario.name, scenario.title, scenario.summary, scenario.group],
      ['seed', 'The seed demo', 'Read, then commit: once.', 'orders-app'],
    );
    assert.deepEqual(
      scenario.actions.map((a) => a.at),
      [
        { line: 7, column: 11 },
        { line: 7, column: 21 },
      ],
    );
  });

  it('reads a name from a bare file name and from other extensions', () => {
    assert.equal(scenarioNameFromFileName('a.offsets.yaml'), 'a');
    assert.equal(scenarioNameFromFileName('C:\\x\\b.yml'), 'b');
    assert.equal(scenarioOf(file('topics: { t: {} }', 'consumers: { c1: }', 'actions: [c1 start]')).name, 'example');
    assert.equal(
      parseScenarioFile(file('topics: { t: {} }', 'consumers: { c1: }', 'actions: [c1 start]')).scenario?.name,
      'scenario',
    );
  });

  it('reads records and logStart as one number for every partition or a list per partition', () => {
    const scenario = scenarioOf(
      file(
        'topics:',
        '  orders: { partitions: 2, records: 3, logStart: 2 }',
        '  payments: { records: [4, 0, 1], logStart: [1, 0, 5] }',
        'consumers: { c1: {} }',
        'actions: [c1 start]',
      ),
    );
    assert.deepEqual(scenario.topics, [
      {
        name: 'orders',
        partitions: [
          { partition: 0, records: 3, logStartOffset: 2 },
          { partition: 1, records: 3, logStartOffset: 2 },
        ],
      },
      {
        name: 'payments',
        partitions: [
          { partition: 0, records: 4, logStartOffset: 1 },
          { partition: 1, records: 0, logStartOffset: 0 },
          { partition: 2, records: 1, logStartOffset: 5 },
        ],
      },
    ]);
  });

  it('reads Kafka settings as Kafka parses them: "6000" or 6000, TRUE or true, lists, and maps the modelled ones', () => {
    const result = parsed(
      file(
        'topics: { orders: {} }',
        'consumers:',
        '  c1:',
        '    max.poll.records: "2"',
        '    enable.auto.commit: FALSE',
        "    auto.commit.interval.ms: ' 1000 '",
        '    auto.offset.reset: none',
        '    isolation.level: read_committed',
        '    session.timeout.ms: "6000"',
        '    partition.assignment.strategy: [org.apache.kafka.clients.consumer.RangeAssignor]',
        '    group.protocol: CLASSIC',
        '  c2: { client.id: 42, interceptor.classes: "a.B, c.D" }',
        'actions: [c1 start]',
      ),
    );
    assert.ok(result.scenario);
    assert.deepEqual(result.scenario.consumers, [
      {
        id: 'c1',
        config: {
          maxPollRecords: 2,
          enableAutoCommit: false,
          autoCommitIntervalMs: 1000,
          autoOffsetReset: 'none',
          isolationLevel: 'read_committed',
          // The group settings are modelled now: the session timeout, the assignor (RangeAssignor is
          // range) and the protocol (CLASSIC, read case-insensitively as Kafka does).
          sessionTimeoutMs: 6000,
          assignor: 'range',
          groupProtocol: 'classic',
        },
        // The properties as stated, in Kafka's own text form (for a run on a real broker).
        properties: {
          'max.poll.records': '2',
          'enable.auto.commit': 'false',
          'auto.commit.interval.ms': '1000',
          'auto.offset.reset': 'none',
          'isolation.level': 'read_committed',
          'session.timeout.ms': '6000',
          'partition.assignment.strategy': 'org.apache.kafka.clients.consumer.RangeAssignor',
          'group.protocol': 'classic',
        },
      },
      { id: 'c2', config: {}, properties: { 'client.id': '42', 'interceptor.classes': 'a.B,c.D' } },
    ]);
    // Real settings the simulator does not model are warnings: the file still runs.
    assert.deepEqual(
      result.diagnostics.map((d) => [d.line, d.severity, d.message.split(' is ')[0]]),
      [
        [12, 'warning', 'client.id'],
        [12, 'warning', 'interceptor.classes'],
      ],
    );
    assert.equal(
      result.diagnostics[0].message,
      'client.id is a Kafka consumer setting the simulator does not model yet: it has no effect here',
    );
    assert.deepEqual(brief(result)[0].slice(0, 4), [12, 9, 12, 18]);
  });

  it('takes a group mapping with an id and group settings (the session timeout modelled, the assignors warned)', () => {
    const result = parsed(
      file(
        'group: { id: orders-app, group.consumer.session.timeout.ms: 6000, group.consumer.assignors: uniform }',
        'topics: { orders: {} }',
        'consumers: { c1: { group.protocol: consumer, group.id: orders-app } }',
        'actions: [c1 start]',
      ),
    );
    assert.equal(result.scenario?.group, 'orders-app');
    // The consumer protocol's session timeout is the group's (docs/design.md#rebalance-protocols).
    assert.deepEqual(result.scenario?.groupSettings, { consumerSessionTimeoutMs: 6000 });
    assert.deepEqual(result.scenario?.groupProperties, {
      'group.consumer.session.timeout.ms': '6000',
      'group.consumer.assignors': 'uniform',
    });
    assert.deepEqual(result.scenario?.consumers, [
      { id: 'c1', config: { groupProtocol: 'consumer' }, properties: { 'group.protocol': 'consumer' } },
    ]);
    assert.deepEqual(brief(result), [
      [
        1,
        67,
        1,
        91,
        'warning',
        'group.consumer.assignors is a Kafka group setting the simulator does not model yet: it has no effect here',
      ],
    ]);
    assert.deepEqual(result.declarations.consumers, [{ id: 'c1', line: 3, column: 14, groupProtocol: 'consumer' }]);
  });

  it('reads every verb into its action', () => {
    const scenario = scenarioOf(
      withActions(
        'c1 start',
        'c1 poll',
        'c1 process',
        'c1 commitSync',
        'c1 commitAsync',
        'c1 commitSync processed',
        'c1 commitSync orders-0=5 orders-1=7',
        'c1 seek orders-1 0',
        'c1 crash',
        'c1 restart',
        'c1 close',
        'wait 250ms',
        'wait 6s',
        'wait 1.5s',
        'wait 2m',
        'produce orders-1 4',
        'begin-transaction',
        'produce-transactional orders-0 3',
        'commit-transaction',
        'abort-transaction',
        'delete-records orders-0 2',
      ),
    );
    const bodies = scenario.actions.map((action) => {
      const { at, ...body } = action;
      assert.equal(at?.column, 5);
      return body;
    });
    assert.deepEqual(bodies, [
      { type: 'start', consumer: 'c1' },
      { type: 'poll', consumer: 'c1' },
      { type: 'process', consumer: 'c1' },
      { type: 'commitSync', consumer: 'c1' },
      { type: 'commitAsync', consumer: 'c1' },
      { type: 'commitProcessed', consumer: 'c1' },
      {
        type: 'commitOffsets',
        consumer: 'c1',
        offsets: [
          { topic: 'orders', partition: 0, offset: 5 },
          { topic: 'orders', partition: 1, offset: 7 },
        ],
      },
      { type: 'seek', consumer: 'c1', topic: 'orders', partition: 1, offset: 0 },
      { type: 'crash', consumer: 'c1' },
      { type: 'restart', consumer: 'c1' },
      { type: 'close', consumer: 'c1' },
      { type: 'wait', ms: 250 },
      { type: 'wait', ms: 6000 },
      { type: 'wait', ms: 1500 },
      { type: 'wait', ms: 120000 },
      { type: 'produce', topic: 'orders', partition: 1, count: 4 },
      { type: 'beginTransaction' },
      { type: 'produceTransactional', topic: 'orders', partition: 0, count: 3 },
      { type: 'commitTransaction' },
      { type: 'abortTransaction' },
      { type: 'deleteRecords', topic: 'orders', partition: 0, beforeOffset: 2 },
    ]);
    assert.deepEqual(
      scenario.actions.map((a) => a.at?.line),
      Array.from({ length: 21 }, (_, i) => 7 + i),
    );
  });

  it('takes a label in double or single quotes, with escapes, and ": " inside it', () => {
    const scenario = scenarioOf(
      withActions(
        'c1 start "Join the group"',
        "c1 poll 'Read the first record'",
        'c1 process "Say \\"hi\\""',
        "c1 commitSync 'It''s committed'",
        'c1 close "Stop (c1 leaves: rebalance)"',
        `'c2 start "Start (c2 joins: rebalance)"'`,
        'wait 5s "Five seconds later"',
      ),
    );
    assert.deepEqual(
      scenario.actions.map((a) => [a.type, a.label, a.at?.line, a.at?.column]),
      [
        ['start', 'Join the group', 7, 5],
        ['poll', 'Read the first record', 8, 5],
        ['process', 'Say "hi"', 9, 5],
        ['commitSync', "It's committed", 10, 5],
        ['close', 'Stop (c1 leaves: rebalance)', 11, 5],
        ['start', 'Start (c2 joins: rebalance)', 12, 5],
        ['wait', 'Five seconds later', 13, 5],
      ],
    );
  });

  it('flattens repeat blocks, nested too, keeping one position per written action', () => {
    const scenario = scenarioOf(
      file(
        ...head,
        '  - c1 start',
        '  - repeat 2:',
        '      - c1 poll',
        '      - repeat 3:',
        '          - c1 process',
        '      - c1 commitSync',
        '  - c1 close',
      ),
    );
    const written = scenario.actions.map((a) => `${a.type}@${a.at?.line}:${a.at?.column}`);
    const iteration = ['poll@9:9', 'process@11:13', 'process@11:13', 'process@11:13', 'commitSync@12:9'];
    assert.deepEqual(written, ['start@7:5', ...iteration, ...iteration, 'close@13:5']);
  });

  it('turns "process N" into N steps of the same line, and "process all" into one per record in hand', () => {
    const scenario = scenarioOf(
      file(
        'topics: { orders: { records: 5 } }',
        'consumers: { c1: { max.poll.records: 3, auto.offset.reset: earliest } }',
        'actions:',
        '  - c1 start',
        '  - c1 poll',
        '  - c1 process all',
        '  - c1 poll',
        '  - c1 process 2 "Handle"',
        '  - c1 poll',
        '  - c1 process all',
      ),
    );
    assert.deepEqual(
      scenario.actions.map((a) => `${a.type}@${a.at?.line}${a.label ? ` ${a.label}` : ''}`),
      [
        'start@4',
        'poll@5',
        'process@6',
        'process@6',
        'process@6',
        'poll@7',
        'process@8 Handle',
        'process@8 Handle',
        'poll@9',
      ],
    );
    const trace = runScenario(scenario);
    assert.equal(trace.steps.length, 9, 'the last poll returned nothing, so "process all" has nothing to do');
  });

  it("parses the design's example file (docs/design.md#scenario-files) as written, and its repeat form to the same actions", () => {
    const written = [
      'name: commit-after-process',
      'title: Commit after processing',
      'summary: Read, process, then commit, three times; every record processed exactly once.',
      'group: orders-app        # or { id: orders-app, group.consumer.session.timeout.ms: 6000, … }',
      'topics:',
      '  orders: { partitions: 1, records: 3 }     # or records: [3, 0] per partition; logStart: 2',
      'consumers:',
      '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.records: 1 }',
      'actions:',
    ];
    const longForm = scenarioOf(
      file(
        ...written,
        '  - c1 start            # subscribe',
        ...Array.from({ length: 3 }, () => ['  - c1 poll', '  - c1 process', '  - c1 commitSync']).flat(),
        '  - c1 close',
      ),
    );
    const repeatForm = scenarioOf(
      file(
        ...written,
        '  - c1 start',
        '  - repeat 3:',
        '      - c1 poll',
        '      - c1 process',
        '      - c1 commitSync',
        '  - c1 close',
      ),
    );
    const bodies = (actions: readonly Action[]) => actions.map(({ at: _at, ...body }) => body);
    assert.deepEqual(bodies(repeatForm.actions), bodies(longForm.actions));
    assert.equal(longForm.summary, 'Read, process, then commit, three times; every record processed exactly once.');
    assert.equal(repeatForm.group, 'orders-app');
  });

  it('reads CRLF files alike, and gives plain actions without positions on request', () => {
    const text = withActions('c1 start', 'c1 poll "Read"');
    const lf = scenarioOf(text);
    assert.deepEqual(scenarioOf(text.replace(/\n/g, '\r\n')), lf);
    const plain = parseScenarioFile(text, { fileName: 'example.offsets.yaml', positions: false }).scenario;
    assert.deepEqual(plain?.actions, [
      { type: 'start', consumer: 'c1' },
      { type: 'poll', consumer: 'c1', label: 'Read' },
    ]);
    assert.deepEqual(onlyError(withActions('c1 start', 'c1 pol').replace(/\n/g, '\r\n')), [
      8,
      8,
      11,
      'unknown verb "pol". Did you mean "poll"? Consumer verbs: start, poll, process, commitSync, commitAsync, crash, restart, close, seek',
    ]);
  });

  it('reports the declared consumers, topics and group even when the file has errors', () => {
    const result = parsed(withActions('c1 start', 'c1 pol'));
    assert.equal(result.scenario, undefined);
    assert.deepEqual(result.declarations, {
      group: 'example',
      consumers: [
        { id: 'c1', line: 4, column: 3, groupProtocol: 'classic' },
        { id: 'c2', line: 5, column: 3, groupProtocol: 'classic' },
      ],
      topics: [{ name: 'orders', partitions: 2, line: 2, column: 3 }],
    });
  });
});

describe('scenario files: diagnostics at their exact position', () => {
  it('an unknown verb, with a did-you-mean', () => {
    assert.deepEqual(onlyError(withActions('c1 comitSync')), [
      7,
      8,
      17,
      'unknown verb "comitSync". Did you mean "commitSync"? Consumer verbs: start, poll, process, commitSync, commitAsync, crash, restart, close, seek',
    ]);
    assert.deepEqual(onlyError(withActions('jump 3')), [7, 5, 9, 'unknown verb "jump"']);
    assert.deepEqual(onlyError(withActions('poll')), [7, 5, 9, 'poll needs a consumer: write "c1 poll"']);
    assert.deepEqual(onlyError(withActions('c1 wait 5s')), [7, 5, 12, 'wait takes no consumer: write "wait 6s"']);
    assert.deepEqual(onlyError(withActions('c1')), [
      7,
      5,
      7,
      'what should c1 do? Write a verb after it, e.g. "c1 poll"',
    ]);
  });

  it('an unknown consumer, listing the declared ones', () => {
    assert.deepEqual(onlyError(withActions('c3 poll')), [
      7,
      5,
      7,
      'unknown consumer "c3"; declared consumers: c1, c2. Did you mean "c1"?',
    ]);
    assert.deepEqual(onlyError(withActions('reader poll')), [
      7,
      5,
      11,
      'unknown consumer "reader"; declared consumers: c1, c2',
    ]);
  });

  it('an unknown topic, and a partition out of range naming the partitions the topic has', () => {
    assert.deepEqual(onlyError(withActions('produce order-0 1')), [
      7,
      13,
      20,
      'unknown topic "order"; declared topics: orders. Did you mean "orders"?',
    ]);
    assert.deepEqual(onlyError(withActions('c1 seek orders-2 1')), [
      7,
      13,
      21,
      'partition 2 is out of range: orders has 2 partitions (orders-0 to orders-1)',
    ]);
    assert.deepEqual(onlyError(withActions('c1 commitSync orders-0=1 orders-5=2')), [
      7,
      30,
      38,
      'partition 5 is out of range: orders has 2 partitions (orders-0 to orders-1)',
    ]);
    assert.deepEqual(onlyError(withActions('delete-records orders 2')), [
      7,
      20,
      26,
      'expected a topic-partition such as orders-0; got "orders"',
    ]);
  });

  it('bad durations, counts and offsets', () => {
    assert.deepEqual(onlyError(withActions('wait 6')), [
      7,
      10,
      11,
      'wait needs a unit, ms, s or m: write "wait 6s" or "wait 6ms"',
    ]);
    assert.deepEqual(onlyError(withActions('wait 5h')), [
      7,
      10,
      12,
      'wait takes a time in ms, s or m, such as 6s or 250ms; got "5h"',
    ]);
    assert.deepEqual(onlyError(withActions('wait 0.5ms')), [
      7,
      10,
      15,
      'wait must come to a whole number of milliseconds; 0.5ms is 0.5 ms',
    ]);
    assert.deepEqual(onlyError(withActions('c1 seek orders-0 -1')), [
      7,
      22,
      24,
      'seek needs an offset of 0 or more (Kafka refuses a negative seek); got -1',
    ]);
    assert.deepEqual(onlyError(withActions('c1 process 0')), [
      7,
      16,
      17,
      'the record count of process must be at least 1; got 0',
    ]);
    assert.deepEqual(onlyError(withActions('c1 process some')), [
      7,
      16,
      20,
      'process takes a record count or "all"; got "some"',
    ]);
    assert.deepEqual(onlyError(withActions('produce orders-0 x')), [
      7,
      22,
      23,
      'the record count of produce must be a whole number; got "x"',
    ]);
    assert.deepEqual(onlyError(withActions('c1 commitSync orders-0=-1')), [
      7,
      28,
      30,
      'the commit offset of orders-0 must be at least 0; got -1',
    ]);
    assert.deepEqual(onlyError(withActions('c1 commitSync orders-0')), [
      7,
      19,
      27,
      'expected partition=offset such as orders-0=5, or "processed"; got "orders-0"',
    ]);
    assert.deepEqual(onlyError(withActions('c1 poll now')), [7, 13, 16, 'poll takes no arguments: write "c1 poll"']);
    assert.deepEqual(onlyError(withActions('c1 poll "unclosed')), [
      7,
      13,
      22,
      'the label is not closed: end it with "',
    ]);
    assert.deepEqual(onlyError(withActions('c1 poll "a" b')), [
      7,
      17,
      18,
      'nothing may follow the label: the label comes last',
    ]);
  });

  it('repeat counts that are not positive whole numbers, or too large', () => {
    const repeat = (count: string) => file(...head, `  - repeat ${count}:`, '      - c1 poll');
    assert.deepEqual(onlyError(repeat('0')), [
      7,
      5,
      13,
      'the repeat count must be a whole number of 1 or more; got "0"',
    ]);
    assert.deepEqual(onlyError(repeat('-2')), [
      7,
      5,
      14,
      'the repeat count must be a whole number of 1 or more; got "-2"',
    ]);
    assert.deepEqual(onlyError(repeat('1.5')), [
      7,
      5,
      15,
      'the repeat count must be a whole number of 1 or more; got "1.5"',
    ]);
    assert.deepEqual(onlyError(repeat(String(maxRepeatCount + 1))), [
      7,
      5,
      18,
      'the repeat count 100001 is over the limit of 100000',
    ]);
    assert.deepEqual(onlyError(file(...head, '  - repeat 2: c1 poll')), [
      7,
      15,
      22,
      'repeat 2 needs its actions as a list indented below it',
    ]);
    const tooMany = file(...head, '  - repeat 1000:', '      - repeat 1001:', '          - c1 poll');
    assert.deepEqual(onlyError(tooMany), [
      7,
      5,
      16,
      'this repeat makes 1,001,000 actions; a scenario may have at most 1,000,000',
    ]);
  });

  it('a setting Kafka does not have, with a did-you-mean', () => {
    const text = file('topics: { orders: {} }', 'consumers:', '  c1: { max.poll.record: 1 }', 'actions: [c1 start]');
    assert.deepEqual(onlyError(text), [
      3,
      9,
      24,
      'max.poll.record is not a Kafka consumer setting. Did you mean "max.poll.records"?',
    ]);
    const misplaced = file(
      'topics: { orders: {} }',
      'consumers:',
      '  c1: { group.consumer.session.timeout.ms: 6000 }',
      'actions: [c1 start]',
    );
    assert.deepEqual(onlyError(misplaced), [
      3,
      9,
      42,
      'group.consumer.session.timeout.ms is a group setting: state it in the group mapping, group: { id: example, group.consumer.session.timeout.ms: … }',
    ]);
    const inGroup = file(
      'group: { id: g, session.timeout.ms: 6000 }',
      'topics: { orders: {} }',
      'consumers: { c1: }',
      'actions: [c1 start]',
    );
    assert.deepEqual(onlyError(inGroup), [
      1,
      17,
      35,
      'session.timeout.ms is a consumer setting: state it for each consumer under consumers',
    ]);
  });

  it('a value of the wrong type, naming the property, the expected type and the value', () => {
    const setting = (line: string) =>
      file('topics: { orders: {} }', 'consumers:', `  c1: { ${line} }`, 'actions: [c1 start]');
    assert.deepEqual(onlyError(setting('max.poll.records: lots')), [
      3,
      27,
      31,
      'max.poll.records must be an int; got "lots"',
    ]);
    assert.deepEqual(onlyError(setting('max.poll.records: 1.5')), [
      3,
      27,
      30,
      'max.poll.records must be an int; got "1.5"',
    ]);
    assert.deepEqual(onlyError(setting('max.poll.records: 0')), [
      3,
      27,
      28,
      'max.poll.records must be at least 1; got 0',
    ]);
    assert.deepEqual(onlyError(setting('enable.auto.commit: yes')), [
      3,
      29,
      32,
      'enable.auto.commit must be a boolean (true or false); got "yes"',
    ]);
    assert.deepEqual(onlyError(setting('auto.offset.reset: earlist')), [
      3,
      28,
      35,
      'auto.offset.reset must be one of earliest, latest, none; got "earlist". Did you mean "earliest"?',
    ]);
    assert.deepEqual(onlyError(setting('isolation.level: READ_COMMITTED')), [
      3,
      26,
      40,
      'isolation.level must be one of read_uncommitted, read_committed; got "READ_COMMITTED". Did you mean "read_committed"?',
    ]);
    assert.deepEqual(onlyError(setting('auto.commit.interval.ms: 99999999999')), [
      3,
      34,
      45,
      'auto.commit.interval.ms must be an int; 99999999999 is out of its range',
    ]);
    assert.deepEqual(onlyError(setting('max.poll.records: [1, 2]')), [
      3,
      27,
      33,
      'max.poll.records must be an int; got a list',
    ]);
    assert.deepEqual(onlyError(setting('group.instance.id: ""')), [3, 28, 30, 'group.instance.id must not be empty']);
    assert.deepEqual(onlyError(setting('max.poll.records:')), [3, 27, 27, 'max.poll.records needs a value: an int']);
  });

  it('a setting the chosen group protocol refuses', () => {
    const consumers = (settings: string) =>
      file('topics: { orders: {} }', 'consumers:', `  c1: { ${settings} }`, 'actions: [c1 start]');
    const refused = parsed(
      consumers('session.timeout.ms: 10000, group.protocol: consumer, heartbeat.interval.ms: 1000'),
    );
    assert.equal(refused.scenario, undefined);
    assert.deepEqual(
      brief(refused).filter((d) => d[4] === 'error'),
      [
        [
          3,
          9,
          3,
          27,
          'error',
          'session.timeout.ms cannot be set when group.protocol=consumer: under the consumer protocol (KIP-848) the broker sets the session timeout: state group.consumer.session.timeout.ms in the group mapping',
        ],
        [
          3,
          62,
          3,
          83,
          'error',
          'heartbeat.interval.ms cannot be set when group.protocol=consumer: under the consumer protocol (KIP-848) the broker sets the heartbeat interval: state group.consumer.heartbeat.interval.ms in the group mapping',
        ],
      ],
    );
    assert.deepEqual(
      onlyError(consumers('partition.assignment.strategy: range, group.protocol: Consumer')).slice(0, 3),
      [3, 9, 38],
    );
    assert.match(
      onlyError(consumers('group.remote.assignor: uniform'))[3],
      /^group\.remote\.assignor cannot be set when group\.protocol=classic: /,
    );
    assert.match(onlyError(consumers('share.acknowledgement.mode: explicit'))[3], /share consumers/);
  });

  it('the YAML syntax error where the yaml package puts it', () => {
    const result = parsed(
      file('topics:', '  orders: { partitions: 1', 'consumers:', '  c1: {}', 'actions:', '  - c1 start'),
    );
    assert.equal(result.scenario, undefined);
    assert.ok(result.diagnostics.length >= 1);
    const [first] = result.diagnostics;
    assert.equal(first.severity, 'error');
    assert.match(first.message, /^YAML: /);
    assert.deepEqual([first.line, first.column], [3, 1]);
    const tab = parsed(file('topics:', '\torders: {}'));
    assert.deepEqual([tab.diagnostics[0].line, tab.diagnostics[0].column], [2, 1]);
    const duplicate = parsed(file('topics: { orders: {} }', 'consumers: { c1: {}, c1: {} }', 'actions: [c1 start]'));
    assert.deepEqual(brief(duplicate)[0].slice(0, 2), [2, 22]);
    assert.match(duplicate.diagnostics[0].message, /unique/);
  });

  it('missing topics, consumers or actions; unknown top-level keys; an empty file', () => {
    assert.deepEqual(brief(parsed(file('name: x'))), [
      [
        1,
        1,
        1,
        8,
        'error',
        'missing "topics:": The topics: name → { partitions: N, records: N or [per partition], logStart: N or [per partition] }.',
      ],
      [
        1,
        1,
        1,
        8,
        'error',
        'missing "consumers:": The group\'s consumers: id → { <Kafka consumer property>: value, … } (c1: {} for Kafka\'s defaults).',
      ],
      [1, 1, 1, 8, 'error', 'missing "actions:": What happens, one action a line, and `repeat N:` blocks.'],
    ]);
    assert.deepEqual(
      onlyError(file('topics: { orders: {} }', 'consumers: { c1: }', 'action: [c1 start]', 'actions: [c1 start]')),
      [
        3,
        1,
        7,
        'unknown key "action"; a scenario file has name, title, summary, group, topics, consumers, actions. Did you mean "actions"?',
      ],
    );
    assert.deepEqual(onlyError(''), [1, 1, 1, 'the file is empty: a scenario needs topics, consumers and actions']);
    assert.deepEqual(onlyError('# only a comment\n'), [
      1,
      1,
      17,
      'the file is empty: a scenario needs topics, consumers and actions',
    ]);
    assert.deepEqual(onlyError('- a list\n'), [
      1,
      1,
      9,
      'a scenario file is a YAML mapping with name, title, summary, group, topics, consumers and actions',
    ]);
  });

  it('topic and consumer sections that do not fit', () => {
    assert.deepEqual(
      onlyError(
        file('topics: { orders: { partitions: 2, records: [1, 2, 3] } }', 'consumers: { c1: }', 'actions: [c1 start]'),
      ),
      [1, 45, 54, 'this list has 3 entries but orders has 2 partitions: give one per partition'],
    );
    assert.deepEqual(
      onlyError(file('topics: { orders: { partition: 2 } }', 'consumers: { c1: }', 'actions: [c1 start]')),
      [
        1,
        21,
        30,
        'unknown topic key "partition"; a topic has partitions, records, logStart. Did you mean "partitions"?',
      ],
    );
    assert.deepEqual(
      onlyError(file('topics: { orders: { partitions: 0 } }', 'consumers: { c1: }', 'actions: [c1 start]')),
      [1, 33, 34, 'the partition count of orders must be at least 1; got 0'],
    );
    assert.deepEqual(onlyError(file('topics: { "my topic": {} }', 'consumers: { c1: }', 'actions: [c1 start]')), [
      1,
      11,
      21,
      '"my topic" is not a valid Kafka topic name: use letters, digits, ".", "_" and "-" (at most 249)',
    ]);
    assert.deepEqual(
      onlyError(file('topics: { orders: {} }', 'consumers: { wait: {} }', 'actions: [wait 1s]')).slice(0, 3),
      [2, 14, 18],
    );
    assert.deepEqual(
      onlyError(file('topics: { orders: {} }', 'consumers: {}', 'actions: [c1 start]')).slice(0, 2),
      [2, 12],
    );
    assert.deepEqual(
      onlyError(file('topics: { orders: {} }', 'consumers: { c1: { group.id: other } }', 'actions: [c1 start]')),
      [2, 30, 35, 'the scenario has one group, "example" (set with group:); c1\'s group.id cannot be "other"'],
    );
  });

  it('warnings leave the file runnable; errors do not', () => {
    const warned = parsed(
      file(
        'topics: { orders: {} }',
        'consumers: { c1: { fetch.min.bytes: 10, ssl.cipher.suites: x } }',
        'actions: [c1 start]',
      ),
    );
    assert.ok(warned.scenario);
    assert.deepEqual(
      warned.diagnostics.map((d) => [d.severity, d.message]),
      [
        [
          'warning',
          'fetch.min.bytes is a Kafka consumer setting the simulator does not model yet: it has no effect here',
        ],
        ['warning', 'ssl.cipher.suites is a Kafka security setting the simulator does not need: it has no effect here'],
      ],
    );
    const failed = parsed(
      file('topics: { orders: {} }', 'consumers: { c1: { fetch.min.bytes: -1 } }', 'actions: [c1 start]'),
    );
    assert.equal(failed.scenario, undefined);
  });
});

describe('the built-in scenario files', () => {
  it('are the twenty built-ins, named after their files', () => {
    assert.deepEqual(
      builtInScenarioFiles.map((f) => [f.name, f.fileName]),
      builtInScenarios().map((s) => [s.name, `${s.name}.offsets.yaml`]),
    );
    // The ten of docs/design.md#built-in-scenarios, first and in its order, then the ten that show the
    // Java client's group rules (rebalance protocols, liveness, commitAsync, read_committed, reset none).
    assert.deepEqual(
      builtInScenarioFiles.map((f) => f.name),
      [
        'commit-after-process',
        'commit-before-process',
        'no-commit-restart',
        'auto-commit-crash',
        'batch-commit-unprocessed',
        'reset-earliest',
        'reset-latest',
        'rebalance',
        'retention-reset',
        'transaction-marker-lag',
        'eager-rebalance',
        'cooperative-rebalance',
        'consumer-protocol-rebalance',
        'session-timeout',
        'max-poll-interval',
        'open-transaction',
        'aborted-transaction',
        'commit-async-failed',
        'auto-commit-rebalance',
        'reset-none',
      ],
    );
  });

  for (const builtIn of builtInScenarioFiles) {
    it(`${builtIn.fileName} parses with no diagnostic, every action placed on its own text`, () => {
      const result = parseScenarioFile(builtIn.text, { fileName: builtIn.fileName });
      assert.deepEqual(result.diagnostics, []);
      assert.ok(result.scenario);
      const lines = builtIn.text.split('\n');
      for (const action of result.scenario.actions) {
        assert.ok(action.at, `${action.type} has a position`);
        const line = lines[action.at.line - 1];
        assert.ok(
          line !== undefined && action.at.column <= line.length,
          `${action.type} at ${action.at.line}:${action.at.column}`,
        );
        assert.match(
          line.slice(action.at.column - 1),
          /^['"]?[a-z]/,
          `${action.type} points at the start of its action`,
        );
      }
      // builtInScenarios() is the same scenario, without positions.
      const exported = builtInScenarios().find((s) => s.name === builtIn.name);
      assert.deepEqual(exported, {
        ...result.scenario,
        actions: result.scenario.actions.map(({ at: _at, ...body }) => body),
      });
      assert.ok(isScenarioText(builtIn.text));
    });
  }

  it('state every consumer setting they rely on rather than Kafka defaults', () => {
    for (const scenario of builtInScenarios()) {
      for (const consumer of scenario.consumers) {
        assert.ok(consumer.config?.enableAutoCommit !== undefined, `${scenario.name}: enable.auto.commit stated`);
        assert.ok(consumer.config?.autoOffsetReset !== undefined, `${scenario.name}: auto.offset.reset stated`);
      }
    }
  });
});

describe('isScenarioText', () => {
  it('tells scenario files from trace files by their content', () => {
    assert.equal(isScenarioText(withActions('c1 start')), true);
    assert.equal(isScenarioText(withActions('c1 pol')), true, 'a scenario with a mistake is still a scenario');
    assert.equal(isScenarioText('actions: [c1 start]\n'), true);
    const trace = `${JSON.stringify({ format: 'kafka-offset-trace', version: 1, origin: { kind: 'scenario' } })}\n${JSON.stringify({ step: 1, action: 'Start consuming' })}\n`;
    assert.equal(isScenarioText(trace), false);
    assert.equal(isScenarioText(JSON.stringify({ format: 'kafka-offset-trace', actions: [] })), false);
    assert.equal(isScenarioText('topics: {}\nconsumers: {}\n'), false);
    assert.equal(isScenarioText('- actions: 1\n'), false);
    assert.equal(isScenarioText(''), false);
  });
});

describe('the parser never throws', () => {
  function checkParse(text: string): void {
    const result = parseScenarioFile(text, { fileName: 'fuzz.offsets.yaml' });
    for (const d of result.diagnostics) assert.ok(insideText(text, d), `${JSON.stringify(d)} inside the text`);
    const hasError = result.diagnostics.some((d) => d.severity === 'error');
    assert.equal(result.scenario === undefined, hasError, 'a scenario exactly when there is no error');
    if (result.scenario) {
      const lines = text.split('\n').length;
      for (const action of result.scenario.actions) assert.ok(action.at && action.at.line <= lines);
    }
    isScenarioText(text);
  }

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkParse), { numRuns: 300 });
  });

  it('on strings made of scenario-file fragments', () => {
    const fragment = fc.constantFrom(
      'topics:',
      'consumers:',
      'actions:',
      '  - ',
      '  orders: { partitions: 2, records: [1, 2] }',
      '  c1: { max.poll.records: 1 }',
      'c1 poll',
      'repeat 3:',
      '    - c1 process all',
      ' "label: x"',
      "'",
      '"',
      '{',
      '[',
      ':',
      '#',
      '\n',
      '\r\n',
      '\t',
      '*a',
      '&a',
      '---',
      'wait 5s',
      'produce orders-1 2',
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join('')),
        checkParse,
      ),
      {
        numRuns: 300,
      },
    );
  });

  it('on built-in files with lines deleted or duplicated and characters mutated', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('replace' as const),
        at: fc.nat(),
        char: fc.string({ minLength: 1, maxLength: 2, unit: 'binary' }),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        char: fc.constantFrom(':', ' ', '-', '"', "'", '#', '\n', '{', '9', 'x'),
      }),
    );
    const texts = builtInScenarioFiles.map((f) => f.text);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: texts.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (which, mutations) => {
          let text = texts[which];
          for (const m of mutations) {
            if (m.kind === 'delete' || m.kind === 'duplicate') {
              const lines = text.split('\n');
              const index = m.at % lines.length;
              if (m.kind === 'delete') lines.splice(index, 1);
              else lines.splice(index, 0, lines[index]);
              text = lines.join('\n');
            } else {
              const index = text.length === 0 ? 0 : m.at % text.length;
              text = text.slice(0, index) + m.char + text.slice(m.kind === 'replace' ? index + 1 : index);
            }
          }
          checkParse(text);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads back exactly the actions of random valid files (labels, repeats, settings written either way)', () => {
    const consumers = ['c1', 'c2'];
    const partitions = ['orders-0', 'orders-1', 'payments-0'];
    const labelText = fc
      .string({
        unit: fc.constantFrom('a', 'B', ' ', ':', "'", '"', '\\', '#', '-', 'é', '1'),
        minLength: 1,
        maxLength: 12,
      })
      .filter((t) => t.trim() !== '');
    type Written = { lines: string[]; bodies: Record<string, unknown>[] };
    const action = fc
      .record({
        verb: fc.constantFrom(
          'start',
          'poll',
          'process',
          'processN',
          'commitSync',
          'commitAsync',
          'commitProcessed',
          'commitOffsets',
          'seek',
          'crash',
          'restart',
          'close',
          'wait',
          'produce',
          'begin',
          'produceTx',
          'commitTx',
          'abortTx',
          'delete',
        ),
        consumer: fc.constantFrom(...consumers),
        tp: fc.constantFrom(...partitions),
        n: fc.integer({ min: 1, max: 4 }),
        offset: fc.nat(1000),
        label: fc.option(labelText, { nil: undefined }),
      })
      .map(({ verb, consumer, tp, n, offset, label }): Written => {
        const [topic, partition] = [tp.slice(0, tp.lastIndexOf('-')), Number(tp.slice(tp.lastIndexOf('-') + 1))];
        const forms: Record<string, [string, Record<string, unknown>, number]> = {
          start: [`${consumer} start`, { type: 'start', consumer }, 1],
          poll: [`${consumer} poll`, { type: 'poll', consumer }, 1],
          process: [`${consumer} process`, { type: 'process', consumer }, 1],
          processN: [`${consumer} process ${n}`, { type: 'process', consumer }, n],
          commitSync: [`${consumer} commitSync`, { type: 'commitSync', consumer }, 1],
          commitAsync: [`${consumer} commitAsync`, { type: 'commitAsync', consumer }, 1],
          commitProcessed: [`${consumer} commitSync processed`, { type: 'commitProcessed', consumer }, 1],
          commitOffsets: [
            `${consumer} commitSync ${tp}=${offset}`,
            { type: 'commitOffsets', consumer, offsets: [{ topic, partition, offset }] },
            1,
          ],
          seek: [`${consumer} seek ${tp} ${offset}`, { type: 'seek', consumer, topic, partition, offset }, 1],
          crash: [`${consumer} crash`, { type: 'crash', consumer }, 1],
          restart: [`${consumer} restart`, { type: 'restart', consumer }, 1],
          close: [`${consumer} close`, { type: 'close', consumer }, 1],
          wait: [`wait ${offset}ms`, { type: 'wait', ms: offset }, 1],
          produce: [`produce ${tp} ${n}`, { type: 'produce', topic, partition, count: n }, 1],
          begin: ['begin-transaction', { type: 'beginTransaction' }, 1],
          produceTx: [
            `produce-transactional ${tp} ${n}`,
            { type: 'produceTransactional', topic, partition, count: n },
            1,
          ],
          commitTx: ['commit-transaction', { type: 'commitTransaction' }, 1],
          abortTx: ['abort-transaction', { type: 'abortTransaction' }, 1],
          delete: [
            `delete-records ${tp} ${offset}`,
            { type: 'deleteRecords', topic, partition, beforeOffset: offset },
            1,
          ],
        };
        const [text, body, times] = forms[verb];
        if (label === undefined) return { lines: [`- ${text}`], bodies: Array.from({ length: times }, () => body) };
        const quotedLabel = `"${label.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
        const line = `- '${`${text} ${quotedLabel}`.replace(/'/g, "''")}'`;
        return { lines: [line], bodies: Array.from({ length: times }, () => ({ ...body, label })) };
      });
    const indent = (lines: string[]) => lines.map((line) => `  ${line}`);
    const block: fc.Arbitrary<Written> = fc.letrec<{ item: Written }>((tie) => ({
      item: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        action,
        fc
          .record({
            times: fc.integer({ min: 1, max: 3 }),
            items: fc.array(tie('item'), { minLength: 1, maxLength: 3 }),
          })
          .map(({ times, items }): Written => ({
            lines: [`- repeat ${times}:`, ...indent(items.flatMap((item) => indent(item.lines)))],
            bodies: Array.from({ length: times }, () => items.flatMap((item) => item.bodies)).flat(),
          })),
      ),
    })).item;
    const settings = fc.record({
      maxPoll: fc.integer({ min: 1, max: 600 }),
      autoCommit: fc.boolean(),
      reset: fc.constantFrom('earliest', 'latest', 'none'),
      quoted: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), settings, (items, s) => {
        const value = (v: string | number | boolean) => (s.quoted ? `"${v}"` : String(v));
        const text = [
          'topics:',
          '  orders: { partitions: 2, records: [3, 1] }',
          '  payments: { records: 2 }',
          'consumers:',
          `  c1: { max.poll.records: ${value(s.maxPoll)}, enable.auto.commit: ${value(s.autoCommit)}, auto.offset.reset: ${value(s.reset)} }`,
          '  c2:',
          'actions:',
          ...indent(items.flatMap((item) => item.lines)),
          '',
        ].join('\n');
        const result = parseScenarioFile(text);
        assert.deepEqual(result.diagnostics, [], text);
        assert.ok(result.scenario);
        assert.deepEqual(result.scenario.consumers[0].config, {
          maxPollRecords: s.maxPoll,
          enableAutoCommit: s.autoCommit,
          autoOffsetReset: s.reset,
        });
        const bodies = result.scenario.actions.map(({ at: _at, ...body }) => body);
        assert.deepEqual(
          bodies,
          items.flatMap((item) => item.bodies),
        );
        for (const parsedAction of result.scenario.actions) {
          const line = text.split('\n')[(parsedAction.at?.line ?? 0) - 1];
          assert.match(line.slice((parsedAction.at?.column ?? 1) - 1), /^['a-z]/);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('on deep nesting and huge counts', () => {
    checkParse('['.repeat(2000));
    checkParse(`actions:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- repeat 2:`).join('\n')}\n`);
    checkParse(withActions('c1 process 99999999999999999999', 'wait 99999999999999999999m'));
    checkParse(file(...head, '  - repeat 100000:', '      - repeat 100000:', '          - c1 poll'));
  });
});
