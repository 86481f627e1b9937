import type { DomainEvent } from '../../domain/events.ts';
import type { Convention } from '../../domain/types.ts';
import type { Series, WaveKind } from './types.ts';

// Where a poll or a check stands in a series, read by the series' own rules and by the polls'
// and checks' rules that must keep a wave as it was asked (shared/features/polls/decide.ts).

export function seriesList(conv: Pick<Convention, 'series'>): Series[] {
  return Object.values(conv.series ?? {}).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function findSeries(conv: Pick<Convention, 'series'>, seriesId: string): Series | undefined {
  return conv.series && Object.hasOwn(conv.series, seriesId) ? conv.series[seriesId] : undefined;
}

/** The series a poll or check is a wave of, and its place in it (0: the first). */
export function waveOf(conv: Pick<Convention, 'series'>, kind: WaveKind, activityId: string): { series: Series; index: number } | null {
  for (const series of seriesList(conv)) {
    if (series.kind !== kind) continue;
    const index = series.waves.findIndex((w) => w.activityId === activityId);
    if (index >= 0) return { series, index };
  }
  return null;
}

export { wavePhase, type WavePhase } from './phase.ts';

/** The session a wave is asked in. */
export function waveSessionId(conv: Convention, kind: WaveKind, activityId: string): string | null {
  const activity = kind === 'poll' ? conv.polls[activityId] : conv.checks[activityId];
  return activity?.sessionId ?? null;
}

/**
 * The wave before this check in a series whose transitions are on: its answers are the
 * `previous` a phone sends with this one's (null: the first wave, or transitions off).
 */
export function previousWaveWithTransitions(conv: Pick<Convention, 'series'>, kind: WaveKind, activityId: string): string | null {
  const found = waveOf(conv, kind, activityId);
  if (!found || !found.series.transitions || found.index === 0) return null;
  return found.series.waves[found.index - 1]!.activityId;
}

/** The events that take a wave out of its series (a poll's deletion sends them too). */
export function waveRemovalEvents(conv: Convention, kind: 'poll' | 'check', activityId: string): DomainEvent[] {
  const found = waveOf(conv, kind, activityId);
  return found ? [{ type: 'SeriesWaveRemoved', seriesId: found.series.id, activityId }] : [];
}
