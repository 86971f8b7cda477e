// Getting started inside a real VS Code: the Get Started walkthrough is contributed (its media ship)
// and opens; with no cluster configured and nothing on localhost:9092, the Clusters view offers how to
// start a local Kafka, Add Cluster… and Retry; Show Log reveals the log with the refused connection.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, extensionId, viewIds, walkthroughIds } from '../../../src/vscode/contributions';
import type { OffsetTraceApi } from '../../../src/extension';
import { countColour, readPng, takeScreenshot, webviewHasElement } from '../screenshot';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; markdown?: string; image?: string };
  completionEvents?: string[];
}

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether something accepts TCP connections at `host:port` (within a second). */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Opens the walkthrough and says whether its page shows it. VS Code registers extension walkthroughs
 * asynchronously when its walkthrough service first starts (here: on the first open, since the test
 * settings turn the startup welcome page off), and a page opened before that shows a built-in one:
 * then close it and open again.
 */
async function openWalkthroughPage(): Promise<boolean> {
  for (let attempt = 0; attempt < 4; attempt++) {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughIds.gettingStartedFull, false);
    if (await webviewHasElement('text="Run the demo"')) return true;
    console.log(`[kot-measure] walkthrough not shown yet (attempt ${attempt + 1}); reopening`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await pause(2000);
  }
  return false;
}

describe('Getting started in VS Code', function () {
  this.timeout(60_000);
  let api: OffsetTraceApi;
  let extension: vscode.Extension<OffsetTraceApi>;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('offsetTrace');
  let savedClusters: unknown;

  before(async () => {
    const found = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(found);
    extension = found;
    api = await extension.activate();
    savedClusters = settings().inspect('clusters')?.globalValue;
  });

  after(async () => {
    await settings().update('clusters', savedClusters, vscode.ConfigurationTarget.Global);
    await settings().update('connectionTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the Get Started walkthrough, whose four steps have media that ship, and opens it', async function () {
    this.timeout(90_000);
    const walkthroughs = (
      extension.packageJSON as {
        contributes: { walkthroughs: { id: string; title: string; steps: WalkthroughStep[] }[] };
      }
    ).contributes.walkthroughs;
    const walkthrough = walkthroughs.find((w) => w.id === walkthroughIds.gettingStarted);
    assert.ok(walkthrough, 'the walkthrough is contributed');
    assert.equal(walkthrough.title, 'Kafka Offset Trace: Get Started');
    assert.deepEqual(
      walkthrough.steps.map((step) => step.completionEvents),
      [
        [`onCommand:${commandIds.runDemo}`],
        [`onCommand:${commandIds.debugScenarioFile}`, "onContext:debugType == 'kafka-offsets'"],
        [`onCommand:${commandIds.addCluster}`],
        [`onView:${viewIds.clusters}`, `onCommand:${commandIds.inspectGroup}`],
      ],
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps) {
      const media = step.media.svg ?? step.media.markdown ?? step.media.image;
      assert.ok(media !== undefined && media.startsWith('media/walkthrough/'), `${step.id}: media/walkthrough/`);
      assert.ok(fs.existsSync(path.join(extension.extensionPath, media)), `${media} exists`);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(registered.has(command), `${step.id}: its button's command ${command} is registered`);
      }
    }

    assert.ok(await openWalkthroughPage(), 'the walkthrough page shows its first step');
    assert.ok(await webviewHasElement('text="Kafka Offset Trace: Get Started"'), 'and its title');
    assert.ok(await webviewHasElement('svg[aria-label^="The execution table of the demo"]'), 'the step shows its SVG');
    await pause(1500); // let the step's SVG paint
    const picture = readPng(await takeScreenshot('get-started-walkthrough'));
    // The media webview allows no <style> element: an SVG that relied on one would paint as a black box.
    const black = countColour(picture, { left: 0, top: 0, right: picture.width, bottom: picture.height }, [0, 0, 0], 8);
    assert.ok(black.same < 5000, `the SVG is painted in the theme's colours, not black (${black.same} black pixels)`);
  });

  it('with no cluster configured and nothing on localhost:9092, the Clusters view offers help, Add Cluster… and Retry', async function () {
    if ((await listening('127.0.0.1', 9092)) || (await listening('::1', 9092))) {
      // A real broker (another run's `npm start -- --kafka`) answers there: the help rightly does not show.
      console.log('[kot-skip] something listens on localhost:9092: the local-Kafka help cannot be shown');
      this.skip();
    }
    await settings().update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('connectionTimeoutMs', 3000, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(commandIds.refreshClusters);
    const tree = await api.clustersTree();
    assert.deepEqual(
      tree.map((node) => node.label),
      ['localhost:9092'],
    );
    assert.deepEqual(
      tree[0].children.map((node) => [node.label, node.command]),
      [
        ['No Kafka on localhost:9092', undefined],
        ['Start a Local Kafka…', commandIds.localKafkaHelp],
        ['Add Cluster…', commandIds.addCluster],
        ['Retry', commandIds.refreshClusters],
      ],
    );
    assert.equal(tree[0].children[1].description, 'npm start -- --kafka');
    await vscode.commands.executeCommand(`${viewIds.clusters}.focus`);
    await pause(1500);
    await takeScreenshot('clusters-local-kafka-help');

    await vscode.commands.executeCommand(commandIds.showLog);
    assert.ok(
      await webviewHasElement('.view-line:has-text("ECONNREFUSED")'),
      'the log shows the refused connection to localhost:9092',
    );
    await takeScreenshot('kafka-offset-trace-log');
  });
});
