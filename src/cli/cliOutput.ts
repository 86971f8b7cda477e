// Where the CLI writes: the process's streams in production, buffers in tests. `processOutput`
// wires the process's streams safely: every byte written goes through `visibleText` (names from the
// cluster cannot drive the terminal), and a closed pipe or a full disk ends the CLI quietly.

import { visibleText } from '../common/visibleText';

export { visibleText };

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** What `processOutput` needs of a stream: process.stdout and process.stderr, or test doubles. */
export interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The one line for a failed write of the output, e.g. `no space left on device (ENOSPC)`. */
export function writeFailureLine(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EFBIG: 'file too large',
    EBADF: 'bad file descriptor',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
  };
  const reason = (code !== undefined ? reasons[code] : undefined) ?? (error instanceof Error ? error.message : 'error');
  return `kafka-offset-trace: cannot write the output: ${code !== undefined ? `${reason} (${code})` : reason}\n`;
}

/**
 * The CLI's output on the process's streams (by default process.stdout and process.stderr).
 *
 * A write error on stdout ends the process at once, whether the write throws or the stream emits
 * 'error' later (a pipe or a file fails either way, depending on the platform):
 * - EPIPE (the reader closed the pipe, as `| head -1` does): exit 0 with no message. A Unix tool is
 *   killed by SIGPIPE there (status 141), but Node ignores SIGPIPE; we follow ripgrep and most Node
 *   tools and exit 0, because the reader stopping early is its choice, not our failure, and 141
 *   would fail every `set -o pipefail` script that pipes us into `head`.
 * - anything else (ENOSPC, EIO, ...): one line on stderr, `kafka-offset-trace: cannot write the
 *   output: no space left on device (ENOSPC)`, and exit 1. Never a stack trace.
 * A write error on stderr is ignored: stderr is where we would report it, and stdout may be fine.
 * Writes after a failure are dropped. On POSIX, stdio writes to files, pipes and terminals are
 * synchronous, so exiting right after writing the line loses nothing.
 */
export function processOutput(
  stdout: OutputStream = process.stdout,
  stderr: OutputStream = process.stderr,
  exit: (code: number) => void = (code) => process.exit(code),
): CliOutput {
  let stdoutFailed = false;
  let stderrFailed = false;
  const writeErr = (text: string): void => {
    if (stderrFailed) return;
    try {
      stderr.write(text);
    } catch {
      stderrFailed = true;
    }
  };
  const stdoutFailure = (error: unknown): void => {
    if (stdoutFailed) return;
    stdoutFailed = true;
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') {
      exit(0);
      return;
    }
    writeErr(writeFailureLine(error));
    exit(1);
  };
  stdout.on('error', stdoutFailure);
  stderr.on('error', () => {
    stderrFailed = true;
  });
  return {
    out(text) {
      if (stdoutFailed) return;
      try {
        stdout.write(visibleText(text));
      } catch (error) {
        stdoutFailure(error);
      }
    },
    err(text) {
      writeErr(visibleText(text));
    },
  };
}
