import { borda } from '../../math/borda.ts';
import { dissent } from '../../math/dissent.ts';
import { flattenOrder, schulze } from '../../math/schulze.ts';
import type { Convention } from '../../domain/types.ts';
import type { Lever } from '../core/types.ts';
import type { LeverRanking, RankingAggregate, RankingRecord, TableStatus } from './types.ts';

// What a lever-ranking activity counts, shows and exports: each table's status and the room's
// aggregate. One ballot per table: the table is the unit that ranks. `countRanking` is the one
// function that counts; evolve calls it when the ranking closes and keeps its record
// (`activity.frozen`), and `rankingRecord` gives that frozen record for a closed ranking, a live
// count otherwise: tables re-created, levers renamed or a roster edited afterwards never change a
// closed result (docs/methods.md, "Results frozen at close").

export type { RankingAggregate, RankingRecord, TableStatus };

function tableStatuses(conv: Convention, activity: LeverRanking): TableStatus[] {
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

function aggregateOf(leverIds: string[], tables: TableStatus[]): RankingAggregate | null {
  if (tables.length === 0 || leverIds.length === 0) return null;
  const ballots = tables.map((t) => ({ ranking: t.order, count: 1 }));
  const result = schulze(leverIds, ballots);
  const spread = dissent(leverIds, tables.map((t) => ({ table: t.tableId, ranking: t.order })));
  return {
    schulze: flattenOrder(result.order, leverIds),
    schulzeGroups: result.order,
    borda: borda(leverIds, ballots),
    levers: spread.map((d) => ({ leverId: d.lever, ranks: d.ranks, mean: d.mean, spread: d.spread, sd: d.sd, dissent: d.dissent })),
    tableCount: tables.length,
  };
}

/** How many members of each table sent their silent-round ranking (never what they sent). */
function silentProgress(conv: Convention, activity: LeverRanking): RankingRecord['silent'] {
  const session = conv.sessions[activity.sessionId];
  if (!session) return [];
  return activity.tableIds.flatMap((tableId) => {
    const table = session.tables.find((t) => t.id === tableId);
    return table ? [{ tableId, submitted: table.memberIds.filter((id) => activity.silent[id]).length, seated: table.memberIds.length }] : [];
  });
}

/** The levers an activity ranks (fixed when it opens; before, the convention's), with their titles. */
function rankedLevers(conv: Convention, activity: LeverRanking): Lever[] {
  const ids = activity.leverIds.length > 0 ? activity.leverIds : conv.levers.map((l) => l.id);
  return ids.map((id) => conv.levers.find((l) => l.id === id) ?? { id, title: '?' });
}

/** What the ranking counts now, from the session's tables, presence, levers and silent rankings. */
export function countRanking(conv: Convention, activity: LeverRanking): RankingRecord {
  const session = conv.sessions[activity.sessionId];
  const tables = tableStatuses(conv, activity);
  return {
    session: session?.title ?? null,
    levers: rankedLevers(conv, activity),
    tables,
    silent: silentProgress(conv, activity),
    silentBallots: (session?.tables ?? []).flatMap((table) =>
      table.memberIds.flatMap((id) => (activity.silent[id] ? [{ table: table.name, ranking: activity.silent[id]! }] : [])),
    ),
    aggregate: aggregateOf(activity.leverIds, tables),
  };
}

/** A closed ranking's frozen record, else what it counts now. */
export function rankingRecord(conv: Convention, activity: LeverRanking): RankingRecord {
  return activity.frozen ?? countRanking(conv, activity);
}

/**
 * The activity in the recount format of docs/formats.md: lever titles as candidates, one ballot
 * per table, plus the silent-round rankings without names, so anyone can recount both.
 */
export function rankingExport(conv: Convention, activity: LeverRanking) {
  const record = rankingRecord(conv, activity);
  const titles = new Map(record.levers.map((l) => [l.id, l.title]));
  const title = (id: string) => titles.get(id) ?? id;
  const candidates = activity.leverIds.map(title);
  const aggregate = record.aggregate;
  return {
    kind: 'ranking' as const,
    activity: { id: activity.id, title: activity.title, phase: activity.phase, session: record.session },
    candidates,
    ballots: record.tables.map((t) => ({ table: t.name, ranking: t.order.map(title), count: 1 })),
    tables: record.tables.map((t) => ({ table: t.name, ranking: t.order.map(title), validatedBy: t.validatedBy })),
    results: aggregate && {
      schulze: aggregate.schulze.map(title),
      /** Tied levers share a group (and a place). */
      schulzeGroups: aggregate.schulzeGroups.map((group) => group.map(title)),
      borda: Object.fromEntries(Object.entries(aggregate.borda).map(([id, score]) => [title(id), score])),
      dissent: aggregate.levers.map((l) => ({ lever: title(l.leverId), spread: l.spread, sd: l.sd, level: l.dissent })),
    },
    silentRound: activity.silentRound
      ? { kind: 'ranking' as const, candidates, ballots: record.silentBallots.map((b) => ({ table: b.table, ranking: b.ranking.map(title), count: 1 })) }
      : null,
  };
}
