// The CLI's entry point (bundled to dist/cli.js): runs the commands on the process's
// arguments and streams. The Node version check runs before this, in the bundle's banner.

import { runCli } from './cliCommands';

declare const CLI_VERSION: string;

void runCli(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  typeof CLI_VERSION === 'string' ? CLI_VERSION : '0.0.0-dev',
).then((code) => {
  process.exitCode = code;
  // The Kafka client closes its sockets on close(); should one linger, exit anyway once output is flushed.
  setTimeout(() => process.exit(code), 1000).unref();
});
