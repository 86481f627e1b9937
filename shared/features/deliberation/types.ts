import type { Lever } from '../core/types.ts';
import type { StratumCells } from '../strata/types.ts';

// The state of consensus checks and gradings. Plain JSON data only.

/**
 * A consensus check: members place proposals on a gradient of agreement. Answers are kept as
 * counts per table and level, never with a member: `answered` only says who already answered
 * (so nobody answers twice), like a secret ballot.
 */
export interface ConsensusCheck {
  id: string;
  kind: 'consensus';
  sessionId: string;
  title: string;
  proposalIds: string[];
  /** Plenary: the facilitator opens one proposal after the other. Batch: each member goes through the list. */
  mode: 'plenary' | 'batch';
  /** Labels, full agreement first. */
  levels: string[];
  /** Offer "Je ne sais pas". */
  allowUnsure: boolean;
  /** Marker thresholds in percent, when not the defaults. */
  thresholds: { consensusAgree: number; strongAgree: number; dissentEachSide: number } | null;
  status: 'ready' | 'open' | 'closed';
  /** Plenary: the proposal being answered now. */
  currentProposalId: string | null;
  /** Results reach phones and the projector only once revealed (or at once when `live`). */
  revealed: boolean;
  live: boolean;
  answered: Record<string, Record<string, true>>;
  /** proposalId -> tableId ('' without table) -> counts per level, then unsure last. */
  counts: Record<string, Record<string, number[]>>;
  /**
   * A series' wave with transitions on (shared/features/series/types.ts): proposalId -> cell
   * 'from>to' (levels, "Je ne sais pas" after the last, 'none' without an earlier answer) ->
   * count, from the store's `trans:` counters like `counts`; absent otherwise.
   */
  transitions?: Record<string, Record<string, number>>;
  opinions: Record<string, MinorityOpinion[]>;
  /** The labels its readings showed, kept when it closed (record.ts); null until closed. */
  frozen: CheckRecord | null;
  /** The attributes reported when it opened (shared/features/strata/member-strata.ts); absent: none. */
  strataAttributes?: string[];
  /**
   * proposalId -> counts per stratum (levels, then unsure), secret like `counts`: in memory while
   * open, written at close with small strata merged (shared/domain/secret-ballots.ts).
   */
  byStratum?: Record<string, StratumCells>;
}

/** A proposal as a check or a grading names it. */
export interface ProposalRef {
  id: string;
  number: number;
  title: string;
  leverId: string;
}

/**
 * What a consensus check's readings are read with besides its counts: the proposals (number,
 * title) and the session's tables (order, names). The counts themselves are secret counters
 * that stop at close; these labels are kept when it closes, so nothing edited afterwards
 * changes its readings, and no count ever enters a snapshot through them.
 */
export interface CheckRecord {
  proposals: ProposalRef[];
  tables: { id: string; name: string }[];
  /** The convention's levers (order and titles), to name each proposal's lever. */
  levers: Lever[];
  /** Members present in the session (participation's denominator). */
  present: number;
}

/** A short reason given by a member who disagrees; anonymous by construction. */
export interface MinorityOpinion {
  id: string;
  text: string;
  at: number;
  projected: boolean;
}

/** Majority-judgment grading of proposals; grade counts are secret counters like votes. */
export interface Grading {
  id: string;
  kind: 'grading';
  sessionId: string;
  title: string;
  proposalIds: string[];
  /** Best first. */
  grades: string[];
  status: 'ready' | 'open' | 'closed';
  revealed: boolean;
  /** proposalId -> who graded it (never what). */
  graded: Record<string, Record<string, true>>;
  /** proposalId -> count per grade (the merit profile), from the store's counters. */
  profiles: Record<string, number[]>;
  /** The labels its ranking showed, kept when it closed (record.ts); null until closed. */
  frozen: GradingRecord | null;
  /** The attributes reported when it opened (shared/features/strata/member-strata.ts); absent: none. */
  strataAttributes?: string[];
  /** proposalId -> counts per stratum (one cell per grade), secret like `profiles` (see ConsensusCheck.byStratum). */
  byStratum?: Record<string, StratumCells>;
}

/** A grading's proposals (with their levers) and the convention's levers (order and titles), as at close; the grade counts are its secret counters. */
export interface GradingRecord {
  proposals: ProposalRef[];
  levers: Lever[];
  /** Members present in the session (participation's denominator). */
  present: number;
}
