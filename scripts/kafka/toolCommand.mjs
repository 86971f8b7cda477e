// `tool`: runs one of Kafka's CLI tools (an alias or a main class) with the jars' classpath, adding the
// bootstrap servers of a --port / --data-dir cluster when the tool takes them and the args name none.

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fail, info } from './cliOutput.mjs';
import { findJava } from './java.mjs';
import { BOOTSTRAP_ALIASES, resolveToolClass, TOOL_ALIASES, toolJvmOptions } from './kafkaTools.mjs';
import { HOST } from './locations.mjs';
import { classpath, ensureJars } from './maven.mjs';
import { intOption, parseOptions } from './options.mjs';
import { findDataDir, loadState } from './stateFile.mjs';

/** Runs `tool` with its arguments; resolves the tool's exit code. Signals are passed on to its JVM. */
export async function cmdTool(argv) {
  let rest = argv;
  let bootstrap;
  while (rest[0] === '--port' || rest[0] === '--data-dir') {
    const opts = parseOptions(rest.slice(0, 2), {
      port: 'value',
      'data-dir': 'value',
    });
    const state = loadState(findDataDir(opts));
    bootstrap = state
      ? state.nodes.map((n) => `${HOST}:${n.port}`).join(',')
      : opts.port
        ? `${HOST}:${intOption(opts.port, 'port')}`
        : fail(`no Kafka data dir at ${path.resolve(opts['data-dir'])}`);
    rest = rest.slice(2);
  }
  const alias = rest[0];
  if (!alias) fail('tool needs a tool alias or main class, e.g. tool consumer-groups --list');
  const java = findJava();
  ensureJars();
  if (alias === '--list') {
    for (const a of Object.keys(TOOL_ALIASES)) info(`${a.padEnd(20)} ${resolveToolClass(a)}`);
    return 0;
  }
  const args = rest.slice(1);
  if (bootstrap && BOOTSTRAP_ALIASES.has(alias) && !args.some((a) => a.startsWith('--bootstrap-'))) {
    args.unshift('--bootstrap-server', bootstrap);
  }
  const child = spawn(java, [...toolJvmOptions(), '-cp', classpath(), resolveToolClass(alias), ...args], {
    stdio: 'inherit',
  });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}
