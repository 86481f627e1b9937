import { describe, expect, test } from 'vitest';
import {
  adoptionResult,
  compareShare,
  DEFAULT_ADOPTION_THRESHOLD,
  exactFraction,
  type AdoptionInput,
} from '../../shared/math/adoption.ts';

const tally = (f: number, against: number, abstain = 0) => ({ for: f, against, abstain });

describe('adoptionResult(): every basis, at the boundaries', () => {
  test('the default threshold is 60 %, on the votes expressed', () => {
    expect(DEFAULT_ADOPTION_THRESHOLD).toBe(0.6);
    expect(adoptionResult({ tally: tally(60, 40, 25) })).toEqual({
      share: 0.6,
      required: 60,
      adopted: true,
      quorumMet: true,
      denominator: 100,
    });
  });

  test.each<{ name: string; input: AdoptionInput; share: number; required: number; adopted: boolean; denominator: number }>([
    // expressed: D = for + against, abstentions do not count
    { name: 'expressed: 60 of 100 is 60 %, adopted', input: { tally: tally(60, 40, 30) }, share: 0.6, required: 60, adopted: true, denominator: 100 },
    { name: 'expressed: 59 of 100, rejected', input: { tally: tally(59, 41) }, share: 0.59, required: 60, adopted: false, denominator: 100 },
    { name: 'expressed: 59.99 % (5999 of 10000), rejected', input: { tally: tally(5999, 4001) }, share: 0.5999, required: 6000, adopted: false, denominator: 10000 },
    { name: 'expressed: 60.00 % (6000 of 10000), adopted', input: { tally: tally(6000, 4000) }, share: 0.6, required: 6000, adopted: true, denominator: 10000 },
    { name: 'expressed: 3 of 5', input: { tally: tally(3, 2) }, share: 0.6, required: 3, adopted: true, denominator: 5 },
    { name: 'expressed: 0 votes', input: { tally: tally(0, 0) }, share: 0, required: 1, adopted: false, denominator: 0 },
    { name: 'expressed: abstentions only', input: { tally: tally(0, 0, 12) }, share: 0, required: 1, adopted: false, denominator: 0 },
    { name: 'expressed: one vote for, nothing else', input: { tally: tally(1, 0, 12) }, share: 1, required: 1, adopted: true, denominator: 1 },
    // present: D = members present; abstaining and not voting count against
    { name: 'present: 54 of 90 present, adopted', input: { tally: tally(54, 20, 6), basis: 'present', present: 90 }, share: 0.6, required: 54, adopted: true, denominator: 90 },
    { name: 'present: 53 of 90, rejected though 53/73 expressed', input: { tally: tally(53, 20), basis: 'present', present: 90 }, share: 53 / 90, required: 54, adopted: false, denominator: 90 },
    { name: 'present: abstentions only', input: { tally: tally(0, 0, 10), basis: 'present', present: 10 }, share: 0, required: 6, adopted: false, denominator: 10 },
    { name: 'present: nobody present', input: { tally: tally(0, 0), basis: 'present', present: 0 }, share: 0, required: 1, adopted: false, denominator: 0 },
    { name: 'present: more votes than present, D = votes cast', input: { tally: tally(50, 30, 5), basis: 'present', present: 83 }, share: 50 / 85, required: 51, adopted: false, denominator: 85 },
    // members: D = all members
    { name: 'members: 60 of 100 members, adopted', input: { tally: tally(60, 10), basis: 'members', members: 100 }, share: 0.6, required: 60, adopted: true, denominator: 100 },
    { name: 'members: 59 of 100, rejected though 59/69 expressed', input: { tally: tally(59, 10), basis: 'members', members: 100 }, share: 0.59, required: 60, adopted: false, denominator: 100 },
    { name: 'members: 83 members, 50 for = 60.24 %', input: { tally: tally(50, 0), basis: 'members', members: 83, present: 60 }, share: 50 / 83, required: 50, adopted: true, denominator: 83 },
    { name: 'members: 83 members, 49 for = 59.04 %', input: { tally: tally(49, 0), basis: 'members', members: 83 }, share: 49 / 83, required: 50, adopted: false, denominator: 83 },
  ])('$name', ({ input, share, required, adopted, denominator }) => {
    expect(adoptionResult(input)).toEqual({ share, required, adopted, quorumMet: true, denominator });
  });
});

describe('adoptionResult(): thresholds and comparisons', () => {
  test.each<{ name: string; input: AdoptionInput; adopted: boolean; required: number }>([
    { name: 'two thirds as a fraction: 2 of 3', input: { tally: tally(2, 1), threshold: { numerator: 2, denominator: 3 } }, adopted: true, required: 2 },
    { name: 'two thirds as a fraction: 66 of 100', input: { tally: tally(66, 34), threshold: { numerator: 2, denominator: 3 } }, adopted: false, required: 67 },
    { name: 'two thirds as a fraction: 67 of 100', input: { tally: tally(67, 33), threshold: { numerator: 2, denominator: 3 } }, adopted: true, required: 67 },
    { name: 'two thirds as the number 2/3 (0.6666666666666666): 2 of 3', input: { tally: tally(2, 1), threshold: 2 / 3 }, adopted: true, required: 2 },
    { name: 'basis points 6667 / 10000: 2 of 3 is below', input: { tally: tally(2, 1), threshold: 6667 / 10_000 }, adopted: false, required: 3 },
    { name: '0.55: 55 of 100 (0.55 · 100 = 55.00000000000001 in floats)', input: { tally: tally(55, 45), threshold: 0.55 }, adopted: true, required: 55 },
    { name: 'more than half: 50 of 100 is not enough', input: { tally: tally(50, 50), threshold: 0.5, comparison: 'moreThan' }, adopted: false, required: 51 },
    { name: 'more than half: 51 of 100', input: { tally: tally(51, 49), threshold: 0.5, comparison: 'moreThan' }, adopted: true, required: 51 },
    { name: 'more than half: 3 of 5', input: { tally: tally(3, 2), threshold: 0.5, comparison: 'moreThan' }, adopted: true, required: 3 },
    { name: 'half or more: 50 of 100', input: { tally: tally(50, 50), threshold: 0.5 }, adopted: true, required: 50 },
    { name: 'threshold 0 still needs one vote for', input: { tally: tally(0, 5), threshold: 0 }, adopted: false, required: 1 },
    { name: 'threshold 0 with one vote for', input: { tally: tally(1, 5), threshold: 0 }, adopted: true, required: 1 },
    { name: 'unanimity: all for', input: { tally: tally(12, 0, 3), threshold: 1 }, adopted: true, required: 12 },
    { name: 'unanimity: one against', input: { tally: tally(12, 1), threshold: 1 }, adopted: false, required: 13 },
    { name: 'more than 100 % is impossible', input: { tally: tally(12, 0), threshold: 1, comparison: 'moreThan' }, adopted: false, required: 13 },
  ])('$name', ({ input, adopted, required }) => {
    const r = adoptionResult(input);
    expect([r.adopted, r.required]).toEqual([adopted, required]);
  });
});

describe('adoptionResult(): quorum (members who must be present)', () => {
  const base = { tally: tally(40, 0), present: 49, members: 100 };
  test.each([
    { name: 'not met: nothing is adopted, even unanimously', input: { ...base, quorum: 50 }, quorumMet: false, adopted: false },
    { name: 'met exactly', input: { ...base, present: 50, quorum: 50 }, quorumMet: true, adopted: true },
    { name: 'quorum 0 means no quorum', input: { ...base, quorum: 0 }, quorumMet: true, adopted: true },
    { name: 'no quorum', input: base, quorumMet: true, adopted: true },
    { name: 'anyone who voted was present', input: { ...base, tally: tally(40, 8, 2), present: 48, quorum: 50 }, quorumMet: true, adopted: true },
  ])('$name', ({ input, quorumMet, adopted }) => {
    const r = adoptionResult(input);
    expect([r.quorumMet, r.adopted]).toEqual([quorumMet, adopted]);
  });
});

describe('adoptionResult(): errors', () => {
  test.each<{ name: string; input: AdoptionInput; message: string }>([
    { name: 'negative count', input: { tally: tally(-1, 0) }, message: 'tally.for must be a non-negative integer (got -1)' },
    { name: 'fractional count', input: { tally: tally(1, 0.5) }, message: 'tally.against must be a non-negative integer (got 0.5)' },
    { name: 'threshold above 1', input: { tally: tally(1, 0), threshold: 1.5 }, message: 'threshold must be between 0 and 1 (got 1.5)' },
    { name: 'negative threshold', input: { tally: tally(1, 0), threshold: -0.1 }, message: 'threshold must be between 0 and 1 (got -0.1)' },
    { name: 'NaN threshold', input: { tally: tally(1, 0), threshold: Number.NaN }, message: 'threshold must be a finite number (got NaN)' },
    { name: 'fraction above 1', input: { tally: tally(1, 0), threshold: { numerator: 3, denominator: 2 } }, message: 'threshold must be between 0 and 1 (got 3/2)' },
    { name: 'fraction with denominator 0', input: { tally: tally(1, 0), threshold: { numerator: 0, denominator: 0 } }, message: 'threshold.denominator must be positive' },
    { name: 'unknown basis', input: { tally: tally(1, 0), basis: 'room' as 'present' }, message: 'unknown basis "room"' },
    { name: 'unknown comparison', input: { tally: tally(1, 0), comparison: 'gt' as 'moreThan' }, message: 'unknown comparison "gt"' },
    { name: 'present basis without present', input: { tally: tally(1, 0), basis: 'present' }, message: 'basis "present" needs the number of members present' },
    { name: 'members basis without members', input: { tally: tally(1, 0), basis: 'members' }, message: 'basis "members" needs the number of members' },
    { name: 'more votes than members', input: { tally: tally(90, 10, 1), basis: 'members', members: 100 }, message: 'votes cast (101) exceed the members (100)' },
    { name: 'more present than members', input: { tally: tally(1, 0), present: 101, members: 100 }, message: 'present (101) exceeds members (100)' },
    { name: 'quorum without present', input: { tally: tally(1, 0), quorum: 10 }, message: 'a quorum needs the number of members present' },
    { name: 'quorum not a count', input: { tally: tally(1, 0), quorum: 0.5, present: 10 }, message: 'quorum must be a non-negative integer (got 0.5)' },
  ])('$name', ({ input, message }) => {
    expect(() => adoptionResult(input)).toThrow(RangeError);
    expect(() => adoptionResult(input)).toThrow(message);
  });
});

describe('exact fractions', () => {
  test.each([
    { t: 0.6, num: 6n, den: 10n },
    { t: 0, num: 0n, den: 1n },
    { t: 1, num: 1n, den: 1n },
    { t: 0.6667, num: 6667n, den: 10000n },
    { t: 1e-7, num: 1n, den: 10_000_000n },
    { t: 2.5e-8, num: 25n, den: 1_000_000_000n },
    { t: 0.1 + 0.2, num: 30000000000000004n, den: 10n ** 17n },
  ])('$t', ({ t, num, den }) => {
    expect(exactFraction(t)).toEqual({ num, den });
  });

  test('compareShare is exact on both sides of the boundary', () => {
    expect(compareShare(60, 100, 0.6)).toBe(0);
    expect(compareShare(5999, 10000, 0.6)).toBe(-1);
    expect(compareShare(6001, 10000, 0.6)).toBe(1);
    expect(compareShare(2, 3, { numerator: 2, denominator: 3 })).toBe(0);
    expect(compareShare(1, 9_007_199_254_740_991, 1e-16)).toBe(1); // 1.11e-16 > 1e-16
    expect(compareShare(1, 9_007_199_254_740_991, 2e-16)).toBe(-1);
    expect(() => compareShare(1, 0, 0.5)).toThrow('whole must be positive');
  });
});
