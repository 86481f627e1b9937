import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { majorityJudgment } from '../../shared/math/majority-judgment.ts';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 5's consensus checks and majority-judgment gradings with real sockets: answers are
// counted per table without any member, results stay hidden until revealed, a table that
// differs is pointed out, and the grading ranks by the majority grade. Answers and grades wait
// in the ballot box (server/engine/ballot-box.ts): participation shows them at once, counts
// when their batch is written, the last ones at the close (which also acknowledges them).

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let phones: Phone[];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function proposals(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: `Proposition ${i + 1} pour le climat`, text: 'Texte.', leverId: server.conv.levers[i % 9]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    ids.push(proposalId);
  }
  return ids;
}

beforeEach(async () => {
  // 24 members at 4 tables: 6 a table, at least k (5), so a table keeps its own reading at close.
  server = await startServer({ members: 24 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  await ok(facilitator.send('tables.create', { sessionId: server.live.id, count: 4 }));
  await ok(facilitator.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'))));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('consensus checks', () => {
  it('counts answers per table with no member attached, hides them until revealed, and flags a table that differs', async () => {
    const proposalId = (await proposals(1))[0]!;
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure du consensus', proposalIds: [proposalId], mode: 'plenary', levels: null, allowUnsure: true, live: false }));
    await ok(facilitator.send('consensus.open', { checkId }));
    const dissenting = phones[0]!.view('table')!.id;
    // Everyone fully agrees, except one whole table that fully disagrees.
    const answers = phones.map((p) => ok(p.send('consensus.answer', { checkId, proposalId, level: p.view('table')!.id === dissenting ? 4 : 0 })));
    await projector.waitFor((c) => c.view('screen')?.session?.deliberation.checks[0]?.answered[proposalId] === 24);
    const again = await phones[1]!.send('consensus.answer', { checkId, proposalId, level: 2 });
    expect(again.ok ? 'ok' : again.error.code).toBe('ALREADY_ANSWERED');
    await ok(phones[0]!.send('consensus.opinion', { checkId, proposalId, text: 'Trop coûteux pour les petites communes.' }));

    expect(projector.view('screen')!.session!.deliberation.checks[0]!.readings).toBeNull();
    await phones[3]!.waitFor((c) => c.view('public')?.deliberation.checks[0]?.answered[proposalId] === 24);
    expect(phones[3]!.view('public')!.deliberation.checks[0]!.readings).toBeNull();
    expect(phones[3]!.view('public')!.deliberation.checks[0]!.opinions[proposalId] ?? []).toEqual([]);

    // The close releases the answers still in the box (and acknowledges them), then the reveal shows all.
    await ok(facilitator.send('consensus.close', { checkId }));
    await Promise.all(answers);
    await ok(facilitator.send('consensus.reveal', { checkId, revealed: true }));
    const reading = (await projector.waitFor((c) => c.view('screen')?.session?.deliberation.checks[0]?.readings))[0]!;
    const atDissenting = phones.filter((p) => p.view('table')!.id === dissenting).length;
    expect(reading.counts).toEqual([24 - atDissenting, 0, 0, 0, atDissenting]);
    // Closed: the detail by table is final (docs/methods.md, "Small groups").
    expect(reading.tablesFinal).toBe(true);
    expect(reading.outlierTables).toEqual([phones[0]!.view('table')!.name]);
    expect(reading.groupAwareConsensus).toBeLessThan(0.5);

    // The opinion reaches the projector only when the facilitator projects it, without a name.
    const console = await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.deliberation.checks[0]?.opinions[proposalId]?.[0]);
    expect(JSON.stringify(console)).not.toContain(phones[0]!.memberId);
    await ok(facilitator.send('consensus.projectOpinion', { checkId, proposalId, opinionId: console.id, projected: true }));
    await projector.waitFor((c) => c.view('screen')?.session?.deliberation.checks[0]?.opinions[proposalId]?.[0]?.text.startsWith('Trop'));

    // Storage: who answered is in the events, the levels only in counters without members.
    const db = new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true });
    for (const row of db.prepare("SELECT data FROM events WHERE type = 'CheckAnswered'").all() as { data: string }[]) {
      expect(Object.keys(JSON.parse(row.data)).sort()).toEqual(['checkId', 'memberId', 'proposalId', 'type']);
    }
    const counters = db.prepare("SELECT * FROM secret_tallies WHERE vote_id LIKE 'agree:%'").all() as { vote_id: string }[];
    for (const row of counters) for (const p of phones) expect(row.vote_id).not.toContain(p.memberId);
    db.close();
    const counts = server.conv.checks[checkId]!.counts[proposalId];
    await server.restart();
    expect(server.conv.checks[checkId]!.counts[proposalId]).toEqual(counts);
  });

  it('plenary: an answer to a proposal that is not current is refused', async () => {
    const [first, second] = (await proposals(2)) as [string, string];
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Plénière', proposalIds: [first, second], mode: 'plenary', levels: ['Oui', 'Plutôt oui', 'Plutôt non', 'Non'], allowUnsure: false, live: true }));
    await ok(facilitator.send('consensus.open', { checkId }));
    const early = await phones[0]!.send('consensus.answer', { checkId, proposalId: second, level: 0 });
    expect(early.ok ? 'ok' : early.error.code).toBe('NOT_CURRENT');
    const unsure = await phones[0]!.send('consensus.answer', { checkId, proposalId: first, level: null });
    expect(unsure.ok ? 'ok' : unsure.error.code).toBe('INVALID_PAYLOAD');
    const answer = ok(phones[0]!.send('consensus.answer', { checkId, proposalId: first, level: 1 }));
    // live: the reading is public without a reveal; a lone answer waits in the box until the close.
    await phones[1]!.waitFor((c) => c.view('public')?.deliberation.checks[0]?.answered[first] === 1);
    expect(phones[1]!.view('public')!.deliberation.checks[0]!.readings?.[0]?.counts[1] ?? 0).toBe(0);
    await ok(facilitator.send('consensus.close', { checkId }));
    await answer;
    await phones[1]!.waitFor((c) => c.view('public')?.deliberation.checks[0]?.readings?.[0]?.counts[1] === 1);
  });


  it('applies the check\u2019s own marker thresholds', async () => {
    const proposalId = (await proposals(1))[0]!;
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Seuils', proposalIds: [proposalId], mode: 'batch', levels: null, allowUnsure: false, live: true, thresholds: { consensusAgree: 90, strongAgree: 95, dissentEachSide: 30 } }));
    await ok(facilitator.send('consensus.open', { checkId }));
    // Two in full agreement, one in the middle: 67 % agree — "consensus" by default, not at 90 %.
    const answers = [0, 0, 2].map((level, i) => ok(phones[i]!.send('consensus.answer', { checkId, proposalId, level })));
    await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.deliberation.checks.find((k) => k.id === checkId)?.answered[proposalId] === 3);
    await ok(facilitator.send('consensus.close', { checkId }));
    await Promise.all(answers);
    const reading = await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.deliberation.checks.find((k) => k.id === checkId)?.readings?.[0]?.result.answers === 3 && c.view('console')!.sessions.find((s) => s.id === server.live.id)!.deliberation.checks.find((k) => k.id === checkId)!.readings![0]);
    expect(reading.result.marker).toBe('divided');
  });
});

describe('majority-judgment grading', () => {
  it('ranks by the majority grade, per lever and overall, once revealed', async () => {
    const ids = await proposals(3);
    const { gradingId } = await ok(facilitator.send('grading.create', { sessionId: server.live.id, title: 'Hiérarchisation', proposalIds: ids }));
    await ok(facilitator.send('grading.open', { gradingId }));
    // Proposal 0: Très bien from most; 1: Passable; 2: mixed.
    const grades = phones.map((p, i) => ok(p.send('grading.grade', { gradingId, grades: { [ids[0]!]: 1, [ids[1]!]: 4, [ids[2]!]: i % 2 ? 0 : 6 } })));
    await projector.waitFor((c) => c.view('screen')?.session?.deliberation.gradings[0]?.graded[ids[0]!] === 24);
    const twice = await phones[0]!.send('grading.grade', { gradingId, grades: { [ids[0]!]: 0 } });
    expect(twice.ok ? 'ok' : twice.error.code).toBe('ALREADY_ANSWERED');
    expect(projector.view('screen')!.session!.deliberation.gradings[0]!.ranking).toBeNull();
    await ok(facilitator.send('grading.close', { gradingId }));
    await Promise.all(grades);
    await ok(facilitator.send('grading.reveal', { gradingId, revealed: true }));
    const ranking = await projector.waitFor((c) => c.view('screen')?.session?.deliberation.gradings[0]?.ranking);
    const grading = server.conv.gradings[gradingId]!;
    expect(ranking.map((e) => e.candidate)).toEqual(majorityJudgment(ids, grading.profiles, { grades: grading.grades }).map((e) => e.candidate));
    expect(ranking[0]!.candidate).toBe(ids[0]);
    expect(ranking[0]!.median).toBe('Très bien');
  });
});
