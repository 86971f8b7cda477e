// The JSON deltas of trace files: applying the delta of two values gives the second back, shares
// what did not change, and a delta that does not fit is refused (fast-check over random JSON).

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyJsonDelta, diffJson, JsonDeltaError, unchanged } from '../../src/trace/jsonDelta';

describe('JSON deltas', () => {
  it('carries only what changed, and applying it gives the new value', () => {
    const before = { a: 1, b: { c: [1, 2, 3], d: 'x' }, e: null, gone: true };
    const after = { a: 1, b: { c: [1, 5, 3], d: 'x' }, e: { f: 1 } };
    const delta = diffJson(before, after);
    assert.deepEqual(delta, {
      '{': { b: { '{': { c: { '[': { '1': 5 } } } }, e: { '=': { f: 1 } } },
      '-': ['gone'],
    });
    assert.deepEqual(applyJsonDelta(before, delta), after);
    assert.equal(diffJson(before, structuredClone(before)), unchanged);
  });

  it('shares what the delta does not touch', () => {
    const kept = { big: [1, 2, 3] };
    const before = { kept, moved: { x: 1 } };
    const next = applyJsonDelta(before, diffJson(before, { kept, moved: { x: 2 } })) as typeof before;
    assert.equal(next.kept, kept);
  });

  it('treats fields named like Object methods as data (found by fast-check)', () => {
    for (const [before, after] of [
      [{ valueOf: false }, {}],
      [{}, { toString: 1 }],
      [{ constructor: { a: 1 } }, { constructor: { a: 2 } }],
    ] as [Record<string, unknown>, Record<string, unknown>][]) {
      const delta = diffJson(before, after);
      assert.deepEqual(delta === unchanged ? before : applyJsonDelta(before, JSON.parse(JSON.stringify(delta))), after);
    }
  });

  it('refuses a delta that does not fit', () => {
    assert.throws(() => applyJsonDelta(3, { '{': { a: 1 } }), JsonDeltaError);
    assert.throws(() => applyJsonDelta([1], { '[': { '4': 1 } }), JsonDeltaError);
    assert.throws(() => applyJsonDelta({}, { nonsense: 1 }), JsonDeltaError);
    assert.throws(() => applyJsonDelta({}, JSON.parse('{"{": {"__proto__": {"polluted": true}}}')), JsonDeltaError);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('for any two JSON values, applying the delta (through JSON text) gives the second', () => {
    // Keys named __proto__ are refused on purpose (see above), so the generator leaves them out.
    const json = fc
      .jsonValue({ maxDepth: 4 })
      .filter((value) => !JSON.stringify(value ?? null).includes('"__proto__"'));
    fc.assert(
      fc.property(json, json, (before, after) => {
        const delta = diffJson(before, after);
        const roundTripped = delta === unchanged ? before : applyJsonDelta(before, JSON.parse(JSON.stringify(delta)));
        assert.deepEqual(JSON.parse(JSON.stringify(roundTripped ?? null)), JSON.parse(JSON.stringify(after ?? null)));
      }),
      { numRuns: 2000 },
    );
  });
});
