import { describe, expect, test } from 'vitest';
import { borda, bordaOrder } from '../../shared/math/borda.ts';
import { fractionalRanks, type Ranking, type WeightedBallot } from '../../shared/math/ranking.ts';

const b = (ranking: Ranking, count = 1): WeightedBallot => ({ ranking, count });
const letters = (s: string): string[] => [...s];

const cases: { name: string; candidates: string[]; ballots: WeightedBallot[]; scores: Record<string, number>; order: string[][] }[] = [
  {
    // 2 × ABC: A 2, B 1, C 0 (×2) ; 1 × CBA: C 2, B 1, A 0.
    name: 'strict ballots, 3 candidates',
    candidates: ['A', 'B', 'C'],
    ballots: [b(letters('ABC'), 2), b(letters('CBA'))],
    scores: { A: 4, B: 3, C: 2 },
    order: [['A'], ['B'], ['C']],
  },
  {
    // Points 4,3,2,1,0; e.g. A = 4·5 + 4·5 + 1·8 + 3·3 + 3·7 + 2·2 + 0·7 + 2·8 = 98.
    name: 'the 45-voter Schulze example (Borda picks E too, but ranks A, B, C, D differently)',
    candidates: letters('ABCDE'),
    ballots: [
      b(letters('ACBED'), 5), b(letters('ADECB'), 5), b(letters('BEDAC'), 8), b(letters('CABED'), 3),
      b(letters('CAEBD'), 7), b(letters('CBADE'), 2), b(letters('DCEBA'), 7), b(letters('EBADC'), 8),
    ],
    scores: { A: 98, B: 92, C: 89, D: 69, E: 102 },
    order: [['E'], ['A'], ['B'], ['C'], ['D']],
  },
  {
    // A and B span positions 1–2: (3 + 2) / 2 = 2.5 each; C third: 1; D last: 0.
    name: 'a tie at the top of one ballot',
    candidates: ['A', 'B', 'C', 'D'],
    ballots: [b([['A', 'B'], 'C', 'D'])],
    scores: { A: 2.5, B: 2.5, C: 1, D: 0 },
    order: [['A', 'B'], ['C'], ['D']],
  },
  {
    // B, C, D tied in positions 2–4: (2 + 1 + 0) / 3 = 1 each.
    name: 'a tie in the middle and last, written as groups',
    candidates: ['A', 'B', 'C', 'D'],
    ballots: [b([['A'], ['B', 'C', 'D']], 3)],
    scores: { A: 9, B: 3, C: 3, D: 3 },
    order: [['A'], ['B', 'C', 'D']],
  },
  {
    // Unranked B, C, D share positions 2–4 as if tied: 1 each.
    name: 'unranked candidates share the lowest positions',
    candidates: ['A', 'B', 'C', 'D'],
    ballots: [b(['A'])],
    scores: { A: 3, B: 1, C: 1, D: 1 },
    order: [['A'], ['B', 'C', 'D']],
  },
  {
    // Nobody ranked: everyone shares positions 1–4: (3+2+1+0)/4 = 1.5.
    name: 'an empty ballot gives everyone the average',
    candidates: ['A', 'B', 'C', 'D'],
    ballots: [b([], 2)],
    scores: { A: 3, B: 3, C: 3, D: 3 },
    order: [['A', 'B', 'C', 'D']],
  },
  {
    // ×3 [[A,B],C] (D unranked): A 2.5, B 2.5, C 1, D 0 → 7.5, 7.5, 3, 0
    // ×2 [D]: D 3, A/B/C share 2–4 → 1 each → A 2, B 2, C 2, D 6
    // ×1 [[C,D]]: C, D 2.5 each; A, B share 3–4 → 0.5 each
    name: 'ties and unranked candidates with counts',
    candidates: ['A', 'B', 'C', 'D'],
    ballots: [b([['A', 'B'], ['C']], 3), b([['D']], 2), b([['C', 'D']], 1)],
    scores: { A: 10, B: 10, C: 7.5, D: 8.5 },
    order: [['A', 'B'], ['D'], ['C']],
  },
  {
    name: 'no ballots',
    candidates: ['A', 'B'],
    ballots: [],
    scores: { A: 0, B: 0 },
    order: [['A', 'B']],
  },
  {
    name: 'one candidate',
    candidates: ['A'],
    ballots: [b(['A'], 4)],
    scores: { A: 0 },
    order: [['A']],
  },
];

describe('Borda', () => {
  test.each(cases)('$name', ({ candidates, ballots, scores, order }) => {
    const s = borda(candidates, ballots);
    expect({ ...s }).toEqual(scores);
    expect(bordaOrder(s, candidates)).toEqual(order);
    // Every ballot hands out n(n−1)/2 points, times its count.
    const n = candidates.length;
    const total = ballots.reduce((sum, x) => sum + x.count, 0) * ((n * (n - 1)) / 2);
    expect(Object.values(s).reduce((a, v) => a + v, 0)).toBe(total);
  });

  test('bordaOrder keeps candidate order inside a tie', () => {
    expect(bordaOrder({ A: 1, B: 5, C: 1, D: 5 }, ['D', 'C', 'B', 'A'])).toEqual([['D', 'B'], ['C', 'A']]);
  });

  test.each([
    { ranking: ['B', 'A', 'C'], ranks: { A: 2, B: 1, C: 3 } },
    { ranking: [['A', 'B'], 'C'], ranks: { A: 1.5, B: 1.5, C: 3 } },
    { ranking: ['C'], ranks: { A: 2.5, B: 2.5, C: 1 } },
    { ranking: [], ranks: { A: 2, B: 2, C: 2 } },
  ] as { ranking: Ranking; ranks: Record<string, number> }[])('fractionalRanks($ranking)', ({ ranking, ranks }) => {
    expect({ ...fractionalRanks(['A', 'B', 'C'], ranking) }).toEqual(ranks);
  });

  test.each([
    { name: 'unknown candidate', ballots: [b(['A', 'Z'])], message: /unknown candidate "Z"/ },
    { name: 'candidate twice', ballots: [b(['A', 'A'])], message: /"A" appears more than once/ },
    { name: 'negative count', ballots: [b(['A'], -2)], message: /count/ },
  ])('throws on $name', ({ ballots, message }) => {
    expect(() => borda(['A', 'B'], ballots)).toThrow(message);
  });
});
