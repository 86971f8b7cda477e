// Trace files on disk: written atomically (a temporary file, then a rename) and streamed line by
// line in both directions, so a long trace is never held as one string.

import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, promises as fs, readSync } from 'node:fs';
import * as path from 'node:path';
import type { Trace } from './trace';
import {
  encodeTrace,
  isTraceFileHeader,
  TraceFileDecoder,
  TraceFileError,
  type TraceFileHeader,
  type TraceFileLines,
  type TraceFileOrigin,
} from './traceFile';

/** How many bytes go to the file in one write. */
const writeChunkBytes = 1 << 20;

/** Writes a trace file: to a temporary file beside it, then renamed over it, so a reader never sees half a file. */
export async function writeTraceFile(file: string, trace: Trace, origin: TraceFileOrigin): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  // Room for a few chunks: the next ones are made while the disk takes the last.
  const out = createWriteStream(temporary, { highWaterMark: 4 * writeChunkBytes });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // awaited below; marked handled so an early error is not reported twice
  try {
    // Each line is encoded into a chunk of bytes as soon as it is made (its string dies young,
    // which spares the garbage collector); one write, and one wait for the disk, per chunk. A chunk
    // the disk has taken is used again: new ones, a megabyte each, would be let go only by a full
    // collection, and hundreds of them stayed resident.
    const spare: Buffer[] = [];
    const fresh = (least: number): Buffer =>
      least <= writeChunkBytes ? (spare.pop() ?? Buffer.allocUnsafe(writeChunkBytes)) : Buffer.allocUnsafe(least);
    let chunk = fresh(0);
    let used = 0;
    const send = async (bytes: Buffer, whole: Buffer): Promise<void> => {
      const written = out.write(bytes, (error) => {
        if (!error && whole.length === writeChunkBytes) spare.push(whole);
      });
      if (!written) {
        await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
      }
    };
    for (const line of encodeTrace(trace, origin)) {
      // A UTF-16 unit takes at most 3 bytes of UTF-8: a line that may not fit goes to a new chunk.
      if (used + 3 * line.length + 1 > chunk.length) {
        if (used > 0) await send(chunk.subarray(0, used), chunk);
        chunk = fresh(3 * line.length + 1);
        used = 0;
      }
      used += chunk.write(line, used, 'utf8');
      chunk[used++] = lineFeed;
    }
    if (used > 0) await send(chunk.subarray(0, used), chunk);
    await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
    await fs.rename(temporary, file);
  } catch (error) {
    out.destroy();
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Reads a trace file as a stream of lines. Errors name the file and line: `FILE:LINE: message`. */
export async function readTraceFile(
  file: string,
): Promise<{ header: TraceFileHeader; trace: Trace; warnings: string[] }> {
  const decoder = new TraceFileDecoder();
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  let lineNumber = 0;
  try {
    // Lines are cut out of the raw bytes by hand (a line may span chunks), so that each line's byte
    // offset is exact whatever the text holds; each line is then decoded as UTF-8. Like readline, a
    // line ends at LF, CRLF or a lone CR; a CR ending a chunk waits for the next (half a CRLF?).
    let rest: Buffer = Buffer.alloc(0);
    let byteOffset = 0; // where the next line starts
    const accept = (bytes: Buffer, start: number, end: number, breakLength: number): void => {
      lineNumber += 1;
      decoder.acceptLineBytes(bytes, byteOffset, start, end);
      byteOffset += end - start + breakLength;
    };
    const cut = (bytes: Buffer, last: boolean): Buffer => {
      let start = 0;
      const hasCr = bytes.includes(carriageReturn);
      for (;;) {
        const lf = bytes.indexOf(lineFeed, start);
        const crAt = hasCr ? bytes.indexOf(carriageReturn, start) : -1;
        const end = crAt >= 0 && (lf < 0 || crAt < lf) ? crAt : lf;
        if (end < 0) break;
        let length = 1;
        if (bytes[end] === carriageReturn) {
          if (end === bytes.length - 1 && !last) break;
          if (bytes[end + 1] === lineFeed) length = 2;
        }
        accept(bytes, start, end, length);
        start = end + length;
      }
      return bytes.subarray(start);
    };
    for await (const chunk of input as AsyncIterable<Buffer>) {
      rest = cut(rest.length === 0 ? chunk : Buffer.concat([rest, chunk]), false);
    }
    rest = cut(rest, true);
    if (rest.length > 0) accept(rest, 0, rest.length, 0);
    return decoder.finish(linesAgain(file, byteOffset));
  } catch (error) {
    if (error instanceof TraceFileError) {
      const where = error.line !== undefined ? `${file}:${error.line}` : file;
      const message = error.line !== undefined ? error.message.replace(/^line \d+: /, '') : error.message;
      throw new TraceFileError(`${where}: ${message}`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    throw new TraceFileError(
      `${file}${lineNumber > 0 ? `:${lineNumber}` : ''}: cannot read it (${code ?? String(error)})`,
    );
  } finally {
    input.destroy();
  }
}

/**
 * Reads the lines of a long trace file again, from one checkpoint to the next (its states are
 * decoded again from them). A file may have grown (a recording still being written), but one cut
 * shorter, or whose lines no longer start where they did, is refused rather than misread.
 */
function linesAgain(file: string, end: number): TraceFileLines {
  return (from, to) => {
    const changed = (): TraceFileError =>
      new TraceFileError(`${file}: the file changed on disk since it was opened; open it again`);
    let descriptor: number;
    try {
      descriptor = openSync(file, 'r');
    } catch {
      throw changed();
    }
    try {
      if (fstatSync(descriptor).size < end) throw changed();
      // The byte before the run and its last byte must still be line breaks.
      const start = Math.max(0, from.byteOffset - 1);
      const stop = to?.byteOffset ?? end;
      const length = stop - start;
      const buffer = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const read = readSync(descriptor, buffer, done, length - done, start + done);
        if (read === 0) throw changed();
        done += read;
      }
      const isBreak = (byte: number | undefined): boolean => byte === lineFeed || byte === carriageReturn;
      if ((from.byteOffset > 0 && !isBreak(buffer[0])) || (to && !isBreak(buffer[length - 1]))) throw changed();
      return buffer
        .subarray(from.byteOffset - start)
        .toString('utf8')
        .split(/\r\n|\n|\r/);
    } finally {
      closeSync(descriptor);
    }
  };
}

/** The bytes that end lines. */
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** What a file holds, told apart by its content: a trace file (JSON header line) or something else. */
export async function isTraceFile(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    return isTraceFileHeader(firstLine);
  } finally {
    await handle.close();
  }
}
