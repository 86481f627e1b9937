import * as v from 'valibot';
import type { Convention } from './domain/types.ts';
import { conventionLinks, type ConventionLinks } from './features/core/links.ts';
import { TEMPLATES, type TemplateId } from './features/demo/templates.ts';
import { LIMITS } from './limits.ts';
import { text } from './schema-parts.ts';

// What the operator's routes (server/http/operator-routes.ts, docs/api.md) take and answer, and
// what the operator's page (client/views/operator/) reads: the conventions of the server, each
// with the links to hand out, and the templates a new one may start from.

/** POST /api/operator/conventions: a name, and a template or none (a blank convention). */
export const createConventionRequest = v.strictObject({
  name: text(LIMITS.nameMax),
  template: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64))), null),
});

export interface OperatorConvention {
  id: string;
  name: string;
  createdAt: number;
  /** The convention's own dates (convention.update), else its sessions' first and last days; null without either. */
  startDate: string | null;
  endDate: string | null;
  /** Where it takes place (convention.update); null until set. */
  place: string | null;
  sessions: number;
  /** Active members of the roster. */
  members: number;
  /** When its last event was written (ms since 1970); its creation at least. */
  lastActivityAt: number;
  /** The addresses to hand out: console (facilitator), projector, support group, speaker. */
  links: ConventionLinks;
  /** When it was archived (its seat tokens refused: shared/features/core/archive.ts); null while it runs. */
  archivedAt: number | null;
}

export interface OperatorTemplate {
  id: TemplateId;
  name: string;
  levers: number;
  sessions: number;
}

export interface OperatorList {
  conventions: OperatorConvention[];
  templates: OperatorTemplate[];
}

export function operatorConvention(conv: Convention, publicUrl: string, lastActivityAt: number | null): OperatorConvention {
  const sessions = conv.sessionOrder.map((id) => conv.sessions[id]!);
  const starts = sessions.map((s) => s.startDate).sort();
  const ends = sessions.map((s) => s.endDate).sort();
  return {
    id: conv.id,
    name: conv.name,
    createdAt: conv.createdAt,
    startDate: conv.startDate ?? starts[0] ?? null,
    endDate: conv.endDate ?? ends.at(-1) ?? null,
    place: conv.place || null,
    sessions: sessions.length,
    members: Object.values(conv.members).filter((m) => m.active).length,
    lastActivityAt: Math.max(lastActivityAt ?? 0, conv.createdAt),
    links: conventionLinks(conv.keys, publicUrl),
    archivedAt: conv.archivedAt ?? null,
  };
}

export const operatorTemplates = (): OperatorTemplate[] =>
  (Object.keys(TEMPLATES) as TemplateId[]).map((id) => ({ id, name: TEMPLATES[id].name, levers: TEMPLATES[id].levers.length, sessions: TEMPLATES[id].sessions.length }));
