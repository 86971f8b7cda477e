// The webview script of every panel: starts the view the page asks for (`data-panel` on <body>).

import type { GroupPanelState, GroupPanelToHostMessage } from '../panel/groupPanelMessages';
import type { PanelState, WebviewToHostMessage } from '../panel/panelMessages';
import { startExecutionTableView } from './executionTableView';
import { startGroupInspectorView } from './groupInspectorView';
import { acquireApi } from './vscodeApi';

if (document.body.dataset.panel === 'group') {
  startGroupInspectorView(acquireApi<GroupPanelToHostMessage, GroupPanelState>());
} else {
  startExecutionTableView(acquireApi<WebviewToHostMessage, PanelState>());
}
