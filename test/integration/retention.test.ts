import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/ids.ts';
import type { DecideContext } from '../../shared/domain/context.ts';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember } from '../helpers/client.ts';
import { closeAll, startServer, waitUntil, type TestServer } from '../helpers/server.ts';

// Issue 14, item 7: a retention period per convention (a date, or days after its end). When it
// passes, every member's personal data is erased by the same mechanism as members.erase: by the
// sweep at start and by the periodic one. The clock is injected: the server's own (ctx.now).

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** The server's clock, moved by the test. */
function clockContext(start: string): { ctx: DecideContext; set(day: string): void } {
  let now = Date.parse(`${start}T09:00:00Z`);
  return { ctx: { ...systemContext(), now: () => now }, set: (day) => (now = Date.parse(`${day}T09:00:00Z`)) };
}

/** Every member erased, and the log rewritten (the state's mark of an erasure still to write is gone). */
const allErased = (server: TestServer) => server.conv.erasurePending === undefined && server.conv.memberOrder.every((id) => server.conv.members[id]!.erased !== undefined);
const names = (server: TestServer) => server.conv.memberOrder.map((id) => server.conv.members[id]!.name);
const filesHold = (dir: string, needle: string) => readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(Buffer.from(needle)));

describe('retention', () => {
  afterEach(async () => {
    await closeAllClients();
    await closeAll();
  });

  it('erases every member when the days after the end have passed, by the periodic sweep, not before; waits for a secret vote to close', { timeout: 60_000 }, async () => {
    const clock = clockContext('2026-06-01');
    const server = await startServer({ members: 6, ctx: clock.ctx, app: { retentionSweepMs: 50 } });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    await ok(facilitator.send('convention.update', { name: server.conv.name, startDate: '2026-06-01', endDate: '2026-06-30', place: 'Grenoble' }));
    expect(await facilitator.send('convention.setRetention', { retention: { kind: 'date', date: '2026-05-01' } })).toMatchObject({ ok: false, error: { code: 'INVALID_DATES' } });
    await ok(facilitator.send('convention.setRetention', { retention: { kind: 'daysAfterEnd', days: 30 } }));
    await facilitator.waitFor((c) => c.view('console')?.retentionDue === '2026-07-30', 5000, 'the console shows the day');
    expect(facilitator.view('console')).toMatchObject({ retentionDays: 30, retentionDate: null });

    // A public vote whose result must not move, and a secret one left open at the due day.
    const before = names(server);
    const phones = await Promise.all(server.conv.memberOrder.slice(0, 3).map((id) => connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode)));
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Forêts urbaines', text: 'Planter.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const vote = async (secret: boolean) => (await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret, thresholdBp: 5000, basis: 'expressed', batch: false }))).voteIds[0] as string;
    const publicVote = await vote(false);
    await ok(facilitator.send('vote.open', { voteIds: [publicVote] }));
    for (const [i, phone] of phones.entries()) await ok(phone.send('vote.cast', { voteId: publicVote, choice: i === 0 ? 'against' : 'for' }));
    await ok(facilitator.send('vote.close', { voteIds: [publicVote] }));
    const result = server.conv.votes[publicVote]!.result;
    const secretVote = await vote(true);
    await ok(facilitator.send('vote.open', { voteIds: [secretVote] }));

    // The day before: nothing happens.
    clock.set('2026-07-29');
    expect(await server.app.sweepRetention()).toBe(0);
    expect(names(server)).toEqual(before);

    // The day itself: the secret vote keeps the log as it is, so the sweep waits…
    clock.set('2026-07-30');
    await new Promise((done) => setTimeout(done, 300));
    expect(names(server)).toEqual(before);
    // …and erases everyone at its next run once the vote is closed.
    await ok(facilitator.send('vote.close', { voteIds: [secretVote] }));
    await waitUntil(() => allErased(server), 5000, 'every member erased');
    expect(names(server)).toEqual(before.map((_, i) => `Membre effacé n°${i + 1}`));
    expect(server.conv.votes[publicVote]!.result).toEqual(result);
    for (const name of before) expect(filesHold(server.dataDir, name), name).toBe(false);
    await facilitator.waitFor((c) => c.view('console')?.members.every((m: { erased: number | null }) => m.erased !== null), 5000, 'the console shows them erased');
  });

  it('erases at start a convention whose date passed while the server was stopped', { timeout: 60_000 }, async () => {
    const clock = clockContext('2026-06-01');
    // A sweep every ten hours: only the one at start can run in this test.
    const server = await startServer({ members: 5, ctx: clock.ctx, app: { retentionSweepMs: 36_000_000 } });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    await ok(facilitator.send('convention.setRetention', { retention: { kind: 'date', date: '2026-12-31' } }));
    const before = names(server);
    await server.restart();
    expect(names(server)).toEqual(before);

    clock.set('2027-01-02');
    await server.restart();
    await waitUntil(() => allErased(server), 5000, 'erased at start');
    for (const name of before) expect(filesHold(server.dataDir, name), name).toBe(false);
    // Unset, a retention erases nobody more (a member added afterwards stays).
    const again = await connectClient(server.url, server.facilitatorKey);
    await ok(again.send('convention.setRetention', { retention: null }));
    await ok(again.send('member.add', { name: 'Nouvelle Venue' }));
    expect(await server.app.sweepRetention()).toBe(0);
    expect(names(server)).toContain('Nouvelle Venue');
  });
});
