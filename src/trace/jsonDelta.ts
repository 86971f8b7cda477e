// The change from one JSON value to the next, as trace files store a step's state: only the fields
// that changed, down to the leaves. A delta that is not a plain object is the new value itself
// (numbers, strings, null, arrays); a plain object is {"=": whole new value}, {"{": {key: delta},
// "-": [removed keys]} for an object, or {"[": {index: delta}} for an array of the same length.

/** What {@link diffJson} returns when nothing changed. */
export const unchanged: unique symbol = Symbol('unchanged');

type Json = unknown;

/** Whether a JSON value is an object (not null, not a list). */
export function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field's own value: never one inherited from the prototype (a field named `valueOf` is data here). */
function own(object: Record<string, Json>, key: string): Json {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The delta that turns `before` into `after`, or {@link unchanged}. Objects shared by both are skipped at once. */
export function diffJson(before: Json, after: Json): Json | typeof unchanged {
  if (before === after) return unchanged;
  if (isPlainObject(before) && isPlainObject(after)) {
    let changes: Record<string, Json> | undefined;
    for (const key of Object.keys(after)) {
      if (after[key] === undefined) continue;
      const change = diffJson(own(before, key), after[key]);
      if (change !== unchanged) (changes ??= {})[key] = change;
    }
    let removed: string[] | undefined;
    for (const key in before) {
      if (Object.hasOwn(before, key) && before[key] !== undefined && own(after, key) === undefined) {
        (removed ??= []).push(key);
      }
    }
    if (!changes && !removed) return unchanged;
    return removed ? { '{': changes ?? {}, '-': removed } : { '{': changes };
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    let changes: Record<string, Json> | undefined;
    for (let index = 0; index < after.length; index++) {
      const change = diffJson(before[index], after[index]);
      if (change !== unchanged) (changes ??= {})[String(index)] = change;
    }
    return changes ? { '[': changes } : unchanged;
  }
  if (typeof after !== 'object' || after === null) return after === before ? unchanged : after;
  return isPlainObject(after) ? { '=': after } : after;
}

/** A delta that does not fit the value it is applied to. */
export class JsonDeltaError extends Error {}

/**
 * Applies a delta made by {@link diffJson} to `before`, returning the new value. What the delta does
 * not touch is shared with `before`, not copied.
 */
export function applyJsonDelta(before: Json, delta: Json): Json {
  if (!isPlainObject(delta)) return delta;
  if ('=' in delta) return delta['='];
  if ('{' in delta) {
    if (!isPlainObject(before))
      throw new JsonDeltaError('a delta changes the fields of something that is not an object');
    const changes = delta['{'];
    if (!isPlainObject(changes)) throw new JsonDeltaError('a field delta must be an object');
    const next: Record<string, Json> = { ...before };
    for (const key in changes) {
      if (!Object.hasOwn(changes, key)) continue;
      // A hostile file must not reach an object's prototype through a field named __proto__.
      if (key === '__proto__') throw new JsonDeltaError('a delta may not change a field named __proto__');
      next[key] = applyJsonDelta(own(before, key), changes[key]);
    }
    const removed = delta['-'];
    if (removed !== undefined) {
      if (!Array.isArray(removed)) throw new JsonDeltaError('the removed fields of a delta must be a list');
      for (const key of removed) delete next[String(key)];
    }
    return next;
  }
  if ('[' in delta) {
    if (!Array.isArray(before)) throw new JsonDeltaError('a delta changes the items of something that is not a list');
    const changes = delta['['];
    if (!isPlainObject(changes)) throw new JsonDeltaError('an item delta must be an object');
    const next = before.slice();
    for (const key in changes) {
      if (!Object.hasOwn(changes, key)) continue;
      const change = changes[key];
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= next.length) {
        throw new JsonDeltaError(`a delta changes item ${key} of a list of ${next.length}`);
      }
      next[index] = applyJsonDelta(before[index], change);
    }
    return next;
  }
  throw new JsonDeltaError('a delta object must hold "=", "{" or "["');
}
