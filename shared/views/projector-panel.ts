import type { Convention } from '../domain/types.ts';
import type { ScreenPanel, Session } from '../features/core/types.ts';
import { liveSession } from '../domain/lookup.ts';
import { screenVoteSelection } from '../features/votes/views.ts';
import { shownPoll } from '../features/polls/views.ts';
import { currentRound } from '../features/questions/rules.ts';
import { currentVision } from '../features/visions/views.ts';
import { meetingOfSession } from '../features/speed/decide.ts';
import { timingOf } from '../features/timer/evolve.ts';
import type { StratumRef } from '../features/strata/ref.ts';
import { findSeries } from '../features/series/lookup.ts';

// What the projector shows, decided here and nowhere else. The projector's view carries the
// answer (ScreenView.session.shows), the projector renders exactly that panel, and the console
// reads the same value for its "on screen now" marks (ConsoleSession.onScreen).
//
// The rule, once (docs/protocol.md, "What the projector shows"):
//  1. What the facilitator chose last wins. `Session.screenPanel` is that choice: every command
//     that puts something on the projector sets it (screen.show; vote.create, which announces
//     the first created vote so its rules show before it opens, unless a vote is being taken;
//     vote.announce/open/close; poll.launch/reopen/reveal/show; question.project; the visions'
//     show commands; speed.round; ranking.open, activity.show and ranking.reveal of the shown
//     ranking; consensus.open/reveal and grading.open/reveal; screen.showStrata; series.show).
//  2. A closed activity stays on the projector with its final result until something else is
//     chosen (closing a vote shows its result).
//  3. A chosen activity panel with nothing to show (the ranking was hidden, no vote yet, no
//     check open or revealed, no speed meeting) shows the welcome panel. The poll, questions and
//     visions panels show their own empty state instead.
//  4. A countdown the facilitator set to fill the screen covers the chosen panel while the
//     session has one, except a vote being taken (an open vote on the projector): then the
//     countdown goes to its corner. Otherwise the countdown sits in a corner, except beside
//     the speed-meeting panel, which shows its round's countdown itself.

export type ProjectorPanel =
  | { kind: 'welcome' }
  | { kind: 'seating' }
  | { kind: 'agenda' }
  /** The session's countdown, filling the panel area. */
  | { kind: 'timer' }
  /** The shown lever ranking (the session's active activity), whatever its phase but draft. */
  | { kind: 'ranking'; activityId: string }
  /** Open votes, or the announced vote's rules, or the last closed batch with results. */
  | { kind: 'votes'; voteIds: string[] }
  | { kind: 'consensus'; checkId: string }
  | { kind: 'grading'; gradingId: string }
  /** The poll panel: the poll last launched or shown (else the open one), null for its empty state. */
  | { kind: 'poll'; pollId: string | null }
  /** The questions panel: the current round, null for its empty state. */
  | { kind: 'questions'; roundId: string | null }
  /** The visions panel: the current vision, null for its empty state. */
  | { kind: 'visions'; visionId: string | null }
  | { kind: 'speed'; meetingId: string }
  /** One closed result read by one attribute's strata (screen.showStrata); the panel says so when it has no reading. */
  | { kind: 'strata'; ref: StratumRef; attribute: string }
  /** A series' waves side by side, their shift and transitions (shared/features/series/views.ts). */
  | { kind: 'shift'; seriesId: string };

export type ProjectorKind = ProjectorPanel['kind'];

/** The facilitator's choice (Session.screenPanel) a shown panel answers to; null for the big countdown. */
export function chosenPanelOf(shows: ProjectorPanel): ScreenPanel | null {
  switch (shows.kind) {
    case 'timer':
      return null;
    case 'consensus':
    case 'grading':
      return 'deliberation';
    default:
      return shows.kind;
  }
}

/** The consensus check or grading of the 'deliberation' panel: an open one first, else the last revealed. */
function deliberationShown(conv: Convention, session: Session): ProjectorPanel | null {
  const checks = Object.values(conv.checks).filter((c) => c.sessionId === session.id);
  const gradings = Object.values(conv.gradings).filter((g) => g.sessionId === session.id);
  const openCheck = checks.find((c) => c.status === 'open');
  if (openCheck) return { kind: 'consensus', checkId: openCheck.id };
  const openGrading = gradings.find((g) => g.status === 'open');
  if (openGrading) return { kind: 'grading', gradingId: openGrading.id };
  const revealedCheck = checks.filter((c) => c.revealed && c.status !== 'ready').at(-1);
  if (revealedCheck) return { kind: 'consensus', checkId: revealedCheck.id };
  const revealedGrading = gradings.filter((g) => g.revealed && g.status !== 'ready').at(-1);
  if (revealedGrading) return { kind: 'grading', gradingId: revealedGrading.id };
  return null;
}

/** The chosen panel with its content, or null when that choice has nothing to show (rule 3). */
function chosen(conv: Convention, session: Session): ProjectorPanel | null {
  switch (session.screenPanel) {
    case 'welcome':
    case 'seating':
    case 'agenda':
      return { kind: session.screenPanel };
    case 'ranking': {
      const id = session.activeActivityId;
      const activity = id && Object.hasOwn(conv.activities, id) ? conv.activities[id] : undefined;
      return activity && activity.phase !== 'draft' ? { kind: 'ranking', activityId: activity.id } : null;
    }
    case 'votes': {
      const voteIds = screenVoteSelection(conv, session).map((v) => v.id);
      return voteIds.length > 0 ? { kind: 'votes', voteIds } : null;
    }
    case 'deliberation':
      return deliberationShown(conv, session);
    case 'poll':
      return { kind: 'poll', pollId: shownPoll(conv, session)?.id ?? null };
    case 'questions':
      return { kind: 'questions', roundId: currentRound(conv, session.id)?.id ?? null };
    case 'visions':
      return { kind: 'visions', visionId: currentVision(conv)?.id ?? null };
    case 'speed': {
      const meeting = meetingOfSession(conv, session.id);
      return meeting ? { kind: 'speed', meetingId: meeting.id } : null;
    }
    case 'strata':
      return session.strataShown ? { kind: 'strata', ref: session.strataShown.ref, attribute: session.strataShown.attribute } : null;
    case 'shift': {
      const seriesId = conv.seriesShown?.[session.id];
      return seriesId && findSeries(conv, seriesId) ? { kind: 'shift', seriesId } : null;
    }
  }
}

/** Whether a vote is being taken on the projector (it keeps the panel over a big countdown). */
function votingOnScreen(conv: Convention, shows: ProjectorPanel): boolean {
  return shows.kind === 'votes' && shows.voteIds.some((id) => conv.votes[id]?.status === 'open');
}

/** What the projector shows now: the live session's panel (null when no session is live). */
export function projectorShows(conv: Convention): ProjectorPanel | null {
  const session = liveSession(conv);
  if (!session) return null;
  const shows = chosen(conv, session) ?? { kind: 'welcome' };
  const hasTimer = Object.hasOwn(conv.timers, session.id);
  if (hasTimer && timingOf(conv, session.id).big && !votingOnScreen(conv, shows)) return { kind: 'timer' };
  return shows;
}

/** Whether the countdown sits in a corner beside the panel (rule 4). */
export function cornerClock(conv: Convention, shows: ProjectorPanel | null): boolean {
  const session = liveSession(conv);
  const timer = session && Object.hasOwn(conv.timers, session.id) ? conv.timers[session.id] : undefined;
  if (!shows || !timer || shows.kind === 'timer') return false;
  return !(shows.kind === 'speed' && timer.source.kind === 'speed-round' && timer.source.id === shows.meetingId);
}
