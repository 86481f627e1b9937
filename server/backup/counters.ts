import { ballotOfCounter, roomCounterOf } from '../../shared/domain/secret-ballots.ts';
import type { Convention } from '../../shared/domain/types.ts';

// secret_tallies has no convention column (a counter names a vote, a grading or a consensus
// check, nothing more): a counter belongs to the convention that holds what it counts.

export function ownsCounter(conv: Convention | undefined, counter: string): boolean {
  if (!conv) return false;
  // A per-stratum counter (strata:…) belongs with its activity's room counter.
  const ballot = ballotOfCounter(roomCounterOf(counter), 'for');
  if (!ballot) return false;
  switch (ballot.kind) {
    case 'vote':
      return Object.hasOwn(conv.votes, ballot.voteId);
    case 'grade':
      return Object.hasOwn(conv.gradings, ballot.gradingId);
    case 'agreement':
    case 'transition':
      return Object.hasOwn(conv.checks, ballot.checkId);
  }
}
