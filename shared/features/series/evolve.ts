import type { Convention } from '../../domain/types.ts';
import type { Series, Wave } from './types.ts';

// Events of series and how they change the state (see shared/features/core/evolve.ts for the
// rules: pure, total, trusting the events). The waves themselves are polls and checks: their
// own events create, open and close them.

export type SeriesEvent =
  | { type: 'SeriesCreated'; series: Series }
  | { type: 'SeriesWaveAdded'; seriesId: string; wave: Wave }
  | { type: 'SeriesRenamed'; seriesId: string; title: string }
  | { type: 'SeriesWaveLabelled'; seriesId: string; activityId: string; label: string }
  | { type: 'SeriesTransitionsSet'; seriesId: string; enabled: boolean }
  /** The series goes with its last wave. */
  | { type: 'SeriesWaveRemoved'; seriesId: string; activityId: string }
  /** The series the projector's 'shift' panel shows in that session. */
  | { type: 'SeriesShown'; sessionId: string; seriesId: string };

const TYPES = new Set<string>([
  'SeriesCreated', 'SeriesWaveAdded', 'SeriesRenamed', 'SeriesWaveLabelled', 'SeriesTransitionsSet', 'SeriesWaveRemoved', 'SeriesShown',
] satisfies SeriesEvent['type'][]);

export function isSeriesEvent(event: { type: string }): event is SeriesEvent {
  return TYPES.has(event.type);
}

export function evolveSeries(s: Convention, event: SeriesEvent): Convention {
  switch (event.type) {
    case 'SeriesCreated':
      return { ...s, series: { ...s.series, [event.series.id]: event.series } };
    case 'SeriesWaveAdded':
      return series(s, event.seriesId, (x) => ({ waves: [...x.waves, event.wave] }));
    case 'SeriesRenamed':
      return series(s, event.seriesId, () => ({ title: event.title }));
    case 'SeriesWaveLabelled':
      return series(s, event.seriesId, (x) => ({ waves: x.waves.map((w) => (w.activityId === event.activityId ? { ...w, label: event.label } : w)) }));
    case 'SeriesTransitionsSet':
      return series(s, event.seriesId, () => ({ transitions: event.enabled }));
    case 'SeriesWaveRemoved': {
      const x = s.series?.[event.seriesId];
      if (!x) return s;
      const waves = x.waves.filter((w) => w.activityId !== event.activityId);
      const all = { ...s.series };
      if (waves.length === 0) delete all[x.id];
      else all[x.id] = { ...x, waves };
      return { ...s, series: all };
    }
    case 'SeriesShown':
      return { ...s, seriesShown: { ...s.seriesShown, [event.sessionId]: event.seriesId } };
  }
}

function series(s: Convention, id: string, change: (x: Series) => Partial<Series>): Convention {
  const x = s.series && Object.hasOwn(s.series, id) ? s.series[id] : undefined;
  return x ? { ...s, series: { ...s.series, [id]: { ...x, ...change(x) } } } : s;
}
