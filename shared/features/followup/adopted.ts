import type { Convention } from '../../domain/types.ts';
import type { Proposal } from '../proposals/types.ts';
import type { Vote } from '../votes/types.ts';

// What "adopted" means, in one place (docs/methods.md, "Adopted"): a proposal is adopted when its
// status says so. Closing an adoption vote sets that status (adopted, or rejected, when the quorum
// is met); the facilitator may also set it by hand, for a proposal adopted on paper outside the
// app or to correct the record after an annulled vote, and that last word counts. Publishing
// ("publish every adopted proposal"), the dossier's totals, the follow-up, the open data and the
// public page all read this function, so that a proposal is never published as adopted but
// refused a follow-up, or the reverse.

export interface Adoption {
  proposalId: string;
  /** The closed vote that adopted it (threshold reached, quorum met), or null when it was adopted by hand. */
  voteId: string | null;
  /** When it became adopted (server clock): the vote's closing, or the status set by hand. */
  at: number;
  /** That day, YYYY-MM-DD (UTC): the Council's decision and the updates cannot come before it. */
  day: string;
}

/** The latest closed vote on each proposal (highest round, then latest closing). */
function latestVotes(conv: Convention): Map<string, Vote> {
  const latest = new Map<string, Vote>();
  for (const vote of Object.values(conv.votes)) {
    if (vote.status !== 'closed' || !vote.result) continue;
    const before = latest.get(vote.proposalId);
    if (!before || vote.round > before.round || (vote.round === before.round && vote.result.closedAt > before.result!.closedAt)) latest.set(vote.proposalId, vote);
  }
  return latest;
}

/** When the proposal last became adopted: its latest status change to 'adopted'. */
function adoptedAt(proposal: Proposal): number | undefined {
  for (let i = proposal.history.length - 1; i >= 0; i--) {
    const entry = proposal.history[i]!;
    if (entry.kind === 'status' && entry.to === 'adopted') return entry.at;
  }
  return undefined;
}

// Evolve replaces a record whenever it changes it: the proposals' and votes' identities say whether
// the answer may have changed.
const cache = new WeakMap<Convention['proposals'], { votes: Convention['votes']; found: Map<string, Adoption> }>();

/** The adoption of each adopted proposal, by proposal id, in the proposals' order. */
export function adoptions(conv: Convention): Map<string, Adoption> {
  const known = cache.get(conv.proposals);
  if (known && known.votes === conv.votes) return known.found;
  const latest = latestVotes(conv);
  const found = new Map<string, Adoption>();
  for (const proposalId of conv.proposalOrder) {
    const proposal = conv.proposals[proposalId];
    if (proposal?.status !== 'adopted') continue;
    const vote = latest.get(proposalId);
    const byVote = vote?.result?.adopted && vote.result.quorumMet ? vote : undefined;
    const at = adoptedAt(proposal) ?? byVote?.result!.closedAt ?? 0;
    found.set(proposalId, { proposalId, voteId: byVote?.id ?? null, at, day: new Date(at).toISOString().slice(0, 10) });
  }
  cache.set(conv.proposals, { votes: conv.votes, found });
  return found;
}

export const adoptionOf = (conv: Convention, proposalId: string): Adoption | undefined => adoptions(conv).get(proposalId);

/** Whether the convention adopted the proposal (see above): the one test every output uses. */
export const isAdopted = (conv: Convention, proposalId: string): boolean => adoptions(conv).has(proposalId);
