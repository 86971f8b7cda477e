// The quiz in the execution-table panel, driven with real key presses in the webview: open it,
// answer one question right and one wrong, see the host's verdicts, and "Show me" moving the cursor.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OffsetTraceApi } from '../../../src/extension';
import { findScenario } from '../../../src/scenarios/builtInScenarios';
import { generateQuiz } from '../../../src/trace/quiz';
import { runScenario } from '../../../src/trace/trace';
import { commandIds, extensionId, viewIds } from '../../../src/vscode/contributions';
import type { TreeSnapshotNode } from '../../../src/vscode/trace/offsetsTreeProvider';
import {
  colourBands,
  countColour,
  hexColour,
  pressKeysInWebview,
  readPng,
  takeScreenshot,
  webviewHasElement,
  type PngImage,
  type Rgb,
} from '../screenshot';

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Presses Enter on an element of the webview, as a keyboard user activates a button. */
async function press(selector: string): Promise<void> {
  await pressKeysInWebview(selector, ['Enter']);
}

/** The choice of the question on screen whose text is exactly `text`. */
function choice(text: string): string {
  return `#quiz-choices > button[role="radio"]:has(> .choice-text:text-is(${JSON.stringify(text)}))`;
}

/** The seed lesson's c1 → orders-0 offsets in the Offsets tree, as labels. */
function offsetLabels(tree: readonly TreeSnapshotNode[]): string[] {
  const partition = tree.find((n) => n.label === 'c1')?.children.find((n) => n.label === 'orders-0');
  assert.ok(partition, `c1 → orders-0 in ${JSON.stringify(tree.map((n) => n.label))}`);
  return partition.children.map((n) => n.label);
}

/** The colours of a built-in theme that the check of a quiz screenshot looks for. */
interface ThemeColours {
  /** editor.background */
  readonly background: Rgb;
  /** editor.selectionBackground (the current row) */
  readonly selection: Rgb;
  /** button.background (the primary buttons: "Show me") */
  readonly button: Rgb;
}

/**
 * What is wrong with a screenshot of the quiz, or undefined: the panel has the theme's editor
 * background, the current row is in the theme's selection colour, and below it a primary button
 * of the quiz ("Show me") is in the theme's button colour.
 */
function quizProblem(image: PngImage, colours: ThemeColours): string | undefined {
  const rows = colourBands(image, colours.selection, 300, 6).filter((b) => b.bottom - b.top >= 16);
  if (rows.length === 0) return 'no table row in the theme’s selection colour';
  const row = rows[0];
  const buttons = colourBands(image, colours.button, 60, 4).filter(
    (b) => b.top > row.bottom && b.left >= row.left - 20 && b.bottom - b.top >= 14,
  );
  if (buttons.length === 0) return 'no quiz button in the theme’s button colour below the current row';
  const panel = { left: row.left, right: row.right, top: 0, bottom: image.height };
  const background = countColour(image, panel, colours.background, 6);
  const share = background.same / (background.same + background.other);
  if (share < 0.3) return `only ${(share * 100).toFixed(0)}% of the panel is the theme’s editor background`;
  return undefined;
}

describe('The quiz in the execution-table panel', function () {
  this.timeout(120_000);
  let api: OffsetTraceApi;
  const lesson = runScenario(findScenario('commit-after-process') ?? assert.fail('the seed lesson'));
  const expectedIds = generateQuiz(lesson).map((q) => q.id);

  before(async () => {
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension, `extension ${extensionId} is installed`);
    api = await extension.activate();
    // One editor group and no bottom panel: the panel gets the room for the table and the quiz.
    await vscode.commands.executeCommand('workbench.action.joinAllGroups');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand(`workbench.view.extension.${viewIds.container}`);
  });

  after(async () => {
    // Leave the window as the next suites expect it: no editor open (the panel included).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Test yourself" opens the seed lesson’s quiz, which the host made and sent without answers', async () => {
    await vscode.commands.executeCommand(commandIds.runDemo);
    const loaded = await api.waitForPanelRender((r) => r.totalSteps === 11 && r.index === 0, 30_000);
    assert.equal(api.state().scenario, 'commit-after-process');
    if (!loaded.quiz.open) await press('#quiz-toggle');
    const report = await api.waitForPanelRender(
      (r) => r.traceId === loaded.traceId && r.quiz.open && r.quiz.questionIds.length > 0,
      20_000,
    );
    assert.deepEqual(report.quiz.questionIds, expectedIds, 'the deterministic quiz of the trace');
    assert.equal(report.quiz.current, 'committed-after-7');
    assert.deepEqual([report.quiz.answered, report.quiz.correct, report.quiz.verdict], [0, 0, null]);
    assert.ok(await webviewHasElement('#quiz-toggle[aria-expanded="true"]:text-is("Hide quiz")'));
    assert.ok(await webviewHasElement('#quiz-progress:text-is("0 of 8 answered")'));
    assert.ok(await webviewHasElement('#quiz-prompt:text-is("What is the offset committed after step 7?")'));
    assert.ok(await webviewHasElement('#quiz-check:disabled'), 'nothing to check before a choice');
  });

  it('answers "What is the offset committed after step 7?" right; "Show me" moves the cursor and the tree', async () => {
    await press('#quiz-nav button[data-question="committed-after-7"]');
    await press('#quiz-hint');
    await api.waitForPanelRender((r) => r.quiz.current === 'committed-after-7' && r.quiz.hintStep === 7, 20_000);
    assert.ok(await webviewHasElement('#rows > tr.hint[data-index="6"]'), 'the hint marks step 7’s row');
    assert.ok(await webviewHasElement('#quiz-hint-text:has-text("Offset Committed column of step 7")'));
    assert.equal(api.state().index, 0, 'a hint marks a row, it does not move the cursor');

    await press(choice('2'));
    assert.ok(await webviewHasElement(`${choice('2')}[aria-checked="true"]`));
    await press('#quiz-check');
    const checked = await api.waitForPanelRender((r) => r.quiz.verdict !== null, 20_000);
    assert.deepEqual([checked.quiz.verdict, checked.quiz.answered, checked.quiz.correct], ['right', 1, 1]);
    assert.ok(await webviewHasElement('#quiz-verdict.right .verdict-headline:text-is("✓ Right.")'));
    assert.ok(await webviewHasElement('#quiz-progress:text-is("1 of 8 answered, 1 right")'));
    assert.ok(await webviewHasElement(`${choice('2')}.right`), 'the right answer is marked');

    await press('#quiz-show-me:text-is("Show me step 7")');
    await api.waitForPanelRender((r) => r.index === 6, 20_000);
    assert.equal(api.state().index, 6, 'the host moved the session’s cursor');
    assert.deepEqual(offsetLabels(await api.offsetsTree()).slice(0, 3), [
      'Offset Read: 1',
      'Offset Committed: 2',
      'Next Offset to Read: 2',
    ]);
  });

  it('answers "At which step is offset 2 first processed?" wrong, with arrow keys, and learns why', async () => {
    await press('#quiz-nav button[data-question="first-processed-2"]');
    await api.waitForPanelRender((r) => r.quiz.current === 'first-processed-2' && r.quiz.verdict === null, 20_000);
    assert.ok(await webviewHasElement('#quiz-prompt:text-is("At which step is offset 2 first processed?")'));
    // Space picks a choice; the arrow keys move the pick inside the choices and do not step the trace.
    const question = generateQuiz(lesson).find((q) => q.id === 'first-processed-2') ?? assert.fail('the question');
    const order = question.choices.map((c) => c.text);
    const from = order.indexOf('Step 8');
    const wrong = order[(from + order.length - 2) % order.length]; // two up from Step 8, wrapping round
    assert.notEqual(wrong, 'Step 9', 'the answer is Step 9; the test picks a wrong one');
    await pressKeysInWebview(choice('Step 8'), [' ']);
    assert.ok(await webviewHasElement(`${choice('Step 8')}[aria-checked="true"]`));
    await pressKeysInWebview(choice('Step 8'), ['ArrowUp', 'ArrowUp']);
    assert.ok(await webviewHasElement(`${choice(wrong)}[aria-checked="true"]`), `two up from Step 8 is ${wrong}`);
    assert.equal(api.state().index, 6, 'the arrow keys stayed in the quiz');
    await press('#quiz-hint');
    await api.waitForPanelRender((r) => r.quiz.hintStep === 8, 20_000);
    await press('#quiz-check');
    const checked = await api.waitForPanelRender((r) => r.quiz.answered === 2, 20_000);
    assert.deepEqual([checked.quiz.verdict, checked.quiz.correct], ['wrong', 1]);
    assert.ok(await webviewHasElement('#quiz-verdict.wrong .verdict-headline:text-is("✗ Not quite.")'));
    assert.ok(await webviewHasElement('#quiz-explanation:has-text("The answer is: Step 9.")'));
    assert.ok(await webviewHasElement(`${choice(wrong)}.wrong`));
    assert.ok(await webviewHasElement(`${choice('Step 9')}.right`));
    assert.ok(await webviewHasElement('#quiz-progress:text-is("2 of 8 answered, 1 right")'));
    assert.ok(await webviewHasElement('#quiz-nav button.wrong[data-question="first-processed-2"]'));

    await press('#quiz-show-me:text-is("Show me step 9")');
    const shown = await api.waitForPanelRender((r) => r.index === 8, 20_000);
    assert.equal(api.state().index, 8);
    assert.equal(shown.quiz.hintStep, 8, 'the hint’s row stays marked');
    assert.ok(await webviewHasElement('#rows > tr.current[data-index="8"]'));
    assert.deepEqual(offsetLabels(await api.offsetsTree()).slice(0, 2), ['Offset Read: 2', 'Offset Committed: 2']);
  });

  it('screenshots: the quiz after a wrong answer, dark and light', async () => {
    await press('#quiz-show-me'); // focus (and scroll to) the verdict, as a keyboard user left it
    await api.waitForPanelRender((r) => r.index === 8, 20_000);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previousTheme = workbench.inspect<string>('colorTheme')?.globalValue;
    // VS Code's colours for these themes (theme-defaults; the selection colour is the workbench default).
    const themes: [string, string, ThemeColours][] = [
      [
        'Default Dark Modern',
        'quiz-dark',
        { background: hexColour('#1F1F1F'), selection: hexColour('#264F78'), button: hexColour('#0078D4') },
      ],
      [
        'Default Light Modern',
        'quiz-light',
        { background: hexColour('#FFFFFF'), selection: hexColour('#ADD6FF'), button: hexColour('#005FB8') },
      ],
    ];
    try {
      for (const [theme, name, colours] of themes) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        let problem: string | undefined = 'no screenshot taken';
        for (let attempt = 0; attempt < 5 && problem !== undefined; attempt++) {
          await pause(attempt === 0 ? 1500 : 1000);
          problem = quizProblem(readPng(await takeScreenshot(name)), colours);
        }
        assert.equal(problem, undefined, `${theme}: ${problem ?? ''}`);
      }
    } finally {
      await workbench.update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
    }
  });

  it('"New questions" asks the host for another quiz, with nothing answered', async () => {
    const before = api.panel().lastRendered?.quiz;
    assert.ok(before?.seed !== null && before?.seed !== undefined);
    await press('#quiz-new');
    const report = await api.waitForPanelRender((r) => r.quiz.seed !== null && r.quiz.seed !== before.seed, 20_000);
    assert.deepEqual([report.quiz.answered, report.quiz.correct, report.quiz.verdict], [0, 0, null]);
    assert.equal(report.quiz.questionIds.length, 8);
    assert.deepEqual(
      report.quiz.questionIds,
      generateQuiz(lesson, { seed: report.quiz.seed ?? undefined }).map((q) => q.id),
    );
    assert.ok(await webviewHasElement('#quiz-progress:text-is("0 of 8 answered")'));
    await press('#quiz-toggle');
    await api.waitForPanelRender((r) => !r.quiz.open, 20_000);
  });
});
