// A read-only list whose items are made when they are read: a long trace's rows, states and
// effects look like arrays to every reader, while the trace keeps them in compact form.

/**
 * A read-only array of `length` items, item `i` being `at(i)`, made each time it is read. It is an
 * array to `Array.isArray`, indexing, `length`, iteration and every array method; writes throw.
 */
export function lazyList<T>(length: number, at: (index: number) => T): readonly T[] {
  const list = lazyProxy(length, at);
  makers.set(list, at);
  return list;
}

/** How each lazy list makes its items. */
const makers = new WeakMap<readonly unknown[], (index: number) => unknown>();

/**
 * Item `index` of any list, for a reader that walks a long one (writing a trace file): a lazy
 * list's item is made directly, without the cost of going through its proxy for every read.
 */
export function itemReader<T>(list: readonly T[]): (index: number) => T {
  const at = makers.get(list) as ((index: number) => T) | undefined;
  return at ?? ((index) => list[index]);
}

function lazyProxy<T>(length: number, at: (index: number) => T): readonly T[] {
  // The target only carries the length. Writing its last index first makes V8 keep the elements
  // sparse; setting the length alone would make room for every item (8 MB and 10 ms a million).
  const target: T[] = [];
  if (length > 0) {
    target[length - 1] = undefined as T;
    target.pop();
    target.length = length;
  }
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string' || key.length === 0 || key.length > 16) return -1;
    const first = key.charCodeAt(0);
    if (first < 48 || first > 57 || (first === 48 && key.length > 1)) return -1;
    const index = Number(key);
    return Number.isInteger(index) && index < length ? index : -1;
  };
  const refuse = (): never => {
    throw new TypeError('a trace is read-only');
  };
  return new Proxy(target, {
    get(list, key, receiver) {
      const index = indexOf(key);
      return index >= 0 ? at(index) : Reflect.get(list, key, receiver);
    },
    has(list, key) {
      return indexOf(key) >= 0 || Reflect.has(list, key);
    },
    getOwnPropertyDescriptor(list, key) {
      const index = indexOf(key);
      if (index < 0) return Reflect.getOwnPropertyDescriptor(list, key);
      return { value: at(index), writable: false, enumerable: true, configurable: true };
    },
    ownKeys(list) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < length; i++) keys.push(String(i));
      return [...keys, ...Reflect.ownKeys(list)];
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  });
}
