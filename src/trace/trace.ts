// The trace model: a scenario run through the simulator, one row per step (the execution table's
// columns), the state after each step and what each step did; a simulated trace keeps them compact.

import type { Action, Scenario } from '../simulator/model';
import { actionLabel, stepException } from './actionLabels';
import { OffsetSimulator, ScenarioError, type SimulatorState, type StepEffects } from '../simulator/offsetSimulator';
import { lazyList } from './lazyList';
import { commitMarkOf, messageLabel, StepColumns } from './stepColumns';
import { TraceReplay } from './traceReplay';
import { runToEnd, type SlicedWork } from '../common/slicedWork';

import type { StepKind, TraceStep } from './traceStep';
export type { StepCommit, StepKind, TraceStep } from './traceStep';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Actions that no consumer performs: their step names no consumer. */
const producerOrClockActions: ReadonlySet<Action['type']> = new Set([
  'wait',
  'produce',
  'produceTransactional',
  'beginTransaction',
  'commitTransaction',
  'abortTransaction',
  'deleteRecords',
]);

/** Actions that touch no single partition: their step names no partition. */
const noPartitionActions: ReadonlySet<Action['type']> = new Set([
  'wait',
  'beginTransaction',
  'commitTransaction',
  'abortTransaction',
]);

/** A scenario's identity as the trace records it. */
export interface TraceSource {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly group: string;
  /** The scenario's settings, one line per consumer (and the group), as the CLI and the panel show them. */
  readonly settings?: readonly string[];
}

/**
 * The settings a scenario states, one line per consumer (Kafka's names; what it does not state is
 * Kafka's default) and one for the group when it states any.
 */
export function scenarioSettings(scenario: Scenario): string[] {
  const lines = scenario.consumers.map((consumer) => {
    const stated = Object.entries(consumer.properties ?? {}).map(([name, value]) => `${name}=${value}`);
    return `${consumer.id}: ${stated.length > 0 ? `${stated.join(', ')}; the rest Kafka's defaults` : "Kafka's defaults"}`;
  });
  const group = Object.entries(scenario.groupProperties ?? {}).map(([name, value]) => `${name}=${value}`);
  if (group.length > 0) lines.push(`group ${scenario.group}: ${group.join(', ')}`);
  return lines;
}

/** A run of a scenario: rows, states and effects, index-aligned (index 0 is step 1). */
export interface Trace {
  readonly source: TraceSource;
  readonly steps: readonly TraceStep[];
  readonly kinds: readonly StepKind[];
  readonly states: readonly SimulatorState[];
  readonly effects: readonly StepEffects[];
  /** A simulated trace's rows in columns: what its readers may scan instead of every row. */
  readonly columns?: StepColumns;
}

/** The scenario-file line of step `index`'s action, when it has one (a simulated trace answers from its columns). */
export function stepLine(trace: Trace, index: number): number | undefined {
  return trace.columns ? trace.columns.lineAt(index) : trace.steps[index].line;
}

/** Whether every step names its line in a scenario file. */
export function everyStepHasLine(trace: Trace): boolean {
  for (let index = 0; index < trace.steps.length; index++) if (stepLine(trace, index) === undefined) return false;
  return true;
}

/** The `exception` field of a step row, when the step met one. */
export function exceptionField(effects: StepEffects): { exception?: string } {
  const exception = stepException(effects);
  return exception === undefined ? {} : { exception };
}

export { messageLabel };

/**
 * Runs a scenario through a fresh simulator and records every step. An action the simulator refuses
 * throws a {@link ScenarioError} naming the step and, for a scenario file, the action's position.
 *
 * The trace is compact: rows in columns ({@link StepColumns}), states and effects replayed on demand
 * from simulator checkpoints ({@link TraceReplay}) kept every `checkpointInterval` steps. To its
 * readers it is arrays like any trace.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Trace {
  return runToEnd(scenarioRun(scenario, options));
}

/** How a scenario is run into a trace. */
export interface RunOptions {
  /** Steps between two simulator checkpoints (default {@link TraceReplay}'s). */
  readonly checkpointInterval?: number;
}

/** Steps simulated between two pauses of {@link scenarioRun}. */
const stepsPerPause = 256;

/** {@link runScenario} as work that pauses every few hundred steps (see {@link SlicedWork}). */
export function* scenarioRun(scenario: Scenario, options: RunOptions = {}): SlicedWork<Trace> {
  const simulator = new OffsetSimulator(scenario);
  const rows = new StepColumns(scenario.actions.length); // a step per action
  const replay = new TraceReplay(scenario.actions, compactEffects, options.checkpointInterval);
  const actions = scenario.actions;
  for (let index = 0; index < actions.length; index++) {
    if (index % stepsPerPause === stepsPerPause - 1) yield;
    const action = actions[index];
    replay.beforeStep(index, simulator);
    let outcome: ReturnType<OffsetSimulator['apply']>;
    try {
      outcome = simulator.apply(action);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      throw new ScenarioError(`step ${index + 1}: ${error.message}`, action.at, index + 1);
    }
    const view = simulator.consumerPartitionState(outcome.focus.consumer, outcome.focus);
    const noConsumer = producerOrClockActions.has(action.type);
    const noPartition = noPartitionActions.has(action.type);
    const commits = outcome.effects.commits;
    const exception = stepException(outcome.effects);
    const row: Mutable<Omit<TraceStep, 'messageProcessed'>> = {
      step: index + 1,
      action: actionLabel(action, outcome.effects),
      offsetRead: view.offsetRead,
      offsetCommitted: view.committedOffset,
      nextOffsetToRead: view.nextOffsetToRead,
      consumer: noConsumer ? null : outcome.focus.consumer,
      topic: noPartition ? null : outcome.focus.topic,
      partition: noPartition ? null : outcome.focus.partition,
      position: view.position,
      logEndOffset: view.logEndOffset,
      lag: view.lag,
    };
    if (commits.length > 1)
      row.commits = commits.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset }));
    if (exception !== undefined) row.exception = exception;
    if (action.at) {
      row.line = action.at.line;
      row.column = action.at.column;
    }
    rows.append(row, view.recordInHand, outcome.actionType, commitMarkOf(commits));
  }
  const length = rows.length;
  return {
    source: {
      name: scenario.name,
      title: scenario.title,
      summary: scenario.summary,
      group: scenario.group,
      settings: scenarioSettings(scenario),
    },
    steps: lazyList(length, (index) => rows.row(index)),
    kinds: lazyList(length, (index) => rows.kindAt(index)),
    states: lazyList(length, (index) => replay.stateAt(index)),
    effects: lazyList(length, (index) => replay.effectsAt(index)),
    columns: rows,
  };
}

const noEffect: readonly never[] = Object.freeze([]);

/** The effects with every empty list replaced by one shared empty list (most steps fill one or two). */
function compactEffects(effects: StepEffects): StepEffects {
  const compact = <T>(list: T[]): T[] => (list.length === 0 ? (noEffect as unknown as T[]) : list);
  return {
    processed: compact(effects.processed),
    polled: compact(effects.polled),
    commits: compact(effects.commits),
    positionOrigins: compact(effects.positionOrigins),
    ownershipChanges: compact(effects.ownershipChanges),
    produced: compact(effects.produced),
    discarded: compact(effects.discarded),
    errors: compact(effects.errors),
    assignmentChanges: compact(effects.assignmentChanges),
    memberEvents: compact(effects.memberEvents),
    asyncConfirmed: compact(effects.asyncConfirmed),
  };
}
