import { describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import { liveSession } from '../../shared/domain/lookup.ts';
import { projectorShows, type ProjectorPanel } from '../../shared/views/projector-panel.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { screenRanking } from '../../shared/features/ranking/views.ts';
import { screenVoteSelection } from '../../shared/features/votes/views.ts';
import { publicDeliberation } from '../../shared/features/deliberation/views.ts';
import { timingOf } from '../../shared/features/timer/evolve.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { command, must, roomFixture, type run } from '../helpers/domain-fixtures.ts';

/** A command as the domain takes it (whichever module exports the type). */
type Command = Parameters<typeof run>[1];

// The projector's precedence, decided once (shared/views/projector-panel.ts): each row drives
// the real domain from the room fixture, then reads what the projector shows, what its view
// carries and what the console's "on screen now" says. The rows marked `legacy` were wrong
// before: the projector's own precedence (ScreenApp.svelte until then, transcribed below)
// showed something else than the facilitator's last choice, while the console said otherwise.

const live = (): LiveFacts => ({ publicUrl: 'http://salle.test', connected: new Set() });

type Step = (conv: Convention) => Command;

const sid = (conv: Convention) => conv.liveSessionId!;
const last = <T>(record: Record<string, T>): T => Object.values(record).at(-1)!;
const lastId = (record: Record<string, { id: string }>) => last(record).id;
const firstId = (record: Record<string, { id: string }>) => Object.values(record)[0]!.id;

function proposal(conv: Convention, title: string): Convention {
  return must(conv, command('proposal.enter', { title, text: `${title}, en détail.`, leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
}

const S = {
  show: (panel: 'welcome' | 'seating' | 'agenda' | 'votes' | 'poll' | 'questions' | 'visions' | 'speed'): Step => (c) => command('screen.show', { sessionId: sid(c), panel }),
  rankingCreate: (): Step => (c) => command('ranking.create', { sessionId: sid(c), title: 'Leviers', silentRound: false, tableIds: [] }),
  rankingOpen: (): Step => (c) => command('ranking.open', { activityId: lastId(c.activities) }),
  rankingClose: (): Step => (c) => command('ranking.close', { activityId: lastId(c.activities) }),
  rankingReveal: (revealed = true): Step => (c) => command('ranking.reveal', { activityId: lastId(c.activities), revealed }),
  activityShow: (hide = false): Step => (c) => command('activity.show', { sessionId: sid(c), activityId: hide ? null : lastId(c.activities) }),
  voteCreate: (): Step => (c) => command('vote.create', { sessionId: sid(c), proposalIds: [lastId(c.proposals)], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false }),
  proposalEnter: (title: string): Step => (c) => command('proposal.enter', { title, text: `${title}, en détail.`, leverId: c.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }),
  firstVoteClose: (): Step => (c) => command('vote.close', { voteIds: [firstId(c.votes)] }),
  voteAnnounce: (): Step => (c) => command('vote.announce', { voteId: lastId(c.votes) }),
  voteOpen: (): Step => (c) => command('vote.open', { voteIds: [lastId(c.votes)] }),
  voteClose: (): Step => (c) => command('vote.close', { voteIds: [lastId(c.votes)] }),
  checkCreate: (): Step => (c) => command('consensus.create', { sessionId: sid(c), title: 'Consensus', proposalIds: [lastId(c.proposals)], mode: 'batch', levels: null, allowUnsure: true, live: false }),
  checkOpen: (): Step => (c) => command('consensus.open', { checkId: lastId(c.checks) }),
  checkReveal: (revealed = true): Step => (c) => command('consensus.reveal', { checkId: lastId(c.checks), revealed }),
  checkClose: (): Step => (c) => command('consensus.close', { checkId: lastId(c.checks) }),
  gradingCreate: (): Step => (c) => command('grading.create', { sessionId: sid(c), title: 'Hiérarchie', proposalIds: [lastId(c.proposals)] }),
  gradingOpen: (): Step => (c) => command('grading.open', { gradingId: lastId(c.gradings) }),
  gradingReveal: (): Step => (c) => command('grading.reveal', { gradingId: lastId(c.gradings), revealed: true }),
  pollCreate: (): Step => (c) => command('poll.create', { sessionId: sid(c), agendaItemId: null, question: 'Un mot ?', format: { kind: 'words' }, live: false }),
  pollLaunch: (): Step => (c) => command('poll.launch', { sessionId: sid(c), pollId: lastId(c.polls) }),
  pollClose: (): Step => (c) => command('poll.close', { pollId: lastId(c.polls) }),
  pollReveal: (): Step => (c) => command('poll.reveal', { pollId: lastId(c.polls), revealed: true }),
  timerStart: (): Step => (c) => command('timer.start', { sessionId: sid(c), label: 'Travail en tables', seconds: 600 }),
  timerBig: (big = true): Step => (c) => command('timer.display', { sessionId: sid(c), big }),
};

interface Row {
  name: string;
  steps: Step[];
  /** What the projector shows, ids replaced by the last entity of their kind. */
  expected: (conv: Convention) => ProjectorPanel;
  /** The projector's own precedence before this change showed something else here. */
  legacy?: true;
}

const WITH_PROPOSAL = 'proposal';

const rows: Row[] = [
  { name: 'a fresh live session shows the welcome panel', steps: [], expected: () => ({ kind: 'welcome' }) },
  { name: 'screen.show chooses the panel', steps: [S.show('seating')], expected: () => ({ kind: 'seating' }) },
  { name: 'opening a ranking shows it', steps: [S.show('agenda'), S.rankingCreate(), S.rankingOpen()], expected: (c) => ({ kind: 'ranking', activityId: lastId(c.activities) }) },
  { name: 'a closed ranking stays shown with its result until something else is chosen', steps: [S.rankingCreate(), S.rankingOpen(), S.rankingReveal(), S.rankingClose()], expected: (c) => ({ kind: 'ranking', activityId: lastId(c.activities) }) },
  { name: 'a panel chosen after a ranking wins over it', steps: [S.rankingCreate(), S.rankingOpen(), S.show('agenda')], expected: () => ({ kind: 'agenda' }), legacy: true },
  { name: 'showing the ranking again brings it back', steps: [S.rankingCreate(), S.rankingOpen(), S.show('agenda'), S.activityShow()], expected: (c) => ({ kind: 'ranking', activityId: lastId(c.activities) }) },
  { name: 'revealing the shown ranking brings it back', steps: [S.rankingCreate(), S.rankingOpen(), S.show('agenda'), S.rankingReveal()], expected: (c) => ({ kind: 'ranking', activityId: lastId(c.activities) }) },
  { name: 'hiding the ranking falls back to the welcome panel', steps: [S.rankingCreate(), S.rankingOpen(), S.activityShow(true)], expected: () => ({ kind: 'welcome' }) },
  {
    name: 'bug 1: after a closed ranking, a closed vote’s result reaches the projector',
    steps: [S.rankingCreate(), S.rankingOpen(), S.rankingClose(), S.voteCreate(), S.voteOpen(), S.voteClose()],
    expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }),
    legacy: true,
  },
  {
    name: 'bug 2: a closed ranking still shown does not hide a revealed poll',
    steps: [S.rankingCreate(), S.rankingOpen(), S.rankingClose(), S.pollCreate(), S.pollLaunch(), S.pollClose(), S.pollReveal()],
    expected: (c) => ({ kind: 'poll', pollId: lastId(c.polls) }),
    legacy: true,
  },
  {
    name: 'bug 3: the welcome panel is shown over a revealed consensus check',
    steps: [S.checkCreate(), S.checkOpen(), S.checkClose(), S.checkReveal(), S.show('welcome')],
    expected: () => ({ kind: 'welcome' }),
    legacy: true,
  },
  { name: 'an announced vote shows its rules', steps: [S.voteCreate(), S.voteAnnounce()], expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }) },
  // Issue 18: creating votes shows their rules at once, before the first one opens.
  { name: 'creating votes puts the first one’s rules on the projector', steps: [S.show('seating'), S.voteCreate()], expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }) },
  { name: 'creating votes after a poll replaces it with their rules', steps: [S.pollCreate(), S.pollLaunch(), S.voteCreate()], expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }) },
  { name: 'a vote created while another is being taken leaves that one on the projector', steps: [S.voteCreate(), S.voteOpen(), S.proposalEnter('Deuxième proposition'), S.voteCreate()], expected: (c) => ({ kind: 'votes', voteIds: [firstId(c.votes)] }) },
  { name: '… and once that one closes, its result, not the new vote', steps: [S.voteCreate(), S.voteOpen(), S.proposalEnter('Deuxième proposition'), S.voteCreate(), S.firstVoteClose()], expected: (c) => ({ kind: 'votes', voteIds: [firstId(c.votes)] }) },
  { name: 'an open vote is shown', steps: [S.voteCreate(), S.voteOpen()], expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }) },
  { name: 'a panel chosen during an open vote wins over it', steps: [S.voteCreate(), S.voteOpen(), S.show('seating')], expected: () => ({ kind: 'seating' }), legacy: true },
  { name: 'a closed vote’s result stays until something else is chosen', steps: [S.voteCreate(), S.voteOpen(), S.voteClose(), S.rankingCreate()], expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }) },
  { name: 'the votes panel with no vote shows the welcome panel', steps: [S.show('votes')], expected: () => ({ kind: 'welcome' }) },
  { name: 'opening a consensus check shows it', steps: [S.show('seating'), S.checkCreate(), S.checkOpen()], expected: (c) => ({ kind: 'consensus', checkId: lastId(c.checks) }) },
  { name: 'revealing a closed check shows it again', steps: [S.checkCreate(), S.checkOpen(), S.checkClose(), S.show('agenda'), S.checkReveal()], expected: (c) => ({ kind: 'consensus', checkId: lastId(c.checks) }) },
  { name: 'a check closed without its results leaves the welcome panel', steps: [S.checkCreate(), S.checkOpen(), S.checkClose()], expected: () => ({ kind: 'welcome' }) },
  { name: 'an open grading comes before a revealed check', steps: [S.checkCreate(), S.checkOpen(), S.checkReveal(), S.checkClose(), S.gradingCreate(), S.gradingOpen()], expected: (c) => ({ kind: 'grading', gradingId: lastId(c.gradings) }), legacy: true },
  { name: 'revealing a grading shows it', steps: [S.gradingCreate(), S.gradingOpen(), S.show('agenda'), S.gradingReveal()], expected: (c) => ({ kind: 'grading', gradingId: lastId(c.gradings) }) },
  { name: 'a ranking opened after a revealed check wins', steps: [S.checkCreate(), S.checkOpen(), S.checkReveal(), S.rankingCreate(), S.rankingOpen()], expected: (c) => ({ kind: 'ranking', activityId: lastId(c.activities) }) },
  { name: 'a check opened while a ranking is shown wins', steps: [S.rankingCreate(), S.rankingOpen(), S.checkCreate(), S.checkOpen()], expected: (c) => ({ kind: 'consensus', checkId: lastId(c.checks) }), legacy: true },
  { name: 'the poll panel with no poll shows its empty state', steps: [S.show('poll')], expected: () => ({ kind: 'poll', pollId: null }) },
  { name: 'the questions panel before any round shows its empty state', steps: [S.show('questions')], expected: () => ({ kind: 'questions', roundId: null }) },
  { name: 'the visions panel before any vision shows its empty state', steps: [S.show('visions')], expected: () => ({ kind: 'visions', visionId: null }) },
  { name: 'the speed panel without a speed meeting shows the welcome panel', steps: [S.show('speed')], expected: () => ({ kind: 'welcome' }) },
  { name: 'a countdown in a corner leaves the chosen panel', steps: [S.show('agenda'), S.timerStart()], expected: () => ({ kind: 'agenda' }) },
  { name: 'a countdown set to fill the screen covers the chosen panel', steps: [S.rankingCreate(), S.rankingOpen(), S.timerStart(), S.timerBig()], expected: () => ({ kind: 'timer' }) },
  { name: 'a countdown set to fill the screen gives way to an open vote', steps: [S.timerStart(), S.timerBig(), S.voteCreate(), S.voteOpen()], expected: (c) => ({ kind: 'votes', voteIds: [lastId(c.votes)] }) },
  { name: 'a countdown set to fill the screen covers a closed vote’s result', steps: [S.timerStart(), S.timerBig(), S.voteCreate(), S.voteOpen(), S.voteClose()], expected: () => ({ kind: 'timer' }) },
  { name: 'back to a corner, the countdown leaves the chosen panel', steps: [S.show('seating'), S.timerStart(), S.timerBig(), S.timerBig(false)], expected: () => ({ kind: 'seating' }) },
];

function build(steps: Step[]): Convention {
  let conv = proposal(roomFixture(), WITH_PROPOSAL);
  for (const step of steps) conv = must(conv, step(conv));
  return conv;
}

/** The projector's precedence before this change (ScreenApp.svelte and the votes view), on the same state. */
function legacyPrecedence(conv: Convention): ProjectorPanel['kind'] {
  const session = liveSession(conv)!;
  const ranking = screenRanking(conv);
  const selection = screenVoteSelection(conv, session);
  const anyOpen = selection.some((v) => v.status === 'open');
  const votes = anyOpen || (session.screenPanel === 'votes' && selection.length > 0);
  const showVotes = votes && (ranking === null || anyOpen);
  const delib = publicDeliberation(conv);
  const check = delib.checks.find((c) => c.status === 'open' || c.revealed);
  const grading = check ? undefined : delib.gradings.find((g) => g.status === 'open' || g.revealed);
  const timer = Object.hasOwn(conv.timers, session.id);
  if (timer && timingOf(conv, session.id).big && !anyOpen) return 'timer';
  if (showVotes) return 'votes';
  if (ranking) return 'ranking';
  if (check) return 'consensus';
  if (grading) return 'grading';
  const panel = session.screenPanel;
  return panel === 'ranking' || panel === 'deliberation' || panel === 'votes' || panel === 'speed' || panel === 'shift' ? 'welcome' : panel;
}

describe('what the projector shows', () => {
  it.each(rows)('$name', ({ steps, expected, legacy }) => {
    const conv = build(steps);
    const want = expected(conv);
    expect(projectorShows(conv)).toEqual(want);
    // The projector's view carries it, the console reads the very same value.
    const screen = screenView(conv, live()).session!;
    expect(screen.shows).toEqual(want);
    const consoleSession = consoleView(conv, live()).sessions.find((s) => s.id === conv.liveSessionId)!;
    expect(consoleSession.onScreen).toEqual(want);
    if (legacy) expect(legacyPrecedence(conv)).not.toBe(want.kind);
  });

  it('nothing is on screen for a session that is not live', () => {
    const conv = build([S.show('seating')]);
    const view = consoleView(conv, live());
    for (const s of view.sessions) expect(s.onScreen).toEqual(s.id === conv.liveSessionId ? { kind: 'seating' } : null);
  });

  it('the projector’s view carries only the votes it shows', () => {
    const conv = build([S.voteCreate(), S.voteOpen(), S.voteClose(), S.show('agenda')]);
    expect(screenView(conv, live()).session!.votes).toBeNull();
    const shown = must(conv, S.show('votes')(conv));
    expect(screenView(shown, live()).session!.votes?.current.map((v) => v.id)).toEqual([lastId(conv.votes)]);
  });

  it('the countdown sits in a corner unless it fills the screen', () => {
    const corner = build([S.show('agenda'), S.timerStart()]);
    expect(screenView(corner, live()).session!.cornerClock).toBe(true);
    const big = must(corner, S.timerBig()(corner));
    expect(screenView(big, live()).session!.cornerClock).toBe(false);
  });
});
