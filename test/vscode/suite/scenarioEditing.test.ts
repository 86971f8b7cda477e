// Scenario files in a real editor, without any other extension: diagnostics as you type (the right
// line and message, cleared once fixed), completion of verbs after a consumer id, hover on a Kafka
// setting, the Run / Debug / Run on Kafka lenses, and New Scenario… (a starter file with no diagnostic).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../../src/vscode/contributions';
import { takeScreenshot } from '../screenshot';

const source = 'Kafka Offsets';

const badScenario = `name: editing-check
topics:
  orders: { partitions: 2, records: 3 }
consumers:
  c1: { enable.auto.commit: false, max.poll.records: 1 }
actions:
  - c1 start
  - c1 pol
  - repeat 2:
      - c1 poll
      - c1 process "Handle a record"
  - c1 close
`;

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Our diagnostics of `uri` once `predicate` holds (polled; the collection updates ~200 ms after a change). */
async function diagnosticsWhen(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ours = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === source);
    if (predicate(ours)) return ours;
    if (Date.now() > deadline) {
      const seen = ours.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      throw new Error(`${what}: not within ${timeoutMs} ms; diagnostics: ${JSON.stringify(seen)}`);
    }
    await pause(50);
  }
}

function completionLabels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

async function closeEditorOf(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('Scenario files in the editor', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;
  let document: vscode.TextDocument;
  let editor: vscode.TextEditor;

  before(async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is installed`);
    await extension.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(
      registered.has(commandIds.newScenario),
      'the scenario editing features are registered (activate calls registerScenarioEditing)',
    );
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.KOT_TEST_WORKSPACE;
    assert.ok(folder, 'the test window has a workspace folder');
    const file = path.join(folder, 'editing-check.offsets.yaml');
    fs.writeFileSync(file, badScenario);
    uri = vscode.Uri.file(file);
    document = await vscode.workspace.openTextDocument(uri);
    editor = await vscode.window.showTextDocument(document);
  });

  after(async () => {
    if (document !== undefined && !document.isClosed) await closeEditorOf(document);
  });

  it('opens as YAML, and a mistake gets a diagnostic at its line and column with the parser message', async () => {
    assert.equal(document.languageId, 'yaml', 'scenario files keep the yaml language (for the YAML extension)');
    const [problem, ...others] = await diagnosticsWhen(uri, (d) => d.length > 0, 'a diagnostic for "c1 pol"');
    assert.deepEqual(others, [], 'exactly one problem');
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem.message, /unknown verb "pol"/);
    assert.match(problem.message, /Did you mean "poll"\?/);
    assert.deepEqual(
      [problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character],
      [7, 7, 7, 10],
      'the range covers "pol" on line 8',
    );
    await takeScreenshot('scenario-file-diagnostic');
  });

  it('fixing the line clears the diagnostic as you type', async () => {
    const fixed = await editor.edit((edit) => edit.replace(new vscode.Range(7, 7, 7, 10), 'poll'));
    assert.ok(fixed, 'the edit applied');
    await diagnosticsWhen(uri, (d) => d.length === 0, 'no diagnostic once "pol" is "poll"');
  });

  it('completion after "- c1 " offers the consumer verbs with their documentation', async () => {
    const added = await editor.edit((edit) => edit.insert(new vscode.Position(8, 0), '  - c1 \n'));
    assert.ok(added, 'the edit applied');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(8, 7),
    );
    const labels = completionLabels(list);
    for (const verb of ['poll', 'process', 'commitSync', 'commitAsync', 'seek', 'crash', 'restart', 'close']) {
      assert.ok(labels.includes(verb), `${verb} in ${JSON.stringify(labels)}`);
    }
    assert.ok(!labels.includes('wait'), 'wait takes no consumer: not offered after one');
    const poll = list.items.find((item) => item.label === 'poll');
    const documentation = poll?.documentation;
    assert.match(
      typeof documentation === 'string' ? documentation : (documentation?.value ?? ''),
      /max\.poll\.records/,
    );
    // The half-typed line is an error until it gets its verb.
    await diagnosticsWhen(uri, (d) => d.some((x) => x.range.start.line === 8), 'a diagnostic on the half-typed line');
    await editor.edit((edit) => edit.delete(new vscode.Range(8, 0, 9, 0)));
    await diagnosticsWhen(uri, (d) => d.length === 0, 'no diagnostic once the line is gone');
  });

  it("hover on max.poll.records shows Kafka's meaning and default", async () => {
    const line = document.lineAt(4).text;
    const position = new vscode.Position(4, line.indexOf('max.poll.records') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hoverText(hovers);
    assert.match(text, /max\.poll\.records/);
    assert.match(text, /The most records one poll\(\) returns/);
    assert.match(text, /Kafka's default: `500`/);
    assert.match(text, /Modelled by the simulator/);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await pause(500);
    await takeScreenshot('scenario-file-hover');
  });

  it('the file has "▶ Run", "Debug" and "Run on Kafka" lenses on its first line', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const ours = lenses.filter((lens) => lens.command?.command.startsWith('offsetTrace.'));
    assert.deepEqual(
      ours.map((lens) => [lens.command?.title, lens.command?.command, lens.range.start.line]),
      [
        ['▶ Run', commandIds.runScenarioFile, 0],
        ['Debug', commandIds.debugScenarioFile, 0],
        ['Run on Kafka', commandIds.runScenarioOnKafka, 0],
      ],
    );
    assert.equal(String(ours[0].command?.arguments?.[0]), String(uri));
  });

  it('New Scenario… opens a commented starter file that has no diagnostic', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>(commandIds.newScenario);
    assert.ok(created, 'the command returns the new document');
    assert.equal(created.scheme, 'untitled');
    assert.match(created.path, /new-scenario(-\d+)?\.offsets\.yaml$/);
    const starter = vscode.window.activeTextEditor?.document;
    assert.ok(starter, 'the starter file is the active editor');
    assert.equal(String(starter.uri), String(created));
    assert.equal(starter.languageId, 'yaml');
    assert.match(starter.getText(), /^# A Kafka Offset Trace scenario/);
    assert.match(starter.getText(), /repeat 3:/);
    // Its diagnostics are computed (debounced) after the text went in: none …
    await pause(600);
    await diagnosticsWhen(created, (d) => d.length === 0, 'the starter file has no diagnostic');
    // … and the untitled file is checked as you type, as a saved one is.
    const editorOfStarter = await vscode.window.showTextDocument(starter);
    await editorOfStarter.edit((edit) => edit.insert(new vscode.Position(starter.lineCount - 1, 0), '  - c1 pol\n'));
    await diagnosticsWhen(created, (d) => d.some((x) => /unknown verb "pol"/.test(x.message)), 'a typo in the starter');
    await closeEditorOf(starter);
    await diagnosticsWhen(created, (d) => d.length === 0, 'diagnostics cleared when the editor closes');
  });
});
