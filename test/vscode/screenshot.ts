// Lets an integration test (running in the VS Code extension host) ask the code-server runner for a
// screenshot of the whole workbench: logs a `[kot-screenshot] {json}` marker, then waits for the PNG that
// the runner (test/harness/codeServer.ts) writes to <screenshot dir>/<name>.png.
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCREENSHOT_MARKER = '[kot-screenshot]';
/** Set by the code-server runner for code-server; the extension host inherits it. */
const SCREENSHOT_DIR_ENV = 'KOT_SCREENSHOT_DIR';
/** Set by the desktop runner (test/vscode/runDesktop.ts), which cannot take screenshots. */
const SCREENSHOTS_UNSUPPORTED_ENV = 'KOT_SCREENSHOTS_UNSUPPORTED';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface ScreenshotOptions {
  /** How long to wait for the runner to write the file. Default 30 s. */
  timeoutMs?: number | undefined;
}

/** Same rule as screenshotFileName in test/harness/codeServer.ts. */
function screenshotFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return `${safe || 'screenshot'}.png`;
}

function findRepoRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `$KOT_SCREENSHOT_DIR`, else `<repo root>/.test-output/screenshots` (repo root found from this file's location). */
export function screenshotDir(): string {
  const fromEnv = process.env[SCREENSHOT_DIR_ENV];
  if (fromEnv) return fromEnv;
  const root = findRepoRoot(__dirname);
  if (root === undefined) throw new Error(`cannot find the repo root above ${__dirname}; set ${SCREENSHOT_DIR_ENV}`);
  return path.join(root, '.test-output', 'screenshots');
}

function isCompletePng(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(8);
      const read = fs.readSync(fd, head, 0, 8, 0);
      return read === 8 && head.equals(PNG_SIGNATURE) && fs.fstatSync(fd).size > 64;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the runner for a full-page screenshot and resolves with the PNG's absolute path once it exists.
 * Under the desktop runner (no screenshot support) it logs that and resolves with ''.
 */
export async function takeScreenshot(name: string, options: ScreenshotOptions = {}): Promise<string> {
  if (process.env[SCREENSHOTS_UNSUPPORTED_ENV]) {
    console.log(`${SCREENSHOT_MARKER} skipped "${name}": this runner cannot take screenshots`);
    return '';
  }
  const dir = screenshotDir();
  const file = path.join(dir, screenshotFileName(name));
  const errorFile = `${file}.error`; // written by the runner if taking the picture failed
  fs.rmSync(file, { force: true }); // never mistake a picture from an earlier run for this one
  fs.rmSync(errorFile, { force: true });
  const timeoutMs = options.timeoutMs ?? 30_000;
  console.log(`${SCREENSHOT_MARKER} ${JSON.stringify({ name, dir })}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // The runner writes to a temp name and renames, so an existing file is a complete one.
    if (isCompletePng(file)) return file;
    if (fs.existsSync(errorFile)) {
      throw new Error(`the runner could not take screenshot "${name}": ${fs.readFileSync(errorFile, 'utf8')}`);
    }
    await sleep(100);
  }
  throw new Error(
    `screenshot "${name}" did not appear at ${file} within ${timeoutMs} ms; ` +
      'screenshots are taken only by the code-server runner (test/harness/codeServer.ts, via test/vscodeSuite.test.ts)',
  );
}

const KEYS_MARKER = '[kot-keys]';
let keyRequests = 0;

/**
 * Asks the code-server runner to focus `selector` inside the webview that has it and press `keys`
 * there (real keyboard events in Chromium); resolves once the runner has pressed them.
 */
export async function pressKeysInWebview(selector: string, keys: readonly string[], timeoutMs = 30_000): Promise<void> {
  if (process.env[SCREENSHOTS_UNSUPPORTED_ENV]) {
    throw new Error('this runner cannot press keys in a webview; run the suite with the code-server runner');
  }
  const dir = screenshotDir();
  keyRequests += 1;
  const id = `keys-${process.pid}-${keyRequests}`;
  const base = path.join(dir, id);
  fs.rmSync(`${base}.keys-done`, { force: true });
  fs.rmSync(`${base}.keys-error`, { force: true });
  console.log(`${KEYS_MARKER} ${JSON.stringify({ id, selector, keys })}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(`${base}.keys-done`)) {
      fs.rmSync(`${base}.keys-done`, { force: true });
      return;
    }
    if (fs.existsSync(`${base}.keys-error`)) {
      throw new Error(
        `the runner could not press ${keys.join(', ')}: ${fs.readFileSync(`${base}.keys-error`, 'utf8')}`,
      );
    }
    await sleep(50);
  }
  throw new Error(`the runner did not press ${keys.join(', ')} within ${timeoutMs} ms`);
}
