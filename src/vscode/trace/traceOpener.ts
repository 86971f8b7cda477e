// Opens a trace in the extension from where it comes from: a built-in scenario by name, or a
// scenario or trace file on disk. The panel's reload restore and the file commands both use it.

import * as vscode from 'vscode';
import { defaultScenarioName, findScenario } from '../../scenarios/builtInScenarios';
import { describeOrigin, type TraceOrigin } from '../../trace/traceOrigin';
import { loadTraceFile, TraceLoadError } from '../../trace/traceLoader';
import type { LoadedTrace, TraceSession } from './traceSession';

/** Loads the trace an origin names into the session, at step `index`. Rejects with a one-line reason. */
export async function loadFromOrigin(session: TraceSession, origin: TraceOrigin, index = 0): Promise<LoadedTrace> {
  if (origin.kind === 'built-in') {
    const scenario = findScenario(origin.name);
    if (!scenario) throw new Error(`there is no built-in scenario "${origin.name}"`);
    return session.load(scenario, index);
  }
  const opened = await loadTraceFile(origin.file);
  return session.loadTrace(opened.trace, origin, index);
}

/**
 * Opens a scenario file or a trace file (told apart by content) into the session, reading and
 * running it once.
 */
export async function loadFile(session: TraceSession, file: string): Promise<LoadedTrace> {
  const opened = await loadTraceFile(file);
  const origin: TraceOrigin =
    opened.kind === 'scenario' ? { kind: 'scenario-file', file } : { kind: 'trace-file', file };
  return session.loadTrace(opened.trace, origin, 0);
}

/** The message of a failed load, for the user: the file's diagnostics, or the reason. */
export function loadFailureText(error: unknown): string {
  if (error instanceof TraceLoadError) return error.lines.join('\n');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Restores a saved trace after a window reload; when that is impossible (the file is gone or now
 * invalid), says why and shows the default demo instead, so the panel is never empty.
 */
export async function restoreFromOrigin(session: TraceSession, origin: TraceOrigin, index: number): Promise<void> {
  try {
    await loadFromOrigin(session, origin, index);
  } catch (error) {
    void vscode.window.showWarningMessage(
      `Kafka Offsets: could not restore the ${describeOrigin(origin)}: ${loadFailureText(error)}`,
    );
    const fallback = findScenario(defaultScenarioName);
    if (fallback && !session.loaded) session.load(fallback);
  }
}
