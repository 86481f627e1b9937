import { liveSession } from '../../domain/lookup.ts';
import { timingOf } from './evolve.ts';
import { isPlanTimer } from './math.ts';
import type { SpeakingPlan } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import type { Timer } from '../core/types.ts';

// The session's countdown as each screen sees it. The timer is public (the room reads it);
// screens count down locally from `endsAt` (server clock) with their measured clock offset, so
// these views change only when the facilitator changes the countdown, never while it runs.

/** "Intervention 2 sur 4 — contre": which speech of the speaking-time plan the countdown is. */
export interface TimerSpeech {
  number: number;
  count: number;
  label: string;
}

export interface RoomTimer {
  timer: Timer;
  speech: TimerSpeech | null;
}

export interface ScreenTimer extends RoomTimer {
  /** Fill the panel area (otherwise a corner block over any panel). */
  big: boolean;
  /** Play the soft chime when it ends. */
  chime: boolean;
}

export interface ConsoleTiming {
  timer: Timer | null;
  speech: TimerSpeech | null;
  big: boolean;
  chime: boolean;
  speaking: SpeakingPlan | null;
}

function speechOf(plan: SpeakingPlan | null, timer: Timer | null): TimerSpeech | null {
  if (!plan || !isPlanTimer(plan, timer) || plan.current < 0) return null;
  return { number: plan.current + 1, count: plan.speeches.length, label: plan.speeches[plan.current]?.label ?? '' };
}

function sessionTimer(conv: Convention, sessionId: string): Timer | null {
  return (Object.hasOwn(conv.timers, sessionId) ? conv.timers[sessionId] : undefined) ?? null;
}

/** The live session's countdown, for phones. */
export function roomTimer(conv: Convention): RoomTimer | null {
  const session = liveSession(conv);
  const timer = session ? sessionTimer(conv, session.id) : null;
  if (!session || !timer) return null;
  return { timer, speech: speechOf(timingOf(conv, session.id).speaking, timer) };
}

export function screenTimer(conv: Convention): ScreenTimer | null {
  const room = roomTimer(conv);
  if (!room) return null;
  const { big, chime } = timingOf(conv, conv.liveSessionId!);
  return { ...room, big, chime };
}

export function consoleTiming(conv: Convention, sessionId: string): ConsoleTiming {
  const { big, chime, speaking } = timingOf(conv, sessionId);
  const timer = sessionTimer(conv, sessionId);
  return { timer, speech: speechOf(speaking, timer), big, chime, speaking };
}
