// The Offsets view's data: for the current step, each consumer's partitions with their
// offsets as variables, marked when the current step changed them (as a debugger does).

import { partitionKey } from '../simulator/model';
import type { ConsumerPartitionState, ConsumerState } from '../simulator/offsetSimulator';
import type { Trace } from './trace';

/** The variables shown for each partition, in order. */
export const offsetVariableNames = [
  'Offset Read',
  'Offset Committed',
  'Next Offset to Read',
  'Position',
  'Log End Offset',
  'Lag',
  'Consumer Lag',
] as const;

export type OffsetVariableName = (typeof offsetVariableNames)[number];

/** One variable: its text now, and before the current step when that step changed it. */
export interface OffsetVariable {
  readonly name: OffsetVariableName;
  readonly value: string;
  readonly changed: boolean;
  readonly previousValue?: string;
}

/** A partition as one consumer sees it. */
export interface PartitionView {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly variables: readonly OffsetVariable[];
  readonly changed: boolean;
}

/** A consumer of the group at the current step. */
export interface ConsumerView {
  readonly id: string;
  readonly status: ConsumerState['status'];
  /** The current step acted on this consumer. */
  readonly isFocus: boolean;
  readonly partitions: readonly PartitionView[];
}

/**
 * The variables of one consumer's view of one partition, as the tree and the debugger show them: the
 * contract's six, then `Consumer Lag`, the consumer's own lag (last stable offset for read_committed,
 * else log-end offset, − its position), beside `Lag`, the group tool's (log-end offset − committed).
 */
export function variableValues(state: ConsumerPartitionState): Record<OffsetVariableName, string> {
  const text = (value: number | null, none: string): string => (value === null ? none : String(value));
  return {
    'Offset Read': text(state.offsetRead, '-'),
    'Offset Committed': text(state.committedOffset, 'No'),
    'Next Offset to Read': text(state.nextOffsetToRead, '-'),
    Position: text(state.position, '-'),
    'Log End Offset': String(state.logEndOffset),
    Lag: text(state.lag, '-'),
    'Consumer Lag': text(state.consumerLag ?? null, '-'),
  };
}

/** The Offsets view at `index` (0-based), compared with the state before that step. */
export function offsetsAt(trace: Trace, index: number): ConsumerView[] {
  const state = trace.states[index];
  if (!state) return [];
  const previous = index > 0 ? trace.states[index - 1] : undefined;
  const focus = trace.steps[index]?.consumer;
  return state.consumers.map((consumer) => {
    const before = previous?.consumers.find((c) => c.id === consumer.id);
    const partitions = consumer.partitions.map((partitionState): PartitionView => {
      const key = partitionKey(partitionState);
      const beforeState = before?.partitions.find((p) => partitionKey(p) === key);
      const now = variableValues(partitionState);
      const then = beforeState ? variableValues(beforeState) : undefined;
      const variables = offsetVariableNames.map((name): OffsetVariable => {
        const changed = previous !== undefined && then?.[name] !== now[name];
        return changed && then
          ? { name, value: now[name], changed, previousValue: then[name] }
          : { name, value: now[name], changed };
      });
      return {
        id: key,
        topic: partitionState.topic,
        partition: partitionState.partition,
        variables,
        changed: variables.some((v) => v.changed),
      };
    });
    return { id: consumer.id, status: consumer.status, isFocus: consumer.id === focus, partitions };
  });
}

/**
 * The variables of one consumer's view of one partition at step `index` (0-based), or undefined
 * when that consumer shows no such partition then (e.g. before it was assigned).
 */
export function partitionVariablesAt(
  trace: Trace,
  index: number,
  consumerId: string,
  partitionId: string,
): Record<OffsetVariableName, string> | undefined {
  const consumer = trace.states[index]?.consumers.find((c) => c.id === consumerId);
  const state = consumer?.partitions.find((p) => partitionKey(p) === partitionId);
  return state ? variableValues(state) : undefined;
}
