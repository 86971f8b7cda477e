// Runs the built CLI (dist/cli.js) as a user would, in a child process of this Node, for the tests
// and benchmarks that compare its output with Kafka's own tools.

import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** The built CLI. */
export const cliPath = path.resolve(__dirname, '../../dist/cli.js');

/** What one CLI run gave. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Runs `node dist/cli.js ...args` and resolves when it exits. */
export function runBuiltCli(args: readonly string[]): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, elapsedMs: Date.now() - started }));
  });
}
