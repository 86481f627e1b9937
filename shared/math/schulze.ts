// The Schulze method, after M. Schulze, "A new monotonic, clone-independent, reversal
// symmetric, and Condorcet-consistent single-winner election method",
// Social Choice and Welfare 36 (2011) 267–303.
//
//   d[X][Y]  number of voters (sum of ballot counts) who strictly prefer X to Y.
//            On a ballot, tied candidates are not preferred either way; unranked
//            candidates are tied with each other, below every ranked candidate.
//   link     X → Y exists iff d[X][Y] > d[Y][X]; its strength is d[X][Y]
//            ("winning votes": a defeat is as strong as the number of voters behind it).
//   p[X][Y]  strength of the strongest path from X to Y, where a path is as strong as its
//            weakest link; 0 if there is no path (widest path, Floyd–Warshall, O(n³)).
//   order    X is better than Y iff p[X][Y] > p[Y][X]. Schulze proves this relation is
//            transitive (a strict partial order), so it never contains a cycle.
//
// Groups: the order is returned as groups of tied candidates. Group 1 is the set of
// potential winners (no candidate is better than them), group 2 the potential winners
// among the rest, and so on. Guarantees: if X is better than Y then X's group comes
// before Y's; two candidates in the same group are tied (neither is better). In the
// usual case where "neither is better" is itself transitive, a candidate in an earlier
// group is always better than one in a later group, i.e. X above Y iff p[X][Y] > p[Y][X].
// It is not always transitive: ballots X>Y>Z and Z>X>Y make X better than Y (2–0) while
// Z is level with both (1–1); the groups are then [[X, Z], [Y]].
//
// This is the path heuristic as Schulze states it with plain numbers (d, p). Not applied:
// the secondary criterion of the paper's pairwise "winning votes" order (of two defeats
// with equal winning votes, the one with fewer losing votes is stronger); it only matters
// when strengths are equal, which is then reported as a tie. The display helper
// `flattenOrder` breaks ties by the given candidate order.

import {
  assertCandidates,
  assertCount,
  emptyRecord,
  flattenGroups,
  rankLevels,
  type OrderGroups,
  type PairMatrix,
  type WeightedBallot,
} from './ranking.ts';

export interface SchulzeResult {
  /** The candidates, as given. */
  candidates: string[];
  /** Groups of tied candidates, best first; inside a group, in candidate order. */
  order: OrderGroups;
  /** d[X][Y]: voters who strictly prefer X to Y (X ≠ Y). */
  pairwise: PairMatrix;
  /** p[X][Y]: strength of the strongest path from X to Y (X ≠ Y), 0 if none. */
  strengths: PairMatrix;
}

/** d[i][j] as an n × n array, indexed like `candidates`. */
export function pairwiseCounts(candidates: readonly string[], ballots: readonly WeightedBallot[]): number[][] {
  assertCandidates(candidates);
  const n = candidates.length;
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const ballot of ballots) {
    assertCount(ballot.count);
    const level = rankLevels(candidates, ballot.ranking); // validates even a count-0 ballot
    if (ballot.count === 0) continue;
    for (let i = 0; i < n; i++) {
      const row = d[i]!;
      const li = level[i]!;
      for (let j = 0; j < n; j++) {
        if (li < level[j]!) row[j]! += ballot.count;
      }
    }
  }
  return d;
}

/** p[i][j]: widest-path strengths over the winning-votes defeat graph of `d`. */
export function strongestPaths(d: readonly (readonly number[])[]): number[][] {
  const n = d.length;
  const at = (m: readonly (readonly number[])[], i: number, j: number): number => m[i]![j]!;
  const p = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i !== j && at(d, i, j) > at(d, j, i) ? at(d, i, j) : 0)),
  );
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const row = p[i]!;
      const ik = row[k]!;
      if (ik === 0) continue;
      for (let j = 0; j < n; j++) {
        if (j === i || j === k) continue;
        const via = Math.min(ik, at(p, k, j));
        if (via > row[j]!) row[j] = via;
      }
    }
  }
  return p;
}

/** The Schulze order as groups of candidate indices (see the header comment). */
export function schulzeGroups(p: readonly (readonly number[])[]): number[][] {
  const n = p.length;
  const better = (i: number, j: number): boolean => p[i]![j]! > p[j]![i]!;
  let remaining = Array.from({ length: n }, (_, i) => i);
  const groups: number[][] = [];
  while (remaining.length > 0) {
    const top = remaining.filter((x) => !remaining.some((y) => y !== x && better(y, x)));
    // Transitivity of `better` guarantees a maximal element; guard against a broken input anyway.
    if (top.length === 0) throw new Error('Schulze relation has a cycle (not a strongest-path matrix?)');
    groups.push(top);
    remaining = remaining.filter((x) => !top.includes(x));
  }
  return groups;
}

function toMatrix(candidates: readonly string[], m: readonly (readonly number[])[]): PairMatrix {
  const out: PairMatrix = emptyRecord();
  candidates.forEach((x, i) => {
    const row = emptyRecord<number>();
    candidates.forEach((y, j) => {
      if (i !== j) row[y] = m[i]![j]!;
    });
    out[x] = row;
  });
  return out;
}

/**
 * Runs the Schulze method. Throws a RangeError on duplicate candidates, a ballot naming an
 * unknown candidate or naming one twice, or a negative / non-finite count.
 */
export function schulze(candidates: readonly string[], ballots: readonly WeightedBallot[]): SchulzeResult {
  const d = pairwiseCounts(candidates, ballots);
  const p = strongestPaths(d);
  const order = schulzeGroups(p).map((g) => g.map((i) => candidates[i]!));
  return {
    candidates: [...candidates],
    order,
    pairwise: toMatrix(candidates, d),
    strengths: toMatrix(candidates, p),
  };
}

/** One candidate per place for display: ties broken by the order of `candidates`. */
export function flattenOrder(order: readonly (readonly string[])[], candidates: readonly string[]): string[] {
  return flattenGroups(order, candidates);
}
