import type { DecideContext, Decision } from '../../domain/context.ts';
import type { Convention } from '../../domain/types.ts';
import { createVision } from '../../features/visions/decide.ts';

// The table vision the demo prepares for session 2 ("Élaboration en groupe de travail de visions
// bas carbone du territoire en 2050"): ready for every table; the facilitator opens it there.

export const DEMO_VISION = {
  title: 'Vision bas carbone 2050',
  prompt: 'Décrivez en quelques phrases le territoire en 2050, devenu bas carbone : comment on s’y déplace, se loge, se nourrit, travaille, et ce qui a changé pour vous.',
};

export function demoVision(conv: Convention, ctx: DecideContext): Decision<unknown> {
  const session = conv.sessionOrder.map((id) => conv.sessions[id]!).find((s) => s.agenda.some((item) => item.title.startsWith('Visions bas carbone')));
  if (!session) return { ok: true, events: [] };
  return createVision(conv, { sessionId: session.id, ...DEMO_VISION, tableIds: [] }, ctx);
}
