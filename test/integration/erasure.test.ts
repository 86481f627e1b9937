import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replayLog } from '../../server/backup/verify.ts';
import { ownsCounter } from '../../server/backup/counters.ts';
import { EventStore } from '../../server/store/event-store.ts';
import { withoutSecretCounts } from '../../shared/domain/secret-ballots.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 14, item 7: a member's erasure. Their name, attributes, seat codes and reason for leaving
// are in events (an import, an edit, a new code, a deactivation), in snapshots, in closed records
// (a question round names its askers) and in acks; after members.erase, a byte search of every
// file of the data folder (database, write-ahead log, shm, lock) and of every export (export.json,
// the CSV sheets, the backup) finds none of them, the member is "Membre effacé n°1" everywhere,
// and the state (votes, counts, presence, tables) is the one before but for the erased data,
// before and after a restart.

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const FIRST = 'Ysolde';
const LAST = 'Quennec-Tarbouriech';
const RENAMED = 'Ysolde Kervadec-Pluzunet';
const ATTRIBUTES = { ageBracket: 'Tranche-ZQ-97', gender: 'Genre-WXKV', territory: 'Hameau-de-Vrzblog' };
const EDITED = { ...ATTRIBUTES, territory: 'Lieu-dit-Gwrxtz' };
const IMPORTED_CODE = 'YSQT4821';
const REASON = 'Raison-confidentielle-Kzyvq';
const LABEL = 'Membre effacé n°1';

/** Every file under a folder, read as bytes. */
function filesOf(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [{ path, bytes: readFileSync(path) }];
  });
}

/** Which of the needles a file's bytes hold (UTF-8, and UTF-16 in case a tool wrote it so). */
function found(bytes: Buffer, needles: string[]): string[] {
  return needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le')));
}

describe('erasure of a member', () => {
  let server: TestServer;
  afterEach(async () => {
    await closeAllClients();
    await closeAll();
  });

  it('leaves neither name nor attributes in any file or export, and the state replays the same but for them', { timeout: 60_000 }, async () => {
    server = await startServer({ members: 12 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const auth = { authorization: `Bearer ${server.facilitatorKey}` };
    const csv = `Nom;Prénom;Code siège;Tranche d'âge;Genre;Territoire\n${LAST};${FIRST};${IMPORTED_CODE};${ATTRIBUTES.ageBracket};${ATTRIBUTES.gender};${ATTRIBUTES.territory}\n`;
    const imported = await http(`${server.url}/api/roster/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    expect(imported.body).toEqual({ ok: true, data: { added: 1, skipped: 0 } });
    const id = server.conv.memberOrder.at(-1)!;
    expect(server.conv.members[id]).toMatchObject({ name: `${FIRST} ${LAST}`, attributes: ATTRIBUTES });

    // Their story: renamed, attributes edited, a new code, a leave with a reason, back again.
    await ok(facilitator.send('member.update', { memberId: id, name: RENAMED, attributes: EDITED }));
    const { seatCode } = await ok(facilitator.send('member.newSeatCode', { memberId: id }));
    await ok(facilitator.send('member.setActive', { memberId: id, active: false, reason: REASON }));
    await ok(facilitator.send('member.setActive', { memberId: id, active: true }));
    server.app.engine.snapshot(); // a snapshot holds them too

    // A morning in the room: the member joins, sits at a table, writes a proposal, asks a signed
    // question (the closed round names its askers), votes in the open and in secret.
    const live = server.live.id;
    await ok(facilitator.send('tables.create', { sessionId: live, count: 2 }));
    await ok(facilitator.send('tables.seat', { sessionId: live, memberId: id, tableId: server.live.tables[0]!.id }));
    const phone = await connectMember(server.url, server.live.code, seatCode);
    const others = await Promise.all(server.conv.memberOrder.slice(0, 5).map((m) => connectMember(server.url, server.live.code, server.conv.members[m]!.seatCode)));
    const leverId = server.conv.levers[0]!.id;
    const { proposalId } = await ok(phone.send('proposal.create', { title: 'Vergers partagés', text: 'Des vergers dans chaque quartier.', leverId, submit: true }));
    const { roundId } = await ok(facilitator.send('question.round.create', { sessionId: live, title: 'Questions aux élus', agendaItemId: null, premoderation: false, allowAnonymous: true }));
    await ok(facilitator.send('question.round.open', { roundId }));
    await ok(phone.send('question.ask', { roundId, text: 'Quel budget pour les vergers ?', anonymous: false }));
    await ok(facilitator.send('question.round.close', { roundId }));
    const votes: string[] = [];
    for (const secret of [false, true]) {
      const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: live, proposalIds: [proposalId], secret, thresholdBp: 5000, basis: 'expressed', batch: false }));
      await ok(facilitator.send('vote.open', { voteIds }));
      // Secret ballots wait in the ballot box (fewer than 2k here): acknowledged with the close.
      const ballots = [phone, ...others].map((p, i) => ok(p.send('vote.cast', { voteId: voteIds[0], choice: i === 0 ? 'for' : i < 3 ? 'against' : 'abstain' })));
      if (!secret) await Promise.all(ballots);
      else await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === live)?.votes.find((v) => v.id === voteIds[0])?.voted === 1 + others.length);
      // While a secret vote counts, the log is not rewritten (as no backup leaves).
      if (secret) expect(await facilitator.send('members.erase', { memberIds: [id] })).toMatchObject({ ok: false, error: { code: 'ERASE_SECRET_OPEN', details: { kind: 'vote' } } });
      await ok(facilitator.send('vote.close', { voteIds }));
      await Promise.all(ballots);
      votes.push(voteIds[0]);
    }
    const before = structuredClone(server.conv);
    expect(JSON.stringify(before.questionRounds)).toContain(RENAMED);

    // The erasure: the member's phone is told its seat is gone.
    const lost = phone.waitForEvent('seat:lost', 5000);
    expect(await ok(facilitator.send('members.erase', { memberIds: [id] }))).toEqual({ erased: 1 });
    await lost;
    const after = server.conv;
    expect(after.members[id]).toMatchObject({ name: LABEL, seatCode: '', attributes: {}, active: false, erased: 1 });
    expect(after.erasurePending).toBeUndefined();
    await facilitator.waitFor((c) => c.view('console')?.members.find((m: { id: string }) => m.id === id)?.name === LABEL, 5000, 'console shows the erased member');
    // Everything but the erased data is as it was: votes and their tallies, presence, tables,
    // authorship; closed records name the member by their number.
    expect(comparable(after, id)).toBe(comparable(before, id).replaceAll(RENAMED, LABEL));
    expect(after.votes[votes[0]!]!.result).toEqual(before.votes[votes[0]!]!.result);
    expect(after.votes[votes[1]!]!.result).toEqual(before.votes[votes[1]!]!.result);
    // Nothing comes back through an edit; erasing again erases nobody.
    expect(await facilitator.send('member.update', { memberId: id, name: 'Retour', attributes: {} })).toMatchObject({ ok: false, error: { code: 'MEMBER_ERASED' } });
    expect(await ok(facilitator.send('members.erase', { memberIds: [id] }))).toEqual({ erased: 0 });
    // A seat code that was theirs opens nothing.
    const joined = await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode: server.live.code, seatCode }) });
    expect(joined.body).toMatchObject({ ok: false, error: { code: 'SEAT_CODE_UNKNOWN' } });

    // Exports and a backup made afterwards, saved as files, and the data folder: searched byte by byte.
    const exportsDir = mkdtempSync(join(tmpdir(), 'convergence-exports-'));
    const sessionIds = after.sessionOrder;
    const openData = (await http<{ data: { files: { name: string }[] } }>(`${server.url}/api/open-data`, { headers: auth })).body.data.files.map((f) => `/api/open-data/${f.name}`);
    const paths = ['/api/export.json', '/api/export/rankings.csv', '/api/export/proposals.csv', '/api/backup', ...openData, ...sessionIds.flatMap((s) => [`/api/export/questions.csv?session=${s}`, `/api/export/questions.json?session=${s}`, `/api/export/speed.csv?session=${s}&by=member`])];
    for (const [i, path] of paths.entries()) {
      const res = await fetch(`${server.url}${path}`, { headers: auth });
      if (path.includes('speed.csv') && res.status === 404) continue; // a session without a rotation plan
      expect(res.status, path).toBe(200);
      writeFileSync(join(exportsDir, `export-${i}`), Buffer.from(await res.arrayBuffer()));
    }
    const needles = [FIRST, LAST, RENAMED, IMPORTED_CODE, seatCode, REASON, ...Object.values(ATTRIBUTES), EDITED.territory];
    const searched = [...filesOf(server.dataDir), ...filesOf(exportsDir)];
    expect(searched.map((f) => f.path.replace(/.*\//, ''))).toEqual(expect.arrayContaining(['convergence.sqlite']));
    const leaks = searched.flatMap((f) => found(f.bytes, needles).map((n) => `${f.path}: ${n}`));
    expect(leaks).toEqual([]);
    // The label is there instead (the export names the member by number).
    expect(readFileSync(join(exportsDir, 'export-0'), 'utf8')).toContain(LABEL);
    rmSync(exportsDir, { recursive: true, force: true });

    // The rewritten log replays, from nothing, to the state held; a restart reads it back.
    const held = withoutSecretCounts(server.conv);
    const log = server.app.engine.conventionLog(server.conventionId, (counter) => ownsCounter(server.conv, counter));
    const replayed = replayLog(server.conventionId, log);
    expect(replayed.ok && JSON.stringify(replayed.state)).toBe(JSON.stringify(server.conv));
    await server.restart();
    expect(JSON.stringify(withoutSecretCounts(server.conv))).toBe(JSON.stringify(held));
    expect(server.conv.votes[votes[1]!]!.result).toEqual(before.votes[votes[1]!]!.result);
  });

  it('finishes at the next start an erasure whose rewrite a crash cut short', { timeout: 30_000 }, async () => {
    server = await startServer({ members: 8 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const id = server.conv.memberOrder[2]!;
    await ok(facilitator.send('member.update', { memberId: id, name: RENAMED, attributes: EDITED }));
    server.app.engine.snapshot();
    // The event reached the log, the rewrite did not (as if the process died between the two):
    // written beside the running server, as its commit would have.
    const store = new EventStore(join(server.dataDir, 'convergence.sqlite'), { lock: false });
    store.append([{ conventionId: server.conventionId, events: [{ type: 'MembersErased', members: [{ memberId: id, number: 1 }] }], at: Date.now() }]);
    store.close();
    await server.restart();
    expect(server.conv.members[id]).toMatchObject({ name: LABEL, erased: 1, attributes: {} });
    expect(server.conv.erasurePending).toBeUndefined();
    const leaks = filesOf(server.dataDir).flatMap((f) => found(f.bytes, [RENAMED, ...Object.values(EDITED)]).map((n) => `${f.path}: ${n}`));
    expect(leaks).toEqual([]);
  });
});

describe("a member's data (right of access)", () => {
  afterEach(async () => {
    await closeAllClients();
    await closeAll();
  });

  it('holds attributes, attendance, seat, authored work and public votes, never a secret choice', { timeout: 30_000 }, async () => {
    const server = await startServer({ members: 8 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const id = server.conv.memberOrder[1]!;
    await ok(facilitator.send('member.update', { memberId: id, name: RENAMED, attributes: EDITED }));
    const live = server.live.id;
    await ok(facilitator.send('tables.create', { sessionId: live, count: 2 }));
    await ok(facilitator.send('tables.seat', { sessionId: live, memberId: id, tableId: server.live.tables[1]!.id }));
    const phone = await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode);
    const { proposalId } = await ok(phone.send('proposal.create', { title: 'Vergers partagés', text: 'Des vergers dans chaque quartier.', leverId: server.conv.levers[0]!.id, submit: true }));
    const { roundId } = await ok(facilitator.send('question.round.create', { sessionId: live, title: 'Questions aux élus', agendaItemId: null, premoderation: false, allowAnonymous: true }));
    await ok(facilitator.send('question.round.open', { roundId }));
    await ok(phone.send('question.ask', { roundId, text: 'Question signée sur les vergers ?', anonymous: false }));
    await ok(phone.send('question.ask', { roundId, text: 'Question anonyme sur le budget ?', anonymous: true }));
    const choices: Record<string, string> = {};
    for (const secret of [false, true]) {
      const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: live, proposalIds: [proposalId], secret, thresholdBp: 5000, basis: 'expressed', batch: false }));
      await ok(facilitator.send('vote.open', { voteIds }));
      const choice = secret ? 'abstain' : 'against';
      const ballot = ok(phone.send('vote.cast', { voteId: voteIds[0], choice }));
      // A lone secret ballot waits in the ballot box: the close writes and acknowledges it.
      if (secret) await phone.waitFor((c) => c.view('member')?.votes.voted.includes(voteIds[0]));
      else await ballot;
      await ok(facilitator.send('vote.close', { voteIds }));
      await ballot;
      choices[secret ? 'secret' : 'public'] = choice;
    }

    const get = (memberId: string, key: string | null = server.facilitatorKey) => http(`${server.url}/api/members/${memberId}/data`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    const res = await get(id);
    expect(res.status).toBe(200);
    const data = res.body;
    expect(data).toMatchObject({ format: 'convergence-member-data', version: 1, member: { id, name: RENAMED, attributes: EDITED, seatCode: server.conv.members[id]!.seatCode, active: true, phoneHoldsSeat: true, erased: null } });
    expect(data.note.fr).toMatch(/votes secrets/);
    expect(data.sessions.find((s: { id: string }) => s.id === live)).toMatchObject({ present: true, table: server.live.tables[1]!.name });
    expect(data.proposals).toEqual([expect.objectContaining({ title: 'Vergers partagés', author: true, versionsWritten: [expect.objectContaining({ version: 1 })] })]);
    expect(data.questions.map((q: { text: string }) => q.text)).toEqual(['Question signée sur les vergers ?']);
    expect(data.publicVotes).toEqual([expect.objectContaining({ choice: choices.public, proposal: expect.objectContaining({ title: 'Vergers partagés' }) })]);
    expect(data.secretVotesTakenPart).toHaveLength(1);
    // Nothing in the file says what the member chose in secret, nor what they asked anonymously.
    expect(JSON.stringify(data)).not.toContain(choices.secret);
    expect(JSON.stringify(data)).not.toContain('Question anonyme');

    expect((await get(id, null)).status).toBe(401);
    expect((await get(id, server.projectorKey)).status).toBe(403);
    expect((await get(id, phone.token)).status).toBe(403);
    expect((await get('nobody-here')).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { entity: 'member' } } });

    // After erasure the same route answers the number alone.
    await ok(facilitator.send('members.erase', { memberIds: [id] }));
    const erased = (await get(id)).body;
    expect(erased.member).toMatchObject({ name: LABEL, seatCode: '', attributes: {}, erased: 1 });
    expect(JSON.stringify(erased)).not.toContain(RENAMED);
  });
});

/** A state as JSON with the erased member's own record set aside (compared on its own above). */
function comparable(conv: Convention, memberId: string): string {
  const { [memberId]: _member, ...members } = conv.members;
  const { erasurePending: _pending, ...rest } = conv;
  return JSON.stringify({ ...rest, members });
}
