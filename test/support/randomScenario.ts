// Random scenarios for property tests: two consumers, two partitions, and actions drawn at random
// of which only those the simulator accepts are kept (each tried on a copy first).

import * as fc from 'fast-check';
import type { Action, Scenario } from '../../src/simulator/model';
import { OffsetSimulator, ScenarioError } from '../../src/simulator/offsetSimulator';

const consumer = fc.constantFrom('c1', 'c2');
const partition = fc.constantFrom(0, 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constantFrom('start', 'restart', 'crash', 'close'), consumer }), weight: 2 },
  {
    arbitrary: fc.record({ type: fc.constantFrom('poll', 'process', 'commitSync', 'commitAsync'), consumer }),
    weight: 8,
  },
  { arbitrary: fc.record({ type: fc.constant('commitProcessed'), consumer }), weight: 1 },
  {
    arbitrary: fc.record({ type: fc.constant('wait'), ms: fc.constantFrom(1_000, 6_000, 46_000, 400_000) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('seek'),
      consumer,
      topic: fc.constant('t'),
      partition,
      offset: fc.nat(12),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('produce'),
      topic: fc.constant('t'),
      partition,
      count: fc.integer({ min: 1, max: 4 }),
      transactional: fc.boolean(),
      aborted: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('deleteRecords'),
      topic: fc.constant('t'),
      partition,
      beforeOffset: fc.nat(8),
    }),
    weight: 1,
  },
) as fc.Arbitrary<Action>;
const setup = fc.record({
  protocol: fc.constantFrom('classic', 'consumer'),
  maxPollRecords: fc.constantFrom(1, 2, 5),
  autoCommit: fc.boolean(),
  isolation: fc.constantFrom('read_uncommitted', 'read_committed'),
});

/** A scenario of up to 60 actions the simulator runs (possibly none), with a random group setup. */
export const randomScenario: fc.Arbitrary<Scenario> = fc
  .tuple(setup, fc.array(action, { minLength: 1, maxLength: 60 }))
  .map(([config, candidates]) => {
    const base: Scenario = {
      name: 'random',
      title: 'Random',
      summary: 'random actions',
      group: 'g',
      topics: [
        {
          name: 't',
          partitions: [
            { partition: 0, records: 6 },
            { partition: 1, records: 3 },
          ],
        },
      ],
      consumers: ['c1', 'c2'].map((id) => ({
        id,
        config: {
          groupProtocol: config.protocol,
          maxPollRecords: config.maxPollRecords,
          enableAutoCommit: config.autoCommit,
          isolationLevel: config.isolation,
          autoOffsetReset: 'earliest',
        },
      })) as Scenario['consumers'],
      actions: [],
    };
    // Keep the actions the simulator accepts, each tried on a copy first.
    let simulator = new OffsetSimulator(base);
    const actions: Action[] = [];
    for (const candidate of candidates) {
      const probe = simulator.checkpoint();
      try {
        probe.apply(candidate);
      } catch (error) {
        if (error instanceof ScenarioError) continue;
        throw error;
      }
      actions.push(candidate);
      simulator = probe;
    }
    return { ...base, actions };
  });
