import { describe, expect, it } from 'vitest';
import { applyPatch, diff, type Patch } from '../../shared/sync/patch.ts';
import { deepFreeze, rng } from '../helpers/domain-fixtures.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Applies as the client does: the patch has been through JSON on the wire. */
const roundTrip = (a: unknown, b: unknown) => applyPatch(structuredClone(a), JSON.parse(JSON.stringify(diff(a, b))) as Patch);

/** Where a and b agree, the result must be the very object of a (unchanged branches keep identity). */
function expectShared(a: unknown, b: unknown, result: unknown, path = '$') {
  if (diff(a, b).length === 0) {
    expect(result, path).toBe(a);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && Array.isArray(result) && a.length === b.length) {
    a.forEach((_, i) => expectShared(a[i], b[i], result[i], `${path}[${i}]`));
  } else if (isPlain(a) && isPlain(b) && isPlain(result)) {
    for (const key of Object.keys(b)) if (Object.hasOwn(a, key)) expectShared(a[key], b[key], result[key], `${path}.${key}`);
  }
}
const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// [case, before, after]
const CASES: [string, Json, Json][] = [
  ['equal objects', { a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }],
  ['deep nested change', { a: { b: { c: { d: 1, e: 2 } } }, z: 0 }, { a: { b: { c: { d: 9, e: 2 } } }, z: 0 }],
  ['key added', { a: 1 }, { a: 1, b: { c: [1] } }],
  ['key deleted', { a: 1, b: { c: [1] } }, { a: 1 }],
  ['nested key deleted', { a: { b: 1, c: 2 } }, { a: { b: 1 } }],
  ['all keys replaced', { a: 1, b: 2 }, { c: 3, d: 4 }],
  ['to empty object', { a: 1, b: 2 }, {}],
  ['from empty object', {}, { a: 1, b: 2 }],
  ['array grows', { list: [1, 2] }, { list: [1, 2, 3] }],
  ['array shrinks', { list: [1, 2, 3] }, { list: [1] }],
  ['array emptied', { list: [1, 2, 3] }, { list: [] }],
  ['array from empty', { list: [] }, { list: [{ a: 1 }] }],
  ['array same length, new items', { list: [1, 2, 3] }, { list: [3, 2, 1] }],
  ['arrays of objects, field changed', { t: [{ id: 'a', n: 1 }, { id: 'b', n: 2 }] }, { t: [{ id: 'a', n: 1 }, { id: 'b', n: 3 }] }],
  ['arrays of objects, field deleted', { t: [{ id: 'a', n: 1 }] }, { t: [{ id: 'a' }] }],
  ['arrays of objects, one removed', { t: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, { t: [{ id: 'a' }, { id: 'c' }] }],
  ['arrays of objects, reordered', { t: [{ id: 'a' }, { id: 'b' }] }, { t: [{ id: 'b' }, { id: 'a' }] }],
  ['nested arrays', { m: [[1, 2], [3]] }, { m: [[1, 2], [3, 4]] }],
  ['null to object', { a: null }, { a: { b: 1 } }],
  ['object to null', { a: { b: 1 } }, { a: null }],
  ['null to array', { a: null }, { a: [1] }],
  ['array to object', { a: [1, 2] }, { a: { 0: 1, 1: 2 } }],
  ['object to array', { a: { 0: 1 } }, { a: [1] }],
  ['empty array to empty object', { a: [] }, { a: {} }],
  ['number to null', { a: 1 }, { a: null }],
  ['string to number', { a: '1' }, { a: 1 }],
  ['false to 0', { a: false }, { a: 0 }],
  ['empty string key', { '': 1 }, { '': 2 }],
  ['numeric string keys', { '0': 'a', '10': 'b' }, { '0': 'a', '10': 'c', '2': 'd' }],
  ['keys with dots, slashes, spaces, accents', { 'a.b': 1, 'c/d': 2, 'e f': 3, é: 4 }, { 'a.b': 2, 'c/d': 2, é: 5 }],
  ['root number', 1, 2],
  ['root string', 'a', 'b'],
  ['root boolean', true, false],
  ['root null to object', null, { a: 1 }],
  ['root object to null', { a: 1 }, null],
  ['root number to array', 1, [1]],
  ['root array grows', [1], [1, 2]],
  ['root array same length', [{ a: 1 }, 2], [{ a: 2 }, 2]],
  ['root object to array', { a: 1 }, [1]],
  ['long string', { s: 'x'.repeat(10_000) }, { s: 'y'.repeat(10_000) }],
  ['special numbers', { a: 0, b: -0.5, c: 1e21 }, { a: -1, b: 0.1 + 0.2, c: Number.MAX_SAFE_INTEGER }],
];

describe('diff / applyPatch round trip', () => {
  it.each(CASES)('%s', (_name, a, b) => {
    const patch = diff(a, b);
    const result = applyPatch(deepFreeze(structuredClone(a)), patch);
    expect(result).toStrictEqual(b);
    expect(roundTrip(a, b)).toStrictEqual(b);
  });

  it('equal values give an empty patch, structurally equal ones too', () => {
    for (const [, a] of CASES) {
      expect(diff(a, a)).toEqual([]);
      expect(diff(a, structuredClone(a))).toEqual([]);
    }
  });

  it('deep nesting (200 levels)', () => {
    const nest = (leaf: Json) => {
      let value: Json = leaf;
      for (let i = 0; i < 200; i++) value = i % 2 ? { k: value } : [value, i];
      return value;
    };
    expect(roundTrip(nest(1), nest(2))).toStrictEqual(nest(2));
    expect(diff(nest(1), nest(2))).toHaveLength(1);
  });

  it('patches only what changed, at the deepest path', () => {
    expect(diff({ a: { b: [1, { c: 1, d: 2 }] }, e: 1 }, { a: { b: [1, { c: 5 }] }, e: 1 })).toEqual([
      { op: 'del', path: ['a', 'b', 1, 'd'] },
      { op: 'set', path: ['a', 'b', 1, 'c'], value: 5 },
    ]);
    // A longer array gets its tail appended; a shorter one is sent whole.
    expect(diff({ l: [1, 2] }, { l: [1, 2, 3] })).toEqual([{ op: 'set', path: ['l', 2], value: 3 }]);
    expect(diff({ l: [1, 2, 3] }, { l: [1, 2] })).toEqual([{ op: 'set', path: ['l'], value: [1, 2] }]);
    expect(diff(1, 2)).toEqual([{ op: 'set', path: [], value: 2 }]);
  });
});

describe('random JSON pairs', () => {
  const KEYS = ['a', 'b', 'c', 'id', 'name', 'x y', '0', '1', 'é', ''];

  function randomJson(r: ReturnType<typeof rng>, depth: number): Json {
    const roll = r.int(depth <= 0 ? 5 : 8);
    switch (roll) {
      case 0: return null;
      case 1: return r.chance(0.5);
      case 2: return r.chance(0.5) ? r.int(5) : (r.random() - 0.5) * 1e6;
      case 3: return r.pick(['', 'a', 'b', 'Zoé', 'x'.repeat(r.int(20))]);
      case 4: return r.int(3);
      case 5:
      case 6: {
        const obj: Record<string, Json> = {};
        const n = r.int(5);
        for (let i = 0; i < n; i++) obj[r.pick(KEYS)] = randomJson(r, depth - 1);
        return obj;
      }
      default: return Array.from({ length: r.int(5) }, () => randomJson(r, depth - 1));
    }
  }

  /** A copy of `value` with a few random edits, so pairs share most of their structure. */
  function mutate(r: ReturnType<typeof rng>, value: Json, depth: number): Json {
    if (r.chance(0.15)) return randomJson(r, depth);
    if (Array.isArray(value)) {
      let out = value.map((v) => (r.chance(0.3) ? mutate(r, v, depth - 1) : v));
      if (r.chance(0.2)) out = r.chance(0.5) ? out.slice(1) : [...out, randomJson(r, depth - 1)];
      return out;
    }
    if (isPlain(value)) {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value as Record<string, Json>)) {
        if (r.chance(0.15)) continue;
        out[k] = r.chance(0.3) ? mutate(r, v, depth - 1) : v;
      }
      if (r.chance(0.25)) out[r.pick(KEYS)] = randomJson(r, depth - 1);
      return out;
    }
    return r.chance(0.5) ? value : randomJson(r, depth);
  }

  const SEEDS = Array.from({ length: 8 }, (_, i) => i + 1);
  const PAIRS_PER_SEED = 300; // 8 x 300 = 2,400 pairs

  it.each(SEEDS)('seed %i: applyPatch(a, diff(a, b)) equals b, without touching a', (seed) => {
    const r = rng(seed);
    let nonEmpty = 0;
    for (let i = 0; i < PAIRS_PER_SEED; i++) {
      const a = randomJson(r, 4);
      const b = i % 3 === 0 ? randomJson(r, 4) : mutate(r, a, 4);
      const snapshot = structuredClone(a);
      const frozen = deepFreeze(structuredClone(a));
      const patch = diff(frozen, b);
      if (patch.length > 0) nonEmpty++;
      const result = applyPatch(frozen, patch);
      expect(result).toStrictEqual(b);
      expect(frozen).toStrictEqual(snapshot);
      expectShared(frozen, b, result);
      expect(roundTrip(a, b)).toStrictEqual(b);
      // Patches compose: a -> b -> a again.
      expect(applyPatch(result, diff(result, a))).toStrictEqual(a);
    }
    expect(nonEmpty).toBeGreaterThan(PAIRS_PER_SEED / 2);
  });
});

describe('applyPatch', () => {
  it('never mutates its input and shares unchanged branches', () => {
    const a = deepFreeze({ x: { deep: [1, 2] }, y: { deep: 2, other: { k: 1 } }, list: [{ p: 1 }, { p: 2 }] });
    const b = { x: { deep: [1, 2] }, y: { deep: 3, other: { k: 1 } }, list: [{ p: 1 }, { p: 5 }] };
    const result = applyPatch(a, diff(a, b));
    expect(result).toStrictEqual(b);
    expect(result).not.toBe(a);
    expect(result.x).toBe(a.x);
    expect(result.y).not.toBe(a.y);
    expect(result.y.other).toBe(a.y.other);
    expect(result.list).not.toBe(a.list);
    expect(result.list[0]).toBe(a.list[0]);
    expect(a.y.deep).toBe(2);
  });

  it('an empty patch returns the target itself', () => {
    const a = { a: 1 };
    expect(applyPatch(a, [])).toBe(a);
  });

  it('creates missing parents', () => {
    expect(applyPatch({}, [{ op: 'set', path: ['a', 'b', 'c'], value: 1 }])).toEqual({ a: { b: { c: 1 } } });
  });

  // [case, patch]: every way a hostile or broken patch could reach the prototype chain.
  const hostile: [string, string][] = [
    ['__proto__ at root', '[{"op":"set","path":["__proto__","polluted"],"value":true}]'],
    ['__proto__ nested', '[{"op":"set","path":["a","__proto__","polluted"],"value":true}]'],
    ['__proto__ replaced', '[{"op":"set","path":["__proto__"],"value":{"polluted":true}}]'],
    ['__proto__ deleted', '[{"op":"del","path":["a","__proto__"]}]'],
    ['constructor.prototype', '[{"op":"set","path":["constructor","prototype","polluted"],"value":true}]'],
    ['inside an array', '[{"op":"set","path":["list",0,"__proto__","polluted"],"value":true}]'],
    ['after a valid op', '[{"op":"set","path":["ok"],"value":1},{"op":"set","path":["__proto__","polluted"],"value":true}]'],
  ];

  it.each(hostile)('%s: throws and pollutes nothing', (_name, json) => {
    const target = deepFreeze({ a: { b: 1 }, list: [{ c: 1 }] });
    const snapshot = structuredClone(target);
    expect(() => applyPatch(target, JSON.parse(json) as Patch)).toThrow(/forbidden key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Array.prototype).not.toHaveProperty('polluted');
    expect(target).toStrictEqual(snapshot);
  });
});

// Regression test (fixed bug, shared/sync/patch.ts:22 and :25): diff() tests `key in after` / `key in before`, which also
// sees Object.prototype. Deleting an own key named like a prototype property ("toString",
// "hasOwnProperty", "valueOf"...) emits no `del`, so the client keeps the stale key. And a key
// "constructor" or "prototype" (legitimate data, e.g. a free roster attribute named after a CSV
// header) makes diff() emit a path that applyPatch() then refuses with "forbidden key", so the
// channel can no longer be patched. Fix: use Object.hasOwn(after, key) / Object.hasOwn(before, key)
// in diff(), and when a key is in FORBIDDEN_KEYS emit one `set` of the whole parent object instead
// of descending into it (applyPatch keeps refusing such path segments).
describe('keys named like Object.prototype properties ', () => {
  const cases: [string, Json, Json][] = [
    ['own "toString" deleted', { attrs: { toString: 'x', k: '1' } }, { attrs: { k: '1' } }],
    ['own "hasOwnProperty" deleted', { attrs: { hasOwnProperty: 'x' } }, { attrs: {} }],
    ['own "valueOf" deleted at root', { valueOf: 1 }, {}],
    ['"constructor" key added', { attrs: {} }, { attrs: { constructor: 'Bâtiment' } }],
    ['"prototype" key changed', { attrs: { prototype: 'a' } }, { attrs: { prototype: 'b' } }],
  ];
  it.each(cases)('%s', (_name, a, b) => {
    expect(applyPatch(a, diff(a, b))).toStrictEqual(b);
  });

  it('adding "toString" does work (only deletion is missed)', () => {
    const a = { attrs: {} };
    const b = { attrs: { toString: 'x' } };
    expect(applyPatch(a, diff(a, b))).toStrictEqual(b);
  });
});
