import type { Convention } from '../../domain/types.ts';
import type { Session, Table } from '../core/types.ts';
import type { TableVision, Vision, VisionUnit } from './types.ts';

// The writing units of a vision: the session's tables (4-8 people, the default) or its groups
// (about 20, the seed's "visions 2050 en groupe"). Both have an id, a name and members, so every
// rule (decide), name (record) and view reads them here and never asks which kind it is.
// A vision keeps its units' texts under `tables`/`tableIds` whatever the unit (older logs named
// them so and replay unchanged).

/** A vision created before groups existed, or without a unit, is written by tables. */
export const unitOf = (vision: Pick<Vision, 'unit'>): VisionUnit => vision.unit ?? 'table';

/** The session's tables or groups, as the vision's unit says. */
// `session.groups ?? []` is core's groupsOf (seating.ts); importing that decider module from here
// would loop through the events union (evolve -> record -> units), so the one line is read as is.
export const sessionUnits = (session: Session, unit: VisionUnit): Table[] => (unit === 'group' ? (session.groups ?? []) : session.tables);

/** The unit (table or group) a member writes in, if any. */
export const memberUnit = (session: Session, unit: VisionUnit, memberId: string): Table | null =>
  sessionUnits(session, unit).find((u) => u.memberIds.includes(memberId)) ?? null;

/** The error code when a session has none of a unit (the seating commands answer the same). */
export const NO_UNITS = { table: 'NO_TABLES', group: 'NO_GROUPS' } as const;
/** The error code when a member is in none of the writing units. */
export const NOT_IN_UNIT = { table: 'NOT_AT_TABLE', group: 'NOT_IN_GROUP' } as const;
/** The error code when a member reacts to their own unit's vision. */
export const OWN_UNIT = { table: 'OWN_TABLE', group: 'OWN_GROUP' } as const;

/**
 * The units that write a vision. Before it opens: the chosen ones, or every unit of the session.
 * Once open: those fixed at opening, plus, when it was opened for every unit, the units the
 * session gained since (a table set up for latecomers writes too, starting from an empty text).
 * Once closed: those it had at its close.
 */
export function writingTableIds(conv: Convention, vision: Vision): string[] {
  // Closed: the units that wrote it, as at its close (record.ts), whatever the session has now.
  if (vision.frozen) return vision.frozen.tables.map((t) => t.id);
  const session = conv.sessions[vision.sessionId];
  const sessionIds = session ? sessionUnits(session, unitOf(vision)).map((t) => t.id) : [];
  if (vision.status === 'ready') return vision.requestedTableIds.length > 0 ? vision.requestedTableIds : sessionIds;
  if (vision.requestedTableIds.length > 0) return vision.tableIds;
  return [...vision.tableIds, ...sessionIds.filter((id) => !vision.tableIds.includes(id))];
}

export const emptyTable = (): TableVision => ({ text: '', version: 0, versions: [] });

/** A writing unit's text, empty until its first save. */
export const tableText = (vision: Vision, tableId: string): TableVision => vision.tables[tableId] ?? emptyTable();
