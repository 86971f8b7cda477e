// The scenario file commands: New Scenario… (a commented starter file), Run Scenario File and
// Debug Scenario File (the file of the argument or of the active editor; anything else is refused).

import * as vscode from 'vscode';
import { isScenarioText, parseScenarioFile } from '../../scenarios/scenarioFile';
import { commandIds } from '../contributions';
import { baseName, freshScenarioName, isScenarioFileName } from './scenarioFileNames';
import { starterScenarioText } from './starterScenario';
import { offsetDebugType } from '../../debugger/debugType';

/** What running a scenario file means; the extension wires it to the trace session and its panel. */
export interface ScenarioFileActions {
  runFile(uri: vscode.Uri): Promise<void>;
}

/** Registers New Scenario…, Run Scenario File and Debug Scenario File. */
export function registerScenarioCommands(context: vscode.ExtensionContext, actions: ScenarioFileActions): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(commandIds.newScenario, () => newScenario()),
    vscode.commands.registerCommand(commandIds.runScenarioFile, async (argument?: unknown) => {
      const uri = await runnableScenario(argument, 'run');
      if (uri !== undefined) await actions.runFile(uri);
    }),
    vscode.commands.registerCommand(commandIds.debugScenarioFile, async (argument?: unknown) => {
      const uri = await runnableScenario(argument, 'debug');
      if (uri === undefined) return;
      const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), {
        type: offsetDebugType,
        request: 'launch',
        name: `Debug ${baseName(uri.path)}`,
        program: uri.fsPath,
        stopOnEntry: true,
      });
      if (!started)
        void vscode.window.showErrorMessage(`Kafka Offsets: could not start debugging ${baseName(uri.path)}.`);
    }),
  );
}

/**
 * Opens a starter scenario in an untitled editor named `new-scenario.offsets.yaml` (in the workspace
 * folder when there is one, so that saving offers that place), and returns its URI.
 */
async function newScenario(): Promise<vscode.Uri> {
  const folder =
    (vscode.window.activeTextEditor &&
      vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)) ??
    vscode.workspace.workspaceFolders?.[0];
  const openPaths = new Set(vscode.workspace.textDocuments.map((document) => document.uri.path));
  const existing = new Set<string>();
  if (folder !== undefined) {
    try {
      for (const [name] of await vscode.workspace.fs.readDirectory(folder.uri)) existing.add(name);
    } catch {
      // An unreadable folder only means no name is known to be taken.
    }
  }
  const pathOf = (fileName: string): string =>
    folder === undefined ? fileName : vscode.Uri.joinPath(folder.uri, fileName).path;
  const name = freshScenarioName((fileName) => existing.has(fileName) || openPaths.has(pathOf(fileName)));
  const fileName = `${name}.offsets.yaml`;
  const uri =
    folder === undefined
      ? vscode.Uri.from({ scheme: 'untitled', path: fileName })
      : vscode.Uri.joinPath(folder.uri, fileName).with({ scheme: 'untitled' });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'yaml') document = await vscode.languages.setTextDocumentLanguage(document, 'yaml');
  const editor = await vscode.window.showTextDocument(document);
  if (document.getText() === '') {
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), starterScenarioText(name)));
  }
  return document.uri;
}

/**
 * The scenario file a command acts on, saved and free of errors, or `undefined` after telling the user
 * why not (no file, not a scenario file, save cancelled, errors in it).
 */
async function runnableScenario(argument: unknown, verb: 'run' | 'debug'): Promise<vscode.Uri | undefined> {
  const target = argument instanceof vscode.Uri ? argument : vscode.window.activeTextEditor?.document.uri;
  if (target === undefined) {
    void vscode.window.showErrorMessage(`Kafka Offsets: open a scenario file (*.offsets.yaml) to ${verb} it.`);
    return undefined;
  }
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Kafka Offsets: cannot read ${baseName(target.path)}: ${message}`);
    return undefined;
  }
  const text = document.getText();
  if (!isScenarioFileName(target.path) && !isScenarioText(text)) {
    void vscode.window.showErrorMessage(
      `Kafka Offsets: ${baseName(target.path)} is not a scenario file: a scenario is a *.offsets.yaml file with topics, consumers and actions. Kafka Offsets: New Scenario… writes one.`,
    );
    return undefined;
  }
  const errors = parseScenarioFile(text, { fileName: target.path }).diagnostics.filter(
    (diagnostic) => diagnostic.severity === 'error',
  );
  if (errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    const showProblems = 'Show Problems';
    void vscode.window
      .showErrorMessage(
        `Kafka Offsets: cannot ${verb} ${baseName(target.path)}: line ${first.line}: ${first.message}${more}`,
        showProblems,
      )
      .then((choice) => {
        if (choice === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    return undefined;
  }
  if (document.isUntitled || document.isDirty) {
    // The runner and the debugger read the file from disk: save it first (an untitled one asks where).
    const saved = await vscode.workspace.save(document.uri);
    if (saved === undefined) return undefined;
    return saved;
  }
  return document.uri;
}
