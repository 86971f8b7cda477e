// Lets an integration test (running in the VS Code extension host) ask the code-server runner for a
// screenshot of the whole workbench (a `[kot-screenshot] {json}` marker; the runner, test/harness/codeServer.ts,
// writes <screenshot dir>/<name>.png), decode it to look at its pixels, and ask what a webview's DOM holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';

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

/**
 * Asks the code-server runner whether an element matching `selector` (a Playwright selector: CSS plus
 * `:text-is()` and the like) is in the DOM of any frame of the workbench, webviews included, right now.
 * Answers through the key-press request with no keys: the runner focuses the element it finds (a no-op
 * for a non-focusable one) or reports that no frame has one, after looking for about 5 s.
 */
export async function webviewHasElement(selector: string, timeoutMs = 30_000): Promise<boolean> {
  try {
    await pressKeysInWebview(selector, [], timeoutMs);
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.includes('no frame has an element matching')) return false;
    throw error;
  }
}

/** A decoded PNG: `width × height` pixels, 4 bytes (R, G, B, A) each, row after row. */
export interface PngImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Buffer;
}

/** An sRGB colour, 0–255 a channel. */
export type Rgb = readonly [red: number, green: number, blue: number];

/** `#RRGGBB` as an {@link Rgb}. */
export function hexColour(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/**
 * Decodes a PNG as Chromium writes screenshots (8 bits a channel, RGB or RGBA, not interlaced); throws
 * on anything else or on a damaged file, so a test never reads pixels from a picture that is not one.
 */
export function readPng(file: string): PngImage {
  const bytes = fs.readFileSync(file);
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`${file} is not a PNG`);
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length !== length) throw new Error(`${file}: chunk ${type} is cut short`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
      if (bitDepth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(
          `${file}: unsupported PNG (bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace})`,
        );
      }
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (width === 0 || height === 0) throw new Error(`${file}: no image header`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error(`${file}: image data is cut short`);
  const rgba = Buffer.alloc(width * height * 4);
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? line[i - channels] : 0;
      const up = previous[i];
      const upLeft = i >= channels ? previous[i - channels] : 0;
      const predicted =
        filter === 0
          ? 0
          : filter === 1
            ? left
            : filter === 2
              ? up
              : filter === 3
                ? Math.floor((left + up) / 2)
                : filter === 4
                  ? paeth(left, up, upLeft)
                  : -1;
      if (predicted < 0) throw new Error(`${file}: unknown PNG filter ${filter} on row ${y}`);
      line[i] = (line[i] + predicted) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const from = x * channels;
      const to = (y * width + x) * 4;
      rgba[to] = line[from];
      rgba[to + 1] = line[from + 1];
      rgba[to + 2] = line[from + 2];
      rgba[to + 3] = channels === 4 ? line[from + 3] : 255;
    }
    previous = line;
  }
  return { width, height, rgba };
}

/** The colour of one pixel. */
export function pixelAt(image: PngImage, x: number, y: number): Rgb {
  const at = (y * image.width + x) * 4;
  return [image.rgba[at], image.rgba[at + 1], image.rgba[at + 2]];
}

/** Whether two colours differ by at most `tolerance` in every channel. */
export function sameColour(a: Rgb, b: Rgb, tolerance = 0): boolean {
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance && Math.abs(a[2] - b[2]) <= tolerance;
}

/** A rectangle of the picture: `left ≤ x < right`, `top ≤ y < bottom`. */
export interface PixelBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Horizontal bands of a colour: runs of consecutive pixel rows that each hold at least `minPixels`
 * pixels of `colour` (within `tolerance`), with the x range those pixels span. A highlighted table
 * row is one band, its text notwithstanding.
 */
export function colourBands(image: PngImage, colour: Rgb, minPixels: number, tolerance = 0): PixelBox[] {
  const bands: PixelBox[] = [];
  let open: { top: number; left: number; right: number } | undefined;
  for (let y = 0; y <= image.height; y++) {
    let count = 0;
    let left = image.width;
    let right = -1;
    if (y < image.height) {
      for (let x = 0; x < image.width; x++) {
        if (!sameColour(pixelAt(image, x, y), colour, tolerance)) continue;
        count++;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    if (count >= minPixels) {
      open = open
        ? { top: open.top, left: Math.min(open.left, left), right: Math.max(open.right, right + 1) }
        : { top: y, left, right: right + 1 };
    } else if (open) {
      bands.push({ ...open, bottom: y });
      open = undefined;
    }
  }
  return bands;
}

/** How many pixels of `box` are `colour` (within `tolerance`), and how many are not. */
export function countColour(
  image: PngImage,
  box: PixelBox,
  colour: Rgb,
  tolerance = 0,
): { same: number; other: number } {
  let same = 0;
  let other = 0;
  for (let y = Math.max(0, box.top); y < Math.min(image.height, box.bottom); y++) {
    for (let x = Math.max(0, box.left); x < Math.min(image.width, box.right); x++) {
      if (sameColour(pixelAt(image, x, y), colour, tolerance)) same++;
      else other++;
    }
  }
  return { same, other };
}
