import { appError, type AppError } from '../errors.ts';
import type { Convention } from './types.ts';
import type { Member, Session } from '../features/core/types.ts';
import { countedPresent } from './electorate.ts';

// Lookups that decide() functions share: each returns the entity or the typed error to answer.

/** A record's own entry: an id like "constructor" must never find something on the prototype. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function findSession(conv: Convention, sessionId: string): Session | AppError {
  return own(conv.sessions, sessionId) ?? appError('NOT_FOUND', `no session ${sessionId}`, { entity: 'session' });
}

export function findMember(conv: Convention, memberId: string): Member | AppError {
  return own(conv.members, memberId) ?? appError('NOT_FOUND', `no member ${memberId}`, { entity: 'member' });
}

export function isError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

export function liveSession(conv: Convention): Session | null {
  return conv.liveSessionId ? (conv.sessions[conv.liveSessionId] ?? null) : null;
}

/**
 * Members present in a session, still on the roster (active) and counted by it (guests only where
 * the session lets them vote: electorate.ts): who may answer, vote or grade.
 */
export function presentCount(conv: Convention, sessionId: string): number {
  return countedPresent(conv, own(conv.sessions, sessionId));
}

/** The table a member sits at in a session, if any. */
export function tableOf(session: Session, memberId: string) {
  return session.tables.find((t) => t.memberIds.includes(memberId)) ?? null;
}

export function sessionByCode(conv: Convention, code: string): Session | null {
  const wanted = normalizeCode(code);
  for (const id of conv.sessionOrder) {
    const session = conv.sessions[id];
    if (session && session.code === wanted) return session;
  }
  return null;
}

/** Codes are typed by people: ignore case, spaces and dashes. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * Seat codes by member, built once per roster (`memberOrder` changes only when members are added)
 * and checked against the member on each use, since a code may have been changed since. A room
 * joining one by one would otherwise scan every member on every join.
 */
const seatCodeIndex = new WeakMap<readonly string[], Map<string, string>>();

/** The member holding this (normalised) seat code. */
export function memberBySeatCode(conv: Convention, code: string): Member | undefined {
  let index = seatCodeIndex.get(conv.memberOrder);
  if (!index) {
    index = new Map(conv.memberOrder.map((id) => [conv.members[id]!.seatCode, id]));
    seatCodeIndex.set(conv.memberOrder, index);
  }
  const indexed = conv.members[index.get(code) ?? ''];
  if (indexed?.seatCode === code) return indexed;
  // A code given since the index was built: look it up the long way.
  for (const id of conv.memberOrder) if (conv.members[id]!.seatCode === code) return conv.members[id];
  return undefined;
}
