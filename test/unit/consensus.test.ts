import { describe, expect, test } from 'vitest';
import {
  ABSTAIN_LABEL,
  agreementSides,
  consensus,
  consensusMarker,
  DEFAULT_AGREEMENT_LEVELS,
  DEFAULT_CONSENSUS_THRESHOLDS,
  groupAwareConsensus,
  groupDifference,
  Z_90,
} from '../../shared/math/consensus.ts';

describe('gradient of agreement: sides', () => {
  test('default: five levels from full agreement, plus "Je ne sais pas" apart', () => {
    expect(DEFAULT_AGREEMENT_LEVELS).toEqual([
      "Tout à fait d’accord",
      "Plutôt d’accord",
      "Ni d’accord ni pas d’accord",
      "Plutôt pas d’accord",
      "Pas du tout d’accord",
    ]);
    expect(ABSTAIN_LABEL).toBe('Je ne sais pas');
  });

  test.each([
    { levels: 2, agree: [0], neutral: [], disagree: [1] },
    { levels: 3, agree: [0], neutral: [1], disagree: [2] },
    { levels: 4, agree: [0, 1], neutral: [], disagree: [2, 3] },
    { levels: 5, agree: [0, 1], neutral: [2], disagree: [3, 4] },
    { levels: 7, agree: [0, 1, 2], neutral: [3], disagree: [4, 5, 6] },
    { levels: 8, agree: [0, 1, 2, 3], neutral: [], disagree: [4, 5, 6, 7] },
  ])('$levels levels: levels strictly on each side of the middle', ({ levels, agree, neutral, disagree }) => {
    expect(agreementSides(levels)).toEqual({ agree, neutral, disagree });
  });

  test('a gradient has at least two levels', () => {
    expect(() => agreementSides(1)).toThrow('a gradient needs at least 2 levels (got 1)');
    expect(() => consensus({ counts: [4] })).toThrow(RangeError);
  });
});

describe('consensus(): shares and positions', () => {
  test('a worked example (5 levels)', () => {
    const r = consensus({ counts: [6, 2, 1, 1, 0], abstain: 2 });
    expect(r).toEqual({
      levels: 5,
      answers: 10,
      abstain: 2,
      abstainShare: 2 / 12,
      agree: 0.8,
      neutral: 0.1,
      disagree: 0.1,
      mean: (0 * 6 + 1 * 2 + 2 * 1 + 3 * 1) / 10,
      median: 0,
      polarisation: 0.2,
      dispersion: expect.closeTo((6 * 0.7 ** 2 + 2 * 0.3 ** 2 + 1.3 ** 2 + 2.3 ** 2) / 10 / 4, 12),
      leaning: 'agree',
      marker: 'consensus',
    });
  });

  test('the median is the lower (less favourable) one for an even count', () => {
    expect(consensus({ counts: [2, 0, 0, 0, 2] }).median).toBe(4);
    expect(consensus({ counts: [3, 0, 0, 0, 2] }).median).toBe(0);
    expect(consensus({ counts: [1, 1, 1, 1, 0] }).median).toBe(2);
  });

  test('polarisation and dispersion: 1 when the room splits in two halves at the ends', () => {
    const r = consensus({ counts: [5, 0, 0, 0, 5] });
    expect([r.polarisation, r.dispersion, r.mean, r.marker]).toEqual([1, 1, 2, 'dissent']);
    const same = consensus({ counts: [0, 0, 7, 0, 0] });
    expect([same.polarisation, same.dispersion, same.neutral, same.leaning, same.marker]).toEqual([0, 0, 1, 'balanced', 'divided']);
  });

  test('no answer at all: shares 0, positions null, insufficient', () => {
    expect(consensus({ counts: [0, 0, 0, 0, 0] })).toEqual({
      levels: 5,
      answers: 0,
      abstain: 0,
      abstainShare: null,
      agree: 0,
      neutral: 0,
      disagree: 0,
      mean: null,
      median: null,
      polarisation: 0,
      dispersion: null,
      leaning: 'balanced',
      marker: 'insufficient',
    });
  });

  test('other gradients: 3 and 4 levels', () => {
    const three = consensus({ counts: [6, 3, 1] });
    expect([three.agree, three.neutral, three.disagree, three.marker]).toEqual([0.6, 0.3, 0.1, 'consensus']);
    const four = consensus({ counts: [4, 4, 1, 1] });
    expect([four.agree, four.neutral, four.disagree, four.marker, four.median]).toEqual([0.8, 0, 0.2, 'consensus', 1]);
  });

  test.each([
    { name: 'negative count', input: { counts: [1, -1, 0, 0, 0] }, message: 'counts[1] must be a non-negative integer (got -1)' },
    { name: 'fractional count', input: { counts: [1, 0.5, 0, 0, 0] }, message: 'counts[1] must be a non-negative integer (got 0.5)' },
    { name: 'bad abstain', input: { counts: [1, 0, 0, 0, 0], abstain: -2 }, message: 'abstain must be a non-negative integer (got -2)' },
  ])('rejects: $name', ({ input, message }) => {
    expect(() => consensus(input)).toThrow(message);
  });
});

describe('consensus(): markers at their boundaries (default thresholds)', () => {
  test('the defaults', () => {
    expect(DEFAULT_CONSENSUS_THRESHOLDS).toEqual({
      strongAgree: 0.8,
      strongDisagreeMax: 0.05,
      consensusAgree: 0.6,
      consensusDisagreeMax: 0.2,
      dissentAgree: 0.3,
      dissentDisagree: 0.3,
      minAnswers: 3,
    });
  });

  test.each([
    { counts: [2, 0, 0, 0, 0], marker: 'insufficient', why: '2 answers < 3' },
    { counts: [3, 0, 0, 0, 0], marker: 'strong_consensus', why: '3 answers, all agree' },
    { counts: [3, 1, 1, 0, 0], marker: 'strong_consensus', why: 'agree exactly 0.8, disagree 0' },
    { counts: [8, 8, 3, 1, 0], marker: 'strong_consensus', why: 'agree 0.8, disagree exactly 0.05' },
    { counts: [8, 8, 2, 2, 0], marker: 'consensus', why: 'agree 0.8, disagree 0.1 > 0.05' },
    { counts: [3, 1, 2, 0, 0], marker: 'consensus', why: 'agree 4/6 ≥ 0.6 but < 0.8' },
    { counts: [3, 3, 2, 1, 1], marker: 'consensus', why: 'agree exactly 0.6, disagree exactly 0.2' },
    { counts: [3, 3, 1, 2, 1], marker: 'dissent', why: 'agree 0.6 but disagree 0.3 > 0.2: both ends substantial' },
    { counts: [2, 3, 0, 2, 3], marker: 'dissent', why: 'agree 0.5, disagree 0.5' },
    { counts: [3, 0, 4, 0, 3], marker: 'dissent', why: 'agree exactly 0.3, disagree exactly 0.3' },
    { counts: [3, 0, 5, 0, 2], marker: 'divided', why: 'disagree 0.2 < 0.3' },
    { counts: [5, 0, 0, 2, 3], marker: 'dissent', why: 'agree 0.5, disagree 0.5' },
    { counts: [2, 3, 4, 1, 0], marker: 'divided', why: 'agree 0.5 < 0.6, disagree 0.1 < 0.3' },
    { counts: [0, 0, 1, 2, 7], marker: 'divided', why: 'a broad rejection: leaning says so' },
  ])('$counts → $marker ($why)', ({ counts, marker }) => {
    expect(consensus({ counts }).marker).toBe(marker);
  });

  test('a broad rejection leans to disagreement', () => {
    const r = consensus({ counts: [0, 0, 1, 2, 7] });
    expect([r.agree, r.disagree, r.leaning]).toEqual([0, 0.9, 'disagree']);
  });

  test('abstentions are not answers', () => {
    expect(consensus({ counts: [2, 0, 0, 0, 0], abstain: 40 }).marker).toBe('insufficient');
    const r = consensus({ counts: [4, 0, 0, 0, 1], abstain: 15 });
    expect([r.agree, r.abstainShare, r.marker]).toEqual([0.8, 0.75, 'consensus']);
  });

  test('comparisons are exact: 55 of 100 is 55 %, although 0.55 · 100 = 55.00000000000001 in floating point', () => {
    expect(0.55 * 100).toBeGreaterThan(55); // the trap of "count >= threshold * n"
    expect(consensusMarker(55, 0, 100, { consensusAgree: 0.55 })).toBe('consensus');
    expect(consensusMarker(54, 0, 100, { consensusAgree: 0.55, dissentAgree: 1 })).toBe('divided');
    expect(0.58 * 50).toBeLessThan(29); // and of "count <= threshold * n"
    expect(consensusMarker(21, 29, 50, { consensusAgree: 0.4, consensusDisagreeMax: 0.58 })).toBe('consensus');
  });

  test('configurable thresholds, fractions included', () => {
    expect(consensus({ counts: [2, 0, 0, 0, 0] }, { minAnswers: 2 }).marker).toBe('strong_consensus');
    expect(consensus({ counts: [4, 0, 1, 0, 0] }).marker).toBe('strong_consensus');
    expect(consensus({ counts: [4, 0, 1, 0, 0] }, { strongAgree: 0.9 }).marker).toBe('consensus');
    const twoThirds = { numerator: 2, denominator: 3 };
    expect(consensus({ counts: [1, 1, 1, 0, 0] }, { strongAgree: 1, consensusAgree: twoThirds }).marker).toBe('consensus');
    expect(consensus({ counts: [1, 1, 1, 1, 0] }, { strongAgree: 1, consensusAgree: twoThirds }).marker).toBe('divided');
    expect(consensus({ counts: [2, 0, 0, 0, 1] }, { dissentAgree: 0.25, dissentDisagree: 0.25, consensusDisagreeMax: 0.35 }).marker).toBe('consensus');
    expect(consensus({ counts: [2, 0, 0, 0, 1] }, { dissentAgree: 0.25, dissentDisagree: 0.25 }).marker).toBe('dissent');
  });

  test('bad thresholds are refused', () => {
    expect(() => consensus({ counts: [3, 0, 0, 0, 0] }, { strongAgree: 1.2 })).toThrow('threshold must be between 0 and 1');
    expect(() => consensusMarker(3, 3, 5)).toThrow('agree + disagree exceed the answers');
  });
});

describe('Pol.is group-aware consensus', () => {
  test('Π (A_g + 1) / (S_g + 2)', () => {
    expect(groupAwareConsensus([{ agree: 8, total: 10 }, { agree: 3, total: 10 }])).toBeCloseTo((9 / 12) * (4 / 12), 15);
    expect(groupAwareConsensus([{ agree: 8, total: 10 }, { agree: 3, total: 10 }])).toBeCloseTo(0.25, 15);
    // A group that has not voted counts as a coin toss, 1/2.
    expect(groupAwareConsensus([{ agree: 0, total: 0 }])).toBe(0.5);
    expect(groupAwareConsensus([{ agree: 20, total: 20 }, { agree: 10, total: 10 }, { agree: 0, total: 0 }])).toBeCloseTo(
      (21 / 22) * (11 / 12) * 0.5,
      15,
    );
  });

  test('every group must agree: one dissenting group pulls the product down', () => {
    const allAgree = groupAwareConsensus([{ agree: 18, total: 20 }, { agree: 18, total: 20 }]);
    const oneGroupAgainst = groupAwareConsensus([{ agree: 36, total: 40 }, { agree: 2, total: 20 }]);
    expect(allAgree).toBeCloseTo((19 / 22) ** 2, 15); // ≈ 0.75
    expect(oneGroupAgainst).toBeCloseTo((37 / 42) * (3 / 22), 15); // ≈ 0.12, though 38 of 60 agree overall
    expect(oneGroupAgainst).toBeLessThan(0.15);
  });

  test.each([
    { name: 'no group', groups: [], message: 'group-aware consensus needs at least one group' },
    { name: 'agree > total', groups: [{ agree: 3, total: 2 }], message: 'groups[0]: agree (3) exceeds total (2)' },
    { name: 'negative', groups: [{ agree: -1, total: 2 }], message: 'groups[0].agree must be a non-negative integer (got -1)' },
  ])('rejects: $name', ({ groups, message }) => {
    expect(() => groupAwareConsensus(groups)).toThrow(message);
  });
});

describe('Pol.is group difference (two-proportion z-test)', () => {
  test('Laplace smoothing p = (A + 1) / (S + 2): a worked example', () => {
    // Group 9 agree of 10, rest 20 of 40: p1 = 10/12, p2 = 21/42, pooled = 31/54.
    const r = groupDifference({ agree: 9, total: 10 }, { agree: 20, total: 40 });
    const pooled = 31 / 54;
    const z = (10 / 12 - 0.5) / Math.sqrt(pooled * (1 - pooled) * (1 / 12 + 1 / 42));
    expect(r.z).toBeCloseTo(z, 12);
    expect(r.z).toBeCloseTo(2.0594, 4);
    expect(r).toMatchObject({ significant: true, direction: 'more_agree', pGroup: 10 / 12, pRest: 0.5 });
  });

  test("'polis' smoothing reproduces Pol.is's own test: (two-prop-test 15 56 24 71) ≈ −1.518", () => {
    const r = groupDifference({ agree: 15, total: 24 }, { agree: 56, total: 71 }, 'polis');
    expect(Math.abs(r.z - -1.518)).toBeLessThan(0.01);
    expect(r).toMatchObject({ significant: true, direction: 'less_agree', pGroup: 16 / 25, pRest: 57 / 72 });
    // Same counts with the default smoothing: close, not identical.
    expect(groupDifference({ agree: 15, total: 24 }, { agree: 56, total: 71 }).z).toBeCloseTo(-1.6461, 4);
  });

  test('significance is strict: |z| > 1.2816', () => {
    expect(Z_90).toBe(1.2816);
    const weak = groupDifference({ agree: 7, total: 10 }, { agree: 25, total: 50 });
    expect(weak.z).toBeCloseTo(1.0429, 4);
    expect(weak).toMatchObject({ significant: false, direction: 'more_agree' });
    const none = groupDifference({ agree: 5, total: 10 }, { agree: 50, total: 100 });
    expect(none).toMatchObject({ z: 0, significant: false, direction: 'same' });
  });

  test("Pol.is guard: z = 0 when the pooled proportion is 1 ('polis' only; Laplace never reaches 1)", () => {
    expect(groupDifference({ agree: 3, total: 3 }, { agree: 5, total: 5 }, 'polis').z).toBe(0);
    expect(groupDifference({ agree: 3, total: 3 }, { agree: 5, total: 5 }).z).toBeCloseTo(
      (4 / 5 - 6 / 7) / Math.sqrt((10 / 12) * (2 / 12) * (1 / 5 + 1 / 7)),
      12,
    );
  });

  test('empty groups give z = 0 under Laplace smoothing', () => {
    expect(groupDifference({ agree: 0, total: 0 }, { agree: 0, total: 0 })).toMatchObject({ z: 0, significant: false });
  });

  test('rejects bad counts and smoothing', () => {
    expect(() => groupDifference({ agree: 4, total: 3 }, { agree: 0, total: 0 })).toThrow('group: agree (4) exceeds total (3)');
    expect(() => groupDifference({ agree: 1, total: 3 }, { agree: 0, total: 0 }, 'bayes' as 'polis')).toThrow('unknown smoothing "bayes"');
  });
});
