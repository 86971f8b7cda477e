// Builds the panel's messages from a trace and its cursor: the load message (everything but
// rows; with the comparison's header after a broker run), blocks of formatted rows, and the quiz,
// whose answers stay with the host that checks them.

import {
  maxRowsPerRequest,
  type CursorMessage,
  type KeyMomentsMessage,
  type LoadMessage,
  type MomentLine,
  type QuizMessage,
  type QuizQuestionView,
  type QuizVerdict,
  type QuizVerdictMessage,
  type RowsMessage,
} from './panelMessages';
import { cellText, columnsFor, statusEntry, statusMoments, type StatusMoment } from '../trace/executionTable';
import type { KeyMoment } from '../trace/keyMoments';
import { keyMomentsLater, keyMomentsNow } from '../trace/keyMomentsInSlices';
import { quizIndexWork, type QuizIndex } from '../trace/quizIndex';
import { runInSlices } from '../common/slicedWork';
import { checkAnswer, generateQuiz, quizWork, traceSeed, type QuizQuestion } from '../trace/quiz';
import type { Trace } from '../trace/trace';
import type { TraceOrigin } from '../trace/traceOrigin';
import type { TraceCursor } from '../trace/traceCursor';
import type { PanelComparison } from './panelComparison';
import { firstAndLast, panelListLimit } from './panelLists';

/**
 * The message that (re)loads a trace into the panel; with `comparison`, the panel shows the trace
 * (observed on a broker) side by side with the simulated one. A long trace's key moments may not be
 * known yet (`keyMoments: null`): they are being found, and {@link keyMomentsMessage} sends them.
 */
export function loadMessage(
  trace: Trace,
  cursor: TraceCursor,
  traceId: string,
  origin: TraceOrigin,
  comparison?: PanelComparison,
): LoadMessage {
  const keyMoments = keyMomentsNow(trace);
  return {
    type: 'load',
    traceId,
    scenario: trace.source.name,
    origin,
    title: trace.source.title,
    summary: trace.source.summary,
    settings: [...(trace.source.settings ?? comparison?.simulated.source.settings ?? [])],
    ...(comparison ? { comparison: comparison.header() } : {}),
    columns: columnsFor(trace, true).map((c) => c.header),
    totalSteps: trace.steps.length,
    index: cursor.index,
    playing: cursor.playing,
    playIntervalMs: cursor.playIntervalMs,
    // Lines are made only for the moments shown: a long trace commits a hundred thousand times.
    statusTracker: firstAndLast<StatusMoment | number>(statusMoments(trace), panelListLimit, (omitted) => omitted).map(
      (moment) =>
        typeof moment === 'number'
          ? {
              label: `… ${moment} more commits`,
              step: 0,
              offsetRead: '',
              messageProcessed: '',
              offsetCommitted: '',
              nextOffsetToRead: '',
            }
          : statusEntry(trace, moment),
    ),
    keyMoments: keyMoments ? momentLines(keyMoments) : null,
  };
}

/** The key moments of a trace whose load message went without them. */
export function keyMomentsMessage(traceId: string, keyMoments: readonly KeyMoment[]): KeyMomentsMessage {
  return { type: 'keyMoments', traceId, keyMoments: momentLines(keyMoments) };
}

/** The message saying a trace's key moments could not be found. */
export function keyMomentsFailedMessage(traceId: string, reason: string): KeyMomentsMessage {
  return {
    type: 'keyMoments',
    traceId,
    keyMoments: [{ kind: 'more', step: 0, text: `Key moments not found: ${reason}` }],
  };
}

/** The key moments as the panel lists them: the first and last of a long list. */
function momentLines(keyMoments: readonly KeyMoment[]): MomentLine[] {
  return firstAndLast(
    keyMoments.map(({ kind, step, text }) => ({ kind, step, text })),
    panelListLimit,
    (omitted) => ({
      kind: 'more',
      step: 0,
      text: `… ${omitted} more key moments (export the trace or use the CLI to see them all).`,
    }),
  );
}

/** Rows `start .. start+count-1` (clipped to the trace and to {@link maxRowsPerRequest}). */
export function rowsMessage(trace: Trace, traceId: string, start: number, count: number): RowsMessage {
  const columns = columnsFor(trace, true);
  const first = Math.min(Math.max(start, 0), trace.steps.length);
  const end = Math.min(first + Math.min(count, maxRowsPerRequest), trace.steps.length);
  return {
    type: 'rows',
    traceId,
    start: first,
    rows: trace.steps.slice(first, end).map((step) => ({
      step: step.step,
      cells: columns.map((column) => cellText(step, column.id)),
    })),
  };
}

/** The cursor's position and playback state. */
export function cursorMessage(cursor: TraceCursor): CursorMessage {
  return { type: 'cursor', index: cursor.index, playing: cursor.playing, playIntervalMs: cursor.playIntervalMs };
}

/** The seed "New questions" uses after `seed`: a fixed step through the 32-bit seeds (golden ratio). */
export function nextQuizSeed(seed: number): number {
  return (seed + 0x9e3779b9) >>> 0;
}

/** A question without what would give it away: the answer and the explanation. */
export function questionView(question: QuizQuestion): QuizQuestionView {
  const { id, kind, prompt, choices, hint, hintStep } = question;
  return { id, kind, prompt, choices: choices.map((choice) => ({ id: choice.id, text: choice.text })), hint, hintStep };
}

/** What a quiz is made from besides its trace: found in slices for a long trace. */
export interface QuizInputs {
  readonly keyMoments: readonly KeyMoment[];
  readonly index: QuizIndex;
}

const quizInputs = new WeakMap<Trace, Promise<QuizInputs>>();

/** The key moments and quiz index of a trace, found in slices once per trace (a long trace's take seconds). */
export function quizInputsLater(trace: Trace): Promise<QuizInputs> {
  let inputs = quizInputs.get(trace);
  if (!inputs) {
    inputs = keyMomentsLater(trace).then(async (keyMoments) => ({
      keyMoments,
      index: await runInSlices(quizIndexWork(trace)),
    }));
    quizInputs.set(trace, inputs);
  }
  return inputs;
}

/**
 * The quiz the host keeps for one loaded trace: generated from the trace with a seed
 * (deterministic), it holds the answers and checks each choice the webview sends. The first
 * answer to a question counts; asking again returns that verdict.
 */
export class PanelQuiz {
  readonly questions: readonly QuizQuestion[];
  private readonly verdicts = new Map<string, QuizVerdict>();

  /**
   * `seed` defaults to the trace's own seed, so a trace always opens with the same quiz;
   * `inputs` (made when not given) are the trace's key moments and {@link QuizIndex}.
   */
  constructor(
    private readonly trace: Trace,
    readonly traceId: string,
    readonly seed: number = traceSeed(trace),
    private readonly inputs?: QuizInputs,
    questions?: readonly QuizQuestion[],
  ) {
    this.questions = questions ?? generateQuiz(trace, { seed, ...inputs });
  }

  /** The same quiz, its questions made in slices (a long trace's take longer than the host may be held). */
  static async inSlices(
    trace: Trace,
    traceId: string,
    seed: number = traceSeed(trace),
    inputs?: QuizInputs,
  ): Promise<PanelQuiz> {
    const questions = await runInSlices(quizWork(trace, { seed, ...inputs }));
    return new PanelQuiz(trace, traceId, seed, inputs, questions);
  }

  /** Another quiz of the same trace: the next seed, nothing answered. */
  next(): PanelQuiz {
    return new PanelQuiz(this.trace, this.traceId, nextQuizSeed(this.seed), this.inputs);
  }

  /** {@link next}, its questions made in slices. */
  nextInSlices(): Promise<PanelQuiz> {
    return PanelQuiz.inSlices(this.trace, this.traceId, nextQuizSeed(this.seed), this.inputs);
  }

  /** Whether a message names this quiz (a reply to an older quiz or trace is dropped). */
  matches(traceId: string, seed: number): boolean {
    return traceId === this.traceId && seed === this.seed;
  }

  /** The message that shows this quiz: the questions without answers, and the verdicts so far. */
  message(): QuizMessage {
    return {
      type: 'quiz',
      traceId: this.traceId,
      seed: this.seed,
      questions: this.questions.map(questionView),
      answers: this.questions.flatMap((question) => this.verdicts.get(question.id) ?? []),
    };
  }

  /** Checks a choice; undefined when the question or the choice is not one of this quiz's. */
  check(questionId: string, choiceId: string): QuizVerdictMessage | undefined {
    const question = this.questions.find((q) => q.id === questionId);
    if (!question || !question.choices.some((choice) => choice.id === choiceId)) return undefined;
    let verdict = this.verdicts.get(questionId);
    if (!verdict) {
      const checked = checkAnswer(question, choiceId);
      verdict = {
        questionId,
        choiceId,
        correct: checked.correct,
        answerId: question.answerId,
        explanation: checked.explanation,
        explainStep: checked.explainStep,
      };
      this.verdicts.set(questionId, verdict);
    }
    return { type: 'quizVerdict', traceId: this.traceId, seed: this.seed, ...verdict };
  }

  /**
   * The 0-based index of the step that explains an answered question, for "Show me"; undefined
   * while the question is unanswered (going there early would give the answer away).
   */
  explainIndex(questionId: string): number | undefined {
    const verdict = this.verdicts.get(questionId);
    return verdict ? verdict.explainStep - 1 : undefined;
  }

  /** How many questions are answered, and how many of them right. */
  get progress(): { readonly answered: number; readonly correct: number } {
    const verdicts = [...this.verdicts.values()];
    return { answered: verdicts.length, correct: verdicts.filter((v) => v.correct).length };
  }
}
