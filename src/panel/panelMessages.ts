// The one message protocol between the extension host and the execution-table webview:
// typed messages both ways, guards for everything received, and the state kept for reload.

import { isTraceOrigin, type TraceOrigin } from '../trace/traceOrigin';

/** A rendered row: the step number and the text of each column, in the order of `columns`. */
export interface TableRow {
  readonly step: number;
  readonly cells: readonly string[];
}

/** A status tracker line as the panel shows it. */
export interface StatusLine {
  readonly label: string;
  readonly step: number;
  readonly offsetRead: string;
  readonly messageProcessed: string;
  readonly offsetCommitted: string;
  readonly nextOffsetToRead: string;
}

/** A key moment as the panel shows it. */
export interface MomentLine {
  readonly kind: string;
  readonly step: number;
  readonly text: string;
}

/** The side-by-side views of a comparison: both traces' columns, one column each with `a → b`, or the observed table. */
export type ComparisonViewMode = 'side-by-side' | 'compact' | 'observed';

export const comparisonViewModes: readonly ComparisonViewMode[] = ['side-by-side', 'compact', 'observed'];

/** One column of a compared step: what the simulator shows and what Kafka showed (equal when they agree). */
export interface ComparedCell {
  readonly simulated: string;
  readonly observed: string;
}

/**
 * How a compared step stands: `agree`, `differ` (the comparison found differences at this step),
 * `left-out` (timing-dependent, not compared), `missing` (one of the runs has no such step).
 */
export type ComparedStepStatus = 'agree' | 'differ' | 'left-out' | 'missing';

const comparedStepStatuses: readonly string[] = ['agree', 'differ', 'left-out', 'missing'];

/** A step of a comparison, as the side-by-side table shows it. */
export interface ComparisonRow {
  readonly step: number;
  /** The six main columns (Step, Action, Offset Read, Message Processed, Offset Committed, Next Offset to Read). */
  readonly cells: readonly ComparedCell[];
  readonly status: ComparedStepStatus;
  /** What the row says in its last column: the differences' texts, the reason it was left out, … */
  readonly notes: readonly string[];
}

/** A difference as the panel lists it; `step` 0 for one of the whole run (duplicates, losses, step count). */
export interface DifferenceLine {
  readonly step: number;
  readonly field: string;
  readonly text: string;
}

/** The scenario a comparison re-simulates after a reload: a built-in or a scenario file, and the protocol it ran under. */
export interface ComparisonSource {
  readonly scenario: TraceOrigin;
  readonly protocol: 'classic' | 'consumer';
}

/** What the panel shows of a comparison besides its rows: the summary, the facts of the run, the differences. */
export interface ComparisonHeader {
  /** True when the comparison found no difference. */
  readonly agree: boolean;
  /** One line: "Agree: 11 steps compared" or "3 differences (11 steps compared)". */
  readonly summary: string;
  readonly compared: number;
  readonly differenceCount: number;
  /** Rows of the side-by-side table: the longer of the two traces. */
  readonly totalRows: number;
  /** The headers of the compared columns (the six main ones). */
  readonly columns: readonly string[];
  /** Facts of the broker run, e.g. "Kafka clients 4.1.0", "group.protocol=classic", "group orders-app.kot-…". */
  readonly facts: readonly string[];
  /** The differences, in step order (the whole run's last); long lists keep their first and last ones. */
  readonly differences: readonly DifferenceLine[];
  /** The steps left out as timing-dependent, as text ("step 7: …"). */
  readonly leftOut: readonly string[];
  /** What a reload needs to rebuild the comparison. */
  readonly source?: ComparisonSource;
}

/** Sent once per trace (and again after a reload): everything but the rows. */
export interface LoadMessage {
  readonly type: 'load';
  readonly traceId: string;
  /** The scenario's name. */
  readonly scenario: string;
  /** Where the trace came from, stored by the webview so a reload can restore it. */
  readonly origin: TraceOrigin;
  readonly title: string;
  readonly summary: string;
  /** The scenario's consumer and group settings, one line each (shown under the title). */
  readonly settings: readonly string[];
  /** Present when the trace was observed on a broker and compared with the simulator. */
  readonly comparison?: ComparisonHeader;
  readonly columns: readonly string[];
  readonly totalSteps: number;
  readonly index: number;
  readonly playing: boolean;
  readonly playIntervalMs: number;
  readonly statusTracker: readonly StatusLine[];
  /** `null` while a long trace's key moments are still being found: a {@link KeyMomentsMessage} follows. */
  readonly keyMoments: readonly MomentLine[] | null;
}

/** A long trace's key moments, found after its load message (the host finds them in slices). */
export interface KeyMomentsMessage {
  readonly type: 'keyMoments';
  readonly traceId: string;
  readonly keyMoments: readonly MomentLine[];
}

/** A block of rows the webview asked for. */
export interface RowsMessage {
  readonly type: 'rows';
  readonly traceId: string;
  readonly start: number;
  readonly rows: readonly TableRow[];
}

/** A block of compared rows the webview asked for. */
export interface ComparisonRowsMessage {
  readonly type: 'comparisonRows';
  readonly traceId: string;
  readonly start: number;
  readonly rows: readonly ComparisonRow[];
}

/** The cursor moved, or playback started or stopped. */
export interface CursorMessage {
  readonly type: 'cursor';
  readonly index: number;
  readonly playing: boolean;
  readonly playIntervalMs: number;
}

/** One answer a quiz question offers, as shown: its letter and its text. */
export interface QuizChoiceView {
  readonly id: string;
  readonly text: string;
}

/**
 * A quiz question as the webview gets it: the prompt, the choices and the hint, but neither the
 * answer nor the explanation (the host checks each answer, so the page never holds one early).
 */
export interface QuizQuestionView {
  readonly id: string;
  readonly kind: string;
  readonly prompt: string;
  readonly choices: readonly QuizChoiceView[];
  readonly hint: string;
  /** The 1-based step the hint points at. */
  readonly hintStep: number;
}

/** The host's verdict on an answer: right or wrong, the right choice, and why. */
export interface QuizVerdict {
  readonly questionId: string;
  readonly choiceId: string;
  readonly correct: boolean;
  readonly answerId: string;
  readonly explanation: string;
  /** The 1-based step that explains the answer ("Show me" goes there). */
  readonly explainStep: number;
}

/** The current trace's quiz (sent when the webview asks for it): the questions and what was answered so far. */
export interface QuizMessage {
  readonly type: 'quiz';
  readonly traceId: string;
  /** Which quiz of the trace this is: "New questions" asks for another seed. */
  readonly seed: number;
  readonly questions: readonly QuizQuestionView[];
  readonly answers: readonly QuizVerdict[];
}

/** The reply to a `checkAnswer`. */
export interface QuizVerdictMessage extends QuizVerdict {
  readonly type: 'quizVerdict';
  readonly traceId: string;
  readonly seed: number;
}

export type HostToWebviewMessage =
  | LoadMessage
  | KeyMomentsMessage
  | RowsMessage
  | ComparisonRowsMessage
  | CursorMessage
  | QuizMessage
  | QuizVerdictMessage;

/** What a comparison's table shows, in the webview's render report. */
export interface ComparisonReport {
  readonly view: ComparisonViewMode;
  readonly summary: string;
  readonly agree: boolean;
  /** The header cells of the table on screen, top row first. */
  readonly headers: readonly string[];
  /** Rendered rows marked as differing (in the DOM now). */
  readonly differingRowsInDom: number;
}

/** Step controls, named as the commands are. */
export type ControlCommand = 'first' | 'back' | 'step' | 'last' | 'togglePlay';

export type WebviewToHostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'requestRows'; readonly traceId: string; readonly start: number; readonly count: number }
  | {
      readonly type: 'requestComparisonRows';
      readonly traceId: string;
      readonly start: number;
      readonly count: number;
    }
  | { readonly type: 'control'; readonly command: ControlCommand }
  | { readonly type: 'goToDifference'; readonly traceId: string; readonly direction: 'next' | 'previous' }
  | { readonly type: 'goTo'; readonly index: number }
  | { readonly type: 'setSpeed'; readonly intervalMs: number }
  | {
      readonly type: 'rendered';
      readonly traceId: string;
      readonly index: number;
      readonly firstRow: number;
      readonly lastRow: number;
      readonly rowsInDom: number;
      readonly totalSteps: number;
      /** How many key moment lines the panel lists; `null` while the host is still finding them. */
      readonly keyMoments: number | null;
      readonly quiz: QuizReport;
      /** Present when the panel shows a comparison. */
      readonly comparison?: ComparisonReport;
    }
  | { readonly type: 'requestQuiz'; readonly traceId: string }
  | { readonly type: 'newQuiz'; readonly traceId: string }
  | {
      readonly type: 'checkAnswer';
      readonly traceId: string;
      readonly seed: number;
      readonly questionId: string;
      readonly choiceId: string;
    }
  | { readonly type: 'quizShowMe'; readonly traceId: string; readonly seed: number; readonly questionId: string };

/** What the quiz shows, in the webview's render report (for tests and the extension's API). */
export interface QuizReport {
  /** Whether the quiz section is expanded. */
  readonly open: boolean;
  /** The seed of the quiz on screen, or null before the host sent one. */
  readonly seed: number | null;
  readonly questionIds: readonly string[];
  /** The id of the question on screen, or null. */
  readonly current: string | null;
  readonly answered: number;
  readonly correct: number;
  /** The 1-based step a hint highlights in the table, or null. */
  readonly hintStep: number | null;
  /** The verdict shown for the question on screen, or null before it is checked. */
  readonly verdict: 'right' | 'wrong' | null;
}

/** The quiz's UI state, kept with the panel's state so a reloaded page reopens it where it was. */
export interface QuizUiState {
  readonly open: boolean;
  /** The 0-based position of the question on screen. */
  readonly position: number;
}

/** What the webview stores with `setState`, so the serializer can restore the panel after a reload. */
export interface PanelState {
  readonly scenario: string;
  readonly index: number;
  /** Absent in states saved before origins existed: then `scenario` names a built-in. */
  readonly origin?: TraceOrigin;
  /** Absent in states saved before the quiz existed: then it is closed. */
  readonly quiz?: QuizUiState;
  /** For a broker run compared with the simulator: what rebuilds the comparison, and the view shown. */
  readonly comparison?: ComparisonSource;
  readonly comparisonView?: ComparisonViewMode;
}

/** The most rows one `requestRows` may ask for. */
export const maxRowsPerRequest = 500;

const controlCommands: readonly string[] = ['first', 'back', 'step', 'last', 'togglePlay'];

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** A quiz seed: an unsigned 32-bit integer. */
function isSeed(value: unknown): value is number {
  return isIndex(value) && value <= 0xffffffff;
}

/** A 1-based step number. */
function isStep(value: unknown): value is number {
  return isIndex(value) && value >= 1;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isQuizReport(value: unknown): value is QuizReport {
  return (
    isObject(value) &&
    typeof value.open === 'boolean' &&
    (value.seed === null || isSeed(value.seed)) &&
    isStringArray(value.questionIds) &&
    (value.current === null || typeof value.current === 'string') &&
    isIndex(value.answered) &&
    isIndex(value.correct) &&
    value.correct <= value.answered &&
    (value.hintStep === null || isStep(value.hintStep)) &&
    (value.verdict === null || value.verdict === 'right' || value.verdict === 'wrong')
  );
}

function isComparisonReport(value: unknown): value is ComparisonReport {
  return (
    isObject(value) &&
    comparisonViewModes.includes(value.view as ComparisonViewMode) &&
    typeof value.summary === 'string' &&
    typeof value.agree === 'boolean' &&
    isStringArray(value.headers) &&
    isIndex(value.differingRowsInDom)
  );
}

function isComparisonSource(value: unknown): value is ComparisonSource {
  return (
    isObject(value) &&
    isTraceOrigin(value.scenario) &&
    (value.scenario.kind === 'built-in' || value.scenario.kind === 'scenario-file') &&
    (value.protocol === 'classic' || value.protocol === 'consumer')
  );
}

function isQuizUiState(value: unknown): value is QuizUiState {
  return isObject(value) && typeof value.open === 'boolean' && isIndex(value.position);
}

/** Guards a message received from the webview. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'requestRows':
    case 'requestComparisonRows':
      return typeof value.traceId === 'string' && isIndex(value.start) && isIndex(value.count);
    case 'control':
      return typeof value.command === 'string' && controlCommands.includes(value.command);
    case 'goToDifference':
      return typeof value.traceId === 'string' && (value.direction === 'next' || value.direction === 'previous');
    case 'goTo':
      return isIndex(value.index);
    case 'setSpeed':
      return typeof value.intervalMs === 'number' && Number.isFinite(value.intervalMs);
    case 'rendered':
      return (
        typeof value.traceId === 'string' &&
        isIndex(value.index) &&
        isIndex(value.firstRow) &&
        typeof value.lastRow === 'number' &&
        isIndex(value.rowsInDom) &&
        isIndex(value.totalSteps) &&
        (value.keyMoments === null || isIndex(value.keyMoments)) &&
        isQuizReport(value.quiz) &&
        (value.comparison === undefined || isComparisonReport(value.comparison))
      );
    case 'requestQuiz':
    case 'newQuiz':
      return typeof value.traceId === 'string';
    case 'checkAnswer':
      return (
        typeof value.traceId === 'string' &&
        isSeed(value.seed) &&
        isNonEmptyString(value.questionId) &&
        isNonEmptyString(value.choiceId)
      );
    case 'quizShowMe':
      return typeof value.traceId === 'string' && isSeed(value.seed) && isNonEmptyString(value.questionId);
    default:
      return false;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRow(value: unknown): value is TableRow {
  return isObject(value) && isIndex(value.step) && isStringArray(value.cells);
}

function isComparedCell(value: unknown): value is ComparedCell {
  return isObject(value) && typeof value.simulated === 'string' && typeof value.observed === 'string';
}

function isComparisonRow(value: unknown): value is ComparisonRow {
  return (
    isObject(value) &&
    isStep(value.step) &&
    Array.isArray(value.cells) &&
    value.cells.every(isComparedCell) &&
    typeof value.status === 'string' &&
    comparedStepStatuses.includes(value.status) &&
    isStringArray(value.notes)
  );
}

function isDifferenceLine(value: unknown): value is DifferenceLine {
  return isObject(value) && isIndex(value.step) && typeof value.field === 'string' && typeof value.text === 'string';
}

function isComparisonHeader(value: unknown): value is ComparisonHeader {
  return (
    isObject(value) &&
    typeof value.agree === 'boolean' &&
    typeof value.summary === 'string' &&
    isIndex(value.compared) &&
    isIndex(value.differenceCount) &&
    isIndex(value.totalRows) &&
    isStringArray(value.columns) &&
    isStringArray(value.facts) &&
    Array.isArray(value.differences) &&
    value.differences.every(isDifferenceLine) &&
    isStringArray(value.leftOut) &&
    (value.source === undefined || isComparisonSource(value.source))
  );
}

function isChoice(value: unknown): value is QuizChoiceView {
  return isObject(value) && isNonEmptyString(value.id) && typeof value.text === 'string';
}

function isQuestion(value: unknown): value is QuizQuestionView {
  return (
    isObject(value) &&
    isNonEmptyString(value.id) &&
    typeof value.kind === 'string' &&
    typeof value.prompt === 'string' &&
    Array.isArray(value.choices) &&
    value.choices.length >= 2 &&
    value.choices.every(isChoice) &&
    new Set(value.choices.map((choice) => choice.id)).size === value.choices.length &&
    typeof value.hint === 'string' &&
    isStep(value.hintStep) &&
    // Never an answer or an explanation before the host checked one.
    !('answerId' in value) &&
    !('explanation' in value)
  );
}

function isVerdict(value: unknown): value is QuizVerdict {
  return (
    isObject(value) &&
    isNonEmptyString(value.questionId) &&
    isNonEmptyString(value.choiceId) &&
    typeof value.correct === 'boolean' &&
    isNonEmptyString(value.answerId) &&
    value.correct === (value.choiceId === value.answerId) &&
    typeof value.explanation === 'string' &&
    isStep(value.explainStep)
  );
}

function isMomentLine(value: unknown): value is MomentLine {
  return isObject(value) && typeof value.kind === 'string' && isIndex(value.step) && typeof value.text === 'string';
}

/** Guards a message received from the host (the webview checks everything it is sent). */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'load':
      return (
        typeof value.traceId === 'string' &&
        typeof value.scenario === 'string' &&
        isTraceOrigin(value.origin) &&
        typeof value.title === 'string' &&
        typeof value.summary === 'string' &&
        isStringArray(value.settings) &&
        (value.comparison === undefined || isComparisonHeader(value.comparison)) &&
        isStringArray(value.columns) &&
        isIndex(value.totalSteps) &&
        isIndex(value.index) &&
        typeof value.playing === 'boolean' &&
        typeof value.playIntervalMs === 'number' &&
        Array.isArray(value.statusTracker) &&
        (value.keyMoments === null || (Array.isArray(value.keyMoments) && value.keyMoments.every(isMomentLine)))
      );
    case 'keyMoments':
      return (
        typeof value.traceId === 'string' && Array.isArray(value.keyMoments) && value.keyMoments.every(isMomentLine)
      );
    case 'rows':
      return (
        typeof value.traceId === 'string' &&
        isIndex(value.start) &&
        Array.isArray(value.rows) &&
        value.rows.every(isRow)
      );
    case 'comparisonRows':
      return (
        typeof value.traceId === 'string' &&
        isIndex(value.start) &&
        Array.isArray(value.rows) &&
        value.rows.every(isComparisonRow)
      );
    case 'cursor':
      return isIndex(value.index) && typeof value.playing === 'boolean' && typeof value.playIntervalMs === 'number';
    case 'quiz':
      return (
        typeof value.traceId === 'string' &&
        isSeed(value.seed) &&
        Array.isArray(value.questions) &&
        value.questions.every(isQuestion) &&
        new Set(value.questions.map((question) => question.id)).size === value.questions.length &&
        Array.isArray(value.answers) &&
        value.answers.every(isVerdict)
      );
    case 'quizVerdict':
      return typeof value.traceId === 'string' && isSeed(value.seed) && isVerdict(value);
    default:
      return false;
  }
}

/** Guards the state a webview stored (it comes back from disk after a reload). */
export function isPanelState(value: unknown): value is PanelState {
  return (
    isObject(value) &&
    typeof value.scenario === 'string' &&
    isIndex(value.index) &&
    (value.origin === undefined || isTraceOrigin(value.origin)) &&
    (value.quiz === undefined || isQuizUiState(value.quiz)) &&
    (value.comparison === undefined || isComparisonSource(value.comparison)) &&
    (value.comparisonView === undefined || comparisonViewModes.includes(value.comparisonView as ComparisonViewMode))
  );
}
