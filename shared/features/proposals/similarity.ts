import type { Proposal, ProposalStatus } from './types.ts';

// Likely duplicates among proposals: two proposals whose titles and texts share most of their
// meaningful words. The console lists the pairs so that the facilitator can merge them; nothing
// is merged automatically. The formula and its threshold are documented in docs/methods.md.
//
//   score(A, B) = 0.6 · J(title words of A, title words of B) + 0.4 · J(text words of A, text words of B)
//   J(X, Y) = |X ∩ Y| / |X ∪ Y|   (Jaccard; 0 when both sets are empty)
//
// Words are normalised first (see `similarityTokens`). Pairs are found through an inverted index
// of title words (word → proposals holding it): pairs sharing no title word cannot reach the
// threshold and are never looked at, so the cost follows the (pair, shared title word)
// incidences, not n² (see findTokenizedDuplicates).

export const DUPLICATE_RULES = {
  titleWeight: 0.6,
  textWeight: 0.4,
  /** A pair is reported from this score on (0-1). */
  threshold: 0.5,
  /** The console shows at most this many pairs, best first. */
  maxPairs: 200,
} as const;

export interface DuplicatePair {
  /** The proposal received first (lower number). */
  a: string;
  /** The one received later. */
  b: string;
  /** 0-1, rounded to 3 decimals. */
  score: number;
}

export interface SimilarityItem {
  id: string;
  title: string;
  text: string;
}

/**
 * French function words, plus verbs that open most proposals ("créer", "mettre en place",
 * "développer"...): they say nothing about what a proposal is about. Written without accents,
 * as tokens are compared after accents are stripped; words under 3 letters are dropped anyway.
 */
const STOP_WORDS = new Set(
  `les des une aux dans sur pour par avec sans sous que qui quoi dont cet cette ces son sa ses leur leurs notre nos votre vos mes tes
  ils elle elles nous vous pas plus moins tout tous toute toutes est sont etre avoir ont fait faire afin ainsi entre vers chez comme
  mais donc car aussi tres bien etc lors depuis pendant avant apres cela ceci celle celui ceux celles quel quelle quels quelles autre
  autres meme memes chaque plusieurs certains certaines peu trop ici oui non lorsque puis alors encore deja toujours jamais doit
  doivent peut peuvent faut sera seront etait avons avez the and for with
  creer mettre place developper favoriser encourager renforcer proposer permettre instaurer augmenter ameliorer soutenir
  promouvoir inciter etendre generaliser`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The meaningful words of a text, sorted and without repeats: lowercase, accents stripped
 * (œ → oe), split on anything that is not a letter or a digit (apostrophes and hyphens included),
 * French stop words and words under 3 characters dropped, a final plural -s or -x removed from
 * words longer than 3 characters ("vélos" → "velo", "eaux" → "eau", "bus" stays).
 */
export function similarityTokens(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^\p{L}\p{N}]+/u);
  const out = new Set<string>();
  for (const word of words) {
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    const stem = word.length > 3 && (word.endsWith('s') || word.endsWith('x')) ? word.slice(0, -1) : word;
    if (!STOP_WORDS.has(stem)) out.add(stem);
  }
  return [...out].sort();
}

/** |X ∩ Y| / |X ∪ Y| on word lists without repeats; 0 when both are empty. */
export function jaccard(x: readonly string[], y: readonly string[]): number {
  if (x.length === 0 && y.length === 0) return 0;
  const ys = new Set(y);
  let inter = 0;
  for (const w of x) if (ys.has(w)) inter++;
  return inter / (x.length + y.length - inter);
}

/** The score of one pair, computed directly (the index in findDuplicates gives the same). */
export function similarity(x: Pick<SimilarityItem, 'title' | 'text'>, y: Pick<SimilarityItem, 'title' | 'text'>): number {
  return (
    DUPLICATE_RULES.titleWeight * jaccard(similarityTokens(x.title), similarityTokens(y.title)) +
    DUPLICATE_RULES.textWeight * jaccard(similarityTokens(x.text), similarityTokens(y.text))
  );
}

export interface FindOptions {
  threshold?: number;
  maxPairs?: number;
}

/** An item with its words already extracted (similarityTokens of its title and of its text). */
export interface TokenizedItem {
  id: string;
  titleTokens: readonly string[];
  textTokens: readonly string[];
}

/**
 * Pairs of items scoring at least the threshold, best first (ties: in the items' order), at most
 * maxPairs. `a` is always the item that comes first in `items`.
 */
export function findDuplicates(items: readonly SimilarityItem[], options: FindOptions = {}): DuplicatePair[] {
  return findTokenizedDuplicates(
    items.map((i) => ({ id: i.id, titleTokens: similarityTokens(i.title), textTokens: similarityTokens(i.text) })),
    options,
  );
}

/**
 * The search itself. Candidates come from an inverted index of title words: with the default
 * weights and threshold, a pair sharing no title word scores at most 0.4 · 1 < 0.5, so it can
 * never be reported (when the threshold is at most the text weight, text words feed the index
 * too). Each candidate's title intersection is counted while walking the index; its text
 * intersection is a merge of two sorted lists, computed only when the title leaves it a chance.
 */
export function findTokenizedDuplicates(items: readonly TokenizedItem[], options: FindOptions = {}): DuplicatePair[] {
  const threshold = options.threshold ?? DUPLICATE_RULES.threshold;
  const maxPairs = options.maxPairs ?? DUPLICATE_RULES.maxPairs;
  const { titleWeight, textWeight } = DUPLICATE_RULES;
  const n = items.length;
  // Words become small integers, so the index and the counters are arrays.
  const dictionary = new Map<string, number>();
  const ids = (words: readonly string[]) => {
    const out = new Int32Array(words.length);
    words.forEach((w, k) => {
      let id = dictionary.get(w);
      if (id === undefined) dictionary.set(w, (id = dictionary.size));
      out[k] = id;
    });
    return out.sort();
  };
  const titles = items.map((i) => ids(i.titleTokens));
  const texts = items.map((i) => ids(i.textTokens));
  const indexTexts = threshold <= textWeight;
  const titleIndex: number[][] = [];
  const textIndex: number[][] = [];
  const titleInter = new Int32Array(n);
  const seen = new Uint8Array(n);
  const touched: number[] = [];
  const found: { i: number; j: number; score: number }[] = [];

  const collect = (index: number[][], words: Int32Array, counts: Int32Array | null) => {
    for (const w of words) {
      const postings = index[w];
      if (!postings) continue;
      for (const j of postings) {
        if (counts) counts[j]! += 1;
        if (!seen[j]) {
          seen[j] = 1;
          touched.push(j);
        }
      }
    }
  };

  // Item i meets only the items before it already in the index: each pair is scored once.
  for (let i = 0; i < n; i++) {
    const ti = titles[i]!;
    const xi = texts[i]!;
    collect(titleIndex, ti, titleInter);
    if (indexTexts) collect(textIndex, xi, null);
    for (const j of touched) {
      const tInter = titleInter[j]!;
      const tUnion = ti.length + titles[j]!.length - tInter;
      const titlePart = titleWeight * (tUnion ? tInter / tUnion : 0);
      titleInter[j] = 0;
      seen[j] = 0;
      if (titlePart + textWeight < threshold) continue;
      const xj = texts[j]!;
      const xInter = intersectionSize(xi, xj);
      const xUnion = xi.length + xj.length - xInter;
      const score = titlePart + textWeight * (xUnion ? xInter / xUnion : 0);
      if (score >= threshold) found.push({ i: j, j: i, score });
    }
    touched.length = 0;
    for (const w of ti) (titleIndex[w] ??= []).push(i);
    if (indexTexts) for (const w of xi) (textIndex[w] ??= []).push(i);
  }
  found.sort((p, q) => q.score - p.score || p.i - q.i || p.j - q.j);
  return found.slice(0, maxPairs).map((p) => ({ a: items[p.i]!.id, b: items[p.j]!.id, score: Math.round(p.score * 1000) / 1000 }));
}

/** Size of the intersection of two sorted lists without repeats. */
function intersectionSize(x: Int32Array, y: Int32Array): number {
  let a = 0;
  let b = 0;
  let count = 0;
  while (a < x.length && b < y.length) {
    const u = x[a]!;
    const v = y[b]!;
    if (u === v) {
      count++;
      a++;
      b++;
    } else if (u < v) a++;
    else b++;
  }
  return count;
}

/** Statuses whose proposals may still be merged: the ones compared. */
const CLOSED: ReadonlySet<ProposalStatus> = new Set(['draft', 'merged', 'withdrawn']);

/** Words of each proposal object: evolve() keeps unchanged proposals, so an edit re-reads one proposal, not all. */
const tokensMemo = new WeakMap<Proposal, TokenizedItem>();

function tokenized(p: Proposal): TokenizedItem {
  let item = tokensMemo.get(p);
  if (!item) {
    item = { id: p.id, titleTokens: similarityTokens(p.title), textTokens: similarityTokens(p.text) };
    tokensMemo.set(p, item);
  }
  return item;
}

/** Likely duplicates among the open proposals (not drafts, not merged, not withdrawn), in number order. */
export function likelyDuplicates(proposals: Readonly<Record<string, Proposal>>, options: FindOptions = {}): DuplicatePair[] {
  const open = Object.values(proposals)
    .filter((p) => !CLOSED.has(p.status))
    .sort((a, b) => a.number - b.number);
  return findTokenizedDuplicates(open.map(tokenized), options);
}
