// A real window reload (this file runs last): the execution-table panel, showing a scenario file of
// the workspace (not a built-in) at a step, comes back after VS Code reloads the window, through the
// extension's serializer and the webview's saved state, which carries the trace's origin.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../../src/vscode/contributions';
import type { OffsetTraceApi } from '../../../src/extension';
import { reloadMarkerFile } from '../reloadPhase';
import { takeScreenshot } from '../screenshot';

describe('Window reload', function () {
  this.timeout(120_000);

  it('restores a scenario file (not a built-in) at its step after a real reload', async () => {
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension);
    const api = await extension.activate();
    const marker = reloadMarkerFile();
    if (!fs.existsSync(marker)) {
      // First half: open a scenario file of the workspace, leave the panel at step 5, reload the window.
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder);
      const file = path.join(folder, 'reload-me.offsets.yaml');
      fs.writeFileSync(
        file,
        [
          'name: reload-me',
          'title: Reload me',
          'topics:',
          '  orders: { partitions: 1, records: 4 }',
          'consumers:',
          '  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.records: 1 }',
          'actions:',
          '  - c1 start',
          '  - repeat 4:',
          '      - c1 poll',
          '      - c1 process',
          '      - c1 commitSync',
          '  - c1 close',
          '',
        ].join('\n'),
      );
      await api.openFile(file);
      await api.waitForPanelRender((r) => r.totalSteps === 14 && r.index === 0, 30_000);
      for (let i = 0; i < 4; i++) await vscode.commands.executeCommand(commandIds.step);
      await api.waitForPanelRender((r) => r.totalSteps === 14 && r.index === 4, 30_000);
      fs.writeFileSync(marker, JSON.stringify({ scenario: 'reload-me', index: 4, file }));
      console.log('[kot-reload] reloading the window; the run after it finishes this test');
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      // This extension host ends with the reload; if it does not, the test times out and fails.
      await new Promise<never>(() => undefined);
    }
    // Second half, in the new window: nothing was opened by hand, VS Code restored the panel.
    const saved = JSON.parse(fs.readFileSync(marker, 'utf8')) as { scenario: string; index: number; file: string };
    fs.rmSync(marker);
    const report = await api.waitForPanelRender((r) => r.totalSteps === 14 && r.index === saved.index, 60_000);
    assert.equal(report.rowsInDom, 14);
    assert.equal(api.state().scenario, saved.scenario);
    assert.deepEqual(api.state().origin, { kind: 'scenario-file', file: saved.file });
    assert.equal(api.state().index, saved.index);
    await takeScreenshot('after-reload');
  });
});
