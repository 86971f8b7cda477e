// The `kafka-offsets` debug session driven as a DAP client drives it (@vscode/debugadapter-testsupport),
// in this process over a socket: launch, stop on entry, threads, stack, scopes, variables, every
// stepping request, breakpoints of every kind, evaluate, goto, restart; and the variables at a stop
// equal the row `run --json` prints for that step, plus the consumer's own lag (docs/debugger.md).

import * as assert from 'node:assert/strict';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OffsetDebugSession } from '../../src/debugger/offsetDebugSession';
import { runCli } from '../../src/cli/cliCommands';
import { writeTraceFile } from '../../src/trace/traceFileIo';
import { runScenarioText } from '../../src/trace/traceLoader';

/** The seed written by hand, as someone else would: its action lines are 14 (start), 16–18 (the loop), 19 (close). */
export const seedScenarioText = `# The seed lesson: read, process, commit, three times.
name: seed-by-hand
title: Commit after processing
summary: Read, process, then commit, three times.
group: orders-app
topics:
  orders: { partitions: 1, records: 3 }
consumers:
  c1:
    enable.auto.commit: false
    auto.offset.reset: earliest
    max.poll.records: 1
actions:
  - c1 start
  - repeat 3:
      - c1 poll
      - c1 process
      - c1 commitSync
  - c1 close
`;

const startLine = 14;
const pollLine = 16;
const processLine = 17;
const commitLine = 18;
const closeLine = 19;

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

interface CliJson {
  readonly steps: readonly Record<string, unknown>[];
}

describe('debug adapter protocol: the kafka-offsets session', function () {
  this.timeout(20_000);
  let folder: string;
  let program: string;
  let server: { port: number; close(): Promise<void> };
  let client: DebugClient;
  let cliSteps: CliJson['steps'];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'offset-dap-'));
    program = path.join(folder, 'seed.offsets.yaml');
    writeFileSync(program, seedScenarioText);
    server = await serveSessions();
    let out = '';
    const code = await runCli(['run', program, '--json'], { out: (t) => (out += t), err: () => undefined }, 'test');
    assert.equal(code, 0);
    cliSteps = (JSON.parse(out) as CliJson).steps;
  });

  after(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(async () => {
    client = new DebugClient('node', 'unused', 'kafka-offsets');
    await client.start(server.port);
  });

  afterEach(async () => {
    await client.stop();
  });

  /** Launches and waits for the first stop, setting breakpoints in the configuration phase. */
  async function launch(
    args: { stopOnEntry?: boolean; program?: string } = {},
    configure: () => Promise<unknown> = async () => undefined,
  ): Promise<DebugProtocol.StoppedEvent> {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      client
        .waitForEvent('initialized')
        .then(configure)
        .then(() => client.configurationDoneRequest()),
      client.launch({ program, stopOnEntry: true, ...args }),
    ]);
    return stopped;
  }

  async function top(threadId = 1): Promise<DebugProtocol.StackFrame> {
    const trace = await client.stackTraceRequest({ threadId });
    assert.equal(trace.body.stackFrames.length, 1, 'one frame per thread: the current step');
    return trace.body.stackFrames[0];
  }

  async function variables(threadId = 1): Promise<Record<string, Record<string, string>>> {
    const frame = await top(threadId);
    const scopes = await client.scopesRequest({ frameId: frame.id });
    const result: Record<string, Record<string, string>> = {};
    for (const scope of scopes.body.scopes) {
      const vars = await client.variablesRequest({ variablesReference: scope.variablesReference });
      result[scope.name] = Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
    }
    return result;
  }

  /**
   * The row of `run --json` as the variables show it: the six, then Consumer Lag, which the row does
   * not hold; the seed's consumer reads uncommitted, so its own lag is log end − position.
   */
  function rowAsVariables(step: number): Record<string, string> {
    const row = cliSteps[step - 1];
    const text = (value: unknown, none: string): string => (value === null ? none : String(value));
    const { position, logEndOffset } = row as { position: number | null; logEndOffset: number | null };
    return {
      'Offset Read': text(row.offsetRead, '-'),
      'Offset Committed': text(row.offsetCommitted, 'No'),
      'Next Offset to Read': text(row.nextOffsetToRead, '-'),
      Position: text(row.position, '-'),
      'Log End Offset': text(row.logEndOffset, '-'),
      Lag: text(row.lag, '-'),
      'Consumer Lag': position === null || logEndOffset === null ? '-' : String(logEndOffset - position),
    };
  }

  async function stepAndWait(request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request();
    return stopped;
  }

  it('advertises exactly what it implements', async () => {
    const response = await client.initializeRequest();
    const caps = response.body ?? {};
    for (const name of [
      'supportsConfigurationDoneRequest',
      'supportsStepBack',
      'supportsConditionalBreakpoints',
      'supportsHitConditionalBreakpoints',
      'supportsLogPoints',
      'supportsDataBreakpoints',
      'supportsGotoTargetsRequest',
      'supportsRestartRequest',
      'supportsEvaluateForHovers',
    ] as const) {
      assert.equal(caps[name], true, name);
    }
    assert.equal(caps.supportsSetVariable, false);
    assert.equal(caps.supportsFunctionBreakpoints, false);
  });

  it('stops on entry at step 1 with the scenario file as source; threads are consumers, scopes partitions', async () => {
    const stopped = await launch();
    assert.equal(stopped.body.reason, 'entry');
    assert.equal(stopped.body.threadId, 1);
    const threads = await client.threadsRequest();
    assert.deepEqual(
      threads.body.threads.map((t) => [t.id, t.name]),
      [[1, 'c1']],
    );
    const frame = await top();
    assert.equal(frame.name, 'Step 1: Start consuming');
    assert.equal(frame.line, startLine);
    assert.equal(frame.column, 5);
    assert.equal(frame.source?.path, program);
    // start only subscribes: c1 owns nothing yet, so its scope is the partition it subscribed to, with
    // the CLI row's values of step 1 (no position until the first poll looks it up).
    assert.deepEqual(await variables(), { 'orders-0': rowAsVariables(1) });
    await stepAndWait(() => client.nextRequest({ threadId: 1 }));
    assert.deepEqual(await variables(), { 'orders-0': rowAsVariables(2) });
    // The contract's six in their order, then the addition.
    assert.deepEqual(Object.keys((await variables())['orders-0']), [
      'Offset Read',
      'Offset Committed',
      'Next Offset to Read',
      'Position',
      'Log End Offset',
      'Lag',
      'Consumer Lag',
    ]);
  });

  it('next, stepBack, stepIn and stepOut move the whole trace one step; the variables are the CLI row', async () => {
    await launch();
    for (const step of [2, 3, 4, 5]) {
      const stopped = await stepAndWait(() => client.nextRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'step');
      assert.deepEqual((await variables())['orders-0'], rowAsVariables(step), `step ${step}`);
    }
    assert.equal((await top()).line, pollLine);
    await stepAndWait(() => client.stepBackRequest({ threadId: 1 }));
    assert.equal((await top()).name, 'Step 4: Commit offset');
    assert.equal((await top()).line, commitLine);
    await stepAndWait(() => client.stepInRequest({ threadId: 1 }));
    await stepAndWait(() => client.stepOutRequest({ threadId: 1 }));
    assert.equal((await top()).name.startsWith('Step 6:'), true);
  });

  it('a line breakpoint inside repeat hits once per iteration; continue past the last ends the session', async () => {
    let verified: DebugProtocol.Breakpoint[] = [];
    await launch({}, async () => {
      const set = await client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: processLine }, { line: 3 }],
      });
      verified = set.body.breakpoints;
    });
    assert.deepEqual(
      verified.map((b) => b.verified),
      [true, false],
    );
    const hits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const stopped = await stepAndWait(() => client.continueRequest({ threadId: 1 }));
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.deepEqual(stopped.body.hitBreakpointIds, [verified[0].id]);
      hits.push(Number(/Step (\d+)/.exec((await top()).name)?.[1]));
      assert.equal((await top()).line, processLine);
    }
    assert.deepEqual(hits, [3, 6, 9]);
    const terminated = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: 1 });
    await terminated;
  });

  it('a conditional breakpoint stops where the condition holds, with the CLI row as variables', async () => {
    await launch({}, () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: commitLine, condition: 'committed == 2 && lag == 1' }],
      }),
    );
    const stopped = await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.equal((await top()).name, 'Step 7: Commit offset');
    assert.deepEqual((await variables())['orders-0'], rowAsVariables(7));
    assert.equal(rowAsVariables(7)['Offset Committed'], '2');
  });

  it('hit conditions, logpoints and a bad condition', async () => {
    let set: DebugProtocol.Breakpoint[] = [];
    const outputs: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => outputs.push(event.body.output));
    await launch({}, async () => {
      set = (
        await client.setBreakpointsRequest({
          source: { path: program },
          breakpoints: [
            { line: pollLine, hitCondition: '3' },
            { line: commitLine, logMessage: 'committed {committed} at step {step}' },
            { line: closeLine, condition: 'lag >' },
          ],
        })
      ).body.breakpoints;
    });
    assert.deepEqual(
      set.map((b) => b.verified),
      [true, true, false],
    );
    assert.match(set[2].message ?? '', /column/);
    const stopped = await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.equal((await top()).name, 'Step 8: Read message');
    assert.deepEqual(
      outputs.filter((o) => o.startsWith('committed')),
      ['committed 1 at step 4\n', 'committed 2 at step 7\n'],
    );
  });

  it('reverse continue goes back to the previous breakpoint, then to the entry', async () => {
    await launch({}, () =>
      client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: processLine }] }),
    );
    await stepAndWait(() => client.gotoRequest({ threadId: 1, targetId: 11 }));
    const back = await stepAndWait(() => client.reverseContinueRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.equal((await top()).name, 'Step 9: Process message');
    await stepAndWait(() => client.reverseContinueRequest({ threadId: 1 }));
    await stepAndWait(() => client.reverseContinueRequest({ threadId: 1 }));
    const entry = await stepAndWait(() => client.reverseContinueRequest({ threadId: 1 }));
    assert.equal(entry.body.reason, 'entry');
    assert.equal((await top()).name, 'Step 1: Start consuming');
  });

  it('goto targets: one per step a line produced; goto moves there', async () => {
    await launch();
    const targets = await client.gotoTargetsRequest({ source: { path: program }, line: commitLine });
    assert.deepEqual(
      targets.body.targets.map((t) => [t.id, t.label]),
      [
        [4, 'Step 4: Commit offset'],
        [7, 'Step 7: Commit offset'],
        [10, 'Step 10: Commit offset'],
      ],
    );
    const stopped = await stepAndWait(() => client.gotoRequest({ threadId: 1, targetId: 7 }));
    assert.equal(stopped.body.reason, 'goto');
    assert.deepEqual((await variables())['orders-0'], rowAsVariables(7));
    await assert.rejects(client.gotoRequest({ threadId: 1, targetId: 99 }), /No step 99/);
  });

  it('a data breakpoint on Offset Committed stops where it changes', async () => {
    await launch();
    // At step 1 c1 has no partition yet; its first poll (step 2) gives it orders-0.
    await stepAndWait(() => client.nextRequest({ threadId: 1 }));
    const frame = await top();
    const scope = (await client.scopesRequest({ frameId: frame.id })).body.scopes[0];
    const info = await client.dataBreakpointInfoRequest({
      variablesReference: scope.variablesReference,
      name: 'Offset Committed',
    });
    assert.ok(info.body.dataId);
    assert.deepEqual(info.body.accessTypes, ['write']);
    const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId as string }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const first = await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    assert.equal(first.body.reason, 'data breakpoint');
    assert.equal((await top()).name, 'Step 4: Commit offset');
    await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    assert.equal((await top()).name, 'Step 7: Commit offset');
    const none = await client.dataBreakpointInfoRequest({ variablesReference: 0, name: 'Offset Committed' });
    assert.equal(none.body.dataId, null);
  });

  it('evaluate: the expression language on the current step; a bad expression is a message', async () => {
    await launch();
    await stepAndWait(() => client.gotoRequest({ threadId: 1, targetId: 7 }));
    const value = async (expression: string, context = 'repl') =>
      (await client.evaluateRequest({ expression, context })).body.result;
    assert.equal(await value('committed'), '2');
    assert.equal(await value('lag'), '1');
    assert.equal(await value('consumerLag'), '1');
    assert.equal(await value('consumerLag == logEnd - position'), 'true');
    assert.equal(await value('committed < position'), 'false');
    assert.equal(await value('consumer'), '"c1"');
    assert.equal(await value('topic', 'hover'), '"orders"');
    assert.equal(await value('next - read'), '1');
    await assert.rejects(client.evaluateRequest({ expression: 'process.exit()', context: 'repl' }), /process/);
  });

  it('pause while stopped reports the current step; restart reloads the file and stops on entry', async () => {
    await launch();
    await stepAndWait(() => client.nextRequest({ threadId: 1 }));
    const paused = await stepAndWait(() => client.pauseRequest({ threadId: 1 }));
    assert.equal(paused.body.reason, 'pause');
    assert.equal((await top()).name, 'Step 2: Read message');
    writeFileSync(program, seedScenarioText.replace('repeat 3:', 'repeat 2:'));
    try {
      const entry = await stepAndWait(() =>
        client.restartRequest({ arguments: { program, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments }),
      );
      assert.equal(entry.body.reason, 'entry');
      const targets = await client.gotoTargetsRequest({ source: { path: program }, line: commitLine });
      assert.equal(targets.body.targets.length, 2, 'the edited file has two iterations');
    } finally {
      writeFileSync(program, seedScenarioText);
    }
  });

  it('a trace file with its scenario file debugs on the scenario file; without it, on a generated source', async () => {
    const { trace } = await runScenarioText(program, seedScenarioText);
    const withSource = path.join(folder, 'seed.offsets-trace.jsonl');
    await writeTraceFile(withSource, trace, { kind: 'scenario', name: 'seed', file: 'seed.offsets.yaml' });
    await launch({ program: withSource });
    assert.equal((await top()).source?.path, program);
    assert.equal((await top()).line, startLine);
    await client.stop();

    client = new DebugClient('node', 'unused', 'kafka-offsets');
    await client.start(server.port);
    const alone = path.join(folder, 'alone.offsets-trace.jsonl');
    await writeTraceFile(alone, trace, { kind: 'recording' });
    await launch({ program: alone }, () =>
      client.setBreakpointsRequest({ source: { name: 'alone', sourceReference: 1 }, breakpoints: [{ line: 7 }] }),
    );
    const frame = await top();
    assert.equal(frame.source?.sourceReference, 1);
    assert.equal(frame.line, 1);
    const source = await client.sourceRequest({ source: frame.source, sourceReference: 1 });
    assert.equal(source.body.content.split('\n')[6], 'Step 7: Commit offset');
    const stopped = await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.equal((await top()).line, 7);
  });

  it('a restart keeps the ids the client was given for its breakpoints', async () => {
    let ids: (number | undefined)[] = [];
    await launch({}, async () => {
      const set = await client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: pollLine }, { line: commitLine }],
      });
      ids = set.body.breakpoints.map((b) => b.id);
    });
    await stepAndWait(() =>
      client.restartRequest({ arguments: { program, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments }),
    );
    await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    const stop = await stepAndWait(() => client.continueRequest({ threadId: 1 }));
    assert.deepEqual(stop.body.hitBreakpointIds, [ids[1]], 'the commitSync breakpoint, by the id it was given');
  });

  it('without stopOnEntry it runs to the first breakpoint; a relative program is resolved against cwd', async () => {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      client
        .waitForEvent('initialized')
        .then(() => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: commitLine }] }))
        .then(() => client.configurationDoneRequest()),
      client.launch({ program: path.basename(program), cwd: folder }),
    ]);
    const stop = await stopped;
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await top()).name, 'Step 4: Commit offset');
    assert.equal((await top()).source?.path, program);
  });

  it('a trace of another tool (only demo --json fields) has a thread for every consumer it names', async () => {
    let out = '';
    await runCli(
      ['demo', '--scenario', 'rebalance', '--json'],
      { out: (t) => (out += t), err: () => undefined },
      'test',
    );
    const steps = (JSON.parse(out) as CliJson).steps;
    const foreign = path.join(folder, 'foreign.offsets-trace.jsonl');
    writeFileSync(
      foreign,
      [
        JSON.stringify({ format: 'kafka-offset-trace', version: 1, origin: { kind: 'recording' } }),
        ...steps.map((step) => JSON.stringify(step)),
      ].join('\n') + '\n',
    );
    await launch({ program: foreign });
    const threads = await client.threadsRequest();
    assert.deepEqual(
      threads.body.threads.map((t) => t.name),
      ['c1', 'c2'],
    );
    const firstOfC2 = steps.findIndex((step) => step.consumer === 'c2') + 1;
    const stopped = await stepAndWait(() => client.gotoRequest({ threadId: 1, targetId: firstOfC2 }));
    assert.equal(stopped.body.threadId, 2, 'the stop names the consumer the step acted on');
  });

  it('an invalid scenario file fails the launch with FILE:LINE:COLUMN lines; a missing program is named', async () => {
    const bad = path.join(folder, 'bad.offsets.yaml');
    writeFileSync(bad, seedScenarioText.replace('c1 process', 'c1 procss'));
    await client.initializeRequest();
    await assert.rejects(
      client.launchRequest({ program: bad } as DebugProtocol.LaunchRequestArguments),
      (error: Error) => error.message.includes(`${bad}:17:`),
    );
    await assert.rejects(
      client.launchRequest({ program: path.join(folder, 'none.offsets.yaml') } as DebugProtocol.LaunchRequestArguments),
      /cannot open it \(no such file\)/,
    );
    await assert.rejects(client.launchRequest({} as DebugProtocol.LaunchRequestArguments), /needs "program"/);
  });
});
