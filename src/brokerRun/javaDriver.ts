// Runs the Java driver (media/java/OffsetTraceDriver.java) with Kafka's own client jars: finds java
// and the jars, compiles the driver once into a cache folder, and talks to each driver process one
// command a line, one JSON answer a line. Everything that can be missing is named in the error.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What a run on Kafka needs and could not find: the message says exactly what to install or pass. */
export class BrokerRunSetupError extends Error {
  constructor(
    message: string,
    /** `jars` when the Kafka jars are missing (the extension offers to fetch them with Maven). */
    readonly missing: 'java' | 'jars' | 'driver',
  ) {
    super(message);
    this.name = 'BrokerRunSetupError';
  }
}

/** Where the Java side comes from. */
export interface JavaSetup {
  /** The `java` launcher (17 or later). */
  readonly java: string;
  /** The class path: the compiled driver first, then the Kafka client jars. */
  readonly classPath: string;
  /** The kafka-clients version of the jars, e.g. "4.4.0". */
  readonly kafkaVersion: string;
}

/** Answers of the driver: `ok`, and either the command's fields or the exception it threw. */
export interface DriverAnswer {
  readonly ok: boolean;
  readonly error?: string;
  readonly message?: string;
  readonly records?: readonly string[];
  readonly assignment?: readonly string[];
  readonly positions?: readonly string[];
  readonly asyncResults?: readonly string[];
  readonly generation?: number;
  readonly partitions?: readonly string[];
  readonly offsets?: readonly string[];
  readonly [field: string]: unknown;
}

/** Runs a program to its end without blocking the event loop (the extension host stays responsive). */
function run(
  file: string,
  args: readonly string[],
): Promise<{ ok: boolean; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ ok: !error, stdout, stderr, ...(error ? { error } : {}) }),
    );
  });
}

/** The first `java` 17+ found: JAVA_HOME, then PATH. */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = [env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : undefined, 'java'].filter(
    (c): c is string => c !== undefined,
  );
  for (const candidate of candidates) {
    const r = await run(candidate, ['-version']);
    if (!r.ok) continue;
    const major = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`)?.[1];
    if (major && Number(major) >= 17) return candidate;
  }
  throw new BrokerRunSetupError(
    'run-on-kafka needs Java 17 or later (the real Kafka clients run in a JVM): install a JDK (e.g. apt-get install openjdk-17-jdk) or set JAVA_HOME',
    'java',
  );
}

/** The folder of Kafka jars: the one given, else KAFKA_OFFSET_TRACE_JARS, else the repository's `.tools/kafka/lib`. */
export function findKafkaJars(given: string | undefined, searchFrom: string, env = process.env): string {
  const candidates: string[] = [];
  if (given) candidates.push(path.resolve(given));
  else {
    if (env.KAFKA_OFFSET_TRACE_JARS) candidates.push(path.resolve(env.KAFKA_OFFSET_TRACE_JARS));
    for (let dir = searchFrom; ; dir = path.dirname(dir)) {
      candidates.push(path.join(dir, '.tools', 'kafka', 'lib'));
      if (path.dirname(dir) === dir) break;
    }
  }
  for (const dir of candidates) {
    if (kafkaClientsJar(dir)) return dir;
  }
  const where = given ? `in ${path.resolve(given)}` : 'in KAFKA_OFFSET_TRACE_JARS or .tools/kafka/lib';
  throw new BrokerRunSetupError(
    `run-on-kafka needs Kafka's Java client jars (kafka-clients-*.jar and its dependencies) and found none ${where}: pass --kafka-jars DIR (e.g. the libs/ folder of a Kafka download), or fetch them with Maven: node scripts/kafka.mjs jars`,
    'jars',
  );
}

function kafkaClientsJar(dir: string): string | undefined {
  try {
    return fs.readdirSync(dir).find((f) => /^kafka-clients-\d[^/]*\.jar$/.test(f));
  } catch {
    return undefined;
  }
}

/** The driver's source, shipped beside the bundles (media/java). */
export function driverSourcePath(fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'media', 'java', 'OffsetTraceDriver.java');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new BrokerRunSetupError(`the driver media/java/OffsetTraceDriver.java is missing next to ${fromDir}`, 'driver');
}

/**
 * Compiles the driver once per source and jar set into a cache folder (with the JDK's javac) and
 * returns the setup. Asynchronous throughout: the extension host never waits on a child process.
 */
export async function prepareJava(options: {
  jarsDir: string;
  driverSource: string;
  cacheDir?: string;
}): Promise<JavaSetup> {
  const java = await findJava();
  try {
    return await compileDriver(java, options);
  } catch (error) {
    if (error instanceof BrokerRunSetupError) throw error;
    throw new BrokerRunSetupError(`could not prepare the driver: ${(error as Error).message}`, 'driver');
  }
}

async function compileDriver(
  java: string,
  options: { jarsDir: string; driverSource: string; cacheDir?: string },
): Promise<JavaSetup> {
  const jars = fs
    .readdirSync(options.jarsDir)
    .filter((f) => f.endsWith('.jar') && !/^log4j-|slf4j-impl|slf4j-reload4j/.test(f))
    .sort()
    .map((f) => path.join(options.jarsDir, f));
  const clientsJar = kafkaClientsJar(options.jarsDir) ?? '';
  const kafkaVersion = /^kafka-clients-(.+)\.jar$/.exec(clientsJar)?.[1] ?? 'unknown';
  const source = fs.readFileSync(options.driverSource, 'utf8');
  const key = createHash('sha256').update(source).update(jars.join(':')).digest('hex').slice(0, 16);
  const cacheRoot = options.cacheDir ?? path.join(os.tmpdir(), 'kafka-offset-trace-driver');
  const classes = path.join(cacheRoot, key);
  if (!fs.existsSync(path.join(classes, 'OffsetTraceDriver.class'))) {
    const javac = path.join(path.dirname(java === 'java' ? await whichJava() : java), 'javac');
    const tmp = `${classes}.tmp-${process.pid}`;
    fs.mkdirSync(tmp, { recursive: true });
    const r = await run(javac, ['-nowarn', '-d', tmp, '-cp', jars.join(path.delimiter), options.driverSource]);
    if (!r.ok) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new BrokerRunSetupError(
        `could not compile the driver with ${javac} (a JDK, not only a JRE, is needed): ${(r.stderr || String(r.error)).trim().split('\n')[0]}`,
        'java',
      );
    }
    try {
      fs.renameSync(tmp, classes);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another run compiled it first
    }
  }
  return { java, classPath: [classes, ...jars].join(path.delimiter), kafkaVersion };
}

async function whichJava(): Promise<string> {
  const r = await run('sh', ['-c', 'command -v java']);
  const found = r.stdout.trim();
  return found ? fs.realpathSync(found) : 'java';
}

/** The driver JVMs still running: killed when this process exits, so none is left behind. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const running of liveChildren) running.kill('SIGKILL');
  });
}

/** One driver JVM: send a command, get its answer; SIGKILL it to crash a consumer. */
export class DriverProcess {
  private readonly child: ChildProcess;
  private buffer = '';
  private readonly waiting: { resolve: (a: DriverAnswer) => void; reject: (e: Error) => void }[] = [];
  private exited = false;
  private stderrTail = '';
  readonly ready: Promise<DriverAnswer>;
  readonly exit: Promise<void>;

  constructor(setup: JavaSetup, role: 'consumer' | 'cluster', bootstrapServers: string, props: Record<string, string>) {
    const args = [
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      '-Xmx256m',
      '-cp',
      setup.classPath,
      'OffsetTraceDriver',
      role,
      bootstrapServers,
      ...Object.entries(props).map(([k, v]) => `${k}=${v}`),
    ];
    this.child = spawn(setup.java, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(this.child);
    this.exit = new Promise((resolve) => {
      this.child.once('exit', () => {
        this.exited = true;
        for (const w of this.waiting.splice(0)) w.reject(new Error(`the ${role} driver exited${this.reason()}`));
        resolve();
      });
      this.child.once('error', (error) => {
        this.exited = true;
        for (const w of this.waiting.splice(0)) w.reject(error);
        resolve();
      });
    });
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline).trim();
        this.buffer = this.buffer.slice(newline + 1);
        if (!line.startsWith('{')) continue;
        try {
          this.waiting.shift()?.resolve(JSON.parse(line) as DriverAnswer);
        } catch {
          // not an answer line
        }
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin?.on('error', () => undefined);
    this.ready = new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.ready.catch(() => undefined); // a spare JVM killed unused: nobody waits for it
  }

  /** The first line of the JVM's own complaint, without the logging library's notices: never a stack trace. */
  private reason(): string {
    const line = this.stderrTail
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('SLF4J:') && !l.startsWith('at ') && !l.startsWith('Note:'));
    return line ? `: ${line.replace(/^Exception in thread "\w+" /, '')}` : '';
  }

  /**
   * Sends one command and waits for its answer. After `timeoutMs` the JVM is killed (a late answer
   * would otherwise be taken for the next command's); it rejects too if the JVM exits.
   */
  send(command: string, timeoutMs = 60_000): Promise<DriverAnswer> {
    if (this.exited) return Promise.reject(new Error('the driver is not running'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiting.findIndex((w) => w.resolve === done);
        if (index >= 0) this.waiting.splice(index, 1);
        this.child.kill('SIGKILL');
        reject(new Error(`the driver did not answer "${command.split(' ')[0]}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (answer: DriverAnswer): void => {
        clearTimeout(timer);
        resolve(answer);
      };
      this.waiting.push({
        resolve: done,
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.stdin?.write(`${command}\n`);
    });
  }

  /** SIGKILL: the JVM is gone at once, as a crashed consumer is (no leave, no commit). */
  async kill(): Promise<void> {
    if (!this.exited) this.child.kill('SIGKILL');
    await this.exit;
  }

  get running(): boolean {
    return !this.exited;
  }
}
