// The lesson's quiz, generated from a trace: values at a step, the step where something first
// happens, what a restart would do, and the key moments. Deterministic for a trace and a seed.

import { partitionKey, type TopicPartition } from '../common/topicPartition';
import { runToEnd, type SlicedWork } from '../common/slicedWork';
import {
  emptyEffects,
  type CommitEffect,
  type PartitionState,
  type PositionOrigin,
  type StepEffects,
} from '../simulator/offsetSimulator';
import { cellText, type TableColumn } from './executionTable';
import { findKeyMoments, type KeyMoment } from './keyMoments';
import { messageLabel, type Trace, type TraceStep } from './trace';
import { maxStepsAsked, quizIndex, type PartitionMove, type QuizIndex } from './quizIndex';

/** A cell's text for the partition its row describes: a step that committed several partitions shows only this one's offset. */
function columnText(step: TraceStep, column: TableColumn['id']): string {
  return cellText(step.commits ? { ...step, commits: undefined } : step, column);
}

/** One answer a question offers. `id` is the letter it is shown with (`a`, `b`, …). */
export interface QuizChoice {
  readonly id: string;
  readonly text: string;
}

/**
 * What a question asks about: a cell of the table at a step, the step where something first
 * happens, where a restart would resume and what that means, or a key moment of the run.
 */
export type QuizQuestionKind = 'value-at-step' | 'first-step' | 'restart' | 'key-moment';

/** A multiple-choice question about one trace, with exactly one right answer. */
export interface QuizQuestion {
  /**
   * Stable within a trace: `committed-after-7`, `next-after-N`, `read-at-N`, `lag-after-N`,
   * `first-processed-2` (`first-processed-2-of-orders-1` with several partitions), `first-commit`,
   * `first-rebalance`, `restart-after-N`, and `duplicate-N`, `lost-N`, `reset-N`, `resumed-N`,
   * `marker-N` (N: the key moment's step; `-of-orders-1` added with several partitions).
   */
  readonly id: string;
  readonly kind: QuizQuestionKind;
  readonly prompt: string;
  /** 3 or 4 choices, all different, in a deterministic shuffled order. */
  readonly choices: readonly QuizChoice[];
  readonly answerId: string;
  /** Points at a row of the table without giving the answer away. */
  readonly hint: string;
  /** The 1-based step the hint points at. */
  readonly hintStep: number;
  /** Why the answer is right, in Kafka's terms. */
  readonly explanation: string;
  /** The 1-based step that explains the answer (the panel jumps there). */
  readonly explainStep: number;
}

/** How {@link generateQuiz} picks and orders questions. */
export interface QuizOptions {
  /** Varies the optional questions, their order and the order of the choices. Defaults to {@link traceSeed}. */
  readonly seed?: number;
  /** The most questions to return; defaults to {@link defaultQuizLength}. */
  readonly count?: number;
  /** The trace's key moments, when they are known already (else they are found). */
  readonly keyMoments?: readonly KeyMoment[];
  /** The trace's {@link QuizIndex}, when it is made already (else it is made). */
  readonly index?: QuizIndex;
}

/** The outcome of answering a question. */
export interface AnswerCheck {
  readonly correct: boolean;
  readonly explanation: string;
  readonly explainStep: number;
}

/** How many questions a quiz has unless asked otherwise. */
export const defaultQuizLength = 8;

/** The most offsets a restart question checks for records the restart would skip (huge logs stay cheap). */
const maxOffsetsScanned = 10_000;

/** mulberry32: a small, fast seeded PRNG giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits, continuing from `hash`. */
function fnv1a(text: string, hash = 0x811c9dc5): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The default seed of a trace: a hash of its scenario name, its length and the rows questions may be
 * about (and the last), so one trace always gets one quiz and a long trace hashes only those rows.
 */
export function traceSeed(trace: Trace): number {
  const length = trace.steps.length;
  // Up to maxStepsAsked steps every row is hashed (the seed of such a trace is what it always was).
  let hash = fnv1a(length > maxStepsAsked ? `${trace.source.name}|${length}` : trace.source.name);
  const hashRow = (s: TraceStep): void => {
    hash = fnv1a(
      `${s.step}|${s.action}|${s.offsetRead}|${s.messageProcessed}|${s.offsetCommitted}|${s.nextOffsetToRead}|${s.consumer}|${s.topic}|${s.partition}|${s.position}|${s.logEndOffset}|${s.lag}\n`,
      hash,
    );
  };
  for (let index = 0; index < Math.min(length, maxStepsAsked); index++) hashRow(trace.steps[index]);
  if (length > maxStepsAsked) hashRow(trace.steps[length - 1]);
  return hash;
}

/** Fisher–Yates with the given generator; returns a new array. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A question before its choices are picked and shuffled. */
interface Draft {
  readonly id: string;
  readonly kind: QuizQuestionKind;
  readonly prompt: string;
  readonly answer: string;
  /** Wrong answers, most plausible first; duplicates and the answer itself are dropped later. */
  readonly distractors: readonly string[];
  readonly hint: string;
  readonly hintStep: number;
  readonly explanation: string;
  readonly explainStep: number;
}

const choiceLetters = ['a', 'b', 'c', 'd'];

/** Picks up to 3 wrong answers and shuffles; null when fewer than 2 plausible wrong answers exist. */
function finish(draft: Draft, seed: number): QuizQuestion | null {
  const wrong: string[] = [];
  for (const text of draft.distractors) {
    if (text !== draft.answer && !wrong.includes(text)) wrong.push(text);
    if (wrong.length === 3) break;
  }
  if (wrong.length < 2) return null;
  const order = shuffled([draft.answer, ...wrong], seededRandom((seed ^ fnv1a(draft.id)) >>> 0));
  const choices = order.map((text, i) => ({ id: choiceLetters[i], text }));
  return {
    id: draft.id,
    kind: draft.kind,
    prompt: draft.prompt,
    choices,
    answerId: choices[order.indexOf(draft.answer)].id,
    hint: draft.hint,
    hintStep: draft.hintStep,
    explanation: draft.explanation,
    explainStep: draft.explainStep,
  };
}

/** "offset 2", "offsets 1–2", "offsets 1–2 and 5". */
function offsetsText(offsets: readonly number[]): string {
  const sorted = [...offsets].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  const list =
    ranges.length > 5
      ? `${ranges.slice(0, 5).join(', ')}, …`
      : ranges.length === 1
        ? ranges[0]
        : `${ranges.slice(0, -1).join(', ')} and ${ranges[ranges.length - 1]}`;
  return sorted.length === 1 ? `offset ${list}` : `offsets ${list}`;
}

/** The partition a row describes, or null for a step that acts on no single partition (`wait`). */
function rowPartition(row: TraceStep): TopicPartition | null {
  return row.topic === null || row.partition === null ? null : { topic: row.topic, partition: row.partition };
}

/** Whether two rows or partitions name the same partition (never for a row without one). */
function sameTp(
  a: { readonly topic: string | null; readonly partition: number | null },
  b: { readonly topic: string | null; readonly partition: number | null },
): boolean {
  return a.topic !== null && a.partition !== null && a.topic === b.topic && a.partition === b.partition;
}

function capitalized(text: string): string {
  return text.length === 0 ? text : `${text[0].toUpperCase()}${text.slice(1)}`;
}

const noEffects: StepEffects = emptyEffects();

/** What a restart resuming at some offset would do to the records of one partition. */
interface RestartOutcome {
  readonly duplicates: readonly number[];
  readonly lost: readonly number[];
}

/** Everything the question makers share about one trace. */
class QuizContext {
  readonly steps: readonly TraceStep[];
  /** Steps questions may be about: 1 .. asked. */
  readonly asked: number;
  readonly multiPartition: boolean;
  readonly severalConsumers: boolean;

  constructor(
    readonly trace: Trace,
    readonly index: QuizIndex,
  ) {
    this.steps = trace.steps;
    this.asked = Math.min(trace.steps.length, maxStepsAsked);
    this.multiPartition = index.partitionCount > 1 || (index.askedPartitions[0]?.length ?? 0) > 1;
    this.severalConsumers = index.consumerCount > 1;
  }

  /** The row of 1-based `step` (callers ask only for steps of the trace). */
  row(step: number): TraceStep {
    return (step >= 1 && step <= this.asked ? this.index.askedRows[step - 1] : undefined) ?? this.steps[step - 1];
  }

  effects(step: number): StepEffects {
    const asked = this.index.askedEffects;
    return (step >= 1 && step <= asked.length ? asked[step - 1] : this.trace.effects[step - 1]) ?? noEffects;
  }

  /** " for orders-1" when the trace has several partitions, else nothing. */
  forPartition(tp: TopicPartition): string {
    return this.multiPartition ? ` for ${partitionKey(tp)}` : '';
  }

  /** `-of-orders-1` for a question id when the trace has several partitions, else nothing. */
  idPartition(tp: TopicPartition): string {
    return this.multiPartition ? `-of-${partitionKey(tp)}` : '';
  }

  ofPartition(tp: TopicPartition): string {
    return this.multiPartition ? ` of ${partitionKey(tp)}` : '';
  }

  who(step: TraceStep): string {
    return this.severalConsumers && step.consumer !== null ? step.consumer : 'the consumer';
  }

  /** The action of a step, quoted for an explanation: `step 4 (Commit offset)`. */
  stepName(step: number): string {
    return `step ${step} (${this.row(step).action})`;
  }

  partitionState(step: number, tp: TopicPartition): PartitionState | undefined {
    const partitions =
      step >= 1 && step <= this.asked ? this.index.askedPartitions[step - 1] : this.trace.states[step - 1]?.partitions;
    return partitions?.find((p) => p.topic === tp.topic && p.partition === tp.partition);
  }

  /** The commit of `tp` made at `step`, if any. */
  commitAt(step: number, tp: TopicPartition): CommitEffect | undefined {
    return this.effects(step).commits.find((c) => c.topic === tp.topic && c.partition === tp.partition);
  }

  /** The last step at or before `step` that committed `tp`. */
  lastCommitStep(step: number, tp: TopicPartition): number | undefined {
    for (let s = step; s >= 1; s--) if (this.commitAt(s, tp)) return s;
    return undefined;
  }

  /** Steps (1..asked) whose row's partition was committed by that step. */
  commitSteps(): number[] {
    const out: number[] = [];
    for (let s = 1; s <= this.asked; s++) {
      const tp = rowPartition(this.row(s));
      if (tp && this.commitAt(s, tp)) out.push(s);
    }
    return out;
  }

  /** The last offset of `tp` processed at or before `step`. */
  lastProcessed(step: number, tp: TopicPartition): number | undefined {
    for (let s = step; s >= 1; s--) {
      const records = this.effects(s).processed.filter((r) => r.topic === tp.topic && r.partition === tp.partition);
      if (records.length > 0) return records[records.length - 1].offset;
    }
    return undefined;
  }

  /** The offsets of `tp` processed at or before `step`. */
  processedUpTo(step: number, tp: TopicPartition): Set<number> {
    const out = new Set<number>();
    for (let s = 1; s <= step; s++) {
      for (const r of this.effects(s).processed)
        if (r.topic === tp.topic && r.partition === tp.partition) out.add(r.offset);
    }
    return out;
  }

  /** The first position origin of `tp` at or before `step`: where consumption of it began. */
  firstOrigin(step: number, tp: TopicPartition): PositionOrigin | undefined {
    const first = this.index.firstOrigins.get(partitionKey(tp));
    return first && first.step <= step ? first.origin : undefined;
  }

  /** The last reset origin of `tp` at or before `step` (for the auto.offset.reset policy). */
  lastResetPolicy(step: number, tp: TopicPartition): string | undefined {
    for (let s = step; s >= 1; s--) {
      const origin = this.effects(s).positionOrigins.find(
        (o) => o.topic === tp.topic && o.partition === tp.partition && o.source === 'reset',
      );
      if (origin?.policy) return origin.policy;
    }
    return undefined;
  }

  /** The first step of the run of equal values (same partition) ending at `step` in `column`. */
  valueSetAt(step: number, column: ValueColumn): number {
    const row = this.row(step);
    const text = columnText(row, column);
    let s = step;
    while (s > 1) {
      const before = this.row(s - 1);
      if (!sameTp(before, row) || columnText(before, column) !== text) break;
      s--;
    }
    return s;
  }

  /** The steps (with a partition) whose `column` value differs from the previous row of that partition. */
  changes(column: ValueColumn): number[] {
    const previous = new Map<string, string>();
    const out: number[] = [];
    for (let s = 1; s <= this.asked; s++) {
      const row = this.row(s);
      const tp = rowPartition(row);
      if (!tp) continue;
      const text = columnText(row, column);
      if (previous.get(partitionKey(tp)) !== text) out.push(s);
      previous.set(partitionKey(tp), text);
    }
    return out;
  }

  /** The steps processing `offset` of `tp` (whole trace), in order. */
  processings(offset: number, tp: TopicPartition): readonly number[] {
    const steps = this.index.processedAt.get(partitionKey(tp))?.get(offset);
    return steps === undefined ? [] : typeof steps === 'number' ? [steps] : steps;
  }

  /** The first step processing `offset` of `tp` (whole trace), if any. */
  firstProcessing(offset: number, tp: TopicPartition): number | undefined {
    return this.processings(offset, tp)[0];
  }

  /** How often each offset of `tp` is processed in the whole trace. */
  processCounts(tp: TopicPartition): Map<number, number> {
    const counts = new Map<number, number>();
    for (const [offset, steps] of this.index.processedAt.get(partitionKey(tp)) ?? []) {
      counts.set(offset, typeof steps === 'number' ? 1 : steps.length);
    }
    return counts;
  }
}

/** The columns value questions ask about. */
type ValueColumn = 'offsetCommitted' | 'nextOffsetToRead' | 'offsetRead' | 'lag';

const valueQuestion: Record<
  ValueColumn,
  { idPart: string; header: string; prompt: (n: number, tp: string) => string }
> = {
  offsetCommitted: {
    idPart: 'committed-after',
    header: 'Offset Committed',
    prompt: (n, tp) => `What is the offset committed${tp} after step ${n}?`,
  },
  nextOffsetToRead: {
    idPart: 'next-after',
    header: 'Next Offset to Read',
    prompt: (n, tp) => `What is the next offset to read${tp} after step ${n}?`,
  },
  offsetRead: {
    idPart: 'read-at',
    header: 'Offset Read',
    prompt: (n, tp) => `What is the offset read${tp} at step ${n}?`,
  },
  lag: { idPart: 'lag-after', header: 'Lag', prompt: (n, tp) => `What is the lag${tp} after step ${n}?` },
};

/** Numbers near a value, as text, for wrong answers: the off-by-one mistakes first. */
function near(value: number | null, ...deltas: number[]): string[] {
  if (value === null) return [];
  return deltas
    .map((d) => value + d)
    .filter((v) => v >= 0)
    .map(String);
}

function numberText(value: number | null | undefined): string[] {
  return value === null || value === undefined || value < 0 ? [] : [String(value)];
}

/** A question about one cell: the committed offset, next offset, offset read or lag at a step. */
function valueDraft(ctx: QuizContext, column: ValueColumn, step: number): Draft | null {
  const row = ctx.row(step);
  const part = rowPartition(row);
  if (!part) return null;
  const spec = valueQuestion[column];
  const answer = columnText(row, column);
  const previous = step > 1 ? ctx.row(step - 1) : undefined;
  const previousText = previous && sameTp(previous, part) ? [columnText(previous, column)] : [];
  const others = ctx.steps
    .slice(Math.max(0, step - 4), Math.min(ctx.steps.length, step + 3))
    .filter((s) => sameTp(s, part))
    .map((s) => columnText(s, column));
  let distractors: string[];
  let explanation: string;
  let explainStep = ctx.valueSetAt(step, column);
  const tp = partitionKey(part);
  switch (column) {
    case 'offsetCommitted': {
      const v = row.offsetCommitted;
      distractors = [
        ...near(v, -1, 1),
        ...previousText,
        ...(v === null ? ['0', ...numberText(row.nextOffsetToRead), '1'] : ['No']),
        ...numberText(row.offsetRead),
        ...numberText(row.logEndOffset),
        ...others,
      ];
      if (v === null) {
        explanation = `Nothing has been committed for ${tp} by step ${step}, so Offset Committed shows No. A consumer restarting now would start where auto.offset.reset says (Next Offset to Read: ${columnText(row, 'nextOffsetToRead')}).`;
      } else {
        const commitStep = ctx.lastCommitStep(step, part);
        const commit = commitStep === undefined ? undefined : ctx.commitAt(commitStep, part);
        const processed = commitStep === undefined ? undefined : ctx.lastProcessed(commitStep, part);
        explainStep = commitStep ?? explainStep;
        const stored = commitStep === undefined ? '' : `, stored at ${ctx.stepName(commitStep)}`;
        let why: string;
        if (commit?.kind === 'auto') {
          why = `An auto-commit stores the consumer's position (${v}), whatever was processed; a restart resumes there.`;
        } else if (processed === v - 1) {
          why = `Offset ${processed} was the last one processed, so the consumer commits ${v}: a committed offset is the next record to read, not the last one processed.`;
        } else if (
          processed !== undefined &&
          processed < v - 1 &&
          (commit?.kind === 'sync' || commit?.kind === 'async')
        ) {
          why = `commitSync() without arguments commits the position (${v}), although the last record processed was offset ${processed}: a committed offset is the next record to read.`;
        } else {
          why = `A committed offset is the next record to read after a restart, not the last one processed.`;
        }
        explanation = `The group's committed offset for ${tp} after step ${step} is ${v}${stored}. ${why}`;
      }
      break;
    }
    case 'nextOffsetToRead': {
      const v = row.nextOffsetToRead;
      const c = row.offsetCommitted;
      distractors = [
        ...near(v, -1, 1),
        ...numberText(c),
        ...numberText(row.offsetRead),
        ...numberText(row.position),
        ...numberText(row.logEndOffset),
        ...previousText,
        ...(v === null ? ['0', '1'] : []),
        ...others,
      ];
      if (v === null) {
        explanation = `With no committed offset for ${tp} and auto.offset.reset=none, a restarted consumer would have nowhere to start (it fails), so Next Offset to Read shows -.`;
      } else if (c !== null && c === v) {
        const processed = ctx.lastProcessed(step, part);
        const last = processed === v - 1 ? ` (offset ${processed} was the last one processed)` : '';
        explanation = `Next Offset to Read is where a restarted consumer would resume: the committed offset, ${c}. It is the next record to read, not the last one processed${last}.`;
        explainStep = ctx.lastCommitStep(step, part) ?? explainStep;
      } else if (c === null) {
        const policy = ctx.lastResetPolicy(step, part);
        const where = policy === 'earliest' ? ' (the log start)' : policy === 'latest' ? ' (the log end)' : '';
        explanation = `No offset is committed for ${tp} yet, so a restarted consumer would start where auto.offset.reset${policy ? `=${policy}` : ''} says: offset ${v}${where}.`;
      } else {
        const log = ctx.partitionState(step, part);
        const below =
          log && c < log.logStartOffset ? ` (below the log start ${log.logStartOffset}: retention deleted it)` : '';
        explanation = `The committed offset ${c} is out of range${below}, so a restarted consumer would reset with auto.offset.reset, to offset ${v}.`;
      }
      break;
    }
    case 'offsetRead': {
      const v = row.offsetRead;
      distractors = [
        ...near(v, 1, -1),
        ...numberText(row.position),
        ...numberText(row.nextOffsetToRead),
        ...numberText(row.offsetCommitted),
        ...previousText,
        ...(v === null ? ['0', '1'] : []),
        ...others,
      ];
      if (v === null) {
        explanation = `At step ${step} no record of ${tp} is in hand and the consumer has no position, so Offset Read shows -.`;
      } else if (row.messageProcessed !== null) {
        const ahead =
          row.position !== null && row.position !== v
            ? ` The consumer's position is already ${row.position}: its next fetch starts there.`
            : '';
        explanation = `Offset Read is the offset of the record in hand: at step ${step} that is ${row.messageProcessed}, so ${v}.${ahead}`;
      } else if (row.position !== null) {
        explanation = `No record is in hand at step ${step}, so Offset Read shows the consumer's position: ${v}, the offset of the next record it will fetch.`;
      } else {
        explanation = `No record is in hand and the consumer has not looked its position up yet, so Offset Read shows the Next Offset to Read: ${v}.`;
      }
      break;
    }
    case 'lag': {
      const v = row.lag;
      const c = row.offsetCommitted;
      distractors = [
        ...near(v, 1, -1),
        ...(v === null ? [] : ['-']),
        ...(row.position === null || row.logEndOffset === null ? [] : numberText(row.logEndOffset - row.position)),
        ...numberText(row.logEndOffset),
        ...previousText,
        ...(v === null ? ['0', ...numberText(row.logEndOffset), '1'] : []),
        ...others,
      ];
      if (v === null) {
        explanation = `No offset is committed for ${tp} after step ${step}, so the lag (log-end offset − committed offset) is unknown and shown as -, as Kafka's consumer group tool does.`;
      } else if (c !== null && row.logEndOffset !== null && row.logEndOffset - c === v) {
        const read =
          row.position !== null && row.position > c
            ? ` The consumer has already fetched up to ${row.position}, but lag counts from the committed offset.`
            : '';
        explanation = `Lag = log-end offset − committed offset = ${row.logEndOffset} − ${c} = ${v}.${read}`;
      } else {
        explanation = `The group's lag for ${tp} after step ${step} is ${v}: the log-end offset minus the committed offset.`;
      }
      break;
    }
  }
  return {
    id: `${spec.idPart}-${step}`,
    kind: 'value-at-step',
    prompt: spec.prompt(step, ctx.forPartition(part)),
    answer,
    distractors,
    hint: `Look at the ${spec.header} column of step ${step}.`,
    hintStep: step,
    explanation,
    explainStep,
  };
}

/** The step a row shows `offset` of its partition in hand for the first time, at or before step `upTo`. */
function firstInHand(ctx: QuizContext, offset: number, tp: TopicPartition, upTo: number): number | undefined {
  const label = messageLabel(offset);
  for (let s = 1; s <= upTo; s++) {
    const row = ctx.row(s);
    if (row.messageProcessed === label && row.topic === tp.topic && row.partition === tp.partition) return s;
  }
  return undefined;
}

/** "At which step is offset N first processed?", when the row of that step shows it. */
function firstProcessedDraft(ctx: QuizContext, offset: number, tp: TopicPartition): Draft | null {
  const s = ctx.firstProcessing(offset, tp);
  if (s === undefined || s > ctx.asked) return null;
  const row = ctx.row(s);
  if (ctx.trace.kinds[s - 1] !== 'process' || row.messageProcessed !== messageLabel(offset) || !sameTp(row, tp)) {
    return null;
  }
  const readStep = firstInHand(ctx, offset, tp, s) ?? s;
  let committedAt: number | undefined;
  for (let c = 1; c < s; c++) {
    const commit = ctx.commitAt(c, tp);
    if (commit && commit.offset === offset) {
      committedAt = c;
      break;
    }
  }
  const previousOffset = offset > 0 ? ctx.firstProcessing(offset - 1, tp) : undefined;
  const again = ctx.processings(offset, tp).find((x) => x > s);
  const candidates = [committedAt, readStep, previousOffset, s + 1, s - 1, again, s + 2, s - 2];
  const distractors = candidates
    .filter((x): x is number => x !== undefined && x >= 1 && x <= ctx.steps.length && x !== s)
    .map((x) => `Step ${x}`);
  const read = readStep < s ? `Offset ${offset} is read at ${ctx.stepName(readStep)} and` : `Offset ${offset} is`;
  const commitNote =
    committedAt === undefined
      ? ''
      : ` The commit at step ${committedAt} stored ${offset} before that: a committed offset of ${offset} means "read offset ${offset} next", not "offset ${offset} is done".`;
  const readNote =
    readStep < s ? ' Reading a record is not processing it: a crash in between leaves it unprocessed.' : '';
  return {
    id: `first-processed-${offset}${ctx.idPartition(tp)}`,
    kind: 'first-step',
    prompt: `At which step is offset ${offset}${ctx.ofPartition(tp)} first processed?`,
    answer: `Step ${s}`,
    distractors,
    hint: `${capitalized(messageLabel(offset))}${ctx.ofPartition(tp)} is first in hand at step ${readStep}: look at the Action column from there.`,
    hintStep: readStep,
    explanation: `${read} first processed at ${ctx.stepName(s)}.${commitNote}${readNote}`,
    explainStep: s,
  };
}

/** "At which step is an offset first committed?", when the table's rows show that commit first. */
function firstCommitDraft(ctx: QuizContext): Draft | null {
  const s = ctx.commitSteps()[0];
  if (s === undefined) return null;
  // Only when it is the run's first commit of any partition (a row shows only the partition it acted on).
  for (let x = 1; x < s; x++) if (ctx.effects(x).commits.length > 0) return null;
  for (let x = 1; x < s; x++) if (ctx.row(x).offsetCommitted !== null) return null;
  const row = ctx.row(s);
  const tp = rowPartition(row);
  const commit = tp ? ctx.commitAt(s, tp) : undefined;
  if (!tp || !commit || row.offsetCommitted !== commit.offset) return null;
  const { firstProcess, firstPoll } = ctx.index;
  const second = ctx.commitSteps()[1];
  const distractors = [firstProcess, s + 1, s - 1, firstPoll, second, s + 2]
    .filter((x): x is number => x !== undefined && x >= 1 && x <= ctx.steps.length && x !== s)
    .map((x) => `Step ${x}`);
  const processed = ctx.lastProcessed(s, tp);
  let note: string;
  if (commit.kind === 'auto') {
    note = ': an auto-commit of the position';
  } else if (processed === commit.offset - 1) {
    note = `, the offset after the last record processed (${processed})`;
  } else if (processed !== undefined && processed < commit.offset - 1 && commit.kind !== 'explicit') {
    note = ': commitSync() commits the position, not only what was processed';
  } else {
    note = '';
  }
  return {
    id: 'first-commit',
    kind: 'first-step',
    prompt: 'At which step is an offset first committed?',
    answer: `Step ${s}`,
    distractors,
    hint: 'Go down the Offset Committed column from step 1: where does it stop being No?',
    hintStep: 1,
    explanation: `${capitalized(ctx.stepName(s))} is the first commit: the group stores offset ${commit.offset} for ${partitionKey(tp)}${note}. Until then Offset Committed shows No, and a restart would start where auto.offset.reset says.`,
    explainStep: s,
  };
}

/** "At which step does a rebalance first move a partition?" */
function firstRebalanceDraft(ctx: QuizContext): Draft | null {
  const moves = ctx.index.moves;
  let s: number | undefined;
  for (let x = 1; x <= ctx.asked && s === undefined; x++) {
    if (moves.has(x)) s = x;
  }
  if (s === undefined) return null;
  const change = (moves.get(s) as readonly PartitionMove[])[0];
  let second: number | undefined;
  const starts: number[] = [];
  for (let x = 1; x <= ctx.steps.length; x++) {
    if (x > s && second === undefined && moves.has(x)) {
      second = x;
    }
    const kind = ctx.trace.kinds[x - 1];
    if (x !== s && (kind === 'start' || kind === 'close' || kind === 'restart')) starts.push(x);
  }
  const distractors = [starts[0], second, s - 1, s + 1, ...starts.slice(1)]
    .filter((x): x is number => x !== undefined && x >= 1 && x <= ctx.steps.length && x !== s)
    .map((x) => `Step ${x}`);
  const origin = ctx
    .effects(s)
    .positionOrigins.find(
      (o) => o.topic === change.topic && o.partition === change.partition && o.source === 'committed',
    );
  const resumes =
    origin === undefined
      ? ''
      : ` ${origin.consumer} resumes it at the group's committed offset, ${origin.offset}: whatever the old owner processed past that offset is processed again.`;
  const inPoll = ctx.trace.kinds[s - 1] === 'poll' ? `, completed inside ${change.to}'s poll` : '';
  return {
    id: 'first-rebalance',
    kind: 'first-step',
    prompt: 'At which step does a rebalance first move a partition to another consumer?',
    answer: `Step ${s}`,
    distractors,
    hint: 'Follow the Consumer and Action columns from step 1: when does the group change?',
    hintStep: 1,
    explanation: `At ${ctx.stepName(s)} ${partitionKey(change)} moves from ${change.from} to ${change.to}: a rebalance${inPoll}. Assigning partitions to the first consumer of the group is not one.${resumes}`,
    explainStep: s,
  };
}

/** What resuming `tp` at `resume` after `step` would do, or null when the question does not apply there. */
function restartSetting(
  ctx: QuizContext,
  step: number,
  processedSoFar?: ReadonlySet<number>,
): {
  tp: TopicPartition;
  resume: number;
  outcome: (at: number) => RestartOutcome;
  /** How many offsets `outcome(at)` lists, counted without listing them (asked for every step). */
  outcomeSize: (at: number) => number;
  lowest: number;
  highest: number;
} | null {
  const row = ctx.row(step);
  const tp = rowPartition(row);
  const resume = row.nextOffsetToRead;
  if (resume === null || !tp) return null;
  // A committed offset that was out of range resets: records deleted by retention are not a restart's doing.
  if (row.offsetCommitted !== null && row.offsetCommitted !== resume) return null;
  const origin = ctx.firstOrigin(step, tp);
  if (!origin) return null;
  const log = ctx.partitionState(step, tp);
  const logStart = log?.logStartOffset ?? origin.logStartOffset;
  const logEnd = log?.logEndOffset ?? row.logEndOffset ?? origin.logEndOffset;
  const controls = new Set(log?.controlOffsets ?? []);
  const processed = processedSoFar ?? ctx.processedUpTo(step, tp);
  const from = Math.max(origin.offset, logStart);
  /** Where the offsets a resume at `at` would skip end (scanned up to {@link maxOffsetsScanned}). */
  const skippedEnd = (at: number): number => Math.min(at, logEnd, from + maxOffsetsScanned);
  const outcome = (at: number): RestartOutcome => {
    const duplicates = [...processed].filter((o) => o >= at).sort((a, b) => a - b);
    const lost: number[] = [];
    const end = skippedEnd(at);
    for (let o = from; o < end; o++) if (!processed.has(o) && !controls.has(o)) lost.push(o);
    return { duplicates, lost };
  };
  const outcomeSize = (at: number): number => {
    // lost = the offsets of [from, end) that were neither processed nor control records.
    const end = skippedEnd(at);
    let duplicates = 0;
    let lost = Math.max(0, end - from);
    for (const o of processed) {
      if (o >= at) duplicates++;
      if (o >= from && o < end) lost--;
    }
    for (const o of controls) if (o >= from && o < end && !processed.has(o)) lost--;
    return duplicates + lost;
  };
  return { tp, resume, outcome, outcomeSize, lowest: logStart, highest: logEnd };
}

function outcomeText(outcome: RestartOutcome): string {
  const parts: string[] = [];
  if (outcome.duplicates.length > 0) {
    const one = outcome.duplicates.length === 1;
    parts.push(
      `${offsetsText(outcome.duplicates)} ${one ? 'is' : 'are'} processed again (${one ? 'a duplicate' : 'duplicates'})`,
    );
  }
  if (outcome.lost.length > 0) {
    parts.push(`${offsetsText(outcome.lost)} ${outcome.lost.length === 1 ? 'is' : 'are'} never processed (lost)`);
  }
  return parts.length === 0 ? 'nothing is processed twice and nothing is skipped' : parts.join('; ');
}

function resumeChoice(at: number, outcome: RestartOutcome): string {
  return `It resumes at offset ${at}: ${outcomeText(outcome)}`;
}

/** How much a restart after `step` would re-read or skip (-1 when the question does not apply). */
function restartWeight(ctx: QuizContext, step: number, processed: ReadonlySet<number>): number {
  const setting = restartSetting(ctx, step, processed);
  return setting ? setting.outcomeSize(setting.resume) : -1;
}

/** "If the consumer were restarted right after step N, where would it resume, and what would that mean?" */
function restartDraft(ctx: QuizContext, step: number): Draft | null {
  const setting = restartSetting(ctx, step);
  if (!setting) return null;
  const row = ctx.row(step);
  const { tp, resume, outcome } = setting;
  const real = outcome(resume);
  const lastProcessed = ctx.lastProcessed(step, tp);
  const alternatives = [
    resume + 1,
    lastProcessed,
    resume - 1,
    row.position,
    setting.lowest,
    setting.highest,
    0,
    resume + 2,
  ].filter(
    (at): at is number =>
      at !== null && at !== undefined && at !== resume && at >= setting.lowest && at <= setting.highest,
  );
  const distractors = alternatives.map((at) => resumeChoice(at, outcome(at)));
  const committed = row.offsetCommitted;
  const reading = ctx.multiPartition ? ` reading ${partitionKey(tp)}` : '';
  const prompt =
    committed === null
      ? `Nothing has been committed${ctx.forPartition(tp)} by step ${step}. If ${ctx.who(row)} were restarted right after it, where would it resume${reading}, and what would that mean?`
      : `If ${ctx.who(row)} were restarted right after step ${step}, where would it resume${reading}, and what would that mean?`;
  let start: string;
  if (committed === null) {
    const policy = ctx.lastResetPolicy(step, tp);
    start = `With no committed offset, a restarted consumer starts where auto.offset.reset${policy ? `=${policy}` : ''} says: offset ${resume}, the Next Offset to Read.`;
  } else {
    start = `A restarted consumer resumes at the committed offset, ${resume} (the Next Offset to Read column): the committed offset is the next record to read, not the last one processed.`;
  }
  const consequences: string[] = [];
  if (real.duplicates.length > 0) {
    const one = real.duplicates.length === 1;
    consequences.push(
      `${capitalized(offsetsText(real.duplicates))} ${one ? 'was' : 'were'} processed but not committed, so ${one ? 'it is' : 'they are'} processed again: at-least-once delivery gives duplicates.`,
    );
  }
  if (real.lost.length > 0) {
    const one = real.lost.length === 1;
    consequences.push(
      `${capitalized(offsetsText(real.lost))} ${one ? 'lies' : 'lie'} below ${resume} but ${one ? 'was' : 'were'} never processed, so ${one ? 'it is' : 'they are'} never processed: lost (at-most-once).`,
    );
  }
  if (consequences.length === 0 && lastProcessed === undefined) {
    consequences.push('No record has been processed yet and none below it is waiting: no duplicate, no loss.');
  } else if (consequences.length === 0) {
    consequences.push(
      `Every record processed lies below ${resume} and every record below it was processed: no duplicate, no loss.`,
    );
  }
  return {
    id: `restart-after-${step}`,
    kind: 'restart',
    prompt,
    answer: resumeChoice(resume, real),
    distractors,
    hint: `Look at the Next Offset to Read column of step ${step}.`,
    hintStep: step,
    explanation: `${start} ${consequences.join(' ')}`,
    explainStep: (committed === null ? undefined : ctx.lastCommitStep(step, tp)) ?? step,
  };
}

/** Offsets as answer texts, nearest to `answer` first. */
function offsetChoices(answer: number, offsets: Iterable<number>): string[] {
  return [...offsets].sort((a, b) => Math.abs(a - answer) - Math.abs(b - answer) || a - b).map((o) => `Offset ${o}`);
}

/** The partition a key moment is about, from what its step did; undefined when it is not clear. */
function momentPartition(ctx: QuizContext, moment: KeyMoment): TopicPartition | undefined {
  const offset = moment.offset;
  if (offset === null) return undefined;
  const effects = ctx.effects(moment.step);
  let candidates: TopicPartition[];
  switch (moment.kind) {
    case 'duplicate':
      candidates = effects.processed.filter((r) => r.offset === offset);
      break;
    case 'lost':
      candidates = effects.commits.filter((c) => c.offset > offset);
      break;
    case 'reset':
      candidates = effects.positionOrigins.filter((o) => o.source === 'reset' && o.offset === offset);
      break;
    case 'resumed':
      candidates = effects.positionOrigins.filter((o) => o.source === 'committed' && o.offset === offset);
      break;
    default: {
      const tp = rowPartition(ctx.row(moment.step));
      candidates = tp ? [tp] : [];
    }
  }
  const keys = new Set(candidates.map((c) => partitionKey(c)));
  return keys.size === 1 ? candidates[0] : undefined;
}

/** "Which of these records is processed twice?" */
function duplicateDraft(ctx: QuizContext, moment: KeyMoment, tp: TopicPartition): Draft | null {
  const offset = moment.offset;
  if (offset === null) return null;
  const counts = ctx.processCounts(tp);
  if ((counts.get(offset) ?? 0) < 2) return null;
  const once = [...counts].filter(([, n]) => n === 1).map(([o]) => o);
  const log = ctx.partitionState(ctx.steps.length, tp);
  const unprocessed: number[] = [];
  if (log) {
    for (let o = log.logStartOffset; o < Math.min(log.logEndOffset, log.logStartOffset + 50); o++) {
      if (!counts.has(o) && !log.controlOffsets.includes(o)) unprocessed.push(o);
    }
  }
  const first = ctx.firstProcessing(offset, tp) ?? moment.step;
  let back: PositionOrigin | undefined;
  let backStep = moment.step;
  for (let s = moment.step; s > first && !back; s--) {
    back = ctx.effects(s).positionOrigins.find((o) => sameTp(o, tp) && o.offset <= offset);
    if (back) backStep = s;
  }
  const how =
    back === undefined
      ? `Its position went back to ${offset} or below, so the record was read again.`
      : back.source === 'committed'
        ? `At ${ctx.stepName(backStep)} reading resumed at the committed offset ${back.offset}: the record had been processed but not committed, so it was processed again (at-least-once).`
        : `At ${ctx.stepName(backStep)} auto.offset.reset started reading over at offset ${back.offset}: the record was processed again.`;
  return {
    id: `duplicate-${moment.step}${ctx.idPartition(tp)}`,
    kind: 'key-moment',
    prompt: `Which of these records${ctx.ofPartition(tp)} is processed twice?`,
    answer: `Offset ${offset}`,
    distractors: [
      ...offsetChoices(offset, once).slice(0, 2),
      'None: every record is processed exactly once',
      ...offsetChoices(offset, unprocessed),
      ...offsetChoices(offset, once),
    ],
    hint:
      back === undefined
        ? `Look at the Message Processed column of step ${moment.step}.`
        : `Look at step ${backStep}, where reading resumes: which records after it were already processed before?`,
    hintStep: backStep,
    explanation: `${moment.text} ${how}`,
    explainStep: moment.step,
  };
}

/** "Which of these records is lost: committed past but never processed?" */
function lostDraft(
  ctx: QuizContext,
  moment: KeyMoment,
  tp: TopicPartition,
  lostOffsets: ReadonlySet<number>,
): Draft | null {
  const offset = moment.offset;
  if (offset === null) return null;
  const commit = ctx.commitAt(moment.step, tp);
  if (!commit) return null;
  const counts = ctx.processCounts(tp);
  if (counts.has(offset)) return null;
  const processed = [...counts.keys()].filter((o) => !lostOffsets.has(o));
  return {
    id: `lost-${moment.step}${ctx.idPartition(tp)}`,
    kind: 'key-moment',
    prompt: `Which of these records${ctx.ofPartition(tp)} is lost: committed past but never processed?`,
    answer: `Offset ${offset}`,
    distractors: [
      ...offsetChoices(offset, processed).slice(0, 2),
      'None: every record is processed before a commit passes it',
      ...offsetChoices(offset, processed),
    ],
    hint: `Look at the commit at step ${moment.step}: which record below its Offset Committed is never in a Process row?`,
    hintStep: moment.step,
    explanation: `${moment.text} Committing ${commit.offset} says every record below ${commit.offset} is done: a restart resumes at ${commit.offset}, so offset ${offset} is never processed (at-most-once).`,
    explainStep: moment.step,
  };
}

/** "At which offset does the consumer start reading?" for a reset with auto.offset.reset. */
function resetDraft(ctx: QuizContext, moment: KeyMoment, tp: TopicPartition): Draft | null {
  const row = ctx.row(moment.step);
  const origin = ctx.effects(moment.step).positionOrigins.find((o) => sameTp(o, tp) && o.source === 'reset');
  if (!origin || !sameTp(row, tp) || row.nextOffsetToRead !== origin.offset) return null;
  const policy = origin.policy ?? 'earliest';
  const committed = origin.committedOffset;
  const why =
    origin.reason === 'out-of-range' && committed !== undefined
      ? committed < origin.logStartOffset
        ? `the committed offset ${committed} of ${partitionKey(tp)} is below the log start (retention deleted it)`
        : `the committed offset ${committed} of ${partitionKey(tp)} is past the log end`
      : `the group has no committed offset for ${partitionKey(tp)}`;
  const meaning =
    policy === 'earliest'
      ? `earliest means the log start: the oldest record still in the log, offset ${origin.logStartOffset}${origin.logStartOffset > 0 ? ', not 0' : ''}.`
      : policy === 'latest'
        ? `latest means the log end, offset ${origin.logEndOffset}: only records produced from now on are read.`
        : `the policy decides where reading starts.`;
  return {
    id: `reset-${moment.step}${ctx.idPartition(tp)}`,
    kind: 'key-moment',
    prompt: `At step ${moment.step} ${why}, and auto.offset.reset=${policy}. At which offset does ${origin.consumer} start reading?`,
    answer: `Offset ${origin.offset}`,
    distractors: [
      origin.logStartOffset,
      origin.logEndOffset,
      ...(committed === undefined ? [] : [committed]),
      0,
      origin.offset + 1,
      origin.offset - 1,
    ]
      .filter((o) => o >= 0)
      .map((o) => `Offset ${o}`),
    hint: `Look at the Next Offset to Read column of step ${moment.step}.`,
    hintStep: moment.step,
    explanation: `${moment.text} With no usable committed offset the consumer applies auto.offset.reset; ${meaning}`,
    explainStep: moment.step,
  };
}

/** "At which offset does it resume reading?" when a consumer takes a partition up at the committed offset. */
function resumedDraft(ctx: QuizContext, moment: KeyMoment, tp: TopicPartition): Draft | null {
  const row = ctx.row(moment.step);
  const origin = ctx.effects(moment.step).positionOrigins.find((o) => sameTp(o, tp) && o.source === 'committed');
  if (!origin || !sameTp(row, tp) || row.offsetCommitted !== origin.offset || row.nextOffsetToRead !== origin.offset) {
    return null;
  }
  const c = origin.offset;
  const processed = ctx.lastProcessed(moment.step, tp);
  return {
    id: `resumed-${moment.step}${ctx.idPartition(tp)}`,
    kind: 'key-moment',
    prompt: `At ${ctx.stepName(moment.step)} ${origin.consumer} takes up ${partitionKey(tp)}. At which offset does it resume reading?`,
    answer: `Offset ${c}`,
    distractors: [c + 1, ...(processed === undefined ? [] : [processed + 1, processed]), c - 1, c + 2, 0]
      .filter((o) => o >= 0)
      .map((o) => `Offset ${o}`),
    hint: `Look at the Offset Committed column of step ${moment.step}.`,
    hintStep: moment.step,
    explanation: `${moment.text} A consumer taking up a partition resumes at the group's committed offset, ${c}, and its next fetch starts at offset ${c}, not at committed offset + 1.`,
    explainStep: ctx.lastCommitStep(moment.step, tp) ?? moment.step,
  };
}

/** "The lag is 1 although everything was read. Why?" for lag made of transaction markers. */
function markerDraft(ctx: QuizContext, moment: KeyMoment): Draft | null {
  const offset = moment.offset;
  if (offset === null || moment.step > ctx.steps.length) return null;
  const row = ctx.row(moment.step);
  const tp = rowPartition(row);
  if (!tp || row.lag === null || row.offsetCommitted !== offset || row.lag < 1) return null;
  const last = offset + row.lag - 1;
  const markers =
    row.lag === 1
      ? `Offset ${offset} holds the transaction's commit marker`
      : `Offsets ${offset}–${last} hold transaction markers`;
  const commitStep = ctx.lastCommitStep(moment.step, tp);
  return {
    id: `marker-${moment.step}${ctx.idPartition(tp)}`,
    kind: 'key-moment',
    prompt: `After step ${moment.step} the lag${ctx.forPartition(tp)} is ${row.lag}, although ${ctx.who(row)} has read and processed every record. Why?`,
    answer: `${markers}: it takes an offset but is never delivered`,
    distractors: [
      `The record at offset ${offset} is still waiting to be read`,
      ...(commitStep === undefined ? [] : [`The commit at step ${commitStep} did not reach the broker`]),
      `Lag counts from the last processed offset (${offset - 1}), not from the committed offset`,
    ],
    hint: `Look at the Log End Offset and Offset Committed of step ${moment.step}.`,
    hintStep: moment.step,
    explanation: `${moment.text} Lag = log-end offset − committed offset = ${offset + row.lag} − ${offset} = ${row.lag}.`,
    explainStep: moment.step,
  };
}

/** Questions from the key moments, one per kind, the most telling kinds first. */
function keyMomentDrafts(ctx: QuizContext, keyMoments: readonly KeyMoment[]): Draft[] {
  const moments = keyMoments.filter((m) => m.step >= 1 && m.step <= ctx.asked);
  const order: KeyMoment['kind'][] = ['lost', 'duplicate', 'transaction-marker', 'resumed', 'reset'];
  const lostByPartition = new Map<string, Set<number>>();
  for (const m of moments) {
    const tp = m.kind === 'lost' ? momentPartition(ctx, m) : undefined;
    if (tp && m.offset !== null) {
      const set = lostByPartition.get(partitionKey(tp)) ?? new Set<number>();
      set.add(m.offset);
      lostByPartition.set(partitionKey(tp), set);
    }
  }
  const drafts: Draft[] = [];
  for (const kind of order) {
    for (const moment of moments.filter((m) => m.kind === kind)) {
      let draft: Draft | null = null;
      if (kind === 'transaction-marker') {
        draft = markerDraft(ctx, moment);
      } else {
        const tp = momentPartition(ctx, moment);
        if (!tp) continue;
        if (kind === 'duplicate') draft = duplicateDraft(ctx, moment, tp);
        else if (kind === 'lost')
          draft = lostDraft(ctx, moment, tp, lostByPartition.get(partitionKey(tp)) ?? new Set());
        else if (kind === 'reset') draft = resetDraft(ctx, moment, tp);
        else draft = resumedDraft(ctx, moment, tp);
      }
      if (draft) {
        drafts.push(draft);
        break;
      }
    }
  }
  return drafts;
}

/** Whether any record was processed at or before `step`. */
function processedBy(ctx: QuizContext, step: number): boolean {
  for (let s = 1; s <= step; s++) if (ctx.effects(s).processed.length > 0) return true;
  return false;
}

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

/**
 * Makes a quiz from a trace. The first questions are fixed by the trace: the committed offset
 * after a commit, the step the committed offset's record is first processed, what a restart
 * would do, then one question per kind of key moment (and the first rebalance). The seed picks
 * the steps of the other questions (next offset, offset read, lag, first commit, another
 * restart), orders them and shuffles every question's choices.
 */
export function generateQuiz(trace: Trace, options: QuizOptions = {}): QuizQuestion[] {
  return runToEnd(quizWork(trace, options));
}

/** Steps between two pauses of {@link quizWork} where it walks the steps it may ask about. */
const stepsPerPause = 128;

/** {@link generateQuiz} as work that pauses now and then (see {@link SlicedWork}): the same questions. */
export function* quizWork(trace: Trace, options: QuizOptions = {}): SlicedWork<QuizQuestion[]> {
  const count = Math.floor(options.count ?? defaultQuizLength);
  if (trace.steps.length === 0 || !(count > 0)) return [];
  const seed = options.seed !== undefined && Number.isFinite(options.seed) ? options.seed >>> 0 : traceSeed(trace);
  const random = seededRandom(seed);
  const ctx = new QuizContext(trace, options.index ?? quizIndex(trace));

  // The lesson's own questions.
  const core: (Draft | null)[] = [];
  // A commit in the middle of the run (not the last step's, which tells less); else the last row.
  const commits = ctx.commitSteps();
  const middle = commits.filter((s) => s < ctx.steps.length);
  const withPartition = ctx.changes('offsetCommitted');
  const committedStep =
    middle.length > 0
      ? middle[Math.floor(middle.length / 2)]
      : commits.length > 0
        ? commits[0]
        : withPartition[withPartition.length - 1];
  if (committedStep === undefined) return [];
  core.push(valueDraft(ctx, 'offsetCommitted', committedStep));
  const committedRow = ctx.row(committedStep);
  const committedTp = rowPartition(committedRow);
  const processedOrder: { offset: number; tp: TopicPartition }[] = [];
  const seen = new Set<string>();
  for (let s = 1; s <= ctx.asked; s++) {
    if (s % stepsPerPause === 0) yield;
    for (const r of ctx.effects(s).processed) {
      const key = `${partitionKey(r)}@${r.offset}`;
      if (!seen.has(key)) processedOrder.push({ offset: r.offset, tp: r });
      seen.add(key);
    }
  }
  const committed = committedRow.offsetCommitted;
  const firstCandidates = [
    ...(committed === null || !committedTp
      ? []
      : [
          { offset: committed, tp: committedTp },
          { offset: committed - 1, tp: committedTp },
        ]),
    ...processedOrder.slice(Math.floor(processedOrder.length / 2)),
    ...processedOrder,
  ];
  let firstProcessed: Draft | null = null;
  for (const candidate of firstCandidates) {
    firstProcessed = candidate.offset >= 0 ? firstProcessedDraft(ctx, candidate.offset, candidate.tp) : null;
    if (firstProcessed) break;
  }
  core.push(firstProcessed);
  let restartStep: number | undefined;
  let bestWeight = -1;
  const restartSteps: number[] = [];
  const processedSoFar = new Map<string, Set<number>>();
  for (let s = 1; s <= ctx.asked; s++) {
    if (s % stepsPerPause === 0) yield;
    for (const r of ctx.effects(s).processed) {
      const set = processedSoFar.get(partitionKey(r)) ?? new Set<number>();
      set.add(r.offset);
      processedSoFar.set(partitionKey(r), set);
    }
    const tp = rowPartition(ctx.row(s));
    const weight = tp ? restartWeight(ctx, s, processedSoFar.get(partitionKey(tp)) ?? new Set()) : -1;
    if (weight >= 0) restartSteps.push(s);
    if (weight > bestWeight) {
      bestWeight = weight;
      restartStep = s;
    }
  }
  core.push(restartStep === undefined ? null : restartDraft(ctx, restartStep));

  yield;
  // The run's key moments.
  const moments = [...keyMomentDrafts(ctx, options.keyMoments ?? findKeyMoments(trace))];
  const rebalance = firstRebalanceDraft(ctx);
  if (rebalance) moments.splice(Math.min(1, moments.length), 0, rebalance);

  yield;
  // The seed's choice of the rest.
  const extras: (Draft | null)[] = [];
  const otherCommit = pick(
    ctx.changes('offsetCommitted').filter((s) => s !== committedStep),
    random,
  );
  if (otherCommit !== undefined) extras.push(valueDraft(ctx, 'offsetCommitted', otherCommit));
  for (const column of ['nextOffsetToRead', 'offsetRead', 'lag'] as const) {
    // Steps where the value changes, other than the first row and the committed-offset question's.
    const changed = ctx.changes(column);
    const telling = changed.filter((s) => s !== changed[0] && s !== committedStep);
    const step = pick(telling.length > 0 ? telling : changed, random);
    if (step !== undefined) extras.push(valueDraft(ctx, column, step));
  }
  extras.push(firstCommitDraft(ctx));
  yield;
  // Another restart, after something was processed (a restart before that teaches little).
  const otherRestarts = restartSteps.filter((s) => s !== restartStep);
  const afterProcessing = otherRestarts.filter((s) => processedBy(ctx, s));
  const otherRestart = pick(afterProcessing.length > 0 ? afterProcessing : otherRestarts, random);
  extras.push(otherRestart === undefined ? null : restartDraft(ctx, otherRestart));

  const quiz: QuizQuestion[] = [];
  const ids = new Set<string>();
  for (const draft of [...core, ...moments, ...shuffled(extras, random)]) {
    if (!draft || quiz.length >= count || ids.has(draft.id)) continue;
    const question = finish(draft, seed);
    if (!question) continue;
    ids.add(question.id);
    quiz.push(question);
  }
  return quiz;
}

/** Checks a choice; a wrong one gets the right answer named before the explanation. */
export function checkAnswer(question: QuizQuestion, choiceId: string): AnswerCheck {
  const correct = choiceId === question.answerId;
  const answer = question.choices.find((c) => c.id === question.answerId)?.text ?? '';
  return {
    correct,
    explanation: correct ? question.explanation : `The answer is: ${answer}. ${question.explanation}`,
    explainStep: question.explainStep,
  };
}
