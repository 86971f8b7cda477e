// How scripts/kafka.mjs reports: errors that end a command (CliError, fail), progress lines (stdout, or
// stderr in --json mode so stdout stays one JSON document), and durations in seconds.

/** An expected failure: the entry point prints its message alone, without a stack. */
export class CliError extends Error {}

/** Ends the command with `msg` (throws a CliError). */
export const fail = (msg) => {
  throw new CliError(msg);
};

let jsonMode = false;

/** Switches --json mode on or off for {@link info} and the cluster report. */
export const setJsonMode = (on) => {
  jsonMode = Boolean(on);
};

/** True in --json mode. */
export const isJsonMode = () => jsonMode;

/** Human-readable progress: stderr in --json mode so stdout stays one JSON document. */
export const info = (msg) => (jsonMode ? process.stderr : process.stdout).write(msg + '\n');

/** A duration in ms as seconds, e.g. "2.5s". */
export const secs = (ms) => (ms / 1000).toFixed(1) + 's';
