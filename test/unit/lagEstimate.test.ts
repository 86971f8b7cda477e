// Lag over time and the catch-up estimate of a live group, on hand-made describe rows.

import * as assert from 'node:assert/strict';
import { estimateCatchUp, formatDuration, sampleFromRows } from '../../src/liveGroups/lagEstimate';
import type { DescribeRow } from '../../src/kafka/kafkaModel';

function row(partition: number, currentOffset: number | null, logEndOffset: number): DescribeRow {
  return {
    topic: 'orders',
    partition,
    currentOffset,
    logEndOffset,
    lag: currentOffset === null ? null : logEndOffset - currentOffset,
    consumerId: null,
    host: null,
    clientId: null,
  };
}

describe('lag samples and the catch-up estimate', () => {
  it('sums lag over partitions with a committed offset and counts the others', () => {
    const sample = sampleFromRows([row(0, 10, 30), row(1, null, 50), row(2, 5, 5)], 1000);
    assert.equal(sample.totalLag, 20);
    assert.equal(sample.partitionsWithoutLag, 1);
    assert.equal(sample.committedSum, 15);
    assert.equal(sample.logEndSum, 35);
  });

  it('lag is unknown when no partition has a committed offset', () => {
    const sample = sampleFromRows([row(0, null, 30)], 0);
    assert.equal(sample.totalLag, null);
    assert.equal(estimateCatchUp([sample]).kind, 'unknown');
  });

  it('estimates lag ÷ (consumption − production) and shows the method', () => {
    const samples = [sampleFromRows([row(0, 100, 1100)], 0), sampleFromRows([row(0, 600, 1300)], 10_000)];
    const estimate = estimateCatchUp(samples);
    assert.equal(estimate.kind, 'catching-up');
    assert.equal(estimate.consumeRate, 50);
    assert.equal(estimate.produceRate, 20);
    assert.equal(Math.round(estimate.seconds ?? 0), Math.round(700 / 30));
    assert.match(estimate.method, /700 ÷ \(50\/s − 20\/s\) ≈ 23 s/);
  });

  it('says when the group is not catching up, and when it is caught up', () => {
    const behind = estimateCatchUp([sampleFromRows([row(0, 0, 100)], 0), sampleFromRows([row(0, 10, 200)], 5000)]);
    assert.equal(behind.kind, 'not-catching-up');
    assert.equal(behind.seconds, null);
    assert.equal(estimateCatchUp([sampleFromRows([row(0, 7, 7)], 0)]).kind, 'caught-up');
  });

  it('needs two samples a second apart, over the same partitions', () => {
    assert.equal(estimateCatchUp([sampleFromRows([row(0, 0, 100)], 0)]).kind, 'unknown');
    const changedSet = [sampleFromRows([row(0, 0, 100)], 0), sampleFromRows([row(0, 10, 100), row(1, 0, 5)], 5000)];
    assert.equal(estimateCatchUp(changedSet).kind, 'unknown');
  });

  it('ignores samples older than the window', () => {
    const samples = [
      sampleFromRows([row(0, 0, 1000)], 0),
      sampleFromRows([row(0, 500, 1000)], 100_000),
      sampleFromRows([row(0, 600, 1000)], 110_000),
    ];
    const estimate = estimateCatchUp(samples, 60_000);
    assert.equal(estimate.consumeRate, 10);
    assert.equal(estimate.windowSeconds, 10);
  });

  it('formats durations', () => {
    assert.equal(formatDuration(45), '45 s');
    assert.equal(formatDuration(725), '12 min 5 s');
    assert.equal(formatDuration(12_000), '3 h 20 min');
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), 'never');
  });
});
