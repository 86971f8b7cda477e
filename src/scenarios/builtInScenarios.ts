// The built-in scenarios. Their names are part of the CLI contract (`demo --scenario NAME`);
// each is a script of actions for the simulator, never a list of rows.

import type { Action, ConsumerConfig, Scenario } from '../simulator/model';

const topic = 'orders';
const group = 'orders-app';

/** These scenarios were written with auto-commit off and `earliest` unless they say otherwise. */
function demoConfig(config: Partial<ConsumerConfig>): Partial<ConsumerConfig> {
  return { enableAutoCommit: false, autoOffsetReset: 'earliest', ...config };
}

function oneConsumer(config: Partial<ConsumerConfig>): Scenario['consumers'] {
  return [{ id: 'c1', config: demoConfig(config) }];
}

function onePartition(records: number, logStartOffset = 0): Scenario['topics'] {
  return [{ name: topic, partitions: [{ partition: 0, records, logStartOffset }] }];
}

function c1(type: 'start' | 'poll' | 'process' | 'commitSync' | 'crash' | 'restart' | 'close', label?: string): Action {
  return label === undefined ? { type, consumer: 'c1' } : { type, consumer: 'c1', label };
}

/** read → process → commit, `times` times, for consumer c1 (one record per poll). */
function readProcessCommit(times: number): Action[] {
  return Array.from({ length: times }, () => [c1('poll'), c1('process'), c1('commitSync')]).flat();
}

const oneAtATime: Partial<ConsumerConfig> = { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' };

/** Every built-in scenario, in the order `scenarios` lists them. The first is the seed demo. */
export const builtInScenarios: readonly Scenario[] = [
  {
    name: 'commit-after-process',
    title: 'Commit after processing',
    summary: 'Read, process, then commit, three times: every record processed exactly once.',
    group,
    topics: onePartition(3),
    consumers: oneConsumer(oneAtATime),
    actions: [c1('start'), ...readProcessCommit(3), c1('close')],
  },
  {
    name: 'commit-before-process',
    title: 'Commit before processing',
    summary: 'Commit, then crash before processing; the restart resumes past the record: lost.',
    group,
    topics: onePartition(3),
    consumers: oneConsumer(oneAtATime),
    actions: [
      c1('start'),
      c1('poll'),
      c1('commitSync', 'Commit offset (before processing)'),
      c1('crash', 'Crash before processing'),
      c1('restart'),
      ...readProcessCommit(2),
      c1('close'),
    ],
  },
  {
    name: 'no-commit-restart',
    title: 'Process without committing, then restart',
    summary: 'Two records processed but not committed; the restart reads them again: duplicates.',
    group,
    topics: onePartition(3),
    consumers: oneConsumer(oneAtATime),
    actions: [
      c1('start'),
      ...readProcessCommit(1),
      c1('poll'),
      c1('process'),
      c1('poll'),
      c1('process'),
      c1('close', 'Stop consuming (no commit)'),
      c1('restart'),
      ...readProcessCommit(2),
      c1('close'),
    ],
  },
  {
    name: 'auto-commit-crash',
    title: 'Auto-commit, then a crash',
    summary: 'Auto-commit every 5 s; a crash between two auto-commits replays what came after the last one.',
    group,
    topics: onePartition(6),
    consumers: oneConsumer({ maxPollRecords: 2, enableAutoCommit: true, autoCommitIntervalMs: 5000 }),
    actions: [
      c1('start'),
      c1('poll'),
      c1('process'),
      c1('process'),
      { type: 'wait', ms: 5000 },
      c1('poll', 'Read messages 2–3 (auto-commits first)'),
      c1('process'),
      c1('process'),
      { type: 'wait', ms: 2000 },
      c1('poll'),
      c1('process'),
      c1('crash', 'Crash between auto-commits'),
      c1('restart'),
      c1('poll'),
      c1('process'),
      c1('process'),
      c1('poll'),
      c1('process'),
      c1('process'),
      c1('close', 'Stop consuming (auto-commits on close)'),
    ],
  },
  {
    name: 'batch-commit-unprocessed',
    title: 'Commit a batch that was only partly processed',
    summary: 'Poll 3, process 1, commitSync() commits the position 3, crash: the other 2 are lost.',
    group,
    topics: onePartition(5),
    consumers: oneConsumer({ maxPollRecords: 3, enableAutoCommit: false }),
    actions: [
      c1('start'),
      c1('poll'),
      c1('process'),
      c1('commitSync', 'Commit offset (commitSync() commits the position)'),
      c1('crash'),
      c1('restart'),
      c1('poll'),
      c1('process'),
      c1('process'),
      c1('commitSync'),
      c1('close'),
    ],
  },
  {
    name: 'reset-earliest',
    title: 'No committed offset, auto.offset.reset=earliest',
    summary: 'A new group starts at the log start (offset 2: retention removed 0 and 1).',
    group,
    topics: onePartition(3, 2),
    consumers: oneConsumer({ ...oneAtATime, autoOffsetReset: 'earliest' }),
    actions: [c1('start'), ...readProcessCommit(2), c1('close')],
  },
  {
    name: 'reset-latest',
    title: 'No committed offset, auto.offset.reset=latest',
    summary: 'A new group starts at the log end: the 3 records already there are skipped.',
    group,
    topics: onePartition(3),
    consumers: oneConsumer({ ...oneAtATime, autoOffsetReset: 'latest' }),
    actions: [
      c1('start'),
      c1('poll'),
      { type: 'produce', topic, partition: 0, count: 2 },
      ...readProcessCommit(2),
      c1('close'),
    ],
  },
  {
    name: 'rebalance',
    title: 'A second consumer joins',
    summary: 'c2 joins the group, partition 1 moves from c1 to c2, which resumes at the committed offset.',
    group,
    topics: [
      {
        name: topic,
        partitions: [
          { partition: 0, records: 3 },
          { partition: 1, records: 3 },
        ],
      },
    ],
    consumers: [
      { id: 'c1', config: demoConfig({ maxPollRecords: 2 }) },
      { id: 'c2', config: demoConfig({ maxPollRecords: 2 }) },
    ],
    actions: [
      c1('start'),
      c1('poll'),
      c1('process'),
      c1('process'),
      c1('poll'),
      c1('process'),
      c1('process'),
      c1('commitSync'),
      { type: 'start', consumer: 'c2', label: 'Start consuming (c2 joins: rebalance)' },
      { type: 'poll', consumer: 'c2' },
      { type: 'process', consumer: 'c2' },
      { type: 'commitSync', consumer: 'c2' },
      c1('poll'),
      c1('process'),
      c1('commitSync'),
      c1('close', 'Stop consuming (c1 leaves: rebalance)'),
      { type: 'close', consumer: 'c2' },
    ],
  },
  {
    name: 'retention-reset',
    title: 'Committed offset deleted by retention',
    summary: 'While the group is away, retention deletes past its committed offset: the restart resets.',
    group,
    topics: onePartition(6),
    consumers: oneConsumer(oneAtATime),
    actions: [
      c1('start'),
      ...readProcessCommit(1),
      c1('close'),
      { type: 'deleteRecords', topic, partition: 0, beforeOffset: 4 },
      c1('restart'),
      ...readProcessCommit(2),
      c1('close'),
    ],
  },
  {
    name: 'transaction-marker-lag',
    title: 'Transaction marker, lag 1',
    summary: 'A read_committed consumer reads a whole transaction and still shows lag 1: the commit marker.',
    group,
    topics: onePartition(0),
    consumers: oneConsumer({ isolationLevel: 'read_committed' }),
    actions: [
      c1('start'),
      { type: 'produce', topic, partition: 0, count: 3, transactional: true },
      c1('poll'),
      c1('process'),
      c1('process'),
      c1('process'),
      { type: 'commitProcessed', consumer: 'c1', label: 'Commit offset (last processed + 1)' },
      c1('poll'),
    ],
  },
];

/** The scenario `demo` runs when none is named. */
export const defaultScenarioName = 'commit-after-process';

/** Finds a built-in scenario by name. */
export function findScenario(name: string): Scenario | undefined {
  return builtInScenarios.find((scenario) => scenario.name === name);
}
