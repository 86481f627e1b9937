import { describe, expect, it } from 'vitest';
import { shortTableName } from '../../client/views/screen/ranking-format.ts';

// The projector's ranking grid names its columns: default names shortened, custom names whole
// (issue 18, item 7: "Table trois" and "Table quatre" were both "Tab.").

describe('shortTableName', () => {
  it('shortens the default names the seating gives', () => {
    expect(shortTableName('Table 3')).toBe('T3');
    expect(shortTableName('table 12')).toBe('T12');
    expect(shortTableName(' Table 7 ')).toBe('T7');
    expect(shortTableName('Table 12', true)).toBe('12');
  });

  it('keeps custom names whole, so they can be told apart', () => {
    expect(shortTableName('Table trois')).toBe('Table trois');
    expect(shortTableName('Table quatre')).toBe('Table quatre');
    expect(shortTableName('Table trois', true)).toBe('Table trois');
    expect(shortTableName('Table 3 bis')).toBe('Table 3 bis');
    expect(shortTableName('Table A')).toBe('Table A');
    expect(shortTableName('  Les Tilleuls ')).toBe('Les Tilleuls');
    expect(shortTableName('Sud')).toBe('Sud');
  });

  it('never gives two different custom names the same label', () => {
    const names = ['Table trois', 'Table quatre', 'Table cinq', 'Tableau', 'Table 3', 'Table 4'];
    const labels = names.map((n) => shortTableName(n));
    expect(new Set(labels).size).toBe(names.length);
  });
});
