import { describe, expect, it } from 'vitest';
import { advancePlan, clockText, extendTimer, pauseTimer, phaseAt, remainingAt, resumeTimer, retreatPlan, speechTimer, startTimer } from '../../shared/features/timer/math.ts';
import type { SpeakingPlan } from '../../shared/features/timer/types.ts';
import type { Timer } from '../../shared/features/core/types.ts';

// The countdown's arithmetic: what is left at a time t, and how pause, resume and extend move it.

const MIN = 60_000;
const manual = { kind: 'manual' as const, id: null };
/** 10 minutes started at t = 0. */
const tenMinutes = (): Timer => startTimer('Travail en tables', 10 * MIN, 0, manual);

describe('remaining time and phase at a time t', () => {
  const paused: Timer = { ...tenMinutes(), status: 'paused', endsAt: null, remainingMs: 4 * MIN };
  const ended: Timer = { ...tenMinutes(), status: 'ended', endsAt: null, remainingMs: 0 };
  it.each([
    ['running, at the start', tenMinutes(), 0, 10 * MIN, 'running'],
    ['running, 3 min in', tenMinutes(), 3 * MIN, 7 * MIN, 'running'],
    ['running, one ms before the end', tenMinutes(), 10 * MIN - 1, 1, 'running'],
    ['running, exactly at the end', tenMinutes(), 10 * MIN, 0, 'ended'],
    ['running, long after the end: never negative', tenMinutes(), 25 * MIN, 0, 'ended'],
    ['paused: time does not pass', paused, 99 * MIN, 4 * MIN, 'paused'],
    ['ended', ended, 1, 0, 'ended'],
  ] as const)('%s', (_, timer, t, remaining, phase) => {
    expect(remainingAt(timer, t)).toBe(remaining);
    expect(phaseAt(timer, t)).toBe(phase);
  });
});

describe('pause, resume, extend', () => {
  it('pausing at 3 min keeps 7 min; resuming at 10 min ends at 17 min', () => {
    const paused = pauseTimer(tenMinutes(), 3 * MIN);
    expect(paused).toMatchObject({ status: 'paused', endsAt: null, remainingMs: 7 * MIN });
    expect(remainingAt(paused, 9 * MIN)).toBe(7 * MIN);
    const resumed = resumeTimer(paused, 10 * MIN);
    expect(resumed).toMatchObject({ status: 'running', endsAt: 17 * MIN });
    expect(remainingAt(resumed, 12 * MIN)).toBe(5 * MIN);
  });

  it('pausing what is not running, resuming what is not paused: the same object (no event)', () => {
    const running = tenMinutes();
    expect(resumeTimer(running, MIN)).toBe(running);
    const paused = pauseTimer(running, MIN);
    expect(pauseTimer(paused, 2 * MIN)).toBe(paused);
    // Over already: nothing to pause.
    expect(pauseTimer(running, 11 * MIN)).toBe(running);
  });

  it.each([
    // [case, timer, delta, at, status after, remaining right after, durationMs after]
    ['+1 min while running', () => tenMinutes(), MIN, 4 * MIN, 'running', 7 * MIN, 11 * MIN],
    ['+5 min while running', () => tenMinutes(), 5 * MIN, 0, 'running', 15 * MIN, 15 * MIN],
    ['+1 min while paused: stays paused', () => pauseTimer(tenMinutes(), 8 * MIN), MIN, 9 * MIN, 'paused', 3 * MIN, 11 * MIN],
    ['+1 min just ended: runs again for 1 min', () => tenMinutes(), MIN, 10 * MIN + 5000, 'running', MIN, 11 * MIN],
    ['−1 min while running', () => tenMinutes(), -MIN, 2 * MIN, 'running', 7 * MIN, 9 * MIN],
    ['−5 min with 2 min left: ended', () => tenMinutes(), -5 * MIN, 8 * MIN, 'ended', 0, 5 * MIN],
    ['−1 min while paused with 30 s left: ended', () => pauseTimer(tenMinutes(), 9.5 * MIN), -MIN, 11 * MIN, 'ended', 0, 9 * MIN],
  ] as const)('%s', (_, make, delta, at, status, remaining, duration) => {
    const next = extendTimer(make(), delta, at);
    expect(next.status).toBe(status);
    expect(remainingAt(next, at)).toBe(remaining);
    expect(next.durationMs).toBe(duration);
  });

  it('taking time off a countdown that is over changes nothing', () => {
    const over = tenMinutes();
    expect(extendTimer(over, -MIN, 12 * MIN)).toBe(over);
  });

  it('a running extension moves the end, not the start: remaining keeps falling', () => {
    const extended = extendTimer(tenMinutes(), MIN, 4 * MIN);
    expect(extended.endsAt).toBe(11 * MIN);
    expect(remainingAt(extended, 10 * MIN)).toBe(MIN);
  });
});

describe('clock text', () => {
  it.each([
    [10 * MIN, '10:00'],
    [10 * MIN - 999, '10:00'],
    [10 * MIN - 1000, '09:59'],
    [8 * MIN + 31_000, '08:31'],
    [59_001, '01:00'],
    [1, '00:01'],
    [0, '00:00'],
    [-5000, '00:00'],
    [90 * MIN, '1:30:00'],
  ])('%i ms → %s', (ms, text) => {
    expect(clockText(ms)).toBe(text);
  });
});

describe('speaking-time plan progression', () => {
  const plan = (): SpeakingPlan => ({
    id: 'plan1',
    title: 'Avant le vote',
    speechMs: 2 * MIN,
    speeches: ['pour', 'contre', 'pour', 'contre'].map((label) => ({ label, status: 'pending' as const, remainingMs: null })),
    current: -1,
  });

  it('next gives the speeches in order and keeps what was left of the one before', () => {
    const first = advancePlan(plan(), 'given', null)!;
    expect(first.current).toBe(0);
    expect(first.speeches[0]).toEqual({ label: 'pour', status: 'given', remainingMs: null });
    const second = advancePlan(first, 'given', 15_000)!;
    expect(second.current).toBe(1);
    expect(second.speeches[0]!.remainingMs).toBe(15_000);
    expect(second.speeches[1]!.status).toBe('given');
  });

  it('skip moves on without a speech; after the last, there is no next', () => {
    let p = plan();
    for (const how of ['given', 'skipped', 'given', 'given'] as const) p = advancePlan(p, how, null)!;
    expect(p.speeches.map((s) => s.status)).toEqual(['given', 'skipped', 'given', 'given']);
    expect(advancePlan(p, 'given', null)).toBeNull();
  });

  it('back undoes the last move: the speech is pending again, the one before current', () => {
    const twice = advancePlan(advancePlan(plan(), 'given', null)!, 'given', 42_000)!;
    const back = retreatPlan(twice)!;
    expect(back.current).toBe(0);
    expect(back.speeches[1]).toEqual({ label: 'contre', status: 'pending', remainingMs: null });
    expect(back.speeches[0]!.remainingMs).toBe(42_000);
    expect(retreatPlan(retreatPlan(back)!)).toBeNull();
  });

  it('a speech countdown starts running for the full length, or comes back paused with what was left', () => {
    const p = advancePlan(plan(), 'given', null)!;
    expect(speechTimer(p, 0, 1000)).toMatchObject({ label: 'pour', status: 'running', endsAt: 1000 + 2 * MIN, source: { kind: 'speech', id: 'plan1' } });
    expect(speechTimer(p, 0, 1000, 42_000)).toMatchObject({ status: 'paused', endsAt: null, remainingMs: 42_000 });
    expect(speechTimer(p, 0, 1000, 0)).toMatchObject({ status: 'ended', remainingMs: 0 });
  });
});
