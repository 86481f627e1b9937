import type { Convention } from '../../shared/domain/types.ts';
import type { Vote } from '../../shared/features/votes/types.ts';
import { dataset, type Include } from './columns.ts';
import { decimal, isoTime, proposalReference } from './labels.ts';
import { outcomeOf } from './votes.ts';

// One row per proposal (drafts are their authors' own until submitted): its final text, lever,
// how it came in, where it stands, the support group's scores and the result of its last closed
// adoption vote. Authors are not named (public data: no member names, docs/security.md); the
// channel says whether it came from a phone, mail, paper, a platform or an import.

/**
 * Each proposal's last closed vote among those the files include (the latest round decides),
 * found in one pass over the votes: a convention votes on hundreds of proposals.
 */
function lastVotes(conv: Convention, include: Include): Map<string, Vote> {
  const last = new Map<string, Vote>();
  for (const vote of Object.values(conv.votes)) {
    if (!vote.result || !include('vote', vote.id)) continue;
    const known = last.get(vote.proposalId);
    if (!known || vote.round > known.round || (vote.round === known.round && vote.result.closedAt > known.result!.closedAt)) last.set(vote.proposalId, vote);
  }
  return last;
}

export const proposals = dataset({
  name: 'proposals',
  title: { fr: 'Propositions', en: 'Proposals' },
  about: {
    fr: 'Une ligne par proposition déposée (les brouillons restent à leurs auteurs), dans l’ordre des numéros.',
    en: 'One row per submitted proposal (drafts stay their authors\'), in the order of their numbers.',
  },
  columns: [
    { name: 'proposal_number', type: 'integer', fr: 'Numéro de la proposition (12 pour P-012)', en: 'Proposal number (12 for P-012)' },
    { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012)', en: 'Proposal reference (P-012)' },
    { name: 'title', type: 'string', fr: 'Titre, dans sa dernière version', en: 'Title, in its last version' },
    { name: 'text', type: 'string', fr: 'Texte, dans sa dernière version', en: 'Text, in its last version' },
    { name: 'lever', type: 'string', fr: 'Levier', en: 'Lever' },
    { name: 'status', type: 'string', fr: 'Statut : submitted, under_study, ready_for_vote, withdrawn, merged, adopted ou rejected', en: 'Status: submitted, under_study, ready_for_vote, withdrawn, merged, adopted or rejected' },
    { name: 'versions', type: 'integer', fr: 'Nombre de versions du texte', en: 'Number of versions of the text' },
    { name: 'origin_channels', type: 'string list', fr: 'Comment elle est arrivée : phone, mail, paper, platform ou import (une par origine, fusions comprises)', en: 'How it came in: phone, mail, paper, platform or import (one per origin, merges included)' },
    { name: 'received_on', type: 'date', fr: 'Date de sa première origine', en: 'Date of its first origin' },
    { name: 'merged_into', type: 'integer', fr: 'Numéro de la proposition dans laquelle elle a été fusionnée', en: 'Number of the proposal it was merged into' },
    { name: 'merged_from', type: 'integer list', fr: 'Numéros des propositions fusionnées dans celle-ci', en: 'Numbers of the proposals merged into this one' },
    { name: 'ecological_score', type: 'integer', fr: 'Effet écologique selon le groupe d’appui, 0 à 4 (docs/methods.md)', en: 'Ecological effect according to the support group, 0 to 4 (docs/methods.md)' },
    { name: 'financial_score', type: 'integer', fr: 'Coût pour la collectivité selon le groupe d’appui, 0 à 4', en: 'Cost to the authority according to the support group, 0 to 4' },
    { name: 'economic_score', type: 'integer', fr: 'Effet sur l’économie du territoire selon le groupe d’appui, -2 à +2', en: 'Effect on the local economy according to the support group, -2 to +2' },
    { name: 'competence', type: 'string', fr: 'Compétence de la collectivité : competente, partagee ou hors_competence', en: 'The authority\'s competence: competente (its own), partagee (shared) or hors_competence (not its own)' },
    { name: 'adoption_result', type: 'string', fr: 'Résultat de son dernier vote clos : adopted, rejected ou no_quorum (vide sans vote)', en: 'Result of its last closed vote: adopted, rejected or no_quorum (empty without a vote)' },
    { name: 'adoption_share', type: 'decimal', fr: 'Part des voix « pour » à ce vote, sur sa base', en: 'Share of "for" in that vote, on its basis' },
    { name: 'adoption_round', type: 'integer', fr: 'Tour de ce vote (votes.csv)', en: 'Round of that vote (votes.csv)' },
    { name: 'adoption_vote_id', type: 'string', fr: 'Identifiant de ce vote (votes.csv)', en: 'Identifier of that vote (votes.csv)' },
    { name: 'adoption_closed_at', type: 'datetime', fr: 'Clôture de ce vote (UTC)', en: 'When that vote closed (UTC)' },
  ],
  rows(conv, include) {
    const numberOf = (id: string) => (Object.hasOwn(conv.proposals, id) ? conv.proposals[id]!.number : null);
    const levers = new Map(conv.levers.map((l) => [l.id, l.title]));
    const votes = lastVotes(conv, include);
    return conv.proposalOrder.flatMap((id) => {
      const p = conv.proposals[id];
      if (!p || p.status === 'draft' || !include('proposal', id)) return [];
      const vote = votes.get(id) ?? null;
      const a = p.annotation;
      const first = p.origins.length > 0 ? Math.min(...p.origins.map((o) => o.receivedAt)) : null;
      return [
        {
          proposal_number: p.number,
          proposal_reference: proposalReference(p.number),
          title: p.title,
          text: p.text,
          lever: levers.get(p.leverId) ?? null,
          status: p.status,
          versions: p.versions.length,
          origin_channels: p.origins.map((o) => o.channel),
          received_on: isoTime(first)?.slice(0, 10) ?? null,
          // A proposal merged into one left out of the files is named by its number all the same:
          // a number says nothing the list of numbers does not.
          merged_into: p.mergedInto ? numberOf(p.mergedInto) : null,
          merged_from: p.mergedFrom.flatMap((from) => numberOf(from) ?? []),
          ecological_score: a?.ecological.score ?? null,
          financial_score: a?.financial.score ?? null,
          economic_score: a?.economic.score ?? null,
          competence: a?.competence.value ?? null,
          adoption_result: vote ? outcomeOf(vote) : null,
          adoption_share: vote ? decimal(vote.result!.share) : null,
          adoption_round: vote?.round ?? null,
          adoption_vote_id: vote?.id ?? null,
          adoption_closed_at: vote ? isoTime(vote.result!.closedAt) : null,
        },
      ];
    });
  },
});
