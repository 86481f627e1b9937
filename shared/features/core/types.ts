import type { StratumRef } from '../strata/ref.ts';

// The core's state: the convention's levers, members and access keys, its sessions with their
// agenda, tables and projector panel, and each session's countdown. Plain JSON data only.

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
  /**
   * Set when the member was deactivated (member.setActive with active false): why, and the token
   * their phone held, so that phone is told "your seat is no longer active" rather than "invalid".
   * Absent while active (and on members deactivated before it existed).
   */
  left?: { reason: string; tokenHash: string | null };
  /** The deactivated member this one replaces (member.add with `replaces`). */
  replaces?: string;
  /**
   * Set when the member's personal data was erased (members.erase, erasure.ts): their number in
   * "Membre effacé n°…". Name, seat code, attributes and reason for leaving are gone.
   */
  erased?: number;
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
 * A group of about 20 (the seed's "visions 2050 in groups"): the same shape as a table, a larger
 * unit beside the tables of 4-8. Each member sits at one table and belongs to one group.
 */
export type Group = Table;

/**
 * The facilitator's last choice of what the projector shows (shared/views/projector-panel.ts
 * turns it into the panel shown). 'votes': the open votes, else the last adoption results
 * (closing a vote shows them; choosing another panel hides them). 'ranking': the session's
 * active activity (ranking.open, activity.show). 'deliberation': an open or revealed consensus
 * check or grading (consensus.open/reveal, grading.open/reveal). 'strata': one closed result read
 * by one attribute's strata (screen.showStrata, `Session.strataShown`). 'shift': a series' waves side
 * by side (series.show).
 */
export type ScreenPanel = 'welcome' | 'seating' | 'agenda' | 'votes' | 'questions' | 'poll' | 'visions' | 'speed' | 'ranking' | 'deliberation' | 'strata' | 'shift';
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
  /** People without a seat code may ask to join under a name; the facilitator admits each (guests.ts). */
  allowGuests: boolean;
  /**
   * Admitted guests vote, answer, grade and count towards the quorum in this session's activities.
   * Absent (sessions before it, and the default): they do not; shared/domain/electorate.ts reads it.
   */
  guestsVote?: boolean;
  /** Number of present members needed for a valid vote; 0 means no quorum. */
  quorum: number;
  agenda: AgendaItem[];
  currentItemId: string | null;
  present: Record<string, true>;
  tables: Table[];
  /** Groups of about 20 (groups.*); absent until the facilitator creates some (read it with groupsOf). */
  groups?: Group[];
  screenPanel: ScreenPanel;
  /** The activity phones and the projector show now, if any. */
  activeActivityId: string | null;
  /** The adoption vote whose rules the projector shows before it opens. */
  announcedVoteId: string | null;
  /** The result and attribute the 'strata' panel shows (screen.showStrata); absent until chosen once. */
  strataShown?: { ref: StratumRef; attribute: string };
}

/**
 * How long members' personal data is kept (retention.ts): until a date, or for some days after
 * the convention's end (its end date, else its last session's).
 */
export type Retention = { kind: 'date'; date: string } | { kind: 'daysAfterEnd'; days: number };

export interface AccessKeys {
  facilitator: string;
  projector: string;
  support: string;
  /**
   * The speaker's laptop (its list of questions): the room's view, read-only, like the projector,
   * with a key of its own so that the link handed to a speaker from outside is not the
   * projector's. Absent in conventions created before it (links.ts, speakerKey).
   */
  speaker?: string;
}

/**
 * A phone's request to join as a guest (guest.request), waiting for the facilitator. The phone
 * already holds the token whose hash is here: admission makes it a member's seat token. Refused
 * requests stay a while (LIMITS.guestRefusedKept) so a mistaken refusal can be undone and the
 * phone told why; an admitted request is gone (the member exists).
 */
export interface GuestRequest {
  id: string;
  sessionId: string;
  /** The name as typed (bounded by the schema): the facilitator reads it before admitting. */
  name: string;
  tokenHash: string;
  /** Server time (ms) of the request: the console lists the oldest first. */
  at: number;
  status: 'pending' | 'refused';
}
