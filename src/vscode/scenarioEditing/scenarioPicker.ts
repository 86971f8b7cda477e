// The quick pick of scenarios that Open Scenario… and Run Scenario on Kafka share: the built-in
// scenarios, then the scenario files of the workspace.

import * as vscode from 'vscode';
import { builtInScenarios } from '../../scenarios/builtInScenarios';

/** What was picked: a built-in scenario's name, or a scenario file. */
export type PickedScenario = { readonly builtIn: string } | { readonly file: vscode.Uri };

/** Shows the pick; undefined when it was dismissed. */
export async function pickScenario(title: string, placeHolder: string): Promise<PickedScenario | undefined> {
  const workspaceFiles = await vscode.workspace.findFiles('**/*.offsets.{yaml,yml}', '**/node_modules/**', 500);
  type Item = vscode.QuickPickItem & { readonly builtIn?: string; readonly file?: vscode.Uri };
  const items: Item[] = [
    { label: 'Built-in scenarios', kind: vscode.QuickPickItemKind.Separator },
    ...builtInScenarios().map((scenario) => ({
      label: scenario.name,
      description: scenario.title,
      detail: scenario.summary,
      builtIn: scenario.name,
    })),
  ];
  if (workspaceFiles.length > 0) {
    items.push({ label: 'Scenario files in the workspace', kind: vscode.QuickPickItemKind.Separator });
    for (const uri of workspaceFiles.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      items.push({ label: vscode.workspace.asRelativePath(uri), file: uri, iconPath: vscode.ThemeIcon.File });
    }
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDetail: true });
  if (picked?.builtIn) return { builtIn: picked.builtIn };
  if (picked?.file) return { file: picked.file };
  return undefined;
}
