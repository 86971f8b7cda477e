// The execution table's Action text of each step: the label a scenario wrote, else one made from
// the action and what it did ("Read messages 2–3", "Commit offset"). Table wording lives here, in
// the trace layer; the simulator reports only what happened.

import { partitionKey, type Action } from '../simulator/model';
import type { RecordRef, StepEffects } from '../simulator/offsetSimulator';

/** The Action column's text for one step (with the exception it met, when the scenario wrote no label). */
export function actionLabel(action: Action, effects: StepEffects): string {
  if (action.label !== undefined) return action.label;
  const met = stepException(effects);
  const base = baseLabel(action, effects);
  return met ? `${base} (${met})` : base;
}

/**
 * The exception a step met, as the table and `--json` name it: `CommitFailedException`, or
 * `CommitFailedException in a commitAsync callback`; undefined when it met none.
 */
export function stepException(effects: StepEffects): string | undefined {
  const error = effects.errors?.[0];
  if (!error) return undefined;
  return error.via === 'callback' ? `${error.exception} in a commitAsync callback` : error.exception;
}

function baseLabel(action: Action, effects: StepEffects): string {
  switch (action.type) {
    case 'start':
      return 'Start consuming';
    case 'restart':
      return 'Restart consumer';
    case 'poll':
      return pollLabel(effects.polled);
    case 'process':
      return 'Process message';
    case 'commitSync':
    case 'commitProcessed':
      return 'Commit offset';
    case 'commitAsync':
      return 'Commit offset (async)';
    case 'commitOffsets':
      return action.offsets.length === 1
        ? `Commit offset ${action.offsets[0].offset}`
        : `Commit offsets ${action.offsets.map((o) => `${partitionKey(o)}=${o.offset}`).join(', ')}`;
    case 'crash':
      return 'Crash';
    case 'close':
      return 'Stop consuming';
    case 'seek':
      return `Seek to offset ${action.offset}`;
    case 'produce': {
      const transaction = action.aborted
        ? ' in an aborted transaction'
        : action.transactional
          ? ' in a transaction'
          : '';
      return `Produce ${records(action.count)}${transaction}`;
    }
    case 'produceTransactional':
      return `Produce ${records(action.count)} in the open transaction`;
    case 'deleteRecords':
      return `Retention deletes offsets below ${action.beforeOffset}`;
    case 'wait':
      return `Wait ${action.ms} ms`;
    case 'beginTransaction':
      return 'Begin transaction';
    case 'commitTransaction':
      return 'Commit transaction';
    case 'abortTransaction':
      return 'Abort transaction';
  }
}

function records(count: number): string {
  return `${count} ${count === 1 ? 'record' : 'records'}`;
}

/** A poll's text: how many records it returned, and their offsets when they are one run. */
function pollLabel(batch: readonly RecordRef[]): string {
  if (batch.length === 0) return 'Poll (no records)';
  if (batch.length === 1) return 'Read message';
  const first = batch[0];
  const last = batch[batch.length - 1];
  // A run only when the offsets follow each other with no gap (markers or aborted records make gaps).
  const contiguous = batch.every(
    (r, i) =>
      r.topic === first.topic && r.partition === first.partition && (i === 0 || r.offset === batch[i - 1].offset + 1),
  );
  return contiguous ? `Read messages ${first.offset}–${last.offset}` : `Read ${batch.length} messages`;
}
