import { appError } from '../../errors.ts';
import { accept, refuse, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findMember, isError } from '../../domain/lookup.ts';
import { secretCountingOpen } from '../../domain/secret-counting.ts';
import type { Convention } from '../../domain/types.ts';
import type { Member } from './types.ts';
import { erasedName } from './erased.ts';
import { redactFrozen, type ErasedValues } from '../strata/erasure.ts';

// Erasure of members' personal data (docs/privacy.md, "Erasure"). The command appends one event,
// MembersErased; the server then rewrites the convention's log so that no earlier event keeps
// what it erased (server/privacy/erasure.ts): every event below that carries a member's name,
// seat code, attributes or reason for leaving is redacted in place, and the state is replayed
// from the rewritten log. Ids stay: presence, tables, authorship and non-secret votes keep their
// member, who is now "Membre effacé n°…", so every count and result replays unchanged.

/**
 * Erases the members named (the facilitator's one, the retention sweep's all): members already
 * erased are skipped, so the sweep may run again. Refused while secret choices are being counted:
 * the log is rewritten, and it must not be while ballots arrive (the same rule as backups).
 */
export function eraseMembers(conv: Convention, memberIds: readonly string[]): Decision<{ erased: number }> {
  const members: Member[] = [];
  for (const id of new Set(memberIds)) {
    const member = findMember(conv, id);
    if (isError(member)) return refuse(member);
    if (member.erased === undefined) members.push(member);
  }
  if (members.length === 0) return accept([], { erased: 0 });
  const counting = secretCountingOpen(conv);
  if (counting) return refuse(appError('ERASE_SECRET_OPEN', `close the ${counting.kind} "${counting.title}" first: the log is not rewritten while secret choices are being counted`, counting));
  const before = Object.values(conv.members).filter((m) => m.erased !== undefined).length;
  const erased = members.map((m, i) => ({ memberId: m.id, number: before + i + 1 }));
  return accept([{ type: 'MembersErased', members: erased }], { erased: erased.length });
}

/** Refuses a change to an erased member: their data must not come back through an edit. */
export function refuseIfErased(member: Member): Decision<never> | null {
  return member.erased === undefined ? null : refuse(appError('MEMBER_ERASED', 'this member was erased', { number: member.erased }));
}

/** The members of a convention erased so far, with their numbers. */
export function erasedNumbers(conv: Convention): Map<string, number> {
  return new Map(Object.values(conv.members).flatMap((m) => (m.erased === undefined ? [] : [[m.id, m.erased] as const])));
}

/**
 * One event of the log without the personal data of the members erased: what the log would hold
 * had their names, codes, attributes and reasons never been typed. Returns the same object when
 * nothing in it is theirs, so the caller writes back only what changed. MembersErased comes back
 * marked `redacted`: a log whose erasure was cut short (a crash between the event and the
 * rewrite) is told apart at the next start (Convention.erasurePending). `erasedValues`: the
 * attribute values only the erased ever held (erasedOnlyValues), no longer named in the
 * attendance frozen at a session's close.
 */
export function redactEvent(event: DomainEvent, erased: ReadonlyMap<string, number>, erasedValues: ErasedValues = new Map()): DomainEvent {
  switch (event.type) {
    case 'MembersAdded': {
      if (!event.members.some((m) => erased.has(m.id))) return event;
      return { ...event, members: event.members.map((m) => (erased.has(m.id) ? addedErased(m, erased.get(m.id)!) : m)) };
    }
    case 'MemberUpdated': {
      const number = erased.get(event.memberId);
      return number === undefined ? event : { ...event, name: erasedName(number), attributes: {} };
    }
    case 'SeatCodeChanged':
      return erased.has(event.memberId) ? { ...event, seatCode: '' } : event;
    case 'MemberActiveSet':
      return erased.has(event.memberId) && event.reason ? { ...event, reason: '' } : event;
    case 'MembersErased':
      return event.redacted ? event : { ...event, redacted: true };
    // A guest's request carried the name typed: erased with the guest it became (admittedAs).
    case 'GuestRequested': {
      const number = erased.get(event.request.id);
      if (number === undefined) return event;
      return { ...event, request: { ...event.request, name: number === UNADMITTED ? '' : erasedName(number), tokenHash: '' } };
    }
    // Counts stay; a value only the erased held is no longer named (shared/features/strata/erasure.ts).
    case 'SessionAttendanceFrozen':
      return redactFrozen(event, erasedValues);
    default:
      return event;
  }
}

/** A member as first added, erased: the same fields as then (a guest stays a guest), none personal. */
function addedErased(member: Member, number: number): Member {
  const { left, ...rest } = member;
  return { ...rest, name: erasedName(number), seatCode: '', attributes: {}, ...(left ? { left: { reason: '', tokenHash: null } } : {}) };
}

/**
 * The erased members with, beside them, the guest requests they were admitted from (same
 * number): redactEvent then erases the name each request carried.
 */
export function withAdmittedRequests(events: Iterable<DomainEvent>, erased: ReadonlyMap<string, number>): Map<string, number> {
  const all = new Map(erased);
  for (const event of events) {
    if (event.type !== 'GuestAdmitted') continue;
    const number = erased.get(event.memberId);
    if (number !== undefined) all.set(event.requestId, number);
  }
  return all;
}

/** The number a guest request never admitted is erased under: no member stands behind it. */
const UNADMITTED = 0;

/**
 * Beside the erased members, the guest requests never admitted whose session has closed (refused,
 * or dropped with the session): the name typed serves nobody any more, so any erasure's rewrite
 * takes it out too, at the latest the retention sweep's (docs/privacy.md, "Guests").
 */
export function withUnadmittedRequests(events: Iterable<DomainEvent>, erased: ReadonlyMap<string, number>): Map<string, number> {
  const all = new Map(erased);
  const sessionOf = new Map<string, string>();
  const admitted = new Set<string>();
  const closed = new Set<string>();
  for (const event of events) {
    if (event.type === 'GuestRequested') sessionOf.set(event.request.id, event.request.sessionId);
    else if (event.type === 'GuestAdmitted') admitted.add(event.requestId);
    else if (event.type === 'SessionClosed') closed.add(event.sessionId);
  }
  for (const [requestId, sessionId] of sessionOf) if (!admitted.has(requestId) && closed.has(sessionId) && !all.has(requestId)) all.set(requestId, UNADMITTED);
  return all;
}

/** Every seat code a member ever had in this log: their acks are cleaned of them too. */
export function seatCodesIn(events: Iterable<DomainEvent>, memberIds: ReadonlySet<string>): Set<string> {
  const codes = new Set<string>();
  for (const event of events) {
    if (event.type === 'MembersAdded') for (const m of event.members) if (memberIds.has(m.id) && m.seatCode) codes.add(m.seatCode);
    if (event.type === 'SeatCodeChanged' && memberIds.has(event.memberId) && event.seatCode) codes.add(event.seatCode);
  }
  return codes;
}
