import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fieldKind, sameValue } from '../../server/cli/recount-compare.ts';
import { recount, RecountError, type GradesRecount } from '../../server/cli/recount-core.ts';
import { recountExport, type ExportRecount } from '../../server/cli/recount-export.ts';

// The comparison of a whole export's results with what it records as shown, table by table.
// test/fixtures/recount/whole-export.json is a real export (GET /api/export.json) of the
// convention test/integration/recount-export.test.ts runs (regenerate it with
// RECOUNT_KEEP_EXPORT=FILE on that test), with its members, sessions, proposals, questions and
// polls emptied: the recount reads none of them.

const fixture = fileURLToPath(new URL('../fixtures/recount/whole-export.json', import.meta.url));
const original = JSON.parse(readFileSync(fixture, 'utf8')) as any;
const copy = (): any => JSON.parse(JSON.stringify(original));
const notMatching = (r: ExportRecount) => r.results.filter((x) => x.status !== 'match');

describe('recountExport: the fixture as exported', () => {
  test('every result matches', () => {
    const r = recountExport(copy());
    expect(r.matches).toBe(true);
    expect(r.totals).toEqual({ results: 7, match: 7, mismatch: 0, unchecked: 0, invalid: 0 });
    expect(r.exportVersion).toBe(3);
  });
});

// One change per row: the one result that must stop matching, and a field it must name.
const tampers: { name: string; where: string; field: string; tamper: (e: any) => void }[] = [
  { name: 'vote: adopted flipped', where: 'votes[0]', field: 'adopted', tamper: (e) => (e.votes[0].adopted = !e.votes[0].adopted) },
  { name: 'vote: share', where: 'votes[0]', field: 'share', tamper: (e) => (e.votes[0].share += 0.001) },
  { name: 'vote: split', where: 'votes[1]', field: 'split', tamper: (e) => (e.votes[1].split.for += 0.1) },
  { name: 'vote: quorumMet', where: 'votes[0]', field: 'quorumMet', tamper: (e) => (e.votes[0].quorumMet = false) },
  { name: 'vote: shown tally', where: 'votes[1]', field: 'tally', tamper: (e) => e.votes[1].tally.abstain++ },
  { name: 'vote: electronic count against participation', where: 'votes[0]', field: 'voters', tamper: (e) => e.votes[0].electronicTally.for++ },
  { name: 'vote: a struck-out paper entry counted', where: 'votes[1]', field: 'paper', tamper: (e) => (e.votes[1].paperEntries[1].removedAt = null) },
  { name: 'vote: a roll-call ballot dropped', where: 'votes[1]', field: 'electronicTally', tamper: (e) => e.votes[1].rollCall.pop() },
  { name: 'vote: shown value left out', where: 'votes[0]', field: 'adopted', tamper: (e) => delete e.votes[0].adopted },
  { name: 'ranking: a ballot is not its table\u2019s ranking', where: 'rankings[0]', field: 'ballots["Table 1"]', tamper: (e) => e.rankings[0].ballots[0].ranking.reverse() },
  { name: 'ranking: Schulze order', where: 'rankings[0]', field: 'results.schulze', tamper: (e) => e.rankings[0].results.schulze.reverse() },
  { name: 'ranking: dissent level', where: 'rankings[0]', field: 'results.dissent["Formation et emploi"].level', tamper: (e) => (e.rankings[0].results.dissent.at(-1).level = 'high') },
  { name: 'ranking: a table\u2019s ranking changes the dissent', where: 'rankings[0]', field: 'ballots["Table 2"]', tamper: (e) => e.rankings[0].tables[1].ranking.reverse() },
  { name: 'silent round: one more ballot', where: 'rankings[0].silentRound', field: 'submitted', tamper: (e) => e.rankings[0].silentRound.ballots[0].count++ },
  { name: 'grading: participation of a proposal', where: 'gradings[0]', field: 'graded["P-001 Proposition 1 pour le climat"]', tamper: (e) => e.gradings[0].graded['P-001 Proposition 1 pour le climat']++ },
  { name: 'grading: two places swapped', where: 'gradings[0]', field: 'results.majorityJudgment[0].candidate', tamper: (e) => e.gradings[0].results.majorityJudgment.reverse() },
  { name: 'grading: a grade line moved', where: 'gradings[0]', field: 'results.majorityJudgment[0].profile', tamper: (e) => (e.gradings[0].ballots.filter((b: any) => 'P-002 Proposition 2 pour le climat' in b.grades).at(-1).grades = { 'P-002 Proposition 2 pour le climat': 'Excellent' }) },
  { name: 'grading: a lever\u2019s median', where: 'gradings[0]', field: 'results.byLever["Agriculture et alimentation"][0].median', tamper: (e) => (e.gradings[0].results.byLever[0].majorityJudgment[0].median = 'Excellent') },
  { name: 'consensus: marker', where: 'checks[0].proposals[0]', field: 'marker', tamper: (e) => (e.checks[0].proposals[0].marker = 'consensus') },
  { name: 'consensus: the check\u2019s thresholds', where: 'checks[0].proposals[0]', field: 'marker', tamper: (e) => (e.checks[0].thresholds = null) },
  { name: 'consensus: a count', where: 'checks[0].proposals[0]', field: 'answered', tamper: (e) => e.checks[0].proposals[0].counts[0]++ },
  { name: 'consensus: unsure answers', where: 'checks[0].proposals[1]', field: 'answered', tamper: (e) => e.checks[0].proposals[1].unsure-- },
  { name: 'consensus: a table shown under k', where: 'checks[0].proposals[0]', field: 'tables["Table 3"].answers ≥ k', tamper: (e) => (e.checks[0].proposals[0].smallGroupMin = 7) },
  { name: 'consensus: a table\u2019s direction', where: 'checks[0].proposals[0]', field: 'tables["Table 3"].direction', tamper: (e) => (e.checks[0].proposals[0].tables[2].direction = 'same') },
  { name: 'consensus: the other tables', where: 'checks[0].proposals[1]', field: 'tables: agree in all', tamper: (e) => e.checks[0].proposals[1].otherTables.agree++ },
  { name: 'consensus: across tables', where: 'checks[0].proposals[1]', field: 'groupAwareConsensus', tamper: (e) => (e.checks[0].proposals[1].groupAwareConsensus += 1e-6) },
];

describe('recountExport: one tampered number is found', () => {
  test.each(tampers)('$name', ({ where, field, tamper }) => {
    const e = copy();
    tamper(e);
    const r = recountExport(e);
    expect(r.matches).toBe(false);
    expect(notMatching(r).map((x) => [x.where, x.status])).toEqual([[where, 'mismatch']]);
    expect(notMatching(r)[0]!.differences.map((d) => d.field)).toContain(field);
  });
});

describe('recountExport: what cannot be checked', () => {
  test('a version-1 vote (electronic count in `tally`, nothing else): recounted from it, still matches', () => {
    const e = copy();
    const v = e.votes[0];
    e.votes[0] = { kind: 'adoption', threshold: v.threshold, basis: v.basis, quorum: v.quorum, present: v.present, members: v.members, tally: v.electronicTally, paper: v.paper, adopted: v.adopted, share: v.share };
    const r = recountExport(e);
    expect(r.results[0]).toMatchObject({ status: 'match', checked: ['adopted', 'share'] });
  });

  test('a grading without `results` (exports before version 3) is unchecked, and the whole is not a match', () => {
    const e = copy();
    delete e.gradings[0].results;
    const r = recountExport(e);
    expect(notMatching(r).map((x) => [x.where, x.status])).toEqual([['gradings[0]', 'unchecked']]);
    expect(notMatching(r)[0]!.note).toMatch(/does not record/);
    expect(r.matches).toBe(false);
  });

  test('a check without `thresholds` (exports before version 3): its marker is unchecked, the rest still compared', () => {
    const e = copy();
    delete e.checks[0].thresholds;
    e.checks[0].proposals[1].groupAwareConsensus += 0.5;
    const r = recountExport(e);
    expect(notMatching(r).map((x) => [x.where, x.status])).toEqual([['checks[0].proposals[0]', 'unchecked'], ['checks[0].proposals[1]', 'mismatch']]);
    expect(r.results.find((x) => x.where === 'checks[0].proposals[0]')!.checked).not.toContain('marker');
  });

  test('a damaged item is invalid, beside the others still recounted', () => {
    const e = copy();
    e.votes[0].electronicTally = 'x';
    const r = recountExport(e);
    expect(r.results[0]).toMatchObject({ status: 'invalid', note: '"electronicTally" must be an object with "for", "against" and "abstain"' });
    expect(r.totals).toMatchObject({ match: 6, invalid: 1 });
  });

  test('an export with no result at all matches trivially', () => {
    expect(recountExport({ format: 'convergence-export', version: 3, votes: [], rankings: [], gradings: [], checks: [] })).toMatchObject({ matches: true, totals: { results: 0 } });
  });

  test('a section that is not a list is a bad file', () => {
    expect(() => recountExport({ format: 'convergence-export', votes: {} })).toThrow(RecountError);
  });
});

describe('grades per grader (`graders`)', () => {
  const lines = [
    { grades: { A: 'Bien' }, count: 2 },
    { grades: { A: 'Passable', B: 'Bien' }, count: 1 },
  ];
  const base = { kind: 'grades', grades: ['Bien', 'Passable', 'Insuffisant'], candidates: ['A', 'B'], ballots: lines };

  test.each([
    { name: 'without graders: ballots are the lines', input: base, ballots: 3, profiles: { A: [2, 1, 0], B: [1, 0, 0] } },
    { name: 'graders: the ballots are the graders', input: { ...base, graders: 4 }, ballots: 4, profiles: { A: [2, 1, 0], B: [1, 0, 0] } },
    { name: 'graders, missing worst: each grader who left one out gives it the lowest grade', input: { ...base, graders: 4, missing: 'worst' }, ballots: 4, profiles: { A: [2, 1, 1], B: [1, 0, 3] } },
    { name: 'no graders, missing worst: per line, as before', input: { ...base, missing: 'worst' }, ballots: 3, profiles: { A: [2, 1, 0], B: [1, 0, 2] } },
  ])('$name', ({ input, ballots, profiles }) => {
    const r = recount(input) as GradesRecount;
    expect(r.ballots).toBe(ballots);
    expect(Object.fromEntries(r.majorityJudgment.map((e) => [e.candidate, e.profile]))).toEqual(profiles);
  });

  test('a candidate with more grades than graders is refused', () => {
    expect(() => recount({ ...base, graders: 2 })).toThrow('"A" has 3 grades but "graders" is 2: a grader grades each candidate once');
  });
});

describe('comparison helpers', () => {
  test.each([
    { a: 0.1 + 0.2, b: 0.3, same: true },
    { a: 0.6842105263157895, b: 0.68421052631579, same: true },
    { a: 0.684, b: 0.685, same: false },
    { a: 34.8, b: 34.9, same: false },
    { a: { x: 1, y: [1, 2] }, b: { y: [1, 2], x: 1 }, same: true },
    { a: { x: 1 }, b: { x: 1, y: 2 }, same: false },
    { a: [['A', 'B'], ['C']], b: [['A'], ['B', 'C']], same: false },
    { a: null, b: 0, same: false },
    { a: 'consensus', b: 'consensus', same: true },
    { a: [1, 2], b: { 0: 1, 1: 2 }, same: false },
  ])('sameValue($a, $b) is $same', ({ a, b, same }) => {
    expect(sameValue(a, b)).toBe(same);
  });

  test.each([
    ['tally', 'tally'],
    ['results.borda["Transports"]', 'results.borda[]'],
    ['results.byLever["Mobilité"][2].median', 'results.byLever[][].median'],
    ['tables["Table \\"A\\""].z', 'tables[].z'],
  ])('fieldKind(%s) is %s', (field, kind) => {
    expect(fieldKind(field)).toBe(kind);
  });
});
