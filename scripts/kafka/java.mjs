// Finds the java that runs Kafka: JAVA_HOME's, else the one on PATH; it must be version 17 or newer.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fail } from './cliOutput.mjs';

let javaCache;

/** The java command to run (checked once per process); fails when there is none or it is too old. */
export function findJava() {
  if (javaCache) return javaCache;
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  for (const java of candidates) {
    const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
    if (r.error) continue;
    const m = /version "(\d+)(?:\.(\d+))?/.exec(r.stderr + r.stdout);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
    if (major < 17) fail(`java at '${java}' is version ${major || 'unknown'}; Kafka 4 needs java 17+`);
    javaCache = java;
    return java;
  }
  return fail('java not found: install a JDK/JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME');
}
