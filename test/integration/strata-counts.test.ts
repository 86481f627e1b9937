import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../server/backup/handover.ts';
import type { Ack } from '../../shared/protocol.ts';
import { resultByStratum, type StratumRef } from '../../shared/features/strata/counts.ts';
import { OTHER_VALUES } from '../../shared/features/strata/types.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 17, item 3, with a real server and real phones: a secret vote, a consensus check and a
// grading whose results per stratum equal what the scripted phones cast (a stratum under k
// merged), nothing per stratum on disk while they are open, the same counts after a restart,
// and a restart in the middle whose earlier ballots are counted in the room only.

type Phone = TestClient & { memberId: string };

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

function strataRows(server: TestServer): { vote_id: string; choice: string; count: number }[] {
  const d = new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true });
  try {
    return d.prepare("SELECT vote_id, choice, count FROM secret_tallies WHERE substr(vote_id, 1, 7) = 'strata:' ORDER BY vote_id, choice").all() as never;
  } finally {
    d.close();
  }
}

// Fourteen members: ageBracket 6 / 5 / 3 (the 3 are under k = 5: merged, and since they alone
// would be under k, the 5 join them), gender 7 / 7.
const AGE = (i: number) => (i < 6 ? '18-34' : i < 11 ? '35-64' : '65+');
const GENDER = (i: number) => (i % 2 === 0 ? 'F' : 'H');

/**
 * `asCast`: the close writes every stratum of k or more as counted, without crossing it with the
 * ballot box's batches (`batchCrossing: false`). Phones sent in member order make a first batch
 * of members 0 to 4, all 18-34, which the crossing rightly merges away (the 18-34 minus that
 * batch is its sixth member); these tests check the counting itself against the script, and
 * test/integration/strata-batch-crossing.test.ts the crossing.
 */
async function room(members = 14, asCast = false): Promise<{ server: TestServer; facilitator: TestClient; phones: Phone[] }> {
  const server = await startServer({ members, ...(asCast ? { app: { batchCrossing: false } } : {}) });
  const facilitator = await connectClient(server.url, server.facilitatorKey);
  for (const [i, id] of server.conv.memberOrder.entries()) {
    await ok(facilitator.send('member.update', { memberId: id, name: server.conv.members[id]!.name, attributes: { ageBracket: AGE(i), gender: GENDER(i) } }));
  }
  await ok(facilitator.send('strata.choose', { attributes: ['ageBracket', 'gender'] }));
  const phones: Phone[] = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  return { server, facilitator, phones };
}

async function proposal(server: TestServer, facilitator: TestClient, title: string): Promise<string> {
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title, text: `${title}.`, leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  return proposalId;
}

/** The counts the script gives, per stratum of each attribute, with the strata under k merged by hand. */
function expected(cells: number[], choiceOf: (i: number) => number, members: number): Record<string, Record<string, number[]>> {
  const count = (pick: (i: number) => boolean) => {
    const row = [...cells];
    for (let i = 0; i < members; i++) if (pick(i)) row[choiceOf(i)]! += 1;
    return row;
  };
  return {
    ageBracket: { '18-34': count((i) => AGE(i) === '18-34'), [OTHER_VALUES]: count((i) => AGE(i) !== '18-34') },
    gender: { F: count((i) => GENDER(i) === 'F'), H: count((i) => GENDER(i) === 'H') },
  };
}

const phoneOf = (server: TestServer, phones: Phone[], i: number) => phones.find((p) => p.memberId === server.conv.memberOrder[i])!;

afterEach(closeAll);

describe('results per stratum, cast from real phones', () => {
  it('a secret vote: counted per stratum as cast, nothing per stratum on disk until its close, the same after a restart', async () => {
    const { server, facilitator, phones } = await room(14, true);
    const proposalId = await proposal(server, facilitator, 'Réseau express vélo');
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    await ok(facilitator.send('vote.open', { voteIds }));
    const choiceOf = (i: number) => (i % 3 === 0 ? 1 : i === 13 ? 2 : 0);
    const choices = ['for', 'against', 'abstain'] as const;
    const acks = Array.from({ length: 14 }, (_, i) => phoneOf(server, phones, i).send('vote.cast', { voteId, choice: choices[choiceOf(i)] }));
    await facilitator.waitFor(() => server.conv.votes[voteId]!.tally.for + server.conv.votes[voteId]!.tally.against + server.conv.votes[voteId]!.tally.abstain >= 5);
    // Batches were written; no per-stratum row is, and nobody reads the strata while it is open.
    expect(strataRows(server)).toEqual([]);
    expect(resultByStratum(server.conv, { kind: 'vote', id: voteId })).toBeNull();
    await ok(facilitator.send('vote.close', { voteIds }));
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
    const ref: StratumRef = { kind: 'vote', id: voteId };
    const result = resultByStratum(server.conv, ref)!;
    expect(result).toMatchObject({ attributes: ['ageBracket', 'gender'], total: 14, attributed: 14, final: true });
    expect(result.cells).toEqual(expected([0, 0, 0], choiceOf, 14));
    // On disk now: the merged counts, one row per non-empty cell; the 65+ stratum (3) nowhere apart.
    const rows = strataRows(server);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.choice.includes('65+') || r.choice.includes('35-64'))).toBe(false);
    await closeAllClients();
    await server.restart();
    expect(resultByStratum(server.conv, ref)).toEqual(result);
    // A backup carries the rows per stratum, and another server restores them to the same reading.
    const backup = await (await fetch(`${server.url}/api/backup`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } })).text();
    expect(JSON.parse(backup).secretTallies.filter((t: { counter: string }) => t.counter.startsWith('strata:')).length).toBe(rows.length);
    const other = await startServer({ demo: false });
    const restored = restoreBackup(other.app.engine, backup);
    expect(restored.ok).toBe(true);
    expect(resultByStratum(other.app.engine.conventions.get(server.conventionId)!, ref)).toEqual(result);
    // Erasing members rewrites the log and replays it: a closed result per stratum does not move.
    const console2 = await connectClient(server.url, server.facilitatorKey);
    await ok(console2.send('members.erase', { memberIds: server.conv.memberOrder.slice(0, 3) }));
    expect(resultByStratum(server.conv, ref)).toEqual(result);
  });

  it('a secret vote with a restart in the middle: what was written before it is counted in the room only', async () => {
    const { server, facilitator, phones } = await room(12);
    const proposalId = await proposal(server, facilitator, 'Cantines');
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    await ok(facilitator.send('vote.open', { voteIds }));
    const cids = phones.map((p) => `strata-${p.memberId}`);
    // Ten ballots: one batch of five written, five waiting in the box when the server stops.
    const sent = phones.slice(0, 10).map((p, i) => p.send('vote.cast', { voteId, choice: i % 2 ? 'for' : 'against' }, cids[i]));
    await Promise.all(sent.slice(0, 5));
    void Promise.allSettled(sent);
    await closeAllClients();
    await server.restart();
    const written = server.conv.votes[voteId]!.voters.length;
    expect(written).toBe(5);
    const back: Phone[] = [];
    for (const p of phones) back.push(await connectMember(server.url, server.live.code, server.conv.members[p.memberId]!.seatCode));
    const fac = await connectClient(server.url, server.facilitatorKey);
    // Every phone sends again (the outbox): the five written get their stored ack; the five lost, and two more, are counted now.
    const resent = back.map((p, i) => p.send('vote.cast', { voteId, choice: i % 2 ? 'for' : 'against' }, cids[i]));
    await fac.waitFor(() => server.conv.votes[voteId]!.voters.length + server.app.engine.boxed >= 12 || server.conv.votes[voteId]!.voters.length === 12);
    await ok(fac.send('vote.close', { voteIds }));
    expect((await Promise.all(resent)).every((a) => a.ok)).toBe(true);
    const result = resultByStratum(server.conv, { kind: 'vote', id: voteId })!;
    expect(result.total).toBe(12);
    expect(result.attributed).toBe(12 - written);
    for (const sizes of Object.values(result.sizes)) for (const n of Object.values(sizes)) expect(n).toBeGreaterThanOrEqual(5);
    await closeAllClients();
    await server.restart();
    expect(resultByStratum(server.conv, { kind: 'vote', id: voteId })).toEqual(result);
  });

  it('a consensus check and a grading: per stratum as answered, read only once closed', async () => {
    const { server, facilitator, phones } = await room(14, true);
    const ids = [await proposal(server, facilitator, 'Premier'), await proposal(server, facilitator, 'Deuxième')];
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'Mesure', proposalIds: ids, mode: 'batch', levels: ['Oui', 'Plutôt oui', 'Non'], allowUnsure: true, live: false }));
    const { gradingId } = await ok(facilitator.send('grading.create', { sessionId: server.live.id, title: 'Notes', proposalIds: ids }));
    await ok(facilitator.send('consensus.open', { checkId }));
    await ok(facilitator.send('grading.open', { gradingId }));
    const level = (i: number, p: number) => (i + p) % 4; // 3 is "unsure"
    const gradeOf = (i: number, p: number) => (i * (p + 1)) % 7;
    const acks: Promise<Ack>[] = [];
    for (let i = 0; i < 14; i++) {
      const phone = phoneOf(server, phones, i);
      for (const [p, proposalId] of ids.entries()) acks.push(phone.send('consensus.answer', { checkId, proposalId, level: level(i, p) === 3 ? null : level(i, p) }));
      acks.push(phone.send('grading.grade', { gradingId, grades: Object.fromEntries(ids.map((id, p) => [id, gradeOf(i, p)])) }));
    }
    await facilitator.waitFor(() => Object.keys(server.conv.gradings[gradingId]!.profiles).length > 0);
    expect(resultByStratum(server.conv, { kind: 'check', id: checkId, proposalId: ids[0]! })).toBeNull();
    expect(resultByStratum(server.conv, { kind: 'grading', id: gradingId, proposalId: ids[0]! })).toBeNull();
    expect(strataRows(server)).toEqual([]);
    await ok(facilitator.send('consensus.close', { checkId }));
    await ok(facilitator.send('grading.close', { gradingId }));
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
    const read = () =>
      ids.flatMap((proposalId) => [resultByStratum(server.conv, { kind: 'check', id: checkId, proposalId }), resultByStratum(server.conv, { kind: 'grading', id: gradingId, proposalId })]);
    const before = read();
    for (const [p, proposalId] of ids.entries()) {
      const check = resultByStratum(server.conv, { kind: 'check', id: checkId, proposalId })!;
      expect(check).toMatchObject({ total: 14, attributed: 14, final: true });
      expect(check.cells).toEqual(expected([0, 0, 0, 0], (i) => level(i, p), 14));
      const grading = resultByStratum(server.conv, { kind: 'grading', id: gradingId, proposalId })!;
      expect(grading).toMatchObject({ total: 14, attributed: 14, final: true });
      expect(grading.cells).toEqual(expected([0, 0, 0, 0, 0, 0, 0], (i) => gradeOf(i, p), 14));
    }
    await closeAllClients();
    await server.restart();
    expect(read()).toEqual(before);
  });
});
