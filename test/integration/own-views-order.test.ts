import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 18, item 3: docs/protocol.md, "Sync": the sender of a command gets its own channels (a
// member's own and table channels, the facilitator's console) at once, whatever their window:
// with the commit when the channel was quiet (so before the ack), otherwise in the turn of the
// event loop right after the ack. Either way the view that shows a command leaves before the ack
// of the sender's next command, and never waits for the channel's window (a member channel's is
// over a second). These tests send 20 commands one after the other and look, at each ack, at
// what the socket had received.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/**
 * Sends a command and, in the ack's own callback (before any later message is handled), reads
 * `probe` on what this socket received until then.
 */
function sendAndProbe<T>(client: TestClient, name: string, args: unknown, probe: () => T): Promise<{ ack: Ack; atAck: T }> {
  return new Promise((resolve, reject) => {
    client.socket.timeout(8000).emit(name, { cid: randomUUID(), args }, (error: Error | null, ack: Ack) => {
      if (error) reject(error);
      else resolve({ ack, atAck: probe() });
    });
  });
}

beforeEach(async () => {
  server = await startServer({ members: 8 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe("the sender's own views and its acks", () => {
  it('ranking moves: the table view showing a move arrives no later than the ack of the next move', async () => {
    const phone: Phone = await connectMember(server.url, server.live.code, server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    const sessionId = server.live.id;
    await ok(facilitator.send('tables.create', { sessionId, count: 1 }));
    await ok(facilitator.send('tables.seat', { sessionId, memberId: phone.memberId, tableId: server.live.tables[0]!.id }));
    const { activityId } = await ok(facilitator.send('ranking.create', { sessionId, title: 'Ordre', tableIds: [], silentRound: false }));
    await ok(facilitator.send('ranking.open', { activityId }));
    await phone.waitFor((c) => c.view('table')?.ranking);

    const shownVersion = () => phone.view('table')?.ranking?.version ?? -1;
    const seen: { version: number; atAck: number }[] = [];
    // The next move is sent as soon as the ack comes, on the order the acks imply (the view may
    // not have arrived yet): the last lever goes first, each time.
    let { order, version } = phone.view('table')!.ranking!;
    for (let k = 0; k < 21; k++) {
      const last = order.length - 1;
      const { ack, atAck } = await sendAndProbe(phone, 'ranking.move', { activityId, leverId: order[last], fromIndex: last, toIndex: 0, baseVersion: version }, shownVersion);
      expect(ack).toEqual({ ok: true, data: { version: version + 1 } });
      order = [order[last]!, ...order.slice(0, last)];
      version += 1;
      seen.push({ version, atAck });
    }
    await phone.waitFor((c) => (c.view('table')?.ranking?.version ?? -1) >= version);
    expect(phone.view('table')!.ranking!.order).toEqual(order);
    for (let k = 0; k < 20; k++) {
      // Before its own ack or right after it: in any case before the next one.
      expect(seen[k + 1]!.atAck, `move ${k + 1}`).toBeGreaterThanOrEqual(seen[k]!.version);
    }
    expect(phone.problems).toEqual([]);
  });

  it('votes: the member view showing a ballot arrives no later than the ack of the next, despite its 1 s window', async () => {
    const phone: Phone = await connectMember(server.url, server.live.code, server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    await ok(facilitator.send('presence.mark', { sessionId: server.live.id, memberIds: [phone.memberId], present: true }));
    const proposalIds: string[] = [];
    for (let i = 0; i < 21; i++) {
      const { proposalId } = await ok(facilitator.send('proposal.enter', { title: `Action ${i + 1}`, text: `Action ${i + 1}, en détail.`, leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
      proposalIds.push(proposalId);
    }
    // Public ballots: a secret one is acknowledged with its batch out of the ballot box, not at
    // once (its own view shows it in the box first: test/integration/ballot-box.test.ts).
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds, secret: false, thresholdBp: 6000, basis: 'expressed', batch: true }));
    await ok(facilitator.send('vote.open', { voteIds }));
    await phone.waitFor((c) => c.view('member')?.votes && c.view('public'));

    const voted = () => [...(phone.view('member')?.votes.voted ?? [])];
    const started = Date.now();
    const atAcks: string[][] = [];
    for (const voteId of voteIds as string[]) {
      const { ack, atAck } = await sendAndProbe(phone, 'vote.cast', { voteId, choice: 'for' }, voted);
      expect(ack.ok).toBe(true);
      atAcks.push(atAck);
    }
    const elapsed = Date.now() - started;
    for (let k = 0; k < 20; k++) expect(atAcks[k + 1], `ballot ${k + 1}`).toContain((voteIds as string[])[k]);
    // The member channel's window is over a second: what was checked above did not wait for it.
    expect(elapsed).toBeLessThan(20 * 1050);
    expect(phone.problems).toEqual([]);
  });
});
