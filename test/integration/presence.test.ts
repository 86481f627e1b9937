import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, connectMember } from '../helpers/client.ts';
import { closeAll, startServer, waitUntil } from '../helpers/server.ts';

// Who has a phone connected right now: a live fact, not in the log, shown on the console
// (members[].connected) and the projector (connectedCount).

describe('presence', () => {
  afterEach(closeAll);

  it('console members[].connected and screen connectedCount follow the member sockets', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const screen = await connectClient(server.url, server.projectorKey);
    const [a, b] = server.conv.memberOrder.map((id) => server.conv.members[id]!);
    const connectedOf = (id: string) => console.view('console')!.members.find((m) => m.id === id)!.connected;
    const connectedCount = () => screen.view('screen')!.session!.connectedCount;
    expect(console.view('console')!.members.every((m) => !m.connected)).toBe(true);
    expect(connectedCount()).toBe(0);

    const phoneA = await connectMember(server.url, server.live.code, a!.seatCode);
    await console.waitFor(() => connectedOf(a!.id), 5000, 'a connected');
    await screen.waitFor(() => connectedCount() === 1, 5000, 'count 1');
    expect(connectedOf(b!.id)).toBe(false);

    const phoneB = await connectMember(server.url, server.live.code, b!.seatCode);
    await console.waitFor(() => connectedOf(b!.id), 5000, 'b connected');
    await screen.waitFor(() => connectedCount() === 2, 5000, 'count 2');

    phoneA.close();
    await console.waitFor(() => !connectedOf(a!.id), 5000, 'a disconnected');
    await screen.waitFor(() => connectedCount() === 1, 5000, 'count back to 1');
    expect(connectedOf(b!.id)).toBe(true);
    // Disconnecting does not undo presence: the member came, the phone just sleeps.
    expect(console.view('console')!.sessions.find((s) => s.id === server.live.id)!.present).toContain(a!.id);
    expect(console.view('console')!.members.find((m) => m.id === a!.id)!.seated).toBe(true);

    phoneB.close();
    await screen.waitFor(() => connectedCount() === 0, 5000, 'count 0');
    await console.waitFor((c) => c.view('console')!.members.every((m) => !m.connected), 5000, 'nobody connected');
    expect(console.problems).toEqual([]);
    expect(screen.problems).toEqual([]);
  });

  it('a member with two sockets on the same token stays connected until both are gone', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const tab1 = await connectMember(server.url, server.live.code, member.seatCode);
    const tab2 = await connectClient(server.url, tab1.token);
    const connected = () => console.view('console')!.members.find((m) => m.id === member.id)!.connected;
    await console.waitFor(connected, 5000, 'connected');
    const sockets = server.app.io.sockets.sockets.size;
    tab1.close();
    await waitUntil(() => server.app.io.sockets.sockets.size === sockets - 1, 5000, 'server saw tab 1 leave');
    // A barrier: a change the console must see after the disconnection was handled.
    expect(await console.send('convention.rename', { name: 'Après la déconnexion' })).toEqual({ ok: true });
    await console.waitFor((c) => c.view('console')!.name === 'Après la déconnexion', 5000, 'barrier');
    expect(connected()).toBe(true);
    tab2.close();
    await console.waitFor(() => !connected(), 5000, 'disconnected');
  });

  it('the table view shows which of the table members are connected', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const [a, b] = server.conv.memberOrder.map((id) => server.conv.members[id]!);
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 1 })).toEqual({ ok: true });
    const tableId = server.live.tables[0]!.id;
    for (const m of [a!, b!]) expect(await console.send('tables.seat', { sessionId: server.live.id, memberId: m.id, tableId })).toEqual({ ok: true });
    const phoneA = await connectMember(server.url, server.live.code, a!.seatCode);
    const isConnected = (id: string) => phoneA.view('table')?.members.find((m) => m.id === id)?.connected;
    await phoneA.waitFor(() => isConnected(a!.id) === true && isConnected(b!.id) === false, 5000, 'a only');
    const phoneB = await connectMember(server.url, server.live.code, b!.seatCode);
    await phoneA.waitFor(() => isConnected(b!.id) === true, 5000, 'b connected');
    phoneB.close();
    await phoneA.waitFor(() => isConnected(b!.id) === false, 5000, 'b gone');
    expect(phoneA.problems).toEqual([]);
  });

  it('presence.markConnected marks exactly the members with a phone connected', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const [a, b, c] = server.conv.memberOrder.map((id) => server.conv.members[id]!);
    await connectMember(server.url, server.live.code, a!.seatCode);
    const phoneB = await connectMember(server.url, server.live.code, b!.seatCode);
    phoneB.close();
    await console.waitFor((v) => v.view('console')!.members.find((m) => m.id === a!.id)!.connected && !v.view('console')!.members.find((m) => m.id === b!.id)!.connected, 5000, 'a on, b off');
    // Joining marked both present: undo that, then mark the connected ones.
    expect(await console.send('presence.mark', { sessionId: server.live.id, memberIds: [a!.id, b!.id, c!.id], present: false })).toEqual({ ok: true });
    expect(server.live.present).toEqual({});
    expect(await console.send('presence.markConnected', { sessionId: server.live.id })).toEqual({ ok: true });
    expect(server.live.present).toEqual({ [a!.id]: true });
  });
});
