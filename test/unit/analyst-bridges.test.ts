import { describe, expect, it } from 'vitest';
import { bridgeGroups } from '../helpers/analyst-bridges.ts';
import { intersections, type BallotGroup } from '../helpers/analyst.ts';

// The adversary test's analyst must solve what the close's rule guards against
// (shared/domain/batch-crossing.ts), or the integration tests prove nothing: a chain of batches
// and strata pins cells that no single subtraction of one group from another reaches.

const m = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);
const choice = (id: string) => (['m6', 'm8', 'm9', 'm12', 'm14'].includes(id) ? 'against' : 'for');
const group = (source: string, voters: string[], extra: Partial<BallotGroup> = {}): BallotGroup => {
  const counts: Record<string, number> = {};
  for (const v of voters) counts[choice(v)] = (counts[choice(v)] ?? 0) + 1;
  return { source, question: 'vote:v', voters, counts, ...extra };
};

describe('the analyst: bridges of batches × strata', () => {
  // Strata S1 = m1..m5, S2 = m6..m10, S3 = m11..m17; batches b1 = m1..m7 (S1 and two of S2),
  // b2 = m8..m12 (three of S2, two of S3), b3 = m13..m17 (inside S3): a tree.
  const batches = [group('data folder', m(1, 7)), group('data folder', m(8, 12)), group('data folder', m(13, 17))];
  const strata = [m(1, 5), m(6, 10), m(11, 17)].map((voters) => group('data folder, final state, strata', voters, { stratum: true, attribute: 'age' }));
  const room = group('data folder, final state', m(1, 17));
  const all = [...batches, ...strata, room];

  it('pins the three of S2 in b2 (S1 + S2 − b1), which no single subtraction gives', () => {
    const three = m(8, 10).sort().join(',');
    expect(intersections(all).some((g) => [...g.voters].sort().join(',') === three && g.counts['against'] === 2)).toBe(false);
    const found = bridgeGroups(all).find((g) => [...g.voters].sort().join(',') === three)!;
    expect(found.counts).toEqual({ against: 2, for: 1 });
  });

  it('finds nothing where every cell is on a cycle', () => {
    const mixed = [group('data folder', ['m1', 'm2', 'm6', 'm7', 'm8']), group('data folder', ['m3', 'm4', 'm5', 'm9', 'm10'])];
    const two = [m(1, 5), m(6, 10)].map((voters) => group('data folder, final state, strata', voters, { stratum: true, attribute: 'age' }));
    expect(bridgeGroups([...mixed, ...two, group('data folder, final state', m(1, 10))])).toEqual([]);
  });
});
