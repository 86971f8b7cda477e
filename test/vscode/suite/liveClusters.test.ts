// Live clusters inside a real VS Code, against the real Kafka the outer runner started
// (test/vscodeSuite.test.ts): the Clusters tree and the Inspect Group panel show what Kafka's own consumer
// group command says, and an unreachable cluster shows an error with a retry action.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../../src/vscode/contributions';
import type { OffsetTraceApi } from '../../../src/extension';
import { describeCells } from '../../../src/kafka/describeRows';
import { visibleText } from '../../../src/common/visibleText';
import { faultBroker } from '../faultBroker';
import { pressKeysInWebview, takeScreenshot, webviewHasElement } from '../screenshot';

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
    // Burrow, from the commits in __consumer_offsets: one commit with lag and no consumer since is STALL or STOP, ERR for the group.
    // Time lag: the age of the oldest unread record (produced when the suite started: seconds or minutes).
    assert.match(
      String(groupNode.description),
      new RegExp(
        `^Empty · classic · 0 members · lag ${totalLag} · oldest unread \\d+ (s|min \\d+ s) · Burrow ${totalLag > 0 ? 'ERR' : 'OK'}$`,
      ),
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
        new RegExp(
          `^committed ${row[3]} · end ${row[4]} · lag ${row[5]}${Number(row[5]) > 0 ? ' \\(\\d+ (s|min \\d+ s)\\)' : ''} · ${status}$`,
        ),
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

  it('a share group and a streams group show in the Clusters tree with the rows of their Kafka tools', async () => {
    const shareGroup = requiredEnv('KOT_KAFKA_SHARE_GROUP');
    const streamsGroup = requiredEnv('KOT_KAFKA_STREAMS_GROUP');
    // kafka-share-groups: GROUP TOPIC PARTITION START-OFFSET LAG
    const shareRows = JSON.parse(requiredEnv('KOT_KAFKA_SHARE_ROWS')) as string[][];
    // kafka-streams-groups --verbose: GROUP TOPIC PARTITION CURRENT-OFFSET LEADER-EPOCH LOG-END-OFFSET OFFSET-LAG
    const streamsRows = JSON.parse(requiredEnv('KOT_KAFKA_STREAMS_ROWS')) as string[][];
    assert.equal(shareRows.length, 3);
    assert.equal(streamsRows.length, 3);
    const byLabel = (rows: string[][]): string[][] =>
      [...rows].sort((a, b) => Number(a[2]) - Number(b[2])).map((row) => [`${row[1]}-${row[2]}`, ...row]);
    const tree = await api.clustersTree();
    const cluster = tree.find((node) => node.label === 'test-broker');
    assert.ok(cluster, 'cluster node');
    const groupNode = (id: string): (typeof cluster.children)[number] => {
      const node = cluster.children.find((n) => n.label === id);
      assert.ok(node, `group ${id} among ${cluster.children.map((n) => n.label).join(', ')}`);
      return node;
    };
    const partitionLines = (id: string): [string, string][] =>
      (groupNode(id).children.find((n) => n.label === 'Partitions')?.children ?? [])
        .filter((n) => n.label.startsWith('orders-'))
        .map((n) => [n.label, n.description ?? '']);
    const memberLines = (id: string): string[] =>
      (groupNode(id).children.find((n) => n.label === 'Members')?.children ?? []).map((n) => n.description ?? '');

    assert.match(String(groupNode(shareGroup).description), /^Stable · share · 1 member\b/);
    assert.deepEqual(
      partitionLines(shareGroup),
      byLabel(shareRows).map((row) => [row[0], `start ${row[4]} · lag ${row[5]}`]),
      'share partitions: START-OFFSET and LAG of kafka-share-groups',
    );
    assert.match(memberLines(shareGroup)[0] ?? '', /orders-0, orders-1, orders-2$/);

    assert.match(String(groupNode(streamsGroup).description), /^Stable · streams · 1 member\b/);
    const streamsShown = partitionLines(streamsGroup);
    const streamsExpected = byLabel(streamsRows);
    assert.equal(streamsShown.length, streamsExpected.length);
    streamsExpected.forEach((row, i) => {
      assert.equal(streamsShown[i][0], row[0]);
      assert.ok(
        streamsShown[i][1].startsWith(`committed ${row[4]} · end ${row[6]} · lag ${row[7]}`),
        `${row[0]}: "${streamsShown[i][1]}" has kafka-streams-groups' CURRENT-OFFSET, LOG-END-OFFSET and OFFSET-LAG`,
      );
    });
    assert.match(memberLines(streamsGroup)[0] ?? '', /^active 0:\[0,1,2\]/);
    await vscode.commands.executeCommand('offsetTrace.clusters.focus');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await takeScreenshot('clusters-share-and-streams');

    // Inspect Group on each: the partition table has the columns and the rows of the type's Kafka tool.
    for (const [id, rows, header, shot] of [
      [shareGroup, shareRows, ['GROUP', 'TOPIC', 'PARTITION', 'START-OFFSET', 'LAG'], 'inspect-share-group'],
      [
        streamsGroup,
        streamsRows,
        ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LEADER-EPOCH', 'LOG-END-OFFSET', 'OFFSET-LAG'],
        'inspect-streams-group',
      ],
    ] as const) {
      await vscode.commands.executeCommand(commandIds.inspectGroup, { cluster: 'test-broker', groupId: id });
      const report = await api.waitForGroupRender((r) => r.groupId === id && r.rows >= rows.length, 30_000);
      assert.ok(report.rows >= 3, `${id}: ${report.rows} rows`);
      assert.ok(
        await webviewHasElement(rowWithCells('#describe-header', header).replace(/td:/g, 'th:')),
        `${id}: the header is ${header.join(' ')}`,
      );
      for (const row of rows) {
        assert.ok(
          await webviewHasElement(rowWithCells('#describe-rows > tr', row)),
          `${id}: the panel has the tool's row ${row.join(' ')}`,
        );
      }
      assert.ok(await webviewHasElement(fact('Type', id === shareGroup ? 'share' : 'streams')));
      await takeScreenshot(shot);
    }
  });

  it('Record Group Trace records the group with a status-bar item, stops, and the recording opens in the debugger', async () => {
    await settings().update('recordingIntervalMs', 200, vscode.ConfigurationTarget.Global);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kot-recording-')), 'orders.offsets-trace.jsonl');
    try {
      const started = await vscode.commands.executeCommand<string | undefined>(commandIds.recordGroup, {
        cluster: 'test-broker',
        groupId,
        file,
      });
      assert.equal(started, file);
      const deadline = Date.now() + 30_000;
      while ((api.recordings().running[0]?.progress.samples ?? 0) < 3) {
        assert.ok(Date.now() < deadline, `three samples within 30 s: ${JSON.stringify(api.recordings())}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const status = api.recordings().status;
      assert.ok(status, 'a status-bar item while recording');
      assert.match(status.text, new RegExp(`^\\$\\(record\\) Recording ${groupId} 0:\\d\\d · \\d+ samples$`));
      assert.match(status.tooltip, /Click to stop recording\.$/);
      assert.ok(
        await webviewHasElement(`.statusbar-item:has-text("Recording ${groupId}")`),
        'the status bar shows the recording',
      );
      await takeScreenshot('recording-status-bar');

      const stopped = await vscode.commands.executeCommand<string | undefined>(commandIds.stopRecording);
      assert.equal(stopped, file);
      assert.deepEqual(api.recordings(), { running: [], status: undefined });
      assert.equal(
        await webviewHasElement(`.statusbar-item:has-text("Recording ${groupId}")`, 10_000),
        false,
        'the status-bar item is gone once stopped',
      );
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      const header = JSON.parse(lines[0]) as { origin?: { kind?: string; group?: string } };
      assert.deepEqual([header.origin?.kind, header.origin?.group], ['recording', groupId]);
      assert.ok(lines.length >= 4, `a header and at least three samples: ${lines.length} lines`);

      const debugging = await vscode.debug.startDebugging(undefined, {
        type: 'kafka-offsets',
        request: 'launch',
        name: 'Debug the recording',
        program: file,
        stopOnEntry: true,
      });
      assert.ok(debugging, 'the debugger opened the recording');
      assert.equal(await api.waitForDebugStop((index) => index === 0, 30_000), 0);
      const session = vscode.debug.activeDebugSession;
      assert.ok(session);
      const committed = (await session.customRequest('evaluate', { expression: 'step', context: 'repl' })) as {
        result: string;
      };
      assert.equal(committed.result, '1');
      assert.equal(api.state().totalSteps, lines.length - 1, 'one step per sample');
      await vscode.debug.stopDebugging(session);
    } finally {
      await settings().update('recordingIntervalMs', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
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
    // Time lag two ways, each labelled: the rate estimate and the age of the oldest unread record.
    assert.ok(await webviewHasElement('#estimate:text-matches("^Lag in time .rate estimate.: ")'));
    assert.ok(
      await webviewHasElement(
        '#record-age:text-matches("^Lag in time .record age.: [0-9]+ (s|min [0-9]+ s) .oldest unread record: orders-[01].$")',
      ),
      'the record age of the oldest unread record',
    );
    // Refresh (the button, by keyboard): the host sends only the new lag point, and the chart has both.
    await pressKeysInWebview('#refresh', ['Enter']);
    const refreshed = await api.waitForGroupRender((r) => r.groupId === groupId && r.points > report.points, 30_000);
    assert.ok(refreshed.points >= 2, `the chart keeps the earlier points: ${refreshed.points}`);
    // Burrow, from __consumer_offsets: the group ERR (a commit with lag, no consumer since), each partition's rule.
    assert.ok(await webviewHasElement('#burrow-label:text-is("Burrow ERR")'), 'the panel shows Burrow’s group status');
    assert.ok(
      await webviewHasElement(
        '#burrow-rows > tr:has(> td:text-is("orders-0")):has(> td:text-matches("^(STALL|STOP)$"))',
      ),
      'orders-0 (lag 2, no consumer) is STALL or STOP, with its rule',
    );
    await vscode.commands.executeCommand(`workbench.view.extension.offsetTrace`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await takeScreenshot('inspect-group');
  });

  it('a group named with markup, a terminal escape and an RTL override shows as text in the tree and the panel; no markup runs', async () => {
    const hostile = requiredEnv('KOT_KAFKA_HOSTILE_GROUP');
    assert.match(hostile, /^<img src=x onerror=/);
    const tree = await api.clustersTree();
    const cluster = tree.find((node) => node.label === 'test-broker');
    const node = cluster?.children.find((n) => n.label === visibleText(hostile));
    assert.ok(node, 'the tree item is labelled with the name as visible text');
    assert.match(
      String(node.label),
      /\\x1b\]0;pwned\\x07\\u202eevil$/,
      'the escape and the RTL override are shown, not obeyed',
    );
    await vscode.commands.executeCommand(commandIds.inspectGroup, { cluster: 'test-broker', groupId: hostile });
    await api.waitForGroupRender((r) => r.groupId === hostile && r.rows === 1, 30_000);
    // The name is the title's text and the first cell's (markup shown as characters), with no element in them;
    // no element came out of it in any frame. (Playwright's selector strings cannot carry the control characters.)
    assert.ok(await webviewHasElement('#title:has-text("<img src=x onerror=")'), 'the title shows the markup as text');
    assert.ok(await webviewHasElement('#title:has-text("</script>")'));
    assert.ok(await webviewHasElement('#title:has-text("u202eevil")'), 'the RTL override is shown, not obeyed');
    assert.equal(await webviewHasElement('#title > *', 10_000), false, 'the title holds text only');
    assert.ok(
      await webviewHasElement('#describe-rows > tr > td:first-child:has-text("<img src=x onerror=")'),
      'the first cell shows the markup as text',
    );
    assert.equal(await webviewHasElement('#describe-rows td > *', 10_000), false, 'the cells hold text only');
    assert.equal(await webviewHasElement('img[src="x"]', 10_000), false, 'no <img> was made from the name');
    assert.equal(await webviewHasElement('title:text-is("pwned")', 10_000), false, 'its onerror never ran');
    await takeScreenshot('hostile-group-name');
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

  it('Filter Groups… narrows the tree to matching groups', async () => {
    const groups = await api.clusterGroups('test-broker');
    assert.ok(groups.length > 2, `several groups to filter: ${groups.map((g) => g.listing.groupId).join(', ')}`);
    const children = async (): Promise<string[]> =>
      ((await api.clustersTree()).find((node) => node.label === 'test-broker')?.children ?? []).map((n) => n.label);
    try {
      await vscode.commands.executeCommand(commandIds.filterGroups, groupId.toUpperCase());
      assert.deepEqual(
        await children(),
        groups
          .filter((g) => g.listing.groupId.toLowerCase().includes(groupId.toLowerCase()))
          .map((g) => visibleText(g.listing.groupId)),
      );
      await vscode.commands.executeCommand('offsetTrace.clusters.focus');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await takeScreenshot('clusters-filtered');
      await vscode.commands.executeCommand(commandIds.filterGroups, 'no-such-group-anywhere');
      const none = await children();
      assert.equal(none.length, 1);
      assert.match(none[0], /^No group matches "no-such-group-anywhere" \(of \d+\)$/);
    } finally {
      await vscode.commands.executeCommand(commandIds.clearGroupFilter);
    }
    assert.equal((await children()).length, groups.length);
  });

  it('a broker that stops: the tree and Inspect Group say disconnected and why, keep the last values marked stale with their age, and recover by themselves', async () => {
    const faultGroupId = requiredEnv('KOT_FAULT_KAFKA_GROUP');
    const clusters = settings().get<unknown[]>('clusters') ?? [];
    await settings().update(
      'clusters',
      [...clusters, { name: 'fault-broker', bootstrapServers: requiredEnv('KOT_FAULT_KAFKA_BOOTSTRAP') }],
      vscode.ConfigurationTarget.Global,
    );
    const faultChildren = async (): Promise<{ label: string; description: string | undefined }[]> =>
      ((await api.clustersTree()).find((node) => node.label === 'fault-broker')?.children ?? []).map((n) => ({
        label: n.label,
        description: n.description,
      }));
    /** Polls `check` (false: not yet) until it holds or `ms` pass. */
    const eventually = async (check: () => Promise<boolean>, ms: number, what: string): Promise<void> => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) assert.fail(`not within ${ms} ms: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    let stopped = false;
    try {
      const groups = await api.clusterGroups('fault-broker');
      assert.ok(
        groups.some((g) => g.listing.groupId === faultGroupId && g.description),
        JSON.stringify(groups),
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand(commandIds.inspectGroup, { cluster: 'fault-broker', groupId: faultGroupId });
      await api.waitForGroupRender((r) => r.groupId === faultGroupId && r.rows === 2, 30_000);

      await faultBroker('stop');
      stopped = true;
      // the panel: disconnected, why, and how old the values it keeps are
      await pressKeysInWebview('#refresh', ['Enter']);
      assert.ok(
        await webviewHasElement(
          '#status:text-matches("^Disconnected at .*: .* Showing what was read at .*, [0-9]+ (s|min [0-9]+ s) before .stale.; trying again every [0-9]+ s.$")',
        ),
        'the panel says it is disconnected, why, and how old the values it keeps are',
      );
      assert.ok(await webviewHasElement('#app.stale #describe-rows > tr'), 'the last rows stay, marked stale');
      // the tree: an error item first, then the groups last read, marked stale
      await vscode.commands.executeCommand(commandIds.refreshClusters, 'fault-broker');
      await assert.rejects(api.clusterGroups('fault-broker'), /cannot reach|lost the connection|timed out/);
      const stale = await faultChildren();
      assert.match(stale[0].label, /cannot reach|lost the connection|timed out/);
      const staleGroups = stale.filter((n) => /^stale \d+ s · /.test(String(n.description)));
      assert.equal(staleGroups.length, groups.length, JSON.stringify(stale));
      await vscode.commands.executeCommand('offsetTrace.clusters.focus');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await takeScreenshot('broker-stopped-stale');

      // back again: the next refreshes are current, with nothing marked stale
      await faultBroker('start');
      stopped = false;
      await eventually(
        async () => {
          await vscode.commands.executeCommand(commandIds.refreshClusters, 'fault-broker');
          return api.clusterGroups('fault-broker').then(
            (again) => again.some((g) => g.listing.groupId === faultGroupId && g.description),
            () => false,
          );
        },
        60_000,
        'the tree describes the group again',
      );
      assert.ok((await faultChildren()).every((n) => !/^stale /.test(String(n.description))));
      await eventually(
        async () => {
          await pressKeysInWebview('#refresh', ['Enter']);
          return webviewHasElement('#status:text-matches("^Updated ")', 15_000);
        },
        60_000,
        'the panel is current again',
      );
      // the runner looks for about 5 s before it says that no frame has one
      assert.equal(await webviewHasElement('#app.stale'), false, 'nothing is marked stale any more');
    } finally {
      if (stopped) await faultBroker('start');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await settings().update('clusters', clusters, vscode.ConfigurationTarget.Global);
    }
  });
});
