// The broker processes: whether a pid is alive (zombies count as gone), the pid a node's pid file names
// (if it still runs that node), waiting for pids to end, and SIGKILL.

import { readText } from './textFiles.mjs';

/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True while `pid` names a running (not zombie) process. */
export function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  const stat = readText(`/proc/${pid}/stat`);
  if (stat && / Z /.test(stat.slice(stat.lastIndexOf(')')))) return false; // zombie: exited, not yet reaped
  return true;
}

/** A live pid that still runs this node's config (guards against pid reuse); /proc-less systems trust the pid. */
export function nodePid(node) {
  const pid = Number(readText(node.pidFile)?.trim());
  if (!pidAlive(pid)) return undefined;
  const cmdline = readText(`/proc/${pid}/cmdline`);
  if (cmdline !== undefined && !cmdline.includes(node.configFile)) return undefined;
  return pid;
}

/** Waits up to `timeoutMs` for every pid to end; resolves the ones still alive. */
export async function waitUntilStopped(pids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(pidAlive) && Date.now() < deadline) await sleep(100);
  return pids.filter(pidAlive);
}

/** SIGKILLs every pid, then waits (up to 5 s) for them to be gone. */
export async function killAll(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await waitUntilStopped(pids, 5000);
}
