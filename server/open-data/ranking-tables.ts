import { dataset } from './columns.ts';
import { closedRankings, leverTitle } from './rankings.ts';

// Each table's order of the levers in each closed lever ranking, as it stood at the close (the
// frozen record), one row per table and lever: the grid the projector and the dossier show.

export const rankingTables = dataset({
  name: 'ranking-tables',
  title: { fr: 'Classements des leviers, par table', en: 'Lever rankings, by table' },
  about: {
    fr: 'Une ligne par table et par levier de chaque classement clos : le rang que la table lui a donné.',
    en: 'One row per table and lever of each closed ranking: the rank the table gave it.',
  },
  columns: [
    { name: 'ranking_id', type: 'string', fr: 'Identifiant du classement (comme dans rankings.csv)', en: 'Ranking identifier (as in rankings.csv)' },
    { name: 'ranking_title', type: 'string', fr: 'Titre du classement', en: 'Title of the ranking' },
    { name: 'table', type: 'string', fr: 'Table (nom à la clôture)', en: 'Table (name at the close)' },
    { name: 'validated_by', type: 'string', fr: 'Classement validé par la table (table) ou par l’animation (facilitator) ; vide sinon', en: 'Ranking validated by the table (table) or by the facilitator (facilitator); empty otherwise' },
    { name: 'lever', type: 'string', fr: 'Levier (titre à la clôture)', en: 'Lever (title at the close)' },
    { name: 'rank', type: 'integer', fr: 'Rang que la table lui a donné (1 : premier)', en: 'Rank the table gave it (1: first)' },
  ],
  rows(conv, include) {
    return closedRankings(conv, include).flatMap(({ activity, record }) =>
      record.tables.flatMap((table) =>
        table.order.map((leverId, index) => ({
          ranking_id: activity.id,
          ranking_title: activity.title,
          table: table.name,
          validated_by: table.validatedBy,
          lever: leverTitle(record, leverId),
          rank: index + 1,
        })),
      ),
    );
  },
});
