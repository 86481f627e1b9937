import type { Convention } from '../../domain/types.ts';
import type { Wave, WaveKind } from './types.ts';

// A wave's phase, on its own: series' evolve reads it (which answers the phones kept) and must not
// import lookup.ts, which knows the events (an import loop through shared/domain/events.ts).

/** A wave's phase: a check that is 'ready' has never opened, like a draft poll. */
export type WavePhase = 'draft' | 'open' | 'closed';

export function wavePhase(conv: Convention, kind: WaveKind, wave: Wave): WavePhase | null {
  if (kind === 'poll') {
    const poll = Object.hasOwn(conv.polls, wave.activityId) ? conv.polls[wave.activityId] : undefined;
    return poll ? poll.status : null;
  }
  const check = Object.hasOwn(conv.checks, wave.activityId) ? conv.checks[wave.activityId] : undefined;
  return check ? (check.status === 'ready' ? 'draft' : check.status) : null;
}
