import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schulze, flattenOrder } from '../../shared/math/schulze.ts';
import type { Ack } from '../../shared/protocol.ts';
import { recount } from '../../server/cli/recount-core.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 3 with real sockets: tables rank the levers together, concurrently, from phones alone.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let phones: Phone[];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

beforeEach(async () => {
  server = await startServer({ members: 20 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  const sessionId = server.live.id;
  await ok(facilitator.send('tables.create', { sessionId, count: 4 }));
  await ok(facilitator.send('tables.assignRandom', { sessionId, balanceOn: null }));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'))));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

const tableOf = (phone: Phone) => phone.view('table')!;
const atTable = (tableId: string) => phones.filter((p) => tableOf(p).id === tableId);
const leverIds = () => server.conv.levers.map((l) => l.id);

async function openRanking(silentRound: boolean, tableIds: string[] = []): Promise<string> {
  const { activityId } = await ok(facilitator.send('ranking.create', { sessionId: server.live.id, title: 'Priorisation des leviers', tableIds, silentRound }));
  await ok(facilitator.send('ranking.open', { activityId }));
  if (!silentRound) {
    const chosen = (p: Phone) => tableIds.length === 0 || tableIds.includes(tableOf(p).id);
    await Promise.all(phones.filter(chosen).map((p) => p.waitFor((c) => c.view('table')?.ranking)));
  }
  return activityId;
}

describe('lever ranking at tables', () => {
  it('starts each table from the Schulze order of its members\u2019 silent rankings, which nobody else sees', async () => {
    const activityId = await openRanking(true);
    const levers = leverIds();
    const table = tableOf(phones[0]!);
    const members = atTable(table.id);
    const orders = members.map((_, i) => [...levers.slice(i % levers.length), ...levers.slice(0, i % levers.length)].reverse());
    await Promise.all(members.map((p, i) => ok(p.send('ranking.submitSilent', { activityId, order: orders[i] }))));
    // Each member sees their own ranking only.
    await members[0]!.waitFor((c) => c.view('member')?.ranking?.silentOrder);
    const secret = JSON.stringify(orders[1]);
    for (const p of phones.filter((p) => p !== members[1])) expect(JSON.stringify(p.received())).not.toContain(secret);
    // The projector sees progress, not rankings.
    await projector.waitFor((c) => c.view('screen')?.session?.ranking?.silent.submitted === members.length);

    await ok(facilitator.send('ranking.startTables', { activityId }));
    const expected = flattenOrder(schulze(levers, orders.map((ranking) => ({ ranking, count: 1 }))).order, levers);
    for (const p of members) await p.waitFor((c) => JSON.stringify(c.view('table')?.ranking?.order) === JSON.stringify(expected));
    // A table where nobody ranked starts from the convention's order.
    const other = phones.find((p) => tableOf(p).id !== table.id)!;
    await other.waitFor((c) => JSON.stringify(c.view('table')?.ranking?.order) === JSON.stringify(levers));
  });

  it('converges every phone of every table to one order under concurrent moves, losing none', async () => {
    const activityId = await openRanking(false);
    let seed = 99;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const applied = new Map<string, number>();
    let conflicts = 0;

    // Every phone moves 6 times, all at once; a refused move is retried on the order it was sent back.
    await Promise.all(
      phones.map(async (phone) => {
        for (let n = 0; n < 6; n++) {
          for (let attempt = 0; attempt < 20; attempt++) {
            const ranking = phone.view('table')!.ranking!;
            const leverId = ranking.order[Math.floor(random() * ranking.order.length)]!;
            const fromIndex = ranking.order.indexOf(leverId);
            let toIndex = Math.floor(random() * ranking.order.length);
            if (toIndex === fromIndex) toIndex = (toIndex + 1) % ranking.order.length;
            const ack = await phone.send('ranking.move', { activityId, leverId, fromIndex, toIndex, baseVersion: ranking.version });
            if (ack.ok) {
              const tableId = tableOf(phone).id;
              applied.set(tableId, (applied.get(tableId) ?? 0) + 1);
              break;
            }
            expect(ack.error.code).toBe('CONFLICT');
            expect(ack.error.details?.order).toBeDefined();
            conflicts++;
            const version = ack.error.details!.version as number;
            await phone.waitFor((c) => (c.view('table')?.ranking?.version ?? -1) >= version);
          }
        }
      }),
    );

    const activity = server.conv.activities[activityId]!;
    for (const [tableId, table] of Object.entries(activity.tables)) {
      // No move lost: each acknowledged move is one version step.
      expect(table.version).toBe(applied.get(tableId) ?? 0);
      for (const phone of atTable(tableId)) {
        await phone.waitFor((c) => c.view('table')?.ranking?.version === table.version);
        expect(phone.view('table')!.ranking!.order).toEqual(table.order);
      }
      expect([...table.order].sort()).toEqual([...leverIds()].sort());
    }
    expect(phones.every((p) => p.problems.length === 0)).toBe(true);
    expect(conflicts).toBeGreaterThanOrEqual(0);
  });

  it('rebases a stale move when the lever has not moved, and refuses it with the current order when it has', async () => {
    const activityId = await openRanking(false);
    const [a, b] = atTable(tableOf(phones[0]!).id);
    const levers = leverIds();
    await ok(a!.send('ranking.move', { activityId, leverId: levers[8], fromIndex: 8, toIndex: 0, baseVersion: 0 }));
    // b still saw version 0: moving lever 3 (unmoved by a, still at index 4 after a's move? no: shifted) is checked by position.
    const stale = await b!.send('ranking.move', { activityId, leverId: levers[0], fromIndex: 0, toIndex: 5, baseVersion: 0 });
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe('CONFLICT');
      expect(stale.error.details?.order).toEqual([levers[8], ...levers.slice(0, 8)]);
    }
    // The lever at the end moved, but lever 4 sits at index 5 both before and after: rebased.
    const rebased = await b!.send('ranking.move', { activityId, leverId: levers[4], fromIndex: 5, toIndex: 1, baseVersion: 0 });
    expect(rebased.ok).toBe(true);
  });

  it('validates a table when every present member agrees; a move clears the marks; a lock freezes it', async () => {
    const activityId = await openRanking(false);
    const tableId = tableOf(phones[0]!).id;
    const members = atTable(tableId);
    await Promise.all(members.map((p) => ok(p.send('ranking.agree', { activityId, agree: true }))));
    await projector.waitFor((c) => c.view('screen')?.session?.ranking?.tables.find((t) => t.tableId === tableId)?.validatedBy === 'table');
    const levers = leverIds();
    await ok(members[0]!.send('ranking.move', { activityId, leverId: levers[1], fromIndex: 1, toIndex: 0, baseVersion: 0 }));
    await projector.waitFor((c) => c.view('screen')?.session?.ranking?.tables.find((t) => t.tableId === tableId)?.validatedBy === null);
    expect(server.conv.activities[activityId]!.tables[tableId]!.agreed).toEqual({});

    await ok(facilitator.send('ranking.lock', { activityId, tableId, locked: true }));
    await members[1]!.waitFor((c) => c.view('table')?.ranking?.validatedBy === 'facilitator');
    const refused = await members[1]!.send('ranking.move', { activityId, leverId: levers[2], fromIndex: 2, toIndex: 0, baseVersion: 1 });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('TABLE_LOCKED');
  });

  it('keeps the aggregate off the projector until revealed; the export recounts to what it showed', async () => {
    const activityId = await openRanking(false);
    const levers = leverIds();
    for (const [i, phone] of phones.entries()) {
      if (phones.findIndex((p) => tableOf(p).id === tableOf(phone).id) !== i) continue; // one mover per table
      const order = phone.view('table')!.ranking!.order;
      await ok(phone.send('ranking.move', { activityId, leverId: order[i % 9], fromIndex: i % 9, toIndex: 0, baseVersion: 0 }));
    }
    await projector.waitFor((c) => c.view('screen')?.session?.ranking?.tables.length === 4);
    expect(projector.view('screen')!.session!.ranking!.aggregate).toBeNull();
    expect(projector.view('screen')!.session!.ranking!.orders).toBeNull();

    await ok(facilitator.send('ranking.reveal', { activityId, revealed: true }));
    const aggregate = await projector.waitFor((c) => c.view('screen')?.session?.ranking?.aggregate);
    expect(aggregate.schulze).toHaveLength(levers.length);
    expect(aggregate.levers.every((l) => ['low', 'medium', 'high'].includes(l.dissent))).toBe(true);

    const exported = await http<any>(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    const ranking = exported.body.rankings[0];
    const recounted = recount(ranking) as { schulze: string[]; borda: Record<string, number> };
    const title = (id: string) => server.conv.levers.find((l) => l.id === id)!.title;
    expect(recounted.schulze).toEqual(aggregate.schulze.map(title));
    expect(recounted.borda).toEqual(Object.fromEntries(Object.entries(aggregate.borda).map(([id, s]) => [title(id), s])));
    expect(ranking.tables).toHaveLength(4);
    const csv = await http<string>(`${server.url}/api/export/rankings.csv`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    expect(csv.body).toContain('Place Schulze');
    expect(csv.body).toContain(title(levers[0]!));
  });

  it('gives phones the room\u2019s order once closed and revealed: the projector\u2019s Schulze groups, never before', async () => {
    const activityId = await openRanking(false);
    for (const [i, phone] of phones.entries()) {
      if (phones.findIndex((p) => tableOf(p).id === tableOf(phone).id) !== i) continue; // one mover per table
      const order = phone.view('table')!.ranking!.order;
      await ok(phone.send('ranking.move', { activityId, leverId: order[(i + 3) % 9], fromIndex: (i + 3) % 9, toIndex: 0, baseVersion: 0 }));
    }
    const phone = phones[0]!;
    await phone.waitFor((c) => c.view('public')?.activity?.phase === 'tables');
    expect(phone.view('public')!.activity!.roomOrder).toBeNull();

    // Revealed while the tables still work: the projector shows it, phones wait for the close.
    await ok(facilitator.send('ranking.reveal', { activityId, revealed: true }));
    await projector.waitFor((c) => c.view('screen')?.session?.ranking?.aggregate);
    expect(phone.view('public')!.activity!.roomOrder).toBeNull();
    // Closed but hidden: nothing on the projector, nothing on the phones.
    await ok(facilitator.send('ranking.reveal', { activityId, revealed: false }));
    await ok(facilitator.send('ranking.close', { activityId }));
    await phone.waitFor((c) => c.view('public')?.activity?.phase === 'closed');
    expect(phone.view('public')!.activity!.roomOrder).toBeNull();

    await ok(facilitator.send('ranking.reveal', { activityId, revealed: true }));
    const aggregate = await projector.waitFor((c) => c.view('screen')?.session?.ranking?.aggregate);
    const roomOrder = await phone.waitFor((c) => c.view('public')?.activity?.roomOrder);
    expect(roomOrder).toEqual(aggregate.schulzeGroups);
    expect(roomOrder.flat()).toEqual(aggregate.schulze);
    expect(roomOrder.flat()).toHaveLength(9);
  });

  it('refuses moves from members of tables outside the activity, and from other roles', async () => {
    const chosen = tableOf(phones[0]!).id;
    const activityId = await openRanking(false, [chosen]);
    const outsider = phones.find((p) => tableOf(p).id !== chosen)!;
    const move = { activityId, leverId: leverIds()[1], fromIndex: 1, toIndex: 0, baseVersion: 0 };
    const refused = await outsider.send('ranking.move', move);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('NOT_AT_TABLE');
    for (const client of [facilitator, projector]) {
      const ack = await client.send('ranking.move', move);
      expect(ack.ok ? 'ok' : ack.error.code).toBe('FORBIDDEN');
    }
    expect(server.conv.activities[activityId]!.tables[chosen]!.version).toBe(0);
  });
});
