// The trace keeps one state per step; what a step did not change is shared with the step before,
// so long traces stay small, and shared or not, every state is the simulator's.

import * as assert from 'node:assert/strict';
import { OffsetSimulator } from '../../src/simulator/offsetSimulator';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { runScenario } from '../../src/trace/trace';

describe('trace states', () => {
  const scenario = findScenario('rebalance') ?? assert.fail('rebalance scenario');
  const trace = runScenario(scenario);

  it('equal, step by step, what a fresh simulator reports', () => {
    const simulator = new OffsetSimulator(scenario);
    scenario.actions.forEach((action, index) => {
      simulator.apply(action);
      assert.deepEqual(trace.states[index], simulator.state(), `state after step ${index + 1}`);
    });
  });

  it('share the consumers and partitions a step did not change', () => {
    // Step 21: c2 processes a record; c1 and every partition's log and commit are untouched.
    const before = trace.states[19];
    const after = trace.states[20];
    assert.deepEqual([trace.steps[20].consumer, trace.kinds[20]], ['c2', 'process']);
    assert.equal(after.consumers[0], before.consumers[0], 'c1 is the same object');
    assert.notEqual(after.consumers[1], before.consumers[1], 'c2 changed');
    assert.equal(after.partitions, before.partitions, 'the partitions did not change');
  });
});
