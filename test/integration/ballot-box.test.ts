import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { chainLinks, checksumOf, stateHash } from '../../server/backup/fingerprint.ts';
import type { BackupFile } from '../../server/backup/format.ts';
import { restoreBackup } from '../../server/backup/handover.ts';
import { replayLog } from '../../server/backup/verify.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// The ballot box (server/engine/ballot-box.ts) with a real server and real sockets: a secret
// ballot is acknowledged only once written, written only in shuffled batches of at least k
// (k = 5 here, the default) or all at the close; participation is live while counts move in
// steps; nothing acknowledged is lost across a restart and nothing is counted twice when phones
// resend the same cid; a second ballot for a slot waiting in the box is refused.

type Phone = TestClient & { memberId: string };

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);

function db(server: TestServer) {
  return new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true });
}

/** VoteCast rows of a vote, as on disk now: member and the commit's time. */
function castRows(server: TestServer, voteId: string): { memberId: string; at: number }[] {
  const d = db(server);
  try {
    return (d.prepare("SELECT at, data FROM events WHERE type = 'VoteCast'").all() as { at: number; data: string }[])
      .map((r) => ({ at: r.at, event: JSON.parse(r.data) as { voteId: string; memberId: string } }))
      .filter((r) => r.event.voteId === voteId)
      .map((r) => ({ memberId: r.event.memberId, at: r.at }));
  } finally {
    d.close();
  }
}

function tallyRows(server: TestServer, prefix: string): { vote_id: string; choice: string; count: number }[] {
  const d = db(server);
  try {
    return d.prepare('SELECT vote_id, choice, count FROM secret_tallies WHERE substr(vote_id, 1, length(?)) = ? ORDER BY vote_id, choice').all(prefix, prefix) as never;
  } finally {
    d.close();
  }
}

const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function room(members: number): Promise<{ server: TestServer; facilitator: TestClient; phones: Phone[] }> {
  const server = await startServer({ members });
  const facilitator = await connectClient(server.url, server.facilitatorKey);
  const phones: Phone[] = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  await facilitator.waitFor((c) => c.view('console'));
  return { server, facilitator, phones };
}

async function proposal(server: TestServer, facilitator: TestClient, title = 'Réseau express vélo'): Promise<string> {
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title, text: `${title}.`, leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  return proposalId;
}

async function openSecretVote(server: TestServer, facilitator: TestClient): Promise<string> {
  const proposalId = await proposal(server, facilitator);
  const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
  await ok(facilitator.send('vote.open', { voteIds }));
  return voteIds[0] as string;
}

const consoleVote = (facilitator: TestClient, server: TestServer, voteId: string) => facilitator.view('console')?.sessions.find((s) => s.id === server.live.id)?.votes.find((v) => v.id === voteId);

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('the ballot box', () => {
  it('acknowledges a ballot only once written, in shuffled batches of k with one time, and everything at the close', async () => {
    const { server, facilitator, phones } = await room(12);
    const voteId = await openSecretVote(server, facilitator);
    const choices = ['for', 'against', 'abstain'] as const;
    // Each ack is checked against the disk the moment it arrives: the member's "has voted" is there.
    const ackedBeforeWritten: string[] = [];
    const acked: string[] = [];
    const cast = (phone: Phone, i: number) =>
      ok(phone.send('vote.cast', { voteId, choice: choices[i % 3] })).then(() => {
        if (!castRows(server, voteId).some((r) => r.memberId === phone.memberId)) ackedBeforeWritten.push(phone.memberId);
        acked.push(phone.memberId);
      });

    // Four ballots (fewer than 2k): they wait, unacknowledged, with nothing on disk; participation shows them.
    const first = phones.slice(0, 4).map((p, i) => cast(p, i));
    await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.voted === 4);
    await sleep(300);
    expect(acked).toEqual([]);
    expect(castRows(server, voteId)).toEqual([]);
    expect(tallyRows(server, `vote:${voteId}`)).toEqual([]);
    expect(consoleVote(facilitator, server, voteId)!.tally).toEqual({ for: 0, against: 0, abstain: 0 });

    // Six more: at ten (2k), the oldest five are written as one batch and acknowledged.
    const next = phones.slice(4, 10).map((p, i) => cast(p, i + 4));
    await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.voted === 10);
    await phones[0]!.waitFor(() => acked.length === 5, 5000, 'the first batch acknowledged');
    const batch = castRows(server, voteId);
    expect(batch).toHaveLength(5);
    // The oldest five, with one time for the whole batch, counters by the batch's sum.
    expect(new Set(batch.map((r) => r.memberId))).toEqual(new Set(phones.slice(0, 5).map((p) => p.memberId)));
    expect(new Set(batch.map((r) => r.at)).size).toBe(1);
    expect(sum(tallyRows(server, `vote:${voteId}`))).toBe(5);
    await facilitator.waitFor(() => {
      const t = consoleVote(facilitator, server, voteId)?.tally;
      return t && t.for + t.against + t.abstain === 5;
    });
    // The WAL is checkpointed soon after the batch (at most 250 ms later): no page of it lingers there.
    await phones[0]!.waitFor(() => statSync(join(server.dataDir, 'convergence.sqlite-wal')).size === 0, 2000, 'the checkpoint after the batch');

    // The facilitator closes with five ballots still in the box: they are counted in the close's commit.
    const { results } = await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    await Promise.all([...first, ...next]);
    expect(ackedBeforeWritten).toEqual([]);
    expect(results[voteId].tally).toEqual({ for: 4, against: 3, abstain: 3 });
    expect(castRows(server, voteId)).toHaveLength(10);
    expect(sum(tallyRows(server, `vote:${voteId}`))).toBe(10);
    expect(statSync(join(server.dataDir, 'convergence.sqlite-wal')).size).toBe(0);
    // The close's batch is written before the close: the result counts all ten.
    await server.restart();
    expect(server.conv.votes[voteId]!.tally).toEqual({ for: 4, against: 3, abstain: 3 });
  });

  it('refuses a second ballot for a slot waiting in the box, with the code a counted one gets, and changes nothing', async () => {
    const { server, facilitator, phones } = await room(12);
    const voteId = await openSecretVote(server, facilitator);
    const [a, b] = phones as [Phone, Phone];
    const pending = ok(a.send('vote.cast', { voteId, choice: 'for' }, `first-${voteId}`));
    await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.voted === 1);
    expect(code(await a.send('vote.cast', { voteId, choice: 'against' }))).toBe('ALREADY_VOTED');
    // The phone's outbox asking again (same cid) waits for the ballot in the box: one ballot, two answers.
    const retry = ok(a.send('vote.cast', { voteId, choice: 'for' }, `first-${voteId}`));
    // The same cid asking something else is refused at once.
    expect(code(await a.send('vote.cast', { voteId, choice: 'abstain' }, `first-${voteId}`))).toBe('CID_REUSED');
    expect(server.app.engine.boxed).toBe(1);

    const ids = [await proposal(server, facilitator, 'Premier'), await proposal(server, facilitator, 'Deuxième')];
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure', proposalIds: ids, mode: 'batch', levels: null, allowUnsure: false, live: false }));
    await ok(facilitator.send('consensus.open', { checkId }));
    const answer = ok(a.send('consensus.answer', { checkId, proposalId: ids[0], level: 0 }));
    await a.waitFor((c) => c.view('member')?.deliberation.answered[checkId]?.includes(ids[0]!));
    expect(code(await a.send('consensus.answer', { checkId, proposalId: ids[0], level: 3 }))).toBe('ALREADY_ANSWERED');
    // Another proposal of the same check is another slot.
    const other = ok(a.send('consensus.answer', { checkId, proposalId: ids[1], level: 1 }));

    const { gradingId } = await ok(facilitator.send('grading.create', { sessionId: server.live.id, title: 'Notes', proposalIds: ids }));
    await ok(facilitator.send('grading.open', { gradingId }));
    const graded = ok(b.send('grading.grade', { gradingId, grades: { [ids[0]!]: 1 } }));
    await b.waitFor((c) => c.view('member')?.deliberation.graded[gradingId]?.includes(ids[0]!));
    expect(code(await b.send('grading.grade', { gradingId, grades: { [ids[0]!]: 2, [ids[1]!]: 2 } }))).toBe('ALREADY_ANSWERED');
    expect(server.app.engine.boxed).toBe(4);

    await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    await ok(facilitator.send('consensus.close', { checkId }));
    await ok(facilitator.send('grading.close', { gradingId }));
    await Promise.all([pending, retry, answer, other, graded]);
    expect(server.app.engine.boxed).toBe(0);
    expect(server.conv.votes[voteId]!.result!.tally).toEqual({ for: 1, against: 0, abstain: 0 });
    expect(server.conv.gradings[gradingId]!.profiles[ids[0]!]![1]).toBe(1);
    expect(server.conv.gradings[gradingId]!.profiles[ids[1]!]).toBeUndefined();
  });

  it('loses nothing acknowledged across a restart, and counts nothing twice when phones resend the same cids', async () => {
    const { server, facilitator, phones } = await room(12);
    const voteId = await openSecretVote(server, facilitator);
    const choices = ['for', 'against', 'abstain', 'for', 'for', 'against', 'for', 'abstain', 'for', 'for'] as const;
    const cids = choices.map((_, i) => `restart-${i}-${voteId}`);
    // Ten ballots: five written and acknowledged, five in the box, unacknowledged, when the server stops.
    const sent = phones.slice(0, 10).map((p, i) => p.send('vote.cast', { voteId, choice: choices[i] }, cids[i]));
    await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.voted === 10);
    const firstAcks = await Promise.all(sent.slice(0, 5));
    expect(firstAcks.map(code)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    // The other five never get an answer from this process (their sockets close with it).
    void Promise.allSettled(sent);
    await closeAllClients();
    await server.restart();
    // What was in the box is gone with the process; what was acknowledged is there.
    expect(castRows(server, voteId).map((r) => r.memberId).sort()).toEqual(phones.slice(0, 5).map((p) => p.memberId).sort());
    expect(server.conv.votes[voteId]!.voters).toHaveLength(5);

    // The phones come back and resend every ballot not acknowledged, and some that were (a lost ack), with the same cids.
    const back: Phone[] = [];
    for (const p of phones.slice(0, 10)) back.push(await connectMember(server.url, server.live.code, server.conv.members[p.memberId]!.seatCode));
    const fac = await connectClient(server.url, server.facilitatorKey);
    const resent = back.map((p, i) => p.send('vote.cast', { voteId, choice: choices[i] }, cids[i]));
    // The acknowledged ones get their stored ack at once; the others wait in the box again.
    expect((await Promise.all(resent.slice(0, 5))).map(code)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    await fac.waitFor(() => consoleVote(fac, server, voteId)?.voted === 10);
    const { results } = await ok(fac.send('vote.close', { voteIds: [voteId] }));
    expect((await Promise.all(resent.slice(5))).map(code)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results[voteId].tally).toEqual({ for: 6, against: 2, abstain: 2 });
    const rows = castRows(server, voteId);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.memberId)).size).toBe(10);
    expect(sum(tallyRows(server, `vote:${voteId}`))).toBe(10);
  });

  it('shows participation at once and moves the console counts only in steps of at least k', async () => {
    const { server, facilitator, phones } = await room(14);
    const voteId = await openSecretVote(server, facilitator);
    const seen: { voted: number; counted: number }[] = [];
    facilitator.socket.onAny(() => {
      const v = consoleVote(facilitator, server, voteId);
      if (v) seen.push({ voted: v.voted, counted: v.tally.for + v.tally.against + v.tally.abstain });
    });
    const acks: Promise<unknown>[] = [];
    for (const [i, p] of phones.entries()) {
      acks.push(ok(p.send('vote.cast', { voteId, choice: i % 2 ? 'for' : 'against' })));
      // One at a time, as a room votes: each ballot reaches the console before the next is cast.
      await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.voted === i + 1);
    }
    // Every ballot showed up in participation on its own; counts only ever took multiples of 5.
    for (let n = 1; n <= 14; n++) expect(seen.some((s) => s.voted === n)).toBe(true);
    expect([...new Set(seen.map((s) => s.counted))].sort((a, b) => a - b)).toEqual([0, 5]);
    expect(seen.every((s) => s.voted - s.counted >= Math.min(s.voted, 5))).toBe(true);
    await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    await Promise.all(acks);
    await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.result?.tally.for === 7);
  });

  it('keeps only room-level counters while a check is open, and merges the tables under k into one at its close, with a table of k or more when they hold fewer than k', async () => {
    const { server, facilitator, phones } = await room(12);
    await ok(facilitator.send('tables.create', { sessionId: server.live.id, count: 2 }));
    await ok(facilitator.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }));
    const tables = server.live.tables;
    const at = (t: number) => phones.filter((p) => tables[t]!.memberIds.includes(p.memberId));
    const [proposalId] = [await proposal(server, facilitator)];
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure', proposalIds: [proposalId], mode: 'plenary', levels: null, allowUnsure: false, live: false }));
    await ok(facilitator.send('consensus.open', { checkId }));
    // Table 0: all six answer; table 1: two of six answer (fewer than k).
    const answering = [...at(0), ...at(1).slice(0, 2)];
    const answers = answering.map((p, i) => ok(p.send('consensus.answer', { checkId, proposalId, level: i % 3 })));
    await facilitator.waitFor(() => facilitator.view('console')?.sessions.find((s) => s.id === server.live.id)?.deliberation.checks[0]?.answered[proposalId] === 8);
    // Eight waiting (fewer than 2k): nothing written yet; no counter ever names a table while open.
    expect(tallyRows(server, `agree:${checkId}:`)).toEqual([]);
    await ok(facilitator.send('consensus.close', { checkId }));
    await Promise.all(answers);
    // Table 1's two answers alone in the merged row would be a count under k on disk: the
    // smallest table of k or more (table 0) joins them, as on screen (splitSmallGroups).
    const rows = tallyRows(server, `agree:${checkId}:`);
    expect(new Set(rows.map((r) => r.vote_id))).toEqual(new Set([`agree:${checkId}:${proposalId}`]));
    expect(sum(rows)).toBe(8);
    const counts = server.conv.checks[checkId]!.counts[proposalId]!;
    expect(Object.keys(counts)).toEqual(['']);
    // What memory holds is what the disk replays.
    await server.restart();
    expect(server.conv.checks[checkId]!.counts[proposalId]).toEqual(counts);
  });

  it('after a restart mid-check, counts what was written in the room bucket and each answer exactly once', async () => {
    const { server, facilitator, phones } = await room(12);
    await ok(facilitator.send('tables.create', { sessionId: server.live.id, count: 2 }));
    await ok(facilitator.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }));
    const proposalId = await proposal(server, facilitator);
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure', proposalIds: [proposalId], mode: 'batch', levels: ['Oui', 'Non'], allowUnsure: false, live: false }));
    await ok(facilitator.send('consensus.open', { checkId }));
    const cids = phones.map((p) => `answer-${p.memberId}`);
    const sent = phones.map((p, i) => p.send('consensus.answer', { checkId, proposalId, level: i % 2 }, cids[i]));
    // Twelve arrived: one batch of five written at the tenth, the other seven wait.
    await facilitator.waitFor(() => facilitator.view('console')?.sessions.find((s) => s.id === server.live.id)?.deliberation.checks[0]?.answered[proposalId] === 12);
    const written = sum(tallyRows(server, `agree:${checkId}:`));
    expect(written).toBeGreaterThanOrEqual(5);
    expect(12 - written).toBeGreaterThanOrEqual(5);
    void Promise.allSettled(sent);
    await closeAllClients();
    await server.restart();
    // Restored room-level: the '' bucket holds what was written.
    expect(server.conv.checks[checkId]!.counts[proposalId]).toEqual({ '': expect.any(Array) });
    expect(server.conv.checks[checkId]!.counts[proposalId]!['']!.reduce((a, b) => a + b, 0)).toBe(written);
    // Every phone resends its answer with its cid: the written ones get their ack, the others are counted now.
    const back: Phone[] = [];
    for (const p of phones) back.push(await connectMember(server.url, server.live.code, server.conv.members[p.memberId]!.seatCode));
    const fac = await connectClient(server.url, server.facilitatorKey);
    const resent = back.map((p, i) => p.send('consensus.answer', { checkId, proposalId, level: i % 2 }, cids[i]));
    await fac.waitFor(() => fac.view('console')?.sessions.find((s) => s.id === server.live.id)?.deliberation.checks[0]?.answered[proposalId] === 12);
    await ok(fac.send('consensus.close', { checkId }));
    expect((await Promise.all(resent)).map(code)).toEqual(new Array(12).fill('ok'));
    const counts = server.conv.checks[checkId]!.counts[proposalId]!;
    const cells = Object.values(counts).reduce((acc, c) => acc.map((n, i) => n + (c[i] ?? 0)), [0, 0, 0]);
    expect(cells).toEqual([6, 6, 0]);
    expect(sum(tallyRows(server, `agree:${checkId}:`))).toBe(12);
    await server.restart();
    expect(server.conv.checks[checkId]!.counts[proposalId]).toEqual(counts);
  });

  it('a restore decides the ballots waiting in the box again on the restored state: none written into the replaced log, none lost', async () => {
    const { server, facilitator, phones } = await room(12);
    const proposalId = await proposal(server, facilitator);
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    // A copy taken before the vote opens (no copy leaves while it counts).
    const res = await fetch(`${server.url}/api/backup`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    const file = JSON.parse(await res.text()) as BackupFile;
    await ok(facilitator.send('vote.open', { voteIds }));
    const ballots = phones.slice(0, 3).map((p, i) => p.send('vote.cast', { voteId, choice: i === 2 ? 'against' : 'for' }));
    await facilitator.waitFor(() => consoleVote(facilitator, server, voteId)?.voted === 3);
    // A newer copy of this convention: the log in place (the vote opened), then the third voter
    // marked absent and the convention renamed (what the other laptop did meanwhile).
    const d = db(server);
    const rows = d.prepare('SELECT type, at, data FROM events WHERE convention = ? ORDER BY seq').all(server.conventionId) as { type: string; at: number; data: string }[];
    d.close();
    file.events = [...rows.map((r) => ({ type: r.type, at: r.at, data: JSON.parse(r.data) })), { type: 'PresenceMarked', at: Date.now(), data: { type: 'PresenceMarked', sessionId: server.live.id, memberIds: [phones[2]!.memberId], present: false } }, { type: 'ConventionRenamed', at: Date.now(), data: { type: 'ConventionRenamed', name: 'Copie restaurée' } }] as BackupFile['events'];
    const replayed = replayLog(file.convention.id, { events: file.events, results: file.commandResults, tallies: file.secretTallies });
    if (!replayed.ok) throw new Error(replayed.flaw);
    file.stateHash = stateHash(replayed.state);
    file.eventCount = file.events.length;
    file.fingerprint = chainLinks(file.events).at(-1)!;
    file.checksum = checksumOf(file as unknown as Record<string, unknown>);
    const restored = restoreBackup(server.app.engine, JSON.stringify(file));
    expect(restored.ok && restored.replaced).toBe(true);
    expect(server.conv.name).toBe('Copie restaurée');
    // The three ballots were decided again on the restored state, as their phones' retries would
    // be: two in the box again (the vote is open there), the absent member's refused; nothing on disk.
    expect(server.app.engine.boxed).toBe(2);
    expect(castRows(server, voteId)).toEqual([]);
    expect(code(await ballots[2]!)).toBe('NOT_PRESENT');
    const { results } = await ok(facilitator.send('vote.close', { voteIds }));
    expect((await Promise.all(ballots.slice(0, 2))).map(code)).toEqual(['ok', 'ok']);
    expect(results[voteId].tally).toEqual({ for: 2, against: 0, abstain: 0 });
    expect(castRows(server, voteId).map((r) => r.memberId).sort()).toEqual([phones[0]!.memberId, phones[1]!.memberId].sort());
  });

  it('stores a minority opinion with no member key nor request beside it, and a retry with its cid adds nothing', async () => {
    const { server, facilitator, phones } = await room(6);
    const proposalId = await proposal(server, facilitator);
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure', proposalIds: [proposalId], mode: 'plenary', levels: null, allowUnsure: false, live: false }));
    await ok(facilitator.send('consensus.open', { checkId }));
    const author = phones[2]!;
    const cid = 'opinion-cid-0001';
    const text = 'Trop coûteux pour les petites communes.';
    expect(code(await author.send('consensus.opinion', { checkId, proposalId, text }, cid))).toBe('ok');
    // A lost ack: the outbox sends it again with the same cid; nothing is added twice.
    expect(code(await author.send('consensus.opinion', { checkId, proposalId, text }, cid))).toBe('ok');
    expect(server.conv.checks[checkId]!.opinions[proposalId]).toHaveLength(1);
    const d = db(server);
    try {
      // No row of the author's commands carries this cid, and the OpinionAdded event names nobody.
      expect(d.prepare('SELECT actor FROM command_results WHERE cid = ?').all(cid)).toEqual([]);
      const added = (d.prepare("SELECT data FROM events WHERE type = 'OpinionAdded'").all() as { data: string }[]).map((r) => r.data);
      expect(added).toHaveLength(1);
      expect(added[0]).not.toContain(author.memberId);
      // Nothing else written in that commit names the author: the member's rows are the join's only.
      const authorRows = d.prepare('SELECT cid, request FROM command_results WHERE actor = ?').all(`member:${server.conventionId}:${author.memberId}`) as { cid: string }[];
      expect(authorRows.map((r) => r.cid)).not.toContain(cid);
    } finally {
      d.close();
    }
    // After a restart the retry still adds nothing (the id is derived from the actor and the cid).
    await closeAllClients();
    await server.restart();
    const again = await connectMember(server.url, server.live.code, server.conv.members[author.memberId]!.seatCode);
    expect(code(await again.send('consensus.opinion', { checkId, proposalId, text }, cid))).toBe('ok');
    expect(server.conv.checks[checkId]!.opinions[proposalId]).toHaveLength(1);
    // A new opinion (a new cid) is a new opinion.
    expect(code(await again.send('consensus.opinion', { checkId, proposalId, text: 'Une seconde raison.' }))).toBe('ok');
    expect(server.conv.checks[checkId]!.opinions[proposalId]).toHaveLength(2);
  });

  it('the deliberately leaky configuration writes each ballot at once, as before the box', async () => {
    const server = await startServer({ members: 6, app: { ballotMixing: false } });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const phone = await connectMember(server.url, server.live.code, server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    const voteId = await openSecretVote(server, facilitator);
    expect(code(await phone.send('vote.cast', { voteId, choice: 'against' }))).toBe('ok');
    expect(castRows(server, voteId).map((r) => r.memberId)).toEqual([phone.memberId]);
    expect(tallyRows(server, `vote:${voteId}`)).toEqual([{ vote_id: `vote:${voteId}`, choice: 'against', count: 1 }]);
  });
});
