// Where the cursor is in a scenario file, read from the lines around it (the file may be half typed
// and not parse): an action's consumer, verb or argument, a setting's key or value, a top-level key.
// Completion and hover decide what to offer from this. No `vscode` here: plain-Node tests use it.

/** A 0-based position, as in an editor. */
export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

/** Whose settings a key belongs to: a consumer (`consumers: c1: {…}`), the group, or a topic. */
export type SettingOwner =
  | { readonly section: 'consumers'; readonly consumer: string }
  | { readonly section: 'group' }
  | { readonly section: 'topics'; readonly topic: string };

/** What is being typed at the cursor; `prefix` is the text of it already typed (to be replaced). */
export type CompletionContext =
  /** A top-level key (`name`, `group`, `actions`, …) at column 0. */
  | { readonly kind: 'topLevelKey'; readonly prefix: string }
  /** The first word of an action (`- |`): a consumer id, a verb that needs no consumer, or `repeat`. */
  | { readonly kind: 'actionStart'; readonly prefix: string }
  /** The verb after a consumer id (`- c1 |`). */
  | { readonly kind: 'consumerVerb'; readonly consumer: string; readonly prefix: string }
  /** An argument of a verb (`- c1 seek |`, `- produce |`); `argumentIndex` counts from 0. */
  | {
      readonly kind: 'verbArgument';
      readonly verb: string;
      readonly consumer: string | undefined;
      readonly argumentIndex: number;
      readonly prefix: string;
    }
  /** A setting's name (`c1: { enable.auto.commit: false, |`, or a line under `c1:`). */
  | { readonly kind: 'settingKey'; readonly owner: SettingOwner; readonly prefix: string }
  /** A setting's value (`auto.offset.reset: |`). */
  | { readonly kind: 'settingValue'; readonly owner: SettingOwner; readonly key: string; readonly prefix: string };

/** What a hover points at. `start`/`end` are the word's 0-based characters on the cursor's line. */
export type HoverTarget =
  | { readonly kind: 'setting'; readonly section: SettingOwner['section']; readonly key: string }
  | { readonly kind: 'verb'; readonly verb: string }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'consumer'; readonly consumer: string }
  | { readonly kind: 'partition'; readonly partition: string };

/** A hover target with where its word is. */
export type LocatedHoverTarget = HoverTarget & { readonly line: number; readonly start: number; readonly end: number };

/** Which first words of an action are verbs that act on no consumer (`wait`, `produce`, …). */
export type ConsumerlessVerbTest = (word: string) => boolean;

const keyPattern = /^([^\s#:'"{}[\],-][^#:]*?|-[^\s#:][^#:]*?)\s*:(?:\s|$)/;
const wordCharacters = /[A-Za-z0-9_.-]/;

/**
 * What is being typed at `position` in `lines` (the document's lines), or `undefined` where nothing
 * is offered (inside a comment, a label, a name or a summary).
 */
export function completionContextAt(
  lines: readonly string[],
  position: TextPosition,
  isConsumerlessVerb: ConsumerlessVerbTest,
): CompletionContext | undefined {
  const lineText = lines[position.line] ?? '';
  const before = lineText.slice(0, position.character);
  if (/^[A-Za-z_]*$/.test(before) && /^[A-Za-z_]*\s*$/.test(lineText)) return { kind: 'topLevelKey', prefix: before };
  const section = sectionAt(lines, position.line);
  if (section === undefined) return undefined;
  if (section.name === 'actions') return actionContext(before, isConsumerlessVerb);
  if (section.name === 'group') {
    return settingContext(lines, position, section.line, { section: 'group' }, keyValueAfterKey(lines[section.line]));
  }
  if (section.name === 'consumers' || section.name === 'topics') {
    const entry = entryAt(lines, section.line, position.line);
    if (entry === undefined || (entry.line === position.line && position.character <= entry.keyEnd)) return undefined;
    const owner: SettingOwner =
      section.name === 'consumers'
        ? { section: 'consumers', consumer: entry.key }
        : { section: 'topics', topic: entry.key };
    return settingContext(lines, position, entry.line, owner, lines[entry.line].slice(entry.keyEnd + 1));
  }
  return undefined;
}

/** What the word under `position` is, for a hover, or `undefined`. */
export function hoverTargetAt(
  lines: readonly string[],
  position: TextPosition,
  isConsumerlessVerb: ConsumerlessVerbTest,
): LocatedHoverTarget | undefined {
  const lineText = lines[position.line] ?? '';
  const word = wordAt(lineText, position.character);
  if (word === undefined) return undefined;
  const located = { line: position.line, start: word.start, end: word.end };
  const section = sectionAt(lines, position.line);
  if (section === undefined || word.start === 0) return undefined;
  if (section.name === 'consumers' || section.name === 'group' || section.name === 'topics') {
    if (!/^\s*:(?:\s|$)/.test(lineText.slice(word.end))) return undefined;
    if (section.name === 'consumers') {
      // The consumer ids themselves are keys too: only deeper keys (or keys inside `{ }`) are settings.
      const entry = entryAt(lines, section.line, position.line);
      if (entry !== undefined && entry.line === position.line && word.end <= entry.keyEnd) {
        return { kind: 'consumer', consumer: word.text, ...located };
      }
    }
    return { kind: 'setting', section: section.name, key: word.text, ...located };
  }
  if (section.name !== 'actions') return undefined;
  const item = /^(\s*-[\t ]+)(.*)$/.exec(lineText);
  if (item === null) return undefined;
  const wordsStart = item[1].length;
  if (word.start < wordsStart) return undefined;
  const beforeWord = lineText.slice(wordsStart, word.start);
  if (/["'#]/.test(beforeWord)) return undefined;
  const index = beforeWord.trim() === '' ? 0 : beforeWord.trim().split(/[\t ]+/).length;
  const first = index === 0 ? word.text : lineText.slice(wordsStart).split(/[\t ]+/)[0];
  if (first === 'repeat') return index === 0 ? { kind: 'repeat', ...located } : undefined;
  if (index === 0) {
    return isConsumerlessVerb(word.text)
      ? { kind: 'verb', verb: word.text, ...located }
      : { kind: 'consumer', consumer: word.text, ...located };
  }
  if (index === 1 && !isConsumerlessVerb(first)) return { kind: 'verb', verb: word.text, ...located };
  const partition = /^([A-Za-z0-9_.-]+-[0-9]+)(?:=|$)/.exec(word.text);
  if (partition !== null) {
    const partitionEnd = word.start + partition[1].length;
    if (position.character <= partitionEnd) {
      return { kind: 'partition', partition: partition[1], line: position.line, start: word.start, end: partitionEnd };
    }
  }
  return undefined;
}

/** The word of `[A-Za-z0-9_.-=]` characters under (or just before) `character`, if any. */
export function wordAt(lineText: string, character: number): { text: string; start: number; end: number } | undefined {
  const isWord = (index: number): boolean =>
    index >= 0 && index < lineText.length && (wordCharacters.test(lineText[index]) || lineText[index] === '=');
  let start = character;
  if (!isWord(start) && isWord(start - 1)) start -= 1;
  if (!isWord(start)) return undefined;
  while (isWord(start - 1)) start -= 1;
  let end = start;
  while (isWord(end)) end += 1;
  // Trim the `- ` of a list item and a trailing `:` never belong to a word; `=` splits `orders-0=5` later.
  const text = lineText.slice(start, end);
  if (text === '-' || text === '') return undefined;
  return { text, start, end };
}

/** The top-level key whose block holds `line` (the nearest key at column 0 above it), if any. */
export function sectionAt(lines: readonly string[], line: number): { name: string; line: number } | undefined {
  for (let index = line; index >= 0; index--) {
    const text = lines[index] ?? '';
    if (isBlankOrComment(text) || indentOf(text) > 0 || text.startsWith('-')) continue;
    const key = keyPattern.exec(text);
    if (key === null) return undefined;
    return { name: key[1], line: index };
  }
  return undefined;
}

/** The entry (`c1:` under `consumers:`, `orders:` under `topics:`) whose block holds `line`. */
function entryAt(
  lines: readonly string[],
  sectionLine: number,
  line: number,
): { key: string; line: number; keyEnd: number } | undefined {
  let entryIndent: number | undefined;
  for (let index = sectionLine + 1; index <= line; index++) {
    const text = lines[index] ?? '';
    if (isBlankOrComment(text)) continue;
    entryIndent = indentOf(text);
    break;
  }
  if (entryIndent === undefined) return undefined;
  for (let index = line; index > sectionLine; index--) {
    const text = lines[index] ?? '';
    if (isBlankOrComment(text)) continue;
    const indent = indentOf(text);
    if (indent < entryIndent) return undefined;
    if (indent > entryIndent) continue;
    const key = keyPattern.exec(text.slice(indent));
    if (key === null) return undefined;
    return { key: key[1], line: index, keyEnd: text.indexOf(':', indent + key[1].length) };
  }
  return undefined;
}

/** A key or value of the mapping that belongs to `owner`, in flow (`{ a: 1, | }`) or block style. */
function settingContext(
  lines: readonly string[],
  position: TextPosition,
  ownerLine: number,
  owner: SettingOwner,
  ownerValue: string,
): CompletionContext | undefined {
  const lineText = lines[position.line] ?? '';
  const before = lineText.slice(0, position.character);
  if (ownerValue.trimStart().startsWith('{')) {
    // Flow style, possibly over several lines: read from the owner's `{` to the cursor.
    const valueStart = lines[ownerLine].length - ownerValue.length;
    const parts =
      position.line === ownerLine
        ? [lines[ownerLine].slice(valueStart, position.character)]
        : [lines[ownerLine].slice(valueStart), ...lines.slice(ownerLine + 1, position.line), before];
    return flowSettingContext(parts.join('\n'), owner);
  }
  if (position.line === ownerLine) return undefined;
  if (indentOf(before) <= indentOf(lines[ownerLine])) return undefined;
  const key = /^\s*([A-Za-z0-9_.-]*)$/.exec(before);
  if (key !== null) return { kind: 'settingKey', owner, prefix: key[1] };
  const value = /^\s*([A-Za-z0-9_.-]+)\s*:[\t ]+([A-Za-z0-9_.-]*)$/.exec(before);
  if (value !== null) return { kind: 'settingValue', owner, key: value[1], prefix: value[2] };
  return undefined;
}

/** Reads `{ key: value, key|` (the text from the `{` to the cursor). */
function flowSettingContext(text: string, owner: SettingOwner): CompletionContext | undefined {
  let depth = 0;
  let segmentStart = -1;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      continue;
    }
    if (character === '"' || character === "'") quote = character;
    else if (character === '#' && (index === 0 || /\s/.test(text[index - 1]))) {
      const newline = text.indexOf('\n', index);
      if (newline < 0) return undefined;
      index = newline;
    } else if (character === '{' || character === '[') {
      depth += 1;
      if (depth === 1) segmentStart = index + 1;
    } else if (character === '}' || character === ']') {
      depth -= 1;
    } else if (character === ',' && depth === 1) segmentStart = index + 1;
  }
  if (quote !== undefined || depth !== 1 || segmentStart < 0) return undefined;
  const segment = text.slice(segmentStart);
  const colon = /^\s*([A-Za-z0-9_.-]+)\s*:[\t ]*([A-Za-z0-9_.-]*)$/.exec(segment);
  if (colon !== null) return { kind: 'settingValue', owner, key: colon[1], prefix: colon[2] };
  const key = /^\s*([A-Za-z0-9_.-]*)$/.exec(segment);
  if (key !== null) return { kind: 'settingKey', owner, prefix: key[1] };
  return undefined;
}

/** An action list item: `- |`, `- c1 |`, `- c1 seek |`, `- produce |`. */
function actionContext(before: string, isConsumerlessVerb: ConsumerlessVerbTest): CompletionContext | undefined {
  const item = /^\s*-[\t ]+(.*)$/.exec(before);
  if (item === null) return undefined;
  const rest = item[1];
  if (/["'#]/.test(rest)) return undefined;
  const words = rest.split(/[\t ]+/);
  const prefix = words[words.length - 1];
  if (words.length === 1) return { kind: 'actionStart', prefix };
  const first = words[0];
  if (first === 'repeat' || prefix.includes('=')) return undefined;
  if (isConsumerlessVerb(first)) {
    return { kind: 'verbArgument', verb: first, consumer: undefined, argumentIndex: words.length - 2, prefix };
  }
  if (words.length === 2) return { kind: 'consumerVerb', consumer: first, prefix };
  return { kind: 'verbArgument', verb: words[1], consumer: first, argumentIndex: words.length - 3, prefix };
}

/** What follows `key:` on a top-level line (`group: { id: x }` → ` { id: x }`). */
function keyValueAfterKey(lineText: string): string {
  const colon = lineText.indexOf(':');
  return colon < 0 ? '' : lineText.slice(colon + 1);
}

function indentOf(text: string): number {
  return /^ */.exec(text)?.[0].length ?? 0;
}

function isBlankOrComment(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('#');
}
