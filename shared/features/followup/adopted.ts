import type { Convention } from '../../domain/types.ts';
import type { Vote } from '../votes/types.ts';

// Which proposals the convention adopted: those whose latest closed adoption vote was adopted
// (threshold reached, quorum met). Only they have a follow-up: a proposal adopted by a status
// set by hand, or rejected in its last round, does not. Read by decide (to refuse the others)
// and by the views (to list them).

export interface Adoption {
  proposalId: string;
  voteId: string;
  /** When the adopting vote closed (server clock). */
  closedAt: number;
  /** That day, YYYY-MM-DD (UTC): a Council's decision cannot come before it. */
  day: string;
}

const cache = new WeakMap<Convention['votes'], Map<string, Adoption>>();

/** The adoption of each adopted proposal, by proposal id (rebuilt only when the votes change). */
export function adoptions(conv: Convention): Map<string, Adoption> {
  let found = cache.get(conv.votes);
  if (found) return found;
  const latest = new Map<string, Vote>();
  for (const vote of Object.values(conv.votes)) {
    if (vote.status !== 'closed' || !vote.result) continue;
    const before = latest.get(vote.proposalId);
    if (!before || vote.round > before.round || (vote.round === before.round && vote.result.closedAt > before.result!.closedAt)) latest.set(vote.proposalId, vote);
  }
  found = new Map();
  for (const [proposalId, vote] of latest) {
    const { adopted, quorumMet, closedAt } = vote.result!;
    if (adopted && quorumMet) found.set(proposalId, { proposalId, voteId: vote.id, closedAt, day: new Date(closedAt).toISOString().slice(0, 10) });
  }
  cache.set(conv.votes, found);
  return found;
}

export const adoptionOf = (conv: Convention, proposalId: string): Adoption | undefined => adoptions(conv).get(proposalId);
