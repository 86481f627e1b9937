import type { StratumCells } from '../strata/types.ts';

// The state of adoption votes. Plain JSON data only.

export type VoteChoice = 'for' | 'against' | 'abstain';
export type VoteBasis = 'expressed' | 'present' | 'members';
export interface Tally {
  for: number;
  against: number;
  abstain: number;
}

/** Counts collected on paper or keypads, added by the facilitator before closing. */
export interface PaperCount extends Tally {
  at: number;
  /** Set when the facilitator took a mistyped entry back (kept, struck out, for the record). */
  removedAt?: number;
}

export interface VoteResult {
  /** Electronic and paper counts together. */
  tally: Tally;
  present: number;
  members: number;
  quorumMet: boolean;
  /** Share of `for` over the basis's denominator, 0..1. */
  share: number;
  adopted: boolean;
  closedAt: number;
}

/**
 * One round of an adoption vote on one proposal. A secret vote keeps who voted (`voters`) apart
 * from what was voted (`tally`): no event and no row links a member to a choice (docs/security.md).
 */
export interface Vote {
  id: string;
  kind: 'adoption';
  sessionId: string;
  proposalId: string;
  /** 1 for the first vote on a proposal; a new vote on it is a new round, the old one is kept. */
  round: number;
  /** Votes opened together for batch voting share a batch id. */
  batchId: string | null;
  secret: boolean;
  /** In basis points: 6000 = 60 %. Integers keep the boundary exact. */
  thresholdBp: number;
  basis: VoteBasis;
  quorum: number;
  status: 'ready' | 'open' | 'closed';
  openedAt: number | null;
  /**
   * Who voted, in the order of their first ballot. A list, not a record: appending to a copy of
   * a list of 1,000 ids costs microseconds, spreading a record of 1,000 keys a tenth of a
   * millisecond, on every ballot (docs/performance.md).
   */
  voters: string[];
  /** Electronic ballots only; for a secret vote it is rebuilt from the store's counters, not from events. */
  tally: Tally;
  /** Public (roll-call) votes only: who chose what. */
  ballots: Record<string, VoteChoice>;
  paper: PaperCount[];
  result: VoteResult | null;
  /**
   * The proposal as it was voted on, kept when the vote closed (shared/features/votes/record.ts):
   * a closed vote's screens and exports read it, so editing the proposal afterwards never
   * changes them. Null until closed.
   */
  frozen: VoteRecord | null;
  /**
   * The attributes reported when it opened (shared/features/strata/member-strata.ts): every
   * ballot of it is counted over these strata. Absent when none was (and in older states).
   */
  strataAttributes?: string[];
  /**
   * Counts per stratum, cells [for, against, abstain] (shared/features/strata/counts.ts reads
   * them). A secret vote's are secret counts like `tally` (in memory while open, written at close
   * with small strata merged, shared/domain/secret-ballots.ts); a roll-call vote's come with its
   * close (VotesClosed), frozen. Absent until there is one.
   */
  byStratum?: StratumCells;
}

/** The proposal's number, title and text as voted on (null: the proposal was gone). */
export interface VoteRecord {
  proposal: { number: number; title: string; text: string } | null;
}
