// Adoption of a proposal by a qualified majority, with exact boundaries.
//
//   tally        for, against, abstain (abstain optional, default 0)
//   basis        what the share of 'for' votes is taken of (the denominator D):
//                  'expressed'  D = for + against           abstentions do not count
//                  'present'    D = members present         abstaining or not voting = not for
//                  'members'    D = all members             absent = not for
//                'present' counts at least the votes cast: anyone who voted was present, so
//                D = max(present, for + against + abstain) (paper ballots from members who
//                were not checked in do not push the share above 100 %).
//   threshold    t in [0, 1], default 0.6 (the Grenoble convention's rule). A number is read
//                as the decimal it prints as (0.6 = 6/10, 0.5001 = 5001/10000); a fraction
//                { numerator, denominator } is taken as is ({ 2, 3 } for two thirds).
//   comparison   'atLeast' (default): adopted iff for / D ≥ t
//                'moreThan':          adopted iff for / D > t  (e.g. "more than half")
//   quorum       optional number of members who must be present (0 = no quorum).
//                quorumMet iff max(present, votes cast) ≥ quorum; when not met, nothing is
//                adopted. A quorum given as a share of the members is the count
//                ⌈share · members⌉ (the caller converts it).
//
// The comparison is made on integers: with t = n/d, for / D ≥ n/d  ⟺  for · d ≥ n · D
// (BigInt, so no rounding at any size). 60 for out of 100 expressed at 0.6 is adopted
// (60 · 10 = 6 · 100); 5999 out of 10000 (59.99 %) is not.
//
//   share        for / D as a number for display, 0 when D = 0 (check `denominator`)
//   required     the smallest number of 'for' votes that adopts with this D:
//                  atLeast:  max(1, ⌈n · D / d⌉)        moreThan:  max(1, ⌊n · D / d⌋ + 1)
//                (at least one 'for' vote: nothing is adopted without support, even at t = 0)
//   adopted      quorumMet and D > 0 and for ≥ required
//
// Errors (RangeError): counts that are not non-negative integers, a basis without its
// count, votes cast above the members for 'members', present above members.

export type AdoptionBasis = 'expressed' | 'present' | 'members';
export type AdoptionComparison = 'atLeast' | 'moreThan';

/** An exact fraction: non-negative integers, denominator > 0. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/** A share in [0, 1]: a decimal number or an exact fraction. */
export type Threshold = number | Fraction;

export const ADOPTION_BASES: readonly AdoptionBasis[] = Object.freeze(['expressed', 'present', 'members']);
export const DEFAULT_ADOPTION_THRESHOLD = 0.6;

export interface AdoptionTally {
  readonly for: number;
  readonly against: number;
  readonly abstain?: number;
}

export interface AdoptionInput {
  readonly tally: AdoptionTally;
  /** Default 0.6. */
  readonly threshold?: Threshold;
  /** Default 'expressed'. */
  readonly basis?: AdoptionBasis;
  /** Default 'atLeast'. */
  readonly comparison?: AdoptionComparison;
  /** Members present (required for basis 'present' and for a quorum). */
  readonly present?: number;
  /** All members (required for basis 'members'). */
  readonly members?: number;
  /** Number of members who must be present; 0 or absent = no quorum. */
  readonly quorum?: number;
}

export interface AdoptionResult {
  /** for / denominator, in [0, 1]; 0 when the denominator is 0. */
  share: number;
  /** Smallest number of 'for' votes that adopts with this denominator. */
  required: number;
  adopted: boolean;
  /** True when there is no quorum rule. */
  quorumMet: boolean;
  denominator: number;
}

function assertInt(v: unknown, what: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${what} must be a non-negative integer (got ${String(v)})`);
  }
}

/**
 * The exact fraction n/d of a threshold in [0, 1]. A number is read as the decimal it
 * prints as (`String(x)`, exponent notation included). Throws a RangeError outside [0, 1].
 */
export function exactFraction(t: Threshold, what = 'threshold'): { num: bigint; den: bigint } {
  let num: bigint;
  let den: bigint;
  if (typeof t === 'number') {
    if (!Number.isFinite(t)) throw new RangeError(`${what} must be a finite number (got ${String(t)})`);
    const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(t));
    if (m === null) throw new RangeError(`${what} must be between 0 and 1 (got ${String(t)})`);
    const frac = m[2] ?? '';
    const exp = Number(m[3] ?? '0') - frac.length;
    num = BigInt(m[1]! + frac);
    den = 1n;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
  } else if (typeof t === 'object' && t !== null) {
    assertInt(t.numerator, `${what}.numerator`);
    assertInt(t.denominator, `${what}.denominator`);
    if (t.denominator === 0) throw new RangeError(`${what}.denominator must be positive`);
    num = BigInt(t.numerator);
    den = BigInt(t.denominator);
  } else {
    throw new RangeError(`${what} must be a number or a fraction`);
  }
  if (num > den) {
    throw new RangeError(`${what} must be between 0 and 1 (got ${typeof t === 'number' ? String(t) : `${num}/${den}`})`);
  }
  return { num, den };
}

/**
 * Sign of part / whole − t, computed exactly: −1 below, 0 equal, 1 above.
 * `part` and `whole` are non-negative integers, whole > 0.
 */
export function compareShare(part: number, whole: number, t: Threshold): -1 | 0 | 1 {
  assertInt(part, 'part');
  assertInt(whole, 'whole');
  if (whole === 0) throw new RangeError('whole must be positive');
  const { num, den } = exactFraction(t);
  const d = BigInt(part) * den - num * BigInt(whole);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The decision on one proposal (see the header for every rule). Throws a RangeError on bad input. */
export function adoptionResult(input: AdoptionInput): AdoptionResult {
  const { tally } = input;
  assertInt(tally.for, 'tally.for');
  assertInt(tally.against, 'tally.against');
  const abstain = tally.abstain ?? 0;
  assertInt(abstain, 'tally.abstain');
  const basis = input.basis ?? 'expressed';
  if (!ADOPTION_BASES.includes(basis)) throw new RangeError(`unknown basis ${JSON.stringify(basis)}`);
  const comparison = input.comparison ?? 'atLeast';
  if (comparison !== 'atLeast' && comparison !== 'moreThan') {
    throw new RangeError(`unknown comparison ${JSON.stringify(comparison)}`);
  }
  const { num, den } = exactFraction(input.threshold ?? DEFAULT_ADOPTION_THRESHOLD);
  const { present, members } = input;
  if (present !== undefined) assertInt(present, 'present');
  if (members !== undefined) assertInt(members, 'members');
  if (present !== undefined && members !== undefined && present > members) {
    throw new RangeError(`present (${present}) exceeds members (${members})`);
  }
  const cast = tally.for + tally.against + abstain;

  let denominator: number;
  if (basis === 'expressed') {
    denominator = tally.for + tally.against;
  } else if (basis === 'present') {
    if (present === undefined) throw new RangeError('basis "present" needs the number of members present');
    denominator = Math.max(present, cast);
  } else {
    if (members === undefined) throw new RangeError('basis "members" needs the number of members');
    if (cast > members) throw new RangeError(`votes cast (${cast}) exceed the members (${members})`);
    denominator = members;
  }

  let quorumMet = true;
  if (input.quorum !== undefined) {
    assertInt(input.quorum, 'quorum');
    if (present === undefined) throw new RangeError('a quorum needs the number of members present');
    quorumMet = Math.max(present, cast) >= input.quorum;
  }

  const bound = num * BigInt(denominator); // for · den compared with this
  const atLeastVotes = (bound + den - 1n) / den; // ⌈n·D/d⌉
  const moreThanVotes = bound / den + 1n; // ⌊n·D/d⌋ + 1
  const needed = comparison === 'atLeast' ? atLeastVotes : moreThanVotes;
  const required = Number(needed > 1n ? needed : 1n);

  return {
    share: denominator === 0 ? 0 : tally.for / denominator,
    required,
    adopted: quorumMet && denominator > 0 && tally.for >= required,
    quorumMet,
    denominator,
  };
}
