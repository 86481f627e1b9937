import { describe, expect, it } from 'vitest';
import { seededContext } from '../../shared/domain/context.ts';
import { assignAtRandom, shuffle } from '../../shared/features/core/seating-plan.ts';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sizes = (plan: Record<string, string[]>) => Object.values(plan).map((m) => m.length);
const spread = (values: number[]) => (values.length ? Math.max(...values) - Math.min(...values) : 0);

function expectEveryoneOnce(plan: Record<string, string[]>, members: string[], tables: string[]) {
  expect(Object.keys(plan).sort()).toEqual([...tables].sort());
  expect(Object.values(plan).flat().sort()).toEqual([...members].sort());
}

// [members, tables]: small rooms, exact fits, off-by-ones, more tables than members, big rooms.
const PAIRS: [number, number][] = [
  [0, 1], [0, 5], [1, 1], [1, 3], [2, 5], [3, 3], [4, 3], [5, 2], [7, 7], [8, 7],
  [10, 3], [11, 4], [12, 4], [13, 4], [29, 6], [30, 6], [31, 6], [45, 8], [100, 12], [150, 100], [3, 100], [2000, 100],
];

describe('assignAtRandom without groups', () => {
  it.each(PAIRS)('%i members over %i tables: everyone once, sizes within one', (m, t) => {
    for (const seed of [1, 2, 3]) {
      const members = ids('m', m);
      const tables = ids('t', t);
      const plan = assignAtRandom({ memberIds: members, tableIds: tables, random: seededContext(seed).random });
      expectEveryoneOnce(plan, members, tables);
      expect(spread(sizes(plan))).toBeLessThanOrEqual(1);
      if (m < t) expect(sizes(plan).every((s) => s <= 1)).toBe(true);
    }
  });

  it('no tables: an empty plan', () => {
    expect(assignAtRandom({ memberIds: ['a', 'b'], tableIds: [], random: Math.random })).toEqual({});
  });

  it('same seed -> same plan; another seed -> another plan', () => {
    const input = { memberIds: ids('m', 40), tableIds: ids('t', 6) };
    const a = assignAtRandom({ ...input, random: seededContext(42).random });
    expect(assignAtRandom({ ...input, random: seededContext(42).random })).toEqual(a);
    expect(assignAtRandom({ ...input, random: seededContext(43).random })).not.toEqual(a);
  });

  it('does not mutate its inputs', () => {
    const memberIds = Object.freeze(ids('m', 20));
    const tableIds = Object.freeze(ids('t', 3));
    assignAtRandom({ memberIds, tableIds, random: seededContext(1).random, groupOf: (id) => id.slice(-1) });
    expect(memberIds).toEqual(ids('m', 20));
    expect(tableIds).toEqual(ids('t', 3));
  });

  it('every member can land at every table (it is random)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const plan = assignAtRandom({ memberIds: ['a', 'b', 'c'], tableIds: ['x', 'y', 'z'], random: seededContext(seed).random });
      for (const [table, members] of Object.entries(plan)) for (const m of members) seen.add(`${m}@${table}`);
    }
    expect(seen.size).toBe(9);
  });
});

describe('assignAtRandom with groupOf (stratified)', () => {
  // [case, tables, group sizes]
  const cases: [string, number, Record<string, number>][] = [
    ['two even groups', 4, { F: 12, H: 12 }],
    ['uneven groups', 4, { F: 7, H: 13 }],
    ['many small groups', 5, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }],
    ['one group', 3, { only: 10 }],
    ['unknown values as one group', 3, { '': 4, F: 5, H: 5 }],
    ['more tables than members', 10, { F: 2, H: 3 }],
    ['groups of equal size tie-break by name', 3, { b: 4, a: 4, c: 4 }],
    ['age brackets', 6, { '18-24': 9, '25-34': 11, '35-49': 14, '50-64': 13, '65+': 8 }],
    ['a big room', 12, { F: 77, H: 73, '': 3 }],
  ];

  it.each(cases)('%s', (_name, t, groupSizes) => {
    const group = new Map<string, string>();
    const members: string[] = [];
    for (const [g, n] of Object.entries(groupSizes)) {
      for (let i = 0; i < n; i++) {
        members.push(`${g}#${i}`);
        group.set(`${g}#${i}`, g);
      }
    }
    const tables = ids('t', t);
    for (const seed of [1, 7, 42, 99]) {
      // Interleave the roster so groups are not contiguous on input.
      const memberIds = shuffle(members, seededContext(seed + 1000).random);
      const plan = assignAtRandom({ memberIds, tableIds: tables, random: seededContext(seed).random, groupOf: (id) => group.get(id)! });
      expectEveryoneOnce(plan, members, tables);
      expect(spread(sizes(plan))).toBeLessThanOrEqual(1);
      for (const g of Object.keys(groupSizes)) {
        const perTable = Object.values(plan).map((ms) => ms.filter((m) => group.get(m) === g).length);
        expect(spread(perTable), `group ${g}, seed ${seed}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('same seed -> same plan', () => {
    const input = { memberIds: ids('m', 30), tableIds: ids('t', 4), groupOf: (id: string) => String(Number(id.slice(1)) % 3) };
    expect(assignAtRandom({ ...input, random: seededContext(5).random })).toEqual(assignAtRandom({ ...input, random: seededContext(5).random }));
  });
});

describe('shuffle', () => {
  const lengths = [0, 1, 2, 3, 10, 100];
  it.each(lengths)('a permutation of %i items, input untouched', (n) => {
    for (let seed = 1; seed <= 20; seed++) {
      const items = Object.freeze(ids('x', n));
      const out = shuffle(items, seededContext(seed).random);
      expect(out).not.toBe(items);
      expect([...out].sort()).toEqual([...items].sort());
      expect(items).toEqual(ids('x', n));
    }
  });

  it('keeps duplicates', () => {
    expect(shuffle(['a', 'a', 'b'], seededContext(3).random).sort()).toEqual(['a', 'a', 'b']);
  });

  it('same seed -> same order', () => {
    expect(shuffle(ids('x', 50), seededContext(9).random)).toEqual(shuffle(ids('x', 50), seededContext(9).random));
  });

  it('reaches every order of three items, roughly uniformly', () => {
    const counts = new Map<string, number>();
    const random = seededContext(2024).random;
    const N = 6000;
    for (let i = 0; i < N; i++) {
      const key = shuffle(['a', 'b', 'c'], random).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - N / 6)).toBeLessThan(N / 6 / 5);
  });

  it('extreme draws stay in range (random() = 0 and just below 1)', () => {
    expect(shuffle(['a', 'b', 'c'], () => 0).sort()).toEqual(['a', 'b', 'c']);
    expect(shuffle(['a', 'b', 'c'], () => 0.9999999999).sort()).toEqual(['a', 'b', 'c']);
  });
});
