import type { Tally, Vote } from '../../shared/features/votes/types.ts';
import { voteOutcome, type VoteOutcome } from '../../shared/features/votes/outcome.ts';
import { voteRecord } from '../../shared/features/votes/record.ts';
import { dataset } from './columns.ts';
import { bySession, decimal, isoTime, proposalReference, ratio, sessionLabel } from './labels.ts';

// One row per closed adoption vote: its rules, the split of its ballots (phones and paper
// apart, then together), its turnout and its result, all as locked at the close (`result`, and
// the proposal as voted on: votes/record.ts). A secret vote's ballots are counts only: no file
// says who voted what (docs/security.md).

/** How a closed vote ended (shared/features/votes/outcome.ts); null while it is not closed. */
export const outcomeOf = (vote: Vote): VoteOutcome | null => (vote.result ? voteOutcome(vote.result) : null);

/** The paper counts kept (entries taken back are left out, as the close counted them). */
function paperTally(vote: Vote): Tally {
  const kept = vote.paper.filter((p) => !p.removedAt);
  return { for: kept.reduce((n, p) => n + p.for, 0), against: kept.reduce((n, p) => n + p.against, 0), abstain: kept.reduce((n, p) => n + p.abstain, 0) };
}

export const votes = dataset({
  name: 'votes',
  title: { fr: 'Votes d’adoption', en: 'Adoption votes' },
  about: {
    fr: 'Une ligne par vote clos (un nouveau tour sur une proposition est une nouvelle ligne), dans l’ordre des séances.',
    en: 'One row per closed vote (a new round on a proposal is a new row), in the order of the sessions.',
  },
  columns: [
    { name: 'vote_id', type: 'string', fr: 'Identifiant du vote', en: 'Vote identifier' },
    { name: 'session', type: 'string', fr: 'Séance où il a eu lieu', en: 'Session it took place in' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'proposal_number', type: 'integer', fr: 'Numéro de la proposition (12 pour P-012)', en: 'Proposal number (12 for P-012)' },
    { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012)', en: 'Proposal reference (P-012)' },
    { name: 'proposal_title', type: 'string', fr: 'Titre de la proposition telle que votée', en: 'Proposal title as voted on' },
    { name: 'round', type: 'integer', fr: 'Tour de vote sur cette proposition (1 pour le premier)', en: 'Voting round on this proposal (1 for the first)' },
    { name: 'secret', type: 'boolean', fr: 'Vote à bulletin secret', en: 'Secret ballot' },
    { name: 'threshold', type: 'decimal', fr: 'Seuil d’adoption, part des voix « pour » (0,6 pour 60 %)', en: 'Adoption threshold, share of "for" (0.6 for 60 %)' },
    { name: 'basis', type: 'string', fr: 'Base du seuil : expressed (suffrages exprimés), present (présents) ou members (membres)', en: 'Basis of the threshold: expressed (votes cast), present (members present) or members (all members)' },
    { name: 'quorum', type: 'integer', fr: 'Présents requis (0 : pas de quorum)', en: 'Members present required (0: no quorum)' },
    { name: 'quorum_met', type: 'boolean', fr: 'Quorum atteint', en: 'Quorum met' },
    { name: 'members', type: 'integer', fr: 'Membres appelés à voter à la clôture', en: 'Members entitled to vote at the close' },
    { name: 'present', type: 'integer', fr: 'Membres présents à la clôture', en: 'Members present at the close' },
    { name: 'voters_electronic', type: 'integer', fr: 'Votants sur téléphone', en: 'Voters on phones' },
    { name: 'for_electronic', type: 'integer', fr: 'Pour, sur téléphone', en: 'For, on phones' },
    { name: 'against_electronic', type: 'integer', fr: 'Contre, sur téléphone', en: 'Against, on phones' },
    { name: 'abstain_electronic', type: 'integer', fr: 'Abstentions, sur téléphone', en: 'Abstentions, on phones' },
    { name: 'for_paper', type: 'integer', fr: 'Pour, sur papier ou boîtier', en: 'For, on paper or keypads' },
    { name: 'against_paper', type: 'integer', fr: 'Contre, sur papier ou boîtier', en: 'Against, on paper or keypads' },
    { name: 'abstain_paper', type: 'integer', fr: 'Abstentions, sur papier ou boîtier', en: 'Abstentions, on paper or keypads' },
    { name: 'for', type: 'integer', fr: 'Pour, en tout', en: 'For, in all' },
    { name: 'against', type: 'integer', fr: 'Contre, en tout', en: 'Against, in all' },
    { name: 'abstain', type: 'integer', fr: 'Abstentions, en tout', en: 'Abstentions, in all' },
    { name: 'ballots', type: 'integer', fr: 'Bulletins comptés (pour, contre et abstentions)', en: 'Ballots counted (for, against and abstentions)' },
    { name: 'turnout', type: 'decimal', fr: 'Participation : bulletins comptés sur présents (vide sans présent)', en: 'Turnout: ballots counted over members present (empty with nobody present)' },
    { name: 'share_for', type: 'decimal', fr: 'Part des voix « pour » sur la base du seuil, comparée au seuil', en: 'Share of "for" on the threshold\'s basis, compared with the threshold' },
    { name: 'result', type: 'string', fr: 'Résultat : adopted (adoptée), rejected (rejetée) ou no_quorum (quorum non atteint)', en: 'Result: adopted, rejected or no_quorum (quorum not met)' },
    { name: 'opened_at', type: 'datetime', fr: 'Ouverture du vote (UTC)', en: 'When the vote opened (UTC)' },
    { name: 'closed_at', type: 'datetime', fr: 'Clôture du vote (UTC)', en: 'When the vote closed (UTC)' },
  ],
  rows(conv, include) {
    return bySession(conv, conv.votes).flatMap((vote) => {
      const result = vote.result;
      if (!result || !include('vote', vote.id) || !include('proposal', vote.proposalId)) return [];
      const proposal = voteRecord(conv, vote).proposal;
      const paper = paperTally(vote);
      const ballots = result.tally.for + result.tally.against + result.tally.abstain;
      const session = sessionLabel(conv, vote.sessionId);
      return [
        {
          vote_id: vote.id,
          session: session.title,
          session_date: session.date,
          proposal_number: proposal?.number ?? null,
          proposal_reference: proposal ? proposalReference(proposal.number) : null,
          proposal_title: proposal?.title ?? null,
          round: vote.round,
          secret: vote.secret,
          threshold: decimal(vote.thresholdBp / 10_000),
          basis: vote.basis,
          quorum: vote.quorum,
          quorum_met: result.quorumMet,
          members: result.members,
          present: result.present,
          voters_electronic: vote.voters.length,
          // The close's tally holds phones and paper together; the phones' part is the rest.
          for_electronic: result.tally.for - paper.for,
          against_electronic: result.tally.against - paper.against,
          abstain_electronic: result.tally.abstain - paper.abstain,
          for_paper: paper.for,
          against_paper: paper.against,
          abstain_paper: paper.abstain,
          for: result.tally.for,
          against: result.tally.against,
          abstain: result.tally.abstain,
          ballots,
          turnout: ratio(ballots, result.present),
          share_for: decimal(result.share),
          result: voteOutcome(result),
          opened_at: isoTime(vote.openedAt),
          closed_at: isoTime(result.closedAt),
        },
      ];
    });
  },
});
