// `start`: brings up the cluster of a data dir (planning a new one when it has none), starting only the
// nodes not running, and waits until every node serves metadata listing all brokers. Idempotent.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, info, isJsonMode, secs, setJsonMode } from './cliOutput.mjs';
import { BROKER_LOG4J, brokerProperties } from './brokerProperties.mjs';
import { describeCluster, printCluster } from './clusterReport.mjs';
import { planCluster } from './clusterPlan.mjs';
import { findJava } from './java.mjs';
import { HOST, TOOLS_DIR } from './locations.mjs';
import { ensureJars } from './maven.mjs';
import { formatStorage, launchNode } from './nodeLaunch.mjs';
import { intOption, parseListener, parseOptions } from './options.mjs';
import { portFree } from './ports.mjs';
import { killAll, nodePid, pidAlive, sleep } from './processControl.mjs';
import { loadState, saveState } from './stateFile.mjs';
import { readText, tailFile } from './textFiles.mjs';
import { liveBrokers } from './wireClient.mjs';

const START_OPTIONS = {
  port: 'value',
  brokers: 'value',
  'data-dir': 'value',
  heap: 'value',
  override: 'list',
  listener: 'list',
  'add-scram': 'list',
  timeout: 'value',
  json: 'flag',
};

/** The start options, checked: fails on a malformed one before anything is started. */
function checkedStartOptions(opts) {
  const listeners = opts.listener.map(parseListener);
  for (const s of opts['add-scram'])
    if (!/^SCRAM-SHA-(256|512)=\[.+\]$/.test(s))
      fail(`--add-scram must look like SCRAM-SHA-512=[name=U,password=P], got '${s}'`);
  const askedPort = intOption(opts.port, 'port');
  const askedBrokers = intOption(opts.brokers, 'brokers', [1, 3]);
  const timeoutMs = (intOption(opts.timeout, 'timeout') ?? 120) * 1000;
  const heap = opts.heap ?? '512m';
  if (!/^\d+[mMgG]$/.test(heap)) fail(`--heap must look like 512m, got '${heap}'`);
  for (const kv of opts.override) if (!/^[\w.-]+=/.test(kv)) fail(`--override must be key=value, got '${kv}'`);
  return { listeners, askedPort, askedBrokers, timeoutMs, heap };
}

/** The cluster recorded in `dataDir` (checked against the options), or a new one planned and recorded there. */
async function existingOrNewCluster(dataDir, opts, checked, kafkaVersion) {
  const { listeners, askedPort, askedBrokers } = checked;
  const state = loadState(dataDir);
  if (state) {
    if (askedBrokers && askedBrokers !== state.brokers)
      fail(
        `${dataDir} holds a ${state.brokers}-broker cluster; stop it and use another --data-dir (or delete that one)`,
      );
    if (askedPort && askedPort !== state.nodes[0].port)
      fail(`${dataDir} holds a cluster on port ${state.nodes[0].port}, not ${askedPort}`);
    const had = (state.listeners ?? []).map((l) => `${l.name}:${l.protocol}`).join(',');
    if (listeners.length && listeners.map((l) => `${l.name}:${l.protocol}`).join(',') !== had)
      fail(`${dataDir} holds a cluster with listeners '${had || 'PLAINTEXT only'}'; use another --data-dir`);
    if (opts.override.length) state.overrides = opts.override;
    return state;
  }
  const planned = await planCluster({
    dataDir,
    kafkaVersion,
    brokers: askedBrokers ?? 1,
    port: askedPort ?? 9092,
    overrides: opts.override,
    listeners,
  });
  fs.mkdirSync(dataDir, { recursive: true });
  saveState(planned);
  return planned;
}

/** Fails when a port of a node to start is taken by a process that is not ours. */
async function checkPortsFree(nodes, dataDir) {
  for (const n of nodes) {
    for (const p of [n.port, n.controllerPort, ...Object.values(n.listeners ?? {})]) {
      if (!(await portFree(p)))
        fail(`port ${p} on ${HOST} is already in use by another process (not a Kafka started from ${dataDir})`);
    }
  }
}

/** Writes every node's server.properties and log4j config (so --override changes apply on restart). */
function writeNodeConfigs(state) {
  for (const n of state.nodes) {
    fs.mkdirSync(n.dir, { recursive: true });
    fs.writeFileSync(n.configFile, brokerProperties(state, n));
    fs.writeFileSync(n.log4jFile, BROKER_LOG4J);
  }
}

/**
 * Waits until every node answers a Metadata request listing all brokers of the cluster. A started node
 * that exits, or the timeout, kills the started nodes and fails with the end of the log.
 */
async function waitUntilReady(state, started, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(state.nodes);
  while (pending.size > 0) {
    for (const s of started) {
      if (!pidAlive(s.pid)) {
        await killAll(started.map((x) => x.pid));
        fail(
          `Kafka node ${s.node.id} failed to start (process exited); last lines of ${s.node.logFile}:\n` +
            tailFile(s.node.logFile),
        );
      }
    }
    for (const n of [...pending]) {
      const brokers = await liveBrokers(n.port).catch(() => null);
      if (brokers === undefined) {
        // Metadata v4 unsupported by this Kafka: settle for ApiVersions answering plus the startup log line
        if (/Kafka Server started/.test(readText(n.logFile) ?? '')) pending.delete(n);
      } else if (brokers && brokers.length >= state.nodes.length) pending.delete(n);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      await killAll(started.map((x) => x.pid));
      const n = [...pending][0];
      fail(
        `Kafka did not become ready within ${timeoutMs / 1000}s; last lines of ${n.logFile}:\n${tailFile(n.logFile)}`,
      );
    }
    await sleep(250);
  }
}

/** Runs `start` with its arguments; resolves the exit code. */
export async function cmdStart(argv) {
  const opts = parseOptions(argv, START_OPTIONS);
  setJsonMode(opts.json);
  const t0 = Date.now();
  const checked = checkedStartOptions(opts);
  const java = findJava();
  const kafkaVersion = ensureJars();

  const dataDir = path.resolve(opts['data-dir'] ?? path.join(TOOLS_DIR, `data-${checked.askedPort ?? 9092}`));
  const state = await existingOrNewCluster(dataDir, opts, checked, kafkaVersion);
  saveState(state);

  const toStart = state.nodes.filter((n) => nodePid(n) === undefined);
  if (toStart.length === 0) {
    const brokersUp = await liveBrokers(state.nodes[0].port).catch(() => null);
    const d = describeCluster(state, {
      status: 'already-running',
      liveBrokers: brokersUp?.length ?? null,
    });
    printCluster(d, `Kafka ${state.kafkaVersion} is already running (started from ${dataDir})`);
    return 0;
  }
  await checkPortsFree(toStart, dataDir);

  // configs, then format the storage of nodes that have none yet (once per data dir)
  writeNodeConfigs(state);
  const unformatted = toStart.filter((n) => !fs.existsSync(path.join(n.logDirs, 'meta.properties')));
  await Promise.all(unformatted.map((n) => formatStorage(java, state.clusterId, n, opts['add-scram'])));

  // start detached: the brokers outlive this script; stdout+stderr go to server.log
  const started = [];
  const onSignal = async () => {
    await killAll(started.map((s) => s.pid));
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  for (const n of toStart) started.push({ node: n, pid: launchNode(java, n, checked.heap) });

  await waitUntilReady(state, started, checked.timeoutMs);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  const readyMs = Date.now() - t0;
  const d = describeCluster(state, {
    status: 'started',
    readyMs,
    startedNodes: toStart.map((n) => n.id),
  });
  printCluster(
    d,
    `Kafka ${state.kafkaVersion} ready in ${secs(readyMs)} (KRaft, ${state.brokers} broker+controller process` +
      `${state.brokers > 1 ? 'es' : ''}${toStart.length < state.nodes.length ? `; restarted node ${toStart.map((n) => n.id).join(',')}` : ''})`,
  );
  if (!isJsonMode())
    info(
      `  stop with: node scripts/kafka.mjs stop ${opts['data-dir'] ? `--data-dir ${dataDir}` : `--port ${state.nodes[0].port}`}`,
    );
  return 0;
}
