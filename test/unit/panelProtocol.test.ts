// The host ⇄ webview protocol: guards reject malformed messages, and the host sends a
// window of formatted rows, never the whole trace.

import * as assert from 'node:assert/strict';
import type { Scenario } from '../../src/simulator/model';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { firstAndLast, loadMessage, rowsMessage } from '../../src/panel/panelContent';
import { runScenario } from '../../src/trace/trace';
import { TraceCursor } from '../../src/trace/traceCursor';
import {
  isHostToWebviewMessage,
  isPanelState,
  isWebviewToHostMessage,
  maxRowsPerRequest,
} from '../../src/panel/panelMessages';

const seed = runScenario(findScenario('commit-after-process') ?? assert.fail('seed'));

describe('panel messages', () => {
  it('accepts well-formed webview messages and rejects the rest', () => {
    const good = [
      { type: 'ready' },
      { type: 'requestRows', traceId: 'a', start: 0, count: 10 },
      { type: 'control', command: 'togglePlay' },
      { type: 'goTo', index: 3 },
      { type: 'setSpeed', intervalMs: 300 },
      { type: 'rendered', traceId: 'a', index: 0, firstRow: 0, lastRow: 10, rowsInDom: 11, totalSteps: 11 },
    ];
    for (const message of good) assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
    const bad: unknown[] = [
      null,
      'ready',
      { type: 'nope' },
      { type: 'control', command: 'rm -rf' },
      { type: 'goTo', index: -1 },
      { type: 'goTo', index: 1.5 },
      { type: 'requestRows', traceId: 1, start: 0, count: 1 },
      { type: 'setSpeed', intervalMs: Number.NaN },
    ];
    for (const message of bad) assert.ok(!isWebviewToHostMessage(message), JSON.stringify(message));
  });

  it('builds a load message the webview accepts, with the six columns first', () => {
    const message = loadMessage(seed, new TraceCursor(seed, 800), 'seed#1', {
      kind: 'built-in',
      name: 'commit-after-process',
    });
    assert.ok(isHostToWebviewMessage(message));
    assert.equal(message.scenario, 'commit-after-process');
    assert.deepEqual(message.columns.slice(0, 6), [
      'Step',
      'Action',
      'Offset Read',
      'Message Processed',
      'Offset Committed',
      'Next Offset to Read',
    ]);
    assert.equal(message.totalSteps, 11);
    assert.equal(message.statusTracker.length, 5);
    assert.ok(!isHostToWebviewMessage({ ...message, columns: [1, 2] }));
  });

  it('sends rows as text in a bounded window', () => {
    const rows = rowsMessage(seed, 'seed#1', 3, 2);
    assert.ok(isHostToWebviewMessage(rows));
    assert.deepEqual(
      rows.rows.map((r) => r.cells.slice(0, 6)),
      [
        ['4', 'Commit offset', '0', 'Message at offset 0', '1', '1'],
        ['5', 'Read message', '1', 'Message at offset 1', '1', '1'],
      ],
    );
    assert.equal(rowsMessage(seed, 'x', 10, 50).rows.length, 1, 'clipped at the end');
    assert.equal(rowsMessage(seed, 'x', 99, 5).rows.length, 0);
  });

  it('never sends more than maxRowsPerRequest rows of a long trace', () => {
    const long: Scenario = {
      name: 'long',
      title: 'Long',
      summary: 'Many steps',
      group: 'g',
      topics: [{ name: 't', partitions: [{ partition: 0, records: 2000 }] }],
      consumers: [{ id: 'c1', config: { maxPollRecords: 1 } }],
      actions: [
        { type: 'start', consumer: 'c1' },
        ...Array.from({ length: 2000 }, () => ({ type: 'poll' as const, consumer: 'c1' })),
      ],
    };
    const trace = runScenario(long);
    assert.equal(rowsMessage(trace, 'l', 0, 100_000).rows.length, maxRowsPerRequest);
  });

  it('recognises saved panel state', () => {
    assert.ok(isPanelState({ scenario: 'rebalance', index: 4 }));
    assert.ok(!isPanelState({ scenario: 'rebalance' }));
    assert.ok(!isPanelState(undefined));
  });
});

describe('long lists in the panel', () => {
  it('keeps the first and last items of a long list, at most the limit in all, with a gap marker', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const kept = firstAndLast(items, 10, (omitted) => -omitted);
    assert.deepEqual(kept, [0, 1, 2, 3, 4, -91, 96, 97, 98, 99]);
    assert.deepEqual(
      firstAndLast([1, 2, 3], 10, () => 0),
      [1, 2, 3],
    );
  });
});
