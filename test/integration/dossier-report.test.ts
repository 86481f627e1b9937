import { afterEach, describe, expect, it } from 'vitest';
import { voteExports } from '../../server/http/vote-export.ts';
import type { Actor } from '../../shared/domain/types.ts';
import type { CommandName } from '../../shared/registry.ts';
import type { Dossier } from '../../shared/reports/dossier.ts';
import { http } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// GET /api/report/dossier, the data of the Council's dossier (server/reports/dossier.ts): the
// facilitator's only; the roster's composition never shows a group under k; a closed vote as
// counted (paper apart, the export's own numbers); a vote still open, none of its ballots;
// minority opinions without anyone's id; an untouched convention says it has nothing to report.

afterEach(closeAll);

async function dossierOf(server: TestServer, key = server.facilitatorKey) {
  return http<{ ok: boolean; data: Dossier; error?: { code: string } }>(`${server.url}/api/report/dossier`, { headers: { authorization: `Bearer ${key}` } });
}

/** A command through the engine, as the console or a phone sends it; ballots wait in the box, so they are not awaited one by one. */
function sender(server: TestServer) {
  return async <T = unknown>(actor: Actor, name: CommandName, args: unknown): Promise<T> => {
    const ack = await server.app.engine.command(actor, name, args);
    if (!ack.ok) throw new Error(`${name}: ${ack.error.code}`);
    return ack.data as T;
  };
}

describe('the dossier report', () => {
  it('is the facilitator’s only', async () => {
    const server = await startServer({ members: 3 });
    expect((await http(`${server.url}/api/report/dossier`)).status).toBe(401);
    for (const key of [server.projectorKey, server.supportKey]) {
      const answer = await dossierOf(server, key);
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('FORBIDDEN');
    }
    const answer = await dossierOf(server);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // The demo as it starts: sessions planned, nothing closed yet.
    expect(answer.body.data.empty).toBe(true);
    expect(answer.body.data.proposals).toEqual([]);
  });

  it('counts the roster by attribute without ever a group under k', async () => {
    const server = await startServer({ members: 12 });
    const send = sender(server);
    const facilitator: Actor = { role: 'facilitator', conventionId: server.conventionId };
    // k = 5: 7 in Grenoble, 3 in Vif and 2 in Claix (counted together: 5); 8 women and 4 men
    // (4 alone would be under k, and 12 − 8 tells it: both go together, 12).
    const ids = server.conv.memberOrder;
    for (const [i, memberId] of ids.entries()) {
      const territory = i < 7 ? 'Grenoble' : i < 10 ? 'Vif' : 'Claix';
      await send(facilitator, 'member.update', { memberId, name: server.conv.members[memberId]!.name, attributes: { territory, gender: i < 8 ? 'Femme' : 'Homme' } });
    }
    const { roster } = (await dossierOf(server)).body.data;
    expect(roster.drawn).toBe(12);
    const territory = roster.attributes.find((a) => a.key === 'territory')!;
    expect(territory.values).toEqual([{ value: 'Grenoble', count: 7 }]);
    expect(territory.others).toEqual({ values: 2, count: 5 });
    const gender = roster.attributes.find((a) => a.key === 'gender')!;
    expect(gender.values).toEqual([]);
    expect(gender.others).toEqual({ values: 2, count: 12 });
    for (const attribute of roster.attributes) {
      for (const value of attribute.values) expect(value.count).toBeGreaterThanOrEqual(5);
      if (attribute.others) expect(attribute.others.count).toBeGreaterThanOrEqual(5);
    }
  });

  it('holds a closed vote as counted, paper apart, an open one not at all, and opinions without anyone’s id', async () => {
    const server = await startServer({ members: 12 });
    const send = sender(server);
    const conventionId = server.conventionId;
    const facilitator: Actor = { role: 'facilitator', conventionId };
    const member = (memberId: string): Actor => ({ role: 'member', conventionId, memberId });
    const sessionId = server.live.id;
    const ids = server.conv.memberOrder;
    await send(facilitator, 'presence.mark', { sessionId, memberIds: ids, present: true });
    const leverId = server.conv.levers[0]!.id;
    const enter = (title: string) => send<{ proposalId: string }>(facilitator, 'proposal.enter', { title, text: `${title}, en détail.`, leverId, channel: 'paper', reference: 'F-1', authorIds: [ids[0]], receivedAt: '2022-07-01' });
    const { proposalId: closedId } = await enter('Des pistes cyclables continues');
    const { proposalId: openId } = await enter('Un marché de producteurs');

    // A consensus check on the first, with a minority opinion.
    const { checkId } = await send<{ checkId: string }>(facilitator, 'consensus.create', { sessionId, title: 'Consensus', proposalIds: [closedId], mode: 'batch', levels: null, allowUnsure: true, live: false });
    await send(facilitator, 'consensus.open', { checkId });
    const answers = ids.slice(0, 8).map((id, i) => send(member(id), 'consensus.answer', { checkId, proposalId: closedId, level: i < 6 ? 0 : 4 }));
    await send(member(ids[7]!), 'consensus.opinion', { checkId, proposalId: closedId, text: 'Trop cher pour les petites communes.' });
    await send(facilitator, 'consensus.close', { checkId });
    await Promise.all(answers);

    // Secret votes: 8 for, 3 against, 1 abstention on phones, and paper 2 / 1 / 0; the other stays open.
    const { voteIds } = await send<{ voteIds: string[] }>(facilitator, 'vote.create', { sessionId, proposalIds: [closedId, openId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: true });
    await send(facilitator, 'vote.open', { voteIds });
    const ballots = ids.flatMap((id, i) => [
      send(member(id), 'vote.cast', { voteId: voteIds[0], choice: i < 8 ? 'for' : i < 11 ? 'against' : 'abstain' }),
      send(member(id), 'vote.cast', { voteId: voteIds[1], choice: 'for' }),
    ]);
    await send(facilitator, 'vote.paper', { voteId: voteIds[0], for: 2, against: 1, abstain: 0 });
    await send(facilitator, 'vote.close', { voteIds: [voteIds[0]] });

    const dossier = (await dossierOf(server)).body.data;
    expect(dossier.empty).toBe(false);
    const closed = dossier.proposals.find((p) => p.id === closedId)!;
    expect(closed.votes).toHaveLength(1);
    const vote = closed.votes[0]!;
    expect(vote.electronic).toEqual({ for: 8, against: 3, abstain: 1 });
    expect(vote.paper).toEqual({ for: 2, against: 1, abstain: 0 });
    expect(vote.tally).toEqual({ for: 10, against: 4, abstain: 1 });
    expect(vote.cast).toBe(15);
    expect(vote.adopted).toBe(true);
    // The export's own numbers, the ones `npm run recount` checks.
    const exported = voteExports(server.conv).find((v) => v.proposal?.id === closedId)!;
    expect(vote.share).toBe(exported.share);
    expect(vote.split).toEqual(exported.split);
    expect(closed.status).toBe('adopted');
    expect(closed.origins).toEqual([{ channel: 'paper', reference: 'F-1', receivedAt: '2022-07-01' }]);
    // 75 % agree, 25 % disagree: more than the 20 % a consensus allows, less than the 30 % of a dissent.
    expect(closed.consensus).toMatchObject([{ counts: [6, 0, 0, 0, 2], answers: 8, agree: 0.75, disagree: 0.25, marker: 'divided' }]);
    expect(closed.opinions).toEqual(['Trop cher pour les petites communes.']);
    expect(dossier.totals).toMatchObject({ proposals: 2, voted: 1, adopted: 1, ballots: 15, paperBallots: 3, opinions: 1 });

    // The vote still open: nothing of it, not even a count.
    expect(dossier.proposals.find((p) => p.id === openId)!.votes).toEqual([]);
    // No member's id, seat code or token anywhere (authors are named, by their name only).
    const text = JSON.stringify(dossier);
    for (const memberId of ids) {
      const m = server.conv.members[memberId]!;
      expect(text).not.toContain(memberId);
      expect(text).not.toContain(m.seatCode);
    }
    await send(facilitator, 'vote.close', { voteIds: [voteIds[1]] });
    await Promise.all(ballots);
  });
});
