import type { OutboxEntry } from '../../lib/outbox.ts';
import type { MemberView } from '../../../shared/views/member-views.ts';

// A secret ballot the server holds but has not acknowledged: it waits in the ballot box
// (server/engine/ballot-box.ts) to be counted with the next ones, and its ack comes with its
// batch, maybe only when the vote closes. The phone's outbox still keeps it (and asks again with
// the same cid), but it is no longer "waiting to be sent": the member's own view already counts
// it among what they answered. This says which outbox entries are such ballots.

export function heldInBox(entry: OutboxEntry, me: MemberView | null | undefined): boolean {
  if (!me) return false;
  const args = (entry.args ?? {}) as { voteId?: string; checkId?: string; proposalId?: string; gradingId?: string; grades?: Record<string, number> };
  switch (entry.name) {
    case 'vote.cast':
      return Boolean(args.voteId && me.votes.voted.includes(args.voteId) && !(args.voteId in me.votes.choices));
    case 'consensus.answer':
      return Boolean(args.checkId && args.proposalId && me.deliberation.answered[args.checkId]?.includes(args.proposalId));
    case 'grading.grade': {
      const graded = args.gradingId ? me.deliberation.graded[args.gradingId] : undefined;
      return Boolean(graded && Object.keys(args.grades ?? {}).every((id) => graded.includes(id)));
    }
    default:
      return false;
  }
}

/** Outbox entries really waiting to be sent (the connection badge's count). */
export function waitingToSend(entries: readonly OutboxEntry[], me: MemberView | null | undefined): number {
  return entries.filter((entry) => !heldInBox(entry, me)).length;
}
