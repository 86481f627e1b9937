import type { Convention } from '../../shared/domain/types.ts';
import { voteRecord } from '../../shared/features/votes/record.ts';
import type { Tally, Vote, VoteChoice } from '../../shared/features/votes/types.ts';

/** Every ballot of a public vote, in the roster's order (a ballot of anyone no longer listed last, by id). */
function rollCall(conv: Convention, vote: Vote): { memberId: string; choice: VoteChoice }[] {
  const listed = new Set(conv.memberOrder);
  const others = Object.keys(vote.ballots).filter((id) => !listed.has(id)).sort();
  return [...conv.memberOrder, ...others].flatMap((memberId) => {
    const choice = Object.hasOwn(vote.ballots, memberId) ? vote.ballots[memberId] : undefined;
    return choice ? [{ memberId, choice }] : [];
  });
}

/** The split as published: each choice's percent of the ballots cast, to one decimal (0 with none cast). */
export function splitPercents(tally: Tally): Tally {
  const cast = tally.for + tally.against + tally.abstain;
  const percent = (n: number) => (cast === 0 ? 0 : Math.round((n / cast) * 1000) / 10);
  return { for: percent(tally.for), against: percent(tally.against), abstain: percent(tally.abstain) };
}

/**
 * Every closed adoption vote in the recount format of docs/formats.md ("kind": "adoption"), with
 * paper counts apart and the split in percentages, as the national convention published them.
 * `tally` is what was counted, electronic and paper ballots together, as in the close ack and on
 * the projector; `electronicTally` and `paper` are its two parts (export version 2; version 1 had
 * the electronic count in `tally`). `npm run recount` on one of these objects gives the
 * `adopted` and `share` the projector showed.
 */
export function voteExports(conv: Convention) {
  return Object.values(conv.votes)
    .filter((v) => v.result)
    .map((v) => {
      const result = v.result!;
      // The proposal as voted on (frozen at close), not as edited since.
      const proposal = voteRecord(conv, v).proposal;
      const paper = v.paper.filter((p) => !p.removedAt).reduce((sum, p) => ({ for: sum.for + p.for, against: sum.against + p.against, abstain: sum.abstain + p.abstain }), { for: 0, against: 0, abstain: 0 });
      const electronic = { for: result.tally.for - paper.for, against: result.tally.against - paper.against, abstain: result.tally.abstain - paper.abstain };
      return {
        kind: 'adoption' as const,
        id: v.id,
        proposal: proposal ? { id: v.proposalId, number: proposal.number, title: proposal.title } : null,
        round: v.round,
        secret: v.secret,
        threshold: v.thresholdBp / 10_000,
        basis: v.basis,
        quorum: v.quorum,
        tally: result.tally,
        electronicTally: electronic,
        paper,
        paperEntries: v.paper.map((p) => ({ ...p, at: new Date(p.at).toISOString(), removedAt: p.removedAt ? new Date(p.removedAt).toISOString() : null, by: 'facilitator' })),
        // Participation: members who voted on their phones, one electronic ballot each, so a
        // recount checks the electronic count against it (never who chose what, for a secret vote).
        voters: v.voters.length,
        // A public (roll-call) vote's ballots are public: each member's choice, in the roster's
        // order, lets anyone recount its electronic count ballot by ballot. Secret votes: null.
        rollCall: v.secret ? null : rollCall(conv, v),
        present: result.present,
        members: result.members,
        // What the projector and the close ack showed: `tally`, `quorumMet`, `adopted`, `share`, `split`.
        quorumMet: result.quorumMet,
        adopted: result.adopted,
        share: result.share,
        split: splitPercents(result.tally),
        openedAt: v.openedAt ? new Date(v.openedAt).toISOString() : null,
        closedAt: new Date(result.closedAt).toISOString(),
      };
    });
}
