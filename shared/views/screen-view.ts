import { screenShift, type SeriesView } from '../features/series/views.ts';
import { countedPresent, electorateSize } from '../domain/electorate.ts';
import type { AgendaItem } from '../features/core/types.ts';
import type { Convention } from '../domain/types.ts';
import { liveSession } from '../domain/lookup.ts';
import { joinUrl, type LiveFacts } from './live.ts';
import { screenRanking, type ScreenRankingView } from '../features/ranking/views.ts';
import { screenVotes, type ScreenVotes } from '../features/votes/views.ts';
import { publicDeliberation } from '../features/deliberation/views.ts';
import { screenSpeed, type ScreenSpeed } from '../features/speed/views.ts';
import { screenPoll, type PollView } from '../features/polls/views.ts';
import { screenTimer, type ScreenTimer } from '../features/timer/views.ts';
import { roomVision, type RoomVision } from '../features/visions/views.ts';
import { screenQuestions, type ScreenQuestions } from '../features/questions/views.ts';
import { cornerClock, projectorShows, type ProjectorPanel } from './projector-panel.ts';
import { groupsOf } from '../features/core/seating.ts';
import { screenStrata, type ScreenStrata } from '../features/strata/reading-views.ts';

// What the projector shows the room. Public by construction: no seat codes, no tokens.

export interface ScreenView {
  conventionName: string;
  /** Where and when the convention takes place, for the welcome panel ('' and nulls until set). */
  conventionPlace: string;
  conventionStartDate: string | null;
  conventionEndDate: string | null;
  session: null | {
    title: string;
    code: string;
    joinUrl: string;
    /** The one panel the projector shows (shared/views/projector-panel.ts decides; the console reads the same value). */
    shows: ProjectorPanel;
    /** The countdown sits in a corner beside the panel. */
    cornerClock: boolean;
    currentItem: AgendaItem | null;
    agenda: AgendaItem[];
    presentCount: number;
    memberCount: number;
    connectedCount: number;
    quorum: number;
    tables: { id: string; name: string; members: string[] }[];
    /** The groups of about 20, beside the tables (empty when the session has none). */
    groups: { id: string; name: string; members: string[] }[];
    /** The activity the facilitator shows, when it is a lever ranking. */
    ranking: ScreenRankingView | null;
    /** What the 'votes' panel shows (open votes, announced rules, or the last results), only while it is shown. */
    votes: ScreenVotes | null;
    /** Consensus checks and gradings of the live session (results once revealed). */
    deliberation: ReturnType<typeof publicDeliberation>;
    /** The speed meeting of the live session: round, countdown, who goes where (short names). */
    speed: ScreenSpeed | null;
    /** The quick poll of the 'poll' panel: question, participation, results once revealed. */
    poll: PollView | null;
    /** The countdown (its end in server ms: the projector counts down locally), how to show it. */
    timer: ScreenTimer | null;
    /** The table visions the room sees (texts only once the facilitator shows them). */
    vision: RoomVision | null;
    /** The current round of questions: the projected one, the waiting ones by votes (public content only). */
    questions: ScreenQuestions | null;
    /** What the stratum panel shows (one result, one attribute, k-safe counts), only while it is shown. */
    byStratum: ScreenStrata | null;
    /** The series of the 'shift' panel, only while it is shown: waves side by side, shifts, transitions. */
    shift: SeriesView | null;
  };
}

export function screenView(conv: Convention, live: LiveFacts): ScreenView {
  const s = liveSession(conv);
  const convention = { conventionName: conv.name, conventionPlace: conv.place ?? '', conventionStartDate: conv.startDate ?? null, conventionEndDate: conv.endDate ?? null };
  const names = (units: { id: string; name: string; memberIds: string[] }[]) => units.map((t) => ({ id: t.id, name: t.name, members: t.memberIds.map((id) => conv.members[id]?.name ?? '?') }));
  if (!s) return { ...convention, session: null };
  const shows = projectorShows(conv) ?? { kind: 'welcome' };
  const active = conv.memberOrder.filter((id) => conv.members[id]?.active);
  return {
    ...convention,
    session: {
      title: s.title,
      code: s.code,
      joinUrl: joinUrl(live.publicUrl, s.code),
      shows,
      cornerClock: cornerClock(conv, shows),
      currentItem: s.agenda.find((i) => i.id === s.currentItemId) ?? null,
      agenda: s.agenda,
      // Beside the quorum: the members the session counts (admitted guests only where they vote).
      presentCount: countedPresent(conv, s),
      memberCount: electorateSize(conv, s),
      connectedCount: active.filter((id) => live.connected.has(id)).length,
      quorum: s.quorum,
      tables: names(s.tables),
      groups: names(groupsOf(s)),
      ranking: screenRanking(conv),
      votes: shows.kind === 'votes' ? screenVotes(conv) : null,
      deliberation: publicDeliberation(conv),
      speed: screenSpeed(conv),
      poll: screenPoll(conv),
      timer: screenTimer(conv),
      vision: roomVision(conv),
      questions: screenQuestions(conv),
      byStratum: shows.kind === 'strata' ? screenStrata(conv, shows) : null,
      shift: shows.kind === 'shift' ? screenShift(conv, shows.seriesId) : null,
    },
  };
}
