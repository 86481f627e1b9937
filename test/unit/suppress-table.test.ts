import { describe, expect, it } from 'vitest';
import { suppressTable } from '../../shared/domain/small-groups.ts';
import { rng } from '../helpers/domain-fixtures.ts';

// Issue 17, item 4: a transition table (how many moved from each answer to each other answer)
// shows no count under k, and no hidden count can be worked out again from what is shown with
// it: the shown cells, the rows' and columns' totals (a column's total is the later wave's
// published count), and counts being whole and never negative.

const _ = null;

/**
 * Every value each hidden cell can take in some table that agrees with everything published
 * (shown cells, every row's and column's total, whole non-negative counts): brute force, for the
 * small tables below.
 */
function possibleValues(table: number[][], shown: (number | null)[][], rowsPublished: boolean): Map<string, Set<number>> {
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = table[0]!.map((_, c) => table.reduce((n, row) => n + row[c]!, 0));
  const cells: [number, number][] = [];
  shown.forEach((row, r) => row.forEach((n, c) => n === null && cells.push([r, c])));
  const rowLeft = rowTotals.map((t, r) => t - shown[r]!.reduce<number>((n, x) => n + (x ?? 0), 0));
  const colLeft = colTotals.map((t, c) => t - shown.reduce<number>((n, row) => n + (row[c] ?? 0), 0));
  const seen = new Map(cells.map(([r, c]) => [`${r},${c}`, new Set<number>()]));
  const values: number[] = [];
  const walk = (i: number) => {
    if (i === cells.length) {
      if ((!rowsPublished || rowLeft.every((n) => n === 0)) && colLeft.every((n) => n === 0)) cells.forEach(([r, c], j) => seen.get(`${r},${c}`)!.add(values[j]!));
      return;
    }
    const [r, c] = cells[i]!;
    const lastInRow = rowsPublished && !cells.slice(i + 1).some(([rr]) => rr === r);
    const max = rowsPublished ? Math.min(rowLeft[r]!, colLeft[c]!) : colLeft[c]!;
    for (let v = lastInRow ? Math.max(0, rowLeft[r]!) : 0; v <= max; v++) {
      rowLeft[r]! -= v;
      colLeft[c]! -= v;
      values[i] = v;
      walk(i + 1);
      rowLeft[r]! += v;
      colLeft[c]! += v;
    }
  };
  walk(0);
  return seen;
}

function expectSafe(table: number[][], k: number, shown: (number | null)[][]) {
  // Nothing under k shown (zero aside), everything shown as it is.
  table.forEach((row, r) => row.forEach((n, c) => {
    if (shown[r]![c] !== null) expect(shown[r]![c]).toBe(n);
    if (n > 0 && n < k) expect(shown[r]![c]).toBeNull();
  }));
  // No hidden count pinned by the totals: each non-zero one can take two values or more (a zero
  // hidden with them tells nothing). A table hidden whole may be pinned by its rows' totals
  // (everyone now gives the same answer: each row's total is its one count): those are never
  // published, the columns' (the later wave's counts) are, and must not pin it.
  const whole = shown.every((row) => row.every((n) => n === null));
  for (const [cell, values] of possibleValues(table, shown, !whole)) {
    const [r, c] = cell.split(',').map(Number) as [number, number];
    if (table[r]![c]! > 0) expect(values.size, `cell ${cell} can be worked out`).toBeGreaterThanOrEqual(2);
  }
}

describe('suppressTable', () => {
  // [what, table, k, expected]
  const CASES: [string, number[][], number, (number | null)[][]][] = [
    ['nothing under k: everything shown', [[9, 6], [5, 12]], 5, [[9, 6], [5, 12]]],
    ['zeros are shown (nobody moved there)', [[9, 0], [0, 12]], 5, [[9, 0], [0, 12]]],
    // 2×2 with margins published: one small cell pins the three others through the totals.
    ['2×2 with one small cell: the whole table hides', [[3, 10], [10, 10]], 5, [[_, _], [_, _]]],
    ['2×2 all small: everything hidden', [[1, 2], [2, 1]], 5, [[_, _], [_, _]]],
    // A row with a single small cell: its row partner and a column partner hide with it, and the
    // cell closing the cycle too.
    [
      'a row with a single small cell',
      [[20, 7, 6], [8, 2, 9], [6, 9, 30]],
      5,
      [[20, _, _], [_, _, _], [_, _, 30]],
    ],
    // A hidden zero can only be raised: the cycle lowers the non-zero counts around it.
    ['a row with one small cell beside zeros', [[12, 0, 0], [0, 3, 10], [9, 8, 0]], 5, [[12, _, _], [_, _, 10], [_, _, _]]],
    ['k = 1 hides nothing', [[1, 2], [3, 0]], 1, [[1, 2], [3, 0]]],
    ['an empty table', [], 5, []],
  ];

  it.each(CASES)('%s', (_what, table, k, expected) => {
    const shown = suppressTable(table, k);
    expect(shown).toEqual(expected);
    if (table.length > 0) expectSafe(table, k, shown);
  });

  it('refuses a k or a count that is not a whole number, and ragged rows', () => {
    expect(() => suppressTable([[1]], 0)).toThrow(RangeError);
    expect(() => suppressTable([[1.5]], 5)).toThrow(RangeError);
    expect(() => suppressTable([[-1]], 5)).toThrow(RangeError);
    expect(() => suppressTable([[1, 2], [3]], 5)).toThrow(RangeError);
  });

  it('pins no hidden cell and shows nothing under k, for random tables', () => {
    const r = rng(17);
    let hiddenSome = 0;
    for (let trial = 0; trial < 300; trial++) {
      const k = 2 + r.int(4);
      const rows = 2 + r.int(2);
      const cols = 2 + r.int(2);
      const table = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (r.random() < 0.25 ? 0 : r.int(9))));
      const shown = suppressTable(table, k);
      if (shown.some((row) => row.includes(null))) hiddenSome++;
      expectSafe(table, k, shown);
      // Deterministic: the same table, the same answer.
      expect(suppressTable(table, k)).toEqual(shown);
    }
    expect(hiddenSome).toBeGreaterThan(100);
  });
});
