// The long-trace reader's byte scanner (src/trace/stepLineScanner.ts) against the general reader:
// the same file read both ways gives the same rows, states, effects and errors, for built-in and
// random scenarios and for lines mutated at random; a line the scanner declines leaves the state as
// it was; and the lines this project writes are indeed read by the scanner.

import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { builtInScenarios, findScenario } from '../../src/scenarios/builtInScenarios';
import { runScenario } from '../../src/trace/trace';
import { encodeTrace, TraceFileDecoder } from '../../src/trace/traceFile';
import { StepLineScanner } from '../../src/trace/stepLineScanner';
import { messageLabel, recordInHandOf } from '../../src/trace/stepColumns';
import { randomScenario } from '../support/randomScenario';

/** What reading some lines gave: the whole trace, or the error. */
interface Outcome {
  readonly error?: string;
  readonly steps?: unknown[];
  readonly kinds?: unknown[];
  readonly states?: unknown[];
  readonly effects?: unknown[];
}

/** Reads `lines` as a long trace (columns from the first step, a checkpoint every 3 steps), from text or from bytes. */
function read(lines: readonly string[], fromBytes: boolean): { outcome: Outcome; scanned: number } {
  const decoder = new TraceFileDecoder({ keptWhole: 0, checkpointEvery: 3 });
  try {
    let offset = 0;
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      if (fromBytes) decoder.acceptLineBytes(bytes, offset);
      else decoder.acceptLine(line, offset);
      offset += bytes.length + 1;
    }
    const { trace } = decoder.finish((from, to) => lines.slice(from.line - 1, to ? to.line - 1 : undefined));
    return {
      outcome: {
        steps: Array.from(trace.steps),
        kinds: Array.from(trace.kinds),
        states: Array.from(trace.states),
        effects: Array.from(trace.effects),
      },
      scanned: decoder.scannedLines,
    };
  } catch (error) {
    return { outcome: { error: (error as Error).message }, scanned: decoder.scannedLines };
  }
}

/** The state after the first `count` steps of `lines` (read the general way). */
function stateAfter(lines: readonly string[], count: number): Record<string, unknown> {
  const header = { ...(JSON.parse(lines[0]) as object), steps: count };
  const { outcome } = read([JSON.stringify(header), ...lines.slice(1, count + 1)], false);
  assert.equal(outcome.error, undefined);
  return outcome.states?.at(-1) as Record<string, unknown>;
}

function linesOf(scenario: Parameters<typeof runScenario>[0]): string[] {
  return [...encodeTrace(runScenario(scenario), { kind: 'scenario', name: scenario.name })];
}

describe('step line scanner (long trace files read from bytes)', () => {
  it('reads every built-in scenario as the general reader does, and reads most of its lines itself', () => {
    let stepLines = 0;
    let scanned = 0;
    for (const scenario of builtInScenarios()) {
      const lines = linesOf(scenario);
      const general = read(lines, false);
      const fast = read(lines, true);
      assert.equal(general.outcome.error, undefined, scenario.name);
      assert.deepStrictEqual(fast.outcome, general.outcome, scenario.name);
      assert.equal(general.scanned, 0, 'text lines are never scanned');
      stepLines += lines.length - 2; // the header, and the first step (a whole state, before the columns)
      scanned += fast.scanned;
    }
    // Lines the scanner leaves to JSON.parse: a row with several commits, an exception, escaped text.
    assert.ok(scanned >= 0.8 * stepLines, `${scanned} of ${stepLines} step lines scanned`);
  });

  it('reads random scenarios as the general reader does (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(randomScenario, (scenario) => {
        const lines = linesOf(scenario);
        const fast = read(lines, true);
        assert.deepStrictEqual(fast.outcome, read(lines, false).outcome);
      }),
      { seed: 20261204, numRuns: 200 },
    );
  });

  // Lines of a few traces, mutated at one place by a character JSON cares about.
  const samples = ['commit-after-process', 'rebalance', 'auto-commit-crash', 'aborted-transaction']
    .map((name) => findScenario(name))
    .filter((scenario) => scenario !== undefined)
    .map((scenario) => linesOf(scenario));
  const mutation = fc.record({
    sample: fc.nat(samples.length - 1),
    line: fc.nat(),
    at: fc.nat(),
    how: fc.constantFrom('replace', 'insert', 'delete'),
    char: fc.constantFrom(...'{}[],:"\\0159-.eEnul ta\u00e9\u0001_'.split(''), '__proto__', '"=":', '"-":[]'),
  });
  const mutate = (
    lines: readonly string[],
    m: { line: number; at: number; how: string; char: string },
  ): { lines: string[]; index: number } => {
    const index = 2 + (m.line % (lines.length - 2)); // a step line after the first
    const text = lines[index];
    const at = m.at % (text.length + 1);
    const changed =
      m.how === 'insert'
        ? text.slice(0, at) + m.char + text.slice(at)
        : m.how === 'delete'
          ? text.slice(0, at) + text.slice(at + 1)
          : text.slice(0, at) + m.char + text.slice(at + 1);
    const copy = [...lines];
    copy[index] = changed;
    return { lines: copy, index };
  };

  it('a mutated line: the same trace or the same error both ways (fast-check, fixed seed)', function () {
    this.timeout(120_000); // two whole reads a run
    assert.equal(samples.length, 4);
    let read_ = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutation, (m) => {
        const { lines } = mutate(samples[m.sample], m);
        const general = read(lines, false).outcome;
        assert.deepStrictEqual(read(lines, true).outcome, general);
        if (general.error === undefined) read_ += 1;
        else refused += 1;
      }),
      { seed: 20261204, numRuns: 2000 },
    );
    assert.ok(read_ > 200 && refused > 200, `${read_} mutated files read, ${refused} refused`);
  });

  it('a line it declines leaves the state as it was (fast-check, fixed seed)', function () {
    this.timeout(120_000);
    // The state before each line of each sample, read once.
    const before = new Map<string, Record<string, unknown>>();
    const stateBefore = (sample: number, index: number) => {
      const key = `${sample}:${index}`;
      let state = before.get(key);
      if (!state) before.set(key, (state = stateAfter(samples[sample], index - 1))); // line `index` is step `index`
      return state;
    };
    let declined = 0;
    fc.assert(
      fc.property(mutation, (m) => {
        const { lines, index } = mutate(samples[m.sample], m);
        const original = stateBefore(m.sample, index);
        const state = structuredClone(original);
        const scanned = new StepLineScanner().scan(Buffer.from(lines[index]), index, state);
        if (scanned === undefined) {
          declined += 1;
          assert.deepStrictEqual(state, original);
        }
      }),
      { seed: 20261204, numRuns: 2000 },
    );
    assert.ok(declined > 500, `${declined} of 2000 mutated lines declined`);
  });

  it('declines what it does not read: spaces, escapes, other field orders, "=" and "-" deltas, a wrong step', () => {
    const lines = linesOf(findScenario('commit-after-process') ?? assert.fail());
    const line = lines[2]; // step 2
    const before = stateAfter(lines, 1);
    const scan = (text: string) => new StepLineScanner().scan(Buffer.from(text), 2, structuredClone(before));
    assert.ok(scan(line), 'the line as written is read');
    assert.equal(scan(line.replace('{"step":2,', '{ "step":2,')), undefined);
    assert.equal(scan(line.replace('"step":2', '"step":3')), undefined);
    assert.equal(scan(line.replace('"action":"', '"action":"\\u0041')), undefined);
    const value = JSON.parse(line) as Record<string, unknown>;
    const { step, ...rest } = value;
    assert.equal(scan(JSON.stringify({ ...rest, step })), undefined, 'another field order');
    assert.equal(scan(JSON.stringify({ ...value, delta: { '=': before } })), undefined);
    assert.equal(scan(JSON.stringify({ ...value, delta: { '{': {}, '-': ['group'] } })), undefined);
    assert.equal(
      scan(JSON.stringify({ ...value, delta: { '{': { consumers: [] } } })),
      undefined,
      'the consumers list replaced',
    );
    for (const label of ['Message at offset -0', 'Message at offset -3', 'Message at offset 07']) {
      const other = line.replace('"messageProcessed":"Message at offset 0"', `"messageProcessed":"${label}"`);
      assert.notEqual(other, line);
      const withOther = [...lines];
      withOther[2] = other;
      const general = read(withOther, false).outcome;
      assert.equal((general.steps?.[1] as { messageProcessed: string }).messageProcessed, label);
      assert.deepStrictEqual(read(withOther, true).outcome, general, label);
    }
    // A key twice: JSON.parse keeps the last one, the scanner leaves such lines to it.
    const twice = line.replace('"phase":"stable"', '"phase":"stable","phase":"rebalancing"');
    assert.notEqual(twice, line);
    assert.equal(scan(twice), undefined);
    const withTwice = [...lines];
    withTwice[2] = twice;
    const general = read(withTwice, false).outcome;
    assert.equal((general.states?.[1] as { consumers: { phase: string }[] }).consumers[0].phase, 'rebalancing');
    assert.deepStrictEqual(read(withTwice, true).outcome, general);
  });

  it('takes "Message at offset N" for N exactly when the label of N is the text (fast-check, fixed seed)', () => {
    // The reading it replaces: the last digits, and the label they make must be the whole text.
    const byPattern = (message: string): number | null => {
      const match = /(\d+)\s*$/.exec(message);
      return match && message === messageLabel(Number(match[1])) ? Number(match[1]) : null;
    };
    const text = fc.oneof(
      fc.string(),
      fc.nat().map((n) => messageLabel(n)),
      fc.bigInt({ min: 0n, max: 10n ** 25n }).map((n) => `Message at offset ${n}`),
      fc
        .tuple(fc.nat(), fc.constantFrom(' ', '0', 'x', '\u0663', '.5'))
        .map(([n, tail]) => `Message at offset ${n}${tail}`),
      fc.nat().map((n) => `Message at offset 0${n}`),
    );
    fc.assert(
      fc.property(text, (message) => assert.equal(recordInHandOf(message), byPattern(message))),
      { seed: 20261204, numRuns: 5000 },
    );
    assert.equal(recordInHandOf(null), null);
  });
});
