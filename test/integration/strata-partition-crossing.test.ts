import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultByStratum } from '../../shared/features/strata/counts.ts';
import type { Ack } from '../../shared/protocol.ts';
import { scoreBallots, type BallotGroup, type Truth } from '../helpers/analyst.ts';
import { analyse } from '../helpers/analyst-run.ts';
import { copyDataFolder, type FolderCopy } from '../helpers/analyst-wal.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer } from '../helpers/server.ts';

// One attribute's rows subtracted from another's (docs/security.md, "Counts per stratum";
// shared/domain/partition-crossing.ts). k = 5, fifteen members: Territoire « Nord » holds eight,
// among them all six of QPV « oui ». With both attributes' rows written, « Nord » minus « oui »
// is the choice of Nord's two others, and whoever holds the roster knows who they are: the
// analyst (test/helpers/analyst*.ts, reading copies of the data folder) pins them. With the
// rule, the close writes no pair of attributes that allows it. The ballots come in an order
// that mixes both attributes in every batch, so the batch rule alone takes nothing away.

const K = 5;
const TERRITOIRE = (i: number) => (i < 8 ? 'Nord' : 'Sud');
const QPV = (i: number) => (i < 6 ? 'oui' : 'non');
// The QPV votes for; Nord's two others (members 6 and 7) against; the Sud mixed.
const CHOICES = ['for', 'for', 'for', 'for', 'for', 'for', 'against', 'against', 'for', 'against', 'for', 'against', 'for', 'abstain', 'for'] as const;
const ORDER = [0, 8, 6, 1, 9, 2, 10, 7, 3, 11, 4, 12, 5, 13, 14];

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function scenario(batchCrossing: boolean) {
  const server = await startServer({ members: 15, app: batchCrossing ? {} : { batchCrossing: false } });
  const keep = mkdtempSync(join(tmpdir(), 'convergence-partitions-'));
  const copies: FolderCopy[] = [];
  const copy = () => copies.push(copyDataFolder(server.dataDir, keep, String(copies.length)));
  try {
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const ids = server.conv.memberOrder;
    // QPV, a custom attribute (shared/features/strata), declared before the roster holds it.
    await ok(facilitator.send('strata.declare', { name: 'QPV' }));
    for (const [i, id] of ids.entries()) await ok(facilitator.send('member.update', { memberId: id, name: server.conv.members[id]!.name, attributes: { territory: TERRITOIRE(i), QPV: QPV(i) } }));
    await ok(facilitator.send('strata.choose', { attributes: ['territory', 'QPV'] }));
    const phones = [];
    for (const id of ids) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Tram', text: 'Tram.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    await ok(facilitator.send('vote.open', { voteIds }));
    copy();
    const acks: Promise<Ack>[] = [];
    for (const i of ORDER) {
      acks.push(phones[i]!.send('vote.cast', { voteId, choice: CHOICES[i]! }));
      await new Promise((r) => setTimeout(r, 5));
      copy();
    }
    await ok(facilitator.send('vote.close', { voteIds }));
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
    copy();

    const truth: Truth = { ballots: new Map([[`vote:${voteId}`, new Map(ids.map((id, i) => [id, CHOICES[i]!]))]]), authors: new Map() };
    const roster = new Map(ids.map((id, i) => [id, { territory: TERRITOIRE(i), QPV: QPV(i) }]));
    const findings = analyse({ copies, backups: [], consoleReceived: [], seating: { tables: new Map(), tableOf: new Map() }, roster });
    const pinned = (g: BallotGroup) => g.voters.length > 0 && g.voters.length < K;
    const result = resultByStratum(server.conv, { kind: 'vote', id: voteId });
    // What the console reads is what export.json carries, and what a restart reads back.
    const auth = { headers: { authorization: `Bearer ${server.facilitatorKey}` } };
    const exported = (await http(`${server.url}/api/export.json`, auth)).body.byStratum.find((r: { ref: { id: string } }) => r.ref.id === voteId);
    await closeAllClients();
    await server.restart();
    expect(resultByStratum(server.conv, { kind: 'vote', id: voteId })).toEqual(result);
    return { result, exported, score: scoreBallots(findings.ballots, truth, [`vote:${voteId}`], K), pinning: findings.ballots.filter(pinned), nordOthers: [ids[6]!, ids[7]!].sort() };
  } finally {
    rmSync(keep, { recursive: true, force: true });
  }
}

describe('counts per stratum crossed attribute with attribute (real sockets)', () => {
  it('without the rule (batchCrossing: false), « Nord » minus QPV « oui » pins Nord\'s two others', async () => {
    const leaky = await scenario(false);
    const cells = leaky.result!.cells;
    expect(cells['territory']!['Nord']!.map((n, i) => n - cells['QPV']!['oui']![i]!)).toEqual([0, 2, 0]);
    expect(leaky.pinning.map((g) => [[...g.voters].sort(), g.counts])).toContainEqual([leaky.nordOthers, { against: 2 }]);
    // Found by the bridges of one attribute's strata against the other's too (test/helpers/analyst-bridges.ts).
    expect(leaky.pinning.filter((g) => g.source.startsWith('bridge')).map((g) => [...g.voters].sort())).toContainEqual(leaky.nordOthers);
    expect(leaky.score.smallestSet).toBeLessThan(K);
  });

  it('with the rule, the closed rows (console, export.json) let nothing under k be derived', async () => {
    const safe = await scenario(true);
    expect(safe.pinning).toEqual([]);
    expect(safe.score.smallestSet).toBeGreaterThanOrEqual(K);
    const attributes = Object.keys(safe.result!.cells);
    // One of the two goes (QPV, first in order); the other keeps its rows: nothing over-suppressed.
    expect(attributes).toEqual(['territory']);
    expect(Object.keys(safe.result!.cells['territory']!).sort()).toEqual(['Nord', 'Sud']);
    // export.json: the same rows, QPV named with none.
    expect(safe.exported.attributes.map((a: { attribute: string; rows: { value: string; cells: number[] }[] }) => [a.attribute, a.rows.map((r) => [r.value, r.cells])])).toEqual([
      ['territory', Object.entries(safe.result!.cells['territory']!)],
      ['QPV', []],
    ]);
  });
});

// A consensus check: its rows per table (written at close) and its rows per stratum are two
// partitions of the same answers. Table 1 (six) is all Nord; Nord (eight) minus table 1 is
// table 2's two Nord members, who answer differently from everyone else.
async function checkScenario(batchCrossing: boolean) {
  const server = await startServer({ members: 14, app: batchCrossing ? {} : { batchCrossing: false } });
  const facilitator = await connectClient(server.url, server.facilitatorKey);
  const ids = server.conv.memberOrder;
  const territory = (i: number) => (i < 8 ? 'Nord' : 'Sud');
  for (const [i, id] of ids.entries()) await ok(facilitator.send('member.update', { memberId: id, name: server.conv.members[id]!.name, attributes: { territory: territory(i) } }));
  await ok(facilitator.send('strata.choose', { attributes: ['territory'] }));
  const sessionId = server.live.id;
  await ok(facilitator.send('tables.create', { sessionId, count: 2 }));
  const [t1, t2] = server.live.tables.map((t) => t.id) as [string, string];
  const tableOf = (i: number) => (i < 6 ? t1 : t2);
  for (const [i, id] of ids.entries()) await ok(facilitator.send('tables.seat', { sessionId, memberId: id, tableId: tableOf(i) }));
  const phones: TestClient[] = [];
  for (const id of ids) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Tarif', text: 'Texte.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  const { checkId } = await ok(facilitator.send('consensus.create', { sessionId, title: 'Mesure', proposalIds: [proposalId], mode: 'plenary', levels: null, allowUnsure: true, live: false }));
  await ok(facilitator.send('consensus.open', { checkId }));
  // Members 6 and 7 (table 2's Nord) disagree (level 4), everyone else agrees; the order mixes tables and territories.
  const acks = [0, 8, 6, 1, 9, 2, 10, 7, 3, 11, 4, 12, 5, 13].map((i) => phones[i]!.send('consensus.answer', { checkId, proposalId, level: i === 6 || i === 7 ? 4 : 0 }));
  await facilitator.waitFor((c) => c.view('console')?.sessions.some((s) => s.deliberation.checks.some((k) => k.id === checkId && k.answered[proposalId] === 14)));
  await ok(facilitator.send('consensus.close', { checkId }));
  expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
  const check = server.conv.checks[checkId]!;
  const memory = { counts: check.counts[proposalId], byStratum: check.byStratum?.[proposalId] ?? null };
  await closeAllClients();
  await server.restart();
  const back = server.conv.checks[checkId]!;
  expect({ counts: back.counts[proposalId], byStratum: back.byStratum?.[proposalId] ?? null }).toEqual(memory);
  return { ...memory, t1, t2 };
}

describe('a consensus check: tables crossed with a stratum (real sockets)', () => {
  it('without the rule, Nord minus table 1 is table 2\'s two Nord members; with it, no such pair is written', async () => {
    const leaky = await checkScenario(false);
    const nord = leaky.byStratum!['territory']!['Nord']!;
    expect(nord.map((n, i) => n - leaky.counts![leaky.t1]![i]!)).toEqual([0, 0, 0, 0, 2, 0]);
    await closeAll();
    const safe = await checkScenario(true);
    // Both partitions written whole would allow it: one of them is not (the stratum, first in order).
    expect(safe.byStratum).toBeNull();
    expect(Object.keys(safe.counts!).sort()).toEqual([safe.t1, safe.t2].sort());
  });
});
