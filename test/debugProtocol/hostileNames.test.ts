// Hostile names in the `kafka-offsets` debug session, driven as a DAP client drives it: a trace file
// whose consumers, topics, actions and offsets hold terminal escapes, C1 controls, a bidi override,
// HTML and a 10,000-character name. Every thread, frame, scope, variable, goto target, evaluate
// result, stop description, logpoint line and message shows them as visible escapes (visibleText),
// never raw; an ordinary name comes back byte for byte.

import * as assert from 'node:assert/strict';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { oneLineText, visibleText } from '../../src/common/visibleText';
import { OffsetDebugSession } from '../../src/debugger/offsetDebugSession';

/** What a DAP client must never be handed raw: C0 controls, DEL, C1 controls, bidi embeddings, overrides and isolates. */
const rawControl = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** The same, but line breaks and tabs are allowed: text the client shows on several lines (console, source). */
const rawControlInText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const escapes = '\x1b]0;owned\x07\x1b[31m';
const bidi = 'invoice\u202Egnp.exe';
const c1 = '\u009b31m\u0085';
const html = '<img src=x onerror=alert(1)>';
const script = '</script><script>alert(2)</script>';
/** 10,000 characters, a screen-clearing escape every hundred. */
const long = ('\x1b[2J' + 'g'.repeat(96)).repeat(100);

const hostileConsumer = `${escapes}consumer${bidi}\x7f`;
const htmlConsumer = `${html}${script}`;
const longConsumer = long;
const hostileTopic = `orders${escapes}${c1}`;
const htmlTopic = `${script}${html}`;
const longTopic = `t${long}`;
const hostileOffset = `${escapes}42\u2066`;
const hostileAction = `Read ${escapes}\n${bidi}\t${c1} ${html}`;

interface PartitionFixture {
  readonly consumer: string;
  readonly topic: string;
  readonly offsetRead: number | string;
}

/** The state a step of another tool's trace may carry: each consumer with one partition of its own. */
function stateOf(partitions: readonly PartitionFixture[]): unknown {
  return {
    clockMs: 0,
    group: `group${escapes}`,
    partitions: partitions.map((p) => ({
      topic: p.topic,
      partition: 0,
      logStartOffset: 0,
      logEndOffset: 10,
      committedOffset: 2,
      owner: p.consumer,
      controlOffsets: [],
      lastStableOffset: 10,
    })),
    consumers: partitions.map((p) => ({
      id: p.consumer,
      status: 'running',
      assignment: [{ topic: p.topic, partition: 0 }],
      partitions: [
        {
          topic: p.topic,
          partition: 0,
          offsetRead: p.offsetRead,
          recordInHand: null,
          position: 4,
          committedOffset: 2,
          nextOffsetToRead: 4,
          logEndOffset: 10,
          lag: 8,
          consumerLag: 6,
        },
      ],
      pending: [],
    })),
  };
}

const everyPartition: readonly PartitionFixture[] = [
  { consumer: hostileConsumer, topic: hostileTopic, offsetRead: hostileOffset },
  { consumer: htmlConsumer, topic: htmlTopic, offsetRead: 3 },
  { consumer: longConsumer, topic: longTopic, offsetRead: long },
  { consumer: 'c1', topic: 'orders', offsetRead: 3 },
];

function row(step: number, action: string, consumer: string, topic: string): Record<string, unknown> {
  return {
    step,
    action,
    offsetRead: 3,
    messageProcessed: `Message ${escapes}`,
    offsetCommitted: 2,
    nextOffsetToRead: 4,
    consumer,
    topic,
    partition: 0,
    position: 4,
    logEndOffset: 10,
    lag: 8,
    exception: `${escapes}boom`,
  };
}

/** A trace file of another tool: step 1 carries the whole state, the others a state of their own. */
const traceText =
  [
    {
      format: 'kafka-offset-trace',
      version: 1,
      origin: { kind: 'recording', name: `rec${escapes}` },
      scenario: { name: `rec${escapes}`, title: htmlTopic, group: `group${bidi}` },
    },
    { ...row(1, hostileAction, hostileConsumer, hostileTopic), state: stateOf(everyPartition) },
    { ...row(2, long, longConsumer, longTopic), state: stateOf(everyPartition) },
    { ...row(3, `${html}${script}`, htmlConsumer, htmlTopic), state: stateOf(everyPartition) },
    { ...row(4, 'Commit offset', 'c1', 'orders'), state: stateOf(everyPartition) },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n') + '\n';

/** Serves OffsetDebugSession on a local port, one session per connection (as mock-debug's tests do). */
function serveSessions(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    const session = new OffsetDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Fails naming the field and the first raw control character in it. */
function assertVisible(text: string, what: string, pattern = rawControl): void {
  const found = pattern.exec(text);
  assert.equal(
    found,
    null,
    `${what} holds the raw character U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(text.slice(0, 200))}`,
  );
}

describe('debug adapter protocol: hostile names are shown, never obeyed', function () {
  this.timeout(20_000);
  let folder: string;
  let program: string;
  let server: { port: number; close(): Promise<void> };
  let client: DebugClient;
  const outputs: string[] = [];
  const descriptions: string[] = [];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'offset-dap-hostile-'));
    program = path.join(folder, 'hostile.offsets-trace.jsonl');
    writeFileSync(program, traceText);
    server = await serveSessions();
  });

  after(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(async () => {
    outputs.length = 0;
    descriptions.length = 0;
    client = new DebugClient('node', 'unused', 'kafka-offsets');
    client.on('output', (event: DebugProtocol.OutputEvent) => outputs.push(event.body.output));
    client.on('stopped', (event: DebugProtocol.StoppedEvent) => descriptions.push(event.body.description ?? ''));
    await client.start(server.port);
  });

  afterEach(async () => {
    await client.stop();
  });

  async function launch(configure: () => Promise<unknown> = async () => undefined): Promise<void> {
    const stopped = client.waitForEvent('stopped');
    await Promise.all([
      client
        .waitForEvent('initialized')
        .then(configure)
        .then(() => client.configurationDoneRequest()),
      client.launch({ program, stopOnEntry: true }),
    ]);
    await stopped;
  }

  async function stepAndWait(request: () => Promise<unknown>): Promise<void> {
    const stopped = client.waitForEvent('stopped');
    await request();
    await stopped;
  }

  /** Every thread with its frame, scopes and variables at the current stop. */
  async function everything(): Promise<
    {
      thread: DebugProtocol.Thread;
      frames: DebugProtocol.StackFrame[];
      scopes: { scope: DebugProtocol.Scope; variables: DebugProtocol.Variable[] }[];
    }[]
  > {
    const threads = (await client.threadsRequest()).body.threads;
    const result = [];
    for (const thread of threads) {
      const frames = (await client.stackTraceRequest({ threadId: thread.id })).body.stackFrames;
      const scopes = [];
      for (const frame of frames) {
        for (const scope of (await client.scopesRequest({ frameId: frame.id })).body.scopes) {
          const variables = (await client.variablesRequest({ variablesReference: scope.variablesReference })).body
            .variables;
          scopes.push({ scope, variables });
        }
      }
      result.push({ thread, frames, scopes });
    }
    return result;
  }

  /** Asserts that no name or value at the current stop holds a raw control; returns them for more checks. */
  async function assertStopVisible(): Promise<Awaited<ReturnType<typeof everything>>> {
    const all = await everything();
    assert.equal(all.length, 4, 'a thread per consumer');
    for (const { thread, frames, scopes } of all) {
      assertVisible(thread.name, `thread ${thread.id}`);
      for (const frame of frames) {
        assertVisible(frame.name, `frame of thread ${thread.id}`);
        assertVisible(frame.source?.name ?? '', `source of thread ${thread.id}`);
      }
      assert.ok(scopes.length > 0, `thread ${thread.id} shows its partition`);
      for (const { scope, variables } of scopes) {
        assertVisible(scope.name, `scope of thread ${thread.id}`);
        assert.equal(variables.length, 7, 'the six offsets and Consumer Lag');
        for (const variable of variables) {
          assertVisible(variable.name, `variable name in ${scope.name}`);
          assertVisible(variable.value, `${variable.name} in ${scope.name}`);
        }
      }
    }
    return all;
  }

  it('threads, frames, scopes and every variable show escapes written out; an ordinary name is unchanged', async () => {
    await launch();
    const all = await assertStopVisible();
    assert.deepEqual(
      all.map(({ thread }) => thread.name),
      [oneLineText(hostileConsumer), oneLineText(htmlConsumer), oneLineText(longConsumer), 'c1'],
    );
    const [hostile, htmlThread, longThread, ordinary] = all;
    assert.equal(hostile.thread.name, '\\x1b]0;owned\\x07\\x1b[31mconsumerinvoice\\u202egnp.exe\\u007f');
    // HTML is text to a DAP client: shown as written, the client never renders it.
    assert.equal(htmlThread.thread.name, `${html}${script}`);
    // visibleText does not shorten: the 10,000-character name comes whole, each ESC as four characters.
    assert.equal(longThread.thread.name.length, 10_000 + 3 * 100);
    assert.ok(longThread.thread.name.startsWith(`\\x1b[2J${'g'.repeat(96)}\\x1b[2J`));

    // Every frame is step 1, whose action holds escapes, a line break, a tab and C1 controls.
    const frameName = 'Step 1: Read \\x1b]0;owned\\x07\\x1b[31m\\ninvoice\\u202egnp.exe\\t\\u009b31m\\u0085 ' + html;
    for (const { frames } of all)
      assert.deepEqual(
        frames.map((f) => f.name),
        [frameName],
      );
    assert.deepEqual(descriptions, [frameName], 'the stopped event describes the step the same way');

    assert.deepEqual(
      hostile.scopes.map(({ scope }) => scope.name),
      ['orders\\x1b]0;owned\\x07\\x1b[31m\\u009b31m\\u0085-0'],
    );
    assert.equal(hostile.scopes[0].variables[0].name, 'Offset Read');
    assert.equal(hostile.scopes[0].variables[0].value, '\\x1b]0;owned\\x07\\x1b[31m42\\u2066');
    assert.deepEqual(
      htmlThread.scopes.map(({ scope }) => scope.name),
      [`${script}${html}-0`],
    );
    assert.equal(longThread.scopes[0].scope.name, `t${visibleText(long)}-0`);
    assert.equal(longThread.scopes[0].variables[0].value, visibleText(long));

    // The ordinary consumer: names and values byte for byte as the trace has them.
    assert.deepEqual(
      ordinary.scopes.map(({ scope }) => scope.name),
      ['orders-0'],
    );
    assert.deepEqual(
      ordinary.scopes[0].variables.map((v) => [v.name, v.value]),
      [
        ['Offset Read', '3'],
        ['Offset Committed', '2'],
        ['Next Offset to Read', '4'],
        ['Position', '4'],
        ['Log End Offset', '10'],
        ['Lag', '8'],
        ['Consumer Lag', '6'],
      ],
    );
  });

  it('every later step too: the 10,000-character action, the HTML action, the ordinary one', async () => {
    await launch();
    const expected = [oneLineText(`Step 2: ${long}`), `Step 3: ${html}${script}`, 'Step 4: Commit offset'];
    for (const [index, name] of expected.entries()) {
      await stepAndWait(() => client.nextRequest({ threadId: 1 }));
      const all = await assertStopVisible();
      for (const { frames } of all)
        assert.deepEqual(
          frames.map((f) => f.name),
          [name],
          `step ${index + 2}`,
        );
    }
    assert.equal(descriptions.length, 4);
    for (const description of descriptions) assertVisible(description, 'a stopped event');
    assert.equal(descriptions[3], 'Step 4: Commit offset');
  });

  it('evaluate shows a hostile string quoted with its escapes visible; an ordinary one as before', async () => {
    await launch();
    const value = async (expression: string, context = 'repl') =>
      (await client.evaluateRequest({ expression, context })).body.result;
    const consumer = await value('consumer');
    const topic = await value('topic', 'hover');
    for (const result of [consumer, topic]) assertVisible(result, 'an evaluate result');
    // JSON writes a C0 control as \u001b; visibleText adds what JSON leaves raw: DEL, C1, bidi.
    assert.equal(consumer, '"\\u001b]0;owned\\u0007\\u001b[31mconsumerinvoice\\u202egnp.exe\\u007f"');
    assert.equal(topic, '"orders\\u001b]0;owned\\u0007\\u001b[31m\\u009b31m\\u0085"');
    assert.equal(await value('read'), '3');
    await stepAndWait(() => client.gotoRequest({ threadId: 1, targetId: 4 }));
    assert.equal(await value('consumer'), '"c1"');
    assert.equal(await value('topic'), '"orders"');
    await stepAndWait(() => client.gotoRequest({ threadId: 1, targetId: 2 }));
    const longResult = await value('consumer');
    assertVisible(longResult, 'the long consumer evaluated');
    assert.equal(longResult, JSON.stringify(long));
    await assert.rejects(
      client.evaluateRequest({ expression: `"${escapes}${bidi}`, context: 'repl' }),
      (error: Error) => {
        assertVisible(error.message, 'an evaluate error', rawControlInText);
        return true;
      },
    );
  });

  it('the generated source, goto targets, logpoints and data breakpoints write the escapes out too', async () => {
    await launch(() =>
      client.setBreakpointsRequest({
        source: { name: 'hostile', sourceReference: 1 },
        breakpoints: [
          { line: 2, logMessage: 'at {consumer} on {topic}' },
          { line: 3, logMessage: 'at {consumer} on {topic}' },
          { line: 4 },
        ],
      }),
    );
    const source = await client.sourceRequest({ source: { sourceReference: 1 }, sourceReference: 1 });
    const lines = source.body.content.split('\n');
    for (const line of lines) assertVisible(line, 'a line of the generated source', rawControlInText);
    assert.equal(lines.length, 5, 'one line per step, then the end');
    assert.equal(lines[0], visibleText(`Step 1: ${hostileAction.replace('\n', ' ')}`));
    assert.equal(lines[3], 'Step 4: Commit offset');

    const targets = await client.gotoTargetsRequest({ source: { sourceReference: 1 }, line: 1 });
    assert.deepEqual(
      targets.body.targets.map((t) => t.label),
      [oneLineText(`Step 1: ${hostileAction}`)],
    );

    // A logpoint prints the step's names into the debug console, which obeys ANSI escapes.
    await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    const logged = outputs.filter((o) => o.startsWith('at '));
    assert.deepEqual(logged, [
      `at ${visibleText(long)} on t${visibleText(long)}\n`,
      `at ${htmlConsumer} on ${htmlTopic}\n`,
    ]);

    // A data breakpoint on a hostile partition: described visibly, set from the id it was given.
    const hostileThread = 1;
    await stepAndWait(() => client.gotoRequest({ threadId: hostileThread, targetId: 1 }));
    const frame = (await client.stackTraceRequest({ threadId: hostileThread })).body.stackFrames[0];
    const scope = (await client.scopesRequest({ frameId: frame.id })).body.scopes[0];
    const info = await client.dataBreakpointInfoRequest({
      variablesReference: scope.variablesReference,
      name: 'Offset Read',
    });
    assertVisible(info.body.description, 'a data breakpoint description');
    assert.equal(info.body.description, `Offset Read of ${scope.name} (${oneLineText(hostileConsumer)}) changes`);
    const set = await client.setDataBreakpointsRequest({
      breakpoints: [
        { dataId: info.body.dataId as string },
        { dataId: JSON.stringify([hostileConsumer, `${bidi}-0`, 'Lag']) },
        { dataId: `${escapes}${bidi}` },
      ],
    });
    const [dataBreakpoint] = set.body.breakpoints;
    assert.equal(dataBreakpoint.verified, true, 'the raw key round-trips');
    for (const breakpoint of set.body.breakpoints.slice(1)) {
      assert.equal(breakpoint.verified, false);
      assertVisible(breakpoint.message ?? '', 'a breakpoint message', rawControlInText);
      assert.match(breakpoint.message ?? '', /\\x1b\]0;owned\\x07/);
    }
    for (const output of outputs) assertVisible(output, 'an output event', rawControlInText);
  });
});
