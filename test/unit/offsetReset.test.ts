// Planning offset resets with the rules of Kafka's `--reset-offsets`: targets, clamping, the guard.

import * as assert from 'node:assert/strict';
import {
  assertGroupInactive,
  deletePreviewMarkdown,
  describeTarget,
  resetPreviewMarkdown,
  planReset,
  ResetRefused,
  type PartitionOffsets,
} from '../../src/liveGroups/offsetReset';

const partitions: PartitionOffsets[] = [
  { topic: 'orders', partition: 0, currentOffset: 40, logStartOffset: 10, logEndOffset: 100, offsetForTime: 55 },
  { topic: 'orders', partition: 1, currentOffset: null, logStartOffset: 0, logEndOffset: 20, offsetForTime: null },
];

describe('planReset', () => {
  it('earliest and latest go to the log start and end', () => {
    assert.deepEqual(
      planReset({ kind: 'earliest' }, partitions).map((r) => r.newOffset),
      [10, 0],
    );
    assert.deepEqual(
      planReset({ kind: 'latest' }, partitions).map((r) => r.newOffset),
      [100, 20],
    );
  });

  it('an offset outside the log is moved to its start or end, and says so', () => {
    const rows = planReset({ kind: 'offset', offset: 50 }, partitions);
    assert.deepEqual(
      rows.map((r) => [r.newOffset, r.clampedTo]),
      [
        [50, undefined],
        [20, 'log end'],
      ],
    );
    assert.equal(planReset({ kind: 'offset', offset: 3 }, partitions)[0].clampedTo, 'log start');
  });

  it('a date-time uses the first offset at or after it, else the log end', () => {
    assert.deepEqual(
      planReset({ kind: 'datetime', timestampMs: 0 }, partitions).map((r) => r.newOffset),
      [55, 20],
    );
  });

  it('shift-by moves from the committed offset and refuses partitions without one', () => {
    assert.equal(planReset({ kind: 'shift', by: -15 }, partitions.slice(0, 1))[0].newOffset, 25);
    assert.equal(planReset({ kind: 'shift', by: -100 }, partitions.slice(0, 1))[0].newOffset, 10);
    assert.throws(
      () => planReset({ kind: 'shift', by: 1 }, partitions),
      /cannot shift orders-1: it has no committed offset/,
    );
  });

  it('refuses a negative offset', () => {
    assert.throws(() => planReset({ kind: 'offset', offset: -1 }, partitions), ResetRefused);
  });

  it('describes each target in words', () => {
    assert.equal(describeTarget({ kind: 'shift', by: 5 }), 'shifted by +5');
    assert.equal(describeTarget({ kind: 'datetime', timestampMs: 0 }), 'to 1970-01-01T00:00:00.000Z');
  });
});

describe('assertGroupInactive', () => {
  it('allows Empty and Dead groups only', () => {
    assertGroupInactive('g', 'Empty');
    assertGroupInactive('g', 'Dead');
    for (const state of ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']) {
      assert.throws(
        () => assertGroupInactive('g', state),
        /can only be changed while the group is inactive \(Empty\), but its state is/,
      );
    }
  });
});

describe('reset and delete previews', () => {
  it('lists every partition with its current and new offset, and notes a clamp', () => {
    const rows = planReset({ kind: 'offset', offset: 50 }, partitions);
    const preview = resetPreviewMarkdown('local', 'g', describeTarget({ kind: 'offset', offset: 50 }), rows);
    assert.match(preview, /^# Dry run: to offset 50 for group `g`/);
    assert.match(preview, /\| g \| orders \| 0 \| 40 \| 50 \| {2}\|/);
    assert.match(preview, /\| g \| orders \| 1 \| - \| 20 \| target outside the log: moved to the log end \|/);
    const deletion = deletePreviewMarkdown('local', 'g', [{ topic: 'orders', partition: 0, currentOffset: 40 }]);
    assert.match(deletion, /\| g \| orders \| 0 \| 40 \|/);
    assert.match(deletion, /auto\.offset\.reset/);
  });
});
