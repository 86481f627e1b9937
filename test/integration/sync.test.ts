import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { memberView, publicView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, PUBLIC_URL, startServer, type TestServer } from '../helpers/server.ts';

// The sync protocol itself: copies built from a snapshot and patches end equal to the views the
// server would compute from its state, whenever a socket joined, with no gap in versions.

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function connectedSet(client: TestClient): Set<string> {
  return new Set(client.view('console')!.members.filter((m) => m.connected).map((m) => m.id));
}

async function expectConsoleInSync(server: TestServer, client: TestClient): Promise<void> {
  await client.waitFor((c) => isDeepStrictEqual(plain(c.view('console')), plain(consoleView(server.conv, { connected: connectedSet(c), publicUrl: PUBLIC_URL }))), 5000, 'console in sync');
  expect(client.problems).toEqual([]);
}

describe('sync', () => {
  afterEach(closeAll);

  it('the sender’s own view shows its command right after the ack, not at the end of the channel’s window', async () => {
    const server = await startServer({ members: 4 });
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const leverId = server.conv.levers[0]!.id;
    // Back to back: the second and third commands come within the member's (1,050 ms) window,
    // where the room's changes wait; the sender's own view follows its ack within a few ms.
    for (let i = 1; i <= 3; i++) {
      const title = `Brouillon numéro ${i}`;
      const ack = await phone.send('proposal.create', { title, text: 'Texte du brouillon.', leverId, submit: false });
      expect(ack.ok).toBe(true);
      await phone.waitFor((c) => c.view('member')!.proposals.drafts.some((d) => d.title === title), 200, `draft ${i} on the phone right after its ack`);
      const added = await facilitator.send('agenda.add', { sessionId: server.live.id, title: `Point ${i}`, kind: 'other', durationMin: null });
      expect(added.ok).toBe(true);
      await facilitator.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.agenda.some((a) => a.title === `Point ${i}`), 200, `item ${i} on the console right after its ack`);
    }
    expect(phone.problems).toEqual([]);
    expect(facilitator.problems).toEqual([]);
  });

  it('a console that connects in the middle of a burst ends equal to the state, with no gap', async () => {
    const server = await startServer({ rate: { burst: 1000, perSecond: 1000 } });
    const writer = await connectClient(server.url, server.facilitatorKey);
    const live = server.live;
    const acks: Promise<Ack>[] = [];
    const late: Promise<TestClient>[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 10; i++) acks.push(writer.send('agenda.add', { sessionId: live.id, title: `R${round} #${i}`, kind: 'other', durationMin: null }));
      if (round % 3 === 1) late.push(connectClient(server.url, server.facilitatorKey));
      await new Promise((done) => setTimeout(done, 15));
      if (round === 5) acks.push(writer.send('tables.create', { sessionId: live.id, count: 3 }));
    }
    const results = await Promise.all(acks);
    expect(results.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(
      // The agenda holds 60 items at most: the overflow is refused, not lost.
      Array.from({ length: results.filter((a) => !a.ok).length }, () => 'LIMIT_REACHED'),
    );
    expect(server.live.agenda).toHaveLength(60);
    for (const client of [writer, ...(await Promise.all(late))]) await expectConsoleInSync(server, client);
  });

  it('the projector and the phones end equal to the views of the state after a varied series', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const screen = await connectClient(server.url, server.projectorKey);
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    const live = server.live;
    const steps: [string, unknown][] = [
      ['presence.mark', { sessionId: live.id, memberIds: server.conv.memberOrder, present: true }],
      ['tables.create', { sessionId: live.id, count: 4 }],
      ['tables.assignRandom', { sessionId: live.id, balanceOn: 'ageBracket' }],
      ['agenda.setCurrent', { sessionId: live.id, itemId: live.agenda[2]!.id }],
      ['agenda.move', { sessionId: live.id, itemId: live.agenda[2]!.id, index: 0 }],
      ['screen.show', { sessionId: live.id, panel: 'seating' }],
      ['agenda.remove', { sessionId: live.id, itemId: live.agenda[2]!.id }],
      ['presence.mark', { sessionId: live.id, memberIds: server.conv.memberOrder.slice(0, 3), present: false }],
      ['member.update', { memberId: member.id, name: 'Nom changé', attributes: {} }],
      ['lever.add', { title: 'Nouveau levier' }],
    ];
    for (const [name, args] of steps) expect(await console.send(name, args), name).toMatchObject({ ok: true });
    const live2 = () => ({ connected: new Set([member.id]), publicUrl: PUBLIC_URL });
    await screen.waitFor((c) => isDeepStrictEqual(plain(c.view('screen')), plain(screenView(server.conv, live2()))), 5000, 'screen in sync');
    await phone.waitFor((c) => isDeepStrictEqual(plain(c.view('public')), plain(publicView(server.conv))), 5000, 'public in sync');
    await phone.waitFor((c) => isDeepStrictEqual(plain(c.view('member')), plain(memberView(server.conv, member.id))), 5000, 'member in sync');
    expect(phone.view('member')).toMatchObject({ name: 'Nom changé' });
    await expectConsoleInSync(server, console);
    for (const client of [screen, phone]) expect(client.problems).toEqual([]);
  });

  it('sync:resync sends fresh snapshots of the socket’s channels; patches go on from them', async () => {
    const server = await startServer();
    const member = server.conv.members[server.conv.memberOrder[0]!]!;
    const console = await connectClient(server.url, server.facilitatorKey);
    expect(await console.send('tables.create', { sessionId: server.live.id, count: 2 })).toEqual({ ok: true });
    expect(await console.send('tables.seat', { sessionId: server.live.id, memberId: member.id, tableId: server.live.tables[0]!.id })).toEqual({ ok: true });
    const phone = await connectMember(server.url, server.live.code, member.seatCode);
    await phone.waitFor((c) => c.view('table'), 5000, 'table');
    expect(await console.send('convention.rename', { name: 'Avant resync' })).toEqual({ ok: true });
    await phone.waitFor((c) => c.view('public')!.conventionName === 'Avant resync', 5000, 'rename');

    const mark = phone.mark();
    phone.socket.emit('sync:resync');
    await phone.waitFor((c) => c.since(mark).filter((r) => r.event === 'sync:snapshot').length === 3, 5000, 'three snapshots');
    const kinds = phone.since(mark).map((r) => (r.args[0] as { kind: string }).kind).sort();
    expect(kinds).toEqual(['member', 'public', 'table']);
    expect(phone.view('public')!.conventionName).toBe('Avant resync');

    expect(await console.send('convention.rename', { name: 'Après resync' })).toEqual({ ok: true });
    await phone.waitFor((c) => c.view('public')!.conventionName === 'Après resync', 5000, 'rename after resync');
    expect(phone.problems).toEqual([]);
  });

  it('a patch for a version the client does not have is detected, and resync repairs the copy', async () => {
    const server = await startServer();
    const console = await connectClient(server.url, server.facilitatorKey);
    const observer = await connectClient(server.url, server.facilitatorKey);
    // Corrupt the observer's copy: it now believes it is one version behind.
    const copy = observer.channel('console')!;
    copy.version -= 1;
    copy.view = { ...(copy.view as object), name: 'copie abîmée' };
    expect(await console.send('convention.rename', { name: 'Réparée' })).toEqual({ ok: true });
    await observer.waitFor((c) => c.problems.length > 0 && c.view('console')!.name === 'Réparée', 5000, 'gap detected, then repaired');
    expect(observer.problems[0]).toMatch(/^gap on console:/);
    observer.problems.length = 0;
    await expectConsoleInSync(server, observer);
  });
});
