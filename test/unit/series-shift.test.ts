import { describe, expect, it } from 'vitest';
import { largestMove, shiftBetween, waveFigures, type WaveCounts } from '../../shared/features/series/shift.ts';
import { pollTransitions, transitionTable } from '../../shared/features/series/transitions.ts';

// Issue 17, item 4: how the room moved between waves of one question. Each case gives two waves'
// counts and the figures a facilitator reads: shares, percentage points, a scale's mean and
// median, a consensus check's share agreeing (its own sides and thresholds) and mean level.

const options = [{ key: 'o1', label: 'D’accord' }, { key: 'o2', label: 'Pas d’accord' }, { key: 'o3', label: 'Sans avis' }];
const choices = (counts: number[], respondents: number, present: number): WaveCounts => ({ kind: 'choices', options, counts, respondents, present });
const scale = (counts: number[], present = 20): WaveCounts => ({ kind: 'scale', min: 1, max: 5, counts, respondents: counts.reduce((a, b) => a + b, 0), present });
const check = (counts: number[][], respondents: number, present: number, thresholds = {}): WaveCounts => ({
  kind: 'check',
  levels: 5,
  thresholds,
  proposals: counts.map((c, i) => ({ proposalId: `p${i + 1}`, counts: c })),
  respondents,
  present,
});

describe('one wave', () => {
  it.each([
    // [what, wave, shares (of respondents), participation, mean, median]
    ['single choice', choices([10, 6, 4], 20, 25), [0.5, 0.3, 0.2], 0.8, null, null],
    ['multiple choice: shares of respondents, may add up past 1', choices([8, 6, 4], 10, 10), [0.8, 0.6, 0.4], 1, null, null],
    ['nobody answered', choices([0, 0, 0], 0, 12), [0, 0, 0], 0, null, null],
    ['nobody present', choices([0, 0, 0], 0, 0), [0, 0, 0], null, null, null],
    ['scale: mean and median (odd count)', scale([1, 0, 1, 0, 1]), [1 / 3, 0, 1 / 3, 0, 1 / 3], 3 / 20, 3, 3],
    ['scale: median of an even count is between the middle two', scale([1, 1, 0, 0, 0]), [0.5, 0.5, 0, 0, 0], 2 / 20, 1.5, 1.5],
  ] as const)('%s', (_what, wave, shares, participation, mean, median) => {
    const f = waveFigures(wave);
    expect(f.options.map((o) => o.share)).toEqual(shares);
    expect(f.participation).toBe(participation);
    expect(f.mean).toBe(mean);
    expect(f.median).toBe(median);
  });

  it('a check: per proposal, the share agreeing and the mean level, "Je ne sais pas" apart', () => {
    // 5 levels: 0 and 1 agree, 2 neutral, 3 and 4 disagree; the sixth cell is "Je ne sais pas".
    const f = waveFigures(check([[4, 2, 1, 1, 0, 2], [0, 0, 0, 0, 0, 0]], 10, 12));
    expect(f.proposals[0]).toMatchObject({ proposalId: 'p1', answers: 8, unsure: 2, agree: 6 / 8, mean: (0 * 4 + 1 * 2 + 2 + 3) / 8, marker: 'consensus' });
    expect(f.proposals[1]).toMatchObject({ answers: 0, agree: 0, mean: null, marker: 'insufficient' });
  });

  it("a check's own thresholds decide its marker", () => {
    const counts = [[4, 2, 1, 1, 0, 0]];
    expect(waveFigures(check(counts, 8, 8)).proposals[0]!.marker).toBe('consensus');
    expect(waveFigures(check(counts, 8, 8, { consensusAgree: 0.8 })).proposals[0]!.marker).not.toBe('consensus');
  });
});

describe('the shift between two waves', () => {
  it.each([
    // [what, before, after, points per option, participation points]
    ['18 points more agree', choices([8, 8, 4], 20, 20), choices([19, 8, 3], 30, 30), [{ key: 'o1', points: 23.3 }, { key: 'o2', points: -13.3 }, { key: 'o3', points: -10 }], 0],
    ['nothing moved', choices([5, 5, 0], 10, 20), choices([10, 10, 0], 20, 40), [{ key: 'o1', points: 0 }, { key: 'o2', points: 0 }, { key: 'o3', points: 0 }], 0],
    ['participation fell', choices([10, 0, 0], 10, 10), choices([5, 0, 0], 5, 10), [{ key: 'o1', points: 0 }, { key: 'o2', points: 0 }, { key: 'o3', points: 0 }], -50],
  ] as const)('%s', (_what, before, after, moves, participation) => {
    const s = shiftBetween(waveFigures(before), waveFigures(after), 0, 2);
    expect(s.options.map(({ key, points }) => ({ key, points }))).toEqual(moves);
    expect(s.participationPoints).toBe(participation);
    expect([s.from, s.to]).toEqual([0, 2]);
  });

  it('the sentence names the answer that moved most', () => {
    const s = shiftBetween(waveFigures(choices([8, 8, 4], 20, 20)), waveFigures(choices([13, 5, 2], 20, 20)), 0, 1);
    expect(largestMove(s)).toEqual({ key: 'o1', label: 'D’accord', points: 25 });
    expect(largestMove(shiftBetween(waveFigures(choices([1, 1, 0], 2, 2)), waveFigures(choices([1, 1, 0], 2, 2)), 0, 1))).toBeNull();
  });

  it('a scale: how the mean and the median moved', () => {
    const s = shiftBetween(waveFigures(scale([4, 4, 2, 0, 0])), waveFigures(scale([0, 2, 4, 4, 0])), 0, 1);
    expect(s.meanMove).toBe(1.4);
    expect(s.medianMove).toBe(1);
    expect(shiftBetween(waveFigures(scale([0, 0, 0, 0, 0])), waveFigures(scale([1, 0, 0, 0, 0])), 0, 1).meanMove).toBeNull();
  });

  it('a check: per proposal, agreeing points, mean move (negative: towards agreement) and markers', () => {
    const before = waveFigures(check([[1, 1, 2, 3, 3, 0]], 10, 10));
    const after = waveFigures(check([[5, 3, 1, 1, 0, 1]], 11, 12));
    const [p] = shiftBetween(before, after, 0, 1).proposals;
    expect(p).toEqual({ proposalId: 'p1', agreePoints: 60, meanMove: -1.8, markerFrom: 'divided', markerTo: 'consensus' });
  });
});

describe('transition tables', () => {
  it('a poll: counted member by member from the two waves, newcomers in the "none" row', () => {
    const a = (id: string) => ({ kind: 'choices' as const, optionIds: [id] });
    const earlier = { m1: a('o1'), m2: a('o2'), m3: a('o2'), m4: a('o3') };
    const later = { m1: a('o1'), m2: a('o1'), m3: a('o2'), m5: a('o3') };
    expect(pollTransitions(earlier, later)).toEqual({ 'o1>o1': 1, 'o2>o1': 1, 'o2>o2': 1, 'none>o3': 1 });
  });

  it('hides every count under k, and those that would give it away', () => {
    const counts = { 'o1>o1': 9, 'o1>o2': 2, 'o2>o2': 12, 'o2>o1': 6, 'none>o1': 5, 'none>o2': 5 };
    const t = transitionTable(options.slice(0, 2), counts, 5);
    expect(t.rows.map((r) => r.key)).toEqual(['o1', 'o2', 'none']);
    expect(t.total).toBe(39);
    expect(t.cells[0]![1]).toBeNull();
    expect(t.cells.flat().filter((n) => n !== null && n < 5 && n > 0)).toEqual([]);
    expect(t.hidden).toBeGreaterThanOrEqual(4);
  });
});
