import type { QuestionRound } from '../features/questions/types.ts';

import type { SessionTiming } from '../features/timer/types.ts';
import type { Vision } from '../features/visions/types.ts';

// The state of one convention, as rebuilt from its event log.
// Plain JSON data only: it is snapshotted to SQLite and compared in replay tests.
import type { Poll } from '../features/polls/types.ts';
import type { SpeedMeeting } from '../features/speed/types.ts';

export type Role = 'facilitator' | 'projector' | 'support' | 'member';

export interface Lever {
  id: string;
  title: string;
}

export interface Member {
  id: string;
  name: string;
  /** Personal code a member types on the phone to take their seat. */
  seatCode: string;
  attributes: Record<string, string>;
  origin: 'roster' | 'guest';
  active: boolean;
  /** SHA-256 of the current device token; a new claim replaces it (one seat, one phone). */
  tokenHash: string | null;
  /** Tokens earlier claims replaced (the last few): their phones are told "taken over", not "invalid". */
  replacedTokenHashes: string[];
}

export type AgendaKind = 'talk' | 'questions' | 'tables' | 'poll' | 'vote' | 'break' | 'other';

export interface AgendaItem {
  id: string;
  title: string;
  kind: AgendaKind;
  /** Planned length in minutes, for the console's running order. */
  durationMin: number | null;
}

export interface Table {
  id: string;
  name: string;
  memberIds: string[];
}

/**
 * The facilitator's last choice of what the projector shows (shared/views/projector-panel.ts
 * turns it into the panel shown). 'votes': the open votes, else the last adoption results
 * (closing a vote shows them; choosing another panel hides them). 'ranking': the session's
 * active activity (ranking.open, activity.show). 'deliberation': an open or revealed consensus
 * check or grading (consensus.open/reveal, grading.open/reveal).
 */
export type ScreenPanel = 'welcome' | 'seating' | 'agenda' | 'votes' | 'questions' | 'poll' | 'visions' | 'speed' | 'ranking' | 'deliberation';
/** The panels `screen.show` chooses directly; the others follow their activity's commands. */
export const SCREEN_PANELS = ['welcome', 'seating', 'agenda', 'votes', 'questions', 'poll', 'visions', 'speed'] as const satisfies readonly ScreenPanel[];

/**
 * The session's countdown (group work, speaking time, a speed-meeting round): one per session.
 * Times are the server's clock in ms; phones and the projector correct for their own clock's
 * offset (welcome.serverTime). Running: `endsAt` set; paused: `remainingMs` holds what is left.
 */
export interface Timer {
  label: string;
  durationMs: number;
  status: 'running' | 'paused' | 'ended';
  endsAt: number | null;
  remainingMs: number;
  /** What started it, so an activity (a speed-meeting round, a speech) can tell its own timer. */
  source: { kind: 'manual' | 'speech' | 'speed-round'; id: string | null };
}

export interface Session {
  id: string;
  /** Short code members type or scan to join (unambiguous letters and digits). */
  code: string;
  title: string;
  /** ISO dates (YYYY-MM-DD). */
  startDate: string;
  endDate: string;
  status: 'planned' | 'live' | 'closed';
  allowGuests: boolean;
  /** Number of present members needed for a valid vote; 0 means no quorum. */
  quorum: number;
  agenda: AgendaItem[];
  currentItemId: string | null;
  present: Record<string, true>;
  tables: Table[];
  screenPanel: ScreenPanel;
  /** The activity phones and the projector show now, if any. */
  activeActivityId: string | null;
  /** The adoption vote whose rules the projector shows before it opens. */
  announcedVoteId: string | null;
}

export interface AccessKeys {
  facilitator: string;
  projector: string;
  support: string;
}

export interface Convention {
  id: string;
  name: string;
  createdAt: number;
  keys: AccessKeys;
  levers: Lever[];
  members: Record<string, Member>;
  /** Roster order, as imported. */
  memberOrder: string[];
  sessions: Record<string, Session>;
  sessionOrder: string[];
  liveSessionId: string | null;
  activities: Record<string, Activity>;
  proposals: Record<string, Proposal>;
  votes: Record<string, Vote>;
  checks: Record<string, ConsensusCheck>;
  gradings: Record<string, Grading>;
  /** Proposal ids in the order they were received: gives each its number (P-001…). */
  proposalOrder: string[];
  /** The countdown of each session that has one, by session id. */
  timers: Record<string, Timer>;
  /** Speed meetings (at most one per session), by id (shared/domain/speed-types.ts). */
  speedMeetings: Record<string, SpeedMeeting>;
  /** Quick polls, by id (shared/domain/poll-types.ts). */
  polls: Record<string, Poll>;
  /** The poll each session's projector shows in its 'poll' panel: session id -> poll id. */
  pollShown: Record<string, string>;
  /** How the projector shows each session's countdown, and its speaking-time plan (timer-types.ts). */
  timing: Record<string, SessionTiming>;
  /** Table visions, by id (vision-types.ts). */
  visions: Record<string, Vision>;
  /** Rounds of questions to speakers, by id (shared/domain/question-types.ts). */
  questionRounds: Record<string, QuestionRound>;
}

/**
 * The shape of Convention as snapshots store it. Bump it when Convention gains or changes a
 * field: older snapshots are then ignored and the state is rebuilt from the whole log.
 */
export const STATE_SHAPE = 3;

/** One table's shared order of the levers in a ranking activity. */
export interface TableRanking {
  /** Lever ids, best first. */
  order: string[];
  /** Bumped at every move: a move names the version it was made on. */
  version: number;
  /** Members who marked "d'accord avec ce classement" since the last move. */
  agreed: Record<string, true>;
  /** The facilitator validated (locked) this table's ranking. */
  locked: boolean;
}

export type RankingPhase = 'draft' | 'silent' | 'tables' | 'closed';

/** Tables rank the levers together, after an optional silent round of individual rankings. */
export interface LeverRanking {
  id: string;
  kind: 'leverRanking';
  sessionId: string;
  title: string;
  phase: RankingPhase;
  silentRound: boolean;
  /** Chosen tables; empty means every table of the session when it opens. */
  requestedTableIds: string[];
  /** Participating tables, fixed when the activity opens. */
  tableIds: string[];
  /** The levers ranked, fixed when the activity opens. */
  leverIds: string[];
  revealed: boolean;
  /** Silent-round rankings by member: each member sees only their own. */
  silent: Record<string, string[]>;
  tables: Record<string, TableRanking>;
}

export type Activity = LeverRanking;

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

/** Who sends a command, as established by the socket's handshake. */
export type Actor =
  | { role: 'facilitator' | 'projector' | 'support'; conventionId: string }
  | { role: 'member'; conventionId: string; memberId: string }
  | { role: 'system'; conventionId: string }
  /** A phone taking its seat (seat.claim): it will hold the token whose hash is here. */
  | { role: 'visitor'; conventionId: string; tokenHash: string };

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
}

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
