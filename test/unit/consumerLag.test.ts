// The two lags of docs/design.md#read-committed in the Offsets view (and so the debugger's variables):
// `Lag` is the group tool's (log end − committed), `Consumer Lag` the consumer's own (last stable
// offset for read_committed, else log end, − its position). The built-in `open-transaction` holds a
// read_committed consumer at the last stable offset: its own lag 0 while the group's grows.

import * as assert from 'node:assert/strict';
import { dataIdOf, TraceRuntime, type RuntimeStop } from '../../src/debugger/traceRuntime';
import { builtInScenarioFiles, findScenario } from '../../src/scenarios/builtInScenarios';
import { offsetsAt, variableValues, type OffsetVariableName } from '../../src/trace/offsetsView';
import { runScenario, type Trace } from '../../src/trace/trace';
import { runScenarioText } from '../../src/trace/traceLoader';

const openTransaction = runScenario(findScenario('open-transaction') ?? assert.fail('open-transaction'));

/** c1's variables of orders-0 at step `step` (1-based), as name → text. */
function c1Orders0(trace: Trace, step: number): Record<OffsetVariableName, string> {
  const consumer = offsetsAt(trace, step - 1).find((c) => c.id === 'c1') ?? assert.fail(`no c1 at step ${step}`);
  const partition = consumer.partitions.find((p) => p.id === 'orders-0') ?? assert.fail(`no orders-0 at ${step}`);
  return Object.fromEntries(partition.variables.map((v) => [v.name, v.value])) as Record<OffsetVariableName, string>;
}

/** The two lags of c1 on orders-0 at each of `steps`, as [step, Lag, Consumer Lag]. */
function lags(trace: Trace, steps: readonly number[]): [number, string, string][] {
  return steps.map((step) => {
    const values = c1Orders0(trace, step);
    return [step, values.Lag, values['Consumer Lag']];
  });
}

/** The step number of the action called `action`. */
function stepOf(trace: Trace, action: string): number {
  const step = trace.steps.find((s) => s.action === action) ?? assert.fail(`no step "${action}"`);
  return step.step;
}

describe('Consumer Lag beside Lag (open-transaction)', () => {
  it('step 9, the poll held at the last stable offset 2: Lag 3, Consumer Lag 0', () => {
    assert.equal(stepOf(openTransaction, 'Poll (held at the last stable offset 2)'), 9);
    assert.deepEqual(c1Orders0(openTransaction, 9), {
      'Offset Read': '2',
      'Offset Committed': '2',
      'Next Offset to Read': '2',
      Position: '2',
      'Log End Offset': '5',
      Lag: '3',
      'Consumer Lag': '0',
    });
  });

  it('after commit-transaction and a poll, Consumer Lag is 0 and Lag stays until the commit', () => {
    assert.equal(stepOf(openTransaction, 'Commit transaction'), 10);
    assert.equal(stepOf(openTransaction, 'Read messages 2–4'), 11);
    assert.equal(openTransaction.steps[15 - 1].action, 'Commit offset', 'step 15 commits 6');
    assert.deepEqual(lags(openTransaction, [10, 11, 12, 13, 14, 15, 16]), [
      // The commit marker takes offset 5: the log end and the last stable offset become 6. Nothing
      // holds c1 back any more, so its own lag is what it may now read (2, 3, 4 and the marker).
      [10, '4', '4'],
      // The poll reads 2–4 and steps over the marker: position 6, caught up. The group's lag counts
      // from the committed offset (2) and stays 4, marker included, until c1 commits 6.
      [11, '4', '0'],
      [12, '4', '0'],
      [13, '4', '0'],
      [14, '4', '0'],
      [15, '0', '0'],
      [16, '0', '0'],
    ]);
    assert.equal(c1Orders0(openTransaction, 11).Position, '6');
  });

  it('while the transaction is open, records behind it raise Lag but never Consumer Lag', () => {
    assert.deepEqual(lags(openTransaction, [5, 6, 7, 8, 9]), [
      [5, '0', '0'],
      [6, '0', '0'],
      [7, '2', '0'],
      [8, '3', '0'],
      [9, '3', '0'],
    ]);
  });

  it('marks Consumer Lag changed where it changes, with its previous value', () => {
    const changes = (step: number) =>
      (offsetsAt(openTransaction, step - 1)[0]?.partitions[0]?.variables ?? [])
        .filter((v) => v.changed && (v.name === 'Lag' || v.name === 'Consumer Lag'))
        .map((v) => [v.name, v.previousValue, v.value]);
    assert.deepEqual(changes(9), [], 'the held poll changes neither lag');
    assert.deepEqual(changes(10), [
      ['Lag', '3', '4'],
      ['Consumer Lag', '0', '4'],
    ]);
    assert.deepEqual(changes(11), [['Consumer Lag', '4', '0']]);
  });

  it('a data breakpoint on Consumer Lag stops where it changes: appearing, the commit of the transaction, the poll', async () => {
    const runtime = new TraceRuntime(
      openTransaction,
      openTransaction.steps.map((step) => step.step),
    );
    const stops: RuntimeStop[] = [];
    let ended = 0;
    runtime.on('stopped', (stop) => stops.push(stop));
    runtime.on('end', () => (ended += 1));
    const [watch] = runtime.setDataBreakpoints([
      { dataId: dataIdOf({ consumer: 'c1', partition: 'orders-0', variable: 'Consumer Lag' }) },
    ]);
    assert.equal(watch.verified, true);
    runtime.start(true);
    for (let i = 0; i < 4; i++) await runtime.continueForward();
    assert.deepEqual(
      stops.map((stop) => `${stop.index + 1}:${stop.reason}`),
      ['1:entry', '2:data breakpoint', '10:data breakpoint', '11:data breakpoint'],
    );
    assert.equal(ended, 1, 'no change after step 11: the session runs to its end');
  });

  it('read_uncommitted, the same actions: Consumer Lag is log end − position, not held at the LSO', async () => {
    const file = builtInScenarioFiles.find((f) => f.name === 'open-transaction') ?? assert.fail('file');
    const text = file.text.replace('isolation.level: read_committed', 'isolation.level: read_uncommitted');
    assert.notEqual(text, file.text);
    const { trace } = await runScenarioText(file.fileName, text);
    // Before the poll (step 8) the open transaction's records and the later one count: 5 − 2.
    assert.deepEqual(lags(trace, [7, 8]), [
      [7, '2', '2'],
      [8, '3', '3'],
    ]);
    // Its poll reads 2–4 at once (position 5): caught up, while the group still lags 3.
    assert.equal(c1Orders0(trace, 9).Position, '5');
    assert.deepEqual(lags(trace, [9]), [[9, '3', '0']]);
  });

  it('is - where the position is unknown, or the trace does not say', () => {
    const seed = runScenario(findScenario('commit-after-process') ?? assert.fail('seed'));
    // The seed's first poll: read_uncommitted, position 1 of log end 3.
    assert.deepEqual([c1Orders0(seed, 2).Position, c1Orders0(seed, 2)['Consumer Lag']], ['1', '2']);
    // No built-in shows a partition without a position, so take a real state and remove it.
    const state = seed.states[1].consumers[0].partitions[0];
    const unknown = variableValues({ ...state, position: null, consumerLag: null });
    assert.deepEqual([unknown.Position, unknown['Consumer Lag']], ['-', '-']);
    // A trace of another tool has no consumerLag (nor the isolation level to work it out): '-', not made up.
    assert.equal(state.position, 1);
    assert.equal(variableValues({ ...state, consumerLag: undefined })['Consumer Lag'], '-');
  });
});
