import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { connectClient, http, joinWithSeat, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 12, item 2, with a real server and real socket.io clients: the programme edited from the
// console (the convention's name, dates and place; sessions added, renamed, re-dated, reordered,
// removed only when they hold nothing), groups beside the tables, the roster (edit, a member who
// leaves, their replacement), and a phone that keeps its seat from session 1 to session 2.

async function ok<T = any>(ack: Promise<Ack>): Promise<T> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

async function refused(ack: Promise<Ack>): Promise<{ code: string; details?: Record<string, unknown> }> {
  const result = await ack;
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const resume = (server: TestServer, body: unknown) => http(`${server.url}/api/join/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const consoleView = (c: TestClient) => c.view('console')!;

describe('programme editing', () => {
  afterEach(closeAll);

  it('the convention’s name, dates and place reach the console, the projector and the join page; bad dates change nothing', async () => {
    const server = await startServer({ members: 12 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const screen = await connectClient(server.url, server.projectorKey);
    await ok(facilitator.send('convention.update', { name: 'Convention citoyenne de Grenoble', startDate: '2026-03-07', endDate: '2026-06-14', place: 'Grenoble, Hôtel de ville' }));
    await facilitator.waitFor((c) => consoleView(c).place === 'Grenoble, Hôtel de ville', 5000, 'console place');
    expect(consoleView(facilitator)).toMatchObject({ name: 'Convention citoyenne de Grenoble', startDate: '2026-03-07', endDate: '2026-06-14' });
    await screen.waitFor((c) => c.view('screen')!.conventionPlace === 'Grenoble, Hôtel de ville', 5000, 'screen place');
    expect(screen.view('screen')).toMatchObject({ conventionName: 'Convention citoyenne de Grenoble', conventionStartDate: '2026-03-07', conventionEndDate: '2026-06-14' });
    const page = await http(`${server.url}/api/join/${server.live.code.toLowerCase()}`);
    expect(page.body).toEqual({ ok: true, data: { conventionName: 'Convention citoyenne de Grenoble', place: 'Grenoble, Hôtel de ville', startDate: '2026-03-07', endDate: '2026-06-14', sessionTitle: server.live.title, sessionStatus: 'live', archived: false } });
    expect((await http(`${server.url}/api/join/ZZZZZZ`)).body).toMatchObject({ ok: false, error: { code: 'SESSION_CODE_UNKNOWN' } });

    const world = JSON.stringify(server.app.engine.world());
    expect((await refused(facilitator.send('convention.update', { name: 'X', startDate: '2026-06-14', endDate: '2026-03-07', place: '' }))).code).toBe('INVALID_DATES');
    expect((await refused(facilitator.send('convention.update', { name: '  ', startDate: null, endDate: null, place: '' }))).code).toBe('INVALID_PAYLOAD');
    expect((await refused(facilitator.send('convention.update', { name: 'X', startDate: '2026-02-30', endDate: null, place: '' }))).code).toBe('INVALID_PAYLOAD');
    expect(JSON.stringify(server.app.engine.world())).toBe(world);
    const exported = (await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } })).body;
    expect(exported.convention).toMatchObject({ name: 'Convention citoyenne de Grenoble', startDate: '2026-03-07', endDate: '2026-06-14', place: 'Grenoble, Hôtel de ville' });
  });

  it('sessions: add, rename and re-date, reorder, remove the empty one; refused while live or once it holds something', async () => {
    const server = await startServer({ members: 12 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const before = server.conv.sessionOrder;
    const { sessionId } = await ok<{ sessionId: string }>(facilitator.send('session.create', { title: 'Séance ajoutée', startDate: '2026-09-05', endDate: '2026-09-06' }));
    await ok(facilitator.send('session.update', { sessionId, title: 'Séance de rattrapage', startDate: '2026-09-12', endDate: '2026-09-13', allowGuests: false, quorum: 0 }));
    await ok(facilitator.send('session.move', { sessionId, index: 1 }));
    await facilitator.waitFor((c) => consoleView(c).sessions[1]?.id === sessionId, 5000, 'moved to second place');
    expect(consoleView(facilitator).sessions.map((s) => s.id)).toEqual([before[0], sessionId, ...before.slice(1)]);
    expect(consoleView(facilitator).sessions[1]).toMatchObject({ title: 'Séance de rattrapage', startDate: '2026-09-12', endDate: '2026-09-13', status: 'planned', holds: {} });

    // The live session: refused, even though the room could be empty.
    const live = await refused(facilitator.send('session.remove', { sessionId: server.live.id }));
    expect(live.code).toBe('SESSION_IS_LIVE');
    // A planned session of the demo holds prepared polls (or more): refused, naming what it holds.
    const holding = consoleView(facilitator).sessions.find((s) => s.status === 'planned' && Object.keys(s.holds).length > 0)!;
    const held = await refused(facilitator.send('session.remove', { sessionId: holding.id }));
    expect(held).toMatchObject({ code: 'SESSION_HAS_RESULTS', details: { title: holding.title, holds: holding.holds } });
    // Presence alone is enough: the room was there.
    await ok(facilitator.send('presence.mark', { sessionId, memberIds: [server.conv.memberOrder[0]], present: true }));
    expect(await refused(facilitator.send('session.remove', { sessionId }))).toMatchObject({ code: 'SESSION_HAS_RESULTS', details: { holds: { presence: 1 } } });
    await ok(facilitator.send('presence.mark', { sessionId, memberIds: [server.conv.memberOrder[0]], present: false }));
    // Nothing changed by the refusals; the empty one goes.
    expect(server.conv.sessionOrder).toEqual([before[0], sessionId, ...before.slice(1)]);
    const code = server.conv.sessions[sessionId]!.code;
    expect((await http(`${server.url}/api/join/${code}`)).status).toBe(200);
    await ok(facilitator.send('session.remove', { sessionId }));
    await facilitator.waitFor((c) => consoleView(c).sessions.length === before.length, 5000, 'removed');
    expect(consoleView(facilitator).sessions.map((s) => s.id)).toEqual(before);
    expect((await refused(facilitator.send('session.remove', { sessionId }))).code).toBe('NOT_FOUND');
    // Its code no longer opens anything.
    expect((await http(`${server.url}/api/join/${code}`)).body).toMatchObject({ ok: false, error: { code: 'SESSION_CODE_UNKNOWN' } });
  });

  it('groups of about 20 beside the tables: create, deal balanced, seat one, rename; the phone and the projector see them', async () => {
    const server = await startServer({ members: 12 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const screen = await connectClient(server.url, server.projectorKey);
    const joined = await joinWithSeat(server.url, server.live.code, server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    const phone = await connectClient(server.url, joined.token);
    const sessionId = server.live.id;
    await ok(facilitator.send('presence.mark', { sessionId, memberIds: server.conv.memberOrder.slice(0, 10), present: true }));
    expect((await refused(facilitator.send('groups.assignRandom', { sessionId, balanceOn: null }))).code).toBe('NO_GROUPS');
    await ok(facilitator.send('tables.create', { sessionId, count: 2 }));
    await ok(facilitator.send('groups.create', { sessionId, count: 2 }));
    const attribute = consoleView(facilitator).attributeKeys[0] ?? null;
    await ok(facilitator.send('groups.assignRandom', { sessionId, balanceOn: attribute }));
    const groups = server.live.groups!;
    expect(groups.map((g) => g.name)).toEqual(['Groupe 1', 'Groupe 2']);
    expect(groups.map((g) => g.memberIds.length)).toEqual([5, 5]);
    expect(server.live.tables.every((t) => t.memberIds.length === 0)).toBe(true);
    const mine = groups.find((g) => g.memberIds.includes(joined.memberId))!;
    await ok(facilitator.send('groups.rename', { sessionId, groupId: mine.id, name: 'Les Chênes' }));
    await phone.waitFor((c) => c.view('member')?.groupName === 'Les Chênes', 5000, 'phone group');
    await screen.waitFor((c) => c.view('screen')!.session!.groups.some((g) => g.name === 'Les Chênes'), 5000, 'screen groups');
    // Taken out of any group: the phone says so.
    await ok(facilitator.send('groups.seat', { sessionId, memberId: joined.memberId, groupId: null }));
    await phone.waitFor((c) => c.view('member')?.groupName === null, 5000, 'no group');
    const exported = (await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } })).body;
    expect(exported.sessions.find((x: { id: string }) => x.id === sessionId).groups).toEqual(server.live.groups);
    expect((await refused(facilitator.send('groups.seat', { sessionId, memberId: joined.memberId, groupId: 'nope' }))).code).toBe('NOT_FOUND');
    expect((await refused(facilitator.send('groups.create', { sessionId, count: 0 }))).code).toBe('INVALID_PAYLOAD');
  });

  it('the roster: edit, deactivate with a reason (the phone is told), add the replacement with a seat code of their own', async () => {
    const server = await startServer({ members: 12 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const leaver = server.conv.members[server.conv.memberOrder[2]!]!;
    const joined = await joinWithSeat(server.url, server.live.code, leaver.seatCode);
    const phone = await connectClient(server.url, joined.token);
    await ok(facilitator.send('member.update', { memberId: leaver.id, name: 'Zoé Lefèvre-Martin', attributes: { gender: 'F' } }));
    await phone.waitFor((c) => c.view('member')?.name === 'Zoé Lefèvre-Martin', 5000, 'renamed on the phone');

    expect((await refused(facilitator.send('member.add', { name: 'Trop tôt', replaces: leaver.id }))).code).toBe('MEMBER_STILL_ACTIVE');
    await ok(facilitator.send('member.setActive', { memberId: leaver.id, active: false, reason: 'Déménagement' }));
    await phone.waitFor((c) => c.disconnectReason !== null, 5000, 'phone signed out');
    await facilitator.waitFor((c) => consoleView(c).members.find((m) => m.id === leaver.id)?.leftReason === 'Déménagement', 5000, 'reason shown');
    // The phone coming back with its token is told why, and the seat code says the same.
    expect((await resume(server, { token: joined.token, sessionCode: server.live.code })).body).toMatchObject({ ok: false, error: { code: 'MEMBER_INACTIVE' } });
    expect((await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode: server.live.code, seatCode: leaver.seatCode }) })).body).toMatchObject({ ok: false, error: { code: 'MEMBER_INACTIVE' } });

    const { memberId, seatCode } = await ok<{ memberId: string; seatCode: string }>(facilitator.send('member.add', { name: 'Inès Moreau', attributes: { gender: 'F' }, replaces: leaver.id }));
    await facilitator.waitFor((c) => consoleView(c).members.some((m) => m.id === memberId), 5000, 'replacement listed');
    const roster = consoleView(facilitator).members;
    expect(roster.find((m) => m.id === memberId)).toMatchObject({ name: 'Inès Moreau', active: true, replaces: leaver.id, replacedBy: null, leftReason: null, seatCode });
    expect(roster.find((m) => m.id === leaver.id)).toMatchObject({ active: false, replacedBy: memberId });
    expect((await refused(facilitator.send('member.add', { name: 'Encore', replaces: leaver.id }))).code).toBe('MEMBER_ALREADY_REPLACED');
    expect((await joinWithSeat(server.url, server.live.code, seatCode)).memberId).toBe(memberId);
    // The organisers' record keeps the story: who left, why, who replaces whom.
    const exported = (await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } })).body;
    expect(exported.members.find((m: { id: string }) => m.id === leaver.id)).toMatchObject({ active: false, leftReason: 'Déménagement', replaces: null });
    expect(exported.members.find((m: { id: string }) => m.id === memberId)).toMatchObject({ active: true, leftReason: null, replaces: leaver.id });

    // Reactivation is the undo: the reason goes, the seat code works again.
    await ok(facilitator.send('member.setActive', { memberId: leaver.id, active: true }));
    await facilitator.waitFor((c) => consoleView(c).members.find((m) => m.id === leaver.id)?.leftReason === null, 5000, 'reason gone');
    expect((await joinWithSeat(server.url, server.live.code, leaver.seatCode)).memberId).toBe(leaver.id);
  });

  it('one seat code for the whole convention: the phone of session 1 reaches session 2 with its token, marked present; one seat, one phone still holds', async () => {
    const server = await startServer({ members: 12 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const [s1, s2] = server.conv.sessionOrder as [string, string];
    const member = server.conv.members[server.conv.memberOrder[4]!]!;
    const joined = await joinWithSeat(server.url, server.live.code, member.seatCode);
    const phone = await connectClient(server.url, joined.token);
    expect(phone.view('public')!.session!.id).toBe(s1);

    await ok(facilitator.send('session.close', { sessionId: s1 }));
    await ok(facilitator.send('session.open', { sessionId: s2 }));
    const code2 = server.app.engine.conventions.get(server.conventionId)!.sessions[s2]!.code;
    expect(server.app.engine.conventions.get(server.conventionId)!.sessions[s2]!.present[member.id]).toBeUndefined();
    const back = await resume(server, { token: joined.token, sessionCode: ` ${code2.toLowerCase()} ` });
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ ok: true, data: { token: joined.token, conventionId: server.conventionId, memberId: member.id, sessionId: s2, sessionCode: code2 } });
    expect(server.app.engine.conventions.get(server.conventionId)!.sessions[s2]!.present[member.id]).toBe(true);
    // The same token opens the socket on session 2 (a phone reloading the new code).
    const again = await connectClient(server.url, joined.token);
    expect(again.welcome).toMatchObject({ role: 'member', memberId: member.id });
    await again.waitFor((c) => c.view('public')?.session?.id === s2, 5000, 'session 2 on the phone');

    // The home page: no code, the live session.
    expect((await resume(server, { token: joined.token })).body).toMatchObject({ ok: true, data: { sessionId: s2, sessionCode: code2 } });

    // Refusals: an unknown code, a token that holds no seat, a seat another phone took.
    expect((await resume(server, { token: joined.token, sessionCode: 'ZZZZZZ' })).body).toMatchObject({ ok: false, error: { code: 'SESSION_CODE_UNKNOWN' } });
    expect((await resume(server, { token: 'x'.repeat(32), sessionCode: code2 })).status).toBe(401);
    expect((await resume(server, { token: server.facilitatorKey, sessionCode: code2 })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await resume(server, { sessionCode: code2 })).body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    await ok(facilitator.send('session.close', { sessionId: s2 }));
    expect((await resume(server, { token: joined.token })).body).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_LIVE' } });
    await ok(facilitator.send('session.open', { sessionId: s2 }));
    await joinWithSeat(server.url, code2, member.seatCode);
    const taken = await resume(server, { token: joined.token, sessionCode: code2 });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ ok: false, error: { code: 'SEAT_TAKEN_OVER' } });
  });
});
