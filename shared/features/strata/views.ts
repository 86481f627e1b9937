import type { Convention } from '../../domain/types.ts';
import { declaredAttributes } from '../core/sensitive-data.ts';
import { onRoster } from './attendance.ts';
import { reportedAttributes } from './member-strata.ts';
import { attendanceCurves, representation, valueOrder, type AttendanceCurve, type SessionRepresentation } from './representation.ts';

// What the console sees of the strata: the settings, every declared attribute with the values
// the roster holds (to choose strata and enter targets), and the monitor of every session held
// with the curve across sessions. Exact counts: the facilitator sees the room anyway (presence
// is visible in it); public outputs go through publicStrata (representation.ts) instead.

/** A declared attribute as the console's strata panel lists it. */
export interface StrataAttribute {
  name: string;
  /** Declared by the organiser (strata.declare); false for the roster's fields. */
  custom: boolean;
  /** Reported: results are read by it (strata.choose). */
  reported: boolean;
  /** Members on the roster with a value of it. */
  held: number;
  /** The values members on the roster hold, and those with a target, in natural order. */
  values: string[];
  /** Target shares in basis points by value (strata.setTargets); {} without targets. */
  targets: Record<string, number>;
}

export interface ConsoleStrata {
  /** The attributes results are read by, in order (strata.choose). */
  reported: string[];
  /** Every declared attribute: the roster's fields, then the custom ones. */
  attributes: StrataAttribute[];
  /** The monitor of every session held (live or closed), in the programme's order, by the reported attributes. */
  sessions: SessionRepresentation[];
  /** Per reported attribute, each value's attendance session after session. */
  curves: AttendanceCurve[];
}

export function consoleStrataPanel(conv: Convention): ConsoleStrata {
  const reported = reportedAttributes(conv);
  const custom = new Set(conv.strata?.custom ?? []);
  const roster = conv.memberOrder.map((id) => conv.members[id]!).filter(onRoster);
  const sessions = representation(conv, reported);
  return {
    reported,
    attributes: declaredAttributes(conv).map((name) => {
      const targets = conv.strata?.targets && Object.hasOwn(conv.strata.targets, name) ? conv.strata.targets[name]! : {};
      const held = roster.map((m) => (Object.hasOwn(m.attributes, name) ? m.attributes[name]!.trim() : '')).filter((value) => value !== '');
      return { name, custom: custom.has(name), reported: reported.includes(name), held: held.length, values: [...new Set([...held, ...Object.keys(targets)])].sort(valueOrder), targets };
    }),
    sessions,
    curves: attendanceCurves(conv, reported, sessions),
  };
}
