import { appError, type AppError } from '../errors.ts';
import type { Convention } from './types.ts';
import type { Session } from '../features/core/types.ts';

// Who a session counts: the members who vote, answer consensus checks, grade, rank in silence,
// answer polls, and make up its quorum and its electorate. Admitted guests are members (they sit,
// read, speak), but they are counted only where the facilitator said so for the session
// (session.update, `guestsVote`): an organiser decides once, for the room, who votes; a rule set
// guest by guest at each admission would make the electorate depend on many hurried clicks.

/** An active member that this session counts: not a guest, or a guest where guests vote. */
export function counts(conv: Convention, session: Session | undefined, memberId: string): boolean {
  const member = Object.hasOwn(conv.members, memberId) ? conv.members[memberId] : undefined;
  if (!member?.active) return false;
  return member.origin !== 'guest' || session?.guestsVote === true;
}

/** Present in the session and counted by it: the quorum's and the 'present' basis's count. */
export function countedPresent(conv: Convention, session: Session | undefined): number {
  if (!session) return 0;
  return conv.memberOrder.filter((id) => session.present[id] && counts(conv, session, id)).length;
}

/** Everyone the session would count, present or not: the 'members' basis of an adoption vote. */
export function electorateSize(conv: Convention, session: Session | undefined): number {
  return conv.memberOrder.filter((id) => counts(conv, session, id)).length;
}

/**
 * Why this member may not take part in something the session counts (null: they may). Presence
 * is checked by the callers that require it (votes, checks, gradings); polls do not.
 */
export function guestRefusal(conv: Convention, session: Session | undefined, memberId: string): AppError | null {
  const member = Object.hasOwn(conv.members, memberId) ? conv.members[memberId] : undefined;
  if (member?.origin === 'guest' && session?.guestsVote !== true) return appError('GUEST_CANNOT_VOTE', 'guests do not vote in this session');
  return null;
}
