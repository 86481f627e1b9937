import type { VoteResult } from './types.ts';

// How a closed vote ended, one rule for the projector, the public page and the open data: the
// quorum first (without it, nothing is adopted, whatever the split), then the threshold.

export type VoteOutcome = 'adopted' | 'rejected' | 'no_quorum';

export function voteOutcome(result: Pick<VoteResult, 'quorumMet' | 'adopted'>): VoteOutcome {
  if (!result.quorumMet) return 'no_quorum';
  return result.adopted ? 'adopted' : 'rejected';
}
