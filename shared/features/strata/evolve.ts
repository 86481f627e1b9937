import type { Convention } from '../../domain/types.ts';
import type { FrozenAttendance, StrataSettings } from './types.ts';

// How strata events change the state. `Convention.strata` is absent until the first of them: no
// snapshot from before strata existed can hold one, which is why STATE_SHAPE did not change.

export type StrataEvent =
  /** The attributes results are read by from now on, in order ([]: none). */
  | { type: 'StrataChosen'; attributes: string[] }
  /** A custom attribute members may hold, beside the roster's fields. */
  | { type: 'StratumDeclared'; name: string }
  /** A custom attribute taken back (never a reported one), with its targets. */
  | { type: 'StratumUndeclared'; name: string }
  /** The target shares of one attribute's values, in basis points; {} clears them. */
  | { type: 'StrataTargetsSet'; attribute: string; targets: Record<string, number> }
  /** A session's attendance per stratum as it closed (in the same decision as its SessionClosed): never recomputed. */
  | { type: 'SessionAttendanceFrozen'; sessionId: string; attendance: FrozenAttendance };

const TYPES = new Set<string>(['StrataChosen', 'StratumDeclared', 'StratumUndeclared', 'StrataTargetsSet', 'SessionAttendanceFrozen'] satisfies StrataEvent['type'][]);

export function isStrataEvent(event: { type: string }): event is StrataEvent {
  return TYPES.has(event.type);
}

/** The settings as they are, or the empty ones before the first strata event. */
export function strataSettings(conv: Pick<Convention, 'strata'>): StrataSettings {
  return conv.strata ?? { reported: [], custom: [], targets: {} };
}

export function evolveStrata(s: Convention, event: StrataEvent): Convention {
  const settings = strataSettings(s);
  switch (event.type) {
    case 'StrataChosen':
      return { ...s, strata: { ...settings, reported: [...event.attributes] } };
    case 'StratumDeclared':
      return settings.custom.includes(event.name) ? s : { ...s, strata: { ...settings, custom: [...settings.custom, event.name] } };
    case 'StratumUndeclared': {
      const { [event.name]: _gone, ...targets } = settings.targets;
      return { ...s, strata: { ...settings, custom: settings.custom.filter((c) => c !== event.name), targets } };
    }
    case 'StrataTargetsSet': {
      const { [event.attribute]: _before, ...others } = settings.targets;
      const targets = Object.keys(event.targets).length === 0 ? others : { ...others, [event.attribute]: { ...event.targets } };
      return { ...s, strata: { ...settings, targets } };
    }
    case 'SessionAttendanceFrozen':
      return { ...s, strata: { ...settings, attendance: { ...settings.attendance, [event.sessionId]: event.attendance } } };
  }
}
