// Row windowing: only the visible rows and a margin are rendered, whatever the trace length.

import * as assert from 'node:assert/strict';
import { computeRowWindow, scrollToReveal } from '../../src/trace/tableWindow';

describe('computeRowWindow', () => {
  it('renders every row of a short table', () => {
    assert.deepEqual(computeRowWindow(11, 26, 0, 600), { start: 0, end: 11, paddingTop: 0, paddingBottom: 0 });
  });

  it('keeps a million-step trace to a few dozen rows in the DOM', () => {
    const window = computeRowWindow(1_000_000, 26, 26 * 500_000, 520);
    assert.ok(window.end - window.start <= 45, `rendered ${window.end - window.start} rows`);
    assert.ok(window.start <= 500_000 && window.end > 500_020);
    assert.equal(window.paddingTop + (window.end - window.start) * 26 + window.paddingBottom, 26_000_000);
  });

  it('clips at the end of the table', () => {
    const window = computeRowWindow(100, 20, 10_000, 200);
    assert.equal(window.end, 100);
    assert.equal(window.paddingBottom, 0);
  });

  it('handles an empty table', () => {
    assert.deepEqual(computeRowWindow(0, 26, 0, 500), { start: 0, end: 0, paddingTop: 0, paddingBottom: 0 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls only when the row is outside the viewport', () => {
    assert.equal(scrollToReveal(5, 20, 0, 200), undefined);
    assert.equal(scrollToReveal(50, 20, 0, 200), 820);
    assert.equal(scrollToReveal(2, 20, 400, 200), 40);
  });
});
