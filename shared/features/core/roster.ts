import { appError } from '../../errors.ts';
import type { Args, CoreResults, JoinRequest } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findMember, isError, liveSession, normalizeCode, sessionByCode, memberBySeatCode } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { Member } from './types.ts';
import { refuseAttributes } from './sensitive-data.ts';
import { refuseIfErased } from './erasure.ts';

// The roster: members, their personal seat codes, and the one phone that holds each seat.

export const SEAT_CODE_LENGTH = 6;
export const SESSION_CODE_LENGTH = 6;

/** A seat code no other member of the convention has. */
export function freshSeatCode(conv: Convention, ctx: DecideContext, taken: Set<string> = new Set()): string {
  const used = new Set([...Object.values(conv.members).map((m) => m.seatCode), ...taken]);
  for (;;) {
    const code = ctx.newCode(SEAT_CODE_LENGTH);
    if (!used.has(code)) return code;
  }
}

export function newMember(conv: Convention, ctx: DecideContext, fields: { name: string; attributes?: Record<string, string>; seatCode?: string; origin?: Member['origin'] }, taken?: Set<string>): Member {
  return {
    id: ctx.newId(),
    name: fields.name,
    seatCode: fields.seatCode ? normalizeCode(fields.seatCode) : freshSeatCode(conv, ctx, taken),
    attributes: fields.attributes ?? {},
    origin: fields.origin ?? 'roster',
    active: true,
    tokenHash: null,
    replacedTokenHashes: [],
  };
}

/**
 * A member added by hand; with `replaces`, the replacement of a member who left: that member must
 * be deactivated and not replaced already, so the roster's links stay one to one.
 */
export function addMember(conv: Convention, args: Args<'member.add'>, ctx: DecideContext): Decision<{ memberId: string; seatCode: string; }> {
  if (args.replaces !== undefined) {
    const replaced = findMember(conv, args.replaces);
    if (isError(replaced)) return refuse(replaced);
    if (replaced.active) return refuse(appError('MEMBER_STILL_ACTIVE', 'deactivate the member before adding their replacement', { name: replaced.name }));
    const by = replacementOf(conv, replaced.id);
    if (by) return refuse(appError('MEMBER_ALREADY_REPLACED', 'this member already has a replacement', { name: replaced.name, by: by.name }));
  }
  const undeclared = refuseAttributes(conv, args.attributes);
  if (undeclared) return refuse(undeclared);
  const member: Member = { ...newMember(conv, ctx, args), ...(args.replaces !== undefined ? { replaces: args.replaces } : {}) };
  return accept([{ type: 'MembersAdded', members: [member] }], { memberId: member.id, seatCode: member.seatCode });
}

/** The member who replaces this one, if any. */
export function replacementOf(conv: Convention, memberId: string): Member | undefined {
  for (const id of conv.memberOrder) if (conv.members[id]?.replaces === memberId) return conv.members[id];
  return undefined;
}

export function updateMember(conv: Convention, args: Args<'member.update'>): Decision {
  const member = findMember(conv, args.memberId);
  if (isError(member)) return refuse(member);
  const erased = refuseIfErased(member);
  if (erased) return erased;
  const undeclared = refuseAttributes(conv, args.attributes, member.attributes);
  if (undeclared) return refuse(undeclared);
  return accept([{ type: 'MemberUpdated', memberId: member.id, name: args.name, attributes: args.attributes }]);
}

export function setMemberActive(conv: Convention, args: Args<'member.setActive'>): Decision {
  const member = findMember(conv, args.memberId);
  if (isError(member)) return refuse(member);
  const erased = refuseIfErased(member);
  if (erased) return erased;
  // Deactivating again only changes the reason (if it changed); reactivating twice does nothing.
  // No reason given is an empty one (the argument stays optional: older clients' retries must
  // keep the same payload digest).
  const reason = args.reason ?? '';
  if (member.active === args.active && (args.active || member.left?.reason === reason)) return accept([]);
  return accept([{ type: 'MemberActiveSet', memberId: member.id, active: args.active, ...(args.active ? {} : { reason }) }]);
}

/** A new code for a member whose code leaked or was lost; the phone holding the seat is signed out. */
export function newSeatCode(conv: Convention, args: Args<'member.newSeatCode'>, ctx: DecideContext): Decision<{ seatCode: string; }> {
  const member = findMember(conv, args.memberId);
  if (isError(member)) return refuse(member);
  const erased = refuseIfErased(member);
  if (erased) return erased;
  const seatCode = freshSeatCode(conv, ctx);
  return accept([{ type: 'SeatCodeChanged', memberId: member.id, seatCode }], { seatCode });
}

export function releaseSeat(conv: Convention, args: Args<'seat.release'>): Decision {
  const member = findMember(conv, args.memberId);
  if (isError(member)) return refuse(member);
  if (member.tokenHash === null) return accept([]);
  return accept([{ type: 'SeatReleased', memberId: member.id }]);
}

/**
 * The phone holding this token gives the seat back ("Quitter ce téléphone"): the token is
 * worthless from then on. A token that holds no seat any more (released, replaced, already
 * left) changes nothing: the phone may ask again after a lost answer.
 */
export function leaveSeat(conv: Convention, args: Args<'seat.leave'>, tokenHash: string): Decision {
  const member = findMember(conv, args.memberId);
  if (isError(member)) return refuse(member);
  return member.tokenHash === tokenHash ? accept([{ type: 'SeatReleased', memberId: member.id }]) : accept([]);
}

export type ClaimResult = CoreResults['seat.claim'];

/**
 * A phone joins with the member's seat code (guests ask instead: guests.ts). The new token
 * replaces any previous one, so a second phone takes the seat over. Joining through a live
 * session's code also marks the member present: the phone in hand is the check-in.
 */
export function claimSeat(conv: Convention, request: JoinRequest, tokenHash: string): Decision<ClaimResult> {
  const session = sessionByCode(conv, request.sessionCode);
  if (!session) return refuse(appError('SESSION_CODE_UNKNOWN', 'unknown session code'));
  const events: DomainEvent[] = [];
  const member = memberBySeatCode(conv, normalizeCode(request.seatCode));
  if (!member) return refuse(appError('SEAT_CODE_UNKNOWN', 'unknown seat code'));
  if (!member.active) return refuse(appError('MEMBER_INACTIVE', 'this seat is not active'));
  events.push({ type: 'SeatClaimed', memberId: member.id, tokenHash });
  if (session.status === 'live' && !session.present[member.id]) {
    events.push({ type: 'PresenceMarked', sessionId: session.id, memberIds: [member.id], present: true });
  }
  const result: ClaimResult = { memberId: member.id, sessionId: session.id };
  return accept(events, result);
}

/**
 * The phone holding this member's seat opens a session's code: the same seat for the whole
 * convention, no new token (one seat, one phone stays as it is). Opening a live session's code
 * marks the member present, as typing the seat code does.
 */
export function resumeSeat(conv: Convention, args: Args<'seat.resume'>, memberId: string): Decision<CoreResults['seat.resume']> {
  const member = findMember(conv, memberId);
  if (isError(member)) return refuse(member);
  if (!member.active) return refuse(appError('MEMBER_INACTIVE', 'this seat is not active'));
  const live = liveSession(conv);
  const session = args.sessionCode === null ? live : sessionByCode(conv, args.sessionCode);
  if (!session) return refuse(args.sessionCode === null ? appError('SESSION_NOT_LIVE', 'no session is open') : appError('SESSION_CODE_UNKNOWN', 'unknown session code'));
  const events: DomainEvent[] = live?.id === session.id && !session.present[member.id] ? [{ type: 'PresenceMarked', sessionId: session.id, memberIds: [member.id], present: true }] : [];
  return accept(events, { memberId: member.id, sessionId: session.id, sessionCode: session.code });
}
