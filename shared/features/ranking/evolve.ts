import { insertAt } from '../../domain/arrays.ts';
import type { Convention } from '../../domain/types.ts';
import { countRanking } from './results.ts';
import type { LeverRanking, TableRanking, RankingPhase } from './types.ts';

// How lever-ranking events change the state (see shared/features/core/evolve.ts for the rules every
// evolve obeys).

/** Events of a lever-ranking activity. */
export type RankingEvent =
  /** The activity as created; its `frozen` record comes with its close (evolve sets it). */
  | { type: 'RankingCreated'; activity: Omit<LeverRanking, 'frozen'> }
  | { type: 'RankingOpened'; activityId: string; phase: RankingPhase; tableIds: string[]; leverIds: string[]; tables: Record<string, TableRanking> }
  | { type: 'RankingTablesStarted'; activityId: string; tables: Record<string, TableRanking> }
  | { type: 'SilentRankingSubmitted'; activityId: string; memberId: string; order: string[] }
  | { type: 'TableLeverMoved'; activityId: string; tableId: string; memberId: string; leverId: string; toIndex: number }
  | { type: 'TableAgreementSet'; activityId: string; tableId: string; memberId: string; agree: boolean }
  | { type: 'TableLockSet'; activityId: string; tableId: string; locked: boolean }
  | { type: 'RankingRevealSet'; activityId: string; revealed: boolean }
  | { type: 'RankingClosed'; activityId: string };

const TYPES = new Set<string>([
  'RankingCreated',
  'RankingOpened',
  'RankingTablesStarted',
  'SilentRankingSubmitted',
  'TableLeverMoved',
  'TableAgreementSet',
  'TableLockSet',
  'RankingRevealSet',
  'RankingClosed',
] satisfies RankingEvent['type'][]);

export function isRankingEvent(event: { type: string }): event is RankingEvent {
  return TYPES.has(event.type);
}

export function evolveRanking(s: Convention, event: RankingEvent): Convention {
  switch (event.type) {
    case 'RankingCreated':
      return { ...s, activities: { ...s.activities, [event.activity.id]: { ...event.activity, frozen: null } } };
    case 'RankingOpened':
      return update(s, event.activityId, () => ({ phase: event.phase, tableIds: event.tableIds, leverIds: event.leverIds, tables: event.tables }));
    case 'RankingTablesStarted':
      return update(s, event.activityId, () => ({ phase: 'tables', tables: event.tables }));
    case 'SilentRankingSubmitted':
      return update(s, event.activityId, (a) => ({ silent: { ...a.silent, [event.memberId]: event.order } }));
    case 'TableLeverMoved':
      return updateTable(s, event.activityId, event.tableId, (t) => {
        const rest = t.order.filter((id) => id !== event.leverId);
        // A move changes what people agreed to: the marks are cleared.
        return { order: insertAt(rest, event.toIndex, event.leverId), version: t.version + 1, agreed: {} };
      });
    case 'TableAgreementSet':
      return updateTable(s, event.activityId, event.tableId, (t) => {
        const agreed = { ...t.agreed };
        if (event.agree) agreed[event.memberId] = true;
        else delete agreed[event.memberId];
        return { agreed };
      });
    case 'TableLockSet':
      return updateTable(s, event.activityId, event.tableId, () => ({ locked: event.locked }));
    case 'RankingRevealSet':
      return update(s, event.activityId, () => ({ revealed: event.revealed }));
    case 'RankingClosed':
      // What it counted is kept as it is now: replaying the log freezes it at the same point.
      return update(s, event.activityId, (a) => ({ phase: 'closed', frozen: countRanking(s, a) }));
  }
}

function update(s: Convention, activityId: string, change: (a: LeverRanking) => Partial<LeverRanking>): Convention {
  const activity = s.activities[activityId];
  if (!activity) return s;
  return { ...s, activities: { ...s.activities, [activityId]: { ...activity, ...change(activity) } } };
}

function updateTable(s: Convention, activityId: string, tableId: string, change: (t: TableRanking) => Partial<TableRanking>): Convention {
  return update(s, activityId, (a) => {
    const table = a.tables[tableId];
    return table ? { tables: { ...a.tables, [tableId]: { ...table, ...change(table) } } } : {};
  });
}
