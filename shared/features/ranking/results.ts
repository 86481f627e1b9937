import { borda } from '../../math/borda.ts';
import { dissent } from '../../math/dissent.ts';
import { flattenOrder, schulze } from '../../math/schulze.ts';
import type { Convention } from '../../domain/types.ts';
import { smallGroupMin, splitSmallGroups } from '../../domain/small-groups.ts';
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

/**
 * Rankings in a canonical order: place by place, by the levers' order in the activity (then the
 * shorter first). It depends on the rankings only, never on who sent them or when.
 */
export function sortRankings(rankings: readonly (readonly string[])[], leverIds: readonly string[]): string[][] {
  const place = new Map(leverIds.map((id, i) => [id, i]));
  const at = (id: string | undefined) => (id === undefined ? -1 : (place.get(id) ?? leverIds.length));
  const compare = (a: readonly string[], b: readonly string[]): number => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = at(a[i]) - at(b[i]);
      if (d !== 0) return d;
      if (a[i] !== b[i]) return (a[i] ?? '') < (b[i] ?? '') ? -1 : 1;
    }
    return 0;
  };
  return rankings.map((r) => [...r]).sort(compare);
}

/**
 * The silent-round rankings as the recount format's ballot lines: identical rankings of a table
 * on one line with their count, tables in the session's order, rankings in the canonical order
 * (sortRankings). A table is named only when it sent at least k rankings; the others are
 * counted together without a table (`table: null`), and merged as the small-groups rule merges
 * any subgroup (shared/domain/small-groups.ts), so that no table's rankings can be told apart by
 * subtraction either.
 */
export function silentRoundBallots(record: RankingRecord, leverIds: readonly string[], k: number): { table: string | null; ranking: string[]; count: number }[] {
  const tables = [...new Set(record.silentBallots.map((b) => b.table))];
  const split = splitSmallGroups(tables.map((table) => ({ id: table, size: record.silentBallots.filter((b) => b.table === table).length })), k);
  const units: (string | null)[] = [...split.shown, null];
  return units.flatMap((unit) => {
    const rankings = sortRankings(record.silentBallots.filter((b) => (unit === null ? !split.shown.includes(b.table) : b.table === unit)).map((b) => b.ranking), leverIds);
    const lines: { table: string | null; ranking: string[]; count: number }[] = [];
    for (const ranking of rankings) {
      const last = lines.at(-1);
      if (last && last.ranking.join('\u0000') === ranking.join('\u0000')) last.count++;
      else lines.push({ table: unit, ranking, count: 1 });
    }
    return lines;
  });
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
    // Each table's rankings sorted by the rankings themselves: the roster's order of its members
    // must not tell whose ranking is whose.
    silentBallots: (session?.tables ?? []).flatMap((table) =>
      sortRankings(table.memberIds.flatMap((id) => (activity.silent[id] ? [activity.silent[id]!] : [])), activity.leverIds).map((ranking) => ({ table: table.name, ranking })),
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
      ? {
          kind: 'ranking' as const,
          candidates,
          ballots: silentRoundBallots(record, activity.leverIds, smallGroupMin(conv)).map((b) => ({ ...b, ranking: b.ranking.map(title) })),
          // All the silent round ever showed: how many members sent their ranking (the projector's
          // and console's progress, room total); a recount checks the ballots against it.
          submitted: record.silent.reduce((n, p) => n + p.submitted, 0),
        }
      : null,
  };
}
