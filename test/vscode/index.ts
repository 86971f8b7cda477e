// Test entry that VS Code loads as `extensionTestsPath` (compiled to out/test/vscode/index.js): runs every
// suite/*.test.js next to it with mocha inside the extension host and prints one machine-readable
// `[kot-test] {json}` line per finished test, which the runners (test/harness/codeServer.ts) parse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { afterReloadFiles, isAfterReload } from './reloadPhase';

const TEST_MARKER = '[kot-test]';
const MAX_ERROR_CHARS = 4000;

interface TestLine {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string | undefined;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const withDiff = err as Error & { actual?: unknown; expected?: unknown; showDiff?: boolean };
    let text = err.stack ?? `${err.name}: ${err.message}`;
    if (!text.includes(err.message)) text = `${err.name}: ${err.message}\n${text}`;
    // chai-style errors carry the values separately; node:assert already puts them in the message.
    if (withDiff.showDiff === true) {
      text += `\nexpected: ${safeJson(withDiff.expected)}\nactual:   ${safeJson(withDiff.actual)}`;
    }
    return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
  }
  return String(err);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Reporter: a spec-like human line plus a `[kot-test] {json}` line per test (and per failed hook). */
class KotReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const emit = (line: TestLine, human: string): void => {
      console.log(human);
      console.log(`${TEST_MARKER} ${JSON.stringify(line)}`);
    };
    runner.on(Mocha.Runner.constants.EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) console.log(`${'  '.repeat(suiteDepth(suite))}${suite.title}`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test: Mocha.Test) => {
      const durationMs = test.duration ?? 0;
      emit(
        { fullTitle: test.fullTitle(), state: 'passed', durationMs },
        `${indent(test)}✔ ${test.title} (${durationMs} ms)`,
      );
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test: Mocha.Test) => {
      emit(
        { fullTitle: test.fullTitle(), state: 'pending', durationMs: 0 },
        `${indent(test)}- ${test.title} (pending)`,
      );
    });
    // Also fires for failing hooks (then the hook's title, e.g. `"before all" hook`, is the title).
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
      const error = describeError(err);
      emit(
        { fullTitle: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error },
        `${indent(test)}✘ ${test.title}\n${error.replace(/^/gm, `${indent(test)}    `)}`,
      );
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = this.stats;
      console.log(
        `\n[kot-summary] ${s.passes} passing, ${s.failures} failing, ${s.pending} pending (${s.duration ?? 0} ms)`,
      );
    });
  }
}

function suiteDepth(suite: Mocha.Suite): number {
  let depth = 0;
  for (let s = suite.parent; s && !s.root; s = s.parent) depth++;
  return depth;
}

function indent(test: Mocha.Runnable): string {
  return '  '.repeat(test.parent ? suiteDepth(test.parent) + 1 : 1);
}

/** Runs first: it checks what activation alone does (nothing loaded yet), before any other suite loads a trace. */
const firstFile = 'extension.test.js';

function findTestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort(
      (a, b) =>
        Number(path.basename(b) === firstFile) - Number(path.basename(a) === firstFile) || (a < b ? -1 : a > b ? 1 : 0),
    );
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.reporter(KotReporter);
  const suiteDir = path.join(__dirname, 'suite');
  const files = findTestFiles(suiteDir);
  if (files.length === 0) throw new Error(`no *.test.js files in ${suiteDir} (run npm run build first)`);
  // After the reload test reloaded the window, only its second half runs (see reloadPhase.ts).
  const afterReload = isAfterReload();
  // For development only: KOT_VSCODE_ONLY=zDebugSession.test.js,quiz.test.js runs just those suites.
  const only = process.env.KOT_VSCODE_ONLY?.split(',').map((name) => name.trim());
  for (const file of files) {
    if (only && !only.includes(path.basename(file))) continue;
    if (!afterReload || afterReloadFiles.includes(path.basename(file))) mocha.addFile(file);
  }

  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} VS Code integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // A suite file that throws while loading lands here.
      console.log(
        `${TEST_MARKER} ${JSON.stringify({ fullTitle: 'loading VS Code test files', state: 'failed', durationMs: 0, error: describeError(err) } satisfies TestLine)}`,
      );
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
