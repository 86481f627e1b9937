import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Convention } from '../../domain/types.ts';
import { appError } from '../../errors.ts';
import { DEFAULT_LEVER_TITLES } from '../core/convention.ts';
import { evolveCore, type CoreEvent } from '../core/evolve.ts';
import { newSession } from '../core/sessions.ts';
import { GRENOBLE_PROGRAMME, type ProgrammeSession } from './programme.ts';

// What an operator may start a convention from (POST /api/operator/conventions): its levers and
// its sessions with their dates and agendas; never members nor activity. Adding a template is
// adding one entry to TEMPLATES.

export interface ConventionTemplate {
  /** Shown on the operator's page: content, in its programme's language (like its session titles). */
  name: string;
  levers: readonly string[];
  sessions: readonly ProgrammeSession[];
}

export const TEMPLATES = {
  grenoble: { name: 'Convention citoyenne pour le climat de Grenoble (2022)', levers: DEFAULT_LEVER_TITLES, sessions: GRENOBLE_PROGRAMME },
} as const satisfies Record<string, ConventionTemplate>;

export type TemplateId = keyof typeof TEMPLATES;
export const TEMPLATE_IDS = Object.keys(TEMPLATES) as [TemplateId, ...TemplateId[]];
export const isTemplateId = (value: unknown): value is TemplateId => typeof value === 'string' && Object.hasOwn(TEMPLATES, value);

/**
 * Lays a template out on a convention that has neither levers nor sessions yet (a blank one just
 * created): applied twice, or over a programme someone began, it would mix two programmes.
 */
export function applyTemplate(conv: Convention, template: ConventionTemplate, ctx: DecideContext): Decision {
  if (conv.levers.length > 0 || conv.sessionOrder.length > 0) return refuse(appError('CONFLICT', 'a template lays out a new convention: this one already has levers or sessions', { entity: 'template' }));
  const events: DomainEvent[] = [];
  let state = conv;
  const add = (event: CoreEvent) => {
    events.push(event);
    // Each session's code is drawn against the codes of the sessions made before it.
    state = evolveCore(state, event);
  };
  if (template.levers.length > 0) add({ type: 'LeversSet', levers: template.levers.map((title) => ({ id: ctx.newId(), title })) });
  for (const session of template.sessions) add({ type: 'SessionCreated', session: newSession(state, ctx, session) });
  return accept(events);
}
