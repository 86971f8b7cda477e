// `stop`: signals the processes recorded in a data dir (all nodes, or --node ID): SIGTERM, then SIGKILL
// after --timeout, or soon after the controller quorum is gone (a controlled shutdown cannot finish then).

import * as fs from 'node:fs';
import { fail, info, isJsonMode, secs, setJsonMode } from './cliOutput.mjs';
import { intOption, parseOptions } from './options.mjs';
import { killAll, nodePid, pidAlive, sleep } from './processControl.mjs';
import { findDataDir, loadState } from './stateFile.mjs';

const QUORUM_LOST_GRACE_MS = 7000; // longer than a KRaft node waits for a lost quorum when it shuts down (~5 s seen)

/**
 * Waits for the SIGTERMed `pids` to end. A broker's controlled shutdown waits (up to 5 min) for the
 * active controller. Once fewer than a majority of the cluster's combined nodes are alive there is
 * none, so after a short grace the wait ends; otherwise it ends after `timeoutMs`. Resolves the pids
 * still alive and why.
 */
async function waitForShutdown(pids, otherNodes, clusterSize, timeoutMs) {
  const majority = Math.floor(clusterSize / 2) + 1;
  const deadline = Date.now() + timeoutMs;
  let quorumLostAt;
  let reason = '';
  let left = pids;
  while (left.length) {
    const alive = left.length + otherNodes.filter((n) => nodePid(n)).length;
    if (alive < majority) quorumLostAt ??= Date.now();
    if (quorumLostAt !== undefined && Date.now() - quorumLostAt > QUORUM_LOST_GRACE_MS) {
      reason = 'no controller quorum left for their controlled shutdown';
      break;
    }
    if (Date.now() > deadline) {
      reason = `still running after ${timeoutMs / 1000}s`;
      break;
    }
    await sleep(100);
    left = left.filter(pidAlive);
  }
  return { left, reason };
}

/** Runs `stop` with its arguments; resolves the exit code. */
export async function cmdStop(argv) {
  const opts = parseOptions(argv, {
    port: 'value',
    'data-dir': 'value',
    node: 'value',
    timeout: 'value',
    json: 'flag',
  });
  setJsonMode(opts.json);
  const timeoutMs = (intOption(opts.timeout, 'timeout') ?? 30) * 1000;
  const dataDir = findDataDir(opts);
  const state = loadState(dataDir);
  if (!state) {
    if (isJsonMode()) process.stdout.write(JSON.stringify({ status: 'not-found', dataDir, stopped: [] }) + '\n');
    else info(`Nothing to stop: no Kafka started from ${dataDir}`);
    return 0;
  }
  const nodeId = intOption(opts.node, 'node');
  const nodes = state.nodes.filter((n) => nodeId === undefined || n.id === nodeId);
  if (nodes.length === 0) fail(`no node ${nodeId} in ${dataDir}`);
  const t0 = Date.now();
  const running = nodes.map((n) => ({ n, pid: nodePid(n) })).filter((x) => x.pid !== undefined);
  for (const { pid } of running) process.kill(pid, 'SIGTERM');
  const others = state.nodes.filter((n) => !running.some((x) => x.n === n));
  const shutdown = await waitForShutdown(
    running.map((x) => x.pid),
    others,
    state.nodes.length,
    timeoutMs,
  );
  let left = shutdown.left;
  const killed = [...left];
  if (left.length) {
    info(`Kafka pid(s) ${left.join(', ')} ${shutdown.reason}: sending SIGKILL`);
    await killAll(left);
    left = left.filter(pidAlive);
  }
  if (left.length) fail(`could not stop pid(s) ${left.join(', ')}`);
  for (const n of nodes) fs.rmSync(n.pidFile, { force: true });
  const result = {
    status: running.length ? 'stopped' : 'not-running',
    dataDir,
    stopped: running.map(({ n, pid }) => ({
      id: n.id,
      pid,
      killed: killed.includes(pid),
    })),
    stopMs: Date.now() - t0,
  };
  if (isJsonMode()) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else if (!running.length) info(`Kafka from ${dataDir} was not running`);
  else
    info(
      `Stopped Kafka node(s) ${running.map(({ n, pid }) => `${n.id} (pid ${pid})`).join(', ')} in ${secs(result.stopMs)}` +
        ` (data kept in ${dataDir})`,
    );
  return 0;
}
