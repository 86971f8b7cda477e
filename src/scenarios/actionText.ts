// The grammar of one action line of a scenario file (`c1 poll`, `wait 6s`, `produce orders-0 3`,
// `c1 commitSync orders-0=5 "label"`): words, an optional quoted label, and the checks that make a
// mistake a precise message (unknown verb or consumer, partition out of range, bad numbers).

import type { ActionBody, OffsetToCommit } from '../simulator/model';
import { didYouMean } from './nameSuggestions';
import { findScenarioVerb, scenarioVerbs, type ScenarioVerb } from './scenarioVocabulary';

/** What the action line is checked against: the consumers and topics the file declares. */
export interface ActionContext {
  /** Declared consumer ids; undefined when the `consumers` section could not be read (then any id passes). */
  readonly consumers: readonly string[] | undefined;
  /** Declared topics and their partition counts (undefined where unreadable); undefined when `topics` could not be read. */
  readonly topics: ReadonlyMap<string, number | undefined> | undefined;
}

/** An action line once read: one action (run `times` times, for `process N`) or `process all`. */
export type PlannedAction =
  | { readonly kind: 'action'; readonly body: ActionBody; readonly times: number }
  | { readonly kind: 'processAll'; readonly consumer: string; readonly label?: string };

/** The outcome of reading a line; a problem's offsets are relative to the line's text. */
export type ActionTextReading =
  | { readonly ok: true; readonly action: PlannedAction }
  | { readonly ok: false; readonly start: number; readonly end: number; readonly message: string };

/** The most records `process N` or `produce … N` may name in one line. */
export const maxRecordsPerAction = 1_000_000;

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

class ActionTextError extends Error {
  constructor(
    readonly start: number,
    readonly end: number,
    message: string,
  ) {
    super(message);
  }
}

function fail(word: Pick<Word, 'start' | 'end'>, message: string): never {
  throw new ActionTextError(word.start, word.end, message);
}

/** Splits a line into words and an optional trailing label in single or double quotes. */
function splitWords(text: string): { words: Word[]; label?: Word } {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const start = i;
      let value = '';
      i++;
      let closed = false;
      while (i < text.length) {
        const char = text[i];
        if (quote === '"' && char === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (char === quote) {
          if (quote === "'" && text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        value += char;
        i++;
      }
      if (!closed) fail({ start, end: text.length }, `the label is not closed: end it with ${quote}`);
      const rest = text.slice(i);
      if (rest.trim() !== '') {
        const restStart = i + (rest.length - rest.trimStart().length);
        fail({ start: restStart, end: text.length }, 'nothing may follow the label: the label comes last');
      }
      if (value.trim() === '') fail({ start, end: i }, 'the label is empty: write the text the table should show');
      return { words, label: { text: value, start, end: i } };
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i])) i++;
    words.push({ text: text.slice(start, i), start, end: i });
  }
  return { words };
}

const verbNames = scenarioVerbs.map((verb) => verb.name);
const consumerVerbNames = scenarioVerbs.filter((verb) => verb.takesConsumer).map((verb) => verb.name);

function listOrNone(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/** A whole number within bounds, or a message naming what it is for. */
function wholeNumber(word: Word, what: string, min: number, max: number): number {
  if (!/^[+-]?\d+$/.test(word.text)) fail(word, `${what} must be a whole number; got "${word.text}"`);
  const value = Number(word.text);
  if (value < min) fail(word, `${what} must be at least ${min}; got ${word.text}`);
  if (value > max) fail(word, `${what} must be at most ${max}; got ${word.text}`);
  return value;
}

/** Consumer verbs without arguments, and the action type each one is. */
const plainConsumerActions = new Map<string, 'start' | 'poll' | 'commitAsync' | 'crash' | 'restart' | 'close'>([
  ['start', 'start'],
  ['poll', 'poll'],
  ['commitAsync', 'commitAsync'],
  ['crash', 'crash'],
  ['restart', 'restart'],
  ['close', 'close'],
]);

class LineReader {
  constructor(
    private readonly context: ActionContext,
    private readonly lineEnd: number,
  ) {}

  read(words: readonly Word[], label: string | undefined): PlannedAction {
    const first = words[0];
    const firstVerb = findScenarioVerb(first.text);
    if (firstVerb && !firstVerb.takesConsumer) return this.globalAction(firstVerb, words.slice(1), label);
    const consumers = this.context.consumers;
    const isConsumer = consumers === undefined ? !firstVerb : consumers.includes(first.text);
    if (isConsumer) {
      const verbWord = words[1];
      if (!verbWord) {
        fail(first, `what should ${first.text} do? Write a verb after it, e.g. "${first.text} poll"`);
      }
      const verb = findScenarioVerb(verbWord.text);
      if (!verb) {
        fail(
          verbWord,
          `unknown verb "${verbWord.text}".${didYouMean(verbWord.text, verbNames)} Consumer verbs: ${consumerVerbNames.join(', ')}`,
        );
      }
      if (!verb.takesConsumer) {
        fail(
          { start: first.start, end: verbWord.end },
          `${verb.name} takes no consumer: write "${verb.forms[0].syntax}"`,
        );
      }
      return this.consumerAction(first.text, verb, words.slice(2), label);
    }
    if (firstVerb) {
      const example = consumers?.[0] ?? 'c1';
      fail(first, `${firstVerb.name} needs a consumer: write "${example} ${first.text}"`);
    }
    const second = words[1] ? findScenarioVerb(words[1].text) : undefined;
    if (second?.takesConsumer && consumers !== undefined) {
      fail(
        first,
        `unknown consumer "${first.text}"; declared consumers: ${listOrNone(consumers)}.${didYouMean(first.text, consumers)}`.replace(
          /\.$/,
          '',
        ),
      );
    }
    if (first.text === 'repeat') {
      fail(first, 'a repeat block is written "- repeat 3:" with a colon, and its actions indented below it');
    }
    fail(
      first,
      `unknown verb "${first.text}".${didYouMean(first.text, [...verbNames, ...(consumers ?? [])])}`.replace(/\.$/, ''),
    );
  }

  private noArguments(verb: ScenarioVerb, args: readonly Word[]): void {
    if (args.length > 0) {
      fail(
        { start: args[0].start, end: args[args.length - 1].end },
        `${verb.name} takes no arguments: write "${verb.forms[0].syntax}"`,
      );
    }
  }

  private exactArguments(verb: ScenarioVerb, args: readonly Word[], count: number, after: Word | undefined): void {
    if (args.length < count) {
      const at = after ?? { start: 0, end: this.lineEnd };
      fail(
        { start: at.start, end: at.end },
        `${verb.name} needs ${count === 1 ? 'an argument' : `${count} arguments`}: write "${verb.forms[0].syntax}"`,
      );
    }
    if (args.length > count) {
      fail(
        { start: args[count].start, end: args[args.length - 1].end },
        `too many arguments: write "${verb.forms[0].syntax}"`,
      );
    }
  }

  /** `orders-0`: a declared topic and a partition it has. */
  private partition(word: Word): { topic: string; partition: number } {
    const match = /^(.+)-(\d+)$/.exec(word.text);
    if (!match) fail(word, `expected a topic-partition such as orders-0; got "${word.text}"`);
    const topic = match[1];
    const partition = Number(match[2]);
    const topics = this.context.topics;
    if (topics !== undefined) {
      const count = topics.get(topic);
      if (!topics.has(topic)) {
        const declared = [...topics.keys()];
        fail(
          word,
          `unknown topic "${topic}"; declared topics: ${listOrNone(declared)}.${didYouMean(topic, declared)}`.replace(
            /\.$/,
            '',
          ),
        );
      }
      if (count !== undefined && partition >= count) {
        const range = count === 1 ? `only ${topic}-0` : `${topic}-0 to ${topic}-${count - 1}`;
        fail(
          word,
          `partition ${partition} is out of range: ${topic} has ${count} partition${count === 1 ? '' : 's'} (${range})`,
        );
      }
    }
    return { topic, partition };
  }

  private consumerAction(
    consumer: string,
    verb: ScenarioVerb,
    args: readonly Word[],
    label: string | undefined,
  ): PlannedAction {
    const labelled = label === undefined ? {} : { label };
    const one = (body: ActionBody): PlannedAction => ({ kind: 'action', body, times: 1 });
    const plainType = plainConsumerActions.get(verb.name);
    if (plainType !== undefined) {
      this.noArguments(verb, args);
      return one({ type: plainType, consumer, ...labelled });
    }
    switch (verb.name) {
      case 'process': {
        if (args.length > 1)
          fail(args[1], 'too many arguments: write "c1 process", "c1 process 3" or "c1 process all"');
        if (args.length === 0) return one({ type: 'process', consumer, ...labelled });
        if (args[0].text === 'all') return { kind: 'processAll', consumer, ...labelled };
        if (!/^[+-]?\d+$/.test(args[0].text))
          fail(args[0], `process takes a record count or "all"; got "${args[0].text}"`);
        const times = wholeNumber(args[0], 'the record count of process', 1, maxRecordsPerAction);
        return { kind: 'action', body: { type: 'process', consumer, ...labelled }, times };
      }
      case 'commitSync':
        return one(this.commitSync(consumer, args, labelled));
      case 'seek': {
        this.exactArguments(verb, args, 2, args[args.length - 1]);
        const tp = this.partition(args[0]);
        if (/^-\d+$/.test(args[1].text))
          fail(args[1], `seek needs an offset of 0 or more (Kafka refuses a negative seek); got ${args[1].text}`);
        const offset = wholeNumber(args[1], 'the seek offset', 0, Number.MAX_SAFE_INTEGER);
        return one({ type: 'seek', consumer, ...tp, offset, ...labelled });
      }
      default:
        return fail({ start: 0, end: this.lineEnd }, `${verb.name} is not a consumer verb`);
    }
  }

  private commitSync(consumer: string, args: readonly Word[], labelled: { label?: string }): ActionBody {
    if (args.length === 0) return { type: 'commitSync', consumer, ...labelled };
    if (args[0].text === 'processed') {
      if (args.length > 1)
        fail(args[1], '"commitSync processed" takes nothing more: it commits every processed partition');
      return { type: 'commitProcessed', consumer, ...labelled };
    }
    const offsets: OffsetToCommit[] = [];
    const seen = new Set<string>();
    for (const arg of args) {
      const equals = arg.text.lastIndexOf('=');
      if (equals <= 0) {
        fail(arg, `expected partition=offset such as orders-0=5, or "processed"; got "${arg.text}"`);
      }
      const tpWord = { text: arg.text.slice(0, equals), start: arg.start, end: arg.start + equals };
      const offsetWord = { text: arg.text.slice(equals + 1), start: arg.start + equals + 1, end: arg.end };
      const tp = this.partition(tpWord);
      if (seen.has(tpWord.text)) fail(tpWord, `${tpWord.text} is committed twice in one commitSync`);
      seen.add(tpWord.text);
      if (offsetWord.text === '') fail(arg, `expected an offset after "=": ${tpWord.text}=5`);
      const offset = wholeNumber(offsetWord, `the commit offset of ${tpWord.text}`, 0, Number.MAX_SAFE_INTEGER);
      offsets.push({ ...tp, offset });
    }
    return { type: 'commitOffsets', consumer, offsets, ...labelled };
  }

  private globalAction(verb: ScenarioVerb, args: readonly Word[], label: string | undefined): PlannedAction {
    const labelled = label === undefined ? {} : { label };
    const one = (body: ActionBody): PlannedAction => ({ kind: 'action', body, times: 1 });
    switch (verb.name) {
      case 'wait': {
        this.exactArguments(verb, args, 1, undefined);
        return one({ type: 'wait', ms: this.duration(args[0]), ...labelled });
      }
      case 'produce':
      case 'produce-transactional': {
        this.exactArguments(verb, args, 2, args[args.length - 1]);
        const tp = this.partition(args[0]);
        const count = wholeNumber(args[1], `the record count of ${verb.name}`, 1, maxRecordsPerAction);
        return one(
          verb.name === 'produce'
            ? { type: 'produce', ...tp, count, ...labelled }
            : { type: 'produceTransactional', ...tp, count, ...labelled },
        );
      }
      case 'begin-transaction':
        this.noArguments(verb, args);
        return one({ type: 'beginTransaction', ...labelled });
      case 'commit-transaction':
        this.noArguments(verb, args);
        return one({ type: 'commitTransaction', ...labelled });
      case 'abort-transaction':
        this.noArguments(verb, args);
        return one({ type: 'abortTransaction', ...labelled });
      case 'delete-records': {
        this.exactArguments(verb, args, 2, args[args.length - 1]);
        const tp = this.partition(args[0]);
        const beforeOffset = wholeNumber(args[1], 'the offset records are deleted below', 0, Number.MAX_SAFE_INTEGER);
        return one({ type: 'deleteRecords', ...tp, beforeOffset, ...labelled });
      }
      default:
        return fail({ start: 0, end: this.lineEnd }, `${verb.name} needs a consumer`);
    }
  }

  /** `250ms`, `6s`, `1.5s`, `2m` → milliseconds (a whole number of them). */
  private duration(word: Word): number {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(word.text);
    if (!match) {
      if (/^\d+(\.\d+)?$/.test(word.text))
        fail(word, `wait needs a unit, ms, s or m: write "wait ${word.text}s" or "wait ${word.text}ms"`);
      if (/^-/.test(word.text)) fail(word, `wait needs a time of 0 or more; got "${word.text}"`);
      fail(word, `wait takes a time in ms, s or m, such as 6s or 250ms; got "${word.text}"`);
    }
    const factor = match[2] === 'ms' ? 1 : match[2] === 's' ? 1000 : 60_000;
    const ms = Number(match[1]) * factor;
    const rounded = Math.round(ms);
    if (Math.abs(ms - rounded) > 1e-6)
      fail(word, `wait must come to a whole number of milliseconds; ${word.text} is ${ms} ms`);
    if (!Number.isSafeInteger(rounded)) fail(word, `wait ${word.text} is too long`);
    return rounded;
  }
}

/**
 * Reads one action line against the declared consumers and topics. Never throws: a mistake comes back
 * as a message with the offsets (within `text`) of the word at fault.
 */
export function readActionText(text: string, context: ActionContext): ActionTextReading {
  try {
    const { words, label } = splitWords(text);
    if (words.length === 0) {
      return { ok: false, start: 0, end: text.length, message: 'an action needs a verb, e.g. "c1 poll" or "wait 6s"' };
    }
    const action = new LineReader(context, text.length).read(words, label?.text);
    return { ok: true, action };
  } catch (error) {
    if (error instanceof ActionTextError)
      return { ok: false, start: error.start, end: error.end, message: error.message };
    return { ok: false, start: 0, end: text.length, message: `cannot read this action: ${String(error)}` };
  }
}
