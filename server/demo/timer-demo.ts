import type { DecideContext, Decision } from '../../shared/domain/context.ts';
import { definePlan } from '../../shared/features/timer/decide.ts';
import type { Convention } from '../../shared/domain/types.ts';

// The speaking time the demo prepares for the final session (adoption): before each vote, two
// speeches for and two against, two minutes each, as the Grenoble convention did.

export function demoSpeakingPlan(conv: Convention, ctx: DecideContext): Decision {
  const session = conv.sessionOrder.map((id) => conv.sessions[id]!).find((s) => s.agenda.some((item) => item.title.startsWith('Adoption collective')));
  if (!session) return { ok: true, events: [] };
  return definePlan(conv, { sessionId: session.id, title: 'Avant chaque vote d’adoption', seconds: 120, labels: ['pour', 'contre', 'pour', 'contre'] }, ctx);
}
