import type { AccessKeys, GuestRequest, Lever, Member, Retention, Session, Timer } from '../features/core/types.ts';
import type { ConsensusCheck, Grading } from '../features/deliberation/types.ts';
import type { FollowUp } from '../features/followup/types.ts';
import type { Poll } from '../features/polls/types.ts';
import type { Proposal } from '../features/proposals/types.ts';
import type { Publication } from '../features/publishing/types.ts';
import type { QuestionRound } from '../features/questions/types.ts';
import type { Activity } from '../features/ranking/types.ts';
import type { Series } from '../features/series/types.ts';
import type { SpeedMeeting } from '../features/speed/types.ts';
import type { StrataSettings } from '../features/strata/types.ts';
import type { SessionTiming } from '../features/timer/types.ts';
import type { Vision } from '../features/visions/types.ts';
import type { Vote } from '../features/votes/types.ts';

// The kernel's types: the state of one convention, composed from each feature's state types
// (shared/features/<feature>/types.ts), as rebuilt from its event log, and who sends a command.
// Plain JSON data only: it is snapshotted to SQLite and compared in replay tests.

export type Role = 'facilitator' | 'projector' | 'support' | 'member';

export interface Convention {
  id: string;
  name: string;
  /** When and where the convention takes place (convention.update); absent until set. */
  startDate?: string | null;
  endDate?: string | null;
  place?: string;
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
  /** Speed meetings (at most one per session), by id (shared/features/speed/types.ts). */
  speedMeetings: Record<string, SpeedMeeting>;
  /** Quick polls, by id (shared/features/polls/types.ts). */
  polls: Record<string, Poll>;
  /** The poll each session's projector shows in its 'poll' panel: session id -> poll id. */
  pollShown: Record<string, string>;
  /** How the projector shows each session's countdown, and its speaking-time plan (shared/features/timer/types.ts). */
  timing: Record<string, SessionTiming>;
  /** Table visions, by id (shared/features/visions/types.ts). */
  visions: Record<string, Vision>;
  /** Rounds of questions to speakers, by id (shared/features/questions/types.ts). */
  questionRounds: Record<string, QuestionRound>;
  /**
   * The smallest group whose count may be shown, exported or written apart (k, default 5):
   * shared/domain/small-groups.ts reads it; absent on conventions created before it existed.
   */
  smallGroupMin?: number;
  /**
   * An erasure whose rewrite of the log has not run yet (a crash between its event and the
   * rewrite): the server redoes it at start (server/privacy/erasure.ts). Absent otherwise.
   */
  erasurePending?: true;
  /**
   * When the convention was archived (convention.archive): its seat tokens are refused, its
   * phones forget it. Absent while it runs (and in every state from before archives existed,
   * which is why STATE_SHAPE did not change: no older snapshot can hold an archive).
   */
  archivedAt?: number;
  /** How long members' personal data is kept (convention.setRetention); absent or null: not set. */
  retention?: Retention | null;
  /**
   * Guests asking to join, pending or recently refused, by id (shared/features/core/guests.ts);
   * absent until the first request.
   */
  guestRequests?: Record<string, GuestRequest>;
  /**
   * What became of each adopted proposal after the Council, by proposal id
   * (shared/features/followup/types.ts). Absent until the first entry, which is why STATE_SHAPE
   * did not change: a snapshot from before it holds no follow-up, and replaying its log adds none.
   */
  followUp?: Record<string, FollowUp>;
  /**
   * What the facilitator published for the public page and the static export
   * (shared/features/publishing/types.ts); absent until the first publication (no snapshot from
   * before it can hold one: STATE_SHAPE did not change).
   */
  publication?: Publication;
  /**
   * Which roster attributes results are read by, declared attributes and target quotas
   * (shared/features/strata/types.ts); absent until the facilitator first sets them (no older
   * snapshot can hold them: STATE_SHAPE did not change).
   */
  strata?: StrataSettings;
  /**
   * Questions asked again in later sessions, as waves, by id (shared/features/series/types.ts);
   * absent until the first one (no older snapshot can hold one: STATE_SHAPE did not change).
   */
  series?: Record<string, Series>;
  /** The series each session's projector shows in its 'shift' panel: session id -> series id; absent until the first. */
  seriesShown?: Record<string, string>;
}

/**
 * The shape of Convention as snapshots store it. Bump it when Convention gains or changes a
 * field: older snapshots are then ignored and the state is rebuilt from the whole log.
 */
export const STATE_SHAPE = 4;

/** Who sends a command, as established by the socket's handshake. */
export type Actor =
  | { role: 'facilitator' | 'projector' | 'support'; conventionId: string }
  | { role: 'member'; conventionId: string; memberId: string }
  | { role: 'system'; conventionId: string }
  /**
   * The operator (server/http/operator-routes.ts): bound to no convention, it creates them.
   * `conventionId` is the convention a command acts on ('' for convention.create). It has no
   * socket: its key is checked by the HTTP guard (server/http/auth.ts: requireOperator) only.
   */
  | { role: 'operator'; conventionId: string }
  /** A phone taking its seat (seat.claim): it will hold the token whose hash is here. */
  | { role: 'visitor'; conventionId: string; tokenHash: string };
