import { describe, expect, it } from 'vitest';
import { barLengths } from '../../client/lib/bar-scale.ts';

// Poll bars are drawn against the largest answer, not against 100 % of respondents (issue 18, 12).

describe('barLengths', () => {
  it('the largest answer fills the track, the others in proportion', () => {
    // A 5-option poll of 40 respondents: 12, 10, 8, 6, 4 (30 %, 25 %, 20 %, 15 %, 10 %).
    expect(barLengths([12, 10, 8, 6, 4])).toEqual([100, (10 / 12) * 100, (8 / 12) * 100, 50, (4 / 12) * 100]);
  });

  it('keeps the order and the ratios of the counts', () => {
    const counts = [3, 9, 0, 6];
    const lengths = barLengths(counts);
    expect(lengths[1]).toBe(100);
    expect(lengths[2]).toBe(0);
    expect(lengths[3]! / lengths[0]!).toBeCloseTo(2);
  });

  it('ties at the top both fill the track', () => {
    expect(barLengths([5, 5, 1])).toEqual([100, 100, 20]);
  });

  it('no answers: no bars, and no division by zero', () => {
    expect(barLengths([0, 0, 0])).toEqual([0, 0, 0]);
    expect(barLengths([])).toEqual([]);
  });
});
