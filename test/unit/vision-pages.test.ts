import { describe, expect, it } from 'vitest';
import { fontSize, galleryPages, MAX_PER_PAGE, MIN_READABLE, pageLayout } from '../../client/views/screen/vision-pages.ts';

// The projector's gallery of table visions: pages where every text stays readable from the back.

const card = (length: number, id = length) => ({ id, text: 'x'.repeat(length) });

describe('gallery pages', () => {
  it('short texts share a page, six at most', () => {
    const cards = Array.from({ length: 8 }, (_, i) => card(120, i));
    expect(galleryPages(cards).map((p) => p.length)).toEqual([MAX_PER_PAGE, 2]);
  });

  it('a long text goes alone; the order of the tables is kept', () => {
    const cards = [card(120, 1), card(400, 2), card(900, 3), card(2000, 4), card(300, 5), card(200, 6)];
    const pages = galleryPages(cards);
    expect(pages.map((p) => p.map((c) => c.id))).toEqual([[1, 2], [3], [4], [5, 6]]);
    expect(pages.flat().map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('every page but a lone very long text is readable from the back', () => {
    const lengths = [50, 2000, 1500, 800, 800, 800, 300, 300, 300, 300, 100, 1200, 10];
    for (const page of galleryPages(lengths.map((l, i) => card(l, i)))) {
      const { font } = pageLayout(page);
      if (page.length > 1) expect(font).toBeGreaterThanOrEqual(MIN_READABLE);
      expect(font).toBeGreaterThanOrEqual(1.2);
    }
  });

  it('font sizes shrink with longer texts and more cards, within bounds', () => {
    expect(fontSize(1, 50)).toBe(3.6);
    expect(fontSize(1, 2000)).toBeLessThan(fontSize(1, 500));
    expect(fontSize(4, 300)).toBeLessThan(fontSize(2, 300));
    expect(fontSize(6, 5000)).toBe(1.2);
  });

  it('nothing to show: no page', () => {
    expect(galleryPages([])).toEqual([]);
  });
});
