// `npm start`: builds the extension and opens it in VS Code with a demo workspace. Uses the `code` CLI when
// it is on PATH; otherwise serves a real VS Code through code-server (Node 22) on 127.0.0.1 and prints the
// URL to open. Self-contained plain Node (runs on the machine's node 20 or 22, no tsx).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(repoRoot, '.tools');
const demoWorkspace = path.join(toolsDir, 'demo-workspace');
const startUserDataDir = path.join(toolsDir, 'start-user-data');
const codeServerEntry = path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const defaultPort = 8080;

function note(message) {
  console.log(`[start] ${message}`);
}

function parseArgs(argv) {
  const options = { kafka: false };
  for (const arg of argv) {
    if (arg === '--kafka') {
      options.kafka = true;
    } else {
      note(`ignoring unknown argument ${arg}`);
    }
  }
  return options;
}

function run(command, args, extra = {}) {
  const res = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...extra });
  if (res.error) throw new Error(`${command} ${args.join(' ')}: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${res.status ?? res.signal}`);
  return res;
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function writeJsonIfChanged(file, value) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

function prepareDemoWorkspace() {
  writeJsonIfChanged(path.join(demoWorkspace, '.vscode', 'settings.json'), { 'offsetTrace.openDemoOnStartup': true });
}

function canListen(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function choosePort() {
  const wanted = process.env.PORT ? Number(process.env.PORT) : defaultPort;
  if (!Number.isInteger(wanted) || wanted <= 0 || wanted > 65535) throw new Error(`bad PORT: ${process.env.PORT}`);
  if (await canListen(wanted)) return wanted;
  const port = await freePort();
  note(`port ${wanted} is busy; using ${port} instead`);
  return port;
}

function node22BinDir() {
  const res = spawnSync('bash', [path.join(repoRoot, 'scripts', 'ensureNode22.sh')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error('scripts/ensureNode22.sh failed');
  const lines = res.stdout.trim().split('\n');
  return lines[lines.length - 1];
}

function workbenchUrl(port, folder) {
  const authority = `127.0.0.1:${port}`;
  // The extension runs in the remote (Node) extension host, so its path must be a vscode-remote URI.
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`],
    ['skipWelcome', 'true'],
  ];
  return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function writeDefaultUserSettings() {
  const file = path.join(startUserDataDir, 'User', 'settings.json');
  if (fs.existsSync(file)) return; // keep whatever the user changed
  writeJsonIfChanged(file, {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    // The demo workspace lives inside the repo (.tools/); don't offer to open the parent git repository.
    'git.openRepositoryInParentFolders': 'never',
  });
}

function childEnv(binDir) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    // PORT would override --bind-addr; VSCODE_*/NODE_OPTIONS from the calling shell confuse the server.
    if (key === 'PORT' || key === 'NODE_OPTIONS' || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('VSCODE_')) {
      delete env[key];
    }
  }
  env.PATH = `${binDir}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}

/** Our parent and its parents (up to `depth`), from /proc on Linux; empty elsewhere. */
function ancestorPids(depth) {
  const pids = [];
  let pid = process.ppid;
  for (let i = 0; i < depth && pid > 1; i++) {
    pids.push(pid);
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return pids;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function startCodeServer() {
  note('`code` is not on PATH: serving VS Code through code-server instead');
  run('bash', [path.join(repoRoot, 'scripts', 'setupVscodeHarness.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const binDir = node22BinDir();
  const port = await choosePort();
  writeDefaultUserSettings();
  const child = spawn(
    path.join(binDir, 'node'),
    [
      codeServerEntry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--config',
      path.join(startUserDataDir, 'code-server-config.yaml'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      startUserDataDir,
      '--extensions-dir',
      path.join(startUserDataDir, 'extensions'),
      demoWorkspace,
    ],
    { cwd: demoWorkspace, env: childEnv(binDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );

  let stopping = false;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = (reason) => {
    if (stopping) return;
    stopping = true;
    note(`${reason}: stopping code-server`);
    killGroup('SIGTERM');
    const force = setTimeout(() => killGroup('SIGKILL'), 5000);
    force.unref();
  };
  process.on('SIGINT', () => stop('Ctrl+C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  // Ctrl+C in a terminal reaches us directly, but when only npm is signalled (kill <npm pid>) it exits
  // without passing the signal through its `sh -c`; stop when npm or that shell is gone.
  const ancestors = ancestorPids(2);
  setInterval(() => {
    if (ancestors.some((pid) => !isAlive(pid))) stop('npm exited');
  }, 1000).unref();

  const url = workbenchUrl(port, demoWorkspace);
  let listening = false;
  const onLine = (line) => {
    if (line.includes('i18next is made possible')) return;
    console.log(`[code-server] ${line}`);
    if (!listening && line.includes('HTTP server listening')) {
      listening = true;
      console.log('');
      console.log('  Kafka Offset Trace is running in VS Code (code-server). Open this URL in a browser:');
      console.log('');
      console.log(`  ${url}`);
      console.log('');
      console.log(`  (the extension is loaded from ${repoRoot}; rebuild with npm run build and reload the window)`);
      console.log('  Press Ctrl+C to stop.');
      console.log('');
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      let idx;
      while ((idx = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, idx).replace(/\r$/, ''));
        buf = buf.slice(idx + 1);
      }
    });
  }
  const startupTimer = setTimeout(() => {
    if (!listening) {
      console.error('[start] code-server did not start listening within 60 s');
      stop('startup timeout');
    }
  }, 60_000);
  startupTimer.unref();

  child.on('exit', (code, signal) => {
    killGroup('SIGKILL'); // leftovers of the group (extension host, watchers)
    if (stopping) process.exit(0);
    console.error(`[start] code-server exited unexpectedly (${code ?? signal})`);
    process.exit(code || 1);
  });
}

const kafkaScript = path.join(repoRoot, 'scripts', 'kafka.mjs');
const demoKafkaPort = '9092';

/** Runs one of Kafka's tools against the local broker; returns its exit status and output. */
function kafkaTool(args, input) {
  return spawnSync(process.execPath, [kafkaScript, 'tool', '--port', demoKafkaPort, ...args], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
  });
}

/**
 * `npm start -- --kafka`: starts a real local Kafka on 127.0.0.1:9092 (unless one of ours already runs
 * there) and gives it demo data: topic `orders` (3 partitions, records) and group `orders-app` with
 * committed offsets behind the log end, so the Clusters view and Inspect Group have something to show.
 * Returns a function that stops the broker if this run started it.
 */
function startDemoKafka() {
  const wasRunning =
    spawnSync(process.execPath, [kafkaScript, 'status', '--port', demoKafkaPort], { cwd: repoRoot }).status === 0;
  note(
    wasRunning ? 'a local Kafka is already running on 127.0.0.1:9092' : 'starting a local Kafka (npm run kafka:start)',
  );
  if (!wasRunning) run(process.execPath, [kafkaScript, 'start', '--port', demoKafkaPort]);
  const topics = kafkaTool(['topics', '--list']);
  if (!topics.stdout.split('\n').includes('orders')) {
    note('creating topic orders and group orders-app (committed offsets behind the log end)');
    kafkaTool(['topics', '--create', '--topic', 'orders', '--partitions', '3', '--replication-factor', '1']);
    const records = Array.from({ length: 60 }, (_, i) => `order-${i}`).join('\n') + '\n';
    kafkaTool(['console-producer', '--topic', 'orders'], records);
    // The tool shifts only committed offsets: commit the log end first, then move back 7 (lag 7 or less).
    for (const target of [['--to-latest'], ['--shift-by', '-7']]) {
      const reset = kafkaTool([
        'consumer-groups',
        '--reset-offsets',
        '--group',
        'orders-app',
        '--topic',
        'orders',
        ...target,
        '--execute',
      ]);
      if (reset.status !== 0) note(`could not set up the demo group: ${reset.stderr.trim().split('\n').pop()}`);
    }
  }
  return () => {
    if (wasRunning) return;
    note('stopping the local Kafka this run started');
    spawnSync(process.execPath, [kafkaScript, 'stop', '--port', demoKafkaPort], { cwd: repoRoot, stdio: 'inherit' });
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  note('building the extension (npm run build)');
  run('npm', ['run', 'build']);
  prepareDemoWorkspace();
  const stopKafka = options.kafka ? startDemoKafka() : undefined;

  const code = findOnPath('code');
  if (code) {
    if (stopKafka) note('the local Kafka keeps running for VS Code; stop it with npm run kafka:stop');
    note(`opening VS Code (${code}) with the extension under development and ${demoWorkspace}`);
    run(code, [`--extensionDevelopmentPath=${repoRoot}`, demoWorkspace]);
    return;
  }
  if (stopKafka) process.on('exit', stopKafka);
  await startCodeServer();
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
