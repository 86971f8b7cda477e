// Hover in scenario files: a Kafka setting's meaning, type and default (and whether the simulator
// models it), a verb's forms, `repeat`, and the file's consumers and partitions.

import * as vscode from 'vscode';
import { hoverTargetAt } from './scenarioCursorContext';
import { isConsumerlessVerb } from './scenarioCompletions';
import { hoverMarkdown } from './scenarioDocs';
import { documentLines, scenarioDocumentSelector } from './scenarioDocuments';
import { outlineOf } from './scenarioOutlineCache';

/** Explains the word under the mouse in a scenario file. */
export class ScenarioHoverProvider implements vscode.HoverProvider {
  /** Registers the provider for scenario files. */
  static register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.languages.registerHoverProvider(scenarioDocumentSelector, new ScenarioHoverProvider()),
    );
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const target = hoverTargetAt(documentLines(document), position, isConsumerlessVerb);
    if (target === undefined) return undefined;
    const markdown = hoverMarkdown(target, outlineOf(document));
    if (markdown === undefined) return undefined;
    return new vscode.Hover(
      new vscode.MarkdownString(markdown),
      new vscode.Range(target.line, target.start, target.line, target.end),
    );
  }
}
