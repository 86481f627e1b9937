import type { Convention } from '../../shared/domain/types.ts';
import type { ConsensusCheck } from '../../shared/features/deliberation/types.ts';
import { checkRecord } from '../../shared/features/deliberation/record.ts';
import { readings, type ProposalReading } from '../../shared/features/deliberation/views.ts';
import type { CheckRecord } from '../../shared/features/deliberation/types.ts';
import { smallGroupMin } from '../../shared/domain/small-groups.ts';
import { dataset, type Include } from './columns.ts';
import { bySession, decimal, proposalReference, sessionLabel } from './labels.ts';

// One row per proposal of each closed consensus check: the distribution of its answers on the
// gradient and the marker the room was shown. The readings are the screens' own
// (deliberation/views.ts), over the check's counts (secret counters that stop at its close) and
// the labels kept when it closed (deliberation/record.ts). Minority opinions are counted, not
// quoted: their text is a member's own words (the dossier quotes them, once chosen for print).

/**
 * A closed check's readings, computed once for both files that read them (and for the next
 * state, while the check is the same object: its counts and labels no longer change, only k can).
 */
const kept = new WeakMap<ConsensusCheck, { k: number; readings: ProposalReading[] }>();
function closedReadings(conv: Convention, check: ConsensusCheck): ProposalReading[] {
  const k = smallGroupMin(conv);
  const known = kept.get(check);
  if (known && known.k === k) return known.readings;
  const computed = readings(conv, check);
  kept.set(check, { k, readings: computed });
  return computed;
}

/** A closed check's readings with its record, each proposal once, for the files that read them. */
export function closedCheckReadings(conv: Convention, include: Include): { check: ConsensusCheck; record: CheckRecord; reading: ProposalReading }[] {
  return bySession(conv, conv.checks).flatMap((check) => {
    if (check.status !== 'closed' || !include('check', check.id)) return [];
    const record = checkRecord(conv, check);
    return closedReadings(conv, check)
      .filter((reading) => include('proposal', reading.proposalId))
      .map((reading) => ({ check, record, reading }));
  });
}

export function proposalOf(record: { proposals: { id: string; number: number; title: string; leverId: string }[]; levers: { id: string; title: string }[] }, proposalId: string) {
  const p = record.proposals.find((r) => r.id === proposalId);
  return {
    proposal_number: p?.number ?? null,
    proposal_reference: p ? proposalReference(p.number) : null,
    proposal_title: p?.title ?? null,
    lever: p ? (record.levers.find((l) => l.id === p.leverId)?.title ?? null) : null,
  };
}

export const consensus = dataset({
  name: 'consensus',
  title: { fr: 'Mesures du consensus', en: 'Consensus checks' },
  about: {
    fr: 'Une ligne par proposition de chaque mesure du consensus close, dans l’ordre des séances puis de la mesure.',
    en: 'One row per proposal of each closed consensus check, in the order of the sessions, then of the check.',
  },
  columns: [
    { name: 'check_id', type: 'string', fr: 'Identifiant de la mesure', en: 'Check identifier' },
    { name: 'check_title', type: 'string', fr: 'Titre de la mesure', en: 'Title of the check' },
    { name: 'session', type: 'string', fr: 'Séance où elle a eu lieu', en: 'Session it took place in' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'proposal_number', type: 'integer', fr: 'Numéro de la proposition', en: 'Proposal number' },
    { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012)', en: 'Proposal reference (P-012)' },
    { name: 'proposal_title', type: 'string', fr: 'Titre de la proposition à la clôture', en: 'Proposal title at the close' },
    { name: 'lever', type: 'string', fr: 'Levier de la proposition', en: 'The proposal\'s lever' },
    { name: 'levels', type: 'string list', fr: 'Niveaux du gradient, accord complet en premier', en: 'Levels of the gradient, full agreement first' },
    { name: 'counts', type: 'integer list', fr: 'Réponses par niveau, dans l’ordre de levels', en: 'Answers per level, in the order of levels' },
    { name: 'answers', type: 'integer', fr: 'Réponses sur le gradient (sans « Je ne sais pas »)', en: 'Answers on the gradient ("I don\'t know" left out)' },
    { name: 'unsure', type: 'integer', fr: 'Réponses « Je ne sais pas »', en: '"I don\'t know" answers' },
    { name: 'present', type: 'integer', fr: 'Membres présents à la clôture', en: 'Members present at the close' },
    { name: 'agree_share', type: 'decimal', fr: 'Part des réponses du côté de l’accord', en: 'Share of answers on the agreeing side' },
    { name: 'neutral_share', type: 'decimal', fr: 'Part des réponses au milieu du gradient', en: 'Share of answers in the middle of the gradient' },
    { name: 'disagree_share', type: 'decimal', fr: 'Part des réponses du côté du désaccord', en: 'Share of answers on the disagreeing side' },
    { name: 'marker', type: 'string', fr: 'Repère montré : strong_consensus, consensus, divided, dissent ou insufficient (docs/methods.md)', en: 'Marker shown: strong_consensus, consensus, divided, dissent or insufficient (docs/methods.md)' },
    { name: 'group_aware_consensus', type: 'decimal', fr: 'Consensus entre tables (0 à 1), vide sans réponse par table', en: 'Consensus across tables (0 to 1), empty without answers by table' },
    { name: 'minority_opinions', type: 'integer', fr: 'Avis minoritaires écrits sur cette proposition', en: 'Minority opinions written on this proposal' },
  ],
  rows(conv, include) {
    return closedCheckReadings(conv, include).map(({ check, record, reading }) => {
      const session = sessionLabel(conv, check.sessionId);
      return {
        check_id: check.id,
        check_title: check.title,
        session: session.title,
        session_date: session.date,
        ...proposalOf(record, reading.proposalId),
        levels: check.levels,
        counts: reading.counts,
        answers: reading.result.answers,
        unsure: reading.unsure,
        present: record.present,
        agree_share: decimal(reading.result.agree),
        neutral_share: decimal(reading.result.neutral),
        disagree_share: decimal(reading.result.disagree),
        marker: reading.result.marker,
        group_aware_consensus: decimal(reading.groupAwareConsensus),
        minority_opinions: (check.opinions[reading.proposalId] ?? []).length,
      };
    });
  },
});
