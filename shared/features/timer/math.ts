import type { Timer } from '../core/types.ts';
import type { SpeakingPlan } from './types.ts';

// Countdown arithmetic, pure: the server decides with it (ctx.now()), and screens display with
// it (their own clock corrected by the offset to the server's). A running timer only stores when
// it ends, so no event is needed while it runs, nor when it reaches zero.

export type TimerPhase = 'running' | 'paused' | 'ended';

/** Milliseconds left at `now` (server clock), never below zero. */
export function remainingAt(timer: Timer, now: number): number {
  if (timer.status === 'ended') return 0;
  if (timer.status === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now);
  return Math.max(0, timer.remainingMs);
}

/** What the room should read: a running timer whose end has passed is over. */
export function phaseAt(timer: Timer, now: number): TimerPhase {
  if (timer.status === 'running') return remainingAt(timer, now) > 0 ? 'running' : 'ended';
  return timer.status;
}

export function startTimer(label: string, durationMs: number, now: number, source: Timer['source']): Timer {
  return { label, durationMs, status: 'running', endsAt: now + durationMs, remainingMs: durationMs, source };
}

/** Pausing keeps what is left; a timer that is not running is returned as it is. */
export function pauseTimer(timer: Timer, now: number): Timer {
  if (phaseAt(timer, now) !== 'running') return timer;
  return { ...timer, status: 'paused', endsAt: null, remainingMs: remainingAt(timer, now) };
}

export function resumeTimer(timer: Timer, now: number): Timer {
  if (timer.status !== 'paused') return timer;
  return { ...timer, status: 'running', endsAt: now + timer.remainingMs };
}

const ended = (timer: Timer, durationMs: number): Timer => ({ ...timer, status: 'ended', endsAt: null, remainingMs: 0, durationMs });

/**
 * Adds (or, negative, takes off) time. A running timer keeps running, a paused one stays paused;
 * one that has just ended starts again for the added time ("+1 min" when the time is up). Taking
 * off more than is left ends it. `durationMs` follows, so a progress bar stays right.
 */
export function extendTimer(timer: Timer, deltaMs: number, now: number): Timer {
  const phase = phaseAt(timer, now);
  const durationMs = Math.max(0, timer.durationMs + deltaMs);
  if (phase === 'ended') {
    if (deltaMs <= 0) return timer;
    return { ...timer, status: 'running', endsAt: now + deltaMs, remainingMs: deltaMs, durationMs: Math.max(durationMs, deltaMs) };
  }
  const left = remainingAt(timer, now) + deltaMs;
  if (left <= 0) return ended(timer, durationMs);
  if (phase === 'paused') return { ...timer, remainingMs: left, durationMs: Math.max(durationMs, left) };
  return { ...timer, endsAt: now + left, remainingMs: left, durationMs: Math.max(durationMs, left) };
}

/** "08:31", or "1:05:00" from an hour; seconds are rounded up so 10:00 shows at the start and 00:00 only at the end. */
export function clockText(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

// ---------------------------------------------------------------------------------------------
// Speaking-time plans

/**
 * The countdown of speech `index` of a plan (the source names the plan). `left` null: the speech
 * starts, running, for the full length; otherwise it is put back, paused with what was left (or
 * ended when nothing was).
 */
export function speechTimer(plan: SpeakingPlan, index: number, now: number, left: number | null = null): Timer {
  const label = plan.speeches[index]?.label || plan.title;
  const timer = startTimer(label, plan.speechMs, now, { kind: 'speech', id: plan.id });
  if (left === null) return timer;
  if (left <= 0) return ended(timer, plan.speechMs);
  return { ...timer, status: 'paused', endsAt: null, remainingMs: Math.min(left, plan.speechMs) };
}

/** True when the session's countdown is this plan's current speech. */
export function isPlanTimer(plan: SpeakingPlan, timer: Timer | null | undefined): boolean {
  return Boolean(timer && timer.source.kind === 'speech' && timer.source.id === plan.id);
}

/**
 * Moves the plan to the next speech, given (with its countdown) or skipped (without), and keeps
 * what was left of the current one's countdown, to put it back if this move was a mistake.
 */
export function advancePlan(plan: SpeakingPlan, how: 'given' | 'skipped', leftOnCurrent: number | null): SpeakingPlan | null {
  const next = plan.current + 1;
  if (next >= plan.speeches.length) return null;
  const speeches = plan.speeches.map((speech, i) => {
    if (i === plan.current) return { ...speech, remainingMs: leftOnCurrent };
    if (i === next) return { ...speech, status: how };
    return speech;
  });
  return { ...plan, speeches, current: next };
}

/**
 * Undoes the last "next" or "skip": the current speech is pending again (it will start afresh),
 * the one before is current again.
 */
export function retreatPlan(plan: SpeakingPlan): SpeakingPlan | null {
  if (plan.current < 0) return null;
  const speeches = plan.speeches.map((speech, i) => (i === plan.current ? { ...speech, status: 'pending' as const, remainingMs: null } : speech));
  return { ...plan, speeches, current: plan.current - 1 };
}
