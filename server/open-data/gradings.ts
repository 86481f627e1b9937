import { gradingRecord } from '../../shared/features/deliberation/record.ts';
import { gradingRanking } from '../../shared/features/deliberation/views.ts';
import { dataset } from './columns.ts';
import { proposalOf } from './consensus.ts';
import { bySession, decimal, sessionLabel } from './labels.ts';

// One row per proposal of each closed majority-judgment grading: its merit profile (how many
// grades of each kind, never whose), its majority grade and its rank overall and within its lever,
// as the screens rank them (deliberation/views.ts, gradingRanking) from the grade counts (secret
// counters that stop at the close) and the labels kept when it closed.

export const gradings = dataset({
  name: 'gradings',
  title: { fr: 'Jugements majoritaires', en: 'Majority-judgment gradings' },
  about: {
    fr: 'Une ligne par proposition de chaque jugement majoritaire clos, dans l’ordre du classement.',
    en: 'One row per proposal of each closed grading, in the order of its ranking.',
  },
  columns: [
    { name: 'grading_id', type: 'string', fr: 'Identifiant du jugement', en: 'Grading identifier' },
    { name: 'grading_title', type: 'string', fr: 'Titre du jugement', en: 'Title of the grading' },
    { name: 'session', type: 'string', fr: 'Séance où il a eu lieu', en: 'Session it took place in' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'proposal_number', type: 'integer', fr: 'Numéro de la proposition', en: 'Proposal number' },
    { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012)', en: 'Proposal reference (P-012)' },
    { name: 'proposal_title', type: 'string', fr: 'Titre de la proposition à la clôture', en: 'Proposal title at the close' },
    { name: 'lever', type: 'string', fr: 'Levier de la proposition', en: 'The proposal\'s lever' },
    { name: 'grades', type: 'string list', fr: 'Mentions, la meilleure en premier', en: 'Grades, best first' },
    { name: 'profile', type: 'integer list', fr: 'Profil de mérite : nombre de chaque mention, dans l’ordre de grades', en: 'Merit profile: how many of each grade, in the order of grades' },
    { name: 'graders', type: 'integer', fr: 'Membres qui ont évalué cette proposition', en: 'Members who graded this proposal' },
    { name: 'present', type: 'integer', fr: 'Membres présents à la clôture', en: 'Members present at the close' },
    { name: 'majority_grade', type: 'string', fr: 'Mention majoritaire (vide sans évaluation)', en: 'Majority grade (empty without grades)' },
    { name: 'better_share', type: 'decimal', fr: 'Part des mentions meilleures que la mention majoritaire', en: 'Share of grades better than the majority grade' },
    { name: 'worse_share', type: 'decimal', fr: 'Part des mentions moins bonnes que la mention majoritaire', en: 'Share of grades worse than the majority grade' },
    { name: 'rank', type: 'integer', fr: 'Rang dans le jugement (1 : première ; les ex æquo partagent leur rang)', en: 'Rank in the grading (1: first; ties share their rank)' },
    { name: 'lever_rank', type: 'integer', fr: 'Rang parmi les propositions du même levier', en: 'Rank among the proposals of the same lever' },
  ],
  rows(conv, include) {
    return bySession(conv, conv.gradings).flatMap((grading) => {
      if (grading.status !== 'closed' || !include('grading', grading.id)) return [];
      const record = gradingRecord(conv, grading);
      const { ranking, byLever } = gradingRanking(conv, grading);
      const session = sessionLabel(conv, grading.sessionId);
      return ranking
        .filter((entry) => include('proposal', entry.candidate))
        .map((entry) => {
          const leverId = record.proposals.find((p) => p.id === entry.candidate)?.leverId;
          const inLever = leverId ? byLever[leverId]?.find((e) => e.candidate === entry.candidate) : undefined;
          return {
            grading_id: grading.id,
            grading_title: grading.title,
            session: session.title,
            session_date: session.date,
            ...proposalOf(record, entry.candidate),
            grades: grading.grades,
            profile: grading.profiles[entry.candidate] ?? grading.grades.map(() => 0),
            graders: entry.total,
            present: record.present,
            majority_grade: entry.median,
            better_share: decimal(entry.p),
            worse_share: decimal(entry.q),
            rank: entry.rank,
            lever_rank: inLever?.rank ?? null,
          };
        });
    });
  },
});
