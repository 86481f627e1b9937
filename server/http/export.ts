import { rankingExport } from '../../shared/domain/ranking-results.ts';
import type { Convention } from '../../shared/domain/types.ts';

/**
 * The convention's record for the organisers: roster (without tokens or seat codes), sessions,
 * agendas, tables and presence. Later activities add their results here.
 */
export function exportConvention(conv: Convention) {
  return {
    format: 'convergence-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    convention: { id: conv.id, name: conv.name, levers: conv.levers },
    members: conv.memberOrder.map((id) => conv.members[id]!).map((m) => ({ id: m.id, name: m.name, attributes: m.attributes, origin: m.origin, active: m.active })),
    sessions: conv.sessionOrder.map((id) => conv.sessions[id]!).map((s) => ({
      id: s.id,
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
      status: s.status,
      quorum: s.quorum,
      agenda: s.agenda,
      present: conv.memberOrder.filter((mid) => s.present[mid]),
      tables: s.tables.map((t) => ({ id: t.id, name: t.name, memberIds: t.memberIds })),
    })),
    /** Each lever ranking in the recount format (docs/formats.md): `npm run recount` reads it. */
    rankings: Object.values(conv.activities).filter((a) => a.phase !== 'draft').map((a) => rankingExport(conv, a)),
  };
}

/**
 * Lever rankings as one CSV sheet for spreadsheets: per activity, each lever's rank at each
 * table, its Schulze place, Borda score and dissent between tables.
 */
export function rankingsCsvRows(conv: Convention): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const activity of Object.values(conv.activities)) {
    if (activity.phase === 'draft') continue;
    const data = rankingExport(conv, activity);
    const tableNames = data.tables.map((t) => t.table);
    rows.push(['Activité', 'Levier', 'Rang Schulze', 'Score Borda', 'Écart entre tables', 'Dissensus', ...tableNames]);
    for (const lever of data.candidates) {
      const place = data.results ? data.results.schulze.indexOf(lever) + 1 : null;
      const dissent = data.results?.dissent.find((d) => d.lever === lever);
      rows.push([activity.title, lever, place, data.results?.borda[lever] ?? null, dissent?.spread ?? null, dissent?.level ?? null, ...data.tables.map((t) => t.ranking.indexOf(lever) + 1)]);
    }
    rows.push([]);
  }
  return rows;
}
