#!/usr/bin/env node
// Runs a real Apache Kafka (KRaft mode, jars from Maven Central via scripts/kafka/pom.xml) on 127.0.0.1
// for live tests and demos: start | stop | status | tool (Kafka's own CLI tools) | jars. No Docker, no fake broker.
// Usage: node scripts/kafka.mjs help. This entry parses the command; the modules in scripts/kafka/ do the work.

import { CliError, fail, info } from './kafka/cliOutput.mjs';
import { findJava } from './kafka/java.mjs';
import { TOOL_ALIASES } from './kafka/kafkaTools.mjs';
import { HOST } from './kafka/locations.mjs';
import { classpath, ensureJars } from './kafka/maven.mjs';
import { cmdStart } from './kafka/startCommand.mjs';
import { cmdStatus } from './kafka/statusCommand.mjs';
import { cmdStop } from './kafka/stopCommand.mjs';
import { cmdTool } from './kafka/toolCommand.mjs';

const USAGE = `Usage: node scripts/kafka.mjs <command> [options]

  start   [--port 9092] [--brokers 1|3] [--data-dir DIR] [--heap 512m] [--override key=value]... [--timeout SEC] [--json]
          [--listener NAME:PROTOCOL]... [--add-scram 'SCRAM-SHA-512=[name=U,password=P]']...
          Start a KRaft Kafka on ${HOST} (1 broker+controller process, or 3 of them in one quorum),
          detached; waits until it serves metadata. Idempotent: restarts only the nodes not running.
          --listener adds a listener (e.g. SASL_SSL:SASL_SSL) on a free port of every node, beside
          PLAINTEXT (configure it with --override listener.name.<name>.<key>=...); --add-scram creates
          SCRAM users when the storage is formatted (first start only).
  stop    [--port 9092 | --data-dir DIR] [--node ID] [--timeout SEC] [--json]
          Stop the processes this script started there (pids recorded in the data dir).
  status  [--port 9092 | --data-dir DIR] [--json]    (no option: every data dir under .tools/kafka)
  tool    [--port P | --data-dir DIR] <alias|main.Class> [args...]
          Run a Kafka CLI tool with the jars' classpath. Aliases: ${Object.keys(TOOL_ALIASES).join(', ')}.
          'tool --list' prints the class behind each alias. With --port/--data-dir, an alias that takes
          --bootstrap-server gets that cluster's bootstrap servers when the args have none.
  jars    Resolve the jars into .tools/kafka/lib (done by every command as needed) and print the classpath.

Data dir default: .tools/kafka/data-<port>. Broker logs: <data dir>/node-<id>/server.log.
Needs java 17+ (JAVA_HOME or PATH) and Maven (mvn) the first time.`;

async function main(argv) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'start':
      return cmdStart(rest);
    case 'stop':
      return cmdStop(rest);
    case 'status':
      return cmdStatus(rest);
    case 'tool':
      return cmdTool(rest);
    case 'jars':
      findJava();
      ensureJars();
      info(classpath());
      return 0;
    case 'help':
    case '--help':
    case '-h':
    case undefined:
      info(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      return fail(`unknown command '${cmd}' (see: node scripts/kafka.mjs help)`);
  }
}

// a closed pipe (e.g. `| head`) must not crash the script after the brokers have started
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof CliError) process.stderr.write(`kafka.mjs: ${err.message}\n`);
    else process.stderr.write(`kafka.mjs: unexpected error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
