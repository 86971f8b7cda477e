// The scenario documents the editor features apply to: any document whose file name ends with
// `.offsets.yaml` (saved or untitled), whatever language mode it is shown in.

import type * as vscode from 'vscode';
import { isScenarioFileName, scenarioFileGlob } from './scenarioFileNames';

/** The selector every scenario provider registers with. */
export const scenarioDocumentSelector: vscode.DocumentSelector = [{ pattern: scenarioFileGlob }];

/** Whether the editor features apply to `document`. */
export function isScenarioDocument(document: vscode.TextDocument): boolean {
  return isScenarioFileName(document.uri.path) || isScenarioFileName(document.fileName);
}

/** The document's lines, as the cursor helpers read them. */
export function documentLines(document: vscode.TextDocument): string[] {
  return Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
}
