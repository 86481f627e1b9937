import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import type { ProposalReading } from '../../shared/features/deliberation/views.ts';
import { sortRankings } from '../../shared/features/ranking/results.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 14, item 4, with real clients: a table of three answers a consensus check. Neither the
// console, the projector, a phone nor the support group's screen ever holds a count of that
// table (not even one it could get by subtraction), before or after the reveal and the close,
// nor does export.json; no table is counted at all while it answers (two counts in a row would
// differ by a member's answer); with k set to 3, the table is shown. And the silent-round rankings leave
// in an order that is the rankings' own, never the table's member order.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let support: TestClient;
let phones: Phone[];
/** Table ids: two of five members, one of three (`small`). */
let tableIds: [string, string, string];
let small: string;
/** Every state of every channel each client held, one entry per message received. */
let history: { who: string; views: unknown[] }[];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Keeps a copy of the client's views after each message (the client's own handler ran first). */
function record(who: string, client: TestClient): void {
  client.socket.onAny(() => history.push({ who, views: JSON.parse(JSON.stringify([...client.channels.values()].map((c) => c.view))) }));
}

/** Every consensus reading inside a value (a view, an export), wherever it sits. */
function readingsIn(value: unknown, out: ProposalReading[] = []): ProposalReading[] {
  if (Array.isArray(value)) for (const item of value) readingsIn(item, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.readings)) out.push(...(o.readings as ProposalReading[]));
    for (const v of Object.values(o)) readingsIn(v, out);
  }
  return out;
}

/** What no reading may ever say with k = 5: the small table's count, alone or by subtraction. */
function expectNoSmallCount(readings: readonly { tables: ProposalReading['tables']; otherTables: ProposalReading['otherTables']; counts?: number[] }[], where: string): void {
  for (const r of readings) {
    expect(r.tables.map((t) => t.tableId), where).not.toContain(small);
    for (const t of r.tables) expect(t.answers, where).toBeGreaterThanOrEqual(5);
    if (r.otherTables) expect(r.otherTables.answers, where).toBeGreaterThanOrEqual(5);
    // Nothing left over: the room's answers are exactly the shown tables and the merged group.
    if (r.counts && (r.tables.length > 0 || r.otherTables)) {
      expect(r.tables.reduce((n, t) => n + t.answers, 0) + (r.otherTables?.answers ?? 0), where).toBe(r.counts.reduce((a, b) => a + b, 0));
    }
  }
}

const consoleReadings = () => readingsIn(facilitator.view('console'));

beforeEach(async () => {
  history = [];
  server = await startServer({ members: 13 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  support = await connectClient(server.url, server.supportKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  const sessionId = server.live.id;
  await ok(facilitator.send('tables.create', { sessionId, count: 3 }));
  tableIds = server.live.tables.map((t) => t.id) as [string, string, string];
  small = tableIds[2];
  for (const [i, phone] of phones.entries()) await ok(facilitator.send('tables.seat', { sessionId, memberId: phone.memberId, tableId: tableIds[i < 5 ? 0 : i < 10 ? 1 : 2] }));
  await Promise.all(phones.map((p, i) => p.waitFor((c) => c.view('table')?.id === tableIds[i < 5 ? 0 : i < 10 ? 1 : 2])));
  record('console', facilitator);
  record('projector', projector);
  record('support', support);
  phones.forEach((p, i) => record(`phone ${i}`, p));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

/** An open check every member answered; `acks`: their answers' acks (the ballot box gives some only at the close). */
async function openCheck(first = [0, 1, 5, 6, 10]): Promise<{ checkId: string; proposalId: string; acks: Promise<unknown> }> {
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Tarif social des transports', text: 'Texte.', leverId: server.conv.levers[2]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure du consensus', proposalIds: [proposalId], mode: 'plenary', levels: null, allowUnsure: true, live: false }));
  await ok(facilitator.send('consensus.open', { checkId }));
  // The two tables of five fully agree; the table of three fully disagrees. The first five answers
  // (the ballot box's first batch) come from all three tables: a first batch of one table's five
  // would let the merged row minus that batch pin the table of three, so the close would rightly
  // show no table at all (docs/security.md, "Strata and tables crossed with batches").
  const answer = (i: number) => ok(phones[i]!.send('consensus.answer', { checkId, proposalId, level: i >= 10 ? 4 : 0 }));
  const early = first.map(answer);
  for (const start = Date.now(); server.app.engine.boxed < first.length; await new Promise((r) => setTimeout(r, 5))) if (Date.now() - start > 5000) throw new Error('the first answers never reached the box');
  const acks = Promise.all([...early, ...phones.map((_, i) => i).filter((i) => !first.includes(i)).map(answer)]);
  await facilitator.waitFor((c) => c.view('console')?.sessions.some((s) => s.deliberation.checks.some((k) => k.id === checkId && k.answered[proposalId] === 13)));
  return { checkId, proposalId, acks };
}

describe('small groups (k = 5 by default)', () => {
  it('a table of three: no stream nor export counts it, after the reveal and after the close', async () => {
    const { checkId, acks } = await openCheck();
    await ok(facilitator.send('consensus.reveal', { checkId, revealed: true }));
    const shown = (c: TestClient, kind: 'screen' | 'public') => readingsIn(c.view(kind)).length > 0;
    await projector.waitFor((c) => shown(c, 'screen'));
    await support.waitFor((c) => shown(c, 'public'));
    await Promise.all(phones.map((p) => p.waitFor((c) => shown(c, 'public'))));

    // While the proposal takes answers: the room's counts (as far as the ballot box released
    // them), nothing per table.
    const [open] = readingsIn(projector.view('screen'));
    expect(open!.tablesFinal).toBe(false);
    expect([open!.tables, open!.otherTables, open!.fewerTables, open!.groupAwareConsensus]).toEqual([[], null, [], null]);

    await ok(facilitator.send('consensus.close', { checkId }));
    await acks;
    const final = (c: TestClient, kind: 'screen' | 'public') => readingsIn(c.view(kind)).some((r) => r.tablesFinal && r.result.answers === 13);
    await projector.waitFor((c) => final(c, 'screen'));
    await support.waitFor((c) => final(c, 'public'));
    // What the room sees: a table of five and the table of three as one group of 8.
    const [reading] = readingsIn(projector.view('screen'));
    expect(reading!.counts).toEqual([10, 0, 0, 0, 3]);
    // One of the two tables of five (they tie: whichever was counted first joins the group).
    expect(reading!.tables.map((t) => [t.agree, t.answers])).toEqual([[5, 5]]);
    expect([tableIds[0], tableIds[1]]).toContain(reading!.tables[0]!.tableId);
    // The ballot box merged their counters at the close by the same rule: named no more.
    expect(reading!.otherTables).toEqual({ tableNames: [], withoutTable: true, agree: 5, answers: 8 });
    expect(reading!.groupAwareConsensus).not.toBeNull();
    await facilitator.waitFor((c) => c.view('console')?.sessions.some((s) => s.deliberation.checks.some((k) => k.id === checkId && k.status === 'closed')));
    await Promise.all(phones.map((p) => p.waitFor((c) => c.view('public')?.deliberation.checks.find((k) => k.id === checkId)?.status === 'closed')));

    // Every state every client ever held, console included (it always sees the readings).
    expect(history.length).toBeGreaterThan(30);
    for (const { who, views } of history) {
      const seen = readingsIn(views);
      expectNoSmallCount(seen, who);
      for (const r of seen) if (!r.tablesFinal) expect([r.tables.length, r.otherTables, r.fewerTables.length], who).toEqual([0, null, 0]);
    }
    expect(history.filter((h) => h.who === 'console' && readingsIn(h.views).length > 0).length).toBeGreaterThan(0);

    // The export, and the CSV sheets (none carries a consensus count per table).
    const exported = await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    expect(exported.status).toBe(200);
    const check = (exported.body as { checks: { id: string; proposals: { counts: number[]; tables: ProposalReading['tables']; otherTables: ProposalReading['otherTables'] }[] }[] }).checks.find((k) => k.id === checkId)!;
    expectNoSmallCount(check.proposals, 'export.json');
    expect(check.proposals[0]!.otherTables).toMatchObject({ agree: 5, answers: 8 });
    for (const sheet of ['rankings.csv', 'proposals.csv']) {
      const csv = await http(`${server.url}/api/export/${sheet}`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
      expect(csv.status, sheet).toBe(200);
      expect(String(csv.body), sheet).not.toContain(server.live.tables[2]!.name);
    }
  });

  it('a first batch of one table of five: the close shows no table (the group of eight minus that batch is the table of three)', async () => {
    const { checkId, acks } = await openCheck([0, 1, 2, 3, 4]);
    await ok(facilitator.send('consensus.reveal', { checkId, revealed: true }));
    await ok(facilitator.send('consensus.close', { checkId }));
    await acks;
    const [reading] = await projector.waitFor((c) => {
      const readings = readingsIn(c.view('screen'));
      return readings.some((r) => r.tablesFinal && r.result.answers === 13) && readings;
    });
    expect(reading!.counts).toEqual([10, 0, 0, 0, 3]);
    expect(reading!.tables).toEqual([]);
    // On disk too: the check's counters hold the room's count alone, no table named.
    const db = new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true });
    const counters = (db.prepare('SELECT DISTINCT vote_id FROM secret_tallies').all() as { vote_id: string }[]).map((r) => r.vote_id).filter((c) => c.startsWith(`agree:${checkId}:`));
    db.close();
    expect(counters.length).toBe(1);
    expect(counters[0]!.split(':')).toHaveLength(3);
  });

  it('k set to 3 shows the table of three, everywhere', async () => {
    const { checkId, acks } = await openCheck();
    const refused = await facilitator.send('convention.setSmallGroupMin', { smallGroupMin: 1 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('INVALID_PAYLOAD');
    const byPhone = await phones[0]!.send('convention.setSmallGroupMin', { smallGroupMin: 3 });
    expect(byPhone.ok ? 'ok' : byPhone.error.code).toBe('FORBIDDEN');
    await ok(facilitator.send('convention.setSmallGroupMin', { smallGroupMin: 3 }));
    await facilitator.waitFor((c) => c.view('console')?.smallGroupMin === 3);
    await ok(facilitator.send('consensus.reveal', { checkId, revealed: true }));
    await ok(facilitator.send('consensus.close', { checkId }));
    await acks;
    const smallRow = (value: unknown) => readingsIn(value).flatMap((r) => r.tables).find((t) => t.tableId === small);
    expect((await facilitator.waitFor((c) => smallRow(c.view('console'))))).toMatchObject({ agree: 0, answers: 3 });
    expect(await projector.waitFor((c) => smallRow(c.view('screen')))).toMatchObject({ agree: 0, answers: 3 });
    expect(await phones[0]!.waitFor((c) => smallRow(c.view('public')))).toMatchObject({ agree: 0, answers: 3 });
    const [reading] = readingsIn(projector.view('screen'));
    expect(reading!.smallGroupMin).toBe(3);
    expect(reading!.otherTables).toBeNull();
    expect(reading!.outlierTables).toEqual([server.live.tables[2]!.name]);
    const exported = await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    const check = (exported.body as { checks: { id: string; proposals: { tables: ProposalReading['tables'] }[] }[] }).checks.find((k) => k.id === checkId)!;
    expect(check.proposals[0]!.tables.find((t) => t.tableId === small)).toMatchObject({ agree: 0, answers: 3 });
  });
});

describe('silent-round rankings in export.json', () => {
  it('in the rankings\u2019 own order, with the table of three counted with another', async () => {
    const { activityId } = await ok(facilitator.send('ranking.create', { sessionId: server.live.id, title: 'Priorisation des leviers', tableIds: [], silentRound: true }));
    await ok(facilitator.send('ranking.open', { activityId }));
    const leverIds = server.conv.activities[activityId]!.leverIds;
    // Each member a rotation of the levers, reversed: the roster's order runs against the canonical
    // one, so a leak of it would show.
    const orders = phones.map((_, i) => [...leverIds.slice(i % leverIds.length), ...leverIds.slice(0, i % leverIds.length)].reverse());
    await Promise.all(phones.map((p, i) => ok(p.send('ranking.submitSilent', { activityId, order: orders[i]! }))));
    await ok(facilitator.send('ranking.startTables', { activityId }));
    await ok(facilitator.send('ranking.close', { activityId }));

    const exported = await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    const ranking = (exported.body as { rankings: { activity: { id: string }; candidates: string[]; silentRound: { ballots: { table: string | null; ranking: string[]; count: number }[] } }[] }).rankings.find((r) => r.activity.id === activityId)!;
    const ballots = ranking.silentRound.ballots;
    const names = server.live.tables.map((t) => t.name);
    // The table of three sent 3 (< 5): with the first table of five, one group of 8, unnamed.
    expect(ballots.filter((b) => b.table === names[2] || b.table === names[0])).toEqual([]);
    expect(ballots.filter((b) => b.table === names[1]).reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(ballots.filter((b) => b.table === null).reduce((n, b) => n + b.count, 0)).toBe(8);
    // Within each group, the canonical order of the rankings themselves.
    const ids = new Map(server.conv.levers.map((l) => [l.title, l.id]));
    for (const table of [names[1]!, null]) {
      const lines = ballots.filter((b) => b.table === table).map((b) => b.ranking.map((title) => ids.get(title)!));
      expect(lines).toEqual(sortRankings(lines, leverIds));
    }
    // And what the phones sent, as a multiset, is what the export holds.
    const held = ballots.flatMap((b) => Array.from({ length: b.count }, () => b.ranking.map((title) => ids.get(title)!).join()));
    expect(held.sort()).toEqual(orders.map((o) => o.join()).sort());
  });
});
