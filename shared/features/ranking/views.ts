import { liveSession, tableOf } from '../../domain/lookup.ts';
import { rankingRecord, type RankingAggregate, type TableStatus } from './results.ts';
import type { Convention } from '../../domain/types.ts';
import type { Lever } from '../core/types.ts';
import type { LeverRanking, RankingPhase, RankingRecord } from './types.ts';

// The lever-ranking activity as each screen sees it. Members see their own silent ranking and
// their table's shared order, never another member's ranking; the projector sees the aggregate
// only once the facilitator reveals it; the console sees everything but individual rankings.
// Every count and label comes from the activity's record (results.ts): frozen once it closed.

export interface ActivityHeader {
  id: string;
  kind: 'leverRanking';
  title: string;
  phase: RankingPhase;
  levers: Lever[];
}

/** The shown activity as phones see it: its header and, once closed and revealed, the room's order. */
export interface PublicActivity extends ActivityHeader {
  /**
   * The room's order (Schulze, as the projector shows it) once the ranking is closed and the
   * facilitator revealed it: groups of lever ids, best first, tied levers in one group; else null.
   */
  roomOrder: string[][] | null;
}

export interface TableRankingView {
  activityId: string;
  phase: RankingPhase;
  order: string[];
  version: number;
  agreed: string[];
  /** Present members who agreed (absent members' marks do not count). */
  agreedCount: number;
  presentCount: number;
  validatedBy: TableStatus['validatedBy'];
}

export interface ScreenRankingView extends ActivityHeader {
  revealed: boolean;
  tables: Omit<TableStatus, 'order' | 'version'>[];
  silent: { submitted: number; seated: number };
  /** Only once revealed. */
  aggregate: RankingAggregate | null;
  /** Table-by-lever ranks, only once revealed: tableId -> ordered lever ids. */
  orders: Record<string, string[]> | null;
}

export interface ConsoleRankingView extends ActivityHeader {
  sessionId: string;
  silentRound: boolean;
  revealed: boolean;
  requestedTableIds: string[];
  tables: TableStatus[];
  silent: { tableId: string; submitted: number; seated: number }[];
  aggregate: RankingAggregate | null;
}

function header(activity: LeverRanking, record: RankingRecord): ActivityHeader {
  return { id: activity.id, kind: 'leverRanking', title: activity.title, phase: activity.phase, levers: record.levers };
}

/** The live session's shown activity, if any. */
export function activeActivity(conv: Convention): LeverRanking | null {
  const session = liveSession(conv);
  return session?.activeActivityId ? (conv.activities[session.activeActivityId] ?? null) : null;
}

export function publicActivity(conv: Convention): PublicActivity | null {
  const activity = activeActivity(conv);
  if (!activity || activity.phase === 'draft') return null;
  const record = rankingRecord(conv, activity);
  const result = activity.phase === 'closed' && activity.revealed ? record.aggregate : null;
  return { ...header(activity, record), roomOrder: result?.schulzeGroups ?? null };
}

export function tableRanking(conv: Convention, tableId: string): TableRankingView | null {
  const activity = activeActivity(conv);
  if (!activity || (activity.phase !== 'tables' && activity.phase !== 'closed')) return null;
  const status = rankingRecord(conv, activity).tables.find((t) => t.tableId === tableId);
  const ranking = activity.tables[tableId];
  if (!status || !ranking) return null;
  return {
    activityId: activity.id,
    phase: activity.phase,
    order: status.order,
    version: status.version,
    agreed: Object.keys(ranking.agreed),
    agreedCount: status.agreedCount,
    presentCount: status.presentCount,
    validatedBy: status.validatedBy,
  };
}

/** The member's own silent-round ranking (null until sent) and whether their table takes part. */
export function memberRanking(conv: Convention, memberId: string): { activityId: string; participating: boolean; silentOrder: string[] | null } | null {
  const activity = activeActivity(conv);
  if (!activity || activity.phase === 'draft') return null;
  const session = conv.sessions[activity.sessionId];
  const table = session ? tableOf(session, memberId) : null;
  return { activityId: activity.id, participating: Boolean(table && activity.tableIds.includes(table.id)), silentOrder: activity.silent[memberId] ?? null };
}

export function screenRanking(conv: Convention): ScreenRankingView | null {
  const activity = activeActivity(conv);
  if (!activity || activity.phase === 'draft') return null;
  const record = rankingRecord(conv, activity);
  const progress = record.silent;
  return {
    ...header(activity, record),
    revealed: activity.revealed,
    tables: record.tables.map(({ order: _o, version: _v, ...rest }) => rest),
    silent: { submitted: progress.reduce((n, p) => n + p.submitted, 0), seated: progress.reduce((n, p) => n + p.seated, 0) },
    aggregate: activity.revealed ? record.aggregate : null,
    orders: activity.revealed ? Object.fromEntries(record.tables.map((t) => [t.tableId, t.order])) : null,
  };
}

export function consoleRankings(conv: Convention, sessionId: string): ConsoleRankingView[] {
  return Object.values(conv.activities)
    .filter((a) => a.sessionId === sessionId)
    .map((activity) => {
      const record = rankingRecord(conv, activity);
      return {
        ...header(activity, record),
        sessionId,
        silentRound: activity.silentRound,
        revealed: activity.revealed,
        requestedTableIds: activity.requestedTableIds,
        tables: record.tables,
        silent: record.silent,
        aggregate: record.aggregate,
      };
    });
}
