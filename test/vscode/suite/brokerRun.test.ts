// Run Scenario on Kafka inside a real VS Code, against a real broker this suite starts: the seed
// scenario's file runs with Kafka's Java KafkaConsumer, and the panel shows the simulated and the
// observed trace side by side, in agreement, with the scenario's settings under its title; then a
// doctored "observed" trace shows how a difference is marked and named. Screenshots of both.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OffsetTraceApi } from '../../../src/extension';
import { builtInScenarioFiles } from '../../../src/scenarios/builtInScenarios';
import { parseScenarioFile } from '../../../src/scenarios/scenarioFile';
import { runScenario, type Trace } from '../../../src/trace/trace';
import { commandIds, extensionId, panelViewType } from '../../../src/vscode/contributions';
import type { RunOnKafkaOutcome } from '../../../src/vscode/brokerRun/runOnKafkaCommand';
import { startKafka, type KafkaCluster } from '../../live/kafkaBroker';
import { pressKeysInWebview, takeScreenshot, webviewHasElement } from '../screenshot';

/** Broker settings that let scenarios keep their times short (as the live tests of scenarios use them). */
const shortTimeouts = {
  'group.min.session.timeout.ms': 1000,
  'group.consumer.min.session.timeout.ms': 1000,
  'group.consumer.min.heartbeat.interval.ms': 100,
  'group.consumer.heartbeat.interval.ms': 500,
};

const seedFile = builtInScenarioFiles.find((file) => file.name === 'commit-after-process') ?? assert.fail('seed');

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Playwright selector for a table row whose cells from the `first` (1-based) on hold exactly `cells`, in order. */
function rowWithCells(row: string, first: number, cells: readonly string[]): string {
  return `${row}${cells.map((text, i) => `:has(> td:nth-child(${first + i}):text-is(${JSON.stringify(text)}))`).join('')}`;
}

describe('Run Scenario on Kafka in VS Code (real Kafka)', function () {
  this.timeout(300_000);
  let api: OffsetTraceApi;
  let kafka: KafkaCluster | undefined;
  let scenarioFile: string;
  let folder: string;
  /** The observed trace file of the real run (the reload test restores it). */
  let traceFile: string | undefined;

  before(async function () {
    this.timeout(600_000); // a first run on a fresh machine fetches Kafka's jars with Maven
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    kafka = await startKafka({ overrides: shortTimeouts });
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    folder = fs.mkdtempSync(path.join(workspace ?? os.tmpdir(), 'broker-run-'));
    scenarioFile = path.join(folder, seedFile.fileName);
    fs.writeFileSync(scenarioFile, seedFile.text);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.view.explorer'); // the side bar again, for the suites after this one
    await kafka?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('runs the open scenario file on the broker and shows both traces side by side, in agreement', async () => {
    assert.ok(kafka);
    const document = await vscode.workspace.openTextDocument(scenarioFile);
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.ok(
      lenses.some((lens) => lens.command?.command === commandIds.runScenarioOnKafka),
      'a "Run on Kafka" lens on the file',
    );

    const outcome = await vscode.commands.executeCommand<RunOnKafkaOutcome | undefined>(commandIds.runScenarioOnKafka, {
      file: scenarioFile,
      bootstrapServers: kafka.bootstrapServers,
      protocol: 'classic',
    });
    assert.ok(outcome, 'the run finished (see the "Kafka Offset Trace" log otherwise)');
    assert.deepEqual(outcome.differences, [], `no difference from the simulator: ${outcome.differences.join('; ')}`);
    assert.equal(outcome.agree, true);
    assert.equal(outcome.summary, 'Agree: 11 steps compared');
    assert.equal(outcome.protocol, 'classic');
    assert.ok(fs.existsSync(outcome.traceFile), `the observed trace is kept in ${outcome.traceFile}`);
    traceFile = outcome.traceFile;
    assert.deepEqual(api.comparison(), {
      summary: 'Agree: 11 steps compared',
      agree: true,
      differences: [],
      totalRows: 11,
    });
    assert.equal(api.state().origin?.kind, 'broker-run');

    const report = await api.waitForPanelRender(
      (r) => r.comparison?.view === 'side-by-side' && r.totalSteps === 11,
      60_000,
    );
    assert.ok(report.comparison);
    assert.equal(report.comparison.agree, true);
    assert.equal(report.comparison.summary, 'Agree: 11 steps compared');
    assert.equal(report.comparison.differingRowsInDom, 0);
    assert.deepEqual(report.comparison.headers.slice(0, 5), [
      'Step',
      'Agreement',
      'Simulator',
      'Observed on Kafka',
      'Differences',
    ]);
    assert.deepEqual(report.comparison.headers.slice(5), [
      ...['Action', 'Offset Read', 'Message Processed', 'Offset Committed', 'Next Offset to Read'],
      ...['Action', 'Offset Read', 'Message Processed', 'Offset Committed', 'Next Offset to Read'],
    ]);

    // The DOM: the summary line, the scenario's settings under the title, step 4 (the first commit) on both sides.
    assert.ok(await webviewHasElement('#comparison-summary:text-is("✓ Agree: 11 steps compared")'));
    const simulated = runScenario(
      parseScenarioFile(seedFile.text, { fileName: seedFile.fileName }).scenario ?? assert.fail('the seed parses'),
    );
    const settings = simulated.source.settings ?? [];
    assert.ok(settings.length > 0);
    for (const line of settings) {
      assert.ok(await webviewHasElement(`#settings > li:text-is(${JSON.stringify(line)})`), `the setting line ${line}`);
    }
    const commit = ['Commit offset', '0', 'Message at offset 0', '1', '1'];
    assert.ok(
      await webviewHasElement(rowWithCells('#rows > tr.compared-agree[data-index="3"]', 3, [...commit, ...commit])),
      'step 4: the same columns from the simulator and from Kafka',
    );
    assert.ok(await webviewHasElement('#rows > tr[data-index="3"] > td:nth-child(1):text-is("4")'));
    const agrees = '#rows > tr[data-index="3"] > td.agreement.status-agree';
    assert.ok(await webviewHasElement(`${agrees}:has(> .mark:text-is("✓")):has(> .status-word:text-is("agrees"))`));
    assert.equal(await webviewHasElement('#rows td.differs'), false, 'no cell marked as differing');

    // Keyboard: End goes to the last step, the table follows.
    await pressKeysInWebview('#table-scroll', ['End']);
    await api.waitForPanelRender((r) => r.index === 10 && r.comparison !== undefined, 20_000);
    await pressKeysInWebview('#table-scroll', ['Home']);
    await api.waitForPanelRender((r) => r.index === 0 && r.comparison !== undefined, 20_000);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand(commandIds.step);
    await api.waitForPanelRender((r) => r.index === 3 && r.comparison?.view === 'side-by-side', 20_000);
    // The panel as wide as the window (both traces fit side by side), as a user comparing them would have it.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await pause(800);
    await takeScreenshot('broker-run-side-by-side');
  });

  it('marks and names a difference, goes to it with n, and offers the compact view', async () => {
    // Kafka's trace as if the poll at step 5 had returned nothing: the simulator expected offset 1.
    const scenario = parseScenarioFile(seedFile.text, { fileName: seedFile.fileName }).scenario;
    assert.ok(scenario);
    const expected = runScenario(scenario);
    const observed: Trace = {
      ...expected,
      steps: expected.steps.map((step, i) =>
        i === 4 ? { ...step, action: 'Poll (no records)', offsetRead: null, messageProcessed: null } : step,
      ),
      effects: expected.effects.map((effects, i) => (i === 4 ? { ...effects, polled: [] } : effects)),
    };
    await api.openComparison('commit-after-process', observed);
    const comparison = api.comparison();
    assert.ok(comparison && !comparison.agree, JSON.stringify(comparison));
    const records = comparison.differences.find((text) => text.startsWith('step 5, c1: records received'));
    assert.ok(records, comparison.differences.join('\n'));

    const report = await api.waitForPanelRender(
      (r) => r.comparison?.agree === false && r.comparison.view === 'side-by-side' && r.index === 0,
      30_000,
    );
    assert.ok((report.comparison?.differingRowsInDom ?? 0) >= 1);
    assert.match(report.comparison?.summary ?? '', /^\d+ differences? \(11 steps compared\)$/);
    assert.ok(await webviewHasElement('#rows > tr.compared-differ[data-index="4"] > td.differs:has-text("≠")'));
    const differs = '#rows > tr[data-index="4"] > td.agreement.status-differ';
    assert.ok(await webviewHasElement(`${differs}:has(> .mark:text-is("≠")):has(> .status-word:text-is("differs"))`));
    assert.ok(
      await webviewHasElement(`#rows > tr[data-index="4"] > td.notes:has-text(${JSON.stringify(records)})`),
      'the row names the difference with its text',
    );
    assert.ok(await webviewHasElement(`#differences button:has-text(${JSON.stringify(records)})`));

    // n (in the webview) goes to the next step with a difference: step 5.
    await pressKeysInWebview('#table-scroll', ['n']);
    await api.waitForPanelRender((r) => r.index === 4 && r.comparison?.agree === false, 20_000);
    assert.equal(api.state().index, 4);
    await pressKeysInWebview('#next-difference', []); // focus: the page scrolls back to the summary
    await pause(500);
    await takeScreenshot('broker-run-difference');

    // The view menu, by keyboard: the compact view shows "simulated → observed" where they differ.
    await pressKeysInWebview('#comparison-view', ['ArrowDown']);
    const compact = await api.waitForPanelRender((r) => r.comparison?.view === 'compact' && r.index === 4, 20_000);
    assert.deepEqual(compact.comparison?.headers, [
      'Step',
      'Agreement',
      'Action',
      'Offset Read',
      'Message Processed',
      'Offset Committed',
      'Next Offset to Read',
      'Differences (simulated → observed)',
    ]);
    assert.ok(await webviewHasElement('#rows > tr[data-index="4"] > td.differs:has-text("1 → -")'));
    await pause(300);
    await takeScreenshot('broker-run-compact');

    // The same in a dark theme: the marks and colours come from the theme.
    const workbench = vscode.workspace.getConfiguration('workbench');
    const previousTheme = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
      await pause(1500);
      await takeScreenshot('broker-run-compact-dark');
    } finally {
      await workbench.update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
    }
  });

  it('a reloaded panel rebuilds the comparison from the observed trace file and the scenario file', async () => {
    assert.ok(traceFile, 'the run of the first test kept its trace');
    const panel = vscode.window.createWebviewPanel(panelViewType, 'Kafka Offsets', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    api.restorePanel(panel, {
      scenario: 'commit-after-process',
      index: 6,
      origin: { kind: 'broker-run', file: traceFile },
      comparison: { scenario: { kind: 'scenario-file', file: scenarioFile }, protocol: 'classic' },
      comparisonView: 'side-by-side',
    });
    const report = await api.waitForPanelRender(
      (r) => r.index === 6 && r.comparison?.agree === true && r.comparison.view === 'side-by-side',
      30_000,
    );
    assert.equal(report.comparison?.summary, 'Agree: 11 steps compared');
    assert.deepEqual(api.state().origin, { kind: 'broker-run', file: traceFile });
    assert.ok(
      await webviewHasElement('#comparison-facts > .fact:has-text("Java clients")'),
      'the facts of the run, read back',
    );
  });

  it('without Kafka jars it says exactly what is needed and offers to fetch them with Maven', async () => {
    const settings = vscode.workspace.getConfiguration('offsetTrace');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-jars-'));
    // The test shares the extension's `vscode` API object: record the error it shows instead of showing it.
    const windowApi = vscode.window as unknown as { showErrorMessage: (...args: unknown[]) => Thenable<unknown> };
    const showErrorMessage = windowApi.showErrorMessage;
    const shown: unknown[][] = [];
    windowApi.showErrorMessage = (...args: unknown[]) => {
      shown.push(args);
      return Promise.resolve(undefined);
    };
    try {
      await settings.update('kafkaJars', empty, vscode.ConfigurationTarget.Global);
      const outcome = await vscode.commands.executeCommand<RunOnKafkaOutcome | undefined>(
        commandIds.runScenarioOnKafka,
        { scenario: 'commit-after-process', bootstrapServers: '127.0.0.1:1', protocol: 'classic' },
      );
      assert.equal(outcome, undefined, 'no run without the jars');
    } finally {
      windowApi.showErrorMessage = showErrorMessage;
      await settings.update('kafkaJars', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(empty, { recursive: true, force: true });
    }
    assert.equal(shown.length, 1, JSON.stringify(shown));
    const [message, ...actions] = shown[0];
    assert.match(String(message), /needs Kafka's Java client jars \(kafka-clients-\*\.jar and its dependencies\)/);
    assert.ok(String(message).includes(`found none in ${empty} (setting offsetTrace.kafkaJars)`), String(message));
    assert.deepEqual(actions, ['Fetch Kafka jars with Maven', 'Set offsetTrace.kafkaJars…', 'Show Log']);
  });
});
