// Diagnostics of scenario files as you type: the parser's errors and warnings in the Problems view
// and the editor, updated on open, on change (debounced) and cleared on close.

import * as vscode from 'vscode';
import { parseScenarioFile, type ScenarioDiagnostic } from '../../scenarios/scenarioFile';
import { toZeroBasedRange } from './diagnosticRanges';
import { isScenarioDocument } from './scenarioDocuments';

/** Keeps one DiagnosticCollection in step with the open scenario documents. */
export class ScenarioDiagnosticCollection implements vscode.Disposable {
  /** How long typing must pause before a document is parsed again. */
  static readonly debounceMs = 200;
  /** The `source` of every diagnostic (shown in the Problems view). */
  static readonly source = 'Kafka Offsets';

  private readonly collection = vscode.languages.createDiagnosticCollection('offsetTrace.scenario');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  /** Creates the collection, checks the documents already open, and disposes with the extension. */
  static register(context: vscode.ExtensionContext): ScenarioDiagnosticCollection {
    const diagnostics = new ScenarioDiagnosticCollection();
    context.subscriptions.push(diagnostics);
    return diagnostics;
  }

  private constructor() {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.update(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    ];
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  /** Parses `document` now and publishes its diagnostics (or clears them if it is no scenario file). */
  update(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    if (!isScenarioDocument(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const parsed = parseScenarioFile(document.getText(), { fileName: document.fileName });
    this.collection.set(
      document.uri,
      parsed.diagnostics.map((diagnostic) => toVscodeDiagnostic(document, diagnostic)),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isScenarioDocument(document)) return;
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!document.isClosed) this.update(document);
      }, ScenarioDiagnosticCollection.debounceMs),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.cancel(uri);
    this.collection.delete(uri);
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.pending.delete(key);
  }
}

function toVscodeDiagnostic(document: vscode.TextDocument, diagnostic: ScenarioDiagnostic): vscode.Diagnostic {
  const range = toZeroBasedRange(diagnostic);
  const result = new vscode.Diagnostic(
    document.validateRange(new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter)),
    diagnostic.message,
    diagnostic.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  result.source = ScenarioDiagnosticCollection.source;
  return result;
}
