// dist/debugAdapter.js driven over stdin/stdout exactly as an outside DAP client drives it, against
// recorded exchanges (test/debugProtocol/recordings/*.dap.json): each request of a recording is sent
// in order and the adapter must answer with exactly the recorded messages (sequence numbers aside,
// the fixture's path written as ${program}). To re-record after a deliberate change:
// OFFSET_TRACE_RECORD_DAP=1 npm run test:unit -- test/debugProtocol/standaloneAdapter.test.ts

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DapStdioClient, type DapMessage } from '../support/dapStdioClient';

const adapter = path.resolve(__dirname, '../../dist/debugAdapter.js');
const recordings = path.join(__dirname, 'recordings');
const recording = process.env.OFFSET_TRACE_RECORD_DAP === '1';

/** One request of an exchange and what the adapter answers before the next request. */
interface ExchangeStep {
  readonly send: { readonly command: string; readonly arguments?: unknown };
  /** In recording mode: what must have arrived before moving on (`response`, `event:stopped`, …). */
  readonly waitFor: readonly string[];
  readonly expect?: readonly unknown[];
}

interface Exchange {
  readonly description: string;
  readonly program: string;
  readonly steps: readonly ExchangeStep[];
}

/** A message without its sequence number, with the fixture's absolute path as `${program}`. */
function normalise(message: DapMessage, program: string): unknown {
  const rest: Record<string, unknown> = { ...message };
  delete rest.seq;
  return JSON.parse(JSON.stringify(rest).split(JSON.stringify(program).slice(1, -1)).join('${program}'));
}

function substitute(value: unknown, program: string): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value).split('${program}').join(JSON.stringify(program).slice(1, -1)));
}

function arrived(messages: readonly DapMessage[], from: number, wanted: string): boolean {
  return messages
    .slice(from)
    .some((m) =>
      wanted === 'response' ? m.type === 'response' : m.type === 'event' && `event:${String(m.event)}` === wanted,
    );
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
}

describe('the standalone debug adapter (dist/debugAdapter.js over stdio), recorded exchanges', function () {
  this.timeout(30_000);
  const files = readdirSync(recordings).filter((name) => name.endsWith('.dap.json'));

  it('is built, and there are recordings to replay', () => {
    assert.ok(existsSync(adapter), `${adapter} is missing: run node esbuild.js`);
    assert.ok(files.length >= 3, `recordings in ${recordings}`);
  });

  for (const name of files) {
    it(name.replace(/\.dap\.json$/, ''), async () => {
      const file = path.join(recordings, name);
      const exchange = JSON.parse(readFileSync(file, 'utf8')) as Exchange;
      const program = path.join(recordings, exchange.program);
      const client = new DapStdioClient(process.execPath, [adapter]);
      const recorded: ExchangeStep[] = [];
      try {
        for (const [index, step] of exchange.steps.entries()) {
          const before = client.messages.length;
          client.send(step.send.command, substitute(step.send.arguments, program));
          if (recording) {
            const deadline = Date.now() + 5000;
            while (!step.waitFor.every((wanted) => arrived(client.messages, before, wanted))) {
              assert.ok(
                Date.now() < deadline,
                `step ${index + 1} (${step.send.command}): waiting for ${step.waitFor.join(', ')}`,
              );
              await client.waitForCount(client.messages.length + 1, deadline - Date.now());
            }
            await settle();
            recorded.push({ ...step, expect: client.messages.slice(before).map((m) => normalise(m, program)) });
          } else {
            const expected = step.expect ?? [];
            await client.waitForCount(before + expected.length);
            await settle();
            const actual = client.messages.slice(before).map((m) => normalise(m, program));
            assert.deepEqual(actual, expected, `step ${index + 1}: ${step.send.command}`);
          }
        }
      } finally {
        await client.close();
      }
      assert.equal(client.stderr, '', 'nothing on stderr');
      if (recording) writeFileSync(file, `${JSON.stringify({ ...exchange, steps: recorded }, null, 2)}\n`);
    });
  }

  it('survives a malformed message (one line on the console, no exit), answers setVariable with an error, and ends on disconnect', async function () {
    if (recording) this.skip();
    const client = new DapStdioClient(process.execPath, [adapter]);
    const exited = new Promise<number | null>((resolve) => client.onExit(resolve));
    try {
      client.sendRaw('{{{{{');
      client.sendRaw('null');
      const init = await client.response(client.send('initialize', { adapterID: 'kafka-offsets' }));
      assert.equal(init.success, true, 'still answering after two malformed messages');
      const ignored = client.messages.filter((m) => m.type === 'event' && m.event === 'output');
      assert.equal(ignored.length, 2);
      const setVariable = await client.response(
        client.send('setVariable', { variablesReference: 1000, name: 'Lag', value: '0' }),
      );
      assert.equal(setVariable.success, false);
      const bad = await client.response(client.send('setDataBreakpoints', {}));
      assert.doesNotMatch(String(bad.message ?? ''), /\n\s+at /, 'no stack trace in an error');
      await client.response(client.send('disconnect', {}));
      const code = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve('still running'), 3000)),
      ]);
      assert.equal(code, 0, 'the adapter process ends after disconnect');
    } finally {
      await client.close();
    }
    assert.equal(client.stderr, '');
  });
});
