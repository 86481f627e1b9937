// The state of proposals: versions, origins, annotations, history. Plain JSON data only.

export type ProposalStatus = 'draft' | 'submitted' | 'under_study' | 'ready_for_vote' | 'withdrawn' | 'merged' | 'adopted' | 'rejected';
export type ProposalChannel = 'phone' | 'mail' | 'paper' | 'platform' | 'import';

/** Who wrote a version, or did something to a proposal. */
export type ProposalActor = { kind: 'member'; memberId: string } | { kind: 'facilitator' } | { kind: 'support' } | { kind: 'import' };

export interface ProposalOrigin {
  channel: ProposalChannel;
  /** A mail's or paper form's reference, an import's row, as the organisers file them. */
  reference: string;
  receivedAt: number;
}

export interface ProposalVersion {
  version: number;
  title: string;
  text: string;
  leverId: string;
  by: ProposalActor;
  at: number;
}

/** The support group's reading of a proposal (scales in docs/methods.md). */
export interface Annotation {
  /** Greenhouse-gas and ecological effect, 0 (negligible) to 4 (very strong). */
  ecological: { score: number; comment: string };
  /** Cost to the Métropole, 0 (none) to 4 (over 10 M€). */
  financial: { score: number; comment: string };
  /** Effect on the territory's economy, -2 (very negative) to +2 (very positive). */
  economic: { score: number; comment: string };
  competence: { value: 'competente' | 'partagee' | 'hors_competence'; note: string };
  at: number;
}

export type ProposalHistoryEntry =
  | { kind: 'created'; by: ProposalActor; at: number; origin: ProposalOrigin }
  | { kind: 'edited'; by: ProposalActor; at: number; version: number }
  | { kind: 'edit_refused'; by: ProposalActor; at: number; baseVersion: number; currentVersion: number }
  | { kind: 'status'; by: ProposalActor; at: number; from: ProposalStatus; to: ProposalStatus }
  | { kind: 'annotated'; at: number }
  | { kind: 'merged_into'; at: number; targetId: string }
  /** What the merge added to the target, so that undoing it takes exactly that back. */
  | { kind: 'absorbed'; at: number; sourceId: string; addedAuthorIds: string[]; addedOrigins: ProposalOrigin[] }
  /** On a duplicate whose merge was undone: it stands on its own again. */
  | { kind: 'unmerged_from'; at: number; targetId: string }
  /** On the kept proposal: the merge of sourceId was undone and what it added taken back. */
  | { kind: 'released'; at: number; sourceId: string };

export interface Proposal {
  id: string;
  /** P-001…: the reference people use in the room and in the report. */
  number: number;
  title: string;
  text: string;
  leverId: string;
  version: number;
  status: ProposalStatus;
  authorIds: string[];
  /** The table that drafts it: its members may edit it. */
  tableId: string | null;
  origins: ProposalOrigin[];
  versions: ProposalVersion[];
  annotation: Annotation | null;
  /** Earlier annotations, newest last. */
  annotationHistory: Annotation[];
  mergedInto: string | null;
  mergedFrom: string[];
  history: ProposalHistoryEntry[];
  /** Identifies an imported row, so importing the same file twice adds nothing. */
  importKey: string | null;
}
