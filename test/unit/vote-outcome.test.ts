import { describe, expect, it } from 'vitest';
import { voteOutcome } from '../../shared/features/votes/outcome.ts';

// One verdict for the projector, the public page and the open data: the quorum comes first.
describe('voteOutcome', () => {
  it('says no quorum whenever the quorum was not met, even with enough "for"', () => {
    expect(voteOutcome({ quorumMet: false, adopted: true })).toBe('no_quorum');
    expect(voteOutcome({ quorumMet: false, adopted: false })).toBe('no_quorum');
  });
  it('then follows the threshold', () => {
    expect(voteOutcome({ quorumMet: true, adopted: true })).toBe('adopted');
    expect(voteOutcome({ quorumMet: true, adopted: false })).toBe('rejected');
  });
});
