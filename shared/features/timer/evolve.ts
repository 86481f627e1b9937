import { DEFAULT_TIMING, type SessionTiming, type SpeakingPlan } from './types.ts';
import type { Convention } from '../../domain/types.ts';

// How the timer feature's own events change the state (the countdown itself is the core
// `TimerSet` event, evolve.ts). Each event carries the whole new value: replay needs no clock.

export type TimerEvent =
  | { type: 'TimerDisplaySet'; sessionId: string; big: boolean; chime: boolean }
  /** The whole plan after the change (null: no plan). */
  | { type: 'SpeakingPlanSet'; sessionId: string; plan: SpeakingPlan | null };

const TYPES = new Set<string>(['TimerDisplaySet', 'SpeakingPlanSet'] satisfies TimerEvent['type'][]);

export function isTimerEvent(event: { type: string }): event is TimerEvent {
  return TYPES.has(event.type);
}

/** A session's timing settings, or the defaults when none were set. */
export function timingOf(conv: Convention, sessionId: string): SessionTiming {
  return (Object.hasOwn(conv.timing, sessionId) ? conv.timing[sessionId] : undefined) ?? DEFAULT_TIMING;
}

export function evolveTimer(s: Convention, event: TimerEvent): Convention {
  if (!Object.hasOwn(s.sessions, event.sessionId)) return s;
  const timing = timingOf(s, event.sessionId);
  switch (event.type) {
    case 'TimerDisplaySet':
      return { ...s, timing: { ...s.timing, [event.sessionId]: { ...timing, big: event.big, chime: event.chime } } };
    case 'SpeakingPlanSet':
      return { ...s, timing: { ...s.timing, [event.sessionId]: { ...timing, speaking: event.plan } } };
  }
}
