import { createHash } from 'node:crypto';
import type { Convention } from '../../shared/domain/types.ts';
import type { Args } from '../../shared/features/deliberation/commands.ts';

// Commands whose author must not be findable on disk: a minority opinion is shown without a
// name, and a `command_results` row (the member's actor key, the cid) committed with the
// `OpinionAdded` event would name its author to anyone holding the data folder. So they store no
// result row and no request digest (server/engine/engine.ts, run). A retry (same cid: the phone's
// outbox resends after a lost ack) must still add nothing twice: the opinion's id is derived from
// the actor and the cid, and a retry finds it already there. The cid is 12 random bytes drawn on
// the phone (client/lib/outbox.ts, newCid) and kept nowhere on the server, so the id tells an
// analyst nothing: testing "is this member's opinion" needs the cid.

interface Anonymous<A> {
  /** Whether the state already holds what this command adds under `id` (a retry of a committed one). */
  done(conv: Convention, args: A, id: string): boolean;
}

const opinion: Anonymous<Args<'consensus.opinion'>> = {
  done: (conv, args, id) => {
    const check = Object.hasOwn(conv.checks, args.checkId) ? conv.checks[args.checkId] : undefined;
    const list = check && Object.hasOwn(check.opinions, args.proposalId) ? check.opinions[args.proposalId] : undefined;
    return Boolean(list?.some((o) => o.id === id));
  },
};

export const ANONYMOUS_COMMANDS: Readonly<Record<string, Anonymous<never> | undefined>> = { 'consensus.opinion': opinion as Anonymous<never> };

/** The id what an anonymous command adds gets: the same for a retry (same actor, same cid), unlinkable without the cid. */
export function anonymousId(actorKey: string, cid: string): string {
  return createHash('sha256').update('anonymous\u0000').update(actorKey).update('\u0000').update(cid).digest('base64url').slice(0, 16);
}
