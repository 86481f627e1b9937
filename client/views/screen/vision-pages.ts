// How the projector fits the tables' visions in its 16:9 frame: cards share a page while their
// text stays readable from the back, otherwise they go to the next page. Sizes are in the
// frame's unit (1 u = 1% of its width); the panel is about 95 u wide and 36 u high.

const PANEL = { width: 95, height: 36 };
/** Below this font size (in u, about 29 px on a 1920 px projector) text is too small to read from the back. */
export const MIN_READABLE = 1.5;
const MAX_FONT = 3.6;
const MIN_FONT = 1.2;
export const MAX_PER_PAGE = 6;

function grid(count: number): { cols: number; rows: number } {
  if (count <= 1) return { cols: 1, rows: 1 };
  if (count === 2) return { cols: 2, rows: 1 };
  if (count <= 4) return { cols: 2, rows: 2 };
  return { cols: 3, rows: 2 };
}

/**
 * The font size that lets `longest` characters fill one card of a page of `count` cards. A
 * character takes about 0.5 em by 1.3 em of line: chars ≈ width × height / (0.65 × size²).
 */
export function fontSize(count: number, longest: number): number {
  const { cols, rows } = grid(count);
  const width = PANEL.width / cols - 2;
  // Each card also holds its table's name and reactions: about 5 u.
  const height = PANEL.height / rows - 5;
  const size = Math.sqrt((width * height) / (0.65 * Math.max(longest, 1)));
  return Math.round(Math.min(MAX_FONT, Math.max(MIN_FONT, size)) * 100) / 100;
}

/** Cards in order, grouped into pages where every text stays readable (a very long one alone). */
export function galleryPages<T extends { text: string | null }>(cards: readonly T[]): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let longest = 0;
  for (const card of cards) {
    const length = card.text?.length ?? 0;
    const candidate = Math.max(longest, length);
    if (page.length > 0 && (page.length >= MAX_PER_PAGE || fontSize(page.length + 1, candidate) < MIN_READABLE)) {
      pages.push(page);
      page = [];
      longest = 0;
    }
    page.push(card);
    longest = Math.max(longest, length);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

export function pageLayout(page: readonly { text: string | null }[]): { cols: number; rows: number; font: number } {
  const longest = Math.max(0, ...page.map((c) => c.text?.length ?? 0));
  return { ...grid(page.length), font: fontSize(page.length, longest) };
}
