// A structural copy of a simulator's insides (maps, sets, arrays, plain objects and class instances,
// which keep their prototype), so a long trace can keep checkpoints and replay from them.

/**
 * Copies `value` all the way down. Shared references stay shared in the copy (and cycles are
 * fine); frozen objects and functions are immutable, so the copy keeps them as they are.
 */
export function deepCopy<T>(value: T): T {
  return copyOf(value, new Map()) as T;
}

function copyOf(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    seen.set(value, copy);
    for (let i = 0; i < value.length; i++) copy[i] = copyOf(value[i], seen);
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [key, item] of value) copy.set(copyOf(key, seen), copyOf(item, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const item of value) copy.add(copyOf(item, seen));
    return copy;
  }
  // A plain object is copied by spreading it, then each field replaced by its copy: adding its
  // fields one keyed store at a time would leave the copy a slow dictionary-mode object (V8 does so
  // past a dozen fields), which a replay from a checkpoint then pays for at every step.
  const prototype = Object.getPrototypeOf(value) as object | null;
  const copy = (prototype === Object.prototype ? { ...value } : Object.create(prototype)) as Record<
    PropertyKey,
    unknown
  >;
  seen.set(value, copy);
  for (const key of Reflect.ownKeys(value)) copy[key] = copyOf((value as Record<PropertyKey, unknown>)[key], seen);
  return copy;
}
