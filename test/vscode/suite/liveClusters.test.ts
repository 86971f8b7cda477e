// Live clusters inside a real VS Code, against the real Kafka the outer runner started
// (test/vscodeSuite.test.ts): the Clusters tree and the Inspect Group panel show what Kafka's own consumer
// group command says, and an unreachable cluster shows an error with a retry action.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../../src/vscode/contributions';
import type { OffsetTraceApi } from '../../../src/extension';
import { describeCells } from '../../../src/kafka/describeRows';
import { takeScreenshot, webviewHasElement } from '../screenshot';

/** A Playwright selector for a table row whose cells hold exactly `cells`, in order. */
function rowWithCells(row: string, cells: readonly string[]): string {
  return `${row}${cells.map((text, i) => `:has(> td:nth-child(${i + 1}):text-is(${JSON.stringify(text)}))`).join('')}`;
}

/** A selector for the panel's fact (`State`, `Members`, `Total lag`, …) showing exactly `value`. */
function fact(name: string, value: string): string {
  return `#facts > .fact:has(> .fact-name:text-is(${JSON.stringify(name)})) > strong:text-is(${JSON.stringify(value)})`;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this suite through test/vscodeSuite.test.ts, which starts a real Kafka`);
  }
  return value;
}

describe('Live clusters in VS Code (real Kafka)', function () {
  this.timeout(90_000);
  let api: OffsetTraceApi;
  let bootstrap: string;
  let groupId: string;
  let expectedRows: string[][];
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('offsetTrace');

  before(async () => {
    bootstrap = requiredEnv('KOT_KAFKA_BOOTSTRAP');
    groupId = requiredEnv('KOT_KAFKA_GROUP');
    expectedRows = JSON.parse(requiredEnv('KOT_KAFKA_EXPECTED_ROWS')) as string[][];
    const extension = vscode.extensions.getExtension<OffsetTraceApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    await settings().update('connectionTimeoutMs', 4000, vscode.ConfigurationTarget.Global);
    await settings().update(
      'clusters',
      [
        { name: 'test-broker', bootstrapServers: bootstrap },
        { name: 'nowhere', bootstrapServers: '127.0.0.1:1' },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });

  after(async () => {
    await settings().update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('connectionTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
  });

  it('the Clusters tree shows the group with the rows and lag of Kafka’s consumer group command', async () => {
    assert.ok(expectedRows.length > 0, 'Kafka’s tool described the group');
    const groups = await api.clusterGroups('test-broker');
    const group = groups.find((g) => g.listing.groupId === groupId);
    assert.ok(group?.description, `group ${groupId} listed and described: ${JSON.stringify(groups)}`);
    assert.equal(group.description.type, 'classic');
    const ours = group.description.rows.map((r) => describeCells(groupId, r));
    assert.deepEqual(ours, expectedRows);
    assert.ok(api.kafkaClientLoaded(), 'the Kafka client is loaded on first use');

    const totalLag = expectedRows.reduce((sum, row) => sum + Number(row[5]), 0);
    const tree = await api.clustersTree();
    const cluster = tree.find((node) => node.label === 'test-broker');
    assert.ok(cluster, 'cluster node');
    const groupNode = cluster.children.find((node) => node.label === groupId);
    assert.ok(groupNode, `group node among ${cluster.children.map((n) => n.label).join(', ')}`);
    // Burrow-like: one sample, a commit with lag and no consumer; Burrow calls that STALL or STOP, ERR for the group.
    assert.equal(
      groupNode.description,
      `Empty · classic · 0 members · lag ${totalLag} · Burrow-like ${totalLag > 0 ? 'ERR' : 'OK'}`,
    );
    assert.equal(groupNode.command, commandIds.inspectGroup);
    const partitions = groupNode.children.find((node) => node.label === 'Partitions');
    const shown = partitions?.children.map((node) => [node.label, node.description]) ?? [];
    assert.equal(shown.length, expectedRows.length);
    expectedRows.forEach((row, i) => {
      assert.equal(shown[i][0], `${row[1]}-${row[2]}`);
      // Burrow's status last: OK without lag; with lag and no consumer, STALL (within the second of its one commit) or STOP.
      const status = Number(row[5]) > 0 ? '(STALL|STOP)' : 'OK';
      assert.match(
        String(shown[i][1]),
        new RegExp(`^committed ${row[3]} · end ${row[4]} · lag ${row[5]} · ${status}$`),
      );
    });
  });

  it('a KIP-848 group shows its real state and member, as Kafka’s tool does (never Dead)', async () => {
    const kip848Group = requiredEnv('KOT_KAFKA_KIP848_GROUP');
    const kip848Rows = JSON.parse(requiredEnv('KOT_KAFKA_KIP848_ROWS')) as string[][];
    const group = (await api.clusterGroups('test-broker')).find((g) => g.listing.groupId === kip848Group);
    assert.ok(group?.description, `group ${kip848Group} described`);
    assert.equal(group.listing.type, 'consumer');
    assert.equal(group.description.type, 'consumer');
    assert.equal(group.description.state, 'Stable');
    assert.equal(group.description.members.length, 1);
    assert.ok((group.description.members[0].memberEpoch ?? 0) > 0, 'a KIP-848 member epoch');
    assert.deepEqual(
      group.description.rows.map((r) => describeCells(kip848Group, r)),
      kip848Rows,
    );
  });

  it('Inspect Group opens a live panel that shows the rows of Kafka’s consumer group command', async () => {
    await vscode.commands.executeCommand(commandIds.inspectGroup, { cluster: 'test-broker', groupId });
    const report = await api.waitForGroupRender((r) => r.groupId === groupId && r.rows === expectedRows.length, 30_000);
    assert.equal(report.points >= 1, true);
    // Every row the panel shows, cell for cell (GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG
    // CONSUMER-ID HOST CLIENT-ID), is the row kafka-consumer-groups.sh --describe printed, in its order.
    assert.ok(expectedRows.length >= 2, `Kafka’s tool described the group: ${JSON.stringify(expectedRows)}`);
    for (const [i, row] of expectedRows.entries()) {
      const selector = rowWithCells(`#describe-rows > tr:nth-child(${i + 1})`, row);
      assert.ok(await webviewHasElement(selector), `row ${i + 1} of the panel is ${row.join(' ')}`);
    }
    assert.ok(await webviewHasElement(`#describe-rows > tr:nth-child(${expectedRows.length})`));
    assert.equal(
      await webviewHasElement(`#describe-rows > tr:nth-child(${expectedRows.length + 1})`),
      false,
      'no row beyond those of Kafka’s tool',
    );
    const totalLag = expectedRows.reduce((sum, row) => sum + Number(row[5]), 0);
    assert.ok(Number.isInteger(totalLag), 'every row has a known lag');
    for (const [name, value] of [
      ['Cluster', 'test-broker'],
      ['State', 'Empty'],
      ['Members', '0'],
      ['Total lag', String(totalLag)],
    ]) {
      assert.ok(await webviewHasElement(fact(name, value)), `the panel shows ${name} ${value}`);
    }
    assert.ok(await webviewHasElement(`#title:text-is(${JSON.stringify(groupId)})`));
    await vscode.commands.executeCommand(`workbench.view.extension.offsetTrace`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await takeScreenshot('inspect-group');
  });

  it('an unreachable cluster gives one error item with a retry action, not a hang', async () => {
    await assert.rejects(api.clusterGroups('nowhere'), /127\.0\.0\.1:1/);
    const tree = await api.clustersTree();
    const nowhere = tree.find((node) => node.label === 'nowhere');
    assert.ok(nowhere);
    assert.equal(nowhere.children.length, 1);
    assert.equal(nowhere.children[0].command, commandIds.refreshClusters);
    assert.match(nowhere.children[0].label, /127\.0\.0\.1:1/);
  });
});
