// The Offsets view's data: consumers, partitions and offset variables, with the values the
// current step changed marked as the debugger's Variables view marks them.

import * as assert from 'node:assert/strict';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { offsetsAt, offsetVariableNames } from '../../src/trace/offsetsView';
import { runScenario } from '../../src/trace/trace';

const seed = runScenario(findScenario('commit-after-process') ?? assert.fail('seed'));

function values(index: number): Record<string, string> {
  const partition = offsetsAt(seed, index)[0].partitions[0];
  return Object.fromEntries(partition.variables.map((v) => [v.name, v.value]));
}

describe('offsetsAt', () => {
  it('lists consumer → partition → the contract’s six variables, then Consumer Lag, in order', () => {
    // Step 1 only subscribes: c1 owns nothing yet, so it shows the partition it subscribed to, with the
    // values of the table's step 1 (no position until the first poll looks it up).
    const atStart = offsetsAt(seed, 0);
    assert.deepEqual(
      atStart.map((c) => [c.id, c.partitions.map((p) => p.id)]),
      [['c1', ['orders-0']]],
    );
    assert.deepEqual(
      atStart[0].partitions[0].variables.map((v) => [v.name, v.value]),
      [
        ['Offset Read', '0'],
        ['Offset Committed', 'No'],
        ['Next Offset to Read', '0'],
        ['Position', '-'],
        ['Log End Offset', '3'],
        ['Lag', '-'],
        ['Consumer Lag', '-'],
      ],
    );
    const view = offsetsAt(seed, 1);
    assert.equal(view.length, 1);
    assert.equal(view[0].id, 'c1');
    assert.equal(view[0].partitions[0].id, 'orders-0');
    assert.deepEqual(
      view[0].partitions[0].variables.map((v) => v.name),
      [...offsetVariableNames],
    );
    assert.deepEqual(
      [...offsetVariableNames],
      ['Offset Read', 'Offset Committed', 'Next Offset to Read', 'Position', 'Log End Offset', 'Lag', 'Consumer Lag'],
    );
  });

  it('shows the values of the table at a commit step', () => {
    assert.deepEqual(values(3), {
      'Offset Read': '0',
      'Offset Committed': '1',
      'Next Offset to Read': '1',
      Position: '1',
      'Log End Offset': '3',
      Lag: '2',
      // read_uncommitted: the consumer's own lag is log end − position (3 − 1).
      'Consumer Lag': '2',
    });
  });

  it('marks exactly the values the current step changed, with their previous value', () => {
    const changed = offsetsAt(seed, 3)[0].partitions[0].variables.filter((v) => v.changed);
    assert.deepEqual(
      changed.map((v) => [v.name, v.previousValue, v.value]),
      [
        ['Offset Committed', 'No', '1'],
        ['Next Offset to Read', '0', '1'],
        ['Lag', '-', '2'],
      ],
    );
    // The next poll moves the position, and with it the consumer's own lag; the group's Lag waits for a commit.
    assert.deepEqual(
      offsetsAt(seed, 4)[0]
        .partitions[0].variables.filter((v) => v.changed)
        .map((v) => [v.name, v.previousValue, v.value]),
      [
        ['Offset Read', '0', '1'],
        ['Position', '1', '2'],
        ['Consumer Lag', '2', '1'],
      ],
    );
    // The first poll gives c1 its partition and looks its position up: the position and the consumer's lag appear.
    assert.deepEqual(
      offsetsAt(seed, 1)[0]
        .partitions[0].variables.filter((v) => v.changed)
        .map((v) => [v.name, v.previousValue, v.value]),
      [
        ['Position', '-', '1'],
        ['Consumer Lag', '-', '2'],
      ],
    );
    assert.ok(
      offsetsAt(seed, 2)[0].partitions[0].variables.every((v) => !v.changed),
      'processing the record in hand changes none of the variables',
    );
  });

  it('shows both consumers of the rebalance scenario and marks the step’s consumer', () => {
    const trace = runScenario(findScenario('rebalance') ?? assert.fail('rebalance'));
    const joinIndex = trace.steps.findIndex((s) => s.consumer === 'c2');
    // c2 subscribes: it owns nothing yet (c1 still owns both), so it shows what it subscribed to, no position.
    assert.deepEqual(
      offsetsAt(trace, joinIndex).map((c) => [c.id, c.isFocus, c.partitions.map((p) => p.id)]),
      [
        ['c1', false, ['orders-0', 'orders-1']],
        ['c2', true, ['orders-0', 'orders-1']],
      ],
    );
    assert.ok(offsetsAt(trace, joinIndex)[1].partitions.every((p) => p.variables[3].value === '-'));
    // c2's poll after c1 rejoined: orders-1 is c2's now.
    const takenIndex = trace.steps.findIndex((s) => s.action === 'Poll (c2 gets orders-1)');
    assert.deepEqual(
      offsetsAt(trace, takenIndex).map((c) => [c.id, c.isFocus, c.partitions.map((p) => p.id)]),
      [
        ['c1', false, ['orders-0']],
        ['c2', true, ['orders-1']],
      ],
    );
  });

  it('returns nothing for an index outside the trace', () => {
    assert.deepEqual(offsetsAt(seed, 99), []);
  });
});
