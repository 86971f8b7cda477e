// Work in slices: the same generator runs to its end at once or in slices with the event loop
// turning between them; a long scenario file's parse, a long trace's run and its key moments are the
// same either way.

import * as assert from 'node:assert/strict';
import { runInSlices, runSlice, runToEnd, type SlicedWork } from '../../src/common/slicedWork';
import { builtInScenarios } from '../../src/scenarios/builtInScenarios';
import { parseScenarioFile, parseScenarioFileInSlices } from '../../src/scenarios/scenarioFile';
import { statusTracker } from '../../src/trace/executionTable';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { keyMomentsLater, keyMomentsNow, stepsAnalysedAtOnce } from '../../src/trace/keyMomentsInSlices';
import { runScenario, scenarioRun, type Trace } from '../../src/trace/trace';
import { longScenario } from '../support/longScenario';
import { PanelQuiz, quizInputsLater } from '../../src/panel/panelContent';
import { generateQuiz, quizWork } from '../../src/trace/quiz';

/** Counts to `n`, pausing after each number, and returns the sum. */
function* counting(n: number, seen: number[]): SlicedWork<number> {
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    sum += i;
    seen.push(i);
    yield;
  }
  return sum;
}

describe('work in slices', () => {
  it('runs to the end at once, or a slice at a time', () => {
    assert.equal(runToEnd(counting(10, [])), 55);
    const seen: number[] = [];
    const work = counting(10, seen);
    const first = runSlice(work, 0);
    assert.equal(first.done, false);
    assert.deepEqual(seen, [1], 'a slice of 0 ms still goes to the next pause');
    assert.equal(runToEnd(work), 55);
  });

  it('lets the event loop run before the first slice and between slices', async () => {
    const seen: number[] = [];
    // Each turn of the event loop notes how far the work had got, and queues the next turn.
    const turns: number[] = [];
    let done = false;
    const turn = (): void => {
      turns.push(seen.length);
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    assert.equal(await runInSlices(counting(50, seen), 0), 1275);
    done = true;
    assert.equal(turns[0], 0, 'a callback queued before the work ran before its first slice');
    assert.ok(
      turns.some((at) => at > 0 && at < 50),
      `the event loop turned while the work ran: ${turns.join(',')}`,
    );
  });

  it('a scenario run in slices is the same trace', async () => {
    const scenario = longScenario(2_000);
    const sliced = await runInSlices(scenarioRun(scenario), 0);
    const whole = runScenario(scenario);
    assert.equal(sliced.steps.length, whole.steps.length);
    for (const index of [0, 1, 999, 2_000, sliced.steps.length - 1]) {
      assert.deepEqual(sliced.steps[index], whole.steps[index], `row ${index + 1}`);
      assert.deepEqual(sliced.states[index], whole.states[index], `state ${index + 1}`);
      assert.deepEqual(sliced.effects[index], whole.effects[index], `effects ${index + 1}`);
    }
  });

  it('a long scenario file is parsed in slices (its repeats expanded a part at a time) into the same scenario', () => {
    const text = [
      'name: long',
      'topics:',
      '  t: { partitions: 1, records: 300000 }',
      'consumers:',
      '  c1: { enable.auto.commit: false, max.poll.records: 1 }',
      'actions:',
      '  - c1 start',
      '  - repeat 20000:',
      '      - repeat 5:',
      '          - c1 poll',
      '          - c1 process',
      '      - c1 commitSync',
      '  - c1 process all',
      '  - c1 close',
      '',
    ].join('\n');
    const whole = parseScenarioFile(text);
    assert.ok((whole.scenario?.actions.length ?? 0) > 220_000, 'a long scenario');
    const work = parseScenarioFileInSlices(text);
    let pauses = 0;
    let next = work.next();
    for (; !next.done; next = work.next()) pauses += 1;
    assert.deepEqual(next.value, whole);
    // A pause every 65,536 actions written, and every 256 of the run that "process all" needs.
    assert.ok(pauses >= 3 + Math.floor(220_000 / 256), `${pauses} pauses`);
    const broken = parseScenarioFileInSlices(text.replace('c1 close', 'c9 close'));
    assert.deepEqual(runToEnd(broken), parseScenarioFile(text.replace('c1 close', 'c9 close')), 'diagnostics too');
  });

  it("a long trace's key moments found in slices are the ones found at once, and found once", async () => {
    const trace = runScenario(longScenario(30_000));
    assert.ok(trace.steps.length > stepsAnalysedAtOnce);
    assert.equal(keyMomentsNow(trace), undefined, 'a long trace is analysed in slices');
    const later = keyMomentsLater(trace);
    assert.equal(keyMomentsLater(trace), later, 'one search per trace');
    const moments = await later;
    assert.deepEqual(moments, findKeyMoments(trace));
    assert.ok(
      moments.some((m) => m.kind === 'duplicate'),
      'the crash midway makes duplicates',
    );
    assert.equal(keyMomentsNow(trace), moments, 'kept once found');
  });

  it("a long trace's quiz made in slices is the quiz made at once, for its own seed and the next", async () => {
    const trace = runScenario(longScenario(30_000));
    const inputs = await quizInputsLater(trace);
    assert.equal(inputs.index.askedRows.length, 2000, 'the rows the quiz may ask about are kept');
    let pauses = 0;
    const work = quizWork(trace, inputs);
    for (let next = work.next(); !next.done; next = work.next()) pauses++;
    assert.ok(pauses > 10, `the quiz pauses as it walks the steps it asks about (${pauses})`);
    const atOnce = new PanelQuiz(trace, 't#1', undefined, inputs);
    const inSlices = await PanelQuiz.inSlices(trace, 't#1', undefined, inputs);
    assert.ok(atOnce.questions.length >= 5, 'a quiz of several questions');
    assert.deepEqual(inSlices.questions, atOnce.questions);
    assert.deepEqual(atOnce.questions, generateQuiz(trace), 'the prepared inputs change nothing');
    assert.deepEqual((await inSlices.nextInSlices()).questions, atOnce.next().questions);
  });

  it("a short trace's key moments are ready at once", () => {
    for (const scenario of builtInScenarios()) {
      const trace = runScenario(scenario);
      assert.deepEqual(keyMomentsNow(trace), findKeyMoments(trace), scenario.name);
    }
  });

  it('the status tracker reads the columns as it would read the effects', () => {
    for (const scenario of builtInScenarios()) {
      const trace = runScenario(scenario);
      const withoutColumns: Trace = { ...trace, columns: undefined };
      assert.deepEqual(statusTracker(trace), statusTracker(withoutColumns), scenario.name);
    }
    assert.ok(
      builtInScenarios().some((s) =>
        statusTracker(runScenario(s)).some((e) => e.label.startsWith('After auto-commit')),
      ),
      'an auto-commit is among them',
    );
  });
});
