import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatJson, recount, RecountError, type RankingRecount } from '../../server/cli/recount-core.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures/recount');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

const EXAMPLE_45 = {
  schulze: ['E', 'A', 'C', 'B', 'D'],
  borda: { A: 98, B: 92, C: 89, D: 69, E: 102 },
};

describe('recount(): ranking', () => {
  test('the 45-voter example', () => {
    const r = recount(fixture('schulze-45.json'));
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
    const r = recount(input);
    const bare = recount({ kind: input.kind, candidates: input.candidates, ballots: input.ballots });
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
    const r = recount({
      kind: 'ranking',
      candidates: ['S', 'R', 'P'],
      ballots: [{ ranking: ['R', 'P', 'S'], count: 2 }, { ranking: ['P', 'S', 'R'], count: 2 }, { ranking: ['S', 'R', 'P'], count: 2 }],
    });
    expect(r.schulzeGroups).toEqual([['S', 'R', 'P']]);
    expect(r.schulze).toEqual(['S', 'R', 'P']);
    expect({ ...r.borda }).toEqual({ S: 6, R: 6, P: 6 });
  });

  test('count defaults to 1; ties and partial rankings are accepted', () => {
    const r = recount({
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
    const r = recount({ kind: 'ranking', candidates: ['A', 'B'], ballots: [] });
    expect(r.ballots).toBe(0);
    expect(r.schulze).toEqual(['A', 'B']);
  });
});

describe('recount(): validation', () => {
  const ok = { kind: 'ranking', candidates: ['A', 'B', 'C'], ballots: [{ ranking: ['A', 'B', 'C'], count: 1 }] };
  const withBallot = (ballot: unknown): unknown => ({ ...ok, ballots: [ok.ballots[0], ballot] });

  test.each([
    { name: 'not an object', input: [1, 2], message: 'the file must hold a JSON object, not an array' },
    { name: 'null', input: null, message: 'the file must hold a JSON object, not null' },
    { name: 'missing kind', input: { candidates: ['A'] }, message: 'missing "kind" (expected one of: ranking, grades, adoption)' },
    { name: 'unknown kind', input: { ...ok, kind: 'approval' }, message: 'unknown kind "approval" (expected one of: ranking, grades, adoption)' },
    { name: 'kind not a string', input: { ...ok, kind: 3 }, message: 'unknown kind 3 (expected one of: ranking, grades, adoption)' },
    { name: 'grades', input: { ...ok, kind: 'grades' }, message: 'kind "grades" not supported yet' },
    { name: 'adoption', input: { ...ok, kind: 'adoption' }, message: 'kind "adoption" not supported yet' },
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
    { name: 'commas and quotes in strings', value: { 'a, "b"': ['x, y', ['z,', 'w]']], n: [1, 2.5, null] } },
    { name: 'empty containers', value: { a: [], b: {}, c: [[]] } },
    { name: 'long leaf array is wrapped', value: { long: Array.from({ length: 40 }, (_, i) => `candidate ${i}`) } },
  ])('parses back to the same value: $name', ({ value }) => {
    const text = formatJson(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  test('keeps leaf arrays and objects on one line', () => {
    expect(formatJson({ order: [['A', 'B'], ['C']], scores: { A: 1, B: 2 } })).toBe(
      '{\n  "order": [["A", "B"], ["C"]],\n  "scores": { "A": 1, "B": 2 }\n}',
    );
  });
});

// Each test spawns a process (about a second each): run them concurrently.
describe.concurrent('recount CLI (child process)', () => {
  function run(
    args: string[],
    cwd = root,
    command = 'npx',
    prefix = ['tsx', 'server/cli/recount.ts'],
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
    { name: 'kind not supported yet', file: 'grades.json', code: 1, message: /kind "grades" not supported yet$/ },
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
  ])('usage error ($name): exit 2', async ({ args }) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^recount: .*usage: npm run -s recount -- FILE\.json/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: /);
  });
});
