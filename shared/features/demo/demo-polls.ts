import type { DecideContext } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { newPoll } from '../../features/polls/decide.ts';
import { evolvePoll } from '../polls/evolve.ts';
import type { Convention } from '../../domain/types.ts';

// The quick polls the demo prepares for session 2 ("Présentation des 4 scénarios de l'ADEME"):
// the facilitator opens the session, makes the poll item current and presses L twice.

export const ADEME_SCENARIOS = ['Génération frugale', 'Coopérations territoriales', 'Technologies vertes', 'Pari réparateur'] as const;

export function demoPolls(conv: Convention, ctx: DecideContext): DomainEvent[] {
  const session = conv.sessionOrder.map((id) => conv.sessions[id]!).find((s) => s.agenda.some((item) => item.title.includes('ADEME')));
  if (!session) return [];
  const talk = session.agenda.find((item) => item.title.includes('ADEME'))!;
  const pollItem = session.agenda.find((item) => item.kind === 'poll') ?? talk;
  const drafts = [
    { agendaItemId: talk.id, question: 'De 1 à 5, vous sentez-vous informé·e sur les scénarios pour 2050 ?', format: { kind: 'scale' as const, min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Très bien' }, live: true },
    { agendaItemId: pollItem.id, question: 'Quel scénario vous semble le plus souhaitable ?', format: { kind: 'single' as const, options: ADEME_SCENARIOS.map((label, i) => ({ id: `o${i + 1}`, label })) }, live: false },
    { agendaItemId: pollItem.id, question: 'En un mot, le climat en 2050 pour vous ?', format: { kind: 'words' as const }, live: false },
  ];
  // Each poll is numbered after the previous one: fold them in as they are made.
  const events: DomainEvent[] = [];
  let state = conv;
  for (const draft of drafts) {
    const event = { type: 'PollCreated' as const, poll: newPoll(state, ctx, session.id, draft) };
    events.push(event);
    state = evolvePoll(state, event);
  }
  return events;
}
