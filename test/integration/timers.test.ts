import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// The session's countdown with real sockets: the facilitator starts, pauses and extends it; the
// projector and the phones receive it (its end in server ms, the clock offset in the welcome);
// a member cannot start one; a bad payload is refused and nothing is broadcast.

let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let phone: TestClient;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);
const screenTimer = (c: TestClient) => c.view('screen')?.session?.timer ?? null;
const phoneTimer = (c: TestClient) => c.view('public')?.timer ?? null;

/** Waits until every channel of these clients has been quiet for a while (coalesced patches flushed). */
async function settle(...clients: TestClient[]): Promise<void> {
  for (const client of clients) for (let i = 0; i < 10 && (await client.quiet(1200)).length > 0; i++);
}

beforeEach(async () => {
  server = await startServer({ members: 8 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  const first = server.conv.members[server.conv.memberOrder[0]!]!;
  phone = await connectMember(server.url, server.live.code, first.seatCode);
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('the session countdown', () => {
  it('welcomes every screen with the server’s clock', async () => {
    for (const client of [facilitator, projector, phone]) {
      expect(typeof client.welcome!.serverTime).toBe('number');
      expect(Math.abs(client.welcome!.serverTime - Date.now())).toBeLessThan(5000);
    }
  });

  it('from an agenda item: projector and phones get it; pause, +1 min and removal follow', async () => {
    const sessionId = server.live.id;
    const item = server.live.agenda.find((i) => i.durationMin)!;
    const before = Date.now();
    await ok(facilitator.send('timer.startItem', { sessionId, itemId: item.id }));
    const onScreen = await projector.waitFor((c) => screenTimer(c));
    expect(onScreen).toMatchObject({ big: false, chime: true, speech: null, timer: { label: item.title, status: 'running', durationMs: item.durationMin! * 60_000 } });
    expect(onScreen.timer.endsAt! - before).toBeGreaterThanOrEqual(item.durationMin! * 60_000 - 50);
    expect(onScreen.timer.endsAt! - Date.now()).toBeLessThanOrEqual(item.durationMin! * 60_000);
    const onPhone = await phone.waitFor((c) => phoneTimer(c));
    expect(onPhone.timer).toEqual(onScreen.timer);
    // The item is the current one now, everywhere.
    await phone.waitFor((c) => c.view('public')?.session?.currentItem?.id === item.id);

    await ok(facilitator.send('timer.pause', { sessionId }));
    const paused = await projector.waitFor((c) => screenTimer(c)?.timer.status === 'paused' && screenTimer(c)!.timer);
    expect(paused.endsAt).toBeNull();
    await phone.waitFor((c) => phoneTimer(c)?.timer.status === 'paused');

    await ok(facilitator.send('timer.extend', { sessionId, seconds: 60 }));
    const extended = await projector.waitFor((c) => screenTimer(c)?.timer.remainingMs === paused.remainingMs + 60_000 && screenTimer(c)!.timer);
    expect(extended.status).toBe('paused');
    await phone.waitFor((c) => phoneTimer(c)?.timer.remainingMs === extended.remainingMs);

    await ok(facilitator.send('timer.resume', { sessionId }));
    await phone.waitFor((c) => phoneTimer(c)?.timer.status === 'running');

    await ok(facilitator.send('timer.clear', { sessionId }));
    await projector.waitFor((c) => c.view('screen')?.session && screenTimer(c) === null);
    await phone.waitFor((c) => c.view('public') && phoneTimer(c) === null);
  });

  it('nothing is sent while it runs: views change only with the facilitator’s commands', async () => {
    await ok(facilitator.send('timer.start', { sessionId: server.live.id, label: 'Travail en tables', seconds: 3 }));
    await projector.waitFor((c) => screenTimer(c));
    await settle(projector);
    // It runs out meanwhile; no message reaches the projector for it.
    expect(await projector.quiet(3500)).toEqual([]);
  });

  it('a member or the projector may not start one; bad payloads are refused; nothing is broadcast', async () => {
    const sessionId = server.live.id;
    await settle(projector, phone);
    const mark = { screen: projector.mark(), phone: phone.mark(), console: facilitator.mark() };
    expect(code(await phone.send('timer.start', { sessionId, label: 'Pirate', seconds: 60 }))).toBe('FORBIDDEN');
    expect(code(await projector.send('timer.pause', { sessionId }))).toBe('FORBIDDEN');
    expect(code(await phone.send('speaking.next', { sessionId }))).toBe('FORBIDDEN');
    for (const args of [
      { sessionId, label: 'X', seconds: 0 },
      { sessionId, label: 'X', seconds: 24 * 3600 + 1 },
      { sessionId, label: '', seconds: 60 },
      { sessionId, label: 'x'.repeat(121), seconds: 60 },
      { sessionId, label: 'X', seconds: 60, extra: true },
      { sessionId, label: 'X', seconds: '60' },
    ]) {
      expect(code(await facilitator.send('timer.start', args))).toBe('INVALID_PAYLOAD');
    }
    expect(code(await facilitator.send('timer.extend', { sessionId, seconds: 0 }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('speaking.plan', { sessionId, title: '', seconds: 120, labels: [] }))).toBe('INVALID_PAYLOAD');
    await projector.quiet(400);
    await phone.quiet(1200);
    const patches = (c: TestClient, from: number) => c.since(from).filter((r) => r.event === 'sync:patch');
    expect(patches(projector, mark.screen)).toEqual([]);
    expect(patches(phone, mark.phone)).toEqual([]);
    expect(patches(facilitator, mark.console)).toEqual([]);
    expect(server.conv.timers).toEqual({});
  });

  it('speaking time: the projector and the phones read which speech it is', async () => {
    const sessionId = server.live.id;
    await ok(facilitator.send('speaking.plan', { sessionId, title: 'Avant le vote', seconds: 120, labels: ['pour', 'contre', 'pour', 'contre'] }));
    await ok(facilitator.send('speaking.next', { sessionId }));
    await ok(facilitator.send('speaking.next', { sessionId }));
    const speech = { number: 2, count: 4, label: 'contre' };
    expect((await projector.waitFor((c) => screenTimer(c)?.speech?.number === 2 && screenTimer(c))).speech).toEqual(speech);
    expect((await phone.waitFor((c) => phoneTimer(c)?.speech?.number === 2 && phoneTimer(c))).speech).toEqual(speech);
    expect(code(await facilitator.send('speaking.back', { sessionId }))).toBe('ok');
    const back = await projector.waitFor((c) => screenTimer(c)?.speech?.number === 1 && screenTimer(c));
    expect(back.timer.status).toBe('paused');
  });

  it('the countdown survives a restart of the server', async () => {
    await ok(facilitator.send('timer.start', { sessionId: server.live.id, label: 'Pause café', seconds: 900 }));
    await ok(facilitator.send('timer.display', { sessionId: server.live.id, big: true, chime: false }));
    const before = server.conv.timers[server.live.id];
    await closeAllClients();
    await server.restart();
    const again = await connectClient(server.url, server.projectorKey);
    expect(screenTimer(again)).toMatchObject({ big: true, chime: false, timer: before });
  });
});
