// The extension inside a real VS Code: activation, the demo command and its panel, the
// Offsets tree following the steps, scenarios, playback, reload restore, and screenshots.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds, extensionId, panelViewType, viewIds } from '../../../src/vscode/contributions';
import type { Scenario } from '../../../src/simulator/model';
import type { OffsetTraceApi } from '../../../src/extension';
import type { TreeSnapshotNode } from '../../../src/vscode/trace/offsetsTreeProvider';
import { pressKeysInWebview, takeScreenshot } from '../screenshot';

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
    console.log(`[kot-measure] activation ${api.activationMs.toFixed(1)} ms (bundle evaluation to end of activate)`);
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

  it('the Offsets tree shows consumer → partition → the six offsets at step 1', async () => {
    const tree = await api.offsetsTree();
    assert.deepEqual(labels(tree), ['c1']);
    assert.deepEqual(labels(variables(tree)), [
      'Offset Read: 0',
      'Offset Committed: No',
      'Next Offset to Read: 0',
      'Position: 0',
      'Log End Offset: 3',
      'Lag: -',
    ]);
  });

  it('stepping to the first commit updates the tree and the panel, marking what changed', async () => {
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand(commandIds.step);
    assert.equal(api.state().index, 3);
    const nodes = variables(await api.offsetsTree());
    assert.deepEqual(labels(nodes), [
      'Offset Read: 0',
      'Offset Committed: 1',
      'Next Offset to Read: 1',
      'Position: 1',
      'Log End Offset: 3',
      'Lag: 2',
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
    await api.waitForPanelRender((r) => r.index === 3, 20_000);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previousTheme = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      for (const [theme, name] of [
        ['Default Dark Modern', 'panel-and-tree-dark'],
        ['Default Light Modern', 'panel-and-tree-light'],
      ]) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await pause(1500); // the theme's colours reach the tree and the webview asynchronously
        assert.match(await takeScreenshot(name), /\.png$/);
      }
    } finally {
      await workbench.update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
    }
  });

  it('Open Scenario loads a named scenario; the rebalance shows both consumers', async () => {
    await vscode.commands.executeCommand(commandIds.openScenario, 'rebalance');
    await api.waitForPanelRender((r) => r.totalSteps === 17 && r.index === 0, 20_000);
    assert.equal(api.state().scenario, 'rebalance');
    for (let i = 0; i < 8; i++) await vscode.commands.executeCommand(commandIds.step);
    const tree = await api.offsetsTree();
    assert.deepEqual(labels(tree), ['c1', 'c2']);
    assert.deepEqual(labels(variables(tree, 'c2', 'orders-1')).slice(0, 3), [
      'Offset Read: 2',
      'Offset Committed: 2',
      'Next Offset to Read: 2',
    ]);
    await api.waitForPanelRender((r) => r.index === 8, 20_000);
    await pause(1000); // the tree view applies refreshes after a debounce; let it paint
    await takeScreenshot('rebalance-step-9');
  });

  it('an unknown scenario name changes nothing', async () => {
    await vscode.commands.executeCommand(commandIds.openScenario, 'no-such-scenario');
    assert.equal(api.state().scenario, 'rebalance');
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
      consumers: [{ id: 'c1', config: { maxPollRecords: 1 } }],
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

  it('a panel restored after a reload shows the saved scenario at the saved step', async () => {
    const panel = vscode.window.createWebviewPanel(panelViewType, 'Kafka Offsets', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    api.restorePanel(panel, { scenario: 'commit-before-process', index: 4 });
    const report = await api.waitForPanelRender((r) => r.totalSteps === 12 && r.index === 4, 30_000);
    assert.equal(report.rowsInDom, 12);
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
