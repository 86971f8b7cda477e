// The quiz's state in the webview, without the DOM: which question is on screen, the choice made,
// the hints shown and the host's verdicts. The page never holds an answer before the host checked it.

import type {
  QuizMessage,
  QuizQuestionView,
  QuizReport,
  QuizUiState,
  QuizVerdict,
  QuizVerdictMessage,
  WebviewToHostMessage,
} from '../panel/panelMessages';

/** "2 of 8 answered, 1 right": how far a quiz has got. */
export function quizProgressText(total: number, answered: number, correct: number): string {
  if (total === 0) return 'No questions';
  if (answered === 0) return `0 of ${total} answered`;
  return `${answered} of ${total} answered, ${correct} right`;
}

/** How a question's button in the question list is read out: its number and where it stands. */
export function questionLabel(position: number, verdict: QuizVerdict | undefined): string {
  const state = verdict === undefined ? 'not answered' : verdict.correct ? 'answered right' : 'answered wrong';
  return `Question ${position + 1}, ${state}`;
}

/** The webview's side of the quiz; the view renders it and sends what it returns to the host. */
export class QuizModel {
  private isOpen: boolean;
  private position: number;
  private traceId: string | undefined;
  private quiz: QuizMessage | undefined;
  private readonly selected = new Map<string, string>();
  private readonly verdicts = new Map<string, QuizVerdict>();
  private readonly hints = new Set<string>();
  private readonly checking = new Set<string>();

  constructor(saved?: QuizUiState) {
    this.isOpen = saved?.open ?? false;
    this.position = saved?.position ?? 0;
  }

  get open(): boolean {
    return this.isOpen;
  }

  /** Whether the host's quiz has arrived (for the trace shown). */
  get loaded(): boolean {
    return this.quiz !== undefined;
  }

  get questions(): readonly QuizQuestionView[] {
    return this.quiz?.questions ?? [];
  }

  get currentPosition(): number {
    return this.position;
  }

  get current(): QuizQuestionView | undefined {
    return this.questions[this.position];
  }

  /** A new trace was loaded: its quiz is asked for when the quiz is (or once it is) open. */
  trace(traceId: string): WebviewToHostMessage | undefined {
    if (traceId !== this.traceId) {
      // The first trace of the page keeps the position saved before a reload; a later one starts at 1.
      if (this.traceId !== undefined) this.position = 0;
      this.traceId = traceId;
      this.quiz = undefined;
      this.clearAnswers();
    }
    return this.isOpen && !this.quiz ? { type: 'requestQuiz', traceId } : undefined;
  }

  /** Opens or closes the quiz; opening asks for the quiz if it has not come yet. */
  toggle(): WebviewToHostMessage | undefined {
    this.isOpen = !this.isOpen;
    return this.isOpen && !this.quiz && this.traceId !== undefined
      ? { type: 'requestQuiz', traceId: this.traceId }
      : undefined;
  }

  /** "New questions": the host makes the trace's quiz with another seed. */
  newQuestions(): WebviewToHostMessage | undefined {
    return this.traceId === undefined ? undefined : { type: 'newQuiz', traceId: this.traceId };
  }

  /** Takes the host's quiz; false (and nothing changes) when it is for another trace. */
  receiveQuiz(message: QuizMessage): boolean {
    if (message.traceId !== this.traceId) return false;
    const previous = this.quiz;
    const previousId = this.current?.id;
    this.quiz = message;
    if (previous && previous.seed !== message.seed) {
      // New questions: start again.
      this.clearAnswers();
      this.position = 0;
    } else if (previous) {
      // The same quiz sent again: keep the place, by question.
      const at = message.questions.findIndex((q) => q.id === previousId);
      if (at >= 0) this.position = at;
    }
    for (const verdict of message.answers) this.verdicts.set(verdict.questionId, verdict);
    this.position = Math.min(this.position, Math.max(0, message.questions.length - 1));
    return true;
  }

  /** Takes the host's verdict on an answer; false when it is for another quiz or an unknown question. */
  receiveVerdict(message: QuizVerdictMessage): boolean {
    if (!this.quiz || message.traceId !== this.traceId || message.seed !== this.quiz.seed) return false;
    if (!this.quiz.questions.some((q) => q.id === message.questionId)) return false;
    const { questionId, choiceId, correct, answerId, explanation, explainStep } = message;
    this.verdicts.set(questionId, { questionId, choiceId, correct, answerId, explanation, explainStep });
    this.checking.delete(questionId);
    return true;
  }

  /** Moves to a question (clamped to the quiz). */
  goTo(position: number): void {
    this.position = Math.max(0, Math.min(position, this.questions.length - 1));
  }

  /** Picks a choice of the current question (not once it is checked). */
  select(choiceId: string): void {
    const question = this.current;
    if (!question || this.verdicts.has(question.id) || !question.choices.some((c) => c.id === choiceId)) return;
    this.selected.set(question.id, choiceId);
  }

  /** The choice picked for the current question: the checked one, else the one selected. */
  get selectedChoice(): string | undefined {
    const question = this.current;
    if (!question) return undefined;
    return this.verdicts.get(question.id)?.choiceId ?? this.selected.get(question.id);
  }

  /** The host's verdict on the current question, once checked. */
  get verdict(): QuizVerdict | undefined {
    const question = this.current;
    return question ? this.verdicts.get(question.id) : undefined;
  }

  verdictOf(questionId: string): QuizVerdict | undefined {
    return this.verdicts.get(questionId);
  }

  /** Whether "Check" can be pressed: a choice is picked, and the question is not checked or being checked. */
  get canCheck(): boolean {
    const question = this.current;
    return (
      question !== undefined &&
      this.selected.has(question.id) &&
      !this.verdicts.has(question.id) &&
      !this.checking.has(question.id)
    );
  }

  /** The message that asks the host to check the picked choice. */
  check(): WebviewToHostMessage | undefined {
    const question = this.current;
    const choiceId = question ? this.selected.get(question.id) : undefined;
    if (!question || !choiceId || !this.quiz || this.traceId === undefined || !this.canCheck) return undefined;
    this.checking.add(question.id);
    return { type: 'checkAnswer', traceId: this.traceId, seed: this.quiz.seed, questionId: question.id, choiceId };
  }

  /** The message that asks the host to move the cursor to the step explaining the current answer. */
  showMe(): WebviewToHostMessage | undefined {
    const question = this.current;
    if (!question || !this.quiz || this.traceId === undefined || !this.verdicts.has(question.id)) return undefined;
    return { type: 'quizShowMe', traceId: this.traceId, seed: this.quiz.seed, questionId: question.id };
  }

  /** Shows the current question's hint; returns the step it points at. */
  showHint(): number | undefined {
    const question = this.current;
    if (!question) return undefined;
    this.hints.add(question.id);
    return question.hintStep;
  }

  /** Whether the current question's hint is shown. */
  get hintShown(): boolean {
    const question = this.current;
    return question !== undefined && this.hints.has(question.id);
  }

  /** The step the table highlights: the current question's hint step, once its hint is shown. */
  get hintStep(): number | undefined {
    const question = this.current;
    return this.isOpen && question && this.hints.has(question.id) ? question.hintStep : undefined;
  }

  get progress(): { readonly total: number; readonly answered: number; readonly correct: number } {
    const answered = this.questions.filter((q) => this.verdicts.has(q.id));
    return {
      total: this.questions.length,
      answered: answered.length,
      correct: answered.filter((q) => this.verdicts.get(q.id)?.correct).length,
    };
  }

  /** What the quiz shows, for the render report. */
  report(): QuizReport {
    const { answered, correct } = this.progress;
    const verdict = this.verdict;
    return {
      open: this.isOpen,
      seed: this.quiz?.seed ?? null,
      questionIds: this.questions.map((q) => q.id),
      current: this.isOpen ? (this.current?.id ?? null) : null,
      answered,
      correct,
      hintStep: this.hintStep ?? null,
      verdict: this.isOpen && verdict ? (verdict.correct ? 'right' : 'wrong') : null,
    };
  }

  /** What the page keeps across a reload. */
  uiState(): QuizUiState {
    return { open: this.isOpen, position: this.position };
  }

  private clearAnswers(): void {
    this.selected.clear();
    this.verdicts.clear();
    this.hints.clear();
    this.checking.clear();
  }
}
