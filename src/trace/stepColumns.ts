// The execution table of a long trace in columns: numbers in typed arrays (NaN for the table's
// "No"), names and labels as indexes into tables of the distinct strings, the rare fields (several
// commits, an exception) aside, and per step its kind and whether it committed. About 70 bytes a
// step, against some 400 for a row object.

import type { StepCommit, StepKind, TraceStep } from './traceStep';

/** Rows the first block starts with when no size is known (it grows, by doubling, to a block's size). */
const initialCapacity = 1024;

/** The table's text for a record in hand. */
export function messageLabel(offset: number): string {
  return `${messageLabelPrefix}${offset}`;
}

/** The text of {@link messageLabel} before the offset. */
export const messageLabelPrefix = 'Message at offset ';

/** N when `message` is exactly {@link messageLabel}(N), else null (text of another tool, or none). */
export function recordInHandOf(message: string | null): number | null {
  if (message === null || !message.startsWith(messageLabelPrefix) || message.length === messageLabelPrefix.length)
    return null;
  for (let index = messageLabelPrefix.length; index < message.length; index++) {
    const code = message.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return null;
  }
  const digits = message.slice(messageLabelPrefix.length);
  const offset = Number(digits);
  return String(offset) === digits ? offset : null;
}

/** A list of distinct strings, each with its index; `-1` stands for null. */
class StringTable {
  readonly values: string[] = [];
  private readonly indexes = new Map<string, number>();
  /** Each value as JSON text, made when first asked for. */
  private readonly texts: string[] = [];

  indexOf(value: string | null): number {
    if (value === null) return -1;
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  valueAt(index: number): string | null {
    return index < 0 ? null : this.values[index];
  }

  /** {@link valueAt} as JSON text. */
  jsonAt(index: number): string {
    if (index < 0) return 'null';
    return (this.texts[index] ??= JSON.stringify(this.values[index]));
  }
}

/** A number as JSON writes it (one it cannot hold, such as NaN for "none", is null). */
function numberJson(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** The rows' numeric columns, in the order they are stored (row(), append() and partitions() use these positions). */
const numberColumns = [
  'offsetRead',
  'offsetCommitted',
  'nextOffsetToRead',
  'position',
  'logEndOffset',
  'lag',
  'recordInHand',
  'partition',
] as const;

/** What a step's commits were, as {@link StepColumns} keeps it. */
export const CommitMark = {
  None: 0,
  /** The step committed, and not only by auto-commit. */
  Committed: 1,
  /** The step committed, every commit an auto-commit. */
  AutoCommitted: 2,
} as const;
export type CommitMark = (typeof CommitMark)[keyof typeof CommitMark];

/** What a step's commits make of it (each commit's `kind` is `auto` for an auto-commit). */
export function commitMarkOf(commits: readonly { readonly kind: string }[]): CommitMark {
  if (commits.length === 0) return CommitMark.None;
  return commits.every((c) => c.kind === 'auto') ? CommitMark.AutoCommitted : CommitMark.Committed;
}

/** Names per row in {@link StepColumns}' names array: action, consumer, topic and the step's kind. */
const namesPerRow = 4;

/** Rows appended one at a time and read back, equal field for field, as {@link TraceStep}s. */
export class StepColumns {
  private size = 0;
  /** The rows, {@link blockRows} to a block; the first starts small and grows to that size. */
  private readonly blocks: RowBlock[];
  private readonly strings = new StringTable();
  private readonly commits = new Map<number, readonly StepCommit[]>();
  /** Rows whose Message Processed is not "Message at offset N" of their record in hand (files of other tools). */
  private readonly messages = new Map<number, string | null>();
  private readonly exceptions = new Map<number, string>();
  /** The consumers and topic-partitions the rows name (string-table indexes), kept as rows are appended. */
  private readonly seenConsumers = new Set<number>();
  private readonly partitionsOfTopic = new Map<number, Set<number>>();
  private readonly seenPartitions: [number, number][] = [];
  private lastConsumer = -1;
  private lastTopic = -1;
  private lastPartition = Number.NaN;

  /**
   * `expectedRows`, when known (a scenario's actions, a trace file's header), sizes the first block
   * (at most {@link blockRows} rows): later rows go to blocks of their own, made as the rows come, so
   * no block is ever copied and none takes long to make (the columns of a million rows at once took
   * 50 ms to allocate, holding the event loop). A hint is not trusted past that first block.
   */
  constructor(expectedRows = initialCapacity) {
    this.blocks = [newBlock(Math.max(initialCapacity, Math.min(blockRows, Math.floor(expectedRows) || 0)))];
  }

  get length(): number {
    return this.size;
  }

  /** The distinct consumers the rows name, in the order they first appear. */
  consumers(): string[] {
    return [...this.seenConsumers].map((index) => this.strings.values[index]);
  }

  /** The distinct topic-partitions the rows name, as `[topic, partition]`, in the order they first appear. */
  partitions(): [string, number][] {
    return this.seenPartitions.map(([topic, partition]) => [this.strings.values[topic], partition]);
  }

  /** Notes the consumer and the topic-partition of a row appended (most name those of the row before). */
  private see(consumer: number, topic: number, partition: number): void {
    if (consumer >= 0 && consumer !== this.lastConsumer) {
      this.lastConsumer = consumer;
      this.seenConsumers.add(consumer);
    }
    if (topic < 0 || Number.isNaN(partition) || (topic === this.lastTopic && partition === this.lastPartition)) return;
    this.lastTopic = topic;
    this.lastPartition = partition;
    let partitions = this.partitionsOfTopic.get(topic);
    if (!partitions) this.partitionsOfTopic.set(topic, (partitions = new Set()));
    if (partitions.has(partition)) return;
    partitions.add(partition);
    this.seenPartitions.push([topic, partition]);
  }

  /** The kind of step `index` (0-based). */
  kindAt(index: number): StepKind {
    return this.strings.values[blockOf(this.blocks, index).names[(index & rowMask) * namesPerRow + 3]] as StepKind;
  }

  /** The scenario-file line of step `index` (0-based)'s action, when it came from a file. */
  lineAt(index: number): number | undefined {
    const line = blockOf(this.blocks, index).places[(index & rowMask) * 2];
    return line > 0 ? line : undefined;
  }

  /** What step `index` (0-based) committed. */
  commitMarkAt(index: number): CommitMark {
    return blockOf(this.blocks, index).commitMarks[index & rowMask] as CommitMark;
  }

  /**
   * Appends a row. `step` must be the row's position (1, 2, 3, …); `recordInHand` is the offset the
   * row's "Message at offset N" names (its `messageProcessed` is rebuilt from it; a row that brings
   * another text keeps that).
   */
  append(
    step: Omit<TraceStep, 'messageProcessed'> | TraceStep,
    recordInHand: number | null,
    kind: StepKind,
    commitMark: CommitMark,
  ): void {
    if (step.step !== this.size + 1) throw new RangeError(`step ${step.step} appended as row ${this.size + 1}`);
    const row = this.size;
    const block = this.blockForRow(row);
    const at = row & rowMask;
    const width = numberColumns.length;
    const base = at * width;
    const numbers = block.numbers;
    numbers[base] = step.offsetRead ?? Number.NaN;
    numbers[base + 1] = step.offsetCommitted ?? Number.NaN;
    numbers[base + 2] = step.nextOffsetToRead ?? Number.NaN;
    numbers[base + 3] = step.position ?? Number.NaN;
    numbers[base + 4] = step.logEndOffset ?? Number.NaN;
    numbers[base + 5] = step.lag ?? Number.NaN;
    numbers[base + 6] = recordInHand ?? Number.NaN;
    numbers[base + 7] = step.partition ?? Number.NaN;
    const names = at * namesPerRow;
    const nameColumn = block.names;
    nameColumn[names] = this.strings.indexOf(step.action);
    nameColumn[names + 1] = this.strings.indexOf(step.consumer);
    nameColumn[names + 2] = this.strings.indexOf(step.topic);
    nameColumn[names + 3] = this.strings.indexOf(kind);
    this.see(nameColumn[names + 1], nameColumn[names + 2], numbers[base + 7]);
    block.commitMarks[at] = commitMark;
    block.places[at * 2] = step.line ?? 0;
    block.places[at * 2 + 1] = step.column ?? 0;
    if (step.commits) this.commits.set(row, step.commits);
    if ('messageProcessed' in step) {
      const message = (step as TraceStep).messageProcessed;
      if (message !== (recordInHand === null ? null : messageLabel(recordInHand))) this.messages.set(row, message);
    }
    if (step.exception !== undefined) this.exceptions.set(row, step.exception);
    this.size += 1;
  }

  /** Row `index` (0-based), made afresh. */
  row(index: number): TraceStep {
    const block = blockOf(this.blocks, index);
    const at = index & rowMask;
    const base = at * numberColumns.length;
    const names = at * namesPerRow;
    const value = (offset: number): number | null => {
      const number = block.numbers[base + offset];
      return Number.isNaN(number) ? null : number;
    };
    const inHand = value(6);
    const commits = this.commits.get(index);
    const exception = this.exceptions.get(index);
    const line = block.places[at * 2];
    const column = block.places[at * 2 + 1];
    return {
      step: index + 1,
      action: this.strings.valueAt(block.names[names]) as string,
      offsetRead: value(0),
      messageProcessed: this.messages.has(index)
        ? (this.messages.get(index) as string | null)
        : inHand === null
          ? null
          : messageLabel(inHand),
      offsetCommitted: value(1),
      nextOffsetToRead: value(2),
      consumer: this.strings.valueAt(block.names[names + 1]),
      topic: this.strings.valueAt(block.names[names + 2]),
      partition: value(7),
      position: value(3),
      logEndOffset: value(4),
      lag: value(5),
      ...(commits ? { commits } : {}),
      ...(exception !== undefined ? { exception } : {}),
      ...(line > 0 ? { line } : {}),
      ...(column > 0 ? { column } : {}),
    };
  }

  /**
   * `JSON.stringify(row(index))`, made from the columns without the row object: writing a long
   * trace file asks for a million of these.
   */
  rowJson(index: number): string {
    const block = blockOf(this.blocks, index);
    const at = index & rowMask;
    const base = at * numberColumns.length;
    const numbers = block.numbers;
    const names = at * namesPerRow;
    const nameColumn = block.names;
    const inHand = numbers[base + 6];
    const message = this.messages.has(index)
      ? JSON.stringify(this.messages.get(index))
      : Number.isNaN(inHand)
        ? 'null'
        : `"${messageLabelPrefix}${inHand}"`; // the label as JSON: its text has nothing to escape
    const commits = this.commits.get(index);
    const exception = this.exceptions.get(index);
    const line = block.places[at * 2];
    const column = block.places[at * 2 + 1];
    return (
      `{"step":${index + 1},"action":${this.strings.jsonAt(nameColumn[names])},` +
      `"offsetRead":${numberJson(numbers[base])},"messageProcessed":${message},` +
      `"offsetCommitted":${numberJson(numbers[base + 1])},"nextOffsetToRead":${numberJson(numbers[base + 2])},` +
      `"consumer":${this.strings.jsonAt(nameColumn[names + 1])},"topic":${this.strings.jsonAt(nameColumn[names + 2])},` +
      `"partition":${numberJson(numbers[base + 7])},"position":${numberJson(numbers[base + 3])},` +
      `"logEndOffset":${numberJson(numbers[base + 4])},"lag":${numberJson(numbers[base + 5])}` +
      (commits ? `,"commits":${JSON.stringify(commits)}` : '') +
      (exception !== undefined ? `,"exception":${JSON.stringify(exception)}` : '') +
      (line > 0 ? `,"line":${line}` : '') +
      (column > 0 ? `,"column":${column}` : '') +
      '}'
    );
  }

  /** Bytes the columns take (their arrays, not the strings). */
  get byteLength(): number {
    let bytes = 0;
    for (const block of this.blocks) {
      bytes +=
        block.numbers.byteLength + block.names.byteLength + block.places.byteLength + block.commitMarks.byteLength;
    }
    return bytes;
  }

  /** The block row `row` goes to (the next row to append): the first grows until full, later ones are made whole. */
  private blockForRow(row: number): RowBlock {
    const index = row >>> blockShift;
    if (index === this.blocks.length) {
      const block = newBlock(blockRows);
      this.blocks.push(block);
      return block;
    }
    const block = this.blocks[index];
    if ((row & rowMask) === block.commitMarks.length) {
      const grown = grownBlock(block, Math.min(blockRows, block.commitMarks.length * 2));
      this.blocks[index] = grown;
      return grown;
    }
    return block;
  }
}

/** Rows per block: 2^16 (a block of them takes 5.8 MB). */
const blockShift = 16;
const blockRows = 1 << blockShift;
const rowMask = blockRows - 1;

/** The columns of some rows, each array holding one block's share. */
interface RowBlock {
  readonly numbers: Float64Array;
  readonly names: Int32Array; // action, consumer, topic, kind: four per row
  readonly places: Int32Array; // line, column: two per row, 0 when absent
  readonly commitMarks: Uint8Array;
}

function newBlock(rows: number): RowBlock {
  return {
    numbers: new Float64Array(rows * numberColumns.length),
    names: new Int32Array(rows * namesPerRow),
    places: new Int32Array(rows * 2),
    commitMarks: new Uint8Array(rows),
  };
}

/** A copy of `block` with room for `rows` rows. */
function grownBlock(block: RowBlock, rows: number): RowBlock {
  const grown = newBlock(rows);
  grown.numbers.set(block.numbers);
  grown.names.set(block.names);
  grown.places.set(block.places);
  grown.commitMarks.set(block.commitMarks);
  return grown;
}

/** The block that holds row `index`. */
function blockOf(blocks: readonly RowBlock[], index: number): RowBlock {
  return blocks[index >>> blockShift];
}
