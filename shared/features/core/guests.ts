import { appError } from '../../errors.ts';
import { LIMITS } from '../../limits.ts';
import type { Args, CoreResults, GuestJoinRequest } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { own, sessionByCode } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import { newMember } from './roster.ts';
import type { GuestRequest } from './types.ts';

// Guests: people without a seat code, where a session allows them. A phone asks under a name
// and waits; until the facilitator admits it, the guest is nobody (no member, no seat, not
// present). Admission adds a guest member holding the token the phone already has, so the phone
// continues without typing anything again. What guests may count for: shared/domain/electorate.ts.
// The flood limits per address and per convention are the HTTP route's (server/http/guest-joins.ts);
// the cap on pending requests is here, in the state, so it holds whatever the entry point.

function findRequest(conv: Convention, requestId: string): GuestRequest | ReturnType<typeof appError> {
  return own(conv.guestRequests ?? {}, requestId) ?? appError('NOT_FOUND', 'no such guest request', { entity: 'guestRequest' });
}

const isRequest = (value: GuestRequest | ReturnType<typeof appError>): value is GuestRequest => 'tokenHash' in value;

export function pendingGuests(conv: Convention): GuestRequest[] {
  return Object.values(conv.guestRequests ?? {}).filter((r) => r.status === 'pending');
}

export function requestGuest(conv: Convention, args: GuestJoinRequest, tokenHash: string, ctx: DecideContext): Decision<CoreResults['guest.request']> {
  const session = sessionByCode(conv, args.sessionCode);
  if (!session) return refuse(appError('SESSION_CODE_UNKNOWN', 'unknown session code'));
  if (!session.allowGuests || session.status !== 'live') return refuse(appError('GUESTS_NOT_ALLOWED', 'this session does not take guests'));
  if (pendingGuests(conv).length >= LIMITS.guestRequestsPendingMax) {
    return refuse(appError('TOO_MANY_GUESTS', 'too many guests are waiting for the facilitator', { limit: LIMITS.guestRequestsPendingMax }));
  }
  const request: GuestRequest = { id: ctx.newId(), sessionId: session.id, name: args.displayName, tokenHash, at: ctx.now(), status: 'pending' };
  return accept([{ type: 'GuestRequested', request }], { requestId: request.id, sessionId: session.id });
}

/**
 * Admits a pending guest, or a refused one (a mistaken refusal undone): a guest member holding
 * the phone's token, present when the session is live.
 */
export function admitGuest(conv: Convention, args: Args<'guest.admit'>, ctx: DecideContext): Decision<CoreResults['guest.admit']> {
  const request = findRequest(conv, args.requestId);
  if (!isRequest(request)) return refuse(request);
  const member = newMember(conv, ctx, { name: request.name, origin: 'guest' });
  const events: DomainEvent[] = [
    { type: 'MembersAdded', members: [member] },
    { type: 'SeatClaimed', memberId: member.id, tokenHash: request.tokenHash },
    { type: 'GuestAdmitted', requestId: request.id, memberId: member.id },
  ];
  if (conv.liveSessionId === request.sessionId) events.push({ type: 'PresenceMarked', sessionId: request.sessionId, memberIds: [member.id], present: true });
  return accept(events, { memberId: member.id });
}

export function refuseGuest(conv: Convention, args: Args<'guest.refuse'>): Decision {
  const request = findRequest(conv, args.requestId);
  if (!isRequest(request)) return refuse(request);
  if (request.status === 'refused') return accept([]);
  return accept([{ type: 'GuestRefused', requestId: request.id }]);
}

/** The request a phone's token hash waits on, if any (the socket handshake of a waiting phone). */
export function guestRequestByToken(conv: Convention, tokenHash: string): GuestRequest | undefined {
  return Object.values(conv.guestRequests ?? {}).find((r) => r.tokenHash === tokenHash);
}
