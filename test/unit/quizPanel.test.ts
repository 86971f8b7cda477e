// The panel's quiz in plain Node: the host's PanelQuiz (deterministic, checks answers it never
// sent, "Show me" only after an answer) and the webview's QuizModel, talking through the guards.

import * as assert from 'node:assert/strict';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import { nextQuizSeed, PanelQuiz, questionView } from '../../src/panel/panelContent';
import {
  isHostToWebviewMessage,
  isWebviewToHostMessage,
  type HostToWebviewMessage,
  type WebviewToHostMessage,
} from '../../src/panel/panelMessages';
import { generateQuiz, traceSeed } from '../../src/trace/quiz';
import { runScenario } from '../../src/trace/trace';
import { QuizModel, questionLabel, quizProgressText } from '../../src/webview/quizModel';

const lesson = runScenario(findScenario('commit-after-process') ?? assert.fail('the seed lesson'));

/** The host's reply to a webview message, as ExecutionTablePanel gives it (both sides' guards applied). */
function hostReply(host: { quiz: PanelQuiz }, message: WebviewToHostMessage | undefined): HostToWebviewMessage[] {
  assert.ok(message, 'the webview sends a message');
  assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
  const replies: HostToWebviewMessage[] = [];
  switch (message.type) {
    case 'requestQuiz':
      replies.push(host.quiz.message());
      break;
    case 'newQuiz':
      host.quiz = host.quiz.next();
      replies.push(host.quiz.message());
      break;
    case 'checkAnswer': {
      const verdict = host.quiz.matches(message.traceId, message.seed)
        ? host.quiz.check(message.questionId, message.choiceId)
        : undefined;
      if (verdict) replies.push(verdict);
      break;
    }
    default:
      assert.fail(`unexpected ${message.type}`);
  }
  for (const reply of replies) assert.ok(isHostToWebviewMessage(reply), JSON.stringify(reply).slice(0, 300));
  return replies;
}

/** Delivers host messages to the model as the view does. */
function deliver(model: QuizModel, messages: readonly HostToWebviewMessage[]): void {
  for (const message of messages) {
    if (message.type === 'quiz') assert.ok(model.receiveQuiz(message));
    else if (message.type === 'quizVerdict') assert.ok(model.receiveVerdict(message));
  }
}

describe('the panel’s quiz, host side', () => {
  it('is the trace’s own quiz by default, and "New questions" steps to another seed', () => {
    const quiz = new PanelQuiz(lesson, 'seed#1');
    assert.equal(quiz.seed, traceSeed(lesson));
    assert.deepEqual(quiz.questions, generateQuiz(lesson));
    assert.equal(quiz.questions[0].id, 'committed-after-7');
    const next = quiz.next();
    assert.equal(next.seed, nextQuizSeed(quiz.seed));
    assert.equal(next.traceId, 'seed#1');
    assert.deepEqual(next.questions, generateQuiz(lesson, { seed: next.seed }));
    assert.notDeepEqual(
      next.questions.map((q) => [q.id, q.answerId]),
      quiz.questions.map((q) => [q.id, q.answerId]),
      'another seed asks other questions or orders the choices otherwise',
    );
    assert.deepEqual(new PanelQuiz(lesson, 'x', next.seed).questions, next.questions, 'deterministic');
    assert.equal(nextQuizSeed(0xffffffff), (0xffffffff + 0x9e3779b9) >>> 0, 'stays a 32-bit seed');
  });

  it('sends questions as views: prompt, choices and hint only', () => {
    const [question] = new PanelQuiz(lesson, 'seed#1').questions;
    assert.deepEqual(Object.keys(questionView(question)).sort(), [
      'choices',
      'hint',
      'hintStep',
      'id',
      'kind',
      'prompt',
    ]);
  });

  it('checks answers; the first answer to a question counts', () => {
    const quiz = new PanelQuiz(lesson, 'seed#1');
    const question = quiz.questions[0];
    const wrongChoice = question.choices.find((c) => c.id !== question.answerId) ?? assert.fail('a wrong choice');
    assert.equal(quiz.check(question.id, 'z'), undefined, 'not a choice');
    assert.equal(quiz.check('no-such-question', question.answerId), undefined);
    const wrong = quiz.check(question.id, wrongChoice.id);
    assert.ok(wrong);
    assert.equal(wrong.correct, false);
    assert.equal(wrong.answerId, question.answerId);
    assert.match(wrong.explanation, /^The answer is: 2\. /);
    assert.equal(wrong.explainStep, 7);
    assert.deepEqual(quiz.check(question.id, question.answerId), wrong, 'asking again gives the first verdict');
    assert.deepEqual(quiz.progress, { answered: 1, correct: 0 });
    assert.deepEqual(
      quiz.message().answers.map((a) => [a.questionId, a.correct]),
      [[question.id, false]],
    );
  });

  it('tells "Show me" where to go only once the question is answered', () => {
    const quiz = new PanelQuiz(lesson, 'seed#1');
    const first = quiz.questions.find((q) => q.id === 'first-processed-2') ?? assert.fail('first-processed-2');
    assert.equal(quiz.explainIndex(first.id), undefined, 'the explaining step would give the answer away');
    quiz.check(first.id, first.answerId);
    assert.equal(quiz.explainIndex(first.id), first.explainStep - 1);
    assert.equal(first.explainStep, 9);
  });

  it('recognises only messages for its trace and seed', () => {
    const quiz = new PanelQuiz(lesson, 'seed#1');
    assert.ok(quiz.matches('seed#1', quiz.seed));
    assert.ok(!quiz.matches('seed#2', quiz.seed));
    assert.ok(!quiz.matches('seed#1', nextQuizSeed(quiz.seed)));
  });
});

describe('the panel’s quiz, webview side', () => {
  it('words the progress', () => {
    assert.equal(quizProgressText(8, 2, 1), '2 of 8 answered, 1 right');
    assert.equal(quizProgressText(8, 0, 0), '0 of 8 answered');
    assert.equal(quizProgressText(0, 0, 0), 'No questions');
    assert.equal(questionLabel(0, undefined), 'Question 1, not answered');
  });

  it('asks for the quiz when opened, and reports what it shows', () => {
    const host = { quiz: new PanelQuiz(lesson, 'seed#1') };
    const model = new QuizModel();
    assert.equal(model.trace('seed#1'), undefined, 'closed: nothing is asked for');
    assert.deepEqual(model.report(), {
      open: false,
      seed: null,
      questionIds: [],
      current: null,
      answered: 0,
      correct: 0,
      hintStep: null,
      verdict: null,
    });
    deliver(model, hostReply(host, model.toggle()));
    const report = model.report();
    assert.equal(report.open, true);
    assert.equal(report.seed, host.quiz.seed);
    assert.deepEqual(
      report.questionIds,
      host.quiz.questions.map((q) => q.id),
    );
    assert.equal(report.current, 'committed-after-7');
    assert.equal(model.toggle(), undefined, 'closing asks for nothing');
    assert.equal(model.toggle(), undefined, 'reopening does not ask again');
  });

  it('answers one question right and one wrong through the host, with hints and "Show me"', () => {
    const host = { quiz: new PanelQuiz(lesson, 'seed#1') };
    const model = new QuizModel();
    model.trace('seed#1');
    deliver(model, hostReply(host, model.toggle()));

    // What is the offset committed after step 7? The table says 2.
    const committed = model.current ?? assert.fail('a question');
    assert.equal(committed.prompt, 'What is the offset committed after step 7?');
    assert.equal(model.canCheck, false, 'nothing picked yet');
    assert.equal(model.check(), undefined);
    assert.equal(model.showMe(), undefined, '"Show me" waits for an answer');
    assert.equal(model.showHint(), 7);
    assert.equal(model.report().hintStep, 7);
    const two = committed.choices.find((c) => c.text === '2') ?? assert.fail('choice 2');
    model.select(two.id);
    assert.equal(model.canCheck, true);
    const check = model.check();
    assert.equal(model.canCheck, false, 'no second check while the first is on its way');
    deliver(model, hostReply(host, check));
    assert.equal(model.verdict?.correct, true);
    assert.equal(model.report().verdict, 'right');
    model.select(committed.choices.find((c) => c.id !== two.id)?.id ?? '');
    assert.equal(model.selectedChoice, two.id, 'a checked answer stays');
    assert.deepEqual(model.showMe(), {
      type: 'quizShowMe',
      traceId: 'seed#1',
      seed: host.quiz.seed,
      questionId: 'committed-after-7',
    });

    // At which step is offset 2 first processed? Step 9; answer Step 7.
    model.goTo(model.questions.findIndex((q) => q.id === 'first-processed-2'));
    assert.equal(model.report().hintStep, null, 'this question’s hint is not shown');
    assert.equal(model.report().verdict, null);
    const step7 = model.current?.choices.find((c) => c.text === 'Step 7') ?? assert.fail('Step 7');
    model.select(step7.id);
    deliver(model, hostReply(host, model.check()));
    assert.equal(model.verdict?.correct, false);
    assert.match(model.verdict?.explanation ?? '', /^The answer is: Step 9\. /);
    assert.equal(model.verdict?.explainStep, 9);
    const report = model.report();
    assert.deepEqual([report.answered, report.correct, report.verdict], [2, 1, 'wrong']);
    assert.equal(quizProgressText(model.progress.total, report.answered, report.correct), '2 of 8 answered, 1 right');
    assert.deepEqual(host.quiz.progress, { answered: 2, correct: 1 }, 'the host counts the same');
  });

  it('"New questions" starts again at question 1 with another seed; a stale verdict is dropped', () => {
    const host = { quiz: new PanelQuiz(lesson, 'seed#1') };
    const model = new QuizModel();
    model.trace('seed#1');
    deliver(model, hostReply(host, model.toggle()));
    const first = model.current ?? assert.fail('a question');
    model.select(first.choices[0].id);
    const oldCheck = model.check();
    const oldVerdicts = hostReply(host, oldCheck);
    model.goTo(3);
    deliver(model, hostReply(host, model.newQuestions()));
    assert.equal(model.currentPosition, 0);
    assert.equal(model.report().seed, nextQuizSeed(traceSeed(lesson)));
    assert.equal(model.report().answered, 0);
    const stale = oldVerdicts[0];
    assert.ok(stale?.type === 'quizVerdict');
    assert.equal(model.receiveVerdict(stale), false, 'a verdict on the previous quiz');
    assert.deepEqual(hostReply(host, oldCheck), [], 'the host ignores a check of the previous quiz');
  });

  it('keeps its place across a page reload, and forgets the quiz when another trace loads', () => {
    const host = { quiz: new PanelQuiz(lesson, 'seed#1') };
    const before = new QuizModel();
    before.trace('seed#1');
    deliver(before, hostReply(host, before.toggle()));
    before.goTo(2);
    before.select(before.current?.choices[0].id ?? '');
    deliver(before, hostReply(host, before.check()));

    const after = new QuizModel(before.uiState());
    assert.equal(after.open, true);
    deliver(after, hostReply(host, after.trace('seed#1')));
    assert.equal(after.currentPosition, 2);
    assert.equal(after.report().answered, 1, 'the host sent the verdicts it kept');
    assert.ok(after.verdict);

    assert.deepEqual(after.trace('other#2'), { type: 'requestQuiz', traceId: 'other#2' });
    assert.equal(after.loaded, false);
    assert.equal(after.currentPosition, 0);
    assert.equal(after.receiveQuiz(host.quiz.message()), false, 'a quiz of the previous trace');
  });
});
