// A bare debug adapter protocol client over a child process's stdin/stdout, as nvim-dap or any
// other editor speaks to dist/debugAdapter.js: Content-Length framing, requests, and every message
// kept in arrival order so tests can compare whole exchanges.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A protocol message as it arrived (response or event). */
export type DapMessage = Record<string, unknown> & { readonly type: string; readonly seq: number };

export class DapStdioClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextSeq = 1;
  private readonly received: DapMessage[] = [];
  private waiters: (() => void)[] = [];
  /** Everything the adapter wrote on stderr. */
  stderr = '';

  constructor(command: string, args: readonly string[]) {
    this.child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
  }

  /** Messages received so far, oldest first. */
  get messages(): readonly DapMessage[] {
    return this.received;
  }

  /** Sends any text as one framed message (tests of malformed input). */
  sendRaw(body: string): void {
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  /** Calls `listener` with the exit code when the adapter process ends. */
  onExit(listener: (code: number | null) => void): void {
    if (this.child.exitCode !== null) listener(this.child.exitCode);
    else this.child.once('exit', (code) => listener(code));
  }

  /** Sends a request; returns its sequence number. */
  send(command: string, args?: unknown): number {
    const seq = this.nextSeq++;
    const body = JSON.stringify({ seq, type: 'request', command, ...(args !== undefined ? { arguments: args } : {}) });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
    return seq;
  }

  /** Waits until `count` messages have arrived in all (rejects after `timeoutMs`). */
  async waitForCount(count: number, timeoutMs = 5000): Promise<readonly DapMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`expected ${count} messages, got ${this.received.length}: ${JSON.stringify(this.received)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Waits for the response to request `seq`. */
  async response(seq: number, timeoutMs = 5000): Promise<DapMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => m.type === 'response' && m.request_seq === seq);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no response to request ${seq}`);
      await this.waitForCount(this.received.length + 1, deadline - Date.now());
    }
  }

  /** Ends the adapter process and resolves with its exit code. */
  close(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        resolve(this.child.exitCode);
        return;
      }
      this.child.once('exit', (code) => resolve(code));
      this.child.stdin.end();
      setTimeout(() => this.child.kill(), 2000).unref();
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1] ?? NaN);
      if (!Number.isFinite(length)) throw new Error(`bad header from the adapter: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.received.push(JSON.parse(body) as DapMessage);
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }
}
