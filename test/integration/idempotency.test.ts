import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from '../helpers/client.ts';
import { closeAll, startServer } from '../helpers/server.ts';

// A command's cid makes a retry safe: the same cid is applied once and answered the same way,
// whether the retry comes after the answer, races the first attempt, or follows a restart.

describe('idempotency', () => {
  afterEach(closeAll);

  const addItem = (sessionId: string, title: string) => ({ sessionId, title, kind: 'talk', durationMin: 10 });

  it('the same cid sent twice in a row applies once and gets the same ack', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const before = server.live.agenda.length;
    const cid = randomUUID();
    const first = await console.send('agenda.add', addItem(server.live.id, 'Une seule fois'), cid);
    const second = await console.send('agenda.add', addItem(server.live.id, 'Une seule fois'), cid);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(server.live.agenda).toHaveLength(before + 1);
    expect(server.live.agenda.filter((i) => i.title === 'Une seule fois')).toHaveLength(1);
    // A new cid is a new command.
    expect((await console.send('agenda.add', addItem(server.live.id, 'Une seule fois'))).ok).toBe(true);
    expect(server.live.agenda).toHaveLength(before + 2);
  });

  it('the same cid sent concurrently (same socket, and from a second console) applies once; all acks are equal', async () => {
    const server = await startServer();
    const [console1, console2] = await Promise.all([connectClient(server.url, server.facilitatorKey), connectClient(server.url, server.facilitatorKey)]);
    const before = server.live.agenda.length;
    const cid = randomUUID();
    const args = addItem(server.live.id, 'En parallèle');
    const acks = await Promise.all([console1.send('agenda.add', args, cid), console1.send('agenda.add', args, cid), console2.send('agenda.add', args, cid), console1.send('agenda.add', args, cid)]);
    expect(acks[0]!.ok).toBe(true);
    for (const ack of acks) expect(ack).toEqual(acks[0]);
    expect(server.live.agenda).toHaveLength(before + 1);
    await console2.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.agenda.length === before + 1, 5000, 'one item');
  });

  it('a retry after a restart still gets the stored ack and does not apply again', async () => {
    const server = await startServer();
    let console = await connectClient(server.url, server.facilitatorKey);
    const before = server.live.agenda.length;
    const cid = randomUUID();
    const args = addItem(server.live.id, 'Avant le redémarrage');
    const first = await console.send('agenda.add', args, cid);
    expect(first.ok).toBe(true);

    await server.restart();
    expect(server.live.agenda).toHaveLength(before + 1);
    console = await connectClient(server.url, server.facilitatorKey);
    const retry = await console.send('agenda.add', args, cid);
    expect(retry).toEqual(first);
    expect(server.live.agenda).toHaveLength(before + 1);
    expect(console.view('console')!.sessions.find((s) => s.id === server.live.id)!.agenda).toHaveLength(before + 1);
  });

  it('a refusal is not stored: the retry with the same cid is decided afresh', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const cid = randomUUID();
    // No tables yet: refused.
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }, cid)).toMatchObject({ ok: false, error: { code: 'NO_TABLES' } });
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 2 })).toEqual({ ok: true });
    expect(await console.send('presence.mark', { sessionId: server.live.id, memberIds: server.conv.memberOrder, present: true })).toEqual({ ok: true });
    expect(await console.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }, cid)).toEqual({ ok: true });
    expect(server.live.tables.flatMap((t) => t.memberIds)).toHaveLength(12);
  });

  it('cids are per actor: a member reusing a facilitator cid does not get its ack', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const screen = await connectClient(server.url, server.projectorKey);
    const cid = randomUUID();
    const args = addItem(server.live.id, 'À la console');
    expect((await console.send('agenda.add', args, cid)).ok).toBe(true);
    expect(await screen.send('agenda.add', args, cid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the same cid with another command or payload is refused with CID_REUSED, also after a restart', async () => {
    const server = await startServer();
    let console = await connectClient(server.url, server.facilitatorKey);
    const before = server.live.agenda.length;
    const cid = randomUUID();
    const first = await console.send('agenda.add', addItem(server.live.id, 'La première'), cid);
    expect(first.ok).toBe(true);
    const agendaOf = () => console.view('console')!.sessions.find((s) => s.id === server.live.id)!.agenda;
    await console.waitFor(() => agendaOf().length === before + 1, 5000, 'the first item');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mark = console.mark();
    // Another payload, then another command, under the same cid: neither is done nor answered as done.
    expect(await console.send('agenda.add', addItem(server.live.id, 'Une autre'), cid)).toMatchObject({ ok: false, error: { code: 'CID_REUSED' } });
    expect(await console.send('convention.rename', { name: 'Autre nom' }, cid)).toMatchObject({ ok: false, error: { code: 'CID_REUSED' } });
    // Key order does not make another request: the retry with the same payload still gets its ack.
    const { durationMin, kind, title, sessionId } = addItem(server.live.id, 'La première');
    expect(await console.send('agenda.add', { durationMin, kind, title, sessionId }, cid)).toEqual(first);
    expect(server.live.agenda).toHaveLength(before + 1);
    expect(server.conv.name).not.toBe('Autre nom');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(console.since(mark).filter((r) => r.event === 'sync:patch')).toEqual([]);

    await server.restart();
    console = await connectClient(server.url, server.facilitatorKey);
    expect(await console.send('agenda.add', addItem(server.live.id, 'Une autre'), cid)).toMatchObject({ ok: false, error: { code: 'CID_REUSED' } });
    expect(await console.send('agenda.add', addItem(server.live.id, 'La première'), cid)).toEqual(first);
  });

  it('a second command racing the first under its cid is refused, not given the first one’s ack', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const cid = randomUUID();
    const [first, other] = await Promise.all([console.send('agenda.add', addItem(server.live.id, 'Course A'), cid), console.send('agenda.add', addItem(server.live.id, 'Course B'), cid)]);
    expect(first.ok).toBe(true);
    expect(other).toMatchObject({ ok: false, error: { code: 'CID_REUSED' } });
    expect(server.live.agenda.map((i) => i.title)).not.toContain('Course B');
  });

  it('roster import over HTTP honours the Idempotency-Key header', async () => {
    const server = await startServer();
    const csv = 'Nom;Prénom;Code siège\nMartin;Alice;ALICE7\nPetit;Bruno;BRUNO7\n';
    const post = () =>
      fetch(`${server.url}/api/roster/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.facilitatorKey}`, 'content-type': 'text/csv', 'idempotency-key': 'import-0001' },
        body: csv,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    const first = await post();
    expect(first).toEqual({ status: 200, body: { ok: true, data: { added: 2, skipped: 0 } } });
    // Without the key the second import would answer added: 0, skipped: 2; with it, the first answer comes back.
    expect(await post()).toEqual(first);
    expect(server.conv.memberOrder).toHaveLength(14);
  });
});
