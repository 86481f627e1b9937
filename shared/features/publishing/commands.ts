import * as v from 'valibot';
import { id } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { PUBLISH_KINDS } from './types.ts';

// Commands of the public results: the facilitator publishes or withdraws a closed result or a
// proposal, one by one or in bulk. Only the facilitator: what the public sees is the organisers' choice.

export const publishingSchemas = {
  /** One item: a vote, a consensus check, a grading, a lever ranking, a poll (closed) or a proposal. */
  'publication.set': v.strictObject({ kind: v.picklist(PUBLISH_KINDS), id, published: v.boolean() }),
  /** Every closed result of a session (published: true), or every published one of it withdrawn (false). */
  'publication.session': v.strictObject({ sessionId: id, published: v.boolean() }),
  /** Every adopted proposal (published: true), or every adopted one withdrawn (false). */
  'publication.adopted': v.strictObject({ published: v.boolean() }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const publishingRoles = {
  'publication.set': FACILITATOR,
  'publication.session': FACILITATOR,
  'publication.adopted': FACILITATOR,
} as const satisfies RoleMap<typeof publishingSchemas>;

export type Args<N extends keyof typeof publishingSchemas> = ArgsOf<typeof publishingSchemas, N>;

/** What each command's ack carries: how many items changed, and the public page's code (null while none). */
export interface PublishingResults {
  'publication.set': { changed: number; code: string | null };
  'publication.session': { changed: number; code: string | null };
  'publication.adopted': { changed: number; code: string | null };
}
