// The `kafka-offsets` debugger in a real VS Code (runs after the extension suite, which expects a fresh window): a launch configuration on a scenario file of the
// workspace stops at a conditional breakpoint, steps back, evaluates in the Debug Console, and the
// panel and the Offsets tree follow it; a step taken in the panel moves the debugger; a trace file
// opens in the panel. Screenshots of the editor mid-debug.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../../src/vscode/contributions';
import type { OffsetTraceApi } from '../../../src/extension';
import type { TreeSnapshotNode } from '../../../src/vscode/trace/offsetsTreeProvider';
import { runScenarioText } from '../../../src/trace/traceLoader';
import { writeTraceFile } from '../../../src/trace/traceFileIo';
import { takeScreenshot } from '../screenshot';

/** The seed, written as a user would; the commitSync inside the loop is line 15. */
const seedText = `# Read, process, commit: three times.
name: debug-me
title: Debug me
summary: The seed lesson as a scenario file of the workspace.
group: orders-app
topics:
  orders: { partitions: 1, records: 3 }
consumers:
  c1: { enable.auto.commit: false, auto.offset.reset: earliest, max.poll.records: 1 }
actions:
  - c1 start
  - repeat 3:
      - c1 poll
      - c1 process
      - c1 commitSync
  - c1 close
`;
const commitLine = 15;

/** A debug-protocol message as a tracker sees it (the fields this test reads). */
interface DapMessage {
  readonly type?: string;
  readonly command?: string;
  readonly event?: string;
  readonly body?: { readonly output?: string; readonly stackFrames?: readonly { readonly name?: string }[] };
}

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with a workspace folder');
  return folder;
}

function committedOf(tree: readonly TreeSnapshotNode[]): string | undefined {
  const partition = tree.find((n) => n.label === 'c1')?.children.find((n) => n.label === 'orders-0');
  const variable = partition?.children.find((n) => n.label.startsWith('Offset Committed: '));
  return variable?.label.slice('Offset Committed: '.length);
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Debugging a scenario file', function () {
  this.timeout(120_000);
  let api: OffsetTraceApi;
  let file: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    file = path.join(workspaceFolder().uri.fsPath, 'debug-me.offsets.yaml');
    fs.writeFileSync(file, seedText);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    // Leave the window as the next suite expects it: no editor, no Debug Console in the way.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('stops at a conditional breakpoint, steps back, evaluates; the panel and the tree follow', async () => {
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    // What VS Code and the adapter say to each other, to see that VS Code itself follows every stop.
    const traffic: { readonly fromAdapter: boolean; readonly message: DapMessage }[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('kafka-offsets', {
      createDebugAdapterTracker: () => ({
        onWillReceiveMessage: (message: DapMessage) => traffic.push({ fromAdapter: false, message }),
        onDidSendMessage: (message: DapMessage) => traffic.push({ fromAdapter: true, message }),
      }),
    });
    const vscodeShows = (stepPrefix: string) =>
      until(`VS Code's call stack at ${stepPrefix}`, () =>
        traffic.some(
          (t) =>
            t.fromAdapter &&
            t.message.type === 'response' &&
            t.message.command === 'stackTrace' &&
            t.message.body?.stackFrames?.[0]?.name?.startsWith(stepPrefix) === true,
        )
          ? true
          : undefined,
      );
    vscode.debug.addBreakpoints([
      new vscode.SourceBreakpoint(
        new vscode.Location(uri, new vscode.Position(commitLine - 1, 0)),
        true,
        'committed == 2',
      ),
      new vscode.SourceBreakpoint(
        new vscode.Location(uri, new vscode.Position(commitLine - 2, 0)),
        true,
        undefined,
        undefined,
        'processed offset {read}, committed {committed}',
      ),
    ]);
    const started = await vscode.debug.startDebugging(workspaceFolder(), {
      type: 'kafka-offsets',
      request: 'launch',
      name: 'Debug debug-me',
      program: file,
      stopOnEntry: false,
    });
    assert.equal(started, true);
    const stop = await api.waitForDebugStop((index) => index === 6, 30_000);
    assert.equal(stop, 6, 'the breakpoint stops after step 7 (the second commit)');
    await vscodeShows('Step 7:');
    const logged = traffic
      .filter((t) => t.fromAdapter && t.message.type === 'event' && t.message.event === 'output')
      .map((t) => t.message.body?.output);
    assert.deepEqual(
      logged.filter((text) => text?.startsWith('processed')),
      ['processed offset 0, committed null\n', 'processed offset 1, committed 1\n'],
      'the logpoint printed in the Debug Console at each process before the stop',
    );
    assert.equal(api.state().origin?.kind, 'debug-session');
    const panel = await api.waitForPanelRender((r) => r.index === 6 && r.totalSteps === 11, 30_000);
    assert.equal(panel.totalSteps, 11);
    assert.equal(committedOf(await api.offsetsTree()), '2');

    const session = vscode.debug.activeDebugSession;
    assert.ok(session);
    assert.equal(session.type, 'kafka-offsets');
    const evaluated = (await session.customRequest('evaluate', { expression: 'committed + lag', context: 'repl' })) as {
      result: string;
    };
    assert.equal(evaluated.result, '3');
    const frames = (await session.customRequest('stackTrace', { threadId: 1 })) as {
      stackFrames: { name: string; line: number }[];
    };
    assert.deepEqual(
      frames.stackFrames.map((f) => [f.name, f.line]),
      [['Step 7: Commit offset', commitLine]],
    );

    await vscode.commands.executeCommand('workbench.view.debug');
    await vscode.commands.executeCommand('workbench.debug.action.focusRepl');
    await session.customRequest('evaluate', { expression: 'lag', context: 'repl' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await takeScreenshot('debug-scenario-file');

    await vscode.commands.executeCommand('workbench.action.debug.stepBack');
    await api.waitForDebugStop((index) => index === 5, 15_000);
    await vscodeShows('Step 6:');
    await api.waitForPanelRender((r) => r.index === 5, 15_000);
    assert.equal(committedOf(await api.offsetsTree()), '1', 'step 6: the second record processed, not yet committed');

    // A step taken in the panel's controls (or a clicked row) moves the debugger there.
    await vscode.commands.executeCommand(commandIds.step);
    await api.waitForDebugStop((index) => index === 6, 15_000);
    assert.equal(api.debugStep(), 6);
    await vscode.commands.executeCommand(commandIds.last);
    await api.waitForDebugStop((index) => index === 10, 15_000);
    await vscodeShows('Step 11:');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await takeScreenshot('debug-panel-following');

    const terminated = new Promise<void>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession(() => {
        listener.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await terminated;
    tracker.dispose();
  });

  it('a trace file opens in the panel with its steps', async () => {
    const { trace } = await runScenarioText(file, seedText);
    const traceFile = path.join(workspaceFolder().uri.fsPath, 'debug-me.offsets-trace.jsonl');
    await writeTraceFile(traceFile, trace, { kind: 'scenario', name: 'debug-me', file: 'debug-me.offsets.yaml' });
    await vscode.commands.executeCommand(commandIds.openTraceFile, vscode.Uri.file(traceFile));
    const report = await api.waitForPanelRender((r) => r.totalSteps === 11 && r.index === 0, 30_000);
    assert.equal(report.totalSteps, 11);
    const origin = await until('the trace-file origin', () =>
      api.state().origin?.kind === 'trace-file' ? api.state().origin : undefined,
    );
    assert.deepEqual(origin, { kind: 'trace-file', file: traceFile });
  });
});
