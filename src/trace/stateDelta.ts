// The delta of two states the simulator made, field by field and straight to JSON text: the same
// delta as diffJson gives (trace files store it), without diffJson's walk over unknown keys and the
// objects it builds, which dominated writing a long trace. States of any other origin (decoded
// from a file, built by a recording) may hold fields of their own, so they take diffJson.

import {
  isSimulatorState,
  type ConsumerPartitionState,
  type ConsumerState,
  type GroupState,
  type PartitionState,
  type SimulatorState,
} from '../simulator/offsetSimulator';
import { diffJson, unchanged } from './jsonDelta';

/** The JSON text of a delta; `undefined` when nothing changed. */
type DeltaText = string | undefined;

/** The JSON text of the delta that turns `before` into `after` (diffJson's delta), or `undefined` when nothing changed. */
export function stateDeltaJson(before: SimulatorState, after: SimulatorState): DeltaText {
  if (!isSimulatorState(before) || !isSimulatorState(after)) return genericText(before, after);
  if (before === after) return undefined;
  const delta = new FieldDelta();
  delta.value('clockMs', before.clockMs, after.clockMs);
  delta.value('group', before.group, after.group);
  delta.change('partitions', diffList(before.partitions, after.partitions, diffPartition));
  delta.change('consumers', diffList(before.consumers, after.consumers, diffConsumer));
  delta.change('groupState', diffOptional(before.groupState, after.groupState, diffGroup));
  return delta.result();
}

/**
 * A list field's delta (assignment, pending records, members, control offsets): nothing when both
 * lists hold the same plain values, or objects of them, as the simulator makes each anew every step;
 * else diffJson's.
 */
function listText(before: readonly unknown[], after: readonly unknown[]): DeltaText {
  return before === after || sameFlatList(before, after) ? undefined : genericText(before, after);
}

/** Whether two lists hold equal primitives, or objects with the same fields of equal primitives, in order. */
function sameFlatList(before: readonly unknown[], after: readonly unknown[]): boolean {
  if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return false;
  for (let index = 0; index < after.length; index++) {
    const a = before[index];
    const b = after[index];
    if (a === b && (typeof a !== 'object' || a === null)) continue;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const keys = Object.keys(b);
    if (Object.keys(a).length !== keys.length) return false;
    for (const key of keys) {
      const value = (b as Record<string, unknown>)[key];
      // An object inside, or a field that is undefined (diffJson skips those): diffJson decides.
      if (value === undefined || (typeof value === 'object' && value !== null)) return false;
      if (!Object.hasOwn(a, key) || (a as Record<string, unknown>)[key] !== value) return false;
    }
  }
  return true;
}

/** diffJson's delta as text. */
function genericText(before: unknown, after: unknown): DeltaText {
  const delta = diffJson(before, after);
  return delta === unchanged ? undefined : JSON.stringify(delta);
}

/** A value as JSON (a number that JSON cannot hold is null, as JSON.stringify writes it). */
function json(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return value === null ? 'null' : JSON.stringify(value);
}

/** The fields of one object that changed and those it lost, written as diffJson's delta. Keys are plain names. */
class FieldDelta {
  private changes = '';
  private removed = '';

  /** A field holding a string, number, boolean or null (or absent). */
  value(key: string, before: unknown, after: unknown): void {
    if (before === after) return;
    if (after === undefined) this.remove(key);
    else this.changes += `${this.changes === '' ? '' : ','}"${key}":${json(after)}`;
  }

  /** A field whose delta another function wrote; {@link removedField} when the field is gone. */
  change(key: string, delta: DeltaText | typeof removedField): void {
    if (delta === undefined) return;
    if (delta === removedField) this.remove(key);
    else this.changes += `${this.changes === '' ? '' : ','}"${key}":${delta}`;
  }

  result(): DeltaText {
    if (this.changes === '' && this.removed === '') return undefined;
    return this.removed === '' ? `{"{":{${this.changes}}}` : `{"{":{${this.changes}},"-":[${this.removed}]}`;
  }

  private remove(key: string): void {
    this.removed += `${this.removed === '' ? '' : ','}"${key}"`;
  }
}

/** What a delta function returns for a field that `after` no longer has. */
const removedField: unique symbol = Symbol('removed');

function diffOptional<T>(
  before: T | undefined,
  after: T | undefined,
  diff: (before: T, after: T) => DeltaText,
): DeltaText | typeof removedField {
  if (before === after) return undefined;
  if (after === undefined) return removedField;
  if (before === undefined) return `{"=":${JSON.stringify(after)}}`;
  return diff(before, after);
}

/** Lists of the same length, item by item; else the new list whole (as diffJson). */
function diffList<T>(before: readonly T[], after: readonly T[], diff: (before: T, after: T) => DeltaText): DeltaText {
  if (before === after) return undefined;
  if (before.length !== after.length) return JSON.stringify(after);
  let changes = '';
  for (let index = 0; index < after.length; index++) {
    if (before[index] === after[index]) continue;
    const change = diff(before[index], after[index]);
    if (change !== undefined) changes += `${changes === '' ? '' : ','}"${index}":${change}`;
  }
  return changes === '' ? undefined : `{"[":{${changes}}}`;
}

function diffPartition(before: PartitionState, after: PartitionState): DeltaText {
  const delta = new FieldDelta();
  delta.value('topic', before.topic, after.topic);
  delta.value('partition', before.partition, after.partition);
  delta.value('logStartOffset', before.logStartOffset, after.logStartOffset);
  delta.value('logEndOffset', before.logEndOffset, after.logEndOffset);
  delta.value('committedOffset', before.committedOffset, after.committedOffset);
  delta.value('owner', before.owner, after.owner);
  delta.change('controlOffsets', listText(before.controlOffsets, after.controlOffsets));
  delta.value('lastStableOffset', before.lastStableOffset, after.lastStableOffset);
  return delta.result();
}

function diffConsumer(before: ConsumerState, after: ConsumerState): DeltaText {
  const delta = new FieldDelta();
  delta.value('id', before.id, after.id);
  delta.value('status', before.status, after.status);
  delta.change('assignment', listText(before.assignment, after.assignment));
  delta.change('partitions', diffList(before.partitions, after.partitions, diffConsumerPartition));
  delta.change('pending', listText(before.pending, after.pending));
  delta.value('phase', before.phase, after.phase);
  delta.value('asyncInFlight', before.asyncInFlight, after.asyncInFlight);
  return delta.result();
}

function diffConsumerPartition(before: ConsumerPartitionState, after: ConsumerPartitionState): DeltaText {
  const delta = new FieldDelta();
  delta.value('topic', before.topic, after.topic);
  delta.value('partition', before.partition, after.partition);
  delta.value('offsetRead', before.offsetRead, after.offsetRead);
  delta.value('recordInHand', before.recordInHand, after.recordInHand);
  delta.value('position', before.position, after.position);
  delta.value('committedOffset', before.committedOffset, after.committedOffset);
  delta.value('nextOffsetToRead', before.nextOffsetToRead, after.nextOffsetToRead);
  delta.value('logEndOffset', before.logEndOffset, after.logEndOffset);
  delta.value('lag', before.lag, after.lag);
  delta.value('consumerLag', before.consumerLag, after.consumerLag);
  return delta.result();
}

function diffGroup(before: GroupState, after: GroupState): DeltaText {
  const delta = new FieldDelta();
  delta.value('protocol', before.protocol, after.protocol);
  delta.value('state', before.state, after.state);
  delta.value('generation', before.generation, after.generation);
  delta.change('members', listText(before.members, after.members));
  return delta.result();
}
