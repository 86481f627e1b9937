// How to lay out the seating plan so that every table fits on one projected screen, with the
// largest type possible. Pure arithmetic on the table count and the largest table; the actual
// font size is then computed by CSS from the real size of each card (container query units).

export interface SeatingLayout {
  /** Columns and rows of the grid of tables. */
  cols: number;
  rows: number;
  /** Columns of names inside one table card. */
  nameCols: number;
  /** A card's height and width, in ems of its text, for the CSS to divide by. */
  heightEms: number;
  widthEms: number;
}

/** Width of one name column, in ems: about 18 characters of a proportional font. */
const NAME_EMS = 10;
const NAME_GAP_EMS = 0.8;
const LINE = 1.2;
/** The table's name (a larger line), the space under it and the card's padding. */
const CHROME_EMS = 2.6;
const PAD_EMS = 1;
/** Gap between cards, as a share of the grid's height. */
const GAP = 0.015;

export function seatingLayout(tableCount: number, largestTable: number, aspect = 2.4): SeatingLayout {
  const n = Math.max(1, tableCount);
  const m = Math.max(1, largestTable);
  let best: SeatingLayout & { font: number } = { cols: 1, rows: n, nameCols: 1, heightEms: 1, widthEms: 1, font: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // Skip grids with a whole empty row: another column count does better.
    if ((cols - 1) * rows >= n && cols > 1) continue;
    const cardW = (aspect - (cols - 1) * GAP) / cols;
    const cardH = (1 - (rows - 1) * GAP) / rows;
    for (const nameCols of [1, 2, 3]) {
      if (nameCols > m) break;
      const heightEms = Math.ceil(m / nameCols) * LINE + CHROME_EMS;
      const widthEms = nameCols * NAME_EMS + (nameCols - 1) * NAME_GAP_EMS + PAD_EMS;
      const font = Math.min(cardH / heightEms, cardW / widthEms);
      if (font > best.font * 1.0001) best = { cols, rows, nameCols, heightEms, widthEms, font };
    }
  }
  const { font: _font, ...layout } = best;
  return layout;
}
