// Borda count with ties.
//
// With n candidates, the candidate in position k (1 = first) gets n − k points:
// n − 1 for first place down to 0 for last. Candidates tied on a ballot get the average
// of the points of the positions they span (two candidates tied for first among four:
// (3 + 2) / 2 = 2.5 each). Unranked candidates share the remaining lowest positions the
// same way. Equivalently, points = n − fractional rank. Every ballot hands out exactly
// n(n − 1)/2 points, times its count.

import {
  assertCandidates,
  assertCount,
  emptyRecord,
  fractionalRanks,
  groupByScore,
  type OrderGroups,
  type WeightedBallot,
} from './ranking.ts';

/** Borda score of every candidate (weighted by ballot counts). */
export function borda(candidates: readonly string[], ballots: readonly WeightedBallot[]): Record<string, number> {
  assertCandidates(candidates);
  const n = candidates.length;
  const scores = emptyRecord<number>();
  for (const c of candidates) scores[c] = 0;
  for (const ballot of ballots) {
    assertCount(ballot.count);
    const ranks = fractionalRanks(candidates, ballot.ranking);
    if (ballot.count === 0) continue;
    for (const c of candidates) scores[c] = scores[c]! + (n - ranks[c]!) * ballot.count;
  }
  return scores;
}

/** Candidates grouped by equal Borda score, highest first; inside a group, in candidate order. */
export function bordaOrder(scores: Readonly<Record<string, number>>, candidates: readonly string[]): OrderGroups {
  return groupByScore(scores, candidates, 'desc');
}
