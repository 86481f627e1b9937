// Shared types and helpers for ranked ballots (Schulze, Borda, dissent).
// Pure functions, no Node or DOM imports: this file runs on the server and in the browser.

/** One place on a ballot: a single candidate, or a group of candidates ranked equal. */
export type RankingGroup = string | readonly string[];

/**
 * A ballot's ranking, best first. Accepts a strict ranking (`['A', 'B', 'C']`),
 * a ranking with ties (`[['A'], ['B', 'C']]`) or a mix (`['A', ['B', 'C']]`).
 * Candidates missing from the ranking are ranked equal, below every listed one.
 */
export type Ranking = readonly RankingGroup[];

/** `count` identical ballots. `count` is a weight: a non-negative finite number. */
export interface WeightedBallot {
  readonly ranking: Ranking;
  readonly count: number;
}

/** `matrix[X][Y]`, for X ≠ Y (the diagonal is omitted). */
export type PairMatrix = Record<string, Record<string, number>>;

/** Groups of tied candidates, best group first. */
export type OrderGroups = string[][];

/**
 * An empty record without prototype, so that any name (even "__proto__") is an ordinary key.
 * Candidate and table names come from users.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The ranking as groups, empty groups dropped. Does not check candidates. */
export function rankingGroups(ranking: Ranking): string[][] {
  const groups: string[][] = [];
  for (const g of ranking) {
    const group = typeof g === 'string' ? [g] : [...g];
    if (group.length > 0) groups.push(group);
  }
  return groups;
}

/**
 * Why `ranking` is not a valid ranking of `candidates`, or null if it is.
 * Invalid: an element that is neither a string nor an array of strings, an empty group,
 * an unknown candidate, a candidate listed twice.
 */
export function rankingError(candidates: readonly string[], ranking: unknown): string | null {
  if (!Array.isArray(ranking)) return 'must be an array of candidates or of groups of tied candidates';
  const known = new Set(candidates);
  const seen = new Set<string>();
  for (let i = 0; i < ranking.length; i++) {
    const g: unknown = ranking[i];
    const group: unknown[] = typeof g === 'string' ? [g] : Array.isArray(g) ? g : [g];
    if (group.length === 0) return `place ${i + 1} is an empty group`;
    for (const c of group) {
      if (typeof c !== 'string') return `place ${i + 1} holds ${describe(c)}, expected a candidate name`;
      if (!known.has(c)) return `unknown candidate ${JSON.stringify(c)}`;
      if (seen.has(c)) return `candidate ${JSON.stringify(c)} appears more than once`;
      seen.add(c);
    }
  }
  return null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a nested array';
  return `a ${typeof v}`;
}

/** Throws a RangeError if the candidate list holds a non-string or a duplicate. */
export function assertCandidates(candidates: readonly string[]): void {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (typeof c !== 'string') throw new RangeError('candidates must be strings');
    if (seen.has(c)) throw new RangeError(`duplicate candidate ${JSON.stringify(c)}`);
    seen.add(c);
  }
}

/** Throws a RangeError unless `count` is a usable ballot weight. */
export function assertCount(count: number): void {
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
    throw new RangeError(`ballot count must be a non-negative finite number (got ${String(count)})`);
  }
}

/**
 * Level of each candidate on a ballot, indexed like `candidates`: 0 for the first group,
 * 1 for the second…, and `groups.length` for every unranked candidate. A lower level is
 * better. Throws a RangeError on an invalid ranking (see `rankingError`).
 */
export function rankLevels(candidates: readonly string[], ranking: Ranking): number[] {
  const err = rankingError(candidates, ranking);
  if (err !== null) throw new RangeError(`invalid ranking: ${err}`);
  const index = new Map(candidates.map((c, i) => [c, i] as const));
  const groups = rankingGroups(ranking);
  const levels = new Array<number>(candidates.length).fill(groups.length);
  groups.forEach((group, level) => {
    for (const c of group) levels[index.get(c)!] = level;
  });
  return levels;
}

/**
 * Fractional ("1 2.5 2.5 4") rank of each candidate on one ballot, 1 = best.
 * Tied candidates get the average of the positions they span; unranked candidates
 * share the remaining lowest positions the same way. Ranks always sum to n(n+1)/2.
 */
export function fractionalRanks(candidates: readonly string[], ranking: Ranking): Record<string, number> {
  const levels = rankLevels(candidates, ranking);
  // Size of each level (the last one, index max, holds the unranked candidates).
  const sizes = new Map<number, number>();
  for (const l of levels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  const sorted = [...sizes.keys()].sort((a, b) => a - b);
  const start = new Map<number, number>();
  let pos = 0; // number of candidates strictly above the level
  for (const l of sorted) {
    start.set(l, pos);
    pos += sizes.get(l)!;
  }
  const ranks = emptyRecord<number>();
  candidates.forEach((c, i) => {
    const l = levels[i]!;
    // positions start+1 … start+size, average = start + (size + 1) / 2
    ranks[c] = start.get(l)! + (sizes.get(l)! + 1) / 2;
  });
  return ranks;
}

/** Concatenates tied groups, ordering each group by the position in `candidates`. */
export function flattenGroups(groups: readonly (readonly string[])[], candidates: readonly string[]): string[] {
  const index = new Map(candidates.map((c, i) => [c, i] as const));
  const pos = (c: string): number => index.get(c) ?? Number.MAX_SAFE_INTEGER;
  return groups.flatMap((g) => [...g].sort((a, b) => pos(a) - pos(b)));
}

/**
 * Groups candidates by equal score, highest score first (or lowest first with
 * `direction: 'asc'`). Inside a group, candidates keep their order in `candidates`.
 */
export function groupByScore(
  scores: Readonly<Record<string, number>>,
  candidates: readonly string[],
  direction: 'desc' | 'asc' = 'desc',
): OrderGroups {
  const sign = direction === 'desc' ? -1 : 1;
  const sorted = candidates
    .map((c, i) => ({ c, i, s: scores[c] ?? 0 }))
    .sort((a, b) => (a.s === b.s ? a.i - b.i : sign * (a.s - b.s)));
  const groups: OrderGroups = [];
  let last: number | undefined;
  for (const { c, s } of sorted) {
    const current = groups[groups.length - 1];
    if (current !== undefined && s === last) current.push(c);
    else groups.push([c]);
    last = s;
  }
  return groups;
}
