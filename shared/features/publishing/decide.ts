import { appError } from '../../errors.ts';
import { accept, refuse, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Deciders } from '../../domain/feature.ts';
import { findSession, isError } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { PublishingResults, publishingRoles, publishingSchemas } from './commands.ts';
import { adoptions } from '../followup/adopted.ts';
import { isPublished, publishability, sessionResults } from './publishable.ts';
import { PUBLIC_CODE_LENGTH, type PublishRef } from './types.ts';

// The rules of publishing: only closed results and standing proposals are published (a typed
// refusal otherwise, nothing changes); withdrawing is always allowed for a known item; asking for
// what is already so changes nothing (an empty decision, no broadcast). The public page's code
// is drawn by the first publication, in the same decision.

type Result = PublishingResults['publication.set'];


/** The events that publish (or withdraw) `refs`, leaving out those already so. */
function change(conv: Convention, refs: readonly PublishRef[], published: boolean, env: { ctx: { now(): number; newCode(n: number): string } }): Decision<Result> {
  const items = refs.filter((ref) => isPublished(conv, ref) !== published);
  if (items.length === 0) return accept([], { changed: 0, code: conv.publication?.code ?? null });
  const at = env.ctx.now();
  const events: DomainEvent[] = [];
  let code = conv.publication?.code ?? null;
  if (code === null) {
    code = env.ctx.newCode(PUBLIC_CODE_LENGTH);
    events.push({ type: 'PublicPageOpened', code, at });
  }
  events.push({ type: 'PublicationChanged', items: items.map(({ kind, id }) => ({ kind, id })), published, at });
  return accept(events, { changed: items.length, code });
}

export const publishingDeciders: Deciders<typeof publishingSchemas, typeof publishingRoles, PublishingResults> = {
  'publication.set'(conv, { kind, id, published }, env) {
    const ref = { kind, id };
    const state = publishability(conv, ref);
    if (state === 'unknown') return refuse(appError('NOT_FOUND', `no ${kind} ${id}`, { entity: kind }));
    // Withdrawing is always possible: a poll opened again must be able to leave the page.
    if (published && state === 'unpublishable') return refuse(appError('NOT_PUBLISHABLE', kind === 'proposal' ? 'a withdrawn or merged proposal is not published' : kind === 'session' ? 'a session\'s attendance is published once it is closed' : `only a closed ${kind} is published`, { kind, id }));
    return change(conv, [ref], published, env);
  },

  'publication.session'(conv, { sessionId, published }, env) {
    const session = findSession(conv, sessionId);
    if (isError(session)) return refuse(session);
    const refs = sessionResults(conv, sessionId).filter((ref) => !published || publishability(conv, ref) === 'publishable');
    return change(conv, refs, published, env);
  },

  'publication.adopted'(conv, { published }, env) {
    // The one meaning of "adopted" (shared/features/followup/adopted.ts): what gets published is what the follow-up follows.
    const refs = [...adoptions(conv).keys()].map((pid) => ({ kind: 'proposal' as const, id: pid }));
    return change(conv, refs, published, env);
  },
};
