import * as v from 'valibot';
import { id, text } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { SERIES_LIMITS as L } from './types.ts';

// Commands of series (waves of one question): payload schemas and who may send them. Only the
// facilitator: members answer a wave as the ordinary poll or check it is.

const label = v.pipe(v.string(), v.trim(), v.maxLength(L.labelMax));

export const seriesSchemas = {
  /**
   * The next wave of a poll or a consensus check, in `sessionId`: a new draft poll or ready check
   * asking the same thing, launched as usual. Creates the series when `id` is in none yet.
   */
  'series.askAgain': v.strictObject({ kind: v.picklist(['poll', 'check']), id, sessionId: id, label: v.optional(label, '') }),
  'series.rename': v.strictObject({ seriesId: id, title: text(L.titleMax) }),
  /** A wave's name ("Après les experts"); '' for its session's name. */
  'series.label': v.strictObject({ seriesId: id, activityId: id, label }),
  'series.setTransitions': v.strictObject({ seriesId: id, enabled: v.boolean() }),
  /** Takes a wave that never opened out of its series (a draft poll is deleted with it). */
  'series.removeWave': v.strictObject({ seriesId: id, activityId: id }),
  /** Puts the series' shift on the projector (the live session's 'shift' panel). */
  'series.show': v.strictObject({ seriesId: id }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const seriesRoles = {
  'series.askAgain': FACILITATOR,
  'series.rename': FACILITATOR,
  'series.label': FACILITATOR,
  'series.setTransitions': FACILITATOR,
  'series.removeWave': FACILITATOR,
  'series.show': FACILITATOR,
} as const satisfies RoleMap<typeof seriesSchemas>;

export type Args<N extends keyof typeof seriesSchemas> = ArgsOf<typeof seriesSchemas, N>;

export interface SeriesResults {
  /** The series (created or not) and the new wave's poll or check id. */
  'series.askAgain': { seriesId: string; activityId: string };
}
