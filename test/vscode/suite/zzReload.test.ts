// A real window reload (this file runs last): the execution-table panel, left at a step, comes back
// after VS Code reloads the window, through the extension's serializer and the webview's saved state.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../../src/vscode/contributions';
import type { OffsetTraceApi } from '../../../src/extension';
import { reloadMarkerFile } from '../reloadPhase';
import { takeScreenshot } from '../screenshot';

describe('Window reload', function () {
  this.timeout(120_000);

  it('restores the panel with its scenario at its step after a real reload', async () => {
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension);
    const api = await extension.activate();
    const marker = reloadMarkerFile();
    if (!fs.existsSync(marker)) {
      // First half: leave the panel at step 5 of commit-before-process, then reload the window.
      await vscode.commands.executeCommand(commandIds.openScenario, 'commit-before-process');
      await api.waitForPanelRender((r) => r.totalSteps === 12 && r.index === 0, 30_000);
      for (let i = 0; i < 4; i++) await vscode.commands.executeCommand(commandIds.step);
      await api.waitForPanelRender((r) => r.totalSteps === 12 && r.index === 4, 30_000);
      fs.writeFileSync(marker, JSON.stringify({ scenario: 'commit-before-process', index: 4 }));
      console.log('[kot-reload] reloading the window; the run after it finishes this test');
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      // This extension host ends with the reload; if it does not, the test times out and fails.
      await new Promise<never>(() => undefined);
    }
    // Second half, in the new window: nothing was opened by hand, VS Code restored the panel.
    const saved = JSON.parse(fs.readFileSync(marker, 'utf8')) as { scenario: string; index: number };
    fs.rmSync(marker);
    const report = await api.waitForPanelRender((r) => r.totalSteps === 12 && r.index === saved.index, 60_000);
    assert.equal(report.rowsInDom, 12);
    assert.equal(api.state().scenario, saved.scenario);
    assert.equal(api.state().index, saved.index);
    await takeScreenshot('after-reload');
  });
});
