// Live-test helper (plain Node, for mocha): starts a real Apache Kafka through scripts/kafka.mjs on a free
// 127.0.0.1 port with a fresh temp data dir, runs Kafka's own CLI tools against it, and stops it (data removed).
// Give the suite a generous timeout (this.timeout(180_000)): the first run fetches the jars with Maven.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ToolResult {
  stdout: string;
  stderr: string;
  /** The tool's exit code; 124 when runTool's timeout killed it. */
  code: number;
}

export interface ToolOptions {
  /** Written to the tool's stdin, which is then closed (e.g. lines for `console-producer`). */
  input?: string;
  /** Kill the tool after this long (default 120 s). */
  timeoutMs?: number;
}

export interface KafkaNode {
  id: number;
  port: number;
  controllerPort: number;
  /** null while the node is stopped. */
  pid: number | null;
  /** The node's server.log (stdout and stderr of its JVM). */
  log: string;
  /** The ports of the extra listeners (StartKafkaOptions.listeners) by listener name; {} without any. */
  listeners?: Record<string, number>;
}

export interface KafkaCluster {
  /** Comma-separated host:port list of every broker, e.g. "127.0.0.1:40123". */
  bootstrapServers: string;
  /** The same list for an extra listener (StartKafkaOptions.listeners), by listener name. */
  listenerBootstrapServers: Record<string, string>;
  kafkaVersion: string;
  clusterId: string;
  dataDir: string;
  nodes: KafkaNode[];
  /** Stops every process of this cluster (SIGTERM, then SIGKILL after a timeout) and deletes its data dir. */
  stop(): Promise<void>;
  /**
   * Runs one of Kafka's CLI tools: an alias of `scripts/kafka.mjs tool` (consumer-groups, topics,
   * console-producer, console-consumer, get-offsets, metadata-quorum, ...) or a main class name.
   * Aliases that take `--bootstrap-server` get this cluster's bootstrap servers unless args name one.
   */
  runTool(alias: string, args: string[], options?: ToolOptions): Promise<ToolResult>;
  /** Stops one broker+controller process (failover tests); the others keep serving. */
  stopNode(id: number): Promise<void>;
  /** Starts again the nodes that are not running and waits until the whole cluster serves metadata. */
  restartStoppedNodes(): Promise<void>;
}

export interface StartKafkaOptions {
  /** The first broker's port; default: a free port. With 3 brokers the others take the next free ports. */
  port?: number;
  brokers?: 1 | 3;
  /** Extra broker config, passed as `--override key=value`. */
  overrides?: Record<string, string | number | boolean>;
  /** Seconds to wait for the broker(s) to be ready (default 120). */
  readyTimeoutSec?: number;
  /**
   * Extra listeners beside PLAINTEXT (which stays the inter-broker listener), by name, e.g.
   * `{ SASL_SSL: 'SASL_SSL' }`; each node gets a free port for each. Configure them with overrides
   * such as `listener.name.sasl_ssl.ssl.keystore.location`.
   */
  listeners?: Record<string, 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'>;
  /** SCRAM users created when the storage is formatted (`kafka-storage format --add-scram`). */
  scramUsers?: { mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }[];
}

interface StartJson {
  kafkaVersion: string;
  clusterId: string;
  bootstrapServers: string;
  /** Absent from the output of an older kafka.mjs. */
  listenerBootstrapServers?: Record<string, string>;
  dataDir: string;
  nodes: KafkaNode[];
}

interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** The repo root: the nearest folder above this file (or the cwd) holding scripts/kafka.mjs. */
function findKafkaScript(): string {
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir;) {
      const candidate = path.join(dir, 'scripts', 'kafka.mjs');
      if (fs.existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      dir = parent === dir ? undefined : parent;
    }
  }
  throw new Error('kafkaBroker: scripts/kafka.mjs not found above ' + starts.join(' or '));
}

/** Node to run the script with; inside Electron (VS Code test host) the same binary in node mode. */
function nodeCommand(): { command: string; env: NodeJS.ProcessEnv } {
  if (process.versions.electron)
    return {
      command: process.execPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    };
  return { command: process.execPath, env: process.env };
}

function runScript(args: string[], timeoutMs: number): Promise<ExecResult> {
  const { command, env } = nodeCommand();
  return new Promise((resolve) => {
    execFile(
      command,
      [findKafkaScript(), ...args],
      {
        env,
        timeout: timeoutMs,
        killSignal: 'SIGTERM',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Clusters not yet stopped: killed (SIGKILL) and their data removed if the test process exits without stop(). */
const live = new Map<string, Set<number>>();
let exitHookInstalled = false;
function track(dataDir: string, nodes: KafkaNode[]): void {
  live.set(dataDir, new Set(nodes.map((n) => n.pid).filter((p): p is number => typeof p === 'number')));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [dir, pids] of live) {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`kafkaBroker: unexpected output from ${what}: ${text.slice(0, 500)}`);
  }
}

/** Starts a real Kafka (KRaft) for a test; call `stop()` in `after()`. */
export async function startKafka(opts: StartKafkaOptions = {}): Promise<KafkaCluster> {
  const brokers = opts.brokers ?? 1;
  const readyTimeoutSec = opts.readyTimeoutSec ?? 120;
  const overrides = Object.entries(opts.overrides ?? {}).flatMap(([k, v]) => ['--override', `${k}=${String(v)}`]);
  for (const [name, protocol] of Object.entries(opts.listeners ?? {}))
    overrides.push('--listener', `${name}:${protocol}`);
  for (const u of opts.scramUsers ?? []) {
    if (/[,\]=\s"]/.test(u.username + u.password))
      throw new Error('startKafka: keep SCRAM user names and passwords simple');
    overrides.push('--add-scram', `${u.mechanism}=[name=${u.username},password=${u.password}]`);
  }
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = opts.port ?? (await freePort());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-offset-trace-'));
    const args = ['start', '--port', String(port), '--brokers', String(brokers), '--data-dir', dataDir];
    args.push('--timeout', String(readyTimeoutSec), '--json', ...overrides);
    // the jars may be fetched first: allow Maven some minutes on top of the broker's own start
    const r = await runScript(args, (readyTimeoutSec + 600) * 1000);
    if (r.code === 0) {
      const started = parseJson<StartJson>(r.stdout, 'kafka.mjs start');
      track(dataDir, started.nodes);
      return makeCluster(started);
    }
    await runScript(['stop', '--data-dir', dataDir, '--timeout', '10'], 60_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
    lastError = r.stderr.trim() || r.stdout.trim();
    // a free port taken by someone else between our check and the broker's bind: try other ports
    if (opts.port !== undefined || !/already in use/.test(lastError)) break;
  }
  throw new Error(`startKafka failed: ${lastError}`);
}

function makeCluster(started: StartJson): KafkaCluster {
  const { dataDir } = started;
  let stopped = false;
  const cluster: KafkaCluster = {
    bootstrapServers: started.bootstrapServers,
    listenerBootstrapServers: started.listenerBootstrapServers ?? {},
    kafkaVersion: started.kafkaVersion,
    clusterId: started.clusterId,
    dataDir,
    nodes: started.nodes,

    async stop(): Promise<void> {
      if (stopped) return;
      const r = await runScript(['stop', '--data-dir', dataDir, '--json'], 120_000);
      if (r.code !== 0) throw new Error(`stopping Kafka in ${dataDir} failed: ${r.stderr.trim()}`);
      stopped = true;
      live.delete(dataDir);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },

    async stopNode(id: number): Promise<void> {
      const r = await runScript(['stop', '--data-dir', dataDir, '--node', String(id), '--json'], 120_000);
      if (r.code !== 0) throw new Error(`stopping Kafka node ${id} failed: ${r.stderr.trim()}`);
      for (const n of cluster.nodes) if (n.id === id) n.pid = null;
    },

    async restartStoppedNodes(): Promise<void> {
      const r = await runScript(['start', '--data-dir', dataDir, '--json'], 300_000);
      if (r.code !== 0) throw new Error(`restarting Kafka in ${dataDir} failed: ${r.stderr.trim()}`);
      const again = parseJson<StartJson>(r.stdout, 'kafka.mjs start');
      cluster.nodes = again.nodes;
      track(dataDir, again.nodes);
    },

    runTool(alias: string, args: string[], options: ToolOptions = {}): Promise<ToolResult> {
      const { command, env } = nodeCommand();
      const timeoutMs = options.timeoutMs ?? 120_000;
      const child = spawn(command, [findKafkaScript(), 'tool', '--data-dir', dataDir, alias, ...args], {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      return new Promise((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM'); // kafka.mjs passes it on to the tool's JVM
        }, timeoutMs);
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          if (timedOut) stderr += `\n[runTool] ${alias} killed after ${timeoutMs} ms`;
          resolve({ stdout, stderr, code: timedOut ? 124 : (code ?? 1) });
        });
        child.stdin.on('error', () => undefined); // the tool may exit before reading all input
        child.stdin.end(options.input ?? '');
      });
    },
  };
  return cluster;
}

/**
 * Starts Kafka's Java console consumer as a live member of a KIP-848 group (`group.protocol=consumer`,
 * never committing) reading `topic`; kill the returned process to make it leave.
 */
export function startKip848Member(kafka: KafkaCluster, topic: string, groupId: string): ChildProcess {
  const node = nodeCommand();
  return spawn(
    node.command,
    [
      findKafkaScript(),
      'tool',
      '--data-dir',
      kafka.dataDir,
      'console-consumer',
      '--bootstrap-server',
      kafka.bootstrapServers,
      '--topic',
      topic,
      '--group',
      groupId,
      '--command-property',
      'group.protocol=consumer',
      '--command-property',
      'enable.auto.commit=false',
    ],
    { stdio: 'ignore', env: node.env },
  );
}
