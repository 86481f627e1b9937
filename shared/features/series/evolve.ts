import type { Convention } from '../../domain/types.ts';
import { wavePhase } from './phase.ts';
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
      // A check's phones keep a wave's answers only until it closes when no later wave exists yet.
      return series(s, event.seriesId, (x) => {
        const before = x.waves.at(-1);
        const lost = x.kind === 'check' && before !== undefined && wavePhase(s, 'check', before) === 'closed';
        return { waves: [...x.waves, lost ? { ...event.wave, previousLost: true } : event.wave] };
      });
    case 'SeriesRenamed':
      return series(s, event.seriesId, () => ({ title: event.title }));
    case 'SeriesWaveLabelled':
      return series(s, event.seriesId, (x) => ({ waves: x.waves.map((w) => (w.activityId === event.activityId ? { ...w, label: event.label } : w)) }));
    case 'SeriesTransitionsSet':
      // Switched on after a check's wave opened (a log from before the rule refused it): that
      // wave's phones answered without keeping, so the step after it has no table.
      return series(s, event.seriesId, (x) => ({
        transitions: event.enabled,
        waves: event.enabled && x.kind === 'check' ? x.waves.map((w, i) => (i > 0 && wavePhase(s, 'check', x.waves[i - 1]!) !== 'draft' ? { ...w, previousLost: true } : w)) : x.waves,
      }));
    case 'SeriesWaveRemoved': {
      const x = s.series?.[event.seriesId];
      if (!x) return s;
      // The wave after a removed one (which never opened) now follows the removed one's predecessor,
      // whose answers were kept for it exactly as for the removed wave.
      const at = x.waves.findIndex((w) => w.activityId === event.activityId);
      const removed = x.waves[at];
      const waves = x.waves.flatMap((w, i) => {
        if (i === at) return [];
        if (i !== at + 1 || !removed) return [w];
        const { previousLost: _own, ...rest } = w;
        return [removed.previousLost ? { ...rest, previousLost: true } : rest];
      });
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
