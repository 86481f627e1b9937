import type { AgendaItem, Lever } from '../features/core/types.ts';
import type { Convention } from '../domain/types.ts';
import { liveSession, tableOf } from '../domain/lookup.ts';
import type { LiveFacts } from './live.ts';
import { groupOf } from '../features/core/seating.ts';
import { memberVotes, publicVotes, type VoteSummary } from '../features/votes/views.ts';
import { memberDeliberation, publicDeliberation } from '../features/deliberation/views.ts';
import { memberSpeed, publicSpeed, type MemberSpeed, type SpeedRoundState } from '../features/speed/views.ts';
import { memberPoll, publicPoll, type PollView } from '../features/polls/views.ts';
import { roomTimer, type RoomTimer } from '../features/timer/views.ts';
import { memberVision, roomVision, tableVision, type MemberVisionView, type RoomVision, type TableVisionView } from '../features/visions/views.ts';
import { memberQuestions, publicQuestions, type MemberQuestions, type PublicQuestions } from '../features/questions/views.ts';
import { memberProposals, publicProposals, type MemberProposals, type ProposalSummary } from '../features/proposals/views.ts';
import { counts } from '../domain/electorate.ts';
import { phoneWaves, type PhoneWaves } from '../features/series/views.ts';
import { followUpRows, type FollowUpRow } from '../features/followup/views.ts';
import { memberRanking, publicActivity, tableRanking, type PublicActivity, type TableRankingView } from '../features/ranking/views.ts';

// What phones see, in three channels: the room's public state (same for every member), the
// member's table, and the member's own seat. A member never receives another member's channel.

export interface PublicView {
  conventionName: string;
  levers: Lever[];
  session: null | { id: string; title: string; currentItem: AgendaItem | null; agenda: AgendaItem[] };
  /** The activity the facilitator shows now (open or closed), if any. */
  activity: PublicActivity | null;
  /** Every submitted (non-draft) proposal, with its annotation. */
  proposals: ProposalSummary[];
  /** The live session's adoption votes: rules, participation, results once closed. */
  votes: VoteSummary[];
  /** Open or closed consensus checks and gradings; results only once revealed. */
  deliberation: ReturnType<typeof publicDeliberation>;
  /** The speed meeting once started: the round and its countdown (each phone's schedule is in its member channel). */
  speed: SpeedRoundState | null;
  /** The open quick poll (or the one on the projector): question, participation, results once revealed. */
  poll: PollView | null;
  /** The live session's countdown (phones count down locally). */
  timer: RoomTimer | null;
  /** The table visions of the live session (texts only once the facilitator shows them). */
  vision: RoomVision | null;
  /** The current round of questions and its visible questions (never a voter, never an anonymous asker). */
  questions: PublicQuestions | null;
  /**
   * Every proposal the convention adopted and what became of it after the Council (decision,
   * department, milestones, updates); the same rows as the public page's progress table.
   */
  followUp: FollowUpRow[];
  /** Questions asked again (series): the reminder that one was asked before, and which consensus answers a phone keeps for the next wave. */
  waves: PhoneWaves;
}

export interface TableView {
  id: string;
  name: string;
  members: { id: string; name: string; connected: boolean; present: boolean }[];
  /** The table's shared lever order, while a ranking activity is at the tables step or closed. */
  ranking: TableRankingView | null;
  /** The table's own vision text and its versions, while a vision is under way. */
  vision: TableVisionView | null;
}

export interface MemberView {
  id: string;
  name: string;
  seatCode: string;
  /** The member's table in the live session, if seated. */
  tableId: string | null;
  tableName: string | null;
  /** The member's group of about 20 in the live session, if the facilitator made groups. */
  groupName: string | null;
  present: boolean;
  /**
   * Whether the live session counts this member's votes, answers, grades, rankings and poll
   * answers: false for an admitted guest unless guests vote there (shared/domain/electorate.ts).
   */
  counted: boolean;
  /** The shown ranking activity as it concerns this member: own silent ranking only. */
  ranking: ReturnType<typeof memberRanking>;
  proposals: MemberProposals;
  /** Votes this member took part in; choices of public votes only. */
  votes: ReturnType<typeof memberVotes>;
  /** What this member answered or graded already (which proposals, not what). */
  deliberation: ReturnType<typeof memberDeliberation>;
  /** This member's own speed-meeting schedule (nobody else's). */
  speed: MemberSpeed | null;
  /** This member's own answer to the poll the phone shows (nobody else's). */
  poll: ReturnType<typeof memberPoll>;
  /** The reactions this member gave to other tables' visions. */
  vision: MemberVisionView | null;
  /** This member's own questions (anonymous ones included) and upvotes in the current round. */
  questions: MemberQuestions | null;
}

export function publicView(conv: Convention): PublicView {
  const s = liveSession(conv);
  return {
    conventionName: conv.name,
    levers: conv.levers,
    session: s && { id: s.id, title: s.title, currentItem: s.agenda.find((i) => i.id === s.currentItemId) ?? null, agenda: s.agenda },
    activity: publicActivity(conv),
    proposals: publicProposals(conv),
    votes: publicVotes(conv),
    deliberation: publicDeliberation(conv),
    speed: publicSpeed(conv),
    poll: publicPoll(conv),
    timer: roomTimer(conv),
    vision: roomVision(conv),
    questions: publicQuestions(conv),
    followUp: followUpRows(conv),
    waves: phoneWaves(conv),
  };
}

export function tableView(conv: Convention, tableId: string, live: LiveFacts): TableView | null {
  const s = liveSession(conv);
  const table = s?.tables.find((t) => t.id === tableId);
  if (!table) return null;
  return {
    id: table.id,
    name: table.name,
    members: table.memberIds.map((id) => ({ id, name: conv.members[id]?.name ?? '?', connected: live.connected.has(id), present: Boolean(s?.present[id]) })),
    ranking: tableRanking(conv, table.id),
    vision: tableVision(conv, table.id),
  };
}

export function memberView(conv: Convention, memberId: string): MemberView | null {
  const m = conv.members[memberId];
  if (!m) return null;
  const s = liveSession(conv);
  const table = s ? tableOf(s, memberId) : null;
  const group = s ? groupOf(s, memberId) : null;
  return { id: m.id, name: m.name, seatCode: m.seatCode, tableId: table?.id ?? null, tableName: table?.name ?? null, groupName: group?.name ?? null, present: Boolean(s?.present[memberId]), counted: counts(conv, s ?? undefined, memberId), ranking: memberRanking(conv, memberId), proposals: memberProposals(conv, memberId), votes: memberVotes(conv, memberId), deliberation: memberDeliberation(conv, memberId), speed: memberSpeed(conv, memberId), poll: memberPoll(conv, memberId), vision: memberVision(conv, memberId), questions: memberQuestions(conv, memberId) };
}
