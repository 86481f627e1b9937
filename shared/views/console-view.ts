import { retentionDue } from '../features/core/retention.ts';
import { smallGroupMin } from '../domain/small-groups.ts';
import type { AgendaItem, Lever, Table } from '../features/core/types.ts';
import type { Convention } from '../domain/types.ts';
import { joinUrl, type LiveFacts } from './live.ts';
import { consoleProposals, draftCount, duplicateSuggestions, type ConsoleProposal } from '../features/proposals/views.ts';
import { consoleRankings, type ConsoleRankingView } from '../features/ranking/views.ts';
import { consoleVotes, type ConsoleVote } from '../features/votes/views.ts';
import { consoleDeliberation } from '../features/deliberation/views.ts';
import { consoleSpeed, type ConsoleSpeed } from '../features/speed/views.ts';
import { consolePolls, type ConsolePoll } from '../features/polls/views.ts';
import { consoleTiming, type ConsoleTiming } from '../features/timer/views.ts';
import { consoleVisions, type ConsoleVision } from '../features/visions/views.ts';
import { consoleQuestions, type ConsoleQuestions } from '../features/questions/views.ts';
import { projectorShows, type ProjectorPanel } from './projector-panel.ts';
import { groupsOf } from '../features/core/seating.ts';
import { conventionLinks, type ConventionLinks } from '../features/core/links.ts';
import { sessionHoldings, type HoldingKind } from '../features/core/sessions.ts';
import { consoleFollowUp, type ConsoleFollowUp } from '../features/followup/views.ts';
import { consolePublication, type ConsolePublication } from '../features/publishing/views.ts';
import { consoleStrata, type ConsoleStrataResult } from '../features/strata/reading-views.ts';
import { consoleSeries, type SeriesView } from '../features/series/views.ts';
import { consoleStrataPanel, type ConsoleStrata } from '../features/strata/views.ts';

// What the facilitator's console sees: everything about the convention but the secrets of
// other roles' tokens (the console shows links, not token hashes).

export interface ConsoleMember {
  id: string;
  name: string;
  seatCode: string;
  attributes: Record<string, string>;
  origin: 'roster' | 'guest';
  active: boolean;
  /** A phone holds this seat (it may be offline right now). */
  seated: boolean;
  connected: boolean;
  /** Why the member left (set on deactivation, '' when no reason was given); null while active. */
  leftReason: string | null;
  /** The member this one replaces, if any. */
  replaces: string | null;
  /** The member who replaces this one, if any. */
  replacedBy: string | null;
  /** Their number once erased (members.erase): name, seat code and attributes are gone. */
  erased: number | null;
}

export interface ConsoleSession {
  id: string;
  code: string;
  joinUrl: string;
  title: string;
  startDate: string;
  endDate: string;
  status: 'planned' | 'live' | 'closed';
  allowGuests: boolean;
  /** Admitted guests vote and count towards the quorum (shared/domain/electorate.ts). */
  guestsVote: boolean;
  /** Guests asking to join this session, oldest first: waiting ones, then refused ones (a refusal can be undone). */
  guestRequests: ConsoleGuestRequest[];
  quorum: number;
  agenda: AgendaItem[];
  currentItemId: string | null;
  present: string[];
  tables: Table[];
  /** Groups of about 20, beside the tables (groups.*). */
  groups: Table[];
  /** What the session holds, by kind (counts): non-empty, session.remove is refused (sessions.ts, sessionHoldings). */
  holds: Partial<Record<HoldingKind, number>>;
  /** What the projector shows now (the very value of the projector's view); null unless the session is live. */
  onScreen: ProjectorPanel | null;
  /** The lever ranking phones show (activity.show); the projector shows it when `onScreen` says so. */
  activeActivityId: string | null;
  rankings: ConsoleRankingView[];
  votes: ConsoleVote[];
  /** Consensus checks and gradings with results and every minority opinion. */
  deliberation: ReturnType<typeof consoleDeliberation>;
  /** The session's speed meeting: actors, settings, plan with its quality, what changed since. */
  speed: ConsoleSpeed | null;
  /** Quick polls, prepared and launched, with results, free texts (no names) and hidden words. */
  polls: ConsolePoll[];
  /** The countdown, how the projector shows it, and the speaking-time plan. */
  timing: ConsoleTiming;
  /** Table visions with every table's text and history. */
  visions: ConsoleVision[];
  /** Rounds of questions with every question, pending and hidden ones included (askers: names or "anonyme"). */
  questions: ConsoleQuestions;
  /** Each opened vote, check and grading proposal, and poll with options, read by stratum once closed (docs/methods.md). */
  byStratum: ConsoleStrataResult[];
}

/** A guest's request to join, as the console lists it (no token hash: the phone's secret). */
export interface ConsoleGuestRequest {
  id: string;
  name: string;
  at: number;
  status: 'pending' | 'refused';
}

export interface ConsoleView {
  conventionId: string;
  name: string;
  /** The convention's dates and place (convention.update); null and '' until set. */
  startDate: string | null;
  endDate: string | null;
  place: string;
  /** k: no table's count under it is shown or exported (convention.setSmallGroupMin; 5 until set). */
  smallGroupMin: number;
  levers: Lever[];
  members: ConsoleMember[];
  /** Roster attribute names seen in the roster and custom attributes declared (strata.declare), for the member forms and "balance tables on…". */
  attributeKeys: string[];
  sessions: ConsoleSession[];
  liveSessionId: string | null;
  /** When the convention was archived (convention.archive: phones refused, console read as before); null while it runs. */
  archivedAt: number | null;
  /** Members' personal data is kept until this day (convention.setRetention with a date); else null. */
  retentionDate: string | null;
  /** …or for this many days after the convention's end (convention.setRetention); else null. */
  retentionDays: number | null;
  /** The day members' personal data is erased (retention.ts), null without a setting or an end date. */
  retentionDue: string | null;
  /** `speaker`: the projector key's read-only list of questions, for a speaker's laptop. */
  links: { screen: string; support: string; speaker: string };
  /** Every non-draft proposal with authors, origins, versions and history. */
  proposals: ConsoleProposal[];
  /** Drafts members are writing: a count only, drafts are private. */
  draftCount: number;
  /** Likely duplicates among open proposals (ids, score 0-1), best first: merge suggestions. */
  duplicates: { a: string; b: string; score: number }[];
  /** Every adopted proposal with the Council's decision, department, milestones and updates (removed ones apart, to restore). */
  followUp: ConsoleFollowUp[];
  /** What can be published on the public page, what is, and its address (shared/features/publishing/views.ts). */
  publication: ConsolePublication;
  /** Questions asked again as waves: each wave's figures, the shifts, the transition tables (hidden under k). */
  series: SeriesView[];
  /** Strata: attributes reported and declared, targets, and the representativeness monitor of every session held (shared/features/strata/views.ts). */
  strata: ConsoleStrata;
}

export function consoleView(conv: Convention, live: LiveFacts): ConsoleView {
  const replacedBy = new Map(conv.memberOrder.flatMap((id) => (conv.members[id]?.replaces ? [[conv.members[id].replaces, id] as const] : [])));
  const members = conv.memberOrder.map((id) => conv.members[id]!).map((m) => ({
    id: m.id,
    name: m.name,
    seatCode: m.seatCode,
    attributes: m.attributes,
    origin: m.origin,
    active: m.active,
    // An archived convention's tokens are refused: no phone holds its seat.
    seated: m.tokenHash !== null && conv.archivedAt === undefined,
    connected: live.connected.has(m.id),
    leftReason: m.active ? null : (m.left?.reason ?? ''),
    replaces: m.replaces ?? null,
    replacedBy: replacedBy.get(m.id) ?? null,
    erased: m.erased ?? null,
  }));
  const shows = projectorShows(conv);
  // Declared custom attributes too, held by nobody yet: the member forms offer a field for each.
  const attributeKeys = [...new Set([...members.flatMap((m) => Object.keys(m.attributes)), ...(conv.strata?.custom ?? [])])].sort();
  return {
    conventionId: conv.id,
    name: conv.name,
    startDate: conv.startDate ?? null,
    endDate: conv.endDate ?? null,
    place: conv.place ?? '',
    smallGroupMin: smallGroupMin(conv),
    levers: conv.levers,
    members,
    attributeKeys,
    sessions: conv.sessionOrder.map((id) => conv.sessions[id]!).map((s) => ({
      id: s.id,
      code: s.code,
      joinUrl: joinUrl(live.publicUrl, s.code),
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
      status: s.status,
      allowGuests: s.allowGuests,
      guestsVote: s.guestsVote === true,
      guestRequests: guestRequestsOf(conv, s.id),
      quorum: s.quorum,
      agenda: s.agenda,
      currentItemId: s.currentItemId,
      present: conv.memberOrder.filter((mid) => s.present[mid]),
      tables: s.tables,
      groups: groupsOf(s),
      holds: sessionHoldings(conv, s),
      onScreen: s.id === conv.liveSessionId ? shows : null,
      activeActivityId: s.activeActivityId,
      rankings: consoleRankings(conv, s.id),
      votes: consoleVotes(conv, s.id),
      deliberation: consoleDeliberation(conv, s.id),
      speed: consoleSpeed(conv, s.id),
      polls: consolePolls(conv, s.id),
      timing: consoleTiming(conv, s.id),
      visions: consoleVisions(conv, s.id),
      questions: consoleQuestions(conv, s.id),
      byStratum: consoleStrata(conv, s.id),
    })),
    liveSessionId: conv.liveSessionId,
    archivedAt: conv.archivedAt ?? null,
    retentionDate: conv.retention?.kind === 'date' ? conv.retention.date : null,
    retentionDays: conv.retention?.kind === 'daysAfterEnd' ? conv.retention.days : null,
    retentionDue: retentionDue(conv),
    links: screenLinks(conventionLinks(conv.keys, live.publicUrl)),
    proposals: consoleProposals(conv),
    draftCount: draftCount(conv),
    duplicates: duplicateSuggestions(conv),
    followUp: consoleFollowUp(conv),
    publication: consolePublication(conv, live.publicUrl),
    series: consoleSeries(conv),
    strata: consoleStrataPanel(conv),
  };
}

function guestRequestsOf(conv: Convention, sessionId: string): ConsoleGuestRequest[] {
  return Object.values(conv.guestRequests ?? {})
    .filter((r) => r.sessionId === sessionId)
    .sort((a, b) => (a.status === b.status ? a.at - b.at : a.status === 'pending' ? -1 : 1))
    .map(({ id, name, at, status }) => ({ id, name, at, status }));
}

/** The links the console hands out (its own address it already has). */
const screenLinks = ({ projector, support, speaker }: ConventionLinks): ConsoleView['links'] => ({ screen: projector, support, speaker });
