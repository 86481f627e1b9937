// The state of the follow-up after the Council: what became of each proposal the convention
// adopted. Plain JSON data only. One entry per proposal, created by its first follow-up command.

/** What the Council (e.g. the Metropolitan Council) decided about an adopted proposal. */
export type CouncilOutcome = 'adopted' | 'amended' | 'refused' | 'deferred';
export const COUNCIL_OUTCOMES = ['adopted', 'amended', 'refused', 'deferred'] as const satisfies readonly CouncilOutcome[];

export type MilestoneStatus = 'planned' | 'in_progress' | 'done' | 'abandoned';
export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'abandoned'] as const satisfies readonly MilestoneStatus[];

export interface CouncilDecision {
  outcome: CouncilOutcome;
  /** The day of the Council's vote (YYYY-MM-DD). */
  date: string;
  /** The deliberation's public record (https only), or null. */
  link: string | null;
  /** A few words beside the decision ('' for none), e.g. what the amendment changed. */
  note: string;
  /** When it was recorded (server clock). */
  at: number;
}

/** A step of the proposal's implementation. Removing one keeps it, struck out, so it can be restored. */
export interface Milestone {
  id: string;
  title: string;
  /** The day it is due (YYYY-MM-DD), or null when none is set. */
  due: string | null;
  status: MilestoneStatus;
  /** When it was removed (followup.removeMilestone); absent while it stands. */
  removedAt?: number;
}

/** A dated note on the proposal's progress ("the works started in March"). */
export interface FollowUpUpdate {
  id: string;
  /** The day it reports on (YYYY-MM-DD). */
  date: string;
  text: string;
  /** When it was removed (followup.removeUpdate); absent while it stands. */
  removedAt?: number;
}

export interface FollowUp {
  proposalId: string;
  decision: CouncilDecision | null;
  /** The department (service) in charge ('' until set). */
  department: string;
  /** In the order they were added. */
  milestones: Milestone[];
  /** In the order they were added. */
  updates: FollowUpUpdate[];
}

export const emptyFollowUp = (proposalId: string): FollowUp => ({ proposalId, decision: null, department: '', milestones: [], updates: [] });
