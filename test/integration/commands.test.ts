import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// A command from a socket: ack to the sender, patches to everyone whose view changed, and
// nothing at all to anyone when it is refused.

describe('commands', () => {
  let server: TestServer;
  let console1: TestClient;
  let console2: TestClient;
  let screen: TestClient;

  beforeEach(async () => {
    server = await startServer();
    [console1, console2, screen] = await Promise.all([
      connectClient(server.url, server.facilitatorKey),
      connectClient(server.url, server.facilitatorKey),
      connectClient(server.url, server.projectorKey),
    ]);
  });
  afterEach(async () => {
    for (const client of [console1, console2, screen]) expect(client?.problems ?? []).toEqual([]);
    await closeAll();
  });

  const patches = (client: TestClient, since: number) => client.since(since).filter((r) => r.event === 'sync:patch');

  it('agenda.add: ack to the sender, patch to the other console and to the projector', async () => {
    const live = server.live;
    const before = live.agenda.length;
    const ack = await console1.send('agenda.add', { sessionId: live.id, title: 'Pause café', kind: 'break', durationMin: 15 });
    expect(ack.ok).toBe(true);
    const itemId = (ack as { data: { itemId: string } }).data.itemId;
    expect(typeof itemId).toBe('string');

    const seen = (c: TestClient) => c.view('console')!.sessions.find((s) => s.id === live.id)!.agenda.find((i) => i.id === itemId);
    expect(await console2.waitFor(seen, 5000, 'item on the other console')).toEqual({ id: itemId, title: 'Pause café', kind: 'break', durationMin: 15 });
    expect(await console1.waitFor(seen, 5000, 'item on the sender console')).toMatchObject({ title: 'Pause café' });
    const agenda = await screen.waitFor((c) => c.view('screen')!.session!.agenda.length === before + 1 && c.view('screen')!.session!.agenda, 5000, 'item on the screen');
    expect(agenda.at(-1)).toEqual({ id: itemId, title: 'Pause café', kind: 'break', durationMin: 15 });
    // The state and the views agree.
    expect(server.live.agenda.at(-1)!.id).toBe(itemId);
  });

  it('session.update: the new title reaches both consoles and the projector', async () => {
    const live = server.live;
    const ack = await console1.send('session.update', { sessionId: live.id, title: 'Séance renommée', startDate: live.startDate, endDate: live.endDate, allowGuests: false, quorum: 3 });
    expect(ack).toEqual({ ok: true });
    await console2.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === live.id)!.title === 'Séance renommée', 5000, 'title on console 2');
    await screen.waitFor((c) => c.view('screen')!.session!.title === 'Séance renommée' && c.view('screen')!.session!.quorum === 3, 5000, 'title on screen');
  });

  it('tables.create: the tables reach the consoles and the projector', async () => {
    const ack = await console1.send('tables.create', { sessionId: server.live.id, count: 4 });
    expect(ack).toEqual({ ok: true });
    await console2.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.tables.length === 4, 5000, 'tables on console 2');
    const tables = await screen.waitFor((c) => c.view('screen')!.session!.tables.length === 4 && c.view('screen')!.session!.tables, 5000, 'tables on screen');
    expect(tables.map((t) => t.name)).toEqual(['Table 1', 'Table 2', 'Table 3', 'Table 4']);
  });

  it('coalesces a burst into few patches and every copy ends equal to the server view', async () => {
    const live = server.live;
    const mark = console2.mark();
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => console1.send('agenda.add', { sessionId: live.id, title: `Point ${i}`, kind: 'other', durationMin: null })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await console2.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === live.id)!.agenda.length === live.agenda.length + 20, 5000, '20 items');
    expect(patches(console2, mark).length).toBeLessThan(20);
    const titles = server.live.agenda.map((i) => i.title);
    expect(console2.view('console')!.sessions.find((s) => s.id === live.id)!.agenda.map((i) => i.title)).toEqual(titles);
    expect(screen.view('screen')!.session!.agenda.map((i) => i.title)).toEqual(titles.slice(0, screen.view('screen')!.session!.agenda.length));
    await screen.waitFor((c) => c.view('screen')!.session!.agenda.length === titles.length, 5000, 'screen catches up');
  });

  /**
   * Runs refused commands, then checks that the world did not change and that the observers got
   * nothing: a valid rename from console 1 serves as a barrier, and must be the only message
   * each observer receives after the mark.
   */
  let barriers = 0;
  async function expectNothingBroadcast(observers: TestClient[], refused: () => Promise<void>): Promise<void> {
    const world = structuredClone(server.app.engine.world());
    const marks = observers.map((o) => o.mark());
    await refused();
    expect(server.app.engine.world()).toEqual(world);
    const name = `Barrière ${++barriers}`;
    expect(await console1.send('convention.rename', { name })).toEqual({ ok: true });
    await Promise.all(
      observers.map((o) => o.waitFor((c) => (c.view('console')?.name ?? c.view('screen')?.conventionName ?? c.view('public')?.conventionName) === name, 5000, 'barrier')),
    );
    observers.forEach((o, i) => {
      const got = o.since(marks[i]!);
      expect(got.map((r) => r.event)).toEqual(['sync:patch']);
      const ops = (got[0]!.args[0] as { patch: { path: unknown[] }[] }).patch;
      expect(ops.map((op) => op.path)).toEqual([[o.view('console') ? 'name' : 'conventionName']]);
    });
  }

  describe('refusals change nothing and broadcast nothing', () => {
    const invalid: [string, string, unknown][] = [
      ['a number for a string', 'agenda.add', { sessionId: 'x', title: 42, kind: 'talk', durationMin: null }],
      ['an unknown kind', 'agenda.add', { sessionId: 'x', title: 'ok', kind: 'party', durationMin: null }],
      ['a missing field', 'agenda.add', { sessionId: 'x', title: 'ok', kind: 'talk' }],
      ['an extra key', 'agenda.add', { sessionId: 'x', title: 'ok', kind: 'talk', durationMin: null, admin: true }],
      ['a blank title', 'agenda.add', { sessionId: 'x', title: '   ', kind: 'talk', durationMin: null }],
      ['a fractional count', 'tables.create', { sessionId: 'x', count: 2.5 }],
      ['too many tables', 'tables.create', { sessionId: 'x', count: 101 }],
      ['a string boolean', 'session.update', { sessionId: 'x', title: 't', startDate: '2026-01-01', endDate: '2026-01-01', allowGuests: 'yes', quorum: 0 }],
      ['a bad date', 'session.create', { title: 't', startDate: '01/02/2026', endDate: '2026-01-01' }],
      ['args that are not an object', 'convention.rename', 'Nouveau nom'],
      ['null args', 'convention.rename', null],
    ];
    for (const [label, name, args] of invalid) {
      it(`INVALID_PAYLOAD for ${label} (${name})`, async () => {
        await expectNothingBroadcast([console2, screen], async () => {
          expect(await console1.send(name, args)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
        });
      });
    }

    it('INVALID_PAYLOAD, and nothing reaches anyone within 300 ms (bounded wait, no barrier)', async () => {
      const marks = [console2.mark(), screen.mark()];
      const ack = await console1.send('agenda.add', { sessionId: server.live.id, title: ['a'], kind: 'talk', durationMin: null });
      expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      expect(await console2.quiet(300)).toEqual([]);
      expect(console2.since(marks[0]!)).toEqual([]);
      expect(screen.since(marks[1]!)).toEqual([]);
    });

    it('INVALID_PAYLOAD for a bad envelope: no cid, a short cid, a cid with spaces, extra keys, no envelope at all', async () => {
      const args = { name: 'Nouveau nom' };
      await expectNothingBroadcast([console2, screen], async () => {
        for (const payload of [{ args }, { cid: 'short', args }, { cid: 'has spaces in it', args }, { cid: 'a'.repeat(65), args }, { cid: 'abcdefgh1234', args, extra: 1 }, 'string', 42, null]) {
          expect(await console1.sendRaw('convention.rename', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
        }
        expect(await console1.sendRaw('convention.rename')).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      });
    });

    it('the error names the path of the first bad field', async () => {
      const ack = await console1.send('agenda.add', { sessionId: server.live.id, title: 42, kind: 'talk', durationMin: null });
      expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', details: { path: 'title' } } });
    });

    it('UNKNOWN_COMMAND for an event that is no command', async () => {
      await expectNothingBroadcast([console2, screen], async () => {
        for (const name of ['agenda.explode', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'welcome', 'sync:patch']) {
          expect(await console1.send(name, {}), name).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
        }
      });
    });

    it('FORBIDDEN for a facilitator command from the projector or a member, and nothing is broadcast', async () => {
      const member = server.conv.members[server.conv.memberOrder[0]!]!;
      const phone = await connectMember(server.url, server.live.code, member.seatCode);
      await phone.waitFor((c) => c.view('public'), 5000, 'public view');
      // Joining itself changed the console (present, connected): let that settle first.
      await console2.waitFor((c) => c.view('console')!.members.find((m) => m.id === member.id)!.connected, 5000, 'member connected');
      await screen.waitFor((c) => c.view('screen')!.session!.connectedCount === 1, 5000, 'member connected on screen');
      const attempts: [TestClient, string, unknown][] = [
        [screen, 'agenda.add', { sessionId: server.live.id, title: 'Piratage', kind: 'talk', durationMin: null }],
        [screen, 'screen.show', { sessionId: server.live.id, panel: 'seating' }],
        [phone, 'convention.rename', { name: 'Piratage' }],
        [phone, 'tables.create', { sessionId: server.live.id, count: 2 }],
        [phone, 'presence.mark', { sessionId: server.live.id, memberIds: [member.id], present: false }],
        [phone, 'seat.release', { memberId: server.conv.memberOrder[1]! }],
        [phone, 'member.newSeatCode', { memberId: member.id }],
      ];
      await expectNothingBroadcast([console2, screen, phone], async () => {
        for (const [client, name, args] of attempts) {
          expect(await client.send(name, args), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        }
      });
      expect(phone.problems).toEqual([]);
    });

    it('NOT_FOUND for unknown ids, with the entity', async () => {
      const live = server.live;
      const cases: [string, unknown, string][] = [
        ['agenda.add', { sessionId: 'nope', title: 't', kind: 'talk', durationMin: null }, 'session'],
        ['agenda.update', { sessionId: live.id, itemId: 'nope', title: 't', kind: 'talk', durationMin: null }, 'agendaItem'],
        ['agenda.setCurrent', { sessionId: live.id, itemId: 'nope' }, 'agendaItem'],
        ['member.update', { memberId: 'nope', name: 'n', attributes: {} }, 'member'],
        ['tables.seat', { sessionId: live.id, memberId: server.conv.memberOrder[0]!, tableId: 'nope' }, 'table'],
        ['lever.rename', { leverId: 'nope', title: 't' }, 'lever'],
        ['presence.mark', { sessionId: live.id, memberIds: ['nope'], present: true }, 'member'],
        ['session.open', { sessionId: 'nope' }, 'session'],
      ];
      await expectNothingBroadcast([console2, screen], async () => {
        for (const [name, args, entity] of cases) {
          expect(await console1.send(name, args), name).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { entity } } });
        }
      });
    });

    it('a refused command followed by a valid one: the other console gets only the valid change', async () => {
      const mark = console2.mark();
      expect((await console1.send('convention.rename', { name: 42 })).ok).toBe(false);
      expect((await console1.send('lever.rename', { leverId: 'nope', title: 'x' })).ok).toBe(false);
      expect(await console1.send('convention.rename', { name: 'Barrière' })).toEqual({ ok: true });
      await console2.waitFor((c) => c.view('console')!.name === 'Barrière', 5000, 'rename');
      const got = patches(console2, mark);
      expect(got).toHaveLength(1);
      expect((got[0]!.args[0] as { patch: unknown }).patch).toEqual([{ op: 'set', path: ['name'], value: 'Barrière' }]);
    });
  });
});
