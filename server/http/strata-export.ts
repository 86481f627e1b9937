import type { Convention } from '../../shared/domain/types.ts';
import { strataSettings } from '../../shared/features/strata/evolve.ts';
import { attendanceCurves, representation } from '../../shared/features/strata/representation.ts';

/**
 * export.json's `strata`: the settings (reported and custom attributes, targets in basis points)
 * and the representativeness monitor of every session held with the curves across sessions, in
 * exact counts, as the console shows them: the export is the organisers' own file (presence is
 * visible in the room and the roster with its attributes is in the same file). Public outputs
 * (the dossier, the open data) go through publicStrata instead.
 */
export function exportStrata(conv: Convention) {
  const { reported, custom, targets } = strataSettings(conv);
  const sessions = representation(conv, reported);
  return { reported, custom, targets, sessions, curves: attendanceCurves(conv, reported, sessions) };
}
