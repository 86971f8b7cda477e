// Outer (plain Node) mocha test: runs the integration suite (out/test/vscode/index.js) inside a real VS Code
// via code-server + chromium (test/harness/codeServer.ts) and reports every inner test as an outer mocha
// test, so the summary counts the tests that really ran in VS Code. Full log: .test-output/vscode-tests.log
import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import { Admin, Producer } from '@platformatic/kafka';
import { parseDescribeTable } from '../src/kafka/describeRows';
import { repoRoot, runExtensionTests, type RunExtensionTestsResult } from './harness/codeServer';
import { faultBrokerRequests, faultGroup, startFaultBroker } from './harness/faultBroker';
import { startKafka, startKip848Member, type KafkaCluster } from './live/kafkaBroker';
import { shareGroupFromEarliest, startShareConsumer, startStreamsApp } from './live/groupTypeClients';

// Overrides exist for exercising the harness itself with another extension; normally unset.
const extensionRoot = process.env.KOT_VSCODE_EXTENSION_ROOT ?? repoRoot;
const testsEntry = process.env.KOT_VSCODE_TESTS_ENTRY ?? path.join(extensionRoot, 'out', 'test', 'vscode', 'index.js');
const runTimeoutMs = Number(process.env.KOT_VSCODE_TIMEOUT_MS ?? 5 * 60_000);
const verbose = process.env.KOT_VSCODE_VERBOSE === '1';
const outputDir = path.join(repoRoot, '.test-output');
const screenshotDir = path.join(outputDir, 'screenshots');
const logFile = path.join(outputDir, 'vscode-tests.log');

/** The group the suite inside VS Code inspects: committed offsets on two of three partitions, no members. */
const liveGroup = 'vscode-orders';
/** A KIP-848 group with one active member (Kafka's Java console consumer, group.protocol=consumer). */
const kip848Group = 'vscode-kip848';
/** A share group (Kafka's console share consumer, KIP-932) and a streams group (a Kafka Streams app, KIP-1071). */
const shareGroup = 'vscode-share';
/** A group whose name is markup, a terminal escape and an RTL override: it must show as text everywhere. */
const hostileGroup = '<img src=x onerror="document.title=\'pwned\'"></script>\u001b]0;pwned\u0007\u202eevil';
const streamsGroup = 'vscode-streams';

/** The table rows (header left out) of a Kafka tool's output, as cells. */
function toolRows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(GROUP\s|Error:|Warning:)/.test(line))
    .map((line) => line.split(/\s+/));
}

/**
 * Starts a real Kafka for the suite inside VS Code, gives it a topic with records and a group with
 * committed offsets, and returns the environment that tells the suite where it is and what Kafka's own
 * consumer group command says about the group (the suite compares the extension's view with it).
 */
async function prepareKafka(): Promise<{
  kafka: KafkaCluster;
  members: ChildProcess[];
  stateDir: string;
  env: Record<string, string>;
}> {
  const kafka = await startKafka();
  const members: ChildProcess[] = [];
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-vscode-streams-'));
  try {
    const bootstrapBrokers = [kafka.bootstrapServers];
    const admin = new Admin({ clientId: 'vscode-suite-admin', bootstrapBrokers });
    try {
      await admin.createTopics({ topics: ['orders'], partitions: 3, replicas: 1 });
      await admin.createTopics({ topics: ['orders-out'], partitions: 1, replicas: 1 });
      const producer = new Producer({
        clientId: 'vscode-suite-producer',
        bootstrapBrokers,
        autocreateTopics: false,
        idempotent: true, // a batch re-sent right after topic creation must not duplicate records
      });
      try {
        const counts = [5, 2, 4];
        await producer.send({
          messages: counts.flatMap((count, partition) =>
            Array.from({ length: count }, (_, i) => ({
              topic: 'orders',
              partition,
              value: Buffer.from(`o-${partition}-${i}`),
            })),
          ),
        });
      } finally {
        await producer.close();
      }
      await admin.alterConsumerGroupOffsets({
        groupId: hostileGroup,
        topics: [{ name: 'orders', partitionOffsets: [{ partition: 0, offset: 1n }] }],
      });
      await admin.alterConsumerGroupOffsets({
        groupId: liveGroup,
        topics: [
          {
            name: 'orders',
            partitionOffsets: [
              { partition: 0, offset: 3n },
              { partition: 1, offset: 2n },
            ],
          },
        ],
      });
    } finally {
      await admin.close();
    }
    members.push(startKip848Member(kafka, 'orders', kip848Group));
    await shareGroupFromEarliest(kafka, shareGroup);
    members.push(startShareConsumer(kafka, 'orders', shareGroup));
    members.push(await startStreamsApp(kafka, streamsGroup, 'orders', 'orders-out', stateDir));
    const describe = async (group: string): Promise<string[][]> => {
      const tool = await kafka.runTool('consumer-groups', ['--describe', '--group', group], { timeoutMs: 60_000 });
      if (tool.code !== 0) throw new Error(`kafka-consumer-groups --describe --group ${group} failed: ${tool.stderr}`);
      return parseDescribeTable(tool.stdout);
    };
    // The KIP-848 member owns all three partitions once it has joined.
    let kip848Rows: string[][] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      kip848Rows = await describe(kip848Group).catch(() => []);
      if (kip848Rows.length === 3 && kip848Rows.every((row) => row[6] !== '-')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (kip848Rows.length !== 3)
      throw new Error(`the KIP-848 group never got its member: ${JSON.stringify(kip848Rows)}`);
    // The share and streams groups, once their members have read every record (lag 0 everywhere).
    const settled = async (alias: string, group: string, args: string[], lagColumn: number): Promise<string[][]> => {
      let rows: string[][] = [];
      for (let attempt = 0; attempt < 120; attempt++) {
        const tool = await kafka.runTool(alias, ['--describe', '--group', group, ...args], { timeoutMs: 60_000 });
        rows = tool.code === 0 ? toolRows(tool.stdout).filter((row) => row[1] === 'orders') : [];
        if (rows.length === 3 && rows.every((row) => row[lagColumn] === '0')) return rows;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`${group} never read every record: ${JSON.stringify(rows)}`);
    };
    // kafka-share-groups: GROUP TOPIC PARTITION START-OFFSET LAG;
    // kafka-streams-groups --verbose: GROUP TOPIC PARTITION CURRENT-OFFSET LEADER-EPOCH LOG-END-OFFSET OFFSET-LAG.
    const [shareRows, streamsRows] = await Promise.all([
      settled('share-groups', shareGroup, [], 4),
      settled('streams-groups', streamsGroup, ['--verbose'], 6),
    ]);
    return {
      kafka,
      members,
      stateDir,
      env: {
        KOT_KAFKA_BOOTSTRAP: kafka.bootstrapServers,
        KOT_KAFKA_GROUP: liveGroup,
        KOT_KAFKA_EXPECTED_ROWS: JSON.stringify(await describe(liveGroup)),
        KOT_KAFKA_KIP848_GROUP: kip848Group,
        KOT_KAFKA_KIP848_ROWS: JSON.stringify(kip848Rows),
        KOT_KAFKA_HOSTILE_GROUP: hostileGroup,
        KOT_KAFKA_SHARE_GROUP: shareGroup,
        KOT_KAFKA_SHARE_ROWS: JSON.stringify(shareRows),
        KOT_KAFKA_STREAMS_GROUP: streamsGroup,
        KOT_KAFKA_STREAMS_ROWS: JSON.stringify(streamsRows),
      },
    };
  } catch (error) {
    stopMembers(members);
    await kafka.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the groups' members (the streams app stops cleanly when its stdin closes). */
function stopMembers(members: readonly ChildProcess[]): void {
  for (const member of members) {
    member.stdin?.end();
    member.kill('SIGTERM');
  }
}

function innerFailure(error: string | undefined): Error {
  const text = error ?? 'failed (no error message reported)';
  const err = new Error(text.split('\n')[0]);
  err.stack = text; // show the extension host's stack, not this file's
  return err;
}

function logTail(result: RunExtensionTestsResult, lines: number): string {
  return result.logs
    .filter((l) => !l.startsWith('[code-server]') && !/^\[error\]\s+at /.test(l))
    .slice(-lines)
    .join('\n');
}

describe('VS Code integration tests (code-server)', () => {
  let outcome: RunExtensionTestsResult | undefined;
  let setupError: Error | undefined;

  before(async function () {
    this.timeout(runTimeoutMs + 15 * 60_000); // a fresh machine first installs code-server (~1-2 min)
    let workspaceFolder: string | undefined;
    let kafka: KafkaCluster | undefined;
    let faultKafka: KafkaCluster | undefined;
    let members: ChildProcess[] = [];
    let stateDir: string | undefined;
    try {
      if (!fs.existsSync(testsEntry)) {
        throw new Error(`${testsEntry} is missing: run npm run build first`);
      }
      // the fault broker (stopped and started again by one test) starts beside the main one
      const [main, second] = await Promise.allSettled([prepareKafka(), startFaultBroker()]);
      if (second.status === 'fulfilled') faultKafka = second.value;
      if (main.status === 'rejected') throw main.reason;
      if (second.status === 'rejected') throw second.reason;
      const prepared = main.value;
      const fault = second.value;
      kafka = prepared.kafka;
      members = prepared.members;
      stateDir = prepared.stateDir;
      const onFaultRequest = faultBrokerRequests(fault, screenshotDir);
      workspaceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-vscode-ws-'));
      fs.mkdirSync(outputDir, { recursive: true });
      outcome = await runExtensionTests({
        extensionRoot,
        testsEntry,
        workspaceFolder,
        screenshotDir,
        timeoutMs: runTimeoutMs,
        onLog: (line) => {
          if (verbose) console.log(`      | ${line}`);
          onFaultRequest(line);
        },
        env: { ...prepared.env, KOT_FAULT_KAFKA_BOOTSTRAP: fault.bootstrapServers, KOT_FAULT_KAFKA_GROUP: faultGroup },
      });
      fs.writeFileSync(logFile, `${outcome.logs.join('\n')}\n`);
    } catch (err) {
      setupError = err instanceof Error ? err : new Error(String(err));
      return;
    } finally {
      stopMembers(members);
      await Promise.all([kafka?.stop(), faultKafka?.stop()]);
      if (stateDir !== undefined) fs.rmSync(stateDir, { recursive: true, force: true });
      if (workspaceFolder !== undefined) fs.rmSync(workspaceFolder, { recursive: true, force: true });
    }

    // One outer test per inner test, placed before the final exit-code check. Mocha runs tests that a
    // before hook adds to its own suite (the test list is read after the hooks ran).
    const suite = this.test?.parent;
    if (suite === undefined) throw new Error('mocha gave the before hook no parent suite');
    const finalCheck = suite.tests[suite.tests.length - 1];
    for (const inner of outcome.results) {
      const test =
        inner.state === 'pending'
          ? new Mocha.Test(inner.fullTitle) // no function: mocha reports it as pending
          : new Mocha.Test(inner.fullTitle, () => {
              if (inner.state === 'failed') throw innerFailure(inner.error);
            });
      suite.addTest(test);
    }
    if (finalCheck !== undefined) {
      suite.tests.splice(suite.tests.indexOf(finalCheck), 1);
      suite.tests.push(finalCheck);
    }
  });

  it('the VS Code test run exited with code 0 and ran at least one test', () => {
    if (setupError) throw setupError;
    assert.ok(outcome, 'the harness produced no result');
    const ran = outcome.results.filter((r) => r.state !== 'pending').length;
    const failed = outcome.results.filter((r) => r.state === 'failed').length;
    if (outcome.exitCode === 0 && ran > 0) return;
    const problem =
      outcome.exitCode !== 0
        ? `the VS Code test run exited with code ${outcome.exitCode}`
        : 'the VS Code test run reported no test that ran';
    if (failed > 0 && outcome.error === undefined) {
      assert.fail(`${problem}: ${failed} VS Code test(s) failed (reported above); full log: ${logFile}`);
    }
    assert.fail(
      `${problem}${outcome.error !== undefined ? `: ${outcome.error}` : ''}\n` +
        `last log lines (full log: ${logFile}):\n${logTail(outcome, 40)}`,
    );
  });
});
