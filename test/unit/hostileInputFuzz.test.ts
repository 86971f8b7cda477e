// Hostile input, fuzzed (fast-check, fixed seed): the scenario-file parser, the trace-file reader and
// the expression compiler each take 10,000+ generated inputs (any UTF-16 text with lone surrogates and
// control characters, text built from the format's own pieces, and mutations of a valid example).
// Every input is accepted or refused with a non-empty one-line message, and a line or column it names
// lies inside the input; nothing else is ever thrown. (No timed assertions: the sizes keep the file
// to a few seconds.)

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  compileExpression,
  compileLogMessage,
  evaluateExpression,
  parseHitCondition,
  type ExpressionScope,
} from '../../src/debugger/expression';
import { builtInScenarioFiles, findScenario } from '../../src/scenarios/builtInScenarios';
import { isScenarioText, parseScenarioFile, type ScenarioDiagnostic } from '../../src/scenarios/scenarioFile';
import { runScenario } from '../../src/trace/trace';
import { encodeTrace, isTraceFileHeader, TraceFileDecoder, TraceFileError } from '../../src/trace/traceFile';
import { readTraceFile } from '../../src/trace/traceFileIo';
import { loadTraceFile, TraceLoadError } from '../../src/trace/traceLoader';

const seed = 0x5eed;
/** More inputs for the bench: HOSTILE_FUZZ_SCALE=10 runs ten times as many (same seed). */
const scale = Math.max(1, Number(process.env.HOSTILE_FUZZ_SCALE ?? 1) || 1);
const runs = (numRuns: number) => ({ seed, numRuns: Math.round(numRuns * scale) });

/**
 * A message fit for one line of output: not empty, and with no line break of its own (a message that
 * quotes the input, an unknown key or a hit condition, writes its line breaks as `\n`).
 */
function assertOneLine(message: unknown, what: string, _input = ''): void {
  assert.equal(typeof message, 'string', `${what}: a message`);
  assert.ok((message as string).trim().length > 0, `${what}: a non-empty message`);
  assert.ok(!/[\r\n]/.test(message as string), `${what}: one line, got ${JSON.stringify(message)}`);
}

/** Any UTF-16 text, lone surrogates and control characters included, mostly printable ASCII. */
function anyText(maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
        { weight: 1, arbitrary: fc.constantFrom(0x0a, 0x0d, 0x09, 0x00, 0x0b, 0x0c, 0x85, 0x2028, 0xfeff) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }) },
        { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
      ),
      { maxLength },
    )
    .map((codes) => String.fromCharCode(...codes));
}

/** Text made of the given pieces. */
function piecesOf(pieces: readonly string[], maxPieces: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength: maxPieces }).map((parts) => parts.join(''));
}

type Edit = readonly ['insert' | 'delete' | 'duplicate' | 'swap', number, string];

/** Inserts, deletes, duplicates or swaps characters of one of `texts`. */
function mutationsOf(texts: readonly string[], inserted: readonly string[], maxEdits = 6): fc.Arbitrary<string> {
  const edit: fc.Arbitrary<Edit> = fc.tuple(
    fc.constantFrom('insert' as const, 'delete' as const, 'duplicate' as const, 'swap' as const),
    fc.nat(),
    fc.oneof(fc.constantFrom(...inserted), anyText(2)),
  );
  return fc
    .tuple(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: maxEdits }))
    .map(([which, edits]) => {
      let text = texts[which];
      for (const [kind, position, chars] of edits) {
        const at = position % (text.length + 1);
        if (kind === 'insert') text = text.slice(0, at) + chars + text.slice(at);
        else if (kind === 'delete') text = text.slice(0, at) + text.slice(at + 1 + (position % 3));
        else if (kind === 'duplicate')
          text = text.slice(0, at) + text.slice(at, at + 1 + (position % 5)) + text.slice(at);
        else if (at + 1 < text.length) text = text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
      }
      return text;
    });
}

/** Whole lines of a text deleted, duplicated or swapped. */
function lineMutationsOf(texts: readonly string[], lineBreak: RegExp): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.nat({ max: texts.length - 1 }),
      fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap'), fc.nat(), fc.nat()), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([which, edits]) => {
      const lines = texts[which].split(lineBreak);
      for (const [kind, a, b] of edits) {
        if (lines.length === 0) break;
        const i = a % lines.length;
        const j = b % lines.length;
        if (kind === 'delete') lines.splice(i, 1);
        else if (kind === 'duplicate') lines.splice(i, 0, lines[i]);
        else [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return lines.join('\n');
    });
}

// ---------------------------------------------------------------------------------------------------
// Scenario files

/** Whether a diagnostic's range lies inside the text (lines split at `\n`, columns up to line end + 1). */
function insideText(text: string, d: ScenarioDiagnostic): boolean {
  const lines = text.split('\n');
  const fits = (line: number, column: number) =>
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1].length + 1;
  const ordered = d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column);
  return fits(d.line, d.column) && fits(d.endLine, d.endColumn) && ordered;
}

function checkScenario(text: string): void {
  const result = parseScenarioFile(text, { fileName: 'fuzz.offsets.yaml' });
  for (const d of result.diagnostics) {
    assertOneLine(d.message, 'a diagnostic', text);
    assert.ok(!d.message.startsWith('internal error'), `the parser failed inside: ${d.message}`);
    assert.ok(d.severity === 'error' || d.severity === 'warning', d.severity);
    assert.ok(insideText(text, d), `${JSON.stringify(d)} inside the text`);
  }
  const hasError = result.diagnostics.some((d) => d.severity === 'error');
  assert.equal(result.scenario === undefined, hasError, 'a scenario exactly when there is no error');
  if (result.scenario) {
    const lines = text.split('\n').length;
    for (const action of result.scenario.actions) assert.ok(action.at && action.at.line <= lines);
  }
  assert.equal(typeof isScenarioText(text), 'boolean');
}

const scenarioTexts = builtInScenarioFiles.map((f) => f.text).filter((t) => t.length <= 1300);

const scenarioPieces = [
  'topics:',
  'consumers:',
  'actions:',
  'group:',
  'name: x',
  'title: "T"',
  'summary: >',
  'settings:',
  '  - ',
  '    - ',
  '  orders:',
  '  orders: { partitions: 2, records: [1, 2] }',
  '  payments: { partitions: 1, records: 3, logStart: 1 }',
  '  c1: { max.poll.records: 1 }',
  '  c2: { enable.auto.commit: false, auto.offset.reset: earliest }',
  '  c1: { group.protocol: consumer, isolation.level: read_committed }',
  '  id: g1',
  '  session.timeout.ms: 6000',
  'c1 poll',
  'c2 poll',
  'c1 process',
  'c1 process all',
  'c1 process 3',
  'c1 commit',
  'c1 commit-async',
  'c1 commit orders-0 5',
  'c1 seek orders-1 0',
  'c1 crash',
  'c1 close',
  'c1 join',
  'c1 leave',
  'c1 subscribe orders',
  'c1 assign orders-0',
  'c1 pause orders-0',
  'begin-transaction',
  'commit-transaction',
  'abort-transaction',
  'repeat 3:',
  'repeat 0:',
  'repeat 100000:',
  'repeat 99999999999999999999:',
  'wait 5s',
  'wait 100ms',
  'wait -1s',
  'produce orders-1 2',
  'produce orders 1',
  'produce orders-9 1',
  ' "label: x"',
  " 'it''s'",
  ' "\\u00e9\\x"',
  "'",
  '"',
  '{',
  '}',
  '[',
  ']',
  ':',
  ': ',
  ',',
  '#',
  '# c',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '  ',
  '*a',
  '&a ',
  '<<: *a',
  '!!str ',
  '!!binary ',
  '? ',
  '|',
  '---',
  '...',
  '%YAML 1.2',
  '-1',
  '1e999',
  '0x10',
  'true',
  'null',
  '~',
  '\uFEFF',
  '\uD800',
  '\u0000',
  'é',
];

describe('hostile scenario files (fast-check, seed 0x5eed, 10,000 inputs)', function () {
  this.timeout(20_000 * scale);
  it('any text is parsed into a scenario or diagnostics inside the text, never thrown out', () => {
    fc.assert(fc.property(anyText(300), checkScenario), runs(3500));
  });

  it('text made of scenario-file keys, verbs and YAML syntax likewise', () => {
    fc.assert(fc.property(piecesOf(scenarioPieces, 40), checkScenario), runs(4000));
  });

  it('built-in files with characters inserted, deleted, duplicated or swapped likewise', () => {
    const inserted = [':', ' ', '-', '"', "'", '#', '\n', '\r', '\t', '{', '[', '9', 'x', '&', '*', '!', '|', '>'];
    fc.assert(fc.property(mutationsOf(scenarioTexts, inserted), checkScenario), runs(2000));
  });

  it('built-in files with whole lines deleted, duplicated or swapped likewise', () => {
    fc.assert(fc.property(lineMutationsOf(scenarioTexts, /\n/), checkScenario), runs(500));
  });
});

// ---------------------------------------------------------------------------------------------------
// Trace files

/** Lines as `readTraceFile` gets them from readline (crlfDelay: Infinity). */
const traceLines = (text: string): string[] => text.split(/\r?\n|\r(?!\n)/);

/**
 * The sync reader's verdict on a text: the trace, or a TraceFileError whose one-line message names a
 * line of the file (or none, for what concerns the whole file). Anything else thrown fails the test.
 */
function checkTrace(text: string): 'read' | 'refused' {
  const lines = traceLines(text);
  const decoder = new TraceFileDecoder();
  try {
    for (const line of lines) decoder.acceptLine(line);
    const { header, trace, warnings } = decoder.finish();
    assert.equal(typeof header.version, 'number');
    assert.ok(trace.steps.length >= 1);
    assert.equal(trace.states.length, trace.steps.length);
    assert.equal(trace.kinds.length, trace.steps.length);
    assert.equal(trace.effects.length, trace.steps.length);
    trace.steps.forEach((step, index) => assert.equal(step.step, index + 1));
    for (const warning of warnings) assertOneLine(warning, 'a warning');
    return 'read';
  } catch (error) {
    assert.ok(error instanceof TraceFileError, `threw ${error instanceof Error ? error.stack : String(error)}`);
    assertOneLine(error.message, 'a refusal');
    if (error.line !== undefined) {
      assert.ok(Number.isInteger(error.line) && error.line >= 1 && error.line <= lines.length, error.message);
      assert.ok(error.message.startsWith(`line ${error.line}: `), error.message);
    }
    isTraceFileHeader(lines[0]);
    return 'refused';
  }
}

const sampleTrace = runScenario(findScenario('commit-after-process') ?? assert.fail('no commit-after-process'));
const sampleLines = [...encodeTrace(sampleTrace, { kind: 'scenario', name: 'commit-after-process' })];
const recordingLines = [
  JSON.stringify({ format: 'kafka-offset-trace', version: 1, origin: { kind: 'recording' } }),
  ...sampleLines.slice(1),
];
const traceTexts = [`${sampleLines.join('\n')}\n`, `${recordingLines.slice(0, 6).join('\r\n')}\r\n`];

/** JSON values of every kind, the trace format's own among them. */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    1,
    2,
    -1,
    0.5,
    1e308,
    '',
    'x',
    'orders',
    'c1',
    'Poll',
    'Message at offset 3',
    'Message at offset 99999999999999999999',
    'recording',
    'scenario',
    'kafka-offset-trace',
    '__proto__',
    'constructor',
    [],
    [null],
    [1, 2],
    {},
    { '=': 1 },
    { '{': {} },
    { '{': { clockMs: 1 } },
    { '{': { partitions: 1 } },
    { '{': { consumers: { '[': { '0': null } } } },
    { '[': { '0': 1 } },
    { '[': { '9': 1 } },
    { '-': ['clockMs'] },
    { '{': {}, '-': ['partitions'] },
    { clockMs: 0, partitions: [], consumers: [] },
    { clockMs: 0, partitions: [null], consumers: [null] },
    { clockMs: 0, partitions: [{}], consumers: [{}] },
    { clockMs: 0, partitions: [1], consumers: ['c1'] },
    { clockMs: 0, partitions: [], consumers: [{ id: 'c1', partitions: null }] },
    { clockMs: 0, partitions: [], consumers: [{ id: 'c2', partitions: [null] }] },
    { clockMs: 0, partitions: [], consumers: [{ id: 'c2', partitions: [{ topic: 'orders', partition: 0 }] }] },
    { processed: 1 },
    { processed: [] },
    { errors: [null] },
  ),
  anyText(6),
  fc.double(),
  fc.integer(),
);

const stepFieldNames = [
  'step',
  'action',
  'offsetRead',
  'messageProcessed',
  'offsetCommitted',
  'nextOffsetToRead',
  'consumer',
  'topic',
  'partition',
  'position',
  'logEndOffset',
  'lag',
  'commits',
  'exception',
  'line',
  'column',
  'kind',
  'state',
  'delta',
  'effects',
];
const headerFieldNames = ['format', 'version', 'origin', 'scenario', 'steps'];

/** A JSON line of trace-file fields: mostly plausible values, some of any kind. */
function jsonLine(names: readonly string[], plausible: (name: string, index: number) => unknown) {
  return fc
    .tuple(
      fc.subarray([...names]),
      fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: jsonValue }), {
        minLength: names.length,
        maxLength: names.length,
      }),
      fc.nat({ max: 30 }),
    )
    .map(([chosen, values, index]) => {
      const object: Record<string, unknown> = {};
      chosen.forEach((name, i) => (object[name] = values[i] !== undefined ? values[i] : plausible(name, index)));
      return JSON.stringify(object);
    });
}

const headerLine = jsonLine(headerFieldNames, (name, index) => {
  if (name === 'format') return 'kafka-offset-trace';
  if (name === 'version') return index % 7 === 0 ? 2 : 1;
  if (name === 'origin') return index % 2 === 0 ? { kind: 'recording' } : { kind: 'scenario', name: 'x', file: 'x' };
  if (name === 'scenario') return { name: 'n', title: 't', settings: ['a'] };
  return index % 5;
});

const stepLine = jsonLine(stepFieldNames, (name, index) => {
  switch (name) {
    case 'step':
      return 1 + (index % 4);
    case 'action':
      return 'c1 poll';
    case 'consumer':
      return index % 2 === 0 ? 'c1' : 'c2';
    case 'topic':
      return 'orders';
    case 'messageProcessed':
      return `Message at offset ${index}`;
    case 'kind':
      return 'poll';
    case 'state':
      return sampleTrace.states[index % sampleTrace.states.length];
    case 'delta':
      return { '{': { clockMs: index } };
    case 'effects':
      return { processed: [] };
    case 'commits':
      return [];
    case 'exception':
      return 'boom';
    default:
      return index % 3;
  }
});

/** Files of a header-ish line and step-ish lines, with broken and blank lines here and there. */
const traceFromFields = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: headerLine }, { weight: 1, arbitrary: anyText(40) }),
    fc.array(
      fc.oneof(
        { weight: 8, arbitrary: stepLine },
        { weight: 1, arbitrary: fc.constantFrom('', '   ', '{', '[]', 'null', '1', '"x"', '{"step":1', '\uFEFF{}') },
        { weight: 1, arbitrary: anyText(20) },
      ),
      { maxLength: 6 },
    ),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([header, steps, lineBreak]) => [header, ...steps].join(lineBreak));

/** A whole state of any shape, then steps with only `demo --json`'s fields, rebuilt from that state. */
const stateThenRows = fc
  .tuple(
    fc.oneof(
      jsonValue,
      fc.record({
        clockMs: fc.constantFrom(0, 5),
        partitions: fc.array(jsonValue, { maxLength: 2 }),
        consumers: fc.array(
          fc.oneof(jsonValue, fc.record({ id: fc.constantFrom('c1', 'c2', 3), partitions: jsonValue })),
          { maxLength: 2 },
        ),
      }),
    ),
    fc.array(
      fc.record({
        topic: fc.constantFrom('orders', null, 1),
        partition: fc.constantFrom(0, 1, null),
        consumer: fc.constantFrom('c1', 'c2', null),
        offsetCommitted: fc.constantFrom(0, null),
        messageProcessed: fc.constantFrom('Message at offset 1', null),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([state, rows]) =>
    [
      JSON.stringify({ format: 'kafka-offset-trace', version: 1, origin: { kind: 'recording' } }),
      JSON.stringify({ step: 1, action: 'Start', state }),
      ...rows.map((row, index) => JSON.stringify({ step: index + 2, action: 'Poll', ...row })),
    ].join('\n'),
  );

describe('hostile trace files (fast-check, seed 0x5eed, 10,400 inputs)', function () {
  this.timeout(20_000 * scale);
  let folder: string;
  before(() => (folder = mkdtempSync(path.join(tmpdir(), 'offset-trace-fuzz-'))));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('any text is read into a trace or refused with a TraceFileError naming a line of the file', () => {
    fc.assert(
      fc.property(anyText(300), (text) => void checkTrace(text)),
      runs(3000),
    );
  });

  it('JSON lines of trace-file fields with values of any kind likewise', () => {
    fc.assert(
      fc.property(traceFromFields, (text) => void checkTrace(text)),
      runs(4000),
    );
  });

  it('a whole state of any shape followed by steps of another tool likewise', () => {
    fc.assert(
      fc.property(stateThenRows, (text) => void checkTrace(text)),
      runs(1000),
    );
  });

  it('found by the fuzzing: a state whose partitions or consumers are not objects is refused by line, not a TypeError', () => {
    const header = JSON.stringify({ format: 'kafka-offset-trace', version: 1, origin: { kind: 'recording' } });
    const row = JSON.stringify({ step: 2, action: 'Poll', topic: 'orders', partition: 0, consumer: 'c1' });
    for (const [state, message] of [
      [{ clockMs: 0, partitions: [null], consumers: [] }, /^line 2: "state.partitions" must be a list of objects$/],
      [{ clockMs: 0, partitions: [], consumers: [null] }, /^line 2: "state.consumers" must be a list of objects/],
      [{ clockMs: 0, partitions: [], consumers: [{ id: 'c2' }] }, /^line 2: "state.consumers" .* "partitions" list/],
      [{ clockMs: 0, partitions: [], consumers: [{ id: 'c2', partitions: [1] }] }, /^line 2: "state.consumers"/],
    ] as const) {
      const decoder = new TraceFileDecoder();
      assert.throws(
        () => {
          for (const line of [header, JSON.stringify({ step: 1, action: 'Start', state }), row])
            decoder.acceptLine(line);
          decoder.finish();
        },
        (error: Error) => error instanceof TraceFileError && message.test(error.message),
      );
    }
    // A delta that leaves such a state is refused the same way.
    const good = { clockMs: 0, partitions: [], consumers: [] };
    const delta = JSON.stringify({ step: 2, action: 'Poll', delta: { '{': { partitions: [null] } } });
    const decoder = new TraceFileDecoder();
    decoder.acceptLine(header);
    decoder.acceptLine(JSON.stringify({ step: 1, action: 'Start', state: good }));
    assert.throws(
      () => decoder.acceptLine(delta),
      /^TraceFileError: line 3: "state.partitions" must be a list of objects$/,
    );
  });

  it('a valid trace file with characters inserted, deleted, duplicated or swapped likewise', () => {
    const inserted = ['{', '}', '[', ']', '"', ',', ':', '\n', '\r', '0', '-', 'null', '\\', 'e9', '\\u0000'];
    fc.assert(
      fc.property(mutationsOf(traceTexts, inserted, 4), (text) => void checkTrace(text)),
      runs(2000),
    );
  });

  it('a valid trace file with whole lines deleted, duplicated or swapped likewise', () => {
    fc.assert(
      fc.property(lineMutationsOf(traceTexts, /\r?\n/), (text) => void checkTrace(text)),
      runs(1000),
    );
  });

  it('streamed from disk (readTraceFile, loadTraceFile as `run TRACE` opens it): the same verdict, one line per problem naming the file', async () => {
    const file = path.join(folder, 'fuzz.offsets-trace.jsonl');
    const anyTrace = fc.oneof(traceFromFields, mutationsOf(traceTexts, ['{', '"', '\n', '\r', ','], 3));
    await fc.assert(
      fc.asyncProperty(anyTrace, async (text) => {
        const verdict = checkTrace(text);
        writeFileSync(file, text, 'utf8');
        // The bytes on disk decode back to the text only when it has no lone surrogates.
        const sameText = Buffer.from(text, 'utf8').toString('utf8') === text;
        try {
          await readTraceFile(file);
          if (sameText) assert.equal(verdict, 'read');
        } catch (error) {
          assert.ok(error instanceof TraceFileError, `threw ${String(error)}`);
          assertOneLine(error.message, 'a refusal');
          assert.ok(error.message.startsWith(`${file}`), error.message);
          if (sameText) assert.equal(verdict, 'refused');
        }
        try {
          const loaded = await loadTraceFile(file);
          assert.ok(loaded.trace.steps.length >= 1);
        } catch (error) {
          assert.ok(error instanceof TraceLoadError, `threw ${String(error)}`);
          assert.ok(error.lines.length >= 1);
          for (const line of error.lines) {
            assertOneLine(line, 'a problem');
            const named = /^(.*?):(\d+)(?::(\d+))?: \S/.exec(line);
            if (named && named[1] === file) {
              assert.ok(Number(named[2]) >= 1 && Number(named[2]) <= traceLines(text).length, line);
            } else assert.ok(line.startsWith(`${file}: `), line);
          }
        }
      }),
      runs(400),
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Expressions

const scope: ExpressionScope = {
  step: 7,
  consumer: 'consumer-1',
  topic: 'orders',
  partition: 2,
  read: 41,
  committed: 40,
  next: 42,
  position: 42,
  logEnd: 50,
  lag: 8,
  consumerLag: 3,
};
const unknownScope: ExpressionScope = {
  step: 1,
  consumer: null,
  topic: null,
  partition: null,
  read: null,
  committed: null,
  next: null,
  position: null,
  logEnd: null,
  lag: null,
  consumerLag: null,
};

/** Compiled and run at two steps, or refused with a one-line message at a column of the text. */
function checkExpression(source: string): void {
  const compiled = compileExpression(source);
  if (compiled.ok) {
    for (const at of [scope, unknownScope]) {
      const result = compiled.expression.evaluateResult(at);
      if (result.ok) assert.ok(result.value === null || ['number', 'string', 'boolean'].includes(typeof result.value));
      else assertOneLine(result.message, 'a run-time error');
    }
  } else {
    assertOneLine(compiled.message, 'a compile error', source);
    assert.ok(!compiled.message.startsWith('the expression could not be read'), `failed inside: ${compiled.message}`);
    assert.ok(
      Number.isInteger(compiled.column) && compiled.column >= 1 && compiled.column <= source.length + 1,
      `column ${compiled.column} of ${JSON.stringify(source)}`,
    );
  }
  const evaluated = evaluateExpression(source, scope);
  assert.equal(evaluated.ok, compiled.ok);
  if (!evaluated.ok) assertOneLine(evaluated.message, 'an evaluation error', source);
  const hit = parseHitCondition(source);
  if (hit.ok) assert.equal(typeof hit.matches(3), 'boolean');
  else assertOneLine(hit.message, 'a hit condition error', source);
  const log = compileLogMessage(source);
  assert.equal(typeof log.render(scope), 'string');
  for (const problem of log.problems) {
    assertOneLine(problem.message, 'a logpoint problem', source);
    assert.ok(problem.column >= 1 && problem.column <= source.length + 1, `logpoint column ${problem.column}`);
  }
}

const expressionTokens = [
  'step',
  'consumer',
  'topic',
  'partition',
  'read',
  'committed',
  'next',
  'position',
  'logEnd',
  'lag',
  'consumerLag',
  'null',
  'true',
  'false',
  'and',
  'or',
  'not',
  'undefined',
  'None',
  'Lag',
  'x',
  '_',
  '$',
  '__proto__',
  'constructor',
  'toString',
  '0',
  '1',
  '42',
  '0.5',
  '1.',
  '.5',
  '1e5',
  '0x1f',
  '007',
  '9007199254740993',
  '99999999999999999999999',
  '"orders"',
  "'c1'",
  '"',
  "'",
  '"\\n\\t\\u00e9\\u{1F600}"',
  '"\\u{110000}"',
  '"\\x41"',
  '"\\',
  '\\',
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '!',
  '&&',
  '||',
  '&',
  '|',
  '=',
  '(',
  ')',
  '((((',
  '))))',
  '!!!!',
  '----',
  '{',
  '}',
  '{{',
  '}}',
  '[',
  ']',
  '.',
  ',',
  ';',
  ':',
  '?',
  '*',
  '/',
  '%',
  '`',
  '~',
  '^',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  '\uFEFF',
  '\uD83D',
  '\uDE00',
  '\uD83D\uDE00',
  'é',
  '\u0000',
];

const validExpressions = [
  'lag > 5 && partition == 0',
  'consumer == "consumer-1" || topic != null',
  '!(committed >= next) && logEnd - committed > 0',
  "step {step}: {consumer} read {read}, lag {lag} on '{topic}'",
  '>=10',
  '(read + 1 == next) == (position - -1 > 0)',
];

describe('hostile expressions (fast-check, seed 0x5eed, 10,000 inputs)', function () {
  this.timeout(20_000 * scale);
  it('any text is compiled or refused with a message at a column of the text, never thrown out', () => {
    fc.assert(fc.property(anyText(200), checkExpression), runs(3000));
  });

  it('text of expression tokens, names, numbers, strings, operators and parentheses likewise', () => {
    const spaced = fc
      .array(fc.tuple(fc.constantFrom(...expressionTokens), fc.constantFrom('', '', ' ')), { maxLength: 40 })
      .map((parts) => parts.map(([token, space]) => token + space).join(''));
    fc.assert(fc.property(spaced, checkExpression), runs(4000));
  });

  it('valid expressions and templates with characters inserted, deleted, duplicated or swapped likewise', () => {
    const inserted = ['(', ')', '"', "'", '\\', '!', '-', '=', '&', '|', '{', '}', '0', '.', ' ', 'x', '\n'];
    fc.assert(fc.property(mutationsOf(validExpressions, inserted), checkExpression), runs(2500));
  });

  it('deep nesting and long inputs are refused or compiled without a stack overflow', () => {
    const deep = fc
      .tuple(fc.constantFrom('(', '!', '-', '!(', '-(', '( '), fc.integer({ min: 90, max: 3000 }), fc.boolean())
      .map(([open, depth, closed]) => {
        const inner = open.includes('!') ? 'true' : '1';
        const closing = open.includes('(') && closed ? ')'.repeat(depth) : '';
        return open.repeat(depth) + inner + closing;
      });
    fc.assert(fc.property(deep, checkExpression), runs(500));
  });
});
