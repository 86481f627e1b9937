import type { Convention } from '../../domain/types.ts';
import type { Vote, VoteRecord } from './types.ts';

// What a vote's record holds besides its result (the result, tally included, comes with the
// close event): the proposal as voted on. `voteRecord` is the one function that reads it; evolve
// keeps its answer when the vote closes, and views read the kept one for a closed vote.

export function voteRecord(conv: Convention, vote: Vote): VoteRecord {
  if (vote.frozen) return vote.frozen;
  const p = Object.hasOwn(conv.proposals, vote.proposalId) ? conv.proposals[vote.proposalId] : undefined;
  return { proposal: p ? { number: p.number, title: p.title, text: p.text } : null };
}
