import { describe, expect, it } from 'vitest';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { commandRoles, evolve, type CommandName } from '../../shared/registry.ts';
import { consoleSeries, phoneWaves } from '../../shared/features/series/views.ts';
import { projectorShows } from '../../shared/views/projector-panel.ts';
import { command, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Issue 17, item 4: the rules of series, decided and evolved as the server does. A wave asks
// exactly what the first asked; transitions are switched before a later wave opens; a wave that
// never opened can leave; the projector shows a series' shift when the facilitator asks.

const live = (conv: Convention) => conv.sessions[conv.liveSessionId!]!;
const code = (r: { error: { code: string } | null }) => r.error?.code ?? 'ok';
const member = (conv: Convention): Actor => ({ role: 'member', conventionId: conv.id, memberId: conv.memberOrder[0]! });

function withPoll(format: Parameters<typeof command<'poll.create'>>[1]['format'] = { kind: 'single', options: ['Oui', 'Non'] }) {
  let conv = roomFixture();
  const r = run(conv, command('poll.create', { sessionId: live(conv).id, agendaItemId: null, question: 'Faut-il taxer le kérosène ?', format, live: false }));
  conv = r.state;
  const pollId = (r.data as { pollId: string }).pollId;
  conv = must(conv, command('poll.launch', { sessionId: live(conv).id, pollId }));
  conv = must(conv, command('poll.close', { pollId }));
  return { conv, pollId };
}

function askAgain(conv: Convention, id: string, kind: 'poll' | 'check' = 'poll', sessionId = conv.sessionOrder[1]!) {
  const r = run(conv, command('series.askAgain', { kind, id, sessionId, label: 'Après les experts' }));
  if (r.error) throw new Error(r.error.code);
  return { conv: r.state, ...(r.data as { seriesId: string; activityId: string }) };
}

describe('asking again', () => {
  it('creates the series with the first wave and a draft copy in the chosen session', () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId);
    const series = next.conv.series![next.seriesId]!;
    expect(series).toMatchObject({ kind: 'poll', title: 'Faut-il taxer le kérosène ?', transitions: false });
    expect(series.waves).toEqual([{ activityId: pollId, label: '' }, { activityId: next.activityId, label: 'Après les experts' }]);
    const copy = next.conv.polls[next.activityId]!;
    expect(copy).toMatchObject({ sessionId: conv.sessionOrder[1], status: 'draft', question: conv.polls[pollId]!.question, format: conv.polls[pollId]!.format, answers: {} });
    // Asked again from either wave, the series grows at its end.
    const third = askAgain(next.conv, next.activityId);
    expect(third.seriesId).toBe(next.seriesId);
    expect(third.conv.series![next.seriesId]!.waves).toHaveLength(3);
  });

  it('copies a consensus check: proposals, mode, levels, "Je ne sais pas", thresholds', () => {
    let conv = roomFixture();
    const proposalIds = Object.keys(conv.proposals).slice(0, 2);
    if (proposalIds.length === 0) {
      conv = must(conv, command('proposal.enter', { title: 'Bus gratuits', text: 'Le week-end.', leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
      proposalIds.push(Object.keys(conv.proposals)[0]!);
    }
    const r = run(conv, command('consensus.create', { sessionId: live(conv).id, title: 'Mobilité', proposalIds, mode: 'batch', levels: ['Oui', 'Plutôt', 'Non'], allowUnsure: true, live: false, thresholds: { consensusAgree: 70, strongAgree: 90, dissentEachSide: 25 } }));
    const checkId = (r.data as { checkId: string }).checkId;
    const next = askAgain(r.state, checkId, 'check');
    expect(next.conv.checks[next.activityId]).toMatchObject({ status: 'ready', proposalIds, mode: 'batch', levels: ['Oui', 'Plutôt', 'Non'], allowUnsure: true, thresholds: { consensusAgree: 70, strongAgree: 90, dissentEachSide: 25 }, answered: {}, counts: {} });
  });

  it.each([
    { name: 'a word cloud', format: { kind: 'words' } as const, error: 'NOT_COMPARABLE' },
  ])('refuses $name', ({ format, error }) => {
    const { conv, pollId } = withPoll(format);
    const r = run(conv, command('series.askAgain', { kind: 'poll', id: pollId, sessionId: conv.sessionOrder[1]! }));
    expect(code(r)).toBe(error);
    expect(r.state).toBe(conv);
  });

  it('refuses a session before the latest wave’s, and a poll never launched; allows the same session', () => {
    const { conv, pollId } = withPoll();
    expect(conv.sessionOrder).toHaveLength(2);
    const later = askAgain(conv, pollId, 'poll', conv.sessionOrder[1]!);
    // The latest wave is in the second session: the first (still open) is earlier, for the series as for its first wave.
    for (const id of [pollId, later.activityId]) {
      const r = run(later.conv, command('series.askAgain', { kind: 'poll', id, sessionId: conv.sessionOrder[0]! }));
      expect(code(r)).toBe('WAVE_SESSION_EARLIER');
      expect(r.state).toBe(later.conv);
    }
    expect(askAgain(later.conv, pollId, 'poll', conv.sessionOrder[1]!).conv.series![later.seriesId]!.waves).toHaveLength(3);
    const draft = run(conv, command('poll.create', { sessionId: live(conv).id, agendaItemId: null, question: 'Et le vélo ?', format: { kind: 'single', options: ['Oui', 'Non'] }, live: false }));
    const never = run(draft.state, command('series.askAgain', { kind: 'poll', id: (draft.data as { pollId: string }).pollId, sessionId: conv.sessionOrder[1]! }));
    expect(code(never)).toBe('WAVE_SOURCE_NOT_ASKED');
    expect(never.state).toBe(draft.state);
  });

  it('refuses an unknown activity or session, and a closed session', () => {
    const { conv, pollId } = withPoll();
    expect(code(run(conv, command('series.askAgain', { kind: 'poll', id: 'nope', sessionId: conv.sessionOrder[1]! })))).toBe('NOT_FOUND');
    expect(code(run(conv, command('series.askAgain', { kind: 'check', id: pollId, sessionId: conv.sessionOrder[1]! })))).toBe('NOT_FOUND');
    expect(code(run(conv, command('series.askAgain', { kind: 'poll', id: pollId, sessionId: 'nope' })))).toBe('NOT_FOUND');
    const closed = must(conv, command('session.close', { sessionId: live(conv).id }));
    expect(code(run(closed, command('series.askAgain', { kind: 'poll', id: pollId, sessionId: conv.sessionOrder[0]! })))).toBe('SESSION_CLOSED');
  });
});

describe('waves stay comparable', () => {
  it("refuses another question or other options for a wave, allows its item and live results", () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId);
    const base = { pollId: next.activityId, agendaItemId: null, question: 'Faut-il taxer le kérosène ?', format: { kind: 'single' as const, options: ['Oui', 'Non'] }, live: true };
    expect(code(run(next.conv, command('poll.edit', base)))).toBe('ok');
    expect(code(run(next.conv, command('poll.edit', { ...base, format: { kind: 'single', options: ['Oui', 'Non', 'Peut-être'] } })))).toBe('OPTIONS_LOCKED');
    expect(code(run(next.conv, command('poll.edit', { ...base, question: 'Autre chose ?' })))).toBe('OPTIONS_LOCKED');
  });

  it('a poll wave whose next wave closed is not reopened (its shown table would move)', () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId, 'poll', conv.sessionOrder[0]!);
    const on = must(next.conv, command('series.setTransitions', { seriesId: next.seriesId, enabled: true }));
    const launched = must(on, command('poll.launch', { sessionId: live(on).id, pollId: next.activityId }));
    // While the next wave is open, the earlier one may still reopen (no table is shown yet).
    expect(code(run(launched, command('poll.reopen', { pollId })))).toBe('ok');
    const closed = must(launched, command('poll.close', { pollId: next.activityId }));
    const r = run(closed, command('poll.reopen', { pollId }));
    expect(code(r)).toBe('WAVE_FOLLOWED');
    expect(r.state).toBe(closed);
    // The latest wave has no successor: it reopens as any poll.
    expect(code(run(closed, command('poll.reopen', { pollId: next.activityId })))).toBe('ok');
  });

  it('deleting a draft wave takes it out of its series; the last wave takes the series', () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId);
    const deleted = must(next.conv, command('poll.delete', { pollId: next.activityId }));
    expect(deleted.series![next.seriesId]!.waves.map((w) => w.activityId)).toEqual([pollId]);
  });
});

describe('transitions', () => {
  it('switch only while no later wave has opened', () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId, 'poll', conv.sessionOrder[0]!);
    const on = must(next.conv, command('series.setTransitions', { seriesId: next.seriesId, enabled: true }));
    expect(on.series![next.seriesId]!.transitions).toBe(true);
    const opened = must(on, command('poll.launch', { sessionId: live(on).id, pollId: next.activityId }));
    const r = run(opened, command('series.setTransitions', { seriesId: next.seriesId, enabled: false }));
    expect(code(r)).toBe('WRONG_PHASE');
    expect(consoleSeries(opened)[0]!.transitionsEditable).toBe(false);
  });

  it('refuses a multiple-choice poll (a member may hold several answers)', () => {
    const { conv, pollId } = withPoll({ kind: 'multiple', options: ['A', 'B', 'C'], maxChoices: null });
    const next = askAgain(conv, pollId);
    expect(code(run(next.conv, command('series.setTransitions', { seriesId: next.seriesId, enabled: true })))).toBe('NOT_COMPARABLE');
  });

  it('phones keep a check wave’s answers while the next wave is not closed', () => {
    let conv = roomFixture();
    conv = must(conv, command('proposal.enter', { title: 'Bus gratuits', text: 'Le week-end.', leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const r = run(conv, command('consensus.create', { sessionId: live(conv).id, title: 'Mobilité', proposalIds: [Object.keys(conv.proposals)[0]!], mode: 'batch', levels: null, allowUnsure: false, live: false }));
    const first = (r.data as { checkId: string }).checkId;
    const next = askAgain(r.state, first, 'check', r.state.sessionOrder[0]!);
    expect(phoneWaves(next.conv).keep).toEqual([]);
    const on = must(next.conv, command('series.setTransitions', { seriesId: next.seriesId, enabled: true }));
    expect(phoneWaves(on)).toEqual({ keep: [first], asked: { [next.activityId]: { askedOn: '2026-03-07', previousId: first } } });
    let closed = must(on, command('consensus.open', { checkId: next.activityId }));
    closed = must(closed, command('consensus.close', { checkId: next.activityId }));
    expect(phoneWaves(closed).keep).toEqual([]);
  });
});

describe('a check’s kept answers (every answer of a wave is counted, or none)', () => {
  function checkSeries() {
    let conv = roomFixture();
    conv = must(conv, command('proposal.enter', { title: 'Bus gratuits', text: 'Le week-end.', leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const r = run(conv, command('consensus.create', { sessionId: live(conv).id, title: 'Mobilité', proposalIds: [Object.keys(conv.proposals)[0]!], mode: 'batch', levels: null, allowUnsure: false, live: false }));
    const first = (r.data as { checkId: string }).checkId;
    return { first, ...askAgain(r.state, first, 'check', r.state.sessionOrder[0]!) };
  }
  const lost = (conv: Convention, seriesId: string) => conv.series![seriesId]!.waves.map((w) => w.previousLost === true);

  it('switches a check’s transitions on only while no wave has opened; off until a later one opens', () => {
    const { conv, first, seriesId } = checkSeries();
    const opened = must(conv, command('consensus.open', { checkId: first }));
    expect(consoleSeries(opened)[0]!.transitionsEditable).toBe(false);
    const r = run(opened, command('series.setTransitions', { seriesId, enabled: true }));
    expect(code(r)).toBe('WRONG_PHASE');
    expect(r.state).toBe(opened);
    // Switched on before: it may still go off while the later wave has not opened.
    const on = must(must(conv, command('series.setTransitions', { seriesId, enabled: true })), command('consensus.open', { checkId: first }));
    expect(consoleSeries(on)[0]!.transitionsEditable).toBe(true);
    expect(lost(on, seriesId)).toEqual([false, false]);
  });

  it('records a wave asked after the one before closed, and a log that switched transitions on late', () => {
    const { conv, first, seriesId, activityId: second } = checkSeries();
    const on = must(conv, command('series.setTransitions', { seriesId, enabled: true }));
    let done = must(must(on, command('consensus.open', { checkId: first })), command('consensus.close', { checkId: first }));
    done = must(must(done, command('consensus.open', { checkId: second })), command('consensus.close', { checkId: second }));
    const third = askAgain(done, second, 'check', done.sessionOrder[0]!);
    expect(lost(third.conv, seriesId)).toEqual([false, false, true]);
    expect(consoleSeries(third.conv)[0]!.untracked).toEqual([]);
    const closed = must(must(third.conv, command('consensus.open', { checkId: third.activityId })), command('consensus.close', { checkId: third.activityId }));
    expect(consoleSeries(closed)[0]!.untracked).toEqual([{ from: 1, to: 2 }]);
    expect(consoleSeries(closed)[0]!.tables.map((t) => [t.from, t.to])).toEqual([[0, 1]]);
    // An older log, from before the refusal: transitions on after the first wave opened.
    const late = evolve(must(conv, command('consensus.open', { checkId: first })), { type: 'SeriesTransitionsSet', seriesId, enabled: true });
    expect(lost(late, seriesId)).toEqual([false, true]);
  });

  it('a removed wave passes its kept answers on to the wave after it', () => {
    const { conv, first, seriesId, activityId: second } = checkSeries();
    const third = askAgain(conv, second, 'check', conv.sessionOrder[0]!);
    const closed = must(must(third.conv, command('consensus.open', { checkId: first })), command('consensus.close', { checkId: first }));
    // Kept for the second wave (asked before the first closed): the third inherits that.
    const removed = must(closed, command('series.removeWave', { seriesId, activityId: second }));
    expect(removed.series![seriesId]!.waves.map((w) => [w.activityId, w.previousLost === true])).toEqual([[first, false], [third.activityId, false]]);
    // A series asked after its first wave closed: the second's step is lost, and the third's once
    // the second goes.
    const fresh = must(must(conv, command('series.removeWave', { seriesId, activityId: second })), command('consensus.open', { checkId: first }));
    const after = askAgain(must(fresh, command('consensus.close', { checkId: first })), first, 'check', conv.sessionOrder[0]!);
    const next = askAgain(after.conv, after.activityId, 'check', conv.sessionOrder[0]!);
    expect(lost(next.conv, after.seriesId)).toEqual([false, true, false]);
    const gone = must(next.conv, command('series.removeWave', { seriesId: after.seriesId, activityId: after.activityId }));
    expect(lost(gone, after.seriesId)).toEqual([false, true]);
  });
});

describe('removing a wave and showing a shift', () => {
  it('removes a wave that never opened, refuses one that did', () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId);
    expect(code(run(next.conv, command('series.removeWave', { seriesId: next.seriesId, activityId: pollId })))).toBe('WRONG_PHASE');
    const removed = must(next.conv, command('series.removeWave', { seriesId: next.seriesId, activityId: next.activityId }));
    expect(removed.polls[next.activityId]).toBeUndefined();
    expect(removed.series![next.seriesId]!.waves).toHaveLength(1);
  });

  it('series.show puts the shift panel on the projector', () => {
    const { conv, pollId } = withPoll();
    const next = askAgain(conv, pollId);
    const shown = must(next.conv, command('series.show', { seriesId: next.seriesId }));
    expect(projectorShows(shown)).toEqual({ kind: 'shift', seriesId: next.seriesId });
    expect(code(run(next.conv, command('series.show', { seriesId: 'nope' })))).toBe('NOT_FOUND');
  });

  it('members may send no series command', () => {
    const { conv, pollId } = withPoll();
    const names = Object.keys(commandRoles).filter((n) => n.startsWith('series.')) as CommandName[];
    expect(names).toHaveLength(6);
    for (const name of names) expect(commandRoles[name]).toEqual(['facilitator']);
    expect(code(run(conv, command('series.askAgain', { kind: 'poll', id: pollId, sessionId: conv.sessionOrder[1]! }), member(conv)))).toBe('FORBIDDEN');
  });
});
