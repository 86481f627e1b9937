import { describe, expect, test } from 'vitest';
import { dissent, dissentLevel, type DissentLevel, type TableRanking } from '../../shared/math/dissent.ts';

const L4 = ['L1', 'L2', 'L3', 'L4'];

describe('dissent on hand-made tables', () => {
  // Ranks by table:     T1 T2 T3   mean  spread  sd = sqrt(Σ(r − mean)² / 3)
  //   L1                 1  2  2   5/3    1      sqrt(2)/3     low (gap of one place)
  //   L2                 2  1  3   2      2      sqrt(2/3)     high (2 ≥ 4/2)
  //   L3                 3  4  4   11/3   1      sqrt(2)/3     low
  //   L4                 4  3  1   8/3    3      sqrt(14)/3    high
  const tables: TableRanking[] = [
    { table: 'T1', ranking: ['L1', 'L2', 'L3', 'L4'] },
    { table: 'T2', ranking: ['L2', 'L1', 'L4', 'L3'] },
    { table: 'T3', ranking: ['L4', 'L1', 'L2', 'L3'] },
  ];
  const result = dissent(L4, tables);

  test.each([
    { lever: 'L1', ranks: [1, 2, 2], mean: 5 / 3, spread: 1, sd: Math.sqrt(2) / 3, level: 'low' },
    { lever: 'L2', ranks: [2, 1, 3], mean: 2, spread: 2, sd: Math.sqrt(2 / 3), level: 'high' },
    { lever: 'L3', ranks: [3, 4, 4], mean: 11 / 3, spread: 1, sd: Math.sqrt(2) / 3, level: 'low' },
    { lever: 'L4', ranks: [4, 3, 1], mean: 8 / 3, spread: 3, sd: Math.sqrt(14) / 3, level: 'high' },
  ])('$lever: mean $mean, spread $spread, $level', ({ lever, ranks, mean, spread, sd, level }) => {
    const d = result.find((x) => x.lever === lever)!;
    expect({ ...d.ranks }).toEqual({ T1: ranks[0], T2: ranks[1], T3: ranks[2] });
    expect(d.mean).toBeCloseTo(mean, 12);
    expect(d.spread).toBe(spread);
    expect(d.sd).toBeCloseTo(sd, 12);
    expect(d.dissent).toBe(level);
  });

  test('levers come back in the given order', () => {
    expect(result.map((d) => d.lever)).toEqual(L4);
  });

  test('ties and unranked levers use fractional ranks', () => {
    // T1: L1, L2 tied first (1.5 each), L3 third, L4 unranked (4).
    // T2: L3 first, the rest unranked: (2 + 3 + 4) / 3 = 3 each.
    const d = dissent(L4, [
      { table: 'T1', ranking: [['L1', 'L2'], 'L3'] },
      { table: 'T2', ranking: ['L3'] },
    ]);
    expect(d.map((x) => [x.lever, x.ranks.T1, x.ranks.T2, x.spread, x.dissent])).toEqual([
      ['L1', 1.5, 3, 1.5, 'medium'], // 1.5 ≥ 4/4 and > 1, < 4/2
      ['L2', 1.5, 3, 1.5, 'medium'],
      ['L3', 3, 1, 2, 'high'],
      ['L4', 4, 3, 1, 'low'],
    ]);
  });

  test('a single table: no dissent', () => {
    const d = dissent(L4, [{ table: 'Only', ranking: L4 }]);
    expect(d.map((x) => [x.mean, x.spread, x.sd, x.dissent])).toEqual([
      [1, 0, 0, 'low'], [2, 0, 0, 'low'], [3, 0, 0, 'low'], [4, 0, 0, 'low'],
    ]);
  });

  test('identical tables: no dissent', () => {
    const d = dissent(L4, [1, 2, 3, 4, 5].map((i) => ({ table: `Table ${i}`, ranking: ['L3', 'L1', 'L4', 'L2'] })));
    expect(d.every((x) => x.spread === 0 && x.sd === 0 && x.dissent === 'low')).toBe(true);
    expect(d.map((x) => x.mean)).toEqual([2, 4, 1, 3]);
  });

  test('no tables: empty result', () => {
    expect(dissent(L4, [])).toEqual([]);
  });

  test('two levers reversed is high dissent', () => {
    const d = dissent(['A', 'B'], [
      { table: 'T1', ranking: ['A', 'B'] },
      { table: 'T2', ranking: ['B', 'A'] },
    ]);
    expect(d.map((x) => [x.spread, x.sd, x.dissent])).toEqual([[1, 0.5, 'high'], [1, 0.5, 'high']]);
  });

  test.each([
    { name: 'duplicate table', tables: [{ table: 'T', ranking: ['A'] }, { table: 'T', ranking: ['B'] }], message: /duplicate table "T"/ },
    { name: 'unknown lever', tables: [{ table: 'T', ranking: ['A', 'Z'] }], message: /table "T": .*unknown candidate "Z"/ },
    { name: 'lever twice', tables: [{ table: 'T', ranking: ['A', ['A']] }], message: /appears more than once/ },
  ])('throws on $name', ({ tables, message }) => {
    expect(() => dissent(['A', 'B'], tables)).toThrow(message);
  });
});

describe('dissentLevel thresholds', () => {
  test.each([
    // [spread, number of levers, level]
    [0, 2, 'low'], [1, 2, 'high'],
    [1, 3, 'low'], [1.5, 3, 'high'], [2, 3, 'high'],
    [1, 4, 'low'], [1.5, 4, 'medium'], [2, 4, 'high'], [3, 4, 'high'],
    [1, 6, 'low'], [1.5, 6, 'medium'], [2, 6, 'medium'], [3, 6, 'high'],
    [1, 8, 'low'], [1.5, 8, 'low'], [2, 8, 'medium'], [3.5, 8, 'medium'], [4, 8, 'high'],
    [0, 1, 'low'], [0, 0, 'low'],
  ] as [number, number, DissentLevel][])('spread %d among %d levers → %s', (spread, n, level) => {
    expect(dissentLevel(spread, n)).toBe(level);
  });
});
