import { splitSmallGroups } from '../../shared/domain/small-groups.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
// The analyst's reasoning, apart from how it got its material (analyst-wal.ts, analyst-store.ts,
// analyst-observe.ts): groups in, best guesses and scores out. A group is what one observation
// interval says: "these members cast these ballots" (or "one of these members wrote these
// opinions"). The analyst does not know the truth; the scoring does, to say how well it did.

/** Members seated at tables (public: the export lists them). */
export interface Seating {
  tables: Map<string, string[]>;
  tableOf: Map<string, string>;
}

export interface BallotGroup {
  source: string;
  question: string;
  voters: string[];
  /** Ballots per cell (a choice, a grade, an agreement level) cast by `voters`, in some order. */
  counts: Record<string, number>;
  /** A stratum's count (issue 17): crossed with every other group by `intersections`. */
  stratum?: true;
  /** Which attribute a stratum's group is of: the strata of one attribute partition its voters (analyst-bridges.ts). */
  attribute?: string;
}

export interface AuthorGroup {
  source: string;
  /** Opinion texts. */
  opinions: string[];
  /** Members one of whom wrote each of them. */
  candidates: string[];
}

export interface Truth {
  /** Question -> member -> the cell they chose. */
  ballots: Map<string, Map<string, string>>;
  /** Opinion text -> its author. */
  authors: Map<string, string>;
}

export interface Score {
  /** Ballots (or opinions) the analyst guessed right, as a share. */
  accuracy: number;
  /** What guessing from the published result alone scores (see baselineGroups). */
  baseline: number;
  /** Size of the smallest group that holds the truth: below k, a choice is tied to fewer than k members. */
  smallestSet: number;
  /** Ballots the best guess came from a group smaller than k, and which source gave the smallest. */
  belowK: number;
  smallestSource: string;
  items: number;
}

/** The guess for a cell from a group: its most frequent cell; ties go to the room's most frequent, then to the name. */
function bestCell(counts: Record<string, number>, prior: Record<string, number>): string {
  return Object.keys(counts).sort((a, b) => counts[b]! - counts[a]! || (prior[b] ?? 0) - (prior[a] ?? 0) || (a < b ? -1 : 1))[0]!;
}

/** How sure a group makes the analyst of its guess: the share of its ballots in that cell. */
const confidence = (g: BallotGroup) => Math.max(...Object.values(g.counts)) / g.voters.length;

/**
 * For each ballot (member, question), the analyst takes the group it trusts most (highest share
 * for its best cell; the smaller group on a tie) and guesses that cell. Within one group, exactly
 * as many guesses are right as the best cell has ballots, whatever the order of its members, so
 * the score does not depend on how the analyst breaks a tie between members.
 */
export function attributeBallots(groups: BallotGroup[], questions: Iterable<string>, prior: Map<string, Record<string, number>>): Map<string, { guess: string; set: number; source: string }> {
  const best = new Map<string, BallotGroup>();
  for (const g of groups) {
    for (const m of g.voters) {
      const key = `${g.question}\u0000${m}`;
      const held = best.get(key);
      if (!held || confidence(g) > confidence(held) || (confidence(g) === confidence(held) && g.voters.length < held.voters.length)) best.set(key, g);
    }
  }
  const wanted = new Set(questions);
  const guesses = new Map<string, { guess: string; set: number; source: string }>();
  for (const [key, g] of best) if (wanted.has(g.question)) guesses.set(key, { guess: bestCell(g.counts, prior.get(g.question) ?? {}), set: g.voters.length, source: g.source });
  return guesses;
}

/** A group holds the truth when its members' real choices are exactly its counts. */
export function isTrue(g: BallotGroup, truth: Truth): boolean {
  const real: Record<string, number> = {};
  for (const m of g.voters) {
    const cell = truth.ballots.get(g.question)?.get(m);
    if (cell === undefined) return false;
    real[cell] = (real[cell] ?? 0) + 1;
  }
  const cells = new Set([...Object.keys(real), ...Object.keys(g.counts)]);
  return [...cells].every((c) => (real[c] ?? 0) === (g.counts[c] ?? 0));
}

/** The published result of each question: every voter, the final counts (the room's result, as the projector shows it). */
export function baselineGroups(truth: Truth, questions: string[]): BallotGroup[] {
  return questions.map((question) => {
    const ballots = truth.ballots.get(question)!;
    const counts: Record<string, number> = {};
    for (const cell of ballots.values()) counts[cell] = (counts[cell] ?? 0) + 1;
    return { source: 'published result', question, voters: [...ballots.keys()], counts };
  });
}

export function priorOf(truth: Truth): Map<string, Record<string, number>> {
  return new Map(baselineGroups(truth, [...truth.ballots.keys()]).map((g) => [g.question, g.counts]));
}

/** Share of the questions' ballots guessed right from these groups (a ballot no group covers counts as missed). */
export function ballotAccuracy(groups: BallotGroup[], truth: Truth, questions: string[]): number {
  const guesses = attributeBallots(groups, questions, priorOf(truth));
  let right = 0;
  let total = 0;
  for (const q of questions) {
    for (const [m, cell] of truth.ballots.get(q)!) {
      total++;
      if (guesses.get(`${q}\u0000${m}`)?.guess === cell) right++;
    }
  }
  return total === 0 ? 0 : right / total;
}

/** The analyst's score on one activity's questions, from every group it gathered. */
export function scoreBallots(groups: BallotGroup[], truth: Truth, questions: string[], k: number): Score {
  const mine = groups.filter((g) => questions.includes(g.question));
  const all = [...mine, ...baselineGroups(truth, questions)];
  const guesses = attributeBallots(all, questions, priorOf(truth));
  const trueGroups = mine.filter((g) => isTrue(g, truth)).sort((a, b) => a.voters.length - b.voters.length);
  return {
    accuracy: ballotAccuracy(all, truth, questions),
    baseline: ballotAccuracy(baselineGroups(truth, questions), truth, questions),
    smallestSet: trueGroups[0]?.voters.length ?? Infinity,
    smallestSource: trueGroups[0]?.source ?? '-',
    belowK: [...guesses.values()].filter((g) => g.set < k).length,
    items: questions.reduce((n, q) => n + truth.ballots.get(q)!.size, 0),
  };
}

/**
 * Authors: for each opinion the analyst takes the smallest candidate set it has seen and picks
 * one of them; its expected accuracy is 1/size when the author is in the set (0 otherwise).
 * Expected rather than drawn, so a lucky pick does not move the verdict.
 */
export function scoreAuthors(groups: AuthorGroup[], truth: Truth, everyone: string[], k: number): Score {
  let sum = 0;
  let smallest = Infinity;
  let smallestSource = '-';
  let belowK = 0;
  for (const [text, author] of truth.authors) {
    const sets = groups.filter((g) => g.opinions.includes(text)).sort((a, b) => a.candidates.length - b.candidates.length);
    const chosen = sets[0];
    const size = chosen?.candidates.length ?? everyone.length;
    if (!chosen || chosen.candidates.includes(author)) sum += 1 / size;
    if (size < k) belowK++;
    for (const g of sets) {
      if (g.candidates.includes(author) && g.candidates.length < smallest) {
        smallest = g.candidates.length;
        smallestSource = g.source;
      }
    }
  }
  const n = truth.authors.size;
  return { accuracy: sum / n, baseline: 1 / everyone.length, smallestSet: smallest, smallestSource, belowK, items: n };
}

/** mulberry32, seeded: the margin's draws are the same on every run. */
export function seeded(seed: number): () => number {
  return mulberry32(seed >>> 0 || 1);
}

export function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * What k-anonymous storage may legitimately give away, computed rather than guessed: an analyst
 * who is shown every batch exactly (ballots cut at random into batches of k, the last one taking
 * the remainder, so k to 2k-1), every run of successive batches, and the published groups
 * (`published`: the room, and tables of k or more), and who reasons as the real one does
 * (attributeBallots). Returns the accuracy that analyst reaches
 * or exceeds only once in `1 / (1 - quantile)` draws: the real analyst, facing batches of k or
 * more, is allowed up to that.
 */
export function batchedAnalystBound(truth: Truth, questions: string[], k: number, published: BallotGroup[], trials: number, quantile: number, seed: number): { mean: number; bound: number } {
  const random = seeded(seed);
  const scores: number[] = [];
  for (let t = 0; t < trials; t++) {
    const groups: BallotGroup[] = [...published];
    for (const q of questions) {
      const ballots = truth.ballots.get(q)!;
      const order = shuffled([...ballots.keys()], random);
      const cuts = Math.max(1, Math.floor(order.length / k));
      const end = (b: number) => (b === cuts - 1 ? order.length : (b + 1) * k);
      // Each batch, and each run of successive batches (what two copies of the folder a few
      // batches apart show).
      for (let first = 0; first < cuts; first++) {
        for (let last = first; last < cuts; last++) {
          const voters = order.slice(first * k, end(last));
          const counts: Record<string, number> = {};
          for (const m of voters) counts[ballots.get(m)!] = (counts[ballots.get(m)!] ?? 0) + 1;
          groups.push({ source: 'batch', question: q, voters, counts });
        }
      }
    }
    // Strata published beside the batches are crossed with them, as the real analyst does.
    if (published.some((g) => g.stratum)) groups.push(...intersections(groups));
    scores.push(ballotAccuracy(groups, truth, questions));
  }
  scores.sort((a, b) => a - b);
  return { mean: scores.reduce((a, b) => a + b, 0) / trials, bound: scores[Math.min(trials - 1, Math.ceil(quantile * trials) - 1)]! };
}

/** Per-table published groups of a consensus check: tables of k or more alone, smaller ones merged. */
export function tableGroups(truth: Truth, questions: string[], seating: Seating, k: number): BallotGroup[] {
  const units: string[][] = [];
  const small: string[] = [];
  for (const members of seating.tables.values()) (members.length >= k ? units.push([...members]) : small.push(...members));
  // Merged tables still short of k join the smallest table that is not.
  if (small.length >= k || (small.length > 0 && units.length === 0)) units.push(small);
  else if (small.length > 0) units.sort((a, b) => a.length - b.length)[0]!.push(...small);
  return questions.flatMap((question) =>
    units.map((members) => {
      const ballots = truth.ballots.get(question)!;
      const voters = members.filter((m) => ballots.has(m));
      const counts: Record<string, number> = {};
      for (const m of voters) counts[ballots.get(m)!] = (counts[ballots.get(m)!] ?? 0) + 1;
      return { source: 'published tables', question, voters, counts };
    }),
  ).filter((g) => g.voters.length > 0);
}

/**
 * What crossing a stratum's count with another group (a batch, a run of batches, a table, a
 * console step, another attribute's stratum) gives exactly: when one holds the other, the rest
 * with the difference of their counts ("the 18-34 minus this batch of five, all of them 18-34");
 * and their common members when the two counts pin every cell of them (a cell one group lacks,
 * or one that fills what the other leaves). A crossing is kept when it says more of its members
 * than the groups it came from (a higher share for its best cell): the members of a unanimous
 * stratum of seven are each known already, as a unanimous table's are (k-anonymity allows it),
 * and any part of them is "unanimous" too without telling anything more.
 */
export function intersections(groups: BallotGroup[]): BallotGroup[] {
  const out: BallotGroup[] = [];
  // The same batch is seen in many copies of the folder: each distinct group once.
  const unique = new Map<string, BallotGroup>();
  for (const g of groups) {
    const key = `${g.question}\u0000${[...g.voters].sort().join(',')}\u0000${JSON.stringify(Object.entries(g.counts).filter(([, n]) => n > 0).sort())}`;
    const held = unique.get(key);
    if (!held || (g.stratum && !held.stratum)) unique.set(key, g);
  }
  const byQuestion = new Map<string, BallotGroup[]>();
  for (const g of unique.values()) byQuestion.set(g.question, [...(byQuestion.get(g.question) ?? []), g]);
  for (const [question, list] of byQuestion) {
    const strata = list.filter((g) => g.stratum);
    const seen = new Set<string>();
    for (const s of strata) {
      const inS = new Set(s.voters);
      for (const g of list) {
        if (g === s || g.voters.length === 0) continue;
        const inG = new Set(g.voters);
        const common = s.voters.filter((m) => inG.has(m));
        if (common.length === 0) continue;
        const add = (voters: string[], cells: Record<string, number>, than: BallotGroup[], how: string) => {
          const counts = Object.fromEntries(Object.entries(cells).filter(([, n]) => n > 0));
          const key = `${[...voters].sort().join(',')}\u0000${JSON.stringify(Object.entries(counts).sort())}`;
          if (voters.length === 0 || seen.has(key)) return;
          const derived: BallotGroup = { source: `${how} (${s.source.split(',')[0]} × ${g.source.split(',')[0]})`, question, voters, counts };
          if (than.some((parent) => confidence(derived) <= confidence(parent))) return;
          seen.add(key);
          out.push(derived);
        };
        if (common.length === g.voters.length && g.voters.length < s.voters.length) add(s.voters.filter((m) => !inG.has(m)), minus(s.counts, g.counts), [s], 'stratum minus group');
        else if (common.length === s.voters.length && s.voters.length < g.voters.length) add(g.voters.filter((m) => !inS.has(m)), minus(g.counts, s.counts), [g], 'group minus stratum');
        else if (common.length < s.voters.length && common.length < g.voters.length) {
          // Bounds on each cell of the common members: at least what either cannot place
          // elsewhere. When the lower bounds add up to all of them, they are exact.
          const low: Record<string, number> = {};
          let sure = 0;
          for (const c of new Set([...Object.keys(s.counts), ...Object.keys(g.counts)])) {
            low[c] = Math.max(0, common.length - (s.voters.length - (s.counts[c] ?? 0)), common.length - (g.voters.length - (g.counts[c] ?? 0)));
            sure += low[c];
          }
          if (sure === common.length) add(common, low, [s, g], 'stratum ∩ group');
        }
      }
    }
  }
  return out;
}

function minus(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of new Set([...Object.keys(a), ...Object.keys(b)])) out[c] = (a[c] ?? 0) - (b[c] ?? 0);
  return out;
}

/**
 * The published counts per stratum of each question (issue 17): per attribute, values of k
 * members or more alone, the others merged by the display's rule (splitSmallGroups), an
 * attribute under k in all left out. What the result per stratum shows once closed.
 */
export function stratumPublishedGroups(truth: Truth, questions: string[], roster: Map<string, Record<string, string>>, attributes: string[], k: number): BallotGroup[] {
  return questions.flatMap((question) => {
    const ballots = truth.ballots.get(question)!;
    return attributes.flatMap((attribute) => {
      const byValue = new Map<string, string[]>();
      for (const m of ballots.keys()) {
        const v = roster.get(m)?.[attribute] ?? '';
        byValue.set(v, [...(byValue.get(v) ?? []), m]);
      }
      const values = [...byValue.keys()].sort();
      const split = splitSmallGroups(values.map((id) => ({ id, size: byValue.get(id)!.length })), k);
      const units = [...split.shown.map((v) => byValue.get(v)!), ...(split.merged.length > 0 ? [split.merged.flatMap((v) => byValue.get(v)!)] : [])];
      return units.map((voters): BallotGroup => {
        const counts: Record<string, number> = {};
        for (const m of voters) counts[ballots.get(m)!] = (counts[ballots.get(m)!] ?? 0) + 1;
        return { source: 'published strata', question, voters, counts, stratum: true };
      });
    });
  });
}
