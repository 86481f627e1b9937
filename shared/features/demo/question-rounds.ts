import { accept, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { createRound } from '../../features/questions/decide.ts';
import type { Convention } from '../../domain/types.ts';

// Rounds of questions to speakers prepared for the demo's sessions 1 to 3 (talks, the reverse
// conference, the forum with the Métropole), each linked to its agenda slot. They are ready, not
// open: the facilitator opens one from the console's Questions section when the talk ends.

interface DemoRound {
  session: number;
  /** The agenda item's title starts with this. */
  item: string;
  title: string;
  premoderation: boolean;
}

const ROUNDS: DemoRound[] = [
  { session: 0, item: 'Questions aux chercheurs', title: 'Questions à Gerhard Krinner et Sandra Rome', premoderation: false },
  { session: 0, item: 'Questions à la Métropole', title: 'Questions à Jean-François Curci et William Meunier (Métropole)', premoderation: false },
  { session: 1, item: 'Conférence inversée', title: 'Conférence inversée : questions à Caroline Lejeune', premoderation: false },
  { session: 2, item: 'Forum Métro', title: 'Forum Métro : questions à la Métropole', premoderation: true },
];

export function demoQuestionRounds(conv: Convention, ctx: DecideContext): Decision {
  const events: DomainEvent[] = [];
  for (const round of ROUNDS) {
    const session = conv.sessions[conv.sessionOrder[round.session] ?? ''];
    if (!session) continue;
    const item = session.agenda.find((i) => i.title.startsWith(round.item));
    const decision = createRound(conv, { sessionId: session.id, title: round.title, agendaItemId: item?.id ?? null, premoderation: round.premoderation, allowAnonymous: true }, ctx);
    if (decision.ok) events.push(...decision.events);
  }
  return accept(events);
}
