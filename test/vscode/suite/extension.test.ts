// The extension inside a real VS Code: activation, the demo command and its panel, the
// Offsets tree following the steps, scenarios, playback, reload restore, and screenshots.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds, extensionId, panelViewType, viewIds } from '../../../src/vscode/contributions';
import type { Scenario } from '../../../src/simulator/model';
import { findKeyMoments } from '../../../src/trace/keyMoments';
import { stepsAnalysedAtOnce } from '../../../src/trace/keyMomentsInSlices';
import { runScenario } from '../../../src/trace/trace';
import { longScenario } from '../../support/longScenario';
import type { OffsetTraceApi } from '../../../src/extension';
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

function variables(tree: readonly TreeSnapshotNode[], consumer = 'c1', partition = 'orders-0'): TreeSnapshotNode[] {
  const consumerNode = tree.find((node) => node.label === consumer);
  assert.ok(consumerNode, `consumer ${consumer} in ${JSON.stringify(tree.map((n) => n.label))}`);
  const partitionNode = consumerNode.children.find((node) => node.label === partition);
  assert.ok(partitionNode, `partition ${partition} under ${consumer}`);
  return [...partitionNode.children];
}

function labels(nodes: readonly TreeSnapshotNode[]): string[] {
  return nodes.map((node) => node.label);
}

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Playwright selector for a table row whose first cells hold exactly `cells`. */
function rowWithCells(row: string, cells: readonly string[]): string {
  return `${row}${cells.map((text, i) => `:has(> td:nth-child(${i + 1}):text-is(${JSON.stringify(text)}))`).join('')}`;
}

/** The colours a built-in theme gives the panel: `editor.background` and `editor.selectionBackground`. */
interface ThemeColours {
  readonly background: Rgb;
  readonly selection: Rgb;
}

/**
 * What is wrong with a screenshot of the workbench that should show the execution-table panel, or
 * undefined: the theme's editor background fills the panel, and the current row stands out in the
 * theme's selection colour across the table, with text in it. A blank or unthemed panel fails.
 */
function panelProblem(image: PngImage, colours: ThemeColours): string | undefined {
  if (image.width < 800 || image.height < 600) return `the picture is only ${image.width}×${image.height}`;
  const rows = colourBands(image, colours.selection, 300, 6).filter(
    (b) => b.bottom - b.top >= 16 && b.bottom - b.top <= 60,
  );
  if (rows.length === 0) return 'no table row is highlighted in the theme’s selection colour';
  const row = rows.reduce((widest, band) => (band.right - band.left > widest.right - widest.left ? band : widest));
  const text = countColour(image, row, colours.selection, 60).other;
  if (text < 100) return `the highlighted row holds no text (${text} pixels of another colour)`;
  const column = { left: row.left, right: row.right, top: 0, bottom: image.height };
  const background = countColour(image, column, colours.background, 6);
  const share = background.same / (background.same + background.other);
  if (share < 0.3) return `only ${(share * 100).toFixed(0)}% of the panel is the theme’s editor background`;
  return undefined;
}

describe('Kafka Offset Trace in VS Code', function () {
  this.timeout(60_000);
  let api: OffsetTraceApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension, `extension ${extensionId} is installed`);
    api = await extension.activate();
  });

  it('activates and registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(commandIds)) assert.ok(registered.has(id), `${id} registered`);
    assert.equal(api.state().scenario, undefined, 'nothing loaded before the demo runs');
    const times = api.activationTimes;
    console.log(
      `[kot-measure] activation ${api.activationMs.toFixed(1)} ms: bundle evaluation ${times.evaluationMs.toFixed(1)} ms + activate ${times.activateMs.toFixed(1)} ms (VS Code's wait in between: ${times.waitBeforeActivateMs.toFixed(1)} ms)`,
    );
    assert.ok(times.evaluationMs > 0 && times.activateMs > 0, 'both parts are measured');
    assert.deepEqual(await api.offsetsTree(), [], 'the Offsets tree is empty (its welcome content shows)');
    assert.equal(api.kafkaClientLoaded(), false, 'activation does not load the Kafka client');
  });

  it('Run Demo opens the panel, whose webview renders the 11-step seed table', async () => {
    await vscode.commands.executeCommand(commandIds.runDemo);
    const report = await api.waitForPanelRender((r) => r.totalSteps === 11 && r.index === 0, 45_000);
    assert.equal(api.state().scenario, 'commit-after-process');
    assert.equal(report.firstRow, 0);
    assert.equal(report.lastRow, 10);
    assert.equal(report.rowsInDom, 11);
    assert.equal(api.panel().open, true);
  });

  it('the Offsets tree shows consumer → partition → the offsets once the first poll assigned the partition', async () => {
    // Step 1 only subscribes: c1 owns nothing until the first poll, so it shows the partition it
    // subscribed to, with step 1's values (no position yet).
    const atStart = await api.offsetsTree();
    assert.deepEqual(labels(atStart), ['c1']);
    assert.deepEqual(labels(variables(atStart)), [
      'Offset Read: 0',
      'Offset Committed: No',
      'Next Offset to Read: 0',
      'Position: -',
      'Log End Offset: 3',
      'Lag: -',
      'Consumer Lag: -',
    ]);
    await vscode.commands.executeCommand(commandIds.step);
    const tree = await api.offsetsTree();
    assert.deepEqual(labels(tree), ['c1']);
    assert.deepEqual(labels(variables(tree)), [
      'Offset Read: 0',
      'Offset Committed: No',
      'Next Offset to Read: 0',
      'Position: 1',
      'Log End Offset: 3',
      'Lag: -',
      'Consumer Lag: 2',
    ]);
  });

  it('stepping to the first commit updates the tree and the panel, marking what changed', async () => {
    for (let i = 0; i < 2; i++) await vscode.commands.executeCommand(commandIds.step);
    assert.equal(api.state().index, 3);
    const nodes = variables(await api.offsetsTree());
    assert.deepEqual(labels(nodes), [
      'Offset Read: 0',
      'Offset Committed: 1',
      'Next Offset to Read: 1',
      'Position: 1',
      'Log End Offset: 3',
      'Lag: 2',
      'Consumer Lag: 2',
    ]);
    assert.deepEqual(
      nodes.filter((node) => node.changed).map((node) => [node.label, node.description]),
      [
        ['Offset Committed: 1', 'was No'],
        ['Next Offset to Read: 1', 'was 0'],
        ['Lag: 2', 'was -'],
      ],
    );
    await api.waitForPanelRender((r) => r.index === 3, 20_000);
  });

  it('step back and first/last move the same cursor', async () => {
    await vscode.commands.executeCommand(commandIds.stepBack);
    assert.equal(api.state().index, 2);
    await vscode.commands.executeCommand(commandIds.last);
    await api.waitForPanelRender((r) => r.index === 10, 20_000);
    assert.deepEqual(labels(variables(await api.offsetsTree())).slice(0, 3), [
      'Offset Read: 3',
      'Offset Committed: 3',
      'Next Offset to Read: 3',
    ]);
    await vscode.commands.executeCommand(commandIds.first);
    await api.waitForPanelRender((r) => r.index === 0, 20_000);
  });

  it('the panel is keyboard operable: arrows step, Home and End jump', async () => {
    await vscode.commands.executeCommand(commandIds.first);
    await api.waitForPanelRender((r) => r.index === 0, 20_000);
    await pressKeysInWebview('#table-scroll', ['ArrowRight', 'ArrowRight']);
    await api.waitForPanelRender((r) => r.index === 2, 20_000);
    await pressKeysInWebview('#table-scroll', ['End']);
    await api.waitForPanelRender((r) => r.index === 10, 20_000);
    await pressKeysInWebview('#table-scroll', ['ArrowLeft']);
    await api.waitForPanelRender((r) => r.index === 9, 20_000);
    await pressKeysInWebview('#table-scroll', ['Home']);
    await api.waitForPanelRender((r) => r.index === 0, 20_000);
    assert.equal(api.state().index, 0);
  });

  it('screenshots: the panel and the Offsets tree at the commit step, dark and light', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${viewIds.container}`);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand(commandIds.step);
    const report = await api.waitForPanelRender((r) => r.index === 3, 20_000);
    assert.deepEqual(
      [report.index, report.totalSteps, report.firstRow, report.lastRow, report.rowsInDom],
      [3, 11, 0, 10, 11],
    );
    // What the webview holds at this moment: step 4, the first commit, is the one current row.
    const currentRow = rowWithCells('#rows > tr.current[data-index="3"][aria-current="step"]', [
      '4',
      'Commit offset',
      '0',
      'Message at offset 0',
      '1',
      '1',
    ]);
    assert.ok(await webviewHasElement(currentRow), `the panel shows step 4 as current: ${currentRow}`);
    assert.ok(await webviewHasElement('#position:text-is("Step 4 of 11")'));
    assert.ok(await webviewHasElement('#rows > tr.current'));
    assert.equal(await webviewHasElement('#rows > tr.current:not([data-index="3"])'), false, 'one current row');
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previousTheme = workbench.inspect<string>('colorTheme')?.globalValue;
    // VS Code's colours for these themes (theme-defaults; the selection colour is the workbench default).
    const themes: [string, string, ThemeColours][] = [
      [
        'Default Dark Modern',
        'panel-and-tree-dark',
        { background: hexColour('#1F1F1F'), selection: hexColour('#264F78') },
      ],
      [
        'Default Light Modern',
        'panel-and-tree-light',
        { background: hexColour('#FFFFFF'), selection: hexColour('#ADD6FF') },
      ],
    ];
    try {
      for (const [theme, name, colours] of themes) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        // The theme's colours reach the tree and the webview asynchronously: look again until they have.
        let problem: string | undefined = 'no screenshot taken';
        for (let attempt = 0; attempt < 5 && problem !== undefined; attempt++) {
          await pause(attempt === 0 ? 1500 : 1000);
          const file = await takeScreenshot(name);
          assert.match(file, /\.png$/);
          problem = panelProblem(readPng(file), colours);
        }
        assert.equal(problem, undefined, `${theme}: ${problem ?? ''}`);
      }
    } finally {
      await workbench.update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
    }
  });

  it('Open Scenario loads a named scenario; the rebalance shows both consumers', async () => {
    await vscode.commands.executeCommand(commandIds.openScenario, 'rebalance');
    await api.waitForPanelRender((r) => r.totalSteps === 26 && r.index === 0, 20_000);
    assert.equal(api.state().scenario, 'rebalance');
    // Step 20: c2, given orders-1 at step 13 (after c1 rejoined), reads 3 and 4 from the committed offset 3.
    for (let i = 0; i < 19; i++) await vscode.commands.executeCommand(commandIds.step);
    const tree = await api.offsetsTree();
    assert.deepEqual(labels(tree), ['c1', 'c2']);
    assert.deepEqual(labels(variables(tree, 'c2', 'orders-1')).slice(0, 3), [
      'Offset Read: 3',
      'Offset Committed: 3',
      'Next Offset to Read: 3',
    ]);
    await api.waitForPanelRender((r) => r.index === 19, 20_000);
    await pause(1000); // the tree view applies refreshes after a debounce; let it paint
    await takeScreenshot('rebalance-step-20');
  });

  it('an unknown scenario name changes nothing and says so in an error message', async () => {
    const before = { state: api.state(), tree: await api.offsetsTree(), panel: api.panel() };
    assert.deepEqual(
      [before.state.scenario, before.state.index, before.state.totalSteps, before.panel.lastRendered?.index],
      ['rebalance', 19, 26, 19],
    );
    // The test shares the extension's `vscode` API object: record what it shows, and still show it.
    const windowApi = vscode.window as unknown as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
    const showErrorMessage = windowApi.showErrorMessage;
    const shown: unknown[][] = [];
    windowApi.showErrorMessage = (...args: unknown[]) => {
      shown.push(args);
      return showErrorMessage.apply(vscode.window, args);
    };
    try {
      await vscode.commands.executeCommand(commandIds.openScenario, 'no-such-scenario');
    } finally {
      windowApi.showErrorMessage = showErrorMessage;
    }
    assert.deepEqual(shown, [['Kafka Offsets: unknown scenario "no-such-scenario".']]);
    await pause(500); // what the command might have sent to the panel or the tree has arrived by now
    assert.deepEqual(api.state(), before.state);
    assert.deepEqual(await api.offsetsTree(), before.tree);
    assert.deepEqual(api.panel(), before.panel, 'the panel is open and has rendered nothing new');
    // The webview still shows the rebalance at step 20.
    assert.ok(await webviewHasElement('#title:text-is("A second consumer joins")'));
    assert.ok(await webviewHasElement('#position:text-is("Step 20 of 26")'));
    assert.ok(await webviewHasElement('#rows > tr.current[data-index="19"]'));
    await vscode.commands.executeCommand('notifications.clearAll'); // keep later screenshots clear
  });

  it('play runs the trace to its last step by itself, then stops', async () => {
    await vscode.workspace
      .getConfiguration('offsetTrace')
      .update('playIntervalMs', 50, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand(commandIds.openScenario, 'commit-after-process');
      await api.waitForPanelRender((r) => r.totalSteps === 11 && r.index === 0, 20_000);
      await vscode.commands.executeCommand(commandIds.togglePlay);
      assert.equal(api.state().playing, true);
      await api.waitForPanelRender((r) => r.totalSteps === 11 && r.index === 10, 20_000);
      assert.equal(api.state().playing, false);
    } finally {
      await vscode.workspace
        .getConfiguration('offsetTrace')
        .update('playIntervalMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a 3,000-step trace keeps only the visible rows in the panel’s DOM', async () => {
    const records = 1000;
    const actions: Scenario['actions'] = [
      { type: 'start', consumer: 'c1' },
      ...Array.from({ length: records - 1 }, () => [
        { type: 'poll' as const, consumer: 'c1' },
        { type: 'process' as const, consumer: 'c1' },
        { type: 'commitSync' as const, consumer: 'c1' },
      ]).flat(),
      { type: 'poll', consumer: 'c1' },
      { type: 'close', consumer: 'c1' },
    ];
    assert.equal(actions.length, 3000);
    api.openScenario({
      name: 'long-trace',
      title: 'A long trace',
      summary: 'Read, process and commit 1,000 records.',
      group: 'g',
      topics: [{ name: 'orders', partitions: [{ partition: 0, records }] }],
      consumers: [{ id: 'c1', config: { maxPollRecords: 1, enableAutoCommit: false, autoOffsetReset: 'earliest' } }],
      actions,
    });
    const first = await api.waitForPanelRender((r) => r.totalSteps === 3000 && r.index === 0, 30_000);
    assert.ok(first.rowsInDom < 100, `${first.rowsInDom} rows in the DOM at the top`);
    await vscode.commands.executeCommand(commandIds.last);
    const last = await api.waitForPanelRender((r) => r.totalSteps === 3000 && r.index === 2999, 30_000);
    assert.ok(last.rowsInDom < 100, `${last.rowsInDom} rows in the DOM at the end`);
    assert.equal(last.lastRow, 2999);
    assert.ok(last.firstRow > 2800, `window starts at row ${last.firstRow}`);
    await pause(500);
    await takeScreenshot('long-trace-end');
  });

  it('a long trace shows its rows first and its key moments when the host has found them, in slices', async () => {
    // 60,002 steps: past what is analysed at once, so the key moments follow the load in their own message.
    const scenario = longScenario(28_570);
    assert.ok(scenario.actions.length > stepsAnalysedAtOnce);
    api.openScenario(scenario);
    const shown = await api.waitForPanelRender((r) => r.totalSteps === scenario.actions.length, 60_000);
    assert.equal(shown.index, 0);
    const found = await api.waitForPanelRender(
      (r) => r.totalSteps === scenario.actions.length && r.keyMoments !== null,
      60_000,
    );
    const expected = findKeyMoments(runScenario(scenario));
    assert.ok(expected.length > 0, 'the crash midway makes a duplicate');
    assert.equal(found.keyMoments, expected.length, 'every key moment is listed');
    // Focusing the duplicate's button (the runner looks for it in the webview's DOM) scrolls it into view.
    assert.ok(await webviewHasElement('button.moment-duplicate'), 'the list shows the duplicate as a button');
    await pause(300);
    await takeScreenshot('long-trace-key-moments');
  });

  it('a panel restored after a reload shows the saved scenario at the saved step', async () => {
    const panel = vscode.window.createWebviewPanel(panelViewType, 'Kafka Offsets', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    api.restorePanel(panel, { scenario: 'commit-before-process', index: 4 });
    const report = await api.waitForPanelRender((r) => r.totalSteps === 13 && r.index === 4, 30_000);
    assert.equal(report.rowsInDom, 13);
    assert.equal(api.state().scenario, 'commit-before-process');
    assert.deepEqual(labels(variables(await api.offsetsTree())).slice(0, 3), [
      'Offset Read: 1',
      'Offset Committed: 1',
      'Next Offset to Read: 1',
    ]);
    await pause(1000);
    await takeScreenshot('restored-commit-before-process');
  });
});
