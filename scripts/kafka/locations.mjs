// Where scripts/kafka.mjs keeps things: the repo, the pom naming the Kafka jars, the jars and data dirs
// under .tools/kafka, the state file of a data dir, and the one host every broker listens on.

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders above this file). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The Maven pom whose dependencies are the Kafka jars. */
export const POM = path.join(REPO, 'scripts', 'kafka', 'pom.xml');
/** Jars, tool config and the default data dirs live here. */
export const TOOLS_DIR = path.join(REPO, '.tools', 'kafka');
/** The jars copied by Maven. */
export const LIB_DIR = path.join(TOOLS_DIR, 'lib');
/** Holds the pom's version and hash once LIB_DIR is complete. */
export const LIB_MARKER = path.join(LIB_DIR, '.complete');
/** The file in a data dir recording the cluster's layout. */
export const STATE_FILE = 'cluster.json';
/** Every broker and controller binds and advertises this address. */
export const HOST = '127.0.0.1';
