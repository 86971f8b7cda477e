// Runs the `kafka-offsets` debug adapter inline in the extension host and keeps the panel and the
// Offsets tree on the debug session's step: a stop moves the cursor, and moving the cursor (a row
// clicked in the panel, a step button) moves the debugger there.

import * as vscode from 'vscode';
import { OffsetDebugSession, type LoadedProgram } from '../../debugger/offsetDebugSession';
import { offsetDebugType as debugType } from '../../debugger/debugType';
import type { TraceSession } from '../trace/traceSession';

/** The debug session the views follow, and the trace it loaded. */
interface FollowedSession {
  readonly adapter: OffsetDebugSession;
  readonly program: LoadedProgram;
  readonly traceId: string;
}

/** Registers the inline adapter and keeps the views following the newest debug session. */
export class OffsetDebugger implements vscode.Disposable {
  private followed: FollowedSession | undefined;
  /** Set while the debugger itself moves the cursor, so the move is not sent back. */
  private moving = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly stoppedEmitter = new vscode.EventEmitter<number>();
  /** Fires with the 0-based step each time the followed debug session stops (for tests). */
  readonly onDidStop = this.stoppedEmitter.event;

  static register(context: vscode.ExtensionContext, session: TraceSession, showPanel: () => void): OffsetDebugger {
    const debuggerGlue = new OffsetDebugger(session, showPanel);
    context.subscriptions.push(
      debuggerGlue,
      vscode.debug.registerDebugAdapterDescriptorFactory(debugType, {
        createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(debuggerGlue.createAdapter()),
      }),
    );
    return debuggerGlue;
  }

  private constructor(
    private readonly session: TraceSession,
    private readonly showPanel: () => void,
  ) {
    this.disposables.push(
      this.stoppedEmitter,
      session.onDidMove((change) => {
        const followed = this.followed;
        if (this.moving || !followed || this.session.loaded?.id !== followed.traceId) return;
        if (change.index !== followed.program.runtime.index) followed.adapter.goToStep(change.index);
      }),
    );
  }

  /** The followed session's current step (0-based), if a debug session is followed. */
  get currentStep(): number | undefined {
    return this.followed?.program.runtime.index;
  }

  private createAdapter(): OffsetDebugSession {
    const adapter: OffsetDebugSession = new OffsetDebugSession({
      loaded: (program) => {
        const loaded = this.session.loadTrace(program.trace, { kind: 'debug-session', file: program.file });
        this.followed = { adapter, program, traceId: loaded.id };
        this.showPanel();
      },
      stopped: (program, stop) => {
        const followed = this.followed;
        if (followed?.program === program && this.session.loaded?.id === followed.traceId) {
          this.moving = true;
          try {
            this.session.loaded.cursor.goTo(stop.index);
          } finally {
            this.moving = false;
          }
        }
        this.stoppedEmitter.fire(stop.index);
      },
      ended: () => {
        if (this.followed?.adapter === adapter) this.followed = undefined;
      },
    });
    return adapter;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
