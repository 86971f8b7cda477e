// Opens a file as a trace, whatever it holds: a scenario file is parsed and run through the
// simulator, a trace file is streamed in. Files are told apart by their content, not their name.
// Used by the CLI's `run`, the debugger and the extension alike.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseScenarioFileInSlices, type ScenarioDiagnostic } from '../scenarios/scenarioFile';
import { ScenarioError } from '../simulator/offsetSimulator';
import { everyStepHasLine, scenarioRun, type Trace } from './trace';
import { runInSlices } from '../common/slicedWork';
import { TraceFileError, type TraceFileHeader } from './traceFile';
import { isTraceFile, readTraceFile } from './traceFileIo';

/** A file that could not be opened as a trace; `lines` are `FILE:LINE:COLUMN: message`, one problem each. */
export class TraceLoadError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'TraceLoadError';
  }
}

/** A trace opened from a file. */
export interface LoadedTraceFile {
  readonly kind: 'scenario' | 'trace';
  readonly file: string;
  readonly trace: Trace;
  /** The scenario file the steps' `line`/`column` point into, when there is one on disk. */
  readonly scenarioFile: string | undefined;
  /** A trace file's header. */
  readonly header?: TraceFileHeader;
  /** Warnings of a scenario file (settings the simulator does not model, …): the file still ran. */
  readonly warnings: readonly string[];
}

function diagnosticLine(file: string, diagnostic: ScenarioDiagnostic): string {
  return `${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}`;
}

/**
 * Runs a scenario file's text (already read) into a trace, in slices (a long scenario does not block
 * the event loop); throws {@link TraceLoadError} with its diagnostics.
 */
export async function runScenarioText(file: string, text: string): Promise<{ trace: Trace; warnings: string[] }> {
  const parsed = await runInSlices(parseScenarioFileInSlices(text, { fileName: path.basename(file) }));
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const warnings = parsed.diagnostics.filter((d) => d.severity === 'warning').map((d) => diagnosticLine(file, d));
  if (errors.length > 0 || !parsed.scenario) {
    throw new TraceLoadError(
      errors.length > 0 ? errors.map((d) => diagnosticLine(file, d)) : [`${file}:1:1: not a scenario file`],
    );
  }
  try {
    return { trace: await runInSlices(scenarioRun(parsed.scenario)), warnings };
  } catch (error) {
    if (error instanceof ScenarioError) {
      const at = error.at ?? { line: 1, column: 1 };
      throw new TraceLoadError([`${file}:${at.line}:${at.column}: ${error.message}`]);
    }
    throw error;
  }
}

/** Opens a scenario file or a trace file as a trace. Every failure is a {@link TraceLoadError} naming the file. */
export async function loadTraceFile(file: string): Promise<LoadedTraceFile> {
  let trace: boolean;
  try {
    trace = await isTraceFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (code ?? String(error));
    throw new TraceLoadError([`${file}: cannot open it (${reason})`]);
  }
  if (trace) {
    try {
      const { header, trace: read, warnings } = await readTraceFile(file);
      const origin = header.origin;
      let scenarioFile: string | undefined;
      if (origin.kind === 'scenario' && typeof origin.file === 'string' && everyStepHasLine(read)) {
        const candidate = path.resolve(path.dirname(file), origin.file);
        scenarioFile = await fs
          .stat(candidate)
          .then((stat) => (stat.isFile() ? candidate : undefined))
          .catch(() => undefined);
      }
      return {
        kind: 'trace',
        file,
        trace: read,
        scenarioFile,
        header,
        warnings: warnings.map((w) => `${file}:${w.replace(/^line /, '')}`),
      };
    } catch (error) {
      if (error instanceof TraceFileError) throw new TraceLoadError([error.message]);
      throw error;
    }
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new TraceLoadError([`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  const { trace: ran, warnings } = await runScenarioText(file, text);
  return { kind: 'scenario', file, trace: ran, scenarioFile: path.resolve(file), warnings };
}
