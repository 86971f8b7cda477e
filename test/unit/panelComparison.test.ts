// The panel's side-by-side comparison in plain Node: the rows pair the simulated and the observed
// trace step by step, every difference is marked and named with its text, the summary says "Agree"
// or how many differences, rows go out in bounded blocks, and the guards accept what the host sends.

import * as assert from 'node:assert/strict';
import { compareTraces } from '../../src/trace/traceComparison';
import { loadMessage } from '../../src/panel/panelContent';
import {
  brokerRunFacts,
  comparisonSummary,
  PanelComparison,
  type ComparisonResult,
} from '../../src/panel/panelComparison';
import {
  isHostToWebviewMessage,
  isPanelState,
  isWebviewToHostMessage,
  maxRowsPerRequest,
} from '../../src/panel/panelMessages';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import type { Scenario } from '../../src/simulator/model';
import { runScenario, type Trace } from '../../src/trace/trace';
import { TraceCursor } from '../../src/trace/traceCursor';

const seedScenario = findScenario('commit-after-process') ?? assert.fail('the seed scenario');
const simulated = runScenario(seedScenario);
const facts = brokerRunFacts({
  bootstrapServers: '127.0.0.1:9092',
  kafkaVersion: '4.1.0',
  protocol: 'classic',
  group: 'orders-app.kot-x1',
  topics: { orders: 'orders.kot-x1' },
});
const source = { scenario: { kind: 'built-in', name: 'commit-after-process' }, protocol: 'classic' } as const;

/** The seed's trace as if Kafka's poll at step 5 had returned nothing. */
function observedWithEmptyPoll(): Trace {
  const index = 4;
  assert.equal(simulated.kinds[index], 'poll');
  return {
    ...simulated,
    source: { ...simulated.source, settings: undefined },
    steps: simulated.steps.map((step, i) =>
      i === index ? { ...step, offsetRead: null, action: 'Poll (no records)' } : step,
    ),
    effects: simulated.effects.map((effects, i) => (i === index ? { ...effects, polled: [] } : effects)),
  };
}

describe('panel comparison: simulated and observed side by side', () => {
  it('agrees with itself: every row agrees, both columns equal, "Agree: 11 steps compared"', () => {
    const result = compareTraces(simulated, simulated, seedScenario);
    const comparison = new PanelComparison(simulated, simulated, result, facts, source);
    assert.equal(comparison.agree, true);
    assert.equal(comparison.summary(), 'Agree: 11 steps compared');
    const rows = comparison.rowsMessage('t#1', 0, 100).rows;
    assert.equal(rows.length, 11);
    for (const row of rows) {
      assert.equal(row.status, 'agree');
      assert.deepEqual(row.notes, []);
      assert.equal(row.cells.length, 6, 'the six main columns');
      for (const cell of row.cells) assert.equal(cell.simulated, cell.observed);
    }
    assert.deepEqual(
      rows[3].cells.map((c) => c.observed),
      ['4', 'Commit offset', '0', 'Message at offset 0', '1', '1'],
    );
    const header = comparison.header();
    assert.deepEqual(header.columns, [
      'Step',
      'Action',
      'Offset Read',
      'Message Processed',
      'Offset Committed',
      'Next Offset to Read',
    ]);
    assert.deepEqual(header.differences, []);
    assert.equal(header.totalRows, 11);
    assert.deepEqual(header.facts, [
      'Kafka at 127.0.0.1:9092',
      'Java clients 4.1.0',
      'group.protocol=classic',
      'group orders-app.kot-x1',
      'topic orders.kot-x1',
    ]);
    assert.equal(comparison.differenceIndex(0, 'next'), undefined, 'no difference to go to');
  });

  it('marks a step that differs, names the difference with its text, and counts it in the summary', () => {
    const observed = observedWithEmptyPoll();
    const result = compareTraces(simulated, observed, seedScenario);
    const records = result.differences.find((d) => d.field === 'records');
    assert.ok(records, JSON.stringify(result.differences));
    assert.equal(records.step, 5);
    const comparison = new PanelComparison(simulated, observed, result, facts, source);
    assert.equal(comparison.agree, false);
    const count = result.differences.length;
    assert.equal(comparison.summary(), `${count} ${count === 1 ? 'difference' : 'differences'} (11 steps compared)`);

    const row = comparison.row(4);
    assert.equal(row.status, 'differ');
    assert.ok(row.notes.includes(records.text), 'the difference is named by its text');
    assert.deepEqual(row.cells[2], { simulated: '1', observed: '-' }, 'Offset Read: simulated 1, observed none');
    assert.deepEqual(row.cells[1], { simulated: 'Read message', observed: 'Poll (no records)' });
    assert.equal(comparison.row(3).status, 'agree');

    const header = comparison.header();
    assert.equal(header.differenceCount, count);
    assert.equal(header.differences[0].step, 5);
    assert.equal(header.differences[0].text, records.text);
    // The whole run's differences (duplicates, losses) come last, with step 0.
    for (const line of header.differences.slice(1)) assert.ok(line.step === 0 || line.step >= 5);

    // n / p: the next difference after step 1 is step 5; none after it; the previous one from the end is step 5.
    assert.equal(comparison.differenceIndex(0, 'next'), 4);
    assert.equal(comparison.differenceIndex(4, 'next'), undefined);
    assert.equal(comparison.differenceIndex(10, 'previous'), 4);
    assert.equal(comparison.differenceIndex(4, 'previous'), undefined);
  });

  it('says why a step was not compared, and which run lacks a step', () => {
    const shorter: Trace = {
      ...simulated,
      steps: simulated.steps.slice(0, 9),
      kinds: simulated.kinds.slice(0, 9),
      states: simulated.states.slice(0, 9),
      effects: simulated.effects.slice(0, 9),
    };
    const result: ComparisonResult = {
      differences: [
        {
          step: null,
          field: 'steps',
          simulated: '11',
          observed: '9',
          text: 'the whole run: number of steps: simulated 11, observed 9',
        },
      ],
      compared: 8,
      leftOut: [{ step: 2, reason: 'the first poll may return before the assignment' }],
    };
    const comparison = new PanelComparison(simulated, shorter, result, facts);
    assert.equal(comparison.totalRows, 11, 'the longer trace decides');
    assert.equal(comparison.summary(), '1 difference (8 steps compared, 1 step left out as timing-dependent)');
    assert.deepEqual(comparison.row(1), {
      ...comparison.row(1),
      status: 'left-out',
      notes: ['left out as timing-dependent: the first poll may return before the assignment'],
    });
    const missing = comparison.row(10);
    assert.equal(missing.status, 'missing');
    assert.deepEqual(missing.notes, ["Kafka's run has no step 11"]);
    assert.equal(missing.cells[0].observed, '');
    assert.equal(missing.cells[0].simulated, '11');
    const header = comparison.header();
    assert.deepEqual(header.differences, [
      { step: 0, field: 'steps', text: 'the whole run: number of steps: simulated 11, observed 9' },
    ]);
    assert.deepEqual(header.leftOut, ['step 2: the first poll may return before the assignment']);
    assert.equal(header.source, undefined);
  });

  it('summaries in one line', () => {
    assert.equal(comparisonSummary({ differences: [], compared: 1, leftOut: [] }), 'Agree: 1 step compared');
    assert.equal(
      comparisonSummary({
        differences: [],
        compared: 20,
        leftOut: [
          { step: 3, reason: 'x' },
          { step: 4, reason: 'y' },
        ],
      }),
      'Agree: 20 steps compared, 2 steps left out as timing-dependent',
    );
  });

  it('sends a long comparison in bounded blocks, and keeps the difference list short', () => {
    const records = 1500;
    const long: Scenario = {
      name: 'long',
      title: 'Long',
      summary: 'Many steps',
      group: 'g',
      topics: [{ name: 't', partitions: [{ partition: 0, records }] }],
      consumers: [{ id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' } }],
      actions: [
        { type: 'start', consumer: 'c1' },
        ...Array.from({ length: records }, () => ({ type: 'poll' as const, consumer: 'c1' })),
      ],
    };
    const trace = runScenario(long);
    const differences = Array.from({ length: 300 }, (_, i) => ({
      step: i * 5 + 2,
      field: 'records',
      consumer: 'c1',
      simulated: 'a',
      observed: 'b',
      text: `step ${i * 5 + 2}, c1: records received: simulated a, observed b`,
    }));
    const comparison = new PanelComparison(trace, trace, { differences, compared: trace.steps.length, leftOut: [] });
    const block = comparison.rowsMessage('l#1', 0, 100_000);
    assert.equal(block.rows.length, maxRowsPerRequest);
    assert.equal(comparison.rowsMessage('l#1', 1495, 50).rows.length, 6, 'clipped at the end');
    assert.equal(comparison.rowsMessage('l#1', 5000, 5).rows.length, 0);
    const header = comparison.header();
    assert.ok(header.differences.length <= 60, `${header.differences.length} differences listed`);
    assert.equal(header.differences.find((d) => d.field === 'more')?.step, 0);
    assert.equal(header.differenceCount, 300);
    assert.equal(comparison.differenceIndex(3, 'next'), 6, 'step 7 is the difference after step 4');
    assert.equal(comparison.differenceIndex(6, 'previous'), 1);
  });
});

describe('panel comparison messages', () => {
  const observed = observedWithEmptyPoll();
  const comparison = new PanelComparison(
    simulated,
    observed,
    compareTraces(simulated, observed, seedScenario),
    facts,
    source,
  );

  it('the load message carries the scenario settings and the comparison, and the webview accepts it', () => {
    const message = loadMessage(
      observed,
      new TraceCursor(observed, 800),
      'run#1',
      { kind: 'broker-run', file: '/tmp/x.jsonl' },
      comparison,
    );
    assert.ok(isHostToWebviewMessage(message));
    assert.deepEqual(
      message.settings,
      simulated.source.settings,
      "the simulated trace's settings when the observed has none",
    );
    assert.ok(message.settings.length > 0);
    assert.match(message.settings[0], /^c1: enable\.auto\.commit=false/);
    assert.equal(message.comparison?.summary, comparison.summary());
    assert.ok(!isHostToWebviewMessage({ ...message, settings: 'c1: defaults' }), 'settings are lines');
    assert.ok(
      !isHostToWebviewMessage({ ...message, comparison: { ...message.comparison, differences: [{ step: -1 }] } }),
    );
    const plain = loadMessage(simulated, new TraceCursor(simulated, 800), 's#1', {
      kind: 'built-in',
      name: 'commit-after-process',
    });
    assert.ok(isHostToWebviewMessage(plain));
    assert.equal(plain.comparison, undefined);
    assert.deepEqual(plain.settings, simulated.source.settings);
  });

  it('compared rows pass the guard; malformed ones do not', () => {
    const rows = comparison.rowsMessage('run#1', 0, 11);
    assert.ok(isHostToWebviewMessage(rows));
    const row = rows.rows[0];
    for (const bad of [
      { ...row, status: 'maybe' },
      { ...row, step: 0 },
      { ...row, cells: [{ simulated: 1, observed: '1' }] },
      { ...row, notes: [3] },
    ]) {
      assert.ok(!isHostToWebviewMessage({ ...rows, rows: [bad] }), JSON.stringify(bad));
    }
  });

  it('the webview asks for compared rows and differences with typed messages', () => {
    const closedQuiz = {
      open: false,
      seed: null,
      questionIds: [],
      current: null,
      answered: 0,
      correct: 0,
      hintStep: null,
      verdict: null,
    };
    const rendered = {
      type: 'rendered',
      traceId: 'a',
      index: 0,
      firstRow: 0,
      lastRow: 10,
      rowsInDom: 11,
      totalSteps: 11,
      keyMoments: 3,
      quiz: closedQuiz,
    };
    const report = {
      view: 'side-by-side',
      summary: 'Agree: 11 steps compared',
      agree: true,
      headers: ['Step', 'Simulator'],
      differingRowsInDom: 0,
    };
    for (const good of [
      { type: 'requestComparisonRows', traceId: 'a', start: 0, count: 200 },
      { type: 'goToDifference', traceId: 'a', direction: 'next' },
      { type: 'goToDifference', traceId: 'a', direction: 'previous' },
      { ...rendered, comparison: report },
    ]) {
      assert.ok(isWebviewToHostMessage(good), JSON.stringify(good));
    }
    for (const bad of [
      { type: 'requestComparisonRows', traceId: 'a', start: -1, count: 200 },
      { type: 'goToDifference', traceId: 'a', direction: 'sideways' },
      { type: 'goToDifference', direction: 'next' },
      { ...rendered, comparison: { ...report, view: 'upside-down' } },
      { ...rendered, comparison: { ...report, differingRowsInDom: -2 } },
    ]) {
      assert.ok(!isWebviewToHostMessage(bad), JSON.stringify(bad));
    }
  });

  it('the saved state keeps what rebuilds the comparison after a reload', () => {
    const state = {
      scenario: 'commit-after-process',
      index: 3,
      origin: { kind: 'broker-run', file: '/tmp/x.offsets-trace.jsonl' },
      comparison: source,
      comparisonView: 'compact',
    };
    assert.ok(isPanelState(state));
    assert.ok(!isPanelState({ ...state, comparisonView: 'wide' }));
    assert.ok(!isPanelState({ ...state, comparison: { ...source, protocol: 'share' } }));
    assert.ok(
      !isPanelState({ ...state, comparison: { scenario: { kind: 'trace-file', file: '/x' }, protocol: 'classic' } }),
      'only a scenario can be simulated again',
    );
  });
});
