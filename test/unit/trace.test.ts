// A simulated trace is compact (rows in columns, states and effects replayed from checkpoints),
// and read in any order it holds exactly what a fresh simulator reports, step by step.

import * as assert from 'node:assert/strict';
import type { Scenario } from '../../src/simulator/model';
import { deepCopy } from '../../src/simulator/deepCopy';
import { OffsetSimulator } from '../../src/simulator/offsetSimulator';
import { builtInScenarios } from '../../src/scenarios/builtInScenarios';
import { itemReader, lazyList } from '../../src/trace/lazyList';
import { CommitMark, StepColumns } from '../../src/trace/stepColumns';
import { runScenario, type StepKind } from '../../src/trace/trace';
import * as fc from 'fast-check';
import { defaultCheckpointInterval as checkpointInterval } from '../../src/trace/traceReplay';
import { longScenario } from '../support/longScenario';
import { randomScenario } from '../support/randomScenario';

/** What a fresh simulator reports after each step, applied in order. */
function reference(scenario: Scenario): { states: unknown[]; effects: unknown[] } {
  const simulator = new OffsetSimulator(scenario);
  const states: unknown[] = [];
  const effects: unknown[] = [];
  for (const action of scenario.actions) {
    effects.push(simulator.apply(action).effects);
    states.push(simulator.state());
  }
  return { states, effects };
}

describe('trace states', () => {
  for (const scenario of builtInScenarios()) {
    it(`${scenario.name}: every state and effect equals a fresh simulator's, read forwards and backwards`, () => {
      const trace = runScenario(scenario);
      const expected = reference(scenario);
      assert.equal(trace.states.length, scenario.actions.length);
      for (let i = 0; i < trace.states.length; i++) {
        assert.deepEqual(trace.states[i], expected.states[i], `state after step ${i + 1}`);
        assert.deepEqual(trace.effects[i], expected.effects[i], `effects of step ${i + 1}`);
      }
      for (let i = trace.states.length - 1; i >= 0; i--) {
        assert.deepEqual(trace.states[i], expected.states[i], `state after step ${i + 1}, read backwards`);
      }
    });
  }

  it('a trace longer than several checkpoints replays any step, in any order, exactly', () => {
    const scenario = longScenario(3 * checkpointInterval, 7);
    const trace = runScenario(scenario);
    const expected = reference(scenario);
    assert.ok(trace.steps.length > 6 * checkpointInterval);
    // Far jumps, neighbours, checkpoint boundaries, the very last step.
    const last = trace.steps.length - 1;
    const order = [last, 0, checkpointInterval, checkpointInterval - 1, 5 * checkpointInterval + 3, 17, last - 1, 4001];
    for (const i of order) {
      assert.deepEqual(trace.states[i], expected.states[i], `state after step ${i + 1}`);
      assert.deepEqual(trace.effects[i], expected.effects[i], `effects of step ${i + 1}`);
    }
    assert.equal(trace.kinds[last], 'close');
    assert.equal(trace.steps[last].action, 'Stop consuming');
  });

  it('a checkpoint goes on independently of the simulator it was copied from', () => {
    const scenario = longScenario(20, 7);
    const simulator = new OffsetSimulator(scenario);
    for (const action of scenario.actions.slice(0, 10)) simulator.apply(action);
    const copy = simulator.checkpoint();
    const before = simulator.state();
    for (const action of scenario.actions.slice(10, 20)) copy.apply(action);
    assert.deepEqual(simulator.state(), before, 'the original did not move');
    assert.notDeepEqual(copy.state(), before, 'the copy did');
    assert.ok(copy instanceof OffsetSimulator);
  });
});

describe('trace states, random scenarios', () => {
  it('equal a fresh simulator whichever order the steps are read in (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(randomScenario, fc.nat(), (scenario, seed) => {
        const actions = scenario.actions;
        fc.pre(actions.length > 0);
        const trace = runScenario(scenario, { checkpointInterval: 3 });
        const expected = reference(scenario);
        const order = actions.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97));
        for (const i of order) {
          assert.deepEqual(trace.states[i], expected.states[i], `state after step ${i + 1}`);
          assert.deepEqual(trace.effects[i], expected.effects[i], `effects of step ${i + 1}`);
        }
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});

describe('deepCopy', () => {
  it('keeps prototypes, shared references and cycles, and shares what is frozen', () => {
    class Box {
      constructor(readonly items: Map<string, Set<number>>) {}
      count(): number {
        return [...this.items.values()].reduce((sum, set) => sum + set.size, 0);
      }
    }
    const shared = { n: 1 };
    const frozen = Object.freeze([1, 2]);
    const original = { box: new Box(new Map([['a', new Set([1, 2])]])), left: shared, right: shared, frozen, self: {} };
    (original as { self: unknown }).self = original;
    const copy = deepCopy(original);
    assert.ok(copy.box instanceof Box);
    assert.equal(copy.box.count(), 2);
    assert.notEqual(copy.box.items, original.box.items);
    assert.equal(copy.left, copy.right, 'shared stays shared');
    assert.notEqual(copy.left, shared);
    assert.equal(copy.frozen, frozen, 'frozen is shared');
    assert.equal(copy.self, copy, 'cycles are kept');
    copy.box.items.get('a')?.add(3);
    assert.equal(original.box.count(), 2, 'the original is untouched');
  });
});

describe('lazyList', () => {
  const list = lazyList(5, (i) => ({ i }));

  it('is an array to its readers', () => {
    assert.ok(Array.isArray(list));
    assert.equal(list.length, 5);
    assert.deepEqual(list[3], { i: 3 });
    assert.equal(list[5], undefined);
    assert.deepEqual(
      list.map((x) => x.i),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      list.filter((x) => x.i % 2 === 0).map((x) => x.i),
      [0, 2, 4],
    );
    assert.deepEqual(list.slice(1, 3), [{ i: 1 }, { i: 2 }]);
    assert.deepEqual([...list].length, 5);
    assert.equal(
      list.findIndex((x) => x.i === 4),
      4,
    );
    assert.equal(JSON.stringify(list), '[{"i":0},{"i":1},{"i":2},{"i":3},{"i":4}]');
    assert.deepEqual(Object.keys(list), ['0', '1', '2', '3', '4']);
    assert.deepEqual(list, [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
    assert.ok(2 in list);
    assert.ok(!(7 in list));
  });

  it('of a million items (kept sparse) reads as one, also through itemReader; itemReader reads any list', () => {
    const long = lazyList(1_000_000, (i) => i * 2);
    assert.equal(long.length, 1_000_000);
    assert.equal(long[999_999], 1_999_998);
    assert.equal(long[1_000_000], undefined);
    assert.ok(999_999 in long);
    assert.equal(long.at(-1), 1_999_998);
    assert.equal(itemReader(long)(123_456), 246_912);
    assert.equal(itemReader(list)(3).i, 3);
    assert.equal(itemReader(['a', 'b'])(1), 'b');
    assert.deepEqual(
      lazyList(0, () => 1),
      [],
    );
  });

  it('refuses writes', () => {
    assert.throws(() => ((list as { i: number }[])[0] = { i: 9 }), TypeError);
    assert.throws(() => (list as { i: number }[]).push({ i: 9 }), TypeError);
  });
});

describe('StepColumns', () => {
  it('gives back every row field for field, nulls, large offsets and rare fields included, across blocks', () => {
    const columns = new StepColumns();
    // Past two blocks of 65,536 rows (the first one grown from 1,024 by doubling).
    const rows = Array.from({ length: 140_000 }, (_, i) => ({
      step: i + 1,
      action: i % 3 === 0 ? 'Poll' : `Seek to offset ${i}`,
      offsetRead: i % 5 === 0 ? null : 2 ** 40 + i,
      offsetCommitted: i % 4 === 0 ? null : i,
      nextOffsetToRead: i,
      consumer: i % 6 === 0 ? null : `c${i % 2}`,
      topic: i % 6 === 0 ? null : 'orders',
      partition: i % 6 === 0 ? null : i % 3,
      position: null,
      logEndOffset: 9_007_199_254_740_991,
      lag: i % 2 === 0 ? null : 0,
      ...(i % 100 === 1 ? { commits: [{ topic: 'orders', partition: 0, offset: i }] } : {}),
      ...(i % 50 === 7 ? { exception: 'CommitFailedException' } : {}),
      ...(i % 2 === 0 ? { line: i + 1, column: 3 } : {}),
    }));
    const kindOf = (i: number): StepKind => (['poll', 'process', 'commitSync'] as const)[i % 3];
    const markOf = (i: number): CommitMark =>
      ([CommitMark.None, CommitMark.Committed, CommitMark.AutoCommitted] as const)[i % 3];
    rows.forEach((row, i) => columns.append(row, i % 9 === 0 ? null : i, kindOf(i), markOf(i)));
    assert.equal(columns.length, rows.length);
    const edges = [0, 1, 1023, 1024, 2047, 2048, 65_535, 65_536, 65_537, 131_071, 131_072, 139_999];
    const checked = [...edges, ...rows.map((_, i) => i).filter((i) => i % 97 === 0)];
    for (const i of checked) {
      const row = rows[i];
      assert.equal(columns.kindAt(i), kindOf(i), `kind of row ${i + 1}`);
      assert.equal(columns.commitMarkAt(i), markOf(i), `commit mark of row ${i + 1}`);
      assert.equal(columns.lineAt(i), row.line, `line of row ${i + 1}`);
      const expected = { ...row, messageProcessed: i % 9 === 0 ? null : `Message at offset ${i}` };
      assert.deepEqual(columns.row(i), expected, `row ${i + 1}`);
      assert.equal(columns.rowJson(i), JSON.stringify(columns.row(i)), `row ${i + 1} as JSON`);
    }
    assert.deepEqual(columns.consumers().sort(), ['c0', 'c1']);
    assert.deepEqual(columns.partitions().length, 3);
    assert.throws(() => columns.append({ ...rows[0], step: 7 }, null, 'poll', CommitMark.None), RangeError);
  });

  it('writes each row as JSON.stringify writes it, text to escape and messages of other tools included', () => {
    const columns = new StepColumns();
    const texts = ['Poll', 'say "hi"\\ <img src=x onerror=alert(1)>', '\u001b]0;title\u0007', 'ünïcödé \u202e', ''];
    for (let i = 0; i < 400; i++) {
      const row = {
        step: i + 1,
        action: texts[i % texts.length],
        offsetRead: i % 5 === 0 ? null : 2 ** 40 + i,
        ...(i % 4 === 0 ? {} : { messageProcessed: i % 8 === 1 ? null : `${texts[i % texts.length]} #${i}` }),
        offsetCommitted: i % 4 === 0 ? null : -i,
        nextOffsetToRead: i,
        consumer: i % 6 === 0 ? null : texts[(i + 1) % texts.length],
        topic: i % 6 === 0 ? null : texts[(i + 2) % texts.length],
        partition: i % 6 === 0 ? null : i % 3,
        position: i % 7 === 0 ? null : 0.5 * i,
        logEndOffset: 9_007_199_254_740_991,
        lag: i % 2 === 0 ? null : 0,
        ...(i % 10 === 1 ? { commits: [{ topic: texts[i % texts.length], partition: 0, offset: i }] } : {}),
        ...(i % 5 === 2 ? { exception: texts[i % texts.length] } : {}),
        ...(i % 2 === 0 ? { line: i + 1, column: 3 } : {}),
      };
      columns.append(row, i % 9 === 0 ? null : i, 'poll', CommitMark.None);
    }
    for (let i = 0; i < columns.length; i++) {
      assert.equal(columns.rowJson(i), JSON.stringify(columns.row(i)), `row ${i + 1}`);
    }
    const simulated = runScenario(longScenario(3000, 7)).columns as StepColumns;
    for (let i = 0; i < simulated.length; i++) {
      assert.equal(simulated.rowJson(i), JSON.stringify(simulated.row(i)), `simulated row ${i + 1}`);
    }
  });
});
