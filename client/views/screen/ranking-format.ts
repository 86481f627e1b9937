// How the projector writes the lever ranking: short table names for the columns of the grid,
// the room's places with ties, the spread of a lever's places, and how to lay out the cards of
// the tables. Presentation only: every number comes from the server's aggregate.

/**
 * A default name ("Table 12", as the seating names them) → "T12", or "12" when columns are
 * narrow (many tables). Any other name is the facilitators' own and stays whole ("Table trois",
 * "Les Tilleuls"): cutting it to its first letters made "Table trois" and "Table quatre" both
 * "Tab." (issue 18). A long one is ellipsized by the grid, its full text in a title and for
 * screen readers.
 */
export function shortTableName(name: string, narrow = false): string {
  const numbered = /^\s*table\s+(\d{1,4})\s*$/i.exec(name);
  if (numbered) return narrow ? numbered[1]! : `T${numbered[1]!}`;
  return name.trim();
}

/** Places of the room's order, "3=" when levers share a place (no majority either way). */
export function placeLabels(order: readonly string[], groups: readonly (readonly string[])[]): Map<string, string> {
  const labels = new Map<string, string>();
  let place = 1;
  for (const group of groups) {
    for (const id of group) labels.set(id, group.length > 1 ? `${place}=` : String(place));
    place += group.length;
  }
  // Levers the groups do not name (should not happen): their place in the flat order.
  order.forEach((id, i) => {
    if (!labels.has(id)) labels.set(id, String(i + 1));
  });
  return labels;
}

/** Best and worst places a lever got across tables (ranks are 1 = first). */
export function placeRange(ranks: Record<string, number>): { min: number; max: number } | null {
  const values = Object.values(ranks);
  if (values.length === 0) return null;
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** A rank as the room reads it: whole when whole, one decimal for a tie's shared rank. */
export function formatNumber(value: number, locale: string): string {
  return Number.isInteger(value) ? String(value) : value.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
}

export const DISSENT_SYMBOL = { low: '●', medium: '◐', high: '○' } as const;

/**
 * Columns and rows for the cards of the tables, so that the type is as large as the frame
 * allows. A card reads "Table 12" over "✓ Validé par l’animation": about 14 ems by 3.9.
 */
export function cardGrid(count: number, aspect = 2.6): { cols: number; rows: number } {
  const n = Math.max(1, count);
  let best = { cols: 1, rows: n, font: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    if (cols > 1 && (cols - 1) * rows >= n) continue;
    const font = Math.min(aspect / cols / 14, 1 / rows / 3.9);
    if (font > best.font * 1.0001) best = { cols, rows, font };
  }
  return { cols: best.cols, rows: best.rows };
}
