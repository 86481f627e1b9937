import { describe, expect, it } from 'vitest';
import { determinedCells, splitAgainstBatches, type BatchSizes } from '../../shared/domain/batch-crossing.ts';
import { splitSmallGroups } from '../../shared/domain/small-groups.ts';
import { ballotOfCounter, closeCheckCounts, closeStrataCounts, countSecretBallot, type BatchGroups } from '../../shared/domain/secret-ballots.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import { mergeSmallStrata } from '../../shared/features/strata/tally.ts';
import { OTHER_VALUES } from '../../shared/features/strata/types.ts';

// Counts per stratum and per table written at a secret activity's close, crossed with the batches
// the room's counter moved by: no batch × group cell under k may be pinned by subtraction
// (shared/domain/batch-crossing.ts). Table-driven, then random tables checked against the rule.

const K = 5;
/** The groups' sizes as the batches sum them (what the close's counts hold). */
const groupsOf = (batches: readonly BatchSizes[], order?: string[]) => {
  const sizes = new Map<string, number>();
  for (const batch of batches) for (const [id, n] of Object.entries(batch)) sizes.set(id, (sizes.get(id) ?? 0) + n);
  return (order ?? [...sizes.keys()].sort()).map((id) => ({ id, size: sizes.get(id) ?? 0, pooled: id === OTHER_VALUES }));
};

describe('determinedCells: the bridges of batches × columns', () => {
  it.each<{ name: string; columns: string[][]; batches: BatchSizes[]; cells: number[][] }>([
    { name: 'a tree: every cell is pinned', columns: [['a'], ['b']], batches: [{ a: 5 }, { a: 1, b: 5 }], cells: [[0, 0, 5], [1, 0, 1], [1, 1, 5]] },
    { name: 'a cycle: no cell is pinned', columns: [['a'], ['b']], batches: [{ a: 3, b: 2 }, { a: 2, b: 3 }], cells: [] },
    { name: 'a cycle and a pendant batch: only the pendant edge', columns: [['a'], ['b']], batches: [{ a: 3, b: 2 }, { a: 2, b: 3 }, { b: 7 }], cells: [[2, 1, 7]] },
    { name: 'zero-size edges are no edge (they would make a false cycle)', columns: [['a'], ['b']], batches: [{ a: 5, b: 1 }, { a: 0, b: 5 }], cells: [[0, 0, 5], [0, 1, 1], [1, 1, 5]] },
    { name: 'a merged column sums its groups', columns: [['a', 'b']], batches: [{ a: 2, b: 3 }, { a: 4, b: 1 }], cells: [[0, 0, 5], [1, 0, 5]] },
  ])('$name', ({ columns, batches, cells }) => {
    expect(determinedCells(columns, batches).map((c) => [c.batch, c.column, c.size])).toEqual(cells);
  });
});

describe('splitAgainstBatches: no determined cell under k', () => {
  it.each<{ name: string; batches: BatchSizes[]; split: { shown: string[]; merged: string[]; hidden: string[] } }>([
    {
      name: 'a batch of five wholly inside a stratum of six, with two values: the attribute goes (either value is the room minus the other)',
      batches: [{ a: 5 }, { a: 1, b: 5 }],
      split: { shown: [], merged: [], hidden: ['a', 'b'] },
    },
    {
      name: 'a batch of five wholly inside a stratum of six, beside values on a cycle: that stratum merged, the bucket grows by the smallest until its cells move',
      batches: [{ a: 5 }, { a: 1, b: 3, c: 2 }, { b: 3, c: 4 }],
      split: { shown: ['c'], merged: ['a', 'b'], hidden: [] },
    },
    {
      name: 'every cell on a cycle: nothing merged beyond splitSmallGroups',
      batches: [{ a: 3, b: 2 }, { a: 2, b: 3 }],
      split: { shown: ['a', 'b'], merged: [], hidden: [] },
    },
    {
      name: 'a tree whose cells are all k or more: nothing merged',
      batches: [{ a: 5 }, { a: 5, b: 5 }, { b: 6 }],
      split: { shown: ['a', 'b'], merged: [], hidden: [] },
    },
    {
      name: 'the final flush is a batch: a close of one ballot of a stratum pins it',
      batches: [{ a: 5, b: 5 }, { a: 5, b: 5 }, { c: 5, a: 1 }],
      split: { shown: ['b'], merged: ['a', 'c'], hidden: [] },
    },
    {
      name: 'the last shown value pinned under k beside the bucket: the attribute goes',
      batches: [{ b: 2, c: 3 }, { a: 5 }, { a: 4, d: 1 }],
      split: { shown: [], merged: [], hidden: ['a', 'b', 'c', 'd'] },
    },
  ])('$name', ({ batches, split }) => {
    expect(splitAgainstBatches(groupsOf(batches), batches, K)).toEqual(split);
  });

  it('ballots no batch recorded (counted before a restart) are one batch more', () => {
    const batches: BatchSizes[] = [{ a: 5 }, { a: 1, b: 5 }];
    // Only the second batch is remembered: the first five of a still pin the sixth.
    expect(splitAgainstBatches(groupsOf(batches), batches.slice(1), K)).toEqual(splitAgainstBatches(groupsOf(batches), batches, K));
  });

  it('without batches it is splitSmallGroups', () => {
    const groups = groupsOf([{ a: 6, b: 5, c: 3 }]);
    expect(splitAgainstBatches(groups, [], K)).toEqual(splitSmallGroups(groups, K));
    expect(splitAgainstBatches(groups, [], K)).toEqual({ shown: ['a'], merged: ['b', 'c'], hidden: [] });
  });

  it('random tables: sums kept, no shown group or bucket pinned under k, deterministic', () => {
    const random = mulberry32(17);
    const draw = (n: number) => Math.floor(random() * n);
    for (let trial = 0; trial < 400; trial++) {
      const values = ['a', 'b', 'c', 'd', 'e'].slice(0, 2 + draw(4));
      const batches: Record<string, number>[] = Array.from({ length: 1 + draw(5) }, () => {
        const batch: Record<string, number> = {};
        let total = 0;
        while (total < K || random() < 0.4) {
          const v = values[draw(values.length)]!;
          batch[v] = (batch[v] ?? 0) + 1;
          total++;
        }
        return batch;
      });
      const groups = groupsOf(batches, values);
      const split = splitAgainstBatches(groups, batches, K);
      expect(splitAgainstBatches(groups, batches, K)).toEqual(split);
      const answered = groups.filter((g) => g.size > 0).map((g) => g.id);
      expect([...split.shown, ...split.merged, ...split.hidden].sort()).toEqual([...answered].sort());
      if (split.hidden.length > 0) continue;
      const columns = [...split.shown.map((id) => [id]), ...(split.merged.length > 0 ? [split.merged] : [])];
      expect(determinedCells(columns, batches).filter((c) => c.size < K)).toEqual([]);
      for (const id of split.shown) expect(groups.find((g) => g.id === id)!.size).toBeGreaterThanOrEqual(K);
    }
  });
});

describe('the close: per stratum and per table', () => {
  const row = (n: number): number[] => [n, 0, 0];
  it('mergeSmallStrata: two attributes are crossed independently', () => {
    const cells = { age: { young: row(6), old: row(5) }, gender: { F: row(6), H: row(5) } };
    // age: the first batch is the five first young; gender: both batches mix F and H (a cycle).
    const merged = mergeSmallStrata(cells, K, undefined, { age: [{ young: 5 }, { young: 1, old: 5 }], gender: [{ F: 3, H: 2 }, { F: 3, H: 3 }] });
    expect(merged.cells).toEqual({ gender: { F: row(6), H: row(5) } });
  });

  /** A secret vote's state as closeStrataCounts reads it (and countSecretBallot after a restart). */
  const voteState = (byStratum: Record<string, Record<string, number[]>>): Convention =>
    ({ votes: { v: { id: 'v', secret: true, status: 'open', tally: { for: 11, against: 0, abstain: 0 }, byStratum } }, checks: {}, gradings: {} }) as unknown as Convention;

  it('closeStrataCounts writes what memory keeps, and a restart reads the same back', () => {
    const byStratum = { age: { young: [4, 2, 0], old: [1, 3, 1] }, gender: { F: [3, 3, 0], H: [2, 2, 1] } };
    const batches: BatchGroups[] = [
      { tables: {}, strata: { age: { young: 5 }, gender: { F: 3, H: 2 } } },
      { tables: {}, strata: { age: { young: 1, old: 5 }, gender: { F: 3, H: 3 } } },
    ];
    const closed = closeStrataCounts(voteState(byStratum), 'vote:v', K, (counter) => (counter === 'vote:v' ? batches : []));
    expect(closed.state.votes['v']!.byStratum).toEqual({ gender: byStratum.gender });
    let back = voteState({});
    back = { ...back, votes: { v: { ...back.votes['v']!, byStratum: undefined } } } as Convention;
    for (const { counter, cell, count } of closed.rows) back = countSecretBallot(back, ballotOfCounter(counter, cell)!, count);
    expect(back.votes['v']!.byStratum).toEqual(closed.state.votes['v']!.byStratum);
    // Without the batches, both attributes would have been written whole.
    expect(closeStrataCounts(voteState(byStratum), 'vote:v', K).state.votes['v']!.byStratum).toEqual(byStratum);
  });

  it('closeCheckCounts: a table of six whose first five answered in one batch is merged into the room', () => {
    const counts = { p: { t1: [3, 3, 0], t2: [2, 1, 2] } };
    const state = { checks: { c: { id: 'c', levels: ['a', 'b'], status: 'open', counts } }, votes: {}, gradings: {} } as unknown as Convention;
    const batches: BatchGroups[] = [{ tables: { t1: 5 }, strata: {} }, { tables: { t1: 1, t2: 5 }, strata: {} }];
    const crossed = closeCheckCounts(state, 'c', K, (counter) => (counter === 'agree:c:p' ? batches : []));
    expect(crossed.state.checks['c']!.counts).toEqual({ p: { '': [5, 4, 2] } });
    expect(crossed.rows.every((r) => r.counter === 'agree:c:p')).toBe(true);
    expect(closeCheckCounts(state, 'c', K).state.checks['c']!.counts).toEqual(counts);
  });
});
