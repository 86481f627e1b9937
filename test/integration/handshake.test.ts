import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { connectClient, connectError, connectMember } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Who a socket is, decided once at the handshake, and which channels it is then sent.

describe('handshake', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(closeAll);

  it('refuses another protocol version with PROTOCOL_MISMATCH', async () => {
    const error = await connectError(server.url, { protocol: PROTOCOL_VERSION + 1, token: server.facilitatorKey });
    expect(error.message).toBe('PROTOCOL_MISMATCH');
    expect(error.data).toEqual({ code: 'PROTOCOL_MISMATCH', protocol: PROTOCOL_VERSION });
  });

  it('checks the protocol before the token', async () => {
    expect((await connectError(server.url, { token: server.facilitatorKey })).message).toBe('PROTOCOL_MISMATCH');
    expect((await connectError(server.url, {})).message).toBe('PROTOCOL_MISMATCH');
    expect((await connectError(server.url, { protocol: String(PROTOCOL_VERSION), token: server.facilitatorKey })).message).toBe('PROTOCOL_MISMATCH');
  });

  it('refuses a missing or malformed token with AUTH_REQUIRED', async () => {
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION })).message).toBe('AUTH_REQUIRED');
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: '' })).message).toBe('AUTH_REQUIRED');
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: 42 })).message).toBe('AUTH_REQUIRED');
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: 'x'.repeat(201) })).message).toBe('AUTH_REQUIRED');
  });

  it('refuses an unknown token with AUTH_INVALID', async () => {
    const error = await connectError(server.url, { protocol: PROTOCOL_VERSION, token: 'not-a-real-token-at-all' });
    expect(error.message).toBe('AUTH_INVALID');
    // A seat code is not a token.
    const seatCode = server.conv.members[server.conv.memberOrder[0]!]!.seatCode;
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: seatCode })).message).toBe('AUTH_INVALID');
  });

  it('welcomes the facilitator key as facilitator with a console snapshot', async () => {
    const console = await connectClient(server.url, server.facilitatorKey);
    expect(console.welcome).toMatchObject({ protocol: PROTOCOL_VERSION, role: 'facilitator', conventionId: server.conventionId, memberId: null });
    expect(typeof console.welcome?.epoch).toBe('string');
    const view = console.view('console')!;
    expect(view.conventionId).toBe(server.conventionId);
    expect(view.members).toHaveLength(12);
    expect(view.liveSessionId).toBe(server.live.id);
    // The console shows seat codes: it is the facilitator's.
    expect(view.members[0]!.seatCode).toBe(server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    expect(console.channel('console')!.key).toBe(`console:${server.conventionId}`);
    await console.quiet(150);
    expect(console.snapshotKinds()).toEqual(['console']);
  });

  it('sends the projector the screen snapshot only, never the console', async () => {
    const screen = await connectClient(server.url, server.projectorKey);
    expect(screen.welcome).toMatchObject({ role: 'projector', conventionId: server.conventionId, memberId: null });
    const view = screen.view('screen')!;
    expect(view.session).toMatchObject({ title: server.live.title, code: server.live.code, joinUrl: `http://192.0.2.10:3000/j/${server.live.code}` });
    await screen.quiet(150);
    expect(screen.snapshotKinds()).toEqual(['screen']);
    // Nothing on the projector carries a seat code or a key.
    const text = JSON.stringify(screen.received());
    for (const member of Object.values(server.conv.members)) expect(text).not.toContain(member.seatCode);
    expect(text).not.toContain(server.facilitatorKey);
  });

  it('sends a member the public and member snapshots only while unseated', async () => {
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    expect(phone.welcome).toMatchObject({ role: 'member', conventionId: server.conventionId, memberId: member.id });
    await phone.waitFor((c) => c.view('public'), 5000, 'public view');
    expect(phone.view('member')).toMatchObject({ id: member.id, name: member.name, seatCode: member.seatCode, tableId: null, present: true });
    expect(phone.view('public')!.session?.id).toBe(server.live.id);
    await phone.quiet(150);
    expect(phone.snapshotKinds().sort()).toEqual(['member', 'public']);
    // Another member's seat code never reaches this phone, nor any key.
    const text = JSON.stringify(phone.received());
    const other = server.conv.members[server.conv.memberOrder[1]!]!;
    expect(text).not.toContain(other.seatCode);
    expect(text).not.toContain(server.facilitatorKey);
    expect(text).not.toContain(server.projectorKey);
  });

  it('also sends a seated member its table snapshot at connection', async () => {
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    expect(await facilitator.send('tables.create', { sessionId: server.live.id, count: 2 })).toEqual({ ok: true });
    const tableId = server.live.tables[1]!.id;
    expect(await facilitator.send('tables.seat', { sessionId: server.live.id, memberId: member.id, tableId })).toEqual({ ok: true });

    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    const table = await phone.waitFor((c) => c.view('table'), 5000, 'table view');
    expect(table).toMatchObject({ id: tableId, name: 'Table 2' });
    expect(table.members.map((m) => m.id)).toEqual([member.id]);
    expect(phone.channel('table')!.key).toBe(`table:${server.conventionId}:${tableId}`);
    await phone.quiet(150);
    expect(phone.snapshotKinds().sort()).toEqual(['member', 'public', 'table']);
    expect(phone.problems).toEqual([]);
  });

  it('gives the support key the public channel only', async () => {
    const support = await connectClient(server.url, server.supportKey);
    expect(support.welcome).toMatchObject({ role: 'support', memberId: null });
    await support.quiet(150);
    expect(support.snapshotKinds()).toEqual(['public']);
  });
});
