#!/usr/bin/env node
// Runs a real Apache Kafka (KRaft mode, jars from Maven Central via scripts/kafka/pom.xml) on 127.0.0.1
// for live tests and demos: start | stop | status | tool (Kafka's own CLI tools) | jars. No Docker, no fake broker.
// Usage: node scripts/kafka.mjs help

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POM = path.join(REPO, 'scripts', 'kafka', 'pom.xml');
const TOOLS_DIR = path.join(REPO, '.tools', 'kafka');
const LIB_DIR = path.join(TOOLS_DIR, 'lib');
const LIB_MARKER = path.join(LIB_DIR, '.complete');
const STATE_FILE = 'cluster.json';
const QUORUM_LOST_GRACE_MS = 7000; // longer than a KRaft node waits for a lost quorum when it shuts down (~5 s seen)
const HOST = '127.0.0.1';
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'); // in Maven output

/** Kafka CLI tools by the name of their bin/kafka-<name>.sh script; the first class found in the jars wins. */
const TOOL_ALIASES = {
  'consumer-groups': [
    'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    'org.apache.kafka.tools.consumergroup.ConsumerGroupCommand',
    'kafka.admin.ConsumerGroupCommand',
  ],
  topics: ['org.apache.kafka.tools.TopicCommand', 'kafka.admin.TopicCommand'],
  'console-producer': ['org.apache.kafka.tools.ConsoleProducer', 'kafka.tools.ConsoleProducer'],
  'console-consumer': ['org.apache.kafka.tools.consumer.ConsoleConsumer', 'kafka.tools.ConsoleConsumer'],
  'get-offsets': ['org.apache.kafka.tools.GetOffsetShell', 'kafka.tools.GetOffsetShell'],
  configs: ['org.apache.kafka.tools.ConfigCommand', 'kafka.admin.ConfigCommand'],
  groups: ['org.apache.kafka.tools.GroupsCommand'],
  'share-groups': ['org.apache.kafka.tools.consumer.group.ShareGroupCommand'],
  'delete-records': ['org.apache.kafka.tools.DeleteRecordsCommand', 'kafka.admin.DeleteRecordsCommand'],
  'metadata-quorum': ['org.apache.kafka.tools.MetadataQuorumCommand'],
  cluster: ['org.apache.kafka.tools.ClusterTool', 'kafka.tools.ClusterTool'],
  features: ['org.apache.kafka.tools.FeatureCommand', 'kafka.admin.FeatureCommand'],
  'broker-api-versions': ['org.apache.kafka.tools.BrokerApiVersionsCommand', 'kafka.admin.BrokerApiVersionsCommand'],
  transactions: ['org.apache.kafka.tools.TransactionsCommand'],
  storage: ['kafka.tools.StorageTool', 'org.apache.kafka.tools.StorageTool'],
};
/** Aliases whose command line takes a plain `--bootstrap-server`; `tool --port P` (and the test helper) adds it. */
const BOOTSTRAP_ALIASES = new Set([
  'consumer-groups',
  'topics',
  'console-producer',
  'console-consumer',
  'get-offsets',
  'configs',
  'groups',
  'share-groups',
  'delete-records',
  'transactions',
  'metadata-quorum',
  'features',
  'broker-api-versions',
]);

const USAGE = `Usage: node scripts/kafka.mjs <command> [options]

  start   [--port 9092] [--brokers 1|3] [--data-dir DIR] [--heap 512m] [--override key=value]... [--timeout SEC] [--json]
          [--listener NAME:PROTOCOL]... [--add-scram 'SCRAM-SHA-512=[name=U,password=P]']...
          Start a KRaft Kafka on ${HOST} (1 broker+controller process, or 3 of them in one quorum),
          detached; waits until it serves metadata. Idempotent: restarts only the nodes not running.
          --listener adds a listener (e.g. SASL_SSL:SASL_SSL) on a free port of every node, beside
          PLAINTEXT (configure it with --override listener.name.<name>.<key>=...); --add-scram creates
          SCRAM users when the storage is formatted (first start only).
  stop    [--port 9092 | --data-dir DIR] [--node ID] [--timeout SEC] [--json]
          Stop the processes this script started there (pids recorded in the data dir).
  status  [--port 9092 | --data-dir DIR] [--json]    (no option: every data dir under .tools/kafka)
  tool    [--port P | --data-dir DIR] <alias|main.Class> [args...]
          Run a Kafka CLI tool with the jars' classpath. Aliases: ${Object.keys(TOOL_ALIASES).join(', ')}.
          'tool --list' prints the class behind each alias. With --port/--data-dir, an alias that takes
          --bootstrap-server gets that cluster's bootstrap servers when the args have none.
  jars    Resolve the jars into .tools/kafka/lib (done by every command as needed) and print the classpath.

Data dir default: .tools/kafka/data-<port>. Broker logs: <data dir>/node-<id>/server.log.
Needs java 17+ (JAVA_HOME or PATH) and Maven (mvn) the first time.`;

// ---------------------------------------------------------------------------------------------
// small helpers

class CliError extends Error {}
const fail = (msg) => {
  throw new CliError(msg);
};
let jsonMode = false;
/** Human-readable progress: stderr in --json mode so stdout stays one JSON document. */
const info = (msg) => (jsonMode ? process.stderr : process.stdout).write(msg + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => (ms / 1000).toFixed(1) + 's';

function parseOptions(argv, spec) {
  const opts = { override: [] };
  for (const [key, kind] of Object.entries(spec)) if (kind === 'list') opts[key] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !(m[1] in spec)) fail(`unknown argument '${a}' (see: node scripts/kafka.mjs help)`);
    const key = m[1];
    if (spec[key] === 'flag') {
      opts[key] = true;
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) fail(`option --${key} needs a value`);
    if (spec[key] === 'list') opts[key].push(value);
    else opts[key] = value;
  }
  return opts;
}

function intOption(value, name, allowed) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) fail(`--${name} must be an integer, got '${value}'`);
  if (allowed && !allowed.includes(n)) fail(`--${name} must be one of ${allowed.join(', ')}, got ${n}`);
  return n;
}

const LISTENER_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

/** `--listener NAME:PROTOCOL` (or just PROTOCOL, named after it): an extra listener beside PLAINTEXT. */
function parseListener(text) {
  const [name, protocol = name] = text.toUpperCase().split(':');
  if (!/^[A-Z][A-Z0-9_]*$/.test(name) || ['PLAINTEXT', 'CONTROLLER'].includes(name))
    fail(`--listener name must be letters, digits and _ (not PLAINTEXT or CONTROLLER), got '${text}'`);
  if (!LISTENER_PROTOCOLS.includes(protocol))
    fail(`--listener protocol must be one of ${LISTENER_PROTOCOLS.join(', ')}, got '${text}'`);
  return { name, protocol };
}

function tailFile(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// java and the jars

let javaCache;
function findJava() {
  if (javaCache) return javaCache;
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  for (const java of candidates) {
    const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
    if (r.error) continue;
    const m = /version "(\d+)(?:\.(\d+))?/.exec(r.stderr + r.stdout);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
    if (major < 17) fail(`java at '${java}' is version ${major || 'unknown'}; Kafka 4 needs java 17+`);
    javaCache = java;
    return java;
  }
  return fail('java not found: install a JDK/JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME');
}

function pomInfo() {
  const text = fs.readFileSync(POM, 'utf8');
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(text)?.[1];
  if (!version) fail(`no <kafka.version> in ${POM}`);
  const sha = createHash('sha256').update(text).digest('hex');
  return { version, marker: `kafka ${version} pom-sha256 ${sha}\n` };
}

const readText = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** Copies the jars named by scripts/kafka/pom.xml into .tools/kafka/lib once per pom content. */
function ensureJars() {
  const { version, marker } = pomInfo();
  if (readText(LIB_MARKER) === marker) return version;
  const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
  if (spawnSync(mvn, ['-v'], { encoding: 'utf8' }).error)
    fail('Maven (mvn) not found: it is needed once to fetch the Kafka jars (e.g. apt-get install maven)');
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  const tmp = `${LIB_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const t0 = Date.now();
  process.stderr.write(`Fetching Apache Kafka ${version} jars with Maven into ${path.relative(REPO, LIB_DIR)} ...\n`);
  const r = spawnSync(mvn, ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0 || !fs.existsSync(path.join(tmp, `kafka_2.13-${version}.jar`))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const out = (r.stdout + r.stderr).replace(ANSI_COLOR, '').trim().split('\n').slice(-30).join('\n');
    fail(`Maven could not fetch the Kafka ${version} jars (exit ${r.status}):\n${out}`);
  }
  fs.writeFileSync(path.join(tmp, '.complete'), marker);
  if (readText(LIB_MARKER) === marker) {
    fs.rmSync(tmp, { recursive: true, force: true }); // another process finished first
  } else {
    fs.rmSync(LIB_DIR, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, LIB_DIR);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (readText(LIB_MARKER) !== marker) throw e;
    }
  }
  const jars = fs.readdirSync(LIB_DIR).filter((f) => f.endsWith('.jar')).length;
  process.stderr.write(`Fetched ${jars} jars in ${secs(Date.now() - t0)}\n`);
  return version;
}

const classpath = () => path.join(LIB_DIR, '*');

/** The first candidate class present in the Kafka jars (zip central directories hold entry names verbatim). */
function resolveToolClass(alias) {
  const candidates = TOOL_ALIASES[alias];
  if (!candidates) {
    if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(alias)) return alias;
    fail(`unknown tool '${alias}': use one of ${Object.keys(TOOL_ALIASES).join(', ')} or a main class name`);
  }
  const jars = fs
    .readdirSync(LIB_DIR)
    .filter((f) => f.startsWith('kafka') && f.endsWith('.jar'))
    .map((f) => fs.readFileSync(path.join(LIB_DIR, f)));
  for (const cls of candidates) {
    const entry = Buffer.from(cls.replaceAll('.', '/') + '.class');
    if (jars.some((jar) => jar.includes(entry))) return cls;
  }
  return fail(`no class for tool '${alias}' in the Kafka jars (tried ${candidates.join(', ')})`);
}

function toolsLog4jConfig() {
  const file = path.join(TOOLS_DIR, 'tools-log4j2.properties');
  const text = [
    '# Written by scripts/kafka.mjs: Kafka CLI tools log warnings and errors to stderr only.',
    'status = warn',
    'appender.stderr.type = Console',
    'appender.stderr.name = STDERR',
    'appender.stderr.target = SYSTEM_ERR',
    'appender.stderr.layout.type = PatternLayout',
    'appender.stderr.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = warn',
    'rootLogger.appenderRef.stderr.ref = STDERR',
    '',
  ].join('\n');
  if (readText(file) !== text) {
    fs.mkdirSync(TOOLS_DIR, { recursive: true });
    fs.writeFileSync(file, text);
  }
  return file;
}

/** JVM options for short-lived tool processes: small heap, fast start. */
const toolJvmOptions = () => [
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
  `-Dlog4j2.configurationFile=${toolsLog4jConfig()}`,
];

// ---------------------------------------------------------------------------------------------
// ports, processes, the Kafka wire protocol (just enough to ask for metadata)

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function freePort(taken) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => (taken.has(port) ? freePort(taken).then(resolve, reject) : resolve(port)));
    });
  });
}

function pidAlive(pid) {
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
function nodePid(node) {
  const pid = Number(readText(node.pidFile)?.trim());
  if (!pidAlive(pid)) return undefined;
  const cmdline = readText(`/proc/${pid}/cmdline`);
  if (cmdline !== undefined && !cmdline.includes(node.configFile)) return undefined;
  return pid;
}

/** One request/response over a fresh connection; resolves the response body (after the correlation id). */
function kafkaRequest(port, apiKey, apiVersion, body, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('kafka.mjs');
    const header = Buffer.alloc(10);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(7, 4);
    header.writeInt16BE(clientId.length, 8);
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + clientId.length + body.length);
    const socket = net.connect({ host: HOST, port });
    let data = Buffer.alloc(0);
    const done = (err, value) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => done(new Error('timeout')), timeoutMs);
    socket.on('connect', () => socket.write(Buffer.concat([size, header, clientId, body])));
    socket.on('error', (e) => done(e));
    socket.on('close', () => done(new Error('connection closed')));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= 4 + data.readInt32BE(0)) {
        if (data.readInt32BE(4) !== 7) done(new Error('bad correlation id'));
        else done(undefined, data.subarray(8, 4 + data.readInt32BE(0)));
      }
    });
  });
}

/** Brokers this node reports as alive (Metadata v4 for no topics), or the ApiVersions answer if v4 is gone. */
async function liveBrokers(port) {
  const versions = await kafkaRequest(port, 18, 0, Buffer.alloc(0)); // ApiVersions v0
  if (versions.readInt16BE(0) !== 0) throw new Error(`ApiVersions error ${versions.readInt16BE(0)}`);
  let metadataRange;
  for (let i = 0, n = versions.readInt32BE(2); i < n; i++) {
    const o = 6 + i * 6;
    if (versions.readInt16BE(o) === 3) metadataRange = [versions.readInt16BE(o + 2), versions.readInt16BE(o + 4)];
  }
  if (!metadataRange || metadataRange[0] > 4 || metadataRange[1] < 4) return undefined;
  const body = Buffer.from([0, 0, 0, 0, 0]); // topics: [] (none), allow_auto_topic_creation: false
  const r = await kafkaRequest(port, 3, 4, body);
  const count = r.readInt32BE(4); // after throttle_time_ms
  let o = 8;
  const brokers = [];
  for (let i = 0; i < count; i++) {
    const id = r.readInt32BE(o);
    const hostLen = r.readInt16BE(o + 4);
    const host = r.toString('utf8', o + 6, o + 6 + hostLen);
    o += 6 + hostLen;
    const brokerPort = r.readInt32BE(o);
    const rackLen = r.readInt16BE(o + 4);
    o += 6 + Math.max(rackLen, 0);
    brokers.push({ id, host, port: brokerPort });
  }
  return brokers;
}

// ---------------------------------------------------------------------------------------------
// cluster layout in the data dir

/** A Kafka Uuid as the storage tool's random-uuid prints it: 16 random bytes, base64url, no padding. */
function randomClusterId() {
  for (;;) {
    const bytes = randomBytes(16);
    const id = bytes.toString('base64url');
    if (!id.startsWith('-') && bytes.some((b) => b !== 0)) return id;
  }
}

function nodePaths(dataDir, id) {
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

function loadState(dataDir) {
  const text = readText(path.join(dataDir, STATE_FILE));
  if (text === undefined) return undefined;
  const state = JSON.parse(text);
  state.dataDir = dataDir;
  state.nodes = state.nodes.map((n) => ({ ...n, ...nodePaths(dataDir, n.id) }));
  return state;
}

function saveState(state) {
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

function brokerProperties(state, node) {
  const rf = state.brokers;
  const minIsr = rf >= 3 ? 2 : 1;
  const extra = state.listeners ?? [];
  const props = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': state.nodes.map((n) => `${n.id}@${HOST}:${n.controllerPort}`).join(','),
    listeners: [
      `PLAINTEXT://${HOST}:${node.port}`,
      `CONTROLLER://${HOST}:${node.controllerPort}`,
      ...extra.map((l) => `${l.name}://${HOST}:${node.listeners[l.name]}`),
    ].join(','),
    'advertised.listeners': [
      `PLAINTEXT://${HOST}:${node.port}`,
      ...extra.map((l) => `${l.name}://${HOST}:${node.listeners[l.name]}`),
    ].join(','),
    'listener.security.protocol.map': [
      'PLAINTEXT:PLAINTEXT',
      'CONTROLLER:PLAINTEXT',
      ...extra.map((l) => `${l.name}:${l.protocol}`),
    ].join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': node.logDirs,
    'num.partitions': 1,
    'default.replication.factor': rf,
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': rf,
    'share.coordinator.state.topic.min.isr': minIsr,
    'group.initial.rebalance.delay.ms': 0,
  };
  for (const kv of state.overrides ?? []) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
  }
  return (
    '# Written by scripts/kafka.mjs at every start (change it with --override key=value).\n' +
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n'
  );
}

const BROKER_LOG4J = [
  '# Written by scripts/kafka.mjs: the broker logs to stdout, which goes to server.log beside this file.',
  'status = warn',
  'appender.stdout.type = Console',
  'appender.stdout.name = STDOUT',
  'appender.stdout.layout.type = PatternLayout',
  'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = info',
  'rootLogger.appenderRef.stdout.ref = STDOUT',
  'logger.request.name = kafka.request.logger',
  'logger.request.level = warn',
  '',
].join('\n');

/** Resolves the data dir for stop/status: --data-dir, else the default for --port, else any data dir with that port. */
function findDataDir(opts) {
  if (opts['data-dir']) return path.resolve(opts['data-dir']);
  const port = intOption(opts.port, 'port') ?? 9092;
  const dflt = path.join(TOOLS_DIR, `data-${port}`);
  if (fs.existsSync(path.join(dflt, STATE_FILE))) return dflt;
  for (const dir of listDataDirs()) {
    if (loadState(dir)?.nodes.some((n) => n.port === port)) return dir;
  }
  return dflt;
}

function listDataDirs() {
  if (!fs.existsSync(TOOLS_DIR)) return [];
  return fs
    .readdirSync(TOOLS_DIR)
    .filter((d) => d.startsWith('data-'))
    .map((d) => path.join(TOOLS_DIR, d))
    .filter((d) => fs.existsSync(path.join(d, STATE_FILE)));
}

function describe(state, extra) {
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

function printCluster(d, headline) {
  if (jsonMode) {
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

async function waitUntilStopped(pids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(pidAlive) && Date.now() < deadline) await sleep(100);
  return pids.filter(pidAlive);
}

async function killAll(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await waitUntilStopped(pids, 5000);
}

// ---------------------------------------------------------------------------------------------
// commands

async function cmdStart(argv) {
  const opts = parseOptions(argv, {
    port: 'value',
    brokers: 'value',
    'data-dir': 'value',
    heap: 'value',
    override: 'list',
    listener: 'list',
    'add-scram': 'list',
    timeout: 'value',
    json: 'flag',
  });
  jsonMode = Boolean(opts.json);
  const t0 = Date.now();
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
  const java = findJava();
  const kafkaVersion = ensureJars();

  const dataDir = path.resolve(opts['data-dir'] ?? path.join(TOOLS_DIR, `data-${askedPort ?? 9092}`));
  let state = loadState(dataDir);
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
  } else {
    const brokers = askedBrokers ?? 1;
    const port = askedPort ?? 9092;
    const taken = new Set([port]);
    const nodes = [{ id: 1, port }];
    for (let id = 2; id <= brokers; id++) {
      let p = port + id - 1;
      if (p > 65535 || taken.has(p) || !(await portFree(p))) p = await freePort(taken);
      taken.add(p);
      nodes.push({ id, port: p });
    }
    for (const n of nodes) {
      n.controllerPort = await freePort(taken);
      taken.add(n.controllerPort);
      if (listeners.length) n.listeners = {};
      for (const l of listeners) {
        n.listeners[l.name] = await freePort(taken);
        taken.add(n.listeners[l.name]);
      }
    }
    fs.mkdirSync(dataDir, { recursive: true });
    state = {
      kafkaVersion,
      clusterId: randomClusterId(),
      brokers,
      overrides: opts.override,
      ...(listeners.length ? { listeners } : {}),
      dataDir,
      nodes: nodes.map((n) => ({ ...n, ...nodePaths(dataDir, n.id) })),
    };
    saveState(state);
  }
  saveState(state);

  const toStart = state.nodes.filter((n) => nodePid(n) === undefined);
  if (toStart.length === 0) {
    const brokersUp = await liveBrokers(state.nodes[0].port).catch(() => null);
    const d = describe(state, {
      status: 'already-running',
      liveBrokers: brokersUp?.length ?? null,
    });
    printCluster(d, `Kafka ${state.kafkaVersion} is already running (started from ${dataDir})`);
    return 0;
  }
  for (const n of toStart) {
    for (const p of [n.port, n.controllerPort, ...Object.values(n.listeners ?? {})]) {
      if (!(await portFree(p)))
        fail(`port ${p} on ${HOST} is already in use by another process (not a Kafka started from ${dataDir})`);
    }
  }

  // configs, then format the storage of nodes that have none yet (once per data dir)
  for (const n of state.nodes) {
    fs.mkdirSync(n.dir, { recursive: true });
    fs.writeFileSync(n.configFile, brokerProperties(state, n));
    fs.writeFileSync(n.log4jFile, BROKER_LOG4J);
  }
  const unformatted = toStart.filter((n) => !fs.existsSync(path.join(n.logDirs, 'meta.properties')));
  await Promise.all(
    unformatted.map(
      (n) =>
        new Promise((resolve, reject) => {
          const args = [
            ...toolJvmOptions(),
            '-cp',
            classpath(),
            resolveToolClass('storage'),
            'format',
            '--cluster-id',
            state.clusterId,
            '--config',
            n.configFile,
            '--ignore-formatted',
            ...opts['add-scram'].flatMap((s) => ['--add-scram', s]),
          ];
          const child = spawn(java, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          child.stdout.on('data', (c) => (out += c));
          child.stderr.on('data', (c) => (out += c));
          child.on('error', reject);
          child.on('close', (code) =>
            code === 0
              ? resolve()
              : reject(new CliError(`formatting ${n.logDirs} failed (exit ${code}):\n${out.trim()}`)),
          );
        }),
    ),
  );

  // start detached: the brokers outlive this script; stdout+stderr go to server.log
  const started = [];
  const onSignal = async () => {
    await killAll(started.map((s) => s.pid));
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  for (const n of toStart) {
    const fd = fs.openSync(n.logFile, 'a');
    fs.writeSync(fd, `\n===== kafka.mjs: starting node ${n.id} at ${new Date().toISOString()} =====\n`);
    const args = [
      `-Xms64m`,
      `-Xmx${heap}`,
      '-XX:+UseSerialGC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${n.log4jFile}`,
      `-Dkafka.logs.dir=${n.dir}`,
      '-cp',
      classpath(),
      'kafka.Kafka',
      n.configFile,
    ];
    const child = spawn(java, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: n.dir,
    });
    fs.closeSync(fd);
    child.unref();
    if (!child.pid) fail(`could not start java for node ${n.id}`);
    fs.writeFileSync(n.pidFile, `${child.pid}\n`);
    started.push({ node: n, pid: child.pid });
  }

  // ready = every node answers a Metadata request listing all brokers of the cluster
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
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  const readyMs = Date.now() - t0;
  const d = describe(state, {
    status: 'started',
    readyMs,
    startedNodes: toStart.map((n) => n.id),
  });
  printCluster(
    d,
    `Kafka ${state.kafkaVersion} ready in ${secs(readyMs)} (KRaft, ${state.brokers} broker+controller process` +
      `${state.brokers > 1 ? 'es' : ''}${toStart.length < state.nodes.length ? `; restarted node ${toStart.map((n) => n.id).join(',')}` : ''})`,
  );
  if (!jsonMode)
    info(
      `  stop with: node scripts/kafka.mjs stop ${opts['data-dir'] ? `--data-dir ${dataDir}` : `--port ${state.nodes[0].port}`}`,
    );
  return 0;
}

async function cmdStop(argv) {
  const opts = parseOptions(argv, {
    port: 'value',
    'data-dir': 'value',
    node: 'value',
    timeout: 'value',
    json: 'flag',
  });
  jsonMode = Boolean(opts.json);
  const timeoutMs = (intOption(opts.timeout, 'timeout') ?? 30) * 1000;
  const dataDir = findDataDir(opts);
  const state = loadState(dataDir);
  if (!state) {
    if (jsonMode) process.stdout.write(JSON.stringify({ status: 'not-found', dataDir, stopped: [] }) + '\n');
    else info(`Nothing to stop: no Kafka started from ${dataDir}`);
    return 0;
  }
  const nodeId = intOption(opts.node, 'node');
  const nodes = state.nodes.filter((n) => nodeId === undefined || n.id === nodeId);
  if (nodes.length === 0) fail(`no node ${nodeId} in ${dataDir}`);
  const t0 = Date.now();
  const running = nodes.map((n) => ({ n, pid: nodePid(n) })).filter((x) => x.pid !== undefined);
  for (const { pid } of running) process.kill(pid, 'SIGTERM');
  // A broker's controlled shutdown waits (up to 5 min) for the active controller. Once fewer than a
  // majority of the cluster's combined nodes are alive there is none, so after a short grace the rest
  // are killed; otherwise SIGKILL comes only after --timeout.
  const others = state.nodes.filter((n) => !running.some((x) => x.n === n));
  const majority = Math.floor(state.nodes.length / 2) + 1;
  const deadline = Date.now() + timeoutMs;
  let quorumLostAt;
  let reason = '';
  let left = running.map((x) => x.pid);
  while (left.length) {
    const alive = left.length + others.filter((n) => nodePid(n)).length;
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
  const killed = [...left];
  if (left.length) {
    info(`Kafka pid(s) ${left.join(', ')} ${reason}: sending SIGKILL`);
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
  if (jsonMode) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else if (!running.length) info(`Kafka from ${dataDir} was not running`);
  else
    info(
      `Stopped Kafka node(s) ${running.map(({ n, pid }) => `${n.id} (pid ${pid})`).join(', ')} in ${secs(result.stopMs)}` +
        ` (data kept in ${dataDir})`,
    );
  return 0;
}

async function cmdStatus(argv) {
  const opts = parseOptions(argv, {
    port: 'value',
    'data-dir': 'value',
    json: 'flag',
  });
  jsonMode = Boolean(opts.json);
  const specific = opts.port !== undefined || opts['data-dir'] !== undefined;
  const dirs = specific ? [findDataDir(opts)] : listDataDirs();
  const all = [];
  for (const dir of dirs) {
    const state = loadState(dir);
    if (!state) {
      if (!jsonMode) info(`No Kafka data dir at ${dir}`);
      continue;
    }
    const d = describe(state, {});
    const up = d.nodes.filter((n) => n.pid).length;
    d.status = up === d.nodes.length ? 'running' : up === 0 ? 'stopped' : 'partly-running';
    if (up > 0) {
      const n = d.nodes.find((x) => x.pid);
      d.liveBrokers = (await liveBrokers(n.port).catch(() => null))?.length ?? null;
    }
    all.push(d);
    if (!jsonMode) printCluster(d, `Kafka ${d.kafkaVersion}: ${d.status} (${up}/${d.nodes.length} nodes up)`);
  }
  if (jsonMode)
    process.stdout.write(JSON.stringify(specific ? (all[0] ?? { status: 'not-found' }) : all, null, 2) + '\n');
  else if (!specific && all.length === 0) info(`No Kafka data dirs under ${TOOLS_DIR}`);
  return specific && all[0]?.status !== 'running' ? 3 : 0;
}

async function cmdTool(argv) {
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

async function main(argv) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'start':
      return cmdStart(rest);
    case 'stop':
      return cmdStop(rest);
    case 'status':
      return cmdStatus(rest);
    case 'tool':
      return cmdTool(rest);
    case 'jars':
      findJava();
      ensureJars();
      info(classpath());
      return 0;
    case 'help':
    case '--help':
    case '-h':
    case undefined:
      info(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      return fail(`unknown command '${cmd}' (see: node scripts/kafka.mjs help)`);
  }
}

// a closed pipe (e.g. `| head`) must not crash the script after the brokers have started
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof CliError) process.stderr.write(`kafka.mjs: ${err.message}\n`);
    else process.stderr.write(`kafka.mjs: unexpected error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
