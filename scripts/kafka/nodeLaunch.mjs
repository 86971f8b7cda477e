// Bringing up one node: formatting its storage with Kafka's storage tool (first start only, optionally
// creating SCRAM users), and starting its JVM detached, logging to server.log, with its pid recorded.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { CliError, fail } from './cliOutput.mjs';
import { resolveToolClass, toolJvmOptions } from './kafkaTools.mjs';
import { classpath } from './maven.mjs';

/** Formats `node`'s log dirs for the cluster `clusterId`; `scram` holds `--add-scram` values. */
export function formatStorage(java, clusterId, node, scram) {
  return new Promise((resolve, reject) => {
    const args = [
      ...toolJvmOptions(),
      '-cp',
      classpath(),
      resolveToolClass('storage'),
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      node.configFile,
      '--ignore-formatted',
      ...scram.flatMap((s) => ['--add-scram', s]),
    ];
    const child = spawn(java, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new CliError(`formatting ${node.logDirs} failed (exit ${code}):\n${out.trim()}`)),
    );
  });
}

/** Starts `node`'s broker+controller JVM detached (it outlives this script), writes its pid file, returns the pid. */
export function launchNode(java, node, heap) {
  const fd = fs.openSync(node.logFile, 'a');
  fs.writeSync(fd, `\n===== kafka.mjs: starting node ${node.id} at ${new Date().toISOString()} =====\n`);
  const args = [
    `-Xms64m`,
    `-Xmx${heap}`,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${node.log4jFile}`,
    `-Dkafka.logs.dir=${node.dir}`,
    '-cp',
    classpath(),
    'kafka.Kafka',
    node.configFile,
  ];
  const child = spawn(java, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: node.dir,
  });
  fs.closeSync(fd);
  child.unref();
  if (!child.pid) fail(`could not start java for node ${node.id}`);
  fs.writeFileSync(node.pidFile, `${child.pid}\n`);
  return child.pid;
}
