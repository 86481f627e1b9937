import { smallGroupMin } from '../../shared/domain/small-groups.ts';
import { publicStrata, representation, type AttendanceRow } from '../../shared/features/strata/representation.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../shared/features/strata/types.ts';
import { dataset } from './columns.ts';
import { sessionLabel } from './labels.ts';

// Attendance by stratum: for each closed session, per reported attribute, how many of each
// stratum came against the roster and the targets, as frozen at the close. Counts of groups,
// never who; and no stratum under k on its own: the rarest are merged into one row (`others`),
// or the attribute is not counted at all when too few came (publicStrata, the rule every
// subgroup count follows). A public file has a session only when its attendance is published.

export const attendanceStrata = dataset({
  name: 'attendance-strata',
  title: { fr: 'Présence par strate', en: 'Attendance by stratum' },
  about: {
    fr: 'Une ligne par valeur de chaque critère choisi comme strate (strata.choose), par séance close, dans l’ordre des séances : présents et membres de la liste, parts, cible et écarts, figés à la clôture. Aucune strate de moins de k présents n’a sa ligne : elles sont regroupées (value_kind others), ou le critère n’est pas compté (suppressed).',
    en: 'One row per value of each criterion chosen as a stratum (strata.choose), per closed session, in the order of the sessions: present and roster members, shares, target and gaps, frozen at the close. No stratum of fewer than k present has a row of its own: they are grouped (value_kind others), or the criterion is not counted (suppressed).',
  },
  columns: [
    { name: 'session', type: 'string', fr: 'Titre de la séance', en: 'Title of the session' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'attribute', type: 'string', fr: 'Le critère : ageBracket, gender, territory, occupation, education, ou le nom d’un critère déclaré', en: 'The criterion: ageBracket, gender, territory, occupation, education, or a declared criterion’s name' },
    { name: 'value_kind', type: 'string', fr: 'value (une valeur), not_given (membres sans valeur), others (valeurs regroupées) ou suppressed (trop peu de présents pour compter ce critère)', en: 'value (one value), not_given (members without one), others (values grouped) or suppressed (too few present to count this criterion)' },
    { name: 'value', type: 'string', fr: 'La valeur, avec value_kind value', en: 'The value, with value_kind value' },
    { name: 'values_grouped', type: 'integer', fr: 'Valeurs comptées dans la ligne (1 pour une valeur seule)', en: 'Values counted in the row (1 for a value on its own)' },
    { name: 'present', type: 'integer', fr: 'Membres tirés au sort présents', en: 'Drawn members present' },
    { name: 'roster', type: 'integer', fr: 'Membres actifs de la liste', en: 'Active members on the roster' },
    { name: 'present_percent', type: 'decimal', fr: 'Part des présents, en %', en: 'Share of those present, in %' },
    { name: 'roster_percent', type: 'decimal', fr: 'Part de la liste, en %', en: 'Share of the roster, in %' },
    { name: 'target_percent', type: 'decimal', fr: 'Cible fixée par les organisateurs, en % (vide : aucune)', en: 'Target set by the organisers, in % (empty: none)' },
    { name: 'gap_to_roster_points', type: 'decimal', fr: 'present_percent moins roster_percent, en points', en: 'present_percent minus roster_percent, in points' },
    { name: 'gap_to_target_points', type: 'decimal', fr: 'present_percent moins target_percent, en points (vide : pas de cible)', en: 'present_percent minus target_percent, in points (empty: no target)' },
    { name: 'frozen', type: 'boolean', fr: 'Figé à la clôture (false : séance close avant les strates, comptée sur la liste du moment)', en: 'Frozen at the close (false: session closed before strata, counted on the roster at the time of the file)' },
  ],
  rows(conv, include) {
    const k = smallGroupMin(conv);
    return representation(conv).flatMap((s) => {
      if (s.status !== 'closed' || !include('session', s.sessionId)) return [];
      const label = sessionLabel(conv, s.sessionId);
      const base = { session: label.title, session_date: label.date, frozen: s.frozen };
      return s.attributes.flatMap((a) => {
        if (!a.counted) return [];
        const split = publicStrata(a.rows, s.rosterTotal, s.presentTotal, k);
        // One row: a value, the merged bucket, or (r null) the criterion not counted at all.
        const row = (r: AttendanceRow | null, kind: string, grouped: number) => ({
          ...base,
          attribute: a.attribute,
          value_kind: kind,
          value: kind === 'value' && r ? r.value : null,
          values_grouped: grouped,
          present: r?.present ?? null,
          roster: r?.roster ?? null,
          present_percent: r?.presentShare ?? null,
          roster_percent: r?.rosterShare ?? null,
          target_percent: r?.target ?? null,
          gap_to_roster_points: r?.gapToRoster ?? null,
          gap_to_target_points: r?.gapToTarget ?? null,
        });
        if (split.hiddenValues > 0) return [row(null, 'suppressed', split.hiddenValues)];
        return [...split.rows.map((r) => row(r, r.value === VALUE_NOT_GIVEN ? 'not_given' : r.value === OTHER_VALUES ? 'others' : 'value', 1)), ...(split.others ? [row(split.others, 'others', split.others.values)] : [])];
      });
    });
  },
});
