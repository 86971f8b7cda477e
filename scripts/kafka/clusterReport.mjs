// What start, stop and status report about a cluster: its description (bootstrap servers, nodes, pids,
// logs) as JSON in --json mode, else as a few readable lines.

import * as path from 'node:path';
import { info, isJsonMode } from './cliOutput.mjs';
import { HOST } from './locations.mjs';
import { nodePid } from './processControl.mjs';

/** The cluster `state` as reported, with `extra` fields (status, timings) first. */
export function describeCluster(state, extra) {
  return {
    ...extra,
    kafkaVersion: state.kafkaVersion,
    clusterId: state.clusterId,
    brokers: state.brokers,
    bootstrapServers: state.nodes.map((n) => `${HOST}:${n.port}`).join(','),
    listenerBootstrapServers: Object.fromEntries(
      (state.listeners ?? []).map((l) => [l.name, state.nodes.map((n) => `${HOST}:${n.listeners[l.name]}`).join(',')]),
    ),
    dataDir: state.dataDir,
    nodes: state.nodes.map((n) => ({
      id: n.id,
      port: n.port,
      controllerPort: n.controllerPort,
      listeners: n.listeners ?? {},
      pid: nodePid(n) ?? null,
      log: n.logFile,
    })),
  };
}

/** Prints a description: as JSON on stdout in --json mode, else `headline` and a line per node. */
export function printCluster(d, headline) {
  if (isJsonMode()) {
    process.stdout.write(JSON.stringify(d, null, 2) + '\n');
    return;
  }
  info(headline);
  info(`  bootstrap servers: ${d.bootstrapServers}`);
  for (const n of d.nodes) {
    const extra = Object.entries(n.listeners).map(([name, port]) => `, ${name} ${HOST}:${port}`);
    info(
      `  node ${n.id}: broker ${HOST}:${n.port}${extra.join('')}, controller ${HOST}:${n.controllerPort}, ` +
        (n.pid ? `pid ${n.pid}` : 'not running') +
        `, log ${path.relative(process.cwd(), n.log) || n.log}`,
    );
  }
  info(`  data dir: ${d.dataDir} (cluster id ${d.clusterId})`);
}
