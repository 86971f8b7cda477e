// The debugger's expression language: conditional breakpoints, hit conditions, logpoint templates and
// Debug Console / hover evaluation. A lazy tokenizer, a recursive-descent parser that also checks types,
// and an evaluator that never throws. The rules and their reasons are in docs/expressions.md.

import { oneLineText } from '../common/visibleText';

/** A value an expression can produce. */
export type ExpressionValue = number | string | boolean | null;

/**
 * The type of an expression, known when it is compiled. A `number` or `string` expression may still give
 * `null` when it runs (a value the step does not know); a `null` expression always gives `null`.
 */
export type ExpressionType = 'number' | 'string' | 'boolean' | 'null';

/** The values an expression can name at one step. */
export interface ExpressionScope {
  readonly step: number;
  readonly consumer: string | null;
  readonly topic: string | null;
  readonly partition: number | null;
  readonly read: number | null;
  readonly committed: number | null;
  readonly next: number | null;
  readonly position: number | null;
  readonly logEnd: number | null;
  readonly lag: number | null;
  /** The consumer's own lag (last stable or log-end offset − position); an addition to the contract's names. */
  readonly consumerLag: number | null;
}

/** The outcome of running an expression once: its value, or why it has none. */
export type EvaluationResult =
  { readonly ok: true; readonly value: ExpressionValue } | { readonly ok: false; readonly message: string };

/** An expression that parsed and type-checked; run it at as many steps as needed. */
export interface CompiledExpression {
  /** The text it was compiled from. */
  readonly source: string;
  /** Its type; see {@link ExpressionType}. A condition should be `boolean`. */
  readonly resultType: ExpressionType;
  /** The value at this step; `null` also when the scope itself holds a value of the wrong kind. Never throws. */
  evaluate(scope: ExpressionScope): ExpressionValue;
  /** The value at this step, or the message of a run-time error (a malformed scope). Never throws. */
  evaluateResult(scope: ExpressionScope): EvaluationResult;
}

/** What {@link compileExpression} gives: the expression, or the first problem and its 1-based column. */
export type CompileResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly message: string; readonly column: number };

/** A parsed hit condition, or why it could not be parsed. */
export type HitCondition =
  { readonly ok: true; matches(hitCount: number): boolean } | { readonly ok: false; readonly message: string };

/** A `{expr}` part of a logpoint message that does not compile. */
export interface LogMessageProblem {
  /** The text between the braces. */
  readonly expression: string;
  /** Why it does not compile. */
  readonly message: string;
  /** 1-based column in the whole template where the problem is. */
  readonly column: number;
}

/** A compiled logpoint message. */
export interface CompiledLogMessage {
  /** The message for one hit: literal text with each `{expr}` replaced by its value or an inline error. */
  render(scope: ExpressionScope): string;
  /** The parts that do not compile (they render as inline errors); empty when all is well. */
  readonly problems: readonly LogMessageProblem[];
}

/** How deeply parentheses, `!` and unary `-` may nest before an expression is refused. */
export const maxNestingDepth = 100;

type ScopeName = keyof ExpressionScope;
type NameType = 'number' | 'string';

/** The names an expression may use, with their types. Null prototype: no name reaches Object.prototype. */
const scopeNameTypes: Readonly<Record<string, NameType>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, NameType>, {
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
  } satisfies Record<ScopeName, NameType>),
);

const scopeNames: readonly string[] = Object.keys(scopeNameTypes);
const keywordValues: ReadonlyMap<string, ExpressionValue> = new Map<string, ExpressionValue>([
  ['null', null],
  ['true', true],
  ['false', false],
]);
/** Words people type from other languages, and what to write instead. */
const wordHints: ReadonlyMap<string, string> = new Map([
  ['and', 'use && for "and"'],
  ['or', 'use || for "or"'],
  ['not', 'use ! for "not"'],
  ['undefined', 'use null for a value that is not known'],
  ['nil', 'use null for a value that is not known'],
  ['None', 'use null for a value that is not known'],
]);

type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
type BinaryOperator = ComparisonOperator | '+' | '-';
type Operator = BinaryOperator | '&&' | '||' | '!' | '(' | ')';

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly column: number }
  | { readonly kind: 'string'; readonly value: string; readonly text: string; readonly column: number }
  | { readonly kind: 'name'; readonly text: string; readonly column: number }
  | { readonly kind: 'operator'; readonly operator: Operator; readonly text: string; readonly column: number }
  | { readonly kind: 'end'; readonly text: ''; readonly column: number };

interface ChainLink {
  readonly operator: BinaryOperator;
  readonly operand: ExpressionNode;
}

type ExpressionNode =
  | { readonly kind: 'literal'; readonly value: ExpressionValue }
  | { readonly kind: 'name'; readonly name: ScopeName; readonly type: NameType }
  | { readonly kind: 'not'; readonly operand: ExpressionNode }
  | { readonly kind: 'negate'; readonly operand: ExpressionNode }
  | { readonly kind: 'logical'; readonly operator: '&&' | '||'; readonly operands: readonly ExpressionNode[] }
  | { readonly kind: 'chain'; readonly first: ExpressionNode; readonly links: readonly ChainLink[] };

/** A parsed piece with its type and the column it starts at (for messages about it). */
interface TypedNode {
  readonly node: ExpressionNode;
  readonly type: ExpressionType;
  readonly column: number;
}

/** A compile-time problem; caught in {@link compileExpression}, never escapes. */
class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** A run-time problem (a scope value of the wrong kind); caught in evaluateResult, never escapes. */
class ExpressionRuntimeError extends Error {}

const maxExactInteger = Number.MAX_SAFE_INTEGER;

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isNameStart(char: string | undefined): boolean {
  return (
    char !== undefined && ((char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_' || char === '$')
  );
}

function isNamePart(char: string | undefined): boolean {
  return isNameStart(char) || isDigit(char);
}

function isWhitespace(char: string): boolean {
  return /^\s$/u.test(char);
}

function isHexDigit(char: string | undefined): boolean {
  return char !== undefined && /^[0-9a-fA-F]$/.test(char);
}

/** A character as a message shows it: quoted when visible, as U+XXXX when not. */
function describeCharacter(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)) return `'${char}'`;
  return hex;
}

/** Why a character that is not part of the language was refused. */
const unsupportedCharacters: ReadonlyMap<string, string> = new Map([
  ['.', 'property access (.) is not supported; use one of the names directly'],
  ['[', 'indexing ([ ]) is not supported'],
  [']', 'indexing ([ ]) is not supported'],
  ['*', 'multiplication (*) is not supported; only + and - are'],
  ['/', 'division (/) is not supported; only + and - are'],
  ['%', 'remainder (%) is not supported; only + and - are'],
  ['?', 'the ?: operator is not supported'],
  [':', 'the ?: operator is not supported'],
  [',', 'lists and calls (,) are not supported'],
  [';', 'only one expression is allowed; remove the ;'],
  ['{', 'braces are not part of expressions'],
  ['}', 'braces are not part of expressions'],
  ['`', 'template strings are not supported; use "…" or \'…\''],
  ['~', 'bitwise operators are not supported'],
  ['^', 'bitwise operators are not supported'],
]);

/** Reads tokens one at a time, on demand, so the first problem reported is the leftmost one. */
class Tokenizer {
  private index = 0;

  constructor(private readonly source: string) {}

  /** Whether only whitespace remains. */
  atEnd(): boolean {
    this.skipWhitespace();
    return this.index >= this.source.length;
  }

  nextToken(): Token {
    this.skipWhitespace();
    const source = this.source;
    const start = this.index;
    const column = start + 1;
    if (start >= source.length) return { kind: 'end', text: '', column };
    const char = source[start];
    if (isDigit(char)) return this.readNumber();
    if (char === '"' || char === "'") return this.readString(char);
    if (isNameStart(char)) {
      let end = start + 1;
      while (isNamePart(source[end])) end++;
      this.index = end;
      return { kind: 'name', text: source.slice(start, end), column };
    }
    const two = source.slice(start, start + 2);
    const three = source.slice(start, start + 3);
    const operator = (op: Operator, length: number): Token => {
      this.index = start + length;
      return { kind: 'operator', operator: op, text: source.slice(start, start + length), column };
    };
    if (three === '===') return operator('==', 3);
    if (three === '!==') return operator('!=', 3);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '&&' || two === '||') {
      return operator(two, 2);
    }
    if (char === '<' || char === '>' || char === '!' || char === '+' || char === '-' || char === '(' || char === ')') {
      return operator(char, 1);
    }
    if (char === '=') throw new ExpressionSyntaxError('use == to compare (a single = would assign)', column);
    if (char === '&') throw new ExpressionSyntaxError('use && for "and" (a single & is not supported)', column);
    if (char === '|') throw new ExpressionSyntaxError('use || for "or" (a single | is not supported)', column);
    if (char === '.' && isDigit(source[start + 1])) {
      throw new ExpressionSyntaxError('a number must start with a digit: write 0.5, not .5', column);
    }
    const reason = unsupportedCharacters.get(char);
    if (reason !== undefined) throw new ExpressionSyntaxError(reason, column);
    const fullCharacter = String.fromCodePoint(source.codePointAt(start) ?? 0);
    throw new ExpressionSyntaxError(`unexpected character ${describeCharacter(fullCharacter)}`, column);
  }

  private skipWhitespace(): void {
    while (this.index < this.source.length && isWhitespace(this.source[this.index])) this.index++;
  }

  private readNumber(): Token {
    const source = this.source;
    const start = this.index;
    let end = start;
    while (isDigit(source[end])) end++;
    if (source[end] === '.') {
      if (!isDigit(source[end + 1])) {
        throw new ExpressionSyntaxError('a digit must follow the decimal point: write 1.0 or 1', end + 1);
      }
      end++;
      while (isDigit(source[end])) end++;
    }
    const after = source[end];
    const text = source.slice(start, end);
    if (after === '.') throw new ExpressionSyntaxError(`unexpected '.' after the number ${text}`, end + 1);
    if (isNamePart(after)) {
      if ((after === 'e' || after === 'E') && /^[eE][+-]?[0-9]/.test(source.slice(end, end + 3))) {
        throw new ExpressionSyntaxError('exponent notation (1e5) is not supported; write the digits out', end + 1);
      }
      if ((after === 'x' || after === 'X' || after === 'b' || after === 'o') && text === '0') {
        throw new ExpressionSyntaxError('only decimal numbers are supported', end + 1);
      }
      throw new ExpressionSyntaxError(
        `a number cannot be followed directly by ${describeCharacter(after)}; put an operator between them`,
        end + 1,
      );
    }
    const value = Number(text);
    if (value > maxExactInteger) {
      throw new ExpressionSyntaxError(
        `the number ${text} is too large to be exact (the largest is ${maxExactInteger})`,
        start + 1,
      );
    }
    this.index = end;
    return { kind: 'number', value, text, column: start + 1 };
  }

  private readString(quote: string): Token {
    const source = this.source;
    const start = this.index;
    let index = start + 1;
    let value = '';
    for (;;) {
      if (index >= source.length) {
        throw new ExpressionSyntaxError(`this string has no closing ${quote}`, start + 1);
      }
      const char = source[index];
      if (char === quote) break;
      if (char === '\n' || char === '\r') {
        throw new ExpressionSyntaxError(
          `this string has no closing ${quote} on its line (write \\n for a line break)`,
          start + 1,
        );
      }
      if (char !== '\\') {
        value += char;
        index++;
        continue;
      }
      const escaped = this.readEscape(index);
      value += escaped.text;
      index = escaped.end;
    }
    this.index = index + 1;
    return { kind: 'string', value, text: source.slice(start, index + 1), column: start + 1 };
  }

  /** The character a backslash escape at `backslash` stands for, and where the escape ends. */
  private readEscape(backslash: number): { text: string; end: number } {
    const source = this.source;
    const column = backslash + 1;
    const letter = source[backslash + 1];
    const simple: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };
    if (letter !== undefined && Object.hasOwn(simple, letter)) return { text: simple[letter], end: backslash + 2 };
    if (letter === 'u') {
      if (source[backslash + 2] === '{') {
        let end = backslash + 3;
        while (isHexDigit(source[end]) && end - (backslash + 3) < 6) end++;
        const hex = source.slice(backslash + 3, end);
        const codePoint = parseInt(hex, 16);
        if (hex.length === 0 || source[end] !== '}' || codePoint > 0x10ffff) {
          throw new ExpressionSyntaxError('write \\u{…} with 1 to 6 hex digits, at most 10FFFF', column);
        }
        return { text: String.fromCodePoint(codePoint), end: end + 1 };
      }
      const hex = source.slice(backslash + 2, backslash + 6);
      if (hex.length !== 4 || ![...hex].every(isHexDigit)) {
        throw new ExpressionSyntaxError('write \\u with exactly 4 hex digits, e.g. \\u00e9', column);
      }
      return { text: String.fromCharCode(parseInt(hex, 16)), end: backslash + 6 };
    }
    if (letter === undefined) throw new ExpressionSyntaxError('the string ends in the middle of an escape', column);
    const shown = String.fromCodePoint(source.codePointAt(backslash + 1) ?? 0);
    throw new ExpressionSyntaxError(
      `unknown escape \\${shown}; the escapes are \\\\ \\' \\" \\n \\r \\t \\uXXXX \\u{X}`,
      column,
    );
  }
}

/** How a type reads in a message. */
function describeType(type: ExpressionType): string {
  switch (type) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true/false';
    case 'null':
      return 'null';
  }
}

/** How a token reads in a message. */
function describeToken(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  const text = token.text.length > 20 ? `${token.text.slice(0, 20)}…` : token.text;
  return `'${text}'`;
}

/** Levenshtein distance, small inputs only (names of a few letters). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The message for a name that is neither a scope name nor a keyword. */
function unknownNameMessage(name: string): string {
  const shown = name.length > 30 ? `${name.slice(0, 30)}…` : name;
  const known = `the names are ${scopeNames.join(', ')}`;
  const hint = wordHints.get(name);
  if (hint !== undefined) return `unknown name '${shown}': ${hint}`;
  if (name.length <= 30) {
    const candidates = [...scopeNames, ...keywordValues.keys()];
    const sameLetters = candidates.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const allowedDistance = name.length <= 4 ? 1 : 2;
    const close = sameLetters ?? candidates.find((candidate) => editDistance(candidate, name) <= allowedDistance);
    if (close !== undefined) return `unknown name '${shown}': did you mean ${close}? (${known})`;
  }
  return `unknown name '${shown}' (${known})`;
}

const comparisonOperators: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);

/** The type of `left <operator> right`, or the reason it has none. */
function binaryResultType(
  operator: BinaryOperator,
  left: ExpressionType,
  right: ExpressionType,
): { readonly type: ExpressionType } | { readonly error: string } {
  if (operator === '==' || operator === '!=') return { type: 'boolean' };
  if (comparisonOperators.has(operator)) {
    if (left === 'boolean' || right === 'boolean') {
      return { error: `${operator} cannot order true/false; it compares two numbers or two strings` };
    }
    if (left === 'null' || right === 'null' || left === right) return { type: 'boolean' };
    return {
      error: `${operator} cannot compare ${describeType(left)} with ${describeType(right)}; it compares two numbers or two strings`,
    };
  }
  if (operator === '+') {
    if (left === 'boolean' || right === 'boolean')
      return { error: '+ cannot add true/false; it adds numbers or joins strings' };
    if (left === 'null' || right === 'null') return { type: 'null' };
    if (left === right) return { type: left };
    return {
      error: `+ cannot add ${describeType(left)} and ${describeType(right)}; it adds two numbers or joins two strings`,
    };
  }
  if (left === 'boolean' || left === 'string' || right === 'boolean' || right === 'string') {
    const wrong = left === 'boolean' || left === 'string' ? left : right;
    return { error: `- subtracts numbers, but one side is ${describeType(wrong)}` };
  }
  if (left === 'null' || right === 'null') return { type: 'null' };
  return { type: 'number' };
}

/** The message for a non-boolean operand of `&&`, `||` or `!`. */
function logicalOperandMessage(operator: string, type: ExpressionType): string {
  const hint =
    operator === '!'
      ? 'put what it negates in parentheses, e.g. !(lag == null)'
      : type === 'null'
        ? 'compare it, e.g. lag == null'
        : 'compare it, e.g. lag > 0';
  return `${operator} needs true or false, but this is ${describeType(type)}; ${hint}`;
}

/** Recursive descent over the grammar in docs/expressions.md; checks types as it builds the tree. */
class Parser {
  private lookahead: Token | undefined;
  private depth = 0;

  constructor(private readonly tokenizer: Tokenizer) {}

  parseWhole(): TypedNode {
    if (this.tokenizer.atEnd()) throw new ExpressionSyntaxError('the expression is empty', 1);
    const result = this.parseOr();
    const after = this.peek();
    if (after.kind !== 'end') throw this.trailingTokenError(after);
    return result;
  }

  private peek(): Token {
    this.lookahead ??= this.tokenizer.nextToken();
    return this.lookahead;
  }

  private advance(): Token {
    const token = this.peek();
    this.lookahead = undefined;
    return token;
  }

  private peekOperator(): Operator | undefined {
    const token = this.peek();
    return token.kind === 'operator' ? token.operator : undefined;
  }

  private enter(column: number): void {
    this.depth++;
    if (this.depth > maxNestingDepth) {
      throw new ExpressionSyntaxError(
        `the expression nests too deeply (more than ${maxNestingDepth} levels of (, ! and -)`,
        column,
      );
    }
  }

  private leave(): void {
    this.depth--;
  }

  private parseOr(): TypedNode {
    return this.parseLogical('||', () => this.parseAnd());
  }

  private parseAnd(): TypedNode {
    return this.parseLogical('&&', () => this.parseEquality());
  }

  private parseLogical(operator: '&&' | '||', parseOperand: () => TypedNode): TypedNode {
    const first = parseOperand();
    if (this.peekOperator() !== operator) return first;
    if (first.type !== 'boolean')
      throw new ExpressionSyntaxError(logicalOperandMessage(operator, first.type), first.column);
    const operands = [first.node];
    while (this.peekOperator() === operator) {
      this.advance();
      const operand = parseOperand();
      if (operand.type !== 'boolean') {
        throw new ExpressionSyntaxError(logicalOperandMessage(operator, operand.type), operand.column);
      }
      operands.push(operand.node);
    }
    return { node: { kind: 'logical', operator, operands }, type: 'boolean', column: first.column };
  }

  private parseEquality(): TypedNode {
    return this.parseChain(['==', '!='], () => this.parseComparison());
  }

  private parseComparison(): TypedNode {
    return this.parseChain(['<', '<=', '>', '>='], () => this.parseAdditive());
  }

  private parseAdditive(): TypedNode {
    return this.parseChain(['+', '-'], () => this.parseUnary());
  }

  /** A left-associative run of same-precedence operators, kept flat so evaluation is a loop, not recursion. */
  private parseChain(operators: readonly BinaryOperator[], parseOperand: () => TypedNode): TypedNode {
    const first = parseOperand();
    let type = first.type;
    const links: ChainLink[] = [];
    for (;;) {
      const token = this.peek();
      const operator = operators.find((candidate) => token.kind === 'operator' && token.operator === candidate);
      if (operator === undefined) break;
      this.advance();
      const operand = parseOperand();
      const result = binaryResultType(operator, type, operand.type);
      if ('error' in result) throw new ExpressionSyntaxError(result.error, token.column);
      type = result.type;
      links.push({ operator, operand: operand.node });
    }
    if (links.length === 0) return first;
    return { node: { kind: 'chain', first: first.node, links }, type, column: first.column };
  }

  private parseUnary(): TypedNode {
    const token = this.peek();
    if (token.kind !== 'operator' || (token.operator !== '!' && token.operator !== '-')) return this.parsePrimary();
    this.advance();
    this.enter(token.column);
    const operand = this.parseUnary();
    this.leave();
    if (token.operator === '!') {
      if (operand.type !== 'boolean')
        throw new ExpressionSyntaxError(logicalOperandMessage('!', operand.type), token.column);
      return { node: { kind: 'not', operand: operand.node }, type: 'boolean', column: token.column };
    }
    if (operand.type !== 'number' && operand.type !== 'null') {
      throw new ExpressionSyntaxError(`- needs a number, but this is ${describeType(operand.type)}`, token.column);
    }
    return { node: { kind: 'negate', operand: operand.node }, type: operand.type, column: token.column };
  }

  private parsePrimary(): TypedNode {
    const token = this.advance();
    const column = token.column;
    switch (token.kind) {
      case 'number':
        return { node: { kind: 'literal', value: token.value }, type: 'number', column };
      case 'string':
        return { node: { kind: 'literal', value: token.value }, type: 'string', column };
      case 'name': {
        if (keywordValues.has(token.text)) {
          const value = keywordValues.get(token.text) ?? null;
          return { node: { kind: 'literal', value }, type: value === null ? 'null' : 'boolean', column };
        }
        if (!Object.hasOwn(scopeNameTypes, token.text))
          throw new ExpressionSyntaxError(unknownNameMessage(token.text), column);
        const type = scopeNameTypes[token.text];
        return { node: { kind: 'name', name: token.text as ScopeName, type }, type, column };
      }
      case 'end':
        throw new ExpressionSyntaxError('the expression ends where a value is expected', column);
      case 'operator': {
        if (token.operator !== '(') {
          throw new ExpressionSyntaxError(`expected a value, found ${describeToken(token)}`, column);
        }
        this.enter(column);
        if (this.peekOperator() === ')')
          throw new ExpressionSyntaxError('empty parentheses: put a value inside', column);
        const inner = this.parseOr();
        const closing = this.peek();
        if (closing.kind !== 'operator' || closing.operator !== ')') {
          if (closing.kind === 'end') {
            throw new ExpressionSyntaxError(`missing ')' to match the '(' at column ${column}`, closing.column);
          }
          throw this.trailingTokenError(closing, `')' to match the '(' at column ${column}`);
        }
        this.advance();
        this.leave();
        return { node: inner.node, type: inner.type, column };
      }
    }
  }

  /** The error for a token that cannot follow a complete value. */
  private trailingTokenError(token: Token, expected?: string): ExpressionSyntaxError {
    if (token.kind === 'operator' && token.operator === '(') {
      return new ExpressionSyntaxError('calls are not supported; use one of the names directly', token.column);
    }
    if (token.kind === 'operator' && token.operator === ')') {
      return new ExpressionSyntaxError("unexpected ')' with no '(' before it", token.column);
    }
    const hint = token.kind === 'name' ? wordHints.get(token.text) : undefined;
    if (hint !== undefined) return new ExpressionSyntaxError(`unexpected '${token.text}': ${hint}`, token.column);
    const wanted = expected ?? 'an operator such as == or &&';
    return new ExpressionSyntaxError(`expected ${wanted} before ${describeToken(token)}`, token.column);
  }
}

/** A scope value checked against its name's type; `undefined` counts as null (not known). */
function readScopeValue(scope: ExpressionScope, name: ScopeName, type: NameType): ExpressionValue {
  const value: unknown = scope[name];
  if (value === null || value === undefined) return null;
  if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) return value;
  if (type === 'string' && typeof value === 'string') return value;
  throw new ExpressionRuntimeError(
    `the debugger has no valid value for ${name} at this step (${type} or null expected, got ${typeof value})`,
  );
}

function requireBoolean(value: ExpressionValue, operator: string): boolean {
  if (typeof value !== 'boolean') throw new ExpressionRuntimeError(`${operator} needs true or false`);
  return value;
}

/** `left <operator> right` with the rules of docs/expressions.md (types are already checked). */
function applyBinary(operator: BinaryOperator, left: ExpressionValue, right: ExpressionValue): ExpressionValue {
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '+':
      if (left === null || right === null) return null;
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      throw new ExpressionRuntimeError('+ adds two numbers or joins two strings');
    case '-':
      if (left === null || right === null) return null;
      if (typeof left === 'number' && typeof right === 'number') return left - right;
      throw new ExpressionRuntimeError('- subtracts numbers');
    default: {
      if (left === null || right === null) return false;
      const bothNumbers = typeof left === 'number' && typeof right === 'number';
      const bothStrings = typeof left === 'string' && typeof right === 'string';
      if (!bothNumbers && !bothStrings)
        throw new ExpressionRuntimeError(`${operator} compares two numbers or two strings`);
      if (operator === '<') return left < right;
      if (operator === '<=') return left <= right;
      if (operator === '>') return left > right;
      return left >= right;
    }
  }
}

function evaluateNode(node: ExpressionNode, scope: ExpressionScope): ExpressionValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return readScopeValue(scope, node.name, node.type);
    case 'not':
      return !requireBoolean(evaluateNode(node.operand, scope), '!');
    case 'negate': {
      const value = evaluateNode(node.operand, scope);
      if (value === null) return null;
      if (typeof value !== 'number') throw new ExpressionRuntimeError('- needs a number');
      return -value;
    }
    case 'logical': {
      const stopAt = node.operator === '||';
      for (const operand of node.operands) {
        if (requireBoolean(evaluateNode(operand, scope), node.operator) === stopAt) return stopAt;
      }
      return !stopAt;
    }
    case 'chain': {
      let value = evaluateNode(node.first, scope);
      for (const link of node.links) value = applyBinary(link.operator, value, evaluateNode(link.operand, scope));
      return value;
    }
  }
}

function evaluateSafely(node: ExpressionNode, scope: ExpressionScope): EvaluationResult {
  try {
    return { ok: true, value: evaluateNode(node, scope) };
  } catch (error) {
    const detail =
      error instanceof ExpressionRuntimeError ? error.message : `the step could not be read (${String(error)})`;
    return { ok: false, message: detail };
  }
}

/**
 * Parses and type-checks `source`. Never throws: a bad expression gives the first problem and its
 * 1-based column (in UTF-16 code units, as VS Code counts).
 */
export function compileExpression(source: string): CompileResult {
  let parsed: TypedNode;
  try {
    if (typeof source !== 'string') return { ok: false, message: 'the expression is not text', column: 1 };
    parsed = new Parser(new Tokenizer(source)).parseWhole();
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, message: error.message, column: error.column };
    return { ok: false, message: `the expression could not be read (${String(error)})`, column: 1 };
  }
  const node = parsed.node;
  const expression: CompiledExpression = {
    source,
    resultType: parsed.type,
    evaluate: (scope) => {
      const result = evaluateSafely(node, scope);
      return result.ok ? result.value : null;
    },
    evaluateResult: (scope) => evaluateSafely(node, scope),
  };
  return { ok: true, expression };
}

/** A compile problem as one line: the message and where it is. */
export function describeCompileError(failure: { readonly message: string; readonly column: number }): string {
  return `${failure.message} (at column ${failure.column})`;
}

/** Evaluate text once: the value, or an error message. */
export function evaluateExpression(
  source: string,
  scope: ExpressionScope,
): { readonly ok: true; readonly value: ExpressionValue } | { readonly ok: false; readonly message: string } {
  const compiled = compileExpression(source);
  if (!compiled.ok) return { ok: false, message: describeCompileError(compiled) };
  return compiled.expression.evaluateResult(scope);
}

/**
 * Whether a breakpoint condition stops at this step: only when it evaluates to exactly `true`.
 * A run-time error does not stop; its message comes back so the runtime can report it (once).
 */
export function checkCondition(
  condition: CompiledExpression,
  scope: ExpressionScope,
): { readonly stop: boolean; readonly error?: string } {
  const result = condition.evaluateResult(scope);
  if (!result.ok) return { stop: false, error: result.message };
  return { stop: result.value === true };
}

/**
 * How a value is shown: numbers as JavaScript prints them, `true`/`false`, `null` as `null`; strings in
 * double quotes with JSON escapes in the Debug Console and hovers (`console`), raw in logpoints (`log`).
 */
export function formatValue(value: ExpressionValue, context: 'console' | 'log'): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return context === 'console' ? JSON.stringify(value) : value;
  return String(value);
}

/** The operators a hit condition may start with; longest first so `>=` wins over `>`. */
const hitOperators = ['===', '==', '=', '>=', '<=', '>', '<', '%'] as const;
type HitOperator = (typeof hitOperators)[number];

const hitConditionHelp =
  'write N (stop on the N-th hit), >=N (from the N-th hit on), >N, <N, <=N, ==N, or %N (every N-th hit), with N a whole number';

/**
 * Parses a hit condition. A bare `N` stops on exactly the N-th hit (as VS Code's JavaScript debugger
 * does); `=N`, `==N` and `===N` mean the same; `>=N`, `>N`, `<N`, `<=N` compare; `%N` stops on every
 * N-th hit. `matches` takes the 1-based count of hits so far, this one included.
 */
export function parseHitCondition(source: string): HitCondition {
  const text = typeof source === 'string' ? source.trim() : '';
  if (text === '') return { ok: false, message: `the hit condition is empty; ${hitConditionHelp}` };
  const operator: HitOperator | undefined = hitOperators.find((candidate) => text.startsWith(candidate));
  const digits = text.slice(operator?.length ?? 0).trim();
  const shown = oneLineText(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (!/^[0-9]+$/.test(digits)) return { ok: false, message: `'${shown}' is not a hit condition; ${hitConditionHelp}` };
  const count = Number(digits);
  if (count > maxExactInteger) return { ok: false, message: `the hit count ${shown} is too large` };
  switch (operator) {
    case undefined:
    case '=':
    case '==':
    case '===':
      return { ok: true, matches: (hitCount) => hitCount === count };
    case '>=':
      return { ok: true, matches: (hitCount) => hitCount >= count };
    case '>':
      return { ok: true, matches: (hitCount) => hitCount > count };
    case '<=':
      return { ok: true, matches: (hitCount) => hitCount <= count };
    case '<':
      return { ok: true, matches: (hitCount) => hitCount < count };
    case '%':
      if (count === 0)
        return { ok: false, message: '%0 never stops; write %1 to stop on every hit, %2 on every other' };
      return { ok: true, matches: (hitCount) => hitCount % count === 0 };
  }
}

type LogPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly source: string; readonly expression: CompiledExpression }
  | { readonly kind: 'problem'; readonly source: string; readonly shown: string };

/** The text of a logpoint part that cannot be shown, as it appears in the log line. */
function inlineError(source: string, message: string): string {
  const shownSource = source.length > 40 ? `${source.slice(0, 40)}…` : source;
  return `[error in {${shownSource}}: ${message}]`;
}

/** Where the `}` that ends an expression starting at `start` is, skipping quoted strings; -1 if none. */
function findClosingBrace(template: string, start: number): number {
  let quote: string | undefined;
  for (let index = start; index < template.length; index++) {
    const char = template[index];
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '}') {
      return index;
    }
  }
  return -1;
}

/**
 * A logpoint message: `{expr}` parts replaced by their values (strings raw); `{{` and `}}` are literal
 * braces (a lone `}` is kept as is); a bad part shows its error inline. Compile once, render per hit.
 */
export function compileLogMessage(template: string): CompiledLogMessage {
  const text = typeof template === 'string' ? template : '';
  const parts: LogPart[] = [];
  const problems: LogMessageProblem[] = [];
  let literal = '';
  const flushLiteral = (): void => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if ((char === '{' || char === '}') && text[index + 1] === char) {
      literal += char;
      index += 2;
      continue;
    }
    if (char !== '{') {
      literal += char;
      index++;
      continue;
    }
    flushLiteral();
    const close = findClosingBrace(text, index + 1);
    const source = text.slice(index + 1, close === -1 ? text.length : close);
    if (close === -1) {
      const message = "missing '}' to end this expression (write {{ for a literal brace)";
      problems.push({ expression: source, message, column: index + 1 });
      parts.push({ kind: 'problem', source, shown: inlineError(source, message) });
      break;
    }
    const compiled = compileExpression(source);
    if (compiled.ok) {
      parts.push({ kind: 'expression', source, expression: compiled.expression });
    } else {
      problems.push({ expression: source, message: compiled.message, column: index + 1 + compiled.column });
      parts.push({ kind: 'problem', source, shown: inlineError(source, describeCompileError(compiled)) });
    }
    index = close + 1;
  }
  flushLiteral();
  return {
    problems,
    render(scope) {
      let line = '';
      for (const part of parts) {
        if (part.kind === 'text') line += part.text;
        else if (part.kind === 'problem') line += part.shown;
        else {
          const result = part.expression.evaluateResult(scope);
          line += result.ok ? formatValue(result.value, 'log') : inlineError(part.source, result.message);
        }
      }
      return line;
    },
  };
}
