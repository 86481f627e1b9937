import { describe, expect, it } from 'vitest';
import { countChoices, scaleStats, wholePercent } from '../../shared/math/poll-counts.ts';

// Counting quick polls (docs/methods.md, "Quick polls"): counts and percentages of respondents,
// a scale's distribution, mean and median.

describe('wholePercent', () => {
  it.each([
    [0, 0, 0],
    [0, 10, 0],
    [1, 3, 33],
    [2, 3, 67],
    [1, 8, 13], // 12.5 rounds half up
    [1, 200, 1], // 0.5 rounds half up
    [1, 201, 0], // 0.497…
    [37, 92, 40],
    [92, 92, 100],
  ])('%i of %i is %i %%', (count, total, percent) => {
    expect(wholePercent(count, total)).toBe(percent);
  });
});

describe('countChoices', () => {
  const options = ['o1', 'o2', 'o3', 'o4'];

  it.each([
    {
      name: 'single choice: percentages of respondents add up to 100 (before rounding)',
      answers: [['o1'], ['o1'], ['o2'], ['o4']],
      counts: [2, 1, 0, 1],
      percents: [50, 25, 0, 25],
      respondents: 4,
    },
    {
      name: 'multiple choice: each percentage is of the respondents, the total exceeds 100',
      answers: [['o1', 'o2'], ['o1', 'o3'], ['o1']],
      counts: [3, 1, 1, 0],
      percents: [100, 33, 33, 0],
      respondents: 3,
    },
    {
      name: 'an option listed twice in one answer counts once',
      answers: [['o2', 'o2'], ['o2']],
      counts: [0, 2, 0, 0],
      percents: [0, 100, 0, 0],
      respondents: 2,
    },
    {
      name: 'an unknown option is ignored, the respondent still counts',
      answers: [['zz'], ['o3']],
      counts: [0, 0, 1, 0],
      percents: [0, 0, 50, 0],
      respondents: 2,
    },
    { name: 'no answer: zeros, no division by zero', answers: [], counts: [0, 0, 0, 0], percents: [0, 0, 0, 0], respondents: 0 },
  ])('$name', ({ answers, counts, percents, respondents }) => {
    const result = countChoices(options, answers);
    expect(result.respondents).toBe(respondents);
    expect(result.options.map((o) => o.optionId)).toEqual(options);
    expect(result.options.map((o) => o.count)).toEqual(counts);
    expect(result.options.map((o) => o.percent)).toEqual(percents);
  });
});

describe('scaleStats', () => {
  it.each([
    { name: 'odd number of answers: the middle one', min: 1, max: 5, values: [1, 5, 3, 4, 4], mean: 3.4, median: 4, counts: [1, 0, 1, 2, 1] },
    { name: 'even number: the mean of the two middle ones', min: 1, max: 5, values: [2, 3, 4, 5], mean: 3.5, median: 3.5, counts: [0, 1, 1, 1, 1] },
    { name: 'a scale from 0 to 10', min: 0, max: 10, values: [0, 10, 10], mean: 20 / 3, median: 10, counts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2] },
    { name: 'values outside the scale are ignored', min: 1, max: 5, values: [0, 6, 2, 2.5], mean: 2, median: 2, counts: [0, 1, 0, 0, 0] },
    { name: 'no answer', min: 1, max: 3, values: [], mean: null, median: null, counts: [0, 0, 0] },
  ])('$name', ({ min, max, values, mean, median, counts }) => {
    const stats = scaleStats(min, max, values);
    expect(stats.distribution.map((d) => d.value)).toEqual(Array.from({ length: max - min + 1 }, (_, i) => min + i));
    expect(stats.distribution.map((d) => d.count)).toEqual(counts);
    expect(stats.respondents).toBe(counts.reduce((a, b) => a + b, 0));
    if (mean === null) expect(stats.mean).toBeNull();
    else expect(stats.mean).toBeCloseTo(mean, 10);
    expect(stats.median).toBe(median);
  });

  it('gives each value its share of the respondents', () => {
    expect(scaleStats(1, 3, [1, 1, 3]).distribution.map((d) => d.percent)).toEqual([67, 0, 33]);
  });
});
