// How long a poll's bars are drawn, on the projector and on the phones: the largest answer
// fills the track and the others are in proportion to it, as audiences expect (issue 18: bars
// scaled to 100 % of respondents made a 5-option poll look flat, every bar under a third).
// Only the drawing: the counts and percentages written beside the bars stay the server's.

/** Each count's bar as a share of the track, in percent: the largest is 100, none is 0. */
export function barLengths(counts: readonly number[]): number[] {
  const largest = Math.max(0, ...counts);
  return counts.map((count) => (largest > 0 ? (Math.max(0, count) / largest) * 100 : 0));
}
