import type { Verdict } from '../../shared/features/strata/holds.ts';
import { closedReadings, type StrataReading } from '../../shared/features/strata/readings.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../shared/features/strata/types.ts';
import { dataset } from './columns.ts';
import { proposalReference, sessionLabel } from './labels.ts';

// Every closed result read by stratum (docs/methods.md, "Reading a result by stratum"): one row
// per stratum of each reported attribute, with its counts, its result by the room's own rule and
// whether the room's result holds there. The counts are resultByStratum's, k-safe by
// construction: values held by fewer than k ballots are counted together ('*'), never apart.

/** A result as a word the file can be filtered on: a vote's outcome, a check's marker, a grade or options' labels, a median. */
function resultText(reading: StrataReading, verdict: Verdict): string {
  switch (verdict.kind) {
    case 'vote':
      return verdict.outcome;
    case 'check':
      return verdict.marker;
    case 'grading':
      return verdict.grade === null ? '' : (reading.labels[verdict.grade] ?? '');
    case 'choices':
      return verdict.leading.map((i) => reading.labels[i] ?? '').join(' | ');
    case 'scale':
      return verdict.median === null ? '' : String(verdict.median);
  }
}

const valueKind = (value: string) => (value === VALUE_NOT_GIVEN ? 'not_given' : value === OTHER_VALUES ? 'other_values' : 'value');

export const resultsByStratum = dataset({
  name: 'results-by-stratum',
  title: { fr: 'Résultats par strate', en: 'Results by stratum' },
  about: {
    fr: 'Une ligne par strate (valeur d’un attribut suivi) de chaque vote, proposition d’une mesure du consensus ou d’un jugement majoritaire, et sondage clos, lus par strate avec la règle du résultat de la salle. Aucune strate de moins de k bulletins n’y figure seule : elles sont comptées ensemble (value « * »).',
    en: 'One row per stratum (value of a reported attribute) of each closed vote, proposal of a consensus check or grading, and poll, read by stratum with the rule of the room’s result. No stratum of fewer than k ballots appears on its own: they are counted together (value "*").',
  },
  columns: [
    { name: 'result_kind', type: 'string', fr: 'vote, check (mesure du consensus), grading (jugement majoritaire) ou poll (sondage)', en: 'vote, check (consensus check), grading or poll' },
    { name: 'result_id', type: 'string', fr: 'Identifiant du vote, de la mesure, du jugement ou du sondage', en: 'Identifier of the vote, check, grading or poll' },
    { name: 'session', type: 'string', fr: 'Séance où il a eu lieu', en: 'Session it took place in' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'title', type: 'string', fr: 'Titre de la mesure ou du jugement, question du sondage (vide pour un vote)', en: 'Title of the check or grading, question of the poll (empty for a vote)' },
    { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012), vide pour un sondage', en: 'Proposal reference (P-012), empty for a poll' },
    { name: 'proposal_title', type: 'string', fr: 'Titre de la proposition à la clôture', en: 'Proposal title at the close' },
    { name: 'attribute', type: 'string', fr: 'Attribut du registre (ageBracket, gender, territory, occupation, education, ou un attribut déclaré)', en: 'Roster attribute (ageBracket, gender, territory, occupation, education, or a declared one)' },
    { name: 'value', type: 'string', fr: 'Valeur de la strate ; vide : non renseigné ; * : les valeurs de moins de k bulletins, ensemble', en: 'The stratum\'s value; empty: not given; *: the values of fewer than k ballots, together' },
    { name: 'value_kind', type: 'string', fr: 'value, not_given ou other_values', en: 'value, not_given or other_values' },
    { name: 'ballots', type: 'integer', fr: 'Bulletins (membres ayant répondu) dans la strate', en: 'Ballots (members who answered) in the stratum' },
    { name: 'cells', type: 'integer list', fr: 'Comptes de la strate : pour, contre, abstention ; niveaux puis « je ne sais pas » ; mentions ; options ; valeurs de l’échelle', en: 'The stratum\'s counts: for, against, abstain; levels then "unsure"; grades; options; scale values' },
    { name: 'result', type: 'string', fr: 'Résultat de la strate par la même règle (adopted, rejected, none ; marqueur du consensus ; mention ; option(s) en tête ; médiane)', en: 'The stratum\'s result by the same rule (adopted, rejected, none; consensus marker; grade; leading option(s); median)' },
    { name: 'room_result', type: 'string', fr: 'Résultat de la salle, écrit de même (no_quorum : quorum non atteint)', en: 'The room\'s result, written the same way (no_quorum: quorum not met)' },
    { name: 'holds', type: 'boolean', fr: 'Le résultat de la salle tient dans la strate ; vide quand on ne peut le dire', en: 'The room\'s result holds in the stratum; empty when it cannot be said' },
    { name: 'room_ballots', type: 'integer', fr: 'Bulletins du résultat de la salle (bulletins papier compris)', en: 'Ballots in the room\'s result (paper ballots included)' },
    { name: 'attributed_ballots', type: 'integer', fr: 'Parmi eux, bulletins rattachés à une strate (un bulletin papier n’en a pas)', en: 'Of them, ballots linked to a stratum (a paper ballot has none)' },
  ],
  rows(conv, include) {
    return closedReadings(conv).flatMap(({ sessionId, reading }) => {
      const { ref } = reading;
      if (!include(ref.kind, ref.id)) return [];
      if (ref.kind === 'vote' && !include('proposal', conv.votes[ref.id]!.proposalId)) return [];
      if ((ref.kind === 'check' || ref.kind === 'grading') && !include('proposal', ref.proposalId)) return [];
      const session = sessionLabel(conv, sessionId);
      const base = {
        result_kind: ref.kind,
        result_id: ref.id,
        session: session.title,
        session_date: session.date,
        title: reading.title,
        proposal_reference: reading.proposal ? proposalReference(reading.proposal.number) : null,
        proposal_title: reading.proposal?.title ?? null,
        room_result: resultText(reading, reading.room.verdict),
        room_ballots: reading.room.ballots,
        attributed_ballots: reading.attributed,
      };
      return reading.attributes.flatMap(({ attribute, rows }) =>
        rows.map((row) => ({ ...base, attribute, value: row.value, value_kind: valueKind(row.value), ballots: row.ballots, cells: row.cells, result: resultText(reading, row.verdict), holds: row.holds })),
      );
    });
  },
});
