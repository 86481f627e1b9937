import type { Convention } from '../../domain/types.ts';
import type { StratumCells } from '../strata/types.ts';
import { reportedAttributes } from '../strata/member-strata.ts';
import { voteRecord } from './record.ts';
import type { Tally, Vote, VoteBasis, VoteChoice, VoteResult } from './types.ts';

// How vote events change the state (see shared/features/core/evolve.ts for the rules every
// evolve obeys).

/**
 * Events of adoption votes. `VoteCast` of a secret vote carries no choice: the choice only
 * increments a counter in the store, in the same transaction.
 */
export type VoteEvent =
  /** The votes as created; their `frozen` record comes with their close (evolve sets it). */
  | { type: 'VotesCreated'; votes: Omit<Vote, 'frozen'>[] }
  | { type: 'VoteSettingsSet'; voteId: string; secret: boolean; thresholdBp: number; basis: VoteBasis; quorum: number }
  | { type: 'VoteAnnounced'; sessionId: string; voteId: string }
  | { type: 'VotesOpened'; voteIds: string[]; at: number }
  | { type: 'VoteCast'; voteId: string; memberId: string; choice: VoteChoice | null }
  | { type: 'PaperCountAdded'; voteId: string; count: Tally; at: number }
  | { type: 'PaperCountRemoved'; voteId: string; index: number; at: number }
  | { type: 'VotesDiscarded'; voteIds: string[] }
  /** `byStratum`: each roll-call vote's ballots per stratum at close, small strata merged (absent: none reported). */
  | { type: 'VotesClosed'; results: Record<string, VoteResult>; byStratum?: Record<string, StratumCells> };

const VOTE_EVENTS = new Set<string>(['VotesCreated', 'VoteAnnounced', 'VoteSettingsSet', 'VotesOpened', 'VoteCast', 'PaperCountAdded', 'PaperCountRemoved', 'VotesDiscarded', 'VotesClosed'] satisfies VoteEvent['type'][]);

export function isVoteEvent(event: { type: string }): event is VoteEvent {
  return VOTE_EVENTS.has(event.type);
}

export const emptyTally = (): Tally => ({ for: 0, against: 0, abstain: 0 });

export function evolveVote(s: Convention, event: VoteEvent): Convention {
  switch (event.type) {
    case 'VotesCreated': {
      const votes = { ...s.votes };
      for (const vote of event.votes) votes[vote.id] = { ...vote, frozen: null };
      return { ...s, votes };
    }
    case 'VoteAnnounced': {
      const session = s.sessions[event.sessionId];
      return session ? { ...s, sessions: { ...s.sessions, [session.id]: { ...session, announcedVoteId: event.voteId } } } : s;
    }
    case 'VoteSettingsSet':
      return update(s, event.voteId, () => ({ secret: event.secret, thresholdBp: event.thresholdBp, basis: event.basis, quorum: event.quorum }));
    case 'VotesOpened': {
      let next = s;
      // Its ballots are counted over the strata reported now, to its close (shared/features/strata/).
      const attributes = reportedAttributes(s);
      for (const id of event.voteIds) next = update(next, id, () => ({ status: 'open', openedAt: event.at, ...(attributes.length > 0 ? { strataAttributes: [...attributes] } : {}) }));
      return next;
    }
    case 'VoteCast':
      return update(s, event.voteId, (v) => {
        const voters = v.voters.includes(event.memberId) ? v.voters : [...v.voters, event.memberId];
        // A secret ballot carries no choice: its count comes through secret-ballots.ts.
        if (event.choice === null) return { voters };
        const previous = v.ballots[event.memberId];
        const tally = { ...v.tally };
        if (previous) tally[previous] -= 1;
        tally[event.choice] += 1;
        return { voters, tally, ballots: { ...v.ballots, [event.memberId]: event.choice } };
      });
    case 'PaperCountAdded':
      return update(s, event.voteId, (v) => ({ paper: [...v.paper, { ...event.count, at: event.at }] }));
    case 'PaperCountRemoved':
      return update(s, event.voteId, (v) => ({ paper: v.paper.map((p, i) => (i === event.index ? { ...p, removedAt: event.at } : p)) }));
    case 'VotesDiscarded': {
      const votes = { ...s.votes };
      for (const id of event.voteIds) delete votes[id];
      return { ...s, votes };
    }
    case 'VotesClosed': {
      let next = s;
      // The proposal as voted on is kept with the result: replay keeps it at the same point.
      // A roll-call vote's counts per stratum come with the close, as counted then (a secret
      // vote's are secret counts: shared/domain/secret-ballots.ts).
      for (const [id, result] of Object.entries(event.results)) {
        const byStratum = event.byStratum && Object.hasOwn(event.byStratum, id) ? { byStratum: event.byStratum[id]! } : {};
        next = update(next, id, (v) => ({ status: 'closed', result, frozen: voteRecord(s, v), ...byStratum }));
      }
      return next;
    }
  }
}

function update(s: Convention, id: string, change: (v: Vote) => Partial<Vote>): Convention {
  const vote = s.votes[id];
  if (!vote) return s;
  return { ...s, votes: { ...s.votes, [id]: { ...vote, ...change(vote) } } };
}
