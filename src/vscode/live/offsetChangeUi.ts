// The shared steps of the offset commands' UI: a notification while Kafka works, the dry run shown as
// a Markdown table beside the editor, and the modal confirmation that must be answered to apply.

import * as vscode from 'vscode';

/** Runs `work` with a progress notification titled `title`. */
export function withNotificationProgress<T>(title: string, work: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);
}

/** Opens the dry run's Markdown in a preview editor beside the current one. */
export async function showPreview(markdown: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** Asks `question` in a modal warning; true only when the user picks `action`. */
export async function confirmChange(question: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true }, action)) === action;
}
