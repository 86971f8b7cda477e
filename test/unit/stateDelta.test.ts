// The field-by-field delta text of two simulator states is the delta diffJson makes (trace files store
// it) for every pair of states of the built-in and of random scenarios; other states take diffJson.

import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { Scenario } from '../../src/simulator/model';
import { OffsetSimulator, type SimulatorState } from '../../src/simulator/offsetSimulator';
import { builtInScenarios } from '../../src/scenarios/builtInScenarios';
import { applyJsonDelta, diffJson, unchanged } from '../../src/trace/jsonDelta';
import { stateDeltaJson } from '../../src/trace/stateDelta';
import { randomScenario } from '../support/randomScenario';

/** The simulator's states after each action of a scenario. */
function statesOf(scenario: Scenario): SimulatorState[] {
  const simulator = new OffsetSimulator(scenario);
  return scenario.actions.map((action) => {
    simulator.apply(action);
    return simulator.state();
  });
}

/** Asserts that stateDeltaJson writes diffJson's delta, and that it turns `before` into `after`. */
function assertSameDelta(before: SimulatorState, after: SimulatorState, what: string): void {
  const text = stateDeltaJson(before, after);
  const delta = text === undefined ? unchanged : (JSON.parse(text) as unknown);
  assert.deepEqual(delta, diffJson(before, after), what);
  assert.deepEqual(delta === unchanged ? before : applyJsonDelta(before, delta), after, what);
}

describe('state deltas', () => {
  it('of every built-in scenario, step after step and between far steps, are diffJson’s', () => {
    for (const scenario of builtInScenarios()) {
      const states = statesOf(scenario);
      for (let i = 1; i < states.length; i++) {
        assertSameDelta(states[i - 1], states[i], `${scenario.name}, step ${i + 1}`);
        assertSameDelta(states[i], states[0], `${scenario.name}, step ${i + 1} back to step 1`);
      }
    }
  });

  it('of random scenarios are diffJson’s, whichever two states are compared (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(randomScenario, fc.nat(), fc.nat(), (scenario, a, b) => {
        const states = statesOf(scenario);
        fc.pre(states.length > 0);
        assertSameDelta(states[a % states.length], states[b % states.length], `steps ${a} and ${b}`);
        for (let i = 1; i < states.length; i++) assertSameDelta(states[i - 1], states[i], `step ${i + 1}`);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('of states not made by the simulator keep the fields it does not know (diffJson)', () => {
    const [first, second] = statesOf(builtInScenarios()[0]).slice(0, 2);
    const before = { ...structuredClone(first), note: 'a' } as SimulatorState;
    const after = { ...structuredClone(second), note: 'b' } as SimulatorState;
    const delta = JSON.parse(stateDeltaJson(before, after) ?? 'null') as { '{': Record<string, unknown> };
    assert.deepEqual(delta, diffJson(before, after));
    assert.equal(delta['{'].note, 'b');
  });
});
