import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';
import { connectClient, connectError, connectMember, http, joinWithSeat, postJoin } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 14, item 6: a convention that is over is archived, and the seat tokens its phones hold
// stop working everywhere (socket handshake, POST /api/join/resume, POST /api/join), with their
// own code so that the phone says why and forgets them; the console and the projector keep
// reading it. "Quitter ce téléphone" gives a seat back: the token it held, even copied, opens
// nothing, and the seat code takes the seat again.

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);

const post = (server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  http(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const resume = (server: TestServer, token: string) => post(server, '/api/join/resume', { token });
const handshake = async (server: TestServer, token: string) => (await connectError(server.url, { protocol: PROTOCOL_VERSION, token })).message;

afterEach(closeAll);

describe('convention.archive', () => {
  it('is refused while the room is live or a ballot open; then archived, every seat token is refused with CONVENTION_ARCHIVED, the console and projector read on', async () => {
    const server = await startServer({ members: 8 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const [a, b] = server.conv.memberOrder.map((id) => server.conv.members[id]!);
    const live = server.live;
    const phone = await connectMember(server.url, live.code, a!.seatCode);
    const idle = await joinWithSeat(server.url, server.live.code, b!.seatCode); // holds a token, no socket
    const archive = () => facilitator.send('convention.archive', { conventionId: server.conventionId });

    // The room is still there.
    expect(code(await archive())).toBe('SESSION_IS_LIVE');
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Bus de nuit', text: 'Le week-end.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds: [voteId] } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
    await ok(facilitator.send('session.close', { sessionId: server.live.id }));
    // A vote left open would never be counted.
    const open = await archive();
    expect(open.ok ? null : open.error).toMatchObject({ code: 'ACTIVITY_STILL_OPEN', details: { kind: 'vote', title: 'Bus de nuit' } });
    // Another convention's id archives nothing here.
    expect(code(await facilitator.send('convention.archive', { conventionId: 'une-autre' }))).toBe('NOT_FOUND');
    expect(server.conv.archivedAt).toBeUndefined();
    expect(phone.connected).toBe(true);

    await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    const before = phone.mark();
    await ok(archive());
    expect(server.conv.archivedAt).toEqual(expect.any(Number));
    // The connected phone is told, then closed.
    expect(await phone.waitForEvent('seat:lost', 5000, before)).toEqual(['archived']);
    await phone.waitFor((c) => !c.connected, 5000, 'phone closed');

    // Every door answers CONVENTION_ARCHIVED: the socket, the resume, the join with the seat code.
    for (const token of [phone.token, idle.token]) {
      expect(await handshake(server, token)).toBe('CONVENTION_ARCHIVED');
      const resumed = await resume(server, token);
      expect([resumed.status, resumed.body.error?.code]).toEqual([410, 'CONVENTION_ARCHIVED']);
    }
    const joined = await postJoin(server.url, { sessionCode: live.code, seatCode: a!.seatCode });
    expect([joined.status, joined.body.error?.code]).toEqual([410, 'CONVENTION_ARCHIVED']);
    // Nobody brings the room back without unarchiving.
    expect(code(await facilitator.send('session.open', { sessionId: live.id }))).toBe('CONVENTION_ARCHIVED');
    // The join page says so before a code is typed.
    expect((await http(`${server.url}/api/join/${live.code}`)).body.data).toMatchObject({ archived: true });

    // Idempotent: archived twice is archived once.
    const archivedAt = server.conv.archivedAt;
    expect(code(await archive())).toBe('ok');
    expect(server.conv.archivedAt).toBe(archivedAt);

    // The console and the projector still connect and read the convention (results, roster).
    const console2 = await connectClient(server.url, server.facilitatorKey);
    expect(console2.view('console')).toMatchObject({ archivedAt });
    expect(console2.view('console')!.members.every((m) => !m.seated)).toBe(true);
    const projector = await connectClient(server.url, server.projectorKey);
    expect(projector.view('screen')!.conventionName).toBe(server.conv.name);
    expect(server.conv.votes[voteId]!.result).not.toBeNull();

    // It holds across a restart (the archive is in the log).
    await server.restart();
    expect(await handshake(server, phone.token)).toBe('CONVENTION_ARCHIVED');
  });

  it('unarchived by mistake: the seat codes open the seats again, the tokens from before stay expired', async () => {
    const server = await startServer({ members: 6 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const live = server.live;
    const before = await joinWithSeat(server.url, live.code, member.seatCode);
    await ok(facilitator.send('session.close', { sessionId: live.id }));
    await ok(facilitator.send('convention.archive', { conventionId: server.conventionId }));
    await ok(facilitator.send('convention.unarchive', { conventionId: server.conventionId }));
    expect(server.conv.archivedAt).toBeUndefined();
    // Unarchiving a running convention changes nothing.
    expect(code(await facilitator.send('convention.unarchive', { conventionId: server.conventionId }))).toBe('ok');

    expect(await handshake(server, before.token)).toBe('AUTH_INVALID');
    expect((await resume(server, before.token)).status).toBe(401);
    await ok(facilitator.send('session.open', { sessionId: live.id }));
    const again = await connectMember(server.url, server.live.code, member.seatCode);
    expect(again.memberId).toBe(member.id);
  });

  it('the operator archives and unarchives any convention of the server, and its list says which are archived', async () => {
    const server = await startServer({ members: 4 });
    const asOperator = { authorization: `Bearer ${server.operatorKey}` };
    const path = (what: string) => `/api/operator/conventions/${server.conventionId}/${what}`;
    const refused = await post(server, path('archive'), {}, asOperator);
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'SESSION_IS_LIVE']);
    // The facilitator's key is not the operator's.
    expect((await post(server, path('archive'), {}, { authorization: `Bearer ${server.facilitatorKey}` })).status).toBe(403);
    expect((await post(server, '/api/operator/conventions/inconnue/archive', {}, asOperator)).status).toBe(404);

    const facilitator = await connectClient(server.url, server.facilitatorKey);
    await ok(facilitator.send('session.close', { sessionId: server.live.id }));
    const archived = await post(server, path('archive'), {}, asOperator);
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({ id: server.conventionId, archivedAt: expect.any(Number) });
    await facilitator.waitFor((c) => c.view('console')!.archivedAt !== null, 5000, 'console sees the archive');
    const list = await http(`${server.url}/api/operator/conventions`, { headers: asOperator });
    expect(list.body.data.conventions.find((c: { id: string }) => c.id === server.conventionId).archivedAt).toEqual(archived.body.data.archivedAt);

    const back = await post(server, path('unarchive'), {}, asOperator);
    expect([back.status, back.body.data.archivedAt]).toEqual([200, null]);
  });
});

describe('leaving this phone (POST /api/join/leave)', () => {
  it('the token it held opens nothing any more, even copied; the seat code takes the seat again', async () => {
    const server = await startServer({ members: 6 });
    const console = await connectClient(server.url, server.facilitatorKey);
    const member = server.conv.members[server.conv.memberOrder[1]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    // The same token on a second socket: a copy of the phone's storage.
    const copy = await connectClient(server.url, phone.token);
    await console.waitFor((c) => c.view('console')!.members.find((m) => m.id === member.id)!.seated, 5000, 'seated');

    const marks = [phone.mark(), copy.mark()];
    // A token leaves only the seat it holds.
    const other = server.conv.memberOrder[2]!;
    const wrong = await post(server, '/api/join/leave', { token: phone.token, memberId: other });
    expect([wrong.status, wrong.body]).toEqual([200, { ok: true, data: { left: false } }]);
    expect(phone.connected).toBe(true);
    const left = await post(server, '/api/join/leave', { token: phone.token, memberId: member.id });
    expect([left.status, left.body]).toEqual([200, { ok: true, data: { left: true } }]);
    for (const [i, socket] of [phone, copy].entries()) {
      expect(await socket.waitForEvent('seat:lost', 5000, marks[i])).toEqual(['released']);
      await socket.waitFor((c) => !c.connected, 5000, 'closed');
    }
    await console.waitFor((c) => !c.view('console')!.members.find((m) => m.id === member.id)!.seated, 5000, 'seat free on the console');

    expect(await handshake(server, phone.token)).toBe('AUTH_INVALID');
    expect((await resume(server, phone.token)).status).toBe(401);
    // Leaving again (a lost answer retried) changes nothing and says the token holds no seat.
    const events = server.app.engine.conventionLog(server.conventionId, () => true).events.length;
    const again = await post(server, '/api/join/leave', { token: phone.token, memberId: member.id });
    expect([again.status, again.body.error?.code]).toEqual([401, 'AUTH_INVALID']);
    expect(server.app.engine.conventionLog(server.conventionId, () => true).events.length).toBe(events);
    // A payload that is not a token: refused before anything.
    for (const body of [{}, { token: '', memberId: member.id }, { token: 'x'.repeat(129), memberId: member.id }, { token: phone.token }, { token: phone.token, memberId: member.id, extra: 1 }]) {
      expect((await post(server, '/api/join/leave', body)).status, JSON.stringify(body)).toBe(400);
    }
    // The facilitator's key is not a seat: nothing to leave.
    expect((await post(server, '/api/join/leave', { token: server.facilitatorKey, memberId: member.id })).status).toBe(403);

    const back = await connectMember(server.url, server.live.code, member.seatCode);
    expect(back.memberId).toBe(member.id);
    expect(back.token).not.toBe(phone.token);
  });
});
