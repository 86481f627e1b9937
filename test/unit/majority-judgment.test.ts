import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import {
  compareMajorityGauge,
  compareMajorityValue,
  DEFAULT_GRADES,
  majorityGauge,
  majorityGrade,
  majorityJudgment,
  majorityValue,
  meritProfiles,
  type GradeBallot,
} from '../../shared/math/majority-judgment.ts';

/** A small deterministic PRNG (mulberry32) so that the property tests are reproducible. */
const prng = mulberry32;

function randomProfile(rand: () => number, grades: number, maxVoters: number): number[] {
  const p = new Array<number>(grades).fill(0);
  const n = 1 + Math.floor(rand() * maxVoters);
  for (let i = 0; i < n; i++) p[Math.floor(rand() * grades)]! += 1;
  return p;
}

const lexicographic = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const total = (p: readonly number[]): number => p.reduce((x, y) => x + y, 0);

// Wikipedia, "Majority judgment", example application (the Tennessee capital): each group of
// voters grades the four cities Excellent, Good, Fair, Poor in the order of its preferences.
const CITY_GRADES = ['Excellent', 'Good', 'Fair', 'Poor'];
const CITIES = ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville'];
const byRank = (order: string[]): Record<string, string> =>
  Object.fromEntries(order.map((city, i) => [city, CITY_GRADES[i]!]));
const TENNESSEE: GradeBallot[] = [
  { count: 42, grades: byRank(['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']) },
  { count: 26, grades: byRank(['Nashville', 'Chattanooga', 'Knoxville', 'Memphis']) },
  { count: 15, grades: byRank(['Chattanooga', 'Knoxville', 'Nashville', 'Memphis']) },
  { count: 17, grades: byRank(['Knoxville', 'Chattanooga', 'Nashville', 'Memphis']) },
];

describe('majority grade (lower median)', () => {
  test.each([
    { name: 'one voter', profile: [0, 1, 0], median: 1 },
    { name: 'odd count: the middle grade', profile: [1, 1, 1], median: 1 },
    { name: 'even count: the lower of the two middle grades', profile: [1, 1, 0], median: 1 },
    { name: 'even count, split at both ends', profile: [2, 0, 2], median: 2 },
    { name: 'even count, 4 voters', profile: [1, 1, 1, 1], median: 2 },
    { name: 'a strict majority at the top', profile: [3, 0, 2], median: 0 },
    { name: 'exactly half at the top is not a majority', profile: [2, 2, 0], median: 1 },
    { name: 'no grade', profile: [0, 0, 0], median: null },
  ])('$name', ({ profile, median }) => {
    expect(majorityGrade(profile)).toBe(median);
  });
});

describe('majority value (successive medians)', () => {
  test('even and odd counts, written out', () => {
    // Sorted best first x0 < x1 < x2 < x3: the medians are x2 (lower median), x1, x3, x0.
    expect(majorityValue([1, 1, 1, 1])).toEqual([2, 1, 3, 0]);
    // Five voters: x2, then x3 (lower median of x0 x1 x3 x4), x1, x4, x0.
    expect(majorityValue([1, 1, 1, 1, 1])).toEqual([2, 3, 1, 4, 0]);
    expect(majorityValue([0, 2, 1])).toEqual([1, 2, 1]);
    expect(majorityValue([0, 0])).toEqual([]);
  });

  test('the fast comparison equals the written-out comparison (random profiles, same and different N)', () => {
    const rand = prng(2011);
    for (let t = 0; t < 3000; t++) {
      const grades = 2 + Math.floor(rand() * 5);
      const a = randomProfile(rand, grades, 14);
      const b = randomProfile(rand, grades, 14);
      // Different numbers of voters: compare on the profiles scaled to L = lcm(N_a, N_b).
      const L = (total(a) / gcd(total(a), total(b))) * total(b);
      const scale = (p: number[]): number[] => p.map((c) => (c * L) / total(p));
      const expected = Math.sign(lexicographic(majorityValue(scale(a)), majorityValue(scale(b))));
      expect(Math.sign(compareMajorityValue(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(expected);
    }
  });

  test('scaling both profiles alike never changes the order (so unequal N compare consistently)', () => {
    const rand = prng(7);
    for (let t = 0; t < 500; t++) {
      const a = randomProfile(rand, 4, 12);
      const b = randomProfile(rand, 4, 12);
      const k = 2 + Math.floor(rand() * 4);
      expect(Math.sign(compareMajorityValue(a.map((c) => c * k), b.map((c) => c * k)))).toBe(
        Math.sign(compareMajorityValue(a, b)),
      );
    }
  });

  test('exact and fast with millions of voters', () => {
    // a = [1, K, K, 1] and b = [0, K + 1, K + 1, 0]: same median (grade 2, the lower one). a has
    // the best grade and the worst one; with N = 2K + 2 voters, the worst grade comes out one
    // step before the best one, so b wins. Checked by writing the values out for a small K.
    const pair = (K: number): [number[], number[]] => [[1, K, K, 1], [0, K + 1, K + 1, 0]];
    const [a3, b3] = pair(3);
    expect(lexicographic(majorityValue(a3), majorityValue(b3))).toBeGreaterThan(0);
    expect(majorityValue(a3)).toEqual([2, 1, 2, 1, 2, 1, 3, 0]);
    const [a, b] = pair(3_000_000);
    expect(compareMajorityValue(a, b)).toBeGreaterThan(0);
    expect(compareMajorityValue(b, a)).toBeLessThan(0);
    expect(compareMajorityValue(a.map((c) => c * 1000), b)).toBeGreaterThan(0);
    expect(compareMajorityValue([1, 2, 1], [1_000_000, 2_000_000, 1_000_000])).toBe(0);
  });
});

describe('majority gauge', () => {
  test('(median, +, p) if p > q, else (median, −, q)', () => {
    expect(majorityGauge([3, 4, 2], ['A', 'B', 'C'])).toEqual({ median: 'B', sign: '+', share: 3 / 9 });
    expect(majorityGauge([2, 4, 3], ['A', 'B', 'C'])).toEqual({ median: 'B', sign: '-', share: 3 / 9 });
    // p = q: the sign is '−' (the rule is "+ only if p > q").
    expect(majorityGauge([2, 3, 2], ['A', 'B', 'C'])).toEqual({ median: 'B', sign: '-', share: 2 / 7 });
    expect(majorityGauge([0, 5, 0], ['A', 'B', 'C'])).toEqual({ median: 'B', sign: '-', share: 0 });
    expect(majorityGauge([0, 0, 0])).toBeNull();
  });

  test('order: same median, + before −, larger p among +, smaller q among −', () => {
    expect(compareMajorityGauge([0, 5, 0], [3, 2, 0])).toBeGreaterThan(0); // median 1 vs median 0
    expect(compareMajorityGauge([1, 3, 0], [0, 3, 1])).toBeLessThan(0); // + before −
    expect(compareMajorityGauge([2, 3, 0], [1, 3, 0])).toBeLessThan(0); // +40 % before +25 %
    expect(compareMajorityGauge([0, 3, 1], [0, 3, 2])).toBeLessThan(0); // −25 % before −40 %
    expect(compareMajorityGauge([1, 2, 1], [2, 4, 2])).toBe(0);
    // Shares compared exactly across different N: 1/3 vs 2/6.
    expect(compareMajorityGauge([1, 1, 1], [2, 2, 2])).toBe(0);
  });

  test('whenever two gauges differ, the majority value orders the candidates the same way', () => {
    const rand = prng(42);
    let strict = 0;
    for (let t = 0; t < 5000; t++) {
      const grades = 2 + Math.floor(rand() * 5);
      const a = randomProfile(rand, grades, 25);
      const b = randomProfile(rand, grades, 25);
      const gauge = Math.sign(compareMajorityGauge(a, b));
      if (gauge === 0) continue;
      strict++;
      expect(Math.sign(compareMajorityValue(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(gauge);
    }
    expect(strict).toBeGreaterThan(3000);
  });
});

describe('majorityJudgment(): published examples', () => {
  test('Tennessee capital (Wikipedia): Nashville, Chattanooga, Knoxville, Memphis', () => {
    const profiles = meritProfiles(CITIES, CITY_GRADES, TENNESSEE);
    expect({ ...profiles }).toEqual({
      Memphis: [42, 0, 0, 58],
      Nashville: [26, 42, 32, 0],
      Chattanooga: [15, 43, 42, 0],
      Knoxville: [17, 15, 26, 42],
    });
    for (const tieBreak of ['value', 'gauge'] as const) {
      const r = majorityJudgment(CITIES, profiles, { grades: CITY_GRADES, tieBreak });
      expect(r.map((e) => [e.candidate, e.rank, e.median])).toEqual([
        ['Nashville', 1, 'Good'],
        ['Chattanooga', 2, 'Good'],
        ['Knoxville', 3, 'Fair'],
        ['Memphis', 4, 'Poor'],
      ]);
      expect(r.map((e) => e.gauge)).toEqual([
        { median: 'Good', sign: '-', share: 0.32 },
        { median: 'Good', sign: '-', share: 0.42 },
        { median: 'Fair', sign: '-', share: 0.42 },
        { median: 'Poor', sign: '+', share: 0.42 },
      ]);
    }
    const nashville = majorityJudgment(CITIES, profiles, { grades: CITY_GRADES })[0]!;
    expect(nashville).toEqual({
      candidate: 'Nashville',
      rank: 1,
      median: 'Good',
      medianIndex: 1,
      p: 0.26,
      q: 0.32,
      gauge: { median: 'Good', sign: '-', share: 0.32 },
      total: 100,
      profile: [26, 42, 32, 0],
    });
  });

  test('the Condorcet winner may lose (Wikipedia, "Condorcet criterion"): C, then A (Fair+ 35 %), then B (Fair+ 31 %)', () => {
    const grades = ['Excellent', 'Good', 'Fair', 'Poor'];
    const ballots: GradeBallot[] = [
      { count: 35, grades: { A: 'Excellent', B: 'Fair', C: 'Poor' } },
      { count: 34, grades: { C: 'Excellent', B: 'Fair', A: 'Poor' } },
      { count: 31, grades: { B: 'Excellent', C: 'Good', A: 'Fair' } },
    ];
    const r = majorityJudgment(['A', 'B', 'C'], meritProfiles(['A', 'B', 'C'], grades, ballots), { grades });
    expect(r.map((e) => [e.candidate, e.median, e.gauge?.sign, e.gauge?.share])).toEqual([
      ['C', 'Good', '-', 0.35],
      ['A', 'Fair', '+', 0.35],
      ['B', 'Fair', '+', 0.31],
    ]);
  });
});

describe('majorityJudgment(): ties, value and gauge', () => {
  // Five voters, default scale. Both at "Bien" with 2 grades above and 2 below: gauge (Bien, −, 40 %)
  // for both. Majority values: A = Bien, Passable, Excellent, Passable, Excellent;
  //                            B = Bien, Passable, Très bien, À rejeter, Très bien. A wins on the 3rd term.
  const profiles = {
    A: [2, 0, 1, 0, 2, 0, 0],
    B: [0, 2, 1, 0, 1, 0, 1],
  };

  test('the two tie-breaks differ only where the gauges are equal', () => {
    expect(majorityValue(profiles.A)).toEqual([2, 4, 0, 4, 0]);
    expect(majorityValue(profiles.B)).toEqual([2, 4, 1, 6, 1]);
    for (const order of [['A', 'B'], ['B', 'A']]) {
      const value = majorityJudgment(order, profiles);
      expect(value.map((e) => [e.candidate, e.rank])).toEqual([['A', 1], ['B', 2]]);
      const gauge = majorityJudgment(order, profiles, { tieBreak: 'gauge' });
      expect(gauge.map((e) => [e.candidate, e.rank])).toEqual(order.map((c) => [c, 1]));
      expect(gauge.map((e) => e.gauge)).toEqual([
        { median: 'Bien', sign: '-', share: 0.4 },
        { median: 'Bien', sign: '-', share: 0.4 },
      ]);
    }
  });

  test('proportional profiles tie under both rules; ranks are shared (1, 1, 3)', () => {
    const profiles = { X: [1, 2, 1], Y: [0, 2, 2], Z: [2, 4, 2] };
    for (const tieBreak of ['value', 'gauge'] as const) {
      const r = majorityJudgment(['X', 'Y', 'Z'], profiles, { grades: ['+', '=', '-'], tieBreak });
      expect(r.map((e) => [e.candidate, e.rank])).toEqual([['X', 1], ['Z', 1], ['Y', 3]]);
    }
    // Unanimous "=" beats X: its gauge (=, −, 0 %) has the smaller q.
    const r = majorityJudgment(['X', 'U'], { X: [1, 2, 1], U: [0, 4, 0] }, { grades: ['+', '=', '-'] });
    expect(r.map((e) => [e.candidate, e.rank])).toEqual([['U', 1], ['X', 2]]);
  });

  test('the default scale is the seven French grades, best first', () => {
    expect(DEFAULT_GRADES).toEqual(['Excellent', 'Très bien', 'Bien', 'Assez bien', 'Passable', 'Insuffisant', 'À rejeter']);
    const r = majorityJudgment(['P'], { P: [0, 0, 0, 1, 0, 0, 0] });
    expect(r[0]!.median).toBe('Assez bien');
  });
});

describe('majorityJudgment(): missing grades and edge cases', () => {
  test('candidates with no grade rank last, tied, with null median and gauge', () => {
    const r = majorityJudgment(['N1', 'A', 'N2', 'B'], { A: [0, 0, 0, 0, 0, 0, 3], B: [1, 0, 0, 0, 0, 0, 0] });
    expect(r.map((e) => [e.candidate, e.rank])).toEqual([['B', 1], ['A', 2], ['N1', 3], ['N2', 3]]);
    expect(r[2]).toEqual({
      candidate: 'N1',
      rank: 3,
      median: null,
      medianIndex: null,
      p: 0,
      q: 0,
      gauge: null,
      total: 0,
      profile: [0, 0, 0, 0, 0, 0, 0],
    });
  });

  test("an omitted grade is no grade ('ignore', default) or the lowest grade ('worst')", () => {
    const grades = ['Bien', 'Passable', 'À rejeter'];
    const ballots: GradeBallot[] = [
      { count: 1, grades: { Inconnu: 'Bien', Connu: 'Passable' } },
      { count: 9, grades: { Connu: 'Passable' } },
    ];
    const ignore = meritProfiles(['Connu', 'Inconnu'], grades, ballots);
    expect({ ...ignore }).toEqual({ Connu: [0, 10, 0], Inconnu: [1, 0, 0] });
    expect(majorityJudgment(['Connu', 'Inconnu'], ignore, { grades }).map((e) => e.candidate)).toEqual(['Inconnu', 'Connu']);
    const worst = meritProfiles(['Connu', 'Inconnu'], grades, ballots, { missing: 'worst' });
    expect({ ...worst }).toEqual({ Connu: [0, 10, 0], Inconnu: [1, 0, 9] });
    expect(majorityJudgment(['Connu', 'Inconnu'], worst, { grades }).map((e) => e.candidate)).toEqual(['Connu', 'Inconnu']);
  });

  test('names like __proto__ are ordinary candidates', () => {
    // As parsed from a file: JSON.parse makes "__proto__" an own key (an object literal would not).
    const ballot = JSON.parse('{"__proto__": "Oui", "constructor": "Non"}') as Record<string, string>;
    const profiles = meritProfiles(['__proto__', 'constructor'], ['Oui', 'Non'], [{ count: 2, grades: ballot }]);
    expect(Object.keys(profiles)).toEqual(['__proto__', 'constructor']);
    expect(profiles['__proto__']).toEqual([2, 0]);
    const r = majorityJudgment(['constructor', '__proto__'], profiles, { grades: ['Oui', 'Non'] });
    expect(r.map((e) => [e.candidate, e.median])).toEqual([['__proto__', 'Oui'], ['constructor', 'Non']]);
  });

  test.each([
    { name: 'duplicate candidate', run: () => majorityJudgment(['A', 'A'], {}), message: 'duplicate candidate "A"' },
    { name: 'duplicate grade', run: () => majorityJudgment(['A'], {}, { grades: ['x', 'x'] }), message: 'duplicate grade "x"' },
    { name: 'empty scale', run: () => majorityJudgment(['A'], {}, { grades: [] }), message: 'the grades must be a non-empty list' },
    { name: 'profile of the wrong length', run: () => majorityJudgment(['A'], { A: [1, 2] }), message: 'profile of "A" must hold one count per grade (7)' },
    { name: 'unknown candidate', run: () => majorityJudgment(['A'], { B: [1, 0, 0, 0, 0, 0, 0] }), message: 'profile for unknown candidate "B"' },
    { name: 'negative count', run: () => majorityJudgment(['A'], { A: [1, -1, 0, 0, 0, 0, 0] }), message: 'profile of "A": a count must be a non-negative integer (got -1)' },
    { name: 'fractional count', run: () => majorityJudgment(['A'], { A: [0.5, 0, 0, 0, 0, 0, 0] }), message: 'profile of "A": a count must be a non-negative integer (got 0.5)' },
    { name: 'unknown tie-break', run: () => majorityJudgment(['A'], {}, { tieBreak: 'coin' as 'value' }), message: 'unknown tie-break "coin"' },
    { name: 'ballot: unknown grade', run: () => meritProfiles(['A'], ['x'], [{ count: 1, grades: { A: 'y' } }]), message: 'unknown grade "y"' },
    { name: 'ballot: unknown candidate', run: () => meritProfiles(['A'], ['x'], [{ count: 1, grades: { B: 'x' } }]), message: 'unknown candidate "B"' },
    { name: 'ballot: bad count', run: () => meritProfiles(['A'], ['x'], [{ count: 1.5, grades: {} }]), message: 'ballot count must be a non-negative integer (got 1.5)' },
    { name: 'compare empty profiles', run: () => compareMajorityValue([0, 0], [1, 0]), message: 'compareMajorityValue needs two non-empty profiles' },
  ])('rejects: $name', ({ run, message }) => {
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });
});
