// The debugger's expression language (docs/expressions.md): operators and precedence, strict equality,
// the null rules, compile errors with columns, hostile input, hit conditions, logpoint templates, and
// fast-check properties against a small reference evaluator written here.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scopeOfStep } from '../../src/debugger/traceRuntime';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { runScenario } from '../../src/trace/trace';
import {
  checkCondition,
  compileExpression,
  compileLogMessage,
  evaluateExpression,
  formatValue,
  maxNestingDepth,
  parseHitCondition,
  type CompiledExpression,
  type ExpressionScope,
  type ExpressionType,
  type ExpressionValue,
} from '../../src/debugger/expression';

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
  // The consumer's own lag differs from the group's, as for read_committed behind an open transaction.
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

/** The value of `source`, failing the test if it does not compile or run. */
function valueOf(source: string, at: ExpressionScope = scope): ExpressionValue {
  const result = evaluateExpression(source, at);
  if (!result.ok) assert.fail(`${source}: ${result.message}`);
  return result.value;
}

/** The compile error of `source`, failing the test if it compiles. */
function compileError(source: string): { message: string; column: number } {
  const result = compileExpression(source);
  if (result.ok) assert.fail(`${source.slice(0, 60)} compiled but should not`);
  return { message: result.message, column: result.column };
}

function compiled(source: string): CompiledExpression {
  const result = compileExpression(source);
  if (!result.ok) assert.fail(`${source}: ${result.message} at ${result.column}`);
  return result.expression;
}

describe('expressions', () => {
  describe('literals', () => {
    it('reads whole and decimal numbers, leading zeros as decimal', () => {
      assert.equal(valueOf('42'), 42);
      assert.equal(valueOf('0'), 0);
      assert.equal(valueOf('1.5'), 1.5);
      assert.equal(valueOf('007'), 7);
      assert.equal(valueOf('9007199254740991'), Number.MAX_SAFE_INTEGER);
    });

    it('refuses numbers it cannot read exactly or at all, at the right column', () => {
      assert.deepEqual(compileError('9007199254740992').column, 1);
      assert.match(compileError('9007199254740992').message, /too large/);
      assert.deepEqual(compileError('lag > 1e5'), {
        message: 'exponent notation (1e5) is not supported; write the digits out',
        column: 8,
      });
      assert.equal(compileError('0x10').column, 2);
      assert.equal(compileError('.5').column, 1);
      assert.equal(compileError('1.').column, 2);
      assert.equal(compileError('1.2.3').column, 4);
      assert.equal(compileError('12abc').column, 3);
      assert.equal(compileError('1_000').column, 2);
    });

    it('reads strings in double or single quotes with their escapes', () => {
      assert.equal(valueOf('"orders"'), 'orders');
      assert.equal(valueOf("'orders'"), 'orders');
      assert.equal(valueOf('""'), '');
      assert.equal(valueOf(String.raw`"a\"b\'c\\d"`), 'a"b\'c\\d');
      assert.equal(valueOf(String.raw`'it\'s'`), "it's");
      assert.equal(valueOf(`'say "hi"'`), 'say "hi"');
      assert.equal(valueOf(String.raw`"\n\r\t"`), '\n\r\t');
      assert.equal(valueOf(String.raw`"\u00e9"`), 'é');
      assert.equal(valueOf(String.raw`"\u{1F600}"`), '😀');
      assert.equal(valueOf('"😀 naïve 東京"'), '😀 naïve 東京');
    });

    it('refuses broken strings, pointing at the quote or the backslash', () => {
      assert.deepEqual(compileError('topic == "orders'), { message: 'this string has no closing "', column: 10 });
      assert.equal(compileError("'a\nb'").column, 1);
      assert.match(compileError("'a\nb'").message, /on its line/);
      assert.deepEqual(compileError(String.raw`"ab\qc"`).column, 4);
      assert.match(compileError(String.raw`"ab\qc"`).message, /unknown escape \\q/);
      assert.equal(compileError(String.raw`"\u12"`).column, 2);
      assert.equal(compileError(String.raw`"\u{110000}"`).column, 2);
      assert.equal(compileError(String.raw`"\u{}"`).column, 2);
      assert.deepEqual(compileError('"abc\\'), { message: 'the string ends in the middle of an escape', column: 5 });
    });

    it('knows null, true and false, and only in lower case', () => {
      assert.equal(valueOf('null'), null);
      assert.equal(valueOf('true'), true);
      assert.equal(valueOf('false'), false);
      assert.match(compileError('True').message, /did you mean true\?/);
      assert.match(compileError('NULL').message, /did you mean null\?/);
    });
  });

  describe('names', () => {
    it('names every value of the step', () => {
      for (const name of Object.keys(scope) as (keyof ExpressionScope)[]) {
        assert.equal(valueOf(name), scope[name], name);
      }
    });

    it('gives null for values the step does not know (null or missing)', () => {
      assert.equal(valueOf('lag', unknownScope), null);
      assert.equal(valueOf('consumer', unknownScope), null);
      const missing = { step: 1 } as unknown as ExpressionScope;
      assert.equal(valueOf('logEnd', missing), null);
    });

    it('refuses every other name, including the ones that reach into JavaScript', () => {
      const hostile = [
        'constructor',
        '__proto__',
        'prototype',
        'toString',
        'valueOf',
        'hasOwnProperty',
        'process',
        'globalThis',
        'this',
        'window',
        'require',
        'eval',
        'Function',
        'undefined',
        'NaN',
        'Infinity',
        'x',
      ];
      for (const name of hostile) {
        const error = compileError(name);
        assert.equal(error.column, 1, name);
        assert.match(error.message, new RegExp(`^unknown name '${name.replace(/\$/g, '\\$')}'`), name);
      }
    });

    it('refuses property access, calls and indexing', () => {
      assert.deepEqual(compileError('process.exit()').column, 1);
      assert.deepEqual(compileError('topic.length'), {
        message: 'property access (.) is not supported; use one of the names directly',
        column: 6,
      });
      assert.equal(compileError('topic["length"]').column, 6);
      assert.match(compileError('topic["length"]').message, /indexing/);
      assert.deepEqual(compileError('lag()'), {
        message: 'calls are not supported; use one of the names directly',
        column: 4,
      });
      assert.equal(compileError('(lag)(1)').column, 6);
      assert.equal(compileError('lag.constructor').column, 4);
    });

    it('suggests the name that was probably meant', () => {
      assert.match(compileError('LAG').message, /did you mean lag\?/);
      assert.match(compileError('logend').message, /did you mean logEnd\?/);
      assert.match(compileError('comitted').message, /did you mean committed\?/);
      assert.match(compileError('consumerlag').message, /did you mean consumerLag\?/);
      assert.match(compileError('consumer_lag').message, /did you mean consumerLag\?/);
      assert.match(compileError('lag > 0 and step > 2').message, /use && for "and"/);
      assert.match(compileError('undefined').message, /use null/);
      assert.doesNotMatch(compileError('bad').message, /did you mean/);
    });
  });

  describe('operators', () => {
    it('adds and subtracts numbers, joins strings', () => {
      assert.equal(valueOf('1 + 2'), 3);
      assert.equal(valueOf('logEnd - committed'), 10);
      assert.equal(valueOf('1 - 2 - 3'), -4);
      assert.equal(valueOf('0.5 + 0.25'), 0.75);
      assert.equal(valueOf('topic + "-" + consumer'), 'orders-consumer-1');
    });

    it('negates with unary minus, also twice and on names', () => {
      assert.equal(valueOf('-1'), -1);
      assert.equal(valueOf('-lag'), -8);
      assert.equal(valueOf('- -1'), 1);
      assert.equal(valueOf('--1'), 1);
      assert.equal(valueOf('1--1'), 2);
      assert.equal(valueOf('lag > -1'), true);
      assert.equal(valueOf('-(1 + 2)'), -3);
    });

    it('compares numbers and strings with < <= > >=', () => {
      assert.equal(valueOf('1 < 2'), true);
      assert.equal(valueOf('2 < 2'), false);
      assert.equal(valueOf('2 <= 2'), true);
      assert.equal(valueOf('3 > 2'), true);
      assert.equal(valueOf('2 >= 3'), false);
      assert.equal(valueOf('"a" < "b"'), true);
      assert.equal(valueOf('"B" < "a"'), true, 'by code unit, so upper case sorts first');
      assert.equal(valueOf('"orders" >= "orders"'), true);
      assert.equal(valueOf('topic > "a"'), true);
    });

    it('combines true/false with && || !', () => {
      assert.equal(valueOf('true && true'), true);
      assert.equal(valueOf('true && false'), false);
      assert.equal(valueOf('false || true'), true);
      assert.equal(valueOf('false || false'), false);
      assert.equal(valueOf('!false'), true);
      assert.equal(valueOf('!!true'), true);
      assert.equal(valueOf('lag > 0 && partition == 2 && topic == "orders"'), true);
      assert.equal(valueOf('lag > 100 || step == 7 || false'), true);
    });

    it('accepts === and !== as == and != (which are strict already)', () => {
      assert.equal(valueOf('lag === 8'), true);
      assert.equal(valueOf('lag !== 8'), false);
    });
  });

  describe('precedence', () => {
    it('! and unary - bind tighter than + -', () => {
      assert.equal(valueOf('-1 + 2'), 1);
      assert.equal(valueOf('!true == false'), true, '(!true) == false');
      assert.match(compileError('!lag == null').message, /!\(lag == null\)/);
      assert.equal(valueOf('!(lag == null)'), true);
    });

    it('+ - bind tighter than comparisons, which bind tighter than == !=', () => {
      assert.equal(valueOf('1 + 2 == 3'), true);
      assert.equal(valueOf('committed + 1 == next - 1'), true);
      assert.equal(valueOf('1 < 2 == true'), true);
      assert.equal(valueOf('2 > 1 == 1 > 2'), false);
      assert.equal(valueOf('logEnd - lag >= committed + 2'), true);
    });

    it('== binds tighter than &&, which binds tighter than ||', () => {
      assert.equal(valueOf('true || false && false'), true);
      assert.equal(valueOf('(true || false) && false'), false);
      assert.equal(valueOf('false && true || true'), true);
      assert.equal(valueOf('1 == 1 && 2 == 2'), true);
      assert.equal(valueOf('!true || true'), true);
    });

    it('is left-associative within a level', () => {
      assert.equal(valueOf('10 - 4 - 3'), 3);
      assert.equal(valueOf('1 == 1 == true'), true);
      assert.equal(valueOf('"a" + "b" + "c"'), 'abc');
      assert.equal(valueOf('10 - (4 - 3)'), 9);
    });
  });

  describe('strict equality', () => {
    it('never converts between types', () => {
      assert.equal(valueOf('1 == "1"'), false);
      assert.equal(valueOf('1 != "1"'), true);
      assert.equal(valueOf('0 == false'), false);
      assert.equal(valueOf('"" == null'), false);
      assert.equal(valueOf('0 == null'), false);
      assert.equal(valueOf('true == "true"'), false);
      assert.equal(valueOf('partition == "2"'), false);
    });

    it('treats null as equal only to null', () => {
      assert.equal(valueOf('null == null'), true);
      assert.equal(valueOf('null != null'), false);
      assert.equal(valueOf('lag == null', unknownScope), true);
      assert.equal(valueOf('lag == null'), false);
      assert.equal(valueOf('consumer != null'), true);
    });

    it('compares equal numbers and equal strings as equal', () => {
      assert.equal(valueOf('next == position'), true);
      assert.equal(valueOf('topic == "orders"'), true);
      assert.equal(valueOf("topic == 'orders'"), true);
      assert.equal(valueOf('0.5 + 0.25 == 0.75'), true);
    });
  });

  describe('null', () => {
    it('makes every ordering comparison false, on either side, even null <= null', () => {
      for (const operator of ['<', '<=', '>', '>=']) {
        assert.equal(valueOf(`lag ${operator} 5`, unknownScope), false, operator);
        assert.equal(valueOf(`5 ${operator} lag`, unknownScope), false, operator);
        assert.equal(valueOf(`null ${operator} null`), false, operator);
        assert.equal(valueOf(`topic ${operator} "a"`, unknownScope), false, operator);
      }
    });

    it('makes arithmetic null', () => {
      assert.equal(valueOf('lag + 1', unknownScope), null);
      assert.equal(valueOf('1 - lag', unknownScope), null);
      assert.equal(valueOf('-lag', unknownScope), null);
      assert.equal(valueOf('null + 1'), null);
      assert.equal(valueOf('null + "a"'), null);
      assert.equal(valueOf('topic + "!"', unknownScope), null);
      assert.equal(valueOf('logEnd - committed > 3', unknownScope), false);
    });

    it('is not true or false: && || ! refuse it', () => {
      assert.match(compileError('!null').message, /^! needs true or false, but this is null/);
      assert.equal(compileError('null && true').column, 1);
      assert.equal(compileError('true || null').column, 9);
    });
  });

  describe('type errors (found when compiling)', () => {
    const cases: [string, number, RegExp][] = [
      ['consumer < 3', 10, /^< cannot compare a string with a number/],
      ['"a" - 1', 5, /^- subtracts numbers, but one side is a string/],
      ['1 - "a"', 3, /^- subtracts numbers/],
      ['consumer + lag', 10, /^\+ cannot add a string and a number/],
      ['true + 1', 6, /^\+ cannot add true\/false/],
      ['true < false', 6, /^< cannot order true\/false/],
      ['lag && true', 1, /^&& needs true or false, but this is a number; compare it, e.g. lag > 0/],
      ['true || topic', 9, /^\|\| needs true or false, but this is a string/],
      ['!lag', 1, /^! needs true or false/],
      ['-"a"', 1, /^- needs a number, but this is a string/],
      ['-true', 1, /^- needs a number/],
      ['(1 < 2) < 3', 9, /cannot order true\/false/],
      ['1 < 2 < 3', 7, /cannot order true\/false/],
    ];
    for (const [source, column, message] of cases) {
      it(`${source} → column ${column}`, () => {
        const error = compileError(source);
        assert.equal(error.column, column);
        assert.match(error.message, message);
      });
    }
  });

  describe('result types', () => {
    it('is known when compiling', () => {
      const types: [string, ExpressionType][] = [
        ['lag', 'number'],
        ['lag + 1', 'number'],
        ['topic', 'string'],
        ['topic + "x"', 'string'],
        ['lag > 1', 'boolean'],
        ['null', 'null'],
        ['lag + null', 'null'],
        ['-null', 'null'],
        ['1 == "1"', 'boolean'],
      ];
      for (const [source, type] of types) assert.equal(compiled(source).resultType, type, source);
    });
  });

  describe('conditions', () => {
    it('stop only when the value is exactly true', () => {
      assert.deepEqual(checkCondition(compiled('lag > 5'), scope), { stop: true });
      assert.deepEqual(checkCondition(compiled('lag > 50'), scope), { stop: false });
      assert.deepEqual(checkCondition(compiled('lag'), scope), { stop: false });
      assert.deepEqual(checkCondition(compiled('1'), scope), { stop: false });
      assert.deepEqual(checkCondition(compiled('"true"'), scope), { stop: false });
      assert.deepEqual(checkCondition(compiled('null'), scope), { stop: false });
      assert.deepEqual(checkCondition(compiled('lag > 5'), unknownScope), { stop: false });
    });

    it('do not stop on a run-time error, and say what it was', () => {
      const broken = { ...scope, lag: 'eight' } as unknown as ExpressionScope;
      const outcome = checkCondition(compiled('lag > 5'), broken);
      assert.equal(outcome.stop, false);
      assert.match(outcome.error ?? '', /no valid value for lag/);
      assert.equal(compiled('lag > 5').evaluate(broken), null);
    });
  });

  describe('syntax errors', () => {
    const cases: [string, number, RegExp][] = [
      ['', 1, /^the expression is empty$/],
      ['   \t ', 1, /^the expression is empty$/],
      ['lag >', 6, /ends where a value is expected/],
      ['lag > ', 7, /ends where a value is expected/],
      ['(lag > 1', 9, /^missing '\)' to match the '\(' at column 1$/],
      ['((lag > 1) && (step > 2)', 25, /missing '\)'/],
      ['lag)', 4, /^unexpected '\)'/],
      ['lag 5', 5, /^expected an operator such as == or && before '5'/],
      ['(lag 5)', 6, /^expected '\)' to match the '\(' at column 1 before '5'/],
      ['()', 1, /empty parentheses/],
      ['lag = 3', 5, /^use == to compare/],
      ['lag > 0 & step > 1', 9, /^use &&/],
      ['lag > 0 | step > 1', 9, /^use \|\|/],
      ['lag * 2', 5, /multiplication/],
      ['lag / 2', 5, /division \(\/\) is not supported/],
      ['lag % 2', 5, /remainder/],
      ['lag > 0 ? 1 : 2', 9, /\?:/],
      ['lag; step', 4, /only one expression/],
      ['`x`', 1, /template strings/],
      ['+1', 1, /^expected a value, found '\+'/],
      ['lag > > 1', 7, /^expected a value, found '>'/],
      ['{lag}', 1, /braces/],
      ['lag == é', 8, /^unexpected character 'é'/],
      ['"😀" + x', 8, /unknown name 'x'/],
      ['lag\u0000', 4, /unexpected character U\+0000/],
      ['\u200b', 1, /unexpected character U\+200B/],
    ];
    for (const [source, column, message] of cases) {
      it(`${JSON.stringify(source)} → column ${column}`, () => {
        const error = compileError(source);
        assert.match(error.message, message);
        assert.equal(error.column, column);
      });
    }

    it('evaluateExpression puts the column in its message', () => {
      assert.deepEqual(evaluateExpression('lag >', scope), {
        ok: false,
        message: 'the expression ends where a value is expected (at column 6)',
      });
    });

    it('accepts any kind of whitespace between tokens', () => {
      assert.equal(valueOf('\tlag\n>\r\n1 '), true);
      assert.equal(valueOf('\u00a0lag\u00a0>\u3000 1\ufeff'), true);
    });
  });

  describe('hostile input', () => {
    it('refuses 100000 opening parentheses without a stack overflow', () => {
      const error = compileError('('.repeat(100_000));
      assert.equal(error.column, maxNestingDepth + 1);
      assert.match(error.message, /nests too deeply/);
    });

    it(`allows ${maxNestingDepth} levels, refuses one more`, () => {
      const nested = (depth: number): string => `${'('.repeat(depth)}lag${')'.repeat(depth)}`;
      assert.equal(valueOf(nested(maxNestingDepth)), 8);
      assert.equal(compileError(nested(maxNestingDepth + 1)).column, maxNestingDepth + 1);
    });

    it('refuses long runs of ! and -', () => {
      assert.match(compileError(`${'!'.repeat(100_000)}true`).message, /nests too deeply/);
      assert.match(compileError(`${'-'.repeat(100_000)}1`).message, /nests too deeply/);
      assert.equal(valueOf(`${'!'.repeat(100)}true`), true);
      assert.equal(valueOf(`${'- '.repeat(99)}1`), -1);
    });

    it('evaluates very long flat expressions without recursion', () => {
      assert.equal(valueOf(`${'1 + '.repeat(100_000)}1`), 100_001);
      assert.equal(valueOf(`${'true && '.repeat(50_000)}lag > 1`), true);
      assert.equal(valueOf(`${'lag == 8 || '.repeat(50_000)}false`), true);
      assert.equal(valueOf(`${'"ab" + '.repeat(10_000)}"c"`), `${'ab'.repeat(10_000)}c`);
    });

    it('handles very long strings, names and junk', () => {
      const long = 'x'.repeat(1_000_000);
      assert.equal(valueOf(`"${long}"`), long);
      assert.match(compileError(long).message, /^unknown name 'x{30}…'/);
      assert.equal(compileError(`lag > 1 ${'#'.repeat(100_000)}`).column, 9);
    });

    it('handles lone surrogates and unusual unicode', () => {
      assert.equal(valueOf('"\ud800"'), '\ud800');
      assert.equal(compileError('\ud800').column, 1);
      assert.equal(valueOf('lag\u2028>\u20281'), true, 'U+2028 is whitespace');
      assert.equal(valueOf('"\u202e" == "\u202e"'), true);
    });

    it('never throws on a scope with values of the wrong kind', () => {
      const throwing = Object.defineProperty({ ...scope }, 'lag', {
        get(): never {
          throw new Error('boom');
        },
      }) as ExpressionScope;
      const weird = [
        { ...scope, lag: Number.NaN },
        { ...scope, lag: Infinity },
        { ...scope, lag: {} },
        { ...scope, lag: [] },
        { ...scope, topic: 5 },
        { ...scope, lag: 10n },
        throwing,
      ] as unknown as ExpressionScope[];
      for (const at of weird) {
        const result = compiled('lag + 1 > 0 && topic == "orders"').evaluateResult(at);
        assert.equal(result.ok, false);
      }
      assert.deepEqual(evaluateExpression('lag', throwing), {
        ok: false,
        message: 'the step could not be read (Error: boom)',
      });
      assert.equal(compiled('lag').evaluate(throwing), null);
    });

    it('gives a message, not an exception, for input that is not text', () => {
      const result = compileExpression(42 as unknown as string);
      assert.equal(result.ok, false);
    });
  });

  describe('formatValue', () => {
    it('shows strings quoted in the console and raw in logs', () => {
      assert.equal(formatValue('orders', 'console'), '"orders"');
      assert.equal(formatValue('orders', 'log'), 'orders');
      assert.equal(formatValue('a "b"\n', 'console'), String.raw`"a \"b\"\n"`);
      assert.equal(formatValue('a "b"\n', 'log'), 'a "b"\n');
    });

    it('shows numbers, booleans and null as they are', () => {
      for (const context of ['console', 'log'] as const) {
        assert.equal(formatValue(42, context), '42');
        assert.equal(formatValue(-1.5, context), '-1.5');
        assert.equal(formatValue(-0, context), '0');
        assert.equal(formatValue(true, context), 'true');
        assert.equal(formatValue(false, context), 'false');
        assert.equal(formatValue(null, context), 'null');
      }
    });
  });

  describe('hit conditions', () => {
    const hitsMatching = (source: string, upTo = 12): number[] => {
      const condition = parseHitCondition(source);
      if (!condition.ok) assert.fail(`${source}: ${condition.message}`);
      return Array.from({ length: upTo }, (_, index) => index + 1).filter((hit) => condition.matches(hit));
    };

    it('a bare number stops on exactly that hit, like = == ===', () => {
      assert.deepEqual(hitsMatching('3'), [3]);
      assert.deepEqual(hitsMatching('=3'), [3]);
      assert.deepEqual(hitsMatching('==3'), [3]);
      assert.deepEqual(hitsMatching('===3'), [3]);
      assert.deepEqual(hitsMatching('  3  '), [3]);
    });

    it('compares with >= > <= <', () => {
      assert.deepEqual(hitsMatching('>=10'), [10, 11, 12]);
      assert.deepEqual(hitsMatching('> 10'), [11, 12]);
      assert.deepEqual(hitsMatching('<= 2'), [1, 2]);
      assert.deepEqual(hitsMatching('<3'), [1, 2]);
      assert.deepEqual(hitsMatching('>0'), hitsMatching('%1'));
    });

    it('%N stops on every N-th hit', () => {
      assert.deepEqual(hitsMatching('%3'), [3, 6, 9, 12]);
      assert.deepEqual(hitsMatching('% 5'), [5, 10]);
      assert.deepEqual(hitsMatching('%1'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    it('explains what it does not understand', () => {
      for (const source of ['', '  ', 'abc', '-1', '1.5', '> = 3', '>=', '3 hits', '!=3', 'lag > 3', '%0', '1e3']) {
        const condition = parseHitCondition(source);
        assert.equal(condition.ok, false, source);
        if (!condition.ok) assert.ok(condition.message.length > 10, source);
      }
      const bad = parseHitCondition('abc');
      assert.ok(!bad.ok && bad.message.includes('%N (every N-th hit)'));
      const zero = parseHitCondition('%0');
      assert.ok(!zero.ok && zero.message.includes('%1'));
      assert.equal(parseHitCondition('99999999999999999999').ok, false);
    });
  });

  describe('logpoint messages', () => {
    it('replaces {expr} with values, strings raw, null as null', () => {
      const message = compileLogMessage('{topic}-{partition} lag={lag} consumer={consumer}');
      assert.deepEqual(message.problems, []);
      assert.equal(message.render(scope), 'orders-2 lag=8 consumer=consumer-1');
      assert.equal(message.render(unknownScope), 'null-null lag=null consumer=null');
    });

    it('renders each hit with that hit’s scope', () => {
      const message = compileLogMessage('step {step}: {lag > 5}');
      assert.equal(message.render(scope), 'step 7: true');
      assert.equal(message.render({ ...scope, step: 8, lag: 1 }), 'step 8: false');
    });

    it('keeps text without braces, {{ and }} as literal braces, and a lone } as is', () => {
      assert.equal(compileLogMessage('plain text').render(scope), 'plain text');
      assert.equal(compileLogMessage('').render(scope), '');
      assert.equal(compileLogMessage('{{lag}} = {lag}').render(scope), '{lag} = 8');
      assert.equal(compileLogMessage('a } b').render(scope), 'a } b');
      assert.equal(compileLogMessage('{{{lag}}}').render(scope), '{8}');
    });

    it('lets strings inside an expression hold braces', () => {
      assert.equal(compileLogMessage('{topic + "}"}!').render(scope), 'orders}!');
      assert.equal(compileLogMessage("{'{' + topic}").render(scope), '{orders');
      assert.equal(compileLogMessage(String.raw`{"\"}" + topic}`).render(scope), '"}orders');
    });

    it('shows a bad part inline and lists it with its column in the template', () => {
      const message = compileLogMessage('lag={lag} bad={lag +} x={nope}');
      assert.equal(
        message.render(scope),
        'lag=8 bad=[error in {lag +}: the expression ends where a value is expected (at column 6)] x=' +
          "[error in {nope}: unknown name 'nope' (the names are step, consumer, topic, partition, read, committed, " +
          'next, position, logEnd, lag, consumerLag) (at column 1)]',
      );
      assert.deepEqual(
        message.problems.map((problem) => [problem.expression, problem.column]),
        [
          ['lag +', 21],
          ['nope', 26],
        ],
      );
    });

    it('reports an empty part and a missing }', () => {
      assert.equal(
        compileLogMessage('a {} b').render(scope),
        'a [error in {}: the expression is empty (at column 1)] b',
      );
      const open = compileLogMessage('lag={lag');
      assert.match(open.render(scope), /^lag=\[error in \{lag\}: missing '\}'/);
      assert.equal(open.problems[0].column, 5);
    });

    it('shows a run-time error inline and goes on', () => {
      const broken = { ...scope, lag: 'x' } as unknown as ExpressionScope;
      assert.match(
        compileLogMessage('{step} {lag} {topic}').render(broken),
        /^7 \[error in \{lag\}: the debugger has no valid value for lag.*\] orders$/,
      );
    });
  });

  describe('properties', () => {
    type NameOfNumber =
      'step' | 'partition' | 'read' | 'committed' | 'next' | 'position' | 'logEnd' | 'lag' | 'consumerLag';
    type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '&&' | '||';
    type Tree =
      | { readonly kind: 'value'; readonly value: ExpressionValue; readonly quote: '"' | "'" }
      | { readonly kind: 'name'; readonly name: keyof ExpressionScope }
      | { readonly kind: 'unary'; readonly operator: '!' | '-'; readonly operand: Tree }
      | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Tree; readonly right: Tree }
      | { readonly kind: 'group'; readonly inner: Tree };

    const numberNames: readonly NameOfNumber[] = [
      'step',
      'partition',
      'read',
      'committed',
      'next',
      'position',
      'logEnd',
      'lag',
      'consumerLag',
    ];
    const binaryOperators: readonly BinaryOperator[] = ['==', '!=', '<', '<=', '>', '>=', '+', '-', '&&', '||'];
    const precedence: Readonly<Record<BinaryOperator, number>> = {
      '||': 1,
      '&&': 2,
      '==': 3,
      '!=': 3,
      '<': 4,
      '<=': 4,
      '>': 4,
      '>=': 4,
      '+': 5,
      '-': 5,
    };

    function treePrecedence(tree: Tree): number {
      if (tree.kind === 'binary') return precedence[tree.operator];
      if (tree.kind === 'unary') return 6;
      return 7;
    }

    /** A string literal that reads back as `value`, using escapes for what must be escaped. */
    function quoteString(value: string, quote: '"' | "'"): string {
      let text = quote;
      for (const char of value) {
        const code = char.codePointAt(0) ?? 0;
        if (char === '\\' || char === quote) text += `\\${char}`;
        else if (char === '\n') text += '\\n';
        else if (char === '\r') text += '\\r';
        else if (char === '\t') text += '\\t';
        else if (code < 0x20) text += `\\u${code.toString(16).padStart(4, '0')}`;
        else if (code > 0xffff) text += `\\u{${code.toString(16)}}`;
        else text += char;
      }
      return text + quote;
    }

    /** Source text for a tree, with only the parentheses precedence needs (plus the tree's own groups). */
    function print(tree: Tree): string {
      switch (tree.kind) {
        case 'value':
          if (typeof tree.value === 'string') return quoteString(tree.value, tree.quote);
          return String(tree.value);
        case 'name':
          return tree.name;
        case 'group':
          return `(${print(tree.inner)})`;
        case 'unary': {
          const operand = treePrecedence(tree.operand) < 6 ? `(${print(tree.operand)})` : print(tree.operand);
          return `${tree.operator}${operand}`;
        }
        case 'binary': {
          const level = precedence[tree.operator];
          const left = treePrecedence(tree.left) < level ? `(${print(tree.left)})` : print(tree.left);
          const right = treePrecedence(tree.right) <= level ? `(${print(tree.right)})` : print(tree.right);
          return `${left} ${tree.operator} ${right}`;
        }
      }
    }

    const scopeTypes: Readonly<Record<keyof ExpressionScope, 'number' | 'string'>> = {
      step: 'number',
      consumer: 'string',
      topic: 'string',
      partition: 'number',
      read: 'number',
      committed: 'number',
      next: 'number',
      position: 'number',
      logEnd: 'number',
      lag: 'number',
      consumerLag: 'number',
    };

    /** The reference type rules of docs/expressions.md, written out plainly; undefined for a type error. */
    function referenceType(tree: Tree): ExpressionType | undefined {
      switch (tree.kind) {
        case 'value':
          if (tree.value === null) return 'null';
          return typeof tree.value === 'number' ? 'number' : typeof tree.value === 'string' ? 'string' : 'boolean';
        case 'name':
          return scopeTypes[tree.name];
        case 'group':
          return referenceType(tree.inner);
        case 'unary': {
          const operand = referenceType(tree.operand);
          if (tree.operator === '!') return operand === 'boolean' ? 'boolean' : undefined;
          return operand === 'number' || operand === 'null' ? operand : undefined;
        }
        case 'binary': {
          const left = referenceType(tree.left);
          const right = referenceType(tree.right);
          if (left === undefined || right === undefined) return undefined;
          switch (tree.operator) {
            case '==':
            case '!=':
              return 'boolean';
            case '&&':
            case '||':
              return left === 'boolean' && right === 'boolean' ? 'boolean' : undefined;
            case '+':
              if (left === 'boolean' || right === 'boolean') return undefined;
              if (left === 'null' || right === 'null') return 'null';
              return left === right ? left : undefined;
            case '-':
              if (left === 'boolean' || right === 'boolean' || left === 'string' || right === 'string')
                return undefined;
              return left === 'null' || right === 'null' ? 'null' : 'number';
            default:
              if (left === 'boolean' || right === 'boolean') return undefined;
              if (left === 'null' || right === 'null' || left === right) return 'boolean';
              return undefined;
          }
        }
      }
    }

    /** The reference value of a well-typed tree. */
    function referenceValue(tree: Tree, at: ExpressionScope): ExpressionValue {
      switch (tree.kind) {
        case 'value':
          return tree.value;
        case 'name':
          return at[tree.name];
        case 'group':
          return referenceValue(tree.inner, at);
        case 'unary': {
          const operand = referenceValue(tree.operand, at);
          if (tree.operator === '!') return !operand;
          return operand === null ? null : -(operand as number);
        }
        case 'binary': {
          const left = referenceValue(tree.left, at);
          const right = referenceValue(tree.right, at);
          switch (tree.operator) {
            case '==':
              return left === right;
            case '!=':
              return left !== right;
            case '&&':
              return (left as boolean) && (right as boolean);
            case '||':
              return (left as boolean) || (right as boolean);
            case '+':
              if (left === null || right === null) return null;
              return typeof left === 'number' ? left + (right as number) : (left as string) + (right as string);
            case '-':
              if (left === null || right === null) return null;
              return (left as number) - (right as number);
            default: {
              if (left === null || right === null) return false;
              const [a, b] = [left as number | string, right as number | string];
              if (tree.operator === '<') return a < b;
              if (tree.operator === '<=') return a <= b;
              if (tree.operator === '>') return a > b;
              return a >= b;
            }
          }
        }
      }
    }

    const quoteArb = fc.constantFrom<'"' | "'">('"', "'");
    const numberLiteral = fc.oneof(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 400 }).map((quarters) => quarters / 4),
    );
    const stringLiteral = fc.oneof(
      fc.constantFrom('', 'orders', 'consumer-1', 'a', 'B'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    const leaf: fc.Arbitrary<Tree> = fc.oneof(
      fc.record({ kind: fc.constant('value' as const), value: numberLiteral, quote: quoteArb }),
      fc.record({ kind: fc.constant('value' as const), value: stringLiteral, quote: quoteArb }),
      fc.record({
        kind: fc.constant('value' as const),
        value: fc.constantFrom<ExpressionValue>(null, true, false),
        quote: quoteArb,
      }),
      fc.record({
        kind: fc.constant('name' as const),
        name: fc.constantFrom(...(Object.keys(scopeTypes) as (keyof ExpressionScope)[])),
      }),
    );

    /** Any tree: most do not type-check, which is tested too. */
    const anyTree = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { maxDepth: 5, depthIdentifier: 'anyTree' },
        leaf,
        fc.record({
          kind: fc.constant('unary' as const),
          operator: fc.constantFrom<'!' | '-'>('!', '-'),
          operand: tie('tree'),
        }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constantFrom(...binaryOperators),
          left: tie('tree'),
          right: tie('tree'),
        }),
        fc.record({ kind: fc.constant('group' as const), inner: tie('tree') }),
      ),
    })).tree;

    /** Trees that type-check, built by the type they must have. */
    const typed = fc.letrec<{ number: Tree; string: Tree; boolean: Tree }>((tie) => ({
      number: fc.oneof(
        { maxDepth: 4, depthIdentifier: 'typed' },
        fc.record({ kind: fc.constant('value' as const), value: numberLiteral, quote: quoteArb }),
        fc.record({ kind: fc.constant('name' as const), name: fc.constantFrom(...numberNames) }),
        fc.record({ kind: fc.constant('unary' as const), operator: fc.constant('-' as const), operand: tie('number') }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constantFrom<BinaryOperator>('+', '-'),
          left: tie('number'),
          right: tie('number'),
        }),
      ),
      string: fc.oneof(
        { maxDepth: 3, depthIdentifier: 'typed' },
        fc.record({ kind: fc.constant('value' as const), value: stringLiteral, quote: quoteArb }),
        fc.record({
          kind: fc.constant('name' as const),
          name: fc.constantFrom<keyof ExpressionScope>('consumer', 'topic'),
        }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constant<BinaryOperator>('+'),
          left: tie('string'),
          right: tie('string'),
        }),
      ),
      boolean: fc.oneof(
        { maxDepth: 4, depthIdentifier: 'typed' },
        fc.record({ kind: fc.constant('value' as const), value: fc.boolean(), quote: quoteArb }),
        fc.record({
          kind: fc.constant('unary' as const),
          operator: fc.constant('!' as const),
          operand: tie('boolean'),
        }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constantFrom<BinaryOperator>('&&', '||'),
          left: tie('boolean'),
          right: tie('boolean'),
        }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constantFrom<BinaryOperator>('==', '!=', '<', '<=', '>', '>='),
          left: tie('number'),
          right: tie('number'),
        }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constantFrom<BinaryOperator>('==', '!=', '<', '<=', '>', '>='),
          left: tie('string'),
          right: tie('string'),
        }),
        fc.record({
          kind: fc.constant('binary' as const),
          operator: fc.constantFrom<BinaryOperator>('==', '!='),
          left: tie('number'),
          right: tie('string'),
        }),
        fc.record({ kind: fc.constant('group' as const), inner: tie('boolean') }),
      ),
    }));

    const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
      fc.option(arbitrary, { nil: null, freq: 4 });
    const smallNumber = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constant(1_000_000));
    const scopeArb: fc.Arbitrary<ExpressionScope> = fc.record({
      step: fc.integer({ min: 0, max: 50 }),
      consumer: maybe(fc.constantFrom('consumer-1', 'orders', '', 'a')),
      topic: maybe(fc.constantFrom('orders', 'B', '', 'a')),
      partition: maybe(smallNumber),
      read: maybe(smallNumber),
      committed: maybe(smallNumber),
      next: maybe(smallNumber),
      position: maybe(smallNumber),
      logEnd: maybe(smallNumber),
      lag: maybe(smallNumber),
      consumerLag: maybe(smallNumber),
    });

    it('compileExpression never throws on arbitrary text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => {
          const result = compileExpression(source);
          if (!result.ok) assert.ok(result.column >= 1 && result.column <= source.length + 1);
        }),
        { numRuns: 500 },
      );
    });

    it('compiling and evaluating token soup never throws, and errors point inside the text', () => {
      const fragment = fc.constantFrom(
        '(',
        ')',
        '!',
        '-',
        '+',
        '==',
        '!=',
        '<',
        '<=',
        '>',
        '>=',
        '&&',
        '||',
        '=',
        '.',
        '[',
        '"',
        "'",
        '\\',
        'lag',
        'topic',
        'null',
        'true',
        '1',
        '2.5',
        '"x"',
        "'}'",
        'constructor',
        ' ',
        '{',
        '}',
        '😀',
      );
      fc.assert(
        fc.property(fc.array(fragment, { maxLength: 25 }), scopeArb, (fragments, at) => {
          const source = fragments.join('');
          const result = compileExpression(source);
          if (!result.ok) {
            assert.ok(result.column >= 1 && result.column <= source.length + 1, `${source} → ${result.column}`);
            return;
          }
          const value = result.expression.evaluate(at);
          assert.ok(value === null || ['number', 'string', 'boolean'].includes(typeof value));
        }),
        { numRuns: 500 },
      );
    });

    it('any tree: compiles exactly when the reference types it, and agrees with the reference value', () => {
      let wellTyped = 0;
      fc.assert(
        fc.property(anyTree, scopeArb, (tree, at) => {
          const source = print(tree);
          const result = compileExpression(source);
          const expectedType = referenceType(tree);
          if (expectedType === undefined) {
            assert.equal(result.ok, false, source);
            return;
          }
          if (!result.ok) assert.fail(`${source}: ${result.message} at ${result.column}`);
          wellTyped++;
          assert.equal(result.expression.resultType, expectedType, source);
          assert.deepEqual(result.expression.evaluateResult(at), { ok: true, value: referenceValue(tree, at) }, source);
        }),
        { numRuns: 1000 },
      );
      assert.ok(wellTyped >= 100, `only ${wellTyped} of 1000 random trees type-checked`);
    });

    it('well-typed trees always compile and agree with the reference value', () => {
      fc.assert(
        fc.property(fc.oneof(typed.boolean, typed.number, typed.string), scopeArb, (tree, at) => {
          const source = print(tree);
          const expression = compiled(source);
          assert.equal(expression.evaluate(at), referenceValue(tree, at), source);
        }),
        { numRuns: 1000 },
      );
    });

    it('laws: !(a == b) is a != b, a < b is b > a, !(p && q) is !p || !q', () => {
      fc.assert(
        fc.property(typed.number, typed.number, typed.boolean, typed.boolean, scopeArb, (a, b, p, q, at) => {
          const [sa, sb, sp, sq] = [a, b, p, q].map((tree) => `(${print(tree)})`);
          const same = (left: string, right: string): void =>
            assert.equal(compiled(left).evaluate(at), compiled(right).evaluate(at), `${left} vs ${right}`);
          same(`!(${sa} == ${sb})`, `${sa} != ${sb}`);
          same(`${sa} < ${sb}`, `${sb} > ${sa}`);
          same(`${sa} <= ${sb}`, `${sb} >= ${sa}`);
          same(`!(${sp} && ${sq})`, `!${sp} || !${sq}`);
          same(`!(${sp} || ${sq})`, `!${sp} && !${sq}`);
        }),
        { numRuns: 300 },
      );
    });

    it('evaluation never throws, whatever the scope holds', () => {
      const anything = fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true });
      const hostileScope = fc.record({
        step: anything,
        consumer: anything,
        topic: anything,
        partition: anything,
        read: anything,
        committed: anything,
        next: anything,
        position: anything,
        logEnd: anything,
        lag: anything,
        consumerLag: anything,
      }) as unknown as fc.Arbitrary<ExpressionScope>;
      fc.assert(
        fc.property(fc.oneof(typed.boolean, typed.number, typed.string), hostileScope, (tree, at) => {
          const expression = compiled(print(tree));
          const result = expression.evaluateResult(at);
          if (!result.ok) assert.equal(typeof result.message, 'string');
          const value = expression.evaluate(at);
          assert.ok(value === null || ['number', 'string', 'boolean'].includes(typeof value));
        }),
        { numRuns: 500 },
      );
    });

    it('logpoint templates never throw on arbitrary text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 60 }), scopeArb, (template, at) => {
          const message = compileLogMessage(template);
          assert.equal(typeof message.render(at), 'string');
        }),
        { numRuns: 300 },
      );
    });

    it('a template without braces renders as itself', () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 40 }).filter((text) => !/[{}]/.test(text)),
          (text) => {
            assert.equal(compileLogMessage(text).render(scope), text);
          },
        ),
      );
    });

    it('hit conditions never throw and agree with the operator they name', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (source) => {
          const condition = parseHitCondition(source);
          if (condition.ok) assert.equal(typeof condition.matches(1), 'boolean');
        }),
        { numRuns: 300 },
      );
      const operators = ['', '=', '==', '===', '>=', '>', '<=', '<', '%'] as const;
      fc.assert(
        fc.property(
          fc.constantFrom(...operators),
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 1, max: 60 }),
          fc.constantFrom('', ' ', '  '),
          (operator, count, hit, space) => {
            const condition = parseHitCondition(`${space}${operator}${space}${count}${space}`);
            assert.ok(condition.ok);
            const expected: Record<(typeof operators)[number], boolean> = {
              '': hit === count,
              '=': hit === count,
              '==': hit === count,
              '===': hit === count,
              '>=': hit >= count,
              '>': hit > count,
              '<=': hit <= count,
              '<': hit < count,
              '%': hit % count === 0,
            };
            assert.equal(condition.matches(hit), expected[operator]);
          },
        ),
      );
    });
  });

  describe('consumerLag on a trace (scopeOfStep)', () => {
    const openTransaction = runScenario(findScenario('open-transaction') ?? assert.fail('open-transaction'));
    const heldIndex = openTransaction.steps.findIndex(
      (step) => step.action === 'Poll (held at the last stable offset 2)',
    );

    it('is the consumer’s own lag beside the group’s: 0 and 3 where an open transaction holds c1', () => {
      assert.equal(openTransaction.steps[heldIndex]?.step, 9);
      const at = scopeOfStep(openTransaction, heldIndex);
      assert.deepEqual([at.consumer, at.topic, at.partition, at.consumerLag, at.lag], ['c1', 'orders', 0, 0, 3]);
      const condition = compiled('consumerLag == 0 && lag > 0');
      assert.equal(condition.resultType, 'boolean');
      assert.deepEqual(checkCondition(condition, at), { stop: true });
    });

    it('holds the condition only where the consumer has read all it may while the group still lags', () => {
      const condition = compiled('consumerLag == 0 && lag > 0');
      const stops = openTransaction.steps
        .filter((_, index) => checkCondition(condition, scopeOfStep(openTransaction, index)).stop)
        .map((step) => step.step);
      // 9: held at the LSO; 11–14: caught up after the commit, nothing committed yet. Step 10
      // (commit-transaction) acts on no consumer, so consumerLag is null there, and the condition false.
      assert.deepEqual(stops, [9, 11, 12, 13, 14]);
      assert.equal(scopeOfStep(openTransaction, 10 - 1).consumerLag, null, 'step 10: no acting consumer');
    });

    it('is log end − position for a read_uncommitted consumer, null before its position is known', () => {
      const seed = runScenario(findScenario('commit-after-process') ?? assert.fail('seed'));
      seed.steps.forEach((step, index) => {
        const at = scopeOfStep(seed, index);
        const expected =
          step.position === null || step.logEndOffset === null ? null : step.logEndOffset - step.position;
        assert.equal(at.consumerLag, expected, `step ${step.step}`);
      });
      assert.equal(scopeOfStep(seed, 0).consumerLag, null, 'step 1 only subscribes');
    });
  });
});
