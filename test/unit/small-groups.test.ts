import { describe, expect, it } from 'vitest';
import { splitSmallGroups, type GroupSize } from '../../shared/domain/small-groups.ts';
import { rng } from '../helpers/domain-fixtures.ts';

// Issue 14, item 4: no subgroup count under k, shown or exported, not even by subtraction. One
// pure function decides it for every view and export (shared/domain/small-groups.ts).

const g = (id: string, size: number, pooled = false): GroupSize => (pooled ? { id, size, pooled } : { id, size });
const sizeOf = (groups: readonly GroupSize[], ids: readonly string[]) => ids.reduce((n, id) => n + groups.find((x) => x.id === id)!.size, 0);

describe('splitSmallGroups', () => {
  // [what, groups, k, shown, merged, hidden]
  const CASES: [string, GroupSize[], number, string[], string[], string[]][] = [
    ['every table large enough: all shown, nothing merged', [g('A', 6), g('B', 7), g('C', 5)], 5, ['A', 'B', 'C'], [], []],
    ['two small tables that reach k together: merged', [g('A', 6), g('B', 3), g('C', 2)], 5, ['A'], ['B', 'C'], []],
    // The subtraction attack: hiding C alone would leave it as 16 − 6 − 7 = 3.
    ['one small table: the smallest shown joins it (subtraction)', [g('A', 6), g('B', 7), g('C', 3)], 5, ['B'], ['A', 'C'], []],
    ['ties: the first given joins', [g('A', 6), g('B', 6), g('C', 1)], 5, ['B'], ['A', 'C'], []],
    ['one table of k beside a small rest: the whole room in one bucket', [g('A', 5), g('B', 9), g('C', 1)], 7, [], ['A', 'B', 'C'], []],
    ['everyone together under k: nothing counted per table', [g('A', 2), g('B', 1)], 5, [], [], ['A', 'B']],
    ['a lone table of the whole room under k: hidden', [g('A', 3)], 5, [], [], ['A']],
    ['a lone table of k: shown', [g('A', 5)], 5, ['A'], [], []],
    ['tables without answers are in no list', [g('A', 6), g('B', 0), g('C', 5)], 5, ['A', 'C'], [], []],
    ['answers without a table are never shown alone', [g('A', 6), g('B', 6), g('', 5, true)], 5, ['A', 'B'], [''], []],
    ['a few without a table pull the smallest table in', [g('A', 6), g('B', 8), g('', 1, true)], 5, ['B'], ['A', ''], []],
    ['only answers without a table, under k: hidden', [g('', 4, true)], 5, [], [], ['']],
    ['k = 3 shows a table of 3', [g('A', 6), g('B', 7), g('C', 3)], 3, ['A', 'B', 'C'], [], []],
    ['k = 1 shows everything', [g('A', 1), g('B', 2)], 1, ['A', 'B'], [], []],
    ['nothing at all', [], 5, [], [], []],
  ];

  it.each(CASES)('%s', (_what, groups, k, shown, merged, hidden) => {
    expect(splitSmallGroups(groups, k)).toEqual({ shown, merged, hidden });
  });

  it('refuses a k or a size that is not a whole number', () => {
    expect(() => splitSmallGroups([g('A', 1)], 0)).toThrow(RangeError);
    expect(() => splitSmallGroups([g('A', 1)], 2.5)).toThrow(RangeError);
    expect(() => splitSmallGroups([g('A', -1)], 5)).toThrow(RangeError);
    expect(() => splitSmallGroups([g('A', Number.NaN)], 5)).toThrow(RangeError);
  });

  // The attack in general: whoever sees the room's total and every published count may add and
  // subtract them at will. Every number they can form that stands for a set of tables must be 0
  // or at least k, for thousands of random rooms.
  it('leaves no table set under k by any sum or difference of what is published (random rooms)', () => {
    const r = rng(14);
    let merges = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const k = 2 + r.int(9);
      const groups = Array.from({ length: 1 + r.int(9) }, (_, i) => g(i === 0 && r.random() < 0.3 ? '' : `T${i}`, r.int(12), i === 0 && r.random() < 0.3));
      const split = splitSmallGroups(groups, k);
      const total = groups.reduce((n, x) => n + x.size, 0);
      const answered = groups.filter((x) => x.size > 0).map((x) => x.id);
      // A partition of the tables that answered.
      expect([...split.shown, ...split.merged, ...split.hidden].sort()).toEqual([...answered].sort());
      if (split.hidden.length > 0) {
        // Nothing per table at all, and only because the room itself is under k.
        expect(split.shown).toEqual([]);
        expect(split.merged).toEqual([]);
        expect(total).toBeLessThan(k);
        continue;
      }
      if (split.merged.length > 0) merges++;
      // The published blocks: each shown table, the merged bucket; the room's total is their sum.
      const blocks = [...split.shown.map((id) => sizeOf(groups, [id])), ...(split.merged.length > 0 ? [sizeOf(groups, split.merged)] : [])];
      expect(blocks.reduce((a, b) => a + b, 0)).toBe(total);
      for (const block of blocks) expect(block).toBeGreaterThanOrEqual(k);
      for (const id of split.shown) expect(groups.find((x) => x.id === id)!.pooled).toBeFalsy();
      // Any union of blocks (and so its complement, the total minus it) is 0 or at least k.
      for (let mask = 0; mask < 1 << Math.min(blocks.length, 10); mask++) {
        const sum = blocks.reduce((n, b, i) => n + (mask & (1 << i) ? b : 0), 0);
        expect(sum === 0 || sum >= k).toBe(true);
        expect(total - sum === 0 || total - sum >= k).toBe(true);
      }
    }
    expect(merges).toBeGreaterThan(300); // the random rooms did exercise the merging
  });
});
