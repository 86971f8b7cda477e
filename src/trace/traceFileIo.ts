// Trace files on disk: written atomically (a temporary file, then a rename) and streamed line by
// line in both directions, so a long trace is never held as one string.

import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Trace } from './trace';
import {
  encodeTrace,
  isTraceFileHeader,
  TraceFileDecoder,
  TraceFileError,
  type TraceFileHeader,
  type TraceFileOrigin,
} from './traceFile';

/** Writes a trace file: to a temporary file beside it, then renamed over it, so a reader never sees half a file. */
export async function writeTraceFile(file: string, trace: Trace, origin: TraceFileOrigin): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // awaited below; marked handled so an early error is not reported twice
  try {
    for (const line of encodeTrace(trace, origin)) {
      if (!out.write(`${line}\n`)) {
        await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
      }
    }
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
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      decoder.acceptLine(line);
    }
    return decoder.finish();
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
    lines.close();
    input.destroy();
  }
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
