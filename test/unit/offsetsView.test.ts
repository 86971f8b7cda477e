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
  it('lists consumer → partition → the six variables, in order', () => {
    const view = offsetsAt(seed, 0);
    assert.equal(view.length, 1);
    assert.equal(view[0].id, 'c1');
    assert.equal(view[0].partitions[0].id, 'orders-0');
    assert.deepEqual(
      view[0].partitions[0].variables.map((v) => v.name),
      [...offsetVariableNames],
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
    assert.ok(
      offsetsAt(seed, 0)[0].partitions[0].variables.every((v) => !v.changed),
      'nothing is marked at step 1',
    );
  });

  it('shows both consumers of the rebalance scenario and marks the step’s consumer', () => {
    const trace = runScenario(findScenario('rebalance') ?? assert.fail('rebalance'));
    const joinIndex = trace.steps.findIndex((s) => s.consumer === 'c2');
    const view = offsetsAt(trace, joinIndex);
    assert.deepEqual(
      view.map((c) => [c.id, c.isFocus, c.partitions.map((p) => p.id)]),
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
