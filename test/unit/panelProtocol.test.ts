// The host ⇄ webview protocol: guards reject malformed messages, the host sends a window of
// formatted rows, never the whole trace, and quiz questions without their answers.

import * as assert from 'node:assert/strict';
import type { Scenario } from '../../src/simulator/model';
import { findScenario } from '../../src/scenarios/builtInScenarios';
import {
  keyMomentsFailedMessage,
  keyMomentsMessage,
  loadMessage,
  PanelQuiz,
  rowsMessage,
} from '../../src/panel/panelContent';
import { findKeyMoments } from '../../src/trace/keyMoments';
import { firstAndLast } from '../../src/panel/panelLists';
import { runScenario } from '../../src/trace/trace';
import { TraceCursor } from '../../src/trace/traceCursor';
import {
  isHostToWebviewMessage,
  isPanelState,
  isWebviewToHostMessage,
  maxRowsPerRequest,
} from '../../src/panel/panelMessages';

const seed = runScenario(findScenario('commit-after-process') ?? assert.fail('seed'));

/** What a closed quiz with nothing loaded reports. */
const closedQuiz = {
  open: false,
  seed: null,
  questionIds: [],
  current: null,
  answered: 0,
  correct: 0,
  hintStep: null,
  verdict: null,
};
const rendered = {
  type: 'rendered',
  traceId: 'a',
  index: 0,
  firstRow: 0,
  lastRow: 10,
  rowsInDom: 11,
  totalSteps: 11,
  keyMoments: 2,
};

describe('panel messages', () => {
  it('accepts well-formed webview messages and rejects the rest', () => {
    const good = [
      { type: 'ready' },
      { type: 'requestRows', traceId: 'a', start: 0, count: 10 },
      { type: 'control', command: 'togglePlay' },
      { type: 'goTo', index: 3 },
      { type: 'setSpeed', intervalMs: 300 },
      { ...rendered, quiz: closedQuiz },
      { ...rendered, keyMoments: null, quiz: closedQuiz },
      {
        ...rendered,
        quiz: {
          open: true,
          seed: 7,
          questionIds: ['committed-after-7', 'first-commit'],
          current: 'committed-after-7',
          answered: 1,
          correct: 1,
          hintStep: 7,
          verdict: 'right',
        },
      },
      { type: 'requestQuiz', traceId: 'a' },
      { type: 'newQuiz', traceId: 'a' },
      { type: 'checkAnswer', traceId: 'a', seed: 0, questionId: 'committed-after-7', choiceId: 'c' },
      { type: 'checkAnswer', traceId: 'a', seed: 0xffffffff, questionId: 'q', choiceId: 'a' },
      { type: 'quizShowMe', traceId: 'a', seed: 12, questionId: 'committed-after-7' },
    ];
    for (const message of good) assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
    const bad: unknown[] = [
      null,
      'ready',
      { type: 'nope' },
      { type: 'control', command: 'rm -rf' },
      { type: 'goTo', index: -1 },
      { type: 'goTo', index: 1.5 },
      { type: 'requestRows', traceId: 1, start: 0, count: 1 },
      { type: 'setSpeed', intervalMs: Number.NaN },
      rendered, // a render report says what the quiz shows
      { ...rendered, keyMoments: -1, quiz: closedQuiz },
      { ...rendered, keyMoments: '2', quiz: closedQuiz },
      { ...rendered, quiz: { ...closedQuiz, verdict: 'maybe' } },
      { ...rendered, quiz: { ...closedQuiz, answered: 1, correct: 2 } },
      { ...rendered, quiz: { ...closedQuiz, hintStep: 0 } },
      { ...rendered, quiz: { ...closedQuiz, questionIds: [1] } },
      { type: 'requestQuiz' },
      { type: 'newQuiz', traceId: 3 },
      { type: 'checkAnswer', traceId: 'a', seed: -1, questionId: 'q', choiceId: 'a' },
      { type: 'checkAnswer', traceId: 'a', seed: 2 ** 32, questionId: 'q', choiceId: 'a' },
      { type: 'checkAnswer', traceId: 'a', seed: 1.5, questionId: 'q', choiceId: 'a' },
      { type: 'checkAnswer', traceId: 'a', seed: 1, questionId: '', choiceId: 'a' },
      { type: 'checkAnswer', traceId: 'a', seed: 1, questionId: 'q' },
      { type: 'quizShowMe', traceId: 'a', questionId: 'q' },
      { type: 'quizShowMe', traceId: 'a', seed: 1, questionId: 4 },
    ];
    for (const message of bad) assert.ok(!isWebviewToHostMessage(message), JSON.stringify(message));
  });

  it('builds a load message the webview accepts, with the six columns first', () => {
    const message = loadMessage(seed, new TraceCursor(seed, 800), 'seed#1', {
      kind: 'built-in',
      name: 'commit-after-process',
    });
    assert.ok(isHostToWebviewMessage(message));
    assert.equal(message.scenario, 'commit-after-process');
    assert.deepEqual(message.columns.slice(0, 6), [
      'Step',
      'Action',
      'Offset Read',
      'Message Processed',
      'Offset Committed',
      'Next Offset to Read',
    ]);
    assert.equal(message.totalSteps, 11);
    assert.equal(message.statusTracker.length, 5);
    assert.ok(!isHostToWebviewMessage({ ...message, columns: [1, 2] }));
    assert.ok(isHostToWebviewMessage({ ...message, keyMoments: null }), 'key moments to follow');
    assert.ok(!isHostToWebviewMessage({ ...message, keyMoments: [{ kind: 'lost', step: 1 }] }), 'a moment has a text');
  });

  it('sends key moments found later in a message of their own, for the trace they belong to', () => {
    const moments = findKeyMoments(seed);
    const message = keyMomentsMessage('seed#1', moments);
    assert.ok(isHostToWebviewMessage(message));
    assert.deepEqual(
      message.keyMoments,
      moments.map(({ kind, step, text }) => ({ kind, step, text })),
    );
    const failed = keyMomentsFailedMessage('seed#1', 'out of memory');
    assert.ok(isHostToWebviewMessage(failed));
    assert.deepEqual(failed.keyMoments, [{ kind: 'more', step: 0, text: 'Key moments not found: out of memory' }]);
    assert.ok(!isHostToWebviewMessage({ ...message, traceId: 7 }));
    assert.ok(!isHostToWebviewMessage({ ...message, keyMoments: null }), 'the message brings them');
    assert.ok(!isHostToWebviewMessage({ ...message, keyMoments: [{ kind: 'lost', step: -1, text: 'x' }] }));
  });

  it('sends rows as text in a bounded window', () => {
    const rows = rowsMessage(seed, 'seed#1', 3, 2);
    assert.ok(isHostToWebviewMessage(rows));
    assert.deepEqual(
      rows.rows.map((r) => r.cells.slice(0, 6)),
      [
        ['4', 'Commit offset', '0', 'Message at offset 0', '1', '1'],
        ['5', 'Read message', '1', 'Message at offset 1', '1', '1'],
      ],
    );
    assert.equal(rowsMessage(seed, 'x', 10, 50).rows.length, 1, 'clipped at the end');
    assert.equal(rowsMessage(seed, 'x', 99, 5).rows.length, 0);
  });

  it('never sends more than maxRowsPerRequest rows of a long trace', () => {
    const long: Scenario = {
      name: 'long',
      title: 'Long',
      summary: 'Many steps',
      group: 'g',
      topics: [{ name: 't', partitions: [{ partition: 0, records: 2000 }] }],
      consumers: [{ id: 'c1', config: { maxPollRecords: 1 } }],
      actions: [
        { type: 'start', consumer: 'c1' },
        ...Array.from({ length: 2000 }, () => ({ type: 'poll' as const, consumer: 'c1' })),
      ],
    };
    const trace = runScenario(long);
    assert.equal(rowsMessage(trace, 'l', 0, 100_000).rows.length, maxRowsPerRequest);
  });

  it('recognises saved panel state, with the quiz’s place or without', () => {
    assert.ok(isPanelState({ scenario: 'rebalance', index: 4 }));
    assert.ok(isPanelState({ scenario: 'rebalance', index: 4, quiz: { open: true, position: 2 } }));
    assert.ok(!isPanelState({ scenario: 'rebalance', index: 4, quiz: { open: 'yes', position: 2 } }));
    assert.ok(!isPanelState({ scenario: 'rebalance', index: 4, quiz: { open: true, position: -1 } }));
    assert.ok(!isPanelState({ scenario: 'rebalance' }));
    assert.ok(!isPanelState(undefined));
  });

  it('sends the quiz without answers or explanations, and the webview’s guard refuses a quiz that has them', () => {
    const quiz = new PanelQuiz(seed, 'seed#1');
    const message = quiz.message();
    assert.ok(isHostToWebviewMessage(message));
    assert.equal(message.questions.length, 8);
    const text = JSON.stringify(message);
    assert.doesNotMatch(text, /answerId|explanation|explainStep/);
    for (const question of quiz.questions) assert.ok(!text.includes(question.explanation));
    const leaky = { ...message, questions: [{ ...message.questions[0], answerId: quiz.questions[0].answerId }] };
    assert.ok(!isHostToWebviewMessage(leaky), 'a question carrying its answer is refused');
    const explained = { ...message, questions: [{ ...message.questions[0], explanation: 'because' }] };
    assert.ok(!isHostToWebviewMessage(explained));
  });

  it('guards the quiz and verdict messages the webview receives', () => {
    const quiz = new PanelQuiz(seed, 'seed#1');
    const message = quiz.message();
    const question = message.questions[0];
    const bad: unknown[] = [
      { ...message, seed: -1 },
      { ...message, traceId: undefined },
      { ...message, questions: [question, question] }, // the same id twice
      { ...message, questions: [{ ...question, choices: [question.choices[0]] }] }, // one choice
      { ...message, questions: [{ ...question, choices: [question.choices[0], question.choices[0]] }] },
      { ...message, questions: [{ ...question, hintStep: 0 }] },
      { ...message, questions: [{ ...question, prompt: 5 }] },
      { ...message, answers: [{ questionId: question.id }] },
      { ...message, answers: undefined },
    ];
    for (const item of bad) assert.ok(!isHostToWebviewMessage(item), JSON.stringify(item).slice(0, 200));

    const verdict = quiz.check(question.id, question.choices[0].id);
    assert.ok(verdict);
    assert.ok(isHostToWebviewMessage(verdict));
    assert.ok(isHostToWebviewMessage(quiz.message()), 'a quiz with a verdict in it');
    const wrongWay = verdict.correct ? { ...verdict, correct: false } : { ...verdict, correct: true };
    assert.ok(!isHostToWebviewMessage(wrongWay), 'correct must agree with the choice and the answer');
    assert.ok(!isHostToWebviewMessage({ ...verdict, explainStep: 0 }));
    assert.ok(!isHostToWebviewMessage({ ...verdict, seed: 'x' }));
    assert.ok(!isHostToWebviewMessage({ ...verdict, explanation: null }));
  });
});

describe('long lists in the panel', () => {
  it('keeps the first and last items of a long list, at most the limit in all, with a gap marker', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const kept = firstAndLast(items, 10, (omitted) => -omitted);
    assert.deepEqual(kept, [0, 1, 2, 3, 4, -91, 96, 97, 98, 99]);
    assert.deepEqual(
      firstAndLast([1, 2, 3], 10, () => 0),
      [1, 2, 3],
    );
  });
});
