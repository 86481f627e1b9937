import { appError } from '../../errors.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { liveSession } from '../../domain/lookup.ts';
import { secretCountingOpen } from '../../domain/secret-counting.ts';
import type { Convention } from '../../domain/types.ts';
import type { Args } from './commands.ts';

// A convention that is over is archived: the seat tokens its phones hold stop working (joins,
// resumes and sockets answer CONVENTION_ARCHIVED, and the phones forget the convention), so a
// token left on a phone, or copied from one, opens nothing once the assembly has ended. The
// console, the projector and the exports keep reading it: the organisers still owe the results,
// the minutes and the answers to members' requests after the last session. Unarchiving undoes a
// mistake: the seat codes open the seats again; the tokens from before stay expired (evolve.ts),
// so a copy of one never comes back to life. Archived, the room cannot be opened again either
// (session.open), nor joined: only unarchiving does that, on purpose.

const notThis = () => refuse(appError('NOT_FOUND', 'no such convention', { entity: 'convention' }));

/** A ballot still being cast: a secret one (its counters move), else a public adoption vote. */
function openBallot(conv: Convention): { kind: 'vote' | 'check' | 'grading'; title: string } | null {
  const vote = Object.values(conv.votes).find((v) => v.status === 'open');
  return secretCountingOpen(conv) ?? (vote ? { kind: 'vote', title: conv.proposals[vote.proposalId]?.title ?? vote.id } : null);
}

/**
 * Idempotent. Refused while a session is live (close it first: the room is still there) or while
 * a vote, a consensus check or a grading is open (it would never be counted).
 */
export function archiveConvention(conv: Convention, args: Args<'convention.archive'>, ctx: DecideContext): Decision {
  if (args.conventionId !== conv.id) return notThis();
  if (conv.archivedAt !== undefined) return accept([]);
  const live = liveSession(conv);
  if (live) return refuse(appError('SESSION_IS_LIVE', 'close the live session before archiving the convention', { title: live.title }));
  const open = openBallot(conv);
  if (open) return refuse(appError('ACTIVITY_STILL_OPEN', `close the ${open.kind} "${open.title}" before archiving the convention`, open));
  return accept([{ type: 'ConventionArchiveSet', archivedAt: ctx.now() }]);
}

/** Idempotent: a running convention stays as it is. */
export function unarchiveConvention(conv: Convention, args: Args<'convention.unarchive'>): Decision {
  if (args.conventionId !== conv.id) return notThis();
  return conv.archivedAt === undefined ? accept([]) : accept([{ type: 'ConventionArchiveSet', archivedAt: null }]);
}

/** What the room's doors answer once the convention is archived: joins, resumes, opening a session. */
export function refuseIfArchived(conv: Convention): Decision<never> | null {
  return conv.archivedAt === undefined ? null : refuse(appError('CONVENTION_ARCHIVED', 'this convention is over (archived)'));
}
