import { own } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { ProposalStatus } from '../proposals/types.ts';
import type { PublishKind, PublishRef } from './types.ts';

// What may be published, one rule for the deciders, the console's list and the public page:
// only closed results (a vote, a consensus check, a grading, a lever ranking, a poll once it is
// closed, a session's attendance once the session is closed) and proposals that stand as proposals (deposited, studied, voted on). A poll may be
// opened again after its close: the public page then leaves it out until it is closed again.

/** Proposals that cannot be published: drafts are their authors' own, withdrawn and merged ones are gone. */
const NOT_PUBLISHED_PROPOSALS: readonly ProposalStatus[] = ['draft', 'withdrawn', 'merged'];

/**
 * `unknown`: no such item (or a draft, which the console never sees either); `unpublishable`:
 * it exists but is not closed (or a proposal withdrawn or merged); `publishable`: it may be shown.
 */
export type Publishability = 'unknown' | 'unpublishable' | 'publishable';

export function publishability(conv: Convention, { kind, id }: PublishRef): Publishability {
  const closed = (found: { status: string } | undefined) => (!found ? 'unknown' : found.status === 'closed' ? 'publishable' : 'unpublishable');
  switch (kind) {
    case 'vote':
      return closed(own(conv.votes, id));
    case 'check':
      return closed(own(conv.checks, id));
    case 'grading':
      return closed(own(conv.gradings, id));
    case 'poll':
      return closed(own(conv.polls, id));
    case 'ranking': {
      const activity = own(conv.activities, id);
      return !activity ? 'unknown' : activity.phase === 'closed' ? 'publishable' : 'unpublishable';
    }
    case 'session': {
      const session = own(conv.sessions, id);
      return !session ? 'unknown' : session.status === 'closed' ? 'publishable' : 'unpublishable';
    }
    case 'proposal': {
      const proposal = own(conv.proposals, id);
      if (!proposal || proposal.status === 'draft') return 'unknown';
      return NOT_PUBLISHED_PROPOSALS.includes(proposal.status) ? 'unpublishable' : 'publishable';
    }
  }
}

/** Whether the facilitator published it (and did not withdraw it), shown or not. */
export function isPublished(conv: Convention, { kind, id }: PublishRef): boolean {
  const byId = conv.publication?.items[kind];
  return byId !== undefined && Object.hasOwn(byId, id);
}

/** Whether an item is published now and may be shown: published, and still publishable. */
export function isShown(conv: Convention, ref: PublishRef): boolean {
  return isPublished(conv, ref) && publishability(conv, ref) === 'publishable';
}

/** The session an activity belongs to (a session's attendance: itself; null for a proposal, or an unknown id). */
export function sessionOf(conv: Convention, { kind, id }: PublishRef): string | null {
  if (kind === 'session') return own(conv.sessions, id) ? id : null;
  const table: Record<Exclude<PublishKind, 'proposal' | 'session'>, Record<string, { sessionId: string }>> = { vote: conv.votes, check: conv.checks, grading: conv.gradings, ranking: conv.activities, poll: conv.polls };
  return kind === 'proposal' ? null : (own(table[kind], id)?.sessionId ?? null);
}

/**
 * What publication.session publishes or withdraws: the session's attendance, then every activity
 * of it that could be published, in kind order (each kind in creation order).
 */
export function sessionResults(conv: Convention, sessionId: string): PublishRef[] {
  const of = (kind: Exclude<PublishKind, 'proposal' | 'session'>, items: Record<string, { id: string; sessionId: string }>): PublishRef[] =>
    Object.values(items).filter((item) => item.sessionId === sessionId).map((item) => ({ kind, id: item.id }));
  return [{ kind: 'session', id: sessionId }, ...of('ranking', conv.activities), ...of('poll', conv.polls), ...of('check', conv.checks), ...of('grading', conv.gradings), ...of('vote', conv.votes)];
}
