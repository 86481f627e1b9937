import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Table } from '../../shared/features/core/types.ts';
import { connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Tables for the live session: created by the facilitator, filled at random (balanced or not),
// and each member's phone follows its table's channel.

describe('tables', () => {
  let server: TestServer;
  let console: TestClient;

  beforeEach(async () => {
    server = await startServer({ members: 14 });
    console = await connectClient(server.url, server.facilitatorKey);
  });
  afterEach(async () => {
    expect(console.problems).toEqual([]);
    await closeAll();
  });

  const consoleTables = (c: TestClient): Table[] => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.tables;

  async function markAllPresent(): Promise<string[]> {
    const memberIds = server.conv.memberOrder;
    expect(await console.send('presence.mark', { sessionId: server.live.id, memberIds, present: true })).toEqual({ ok: true });
    await console.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.present.length === memberIds.length, 5000, 'all present');
    return memberIds;
  }

  function expectEveryoneSeatedOnce(tables: Table[], memberIds: string[]): void {
    const seated = tables.flatMap((t) => t.memberIds);
    expect(seated.slice().sort()).toEqual(memberIds.slice().sort());
    expect(new Set(seated).size).toBe(seated.length);
  }

  const spread = (counts: number[]) => Math.max(...counts) - Math.min(...counts);

  it('assignRandom: sizes differ by at most one and every present member sits exactly once', async () => {
    const memberIds = await markAllPresent();
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 3 })).toEqual({ ok: true });
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null })).toEqual({ ok: true });
    const tables = await console.waitFor((c) => consoleTables(c).some((t) => t.memberIds.length > 0) && consoleTables(c), 5000, 'assignment');
    expect(tables).toHaveLength(3);
    expect(spread(tables.map((t) => t.memberIds.length))).toBeLessThanOrEqual(1);
    expectEveryoneSeatedOnce(tables, memberIds);
    // The console's copy is the server's state.
    expect(tables).toEqual(server.live.tables);
  });

  it('assignRandom seats only the present members', async () => {
    const present = server.conv.memberOrder.slice(0, 8);
    expect(await console.send('presence.mark', { sessionId: server.live.id, memberIds: present, present: true })).toEqual({ ok: true });
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 3 })).toEqual({ ok: true });
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null })).toEqual({ ok: true });
    expectEveryoneSeatedOnce(server.live.tables, present);
    expect(spread(server.live.tables.map((t) => t.memberIds.length))).toBeLessThanOrEqual(1);
  });

  it('refuses to assign without tables (NO_TABLES) or without anyone present (NO_PRESENT_MEMBERS)', async () => {
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null })).toMatchObject({ ok: false, error: { code: 'NO_TABLES' } });
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 2 })).toEqual({ ok: true });
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null })).toMatchObject({ ok: false, error: { code: 'NO_PRESENT_MEMBERS' } });
  });

  it('balanced on gender: each gender is spread evenly over the tables', async () => {
    // The demo draws genders at random: four more members make sure there are at least two groups.
    for (let i = 0; i < 4; i++) {
      expect((await console.send('member.add', { name: `Personne ${i}`, attributes: { gender: 'Non précisé' } })).ok).toBe(true);
    }
    const memberIds = await markAllPresent();
    const genderOf = (id: string) => server.conv.members[id]!.attributes.gender!;
    expect(memberIds).toHaveLength(18);
    expect(new Set(memberIds.map(genderOf)).size).toBeGreaterThanOrEqual(2);
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 3 })).toEqual({ ok: true });
    // Several draws: the spread must hold for each of them, not by luck.
    for (let draw = 0; draw < 5; draw++) {
      expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: 'gender' })).toEqual({ ok: true });
      const tables = server.live.tables;
      expectEveryoneSeatedOnce(tables, memberIds);
      expect(spread(tables.map((t) => t.memberIds.length))).toBeLessThanOrEqual(1);
      for (const gender of new Set(memberIds.map(genderOf))) {
        const counts = tables.map((t) => t.memberIds.filter((id) => genderOf(id) === gender).length);
        expect(spread(counts), `${gender}: ${counts.join('/')}`).toBeLessThanOrEqual(1);
      }
    }
    await console.waitFor((c) => JSON.stringify(consoleTables(c)) === JSON.stringify(server.live.tables), 5000, 'console in sync');
  });

  it("a member's phone gets its table channel after the draw, with its table's members", async () => {
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    await markAllPresent();
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 3 })).toEqual({ ok: true });
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null })).toEqual({ ok: true });
    const mine = server.live.tables.find((t) => t.memberIds.includes(member.id))!;

    const table = await phone.waitFor((c) => c.view('table'), 5000, 'table view');
    expect(table.id).toBe(mine.id);
    expect(table.name).toBe(mine.name);
    expect(table.members.map((m) => m.id)).toEqual(mine.memberIds);
    expect(table.members.find((m) => m.id === member.id)).toMatchObject({ id: member.id, name: member.name, connected: true });
    expect(table.members.filter((m) => m.id !== member.id).every((m) => !m.connected)).toBe(true);
    await phone.waitFor((c) => c.view('member')?.tableId === mine.id && c.view('member')?.tableName === mine.name, 5000, 'member view');
    // Only its own table: a phone never sees another table's channel.
    expect(phone.snapshotKinds().filter((k) => k === 'table')).toHaveLength(1);
    expect(phone.problems).toEqual([]);
  });

  it('tables.seat moves a member: the phone drops the old table and gets a snapshot of the new one', async () => {
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    await markAllPresent();
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 3 })).toEqual({ ok: true });
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null })).toEqual({ ok: true });
    const from = server.live.tables.find((t) => t.memberIds.includes(member.id))!;
    const to = server.live.tables.find((t) => t.id !== from.id)!;
    await phone.waitFor((c) => c.view('table')?.id === from.id, 5000, 'first table');
    const fromKey = `table:${server.conventionId}:${from.id}`;
    const toKey = `table:${server.conventionId}:${to.id}`;

    // A neighbour at the new table watches it too.
    const neighbour = server.conv.members[to.memberIds[0]!]!;
    const other = await connectMember(server.url, server.live.code, neighbour.seatCode);
    await other.waitFor((c) => c.view('table')?.id === to.id, 5000, 'neighbour table');

    const mark = phone.mark();
    expect(await console.send('tables.seat', { sessionId: server.live.id, memberId: member.id, tableId: to.id })).toEqual({ ok: true });
    await phone.waitFor((c) => c.view('table')?.id === to.id && c.view('member')?.tableId === to.id, 5000, 'moved');
    const after = phone.since(mark);
    const dropAt = after.findIndex((r) => r.event === 'sync:drop');
    const snapshotAt = after.findIndex((r) => r.event === 'sync:snapshot' && (r.args[0] as { channel: string }).channel === toKey);
    expect(after[dropAt]?.args).toEqual([fromKey]);
    expect(snapshotAt).toBeGreaterThan(dropAt);
    expect(phone.channels.has(fromKey)).toBe(false);
    expect([...phone.channels.keys()].filter((k) => k.startsWith('table:'))).toEqual([toKey]);
    expect(phone.view('table')!.members.map((m) => m.id)).toContain(member.id);

    // The neighbour sees the newcomer arrive at its table.
    await other.waitFor((c) => c.view('table')!.members.some((m) => m.id === member.id), 5000, 'newcomer');
    expect(other.view('table')!.members.map((m) => m.id)).toEqual(server.live.tables.find((t) => t.id === to.id)!.memberIds);

    // Moving the phone's member off every table drops the table channel altogether.
    const mark2 = phone.mark();
    expect(await console.send('tables.seat', { sessionId: server.live.id, memberId: member.id, tableId: null })).toEqual({ ok: true });
    await phone.waitFor((c) => c.view('member')?.tableId === null && !c.view('table'), 5000, 'unseated');
    expect(phone.since(mark2).filter((r) => r.event === 'sync:drop').map((r) => r.args[0])).toEqual([toKey]);
    expect(phone.problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('tables.rename reaches the members at that table', async () => {
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 2 })).toEqual({ ok: true });
    const table = server.live.tables[0]!;
    expect(await console.send('tables.seat', { sessionId: server.live.id, memberId: member.id, tableId: table.id })).toEqual({ ok: true });
    await phone.waitFor((c) => c.view('table')?.id === table.id, 5000, 'table');
    expect(await console.send('tables.rename', { sessionId: server.live.id, tableId: table.id, name: 'Les Chênes' })).toEqual({ ok: true });
    await phone.waitFor((c) => c.view('table')?.name === 'Les Chênes' && c.view('member')?.tableName === 'Les Chênes', 5000, 'renamed');
    expect(phone.problems).toEqual([]);
  });
});
