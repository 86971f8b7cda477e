// The declarations of a scenario document, read once per document version and shared by completion
// and hover (both ask on almost every keystroke).

import type * as vscode from 'vscode';
import { scenarioOutline, type ScenarioOutline } from './scenarioOutline';

const cache = new WeakMap<vscode.TextDocument, { version: number; outline: ScenarioOutline }>();

/** The outline of the document's current text. */
export function outlineOf(document: vscode.TextDocument): ScenarioOutline {
  const cached = cache.get(document);
  if (cached !== undefined && cached.version === document.version) return cached.outline;
  const outline = scenarioOutline(document.getText());
  cache.set(document, { version: document.version, outline });
  return outline;
}
