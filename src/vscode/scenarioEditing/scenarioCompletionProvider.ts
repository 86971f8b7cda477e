// Completion in scenario files: verbs after `- ` and after a consumer id, the file's consumer ids and
// partitions, Kafka setting names (with their meaning and default) under a consumer or the group,
// setting values, topic and top-level keys. The choices come from scenarioCompletions.ts.

import * as vscode from 'vscode';
import { completionContextAt } from './scenarioCursorContext';
import { isConsumerlessVerb, scenarioCompletions, type ScenarioCompletion } from './scenarioCompletions';
import { documentLines, scenarioDocumentSelector } from './scenarioDocuments';
import { outlineOf } from './scenarioOutlineCache';

const kinds: Record<ScenarioCompletion['kind'], vscode.CompletionItemKind> = {
  verb: vscode.CompletionItemKind.Function,
  consumer: vscode.CompletionItemKind.Variable,
  partition: vscode.CompletionItemKind.Constant,
  setting: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  key: vscode.CompletionItemKind.Field,
  keyword: vscode.CompletionItemKind.Keyword,
};

/** Offers what fits at the cursor of a scenario file. */
export class ScenarioCompletionProvider implements vscode.CompletionItemProvider {
  /** Characters after which completion opens by itself: `- c1 |`, `{ a: 1, |`. */
  static readonly triggerCharacters = [' ', ',', '{'];

  /** Registers the provider for scenario files. */
  static register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.languages.registerCompletionItemProvider(
        scenarioDocumentSelector,
        new ScenarioCompletionProvider(),
        ...ScenarioCompletionProvider.triggerCharacters,
      ),
    );
  }

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const context = completionContextAt(documentLines(document), position, isConsumerlessVerb);
    if (context === undefined) return [];
    const range = new vscode.Range(
      position.line,
      position.character - context.prefix.length,
      position.line,
      position.character,
    );
    return scenarioCompletions(context, outlineOf(document)).map((completion) => toItem(completion, range));
  }
}

function toItem(completion: ScenarioCompletion, range: vscode.Range): vscode.CompletionItem {
  const item = new vscode.CompletionItem(completion.label, kinds[completion.kind]);
  item.range = range;
  item.insertText = completion.insertText ?? completion.label;
  item.sortText = completion.sortText;
  if (completion.detail !== undefined) item.detail = completion.detail;
  if (completion.documentation !== undefined) item.documentation = new vscode.MarkdownString(completion.documentation);
  if (completion.retrigger === true) {
    item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest what follows' };
  }
  return item;
}
