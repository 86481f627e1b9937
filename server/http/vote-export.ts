import type { Convention } from '../../shared/domain/types.ts';
import { voteRecord } from '../../shared/features/votes/record.ts';

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
      const cast = result.tally.for + result.tally.against + result.tally.abstain;
      const percent = (n: number) => (cast === 0 ? 0 : Math.round((n / cast) * 1000) / 10);
      return {
        kind: 'adoption' as const,
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
        present: result.present,
        members: result.members,
        adopted: result.adopted,
        share: result.share,
        split: { for: percent(result.tally.for), against: percent(result.tally.against), abstain: percent(result.tally.abstain) },
        openedAt: v.openedAt ? new Date(v.openedAt).toISOString() : null,
        closedAt: new Date(result.closedAt).toISOString(),
      };
    });
}
