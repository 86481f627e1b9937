import { dataset } from './columns.ts';
import { closedCheckReadings, proposalOf } from './consensus.ts';
import { ratio } from './labels.ts';

// The consensus readings by table, exactly as the screens show them: a table's count only when
// it holds at least k answers; the smaller ones counted together ("other tables", at least k in
// all), or, when even all of them together are fewer than k, named without any number
// (shared/domain/small-groups.ts, applied by deliberation/views.ts). No count under k appears,
// not even by subtraction from the proposal's total in consensus.csv.

export const consensusTables = dataset({
  name: 'consensus-tables',
  title: { fr: 'Mesures du consensus, par table', en: 'Consensus checks, by table' },
  about: {
    fr: 'Une ligne par table montrée, par regroupement de petites tables, ou par table nommée sans décompte, pour chaque proposition de chaque mesure close.',
    en: 'One row per table shown, per group of small tables, or per table named without a count, for each proposal of each closed check.',
  },
  columns: [
    { name: 'check_id', type: 'string', fr: 'Identifiant de la mesure (comme dans consensus.csv)', en: 'Check identifier (as in consensus.csv)' },
    { name: 'check_title', type: 'string', fr: 'Titre de la mesure', en: 'Title of the check' },
    { name: 'proposal_number', type: 'integer', fr: 'Numéro de la proposition', en: 'Proposal number' },
    { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012)', en: 'Proposal reference (P-012)' },
    { name: 'proposal_title', type: 'string', fr: 'Titre de la proposition à la clôture', en: 'Proposal title at the close' },
    { name: 'lever', type: 'string', fr: 'Levier de la proposition', en: 'The proposal\'s lever' },
    { name: 'group', type: 'string', fr: 'table (une table), other_tables (petites tables comptées ensemble) ou fewer_than_k (table nommée, jamais comptée)', en: 'table (one table), other_tables (small tables counted together) or fewer_than_k (a table named, never counted)' },
    { name: 'tables', type: 'string list', fr: 'La table, ou les tables comptées ensemble', en: 'The table, or the tables counted together' },
    { name: 'without_table', type: 'boolean', fr: 'Le regroupement compte aussi des réponses sans table', en: 'The group also counts answers without a table' },
    { name: 'agree', type: 'integer', fr: 'Réponses du côté de l’accord (vide pour fewer_than_k)', en: 'Answers on the agreeing side (empty for fewer_than_k)' },
    { name: 'answers', type: 'integer', fr: 'Réponses sur le gradient (au moins k ; vide pour fewer_than_k)', en: 'Answers on the gradient (at least k; empty for fewer_than_k)' },
    { name: 'agree_share', type: 'decimal', fr: 'agree / answers', en: 'agree / answers' },
    { name: 'differs', type: 'string', fr: 'Écart significatif avec le reste de la salle : more_agree, less_agree ou same (tables seules)', en: 'Significant difference from the rest of the room: more_agree, less_agree or same (single tables only)' },
    { name: 'k', type: 'integer', fr: 'k : le moins de réponses avec lequel un décompte est publié', en: 'k: the fewest answers a count is published with' },
  ],
  rows(conv, include) {
    return closedCheckReadings(conv, include).flatMap(({ check, record, reading }) => {
      const base = { check_id: check.id, check_title: check.title, ...proposalOf(record, reading.proposalId), k: reading.smallGroupMin };
      const other = reading.otherTables;
      return [
        ...reading.tables.map((t) => ({ ...base, group: 'table', tables: [t.tableName], without_table: false, agree: t.agree, answers: t.answers, agree_share: ratio(t.agree, t.answers), differs: t.significant ? t.direction : 'same' })),
        ...(other ? [{ ...base, group: 'other_tables', tables: other.tableNames, without_table: other.withoutTable, agree: other.agree, answers: other.answers, agree_share: ratio(other.agree, other.answers), differs: null }] : []),
        ...reading.fewerTables.map((name) => ({ ...base, group: 'fewer_than_k', tables: [name], without_table: false, agree: null, answers: null, agree_share: null, differs: null })),
      ];
    });
  },
});
