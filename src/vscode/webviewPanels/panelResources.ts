// What both panels' webviews share: their options (scripts on, resources only from dist/ and media/)
// and the page's resources (the icon, the script and stylesheet URIs, the CSP source, a fresh nonce).

import * as vscode from 'vscode';
import { createNonce } from '../../panel/webviewHtml';

/** Options for a panel's webview: scripts enabled, local resources limited to dist/ and media/. */
export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Sets the panel's icon and returns what its page needs: CSP source, nonce, script and stylesheet URIs. */
export function panelPageResources(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
): { cspSource: string; nonce: string; scriptUri: string; styleUri: string } {
  const webview = panel.webview;
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
  return {
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css')).toString(),
  };
}
