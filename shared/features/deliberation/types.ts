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
  opinions: Record<string, MinorityOpinion[]>;
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
}
