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

/** About how many characters go to the file in one write. */
const writeChunkChars = 1 << 20;

/** Writes a trace file: to a temporary file beside it, then renamed over it, so a reader never sees half a file. */
export async function writeTraceFile(file: string, trace: Trace, origin: TraceFileOrigin): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // awaited below; marked handled so an early error is not reported twice
  try {
    // Lines go out in chunks of about a megabyte: one write (and one wait for the disk) per chunk, not per line.
    let chunk: string[] = [];
    let chunkLength = 0;
    const flush = async (): Promise<void> => {
      const text = chunk.join('');
      chunk = [];
      chunkLength = 0;
      if (!out.write(text)) {
        await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
      }
    };
    for (const line of encodeTrace(trace, origin)) {
      chunk.push(line, '\n');
      chunkLength += line.length + 1;
      if (chunkLength >= writeChunkChars) await flush();
    }
    if (chunkLength > 0) await flush();
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
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let lineNumber = 0;
  try {
    // Lines are cut out of each chunk by hand (a line may span chunks). Like readline, a line ends at
    // LF, CRLF or a lone CR; a CR ending a chunk waits for the next one (it may be half a CRLF).
    let rest = '';
    let byteOffset = 0; // where the next line starts
    const accept = (line: string, breakLength: number): void => {
      lineNumber += 1;
      decoder.acceptLine(line, byteOffset);
      byteOffset += Buffer.byteLength(line) + breakLength;
    };
    const cut = (text: string, last: boolean): string => {
      let start = 0;
      if (!text.includes('\r')) {
        for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
          accept(text.slice(start, end), 1);
          start = end + 1;
        }
        return text.slice(start);
      }
      const breaks = /\r\n|\n|\r/g;
      for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
        if (match[0] === '\r' && match.index === text.length - 1 && !last) break;
        accept(text.slice(start, match.index), match[0].length);
        start = match.index + match[0].length;
      }
      return text.slice(start);
    };
    for await (const chunk of input as AsyncIterable<string>) rest = cut(rest + chunk, false);
    rest = cut(rest, true);
    if (rest !== '') accept(rest, 0);
    const read = await fs.stat(file);
    return decoder.finish(linesAgain(file, read.size, read.mtimeMs, byteOffset));
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
 * decoded again from them). A file changed since it was read is refused rather than misread.
 */
function linesAgain(file: string, size: number, mtimeMs: number, end: number): TraceFileLines {
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
      const now = fstatSync(descriptor);
      if (now.size !== size || now.mtimeMs !== mtimeMs) throw changed();
      const length = (to?.byteOffset ?? end) - from.byteOffset;
      const buffer = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const read = readSync(descriptor, buffer, done, length - done, from.byteOffset + done);
        if (read === 0) throw changed();
        done += read;
      }
      return buffer.toString('utf8').split(/\r\n|\n|\r/);
    } finally {
      closeSync(descriptor);
    }
  };
}

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
