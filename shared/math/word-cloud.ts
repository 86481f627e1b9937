// The word cloud of a free-text quick poll ("En un mot, le climat en 2050 pour vous ?"): from
// short answers to the most frequent words, each with a size. Pure and deterministic: the same
// answers give the same words, counts, sizes and order everywhere. Method in docs/methods.md.

/**
 * French words that carry no meaning on their own in a cloud: articles, prepositions,
 * conjunctions, pronouns, negation, auxiliary forms and a few fillers. Matched without accents
 * and case, so one entry covers its accented twins ("ou" is also "où", "la" also "là"). Left out on purpose: "été" (also "summer"),
 * "oui", "non", "rien", which can be answers in themselves. Words of a single letter are dropped
 * anyway (after elision), so "a", "y", "l" need no entry.
 */
export const FRENCH_STOP_WORDS: readonly string[] = [
  // articles and determiners
  'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'au', 'aux',
  'ce', 'cet', 'cette', 'ces', 'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'son', 'sa', 'ses',
  'notre', 'nos', 'votre', 'vos', 'leur', 'leurs', 'quel', 'quelle', 'quels', 'quelles', 'chaque', 'tous', 'toutes',
  // pronouns
  'je', 'tu', 'il', 'elle', 'on', 'nous', 'vous', 'ils', 'elles', 'me', 'te', 'se', 'lui', 'eux', 'moi', 'toi', 'soi',
  'en', 'qui', 'que', 'quoi', 'dont', 'ça', 'cela', 'ceci', 'celui', 'celle', 'ceux', 'celles',
  // prepositions
  'à', 'dans', 'par', 'pour', 'sur', 'sous', 'avec', 'sans', 'chez', 'entre', 'vers', 'contre', 'depuis', 'pendant', 'avant', 'après', 'selon',
  // conjunctions
  'et', 'ou', 'mais', 'donc', 'or', 'ni', 'car', 'si', 'comme', 'quand', 'lorsque', 'puisque',
  // negation, degree and fillers
  'ne', 'pas', 'plus', 'moins', 'très', 'trop', 'peu', 'aussi', 'encore', 'déjà', 'alors', 'ainsi', 'ici', 'bien', 'même',
  // être and avoir
  'être', 'est', 'es', 'suis', 'sommes', 'êtes', 'sont', 'était', 'étaient', 'sera', 'serait', 'seront',
  'avoir', 'ai', 'as', 'avons', 'avez', 'ont', 'eu', 'avait', 'avaient', 'aura', 'aurait', 'auront',
];

/** Elided forms before an apostrophe: "l’avenir" is "avenir", "qu’il" is "il" (then a stop word). */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'/;
const APOSTROPHES = /[’‘ʼ`´′]/g;
/** Anything but letters, digits, apostrophes and hyphens separates words. */
const SEPARATORS = /[^\p{L}\p{N}'-]+/u;

/** The grouping key of a word: lowercase, without accents, œ and æ spelt out. */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

const STOP = new Set(FRENCH_STOP_WORDS.map(foldWord));

export function isStopWord(word: string): boolean {
  return STOP.has(foldWord(word));
}

/**
 * The words of one answer that count, as typed but in lowercase (accents kept): typographic
 * apostrophes read as straight ones, elisions cut, punctuation trimmed, single letters and stop
 * words dropped. Hyphenated words stay whole ("peut-être", "vélo-cargo").
 */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  const lower = text.normalize('NFC').toLowerCase().replace(APOSTROPHES, "'");
  for (const token of lower.split(SEPARATORS)) {
    const word = trimMarks(trimMarks(token).replace(ELISION, ''));
    if ([...word].length < 2 || isStopWord(word)) continue;
    words.push(word);
  }
  return words;
}

function trimMarks(token: string): string {
  return token.replace(/^['-]+|['-]+$/g, '');
}

export interface CloudWord {
  /** The grouping key (foldWord, singular when a plural was folded): what moderation hides. */
  key: string;
  /** How the word is shown: its most frequent spelling among the answers, accents kept. */
  text: string;
  /** Members who used it (each member counts a word once). */
  count: number;
  /** 1 (least frequent shown) to 5 (most frequent), on a square-root scale. */
  size: 1 | 2 | 3 | 4 | 5;
}

export interface WordCloud {
  /** Answers counted (one per member). */
  respondents: number;
  /** The most frequent words, most frequent first (ties in key order), at most `top`. */
  words: CloudWord[];
  /** Distinct words found before hidden words were taken out and the list was cut. */
  distinct: number;
}

export interface WordCloudOptions {
  /** How many words to keep (40 by default). */
  top?: number;
  /** Keys the facilitator took out of the cloud. */
  hidden?: Iterable<string>;
}

export const CLOUD_TOP = 40;

/** Code-point order: the same on every machine, unlike a locale's collation. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Accented letters in a spelling: between two spellings of one word, the accented one is shown. */
const accents = (word: string) => [...word].filter((ch) => ch !== foldWord(ch)).length;

/**
 * The cloud of `answers` (one text per member). A plural ending in -s or -x is folded into its
 * singular only when that singular was typed too ("voitures" joins "voiture"; "temps" or "bus"
 * stay as they are): it never invents a word.
 */
export function wordCloud(answers: readonly string[], options: WordCloudOptions = {}): WordCloud {
  const top = options.top ?? CLOUD_TOP;
  const hidden = new Set([...(options.hidden ?? [])].map(foldWord));
  // Per answer, each spelling once: a member repeating a word counts once.
  const perAnswer = answers.map((text) => [...new Set(wordsOf(text))]);
  const keys = new Set(perAnswer.flat().map(foldWord));
  const groupOf = (key: string) => {
    if (key.length >= 4 && /[sx]$/.test(key) && !key.endsWith('ss')) {
      const singular = key.slice(0, -1);
      if (keys.has(singular)) return singular;
    }
    return key;
  };
  const members = new Map<string, number>();
  const spellings = new Map<string, Map<string, number>>();
  for (const words of perAnswer) {
    const counted = new Set<string>();
    for (const word of words) {
      const key = groupOf(foldWord(word));
      const forms = spellings.get(key) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      spellings.set(key, forms);
      if (counted.has(key)) continue;
      counted.add(key);
      members.set(key, (members.get(key) ?? 0) + 1);
    }
  }
  const ranked = [...members.entries()]
    .filter(([key]) => !hidden.has(key))
    .sort(([a, na], [b, nb]) => nb - na || byCodePoint(a, b))
    .slice(0, Math.max(0, top));
  const counts = ranked.map(([, n]) => n);
  const most = Math.max(0, ...counts);
  const least = Math.min(most, ...counts);
  const words = ranked.map(([key, count]) => ({ key, text: displayForm(key, spellings.get(key)!), count, size: sizeOf(count, least, most) }));
  return { respondents: answers.length, words, distinct: members.size };
}

/** The singular spellings first; then the most used; then the one with accents; then code-point order. */
function displayForm(key: string, forms: Map<string, number>): string {
  const all = [...forms.entries()];
  const singular = all.filter(([form]) => foldWord(form) === key);
  const candidates = singular.length > 0 ? singular : all;
  candidates.sort(([a, na], [b, nb]) => nb - na || accents(b) - accents(a) || byCodePoint(a, b));
  return candidates[0]![0];
}

/** 1..5 between the least and the most frequent word shown; all alike: the middle size. */
export function sizeOf(count: number, least: number, most: number): CloudWord['size'] {
  if (most <= least) return 3;
  const t = Math.sqrt((count - least) / (most - least));
  return (1 + Math.round(4 * t)) as CloudWord['size'];
}

/**
 * A fixed arrangement for the projector: the most frequent word in the middle, the next ones
 * alternately after and before it ([4, 2, 1, 3, 5] for five words ranked 1..5), so a centred,
 * wrapping line puts the big words in the centre and never moves at random.
 */
export function centreOut<T>(ranked: readonly T[]): T[] {
  const before: T[] = [];
  const after: T[] = [];
  ranked.forEach((item, i) => (i % 2 === 0 ? after : before).push(item));
  return [...before.reverse(), ...after];
}
