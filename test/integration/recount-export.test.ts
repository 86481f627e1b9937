import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportRecount } from '../../server/cli/recount-export.ts';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { documentedFields } from '../helpers/formats-doc.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 13, item 4: a convention runs one of every activity kind with real sockets (a secret and
// a public vote with paper counts, a lever ranking with its silent round, a grading, a consensus
// check with its own thresholds), the facilitator downloads export.json, and the recount command,
// run as a child process the way an observer runs it, recounts every result and finds what the
// screens showed. Then one shown number per kind is tampered with: the recount says which result
// and which field differ, and exits non-zero.

const root = fileURLToPath(new URL('../..', import.meta.url));
type Phone = TestClient & { memberId: string };

let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let phones: Phone[];
let dir: string;
let exportPath: string;
let exported: any;
/** What the screens and acks showed, gathered while the activities ran. */
const shown: { votes: Record<string, any>; rankingSchulze: string[]; gradingOrder: string[]; consensus: any[] } = { votes: {}, rankingSchulze: [], gradingOrder: [], consensus: [] };

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a child process: `npm run …` when `npm` is given, else node with tsx's loader (faster). */
function cli(args: string[], npm = false): Promise<Run> {
  const env = { ...process.env };
  delete env.npm_lifecycle_event; // as if typed in a shell, even under `npm test`
  delete env.npm_config_loglevel;
  const [command, prefix] = npm ? ['npm', ['run']] : [process.execPath, ['--import', 'tsx', join(root, 'server/cli/recount.ts')]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sessionOf = (c: TestClient) => c.view('console')?.sessions.find((s) => s.id === server.live.id);

async function runVote(proposalId: string, secret: boolean, choices: readonly ('for' | 'against' | 'abstain')[], paper: { for: number; against: number; abstain: number }) {
  const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret, thresholdBp: 6000, basis: 'expressed', batch: false }));
  const voteId = voteIds[0] as string;
  // 24 members in the room: the demo's quorum of 50 would decide nothing.
  await ok(facilitator.send('vote.configure', { voteId, secret, thresholdBp: 6000, basis: 'expressed', quorum: 12 }));
  await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('public')?.votes.find((v) => v.id === voteId)?.status === 'open')));
  // Secret ballots wait in the ballot box; their acks come with their batch or the close.
  const acks = choices.map((choice, i) => ok(phones[i]!.send('vote.cast', { voteId, choice })));
  if (!secret) await Promise.all(acks);
  await facilitator.waitFor((c) => sessionOf(c)?.votes.find((v) => v.id === voteId)?.voted === choices.length);
  await ok(facilitator.send('vote.paper', { voteId, ...paper }));
  // A mistyped entry taken back: listed, struck out, counted nowhere.
  await ok(facilitator.send('vote.paper', { voteId, for: 40, against: 0, abstain: 0 }));
  await ok(facilitator.send('vote.paperRemove', { voteId, index: 1 }));
  const { results } = await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
  await Promise.all(acks);
  shown.votes[voteId] = results[voteId];
}

beforeAll(async () => {
  // 24 members at 4 tables of 6: each table has at least k (5) answers, so readings per table exist.
  server = await startServer({ members: 24 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  await ok(facilitator.send('tables.create', { sessionId: server.live.id, count: 4 }));
  await ok(facilitator.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'))));

  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: `Proposition ${i + 1} pour le climat`, text: 'Texte.', leverId: server.conv.levers[i % 2]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    ids.push(proposalId);
  }

  // Adoption: a secret vote and a public (roll-call) one, both with paper counts.
  const choices = (n: number, pattern: readonly ('for' | 'against' | 'abstain')[]) => Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);
  await runVote(ids[0]!, true, choices(20, ['for', 'for', 'against', 'abstain']), { for: 3, against: 1, abstain: 0 });
  await runVote(ids[1]!, false, choices(18, ['for', 'against', 'against']), { for: 2, against: 2, abstain: 1 });

  // Lever ranking with a silent round: every member ranks, tables start from their members'
  // Schulze order, one table moves a lever, then it closes and is revealed.
  const { activityId } = await ok(facilitator.send('ranking.create', { sessionId: server.live.id, title: 'Priorisation des leviers', tableIds: [], silentRound: true }));
  await ok(facilitator.send('ranking.open', { activityId }));
  const levers = server.conv.levers.map((l) => l.id);
  await Promise.all(phones.map((p, i) => ok(p.send('ranking.submitSilent', { activityId, order: [...levers.slice(i % 5), ...levers.slice(0, i % 5)] }))));
  await projector.waitFor((c) => c.view('screen')?.session?.ranking?.silent.submitted === 24);
  await ok(facilitator.send('ranking.startTables', { activityId }));
  const mover = phones[0]!;
  const order = await mover.waitFor((c) => c.view('table')?.ranking?.order);
  await ok(mover.send('ranking.move', { activityId, leverId: order[8], fromIndex: 8, toIndex: 0, baseVersion: mover.view('table')!.ranking!.version }));
  await ok(facilitator.send('ranking.close', { activityId }));
  await ok(facilitator.send('ranking.reveal', { activityId, revealed: true }));
  const aggregate = await projector.waitFor((c) => c.view('screen')?.session?.ranking?.aggregate);
  const title = (id: string) => server.conv.levers.find((l) => l.id === id)!.title;
  shown.rankingSchulze = aggregate.schulze.map(title);

  // Grading: some members grade only some proposals (a grader is not a proposal's grade).
  const { gradingId } = await ok(facilitator.send('grading.create', { sessionId: server.live.id, title: 'Hiérarchisation', proposalIds: ids }));
  await ok(facilitator.send('grading.open', { gradingId }));
  const grades = phones.map((p, i) => ok(p.send('grading.grade', { gradingId, grades: Object.fromEntries(ids.filter((_, j) => (i + j) % 5 !== 0).map((id, j) => [id, (i * 3 + j * 2) % 7])) })));
  const graded = ids.map((_, j) => phones.filter((_, i) => (i + j) % 5 !== 0).length);
  await facilitator.waitFor((c) => ids.every((id, j) => sessionOf(c)?.deliberation.gradings[0]?.graded[id] === graded[j]));
  await ok(facilitator.send('grading.close', { gradingId }));
  await Promise.all(grades);
  await ok(facilitator.send('grading.reveal', { gradingId, revealed: true }));
  const ranking = await projector.waitFor((c) => c.view('screen')?.session?.deliberation.gradings[0]?.ranking);
  const label = (id: string) => {
    const p = server.conv.proposals[id]!;
    return `P-${String(p.number).padStart(3, '0')} ${p.title}`;
  };
  shown.gradingOrder = ranking.map((e) => label(e.candidate));

  // Consensus check with its own thresholds and "Je ne sais pas", batch mode, two proposals.
  const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure du consensus', proposalIds: ids.slice(0, 2), mode: 'batch', levels: null, allowUnsure: true, live: false, thresholds: { consensusAgree: 70, strongAgree: 90, dissentEachSide: 25 } }));
  await ok(facilitator.send('consensus.open', { checkId }));
  const dissenting = phones[0]!.view('table')!.id;
  const answers = phones.flatMap((p, i) => [
    ok(p.send('consensus.answer', { checkId, proposalId: ids[0], level: p.view('table')!.id === dissenting ? 4 : i % 3 })),
    ok(p.send('consensus.answer', { checkId, proposalId: ids[1], level: i % 6 === 5 ? null : i % 5 })),
  ]);
  await facilitator.waitFor((c) => sessionOf(c)?.deliberation.checks[0]?.answered[ids[1]!] === 24);
  await ok(facilitator.send('consensus.close', { checkId }));
  await Promise.all(answers);
  await ok(facilitator.send('consensus.reveal', { checkId, revealed: true }));
  shown.consensus = await projector.waitFor((c) => c.view('screen')?.session?.deliberation.checks[0]?.readings);

  const res = await http<any>(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
  exported = res.body;
  dir = mkdtempSync(join(tmpdir(), 'convergence-recount-'));
  exportPath = join(dir, 'export.json');
  writeFileSync(exportPath, JSON.stringify(exported, null, 2));
  if (process.env.RECOUNT_KEEP_EXPORT) writeFileSync(process.env.RECOUNT_KEEP_EXPORT, JSON.stringify(exported, null, 2));
}, 120_000);

afterAll(async () => {
  await closeAllClients();
  await closeAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run recount -- export.json', { timeout: 60_000 }, () => {
  it('the export records what the screens showed, for every kind', () => {
    for (const [voteId, result] of Object.entries(shown.votes)) {
      expect(exported.votes.find((v: any) => v.id === voteId)).toMatchObject({ tally: result.tally, adopted: result.adopted, share: result.share, quorumMet: result.quorumMet });
    }
    expect(exported.votes.map((v: any) => v.secret)).toEqual([true, false]);
    expect(exported.votes[0].rollCall).toBeNull();
    expect(exported.votes[1].rollCall).toHaveLength(18);
    expect(exported.rankings[0].results.schulze).toEqual(shown.rankingSchulze);
    expect(exported.rankings[0].silentRound.submitted).toBe(24);
    expect(exported.gradings[0].results.majorityJudgment.map((e: any) => e.candidate)).toEqual(shown.gradingOrder);
    expect(exported.gradings[0].graders).toBe(24);
    expect(exported.checks[0].proposals.map((p: any) => [p.counts, p.marker])).toEqual(shown.consensus.map((r: any) => [r.counts, r.result.marker]));
    expect(exported.checks[0].proposals[0].tables.length).toBeGreaterThan(0);
  });

  it('docs/formats.md documents every field of each item the recount reads, no more, no fewer', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(documentedFields('### In the whole export: `votes[]`').sort()).toEqual(keys(exported.votes[0]));
    expect(documentedFields('### In the whole export: `rankings[]`').sort()).toEqual(keys(exported.rankings[0]));
    expect(documentedFields('### In the whole export: `gradings[]`').sort()).toEqual(keys(exported.gradings[0]));
    expect(documentedFields('## Consensus checks: `checks[]`', 0).sort()).toEqual(keys(exported.checks[0]));
    expect(documentedFields('## Consensus checks: `checks[]`', 1).sort()).toEqual(keys(exported.checks[0].proposals[0]));
  });

  it('recounts every result, each equal to what was shown, and exits 0 (npm run -s: stdout is the JSON)', async () => {
    const r = await cli(['-s', 'recount', '--', exportPath], true);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ExportRecount;
    expect(report.kind).toBe('export');
    expect(report.matches).toBe(true);
    // 2 votes, 1 ranking and its silent round, 1 grading, 2 proposals of 1 check.
    expect(report.results.map((x) => [x.where, x.kind, x.status])).toEqual([
      ['votes[0]', 'adoption', 'match'],
      ['votes[1]', 'adoption', 'match'],
      ['rankings[0]', 'ranking', 'match'],
      ['rankings[0].silentRound', 'silentRound', 'match'],
      ['gradings[0]', 'grades', 'match'],
      ['checks[0].proposals[0]', 'consensus', 'match'],
      ['checks[0].proposals[1]', 'consensus', 'match'],
    ]);
    // Each result says what "match" covers; the public vote is recounted from its roll call.
    expect(report.results[1]!.checked).toEqual(expect.arrayContaining(['tally', 'adopted', 'quorumMet', 'share', 'split', 'paper', 'electronicTally', 'voters']));
    expect(report.results[4]!.checked).toEqual(expect.arrayContaining(['graded[]', 'results.majorityJudgment[].profile', 'results.byLever[][].median']));
    expect(report.results[5]!.checked).toEqual(expect.arrayContaining(['marker', 'answered', 'groupAwareConsensus', 'tables[].z', 'tables[].answers ≥ k']));
    expect(report.results[4]!.recount).toMatchObject({ ballots: 24 });
    expect(r.stderr).toMatch(/^recount: 7 results: 7 match\n$/);
  });

  it('npm run without -s: --out writes the JSON alone, whatever npm prints', async () => {
    const out = join(dir, 'recount.json');
    const r = await cli(['recount', '--', exportPath, '--out', out], true);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\n?> convergence@/); // npm's banner, which is why --out exists
    expect((JSON.parse(readFileSync(out, 'utf8')) as ExportRecount).matches).toBe(true);
  });

  it('npm run without -s or --out: the banner is above the JSON on stdout, and stderr says so', async () => {
    const r = await cli(['recount', '--', exportPath], true);
    expect(r.code).toBe(0);
    const json = r.stdout.slice(r.stdout.indexOf('\n{') + 1);
    expect(r.stdout.slice(0, r.stdout.indexOf('\n{'))).toMatch(/> convergence@.* recount/);
    expect((JSON.parse(json) as ExportRecount).matches).toBe(true);
    expect(r.stderr).toContain('use `npm run -s recount` or `--out FILE`');
  });

  const tampers: { name: string; where: string; field: string | RegExp; tamper: (e: any) => void }[] = [
    { name: 'a secret vote\u2019s shown tally', where: 'votes[0]', field: 'tally', tamper: (e) => e.votes[0].tally.for++ },
    { name: 'a public vote\u2019s roll call', where: 'votes[1]', field: 'electronicTally', tamper: (e) => (e.votes[1].rollCall[0].choice = e.votes[1].rollCall[0].choice === 'for' ? 'against' : 'for') },
    { name: 'a paper entry', where: 'votes[1]', field: 'paper', tamper: (e) => e.votes[1].paperEntries[0].for++ },
    { name: 'a ranking\u2019s Borda score', where: 'rankings[0]', field: /^results\.borda\[/, tamper: (e) => (e.rankings[0].results.borda[e.rankings[0].candidates[0]] += 1) },
    { name: 'the silent round\u2019s count', where: 'rankings[0].silentRound', field: 'submitted', tamper: (e) => e.rankings[0].silentRound.submitted++ },
    { name: 'a grading\u2019s merit profile', where: 'gradings[0]', field: 'results.majorityJudgment[0].profile', tamper: (e) => e.gradings[0].results.majorityJudgment[0].profile[6]++ },
    { name: 'a consensus share', where: 'checks[0].proposals[1]', field: 'agree', tamper: (e) => (e.checks[0].proposals[1].agree += 0.01) },
    { name: 'a table\u2019s reading', where: 'checks[0].proposals[0]', field: /^tables\[.*\]\.z$/, tamper: (e) => (e.checks[0].proposals[0].tables[0].z += 1) },
  ];

  it.concurrent.each(tampers)('tampered: $name is reported, exit non-zero', async ({ name, where, field, tamper }) => {
    const copy = JSON.parse(JSON.stringify(exported));
    tamper(copy);
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(copy));
    const r = await cli([file]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as ExportRecount;
    expect(report.matches).toBe(false);
    expect(report.results.filter((x) => x.status !== 'match').map((x) => x.where)).toEqual([where]);
    const result = report.results.find((x) => x.where === where)!;
    expect(result.status).toBe('mismatch');
    expect(result.differences.map((d) => d.field)).toContainEqual(typeof field === 'string' ? field : expect.stringMatching(field));
    expect(r.stderr).toContain(`${where} mismatch`);
  });
});
