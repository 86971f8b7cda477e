// The trace file format (`*.offsets-trace.jsonl`, version 1): a header line, then one JSON line per
// step holding the step's row (the fields of `demo --json`) plus, as a change from the step before,
// what the panel, the Offsets tree and the debugger need. Encoding and decoding only: no file access.

import { effectNames, type SimulatorState, type StepEffects } from '../simulator/offsetSimulator';
import type { ConsumerPartitionState, ConsumerState, PartitionState } from '../simulator/offsetSimulator';
import { applyJsonDelta, JsonDeltaError } from './jsonDelta';
import { stateDeltaJson } from './stateDelta';
import { type StepKind, type Trace, type TraceSource, type TraceStep } from './trace';
import { CommitMark, commitMarkOf, recordInHandOf, StepColumns } from './stepColumns';
import { StepLineScanner } from './stepLineScanner';
import { itemReader, lazyList } from './lazyList';

/** The `format` field of every trace file's header. */
export const traceFileFormat = 'kafka-offset-trace';
/** The version this code writes, and the newest it reads. */
export const traceFileVersion = 1;

/** Where the steps of a trace file came from, as its header says. */
export type TraceFileOrigin =
  | {
      readonly kind: 'scenario';
      readonly name: string;
      /** The scenario file the steps' `line`/`column` point into; absent for a built-in scenario. */
      readonly file?: string;
      readonly builtIn?: boolean;
    }
  | { readonly kind: 'recording'; readonly [field: string]: unknown }
  | { readonly kind: 'broker-run'; readonly [field: string]: unknown };

/** The first line of a trace file. */
export interface TraceFileHeader {
  readonly format: typeof traceFileFormat;
  readonly version: number;
  readonly origin: TraceFileOrigin;
  readonly scenario: TraceSource;
  /** How many step lines follow (absent in append-only recordings, whose length is not known up front). */
  readonly steps?: number;
}

/** A trace file that cannot be read: says which line and what is wrong. */
export class TraceFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'TraceFileError';
  }
}

/** The header line of a trace (without a line break). */
export function encodeHeader(trace: Trace, origin: TraceFileOrigin): string {
  const header: TraceFileHeader = {
    format: traceFileFormat,
    version: traceFileVersion,
    origin,
    scenario: {
      name: trace.source.name,
      title: trace.source.title,
      summary: trace.source.summary,
      group: trace.source.group,
      ...(trace.source.settings ? { settings: trace.source.settings } : {}),
    },
    steps: trace.steps.length,
  };
  return JSON.stringify(header);
}

/** The line of every step, in order, without line breaks (a lazy list's items read without its proxy). */
function* encodeSteps(trace: Trace): Generator<string> {
  const columns = trace.columns;
  const step = itemReader(trace.steps);
  const rowJson = columns ? (index: number) => columns.rowJson(index) : (index: number) => JSON.stringify(step(index));
  const kind = itemReader(trace.kinds);
  const state = itemReader(trace.states);
  const effects = itemReader(trace.effects);
  let previous: SimulatorState | undefined;
  for (let index = 0, length = trace.steps.length; index < length; index++) {
    const current = state(index);
    yield stepLine(rowJson(index), kind(index), previous, current, effects(index));
    previous = current;
  }
}

/**
 * One step line from its parts: the row, its kind, the whole state for the first step (no
 * `previous`) or the change from `previous`, and the effects that are not empty. Recordings use it
 * to append one sample at a time.
 */
export function encodeStepLine(
  step: TraceStep,
  kind: StepKind,
  previous: SimulatorState | undefined,
  state: SimulatorState,
  effects: StepEffects,
): string {
  return stepLine(JSON.stringify(step), kind, previous, state, effects);
}

/** {@link encodeStepLine} with the row as JSON text: the other fields are written after its last one. */
function stepLine(
  row: string,
  kind: StepKind,
  previous: SimulatorState | undefined,
  state: SimulatorState,
  effects: StepEffects,
): string {
  // Only the fields that changed; a step that changed nothing carries no delta at all.
  const delta = previous === undefined ? undefined : stateDeltaJson(previous, state);
  let done: Record<string, unknown> | undefined;
  for (const name of effectNames) if (effects[name].length > 0) (done ??= {})[name] = effects[name];
  return (
    `${row.slice(0, -1)}${row.length > 2 ? ',' : ''}"kind":${JSON.stringify(kind)}` +
    (previous === undefined ? `,"state":${JSON.stringify(state)}` : '') +
    (delta !== undefined ? `,"delta":${delta}` : '') +
    (done ? `,"effects":${JSON.stringify(done)}` : '') +
    '}'
  );
}

/** The header line of an append-only recording: no step count, since it is not known up front. */
export function encodeRecordingHeader(source: TraceSource, origin: TraceFileOrigin): string {
  const header: TraceFileHeader = { format: traceFileFormat, version: traceFileVersion, origin, scenario: source };
  return JSON.stringify(header);
}

/** Every line of a trace file, header first, without line breaks (a generator: a long trace is never one string). */
export function* encodeTrace(trace: Trace, origin: TraceFileOrigin): Generator<string> {
  yield encodeHeader(trace, origin);
  yield* encodeSteps(trace);
}

/** Decodes lines as Buffer's toString does: invalid UTF-8 becomes U+FFFD, a byte-order mark is kept. */
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Traces of up to this many steps are kept whole when read; longer ones keep their rows in columns. */
export const stepsKeptWhole = 20_000;

/** Steps between two checkpoints of a long trace read from a file. */
const fileCheckpointInterval = 2048;

/** Where a run of steps of a long trace file starts, and the state before its first step. */
export interface TraceFileCheckpoint {
  /** The 0-based index of its first step. */
  readonly index: number;
  /** The file line (1-based) and the byte offset where that step's line starts. */
  readonly line: number;
  readonly byteOffset: number;
  readonly before: SimulatorState | undefined;
}

/** The lines of a long trace file from a checkpoint on, read again when their states are asked for. */
export type TraceFileLines = (from: TraceFileCheckpoint, to: TraceFileCheckpoint | undefined) => readonly string[];

/** A step line decoded: the row, its kind, the state after it and what it did. */
interface DecodedStep {
  readonly step: TraceStep;
  readonly kind: StepKind;
  readonly state: SimulatorState;
  readonly effects: StepEffects;
}

/**
 * Reads a trace file line by line: feed it every line with {@link acceptLine}, then call
 * {@link finish}. Accepts steps that carry only the fields of `demo --json` (files written by other
 * tools); their states are rebuilt from the rows. Refuses a newer version with a clear message.
 *
 * A trace longer than {@link stepsKeptWhole} steps keeps its rows in columns and, of its states,
 * only one every 2,048 steps: the others are decoded again from the file's lines when asked for
 * (the reader passes the byte offset of each line, and {@link finish} how to read lines again).
 */
export class TraceFileDecoder {
  private header: TraceFileHeader | undefined;
  private steps: TraceStep[] = [];
  private kinds: StepKind[] = [];
  private states: SimulatorState[] = [];
  private effects: StepEffects[] = [];
  /** The rows once the trace is long; then `steps`, `kinds`, `states` and `effects` stay empty. */
  private columns: StepColumns | undefined;
  private count = 0;
  private previous: SimulatorState | undefined;
  private readonly checkpoints: TraceFileCheckpoint[] = [];
  /** Whether every checkpoint knows where its line starts (else the trace is kept whole). */
  private offsetsKnown = true;
  private lineNumber = 0;
  private unparsedLine: TraceFileError | undefined;
  /**
   * Reads the lines of a long trace that are shaped as this project writes them, changing
   * `previous` in place: from then on `previous` is this decoder's own copy, and checkpoints keep copies of it.
   */
  private readonly scanner = new StepLineScanner();
  private scanned = 0;

  private readonly keptWhole: number;
  private readonly checkpointEvery: number;

  /**
   * Traces of up to `keptWhole` steps are kept whole, longer ones get a checkpoint every
   * `checkpointEvery` steps (tests lower both to read short traces as long ones).
   */
  constructor(options: { readonly keptWhole?: number; readonly checkpointEvery?: number } = {}) {
    this.keptWhole = options.keptWhole ?? stepsKeptWhole;
    this.checkpointEvery = options.checkpointEvery ?? fileCheckpointInterval;
  }

  /** How many lines were read straight from their bytes (the rest were parsed as JSON). */
  get scannedLines(): number {
    return this.scanned;
  }

  /**
   * Takes the next line of the file as its UTF-8 bytes, `bytes[start, end)` (without its line break): a long trace's
   * lines shaped as this project writes them are read straight from the bytes, any other as text.
   */
  acceptLineBytes(bytes: Uint8Array, byteOffset: number, start = 0, end = bytes.length): void {
    if (this.columns && this.previous && !this.unparsedLine && bytes[start] === 0x7b) {
      const copy = this.count % this.checkpointEvery === 0 ? this.checkpointState() : undefined;
      const state = this.previous as unknown as Record<string, unknown>;
      const scanned = this.scanner.scan(bytes, this.count + 1, state, start, end);
      if (scanned) {
        this.lineNumber += 1;
        if (copy) this.checkpoint(copy, byteOffset);
        const mark = scanned.commits ? commitMarkOf(scanned.commits) : CommitMark.None;
        this.columns.append(scanned.step, scanned.recordInHand, scanned.kind as StepKind, mark);
        this.count += 1;
        this.scanned += 1;
        return;
      }
    }
    this.acceptLine(textDecoder.decode(bytes.subarray(start, end)), byteOffset);
  }

  /** Takes the next line of the file (without its line break). Blank lines are ignored. */
  acceptLine(text: string, byteOffset = Number.NaN): void {
    this.lineNumber += 1;
    if (text.trim() === '') return;
    // A line that did not parse is an error, unless it was the last of a recording cut off by a crash.
    if (this.unparsedLine) throw this.unparsedLine;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const error = new TraceFileError(
        this.header
          ? 'not valid JSON (a step line is one JSON object)'
          : 'not a trace file: the first line is not JSON',
        this.lineNumber,
      );
      if (!this.header || this.header.origin.kind !== 'recording') throw error;
      this.unparsedLine = error;
      return;
    }
    if (!this.header) {
      this.header = readHeader(value, this.lineNumber);
      return;
    }
    if (this.count % this.checkpointEvery === 0) this.checkpoint(this.checkpointState(), byteOffset);
    const decoded = decodeStep(value, this.count + 1, this.previous, this.header.scenario.group, this.lineNumber);
    this.previous = decoded.state;
    this.count += 1;
    if (this.columns) appendRow(this.columns, decoded);
    else {
      this.steps.push(decoded.step);
      this.kinds.push(decoded.kind);
      this.states.push(decoded.state);
      this.effects.push(decoded.effects);
      if (this.count > this.keptWhole && this.offsetsKnown) this.toColumns();
    }
  }

  /**
   * The state a checkpoint keeps: once the trace is in columns, `previous` is changed in place by
   * later lines, so a copy of it.
   */
  private checkpointState(): SimulatorState | undefined {
    return this.columns && this.previous ? structuredClone(this.previous) : this.previous;
  }

  /** Notes that the next step starts a run: where its line is, and the state before it. */
  private checkpoint(before: SimulatorState | undefined, byteOffset: number): void {
    this.checkpoints.push({ index: this.count, line: this.lineNumber, byteOffset, before });
    this.offsetsKnown &&= Number.isFinite(byteOffset);
  }

  /**
   * The whole trace and its header, and what was passed over: a recording's last line cut off by a
   * crash (recordings are appended line by line, so every complete line before it is valid).
   * `readLines` reads a long trace's lines again (from its file).
   */
  finish(readLines?: TraceFileLines): { header: TraceFileHeader; trace: Trace; warnings: string[] } {
    const header = this.header;
    if (!header) throw new TraceFileError('the file is empty: a trace file starts with a header line');
    const warnings = this.unparsedLine
      ? [`line ${this.unparsedLine.line}: an incomplete last line (the recording was cut off) was left out`]
      : [];
    if (header.steps !== undefined && header.steps !== this.count) {
      throw new TraceFileError(
        `the header announces ${header.steps} steps but the file holds ${this.count} (truncated or edited?)`,
      );
    }
    if (this.count === 0) throw new TraceFileError('the trace has no steps');
    const columns = this.columns;
    if (!columns) {
      return {
        header,
        trace: {
          source: header.scenario,
          steps: this.steps,
          kinds: this.kinds,
          states: this.states,
          effects: this.effects,
        },
        warnings,
      };
    }
    if (!readLines) throw new TraceFileError('a long trace needs its file to be read again');
    const replay = new TraceFileReplay(
      this.checkpoints,
      this.checkpointEvery,
      this.count,
      header.scenario.group,
      readLines,
    );
    return {
      header,
      trace: {
        source: header.scenario,
        steps: lazyList(this.count, (index) => columns.row(index)),
        kinds: lazyList(this.count, (index) => columns.kindAt(index)),
        states: lazyList(this.count, (index) => replay.at(index).state),
        effects: lazyList(this.count, (index) => replay.at(index).effects),
        columns,
      },
      warnings,
    };
  }

  /** The trace grew long: its rows go to columns, its states and effects are let go. */
  private toColumns(): void {
    const columns = new StepColumns(this.header?.steps ?? this.count);
    for (let index = 0; index < this.steps.length; index++) {
      appendRow(columns, {
        step: this.steps[index],
        kind: this.kinds[index],
        state: this.states[index],
        effects: this.effects[index],
      });
    }
    this.columns = columns;
    // From here on lines may change the state in place: it becomes this decoder's own copy.
    if (this.previous) this.previous = structuredClone(this.previous);
    this.steps = [];
    this.kinds = [];
    this.states = [];
    this.effects = [];
  }
}

/** Appends a decoded step's row to columns, with its kind and what it committed. */
function appendRow(columns: StepColumns, decoded: DecodedStep): void {
  const mark = commitMarkOf(decoded.effects.commits);
  columns.append(decoded.step, recordInHandOf(decoded.step.messageProcessed), decoded.kind, mark);
}

/** Decodes one step line (parsed) after the state `previous`: the state comes whole, as a change, or from the row. */
function decodeStep(
  value: unknown,
  expected: number,
  previous: SimulatorState | undefined,
  group: string,
  at: number,
): DecodedStep {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceFileError('a step line must be a JSON object', at);
  }
  const fields = value as Record<string, unknown>;
  const step = readStep(fields, expected, at);
  let state: SimulatorState;
  if (fields.state !== undefined) state = readState(fields.state, at);
  else if (fields.delta !== undefined) {
    if (!previous) throw new TraceFileError('the first step must carry a whole "state", not a "delta"', at);
    state = applyDelta(previous, fields.delta, at);
  } else if (fields.kind !== undefined && previous) {
    state = previous; // written by this project: no delta means the step changed no state
  } else state = stateFromRow(previous, step, group);
  const kind = typeof fields.kind === 'string' ? (fields.kind as StepKind) : 'external';
  return { step, kind, state, effects: readEffects(fields.effects, at) };
}

/** The states and effects of a long trace file, decoded again from its lines a checkpoint's run at a time. */
class TraceFileReplay {
  /** The last runs decoded (readers go back and forth near one step). */
  private readonly recent = new Map<number, readonly DecodedStep[]>();

  constructor(
    private readonly checkpoints: readonly TraceFileCheckpoint[],
    private readonly interval: number,
    private readonly count: number,
    private readonly group: string,
    private readonly readLines: TraceFileLines,
  ) {}

  at(index: number): DecodedStep {
    const run = Math.floor(index / this.interval);
    let decoded = this.recent.get(run);
    if (decoded)
      this.recent.delete(run); // set again below: the most recently used is last
    else decoded = this.decodeRun(run);
    this.recent.set(run, decoded);
    if (this.recent.size > 2) this.recent.delete(this.recent.keys().next().value as number);
    return decoded[index - run * this.interval];
  }

  private decodeRun(run: number): DecodedStep[] {
    const from = this.checkpoints[run];
    const steps = Math.min(this.interval, this.count - from.index);
    const decoded: DecodedStep[] = [];
    let previous = from.before;
    let line = from.line - 1;
    for (const text of this.readLines(from, this.checkpoints[run + 1])) {
      line += 1;
      if (decoded.length === steps) break;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new TraceFileError('the file changed since it was opened: open it again', line);
      }
      const step = decodeStep(value, from.index + decoded.length + 1, previous, this.group, line);
      decoded.push(step);
      previous = step.state;
    }
    if (decoded.length !== steps) {
      throw new TraceFileError(
        `the file changed since it was opened: steps ${from.index + 1}… are gone; open it again`,
      );
    }
    return decoded;
  }
}

function readHeader(value: unknown, line: number): TraceFileHeader {
  if (typeof value !== 'object' || value === null) throw new TraceFileError('not a trace file header', line);
  const fields = value as Record<string, unknown>;
  if (fields.format !== traceFileFormat) {
    throw new TraceFileError(`not a trace file: the header's "format" must be "${traceFileFormat}"`, line);
  }
  if (typeof fields.version !== 'number' || !Number.isInteger(fields.version) || fields.version < 1) {
    throw new TraceFileError('the header\'s "version" must be a positive whole number', line);
  }
  if (fields.version > traceFileVersion) {
    throw new TraceFileError(
      `trace file version ${fields.version} is newer than this version of Kafka Offset Trace reads (${traceFileVersion}): update the extension`,
      line,
    );
  }
  const origin = fields.origin as Record<string, unknown> | undefined;
  if (typeof origin !== 'object' || origin === null || typeof origin.kind !== 'string') {
    throw new TraceFileError('the header needs an "origin" object with a "kind"', line);
  }
  const scenario = (fields.scenario ?? {}) as Record<string, unknown>;
  const text = (name: string, fallback: string): string =>
    typeof scenario[name] === 'string' ? (scenario[name] as string) : fallback;
  const name = text('name', typeof origin.name === 'string' ? origin.name : 'trace');
  const steps = fields.steps;
  if (steps !== undefined && (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0)) {
    throw new TraceFileError('the header\'s "steps" must be a whole number', line);
  }
  return {
    format: traceFileFormat,
    version: fields.version,
    origin: origin as TraceFileOrigin,
    scenario: {
      name,
      title: text('title', name),
      summary: text('summary', ''),
      group: text('group', ''),
      ...(Array.isArray(scenario.settings) && scenario.settings.every((line) => typeof line === 'string')
        ? { settings: scenario.settings as string[] }
        : {}),
    },
    ...(steps !== undefined ? { steps: steps as number } : {}),
  };
}

function readStep(fields: Record<string, unknown>, expected: number, line: number): TraceStep {
  const numberOrNull = (name: string): number | null => {
    const value = fields[name];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TraceFileError(`"${name}" must be a number or null`, line);
    }
    return value;
  };
  const stringOrNull = (name: string): string | null => {
    const value = fields[name];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw new TraceFileError(`"${name}" must be a string or null`, line);
    return value;
  };
  if (fields.step !== expected) {
    throw new TraceFileError(`"step" must be ${expected} (steps are numbered 1, 2, 3, … in order)`, line);
  }
  if (typeof fields.action !== 'string') throw new TraceFileError('"action" must be a string', line);
  const commits = fields.commits;
  if (commits !== undefined && !Array.isArray(commits)) throw new TraceFileError('"commits" must be a list', line);
  const position = (name: 'line' | 'column'): number | undefined => {
    const value = fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new TraceFileError(`"${name}" must be a positive whole number`, line);
    }
    return value;
  };
  const sourceLine = position('line');
  const sourceColumn = position('column');
  const exception = fields.exception;
  if (exception !== undefined && typeof exception !== 'string') {
    throw new TraceFileError('"exception" must be a string', line);
  }
  return {
    step: expected,
    action: fields.action,
    offsetRead: numberOrNull('offsetRead'),
    messageProcessed: stringOrNull('messageProcessed'),
    offsetCommitted: numberOrNull('offsetCommitted'),
    nextOffsetToRead: numberOrNull('nextOffsetToRead'),
    consumer: stringOrNull('consumer'),
    topic: stringOrNull('topic'),
    partition: numberOrNull('partition'),
    position: numberOrNull('position'),
    logEndOffset: numberOrNull('logEndOffset'),
    lag: numberOrNull('lag'),
    ...(commits !== undefined ? { commits: commits as TraceStep['commits'] } : {}),
    ...(exception !== undefined ? { exception } : {}),
    ...(sourceLine !== undefined ? { line: sourceLine } : {}),
    ...(sourceColumn !== undefined ? { column: sourceColumn } : {}),
  };
}

function readState(value: unknown, line: number): SimulatorState {
  const state = value as Partial<SimulatorState> | null;
  if (
    typeof state !== 'object' ||
    state === null ||
    !Array.isArray(state.partitions) ||
    !Array.isArray(state.consumers) ||
    typeof state.clockMs !== 'number'
  ) {
    throw new TraceFileError('"state" must hold "clockMs", "partitions" and "consumers"', line);
  }
  // Later steps of a file of another tool look into these (stateFromRow): objects, or a clear refusal.
  const isObject = (item: unknown): boolean => typeof item === 'object' && item !== null && !Array.isArray(item);
  if (!state.partitions.every(isObject)) throw new TraceFileError('"state.partitions" must be a list of objects', line);
  if (
    !state.consumers.every(
      (consumer) =>
        isObject(consumer) &&
        Array.isArray((consumer as { partitions?: unknown }).partitions) &&
        (consumer as { partitions: unknown[] }).partitions.every(isObject),
    )
  ) {
    throw new TraceFileError(
      '"state.consumers" must be a list of objects, each with a "partitions" list of objects',
      line,
    );
  }
  return state as SimulatorState;
}

function applyDelta(previous: SimulatorState, delta: unknown, line: number): SimulatorState {
  try {
    return readState(applyJsonDelta(previous, delta), line);
  } catch (error) {
    if (error instanceof JsonDeltaError)
      throw new TraceFileError(`"delta" does not fit the state before it: ${error.message}`, line);
    throw error;
  }
}

const noEffects: readonly never[] = Object.freeze([]);

function readEffects(value: unknown, line: number): StepEffects {
  const fields = (value ?? {}) as Record<string, unknown>;
  if (typeof fields !== 'object') throw new TraceFileError('"effects" must be an object', line);
  const list = (name: (typeof effectNames)[number]): never[] => {
    const items = fields[name];
    if (items === undefined) return noEffects as never[];
    if (!Array.isArray(items)) throw new TraceFileError(`"effects.${name}" must be a list`, line);
    return items as never[];
  };
  return {
    processed: list('processed'),
    polled: list('polled'),
    commits: list('commits'),
    positionOrigins: list('positionOrigins'),
    ownershipChanges: list('ownershipChanges'),
    produced: list('produced'),
    discarded: list('discarded'),
    errors: list('errors'),
    assignmentChanges: list('assignmentChanges'),
    memberEvents: list('memberEvents'),
    asyncConfirmed: list('asyncConfirmed'),
  };
}

/**
 * A state rebuilt from a step row alone (a trace written by another tool): the acting consumer's
 * view of the acting partition takes the row's values; everything else stays as it was.
 */
function stateFromRow(previous: SimulatorState | undefined, step: TraceStep, group: string): SimulatorState {
  const partitions = [...(previous?.partitions ?? [])];
  const consumers = [...(previous?.consumers ?? [])];
  if (step.topic === null || step.partition === null) {
    return { clockMs: previous?.clockMs ?? 0, group, partitions, consumers };
  }
  const tp = { topic: step.topic, partition: step.partition };
  const logEndOffset = step.logEndOffset ?? 0;
  const partitionIndex = partitions.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition);
  const partitionState: PartitionState = {
    ...tp,
    logStartOffset: partitionIndex >= 0 ? partitions[partitionIndex].logStartOffset : 0,
    logEndOffset,
    committedOffset: step.offsetCommitted,
    owner: step.consumer ?? (partitionIndex >= 0 ? partitions[partitionIndex].owner : null),
    controlOffsets: [],
    lastStableOffset: logEndOffset,
  };
  if (partitionIndex >= 0) partitions[partitionIndex] = partitionState;
  else partitions.push(partitionState);
  const inHand = recordInHandOf(step.messageProcessed);
  const view: ConsumerPartitionState = {
    ...tp,
    offsetRead: step.offsetRead,
    recordInHand: inHand,
    position: step.position,
    committedOffset: step.offsetCommitted,
    nextOffsetToRead: step.nextOffsetToRead,
    logEndOffset,
    lag: step.lag,
  };
  // Group-level facts (committed offset, log end, lag) change for every consumer's view of the partition.
  // When another consumer acts on the partition, it has moved to that consumer: the old one stops showing it.
  consumers.forEach((consumer, i) => {
    const at = consumer.partitions.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition);
    if (consumer.id === step.consumer || at < 0) return;
    const updated = [...consumer.partitions];
    if (step.consumer !== null) updated.splice(at, 1);
    else updated[at] = { ...updated[at], committedOffset: step.offsetCommitted, logEndOffset, lag: step.lag };
    consumers[i] = {
      ...consumer,
      partitions: updated,
      assignment: updated.map((p) => ({ topic: p.topic, partition: p.partition })),
    };
  });
  if (step.consumer !== null) {
    const consumerIndex = consumers.findIndex((c) => c.id === step.consumer);
    const before = consumerIndex >= 0 ? consumers[consumerIndex] : undefined;
    const views = [...(before?.partitions ?? [])];
    const at = views.findIndex((p) => p.topic === tp.topic && p.partition === tp.partition);
    if (at >= 0) views[at] = view;
    else views.push(view);
    const consumer: ConsumerState = {
      id: step.consumer,
      status: 'running',
      assignment: views.map((p) => ({ topic: p.topic, partition: p.partition })),
      partitions: views,
      pending: [],
    };
    if (consumerIndex >= 0) consumers[consumerIndex] = consumer;
    else consumers.push(consumer);
  }
  return { clockMs: previous?.clockMs ?? 0, group, partitions, consumers };
}

/** Whether a file's first line is a trace file header (files are told apart by content). */
export function isTraceFileHeader(firstLine: string): boolean {
  try {
    const value = JSON.parse(firstLine) as { format?: unknown };
    return typeof value === 'object' && value !== null && value.format === traceFileFormat;
  } catch {
    return false;
  }
}
