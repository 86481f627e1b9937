import type { DecideContext, Decision } from '../../domain/context.ts';
import { definePlan } from '../../features/timer/decide.ts';
import type { Convention } from '../../domain/types.ts';

// The speaking time the demo prepares for the final session (adoption): before each vote, two
// speeches for and two against, two minutes each, as the Grenoble convention did.

export function demoSpeakingPlan(conv: Convention, ctx: DecideContext): Decision<unknown> {
  const session = conv.sessionOrder.map((id) => conv.sessions[id]!).find((s) => s.agenda.some((item) => item.title.startsWith('Adoption collective')));
  if (!session) return { ok: true, events: [] };
  return definePlan(conv, { sessionId: session.id, title: 'Avant chaque vote d’adoption', seconds: 120, labels: ['pour', 'contre', 'pour', 'contre'] }, ctx);
}
