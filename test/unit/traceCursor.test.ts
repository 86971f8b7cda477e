// Stepping and playback of the cursor every view follows, with a fake timer.

import * as assert from 'node:assert/strict';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { runScenario } from '../../src/trace/trace';
import { TraceCursor, type CursorChange, type PlaybackTimer } from '../../src/trace/traceCursor';

class FakeTimer implements PlaybackTimer {
  callback: (() => void) | undefined;
  ms = 0;
  setInterval(callback: () => void, ms: number): unknown {
    this.callback = callback;
    this.ms = ms;
    return 1;
  }
  clearInterval(): void {
    this.callback = undefined;
  }
  tick(times = 1): void {
    for (let i = 0; i < times; i++) this.callback?.();
  }
}

const trace = runScenario(findScenario('commit-after-process') ?? assert.fail('seed scenario'));

describe('TraceCursor', () => {
  it('steps forward and back within the trace and reports each move', () => {
    const cursor = new TraceCursor(trace, 800, new FakeTimer());
    const moves: CursorChange[] = [];
    cursor.onDidChange((change) => moves.push(change));
    assert.equal(cursor.stepBack(), false);
    assert.equal(cursor.step(), true);
    assert.equal(cursor.index, 1);
    cursor.last();
    assert.equal(cursor.index, 10);
    assert.equal(cursor.step(), false);
    cursor.first();
    assert.deepEqual(
      moves.map((m) => [m.previousIndex, m.index]),
      [
        [0, 1],
        [1, 10],
        [10, 0],
      ],
    );
  });

  it('clamps goTo to the trace', () => {
    const cursor = new TraceCursor(trace, 800, new FakeTimer(), 99);
    assert.equal(cursor.index, 10);
    cursor.goTo(-5);
    assert.equal(cursor.index, 0);
  });

  it('plays one step per tick and stops by itself at the last step', () => {
    const timer = new FakeTimer();
    const cursor = new TraceCursor(trace, 300, timer);
    cursor.play();
    assert.equal(cursor.playing, true);
    assert.equal(timer.ms, 300);
    timer.tick(3);
    assert.equal(cursor.index, 3);
    timer.tick(6);
    assert.equal(cursor.index, 9);
    assert.equal(cursor.playing, true);
    timer.tick();
    assert.equal(cursor.index, 10);
    assert.equal(cursor.playing, false, 'stops as it reaches the last step, not one tick later');
    timer.tick(5);
    assert.equal(cursor.index, 10);
  });

  it('play at the end starts again from the first step; pause stops', () => {
    const timer = new FakeTimer();
    const cursor = new TraceCursor(trace, 300, timer, 10);
    cursor.togglePlay();
    assert.equal(cursor.index, 0);
    timer.tick();
    cursor.togglePlay();
    assert.equal(cursor.playing, false);
    timer.tick(5);
    assert.equal(cursor.index, 1);
  });

  it('keeps the speed within bounds and applies it to a running playback', () => {
    const timer = new FakeTimer();
    const cursor = new TraceCursor(trace, 1, timer);
    assert.equal(cursor.playIntervalMs, 50);
    cursor.play();
    cursor.setPlayInterval(2000);
    assert.equal(timer.ms, 2000);
    assert.equal(cursor.playing, true);
    cursor.dispose();
    assert.equal(timer.callback, undefined);
  });
});
