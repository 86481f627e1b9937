import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { chainLinks, checksumOf, stateHash } from '../../server/backup/fingerprint.ts';
import type { BackupFile } from '../../server/backup/format.ts';
import { restoreBackup } from '../../server/backup/handover.ts';
import { replayLog } from '../../server/backup/verify.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, waitUntil, type TestServer } from '../helpers/server.ts';

// Issue 12, item 4: a convention moves between two servers (the room's laptop, the hosted one)
// and back, with nothing lost: the state's hash after a restore is the one before the backup,
// secret tallies included; an older, damaged, foreign or diverged copy is refused and nothing
// changes; a restore reaches the sockets already connected.

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function download(server: TestServer, key = server.facilitatorKey): Promise<string> {
  const res = await fetch(`${server.url}/api/backup`, { headers: auth(key) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="convergence-[a-z0-9-]+-\d{4}-\d\d-\d\d\.json"$/);
  return res.text();
}

const send = (server: TestServer, key: string, path: string, text: string) => http(`${server.url}/api/backup/${path}`, { method: 'POST', headers: { ...auth(key), 'content-type': 'application/json' }, body: text });

/** The convention's state hash on this server (secret tallies included: they are in the state). */
const hashOn = (server: TestServer, id: string) => stateHash(server.app.engine.conventions.get(id)!);

/** A file changed by hand, with its checksum and fingerprint made right again: only replay can tell. */
function resealed(text: string, change: (file: BackupFile) => void, { restate = false } = {}): string {
  const file = JSON.parse(text) as BackupFile;
  change(file);
  if (restate) {
    // The state hash too: a file that is whole, only not welcome here.
    const replayed = replayLog(file.convention.id, { events: file.events, results: file.commandResults, tallies: file.secretTallies });
    if (!replayed.ok) throw new Error(replayed.flaw);
    file.stateHash = stateHash(replayed.state);
  }
  const links = chainLinks(file.events);
  file.eventCount = file.events.length;
  file.fingerprint = links[links.length - 1]!;
  file.checksum = checksumOf(file as unknown as Record<string, unknown>);
  return JSON.stringify(file);
}

/** A room's worth of activity: phones join, a proposal, a secret vote with ballots, an agenda item. */
async function activity(server: TestServer, facilitator: TestClient, phones: number) {
  const members = server.conv.memberOrder.slice(0, phones);
  const voters = [];
  for (const id of members) voters.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Réseau express vélo', text: 'Un réseau express vélo métropolitain.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
  const voteId = voteIds[0] as string;
  await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
  const choices = ['for', 'against', 'abstain'] as const;
  // Ballots wait in the ballot box until their batch, or the close, is written: acknowledged then.
  const acks = voters.map((p, i) => ok(p.send('vote.cast', { voteId, choice: choices[i % 3] }, randomUUID())));
  await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.votes.find((v) => v.id === voteId)?.voted === voters.length);
  // No copy leaves while a secret vote counts (the next test): the room closes it first.
  await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
  await Promise.all(acks);
  return { voters, voteId };
}

const agendaItem = (server: TestServer, title: string) => ({ sessionId: server.live.id, title, kind: 'talk', durationMin: 10 });

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('convention backup and restore', () => {
  it('moves a convention to another server and back: same state hash (tallies included), acks kept, sockets resynced, restarts agree', async () => {
    const laptop = await startServer();
    const id = laptop.conventionId;
    const facilitator = await connectClient(laptop.url, laptop.facilitatorKey);
    const { voters, voteId } = await activity(laptop, facilitator, 5);
    expect(laptop.conv.votes[voteId]!.tally).toEqual({ for: 2, against: 2, abstain: 1 });
    const before = hashOn(laptop, id);

    const first = await download(laptop);
    const file = JSON.parse(first) as BackupFile;
    expect(file.convention.id).toBe(id);
    expect(file.eventCount).toBe(file.events.length);
    // Counters only: nothing beside a choice names a member, and no event carries a secret choice.
    expect(file.secretTallies.map((t) => Object.keys(t).sort())).toEqual(file.secretTallies.map(() => ['choice', 'count', 'counter']));
    expect(file.secretTallies.reduce((sum, t) => sum + t.count, 0)).toBe(5);
    expect(file.events.filter((e) => e.type === 'VoteCast').every((e) => (e.data as { choice: unknown }).choice === null)).toBe(true);

    // The hosted server knows nothing of this convention: its own console may not take it in.
    const hosted = await startServer();
    const foreign = await send(hosted, hosted.facilitatorKey, 'restore', first);
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'BACKUP_FOREIGN']);
    // The first copy goes in by the operator's door (the command line's restore).
    const created = restoreBackup(hosted.app.engine, first);
    expect(created.ok && created.plan.standing).toBe('absent');
    expect(hashOn(hosted, id)).toBe(before);
    expect(hosted.app.engine.conventions.get(id)!.votes[voteId]!.tally).toEqual({ for: 2, against: 2, abstain: 1 });

    // Between sessions the convention lives on the hosted server: the same keys and seats work there.
    const hostedConsole = await connectClient(hosted.url, laptop.facilitatorKey);
    const phoneThere = await connectClient(hosted.url, voters[0]!.token);
    const cid = randomUUID();
    const added = await ok(hostedConsole.send('agenda.add', agendaItem(laptop, 'Ajouté entre deux sessions'), cid));
    await ok(phoneThere.send('proposal.create', { title: 'Proposition du soir', text: 'Écrite entre deux sessions, depuis un téléphone.', leverId: laptop.conv.levers[1]!.id, submit: true }));
    const afterHosted = hashOn(hosted, id);
    const back = await download(hosted, laptop.facilitatorKey);

    // Back on the laptop: the copy extends the log in place. The check says so before anything changes.
    const check = await send(laptop, laptop.facilitatorKey, 'check', back);
    expect(check.status).toBe(200);
    expect(check.body.data).toMatchObject({ standing: 'newer', placeEvents: file.eventCount, common: file.eventCount });
    expect(hashOn(laptop, id)).toBe(before);
    const restored = await send(laptop, laptop.facilitatorKey, 'restore', back);
    expect([restored.status, restored.body.data.standing, restored.body.data.replaced]).toEqual([200, 'newer', true]);
    expect(hashOn(laptop, id)).toBe(afterHosted);
    // The console already connected to the laptop sees the item added on the hosted server.
    await facilitator.waitFor((c) => c.view('console')!.sessions.some((s) => s.agenda.some((item) => item.title === 'Ajouté entre deux sessions')), 3000, 'resynced console');
    // A retry of a command acked on the hosted server gets the same ack here, and applies nothing.
    const retry = await facilitator.send('agenda.add', agendaItem(laptop, 'Ajouté entre deux sessions'), cid);
    expect(retry).toEqual({ ok: true, ...(added === undefined ? {} : { data: added }) });
    expect(hashOn(laptop, id)).toBe(afterHosted);

    // The same copy again changes nothing; a restart replays the restored log to the same state.
    const again = await send(laptop, laptop.facilitatorKey, 'restore', back);
    expect([again.body.data.standing, again.body.data.replaced]).toEqual(['identical', false]);
    await laptop.restart();
    expect(hashOn(laptop, id)).toBe(afterHosted);
    await hosted.restart();
    expect(hashOn(hosted, id)).toBe(afterHosted);
  });

  it('refuses an older copy, a damaged or unreadable file, and a diverged copy unless forced; nothing changes when refused', async () => {
    const server = await startServer();
    const id = server.conventionId;
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    await activity(server, facilitator, 3);
    const old = await download(server);
    await ok(facilitator.send('agenda.add', agendaItem(server, 'Après la copie')));
    const current = await download(server);
    const hash = hashOn(server, id);
    const key = server.facilitatorKey;

    const older = await send(server, key, 'restore', old);
    expect([older.status, older.body.error.code]).toEqual([409, 'BACKUP_OLDER']);
    expect(older.body.error.details).toMatchObject({ placeEvents: JSON.parse(current).eventCount, copyEvents: JSON.parse(old).eventCount });

    const flawOf = async (text: string) => {
      const res = await send(server, key, 'restore', text);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BACKUP_INVALID');
      return res.body.error.details.flaw as string;
    };
    // An event changed: the chain, hence the fingerprint, no longer matches; a header changed: the checksum.
    expect(await flawOf(current.replace('Après la copie', 'Après la copiE'))).toBe('fingerprint');
    expect(await flawOf(current.replace(/"name":"[^"]*"/, '"name":"Une autre"'))).toBe('checksum');
    expect(await flawOf(current.slice(0, current.length / 2))).toBe('json');
    expect(await flawOf(JSON.stringify({ ...JSON.parse(current), version: 2 }))).toBe('version');
    expect(await flawOf(JSON.stringify({ hello: 'world' }))).toBe('format');
    expect(await flawOf(resealed(current, (f) => f.events.push({ type: 'NoSuchEvent', at: 1, data: { type: 'NoSuchEvent' } as never })))).toBe('replay');
    expect(await flawOf(resealed(current, (f) => f.events.splice(1, 1)))).toMatch(/^(replay|state)$/);
    expect(await flawOf(resealed(current, (f) => f.secretTallies.push({ counter: 'vote:elsewhere', choice: 'for', count: 3 })))).toBe('tallies');
    expect(hashOn(server, id)).toBe(hash);

    // Diverged: the copy took another way after `old` than the log in place did.
    const other = await startServer();
    expect(restoreBackup(other.app.engine, old).ok).toBe(true);
    const otherConsole = await connectClient(other.url, key);
    await ok(otherConsole.send('agenda.add', agendaItem(server, 'Ailleurs')));
    const diverged = await download(other, key);
    const refused = await send(server, key, 'restore', diverged);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'BACKUP_DIVERGED']);
    expect(refused.body.error.details).toMatchObject({ common: JSON.parse(old).eventCount });
    expect(hashOn(server, id)).toBe(hash);
    const forced = await http(`${server.url}/api/backup/restore?force=1`, { method: 'POST', headers: { ...auth(key), 'content-type': 'application/json' }, body: diverged });
    expect([forced.status, forced.body.data.standing, forced.body.data.replaced]).toEqual([200, 'diverged', true]);
    expect(hashOn(server, id)).toBe(hashOn(other, id));
    await waitUntil(() => facilitator.view('console')!.sessions.some((s) => s.agenda.some((i) => i.title === 'Ailleurs')), 3000, 'forced copy shown');
    expect(facilitator.view('console')!.sessions.some((s) => s.agenda.some((i) => i.title === 'Après la copie'))).toBe(false);
  });

  it('refuses a copy whose session code another convention of the server uses: phones join with the code alone', async () => {
    const laptop = await startServer();
    const hosted = await startServer();
    const text = await download(laptop);
    const clashing = resealed(text, (file) => {
      file.events = JSON.parse(JSON.stringify(file.events).replaceAll(`"${laptop.live.code}"`, `"${hosted.live.code}"`)) as BackupFile['events'];
    }, { restate: true });
    const before = hosted.app.engine.conventions.size;
    const refused = restoreBackup(hosted.app.engine, clashing);
    expect(refused.ok ? 'restored' : [refused.error.code, refused.error.details?.what]).toEqual(['BACKUP_CONFLICT', 'sessionCode']);
    expect(hosted.app.engine.conventions.size).toBe(before);
    // The same convention with its own codes goes in.
    expect(restoreBackup(hosted.app.engine, text).ok).toBe(true);
  });

  it('the operator creates a convention on another server from its backup over HTTP, and downloads any convention', async () => {
    const laptop = await startServer();
    const hosted = await startServer();
    const id = laptop.conventionId;
    const text = await download(laptop);
    const operator = (path: string, init: RequestInit = {}, key = hosted.operatorKey) => http(`${hosted.url}/api/operator/${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    // A convention's key is not the operator's.
    expect((await operator('backup/restore', { method: 'POST', body: text }, hosted.facilitatorKey)).status).toBe(403);
    const check = await operator('backup/check', { method: 'POST', body: text });
    expect(check.body.data).toMatchObject({ standing: 'absent', placeEvents: 0, copyEvents: JSON.parse(text).eventCount });
    expect(hosted.app.engine.conventions.has(id)).toBe(false);
    const created = await operator('backup/restore', { method: 'POST', body: text });
    expect([created.status, created.body.data.standing, created.body.data.replaced]).toEqual([200, 'absent', true]);
    expect(hashOn(hosted, id)).toBe(hashOn(laptop, id));
    // From now on the convention's own console works there, and the operator can take its copy.
    expect((await http(`${hosted.url}/api/backup`, { headers: auth(laptop.facilitatorKey) })).status).toBe(200);
    const copy = await operator(`conventions/${id}/backup`);
    expect([copy.status, copy.body.convention.id]).toEqual([200, id]);
    expect((await operator('conventions/nope/backup')).status).toBe(404);
  });

  it('makes no copy while secret choices are counted: two copies a few ballots apart would tell who chose what', async () => {
    const server = await startServer();
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const phones = [];
    for (const id of server.conv.memberOrder.slice(0, 3)) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Tarif social', text: 'Un tarif social de l’eau.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds }));
    const first = ok(phones[0]!.send('vote.cast', { voteId: voteIds[0], choice: 'for' }, randomUUID()));
    // The attacker's plan: a copy now, one ballot, a copy again, and compare. The first copy is refused.
    const refused = await http(`${server.url}/api/backup`, { headers: auth(server.facilitatorKey) });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'BACKUP_SECRET_OPEN']);
    const byOperator = await http(`${server.url}/api/operator/conventions/${server.conventionId}/backup`, { headers: auth(server.operatorKey) });
    expect([byOperator.status, byOperator.body.error.code]).toEqual([409, 'BACKUP_SECRET_OPEN']);
    const second = ok(phones[1]!.send('vote.cast', { voteId: voteIds[0], choice: 'against' }, randomUUID()));
    await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.votes.find((v) => v.id === voteIds[0])?.voted === 2);
    await ok(facilitator.send('vote.close', { voteIds }));
    await Promise.all([first, second]);
    // Closed: the copy is made, with the counts as closed.
    const file = JSON.parse(await download(server)) as BackupFile;
    expect(file.secretTallies.reduce((sum, t) => sum + t.count, 0)).toBe(2);
  });

  it('answers only the facilitator, and refuses a body that is not a file', async () => {
    const server = await startServer();
    expect((await http(`${server.url}/api/backup`)).status).toBe(401);
    expect((await http(`${server.url}/api/backup`, { headers: auth(server.projectorKey) })).status).toBe(403);
    const empty = await http(`${server.url}/api/backup/check`, { method: 'POST', headers: auth(server.facilitatorKey) });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'INVALID_PAYLOAD']);
  });
});
