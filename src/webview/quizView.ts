// The quiz section of the execution-table panel (runs in the webview): one question at a time,
// choices as radio buttons, a hint that marks a row, a check the host answers, and "Show me".

import type { QuizMessage, QuizVerdictMessage, WebviewToHostMessage } from '../panel/panelMessages';
import { questionLabel, quizProgressText, type QuizModel } from './quizModel';

/** What the quiz section needs from the panel around it. */
export interface QuizViewOptions {
  readonly model: QuizModel;
  readonly send: (message: WebviewToHostMessage) => void;
  /** After every change: the panel saves its state, re-renders the table (the hint's row) and reports. */
  readonly onChange: () => void;
  /** A hint was shown, or "Show me" pressed: the table (and the page) scroll to this 1-based step. */
  readonly onReveal: (step: number) => void;
}

/** The quiz section: its element (the panel places it) and what the panel tells it. */
export interface QuizView {
  readonly element: HTMLElement;
  /** A trace was loaded (the quiz of another trace is dropped). */
  trace(traceId: string): void;
  /** A quiz or a verdict from the host. */
  receive(message: QuizMessage | QuizVerdictMessage): void;
}

function node<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { readonly id?: string; readonly className?: string; readonly text?: string } = {},
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (options.id) created.id = options.id;
  if (options.className) created.className = options.className;
  if (options.text !== undefined) created.textContent = options.text;
  return created;
}

function button(id: string, text: string, className?: string): HTMLButtonElement {
  const created = node('button', { id, text, className });
  created.type = 'button';
  return created;
}

/** Builds the quiz section; it renders from the model after every change. */
export function createQuizView(options: QuizViewOptions): QuizView {
  const { model, send } = options;

  const section = node('section', { id: 'quiz', className: 'quiz' });
  section.setAttribute('aria-labelledby', 'quiz-heading');
  const bar = node('div', { className: 'quiz-bar' });
  const heading = node('h2', { id: 'quiz-heading', text: 'Quiz' });
  const intro = node('span', { className: 'quiz-intro', text: 'Questions about this run, answered from the table.' });
  const progress = node('span', { id: 'quiz-progress', className: 'quiz-progress' });
  progress.setAttribute('role', 'status');
  progress.setAttribute('aria-live', 'polite');
  const newQuestions = button('quiz-new', '↻ New questions');
  newQuestions.title = 'Another set of questions about this run';
  const toggle = button('quiz-toggle', '');
  toggle.setAttribute('aria-controls', 'quiz-body');
  const barActions = node('span', { className: 'quiz-bar-actions' });
  barActions.append(newQuestions, toggle);
  bar.append(heading, intro, progress, barActions);
  const body = node('div', { id: 'quiz-body', className: 'quiz-body' });
  section.append(bar, body);

  /** The id of the element to focus after the next render (else the one focused before it keeps focus). */
  let focusNext: string | undefined;

  function changed(): void {
    render();
    options.onChange();
  }

  function sendIf(message: WebviewToHostMessage | undefined): void {
    if (message) send(message);
  }

  function questionList(): HTMLElement {
    const list = node('div', { id: 'quiz-nav', className: 'quiz-nav' });
    list.setAttribute('role', 'group');
    list.setAttribute('aria-label', 'Questions');
    model.questions.forEach((question, position) => {
      const verdict = model.verdictOf(question.id);
      const item = button(
        `quiz-q-${position + 1}`,
        String(position + 1),
        `quiz-nav-item${verdict ? (verdict.correct ? ' right' : ' wrong') : ''}`,
      );
      item.dataset.question = question.id;
      item.setAttribute('aria-label', questionLabel(position, verdict));
      item.title = question.prompt;
      if (position === model.currentPosition) item.setAttribute('aria-current', 'true');
      item.addEventListener('click', () => {
        model.goTo(position);
        changed();
      });
      list.append(item);
    });
    return list;
  }

  function choiceList(): HTMLElement {
    const question = model.current;
    // Short answers (numbers, steps) sit side by side; sentences get a line each.
    const short = question !== undefined && question.choices.every((choice) => choice.text.length <= 24);
    const list = node('div', { id: 'quiz-choices', className: short ? 'quiz-choices short' : 'quiz-choices' });
    list.setAttribute('role', 'radiogroup');
    list.setAttribute('aria-labelledby', 'quiz-prompt');
    if (!question) return list;
    const verdict = model.verdict;
    const selected = model.selectedChoice;
    for (const choice of question.choices) {
      const item = button(`quiz-choice-${choice.id}`, '', 'quiz-choice');
      item.setAttribute('role', 'radio');
      item.setAttribute('aria-checked', String(choice.id === selected));
      item.dataset.choice = choice.id;
      if (choice.id === selected) item.classList.add('chosen');
      if (verdict) {
        item.setAttribute('aria-disabled', 'true');
        if (choice.id === verdict.answerId) item.classList.add('right');
        else if (choice.id === verdict.choiceId) item.classList.add('wrong');
      }
      const mark = node('span', { className: 'choice-mark' });
      mark.setAttribute('aria-hidden', 'true');
      const letter = node('span', { className: 'choice-letter', text: `${choice.id})` });
      const text = node('span', { className: 'choice-text', text: choice.text });
      item.append(mark, letter, text);
      if (verdict) {
        const outcome =
          choice.id === verdict.answerId ? '✓ right answer' : choice.id === verdict.choiceId ? '✗ your answer' : '';
        if (outcome) item.append(node('span', { className: 'choice-outcome', text: outcome }));
      }
      item.addEventListener('click', () => {
        model.select(choice.id);
        focusNext = item.id;
        changed();
      });
      list.append(item);
    }
    // Arrow keys move between the choices, as in a radio group (and do not step the trace).
    list.addEventListener('keydown', (event) => {
      const keys: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
      const delta = keys[event.key];
      if (delta === undefined) return;
      event.preventDefault();
      const items = [...list.querySelectorAll<HTMLButtonElement>('.quiz-choice')];
      const at = items.findIndex((item) => item === document.activeElement);
      const next = items[(at + delta + items.length) % items.length];
      if (!next) return;
      if (!model.verdict && next.dataset.choice) model.select(next.dataset.choice);
      focusNext = next.id;
      changed();
    });
    return list;
  }

  function questionCard(): HTMLElement {
    const question = model.current;
    const card = node('div', { className: 'quiz-card' });
    if (!question) return card;
    const { total } = model.progress;
    const verdict = model.verdict;
    card.append(node('p', { id: 'quiz-prompt', className: 'quiz-prompt', text: question.prompt }), choiceList());

    const actions = node('div', { className: 'quiz-actions' });
    const hint = button('quiz-hint', model.hintShown ? `Hint: step ${question.hintStep}` : 'Hint');
    hint.title = `Mark the row the hint points at`;
    hint.setAttribute('aria-expanded', String(model.hintShown));
    hint.setAttribute('aria-controls', 'quiz-hint-text');
    hint.addEventListener('click', () => {
      const step = model.showHint();
      focusNext = hint.id;
      changed();
      if (step !== undefined) options.onReveal(step);
    });
    const check = button('quiz-check', 'Check', 'primary');
    check.disabled = !model.canCheck;
    check.hidden = verdict !== undefined;
    check.addEventListener('click', () => {
      const message = model.check();
      if (!message) return;
      focusNext = 'quiz-show-me';
      send(message);
      changed();
    });
    const previous = button('quiz-prev', '◀ Previous');
    previous.disabled = model.currentPosition === 0;
    previous.addEventListener('click', () => {
      model.goTo(model.currentPosition - 1);
      focusNext = previous.disabled ? 'quiz-next' : previous.id;
      changed();
    });
    const next = button('quiz-next', 'Next ▶');
    next.disabled = model.currentPosition >= total - 1;
    next.addEventListener('click', () => {
      model.goTo(model.currentPosition + 1);
      focusNext = next.id;
      changed();
    });
    actions.append(hint, check, node('span', { className: 'quiz-gap' }), previous, next);
    card.append(actions);

    if (model.hintShown) {
      const hintText = node('p', { id: 'quiz-hint-text', className: 'quiz-hint' });
      hintText.append(node('strong', { text: 'Hint: ' }), node('span', { text: question.hint }));
      card.append(hintText);
    }

    if (verdict) {
      const box = node('div', { id: 'quiz-verdict', className: `quiz-verdict ${verdict.correct ? 'right' : 'wrong'}` });
      box.setAttribute('role', 'status');
      const headline = node('strong', {
        className: 'verdict-headline',
        text: verdict.correct ? '✓ Right.' : '✗ Not quite.',
      });
      const explanation = node('span', { id: 'quiz-explanation', text: ` ${verdict.explanation}` });
      const showMe = button('quiz-show-me', `Show me step ${verdict.explainStep}`);
      showMe.title = 'Go to the step that explains the answer (the Offsets view and a debug session follow)';
      showMe.addEventListener('click', () => {
        const message = model.showMe();
        if (!message) return;
        send(message);
        options.onReveal(verdict.explainStep);
      });
      const text = node('p', { className: 'verdict-text' });
      text.append(headline, explanation);
      box.append(text, showMe);
      card.append(box);
    } else if (!model.canCheck && model.selectedChoice !== undefined) {
      card.append(node('p', { className: 'quiz-note', text: 'Checking…' }));
    }
    return card;
  }

  function render(): void {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    const { total, answered, correct } = model.progress;
    section.classList.toggle('open', model.open);
    toggle.textContent = model.open ? 'Hide quiz' : 'Test yourself';
    toggle.setAttribute('aria-expanded', String(model.open));
    intro.hidden = model.open && model.loaded;
    progress.hidden = !model.loaded;
    progress.textContent = model.loaded ? quizProgressText(total, answered, correct) : '';
    newQuestions.hidden = !model.open || !model.loaded;
    body.hidden = !model.open;
    if (!model.open) {
      body.replaceChildren();
    } else if (!model.loaded) {
      body.replaceChildren(node('p', { className: 'quiz-note', text: 'Making questions…' }));
    } else if (total === 0) {
      body.replaceChildren(node('p', { className: 'quiz-note', text: 'This run has no questions to ask.' }));
    } else {
      const top = node('div', { className: 'quiz-top' });
      const counter = `Question ${model.currentPosition + 1} of ${total}`;
      top.append(questionList(), node('span', { id: 'quiz-counter', className: 'quiz-counter', text: counter }));
      body.replaceChildren(top, questionCard());
    }
    // Rebuilt elements keep their ids: give focus back to the one that had it (or to the one asked for).
    const target = focusNext !== undefined ? document.getElementById(focusNext) : undefined;
    const keep = focused ? document.getElementById(focused) : undefined;
    const focus = target ?? (keep && keep !== document.activeElement ? keep : undefined);
    if (focus instanceof HTMLElement && !(focus instanceof HTMLButtonElement && focus.disabled)) {
      focus.focus({ preventScroll: target === undefined });
      if (target) focusNext = undefined;
    }
  }

  toggle.addEventListener('click', () => {
    sendIf(model.toggle());
    focusNext = toggle.id;
    changed();
  });
  newQuestions.addEventListener('click', () => {
    sendIf(model.newQuestions());
    focusNext = newQuestions.id;
  });

  render();
  return {
    element: section,
    trace(traceId) {
      sendIf(model.trace(traceId));
      render();
    },
    receive(message) {
      const accepted = message.type === 'quiz' ? model.receiveQuiz(message) : model.receiveVerdict(message);
      if (!accepted) return;
      changed();
      // A verdict on the question on screen: show the whole explanation.
      if (message.type === 'quizVerdict' && message.questionId === model.current?.id) {
        document.getElementById('quiz-verdict')?.scrollIntoView({ block: 'nearest' });
      }
    },
  };
}
