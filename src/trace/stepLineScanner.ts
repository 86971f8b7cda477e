// Reads the step lines of a long trace file without JSON.parse, when they are shaped exactly as
// this project writes them: the row's fields in their order, the kind, a delta of field and item
// changes, the effects. The row goes to the caller, the delta is applied to the caller's state in
// place, and every other part of the line is checked as JSON without building it. A line of any
// other shape, or one this reader would have to refuse, is declined before anything is changed, and
// the caller reads it the general way (JSON.parse, the general delta), which says what is wrong.

import { isPlainObject } from './jsonDelta';
import { messageLabelPrefix, recordInHandOf } from './stepColumns';
import type { TraceStep } from './traceStep';

/** A step line read by {@link StepLineScanner}: its row, its kind, and its commits when it has any. */
export interface ScannedStepLine {
  /** The row; without `messageProcessed` when that is null or the label of {@link recordInHand}. */
  readonly step: Omit<TraceStep, 'messageProcessed'> | TraceStep;
  /** N when the row's Message Processed is "Message at offset N" (as the table writes it), else null. */
  readonly recordInHand: number | null;
  readonly kind: string;
  /** `effects.commits`, parsed; undefined when the step has none. */
  readonly commits: readonly { readonly kind: string }[] | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a changed place of the state is, for the fields the trace reader requires of every state. */
const enum Role {
  /** The state: `partitions` and `consumers` are lists, `clockMs` a number. */
  State,
  /** `partitions`, or a consumer's `partitions`: every item an object. */
  ObjectList,
  /** `consumers`: every item an object with a list of `partitions`. */
  ConsumerList,
  Consumer,
  /** Anything else: no rule. */
  Free,
}

/** What {@link StepLineScanner} makes of bytes that are not a JSON value (or not one it reads). */
const invalid: unique symbol = Symbol('invalid');

/** Deeper than this the general reader takes the line (a hostile file could nest without end). */
const maxDepth = 64;

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const minus = 0x2d;
const digit0 = 0x30;
const digit9 = 0x39;

/** Strings already met, found again by their bytes without decoding them (a long trace repeats a few names). */
class KnownStrings {
  /** Buckets by a hash of the length, the first two bytes and the last. */
  private readonly buckets: { readonly bytes: Uint8Array; readonly text: string }[][] = Array.from(
    { length: 1024 },
    () => [],
  );
  private size = 0;

  /** The string of the ASCII bytes `line[start, end)`. */
  get(line: Uint8Array, start: number, end: number): string {
    const length = end - start;
    const hash = length === 0 ? 0 : (length * 31 + line[start] * 7 + line[start + 1] * 3 + line[end - 1]) & 1023;
    const bucket = this.buckets[hash];
    for (let slot = 0; slot < bucket.length; slot++) {
      const bytes = bucket[slot].bytes;
      if (bytes.length !== length) continue;
      let index = 0;
      while (index < length && bytes[index] === line[start + index]) index += 1;
      if (index === length) return bucket[slot].text;
    }
    const text = ascii(line, start, end);
    if (this.size < maxKnownStrings && length <= maxKnownLength) {
      this.size += 1;
      bucket.push({ bytes: line.slice(start, end), text });
    }
    return text;
  }
}

/** How many distinct strings a scanner keeps (names and field names: a trace has a few), and how long. */
const maxKnownStrings = 4096;
const maxKnownLength = 128;

/** The bytes of `text` (ASCII). */
function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

const rowKeys = {
  start: bytesOf('{"step":'),
  action: bytesOf(',"action":'),
  offsetRead: bytesOf(',"offsetRead":'),
  messageProcessed: bytesOf(',"messageProcessed":'),
  offsetCommitted: bytesOf(',"offsetCommitted":'),
  nextOffsetToRead: bytesOf(',"nextOffsetToRead":'),
  consumer: bytesOf(',"consumer":'),
  topic: bytesOf(',"topic":'),
  partition: bytesOf(',"partition":'),
  position: bytesOf(',"position":'),
  logEndOffset: bytesOf(',"logEndOffset":'),
  lag: bytesOf(',"lag":'),
  line: bytesOf(',"line":'),
  column: bytesOf(',"column":'),
  kind: bytesOf(',"kind":'),
  delta: bytesOf(',"delta":'),
  effects: bytesOf(',"effects":'),
  label: bytesOf(`"${messageLabelPrefix}`),
  null: bytesOf('null'),
  true: bytesOf('true'),
  false: bytesOf('false'),
};

/**
 * Scans step lines, as UTF-8 bytes, one at a time; keeps no line. A scan that declines has changed
 * nothing; one that succeeds has applied the line's delta to the state it was given.
 */
export class StepLineScanner {
  private line: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  // The delta's leaf changes, found first and applied only once the whole line has been checked.
  private readonly targets: (Record<string, unknown> | unknown[])[] = [];
  private readonly keys: (string | number)[] = [];
  private readonly values: unknown[] = [];
  private changes = 0;
  private readonly known = new KnownStrings();

  /**
   * Reads the line `line[start, end)` (without its line break) as step `expected` after `state`
   * (changed in place when the line is read). Returns undefined, with `state` untouched, when the line is not
   * of the shape read here.
   */
  scan(
    line: Uint8Array,
    expected: number,
    state: Record<string, unknown>,
    start = 0,
    end = line.length,
  ): ScannedStepLine | undefined {
    this.line = line;
    this.at = start;
    this.end = end;
    this.changes = 0;
    try {
      return this.stepLine(expected, state);
    } finally {
      this.line = empty;
      this.targets.length = 0; // no references kept to the state between lines
      this.values.length = 0;
      this.commits = undefined;
    }
  }

  private stepLine(expected: number, state: Record<string, unknown>): ScannedStepLine | undefined {
    if (!this.literal(rowKeys.start)) return undefined;
    const stepNumber = this.integer();
    if (stepNumber !== expected) return undefined;
    if (!this.literal(rowKeys.action)) return undefined;
    const action = this.plainString(true);
    if (action === undefined) return undefined;
    if (!this.literal(rowKeys.offsetRead)) return undefined;
    const offsetRead = this.integerOrNull();
    if (offsetRead === undefined || !this.literal(rowKeys.messageProcessed)) return undefined;
    // Message Processed: "Message at offset N" is read as N (the columns keep only N), any other text as text.
    let recordInHand: number | null;
    let messageProcessed: string | null | undefined;
    if (this.literal(rowKeys.label)) {
      // Digits only: "Message at offset -0" is text of its own, not the label of 0.
      const offset = isDigit(this.line[this.at]) ? this.integer() : undefined;
      if (offset === undefined || this.line[this.at] !== quote) return undefined;
      recordInHand = offset;
      this.at += 1;
    } else {
      messageProcessed = this.stringOrNull(false);
      if (messageProcessed === undefined) return undefined;
      recordInHand = recordInHandOf(messageProcessed);
    }
    if (!this.literal(rowKeys.offsetCommitted)) return undefined;
    const offsetCommitted = this.integerOrNull();
    if (offsetCommitted === undefined || !this.literal(rowKeys.nextOffsetToRead)) return undefined;
    const nextOffsetToRead = this.integerOrNull();
    if (nextOffsetToRead === undefined || !this.literal(rowKeys.consumer)) return undefined;
    const consumer = this.stringOrNull(true);
    if (consumer === undefined || !this.literal(rowKeys.topic)) return undefined;
    const topic = this.stringOrNull(true);
    if (topic === undefined || !this.literal(rowKeys.partition)) return undefined;
    const partition = this.integerOrNull();
    if (partition === undefined || !this.literal(rowKeys.position)) return undefined;
    const position = this.integerOrNull();
    if (position === undefined || !this.literal(rowKeys.logEndOffset)) return undefined;
    const logEndOffset = this.integerOrNull();
    if (logEndOffset === undefined || !this.literal(rowKeys.lag)) return undefined;
    const lag = this.integerOrNull();
    if (lag === undefined) return undefined;
    let line: number | undefined;
    let column: number | undefined;
    if (this.literal(rowKeys.line)) {
      line = this.integer();
      if (line === undefined || line < 1) return undefined;
    }
    if (this.literal(rowKeys.column)) {
      column = this.integer();
      if (column === undefined || column < 1) return undefined;
    }
    if (!this.literal(rowKeys.kind)) return undefined;
    const kind = this.plainString(true);
    if (kind === undefined) return undefined;
    if (this.literal(rowKeys.delta) && !this.delta(state, Role.State, 0)) return undefined;
    let commits: { kind: string }[] | undefined;
    if (this.literal(rowKeys.effects)) {
      if (!this.effects()) return undefined;
      commits = this.commits;
    }
    if (this.at !== this.end - 1 || this.line[this.at] !== closeBrace) return undefined;

    // The whole line is as expected: its changes are made, and what it says is returned.
    for (let index = 0; index < this.changes; index++) {
      const target = this.targets[index];
      (target as Record<string | number, unknown>)[this.keys[index]] = this.values[index];
    }
    const row: Mutable<Omit<TraceStep, 'messageProcessed'>> & { messageProcessed?: string | null } = {
      step: stepNumber,
      action,
      offsetRead,
      offsetCommitted,
      nextOffsetToRead,
      consumer,
      topic,
      partition,
      position,
      logEndOffset,
      lag,
    };
    if (line !== undefined) row.line = line;
    if (column !== undefined) row.column = column;
    // Without `messageProcessed` when it is null or the label of the record in hand (the columns' reading).
    if (messageProcessed !== undefined && messageProcessed !== null && recordInHand === null) {
      row.messageProcessed = messageProcessed;
    }
    return { step: row, recordInHand, kind, commits: commits && commits.length > 0 ? commits : undefined };
  }

  /**
   * A delta at `at` for `target` (of role `role`): `{"{":{key: delta, …}}` or `{"[":{index: delta, …}}`
   * down to leaves, which are noted, not yet applied. False for any other form, or a change that does
   * not fit the target or would break what every state must hold.
   */
  private delta(target: unknown, role: Role, depth: number): boolean {
    if (depth > maxDepth) return false;
    const line = this.line;
    const at = this.at;
    if (line[at] !== openBrace || line[at + 1] !== quote) return false;
    const form = line[at + 2];
    if ((form !== openBrace && form !== openBracket) || line[at + 3] !== quote) return false;
    if (line[at + 4] !== colon || line[at + 5] !== openBrace) return false;
    const isList = form === openBracket;
    if (isList ? !Array.isArray(target) : !isPlainObject(target)) return false;
    this.at = at + 6;
    let keys: (string | number)[] | undefined; // of this change object, when it has more than one
    let firstKey: string | number | undefined;
    if (line[this.at] === closeBrace) this.at += 1;
    else {
      for (;;) {
        let place: string | number;
        let key = '';
        if (isList) {
          const index = this.index();
          if (index === undefined || index >= (target as unknown[]).length) return false;
          place = index;
        } else {
          const name = this.plainString(true);
          if (name === undefined || name === '__proto__') return false;
          place = key = name;
        }
        if (line[this.at] !== colon) return false;
        this.at += 1;
        // JSON.parse would keep only the last of two equal keys: such a line is read the general way.
        if (firstKey === undefined) firstKey = place;
        else {
          keys ??= [firstKey];
          if (keys.includes(place)) return false;
          keys.push(place);
        }
        if (line[this.at] === openBrace) {
          // A change inside the value: the value must be there, and of the shape the change needs.
          const child = isList
            ? (target as unknown[])[place as number]
            : Object.hasOwn(target as object, key)
              ? (target as Record<string, unknown>)[key]
              : undefined;
          if (!this.delta(child, childRole(role, key), depth + 1)) return false;
        } else {
          if (!leafAllowed(role, key, line[this.at])) return false;
          const value = this.value(depth + 1);
          if (value === invalid) return false;
          this.note(target as Record<string, unknown>, place, value);
        }
        const next = line[this.at];
        this.at += 1;
        if (next === closeBrace) break;
        if (next !== comma) return false;
      }
    }
    // `{"{":{…}}` and nothing else: deltas with "=" or "-" are read the general way.
    if (line[this.at] !== closeBrace) return false;
    this.at += 1;
    return true;
  }

  /** A list index key, `"12"`, written as JSON writes one; undefined for anything else. */
  private index(): number | undefined {
    const line = this.line;
    if (line[this.at] !== quote) return undefined;
    let at = this.at + 1;
    const from = at;
    let value = 0;
    while (at < this.end && isDigit(line[at])) value = value * 10 + (line[at++] - digit0);
    const digits = at - from;
    if (digits === 0 || digits > 9 || (digits > 1 && line[from] === digit0) || line[at] !== quote) return undefined;
    this.at = at + 1;
    return value;
  }

  private note(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
    const index = this.changes++;
    this.targets[index] = target;
    this.keys[index] = key;
    this.values[index] = value;
  }

  /** `effects.commits` of the line, set by {@link effects}. */
  private commits: { kind: string }[] | undefined;

  /** The effects at `at`: an object whose every value is a list (the general reader refuses others), its names distinct. */
  private effects(): boolean {
    const line = this.line;
    this.commits = undefined;
    if (line[this.at] !== openBrace) return false;
    this.at += 1;
    if (line[this.at] === closeBrace) {
      this.at += 1;
      return true;
    }
    let names: string[] | undefined;
    let first: string | undefined;
    for (;;) {
      const name = this.plainString(true);
      if (name === undefined || line[this.at] !== colon) return false;
      if (first === undefined) first = name;
      else {
        names ??= [first];
        if (names.includes(name)) return false;
        names.push(name);
      }
      this.at += 1;
      if (line[this.at] !== openBracket) return false;
      if (name === 'commits') {
        const commits = this.value(1);
        if (commits === invalid) return false;
        this.commits = commits as { kind: string }[];
      } else if (!this.skipValue(1)) return false;
      const next = line[this.at];
      this.at += 1;
      if (next === closeBrace) return true;
      if (next !== comma) return false;
    }
  }

  /**
   * The JSON value at `at`, made as JSON.parse makes it; {@link invalid} when it is not JSON. Lists,
   * plain strings, whole numbers and objects of them are built here; anything else by JSON.parse.
   */
  private value(depth: number): unknown {
    const start = this.at;
    const built = this.build(depth);
    if (built !== invalid) return built;
    this.at = start;
    return this.skipValue(depth) ? JSON.parse(ascii(this.line, start, this.at)) : invalid;
  }

  /** {@link value} for the simple values it builds itself; {@link invalid} for any other. */
  private build(depth: number): unknown {
    if (depth > maxDepth) return invalid;
    const line = this.line;
    const first = line[this.at];
    if (first === quote) return this.plainString(true) ?? invalid;
    if (first === openBracket) {
      const list: unknown[] = [];
      this.at += 1;
      if (line[this.at] === closeBracket) {
        this.at += 1;
        return list;
      }
      for (;;) {
        const item = this.build(depth + 1);
        if (item === invalid) return invalid;
        list.push(item);
        const next = line[this.at];
        this.at += 1;
        if (next === closeBracket) return list;
        if (next !== comma) return invalid;
      }
    }
    if (first === openBrace) {
      const object: Record<string, unknown> = {};
      this.at += 1;
      if (line[this.at] === closeBrace) {
        this.at += 1;
        return object;
      }
      for (;;) {
        const key = this.plainString(true);
        // JSON.parse makes a field named __proto__ an own field; an assignment would set the prototype.
        if (key === undefined || key === '__proto__' || line[this.at] !== colon) return invalid;
        this.at += 1;
        const item = this.build(depth + 1);
        if (item === invalid) return invalid;
        object[key] = item;
        const next = line[this.at];
        this.at += 1;
        if (next === closeBrace) return object;
        if (next !== comma) return invalid;
      }
    }
    if (this.literal(rowKeys.null)) return null;
    if (this.literal(rowKeys.true)) return true;
    if (this.literal(rowKeys.false)) return false;
    return this.integer() ?? invalid;
  }

  /** Skips one JSON value at `at`, checking it as JSON.parse would (no spaces: those lines are read the general way). */
  private skipValue(depth: number): boolean {
    if (depth > maxDepth) return false;
    const line = this.line;
    const first = line[this.at];
    if (first === quote) return this.skipString();
    if (first === openBracket) {
      this.at += 1;
      if (line[this.at] === closeBracket) {
        this.at += 1;
        return true;
      }
      for (;;) {
        if (!this.skipValue(depth + 1)) return false;
        const next = line[this.at];
        this.at += 1;
        if (next === closeBracket) return true;
        if (next !== comma) return false;
      }
    }
    if (first === openBrace) {
      this.at += 1;
      if (line[this.at] === closeBrace) {
        this.at += 1;
        return true;
      }
      for (;;) {
        if (!this.skipString() || line[this.at] !== colon) return false;
        this.at += 1;
        if (!this.skipValue(depth + 1)) return false;
        const next = line[this.at];
        this.at += 1;
        if (next === closeBrace) return true;
        if (next !== comma) return false;
      }
    }
    if (this.literal(rowKeys.null) || this.literal(rowKeys.true) || this.literal(rowKeys.false)) return true;
    return this.skipNumber();
  }

  /** A JSON string of ASCII at `at`, escapes and all (a line with UTF-8 text in it is read the general way). */
  private skipString(): boolean {
    const line = this.line;
    const end = this.end;
    if (line[this.at] !== quote) return false;
    let index = this.at + 1;
    for (;;) {
      if (index >= end) return false;
      const code = line[index];
      if (code === quote) break;
      if (code < 0x20 || code >= 0x80) return false;
      if (code === backslash) {
        const escaped = line[index + 1];
        if (escaped === 0x75) {
          for (let hex = index + 2; hex < index + 6; hex++) if (!isHexDigit(line[hex])) return false;
          index += 6;
          continue;
        }
        // " \ / b f n r t
        if (
          escaped !== 0x22 &&
          escaped !== 0x5c &&
          escaped !== 0x2f &&
          escaped !== 0x62 &&
          escaped !== 0x66 &&
          escaped !== 0x6e &&
          escaped !== 0x72 &&
          escaped !== 0x74
        ) {
          return false;
        }
        index += 2;
        continue;
      }
      index += 1;
    }
    this.at = index + 1;
    return true;
  }

  /** A JSON number at `at`: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private skipNumber(): boolean {
    const line = this.line;
    let index = this.at;
    if (line[index] === minus) index += 1;
    const digitsFrom = index;
    while (isDigit(line[index])) index += 1;
    if (index === digitsFrom || (index - digitsFrom > 1 && line[digitsFrom] === digit0)) return false;
    if (line[index] === 0x2e) {
      index += 1;
      const from = index;
      while (isDigit(line[index])) index += 1;
      if (index === from) return false;
    }
    const e = line[index];
    if (e === 0x65 || e === 0x45) {
      index += 1;
      const sign = line[index];
      if (sign === 0x2b || sign === minus) index += 1;
      const from = index;
      while (isDigit(line[index])) index += 1;
      if (index === from) return false;
    }
    this.at = index;
    return true;
  }

  /** Whether the bytes `expected` are at `at` (then passed over). */
  private literal(expected: Uint8Array): boolean {
    const line = this.line;
    const at = this.at;
    const length = expected.length;
    if (at + length > this.end) return false;
    for (let index = 0; index < length; index++) if (line[at + index] !== expected[index]) return false;
    this.at = at + length;
    return true;
  }

  /** A whole number of up to 15 digits at `at`, written as JSON writes it; undefined for anything else. */
  private integer(): number | undefined {
    const line = this.line;
    let index = this.at;
    const negative = line[index] === minus;
    if (negative) index += 1;
    const from = index;
    let value = 0;
    for (;;) {
      const code = line[index];
      if (!(code >= digit0 && code <= digit9)) break;
      value = value * 10 + (code - digit0);
      index += 1;
    }
    const digits = index - from;
    if (digits === 0 || digits > 15 || (digits > 1 && line[from] === digit0)) return undefined;
    const after = line[index];
    if (after === 0x2e || after === 0x65 || after === 0x45) return undefined; // a fraction or exponent: the general way
    this.at = index;
    return negative ? -value : value;
  }

  private integerOrNull(): number | null | undefined {
    return this.literal(rowKeys.null) ? null : this.integer();
  }

  private stringOrNull(isName: boolean): string | null | undefined {
    return this.literal(rowKeys.null) ? null : this.plainString(isName);
  }

  /**
   * A string of printable ASCII without escapes at `at` (a name, when `isName`: found among those
   * met before); undefined for anything else (escaped or non-ASCII strings are read the general way).
   */
  private plainString(isName: boolean): string | undefined {
    const line = this.line;
    if (line[this.at] !== quote) return undefined;
    const start = this.at + 1;
    let index = start;
    for (;;) {
      if (index >= this.end) return undefined;
      const code = line[index];
      if (code === quote) break;
      if (code === backslash || code < 0x20 || code >= 0x80) return undefined;
      index += 1;
    }
    this.at = index + 1;
    return isName ? this.known.get(line, start, index) : ascii(line, start, index);
  }
}

const empty = new Uint8Array(0);

/** Decodes longer runs of ASCII bytes (a list of a thousand partitions, say). */
const asciiDecoder = new TextDecoder('latin1');

/** The text of the ASCII bytes `line[start, end)`. */
function ascii(line: Uint8Array, start: number, end: number): string {
  const bytes = line.subarray(start, end);
  return bytes.length <= 256
    ? String.fromCharCode.apply(null, bytes as unknown as number[])
    : asciiDecoder.decode(bytes);
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= digit0 && code <= digit9;
}

function isHexDigit(code: number | undefined): boolean {
  if (code === undefined) return false;
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** The role of the value under `key` of a place of role `role`. */
function childRole(role: Role, key: string): Role {
  switch (role) {
    case Role.State:
      return key === 'partitions' ? Role.ObjectList : key === 'consumers' ? Role.ConsumerList : Role.Free;
    case Role.ConsumerList:
      return Role.Consumer;
    case Role.Consumer:
      return key === 'partitions' ? Role.ObjectList : Role.Free;
    default:
      return Role.Free;
  }
}

/** Whether a whole new value (starting with character `first`) may replace `key` of a place of role `role`. */
function leafAllowed(role: Role, key: string, first: number): boolean {
  switch (role) {
    case Role.State:
      if (key === 'partitions' || key === 'consumers') return false;
      return key !== 'clockMs' || first === minus || isDigit(first);
    case Role.ObjectList:
    case Role.ConsumerList:
      return false;
    case Role.Consumer:
      return key !== 'partitions';
    default:
      return true;
  }
}
