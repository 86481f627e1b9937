import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultByStratum } from '../../shared/features/strata/counts.ts';
import type { Ack } from '../../shared/protocol.ts';
import { scoreBallots, type BallotGroup, type Truth } from '../helpers/analyst.ts';
import { analyse } from '../helpers/analyst-run.ts';
import { copyDataFolder, type FolderCopy } from '../helpers/analyst-wal.ts';
import { closeAllClients, connectClient, connectMember } from '../helpers/client.ts';
import { closeAll, startServer } from '../helpers/server.ts';

// Counts per stratum crossed with the batches the room's counter moved by (docs/security.md,
// "Counts per stratum"; shared/domain/batch-crossing.ts). The order is driven: k = 5, eleven
// members, a stratum of six whose first five vote first, so the first batch the ballot box
// releases is wholly inside it. Without the rule, the stratum's row at the close minus that
// batch is the sixth member's choice, and the analyst (test/helpers/analyst*.ts, reading copies
// of the data folder) finds it; with the rule, the close writes no row that allows it.

const K = 5;
const AGE = (i: number) => (i < 6 ? '18-34' : '35-64');
// A second attribute whose values both batches mix (a cycle): it keeps its rows.
const GENDER = (i: number) => (i % 2 === 0 ? 'F' : 'H');
const CHOICES = ['for', 'for', 'against', 'for', 'abstain', 'against', 'for', 'against', 'for', 'abstain', 'for'] as const;

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (const start = Date.now(); !predicate(); await new Promise((r) => setTimeout(r, 5))) if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
}

async function scenario(batchCrossing: boolean) {
  const server = await startServer({ members: 11, app: batchCrossing ? {} : { batchCrossing: false } });
  const keep = mkdtempSync(join(tmpdir(), 'convergence-crossing-'));
  const copies: FolderCopy[] = [];
  const copy = () => copies.push(copyDataFolder(server.dataDir, keep, String(copies.length)));
  try {
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const ids = server.conv.memberOrder;
    for (const [i, id] of ids.entries()) await ok(facilitator.send('member.update', { memberId: id, name: server.conv.members[id]!.name, attributes: { ageBracket: AGE(i), gender: GENDER(i) } }));
    await ok(facilitator.send('strata.choose', { attributes: ['ageBracket', 'gender'] }));
    const phones = [];
    for (const id of ids) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Tram', text: 'Tram.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    await ok(facilitator.send('vote.open', { voteIds }));
    copy();
    const engine = server.app.engine;
    const acks: Promise<Ack>[] = [];
    // One at a time, in member order: the tenth ballot releases the oldest five, members 0 to 4, all 18-34.
    for (let i = 0; i < 10; i++) {
      acks.push(phones[i]!.send('vote.cast', { voteId, choice: CHOICES[i]! }));
      await until(() => engine.boxed === (i < 9 ? i + 1 : K), `ballot ${i} in the box`);
    }
    expect([...server.conv.votes[voteId]!.voters].sort()).toEqual(ids.slice(0, 5).sort());
    await Promise.all(acks.slice(0, 5));
    copy();
    acks.push(phones[10]!.send('vote.cast', { voteId, choice: CHOICES[10]! }));
    await until(() => engine.boxed === 6, 'the last ballot in the box');
    // The close's final flush (members 5 to 10) is the second batch, in the close's commit.
    await ok(facilitator.send('vote.close', { voteIds }));
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true);
    copy();

    const truth: Truth = { ballots: new Map([[`vote:${voteId}`, new Map(ids.map((id, i) => [id, CHOICES[i]!]))]]), authors: new Map() };
    const roster = new Map(ids.map((id, i) => [id, { ageBracket: AGE(i), gender: GENDER(i) }]));
    const findings = analyse({ copies, backups: [], consoleReceived: [], seating: { tables: new Map(), tableOf: new Map() }, roster });
    const sixth = ids[5]!;
    const pinned = (g: BallotGroup) => g.voters.length < K && g.voters.includes(sixth);
    // What memory holds after the merge is what the disk holds: a restart reads the same back.
    const result = resultByStratum(server.conv, { kind: 'vote', id: voteId });
    await closeAllClients();
    await server.restart();
    expect(resultByStratum(server.conv, { kind: 'vote', id: voteId })).toEqual(result);
    return {
      result,
      score: scoreBallots(findings.ballots, truth, [`vote:${voteId}`], K),
      pinning: findings.ballots.filter(pinned),
      sixthChoice: CHOICES[5],
    };
  } finally {
    rmSync(keep, { recursive: true, force: true });
  }
}

describe('counts per stratum crossed with the ballot box batches (real sockets, driven order)', () => {
  it('without the rule (batchCrossing: false), the stratum of six minus the batch of its first five pins the sixth', async () => {
    const leaky = await scenario(false);
    expect(leaky.result!.cells['ageBracket']).toBeDefined();
    expect(leaky.pinning.map((g) => [g.voters.length, g.counts])).toContainEqual([1, { [leaky.sixthChoice]: 1 }]);
    // Found by one subtraction (the second batch minus the other stratum, of five, wholly inside it)
    // and by the bridges of batches × strata (test/helpers/analyst-bridges.ts).
    expect(leaky.pinning.filter((g) => g.voters.length === 1).map((g) => g.source.split(' ')[0])).toContain('bridge');
    expect(leaky.score.smallestSet).toBe(1);
  });

  it('with the rule, the close writes no row that pins anyone under k: the age rows go, the gender rows (mixed in both batches) stay', async () => {
    const safe = await scenario(true);
    expect(safe.pinning).toEqual([]);
    expect(safe.score.smallestSet).toBeGreaterThanOrEqual(K);
    expect(safe.result!.cells['ageBracket']).toBeUndefined();
    expect(Object.keys(safe.result!.cells['gender']!).sort()).toEqual(['F', 'H']);
  });
});
