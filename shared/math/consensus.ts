// Consensus and dissent on one statement, from a gradient of agreement (S. Kaner,
// *Facilitator's Guide to Participatory Decision-Making*), and Pol.is group statistics
// (compdemocracy/polis, math/src/polismath/math/conversation.clj and stats.clj).
//
// Gradient: L ordered levels (L ≥ 2), index 0 = full agreement, L − 1 = full disagreement,
// plus "Je ne sais pas" (abstain) counted apart. c_i = answers at level i, n = Σ c_i (the
// abstentions are not answers). With the middle position μ = (L − 1) / 2:
//
//   agree        share of answers at levels i < μ        (5 levels: the top two)
//   neutral      share of answers at level i = μ         (only when L is odd)
//   disagree     share of answers at levels i > μ        (5 levels: the bottom two)
//   abstainShare abstain / (n + abstain)                 (null when both are 0)
//   mean         Σ i · c_i / n                           (0 = everyone fully agrees)
//   median       the level at 0-based position ⌊n/2⌋ of the answers sorted from agreement to
//                disagreement: for an even n, the less favourable of the two middle answers
//                (the same "lower median" as majority judgment)
//   polarisation 2 · min(agree, disagree), in [0, 1]: 0 when one side is empty, 1 when half
//                the room agrees and the other half disagrees (bimodality)
//   dispersion   variance of the level / ((L − 1) / 2)², in [0, 1]: 0 when all answers are
//                the same, 1 when half are at each end
//   leaning      'agree' if agree > disagree, 'disagree' if disagree > agree, else 'balanced'
//   marker       the first rule that applies, thresholds configurable (defaults):
//                  'insufficient'      n < minAnswers (3)
//                  'strong_consensus'  agree ≥ 0.8 and disagree ≤ 0.05
//                  'consensus'         agree ≥ 0.6 and disagree ≤ 0.2
//                  'dissent'           agree ≥ 0.3 and disagree ≥ 0.3 (both ends substantial)
//                  'divided'           otherwise
//                Shares are compared with the thresholds exactly (integers, see adoption.ts):
//                4 agree out of 5 is 0.8 and IS a strong consensus. A broad rejection
//                (disagree ≥ 0.6) is 'divided' with leaning 'disagree': the markers speak of
//                agreement with the statement.
//
// Pol.is, for a statement and the opinion groups g, with A_g agrees among S_g votes:
//
//   groupAwareConsensus   GAC = Π_g (A_g + 1) / (S_g + 2)
//                         each factor is the group's smoothed probability of agreeing
//                         (Laplace's rule: one imaginary agree and one imaginary disagree).
//                         Floating-point products depend on their order, so the factors are
//                         multiplied in a fixed order whatever the order of the groups given:
//                         by S_g, then A_g, ascending. The same counts give the same bits, after
//                         a restart or a replay that rebuilds the groups in another order.
//   groupDifference       two-proportion z-test between a group (A₁ of S₁) and the rest of the
//                         room (A₂ of S₂), with smoothed counts a_k, s_k:
//                           'laplace' (default): a_k = A_k + 1, s_k = S_k + 2, so p_k = (A_k+1)/(S_k+2)
//                           'polis':             a_k = A_k + 1, s_k = S_k + 1 (Pol.is stats.clj)
//                         p̂ = (a₁ + a₂) / (s₁ + s₂)
//                         z = (p₁ − p₂) / √( p̂ (1 − p̂) (1/s₁ + 1/s₂) ),  z = 0 when p̂ = 1
//                         significant iff |z| > 1.2816 (the one-sided 90 % quantile Pol.is
//                         uses, here in the direction of the difference); direction
//                         'more_agree' if z > 0, 'less_agree' if z < 0, 'same' if z = 0.

import { compareShare, type Threshold } from './adoption.ts';

/** Default gradient, full agreement first (index 0). */
export const DEFAULT_AGREEMENT_LEVELS: readonly string[] = Object.freeze([
  "Tout à fait d’accord",
  "Plutôt d’accord",
  "Ni d’accord ni pas d’accord",
  "Plutôt pas d’accord",
  "Pas du tout d’accord",
]);
/** The answer counted apart, not as a level. */
export const ABSTAIN_LABEL = 'Je ne sais pas';

export type ConsensusMarker = 'strong_consensus' | 'consensus' | 'divided' | 'dissent' | 'insufficient';
export type Leaning = 'agree' | 'disagree' | 'balanced';

export interface ConsensusThresholds {
  /** 'strong_consensus' needs agree ≥ this … */
  strongAgree: Threshold;
  /** … and disagree ≤ this. */
  strongDisagreeMax: Threshold;
  /** 'consensus' needs agree ≥ this … */
  consensusAgree: Threshold;
  /** … and disagree ≤ this. */
  consensusDisagreeMax: Threshold;
  /** 'dissent' needs agree ≥ this … */
  dissentAgree: Threshold;
  /** … and disagree ≥ this. */
  dissentDisagree: Threshold;
  /** Fewer answers (abstentions excluded) than this is 'insufficient'. */
  minAnswers: number;
}

export const DEFAULT_CONSENSUS_THRESHOLDS: Readonly<ConsensusThresholds> = Object.freeze({
  strongAgree: 0.8,
  strongDisagreeMax: 0.05,
  consensusAgree: 0.6,
  consensusDisagreeMax: 0.2,
  dissentAgree: 0.3,
  dissentDisagree: 0.3,
  minAnswers: 3,
});

export interface AgreementDistribution {
  /** Answers per level, full agreement first; its length is the number of levels (≥ 2). */
  readonly counts: readonly number[];
  /** "Je ne sais pas" answers. Default 0. */
  readonly abstain?: number;
}

export interface ConsensusResult {
  levels: number;
  /** n: answers on the gradient (abstentions excluded). */
  answers: number;
  abstain: number;
  abstainShare: number | null;
  /** Shares of the n answers (0 when n = 0). */
  agree: number;
  neutral: number;
  disagree: number;
  /** Mean level, 0 = full agreement (null when n = 0). */
  mean: number | null;
  /** Lower median level (null when n = 0). */
  median: number | null;
  polarisation: number;
  /** Normalised variance of the level, in [0, 1] (null when n = 0). */
  dispersion: number | null;
  leaning: Leaning;
  marker: ConsensusMarker;
}

export interface AgreementSides {
  agree: number[];
  neutral: number[];
  disagree: number[];
}

function assertInt(v: unknown, what: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${what} must be a non-negative integer (got ${String(v)})`);
  }
}

/** Level indices on each side of the middle of an L-level gradient. */
export function agreementSides(levels: number): AgreementSides {
  if (!Number.isSafeInteger(levels) || levels < 2) throw new RangeError(`a gradient needs at least 2 levels (got ${String(levels)})`);
  const sides: AgreementSides = { agree: [], neutral: [], disagree: [] };
  for (let i = 0; i < levels; i++) {
    // Compare 2i with L − 1 to stay in integers: i < μ ⟺ 2i < L − 1.
    const side = 2 * i < levels - 1 ? sides.agree : 2 * i > levels - 1 ? sides.disagree : sides.neutral;
    side.push(i);
  }
  return sides;
}

/**
 * The marker for `agreeCount` and `disagreeCount` among `answers` answers (see the header),
 * with exact comparisons.
 */
export function consensusMarker(
  agreeCount: number,
  disagreeCount: number,
  answers: number,
  thresholds: Partial<ConsensusThresholds> = {},
): ConsensusMarker {
  const t = { ...DEFAULT_CONSENSUS_THRESHOLDS, ...thresholds };
  assertInt(agreeCount, 'agree count');
  assertInt(disagreeCount, 'disagree count');
  assertInt(answers, 'answers');
  assertInt(t.minAnswers, 'minAnswers');
  if (agreeCount + disagreeCount > answers) throw new RangeError('agree + disagree exceed the answers');
  if (answers === 0 || answers < t.minAnswers) return 'insufficient';
  const atLeast = (count: number, x: Threshold): boolean => compareShare(count, answers, x) >= 0;
  const atMost = (count: number, x: Threshold): boolean => compareShare(count, answers, x) <= 0;
  if (atLeast(agreeCount, t.strongAgree) && atMost(disagreeCount, t.strongDisagreeMax)) return 'strong_consensus';
  if (atLeast(agreeCount, t.consensusAgree) && atMost(disagreeCount, t.consensusDisagreeMax)) return 'consensus';
  if (atLeast(agreeCount, t.dissentAgree) && atLeast(disagreeCount, t.dissentDisagree)) return 'dissent';
  return 'divided';
}

/** Every measure of the header for one statement. Throws a RangeError on bad counts or thresholds. */
export function consensus(
  distribution: AgreementDistribution,
  thresholds: Partial<ConsensusThresholds> = {},
): ConsensusResult {
  const { counts } = distribution;
  if (!Array.isArray(counts)) throw new RangeError('counts must be an array, one count per level');
  const L = counts.length;
  const sides = agreementSides(L);
  counts.forEach((c, i) => assertInt(c, `counts[${i}]`));
  const abstain = distribution.abstain ?? 0;
  assertInt(abstain, 'abstain');
  const n = counts.reduce((a, b) => a + b, 0);
  const total = (indices: readonly number[]): number => indices.reduce((a, i) => a + counts[i]!, 0);
  const agreeCount = total(sides.agree);
  const neutralCount = total(sides.neutral);
  const disagreeCount = total(sides.disagree);
  const share = (c: number): number => (n === 0 ? 0 : c / n);
  const agree = share(agreeCount);
  const disagree = share(disagreeCount);

  let mean: number | null = null;
  let median: number | null = null;
  let dispersion: number | null = null;
  if (n > 0) {
    mean = counts.reduce((a, c, i) => a + i * c, 0) / n;
    let cum = 0;
    for (let i = 0; i < L && median === null; i++) {
      cum += counts[i]!;
      if (2 * cum > n) median = i;
    }
    const m = mean;
    const variance = counts.reduce((a, c, i) => a + c * (i - m) ** 2, 0) / n;
    dispersion = variance / ((L - 1) / 2) ** 2;
  }

  return {
    levels: L,
    answers: n,
    abstain,
    abstainShare: n + abstain === 0 ? null : abstain / (n + abstain),
    agree,
    neutral: share(neutralCount),
    disagree,
    mean,
    median,
    polarisation: (2 * Math.min(agreeCount, disagreeCount)) / (n === 0 ? 1 : n),
    dispersion,
    leaning: agreeCount > disagreeCount ? 'agree' : disagreeCount > agreeCount ? 'disagree' : 'balanced',
    marker: consensusMarker(agreeCount, disagreeCount, n, thresholds),
  };
}

/** Agrees and all votes (agree, disagree, pass) of one opinion group on one statement. */
export interface GroupVotes {
  readonly agree: number;
  readonly total: number;
}

function assertGroup(g: GroupVotes, what: string): void {
  assertInt(g.agree, `${what}.agree`);
  assertInt(g.total, `${what}.total`);
  if (g.agree > g.total) throw new RangeError(`${what}: agree (${g.agree}) exceeds total (${g.total})`);
}

/**
 * Pol.is group-aware consensus: Π_g (A_g + 1) / (S_g + 2), in (0, 1). High only when every
 * group tends to agree. Pass the disagree counts as `agree` for the consensus in rejection.
 * Throws a RangeError with no group (the empty product would claim full consensus).
 */
export function groupAwareConsensus(groups: readonly GroupVotes[]): number {
  if (groups.length === 0) throw new RangeError('group-aware consensus needs at least one group');
  groups.forEach((g, i) => assertGroup(g, `groups[${i}]`));
  // A fixed order of multiplication (see the header): the result does not depend on the
  // order of `groups`, down to the last bit.
  const ordered = [...groups].sort((a, b) => a.total - b.total || a.agree - b.agree);
  return ordered.reduce((product, g) => (product * (g.agree + 1)) / (g.total + 2), 1);
}

/** z above which a difference is significant (one-sided 90 %, as in Pol.is). */
export const Z_90 = 1.2816;

export type Smoothing = 'laplace' | 'polis';

export interface GroupDifference {
  z: number;
  significant: boolean;
  direction: 'more_agree' | 'less_agree' | 'same';
  /** Smoothed agreement of the group and of the rest. */
  pGroup: number;
  pRest: number;
}

/**
 * Does a group agree more (or less) than the rest of the room? Two-proportion z-test on
 * smoothed counts (see the header; default smoothing 'laplace', p = (A + 1) / (S + 2)).
 */
export function groupDifference(group: GroupVotes, rest: GroupVotes, smoothing: Smoothing = 'laplace'): GroupDifference {
  assertGroup(group, 'group');
  assertGroup(rest, 'rest');
  if (smoothing !== 'laplace' && smoothing !== 'polis') throw new RangeError(`unknown smoothing ${JSON.stringify(smoothing)}`);
  const extra = smoothing === 'laplace' ? 2 : 1;
  const a1 = group.agree + 1;
  const s1 = group.total + extra;
  const a2 = rest.agree + 1;
  const s2 = rest.total + extra;
  const p1 = a1 / s1;
  const p2 = a2 / s2;
  const pooled = (a1 + a2) / (s1 + s2);
  const z = pooled >= 1 ? 0 : (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / s1 + 1 / s2));
  return {
    z,
    significant: Math.abs(z) > Z_90,
    direction: z > 0 ? 'more_agree' : z < 0 ? 'less_agree' : 'same',
    pGroup: p1,
    pRest: p2,
  };
}
