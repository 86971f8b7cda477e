// `status`: reports one cluster (--port / --data-dir; exit code 3 unless it runs fully) or every data
// dir under .tools/kafka, with each node's pid and how many brokers the cluster reports alive.

import { info, isJsonMode, setJsonMode } from './cliOutput.mjs';
import { describeCluster, printCluster } from './clusterReport.mjs';
import { TOOLS_DIR } from './locations.mjs';
import { parseOptions } from './options.mjs';
import { findDataDir, listDataDirs, loadState } from './stateFile.mjs';
import { liveBrokers } from './wireClient.mjs';

/** Runs `status` with its arguments; resolves the exit code. */
export async function cmdStatus(argv) {
  const opts = parseOptions(argv, {
    port: 'value',
    'data-dir': 'value',
    json: 'flag',
  });
  setJsonMode(opts.json);
  const specific = opts.port !== undefined || opts['data-dir'] !== undefined;
  const dirs = specific ? [findDataDir(opts)] : listDataDirs();
  const all = [];
  for (const dir of dirs) {
    const state = loadState(dir);
    if (!state) {
      if (!isJsonMode()) info(`No Kafka data dir at ${dir}`);
      continue;
    }
    const d = describeCluster(state, {});
    const up = d.nodes.filter((n) => n.pid).length;
    d.status = up === d.nodes.length ? 'running' : up === 0 ? 'stopped' : 'partly-running';
    if (up > 0) {
      const n = d.nodes.find((x) => x.pid);
      d.liveBrokers = (await liveBrokers(n.port).catch(() => null))?.length ?? null;
    }
    all.push(d);
    if (!isJsonMode()) printCluster(d, `Kafka ${d.kafkaVersion}: ${d.status} (${up}/${d.nodes.length} nodes up)`);
  }
  if (isJsonMode())
    process.stdout.write(JSON.stringify(specific ? (all[0] ?? { status: 'not-found' }) : all, null, 2) + '\n');
  else if (!specific && all.length === 0) info(`No Kafka data dirs under ${TOOLS_DIR}`);
  return specific && all[0]?.status !== 'running' ? 3 : 0;
}
