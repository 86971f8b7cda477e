// The debugger's runtime on real traces (docs/debugger.md): stepping both ways, continue and
// reverse continue, goto, line breakpoints with conditions, hit counts and logpoints, data
// breakpoints, pause, and the end of the trace.

import * as assert from 'node:assert/strict';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { dataIdOf, parseDataId, TraceRuntime, type RuntimeStop } from '../../src/debugger/traceRuntime';
import type { Scenario } from '../../src/simulator/model';
import type { SimulatorState } from '../../src/simulator/offsetSimulator';
import { runScenario, type Trace } from '../../src/trace/trace';

/** The seed as its scenario file writes it: start (line 10), a repeat of poll/process/commitSync (12–14), close (15). */
const seedLines = [10, 12, 13, 14, 12, 13, 14, 12, 13, 14, 15];

function seedTrace(): Trace {
  return runScenario(findScenario('commit-after-process') ?? assert.fail('seed scenario'));
}

/** A runtime whose stops, outputs and end are recorded in order. */
function recordingRuntime(trace: Trace, lines: readonly number[]) {
  const runtime = new TraceRuntime(trace, lines);
  const stops: RuntimeStop[] = [];
  const outputs: string[] = [];
  let ended = 0;
  runtime.on('stopped', (stop) => stops.push(stop));
  runtime.on('output', (output) => outputs.push(output.text));
  runtime.on('end', () => (ended += 1));
  return { runtime, stops, outputs, ended: () => ended };
}

/** The 1-based steps and reasons of the stops so far. */
function stepsOf(stops: readonly RuntimeStop[]): string[] {
  return stops.map((stop) => `${stop.index + 1}:${stop.reason}`);
}

describe('debugger runtime', () => {
  it('stops on entry at step 1; next and stepBack move one step; at the ends it says so', () => {
    const { runtime, stops, ended } = recordingRuntime(seedTrace(), seedLines);
    runtime.start(true);
    runtime.stepForward();
    runtime.stepForward();
    runtime.stepBackward();
    runtime.stepBackward();
    runtime.stepBackward();
    assert.deepEqual(stepsOf(stops), ['1:entry', '2:step', '3:step', '2:step', '1:step', '1:entry']);
    runtime.goto(10);
    runtime.stepForward();
    assert.equal(ended(), 1, 'next at the last step ends the program');
    assert.equal(runtime.index, 10);
  });

  it('a line breakpoint in a repeat block stops once per iteration, forward and backward', async () => {
    const { runtime, stops, ended } = recordingRuntime(seedTrace(), seedLines);
    const [breakpoint] = runtime.setLineBreakpoints([{ line: 13 }]);
    assert.equal(breakpoint.verified, true);
    runtime.start(true);
    await runtime.continueForward();
    await runtime.continueForward();
    await runtime.continueForward();
    await runtime.continueForward();
    assert.deepEqual(stepsOf(stops), ['1:entry', '3:breakpoint', '6:breakpoint', '9:breakpoint']);
    assert.equal(ended(), 1);
    assert.deepEqual(stops[1].breakpointIds, [breakpoint.id]);
    runtime.goto(10);
    await runtime.continueBackward();
    await runtime.continueBackward();
    await runtime.continueBackward();
    await runtime.continueBackward();
    assert.deepEqual(stepsOf(stops.slice(4)), ['11:goto', '9:breakpoint', '6:breakpoint', '3:breakpoint', '1:entry']);
  });

  it('a breakpoint on a line without an action is not verified', () => {
    const { runtime } = recordingRuntime(seedTrace(), seedLines);
    const [onBlank, onAction] = runtime.setLineBreakpoints([{ line: 11 }, { line: 14 }]);
    assert.equal(onBlank.verified, false);
    assert.match(onBlank.message ?? '', /No action/);
    assert.equal(onAction.verified, true);
    assert.deepEqual(runtime.actionLines, [10, 12, 13, 14, 15]);
  });

  it('a condition is tested on the state after the step: committed == 2 stops at step 7', async () => {
    const { runtime, stops } = recordingRuntime(seedTrace(), seedLines);
    runtime.setLineBreakpoints([{ line: 14, condition: 'committed == 2' }]);
    runtime.start(false);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(stepsOf(stops), ['7:breakpoint']);
    assert.equal(seedTrace().steps[6].offsetCommitted, 2);
  });

  it('a condition that does not compile leaves the breakpoint unverified, with its column', () => {
    const { runtime } = recordingRuntime(seedTrace(), seedLines);
    const [bad] = runtime.setLineBreakpoints([{ line: 14, condition: 'committed = 2' }]);
    assert.equal(bad.verified, false);
    assert.match(bad.message ?? '', /condition: .*column \d+/);
  });

  it('hit counts count the steps of the line up to the examined step, whichever way you go', async () => {
    const { runtime, stops } = recordingRuntime(seedTrace(), seedLines);
    runtime.setLineBreakpoints([{ line: 12, hitCondition: '%2' }]);
    runtime.start(true);
    await runtime.continueForward();
    assert.deepEqual(stepsOf(stops), ['1:entry', '5:breakpoint'], 'the 2nd poll is step 5');
    runtime.goto(10);
    await runtime.continueBackward();
    assert.equal(stops[stops.length - 1].index + 1, 5, 'backward, the same 2nd hit');
    runtime.setLineBreakpoints([{ line: 12, hitCondition: '3' }]);
    runtime.goto(0);
    await runtime.continueForward();
    assert.equal(stops[stops.length - 1].index + 1, 8, 'exactly the 3rd poll');
  });

  it('logpoints print going forward and never stop', async () => {
    const { runtime, stops, outputs, ended } = recordingRuntime(seedTrace(), seedLines);
    runtime.setLineBreakpoints([{ line: 14, logMessage: 'step {step}: committed {committed}, lag {lag}' }]);
    runtime.start(true);
    await runtime.continueForward();
    assert.deepEqual(outputs, [
      'step 4: committed 1, lag 2\n',
      'step 7: committed 2, lag 1\n',
      'step 10: committed 3, lag 0\n',
    ]);
    assert.deepEqual(stepsOf(stops), ['1:entry']);
    assert.equal(ended(), 1);
    runtime.goto(2);
    runtime.stepForward();
    assert.equal(outputs.length, 4, 'a single step onto the line logs too');
    await runtime.continueBackward();
    assert.equal(outputs.length, 4, 'going backward is silent');
  });

  it('a step that cannot be read while running (a trace file changed on disk) stops there and says why', async () => {
    const seed = seedTrace();
    const states = new Proxy(seed.states as SimulatorState[], {
      get(target, key, receiver) {
        if (key === '5') throw new Error('the file changed on disk since it was opened; open it again');
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const { runtime, stops, outputs } = recordingRuntime({ ...seed, states }, seedLines);
    runtime.setDataBreakpoints([
      { dataId: dataIdOf({ consumer: 'c1', partition: 'orders-0', variable: 'Offset Committed' }) },
    ]);
    runtime.start(true);
    await runtime.continueForward(); // the commit of step 4
    await runtime.continueForward(); // step 6 cannot be read
    assert.deepEqual(stepsOf(stops), ['1:entry', '4:data breakpoint', '6:pause']);
    assert.deepEqual(outputs, ['the file changed on disk since it was opened; open it again\n']);
  });

  it('a data breakpoint stops where the watched variable changes, both ways', async () => {
    const { runtime, stops } = recordingRuntime(seedTrace(), seedLines);
    const dataId = dataIdOf({ consumer: 'c1', partition: 'orders-0', variable: 'Offset Committed' });
    assert.deepEqual(parseDataId(dataId), { consumer: 'c1', partition: 'orders-0', variable: 'Offset Committed' });
    const [watch] = runtime.setDataBreakpoints([{ dataId }]);
    assert.equal(watch.verified, true);
    runtime.start(true);
    await runtime.continueForward();
    await runtime.continueForward();
    await runtime.continueForward();
    // c1 shows orders-0 from step 1 (subscribed, Offset Committed No); the commits of steps 4, 7 and 10 change it.
    assert.deepEqual(stepsOf(stops), ['1:entry', '4:data breakpoint', '7:data breakpoint', '10:data breakpoint']);
    await runtime.continueBackward();
    await runtime.continueBackward();
    assert.deepEqual(stepsOf(stops.slice(4)), ['7:data breakpoint', '4:data breakpoint']);
    const [unknown] = runtime.setDataBreakpoints([{ dataId: 'nonsense' }]);
    assert.equal(unknown.verified, false);
    const never = runtime.setDataBreakpoints([
      { dataId: dataIdOf({ consumer: 'c9', partition: 'orders-0', variable: 'Lag' }) },
      { dataId: dataIdOf({ consumer: 'c1', partition: 'orders-7', variable: 'Lag' }) },
      { dataId, accessType: 'read' },
    ]);
    assert.deepEqual(
      never.map((bp) => bp.verified),
      [false, false, false],
      'a breakpoint that could never fire is not verified',
    );
  });

  it('start without stopOnEntry runs to the first breakpoint, even on step 1 itself', () => {
    const { runtime, stops } = recordingRuntime(seedTrace(), seedLines);
    runtime.setLineBreakpoints([{ line: 10 }]);
    runtime.start(false);
    assert.deepEqual(stepsOf(stops), ['1:breakpoint']);
  });

  it('goto refuses a step that does not exist', () => {
    const { runtime, stops } = recordingRuntime(seedTrace(), seedLines);
    assert.equal(runtime.goto(11), false);
    assert.equal(runtime.goto(-1), false);
    assert.equal(runtime.goto(1.5), false);
    assert.deepEqual(stops, []);
    assert.deepEqual(runtime.stepsOfLine(13), [2, 5, 8]);
  });

  it('pause stops a long continue part-way', async () => {
    const records = 30_000;
    const scenario: Scenario = {
      name: 'long',
      title: 'long',
      summary: '',
      group: 'g',
      topics: [{ name: 't', partitions: [{ partition: 0, records }] }],
      consumers: [{ id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' } }],
      actions: [
        { type: 'start', consumer: 'c1' },
        ...Array.from({ length: records }, () => [
          { type: 'poll' as const, consumer: 'c1' },
          { type: 'process' as const, consumer: 'c1' },
        ]).flat(),
      ],
    };
    const trace = runScenario(scenario);
    const { runtime, stops, ended } = recordingRuntime(
      trace,
      trace.steps.map((_, i) => (i === 0 ? 1 : i % 2 === 1 ? 2 : 3)),
    );
    runtime.start(true);
    const running = runtime.continueForward();
    assert.equal(runtime.isRunning, true);
    runtime.pause();
    await running;
    assert.equal(stops[stops.length - 1].reason, 'pause');
    assert.ok(stops[stops.length - 1].index > 0 && stops[stops.length - 1].index < trace.steps.length - 1);
    assert.equal(ended(), 0);
  });
});
