// The CLI's entry point (bundled to dist/cli.js): runs the commands on the process's
// arguments and streams. The Node version check runs before this, in the bundle's banner.
// Everything written goes through processOutput (src/cli/cliOutput.ts): control characters in
// names from the cluster are escaped visibly, and a closed pipe (exit 0, silent) or a full disk
// (one line, exit 1) ends the CLI without a stack trace.

import { runCli } from './cliCommands';
import { processOutput } from './cliOutput';

declare const CLI_VERSION: string;

void runCli(process.argv.slice(2), processOutput(), typeof CLI_VERSION === 'string' ? CLI_VERSION : '0.0.0-dev').then(
  (code) => {
    process.exitCode = code;
    // The Kafka client closes its sockets on close(); should one linger, exit anyway once output is flushed.
    setTimeout(() => process.exit(code), 1000).unref();
  },
);
