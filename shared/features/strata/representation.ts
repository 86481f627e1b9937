import { splitSmallGroups } from '../../domain/small-groups.ts';
import type { Convention } from '../../domain/types.ts';
import { countAttendance, countedAttributes } from './attendance.ts';
import { reportedAttributes } from './member-strata.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN, type FrozenAttendance, type StratumCount } from './types.ts';

// The representativeness monitor (issue 17, item 2): per session and per reported attribute,
// per value, how many members the roster has and how many came, their shares, the target share
// when the organiser entered one, and the gaps. Pure: the console, the dossier, export.json and
// the open data all read it. A live session is counted now; a closed one as it was frozen at
// its close (attendance.ts), never again. Guests have no stratum: counted apart (guestsPresent).
// Shares are in percent and gaps in percentage points, one decimal; a gap is the present share
// minus the reference (positive: more of them in the room than on the roster, or than the target).

export interface AttendanceRow {
  /** The attribute's value; VALUE_NOT_GIVEN ('') for members who have none ("non renseigné"). */
  value: string;
  /** Members on the roster (drawn, active, not erased) with this value. */
  roster: number;
  /** Of the drawn members present in the session, those with this value. */
  present: number;
  /** Percent of the roster, and of the drawn members present (0 when there are none). */
  rosterShare: number;
  presentShare: number;
  /** The organiser's target share in percent (strata.setTargets); null when none is set. */
  target: number | null;
  /** presentShare − rosterShare, in percentage points. */
  gapToRoster: number;
  /** presentShare − target, in percentage points; null without a target. */
  gapToTarget: number | null;
}

export interface AttributeRepresentation {
  attribute: string;
  /** False when the session closed before this attribute was counted (declared since): no rows. */
  counted: boolean;
  /** Values in their natural order (numbers inside compared as numbers), "non renseigné" last. */
  rows: AttendanceRow[];
}

export interface SessionRepresentation {
  sessionId: string;
  status: 'live' | 'closed';
  /** The counts were frozen when the session closed; false while live (and for a session closed before strata existed). */
  frozen: boolean;
  rosterTotal: number;
  presentTotal: number;
  guestsPresent: number;
  attributes: AttributeRepresentation[];
}

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : (part * 100) / whole);
const oneDecimal = (x: number): number => Math.round(x * 10) / 10 || 0;
const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** Where a value sorts: named values, then OTHER_VALUES (values of erased members only), then "non renseigné". */
const rank = (value: string) => (value === VALUE_NOT_GIVEN ? 2 : value === OTHER_VALUES ? 1 : 0);

/** The values in the order every reader shows them: natural order, "non renseigné" last. */
export function valueOrder(a: string, b: string): number {
  if (a === b) return 0;
  return rank(a) - rank(b) || collator.compare(a, b) || (a < b ? -1 : 1);
}

/** One row: counts, shares and gaps against the roster and the target (basis points, or undefined). */
export function stratumRow(value: string, count: StratumCount, rosterTotal: number, presentTotal: number, targetBp: number | undefined): AttendanceRow {
  const presentShare = percent(count.present, presentTotal);
  const rosterShare = percent(count.roster, rosterTotal);
  const target = targetBp === undefined ? null : targetBp / 100;
  return {
    value,
    roster: count.roster,
    present: count.present,
    rosterShare: oneDecimal(rosterShare),
    presentShare: oneDecimal(presentShare),
    target,
    gapToRoster: oneDecimal(presentShare - rosterShare),
    gapToTarget: target === null ? null : oneDecimal(presentShare - target),
  };
}

/** An attribute's rows from its counts: every value counted, and every value with a target (even with nobody). */
function attributeRows(counts: Record<string, StratumCount>, targets: Record<string, number>, rosterTotal: number, presentTotal: number): AttendanceRow[] {
  const values = new Set([...Object.keys(counts), ...Object.keys(targets)]);
  return [...values].sort(valueOrder).map((value) => {
    const count = Object.hasOwn(counts, value) ? counts[value]! : { roster: 0, present: 0 };
    return stratumRow(value, count, rosterTotal, presentTotal, Object.hasOwn(targets, value) ? targets[value] : undefined);
  });
}

/**
 * The counts a session is read by: frozen at its close, else now (by `attributes` only, every
 * counted one unless given). Null for a session not held yet.
 */
export function sessionAttendance(conv: Convention, sessionId: string, attributes: readonly string[] = countedAttributes(conv)): { attendance: FrozenAttendance; frozen: boolean } | null {
  const session = Object.hasOwn(conv.sessions, sessionId) ? conv.sessions[sessionId]! : undefined;
  if (!session || session.status === 'planned') return null;
  const frozen = session.status === 'closed' && conv.strata?.attendance && Object.hasOwn(conv.strata.attendance, sessionId) ? conv.strata.attendance[sessionId]! : undefined;
  if (frozen) return { attendance: frozen, frozen: true };
  return { attendance: countAttendance(conv, session, attributes, 0), frozen: false };
}

/** The monitor of one session by `attributes` (the reported ones unless given); null for a session not held yet. */
export function sessionRepresentation(conv: Convention, sessionId: string, attributes: readonly string[] = reportedAttributes(conv)): SessionRepresentation | null {
  const read = sessionAttendance(conv, sessionId, attributes);
  if (!read) return null;
  const { attendance, frozen } = read;
  const targets = conv.strata?.targets ?? {};
  return {
    sessionId,
    status: conv.sessions[sessionId]!.status as 'live' | 'closed',
    frozen,
    rosterTotal: attendance.rosterTotal,
    presentTotal: attendance.presentTotal,
    guestsPresent: attendance.guestsPresent,
    attributes: attributes.map((attribute) => {
      const counted = Object.hasOwn(attendance.counts, attribute);
      const rows = counted ? attributeRows(attendance.counts[attribute]!, Object.hasOwn(targets, attribute) ? targets[attribute]! : {}, attendance.rosterTotal, attendance.presentTotal) : [];
      return { attribute, counted, rows };
    }),
  };
}

/** Every session held (live or closed), in the programme's order. */
export function representation(conv: Convention, attributes: readonly string[] = reportedAttributes(conv)): SessionRepresentation[] {
  return conv.sessionOrder.flatMap((id) => {
    const one = sessionRepresentation(conv, id, attributes);
    return one ? [one] : [];
  });
}

export interface AttendanceCurve {
  attribute: string;
  /** The sessions held, in the programme's order: the curve's points. */
  sessionIds: string[];
  /** Per value, its attendance in each session. */
  values: CurvePoint[];
}

/** One value's attendance in each session of its curve (null: the session did not count this attribute). */
export interface CurvePoint {
  value: string;
  present: (number | null)[];
  roster: (number | null)[];
}

/**
 * Across sessions: how many of each stratum came to each session held (session 1 → 5: who left).
 * `sessions`: the monitor already computed by the same attributes, when the caller has it.
 */
export function attendanceCurves(conv: Convention, attributes: readonly string[] = reportedAttributes(conv), sessions: readonly SessionRepresentation[] = representation(conv, attributes)): AttendanceCurve[] {
  return attributes.map((attribute, index) => {
    const perSession = sessions.map((s) => s.attributes[index]!);
    const values = [...new Set(perSession.flatMap((a) => a.rows.map((r) => r.value)))].sort(valueOrder);
    return {
      attribute,
      sessionIds: sessions.map((s) => s.sessionId),
      values: values.map((value) => {
        const rowOf = (a: AttributeRepresentation) => (a.counted ? (a.rows.find((r) => r.value === value) ?? null) : undefined);
        return {
          value,
          present: perSession.map((a) => (rowOf(a) === undefined ? null : (rowOf(a)?.present ?? 0))),
          roster: perSession.map((a) => (rowOf(a) === undefined ? null : (rowOf(a)?.roster ?? 0))),
        };
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Public outputs (the dossier, open data): no count of a stratum under k

export interface PublicStrata {
  /** Values shown with their own counts: each of at least k present, and so of k on the roster. */
  rows: AttendanceRow[];
  /** The other values counted together (OTHER_VALUES), at least k present and on the roster; null when none. */
  others: (AttendanceRow & { values: number }) | null;
  /** Values counted nowhere, not even together (too few in all): how many. */
  hiddenValues: number;
}

/**
 * An attribute's rows as a public output may print them: a value is shown on its own only with
 * k present or more (present ≤ roster, so its roster count is then at least k too); the others
 * (a value nobody of came to included: 0 is under k) are merged, and the bucket must itself hold
 * k present and k on the roster, else the smallest shown value joins it (splitSmallGroups' rule,
 * so no subtraction of published counts tells fewer than k). Targets are the organiser's, not
 * counts: a merged value's target joins the bucket's.
 */
export function publicStrata(rows: readonly AttendanceRow[], rosterTotal: number, presentTotal: number, k: number): PublicStrata {
  const counted = rows.filter((r) => r.roster > 0 || r.present > 0);
  // splitSmallGroups leaves a value nobody came to out of its lists: it goes to the bucket here.
  const split = splitSmallGroups(counted.map((r) => ({ id: r.value, size: r.present })), k);
  const emptyOnes = counted.filter((r) => r.present === 0).map((r) => r.value);
  let shown = counted.filter((r) => split.shown.includes(r.value));
  let merged = counted.filter((r) => split.merged.includes(r.value) || (split.hidden.length === 0 && emptyOnes.includes(r.value)));
  const hiddenValues = (values: number) => ({ rows: [], others: null, hiddenValues: values });
  // The bucket's roster must reach k too (its present count may be 0 when only absent strata are in it).
  const sum = (list: readonly AttendanceRow[], key: 'roster' | 'present') => list.reduce((n, r) => n + r[key], 0);
  while (merged.length > 0 && (sum(merged, 'present') < k || sum(merged, 'roster') < k) && shown.length > 0) {
    const smallest = shown.reduce((min, r) => (r.present < min.present ? r : min));
    shown = shown.filter((r) => r !== smallest);
    merged = counted.filter((r) => merged.includes(r) || r === smallest);
  }
  if (split.hidden.length > 0 || (merged.length > 0 && (sum(merged, 'present') < k || sum(merged, 'roster') < k))) return hiddenValues(counted.length);
  const targets = merged.filter((r) => r.target !== null);
  const targetBp = targets.length === 0 ? undefined : Math.round(targets.reduce((n, r) => n + r.target! * 100, 0));
  const others = merged.length === 0 ? null : { ...stratumRow(OTHER_VALUES, { roster: sum(merged, 'roster'), present: sum(merged, 'present') }, rosterTotal, presentTotal, targetBp), values: merged.length };
  return { rows: shown, others, hiddenValues: 0 };
}
