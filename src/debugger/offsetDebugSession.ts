// The debug adapter for offset traces (type `kafka-offsets`): maps the debug adapter protocol onto
// the trace runtime. Consumers are threads, the current step is every thread's top frame, the
// partitions a consumer has are its scopes, and the six offsets are the variables. No `vscode` here:
// VS Code runs it inline, and dist/debugAdapter.js runs it over stdin/stdout for any DAP client.
// Every name from the trace (consumers, topics, actions, offsets of another tool's file) reaches the
// client through visibleText / oneLineText: a terminal escape or a bidi override is shown, never obeyed.

import {
  Breakpoint,
  ContinuedEvent,
  DebugSession,
  type ErrorDestination,
  Handles,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
  Variable,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import { offsetVariableNames, partitionVariablesAt } from '../trace/offsetsView';
import { everyStepHasLine, stepLine, type Trace } from '../trace/trace';
import { loadTraceFile, TraceLoadError } from '../trace/traceLoader';
import { evaluateExpression, formatValue } from './expression';
import { dataIdOf, scopeOfStep, TraceRuntime, type RuntimeStop } from './traceRuntime';
import { partitionKey } from '../common/topicPartition';
import { oneLineText, visibleText } from '../common/visibleText';

/** The launch configuration's arguments (DESIGN's contract), as the client sends them. */
export interface OffsetLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The scenario file (`*.offsets.yaml`) or trace file (`*.offsets-trace.jsonl`) to debug. */
  readonly program?: unknown;
  /** Stop at step 1 (after its action) instead of running to the first breakpoint. Default false, as in other adapters. */
  readonly stopOnEntry?: unknown;
  /** The folder a relative `program` is resolved against (default: the adapter's working directory). */
  readonly cwd?: unknown;
}

/** What a loaded program shows as its source: the scenario file, or a generated one line per step. */
type ProgramSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'generated'; readonly name: string; readonly text: string };

/** The one generated source's reference (a trace file without its scenario file). */
const generatedSourceReference = 1;

/**
 * A label the client shows on one line (thread, frame, scope, variable, goto target): the trace's text
 * with control characters, bidi controls, line breaks and tabs written as visible escapes. Not a
 * string (a consumer id in another tool's state) is shown as its text. An ordinary name is unchanged.
 */
function label(text: unknown): string {
  return oneLineText(typeof text === 'string' ? text : String(text));
}

/** What the client shows for a step: `Step 4: Commit offset`, on one line. */
function stepLabel(step: { readonly step: number; readonly action: string }): string {
  return label(`Step ${step.step}: ${step.action}`);
}

/** What the session has loaded, for the glue in VS Code (the panel and the tree follow it). */
export interface LoadedProgram {
  readonly file: string;
  readonly trace: Trace;
  readonly runtime: TraceRuntime;
  readonly kind: 'scenario' | 'trace';
}

/** Listens to the session from the VS Code glue (inline adapter only). */
export interface OffsetDebugSessionObserver {
  loaded?(program: LoadedProgram): void;
  stopped?(program: LoadedProgram, stop: RuntimeStop): void;
  ended?(): void;
}

/** The `kafka-offsets` debug session. */
export class OffsetDebugSession extends DebugSession {
  private program: LoadedProgram | undefined;
  private source: ProgramSource | undefined;
  private launchArgs: OffsetLaunchArguments | undefined;
  private variableHandles = new Handles<{ consumer: string; partition: string }>();
  private configurationDone: (() => void) | undefined;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private lastBreakpointRequests: DebugProtocol.SourceBreakpoint[] = [];
  private lastDataBreakpoints: DebugProtocol.DataBreakpoint[] = [];
  /** The ids the client was given for them, kept across a restart. */
  private lastBreakpointIds: number[] = [];
  private lastDataBreakpointIds: number[] = [];
  private terminated = false;
  private consumerCache: { readonly trace: Trace; readonly ids: string[] } | undefined;

  constructor(private readonly observer: OffsetDebugSessionObserver = {}) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    // The base class ends the process on any 'error', a malformed message included: a client's one bad
    // message must not end the session, so that kind is reported and skipped; stream errors still end it.
    this.removeAllListeners('error');
    this.on('error', (event: { body?: unknown }) => {
      const text = typeof event?.body === 'string' ? event.body : String(event?.body ?? 'unknown error');
      if (text.startsWith('Error handling data')) {
        this.sendEvent(
          new OutputEvent(
            `Ignored a message that is not a debug-protocol request (${visibleText(text)}).\n`,
            'important',
          ),
        );
        return;
      }
      this.shutdown();
    });
  }

  /**
   * The protocol's default path format is `path`, but the base class refuses an initialize that leaves
   * it out (and one without arguments): such a request is read with the default, as the protocol says.
   */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    if (request?.command === 'initialize') {
      const args = (typeof request.arguments === 'object' && request.arguments !== null ? request.arguments : {}) as {
        pathFormat?: unknown;
      };
      request.arguments = { ...args, pathFormat: args.pathFormat ?? 'path' };
    }
    super.dispatchRequest(request);
  }

  /**
   * An exception thrown by a request handler becomes a one-line error, never a stack trace to the
   * client; every error's text (which may quote a name from the trace) is shown through visibleText.
   */
  override sendErrorResponse(
    response: DebugProtocol.Response,
    codeOrMessage: number | DebugProtocol.Message,
    format?: string,
    variables?: Record<string, string>,
    dest?: ErrorDestination,
  ): void {
    if (codeOrMessage === 1104 && variables && typeof variables._exception === 'string') {
      super.sendErrorResponse(
        response,
        1104,
        visibleText(`The ${response.command} request failed: ${variables._exception}`),
      );
      return;
    }
    const visibleVariables = (values: Record<string, string> | undefined): Record<string, string> | undefined =>
      values &&
      Object.fromEntries(
        Object.entries(values).map(([name, value]) => [name, typeof value === 'string' ? visibleText(value) : value]),
      );
    if (typeof codeOrMessage === 'object' && codeOrMessage !== null) {
      const message: DebugProtocol.Message = {
        ...codeOrMessage,
        format: typeof codeOrMessage.format === 'string' ? visibleText(codeOrMessage.format) : codeOrMessage.format,
      };
      const messageVariables = visibleVariables(codeOrMessage.variables);
      if (messageVariables) message.variables = messageVariables;
      super.sendErrorResponse(response, message, format, variables, dest);
      return;
    }
    super.sendErrorResponse(
      response,
      codeOrMessage,
      typeof format === 'string' ? visibleText(format) : format,
      visibleVariables(variables),
      dest,
    );
  }

  /** The loaded program, once launched. */
  get loaded(): LoadedProgram | undefined {
    return this.program;
  }

  /** Moves to step `index` (0-based) as the protocol's goto does; used when the panel's row is clicked. */
  goToStep(index: number): boolean {
    const program = this.program;
    if (!program || !Number.isInteger(index) || index < 0 || index >= program.trace.steps.length) return false;
    // Not asked for by the client: say the threads ran, so it takes the stop that follows as a new one.
    this.sendEvent(new ContinuedEvent(1, true));
    return program.runtime.goto(index);
  }

  protected override initializeRequest(
    response: DebugProtocol.InitializeResponse,
    _args: DebugProtocol.InitializeRequestArguments,
  ): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsDataBreakpoints: true,
      supportsGotoTargetsRequest: true,
      supportsRestartRequest: true,
      supportsEvaluateForHovers: true,
      supportsBreakpointLocationsRequest: true,
      supportsTerminateRequest: true,
      supportsSetVariable: false,
      supportsFunctionBreakpoints: false,
      supportsStepInTargetsRequest: false,
      supportsCompletionsRequest: false,
      supportsExceptionInfoRequest: false,
      supportsRestartFrame: false,
      supportsCancelRequest: false,
      supportsSingleThreadExecutionRequests: false,
      exceptionBreakpointFilters: [],
    };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(
    response: DebugProtocol.ConfigurationDoneResponse,
    args: DebugProtocol.ConfigurationDoneArguments,
  ): void {
    super.configurationDoneRequest(response, args);
    this.configurationDone?.();
  }

  protected override async launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: OffsetLaunchArguments | undefined,
  ): Promise<void> {
    try {
      await this.launch(response, args ?? {});
    } catch (error) {
      this.sendErrorResponse(
        response,
        3000,
        `Cannot launch: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: OffsetLaunchArguments): Promise<void> {
    const given = typeof args.program === 'string' ? args.program.trim() : '';
    if (given === '') {
      this.sendErrorResponse(response, 3001, 'The launch configuration needs "program": a scenario or trace file.');
      return;
    }
    const program = path.resolve(typeof args.cwd === 'string' && args.cwd !== '' ? args.cwd : process.cwd(), given);
    this.launchArgs = args;
    const loaded = await this.load(program);
    if (typeof loaded === 'string') {
      this.sendErrorResponse(response, 3002, loaded);
      return;
    }
    // Configuration requests (breakpoints) come after `initialized`, once the program's lines are known.
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configured, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.sendResponse(response);
    loaded.runtime.start(args.stopOnEntry === true);
  }

  protected override async restartRequest(
    response: DebugProtocol.RestartResponse,
    args: DebugProtocol.RestartArguments | undefined,
  ): Promise<void> {
    try {
      await this.restart(response, args ?? {});
    } catch (error) {
      this.sendErrorResponse(
        response,
        3000,
        `Cannot restart: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async restart(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    const launch = (args.arguments as OffsetLaunchArguments | undefined) ?? this.launchArgs;
    const program = launch && typeof launch.program === 'string' ? launch.program : this.program?.file;
    if (!program || !launch) {
      this.sendErrorResponse(response, 3003, 'Nothing to restart: no program was launched.');
      return;
    }
    this.launchArgs = launch;
    const loaded = await this.load(program);
    if (typeof loaded === 'string') {
      this.sendErrorResponse(response, 3002, loaded);
      return;
    }
    loaded.runtime.setLineBreakpoints(this.lineRequests(this.lastBreakpointRequests), this.lastBreakpointIds);
    loaded.runtime.setDataBreakpoints(this.lastDataBreakpoints, this.lastDataBreakpointIds);
    this.sendResponse(response);
    loaded.runtime.start(launch.stopOnEntry === true);
  }

  /** Loads (or reloads) the program: the trace, its source and a runtime wired to the protocol. */
  private async load(file: string): Promise<LoadedProgram | string> {
    let opened;
    try {
      opened = await loadTraceFile(file);
    } catch (error) {
      if (error instanceof TraceLoadError) return `Cannot debug ${file}:\n${error.message}`;
      return `Cannot debug ${file}: ${error instanceof Error ? error.message : String(error)}`;
    }
    for (const warning of opened.warnings) this.sendEvent(new OutputEvent(`${visibleText(warning)}\n`, 'console'));
    const trace = opened.trace;
    const fromFile = opened.scenarioFile !== undefined && everyStepHasLine(trace);
    this.source = fromFile
      ? { kind: 'file', path: opened.scenarioFile as string }
      : {
          kind: 'generated',
          name: visibleText(`${path.basename(file)} (steps)`),
          // One line per step, whatever a label holds, its control characters written out.
          text:
            trace.steps
              .map((step) => visibleText(`Step ${step.step}: ${step.action.replace(/[\r\n\u2028\u2029]+/g, ' ')}`))
              .join('\n') + '\n',
        };
    const stepLines = Array.from({ length: trace.steps.length }, (_, index) =>
      fromFile ? (stepLine(trace, index) as number) : index + 1,
    );
    this.program?.runtime.removeAllListeners();
    const runtime = new TraceRuntime(trace, stepLines);
    const loaded: LoadedProgram = { file, trace, runtime, kind: opened.kind };
    this.program = loaded;
    runtime.on('stopped', (stop) => this.onStopped(loaded, stop));
    runtime.on('output', (output) => {
      // A logpoint prints values of the trace (a topic name): the debug console obeys ANSI escapes.
      const event = new OutputEvent(visibleText(output.text), output.category) as DebugProtocol.OutputEvent;
      if (output.line !== undefined) {
        event.body.source = this.protocolSource();
        event.body.line = this.convertDebuggerLineToClient(output.line);
      }
      this.sendEvent(event);
    });
    runtime.on('end', () => this.end());
    this.observer.loaded?.(loaded);
    return loaded;
  }

  private onStopped(program: LoadedProgram, stop: RuntimeStop): void {
    this.variableHandles = new Handles();
    const step = program.trace.steps[stop.index];
    const event = new StoppedEvent(stop.reason, this.threadOf(step.consumer)) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    event.body.description = stepLabel(step);
    if (stop.breakpointIds.length > 0) event.body.hitBreakpointIds = [...stop.breakpointIds];
    this.sendEvent(event);
    this.observer.stopped?.(program, stop);
  }

  private end(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.sendEvent(new TerminatedEvent());
    this.observer.ended?.();
  }

  /** The thread id of a consumer (1-based, in the order the trace lists consumers); the first for none. */
  private threadOf(consumer: string | null): number {
    const consumers = this.consumerIds();
    const index = consumer === null ? -1 : consumers.indexOf(consumer);
    return index >= 0 ? index + 1 : 1;
  }

  /** Every consumer of the trace, in the order they first appear (a trace of another tool may add them as it goes). */
  private consumerIds(): string[] {
    const program = this.program;
    if (!program) return [];
    if (this.consumerCache?.trace !== program.trace) {
      const ids: string[] = [];
      const seen = new Set<string>();
      const add = (id: string | null): void => {
        if (id !== null && !seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      };
      for (const consumer of program.trace.states[0]?.consumers ?? []) add(consumer.id);
      for (const consumer of program.trace.states[program.trace.states.length - 1]?.consumers ?? []) add(consumer.id);
      for (const step of program.trace.steps) add(step.consumer);
      this.consumerCache = { trace: program.trace, ids };
    }
    return this.consumerCache.ids;
  }

  private protocolSource(): Source {
    const source = this.source;
    if (!source) return new Source('unknown');
    return source.kind === 'file'
      ? new Source(visibleText(path.basename(source.path)), this.convertDebuggerPathToClient(source.path))
      : new Source(source.name, undefined, generatedSourceReference, 'generated from the trace');
  }

  /** Whether a protocol source is this program's source. */
  private isProgramSource(source: DebugProtocol.Source): boolean {
    const mine = this.source;
    if (!mine) return false;
    if (mine.kind === 'generated') return source.sourceReference === generatedSourceReference;
    if (!source.path) return false;
    const normalise = (p: string): string => {
      const resolved = path.resolve(p);
      return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
    };
    return normalise(this.convertClientPathToDebugger(source.path)) === normalise(mine.path);
  }

  private lineRequests(breakpoints: readonly DebugProtocol.SourceBreakpoint[]) {
    return breakpoints.map((bp) => ({
      line: this.convertClientLineToDebugger(bp.line),
      ...(bp.condition !== undefined ? { condition: bp.condition } : {}),
      ...(bp.hitCondition !== undefined ? { hitCondition: bp.hitCondition } : {}),
      ...(bp.logMessage !== undefined ? { logMessage: bp.logMessage } : {}),
    }));
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    const requested = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const program = this.program;
    if (!program || !this.isProgramSource(args.source)) {
      response.body = {
        breakpoints: requested.map((bp) => {
          const breakpoint = new Breakpoint(false, bp.line) as DebugProtocol.Breakpoint;
          breakpoint.message = program ? 'This file is not the debugged program.' : 'No program is loaded yet.';
          return breakpoint;
        }),
      };
      this.sendResponse(response);
      return;
    }
    this.lastBreakpointRequests = requested;
    const set = program.runtime.setLineBreakpoints(this.lineRequests(requested));
    this.lastBreakpointIds = set.map((bp) => bp.id);
    response.body = {
      breakpoints: set.map((bp) => {
        const breakpoint = new Breakpoint(
          bp.verified,
          this.convertDebuggerLineToClient(bp.line),
        ) as DebugProtocol.Breakpoint;
        breakpoint.id = bp.id;
        breakpoint.source = this.protocolSource();
        if (bp.message) breakpoint.message = visibleText(bp.message);
        return breakpoint;
      }),
    };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(
    response: DebugProtocol.BreakpointLocationsResponse,
    args: DebugProtocol.BreakpointLocationsArguments,
  ): void {
    const program = this.program;
    if (!program || !this.isProgramSource(args.source)) {
      response.body = { breakpoints: [] };
      this.sendResponse(response);
      return;
    }
    const first = this.convertClientLineToDebugger(args.line);
    const last = args.endLine !== undefined ? this.convertClientLineToDebugger(args.endLine) : first;
    response.body = {
      breakpoints: program.runtime.actionLines
        .filter((line) => line >= first && line <= last)
        .map((line) => ({ line: this.convertDebuggerLineToClient(line) })),
    };
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(
    response: DebugProtocol.DataBreakpointInfoResponse,
    args: DebugProtocol.DataBreakpointInfoArguments,
  ): void {
    const owner = args.variablesReference !== undefined ? this.variableHandles.get(args.variablesReference) : undefined;
    const variable = offsetVariableNames.find((name) => name === args.name);
    if (!owner || !variable) {
      response.body = { dataId: null, description: 'Only the offsets of a partition scope can be watched.' };
    } else {
      response.body = {
        dataId: dataIdOf({ consumer: owner.consumer, partition: owner.partition, variable }),
        description: label(`${variable} of ${owner.partition} (${owner.consumer}) changes`),
        accessTypes: ['write'],
        canPersist: true,
      };
    }
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(
    response: DebugProtocol.SetDataBreakpointsResponse,
    args: DebugProtocol.SetDataBreakpointsArguments,
  ): void {
    this.lastDataBreakpoints = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    const set = this.program?.runtime.setDataBreakpoints(this.lastDataBreakpoints) ?? [];
    this.lastDataBreakpointIds = set.map((bp) => bp.id);
    response.body = {
      breakpoints: this.lastDataBreakpoints.map((_, i) => {
        const bp = set[i];
        const breakpoint = new Breakpoint(bp?.verified ?? false) as DebugProtocol.Breakpoint;
        if (bp) breakpoint.id = bp.id;
        if (!bp) breakpoint.message = 'No program is loaded yet.';
        else if (bp.message) breakpoint.message = visibleText(bp.message);
        return breakpoint;
      }),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    _args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    response.body = { breakpoints: [] };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.consumerIds().map((id, index) => new Thread(index + 1, label(id))) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const program = this.program;
    const consumers = this.consumerIds();
    if (!program || args.threadId < 1 || args.threadId > consumers.length) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    const index = program.runtime.index;
    const step = program.trace.steps[index];
    const line = program.runtime.stepLines[index];
    const column = this.source?.kind === 'file' ? (step.column ?? 1) : 1;
    // One frame per thread: the current step. Its id is the thread's, so scopes know whose partitions to show.
    const frames =
      (args.startFrame ?? 0) > 0
        ? []
        : [
            new StackFrame(
              args.threadId,
              stepLabel(step),
              this.protocolSource(),
              this.convertDebuggerLineToClient(line),
              this.convertDebuggerColumnToClient(column),
            ),
          ];
    response.body = { stackFrames: frames, totalFrames: 1 };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const program = this.program;
    const consumer = this.consumerIds()[args.frameId - 1];
    const state = program?.trace.states[program.runtime.index].consumers.find((c) => c.id === consumer);
    response.body = {
      scopes: (state?.partitions ?? []).map((partition) => {
        const id = partitionKey(partition);
        // The handle keeps the key as the trace has it (data breakpoints name it); the client sees it visible.
        return new Scope(
          label(id),
          this.variableHandles.create({ consumer: consumer as string, partition: id }),
          false,
        );
      }),
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const program = this.program;
    const owner = this.variableHandles.get(args.variablesReference);
    const values =
      program && owner
        ? partitionVariablesAt(program.trace, program.runtime.index, owner.consumer, owner.partition)
        : undefined;
    response.body = {
      variables: values ? offsetVariableNames.map((name) => new Variable(label(name), label(values[name]))) : [],
    };
    this.sendResponse(response);
  }

  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    const program = this.program;
    if (!program) {
      this.sendErrorResponse(response, 3004, 'No program is loaded.');
      return;
    }
    const result = evaluateExpression(args.expression, scopeOfStep(program.trace, program.runtime.index));
    if (!result.ok) {
      // A hover over a word that is no expression shows nothing; the console shows why.
      this.sendErrorResponse(response, 3005, result.message, undefined, undefined);
      return;
    }
    // A string is shown quoted, as JSON writes it; visibleText adds what JSON leaves raw (C1, bidi).
    response.body = { result: visibleText(formatValue(result.value, 'console')), variablesReference: 0 };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    this.program?.runtime.stepForward();
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    this.program?.runtime.stepForward();
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    this.program?.runtime.stepForward();
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    this.program?.runtime.stepBackward();
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    void this.program?.runtime.continueForward();
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    void this.program?.runtime.continueBackward();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.program?.runtime.pause();
  }

  protected override gotoTargetsRequest(
    response: DebugProtocol.GotoTargetsResponse,
    args: DebugProtocol.GotoTargetsArguments,
  ): void {
    const program = this.program;
    const line = this.convertClientLineToDebugger(args.line);
    const steps = program && this.isProgramSource(args.source) ? program.runtime.stepsOfLine(line) : [];
    response.body = {
      targets: steps.map((index) => {
        const step = (program as LoadedProgram).trace.steps[index];
        return { id: step.step, label: stepLabel(step), line: args.line };
      }),
    };
    this.sendResponse(response);
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const program = this.program;
    if (
      !program ||
      !Number.isInteger(args.targetId) ||
      args.targetId < 1 ||
      args.targetId > program.trace.steps.length
    ) {
      const target = typeof args.targetId === 'number' ? `step ${args.targetId}` : 'step (goto needs a targetId)';
      this.sendErrorResponse(response, 3006, `No ${target} in this trace.`);
      return;
    }
    this.sendResponse(response);
    program.runtime.goto(args.targetId - 1);
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const source = this.source;
    const reference = args.source?.sourceReference ?? args.sourceReference;
    if (source?.kind !== 'generated' || reference !== generatedSourceReference) {
      this.sendErrorResponse(response, 3007, 'No such source.');
      return;
    }
    response.body = { content: source.text, mimeType: 'text/plain' };
    this.sendResponse(response);
  }

  protected override terminateRequest(
    response: DebugProtocol.TerminateResponse,
    _args: DebugProtocol.TerminateArguments,
  ): void {
    this.sendResponse(response);
    this.end();
  }

  protected override disconnectRequest(
    response: DebugProtocol.DisconnectResponse,
    _args: DebugProtocol.DisconnectArguments,
  ): void {
    this.program?.runtime.removeAllListeners();
    this.sendResponse(response);
    this.observer.ended?.();
    // Standalone, the adapter process ends; inline in VS Code this does nothing.
    this.shutdown();
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse): void {
    this.sendErrorResponse(response, 3008, 'Offsets are read-only: a trace records what happened.');
  }
}
