import { describe, expect, it } from 'vitest';
import { centreOut, FRENCH_STOP_WORDS, foldWord, isStopWord, sizeOf, wordCloud, wordsOf } from '../../shared/math/word-cloud.ts';

// The word cloud of free-text polls (docs/methods.md, "Quick polls"): normalisation, French
// elisions and stop words, accents, each member counted once, plural folding, sizes and order.

describe('wordsOf: one answer to the words that count', () => {
  it.each([
    ['Sobriété', ['sobriété']],
    ['  SOBRIÉTÉ !!! ', ['sobriété']],
    ['l’espoir', ['espoir']],
    ["l'espoir", ['espoir']],
    ['L’Énergie', ['énergie']],
    ['d’abord la sobriété', ['abord', 'sobriété']],
    ['qu’il fasse frais', ['fasse', 'frais']],
    ['jusqu’au bout', ['bout']],
    ['c’est chaud', ['chaud']],
    ['s’adapter', ['adapter']],
    ['aujourd’hui', ['aujourd’hui'.replace('’', "'")]],
    ['le climat et la vie', ['climat', 'vie']],
    ['plus de vélos, pas de voitures', ['vélos', 'voitures']],
    ['peut-être', ['peut-être']],
    ['vélo-cargo', ['vélo-cargo']],
    ['- espoir -', ['espoir']],
    ['« Solidarité »', ['solidarité']],
    ['2050 : chaud', ['2050', 'chaud']],
    ['y a un été brûlant', ['été', 'brûlant']],
    ['à la', []],
    ['?!', []],
  ])('%j → %j', (text, words) => {
    expect(wordsOf(text)).toEqual(words);
  });
});

describe('stop words', () => {
  it.each(['le', 'la', 'les', 'de', 'des', 'du', 'et', 'à', 'en', 'un', 'une', 'pour', 'que', 'qui', 'ne', 'pas', 'plus'])('%s is a stop word', (word) => {
    expect(isStopWord(word)).toBe(true);
  });

  it('are matched without accents or case: "A", "a", "à", "OÙ", "ou"', () => {
    for (const word of ['A', 'a', 'à', 'OÙ', 'ou', 'Très', 'tres', 'ÇA']) expect(isStopWord(word), word).toBe(true);
  });

  it('leave out words that are answers in themselves ("été" is summer)', () => {
    for (const word of ['été', 'oui', 'non', 'climat', 'sobriété']) expect(isStopWord(word), word).toBe(false);
  });

  it('are a documented list without duplicates once folded', () => {
    const folded = FRENCH_STOP_WORDS.map(foldWord);
    expect(new Set(folded).size).toBe(folded.length);
  });
});

describe('foldWord', () => {
  it.each([
    ['Énergie', 'energie'],
    ['énergie', 'energie'],
    ['cœur', 'coeur'],
    ['Ça', 'ca'],
    ['naïf', 'naif'],
  ])('%s → %s', (word, key) => expect(foldWord(word)).toBe(key));
});

describe('wordCloud', () => {
  it('groups accents and case, shows the accented spelling, and counts each member once', () => {
    const cloud = wordCloud(['Énergie', 'energie energie', 'l’énergie ÉNERGIE', 'sobriété', 'Sobriete']);
    expect(cloud.respondents).toBe(5);
    expect(cloud.words.map((w) => [w.key, w.text, w.count])).toEqual([
      ['energie', 'énergie', 3],
      ['sobriete', 'sobriété', 2],
    ]);
  });

  it.each([
    { name: 'a plural joins its singular when the singular was typed', answers: ['voitures', 'voiture', 'voitures électriques'], expected: [['voiture', 'voiture', 3], ['electriques', 'électriques', 1]] },
    { name: 'a plural in -x joins its singular', answers: ['feux', 'feu de forêt'], expected: [['feu', 'feu', 2], ['foret', 'forêt', 1]] },
    { name: 'a word in -s without its singular stays as typed ("temps", "bus")', answers: ['temps', 'bus', 'temps'], expected: [['temps', 'temps', 2], ['bus', 'bus', 1]] },
    { name: 'double s is not a plural', answers: ['stress', 'stres'], expected: [['stres', 'stres', 1], ['stress', 'stress', 1]] },
    { name: 'short words are not folded', answers: ['gaz', 'ga'], expected: [['ga', 'ga', 1], ['gaz', 'gaz', 1]] },
  ])('$name', ({ answers, expected }) => {
    expect(wordCloud(answers).words.map((w) => [w.key, w.text, w.count])).toEqual(expected);
  });

  it('a member writing the singular and the plural counts once', () => {
    expect(wordCloud(['arbre arbres', 'arbres']).words.map((w) => [w.key, w.count])).toEqual([['arbre', 2]]);
  });

  it('ranks by count, ties in key order, and keeps the top N', () => {
    const answers = ['zèbre', 'abeille', 'ours', 'ours', 'zèbre', 'zèbre', 'castor'];
    expect(wordCloud(answers).words.map((w) => w.key)).toEqual(['zebre', 'ours', 'abeille', 'castor']);
    expect(wordCloud(answers, { top: 2 }).words.map((w) => w.key)).toEqual(['zebre', 'ours']);
    expect(wordCloud(answers, { top: 2 }).distinct).toBe(4);
  });

  it('keeps at most 40 words by default', () => {
    const answers = Array.from({ length: 60 }, (_, i) => `mot${String(i).padStart(2, '0')}`);
    expect(wordCloud(answers).words).toHaveLength(40);
  });

  it('leaves out the words the facilitator hid, whatever their accents or case', () => {
    const cloud = wordCloud(['Crétin', 'espoir', 'cretin'], { hidden: ['CRETIN'] });
    expect(cloud.words.map((w) => w.key)).toEqual(['espoir']);
    expect(cloud.distinct).toBe(2);
  });

  it('drops stop words and elisions before counting', () => {
    expect(wordCloud(['le climat', 'du climat', 'l’avenir', 'et l’avenir ?']).words.map((w) => [w.text, w.count])).toEqual([
      ['avenir', 2],
      ['climat', 2],
    ]);
  });

  it('is the same whatever the order of the answers', () => {
    const answers = ['vélo', 'Vélo', 'velo', 'solidarité', 'chaleur', 'vélos', 'chaleur'];
    expect(wordCloud([...answers].reverse())).toEqual(wordCloud(answers));
  });

  it('sizes words from 1 to 5 on a square-root scale, the most cited 5, the least 1', () => {
    const answers = [...Array(9).fill('climat'), ...Array(4).fill('espoir'), 'vélo'];
    expect(wordCloud(answers).words.map((w) => [w.key, w.size])).toEqual([
      ['climat', 5],
      ['espoir', 3], // sqrt(3/8) = 0.61 of the way
      ['velo', 1],
    ]);
  });
});

describe('sizeOf', () => {
  it.each([
    [5, 5, 5, 3],
    [1, 1, 9, 1],
    [9, 1, 9, 5],
    [3, 1, 9, 3], // sqrt(2/8) = 0.5
  ])('%i between %i and %i is size %i', (count, least, most, size) => expect(sizeOf(count, least, most)).toBe(size));
});

describe('centreOut', () => {
  it.each([
    [[], []],
    [[1], [1]],
    [[1, 2], [2, 1]],
    [[1, 2, 3, 4, 5], [4, 2, 1, 3, 5]],
  ])('%j → %j', (ranked, arranged) => expect(centreOut(ranked)).toEqual(arranged));
});
