import type { Convention } from './types.ts';

// k, the size under which a group's count is never shown, exported or stored on its own: a
// table of three agreeing, or a batch of two ballots written together, would tell each
// member's choice. One place for the rule's number and for the one function every view and
// export splits subgroups with (docs/methods.md, "Small groups").

export const DEFAULT_SMALL_GROUP_MIN = 5;
/** The bounds the facilitator may set k within (convention.setSmallGroupMin). */
export const SMALL_GROUP_MIN_RANGE = { min: 2, max: 20 } as const;

export function smallGroupMin(conv: Pick<Convention, 'smallGroupMin'>): number {
  return conv.smallGroupMin ?? DEFAULT_SMALL_GROUP_MIN;
}

/** One subgroup (a table, a group) and how many answers it holds. */
export interface GroupSize {
  id: string;
  size: number;
  /** Never shown on its own, only ever inside the merged bucket (answers without a table). */
  pooled?: boolean;
}

/** How the subgroups of one count are published. */
export interface SmallGroupSplit {
  /** Groups shown with their own counts, each of at least k answers, in the order given. */
  shown: string[];
  /**
   * Groups counted together in one bucket of at least k answers ("other tables"), in the order
   * given; empty when there is none. Holds every group under k, and the smallest others when
   * those alone would make fewer than k.
   */
  merged: string[];
  /**
   * Groups with answers that are never counted, not even together: the whole count is under k,
   * so no bucket can reach it (each is shown as "fewer than k answers", without a number).
   * Non-empty only when `shown` and `merged` are empty.
   */
  hidden: string[];
}

/**
 * Splits subgroups so that no published number tells fewer than k answers, not even by
 * subtraction: every shown group has at least k answers, the merged bucket too (or is empty),
 * so the room's total minus any set of published groups is again 0 or at least k. Groups under
 * k (and pooled ones) go to the bucket; when the bucket holds between 1 and k − 1 answers, the
 * smallest shown group joins it (ties: the first given). If even every group together is under
 * k, nothing is counted per group. Groups without answers are left out of all three lists.
 * Pure and deterministic: the same sizes in the same order give the same split.
 */
export function splitSmallGroups(groups: readonly GroupSize[], k: number): SmallGroupSplit {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${String(k)})`);
  const answered = groups.filter((g) => {
    if (!Number.isSafeInteger(g.size) || g.size < 0) throw new RangeError(`group ${JSON.stringify(g.id)}: size must be a non-negative integer (got ${String(g.size)})`);
    return g.size > 0;
  });
  const shown = answered.filter((g) => !g.pooled && g.size >= k);
  const bucket = new Set(answered.filter((g) => !shown.includes(g)));
  let bucketSize = [...bucket].reduce((n, g) => n + g.size, 0);
  if (bucketSize > 0 && bucketSize < k && shown.length > 0) {
    // The smallest shown group (the first given among equals): being of k or more, it is enough.
    const smallest = shown.reduce((min, g) => (g.size < min.size ? g : min));
    shown.splice(shown.indexOf(smallest), 1);
    bucket.add(smallest);
    bucketSize += smallest.size;
  }
  const inOrder = answered.filter((g) => bucket.has(g)).map((g) => g.id);
  const tooFew = bucketSize > 0 && bucketSize < k;
  return { shown: shown.map((g) => g.id), merged: tooFew ? [] : inOrder, hidden: tooFew ? inOrder : [] };
}

/**
 * A cross-table (a transition table: rows the earlier answer, columns the later one) with every
 * count under k hidden, and enough other cells hidden with them that no hidden count can be
 * worked out again from what is published: the shown cells, each row's and each column's total
 * (a column's total is the later wave's count, published anyway; rows are treated as published
 * too, to be safe), and the fact that counts are whole and never negative (docs/methods.md,
 * "Opinion change"). Null marks a hidden cell. The rules, applied until nothing changes:
 *  1. a cell with 1 to k − 1 is hidden (zero tells nobody's answer and stays shown);
 *  2. a row or column with hidden cells hides at least two (a single hidden cell is its line's
 *     total minus the others): the cheapest shown cell of that line joins it, a zero first
 *     (hiding a zero hides nobody), else the smallest;
 *  3. every hidden non-zero count can move by one, up or down, with every total unchanged (along
 *     a cycle of hidden cells: row, column, row…, lowering only counts above zero); one that
 *     cannot is pinned by the totals, and the cheapest shown cell that frees it is hidden (a
 *     zero first: it can always be raised), else the cheapest of its row or column.
 * When no cycle can free a count (everyone gave the same later answer: each row's total is its
 * one count), the whole table hides, and no row total is ever published beside a table (views
 * show the columns' totals, the later wave's counts, only). Pure and deterministic.
 */
export function suppressTable(table: readonly (readonly number[])[], k: number): (number | null)[][] {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${String(k)})`);
  const rows = table.length;
  const cols = rows === 0 ? 0 : table[0]!.length;
  for (const row of table) {
    if (row.length !== cols) throw new RangeError('every row must have as many cells');
    for (const n of row) if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a count must be a non-negative integer (got ${String(n)})`);
  }
  const hidden = table.map((row) => row.map((n) => n > 0 && n < k));
  const all: Cell[] = table.flatMap((row, r) => row.map((_, c): Cell => [r, c]));
  const lines: Cell[][] = [
    ...Array.from({ length: rows }, (_, r) => all.filter(([rr]) => rr === r)),
    ...Array.from({ length: cols }, (_, c) => all.filter(([, cc]) => cc === c)),
  ];
  const value = ([r, c]: Cell) => table[r]![c]!;
  const isHidden = ([r, c]: Cell) => hidden[r]![c]!;
  /** The cheapest shown cell among `cells`: a zero (hiding it hides no one), else the smallest (first given among equals). */
  const cheapest = (cells: Cell[]): Cell | null =>
    cells.filter((cell) => !isHidden(cell)).reduce<Cell | null>((best, cell) => (best === null || value(cell) < value(best) ? cell : best), null);
  const hide = (cell: Cell | null) => {
    if (cell) hidden[cell[0]]![cell[1]] = true;
    return cell !== null;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) if (line.filter(isHidden).length === 1) changed = hide(cheapest(line)) || changed;
    if (changed) continue;
    const stuck = all.find((cell) => isHidden(cell) && value(cell) > 0 && !movable(table, hidden, cell));
    if (stuck) {
      // The cheapest shown cell that frees it (a zero costs nothing: raising it is always
      // possible); else the cheapest of its row or column, and look again.
      const byCost = all.filter((cell) => !isHidden(cell)).sort((a, b) => value(a) - value(b));
      const frees = byCost.find(([r, c]) => {
        hidden[r]![c] = true;
        const free = movable(table, hidden, stuck);
        hidden[r]![c] = false;
        return free;
      });
      const near = byCost.find(([r, c]) => r === stuck[0] || c === stuck[1]);
      changed = hide(frees ?? near ?? byCost[0] ?? null);
    }
  }
  return table.map((row, r) => row.map((n, c) => (hidden[r]![c] ? null : n)));
}

type Cell = [number, number];

/**
 * The rows and columns reached from `cell`'s row when `cell` moves by one: each row reached moves
 * another of its hidden counts the other way (lowering only one above zero: `lowerFirst` says
 * whether rows lower), whose column moves one of its hidden counts in another row back. The
 * move closes once `cell`'s own column is reached (rule 3 of suppressTable).
 */
function walk(table: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], [r0, c0]: Cell, lowerFirst: boolean) {
  const rows = new Set<number>([r0]);
  const cols = new Set<number>();
  const queue = [r0];
  while (queue.length > 0) {
    const r = queue.shift()!;
    // Leaving a row: lower a count (raise path) or raise one (lower path) in another column.
    hidden[r]!.forEach((h, c) => {
      if (!h || (r === r0 && c === c0) || cols.has(c) || (lowerFirst && table[r]![c]! === 0)) return;
      cols.add(c);
      if (c === c0) return;
      // Entering a row from the column: the other kind of move.
      hidden.forEach((row, rr) => {
        if (!row[c] || rows.has(rr) || (!lowerFirst && table[rr]![c]! === 0)) return;
        rows.add(rr);
        queue.push(rr);
      });
    });
  }
  return { rows, cols };
}

/** Whether a hidden count can move by one, up or down, with every row and column total unchanged. */
function movable(table: readonly (readonly number[])[], hidden: readonly (readonly boolean[])[], cell: Cell): boolean {
  if (walk(table, hidden, cell, true).cols.has(cell[1])) return true;
  return table[cell[0]]![cell[1]]! > 0 && walk(table, hidden, cell, false).cols.has(cell[1]);
}
