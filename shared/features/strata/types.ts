// Strata (issue 17): the parts of the room a result is read in. A stratum is one value of one
// declared roster attribute ("ageBracket" = "18-25 ans"); a member is in one stratum of each
// attribute (several attributes: several strata, one per attribute, never crossed). The
// facilitator chooses which attributes are reported; each activity keeps the ones reported
// when it opened, so every ballot of it is counted over the same strata.

/** What the organiser set for the strata; absent on a convention until the first choice. */
export interface StrataSettings {
  /** The attributes reported, in the order chosen (keys of Member.attributes). Empty: none. */
  reported: string[];
  /**
   * Attributes the organiser declared beyond the roster's fields (shared/features/core/sensitive-data.ts,
   * ATTRIBUTE_FIELDS): their names, as members' attribute keys.
   */
  custom: string[];
  /** Target quotas the organiser entered: attribute -> value -> share of the room in basis points (5000 = 50 %). */
  targets: Record<string, Record<string, number>>;
  /**
   * Each closed session's attendance per stratum, frozen when it closed (SessionAttendanceFrozen,
   * shared/features/strata/attendance.ts), by session id: what the monitor, the dossier and the
   * exports read for it from then on, whatever the roster became. Absent until a session closes.
   */
  attendance?: Record<string, FrozenAttendance>;
}

/** One stratum's counts in a session: members on the roster (active, drawn) and present. */
export interface StratumCount {
  roster: number;
  present: number;
}

/**
 * A session's attendance per stratum as it was when the session closed. Counts only, never who:
 * erasing a member later leaves them as they are (docs/privacy.md, "Erasure").
 */
export interface FrozenAttendance {
  /** Server time of the close. */
  at: number;
  /** Drawn members active on the roster then, and drawn members present (guests apart). */
  rosterTotal: number;
  presentTotal: number;
  /** Admitted guests present: counted apart, never in a stratum (they were not drawn). */
  guestsPresent: number;
  /** attribute -> value (VALUE_NOT_GIVEN: none) -> counts, for every declared attribute the roster or the room used, and every reported one. */
  counts: Record<string, Record<string, StratumCount>>;
}

/**
 * Counts of one result per stratum: attribute -> value -> cells, the same cells as the room's
 * count (a vote's for/against/abstain, a check's levels then "unsure", a grading's grades, a
 * poll's options or scale values). Only values of k members or more appear on their own once
 * the result is closed; the others are in OTHER_VALUES (shared/domain/small-groups.ts).
 */
export type StratumCells = Record<string, Record<string, number[]>>;

/** The value of a member who has none for an attribute ("non renseigné"). */
export const VALUE_NOT_GIVEN = '';
/** The bucket of a closed result's values under k, merged (splitSmallGroups). Never a real value: values are trimmed text. */
export const OTHER_VALUES = '*';
