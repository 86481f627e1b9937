// For each kind of result an export holds, recount it from its inputs and compare with what the
// export records as shown (docs/formats.md, "Whole export"). One function per kind; each takes
// one item of the export as parsed JSON, validates what it reads (RecountError on bad input)
// and returns what it checked, the differences and a short summary of the recount.

import { agreementSides, consensus, groupAwareConsensus, groupDifference } from '../../shared/math/consensus.ts';
import { markerThresholds } from '../../shared/features/deliberation/views.ts';
import { splitPercents } from '../http/vote-export.ts';
import { Comparison, keyed } from './recount-compare.ts';
import { recount, RecountError, type AdoptionRecount, type GradesRecount, type RankingRecount } from './recount-core.ts';

export interface ShownCheck {
  comparison: Comparison;
  /** A few recounted figures, for a reader of the report. */
  summary: Record<string, unknown>;
  /** Set when the export does not record what was shown, so nothing could be compared. */
  unchecked?: string;
}

type Json = Record<string, unknown>;
type Tally = { for: number; against: number; abstain: number };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: unknown, where: string): Json => {
  if (!isObject(v)) throw new RecountError(`${where} must be an object`);
  return v;
};
const asArray = (v: unknown, where: string): unknown[] => {
  if (!Array.isArray(v)) throw new RecountError(`${where} must be an array`);
  return v;
};
const asCount = (v: unknown, where: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new RecountError(`${where} must be a non-negative integer, not ${JSON.stringify(v) ?? String(v)}`);
  return v;
};

// ---------------------------------------------------------------------------------------------
// Adoption votes

/**
 * An adoption vote of `votes[]`: what was counted is `electronicTally` + `paper`; it must be the
 * shown `tally`, and give the shown `adopted`, `quorumMet`, `share` and `split`. Its parts are
 * recounted too: `paper` from the paper entries not taken back, the electronic count from the
 * roll call (a public vote) or against the number of members who voted (`voters`).
 */
export function checkAdoption(item: Json): ShownCheck {
  const c = new Comparison();
  // Version 1 exports had the electronic count in `tally`: it is then an input, not a shown value.
  const hasParts = item.electronicTally !== undefined;
  const r = recount(hasParts ? { ...item, tally: undefined } : item) as AdoptionRecount;
  if (hasParts) c.check('tally', item.tally, r.votes);
  c.check('adopted', item.adopted, r.adopted);
  if (item.quorumMet !== undefined) c.check('quorumMet', item.quorumMet, r.quorumMet ?? true);
  c.check('share', item.share, r.share);
  if (item.split !== undefined) c.check('split', item.split, splitPercents(r.votes));
  if (item.paperEntries !== undefined) {
    const kept = asArray(item.paperEntries, 'paperEntries').map((e, i) => asObject(e, `paperEntries[${i}]`)).filter((e) => e.removedAt === null || e.removedAt === undefined);
    const sum = kept.reduce<Tally>((t, e, i) => ({ for: t.for + asCount(e.for, `paperEntries[${i}].for`), against: t.against + asCount(e.against, `paperEntries[${i}].against`), abstain: t.abstain + asCount(e.abstain, `paperEntries[${i}].abstain`) }), { for: 0, against: 0, abstain: 0 });
    c.check('paper', item.paper, sum);
  }
  if (hasParts) {
    const electronic = asObject(item.electronicTally, 'electronicTally');
    if (Array.isArray(item.rollCall)) {
      const counted: Tally = { for: 0, against: 0, abstain: 0 };
      const seen = new Set<string>();
      item.rollCall.forEach((b, i) => {
        const ballot = asObject(b, `rollCall[${i}]`);
        const choice = ballot.choice;
        if (choice !== 'for' && choice !== 'against' && choice !== 'abstain') throw new RecountError(`rollCall[${i}].choice must be for, against or abstain`);
        if (typeof ballot.memberId !== 'string' || seen.has(ballot.memberId)) throw new RecountError(`rollCall[${i}].memberId must be a member listed once`);
        seen.add(ballot.memberId);
        counted[choice]++;
      });
      c.check('electronicTally', electronic, counted);
    }
    if (item.voters !== undefined) {
      const cast = ['for', 'against', 'abstain'].reduce((n, k) => n + asCount(electronic[k] ?? 0, `electronicTally.${k}`), 0);
      // One electronic ballot per member who voted: the count of ballots is the participation.
      c.check('voters', item.voters, cast);
    }
  }
  return { comparison: c, summary: { votes: r.votes, share: r.share, adopted: r.adopted } };
}

// ---------------------------------------------------------------------------------------------
// Lever rankings

/**
 * A lever ranking of `rankings[]`: Schulze and Borda from the tables' ballots, dissent from the
 * tables' rankings, compared with `results`; the ballots must be the tables' rankings.
 */
export function checkRanking(item: Json): ShownCheck {
  const c = new Comparison();
  const r = recount(item) as RankingRecount;
  const tables = Array.isArray(item.tables) ? (item.tables as Json[]) : [];
  const ballots = asArray(item.ballots, 'ballots').map((b, i) => asObject(b, `ballots[${i}]`));
  // One ballot per table, the table's own ranking (the unit that ranks is the table).
  for (const t of tables) {
    const name = String(t.table);
    const lines = ballots.filter((b) => b.table === name);
    c.check(keyed('ballots', name), lines.length === 1 ? lines[0]!.ranking : lines.map((l) => l.ranking), t.ranking);
  }
  const summary = { ballots: r.ballots, schulzeGroups: r.schulzeGroups };
  if (item.results === null) {
    // No table ranked: nothing was shown, and nothing may be counted.
    c.check('ballots', 0, r.ballots);
    return { comparison: c, summary };
  }
  if (item.results === undefined) return { comparison: c, summary, unchecked: 'the export does not record the results shown ("results")' };
  const shown = asObject(item.results, 'results');
  c.check('results.schulze', shown.schulze, r.schulze);
  c.check('results.schulzeGroups', shown.schulzeGroups, r.schulzeGroups);
  const borda = isObject(shown.borda) ? shown.borda : {};
  for (const candidate of r.candidates) c.check(keyed('results.borda', candidate), borda[candidate], r.borda[candidate]);
  const dissent = Array.isArray(shown.dissent) ? (shown.dissent as Json[]) : [];
  for (const d of r.dissent ?? []) {
    const s = dissent.find((x) => x.lever === d.lever);
    c.checkFields(keyed('results.dissent', d.lever), s, { spread: d.spread, sd: d.sd, level: d.dissent }, ['spread', 'sd', 'level']);
  }
  return { comparison: c, summary };
}

/**
 * A ranking's silent round (`rankings[].silentRound`): the members' own rankings, recounted on
 * their own. Screens never showed its order, only how many members sent theirs (`submitted`):
 * the ballots must add up to it.
 */
export function checkSilentRound(item: Json): ShownCheck {
  const c = new Comparison();
  const r = recount(item) as RankingRecount;
  c.check('submitted', item.submitted, r.ballots);
  return { comparison: c, summary: { ballots: r.ballots, schulzeGroups: r.schulzeGroups, borda: r.borda } };
}

// ---------------------------------------------------------------------------------------------
// Gradings (majority judgment)

const MJ_FIELDS = ['candidate', 'rank', 'median', 'medianIndex', 'p', 'q', 'gauge', 'total', 'profile'] as const;

function compareJudgment(c: Comparison, prefix: string, shown: unknown, recounted: GradesRecount['majorityJudgment']): void {
  const list = Array.isArray(shown) ? (shown as unknown[]) : [];
  if (list.length !== recounted.length) c.check(`${prefix}.length`, list.length, recounted.length);
  recounted.forEach((entry, i) => c.checkFields(`${prefix}[${i}]`, isObject(list[i]) ? list[i] : null, entry as unknown as Json, MJ_FIELDS));
}

/**
 * A grading of `gradings[]`, per grader: `graders` ballots whose grades are the grade lines
 * (recount-core's `graders`). The majority judgment must be the shown order, overall and per
 * lever (`results`); once closed, each proposal's grades must be the members who graded it.
 */
export function checkGrading(item: Json): ShownCheck {
  const c = new Comparison();
  const r = recount(item) as GradesRecount;
  const summary = { ballots: r.ballots, order: r.majorityJudgment.map((e) => [e.rank, e.candidate, e.median]) };
  if (item.status === 'closed' && isObject(item.graded)) {
    for (const e of r.majorityJudgment) c.check(keyed('graded', e.candidate), item.graded[e.candidate], e.total);
  }
  if (item.results === undefined) return { comparison: c, summary, unchecked: 'the export does not record the order shown ("results")' };
  const shown = asObject(item.results, 'results');
  compareJudgment(c, 'results.majorityJudgment', shown.majorityJudgment, r.majorityJudgment);
  const byLever = asArray(shown.byLever ?? [], 'results.byLever').map((l, i) => asObject(l, `results.byLever[${i}]`));
  const placed = new Set<string>();
  for (const [i, lever] of byLever.entries()) {
    const names = asArray(lever.majorityJudgment, `results.byLever[${i}].majorityJudgment`).map((e) => String(asObject(e, `results.byLever[${i}].majorityJudgment[]`).candidate));
    for (const n of names) {
      if (!r.candidates.includes(n) || placed.has(n)) throw new RecountError(`results.byLever[${i}]: ${JSON.stringify(n)} is not a candidate, or is under two levers`);
      placed.add(n);
    }
    // The same count on this lever's proposals alone (grades of others left out).
    const sub = recount({ ...item, candidates: names, ballots: subsetLines(item.ballots, names) }) as GradesRecount;
    compareJudgment(c, keyed('results.byLever', String(lever.lever)), lever.majorityJudgment, sub.majorityJudgment);
  }
  return { comparison: c, summary };
}

function subsetLines(ballots: unknown, names: readonly string[]): Json[] {
  return asArray(ballots, 'ballots').flatMap((b) => {
    const line = isObject(b) && isObject(b.grades) ? b : null;
    if (!line) return [];
    const grades = Object.fromEntries(Object.entries(line.grades as Json).filter(([k]) => names.includes(k)));
    return Object.keys(grades).length > 0 ? [{ ...line, grades }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Consensus checks

/**
 * One proposal's reading in a consensus check (`checks[].proposals[]`), with its check's
 * `levels` and `thresholds`: the shares and marker from the distribution; once final, the
 * distribution must add up to the members who answered, and the tables shown (each of at least
 * k answers, docs/methods.md "Small groups") with the other tables to the room, each table's
 * difference from the rest of the room and the consensus across tables recomputed.
 */
export function checkConsensus(check: Json, reading: Json): ShownCheck {
  const c = new Comparison();
  const levels = asArray(check.levels, 'levels').length;
  const counts = asArray(reading.counts, 'counts').map((n, i) => asCount(n, `counts[${i}]`));
  if (counts.length !== levels) throw new RecountError(`counts has ${counts.length} numbers for ${levels} levels`);
  const unsure = asCount(reading.unsure ?? 0, 'unsure');
  const thresholds = check.thresholds === null || check.thresholds === undefined ? null : asObject(check.thresholds, 'thresholds');
  const result = consensus({ counts, abstain: unsure }, markerThresholds(thresholds as Parameters<typeof markerThresholds>[0]));
  c.check('agree', reading.agree, result.agree);
  c.check('disagree', reading.disagree, result.disagree);
  // Exports before version 3 left the check's own thresholds out: its marker cannot be told.
  const unchecked = check.thresholds === undefined ? 'the export does not record the check\u2019s marker thresholds ("thresholds")' : undefined;
  if (!unchecked) c.check('marker', reading.marker, result.marker);
  const summary = { answers: result.answers, unsure, agree: result.agree, marker: unchecked ? null : result.marker };
  const done = (): ShownCheck => ({ comparison: c, summary, ...(unchecked ? { unchecked } : {}) });
  if (reading.tablesFinal !== true) return done();

  // Final: every answer given is in the distribution, once.
  if (reading.answered !== undefined) c.check('answered', reading.answered, result.answers + unsure);
  const sides = agreementSides(levels);
  const roomAgree = sides.agree.reduce((n, i) => n + counts[i]!, 0);
  const k = reading.smallGroupMin === undefined ? null : asCount(reading.smallGroupMin, 'smallGroupMin');
  const tables = asArray(reading.tables ?? [], 'tables').map((t, i) => asObject(t, `tables[${i}]`));
  const other = reading.otherTables === null || reading.otherTables === undefined ? null : asObject(reading.otherTables, 'otherTables');
  const groups = [...tables, ...(other ? [other] : [])].map((g, i) => ({ agree: asCount(g.agree, `tables[${i}].agree`), total: asCount(g.answers, `tables[${i}].answers`) }));
  for (const t of tables) {
    const name = keyed('tables', String(t.tableName));
    const g = { agree: asCount(t.agree, `${name}.agree`), total: asCount(t.answers, `${name}.answers`) };
    const diff = groupDifference(g, { agree: roomAgree - g.agree, total: result.answers - g.total });
    c.checkFields(name, t, { z: diff.z, significant: diff.significant, direction: diff.direction }, ['z', 'significant', 'direction']);
    // No table's count under k (issue #14): a table shown with fewer answers breaks the rule.
    if (k !== null) c.check(`${name}.answers ≥ k`, true, g.total >= k);
  }
  if (other && k !== null) c.check('otherTables.answers ≥ k', true, asCount(other.answers, 'otherTables.answers') >= k);
  const anyTable = tables.length > 0 || (other !== null && asArray(other.tableNames ?? [], 'otherTables.tableNames').length > 0);
  c.check('groupAwareConsensus', reading.groupAwareConsensus, anyTable ? groupAwareConsensus(groups) : null);
  if (groups.length > 0) {
    // The tables shown and the other tables are the whole room, no answer counted twice or lost.
    c.check('tables: answers in all', groups.reduce((n, g) => n + g.total, 0), result.answers);
    c.check('tables: agree in all', groups.reduce((n, g) => n + g.agree, 0), roomAgree);
  }
  return done();
}
