import { describe, expect, test } from 'vitest';
import type { Ranking, WeightedBallot } from '../../shared/math/ranking.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import { flattenOrder, pairwiseCounts, schulze, schulzeGroups, strongestPaths } from '../../shared/math/schulze.ts';

/** '5 ACBED' style shorthand: one letter per candidate, strict order. */
function parse(lines: readonly string[]): WeightedBallot[] {
  return lines.map((line) => {
    const [count, order] = line.trim().split(/\s+/);
    return { count: Number(count), ranking: [...order!] };
  });
}

/** 'A:B=28 …' style shorthand for a few matrix cells. */
function cells(spec: string): [string, string, number][] {
  return spec
    .trim()
    .split(/\s+/)
    .filter((cell) => cell !== '')
    .map((cell) => {
      const [pair, value] = cell.split('=');
      const [x, y] = pair!.split(':');
      return [x!, y!, Number(value)];
    });
}

const ABCDE = ['A', 'B', 'C', 'D', 'E'];
const ABCD = ['A', 'B', 'C', 'D'];

// Published examples: Schulze (2011), section 3, reproduced (with the same ballots and
// results) on Wikipedia / Electowiki "Schulze method". Winning votes throughout.
const published: {
  name: string;
  candidates: string[];
  ballots: string[];
  order: string[][];
  pairwise?: string;
  strengths?: string;
}[] = [
  {
    name: 'example 1: 45 voters, 5 candidates (Wikipedia)',
    candidates: ABCDE,
    ballots: ['5 ACBED', '5 ADECB', '8 BEDAC', '3 CABED', '7 CAEBD', '2 CBADE', '7 DCEBA', '8 EBADC'],
    order: [['E'], ['A'], ['C'], ['B'], ['D']],
    pairwise: `A:B=20 A:C=26 A:D=30 A:E=22 B:A=25 B:C=16 B:D=33 B:E=18 C:A=19 C:B=29 C:D=17 C:E=24
               D:A=15 D:B=12 D:C=28 D:E=14 E:A=23 E:B=27 E:C=21 E:D=31`,
    strengths: `A:B=28 A:C=28 A:D=30 A:E=24 B:A=25 B:C=28 B:D=33 B:E=24 C:A=25 C:B=29 C:D=29 C:E=24
                D:A=25 D:B=28 D:C=28 D:E=24 E:A=25 E:B=28 E:C=28 E:D=31`,
  },
  {
    name: 'example 2: 30 voters, 4 candidates',
    candidates: ABCD,
    ballots: ['5 ACBD', '2 ACDB', '3 ADCB', '4 BACD', '3 CBDA', '3 CDBA', '1 DACB', '5 DBAC', '4 DCBA'],
    order: [['D'], ['A'], ['C'], ['B']],
    strengths: `A:B=20 A:C=20 A:D=17 B:A=19 B:C=19 B:D=17 C:A=19 C:B=21 C:D=17 D:A=18 D:B=18 D:C=18`,
  },
  {
    name: 'example 3: 30 voters, 5 candidates',
    candidates: ABCDE,
    ballots: ['3 ABDEC', '5 ADEBC', '1 ADECB', '2 BADEC', '2 BDECA', '4 CABDE', '6 CBADE', '2 DBECA', '5 DECAB'],
    order: [['B'], ['A'], ['D'], ['E'], ['C']],
    strengths: `A:B=18 A:C=20 A:D=21 A:E=21 B:A=19 B:C=19 B:D=19 B:E=19 C:A=19 C:B=18 C:D=19 C:E=19
                D:A=19 D:B=18 D:C=20 D:E=30 E:A=19 E:B=18 E:C=20 E:D=19`,
  },
  {
    name: 'example 4: 9 voters, ties in the result (B ≈ D ≻ A ≈ C)',
    candidates: ABCD,
    ballots: ['3 ABCD', '2 DABC', '2 DBCA', '2 CBDA'],
    order: [['B', 'D'], ['A', 'C']],
    strengths: `A:B=5 A:C=5 A:D=5 B:A=5 B:C=7 B:D=5 C:A=5 C:B=5 C:D=5 D:A=6 D:B=5 D:C=5`,
  },
];

describe('Schulze: published examples', () => {
  test.each(published)('$name', ({ candidates, ballots, order, pairwise, strengths }) => {
    const r = schulze(candidates, parse(ballots));
    expect(r.order).toEqual(order);
    for (const [x, y, v] of cells(pairwise ?? '')) expect(r.pairwise[x]![y], `d[${x}][${y}]`).toBe(v);
    for (const [x, y, v] of cells(strengths ?? '')) expect(r.strengths[x]![y], `p[${x}][${y}]`).toBe(v);
  });

  test('pairwise of a full strict profile: d[X][Y] + d[Y][X] = number of voters', () => {
    const r = schulze(ABCDE, parse(published[0]!.ballots));
    for (const x of ABCDE) for (const y of ABCDE) if (x !== y) expect(r.pairwise[x]![y]! + r.pairwise[y]![x]!).toBe(45);
  });
});

const b = (ranking: Ranking, count = 1): WeightedBallot => ({ ranking, count });

const cases: { name: string; candidates: string[]; ballots: WeightedBallot[]; order: string[][]; pairwise?: string }[] = [
  {
    name: 'Condorcet cycle with equal weights (rock-paper-scissors): all tied',
    candidates: ['R', 'P', 'S'],
    ballots: [b(['R', 'P', 'S']), b(['P', 'S', 'R']), b(['S', 'R', 'P'])],
    order: [['R', 'P', 'S']],
    pairwise: 'R:P=2 P:R=1 P:S=2 S:P=1 S:R=2 R:S=1',
  },
  {
    name: 'Condorcet cycle with weights: the weakest defeat is overruled',
    candidates: ['R', 'P', 'S'],
    // R beats P 5:4, P beats S 7:2, S beats R 6:3 → p[R][S] = 5 < p[S][R] = 6, …
    ballots: [b(['R', 'P', 'S'], 3), b(['P', 'S', 'R'], 4), b(['S', 'R', 'P'], 2)],
    order: [['P'], ['S'], ['R']],
  },
  {
    name: 'Condorcet winner without the most first preferences',
    candidates: ['A', 'B', 'C'],
    ballots: [b(['A', 'B', 'C'], 5), b(['B', 'A', 'C'], 4), b(['C', 'B', 'A'], 3)],
    order: [['B'], ['A'], ['C']],
    pairwise: 'B:A=7 A:B=5 B:C=9 C:B=3 A:C=9 C:A=3',
  },
  {
    name: 'Condorcet winner above a cycle',
    candidates: ['W', 'X', 'Y', 'Z'],
    ballots: [b(['W', 'X', 'Y', 'Z']), b(['W', 'Y', 'Z', 'X']), b(['W', 'Z', 'X', 'Y'])],
    order: [['W'], ['X', 'Y', 'Z']],
  },
  {
    name: 'ties on ballots and unranked candidates',
    candidates: ['A', 'B', 'C', 'D'],
    // D is unranked on the first ballots (equal last), A and B tied.
    ballots: [b([['A', 'B'], ['C']], 3), b([['D']], 2), b([['C', 'D']], 1)],
    // A–D and B–D are pairwise ties (3:3), but A and B beat D through C.
    order: [['A', 'B'], ['C'], ['D']],
    pairwise: 'A:B=0 B:A=0 A:C=3 C:A=1 A:D=3 D:A=3 B:C=3 C:B=1 B:D=3 D:B=3 C:D=3 D:C=2',
  },
  {
    name: 'mixed strict / tied notation',
    candidates: ['A', 'B', 'C', 'D'],
    ballots: [b(['A', ['B', 'C']], 2), b(['C', 'A'], 1)],
    order: [['A'], ['C'], ['B'], ['D']],
    pairwise: 'A:B=3 A:C=2 C:A=1 B:C=0 C:B=1 B:D=2 D:B=0 C:D=3',
  },
  {
    name: 'a single ballot gives its own order',
    candidates: ['A', 'B', 'C'],
    ballots: [b(['B', 'A', 'C'])],
    order: [['B'], ['A'], ['C']],
    pairwise: 'B:A=1 A:B=0 A:C=1 B:C=1 C:A=0 C:B=0',
  },
  {
    name: 'a single ballot ranking one candidate: the others tie last',
    candidates: ['A', 'B', 'C'],
    ballots: [b(['C'])],
    order: [['C'], ['A', 'B']],
  },
  {
    name: 'no ballots: everyone tied',
    candidates: ['A', 'B', 'C'],
    ballots: [],
    order: [['A', 'B', 'C']],
  },
  {
    name: 'count 0 ballots are ignored',
    candidates: ['A', 'B'],
    ballots: [b(['A', 'B'], 0), b(['B', 'A'], 1)],
    order: [['B'], ['A']],
  },
  {
    name: 'partial order: X beats Y, Z tied with both → Z with the potential winners',
    candidates: ['X', 'Y', 'Z'],
    ballots: [b(['X', 'Y', 'Z']), b(['Z', 'X', 'Y'])],
    order: [['X', 'Z'], ['Y']],
  },
  {
    name: 'one candidate',
    candidates: ['A'],
    ballots: [b(['A'], 3)],
    order: [['A']],
  },
  {
    name: 'no candidates',
    candidates: [],
    ballots: [b([], 2)],
    order: [],
  },
];

describe('Schulze: hand-made cases', () => {
  test.each(cases)('$name', ({ candidates, ballots, order, pairwise }) => {
    const r = schulze(candidates, ballots);
    expect(r.order).toEqual(order);
    for (const [x, y, v] of cells(pairwise ?? '')) expect(r.pairwise[x]![y], `d[${x}][${y}]`).toBe(v);
  });
});

describe('Schulze: output shape and helpers', () => {
  test('matrices omit the diagonal and cover every other pair', () => {
    const r = schulze(['A', 'B', 'C'], [b(['A', 'B', 'C'])]);
    expect(Object.keys(r.pairwise)).toEqual(['A', 'B', 'C']);
    expect(Object.keys(r.pairwise.A!)).toEqual(['B', 'C']);
    expect(Object.keys(r.strengths.C!)).toEqual(['A', 'B']);
    expect(r.candidates).toEqual(['A', 'B', 'C']);
  });

  test('names such as "__proto__" are plain keys', () => {
    const r = schulze(['__proto__', 'x'], [b(['x', '__proto__'], 2)]);
    expect(r.order).toEqual([['x'], ['__proto__']]);
    expect(r.pairwise.x!['__proto__']).toBe(2);
    expect(JSON.stringify(r.pairwise)).toBe('{"__proto__":{"x":0},"x":{"__proto__":2}}');
  });

  test.each([
    { candidates: ['R', 'P', 'S'], flat: ['R', 'P', 'S'] },
    { candidates: ['S', 'R', 'P'], flat: ['S', 'R', 'P'] },
    { candidates: ['P', 'S', 'R'], flat: ['P', 'S', 'R'] },
  ])('flattenOrder breaks ties by candidate order: $flat', ({ candidates, flat }) => {
    const r = schulze(candidates, [b(['R', 'P', 'S']), b(['P', 'S', 'R']), b(['S', 'R', 'P'])]);
    expect(flattenOrder(r.order, candidates)).toEqual(flat);
  });

  test('flattenOrder keeps the group order', () => {
    expect(flattenOrder([['D', 'B'], ['C', 'A']], ['A', 'B', 'C', 'D'])).toEqual(['B', 'D', 'A', 'C']);
  });

  test('low-level functions agree with schulze()', () => {
    const d = pairwiseCounts(ABCD, parse(published[3]!.ballots));
    const p = strongestPaths(d);
    expect(schulzeGroups(p)).toEqual([[1, 3], [0, 2]]);
  });

  test.each([
    { name: 'unknown candidate', ballots: [b(['A', 'Z'])], message: /unknown candidate "Z"/ },
    { name: 'candidate twice', ballots: [b(['A', ['B', 'A']])], message: /"A" appears more than once/ },
    { name: 'empty group', ballots: [b(['A', []])], message: /empty group/ },
    { name: 'negative count', ballots: [b(['A'], -1)], message: /count/ },
    { name: 'NaN count', ballots: [b(['A'], Number.NaN)], message: /count/ },
  ])('throws on $name', ({ ballots, message }) => {
    expect(() => schulze(['A', 'B'], ballots)).toThrow(message);
  });

  test('throws on duplicate candidates', () => {
    expect(() => schulze(['A', 'A'], [])).toThrow(/duplicate candidate "A"/);
  });
});

describe('Schulze: properties on random profiles', () => {
  // Small deterministic PRNG (mulberry32) so that failures are reproducible.
  const rng = mulberry32;

  function randomBallot(candidates: string[], next: () => number): WeightedBallot {
    const shuffled = [...candidates].sort(() => next() - 0.5);
    const listed = shuffled.slice(0, 1 + Math.floor(next() * shuffled.length));
    const groups: string[][] = [];
    for (const c of listed) {
      const last = groups[groups.length - 1];
      if (last !== undefined && next() < 0.3) last.push(c);
      else groups.push([c]);
    }
    return { ranking: groups, count: 1 + Math.floor(next() * 5) };
  }

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: relation is transitive and the groups respect it', (seed) => {
    const next = rng(seed);
    for (let round = 0; round < 40; round++) {
      const n = 2 + Math.floor(next() * 6);
      const candidates = Array.from({ length: n }, (_, i) => `c${i}`);
      const ballots = Array.from({ length: 1 + Math.floor(next() * 12) }, () => randomBallot(candidates, next));
      const r = schulze(candidates, ballots);
      const better = (x: string, y: string): boolean => r.strengths[x]![y]! > r.strengths[y]![x]!;
      const groupOf = new Map(r.order.flatMap((g, i) => g.map((c) => [c, i] as const)));
      expect([...groupOf.keys()].sort()).toEqual([...candidates].sort());
      for (const x of candidates) {
        for (const y of candidates) {
          if (x === y) continue;
          if (better(x, y)) expect(groupOf.get(x)!).toBeLessThan(groupOf.get(y)!);
          if (groupOf.get(x) === groupOf.get(y)) expect(better(x, y)).toBe(false);
          for (const z of candidates) {
            if (z !== x && z !== y && better(x, y) && better(y, z)) expect(better(x, z)).toBe(true);
          }
        }
      }
      // The first group is exactly the set of Schulze potential winners.
      const winners = candidates.filter((x) => candidates.every((y) => y === x || !better(y, x)));
      expect([...r.order[0]!].sort()).toEqual(winners.sort());
    }
  });
});
