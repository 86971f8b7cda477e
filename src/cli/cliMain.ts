// The CLI's entry point (bundled to dist/cli.js): runs the commands on the process's
// arguments and streams. The Node version check runs before this, in the bundle's banner.

import { runCli } from './cliCommands';

declare const CLI_VERSION: string;

process.exitCode = runCli(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  typeof CLI_VERSION === 'string' ? CLI_VERSION : '0.0.0-dev',
);
