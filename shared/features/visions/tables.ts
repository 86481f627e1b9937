import type { Convention } from '../../domain/types.ts';
import type { TableVision, Vision } from './types.ts';

/**
 * The tables that write a vision. Before it opens: the chosen ones, or every table of the session.
 * Once open: those fixed at opening, plus, when it was opened for every table, the tables the
 * session gained since (a table set up for latecomers writes too, starting from an empty text).
 * Once closed: those it had at its close.
 */
export function writingTableIds(conv: Convention, vision: Vision): string[] {
  // Closed: the tables that wrote it, as at its close (record.ts), whatever the session has now.
  if (vision.frozen) return vision.frozen.tables.map((t) => t.id);
  const sessionTables = conv.sessions[vision.sessionId]?.tables.map((t) => t.id) ?? [];
  if (vision.status === 'ready') return vision.requestedTableIds.length > 0 ? vision.requestedTableIds : sessionTables;
  if (vision.requestedTableIds.length > 0) return vision.tableIds;
  return [...vision.tableIds, ...sessionTables.filter((id) => !vision.tableIds.includes(id))];
}

export const emptyTable = (): TableVision => ({ text: '', version: 0, versions: [] });

/** A writing table's text, empty until its first save. */
export const tableText = (vision: Vision, tableId: string): TableVision => vision.tables[tableId] ?? emptyTable();
