// A data dir's cluster.json: the cluster's layout (version, id, nodes and their ports), the paths of each
// node's files, and finding the data dir a --port or --data-dir option means.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { STATE_FILE, TOOLS_DIR } from './locations.mjs';
import { intOption } from './options.mjs';
import { readText } from './textFiles.mjs';

/** The files of node `id` in `dataDir`: its folder, config, log4j config, log, pid file and log dirs. */
export function nodePaths(dataDir, id) {
  const dir = path.join(dataDir, `node-${id}`);
  return {
    dir,
    configFile: path.join(dir, 'server.properties'),
    log4jFile: path.join(dir, 'log4j2.properties'),
    logFile: path.join(dir, 'server.log'),
    pidFile: path.join(dir, 'kafka.pid'),
    logDirs: path.join(dir, 'logs'),
  };
}

/** The cluster recorded in `dataDir` (with every node's paths), or undefined when there is none. */
export function loadState(dataDir) {
  const text = readText(path.join(dataDir, STATE_FILE));
  if (text === undefined) return undefined;
  const state = JSON.parse(text);
  state.dataDir = dataDir;
  state.nodes = state.nodes.map((n) => ({ ...n, ...nodePaths(dataDir, n.id) }));
  return state;
}

/** Records `state` in its data dir (paths are left out: they follow from the data dir). */
export function saveState(state) {
  const { dataDir, nodes, ...rest } = state;
  const saved = {
    ...rest,
    nodes: nodes.map(({ id, port, controllerPort, listeners }) => ({
      id,
      port,
      controllerPort,
      ...(listeners ? { listeners } : {}),
    })),
  };
  fs.writeFileSync(path.join(dataDir, STATE_FILE), JSON.stringify(saved, null, 2) + '\n');
}

/** Every data dir under .tools/kafka that holds a cluster. */
export function listDataDirs() {
  if (!fs.existsSync(TOOLS_DIR)) return [];
  return fs
    .readdirSync(TOOLS_DIR)
    .filter((d) => d.startsWith('data-'))
    .map((d) => path.join(TOOLS_DIR, d))
    .filter((d) => fs.existsSync(path.join(d, STATE_FILE)));
}

/** Resolves the data dir for stop/status: --data-dir, else the default for --port, else any data dir with that port. */
export function findDataDir(opts) {
  if (opts['data-dir']) return path.resolve(opts['data-dir']);
  const port = intOption(opts.port, 'port') ?? 9092;
  const dflt = path.join(TOOLS_DIR, `data-${port}`);
  if (fs.existsSync(path.join(dflt, STATE_FILE))) return dflt;
  for (const dir of listDataDirs()) {
    if (loadState(dir)?.nodes.some((n) => n.port === port)) return dir;
  }
  return dflt;
}
