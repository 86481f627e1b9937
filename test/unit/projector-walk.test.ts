import { describe, expect, it } from 'vitest';
import { seededContext, type DecideContext } from '../../shared/domain/context.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { SCREEN_PANELS } from '../../shared/features/core/types.ts';
import { chosenPanelOf, type ProjectorPanel } from '../../shared/views/projector-panel.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { command, must, rng, roomFixture, run } from '../helpers/domain-fixtures.ts';

/** A command as the domain takes it (whichever module exports the type). */
type Command = Parameters<typeof run>[1];

// A seeded random walk over every kind of thing the projector shows: lever rankings, adoption
// votes, consensus checks, gradings, polls, question rounds, visions, a speed meeting, the
// countdown, closed results read by stratum, and the welcome / seating / agenda panels. Each step is a command valid at that
// point (show, reveal, open, close, hide, screen.show…), decided and evolved by the real pure
// domain with a seeded context. After each step: the console's "on screen now" is the very
// value the projector's view carries, that panel's content is in the projector's view, and a
// choice the facilitator just made is what the projector shows (unless its rule says why not).

const live = (): LiveFacts => ({ publicUrl: 'http://salle.test', connected: new Set() });
type Rng = ReturnType<typeof rng>;

interface Move {
  cmd: Command;
  actor?: Actor;
  /** The kind the projector must show right after, when the move is a choice of what to show. */
  expect?: (conv: Convention) => ProjectorPanel['kind'][];
}

const values = <T>(record: Record<string, T>) => Object.values(record);

function setup(): Convention {
  let conv = roomFixture();
  // Results read by gender, with k at 2 so that the room's few members make strata of their own.
  conv = must(conv, command('strata.choose', { attributes: ['gender'] }));
  conv = must(conv, command('convention.setSmallGroupMin', { smallGroupMin: 2 }));
  for (const title of ['Rénover les écoles', 'Zones à faibles émissions', 'Cantines bio', 'Vélo partout']) {
    conv = must(conv, command('proposal.enter', { title, text: `${title}.`, leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  }
  return conv;
}

/** The kinds a choice may end on: itself, the welcome panel when it has nothing to show, or the big countdown over it. */
const orTimer = (...kinds: ProjectorPanel['kind'][]) => () => [...kinds, 'timer' as const];

/** Every command worth trying now, built from the state (most are valid; a refused one changes nothing). */
function moves(conv: Convention, r: Rng, step: number): Move[] {
  const s = conv.sessions[conv.liveSessionId!]!;
  const sessionId = s.id;
  const mine = <T extends { sessionId: string }>(record: Record<string, T>) => values(record).filter((x) => x.sessionId === sessionId);
  const present = conv.memberOrder.filter((id) => s.present[id]);
  const member = (): Actor => ({ role: 'member', conventionId: conv.id, memberId: r.pick(present) });
  const out: Move[] = [];
  const add = (cmd: Command, expect?: Move['expect'], actor?: Actor) => out.push({ cmd, ...(expect ? { expect } : {}), ...(actor ? { actor } : {}) });

  for (const panel of SCREEN_PANELS) {
    const fallback: ProjectorPanel['kind'][] = panel === 'votes' || panel === 'speed' ? ['welcome'] : [];
    add(command('screen.show', { sessionId, panel }), orTimer(panel, ...fallback));
  }

  // Lever rankings.
  const rankings = mine(conv.activities);
  if (rankings.length < 3) add(command('ranking.create', { sessionId, title: `Classement ${step}`, silentRound: r.chance(0.5), tableIds: [] }));
  for (const a of rankings) {
    if (a.phase === 'draft') add(command('ranking.open', { activityId: a.id }), orTimer('ranking'));
    if (a.phase === 'silent') add(command('ranking.startTables', { activityId: a.id }));
    if (a.phase !== 'draft') {
      add(command('ranking.reveal', { activityId: a.id, revealed: !a.revealed }));
      add(command('activity.show', { sessionId, activityId: a.id }), orTimer('ranking'));
      if (a.phase !== 'closed') add(command('ranking.close', { activityId: a.id }));
    }
  }
  if (s.activeActivityId) add(command('activity.show', { sessionId, activityId: null }));

  // Adoption votes.
  const votes = mine(conv.votes);
  const pending = new Set(votes.filter((v) => v.status !== 'closed').map((v) => v.proposalId));
  const free = conv.proposalOrder.filter((id) => !pending.has(id));
  if (free.length > 0) add(command('vote.create', { sessionId, proposalIds: [r.pick(free)], secret: r.chance(0.3), thresholdBp: 5000, basis: 'expressed', batch: false }));
  for (const v of votes) {
    if (v.status === 'ready') {
      add(command('vote.announce', { voteId: v.id }), orTimer('votes'));
      add(command('vote.open', { voteIds: [v.id] }), () => ['votes']);
      add(command('vote.discard', { voteIds: [v.id] }));
    }
    if (v.status === 'open') {
      add(command('vote.close', { voteIds: [v.id] }), orTimer('votes'));
      if (present.length > 0) add(command('vote.cast', { voteId: v.id, choice: r.pick(['for', 'against', 'abstain'] as const) }), undefined, member());
    }
  }

  // Consensus checks and gradings.
  const checks = mine(conv.checks);
  const gradings = mine(conv.gradings);
  const someProposals = () => conv.proposalOrder.filter(() => r.chance(0.6)).slice(0, 3);
  const picked = someProposals();
  if (checks.length < 3) add(command('consensus.create', { sessionId, title: `Consensus ${step}`, proposalIds: picked.length > 0 ? picked : [conv.proposalOrder[0]!], mode: r.pick(['plenary', 'batch'] as const), levels: null, allowUnsure: true, live: r.chance(0.3) }));
  for (const c of checks) {
    if (c.status === 'ready') add(command('consensus.open', { checkId: c.id }), orTimer('consensus', 'grading'));
    if (c.status === 'open') add(command('consensus.close', { checkId: c.id }));
    if (c.status !== 'ready' || r.chance(0.2)) add(command('consensus.reveal', { checkId: c.id, revealed: !c.revealed }));
  }
  if (gradings.length < 3) add(command('grading.create', { sessionId, title: `Hiérarchie ${step}`, proposalIds: [r.pick(conv.proposalOrder)] }));
  for (const g of gradings) {
    if (g.status === 'ready') add(command('grading.open', { gradingId: g.id }), orTimer('consensus', 'grading'));
    if (g.status === 'open') add(command('grading.close', { gradingId: g.id }));
    add(command('grading.reveal', { gradingId: g.id, revealed: !g.revealed }));
  }

  // Quick polls.
  const polls = mine(conv.polls);
  if (polls.length < 4) add(command('poll.create', { sessionId, agendaItemId: null, question: `Question ${step} ?`, format: r.chance(0.5) ? { kind: 'words' } : { kind: 'scale', min: 1, max: 5, minLabel: '', maxLabel: '' }, live: r.chance(0.3) }));
  for (const p of polls) {
    if (p.status === 'draft') add(command('poll.launch', { sessionId, pollId: p.id }), orTimer('poll'));
    if (p.status === 'open') {
      add(command('poll.close', { pollId: p.id }));
      if (present.length > 0) add(command('poll.answer', { pollId: p.id, answer: p.format.kind === 'words' ? { kind: 'words', text: `mot ${step}` } : { kind: 'scale', value: 1 + r.int(5) } }), undefined, member());
    }
    if (p.status === 'closed') add(command('poll.reopen', { pollId: p.id }), orTimer('poll'));
    if (p.status !== 'draft') {
      add(command('poll.reveal', { pollId: p.id, revealed: !p.revealed }), p.revealed ? undefined : orTimer('poll'));
      add(command('poll.show', { pollId: p.id }), orTimer('poll'));
    }
  }

  // Question rounds.
  const rounds = mine(conv.questionRounds);
  if (rounds.length < 2) add(command('question.round.create', { sessionId, title: `Questions ${step}`, agendaItemId: null, premoderation: false, allowAnonymous: true }));
  for (const q of rounds) {
    if (q.status !== 'open') add(command('question.round.open', { roundId: q.id }));
    else {
      add(command('question.round.close', { roundId: q.id }));
      if (present.length > 0) add(command('question.ask', { roundId: q.id, text: `Pourquoi ${step} ?`, anonymous: r.chance(0.5) }), undefined, member());
    }
    const visible = q.questions.filter((x) => !x.hidden && !x.withdrawnAt && !x.mergedInto);
    if (visible.length > 0) add(command('question.project', { roundId: q.id, questionId: r.pick(visible).id }), orTimer('questions'));
    if (q.projectedId) add(command('question.project', { roundId: q.id, questionId: null }));
  }

  // Table visions.
  const visions = mine(conv.visions);
  if (visions.length < 2) add(command('vision.create', { sessionId, title: `Vision ${step}`, prompt: '', tableIds: [] }));
  for (const v of visions) {
    if (v.status !== 'open') add(command('vision.open', { visionId: v.id }));
    else add(command('vision.close', { visionId: v.id }));
    if (v.status !== 'ready') {
      add(command('vision.gallery', { visionId: v.id, shown: !v.gallery }), v.gallery ? undefined : orTimer('visions'));
      add(command('vision.feature', { visionId: v.id, tableId: r.chance(0.3) ? null : r.pick(s.tables).id }));
    }
  }

  // The speed meeting.
  const meeting = mine(conv.speedMeetings)[0];
  if (!meeting) add(command('speed.create', { sessionId }));
  else if (meeting.actors.length === 0) add(command('speed.actorsAdd', { meetingId: meeting.id, actors: [{ name: 'Léa', organisation: 'négaWatt', theme: 'Énergie', table: '' }, { name: '', organisation: 'ADEME', theme: '', table: '' }] }));
  else if (!meeting.plan) add(command('speed.generate', { meetingId: meeting.id, basis: 'present' }));
  else {
    // Asking again for the round already running (its countdown on) changes nothing, what is shown included.
    const round = 1 + r.int(meeting.plan.rounds.length);
    add(command('speed.round', { meetingId: meeting.id, round }), meeting.status === 'running' && meeting.round === round ? undefined : orTimer('speed'));
    if (meeting.status === 'running') add(command('speed.end', { meetingId: meeting.id }));
  }

  // A closed result read by gender (refused, changing nothing, when it has no reading by gender).
  const closed = [
    ...mine(conv.votes).filter((v) => v.status === 'closed').map((v) => ({ kind: 'vote' as const, id: v.id })),
    ...mine(conv.polls).filter((p) => p.status === 'closed').map((p) => ({ kind: 'poll' as const, id: p.id })),
    ...mine(conv.checks).filter((c) => c.status === 'closed').map((c) => ({ kind: 'check' as const, id: c.id, proposalId: c.proposalIds[0]! })),
    ...mine(conv.gradings).filter((g) => g.status === 'closed').map((g) => ({ kind: 'grading' as const, id: g.id, proposalId: g.proposalIds[0]! })),
  ];
  if (closed.length > 0) add(command('screen.showStrata', { sessionId, ref: r.pick(closed), attribute: 'gender' }), orTimer('strata'));

  // A closed poll or check asked again (issue 17), and a series' shift on the projector.
  const again = closed.filter((c) => c.kind === 'poll' || c.kind === 'check');
  if (again.length > 0) {
    const source = r.pick(again);
    add(command('series.askAgain', { kind: source.kind === 'poll' ? 'poll' : 'check', id: source.id, sessionId }));
  }
  const series = Object.values(conv.series ?? {});
  if (series.length > 0) add(command('series.show', { seriesId: r.pick(series).id }), orTimer('shift'));

  // The countdown.
  const timer = conv.timers[sessionId];
  if (!timer || r.chance(0.2)) add(command('timer.start', { sessionId, label: `Tables ${step}`, seconds: 60 + r.int(600) }));
  if (timer) {
    add(command('timer.clear', { sessionId }));
    add(command(timer.status === 'running' ? 'timer.pause' : 'timer.resume', { sessionId }));
  }
  add(command('timer.display', { sessionId, big: r.chance(0.4) }));
  return out;
}

/** The content of the panel the projector shows is in its view, with the same ids. */
function expectContent(screen: NonNullable<ReturnType<typeof screenView>['session']>) {
  const shows = screen.shows;
  switch (shows.kind) {
    case 'ranking':
      expect(screen.ranking?.id).toBe(shows.activityId);
      break;
    case 'votes':
      expect(screen.votes?.current.map((v) => v.id)).toEqual(shows.voteIds);
      break;
    case 'consensus':
      expect(screen.deliberation.checks.some((c) => c.id === shows.checkId)).toBe(true);
      break;
    case 'grading':
      expect(screen.deliberation.gradings.some((g) => g.id === shows.gradingId)).toBe(true);
      break;
    case 'poll':
      expect(screen.poll?.id ?? null).toBe(shows.pollId);
      break;
    case 'questions':
      expect(screen.questions?.round.id ?? null).toBe(shows.roundId);
      break;
    case 'visions':
      expect(screen.vision?.id ?? null).toBe(shows.visionId);
      break;
    case 'speed':
      expect(screen.speed?.meetingId).toBe(shows.meetingId);
      break;
    case 'timer':
      expect(screen.timer?.big).toBe(true);
      break;
    case 'shift':
      expect(screen.shift?.id).toBe(shows.seriesId);
      break;
    case 'strata':
      expect(screen.byStratum?.attribute).toBe(shows.attribute);
      expect(screen.byStratum?.reading?.ref ?? shows.ref).toEqual(shows.ref);
      break;
    default:
      break;
  }
  if (shows.kind !== 'votes') expect(screen.votes).toBeNull();
  if (shows.kind !== 'strata') expect(screen.byStratum).toBeNull();
  if (shows.kind !== 'shift') expect(screen.shift).toBeNull();
  if (screen.cornerClock) expect(screen.timer).not.toBeNull();
}

interface WalkReport {
  accepted: number;
  kinds: Set<string>;
}

function walk(seed: number, steps: number): WalkReport {
  const r = rng(seed);
  const ctx: DecideContext = seededContext(seed * 7919 + 1);
  let conv = setup();
  const report: WalkReport = { accepted: 0, kinds: new Set() };
  for (let step = 0; step < steps; step++) {
    const move = r.pick(moves(conv, r, step));
    const result = run(conv, move.cmd, move.actor, { ctx });
    if (!result.error) report.accepted++;
    conv = result.state;
    const screen = screenView(conv, live()).session!;
    const consoleSessions = consoleView(conv, live()).sessions;
    const where = `seed ${seed}, step ${step}, ${move.cmd.name} ${JSON.stringify(move.cmd.args)}`;
    for (const s of consoleSessions) expect(s.onScreen, where).toEqual(s.id === conv.liveSessionId ? screen.shows : null);
    expectContent(screen);
    if (!result.error && move.expect) expect(move.expect(conv), where).toContain(screen.shows.kind);
    if (!result.error && move.cmd.name === 'screen.show') expect([move.cmd.args.panel, null, 'welcome'], where).toContain(chosenPanelOf(screen.shows));
    report.kinds.add(screen.shows.kind);
  }
  return report;
}

const SEEDS = [1, 2, 3, 5, 8, 13, 21, 2026];
const STEPS = 300;

describe('the projector in a random walk', () => {
  it.each(SEEDS)('seed %i: the console’s "on screen now" is what the projector shows, with its content', (seed) => {
    const report = walk(seed, STEPS);
    expect(report.accepted).toBeGreaterThan(STEPS * 0.6);
  });

  it('visits every kind of panel over the seeds', () => {
    const kinds = new Set<string>();
    for (const seed of SEEDS.slice(0, 4)) for (const k of walk(seed, STEPS).kinds) kinds.add(k);
    expect([...kinds].sort()).toEqual(['agenda', 'consensus', 'grading', 'poll', 'questions', 'ranking', 'seating', 'shift', 'speed', 'strata', 'timer', 'visions', 'votes', 'welcome']);
  });
});
