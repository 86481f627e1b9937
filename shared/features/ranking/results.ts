import { borda } from '../../math/borda.ts';
import { dissent, type DissentLevel } from '../../math/dissent.ts';
import { flattenOrder, schulze } from '../../math/schulze.ts';
import type { Convention } from '../../domain/types.ts';
import type { LeverRanking } from './types.ts';

// What a lever-ranking activity shows and exports: each table's status and the room's aggregate.
// One ballot per table: the table is the unit that ranks.

export interface TableStatus {
  tableId: string;
  name: string;
  order: string[];
  version: number;
  presentCount: number;
  agreedCount: number;
  /** 'table': every present member agreed; 'facilitator': locked from the console. */
  validatedBy: 'table' | 'facilitator' | null;
}

export interface RankingAggregate {
  /** Lever ids, best first (Schulze; ties in the convention's lever order). */
  schulze: string[];
  schulzeGroups: string[][];
  borda: Record<string, number>;
  /** Per lever: its rank at each table (1 = first), the spread and the dissent level. */
  levers: { leverId: string; ranks: Record<string, number>; mean: number; spread: number; sd: number; dissent: DissentLevel }[];
  tableCount: number;
}

export function tableStatuses(conv: Convention, activity: LeverRanking): TableStatus[] {
  const session = conv.sessions[activity.sessionId];
  if (!session) return [];
  return activity.tableIds.flatMap((tableId) => {
    const table = session.tables.find((t) => t.id === tableId);
    const ranking = activity.tables[tableId];
    if (!table || !ranking) return [];
    const present = table.memberIds.filter((id) => session.present[id]);
    const agreedCount = present.filter((id) => ranking.agreed[id]).length;
    const validatedBy = ranking.locked ? 'facilitator' : present.length > 0 && agreedCount === present.length ? 'table' : null;
    return [{ tableId, name: table.name, order: ranking.order, version: ranking.version, presentCount: present.length, agreedCount, validatedBy }];
  });
}

export function rankingAggregate(conv: Convention, activity: LeverRanking): RankingAggregate | null {
  const tables = tableStatuses(conv, activity);
  if (tables.length === 0 || activity.leverIds.length === 0) return null;
  const ballots = tables.map((t) => ({ ranking: t.order, count: 1 }));
  const result = schulze(activity.leverIds, ballots);
  const spread = dissent(activity.leverIds, tables.map((t) => ({ table: t.tableId, ranking: t.order })));
  return {
    schulze: flattenOrder(result.order, activity.leverIds),
    schulzeGroups: result.order,
    borda: borda(activity.leverIds, ballots),
    levers: spread.map((d) => ({ leverId: d.lever, ranks: d.ranks, mean: d.mean, spread: d.spread, sd: d.sd, dissent: d.dissent })),
    tableCount: tables.length,
  };
}

/** How many members of each table sent their silent-round ranking (never what they sent). */
export function silentProgress(conv: Convention, activity: LeverRanking): { tableId: string; submitted: number; seated: number }[] {
  const session = conv.sessions[activity.sessionId];
  if (!session) return [];
  return activity.tableIds.flatMap((tableId) => {
    const table = session.tables.find((t) => t.id === tableId);
    return table ? [{ tableId, submitted: table.memberIds.filter((id) => activity.silent[id]).length, seated: table.memberIds.length }] : [];
  });
}

/**
 * The activity in the recount format of docs/formats.md: lever titles as candidates, one ballot
 * per table, plus the silent-round rankings without names, so anyone can recount both.
 */
export function rankingExport(conv: Convention, activity: LeverRanking) {
  const title = (id: string) => conv.levers.find((l) => l.id === id)?.title ?? id;
  const candidates = activity.leverIds.map(title);
  const tables = tableStatuses(conv, activity);
  const aggregate = rankingAggregate(conv, activity);
  const session = conv.sessions[activity.sessionId];
  const silentBallots = (session?.tables ?? []).flatMap((table) =>
    table.memberIds.flatMap((id) => (activity.silent[id] ? [{ table: table.name, ranking: activity.silent[id]!.map(title), count: 1 }] : [])),
  );
  return {
    kind: 'ranking' as const,
    activity: { id: activity.id, title: activity.title, phase: activity.phase, session: session?.title ?? null },
    candidates,
    ballots: tables.map((t) => ({ table: t.name, ranking: t.order.map(title), count: 1 })),
    tables: tables.map((t) => ({ table: t.name, ranking: t.order.map(title), validatedBy: t.validatedBy })),
    results: aggregate && {
      schulze: aggregate.schulze.map(title),
      /** Tied levers share a group (and a place). */
      schulzeGroups: aggregate.schulzeGroups.map((group) => group.map(title)),
      borda: Object.fromEntries(Object.entries(aggregate.borda).map(([id, score]) => [title(id), score])),
      dissent: aggregate.levers.map((l) => ({ lever: title(l.leverId), spread: l.spread, sd: l.sd, level: l.dissent })),
    },
    silentRound: activity.silentRound ? { kind: 'ranking' as const, candidates, ballots: silentBallots } : null,
  };
}
