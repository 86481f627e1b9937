import { pollRecord } from '../../shared/features/polls/record.ts';
import { pollResults } from '../../shared/features/polls/views.ts';
import { dataset } from './columns.ts';
import { bySession, ratio, sessionLabel } from './labels.ts';

// Closed quick polls, one row per option (or per value of a scale) with how many chose it: the
// aggregates the projector shows, never an answer beside a member. Free-text polls (word clouds)
// are left out: their words are members' own, typed in the room, and may name someone.

export const polls = dataset({
  name: 'polls',
  title: { fr: 'Sondages', en: 'Quick polls' },
  about: {
    fr: 'Une ligne par option (ou par valeur d’une échelle) de chaque sondage clos à choix ou à échelle, dans l’ordre des séances puis des sondages. Les sondages à texte libre (nuages de mots) n’y sont pas.',
    en: 'One row per option (or per value of a scale) of each closed choice or scale poll, in the order of the sessions, then of the polls. Free-text polls (word clouds) are not in it.',
  },
  columns: [
    { name: 'poll_id', type: 'string', fr: 'Identifiant du sondage', en: 'Poll identifier' },
    { name: 'session', type: 'string', fr: 'Séance où il a eu lieu', en: 'Session it took place in' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance', en: 'First day of the session' },
    { name: 'poll_number', type: 'integer', fr: 'Numéro du sondage dans sa séance', en: 'Number of the poll in its session' },
    { name: 'question', type: 'string', fr: 'La question', en: 'The question' },
    { name: 'poll_kind', type: 'string', fr: 'single (un choix), multiple (plusieurs choix) ou scale (échelle)', en: 'single (one choice), multiple (several choices) or scale' },
    { name: 'answer', type: 'string', fr: 'L’option, ou la valeur de l’échelle', en: 'The option, or the value on the scale' },
    { name: 'count', type: 'integer', fr: 'Membres qui l’ont choisie', en: 'Members who chose it' },
    { name: 'share', type: 'decimal', fr: 'count sur respondents (à choix multiples, le total dépasse 1)', en: 'count over respondents (with multiple choices the total exceeds 1)' },
    { name: 'respondents', type: 'integer', fr: 'Membres qui ont répondu au sondage', en: 'Members who answered the poll' },
    { name: 'present', type: 'integer', fr: 'Membres présents à la clôture', en: 'Members present at the close' },
  ],
  rows(conv, include) {
    return bySession(conv, conv.polls).flatMap((poll) => {
      if (poll.status !== 'closed' || poll.format.kind === 'words' || !include('poll', poll.id)) return [];
      const results = pollResults(poll);
      const respondents = Object.keys(poll.answers).length;
      const session = sessionLabel(conv, poll.sessionId);
      const base = { poll_id: poll.id, session: session.title, session_date: session.date, poll_number: poll.number, question: poll.question, poll_kind: poll.format.kind, respondents, present: pollRecord(conv, poll).present };
      const counts = results.kind === 'choices' ? results.options.map((o) => ({ answer: o.label, count: o.count })) : results.kind === 'scale' ? results.distribution.map((d) => ({ answer: String(d.value), count: d.count })) : [];
      return counts.map(({ answer, count }) => ({ ...base, answer, count, share: ratio(count, respondents) }));
    });
  },
});
