import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.ts';
import type { Ack, GuestStatus } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, postJoin, TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Guests (issue 14, item 5) with a real server and real phones: off by default; when allowed,
// a guest waits until the facilitator admits or refuses them; a flood of guest requests is
// refused past its caps and adds nobody; an admitted guest neither votes nor makes a quorum
// unless the session says guests vote.

let server: TestServer;
let facilitator: TestClient;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const codeOf = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);

/** session.update on the live session, keeping what is not given. */
function updateLive(fields: { allowGuests?: boolean; guestsVote?: boolean; quorum?: number }): Promise<Ack> {
  const s = server.live;
  return facilitator.send('session.update', { sessionId: s.id, title: s.title, startDate: s.startDate, endDate: s.endDate, allowGuests: s.allowGuests, quorum: s.quorum, ...fields });
}

/** A phone asks to join as a guest: the HTTP answer and, when pending, its token. */
async function ask(name: string, address?: string) {
  return postJoin(server.url, { sessionCode: server.live.code, displayName: name }, address ? { 'x-forwarded-for': address } : {});
}

/** The socket of a phone waiting as a guest: it hears 'guest:status'. */
function waitingPhone(token: string): TestClient {
  return new TestClient(server.url, { protocol: PROTOCOL_VERSION, token });
}

async function lastStatus(phone: TestClient, wanted: GuestStatus['status']): Promise<GuestStatus> {
  const found = await phone.waitFor((c) => c.received().filter((r) => r.event === 'guest:status').at(-1)?.args[0] as GuestStatus | undefined, 5000, 'a guest status');
  if (found.status === wanted) return found;
  return phone.waitFor((c) => {
    const status = c.received().filter((r) => r.event === 'guest:status').at(-1)?.args[0] as GuestStatus | undefined;
    return status?.status === wanted ? status : null;
  }, 5000, `guest status ${wanted}`);
}

const pendingOnConsole = (c: TestClient) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.guestRequests.filter((r) => r.status === 'pending') ?? [];

beforeEach(async () => {
  server = await startServer();
  facilitator = await connectClient(server.url, server.facilitatorKey);
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('guests are off by default', () => {
  it('the demo takes no guest: a display name is refused and the roster stays as it is', async () => {
    expect(Object.values(server.conv.sessions).every((s) => s.allowGuests === false)).toBe(true);
    const before = server.conv.memberOrder.length;
    const refused = await ask('Invitée');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'GUESTS_NOT_ALLOWED' } });
    expect(server.conv.memberOrder).toHaveLength(before);
    expect(server.conv.guestRequests ?? {}).toEqual({});
  });
});

describe('the facilitator admits each guest', () => {
  it('a guest waits (no member, not present), is admitted, and the phone continues with its seat', async () => {
    await ok(updateLive({ allowGuests: true }));
    const before = [...server.conv.memberOrder];
    const presentBefore = Object.keys(server.live.present).length;

    const res = await ask('  Léa Martin  ');
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ pending: true, conventionId: server.conventionId, sessionId: server.live.id });
    const token = res.body.data.token as string;
    expect(server.conv.memberOrder).toEqual(before);
    expect(Object.keys(server.live.present)).toHaveLength(presentBefore);

    // Waiting: the phone hears "pending", can do nothing, and the console lists the request.
    const phone = waitingPhone(token);
    await lastStatus(phone, 'pending');
    expect(codeOf(await phone.send('proposal.create', { title: 'Un essai', text: 'Du texte', leverId: server.conv.levers[0]!.id, submit: true }))).toBe('FORBIDDEN');
    const [request] = await facilitator.waitFor((c) => pendingOnConsole(c).length === 1 && pendingOnConsole(c), 5000, 'request on console');
    expect(request).toMatchObject({ name: 'Léa Martin', status: 'pending' });
    expect(JSON.stringify(facilitator.view('console'))).not.toContain(server.conv.guestRequests![request!.id]!.tokenHash);

    // Admitted: a guest member, present, and the same token opens the seat.
    const { memberId } = await ok(facilitator.send('guest.admit', { requestId: request!.id }));
    const admitted = await lastStatus(phone, 'admitted');
    expect(admitted).toEqual({ status: 'admitted', memberId });
    await phone.waitFor((c) => !c.connected, 5000, 'waiting socket closed');
    expect(server.conv.members[memberId]).toMatchObject({ name: 'Léa Martin', origin: 'guest', active: true });
    expect(server.live.present[memberId]).toBe(true);
    const seat = await connectClient(server.url, token);
    expect(seat.view('member')).toMatchObject({ id: memberId, name: 'Léa Martin', present: true });
    await facilitator.waitFor((c) => c.view('console')!.members.find((m) => m.id === memberId)?.origin === 'guest' && pendingOnConsole(c).length === 0, 5000, 'guest on console');
  });

  it('a refused guest is told, joins nothing, and a mistaken refusal can be undone', async () => {
    await ok(updateLive({ allowGuests: true }));
    const before = [...server.conv.memberOrder];
    const res = await ask('Paul');
    const phone = waitingPhone(res.body.data.token as string);
    await lastStatus(phone, 'pending');
    const requestId = res.body.data.requestId as string;

    expect(await facilitator.send('guest.refuse', { requestId })).toEqual({ ok: true });
    await lastStatus(phone, 'refused');
    expect(server.conv.memberOrder).toEqual(before);
    // A refused token opens no seat: the phone reconnecting hears "refused" again.
    const again = waitingPhone(res.body.data.token as string);
    await lastStatus(again, 'refused');

    // Undo: admitting after all; the phone still listening continues.
    const { memberId } = await ok(facilitator.send('guest.admit', { requestId }));
    expect(await lastStatus(again, 'admitted')).toEqual({ status: 'admitted', memberId });
    expect(server.conv.memberOrder).toEqual([...before, memberId]);
  });

  it('erasing an admitted guest erases the name their request carried too', async () => {
    await ok(updateLive({ allowGuests: true }));
    const res = await ask('Gaëlle Invitée-Effaçable');
    const { memberId } = await ok(facilitator.send('guest.admit', { requestId: res.body.data.requestId }));
    await ok(facilitator.send('members.erase', { memberIds: [memberId] }));
    await facilitator.waitFor((c) => c.view('console')!.members.find((m) => m.id === memberId)?.name.startsWith('Membre effacé'), 5000, 'guest erased');
    const leaks = readdirSync(server.dataDir).filter((file) => readFileSync(join(server.dataDir, file)).includes(Buffer.from('Invitée-Effaçable', 'utf8')));
    expect(leaks).toEqual([]);
  });

  it('a name typed in a request never admitted goes with the first erasure after its session closed', async () => {
    await ok(updateLive({ allowGuests: true }));
    const refused = await ask('Roland Refusé-Oubliable');
    await ok(facilitator.send('guest.refuse', { requestId: refused.body.data.requestId }));
    await ask('Nadia Attente-Oubliable');
    const sessionId = server.live.id;
    const onDisk = (name: string) => readdirSync(server.dataDir).filter((file) => readFileSync(join(server.dataDir, file)).includes(Buffer.from(name, 'utf8')));
    // While the session runs, the facilitator still reads them (and may admit after all).
    await ok(facilitator.send('members.erase', { memberIds: [server.conv.memberOrder[0]!] }));
    expect(server.conv.guestRequests![refused.body.data.requestId]!.name).toBe('Roland Refusé-Oubliable');
    await ok(facilitator.send('session.close', { sessionId }));
    await ok(facilitator.send('members.erase', { memberIds: [server.conv.memberOrder[1]!] }));
    expect(onDisk('Refusé-Oubliable')).toEqual([]);
    expect(onDisk('Attente-Oubliable')).toEqual([]);
  });

  it('the roles: a member or the projector cannot admit; a visitor token cannot open a socket without a request', async () => {
    await ok(updateLive({ allowGuests: true }));
    const res = await ask('Zoé');
    const requestId = res.body.data.requestId as string;
    const member = await connectMember(server.url, server.live.code, server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    expect(codeOf(await member.send('guest.admit', { requestId }))).toBe('FORBIDDEN');
    const projector = await connectClient(server.url, server.projectorKey);
    expect(codeOf(await projector.send('guest.refuse', { requestId }))).toBe('FORBIDDEN');
    expect(server.conv.guestRequests![requestId]!.status).toBe('pending');
  });
});

describe('a flood of guest requests is refused', () => {
  it('150 requests from one client: past the per-address cap, 429 TOO_MANY_GUESTS with Retry-After; nobody joins', async () => {
    await ok(updateLive({ allowGuests: true }));
    const before = [...server.conv.memberOrder];
    const presentBefore = { ...server.live.present };
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => ask(`Robot ${i}`)));
    const elapsed = Date.now() - started;
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 429);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(140);
    for (const answer of refused) {
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'TOO_MANY_GUESTS' } });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Nobody joined: no member, nobody present; only the accepted requests wait.
    expect(server.conv.memberOrder).toEqual(before);
    expect(server.live.present).toEqual(presentBefore);
    expect(Object.values(server.conv.guestRequests ?? {}).filter((r) => r.status === 'pending')).toHaveLength(10);
    console.info(`guest flood: 150 requests in ${elapsed} ms, ${accepted.length} pending, ${refused.length} refused`);
  });

  it('from many addresses: at most LIMITS.guestRequestsPendingMax wait at once, and the convention caps its window', async () => {
    await ok(updateLive({ allowGuests: true }));
    const before = [...server.conv.memberOrder];
    const answers = [];
    // One after the other, each from its own address (as told by a proxy on the loopback).
    for (let i = 0; i < 150; i++) answers.push(await ask(`Robot ${i}`, `198.51.100.${i + 1}`));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(LIMITS.guestRequestsPendingMax);
    expect(answers.slice(LIMITS.guestRequestsPendingMax).every((a) => a.status === 429 && a.body.error.code === 'TOO_MANY_GUESTS')).toBe(true);
    expect(server.conv.memberOrder).toEqual(before);

    // The facilitator refuses them all: new requests are still refused, the convention's window is used up.
    for (const request of Object.values(server.conv.guestRequests!)) await ok(facilitator.send('guest.refuse', { requestId: request.id }));
    const later = await ask('Robot bis', '203.0.113.1');
    expect(later.status).toBe(429);
    expect(later.body.error.code).toBe('TOO_MANY_GUESTS');
    expect(Number(later.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(server.conv.memberOrder).toEqual(before);
    expect(Object.values(server.conv.guestRequests!).filter((r) => r.status === 'pending')).toHaveLength(0);
  });
});

describe('guests do not vote nor make a quorum unless the session says so', () => {
  async function admittedGuest(name: string) {
    const res = await ask(name);
    const { memberId } = await ok(facilitator.send('guest.admit', { requestId: res.body.data.requestId }));
    const phone = await connectClient(server.url, res.body.data.token as string);
    return Object.assign(phone, { memberId: memberId as string });
  }

  // Open votes: a secret ballot's ack waits for its batch out of the ballot box, which is not
  // what this test is about; who may vote and who counts are the same rules either way.
  async function openVote(title: string): Promise<string> {
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title, text: `${title}, en détail.`, leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds }));
    return voteIds[0] as string;
  }

  it('refuses GUEST_CANNOT_VOTE, leaves guests out of the quorum and the electorate; with guestsVote they count', async () => {
    // Two drawn members present, a quorum of three: the guest must not make it.
    const ids = server.conv.memberOrder;
    await ok(facilitator.send('presence.mark', { sessionId: server.live.id, memberIds: [...ids], present: false }));
    const members = [];
    for (const id of ids.slice(0, 2)) members.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    await ok(updateLive({ allowGuests: true, quorum: 3 }));
    const guest = await admittedGuest('Invité');
    expect(server.live.present[guest.memberId]).toBe(true);
    // Its phone is told it is not counted (it shows no ballot), the drawn members' are.
    expect(guest.view('member')).toMatchObject({ present: true, counted: false });
    expect(members[0]!.view('member')).toMatchObject({ counted: true });

    const voteId = await openVote('Des pistes cyclables partout');
    await guest.waitFor((c) => c.view('public')?.votes.find((v) => v.id === voteId)?.status === 'open', 5000, 'vote open on the guest phone');
    expect(codeOf(await guest.send('vote.cast', { voteId, choice: 'for' }))).toBe('GUEST_CANNOT_VOTE');
    for (const m of members) await ok(m.send('vote.cast', { voteId, choice: 'for' }));
    const { results } = await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    expect(results[voteId]).toMatchObject({ present: 2, members: ids.length, quorumMet: false, adopted: false });
    expect(results[voteId].tally.for).toBe(2);

    // The facilitator lets guests vote in this session: the guest votes and makes the quorum.
    await ok(updateLive({ guestsVote: true }));
    await guest.waitFor((c) => c.view('member')?.counted === true, 5000, 'guest counted');
    const second = await openVote('Une maison des associations');
    await guest.waitFor((c) => c.view('public')?.votes.find((v) => v.id === second)?.status === 'open', 5000, 'second vote open');
    await ok(guest.send('vote.cast', { voteId: second, choice: 'for' }));
    for (const m of members) await ok(m.send('vote.cast', { voteId: second, choice: 'against' }));
    const closed = await ok(facilitator.send('vote.close', { voteIds: [second] }));
    expect(closed.results[second]).toMatchObject({ present: 3, members: ids.length + 1, quorumMet: true });
    expect(closed.results[second].tally).toMatchObject({ for: 1, against: 2 });
  });

  it('a guest casts no secret ballot: refused at once, before the ballot box', async () => {
    await ok(updateLive({ allowGuests: true }));
    const guest = await admittedGuest('Invité secret');
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Un vote secret', text: 'Un vote secret, en détail.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds }));
    await guest.waitFor((c) => c.view('public')?.votes.find((v) => v.id === voteIds[0])?.status === 'open', 5000, 'secret vote open');
    expect(codeOf(await guest.send('vote.cast', { voteId: voteIds[0], choice: 'for' }))).toBe('GUEST_CANNOT_VOTE');
    expect(server.conv.votes[voteIds[0]]!.voters).not.toContain(guest.memberId);
  });

  it('a guest answers no poll unless guests vote', async () => {
    await ok(updateLive({ allowGuests: true }));
    const guest = await admittedGuest('Invitée');
    const { pollId } = await ok(facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: null, question: 'Une question ?', format: { kind: 'single', options: ['Oui', 'Non'] }, live: false }));
    await ok(facilitator.send('poll.launch', { sessionId: server.live.id, pollId }));
    const answer = { kind: 'choices', optionIds: ['o1'] };
    expect(codeOf(await guest.send('poll.answer', { pollId, answer }))).toBe('GUEST_CANNOT_VOTE');
    expect(server.conv.polls[pollId]!.answers[guest.memberId]).toBeUndefined();
    await ok(updateLive({ guestsVote: true }));
    await ok(guest.send('poll.answer', { pollId, answer }));
    expect(server.conv.polls[pollId]!.answers[guest.memberId]).toEqual(answer);
  });
});
