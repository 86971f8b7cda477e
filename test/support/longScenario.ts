// The long scenario the trace tests and the trace bench share: one consumer reading, processing and
// committing record by record, with a crash midway.

import type { Action, Scenario } from '../../src/simulator/model';

/**
 * A consumer that reads, processes and commits `records` records one at a time (a commitSync every
 * `commitEvery` records), crashing midway: it waits out the session timeout (45 s by default)
 * before the restart gets the partition back.
 */
export function longScenario(records: number, commitEvery = 10): Scenario {
  const actions: Action[] = [{ type: 'start', consumer: 'c1' }];
  for (let i = 0; i < records; i++) {
    actions.push({ type: 'poll', consumer: 'c1' }, { type: 'process', consumer: 'c1' });
    if (i % commitEvery === commitEvery - 1) actions.push({ type: 'commitSync', consumer: 'c1' });
    if (i === Math.floor(records / 2)) {
      actions.push(
        { type: 'crash', consumer: 'c1' },
        { type: 'wait', ms: 46_000 },
        { type: 'restart', consumer: 'c1' },
      );
    }
  }
  actions.push({ type: 'close', consumer: 'c1' });
  return {
    name: 'long',
    title: 'Long',
    summary: 'a long trace',
    group: 'g',
    topics: [{ name: 't', partitions: [{ partition: 0, records }] }],
    consumers: [{ id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' } }],
    actions,
  };
}
