// Counting quick polls: choices and scales (docs/methods.md, "Quick polls"). Pure functions over
// the members' latest answers; the word cloud of free-text polls is in word-cloud.ts.

/** `count` out of `total` as a whole percent, rounded half up, in integers (no float drift). */
export function wholePercent(count: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((200 * count + total) / (2 * total));
}

export interface ChoiceCount {
  optionId: string;
  count: number;
  /** Share of the respondents who chose it, in whole percent. */
  percent: number;
}

export interface ChoiceCounts {
  /** Members who answered. */
  respondents: number;
  /** Options in the poll's order, with their counts. */
  options: ChoiceCount[];
}

/**
 * Counts per option. Every percentage is of the respondents, so a multiple-choice poll's
 * percentages may add up to more than 100 (each says "x % of those who answered chose it").
 * An option id a poll does not have is ignored; an option listed twice in one answer counts once.
 */
export function countChoices(optionIds: readonly string[], answers: readonly (readonly string[])[]): ChoiceCounts {
  const counts = new Map(optionIds.map((id) => [id, 0]));
  for (const answer of answers) {
    for (const id of new Set(answer)) {
      const count = counts.get(id);
      if (count !== undefined) counts.set(id, count + 1);
    }
  }
  const respondents = answers.length;
  return { respondents, options: optionIds.map((optionId) => ({ optionId, count: counts.get(optionId)!, percent: wholePercent(counts.get(optionId)!, respondents) })) };
}

export interface ScaleStats {
  respondents: number;
  /** Every value from min to max, in order, with how many chose it. */
  distribution: { value: number; count: number; percent: number }[];
  /** Null without any answer. */
  mean: number | null;
  /** The middle answer; with an even number of answers, the mean of the two middle ones (it may end in .5). */
  median: number | null;
}

/** Distribution, mean and median of the answers to a scale from `min` to `max` (values outside are ignored). */
export function scaleStats(min: number, max: number, values: readonly number[]): ScaleStats {
  const kept = values.filter((v) => Number.isInteger(v) && v >= min && v <= max).sort((a, b) => a - b);
  const n = kept.length;
  const distribution: ScaleStats['distribution'] = [];
  for (let value = min; value <= max; value++) {
    const count = kept.filter((v) => v === value).length;
    distribution.push({ value, count, percent: wholePercent(count, n) });
  }
  if (n === 0) return { respondents: 0, distribution, mean: null, median: null };
  const sum = kept.reduce((a, b) => a + b, 0);
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? kept[middle]! : (kept[middle - 1]! + kept[middle]!) / 2;
  return { respondents: n, distribution, mean: sum / n, median };
}
