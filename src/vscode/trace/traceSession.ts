// The extension's current trace, where it came from, and its cursor, shared by the panel, the
// Offsets tree, the commands and the debugger. Thin glue over the core's TraceCursor: it adds VS
// Code events and context keys.

import * as vscode from 'vscode';
import type { PanelComparison } from '../../panel/panelComparison';
import type { Scenario } from '../../simulator/model';
import { runScenario, type Trace } from '../../trace/trace';
import { originKey, type TraceOrigin } from '../../trace/traceOrigin';
import { TraceCursor, type CursorChange } from '../../trace/traceCursor';
import { contextKeys, settingIds } from '../contributions';

/** A loaded trace with its identity and origin; `id` changes whenever a new trace is loaded. */
export interface LoadedTrace {
  readonly id: string;
  readonly origin: TraceOrigin;
  readonly trace: Trace;
  readonly cursor: TraceCursor;
  /** After a run on a broker: the trace is the observed one, compared with the simulated one. */
  readonly comparison?: PanelComparison;
}

export class TraceSession implements vscode.Disposable {
  private current: LoadedTrace | undefined;
  private loads = 0;
  private unsubscribeCursor: (() => void) | undefined;
  private readonly loadedEmitter = new vscode.EventEmitter<LoadedTrace>();
  private readonly movedEmitter = new vscode.EventEmitter<CursorChange>();
  private readonly disposables: vscode.Disposable[] = [this.loadedEmitter, this.movedEmitter];

  /** Fires when a new trace is loaded. */
  readonly onDidLoad = this.loadedEmitter.event;
  /** Fires when the cursor moves or playback starts or stops. */
  readonly onDidMove = this.movedEmitter.event;

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${settingIds.section}.${settingIds.playIntervalMs}`)) {
          this.current?.cursor.setPlayInterval(playIntervalSetting());
        }
      }),
    );
  }

  get loaded(): LoadedTrace | undefined {
    return this.current;
  }

  /** Runs a built-in scenario and makes it the current trace, at step `index` (0-based). */
  load(scenario: Scenario, index = 0): LoadedTrace {
    return this.loadTrace(runScenario(scenario), { kind: 'built-in', name: scenario.name }, index);
  }

  /**
   * Makes a trace the current one, at step `index` (0-based), remembering where it came from; with
   * `comparison`, the panel shows it side by side with the simulated trace.
   */
  loadTrace(trace: Trace, origin: TraceOrigin, index = 0, comparison?: PanelComparison): LoadedTrace {
    this.unsubscribeCursor?.();
    this.current?.cursor.dispose();
    const cursor = new TraceCursor(trace, playIntervalSetting(), undefined, index);
    this.loads += 1;
    const loaded: LoadedTrace = {
      id: `${originKey(origin)}#${this.loads}`,
      origin,
      trace,
      cursor,
      ...(comparison ? { comparison } : {}),
    };
    this.current = loaded;
    this.unsubscribeCursor = cursor.onDidChange((change) => {
      void vscode.commands.executeCommand('setContext', contextKeys.playing, change.playing);
      this.movedEmitter.fire(change);
    });
    void vscode.commands.executeCommand('setContext', contextKeys.hasTrace, true);
    void vscode.commands.executeCommand('setContext', contextKeys.playing, false);
    this.loadedEmitter.fire(loaded);
    return loaded;
  }

  dispose(): void {
    this.unsubscribeCursor?.();
    this.current?.cursor.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The playback speed setting, in milliseconds per step. */
export function playIntervalSetting(): number {
  return vscode.workspace.getConfiguration(settingIds.section).get<number>(settingIds.playIntervalMs, 800);
}
