// The Kafka jars: Maven copies the dependencies of scripts/kafka/pom.xml into .tools/kafka/lib once per
// pom content (a marker file holds the pom's hash), safely when several processes race to do it.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, secs } from './cliOutput.mjs';
import { LIB_DIR, LIB_MARKER, POM, REPO, TOOLS_DIR } from './locations.mjs';
import { readText } from './textFiles.mjs';

const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'); // in Maven output

/** The Kafka version the pom names, and the marker text that says the jars of this pom are complete. */
function pomInfo() {
  const text = fs.readFileSync(POM, 'utf8');
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(text)?.[1];
  if (!version) fail(`no <kafka.version> in ${POM}`);
  const sha = createHash('sha256').update(text).digest('hex');
  return { version, marker: `kafka ${version} pom-sha256 ${sha}\n` };
}

/** Copies the jars named by scripts/kafka/pom.xml into .tools/kafka/lib once per pom content. */
export function ensureJars() {
  const { version, marker } = pomInfo();
  if (readText(LIB_MARKER) === marker) return version;
  const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
  if (spawnSync(mvn, ['-v'], { encoding: 'utf8' }).error)
    fail('Maven (mvn) not found: it is needed once to fetch the Kafka jars (e.g. apt-get install maven)');
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  const tmp = `${LIB_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const t0 = Date.now();
  process.stderr.write(`Fetching Apache Kafka ${version} jars with Maven into ${path.relative(REPO, LIB_DIR)} ...\n`);
  const r = spawnSync(mvn, ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0 || !fs.existsSync(path.join(tmp, `kafka_2.13-${version}.jar`))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const out = (r.stdout + r.stderr).replace(ANSI_COLOR, '').trim().split('\n').slice(-30).join('\n');
    fail(`Maven could not fetch the Kafka ${version} jars (exit ${r.status}):\n${out}`);
  }
  fs.writeFileSync(path.join(tmp, '.complete'), marker);
  if (readText(LIB_MARKER) === marker) {
    fs.rmSync(tmp, { recursive: true, force: true }); // another process finished first
  } else {
    fs.rmSync(LIB_DIR, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, LIB_DIR);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (readText(LIB_MARKER) !== marker) throw e;
    }
  }
  const jars = fs.readdirSync(LIB_DIR).filter((f) => f.endsWith('.jar')).length;
  process.stderr.write(`Fetched ${jars} jars in ${secs(Date.now() - t0)}\n`);
  return version;
}

/** The java classpath of every jar in .tools/kafka/lib. */
export const classpath = () => path.join(LIB_DIR, '*');
