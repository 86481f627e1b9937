import { describe, expect, it } from 'vitest';
import { bySurname, compareBySurname, splitName } from '../../client/views/console/roster-order.ts';

// The console's presence list reads like a welcome desk's printed list: by surname, French
// collation (accents and case ignored), then first names.

describe('splitName', () => {
  it.each([
    ['Jean-Pierre Lefèvre', { surname: 'Lefèvre', rest: 'Jean-Pierre' }],
    ['Marie Anne Dupont', { surname: 'Dupont', rest: 'Marie Anne' }],
    ['  Zoé   Martin ', { surname: 'Martin', rest: 'Zoé' }],
    ['Léa Martin 101', { surname: 'Martin', rest: 'Léa 101' }],
    ['Madonna', { surname: 'Madonna', rest: '' }],
    ['', { surname: '', rest: '' }],
  ])('%s', (name, expected) => {
    expect(splitName(name)).toEqual(expected);
  });
});

describe('bySurname', () => {
  it('sorts by the last word, then the first names, with French collation', () => {
    const people = ['Zoé Martin', 'Hugo Écuyer', 'camille dubois', 'Léa Martin', 'Théo Dubois', 'Inès Eymard', 'Alain Zola', 'Aïcha Durand'].map((name) => ({ name }));
    expect(bySurname(people).map((p) => p.name)).toEqual([
      'camille dubois',
      'Théo Dubois',
      'Aïcha Durand',
      'Hugo Écuyer',
      'Inès Eymard',
      'Léa Martin',
      'Zoé Martin',
      'Alain Zola',
    ]);
  });

  it('ignores accents and case but keeps a stable, total order', () => {
    expect(compareBySurname('Émile Lefèvre', 'emile lefevre')).not.toBe(0);
    expect(compareBySurname('Anne Lefèvre', 'Bruno Lefevre')).toBeLessThan(0);
    expect(compareBySurname('Anne Lefèvre', 'Anne Lefèvre')).toBe(0);
  });

  it('does not change the list it is given', () => {
    const people = [{ name: 'B Zed' }, { name: 'A Abel' }];
    bySurname(people);
    expect(people.map((p) => p.name)).toEqual(['B Zed', 'A Abel']);
  });
});
