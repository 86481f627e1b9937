import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  formatJson,
  recount,
  RecountError,
  type AdoptionRecount,
  type GradesRecount,
  type RankingRecount,
} from '../../server/cli/recount-core.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures/recount');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

function ofKind<K extends 'ranking' | 'grades' | 'adoption'>(kind: K) {
  return (input: unknown): Extract<RankingRecount | GradesRecount | AdoptionRecount, { kind: K }> => {
    const r = recount(input);
    expect(r.kind).toBe(kind);
    return r as Extract<RankingRecount | GradesRecount | AdoptionRecount, { kind: K }>;
  };
}
const ranking = ofKind('ranking');
const grades = ofKind('grades');
const adoption = ofKind('adoption');

const EXAMPLE_45 = {
  schulze: ['E', 'A', 'C', 'B', 'D'],
  borda: { A: 98, B: 92, C: 89, D: 69, E: 102 },
};

describe('recount(): ranking', () => {
  test('the 45-voter example', () => {
    const r = ranking(fixture('schulze-45.json'));
    expect(r.kind).toBe('ranking');
    expect(r.candidates).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(r.ballots).toBe(45);
    expect(r.schulze).toEqual(EXAMPLE_45.schulze);
    expect(r.schulzeGroups).toEqual([['E'], ['A'], ['C'], ['B'], ['D']]);
    expect({ ...r.borda }).toEqual(EXAMPLE_45.borda);
    expect(r.pairwise.B!.D).toBe(33);
    expect(r.strengths.E!.D).toBe(31);
    expect(r.dissent).toBeUndefined();
  });

  test('export form: extra fields are ignored for the count, tables give the dissent', () => {
    const input = fixture('export-ranking.json') as Record<string, unknown>;
    const r = ranking(input);
    const bare = ranking({ kind: input.kind, candidates: input.candidates, ballots: input.ballots });
    const { dissent, ...counted } = r;
    expect(JSON.stringify(counted)).toBe(JSON.stringify(bare));
    expect(r.ballots).toBe(14);
    expect(r.schulze).toEqual(['Transports', 'Énergie', 'Logement', 'Alimentation']);
    expect(dissent?.map((d) => [d.lever, d.spread, d.dissent])).toEqual([
      ['Transports', 0.5, 'low'],
      ['Logement', 1.5, 'medium'],
      ['Alimentation', 1, 'low'],
      ['Énergie', 2, 'high'],
    ]);
  });

  test('ties in the result: schulze is flattened by candidate order, schulzeGroups keeps the tie', () => {
    const r = ranking({
      kind: 'ranking',
      candidates: ['S', 'R', 'P'],
      ballots: [{ ranking: ['R', 'P', 'S'], count: 2 }, { ranking: ['P', 'S', 'R'], count: 2 }, { ranking: ['S', 'R', 'P'], count: 2 }],
    });
    expect(r.schulzeGroups).toEqual([['S', 'R', 'P']]);
    expect(r.schulze).toEqual(['S', 'R', 'P']);
    expect({ ...r.borda }).toEqual({ S: 6, R: 6, P: 6 });
  });

  test('count defaults to 1; ties and partial rankings are accepted', () => {
    const r = ranking({
      kind: 'ranking',
      candidates: ['A', 'B', 'C'],
      ballots: [{ ranking: [['A', 'B'], 'C'] }, { ranking: ['C'] }, { ranking: [] }],
    });
    expect(r.ballots).toBe(3);
    // A: 1.5 + 0.5 + 1 = 3, B the same, C: 0 + 2 + 1 = 3
    expect({ ...r.borda }).toEqual({ A: 3, B: 3, C: 3 });
    expect(r.schulzeGroups).toEqual([['A', 'B', 'C']]);
  });

  test('an empty ballot list is a valid (all-tied) count', () => {
    const r = ranking({ kind: 'ranking', candidates: ['A', 'B'], ballots: [] });
    expect(r.ballots).toBe(0);
    expect(r.schulze).toEqual(['A', 'B']);
  });
});

describe('recount(): grades (majority judgment)', () => {
  test('the fixture: three proposals at "Bien", ordered by what lies around the median', () => {
    const r = grades(fixture('grades.json'));
    expect(r.ballots).toBe(10);
    expect([r.tieBreak, r.missing]).toEqual(['value', 'ignore']);
    expect(r.majorityJudgment.map((e) => [e.candidate, e.rank, e.median, e.gauge?.sign, e.total])).toEqual([
      ['Parkings relais', 1, 'Bien', '+', 10],
      ['Tarif résident', 2, 'Bien', '-', 9],
      ['Zones piétonnes', 3, 'Bien', '-', 10],
    ]);
    expect(r.majorityJudgment[0]).toEqual({
      candidate: 'Parkings relais',
      rank: 1,
      median: 'Bien',
      medianIndex: 2,
      p: 0.3,
      q: 0.2,
      gauge: { median: 'Bien', sign: '+', share: 0.3 },
      total: 10,
      profile: [0, 3, 5, 2, 0, 0, 0],
    });
  });

  test('the Tennessee example (Wikipedia) through the file format', () => {
    const cities = ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville'];
    const scale = ['Excellent', 'Good', 'Fair', 'Poor'];
    const line = (count: number, order: string[]) => ({ count, grades: Object.fromEntries(order.map((c, i) => [c, scale[i]])) });
    const r = grades({
      kind: 'grades',
      grades: scale,
      candidates: cities,
      ballots: [
        line(42, ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']),
        line(26, ['Nashville', 'Chattanooga', 'Knoxville', 'Memphis']),
        line(15, ['Chattanooga', 'Knoxville', 'Nashville', 'Memphis']),
        line(17, ['Knoxville', 'Chattanooga', 'Nashville', 'Memphis']),
      ],
    });
    expect(r.ballots).toBe(100);
    expect(r.majorityJudgment.map((e) => `${e.candidate} ${e.median}${e.gauge?.sign} ${e.gauge?.share}`)).toEqual([
      'Nashville Good- 0.32',
      'Chattanooga Good- 0.42',
      'Knoxville Fair- 0.42',
      'Memphis Poor+ 0.42',
    ]);
  });

  test('defaults: the seven French grades; count 1; an omitted or null grade is no grade', () => {
    const r = grades({
      kind: 'grades',
      candidates: ['P1', 'P2'],
      ballots: [{ grades: { P1: 'Très bien', P2: null } }, { grades: { P1: 'Passable' } }, { grades: {} }],
    });
    expect(r.grades).toEqual(['Excellent', 'Très bien', 'Bien', 'Assez bien', 'Passable', 'Insuffisant', 'À rejeter']);
    expect(r.ballots).toBe(3);
    expect(r.majorityJudgment.map((e) => [e.candidate, e.rank, e.median, e.total])).toEqual([
      ['P1', 1, 'Passable', 2], // lower median of Très bien and Passable
      ['P2', 2, null, 0],
    ]);
  });

  test('"missing": "worst" counts an omitted grade as the lowest one', () => {
    const r = grades({
      kind: 'grades',
      grades: ['Bien', 'Passable', 'À rejeter'],
      missing: 'worst',
      candidates: ['P1', 'P2'],
      ballots: [{ grades: { P1: 'Bien', P2: null }, count: 2 }, { grades: { P2: 'Bien' }, count: 1 }],
    });
    expect(r.majorityJudgment.map((e) => [e.candidate, e.profile])).toEqual([
      ['P1', [2, 0, 1]],
      ['P2', [1, 0, 2]],
    ]);
  });

  test('"tieBreak": "gauge" leaves equal gauges tied where the majority value decides', () => {
    const input = {
      kind: 'grades',
      candidates: ['B', 'A'],
      ballots: [
        { grades: { A: 'Excellent', B: 'Très bien' }, count: 2 },
        { grades: { A: 'Bien', B: 'Bien' }, count: 1 },
        { grades: { A: 'Passable', B: 'Passable' }, count: 1 },
        { grades: { A: 'Passable', B: 'À rejeter' }, count: 1 },
      ],
    };
    expect(grades(input).majorityJudgment.map((e) => [e.candidate, e.rank])).toEqual([['A', 1], ['B', 2]]);
    expect(grades({ ...input, tieBreak: 'gauge' }).majorityJudgment.map((e) => [e.candidate, e.rank])).toEqual([['B', 1], ['A', 1]]);
  });
});

describe('recount(): adoption', () => {
  test('the fixture: paper counts are added, 48 of 80 expressed is exactly 60 %', () => {
    expect(adoption(fixture('adoption.json'))).toEqual({
      kind: 'adoption',
      basis: 'expressed',
      threshold: 0.6,
      comparison: 'atLeast',
      votes: { for: 48, against: 32, abstain: 4 },
      present: 83,
      members: 100,
      denominator: 80,
      share: 0.6,
      required: 48,
      adopted: true,
    });
  });

  // Issue 18, item 5: `tally` is what was counted (as in the close ack and on the projector);
  // an export gives its parts as `electronicTally` and `paper`. Exports of version 1 had the
  // electronic count in `tally`, and still recount the same.
  test('electronicTally + paper, with tally their sum (export version 2), recounts like tally + paper (version 1)', () => {
    const legacy = fixture('adoption.json') as Record<string, unknown>;
    const { tally, paper } = legacy as { tally: { for: number; against: number; abstain: number }; paper: { for: number; against: number; abstain: number } };
    const combined = { for: tally.for + paper.for, against: tally.against + paper.against, abstain: tally.abstain + paper.abstain };
    const current = { ...legacy, tally: combined, electronicTally: tally };
    expect(adoption(current)).toEqual(adoption(legacy));
    expect(adoption(current).votes).toEqual({ for: 48, against: 32, abstain: 4 });
    // `tally` may be left out when its parts are given; a tally with no parts counts as given.
    const { tally: _omitted, ...parts } = current;
    expect(adoption(parts).votes).toEqual(combined);
    expect(adoption({ ...legacy, paper: undefined, tally: combined }).votes).toEqual(combined);
  });

  test('a tally that is not electronicTally + paper is refused', () => {
    const legacy = fixture('adoption.json') as Record<string, unknown>;
    const wrong = { ...legacy, electronicTally: legacy.tally }; // tally still the electronic count alone
    expect(() => recount(wrong)).toThrow(RecountError);
    expect(() => recount(wrong)).toThrow('"tally" { for: 45, against: 31, abstain: 4 } is not "electronicTally" plus "paper" { for: 48, against: 32, abstain: 4 }');
  });

  test('without the paper counts, 45 of 76 (59.2 %) is rejected', () => {
    const { paper, ...keypads } = fixture('adoption.json') as Record<string, unknown>;
    expect(paper).toBeDefined();
    const r = adoption(keypads);
    expect([r.votes.for, r.denominator, r.required, r.adopted]).toEqual([45, 76, 46, false]);
  });

  test('the example of the brief, and extra fields are ignored', () => {
    const r = adoption({
      kind: 'adoption',
      threshold: 0.6,
      basis: 'expressed',
      tally: { for: 60, against: 30, abstain: 10 },
      present: 90,
      members: 100,
      proposal: 'P-12',
      round: 2,
    });
    expect([r.share, r.adopted, r.required, r.quorumMet]).toEqual([60 / 90, true, 54, undefined]);
  });

  test('basis "present" with a quorum (members who must be present)', () => {
    const r = adoption(fixture('adoption-boundary.json'));
    expect([r.denominator, r.share, r.required, r.adopted, r.quorum, r.quorumMet]).toEqual([90, 0.6, 54, true, 50, true]);
    const short = adoption({ ...(fixture('adoption-boundary.json') as object), present: 85, quorum: 86 });
    expect([short.quorumMet, short.adopted]).toEqual([false, false]);
  });

  test('defaults (0.6 on the votes expressed), fractions and "moreThan"', () => {
    const r = adoption({ kind: 'adoption', tally: { for: 3, against: 2 } });
    expect([r.threshold, r.basis, r.comparison, r.votes.abstain, r.adopted]).toEqual([0.6, 'expressed', 'atLeast', 0, true]);
    expect(adoption({ kind: 'adoption', threshold: '2/3', tally: { for: 2, against: 1 } })).toMatchObject({ threshold: '2/3', adopted: true });
    expect(adoption({ kind: 'adoption', threshold: '2/3', tally: { for: 66, against: 34 } }).adopted).toBe(false);
    expect(adoption({ kind: 'adoption', threshold: 0.5, comparison: 'moreThan', tally: { for: 5, against: 5 } }).adopted).toBe(false);
  });
});

describe('recount(): validation', () => {
  const ok = { kind: 'ranking', candidates: ['A', 'B', 'C'], ballots: [{ ranking: ['A', 'B', 'C'], count: 1 }] };
  const withBallot = (ballot: unknown): unknown => ({ ...ok, ballots: [ok.ballots[0], ballot] });
  const gradesOk = {
    kind: 'grades',
    grades: ['Bien', 'Passable', 'Insuffisant'],
    candidates: ['P1', 'P2'],
    ballots: [{ grades: { P1: 'Bien', P2: 'Passable' }, count: 2 }],
  };
  const withGrades = (ballot: unknown): unknown => ({ ...gradesOk, ballots: [gradesOk.ballots[0], ballot] });
  const adoptionOk = { kind: 'adoption', tally: { for: 9, against: 5, abstain: 1 } };

  test.each([
    { name: 'not an object', input: [1, 2], message: 'the file must hold a JSON object, not an array' },
    { name: 'null', input: null, message: 'the file must hold a JSON object, not null' },
    { name: 'missing kind', input: { candidates: ['A'] }, message: 'missing "kind" (expected one of: ranking, grades, adoption; or a whole export, "format": "convergence-export")' },
    { name: 'unknown kind', input: { ...ok, kind: 'approval' }, message: 'unknown kind "approval" (expected one of: ranking, grades, adoption)' },
    { name: 'kind not a string', input: { ...ok, kind: 3 }, message: 'unknown kind 3 (expected one of: ranking, grades, adoption)' },
    { name: 'ranking ballots in a grades file', input: { ...ok, kind: 'grades' }, message: 'ballots[0]: missing "grades"' },
    { name: 'ranking ballots in an adoption file', input: { ...ok, kind: 'adoption' }, message: '"tally" must be an object with "for", "against" and "abstain"' },
    { name: 'no candidates', input: { ...ok, candidates: undefined }, message: '"candidates" must be a non-empty array of names' },
    { name: 'empty candidates', input: { ...ok, candidates: [] }, message: '"candidates" must be a non-empty array of names' },
    { name: 'candidate not a string', input: { ...ok, candidates: ['A', 2] }, message: 'candidates[1] must be a non-empty string, not number 2' },
    { name: 'blank candidate', input: { ...ok, candidates: ['A', ' '] }, message: 'candidates[1] must be a non-empty string, not the string " "' },
    { name: 'duplicate candidate', input: { ...ok, candidates: ['A', 'B', 'A'] }, message: 'candidates: "A" is listed twice' },
    { name: 'ballots missing', input: { ...ok, ballots: undefined }, message: '"ballots" must be an array' },
    { name: 'ballot not an object', input: withBallot('ABC'), message: 'ballots[1] must be an object with "ranking" and "count"' },
    { name: 'ranking missing', input: withBallot({ count: 2 }), message: 'ballots[1]: missing "ranking"' },
    { name: 'ranking not an array', input: withBallot({ ranking: 'A>B', count: 1 }), message: 'ballots[1].ranking: must be an array of candidates or of groups of tied candidates' },
    { name: 'unknown candidate', input: withBallot({ ranking: ['A', 'Z'], count: 1 }), message: 'ballots[1].ranking: unknown candidate "Z"' },
    { name: 'unknown candidate in a group', input: withBallot({ ranking: [['A', 'z']], count: 1 }), message: 'ballots[1].ranking: unknown candidate "z"' },
    { name: 'duplicate in one ballot', input: withBallot({ ranking: ['A', 'B', 'A'], count: 1 }), message: 'ballots[1].ranking: candidate "A" appears more than once' },
    { name: 'duplicate inside a group', input: withBallot({ ranking: [['B', 'B']], count: 1 }), message: 'ballots[1].ranking: candidate "B" appears more than once' },
    { name: 'empty group', input: withBallot({ ranking: ['A', []], count: 1 }), message: 'ballots[1].ranking: place 2 is an empty group' },
    { name: 'number in ranking', input: withBallot({ ranking: ['A', 1], count: 1 }), message: 'ballots[1].ranking: place 2 holds a number, expected a candidate name' },
    { name: 'nested array', input: withBallot({ ranking: [[['A']]], count: 1 }), message: 'ballots[1].ranking: place 1 holds a nested array, expected a candidate name' },
    { name: 'count 0', input: withBallot({ ranking: ['A'], count: 0 }), message: 'ballots[1].count must be a positive integer, not 0' },
    { name: 'negative count', input: withBallot({ ranking: ['A'], count: -3 }), message: 'ballots[1].count must be a positive integer, not -3' },
    { name: 'fractional count', input: withBallot({ ranking: ['A'], count: 2.5 }), message: 'ballots[1].count must be a positive integer, not 2.5' },
    { name: 'string count', input: withBallot({ ranking: ['A'], count: '3' }), message: 'ballots[1].count must be a positive integer, not "3"' },
    { name: 'null count', input: withBallot({ ranking: ['A'], count: null }), message: 'ballots[1].count must be a positive integer, not null' },
    { name: 'tables not an array', input: { ...ok, tables: {} }, message: '"tables" must be an array' },
    { name: 'table without name', input: { ...ok, tables: [{ ranking: ['A'] }] }, message: 'tables[0].table must be a non-empty string' },
    { name: 'table listed twice', input: { ...ok, tables: [{ table: 'T', ranking: ['A'] }, { table: 'T', ranking: ['B'] }] }, message: 'tables[1]: table "T" is listed twice' },
    { name: 'table ranking unknown', input: { ...ok, tables: [{ table: 'T', ranking: ['Q'] }] }, message: 'tables[0].ranking: unknown candidate "Q"' },
    { name: 'table without ranking', input: { ...ok, tables: [{ table: 'T' }] }, message: 'tables[0]: missing "ranking"' },
    // grades
    { name: 'grades: not an array', input: { ...gradesOk, grades: 'Bien' }, message: '"grades" must be a non-empty array of grade names' },
    { name: 'grades: empty', input: { ...gradesOk, grades: [] }, message: '"grades" must be a non-empty array of grade names' },
    { name: 'grades: a grade listed twice', input: { ...gradesOk, grades: ['Bien', 'Bien'] }, message: 'grades: "Bien" is listed twice' },
    { name: 'grades: blank grade', input: { ...gradesOk, grades: ['Bien', ''] }, message: 'grades[1] must be a non-empty string, not the string ""' },
    { name: 'grades: no candidates', input: { ...gradesOk, candidates: [] }, message: '"candidates" must be a non-empty array of names' },
    { name: 'grades: bad tieBreak', input: { ...gradesOk, tieBreak: 'coin' }, message: '"tieBreak" must be one of: value, gauge (got "coin")' },
    { name: 'grades: bad missing', input: { ...gradesOk, missing: 0 }, message: '"missing" must be one of: ignore, worst (got 0)' },
    { name: 'grades: ballots not an array', input: { ...gradesOk, ballots: {} }, message: '"ballots" must be an array' },
    { name: 'grades: ballot not an object', input: withGrades(['P1']), message: 'ballots[1] must be an object with "grades" and "count"' },
    { name: 'grades: ballot without grades', input: withGrades({ count: 2 }), message: 'ballots[1]: missing "grades"' },
    { name: 'grades: grades as an array', input: withGrades({ grades: ['Bien'] }), message: 'ballots[1].grades must be an object mapping candidates to grades, not an array' },
    { name: 'grades: unknown candidate', input: withGrades({ grades: { P3: 'Bien' } }), message: 'ballots[1].grades: unknown candidate "P3"' },
    { name: 'grades: unknown grade', input: withGrades({ grades: { P2: 'Super' } }), message: 'ballots[1].grades["P2"]: unknown grade "Super" (expected one of: Bien, Passable, Insuffisant)' },
    { name: 'grades: grade not a string', input: withGrades({ grades: { P2: 3 } }), message: 'ballots[1].grades["P2"]: unknown grade number 3 (expected one of: Bien, Passable, Insuffisant)' },
    { name: 'grades: case matters', input: withGrades({ grades: { P2: 'bien' } }), message: 'ballots[1].grades["P2"]: unknown grade "bien" (expected one of: Bien, Passable, Insuffisant)' },
    { name: 'grades: count 0', input: withGrades({ grades: {}, count: 0 }), message: 'ballots[1].count must be a positive integer, not 0' },
    // adoption
    { name: 'adoption: no tally', input: { kind: 'adoption' }, message: '"tally" must be an object with "for", "against" and "abstain"' },
    { name: 'adoption: tally without against', input: { kind: 'adoption', tally: { for: 3 } }, message: 'tally: missing "against"' },
    { name: 'adoption: negative count', input: { ...adoptionOk, tally: { for: -1, against: 0 } }, message: 'tally.for must be a non-negative integer, not -1' },
    { name: 'adoption: string count', input: { ...adoptionOk, tally: { for: '12', against: 0 } }, message: 'tally.for must be a non-negative integer, not "12"' },
    { name: 'adoption: bad paper', input: { ...adoptionOk, paper: { for: 1.5 } }, message: 'paper.for must be a non-negative integer, not 1.5' },
    { name: 'adoption: paper not an object', input: { ...adoptionOk, paper: 3 }, message: '"paper" must be an object with "for", "against" and "abstain"' },
    { name: 'adoption: threshold above 1', input: { ...adoptionOk, threshold: 60 }, message: '"threshold" must be a number between 0 and 1 or a fraction such as "2/3", not 60' },
    { name: 'adoption: threshold as a percent string', input: { ...adoptionOk, threshold: '60%' }, message: '"threshold" must be a number between 0 and 1 or a fraction such as "2/3", not "60%"' },
    { name: 'adoption: threshold fraction above 1', input: { ...adoptionOk, threshold: '3/2' }, message: '"threshold" must be a number between 0 and 1 or a fraction such as "2/3", not "3/2"' },
    { name: 'adoption: unknown basis', input: { ...adoptionOk, basis: 'all' }, message: '"basis" must be one of: expressed, present, members (got "all")' },
    { name: 'adoption: unknown comparison', input: { ...adoptionOk, comparison: '>' }, message: '"comparison" must be one of: atLeast, moreThan (got ">")' },
    { name: 'adoption: basis present without present', input: { ...adoptionOk, basis: 'present' }, message: 'basis "present" needs "present" (the members present)' },
    { name: 'adoption: basis members without members', input: { ...adoptionOk, basis: 'members' }, message: 'basis "members" needs "members" (all the members)' },
    { name: 'adoption: quorum without present', input: { ...adoptionOk, quorum: 50 }, message: '"quorum" needs "present" (the members present)' },
    { name: 'adoption: quorum as a share', input: { ...adoptionOk, quorum: 0.5, present: 80 }, message: '"quorum" must be a non-negative integer, not 0.5' },
    { name: 'adoption: present above members', input: { ...adoptionOk, present: 120, members: 100 }, message: 'present (120) exceeds members (100)' },
    { name: 'adoption: more votes than members', input: { ...adoptionOk, basis: 'members', members: 10 }, message: 'votes cast (15) exceed the members (10)' },
  ])('$name', ({ input, message }) => {
    let error: unknown;
    try {
      recount(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecountError);
    expect((error as Error).message).toBe(message);
  });
});

describe('formatJson', () => {
  test.each([
    { name: 'recount result', value: recount(fixture('schulze-45.json')) },
    { name: 'grades result', value: recount(fixture('grades.json')) },
    { name: 'adoption result', value: recount(fixture('adoption-boundary.json')) },
    { name: 'commas and quotes in strings', value: { 'a, "b"': ['x, y', ['z,', 'w]']], n: [1, 2.5, null] } },
    { name: 'empty containers', value: { a: [], b: {}, c: [[]] } },
    { name: 'long leaf array is wrapped', value: { long: Array.from({ length: 40 }, (_, i) => `candidate ${i}`) } },
  ])('parses back to the same value: $name', ({ value }) => {
    const text = formatJson(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  test('counts the comma after an element: no line is wider than 100 columns', () => {
    const item = 'x'.repeat(89); // "  \"a\": [\"x…x\"]" is exactly 100 columns
    expect(formatJson({ b: 1, a: [item] }).split('\n')[2]).toBe(`  "a": ["${item}"]`);
    expect(formatJson({ a: [item], b: 1 })).toBe(`{\n  "a": [\n    "${item}"\n  ],\n  "b": 1\n}`);
  });

  test('keeps leaf arrays and objects on one line', () => {
    expect(formatJson({ order: [['A', 'B'], ['C']], scores: { A: 1, B: 2 } })).toBe(
      '{\n  "order": [["A", "B"], ["C"]],\n  "scores": { "A": 1, "B": 2 }\n}',
    );
  });
});

// Each test spawns a process (about a second each): run them concurrently.
// Node with tsx's loader rather than npx: npx alone costs a second of CPU per call.
describe.concurrent('recount CLI (child process)', { timeout: 60_000 }, () => {
  function run(
    args: string[],
    cwd = root,
    command = process.execPath,
    prefix = ['--import', 'tsx', `${root}/server/cli/recount.ts`],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = { ...process.env };
    delete env.npm_lifecycle_event; // as if typed in a shell, even under `npm test`
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...prefix, ...args], { cwd, env });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('prints the recount of the 45-voter fixture as JSON and exits 0', async () => {
    const r = await run([join(fixtures, 'schulze-45.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as RankingRecount;
    expect(out.schulze).toEqual(EXAMPLE_45.schulze);
    expect(out.borda).toEqual(EXAMPLE_45.borda);
    expect(out.ballots).toBe(45);
  });

  test('a grades file prints its result and exits 0 (adoption goes through the same path)', async () => {
    const g = await run([join(fixtures, 'grades.json')]);
    expect([g.code, g.stderr]).toEqual([0, '']);
    expect(g.stdout).toBe(`${formatJson(recount(fixture('grades.json')))}\n`);
    expect((JSON.parse(g.stdout) as GradesRecount).majorityJudgment[0]!.candidate).toBe('Parkings relais');
  });

  test('a path relative to the working directory', async () => {
    const r = await run(['fixtures/recount/export-ranking.json'], join(root, 'test'), 'npx', ['tsx', join(root, 'server/cli/recount.ts')]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as RankingRecount).schulze[0]).toBe('Transports');
  });

  test('npm run -s recount resolves the path from where it was typed', async () => {
    const r = await run(['run', '-s', 'recount', '--', 'fixtures/recount/schulze-45.json'], join(root, 'test'), 'npm', []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as RankingRecount).schulze).toEqual(EXAMPLE_45.schulze);
  });

  test.each([
    { name: 'missing file', file: 'nope.json', code: 1, message: /^recount: cannot read .*nope\.json: no such file$/ },
    { name: 'a directory', file: '.', code: 1, message: /^recount: cannot read .*: is a directory$/ },
    { name: 'bad JSON', file: 'bad-json.json', code: 1, message: /^recount: .*bad-json\.json is not valid JSON: / },
    { name: 'unknown candidate', file: 'unknown-candidate.json', code: 1, message: /^recount: .*: ballots\[1\]\.ranking: unknown candidate "D"$/ },
    { name: 'duplicate candidate', file: 'duplicate-candidate.json', code: 1, message: /ballots\[0\]\.ranking: candidate "A" appears more than once$/ },
    { name: 'bad count', file: 'bad-count.json', code: 1, message: /ballots\[0\]\.count must be a positive integer, not 1\.5$/ },
    { name: 'unknown grade', file: 'grades-unknown-grade.json', code: 1, message: /: ballots\[1\]\.grades\["P1"\]: unknown grade "Très bien" \(expected one of: Bien, Passable, Insuffisant\)$/ },
  ])('$name: exit $code with a one-line message', async ({ file, code, message }) => {
    const r = await run([join(fixtures, file)]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  test.each([
    { name: 'no argument', args: [] },
    { name: 'two files', args: ['a.json', 'b.json'] },
    { name: 'unknown option', args: ['--verbose'] },
    { name: '--out without a name', args: ['a.json', '--out'] },
    { name: '--out twice', args: ['a.json', '--out', 'b.json', '--out=c.json'] },
  ])('usage error ($name): exit 2', async ({ args }) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^recount: .*usage: npm run -s recount -- FILE\.json/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('--out writes the JSON to a file and nothing to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recount-out-'));
    try {
      const r = await run([join(fixtures, 'grades.json'), '--out', join(dir, 'r.json')]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
      expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(`${formatJson(recount(fixture('grades.json')))}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: /);
  });
});
