import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/csv/index.ts';
import type { Ack } from '../../shared/protocol.ts';
import type { ProposalSummary } from '../../shared/features/proposals/views.ts';
import { closeAllClients, connectClient, connectMember, http, type HttpResult, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 4 with real sockets and HTTP: proposals written on phones, drafted by tables, edited
// concurrently, annotated by the support group, entered, sorted and merged by the facilitator,
// imported from a spreadsheet, exported with their whole history.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let support: TestClient;
/** a and c sit at table 1, b and d at table 2. */
let a: Phone, b: Phone, c: Phone, d: Phone;

const FIXTURE = readFileSync(new URL('../fixtures/proposals/propositions-ete-2022.csv', import.meta.url), 'utf8');

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
async function refused(ack: Promise<Ack>): Promise<{ code: string; details?: Record<string, unknown> }> {
  const result = await ack;
  if (result.ok) throw new Error('accepted');
  return result.error;
}

const publicList = (client: TestClient): ProposalSummary[] => client.view('public')?.proposals ?? [];
const onPublic = (client: TestClient, id: string) => publicList(client).find((p) => p.id === id);
const auth = () => ({ authorization: `Bearer ${server.facilitatorKey}` });
const exportJson = async () => (await http<any>(`${server.url}/api/export.json`, { headers: auth() })).body;
const exported = async (id: string) => (await exportJson()).proposals.find((p: { id: string }) => p.id === id);

beforeEach(async () => {
  server = await startServer({ members: 12 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  support = await connectClient(server.url, server.supportKey);
  const seat = (i: number) => connectMember(server.url, server.live.code, server.conv.members[server.conv.memberOrder[i]!]!.seatCode);
  [a, b, c, d] = [await seat(0), await seat(1), await seat(2), await seat(3)];
  const sessionId = server.live.id;
  await ok(facilitator.send('tables.create', { sessionId, count: 2 }));
  const [t1, t2] = server.live.tables;
  for (const [phone, table] of [[a, t1], [c, t1], [b, t2], [d, t2]] as const) await ok(facilitator.send('tables.seat', { sessionId, memberId: phone.memberId, tableId: table!.id }));
  await Promise.all([a, b, c, d].map((p) => p.waitFor((x) => x.view('table'))));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('proposals from phones', () => {
  it('a draft is its author’s alone; submitted, every phone sees it; the table drafts it; a concurrent edit is refused and kept in the history', async () => {
    const leverId = server.conv.levers[2]!.id;
    const title = 'Plus de bus le soir vers Échirolles';
    const { proposalId, number } = await ok(a.send('proposal.create', { title, text: 'Le dernier bus part à 20 h ; c’est trop tôt.', leverId, submit: false }));
    expect(number).toBe(1);
    await a.waitFor((x) => x.view('member')?.proposals.drafts.some((p) => p.id === proposalId), 5000, 'own draft');
    await facilitator.waitFor((x) => x.view('console')?.draftCount === 1, 5000, 'draft count');
    expect(facilitator.view('console')!.proposals).toEqual([]);
    // Nobody else received the draft, on any channel.
    await b.quiet(600);
    for (const other of [b, c, d, support, facilitator]) expect(JSON.stringify(other.received())).not.toContain('Plus de bus le soir');

    await ok(a.send('proposal.submit', { proposalId }));
    for (const phone of [b, c, d, support]) await phone.waitFor((x) => onPublic(x, proposalId)?.status === 'submitted', 5000, 'public proposal');
    expect(onPublic(b, proposalId)).toMatchObject({ number: 1, title, leverId, version: 1, channels: ['phone'], tableName: server.live.tables[0]!.name, annotation: null });
    // The member channel has its own window: the table-mate may edit once it arrives.
    await c.waitFor((x) => x.view('member')?.proposals.editable.includes(proposalId), 5000, 'editable by the table-mate');
    expect(b.view('member')!.proposals.editable).not.toContain(proposalId);

    // A table-mate writes version 2.
    expect(await ok(c.send('proposal.edit', { proposalId, title: 'Des bus jusqu’à minuit vers Échirolles', text: 'Le dernier bus part à 20 h.', leverId, baseVersion: 1 }))).toEqual({ version: 2 });
    await b.waitFor((x) => onPublic(x, proposalId)?.version === 2, 5000, 'version 2');

    // Both table members edit version 2 at the same moment: exactly one wins.
    const attempts = [
      { phone: a, cid: 'edit-a-0000001', args: { proposalId, title: 'Des bus toute la nuit', text: 'Même le dimanche.', leverId, baseVersion: 2 } },
      { phone: c, cid: 'edit-c-0000001', args: { proposalId, title: 'Des bus jusqu’à 1 h du matin', text: 'Le vendredi et le samedi.', leverId, baseVersion: 2 } },
    ];
    const acks = await Promise.all(attempts.map((x) => x.phone.send('proposal.edit', x.args, x.cid)));
    expect(acks.filter((x) => x.ok)).toHaveLength(1);
    const winner = attempts[acks.findIndex((x) => x.ok)]!;
    const loserIndex = acks.findIndex((x) => !x.ok);
    const loser = attempts[loserIndex]!;
    const conflict = acks[loserIndex]!;
    expect(acks[acks.findIndex((x) => x.ok)]).toEqual({ ok: true, data: { version: 3 } });
    expect(conflict).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: expect.any(String), details: { current: { version: 3, title: winner.args.title, text: winner.args.text, leverId } } },
    });
    // The loser's retry with the same cid gets the same answer; nothing is applied twice.
    expect(await loser.phone.send('proposal.edit', loser.args, loser.cid)).toEqual(conflict);
    for (const phone of [a, b, c, d]) await phone.waitFor((x) => onPublic(x, proposalId)?.title === winner.args.title, 5000, 'winner everywhere');

    // A member of the other table may not edit it.
    expect(await refused(b.send('proposal.edit', { proposalId, title: 'Autre chose', text: 'x', leverId, baseVersion: 3 }))).toMatchObject({ code: 'NOT_ALLOWED_TO_EDIT' });

    // The export tells the whole story, both outcomes of the race included.
    const record = await exported(proposalId);
    expect(record.versions.map((x: { version: number; title: string }) => [x.version, x.title])).toEqual([
      [1, title],
      [2, 'Des bus jusqu’à minuit vers Échirolles'],
      [3, winner.args.title],
    ]);
    expect(record.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'status', 'edited', 'edited', 'edit_refused']);
    const names = new Map([a, c].map((p) => [p.memberId, server.conv.members[p.memberId]!.name]));
    expect(record.history[3]).toMatchObject({ kind: 'edited', version: 3, by: { kind: 'member', memberId: winner.phone.memberId, name: names.get(winner.phone.memberId) } });
    expect(record.history[4]).toMatchObject({ kind: 'edit_refused', baseVersion: 2, currentVersion: 3, by: { kind: 'member', memberId: loser.phone.memberId, name: names.get(loser.phone.memberId) } });
    expect(record.history[0].origin).toMatchObject({ channel: 'phone' });
    expect([a, b, c, d, support, facilitator].every((x) => x.problems.length === 0)).toBe(true);
    // The refused attempt was written to the log like the accepted ones: a restart replays it.
    await server.restart();
    expect(await exported(proposalId)).toEqual(record);
  });

  it('refuses empty or oversized titles and unknown levers with typed errors, and broadcasts nothing', async () => {
    const leverId = server.conv.levers[0]!.id;
    await Promise.all([a, b, facilitator, support].map((x) => x.quiet(600)));
    const marks = [a, b, facilitator, support].map((x) => x.mark());
    const cases: [unknown, string][] = [
      [{ title: '', text: 'Un texte.', leverId, submit: true }, 'INVALID_PAYLOAD'],
      [{ title: '   ', text: 'Un texte.', leverId, submit: true }, 'INVALID_PAYLOAD'],
      [{ title: 't'.repeat(201), text: 'Un texte.', leverId, submit: true }, 'INVALID_PAYLOAD'],
      [{ title: 'Un titre', text: 'x'.repeat(5001), leverId, submit: true }, 'INVALID_PAYLOAD'],
      [{ title: 'Un titre', text: 'Un texte.', leverId: 'no-such-lever', submit: true }, 'UNKNOWN_LEVER'],
    ];
    for (const [args, code] of cases) expect((await refused(a.send('proposal.create', args))).code).toBe(code);
    expect(await refused(a.send('proposal.create', { title: '', text: 'x', leverId, submit: true }))).toMatchObject({ details: { path: 'title' } });
    expect((await refused(a.send('proposal.edit', { proposalId: 'nope', title: 'Un titre', text: 'x', leverId, baseVersion: 1 }))).code).toBe('NOT_FOUND');
    expect((await refused(facilitator.send('proposal.create', { title: 'Un titre', text: 'x', leverId, submit: true }))).code).toBe('FORBIDDEN');
    expect((await refused(facilitator.send('proposal.enter', { title: 'Un titre', text: 'x', leverId: 'nope', channel: 'mail', reference: '', authorIds: [], receivedAt: null }))).code).toBe('UNKNOWN_LEVER');
    await Promise.all([a, b, facilitator, support].map((x) => x.quiet(700)));
    [a, b, facilitator, support].forEach((x, i) => expect(x.since(marks[i]!).filter((r) => r.event.startsWith('sync:'))).toEqual([]));
    expect(server.conv.proposalOrder).toEqual([]);
  });
});

describe('the support group and the facilitator', () => {
  it('annotates (members see it), enters a mail proposal, sets a lever ready for the vote, merges duplicates keeping both origins; the exports hold it all', async () => {
    const levers = server.conv.levers;
    const { proposalId: p1 } = await ok(a.send('proposal.create', { title: 'Plus de bus le soir à Échirolles', text: 'Le dernier bus part à 20 h, bien trop tôt pour rentrer du travail.', leverId: levers[2]!.id, submit: true }));
    const { proposalId: other } = await ok(b.send('proposal.create', { title: 'Planter une forêt urbaine', text: 'Des arbres pour rafraîchir la ville.', leverId: levers[5]!.id, submit: true }));
    const m5 = server.conv.memberOrder[5]!;
    const { proposalId: p2, number } = await ok(
      facilitator.send('proposal.enter', { title: 'Des bus plus tard le soir à Échirolles', text: 'Le dernier bus part bien trop tôt, à 20 h.', leverId: levers[2]!.id, channel: 'mail', reference: 'C-2022-014', authorIds: [m5], receivedAt: '2022-06-14' }),
    );
    expect(number).toBe(3);
    await b.waitFor((x) => onPublic(x, p2)?.channels[0] === 'mail', 5000, 'mail proposal on phones');

    // The console points out the likely duplicate.
    const pair = await facilitator.waitFor((x) => x.view('console')?.duplicates.find((dup) => dup.a === p1 && dup.b === p2), 5000, 'duplicate pair');
    expect(pair.score).toBeGreaterThanOrEqual(0.5);
    expect(facilitator.view('console')!.duplicates.some((dup) => dup.a === other || dup.b === other)).toBe(false);

    // The support group annotates; every phone sees it. Only the support group may.
    const reading = {
      ecological: { score: 2, comment: 'Moins de trajets en voiture le soir.' },
      financial: { score: 3, comment: 'Environ 1,5 M€ par an ; à partager avec le SMMAG.' },
      economic: { score: 1, comment: 'Commerces ouverts plus tard.' },
      competence: { value: 'partagee', note: 'Le SMMAG organise le réseau.' },
    };
    await ok(support.send('proposal.annotate', { proposalId: p1, ...reading }));
    for (const phone of [a, b, c, d]) await phone.waitFor((x) => onPublic(x, p1)?.annotation?.financial.score === 3, 5000, 'annotation on phones');
    expect(onPublic(d, p1)!.annotation).toEqual({ ...reading, at: expect.any(Number) });
    expect((await refused(a.send('proposal.annotate', { proposalId: p1, ...reading }))).code).toBe('FORBIDDEN');
    expect((await refused(support.send('proposal.edit', { proposalId: p1, title: 'Autre', text: 'x', leverId: levers[2]!.id, baseVersion: 1 }))).code).toBe('FORBIDDEN');

    // Every proposal of the mobility lever, ready for the vote, in one command.
    const mobility = facilitator.view('console')!.proposals.filter((p) => p.leverId === levers[2]!.id).map((p) => p.id);
    expect(mobility.sort()).toEqual([p1, p2].sort());
    expect(await ok(facilitator.send('proposal.setStatus', { proposalIds: mobility, status: 'ready_for_vote' }))).toEqual({ changed: 2 });
    await b.waitFor((x) => onPublic(x, p1)?.status === 'ready_for_vote' && onPublic(x, p2)?.status === 'ready_for_vote', 5000, 'ready for vote');
    expect(onPublic(b, other)!.status).toBe('submitted');
    // Closed to members' edits now.
    expect((await refused(a.send('proposal.edit', { proposalId: p1, title: 'Autre titre', text: 'x', leverId: levers[2]!.id, baseVersion: 1 }))).code).toBe('PROPOSAL_CLOSED');

    // Merge the letter into the phone proposal: the target keeps both origins and both authors.
    await ok(facilitator.send('proposal.merge', { sourceId: p2, targetId: p1 }));
    expect((await refused(facilitator.send('proposal.merge', { sourceId: p2, targetId: p1 }))).code).toBe('INVALID_MERGE');
    await b.waitFor((x) => onPublic(x, p2)?.status === 'merged' && onPublic(x, p1)?.channels.length === 2, 5000, 'merge on phones');
    expect(onPublic(b, p2)!.mergedInto).toBe(p1);
    expect(onPublic(b, p1)!.channels).toEqual(['phone', 'mail']);
    await facilitator.waitFor((x) => x.view('console')?.duplicates.length === 0, 5000, 'no duplicate left');
    const target = facilitator.view('console')!.proposals.find((p) => p.id === p1)!;
    expect(target.authors.map((x) => x.id)).toEqual([a.memberId, m5]);
    expect(target.mergedFrom).toEqual([p2]);

    // The JSON export: origins, versions, annotation, merges and the history.
    const record = await exported(p1);
    expect(record).toMatchObject({
      number: 1,
      reference: 'P-001',
      status: 'ready_for_vote',
      lever: { id: levers[2]!.id, title: levers[2]!.title },
      authors: [
        { id: a.memberId, name: server.conv.members[a.memberId]!.name },
        { id: m5, name: server.conv.members[m5]!.name },
      ],
      table: { id: server.live.tables[0]!.id, name: server.live.tables[0]!.name },
      mergedFrom: [{ id: p2, number: 3 }],
      mergedInto: null,
      annotation: { ...reading, at: expect.any(Number) },
    });
    expect(record.origins.map((o: { channel: string; reference: string }) => [o.channel, o.reference])).toEqual([
      ['phone', ''],
      ['mail', 'C-2022-014'],
    ]);
    expect(record.origins[1].receivedAtIso).toBe('2022-06-14T12:00:00.000Z');
    expect(record.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'annotated', 'status', 'absorbed']);
    const source = await exported(p2);
    expect(source).toMatchObject({ status: 'merged', mergedInto: { id: p1, number: 1 } });
    expect(source.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'status', 'status', 'merged_into']);
    expect(source.versions[0].by).toEqual({ kind: 'facilitator' });

    // The sheet: one row per proposal, with the support group's reading and the merges.
    const csv = await http<string>(`${server.url}/api/export/proposals.csv`, { headers: auth() });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // fetch's text() drops the BOM: look at the bytes.
    const bytes = new Uint8Array(await (await fetch(`${server.url}/api/export/proposals.csv`, { headers: auth() })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { delimiter, rows } = parseCsv(csv.body);
    expect(delimiter).toBe(';');
    const [header, ...lines] = rows;
    expect(header).toEqual(expect.arrayContaining(['Numéro', 'Titre', 'Texte', 'Levier', 'Statut', 'Version', 'Origines', 'Auteurs', 'Table', 'Écologique (0 à 4)', 'Compétence', 'Fusionnée dans', 'Fusion de']));
    expect(lines).toHaveLength(3);
    const col = (name: string) => header!.indexOf(name);
    const first = lines.find((l) => l[col('Numéro')] === 'P-001')!;
    expect(first[col('Statut')]).toBe('prête pour le vote');
    expect(first[col('Origines')]).toMatch(/^téléphone \(\d{4}-\d\d-\d\d\) ; courrier \(C-2022-014, 2022-06-14\)$/);
    expect(first[col('Écologique (0 à 4)')]).toBe('2');
    expect(first[col('Financier : commentaire')]).toBe(reading.financial.comment);
    expect(first[col('Économique (-2 à +2)')]).toBe('1');
    expect(first[col('Compétence')]).toBe('partagée');
    expect(first[col('Fusion de')]).toBe('P-003');
    expect(first[col('Table')]).toBe(server.live.tables[0]!.name);
    const merged = lines.find((l) => l[col('Numéro')] === 'P-003')!;
    expect([merged[col('Statut')], merged[col('Fusionnée dans')]]).toEqual(['fusionnée', 'P-001']);
  });
});

describe('undoing a merge', () => {
  it('the wrong pair merged, then undone: phones, the author’s phone and the export are as before; a retry changes nothing', async () => {
    const levers = server.conv.levers;
    const { proposalId: p1 } = await ok(a.send('proposal.create', { title: 'Plus de bus le soir', text: 'Le dernier bus part à 20 h.', leverId: levers[2]!.id, submit: true }));
    const { proposalId: p2 } = await ok(b.send('proposal.create', { title: 'Des pistes cyclables', text: 'Relier les communes à vélo.', leverId: levers[2]!.id, submit: true }));
    await ok(facilitator.send('proposal.setStatus', { proposalIds: [p2], status: 'under_study' }));
    await d.waitFor((x) => onPublic(x, p2)?.status === 'under_study', 5000, 'p2 under study on phones');
    const before = await exported(p1);

    await ok(facilitator.send('proposal.merge', { sourceId: p2, targetId: p1 }));
    await d.waitFor((x) => onPublic(x, p2)?.status === 'merged', 5000, 'merge on phones');
    // Its author may edit p1 while merged (an author of it).
    expect(facilitator.view('console')!.proposals.find((p) => p.id === p1)!.authors.map((x) => x.id)).toEqual([a.memberId, b.memberId]);

    const cid = 'unmerge-p2-from-p1';
    await ok(facilitator.send('proposal.unmerge', { sourceId: p2, targetId: p1 }, cid));
    // Every phone sees both again, p2 with the status it had.
    for (const phone of [a, b, c, d]) await phone.waitFor((x) => onPublic(x, p2)?.status === 'under_study' && onPublic(x, p1)?.channels.length === 1, 5000, 'unmerge on phones');
    expect(onPublic(d, p2)!.mergedInto).toBeNull();
    const console = await facilitator.waitFor((x) => x.view('console')?.proposals.find((p) => p.id === p1 && p.mergedFrom.length === 0), 5000, 'unmerge on the console');
    expect(console.authors.map((x) => x.id)).toEqual([a.memberId]);
    // b no longer edits p1: the merge gave that right, its undo takes it back.
    expect((await refused(b.send('proposal.edit', { proposalId: p1, title: 'Autre', text: 'Autre texte.', leverId: levers[2]!.id, baseVersion: 1 }))).code).toBe('NOT_ALLOWED_TO_EDIT');

    const after = await exported(p1);
    const { history: historyBefore, ...restBefore } = before;
    const { history: historyAfter, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
    expect(historyAfter.slice(0, historyBefore.length)).toEqual(historyBefore);
    expect(historyAfter.slice(historyBefore.length).map((h: { kind: string }) => h.kind)).toEqual(['absorbed', 'released']);
    expect((await exported(p2)).history.map((h: { kind: string }) => h.kind).slice(-4)).toEqual(['status', 'merged_into', 'status', 'unmerged_from']);

    // The retry of that command gets the same ack; a second undo is refused; members may not undo.
    expect(await facilitator.send('proposal.unmerge', { sourceId: p2, targetId: p1 }, cid)).toEqual({ ok: true });
    expect((await refused(facilitator.send('proposal.unmerge', { sourceId: p2, targetId: p1 }))).code).toBe('NOT_MERGED');
    await ok(facilitator.send('proposal.merge', { sourceId: p2, targetId: p1 }));
    expect((await refused(b.send('proposal.unmerge', { sourceId: p2, targetId: p1 }))).code).toBe('FORBIDDEN');
  });
});

describe('importing proposals over HTTP', () => {
  const post = (path: 'preview' | 'import', body: string, headers: Record<string, string> = {}, contentType = 'text/csv'): Promise<HttpResult<any>> =>
    http(`${server.url}/api/proposals/${path}`, { method: 'POST', headers: { 'content-type': contentType, ...auth(), ...headers }, body });

  it('the 373-row French spreadsheet: preview writes nothing, import adds the valid rows once, phones get them by lever', async () => {
    const world = structuredClone(server.app.engine.world());
    const preview = await post('preview', FIXTURE);
    expect(preview.status).toBe(200);
    const data = preview.body.data;
    expect(data).toMatchObject({ format: 'csv', fileError: null, delimiter: ';', importable: 365, alreadyImported: 0, invalid: 8 });
    expect(data.rows).toHaveLength(373);
    expect(server.app.engine.world()).toEqual(world);

    const started = performance.now();
    const first = await post('import', FIXTURE, { 'idempotency-key': 'import-ete-2022-1' });
    const importMs = performance.now() - started;
    console.info(`proposal import over HTTP: 373 rows, ${importMs.toFixed(0)} ms (parse, decide, SQLite commit, ack)`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true, data: { added: 365, skipped: 8, alreadyImported: 0, invalid: 8, numbers: { first: 1, last: 365 } } });
    // The same request retried: the stored answer, nothing added.
    expect((await post('import', FIXTURE, { 'idempotency-key': 'import-ete-2022-1' })).body).toEqual(first.body);
    // The same file imported again: nothing added.
    const again = await post('import', FIXTURE);
    expect(again.body.data).toMatchObject({ added: 0, alreadyImported: 367 });
    expect(server.conv.proposalOrder).toHaveLength(365);

    // Every phone gets them on the public channel, and can filter them by lever.
    const list = await b.waitFor((x) => publicList(x).length === 365 && publicList(x), 10_000, '365 proposals on a phone');
    const expectedByLever = new Map<string, number>();
    for (const row of data.rows) if (row.importable) expectedByLever.set(row.leverId, (expectedByLever.get(row.leverId) ?? 0) + 1);
    for (const lever of server.conv.levers) {
      const filtered = list.filter((p) => p.leverId === lever.id);
      expect(filtered.length, lever.title).toBe(expectedByLever.get(lever.id));
      expect(filtered.length).toBeGreaterThan(0);
    }
    expect(list.every((p) => p.status === 'submitted' && p.version === 1)).toBe(true);
    expect(new Set(list.flatMap((p) => p.channels))).toEqual(new Set(['mail', 'paper', 'platform', 'import']));
    await d.waitFor((x) => publicList(x).length === 365, 10_000, 'the other table too');
    // The console gets the merge suggestions, capped.
    const duplicates = await facilitator.waitFor((x) => x.view('console')!.proposals.length === 365 && x.view('console')!.duplicates, 10_000, 'console');
    expect(duplicates.length).toBeGreaterThan(0);
    expect(duplicates.length).toBeLessThanOrEqual(200);

    // The exports: every imported row with its origin.
    const all = (await exportJson()).proposals;
    expect(all).toHaveLength(365);
    const letter = all.find((p: { origins: { reference: string }[] }) => p.origins[0]!.reference === 'C-2022-001');
    expect(letter.origins[0]).toMatchObject({ channel: 'mail' });
    expect(letter.history).toEqual([expect.objectContaining({ kind: 'created', by: { kind: 'import' } })]);
    expect(letter.importKey).toMatch(/^[0-9a-f]{16}$/);
    const csv = await http<string>(`${server.url}/api/export/proposals.csv`, { headers: auth() });
    expect(parseCsv(csv.body).rows).toHaveLength(366);
    expect(b.problems).toEqual([]);
  });

  it('takes JSON larger than the API’s 16 kB JSON limit, and the app’s own export', async () => {
    const levers = server.conv.levers;
    const items = Array.from({ length: 120 }, (_, i) => ({ titre: `Proposition numéro ${i + 1} reçue par courriel`, texte: `Texte de la proposition ${i + 1}. ${'Détails. '.repeat(20)}`, levier: (i % 9) + 1, origine: 'courriel', référence: `M-${i + 1}` }));
    const body = JSON.stringify(items);
    expect(body.length).toBeGreaterThan(16 * 1024);
    const preview = await post('preview', body, {}, 'application/json');
    expect(preview.body.data).toMatchObject({ format: 'json', importable: 120, invalid: 0 });
    const imported = await post('import', body, {}, 'application/json');
    expect(imported.body.data).toMatchObject({ added: 120 });
    // Item 11 says "levier": 2, the second lever in the convention's order.
    expect(server.conv.proposals[server.conv.proposalOrder[10]!]).toMatchObject({ leverId: levers[1]!.id, origins: [{ channel: 'mail', reference: 'M-11' }] });
    // The export of this convention, imported back: everything is already there.
    const exportBody = JSON.stringify(await exportJson());
    const back = await post('preview', exportBody, {}, 'application/json');
    expect(back.body.data).toMatchObject({ importable: 0, alreadyImported: 120 });
    // Without a content type the format is guessed from the first character.
    const guessed = await post('preview', body, {}, 'text/plain');
    expect(guessed.body.data.format).toBe('json');
  });

  it('reports file errors, and refuses without the facilitator key', async () => {
    const bad = await post('preview', 'Titre;Levier\nUn titre;3\n');
    expect(bad.body.data.fileError).toEqual({ code: 'TEXT_COLUMN_MISSING' });
    const refusedImport = await post('import', 'Titre;Texte;Levier\n"Un titre;x;3\n');
    expect(refusedImport.status).toBe(400);
    expect(refusedImport.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', details: { fileError: { code: 'CSV_UNTERMINATED_QUOTE', line: 2 } } } });
    expect((await post('import', '{"titre": ', {}, 'application/json')).body.error.details.fileError.code).toBe('JSON_INVALID');
    expect((await post('import', 'x', {}, 'image/png')).status).toBe(400);
    const world = structuredClone(server.app.engine.world());
    for (const path of ['preview', 'import'] as const) {
      const none = await http(`${server.url}/api/proposals/${path}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: FIXTURE });
      expect(none.status).toBe(401);
      const supportKey = await http(`${server.url}/api/proposals/${path}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${server.supportKey}` }, body: FIXTURE });
      expect(supportKey.status).toBe(403);
    }
    expect((await http(`${server.url}/api/export/proposals.csv`)).status).toBe(401);
    expect(server.app.engine.world()).toEqual(world);
    expect(server.conv.proposalOrder).toEqual([]);
  });
});
