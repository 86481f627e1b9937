import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenPanel } from '../../shared/features/core/types.ts';
import type { Ack } from '../../shared/protocol.ts';
import { connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { closeAll, PUBLIC_URL, startServer, type TestServer } from '../helpers/server.ts';

// The log is the truth: a restart on the same data folder replays it (from the newest snapshot
// when there is one) and must rebuild exactly the state the server had.

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function readDb<T>(server: TestServer, read: (db: Database.Database) => T): T {
  const db = new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

async function expectOk(acks: Promise<Ack>[]): Promise<void> {
  const results = await Promise.all(acks);
  const refused = results.filter((a) => !a.ok);
  expect(refused, JSON.stringify(refused.slice(0, 3))).toEqual([]);
}

/** A varied series of commands touching every part of the state. */
async function workOut(server: TestServer, console: TestClient): Promise<void> {
  const live = server.live;
  const [planned] = server.conv.sessionOrder.slice(1);
  const memberIds = server.conv.memberOrder;
  await expectOk([
    console.send('convention.rename', { name: 'Convention rejouée' }),
    console.send('lever.add', { title: 'Eau et biodiversité' }),
    console.send('member.add', { name: 'Nouvelle Personne', attributes: { gender: 'Femme', territory: 'Vizille' } }),
    console.send('member.update', { memberId: memberIds[1]!, name: 'Nom corrigé', attributes: { gender: 'Homme' } }),
    console.send('member.setActive', { memberId: memberIds[2]!, active: false }),
    console.send('member.newSeatCode', { memberId: memberIds[3]! }),
    console.send('session.create', { title: 'Session supplémentaire', startDate: '2026-06-01', endDate: '2026-06-02' }),
    console.send('session.update', { sessionId: live.id, title: live.title, startDate: live.startDate, endDate: live.endDate, allowGuests: true, quorum: 4 }),
    console.send('agenda.add', { sessionId: live.id, title: 'Ajout', kind: 'poll', durationMin: 20 }),
    console.send('agenda.move', { sessionId: live.id, itemId: live.agenda[0]!.id, index: 3 }),
    console.send('agenda.remove', { sessionId: live.id, itemId: live.agenda[1]!.id }),
    console.send('agenda.setCurrent', { sessionId: live.id, itemId: live.agenda[2]!.id }),
    console.send('presence.mark', { sessionId: live.id, memberIds: memberIds.slice(0, 9), present: true }),
    console.send('tables.create', { sessionId: live.id, count: 3 }),
  ]);
  await expectOk([console.send('tables.assignRandom', { sessionId: live.id, balanceOn: 'gender' })]);
  const tables = server.live.tables;
  await expectOk([
    console.send('tables.seat', { sessionId: live.id, memberId: tables[0]!.memberIds[0]!, tableId: tables[1]!.id }),
    console.send('tables.rename', { sessionId: live.id, tableId: tables[2]!.id, name: 'Table des Chênes' }),
    console.send('screen.show', { sessionId: live.id, panel: 'seating' }),
    console.send('lever.move', { leverId: server.conv.levers[0]!.id, index: 4 }),
    console.send('lever.remove', { leverId: server.conv.levers[1]!.id }),
    console.send('session.close', { sessionId: planned! }),
  ]);
  // A guest and a seat claimed over HTTP are in the log too.
  const phone = await connectMember(server.url, live.code, server.conv.members[memberIds[5]!]!.seatCode);
  await phone.waitFor((c) => c.view('public'), 5000, 'phone ready');
}

describe('replay', () => {
  afterEach(closeAll);

  it('a restart rebuilds the same world from the log', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    await workOut(server, console);
    const world = structuredClone(server.app.engine.world());
    // The console's copy, built from patches, catches up with the state.
    await console.waitFor((c) => {
      const view = c.view('console')!;
      const connected = new Set(view.members.filter((m) => m.connected).map((m) => m.id));
      return isDeepStrictEqual(plain(view), plain(consoleView(server.conv, { connected, publicUrl: PUBLIC_URL })));
    }, 5000, 'console caught up');
    const seenBefore = plain(console.view('console')!);

    await server.restart();
    expect(server.app.engine.world()).toEqual(world);
    expect(plain(server.app.engine.world())).toStrictEqual(plain(world));
    // No snapshot yet: this was a replay of the events alone.
    expect(readDb(server, (db) => (db.prepare('SELECT COUNT(*) AS n FROM snapshots').get() as { n: number }).n)).toBe(0);

    // A fresh console after the restart sees what the old one had built from patches (but nobody is connected now).
    const after = await connectClient(server.url, server.facilitatorKey);
    expect(after.welcome!.epoch).not.toBe(console.welcome!.epoch);
    const expected = { ...seenBefore, members: seenBefore.members.map((m) => ({ ...m, connected: false })) };
    expect(after.view('console')).toEqual(expected);
  });

  it('member tokens survive a restart', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    await server.restart();
    const again = await connectClient(server.url, phone.token);
    expect(again.welcome).toMatchObject({ role: 'member', memberId: member.id });
    expect(again.view('member')).toMatchObject({ id: member.id, present: true });
  });

  it('with more than 1000 events a snapshot is written, and snapshot + tail rebuild the same world', async () => {
    const server = await startServer({ rate: { burst: 5000, perSecond: 5000 } });
    const console = await connectClient(server.url, server.facilitatorKey);
    await workOut(server, console);
    const live = server.live;
    const panels: ScreenPanel[] = ['welcome', 'seating', 'agenda'];
    const memberIds = server.conv.memberOrder;
    const leverId = server.conv.levers[0]!.id;
    const command = (i: number): [string, unknown] => {
      switch (i % 5) {
        case 0:
          return ['screen.show', { sessionId: live.id, panel: panels[i % 3]! }];
        case 1:
          return ['lever.rename', { leverId, title: `Levier ${i}` }];
        case 2:
          return ['member.update', { memberId: memberIds[i % memberIds.length]!, name: `Membre ${i}`, attributes: { territory: `Secteur ${i}` } }];
        case 3:
          return ['presence.mark', { sessionId: live.id, memberIds: [memberIds[i % memberIds.length]!], present: i % 2 === 0 }];
        default:
          return ['agenda.setCurrent', { sessionId: live.id, itemId: i % 2 ? null : live.agenda[i % live.agenda.length]!.id }];
      }
    };
    const total = 1100;
    for (let start = 0; start < total; start += 100) {
      await expectOk(Array.from({ length: 100 }, (_, k) => console.send(...command(start + k))));
    }
    const { snapshots, lastEvent } = readDb(server, (db) => ({
      snapshots: db.prepare('SELECT seq FROM snapshots ORDER BY seq').all() as { seq: number }[],
      lastEvent: (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq,
    }));
    expect(lastEvent).toBeGreaterThan(1000);
    expect(snapshots.length).toBeGreaterThan(0);
    // Some events come after the newest snapshot: the restart replays a tail on top of it.
    await expectOk([console.send('convention.rename', { name: 'Après le snapshot' }), console.send('agenda.add', { sessionId: live.id, title: 'Queue', kind: 'other', durationMin: null })]);
    const newest = snapshots.at(-1)!.seq;
    expect(newest).toBeGreaterThan(1000);
    expect(newest).toBeLessThanOrEqual(lastEvent);
    const tail = readDb(server, (db) => (db.prepare('SELECT COUNT(*) AS n FROM events WHERE seq > ?').get(newest) as { n: number }).n);
    expect(tail).toBeGreaterThanOrEqual(2);

    const world = structuredClone(server.app.engine.world());
    await server.restart();
    expect(server.app.engine.world()).toEqual(world);
    expect(plain(server.app.engine.world())).toStrictEqual(plain(world));

    // And again after more commands on the restarted server.
    // A start that had to replay the whole log (its snapshots unusable, as after an upgrade that
    // changes the state's shape) writes a snapshot at once: the next start reads that instead.
    const writable = new Database(join(server.dataDir, 'convergence.sqlite'), { fileMustExist: true });
    writable.prepare('DELETE FROM snapshots').run();
    writable.close();
    await server.restart();
    expect(server.app.engine.world()).toEqual(world);
    const rewritten = readDb(server, (db) => db.prepare('SELECT seq FROM snapshots').all() as { seq: number }[]);
    expect(rewritten.map((s) => s.seq)).toEqual([readDb(server, (db) => (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq)]);

    const console2 = await connectClient(server.url, server.facilitatorKey);
    await expectOk([console2.send('lever.rename', { leverId, title: 'Après deux redémarrages' }), console2.send('screen.show', { sessionId: live.id, panel: 'agenda' })]);
    const world2 = structuredClone(server.app.engine.world());
    await server.restart();
    expect(server.app.engine.world()).toEqual(world2);
  });
});
