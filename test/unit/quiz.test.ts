// The quiz generated from a trace: the seed lesson's questions exactly, every answer recomputed
// from the trace's rows, determinism per seed, and the invariants over every built-in trace and
// random scenarios (fast-check).

import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { builtInScenarios, findScenario } from '../../src/scenarios/builtInScenarios';
import type { Action, Scenario } from '../../src/simulator/model';
import { OffsetSimulator } from '../../src/simulator/offsetSimulator';
import { checkAnswer, generateQuiz, seededRandom, traceSeed, type QuizQuestion } from '../../src/trace/quiz';
import { runScenario, type Trace, type TraceStep } from '../../src/trace/trace';

function traceOf(name: string): Trace {
  const scenario = findScenario(name);
  assert.ok(scenario, `built-in scenario ${name}`);
  return runScenario(scenario);
}

function answerText(question: QuizQuestion): string {
  const answer = question.choices.find((c) => c.id === question.answerId);
  assert.ok(answer, `${question.id}: the answer is one of the choices`);
  return answer.text;
}

function byId(quiz: readonly QuizQuestion[], id: string): QuizQuestion {
  const question = quiz.find((q) => q.id === id);
  assert.ok(question, `question ${id} in ${quiz.map((q) => q.id).join(', ')}`);
  return question;
}

// --- An independent reading of the table, from the rows (and, for log starts, the states). ---

/** The table's text for a number, as the seed's table writes it. */
function shown(value: number | null, none: 'No' | '-'): string {
  return value === null ? none : String(value);
}

function samePartition(row: TraceStep, topic: string | null, partition: number | null): boolean {
  return row.topic === topic && row.partition === partition;
}

/** The offset a Process row handled, read from its Message Processed cell. */
function processedOffset(trace: Trace, index: number): number | null {
  if (trace.kinds[index] !== 'process') return null;
  const match = /^Message at offset (\d+)$/.exec(trace.steps[index].messageProcessed ?? '');
  return match ? Number(match[1]) : null;
}

/** Offsets of a partition that Process rows handled in steps 1..upTo, with how often. */
function processedInRows(trace: Trace, topic: string | null, partition: number | null, upTo: number) {
  const counts = new Map<number, number>();
  for (let i = 0; i < upTo; i++) {
    const offset = processedOffset(trace, i);
    if (offset !== null && samePartition(trace.steps[i], topic, partition)) {
      counts.set(offset, (counts.get(offset) ?? 0) + 1);
    }
  }
  return counts;
}

/** "offset 2", "offsets 1–2", "offsets 0 and 2": the quiz's wording, written again here. */
function offsetList(offsets: readonly number[]): string {
  const sorted = [...offsets].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i === sorted.length || sorted[i] !== sorted[i - 1] + 1) {
      ranges.push(start === i - 1 ? `${sorted[start]}` : `${sorted[start]}–${sorted[i - 1]}`);
      start = i;
    }
  }
  const list = ranges.length === 1 ? ranges[0] : `${ranges.slice(0, -1).join(', ')} and ${ranges[ranges.length - 1]}`;
  return `${sorted.length === 1 ? 'offset' : 'offsets'} ${list}`;
}

/** What a restart right after `step` resumes at and does, recomputed from the rows. */
function expectedRestart(trace: Trace, step: number): string {
  const row = trace.steps[step - 1];
  const resume = row.nextOffsetToRead;
  assert.ok(resume !== null, `step ${step} has a Next Offset to Read`);
  const processed = processedInRows(trace, row.topic, row.partition, step);
  const duplicates = [...processed.keys()].filter((o) => o >= resume);
  // Reading began where the partition's first position came from (the rows do not show it for a
  // partition a step did not act on, so the effects tell; with auto.offset.reset=none, a seek's row);
  // records below the log start (retention) or taken by transaction markers are not records a restart skips.
  const firstPosition = (s: number): number | undefined => {
    const fromEffects = trace.effects[s - 1].positionOrigins.find(
      (o) => o.topic === row.topic && o.partition === row.partition,
    )?.offset;
    const seek = trace.steps[s - 1];
    const fromSeek =
      trace.kinds[s - 1] === 'seek' && seek.topic === row.topic && seek.partition === row.partition
        ? (seek.position ?? undefined)
        : undefined;
    return fromEffects ?? fromSeek;
  };
  let originOffset: number | undefined;
  for (let s = 1; s <= step && originOffset === undefined; s++) originOffset = firstPosition(s);
  const origin = originOffset === undefined ? undefined : { offset: originOffset };
  const log = trace.states[step - 1].partitions.find((p) => p.topic === row.topic && p.partition === row.partition);
  assert.ok(origin && log);
  const lost: number[] = [];
  for (let o = Math.max(origin.offset, log.logStartOffset); o < Math.min(resume, log.logEndOffset); o++) {
    if (!processed.has(o) && !log.controlOffsets.includes(o)) lost.push(o);
  }
  const parts: string[] = [];
  if (duplicates.length > 0) {
    const one = duplicates.length === 1;
    parts.push(
      `${offsetList(duplicates)} ${one ? 'is' : 'are'} processed again (${one ? 'a duplicate' : 'duplicates'})`,
    );
  }
  if (lost.length > 0) parts.push(`${offsetList(lost)} ${lost.length === 1 ? 'is' : 'are'} never processed (lost)`);
  const outcome = parts.length === 0 ? 'nothing is processed twice and nothing is skipped' : parts.join('; ');
  return `It resumes at offset ${resume}: ${outcome}`;
}

/** Checks a question's answer against the trace, by its id, without the quiz's own code. */
function verifyAnswer(trace: Trace, question: QuizQuestion): void {
  const steps = trace.steps;
  const answer = answerText(question);
  const others = question.choices.filter((c) => c.id !== question.answerId).map((c) => c.text);
  const label = `${trace.source.name} ${question.id}`;
  let match: RegExpExecArray | null;
  if ((match = /^(committed-after|next-after|read-at|lag-after)-(\d+)$/.exec(question.id))) {
    const row = steps[Number(match[2]) - 1];
    assert.ok(row, label);
    const expected = {
      'committed-after': shown(row.offsetCommitted, 'No'),
      'next-after': shown(row.nextOffsetToRead, '-'),
      'read-at': shown(row.offsetRead, '-'),
      'lag-after': shown(row.lag, '-'),
    }[match[1] as 'committed-after' | 'next-after' | 'read-at' | 'lag-after'];
    assert.equal(answer, expected, label);
    assert.equal(question.hintStep, row.step, label);
  } else if ((match = /^first-processed-(\d+)(?:-of-(.+)-(\d+))?$/.exec(question.id))) {
    const offset = Number(match[1]);
    const index = steps.findIndex(
      (s, i) =>
        processedOffset(trace, i) === offset &&
        (match?.[2] === undefined || (s.topic === match[2] && s.partition === Number(match[3]))),
    );
    assert.ok(index >= 0, label);
    assert.equal(answer, `Step ${index + 1}`, label);
  } else if (question.id === 'first-commit') {
    const index = steps.findIndex((s) => s.offsetCommitted !== null);
    assert.equal(answer, `Step ${index + 1}`, label);
  } else if (question.id === 'first-rebalance') {
    // The rows do not name owners; the effects do: the first step whose poll gives a consumer a partition
    // another consumer was given before (an EAGER handover passes through "no owner" between two polls).
    const given = new Map<string, string>();
    const index = trace.effects.findIndex((e) =>
      e.assignmentChanges.some((change) =>
        change.assigned.some((tp) => {
          const key = `${tp.topic}-${tp.partition}`;
          const before = given.get(key);
          given.set(key, change.consumer);
          return before !== undefined && before !== change.consumer;
        }),
      ),
    );
    assert.ok(index >= 0, `${label}: a partition moves`);
    assert.equal(answer, `Step ${index + 1}`, label);
  } else if ((match = /^restart-after-(\d+)$/.exec(question.id))) {
    assert.equal(answer, expectedRestart(trace, Number(match[1])), label);
    for (const other of others)
      assert.ok(!other.startsWith(`It resumes at offset ${steps[Number(match[1]) - 1].nextOffsetToRead}:`));
  } else if ((match = /^(duplicate|lost|reset|resumed|marker)-(\d+)(?:-of-(.+)-(\d+))?$/.exec(question.id))) {
    const row = steps[Number(match[2]) - 1];
    assert.ok(row, label);
    // The partition the moment is about: named in the id when there are several.
    const topic = match[3] ?? row.topic;
    const partition = match[4] === undefined ? row.partition : Number(match[4]);
    const offsetOf = (text: string): number | null => {
      const m = /^Offset (\d+)$/.exec(text);
      return m ? Number(m[1]) : null;
    };
    const processed = processedInRows(trace, topic, partition, steps.length);
    if (match[1] !== 'lost') assert.ok(samePartition(row, topic, partition), `${label}: the row shows the partition`);
    switch (match[1]) {
      case 'duplicate': {
        const offset = offsetOf(answer);
        assert.ok(offset !== null && (processed.get(offset) ?? 0) >= 2, `${label}: processed twice`);
        assert.equal(processedOffset(trace, row.step - 1), offset, `${label}: the moment's row processes it`);
        for (const other of others.map(offsetOf)) {
          if (other !== null) assert.ok((processed.get(other) ?? 0) < 2, `${label}: offset ${other} is no duplicate`);
        }
        break;
      }
      case 'lost': {
        const offset = offsetOf(answer);
        assert.ok(offset !== null && !processed.has(offset), `${label}: never processed`);
        // From the effects: a commit step's row may show another partition than the one committed.
        assert.ok(
          trace.effects
            .slice(0, row.step)
            .some((e) => e.commits.some((c) => c.topic === topic && c.partition === partition && c.offset > offset)),
          `${label}: committed past`,
        );
        for (const other of others.map(offsetOf)) {
          if (other !== null) assert.ok(processed.has(other), `${label}: offset ${other} was processed`);
        }
        break;
      }
      case 'reset':
        assert.equal(answer, `Offset ${row.nextOffsetToRead}`, label);
        break;
      case 'resumed':
        assert.equal(answer, `Offset ${row.offsetCommitted}`, label);
        assert.equal(row.offsetCommitted, row.nextOffsetToRead, label);
        break;
      case 'marker':
        assert.ok(row.lag !== null && row.offsetCommitted !== null && row.logEndOffset !== null, label);
        assert.equal(row.lag, row.logEndOffset - row.offsetCommitted, label);
        assert.ok(answer.startsWith(`Offset ${row.offsetCommitted} holds`), label);
        break;
    }
  } else {
    assert.fail(`${label}: unknown question id`);
  }
}

/** The invariants every quiz keeps. */
function assertValid(trace: Trace, quiz: readonly QuizQuestion[], count?: number): void {
  const name = trace.source.name;
  assert.equal(new Set(quiz.map((q) => q.id)).size, quiz.length, `${name}: ids are unique`);
  if (count !== undefined) assert.ok(quiz.length <= Math.max(0, count), `${name}: at most ${count}`);
  for (const q of quiz) {
    const label = `${name} ${q.id}`;
    assert.ok(['value-at-step', 'first-step', 'restart', 'key-moment'].includes(q.kind), label);
    assert.ok(q.choices.length >= 3 && q.choices.length <= 4, `${label}: 3–4 choices`);
    assert.equal(new Set(q.choices.map((c) => c.id)).size, q.choices.length, `${label}: choice ids unique`);
    assert.equal(new Set(q.choices.map((c) => c.text)).size, q.choices.length, `${label}: choice texts unique`);
    assert.equal(q.choices.filter((c) => c.id === q.answerId).length, 1, `${label}: the answer is a choice`);
    for (const step of [q.hintStep, q.explainStep]) {
      assert.ok(Number.isInteger(step) && step >= 1 && step <= trace.steps.length, `${label}: step ${step} exists`);
    }
    assert.ok(q.prompt.length > 0 && q.hint.length > 0 && q.explanation.length > 0, label);
    for (const choice of q.choices) {
      const check = checkAnswer(q, choice.id);
      assert.equal(check.correct, choice.id === q.answerId, `${label}: checking ${choice.id}`);
      assert.equal(check.explainStep, q.explainStep, label);
      assert.ok(check.explanation.includes(q.explanation), label);
    }
    verifyAnswer(trace, q);
  }
}

/** The order the choices are shown in, per question. */
function choiceOrders(quiz: readonly QuizQuestion[]): string[][] {
  return quiz.map((q) => q.choices.map((c) => c.text));
}

describe('quiz', () => {
  describe('on the seed demo (commit-after-process)', () => {
    const trace = traceOf('commit-after-process');
    const quiz = generateQuiz(trace);

    it('opens with the lesson’s committed-offset question: 2 after step 7', () => {
      const q = quiz[0];
      assert.equal(q.id, 'committed-after-7');
      assert.equal(q.kind, 'value-at-step');
      assert.equal(q.prompt, 'What is the offset committed after step 7?');
      assert.equal(answerText(q), '2');
      assert.deepEqual(
        q.choices.map((c) => c.text).sort(),
        ['1', '2', '3', 'No'],
        'the off-by-one (1, the last processed), committed + 1 and No',
      );
      assert.equal(q.hint, 'Look at the Offset Committed column of step 7.');
      assert.equal(q.hintStep, 7);
      assert.equal(q.explainStep, 7);
      assert.match(q.explanation, /next record to read, not the last one processed/);
    });

    it('then asks where offset 2 is first processed: step 9, not the commit (7) or the read (8)', () => {
      const q = quiz[1];
      assert.equal(q.id, 'first-processed-2');
      assert.equal(q.kind, 'first-step');
      assert.equal(q.prompt, 'At which step is offset 2 first processed?');
      assert.equal(answerText(q), 'Step 9');
      assert.deepEqual(q.choices.map((c) => c.text).sort(), ['Step 6', 'Step 7', 'Step 8', 'Step 9']);
      assert.equal(q.hintStep, 8);
      assert.equal(q.explainStep, 9);
    });

    it('then asks what a restart before any commit would do: resume at 0 and process offset 0 again', () => {
      const q = quiz[2];
      assert.equal(q.id, 'restart-after-3');
      assert.equal(q.kind, 'restart');
      assert.equal(
        q.prompt,
        'Nothing has been committed by step 3. If the consumer were restarted right after it, where would it resume, and what would that mean?',
      );
      assert.equal(answerText(q), 'It resumes at offset 0: offset 0 is processed again (a duplicate)');
      assert.deepEqual(q.choices.map((c) => c.text).sort(), [
        'It resumes at offset 0: offset 0 is processed again (a duplicate)',
        'It resumes at offset 1: nothing is processed twice and nothing is skipped',
        'It resumes at offset 2: offset 1 is never processed (lost)',
        'It resumes at offset 3: offsets 1–2 are never processed (lost)',
      ]);
      assert.equal(q.hint, 'Look at the Next Offset to Read column of step 3.');
      assert.match(q.explanation, /auto\.offset\.reset=earliest/);
    });

    it('then the key moment: where auto.offset.reset=earliest starts the consumer', () => {
      const q = quiz[3];
      // The first poll (step 2) looks the position up: that is where the reset happens.
      assert.equal(q.id, 'reset-2');
      assert.equal(q.kind, 'key-moment');
      assert.equal(answerText(q), 'Offset 0');
    });

    it('has these questions and answers with seed 1', () => {
      const all = generateQuiz(trace, { seed: 1, count: 20 });
      assert.deepEqual(
        all.map((q) => [q.id, answerText(q)]),
        [
          ['committed-after-7', '2'],
          ['first-processed-2', 'Step 9'],
          ['restart-after-3', 'It resumes at offset 0: offset 0 is processed again (a duplicate)'],
          ['reset-2', 'Offset 0'],
          ...all.slice(4).map((q) => [q.id, answerText(q)]),
        ],
      );
      const rest = new Map(all.slice(4).map((q) => [q.id.replace(/-\d+$/, ''), q]));
      assert.deepEqual([...rest.keys()].sort(), [
        'committed-after',
        'first-commit',
        'lag-after',
        'next-after',
        'read-at',
        'restart-after',
      ]);
      assert.equal(answerText(byId(all, 'first-commit')), 'Step 4');
    });

    it('is valid, and every answer agrees with the rows', () => {
      assertValid(trace, quiz, 8);
      assertValid(trace, generateQuiz(trace, { seed: 1, count: 20 }));
    });

    it('checks answers: right, or wrong with the answer named, and the step that explains it', () => {
      const q = quiz[0];
      const right = checkAnswer(q, q.answerId);
      assert.deepEqual(right, { correct: true, explanation: q.explanation, explainStep: 7 });
      const wrong = q.choices.find((c) => c.text === '1');
      assert.ok(wrong);
      const check = checkAnswer(q, wrong.id);
      assert.equal(check.correct, false);
      assert.equal(check.explanation, `The answer is: 2. ${q.explanation}`);
      assert.equal(checkAnswer(q, 'no-such-choice').correct, false);
    });
  });

  describe('determinism', () => {
    const trace = traceOf('commit-after-process');

    it('gives the same quiz for the same trace and seed', () => {
      assert.deepEqual(generateQuiz(trace), generateQuiz(traceOf('commit-after-process')));
      assert.deepEqual(generateQuiz(trace, { seed: 42 }), generateQuiz(trace, { seed: 42 }));
    });

    it('defaults the seed to the trace’s content', () => {
      assert.equal(traceSeed(trace), traceSeed(traceOf('commit-after-process')));
      assert.notEqual(traceSeed(trace), traceSeed(traceOf('commit-before-process')));
      assert.deepEqual(generateQuiz(trace), generateQuiz(trace, { seed: traceSeed(trace) }));
    });

    it('orders the choices differently for another seed, the lesson’s questions staying first', () => {
      const one = generateQuiz(trace, { seed: 1 });
      const two = generateQuiz(trace, { seed: 2 });
      assert.notDeepEqual(choiceOrders(one), choiceOrders(two));
      assert.deepEqual(
        one.slice(0, 3).map((q) => q.id),
        two.slice(0, 3).map((q) => q.id),
      );
    });

    it('draws from a seeded generator (mulberry32): same seed, same numbers in [0, 1)', () => {
      const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
      assert.deepEqual(take(7), take(7));
      assert.notDeepEqual(take(7), take(8));
      for (const x of take(123)) assert.ok(x >= 0 && x < 1);
    });

    it('keeps to count', () => {
      assert.equal(generateQuiz(trace, { count: 2 }).length, 2);
      assert.deepEqual(generateQuiz(trace, { count: 0 }), []);
      assert.deepEqual(
        generateQuiz(trace, { count: 3 }).map((q) => q.id),
        generateQuiz(trace)
          .slice(0, 3)
          .map((q) => q.id),
      );
    });
  });

  describe('on every built-in scenario', () => {
    for (const scenario of builtInScenarios()) {
      it(`${scenario.name}: a valid quiz whose answers agree with the rows`, () => {
        const trace = runScenario(scenario);
        const quiz = generateQuiz(trace, { count: 20 });
        assert.ok(quiz.length >= 6, `${quiz.length} questions`);
        assert.deepEqual(
          quiz.slice(0, 3).map((q) => q.kind),
          ['value-at-step', 'first-step', 'restart'],
        );
        assertValid(trace, quiz);
        assertValid(trace, generateQuiz(trace), 8);
      });
    }

    it('asks about the key moment docs/design.md#built-in-scenarios names for each', () => {
      const keyAnswer = (name: string, prefix: string): string => {
        const quiz = generateQuiz(traceOf(name), { count: 20 });
        const q = quiz.find((x) => x.id.startsWith(prefix));
        assert.ok(q, `${name}: a ${prefix} question among ${quiz.map((x) => x.id).join(', ')}`);
        assert.ok(
          generateQuiz(traceOf(name)).some((x) => x.id === q.id),
          `${name}: ${q.id} in the default quiz`,
        );
        return answerText(q);
      };
      assert.equal(keyAnswer('commit-before-process', 'lost-'), 'Offset 0');
      assert.equal(keyAnswer('batch-commit-unprocessed', 'lost-'), 'Offset 1');
      assert.equal(keyAnswer('no-commit-restart', 'duplicate-'), 'Offset 1');
      assert.equal(keyAnswer('auto-commit-crash', 'duplicate-'), 'Offset 2');
      assert.equal(keyAnswer('reset-earliest', 'reset-'), 'Offset 2');
      assert.equal(keyAnswer('reset-latest', 'reset-'), 'Offset 4');
      // c1 revokes orders-1 in its poll (step 12); c2 is given it in its next poll (step 13).
      assert.equal(keyAnswer('rebalance', 'first-rebalance'), 'Step 13');
      // EAGER: c1 gets orders-0 back at step 12 and resumes at the committed offset 3, not its position.
      assert.equal(keyAnswer('rebalance', 'resumed-'), 'Offset 3');
      assert.equal(keyAnswer('consumer-protocol-rebalance', 'first-rebalance'), 'Step 13');
      assert.equal(
        keyAnswer('transaction-marker-lag', 'marker-'),
        "Offset 3 holds the transaction's commit marker: it takes an offset but is never delivered",
      );
    });

    it('names the batch commit’s restart outcome: duplicates and losses at once', () => {
      const trace = traceOf('batch-commit-unprocessed');
      // Step 10 processes offset 4 after the restart (step 7) resumed at the committed 3.
      const q = byId(generateQuiz(trace, { count: 20 }), 'restart-after-10');
      assert.equal(
        answerText(q),
        'It resumes at offset 3: offsets 3–4 are processed again (duplicates); offsets 1–2 are never processed (lost)',
      );
    });

    it('qualifies questions with the partition when there are several', () => {
      const quiz = generateQuiz(traceOf('rebalance'), { count: 20 });
      assert.equal(quiz[0].prompt, 'What is the offset committed for orders-0 after step 19?');
      assert.equal(quiz[1].id, 'first-processed-4-of-orders-0');
      assert.equal(quiz[1].prompt, 'At which step is offset 4 of orders-0 first processed?');
    });
  });

  describe('on small traces', () => {
    const scenario = (actions: Action[]): Scenario => ({
      name: 'tiny',
      title: 'Tiny',
      summary: 'A short run.',
      group: 'g',
      topics: [{ name: 'orders', partitions: [{ partition: 0, records: 3 }] }],
      consumers: [{ id: 'c1', config: { enableAutoCommit: false, autoOffsetReset: 'earliest', maxPollRecords: 1 } }],
      actions,
    });

    it('a trace of one step still has questions, with No and - as the table shows them', () => {
      const trace = runScenario(scenario([{ type: 'start', consumer: 'c1' }]));
      const quiz = generateQuiz(trace, { count: 20 });
      assert.ok(quiz.length >= 2, quiz.map((q) => q.id).join(', '));
      assertValid(trace, quiz);
      assert.equal(answerText(byId(quiz, 'committed-after-1')), 'No');
      assert.equal(answerText(byId(quiz, 'lag-after-1')), '-');
      for (const q of quiz) assert.deepEqual([q.hintStep, q.explainStep], [1, 1], q.id);
    });

    it('an empty trace has none', () => {
      assert.deepEqual(generateQuiz(runScenario(scenario([]))), []);
    });
  });

  describe('properties (fast-check)', () => {
    const traces = builtInScenarios().map((s) => runScenario(s));

    it('every built-in trace, any seed and count: valid, answers agree with the rows, deterministic', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...traces),
          fc.integer(),
          fc.option(fc.integer({ min: -2, max: 20 }), { nil: undefined }),
          (trace, seed, count) => {
            const quiz = generateQuiz(trace, { seed, count });
            assertValid(trace, quiz, count);
            assert.deepEqual(generateQuiz(trace, { seed, count }), quiz);
            if (count === undefined || count >= 3) {
              assert.deepEqual(
                quiz.slice(0, 3).map((q) => q.kind),
                ['value-at-step', 'first-step', 'restart'],
              );
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    /** A random scenario: each candidate action is kept only if the simulator accepts it there. */
    const randomScenario = fc
      .record({
        records: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 2 }),
        maxPollRecords: fc.integer({ min: 1, max: 3 }),
        autoCommit: fc.boolean(),
        reset: fc.constantFrom('earliest' as const, 'latest' as const),
        moves: fc.array(
          fc.tuple(
            fc.constantFrom('c1', 'c1', 'c1', 'c2'),
            fc.constantFrom(
              ...(['poll', 'poll', 'poll', 'process', 'process', 'process', 'commitSync', 'commitSync'] as const),
              ...(['commitProcessed', 'commitAsync', 'crash', 'restart', 'restart', 'start', 'close'] as const),
              ...(['wait', 'produce'] as const),
            ),
          ),
          { minLength: 5, maxLength: 40, size: 'large' },
        ),
      })
      .map(({ records, maxPollRecords, autoCommit, reset, moves }) => {
        const config = { enableAutoCommit: autoCommit, autoOffsetReset: reset, maxPollRecords };
        const base: Scenario = {
          name: 'random',
          title: 'Random',
          summary: 'A random run.',
          group: 'g',
          topics: [{ name: 'orders', partitions: records.map((count, partition) => ({ partition, records: count })) }],
          consumers: [
            { id: 'c1', config },
            { id: 'c2', config },
          ],
          actions: [],
        };
        const toAction = ([consumer, verb]: (typeof moves)[number]): Action =>
          verb === 'wait'
            ? { type: 'wait', ms: 3000 }
            : verb === 'produce'
              ? { type: 'produce', topic: 'orders', partition: 0, count: 2 }
              : { type: verb, consumer };
        const actions: Action[] = [{ type: 'start', consumer: 'c1' }];
        for (const move of moves) {
          try {
            const simulator = new OffsetSimulator(base);
            for (const action of [...actions, toAction(move)]) simulator.apply(action);
            actions.push(toAction(move));
          } catch {
            // Kafka would refuse it here (e.g. process with nothing polled): leave it out.
          }
        }
        return { ...base, actions };
      });

    it('random scenarios: valid, answers agree with the rows, deterministic', () => {
      fc.assert(
        fc.property(randomScenario, fc.integer(), (scenario, seed) => {
          const trace = runScenario(scenario);
          const quiz = generateQuiz(trace, { seed, count: 20 });
          assert.ok(quiz.length >= 1, 'at least the committed-offset question');
          assertValid(trace, quiz);
          assert.deepEqual(generateQuiz(trace, { seed, count: 20 }), quiz);
        }),
        { numRuns: 150 },
      );
    });
  });
});
