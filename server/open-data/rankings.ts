import type { Convention } from '../../shared/domain/types.ts';
import { rankingRecord } from '../../shared/features/ranking/results.ts';
import type { LeverRanking, RankingRecord } from '../../shared/features/ranking/types.ts';
import { dataset, type Include } from './columns.ts';
import { bySession, decimal, sessionLabel } from './labels.ts';

// One row per lever of each closed lever ranking: its Schulze place (tied levers share it), its
// Borda score and how far the tables were apart on it, from the record frozen at the close
// (ranking/results.ts). Each table's own order is in ranking-tables.csv: a table ranks together,
// in the room, so its order is the table's, not any one member's.

/** Closed rankings with their frozen record (a ranking not yet closed has no result to publish). */
export function closedRankings(conv: Convention, include: Include): { activity: LeverRanking; record: RankingRecord }[] {
  return bySession(conv, conv.activities).flatMap((activity) => (activity.phase === 'closed' && include('ranking', activity.id) ? [{ activity, record: rankingRecord(conv, activity) }] : []));
}

export const leverTitle = (record: RankingRecord, leverId: string): string => record.levers.find((l) => l.id === leverId)?.title ?? leverId;

export const rankings = dataset({
  name: 'rankings',
  title: { fr: 'Classements des leviers', en: 'Lever rankings' },
  about: {
    fr: 'Une ligne par levier de chaque classement clos, dans l’ordre des places (Schulze).',
    en: 'One row per lever of each closed ranking, in the order of the places (Schulze).',
  },
  columns: [
    { name: 'ranking_id', type: 'string', fr: 'Identifiant du classement', en: 'Ranking identifier' },
    { name: 'ranking_title', type: 'string', fr: 'Titre du classement', en: 'Title of the ranking' },
    { name: 'session', type: 'string', fr: 'Séance où il a eu lieu', en: 'Session it took place in' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'lever', type: 'string', fr: 'Levier (titre à la clôture)', en: 'Lever (title at the close)' },
    { name: 'schulze_place', type: 'integer', fr: 'Place par la méthode de Schulze (1 : premier ; les ex æquo partagent leur place)', en: 'Place by the Schulze method (1: first; ties share their place)' },
    { name: 'borda_score', type: 'decimal', fr: 'Score de Borda (somme sur les tables)', en: 'Borda score (sum over the tables)' },
    { name: 'mean_rank', type: 'decimal', fr: 'Rang moyen aux tables', en: 'Mean rank at the tables' },
    { name: 'rank_spread', type: 'integer', fr: 'Écart entre le meilleur et le moins bon rang aux tables', en: 'Gap between its best and worst rank at the tables' },
    { name: 'dissent', type: 'string', fr: 'Dissensus entre tables : low, medium ou high (docs/formats.md, « Dissent between tables »)', en: 'Dissent between tables: low, medium or high (docs/formats.md, "Dissent between tables")' },
    { name: 'tables', type: 'integer', fr: 'Tables qui ont classé', en: 'Tables that ranked' },
  ],
  rows(conv, include) {
    return closedRankings(conv, include).flatMap(({ activity, record }) => {
      const aggregate = record.aggregate;
      if (!aggregate) return [];
      const session = sessionLabel(conv, activity.sessionId);
      let place = 1;
      return aggregate.schulzeGroups.flatMap((group) => {
        const at = place;
        place += group.length;
        return group.map((leverId) => {
          const spread = aggregate.levers.find((l) => l.leverId === leverId);
          return {
            ranking_id: activity.id,
            ranking_title: activity.title,
            session: session.title,
            session_date: session.date,
            lever: leverTitle(record, leverId),
            schulze_place: at,
            borda_score: decimal(aggregate.borda[leverId]),
            mean_rank: decimal(spread?.mean),
            rank_spread: spread?.spread ?? null,
            dissent: spread?.dissent ?? null,
            tables: aggregate.tableCount,
          };
        });
      });
    });
  },
});
