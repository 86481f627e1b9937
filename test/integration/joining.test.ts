import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { connectClient, connectError, connectMember, joinWithSeat, postJoin } from '../helpers/client.ts';
import { closeAll, startServer } from '../helpers/server.ts';

// A phone takes its seat over HTTP (POST /api/join), then opens its socket with the token.

describe('joining', () => {
  afterEach(closeAll);

  it('returns a token for the live session code and a seat code; the socket gets its member view', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[3]!]!;
    const res = await postJoin(server.url, { sessionCode: server.live.code, seatCode: member.seatCode });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, data: { conventionId: server.conventionId, memberId: member.id, sessionId: server.live.id } });
    const token = res.body.data.token as string;
    expect(token).toMatch(/^[\w-]{32}$/);
    // The token is stored hashed only.
    expect(JSON.stringify(server.app.engine.world())).not.toContain(token);

    const phone = await connectClient(server.url, token);
    expect(phone.welcome).toMatchObject({ role: 'member', memberId: member.id });
    expect(phone.view('member')).toMatchObject({ id: member.id, name: member.name, seatCode: member.seatCode, tableId: null, tableName: null, present: true });
  });

  it('takes codes as people type them: any case, spaces and dashes', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const sloppy = (code: string) => ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `;
    const { memberId } = await joinWithSeat(server.url, sloppy(server.live.code), sloppy(member.seatCode));
    expect(memberId).toBe(member.id);
  });

  it('marks the member present in the live session: console present, screen presentCount', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const screen = await connectClient(server.url, server.projectorKey);
    expect(console.view('console')!.sessions.find((s) => s.id === server.live.id)!.present).toEqual([]);
    expect(screen.view('screen')!.session!.presentCount).toBe(0);

    const [a, b] = server.conv.memberOrder.map((id) => server.conv.members[id]!);
    await joinWithSeat(server.url, server.live.code, a!.seatCode);
    await console.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.present.includes(a!.id), 5000, 'a present');
    await screen.waitFor((c) => c.view('screen')!.session!.presentCount === 1, 5000, 'presentCount 1');
    expect(console.view('console')!.members.find((m) => m.id === a!.id)).toMatchObject({ seated: true, connected: false });

    await joinWithSeat(server.url, server.live.code, b!.seatCode);
    await screen.waitFor((c) => c.view('screen')!.session!.presentCount === 2, 5000, 'presentCount 2');
    expect(server.live.present).toEqual({ [a!.id]: true, [b!.id]: true });
    // Joining the same seat again does not count anyone twice.
    await joinWithSeat(server.url, server.live.code, a!.seatCode);
    await console.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.present.length === 2, 5000, 'still 2');
    expect(screen.view('screen')!.session!.presentCount).toBe(2);
    expect(console.problems).toEqual([]);
    expect(screen.problems).toEqual([]);
  });

  it('one seat, one phone: a second join takes the seat over and the first phone is told and disconnected', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const first = await connectMember(server.url, server.live.code, member.seatCode);
    const console = await connectClient(server.url, server.facilitatorKey);
    await console.waitFor((c) => c.view('console')!.members.find((m) => m.id === member.id)!.connected, 5000, 'first connected');

    const second = await joinWithSeat(server.url, server.live.code, member.seatCode);
    expect(second.memberId).toBe(member.id);
    expect(second.token).not.toBe(first.token);
    expect(await first.waitForEvent('seat:lost', 5000)).toEqual(['taken-over']);
    await first.waitFor((c) => c.disconnectReason, 5000, 'disconnect');
    expect(first.disconnectReason).toBe('io server disconnect');
    // seat:lost comes before the disconnection.
    const events = first.received().map((r) => r.event);
    expect(events.indexOf('seat:lost')).toBeLessThan(events.indexOf('disconnect'));

    // The old token is refused with the reason; the new one works.
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: first.token })).message).toBe('SEAT_TAKEN_OVER');
    const phone = await connectClient(server.url, second.token);
    expect(phone.welcome).toMatchObject({ role: 'member', memberId: member.id });
    expect(phone.view('member')!.id).toBe(member.id);
    // The console still shows the member connected (on the new phone).
    await console.waitFor((c) => c.view('console')!.members.find((m) => m.id === member.id)!.connected, 5000, 'second connected');
  });

  // Regression: a phone offline when its seat was taken over (screen locked, Wi-Fi lost: the usual
  // case) used to get AUTH_INVALID ("access denied") on its return, not SEAT_TAKEN_OVER, because
  // only sockets connected at the moment of the claim had their token retired.
  it('a phone offline during the takeover is told SEAT_TAKEN_OVER when it comes back', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const console = await connectClient(server.url, server.facilitatorKey);
    const first = await connectMember(server.url, server.live.code, member.seatCode);
    await console.waitFor((c) => c.view('console')!.members.find((m) => m.id === member.id)!.connected, 5000, 'first connected');
    // The first phone goes offline; meanwhile a second phone takes the seat.
    first.close();
    await console.waitFor((c) => !c.view('console')!.members.find((m) => m.id === member.id)!.connected, 5000, 'first offline');
    await joinWithSeat(server.url, server.live.code, member.seatCode);
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: first.token })).message).toBe('SEAT_TAKEN_OVER');
  });

  it('the replaced token is still told SEAT_TAKEN_OVER after a restart', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const first = await joinWithSeat(server.url, server.live.code, member.seatCode);
    const second = await joinWithSeat(server.url, server.live.code, member.seatCode);
    await server.restart();
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: first.token })).message).toBe('SEAT_TAKEN_OVER');
    expect((await connectClient(server.url, second.token)).welcome).toMatchObject({ role: 'member', memberId: member.id });
  });

  // Regression: only the last replaced token used to be remembered, so after two takeovers
  // (phone A, then B, then C) phone A was told AUTH_INVALID instead of SEAT_TAKEN_OVER.
  it('every replaced token is told SEAT_TAKEN_OVER, not only the last one', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const a = await joinWithSeat(server.url, server.live.code, member.seatCode);
    const b = await joinWithSeat(server.url, server.live.code, member.seatCode);
    await joinWithSeat(server.url, server.live.code, member.seatCode);
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: b.token })).message).toBe('SEAT_TAKEN_OVER');
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: a.token })).message).toBe('SEAT_TAKEN_OVER');
  });

  it('refuses an unknown seat code (404 SEAT_CODE_UNKNOWN) and an unknown session code (404 SESSION_CODE_UNKNOWN)', async () => {
    const server = await startServer();
    const seat = await postJoin(server.url, { sessionCode: server.live.code, seatCode: 'QQQQQQ' });
    expect(seat.status).toBe(404);
    expect(seat.body).toMatchObject({ ok: false, error: { code: 'SEAT_CODE_UNKNOWN' } });
    const session = await postJoin(server.url, { sessionCode: 'QQQQQQ', seatCode: server.conv.members[server.conv.memberOrder[0]!]!.seatCode });
    expect(session.status).toBe(404);
    expect(session.body).toMatchObject({ ok: false, error: { code: 'SESSION_CODE_UNKNOWN' } });
  });

  it('refuses malformed join requests with 400 INVALID_PAYLOAD', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    for (const body of [{}, { sessionCode: server.live.code }, { sessionCode: server.live.code, seatCode: member.seatCode, displayName: 'Both' }, { sessionCode: server.live.code, seatCode: member.seatCode, extra: 1 }, { sessionCode: 42, seatCode: member.seatCode }]) {
      const res = await postJoin(server.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
  });

  it('refuses an inactive member with MEMBER_INACTIVE, and deactivating signs the phone out', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    expect(await console.send('member.setActive', { memberId: member.id, active: false })).toEqual({ ok: true });
    expect(await phone.waitForEvent('seat:lost', 5000)).toEqual(['released']);
    await phone.waitFor((c) => c.disconnectReason, 5000, 'disconnect');
    const res = await postJoin(server.url, { sessionCode: server.live.code, seatCode: member.seatCode });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'MEMBER_INACTIVE' } });
  });

  it('a new seat code signs the phone out; the old code no longer joins, the new one does', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    const ack = await console.send('member.newSeatCode', { memberId: member.id });
    expect(ack.ok).toBe(true);
    const seatCode = (ack as { data: { seatCode: string } }).data.seatCode;
    expect(seatCode).not.toBe(member.seatCode);
    expect(await phone.waitForEvent('seat:lost', 5000)).toEqual(['released']);
    expect((await postJoin(server.url, { sessionCode: server.live.code, seatCode: member.seatCode })).status).toBe(404);
    expect((await joinWithSeat(server.url, server.live.code, seatCode)).memberId).toBe(member.id);
  });

  it('counts failed attempts per address: 429 TOO_MANY_ATTEMPTS after the limit, while successes never count', async () => {
    const server = await startServer({ joinFailures: { max: 5, windowMs: 60_000 } });
    const seats = server.conv.memberOrder.map((id) => server.conv.members[id]!.seatCode);
    // Twelve successful joins from one address (a room behind one NAT): none counts.
    for (const seatCode of seats) await joinWithSeat(server.url, server.live.code, seatCode);
    // Four failures: still under the limit, and a success still goes through.
    for (let i = 0; i < 4; i++) expect((await postJoin(server.url, { sessionCode: server.live.code, seatCode: `QQQQQ${i}` })).status).toBe(404);
    await joinWithSeat(server.url, server.live.code, seats[0]!);
    // A malformed request is no guess: it does not count either.
    expect((await postJoin(server.url, { sessionCode: server.live.code })).status).toBe(400);
    await joinWithSeat(server.url, server.live.code, seats[1]!);
    // The fifth failure (an unknown session code counts too) reaches the limit.
    expect((await postJoin(server.url, { sessionCode: 'QQQQQQ', seatCode: seats[0]! })).status).toBe(404);
    const blocked = await postJoin(server.url, { sessionCode: server.live.code, seatCode: seats[0]! });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
    expect((await postJoin(server.url, { sessionCode: server.live.code, seatCode: 'QQQQQQ' })).status).toBe(429);
    // Another address, as told by a proxy on the loopback (trust proxy: loopback), is not blocked.
    const other = await postJoin(server.url, { sessionCode: server.live.code, seatCode: seats[2]! }, { 'x-forwarded-for': '198.51.100.7' });
    expect(other.status).toBe(200);
  });

  it('refuses a display name with GUESTS_NOT_ALLOWED until session.update allows guests; then the guest waits for admission', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const refused = await postJoin(server.url, { sessionCode: server.live.code, displayName: 'Invitée' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'GUESTS_NOT_ALLOWED' } });
    expect(server.conv.memberOrder).toHaveLength(12);

    const live = server.live;
    expect(await console.send('session.update', { sessionId: live.id, title: live.title, startDate: live.startDate, endDate: live.endDate, allowGuests: true, quorum: live.quorum })).toEqual({ ok: true });
    // Admission itself: test/integration/guests.test.ts.
    const res = await postJoin(server.url, { sessionCode: live.code, displayName: '  Invitée  ' });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ pending: true, sessionId: live.id });
    expect(server.conv.memberOrder).toHaveLength(12);
    expect(server.conv.guestRequests![res.body.data.requestId]).toMatchObject({ name: 'Invitée', status: 'pending' });

    // Guests are for the live session only: another session's code does not take display names.
    const planned = server.conv.sessions[server.conv.sessionOrder[1]!]!;
    expect(await console.send('session.update', { sessionId: planned.id, title: planned.title, startDate: planned.startDate, endDate: planned.endDate, allowGuests: true, quorum: 0 })).toEqual({ ok: true });
    expect((await postJoin(server.url, { sessionCode: planned.code, displayName: 'Autre' })).body).toMatchObject({ error: { code: 'GUESTS_NOT_ALLOWED' } });
  });
});
