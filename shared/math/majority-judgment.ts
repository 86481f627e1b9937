// Majority judgment, after M. Balinski and R. Laraki, *Majority Judgment: Measuring, Ranking,
// and Electing*, MIT Press 2011.
//
// Every voter grades every candidate on a common scale of grades, given BEST FIRST
// (index 0 = best). A candidate's merit profile is the number of voters per grade.
//
//   N            number of grades the candidate received (the sum of its profile).
//   median       the majority grade: the grade at 0-based position ⌊N/2⌋ of the N grades
//                sorted best first. For an odd N it is the middle grade; for an even N it
//                is the LOWER (worse) of the two middle grades. Equivalently: the best
//                grade g such that more than half of the voters give g or better
//                (smallest index k with 2·(c_0 + … + c_k) > N).
//   p            share of the grades strictly better than the median  (above / N)
//   q            share of the grades strictly worse than the median   (below / N)
//   gauge        (median, +, p) if p > q, else (median, −, q)
//                (sign '+' or '-': the median is pulled up or down by the other grades).
//   value        the majority value: the sequence of medians obtained by taking the median
//                out, then the median of what is left, and so on, N terms. Candidates are
//                compared on it lexicographically (the first differing term decides; a
//                better grade wins). It starts with the median, so a better median always
//                wins; two candidates tie only if their profiles are proportional.
//
// Order (tieBreak 'value', the default, Balinski–Laraki's majority ranking): by majority
// value; exact ties only for proportional profiles. Order (tieBreak 'gauge'): better median
// first; at equal medians '+' before '−'; among '+' the larger p first; among '−' the
// smaller q first; equal gauges are a tie. The gauge is the short, explainable form of the
// value: whenever two gauges differ, the majority value orders the two candidates the same
// way (Balinski–Laraki; also checked by a randomized test), so the two orders differ only
// where the gauges are equal: 'gauge' then reports a tie, 'value' looks further.
//
// Unequal numbers of grades (a ballot may leave a candidate ungraded): the majority value
// is compared on the profiles scaled to a common number of voters L = lcm(N_A, N_B) (each
// grade of A counted L/N_A times). Scaling all voters alike changes neither the median nor
// the order between two candidates, so the comparison is consistent (transitive). Shares
// p and q are fractions of the candidate's own N and are compared by cross-multiplication.
// All comparisons use exact integer (BigInt) arithmetic, with no floating-point step.
//
// Candidates with no grade at all (N = 0) rank last, tied together; their median, median
// index and gauge are null.

import { assertCandidates, emptyRecord } from './ranking.ts';

/** The scale used by Balinski and Laraki in French experiments, best first. */
export const DEFAULT_GRADES: readonly string[] = Object.freeze([
  'Excellent',
  'Très bien',
  'Bien',
  'Assez bien',
  'Passable',
  'Insuffisant',
  'À rejeter',
]);

export type TieBreak = 'value' | 'gauge';
/** '+' when more grades lie above the median than below it, '-' otherwise. */
export type GaugeSign = '+' | '-';

export interface MajorityGauge {
  /** The majority grade (its name). */
  median: string;
  sign: GaugeSign;
  /** p for '+', q for '-'. */
  share: number;
}

export interface MajorityJudgmentEntry {
  candidate: string;
  /** 1 = best. Tied candidates share a rank (1, 1, 3…). */
  rank: number;
  /** The majority grade, null when the candidate received no grade. */
  median: string | null;
  /** Index of the median in the grades (0 = best), null when no grade. */
  medianIndex: number | null;
  /** Share of grades strictly better than the median (0 when no grade). */
  p: number;
  /** Share of grades strictly worse than the median (0 when no grade). */
  q: number;
  gauge: MajorityGauge | null;
  /** Number of grades received. */
  total: number;
  /** Number of grades received per grade, best first (the merit profile). */
  profile: number[];
}

export interface MajorityJudgmentOptions {
  /** The scale, best first. Default `DEFAULT_GRADES`. */
  grades?: readonly string[];
  /** How candidates with the same median are ordered. Default 'value'. */
  tieBreak?: TieBreak;
}

/** One line of identical grade ballots: candidate → grade name. Ungraded candidates may be left out. */
export interface GradeBallot {
  readonly grades: Readonly<Record<string, string>>;
  readonly count: number;
}

export interface MeritProfileOptions {
  /**
   * What a ballot that leaves a candidate out means. 'ignore' (default): no grade, the
   * candidate's N is smaller. 'worst': the lowest grade of the scale (Balinski–Laraki's
   * advice for public elections, so that an unknown candidate graded by few cannot win).
   */
  missing?: 'ignore' | 'worst';
}

function assertGrades(grades: readonly string[]): void {
  if (!Array.isArray(grades) || grades.length === 0) throw new RangeError('the grades must be a non-empty list');
  const seen = new Set<string>();
  for (const g of grades) {
    if (typeof g !== 'string') throw new RangeError('grades must be strings');
    if (seen.has(g)) throw new RangeError(`duplicate grade ${JSON.stringify(g)}`);
    seen.add(g);
  }
}

function assertCountInt(count: number, what: string): void {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${what} must be a non-negative integer (got ${String(count)})`);
  }
}

function assertProfile(profile: readonly number[], gradeCount: number, who: string): void {
  if (!Array.isArray(profile) || profile.length !== gradeCount) {
    throw new RangeError(`profile of ${who} must hold one count per grade (${gradeCount})`);
  }
  for (const c of profile) assertCountInt(c, `profile of ${who}: a count`);
}

/**
 * Merit profiles (counts per grade, best first) of every candidate from grade ballots.
 * Throws a RangeError on an unknown candidate or grade, or a count that is not a
 * non-negative integer.
 */
export function meritProfiles(
  candidates: readonly string[],
  grades: readonly string[],
  ballots: readonly GradeBallot[],
  options: MeritProfileOptions = {},
): Record<string, number[]> {
  assertCandidates(candidates);
  assertGrades(grades);
  const missing = options.missing ?? 'ignore';
  const gradeIndex = new Map(grades.map((g, i) => [g, i] as const));
  const known = new Set(candidates);
  const profiles = emptyRecord<number[]>();
  for (const c of candidates) profiles[c] = new Array<number>(grades.length).fill(0);
  for (const ballot of ballots) {
    assertCountInt(ballot.count, 'ballot count');
    const graded = new Set<string>();
    for (const [candidate, grade] of Object.entries(ballot.grades)) {
      if (!known.has(candidate)) throw new RangeError(`unknown candidate ${JSON.stringify(candidate)}`);
      const g = gradeIndex.get(grade);
      if (g === undefined) throw new RangeError(`unknown grade ${JSON.stringify(grade)}`);
      profiles[candidate]![g]! += ballot.count;
      graded.add(candidate);
    }
    if (missing === 'worst') {
      for (const c of candidates) if (!graded.has(c)) profiles[c]![grades.length - 1]! += ballot.count;
    }
  }
  return profiles;
}

function sum(profile: readonly number[]): number {
  return profile.reduce((a, b) => a + b, 0);
}

/** Index of the majority grade (lower median for an even count), or null for an empty profile. */
export function majorityGrade(profile: readonly number[]): number | null {
  const n = sum(profile);
  if (n === 0) return null;
  let cum = 0;
  for (let k = 0; k < profile.length; k++) {
    cum += profile[k]!;
    if (2 * cum > n) return k;
  }
  throw new Error('unreachable: the cumulated counts reach n');
}

interface GaugeCounts {
  median: number;
  above: number;
  below: number;
  total: number;
}

function gaugeCounts(profile: readonly number[]): GaugeCounts | null {
  const median = majorityGrade(profile);
  if (median === null) return null;
  const above = sum(profile.slice(0, median));
  const below = sum(profile.slice(median + 1));
  return { median, above, below, total: sum(profile) };
}

/**
 * The majority value written out: the N successive medians (grade indices, 0 = best).
 * Linear in N; the ranking itself never builds it (see `compareMajorityValue`).
 */
export function majorityValue(profile: readonly number[]): number[] {
  const sorted: number[] = [];
  profile.forEach((c, g) => {
    for (let i = 0; i < c; i++) sorted.push(g);
  });
  const out: number[] = [];
  while (sorted.length > 0) out.push(sorted.splice(Math.floor(sorted.length / 2), 1)[0]!);
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Index of the grade at 0-based position i of the sorted (best first) list whose cumulated counts are `cum`. */
function gradeAt(cum: readonly bigint[], i: bigint): number {
  for (let g = 0; g < cum.length; g++) if (cum[g]! > i) return g;
  throw new Error('position out of range');
}

/**
 * Compares two non-empty profiles by majority value: negative if `a` is better, positive if
 * `b` is, 0 if the values are equal (proportional profiles).
 *
 * With L voters (after scaling, see the header) and m = ⌊L/2⌋, the sorted grades x_0…x_{L−1}
 * are taken out in the order x_m, then the pairs (x_{m−1}, x_{m+1}), (x_{m−2}, x_{m+2}), …
 * better one first when L is even, worse one first when L is odd (x_{2m} does not exist when
 * L is even). So the first difference between two values is found by walking outwards from
 * the middle on each side, jumping from one change of grade to the next: O(grades), even for
 * millions of voters.
 */
export function compareMajorityValue(a: readonly number[], b: readonly number[]): number {
  const na = BigInt(sum(a));
  const nb = BigInt(sum(b));
  if (na === 0n || nb === 0n) throw new RangeError('compareMajorityValue needs two non-empty profiles');
  const L = (na / gcd(na, nb)) * nb;
  const cumulate = (p: readonly number[], k: bigint): bigint[] => {
    let c = 0n;
    return p.map((x) => (c += BigInt(x) * k));
  };
  const ca = cumulate(a, L / na);
  const cb = cumulate(b, L / nb);
  const m = L / 2n;
  const head = gradeAt(ca, m) - gradeAt(cb, m);
  if (head !== 0) return head;

  // Better side: positions m−1, m−2, … 0; the term is the first of pair p = m − i.
  let better: { p: bigint; diff: number } | null = null;
  for (let i = m - 1n; i >= 0n; ) {
    const ga = gradeAt(ca, i);
    const gb = gradeAt(cb, i);
    if (ga !== gb) {
      better = { p: m - i, diff: ga - gb };
      break;
    }
    const startA = ga === 0 ? 0n : ca[ga - 1]!;
    const startB = gb === 0 ? 0n : cb[gb - 1]!;
    i = (startA > startB ? startA : startB) - 1n;
  }
  // Worse side: positions m+1, m+2, … L−1; pair p = i − m.
  let worse: { p: bigint; diff: number } | null = null;
  for (let i = m + 1n; i < L; ) {
    const ga = gradeAt(ca, i);
    const gb = gradeAt(cb, i);
    if (ga !== gb) {
      worse = { p: i - m, diff: ga - gb };
      break;
    }
    const endA = ca[ga]!;
    const endB = cb[gb]!;
    i = endA < endB ? endA : endB;
  }
  if (better === null) return worse === null ? 0 : worse.diff;
  if (worse === null) return better.diff;
  if (better.p !== worse.p) return better.p < worse.p ? better.diff : worse.diff;
  return L % 2n === 0n ? better.diff : worse.diff;
}

/** The majority gauge of a non-empty profile, or null for an empty one. */
export function majorityGauge(profile: readonly number[], grades: readonly string[] = DEFAULT_GRADES): MajorityGauge | null {
  const g = gaugeCounts(profile);
  if (g === null) return null;
  const plus = g.above > g.below;
  return { median: grades[g.median]!, sign: plus ? '+' : '-', share: (plus ? g.above : g.below) / g.total };
}

/**
 * Compares two non-empty profiles by majority gauge: negative if `a` is better, positive if
 * `b` is, 0 if the gauges are equal (exact: shares are compared by cross-multiplication).
 */
export function compareMajorityGauge(a: readonly number[], b: readonly number[]): number {
  const ga = gaugeCounts(a);
  const gb = gaugeCounts(b);
  if (ga === null || gb === null) throw new RangeError('compareMajorityGauge needs two non-empty profiles');
  if (ga.median !== gb.median) return ga.median - gb.median;
  const plusA = ga.above > ga.below;
  const plusB = gb.above > gb.below;
  if (plusA !== plusB) return plusA ? -1 : 1;
  // p_a = above_a / total_a … compare above_a · total_b with above_b · total_a.
  const cross = (x: number, tx: number, y: number, ty: number): bigint => BigInt(x) * BigInt(ty) - BigInt(y) * BigInt(tx);
  const d = plusA ? -cross(ga.above, ga.total, gb.above, gb.total) : cross(ga.below, ga.total, gb.below, gb.total);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * Ranks the candidates by majority judgment, best first. `profiles[c]` is the number of
 * grades per grade (best first) of candidate c; a candidate without a profile has no grade.
 * Tied candidates keep the order of `candidates` and share a rank. Throws a RangeError on
 * duplicate candidates or grades, a profile for an unknown candidate, a profile of the wrong
 * length, or a count that is not a non-negative integer.
 */
export function majorityJudgment(
  candidates: readonly string[],
  profiles: Readonly<Record<string, readonly number[]>>,
  options: MajorityJudgmentOptions = {},
): MajorityJudgmentEntry[] {
  assertCandidates(candidates);
  const grades = options.grades ?? DEFAULT_GRADES;
  assertGrades(grades);
  const tieBreak = options.tieBreak ?? 'value';
  if (tieBreak !== 'value' && tieBreak !== 'gauge') throw new RangeError(`unknown tie-break ${JSON.stringify(tieBreak)}`);
  const known = new Set(candidates);
  for (const c of Object.keys(profiles)) {
    if (!known.has(c)) throw new RangeError(`profile for unknown candidate ${JSON.stringify(c)}`);
  }
  const rows = candidates.map((candidate, index) => {
    const given = Object.prototype.hasOwnProperty.call(profiles, candidate) ? profiles[candidate] : undefined;
    const profile = given === undefined ? new Array<number>(grades.length).fill(0) : [...given];
    assertProfile(profile, grades.length, JSON.stringify(candidate));
    return { candidate, index, profile, total: sum(profile) };
  });
  const compare = (x: (typeof rows)[number], y: (typeof rows)[number]): number => {
    if (x.total === 0 || y.total === 0) return (x.total === 0 ? 1 : 0) - (y.total === 0 ? 1 : 0);
    return tieBreak === 'gauge' ? compareMajorityGauge(x.profile, y.profile) : compareMajorityValue(x.profile, y.profile);
  };
  const sorted = [...rows].sort((x, y) => compare(x, y) || x.index - y.index);
  const out: MajorityJudgmentEntry[] = [];
  sorted.forEach((row, i) => {
    const previous = sorted[i - 1];
    const rank = previous !== undefined && compare(previous, row) === 0 ? out[i - 1]!.rank : i + 1;
    const g = gaugeCounts(row.profile);
    out.push({
      candidate: row.candidate,
      rank,
      median: g === null ? null : grades[g.median]!,
      medianIndex: g === null ? null : g.median,
      p: g === null ? 0 : g.above / g.total,
      q: g === null ? 0 : g.below / g.total,
      gauge: majorityGauge(row.profile, grades),
      total: row.total,
      profile: row.profile,
    });
  });
  return out;
}
