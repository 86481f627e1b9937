import { describe, expect, it } from 'vitest';
import { seededContext, type DecideContext } from '../../shared/domain/context.ts';
import { replay } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { remainingAt } from '../../shared/features/timer/math.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { publicView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { command, deepFreeze, roomFixture, run } from '../helpers/domain-fixtures.ts';

// The timer commands decided against the room fixture (session 1 live, agenda "Accueil" 15 min
// and "Travail en tables" 90 min), with a clock the test moves by hand.

const MIN = 60_000;
const live = { connected: new Set<string>(), publicUrl: 'http://192.0.2.1:3000' };

function clockAt(start: number): DecideContext & { at(t: number): void } {
  const base = seededContext(7);
  let now = start;
  return { ...base, now: () => now, at: (t: number) => void (now = t) };
}

function room() {
  const conv = deepFreeze(roomFixture());
  const s1 = conv.sessionOrder[0]!;
  const s2 = conv.sessionOrder[1]!;
  const ctx = clockAt(1_000_000);
  const log: DomainEvent[] = [];
  let state: Convention = conv;
  const send = (name: Parameters<typeof command>[0], args: object) => {
    const result = run(state, command(name, args as never), undefined, { ctx });
    if (!result.error) {
      log.push(...result.events);
      state = result.state;
    }
    return result;
  };
  return { s1, s2, ctx, send, log, get state() { return state; }, get timer() { return state.timers[s1] ?? null; } };
}

const code = (r: { error: { code: string } | null }) => r.error?.code ?? 'ok';

describe('timer commands', () => {
  it('start, pause, resume, extend, clear: one TimerSet each, computed on the server clock', () => {
    const r = room();
    expect(code(r.send('timer.start', { sessionId: r.s1, label: 'Travail en tables', seconds: 600 }))).toBe('ok');
    expect(r.timer).toMatchObject({ label: 'Travail en tables', status: 'running', endsAt: 1_000_000 + 10 * MIN, source: { kind: 'manual', id: null } });
    r.ctx.at(1_000_000 + 3 * MIN);
    const paused = r.send('timer.pause', { sessionId: r.s1 });
    expect(paused.events).toEqual([{ type: 'TimerSet', sessionId: r.s1, timer: expect.objectContaining({ status: 'paused', remainingMs: 7 * MIN }) }]);
    // A second pause (a double click, a retry) changes nothing.
    expect(r.send('timer.pause', { sessionId: r.s1 }).events).toEqual([]);
    r.ctx.at(1_000_000 + 20 * MIN);
    r.send('timer.extend', { sessionId: r.s1, seconds: 60 });
    expect(r.timer).toMatchObject({ status: 'paused', remainingMs: 8 * MIN });
    r.send('timer.resume', { sessionId: r.s1 });
    expect(r.timer).toMatchObject({ status: 'running', endsAt: 1_000_000 + 28 * MIN });
    r.send('timer.clear', { sessionId: r.s1 });
    expect(r.timer).toBeNull();
    expect(r.log.every((e) => e.type === 'TimerSet')).toBe(true);
    expect(replay(r.log, roomFixture())).toStrictEqual(r.state);
  });

  it('starting from an agenda item uses its title and length, and makes it the current item', () => {
    const r = room();
    const item = r.state.sessions[r.s1]!.agenda[1]!;
    const result = r.send('timer.startItem', { sessionId: r.s1, itemId: item.id });
    expect(result.events.map((e) => e.type)).toEqual(['TimerSet', 'AgendaCurrentSet']);
    expect(r.timer).toMatchObject({ label: 'Travail en tables', durationMs: 90 * MIN, source: { kind: 'manual', id: item.id } });
    expect(r.state.sessions[r.s1]!.currentItemId).toBe(item.id);
  });

  it.each([
    ['an item without a planned length', (r: ReturnType<typeof room>) => {
      r.send('agenda.add', { sessionId: r.s1, title: 'Pause', kind: 'break', durationMin: null });
      return r.send('timer.startItem', { sessionId: r.s1, itemId: r.state.sessions[r.s1]!.agenda.at(-1)!.id });
    }, 'NO_DURATION'],
    ['an unknown item', (r: ReturnType<typeof room>) => r.send('timer.startItem', { sessionId: r.s1, itemId: 'nope' }), 'NOT_FOUND'],
    ['a session that is not live', (r: ReturnType<typeof room>) => r.send('timer.start', { sessionId: r.s2, label: 'X', seconds: 60 }), 'SESSION_NOT_LIVE'],
    ['an unknown session', (r: ReturnType<typeof room>) => r.send('timer.start', { sessionId: 'ghost', label: 'X', seconds: 60 }), 'NOT_FOUND'],
    ['pausing with no countdown', (r: ReturnType<typeof room>) => r.send('timer.pause', { sessionId: r.s1 }), 'NOT_FOUND'],
    ['extending with no countdown', (r: ReturnType<typeof room>) => r.send('timer.extend', { sessionId: r.s1, seconds: 60 }), 'NOT_FOUND'],
  ])('refuses %s', (_, act, expected) => {
    const r = room();
    const before = r.state;
    const result = act(r);
    expect(code(result)).toBe(expected);
    expect(result.state).toBe(r.state);
    if (expected !== 'NO_DURATION') expect(r.state).toBe(before);
  });

  it('display settings: projector only, merged field by field, no event when unchanged', () => {
    const r = room();
    expect(screenView(r.state, live).session!.timer).toBeNull();
    r.send('timer.start', { sessionId: r.s1, label: 'Pause', seconds: 300 });
    expect(screenView(r.state, live).session!.timer).toMatchObject({ big: false, chime: true });
    r.send('timer.display', { sessionId: r.s1, big: true });
    r.send('timer.display', { sessionId: r.s1, chime: false });
    expect(screenView(r.state, live).session!.timer).toMatchObject({ big: true, chime: false });
    expect(r.send('timer.display', { sessionId: r.s1, big: true, chime: false }).events).toEqual([]);
    // Phones see the countdown, not the projector's settings.
    expect(publicView(r.state).timer).toEqual({ timer: r.timer, speech: null });
  });

  it('views hold no clock: the same state gives the same views at any time', () => {
    const r = room();
    r.send('timer.start', { sessionId: r.s1, label: 'Travail en tables', seconds: 600 });
    const a = JSON.stringify([screenView(r.state, live), publicView(r.state)]);
    r.ctx.at(9_999_999);
    expect(JSON.stringify([screenView(r.state, live), publicView(r.state)])).toBe(a);
  });
});

describe('speaking-time helper', () => {
  function planned() {
    const r = room();
    const result = r.send('speaking.plan', { sessionId: r.s1, title: 'Avant le vote de P-012', seconds: 120, labels: ['pour', 'contre', 'pour', 'contre'] });
    expect(code(result)).toBe('ok');
    return r;
  }

  it('next starts each speech’s countdown; projector and phones read "Intervention 2 sur 4 — contre"', () => {
    const r = planned();
    r.send('speaking.next', { sessionId: r.s1 });
    r.ctx.at(1_000_000 + 100_000);
    r.send('speaking.next', { sessionId: r.s1 });
    const plan = r.state.timing[r.s1]!.speaking!;
    expect(r.timer).toMatchObject({ label: 'contre', status: 'running', endsAt: 1_100_000 + 2 * MIN, source: { kind: 'speech', id: plan.id } });
    expect(plan.speeches[0]!.remainingMs).toBe(20_000);
    const speech = { number: 2, count: 4, label: 'contre' };
    expect(screenView(r.state, live).session!.timer!.speech).toEqual(speech);
    expect(publicView(r.state).timer!.speech).toEqual(speech);
    expect(consoleView(r.state, live).sessions[0]!.timing.speech).toEqual(speech);
  });

  it('back puts the previous speech back, paused with what it had left; skip gives no countdown', () => {
    const r = planned();
    r.send('speaking.next', { sessionId: r.s1 });
    r.ctx.at(1_000_000 + 30_000);
    r.send('speaking.next', { sessionId: r.s1 }); // a mistake: speech 1 was still going on
    r.ctx.at(1_000_000 + 35_000);
    const back = r.send('speaking.back', { sessionId: r.s1 });
    expect(back.data).toEqual({ current: 0 });
    expect(r.timer).toMatchObject({ label: 'pour', status: 'paused', remainingMs: 90_000 });
    expect(r.state.timing[r.s1]!.speaking!.speeches[1]!.status).toBe('pending');
    r.send('timer.resume', { sessionId: r.s1 });
    r.send('speaking.skip', { sessionId: r.s1 });
    expect(r.timer).toBeNull();
    expect(r.state.timing[r.s1]!.speaking!.speeches.map((s) => s.status)).toEqual(['given', 'skipped', 'pending', 'pending']);
    // Back over a skipped speech: no countdown to put back.
    r.send('speaking.back', { sessionId: r.s1 });
    expect(r.state.timing[r.s1]!.speaking!.current).toBe(0);
    expect(r.timer).toMatchObject({ status: 'paused' });
  });

  it('a plan may be prepared for a later session; it runs only once that session is live', () => {
    const r = room();
    expect(code(r.send('speaking.plan', { sessionId: r.s2, title: 'Session 5', seconds: 120, labels: ['pour', 'contre'] }))).toBe('ok');
    expect(r.state.timing[r.s2]!.speaking!.speeches).toHaveLength(2);
    expect(code(r.send('speaking.next', { sessionId: r.s2 }))).toBe('SESSION_NOT_LIVE');
    expect(consoleView(r.state, live).sessions[1]!.timing.speaking!.title).toBe('Session 5');
  });

  it('after the last speech there is no next; before the first there is no back', () => {
    const r = planned();
    expect(code(r.send('speaking.back', { sessionId: r.s1 }))).toBe('WRONG_PHASE');
    for (let i = 0; i < 4; i++) expect(code(r.send('speaking.next', { sessionId: r.s1 }))).toBe('ok');
    const last = r.send('speaking.next', { sessionId: r.s1 });
    expect(last.error).toMatchObject({ code: 'WRONG_PHASE', details: { phase: 'finished' } });
  });

  it('a new plan or clearing the plan removes the old plan’s countdown, not a manual one', () => {
    const r = planned();
    r.send('speaking.next', { sessionId: r.s1 });
    r.send('speaking.plan', { sessionId: r.s1, title: '', seconds: 60, labels: ['', ''] });
    expect(r.timer).toBeNull();
    r.send('timer.start', { sessionId: r.s1, label: 'Pause', seconds: 60 });
    r.send('speaking.clear', { sessionId: r.s1 });
    expect(r.state.timing[r.s1]!.speaking).toBeNull();
    expect(r.timer).toMatchObject({ label: 'Pause' });
    expect(code(r.send('speaking.next', { sessionId: r.s1 }))).toBe('NOT_FOUND');
    expect(replay(r.log, roomFixture())).toStrictEqual(r.state);
  });

  it('the countdown left after the speech keeps running on its own', () => {
    const r = planned();
    r.send('speaking.next', { sessionId: r.s1 });
    expect(remainingAt(r.timer!, 1_000_000 + 2 * MIN + 1)).toBe(0);
  });
});
