import { appError } from '../../errors.ts';
import { LIMITS } from '../../limits.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError } from '../../domain/lookup.ts';
import { SESSION_CODE_LENGTH } from './roster.ts';
import { freezeAttendance } from '../strata/attendance.ts';
import type { AgendaItem, Session } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import { pollClosed } from '../strata/answers.ts';

// Sessions (the convention's weekends) and their agendas.

export function freshSessionCode(conv: Convention, ctx: DecideContext): string {
  const used = new Set(Object.values(conv.sessions).map((s) => s.code));
  for (;;) {
    const code = ctx.newCode(SESSION_CODE_LENGTH);
    if (!used.has(code)) return code;
  }
}

export function newSession(conv: Convention, ctx: DecideContext, fields: { title: string; startDate: string; endDate: string; quorum?: number; agenda?: Omit<AgendaItem, 'id'>[] }): Session {
  return {
    id: ctx.newId(),
    code: freshSessionCode(conv, ctx),
    title: fields.title,
    startDate: fields.startDate,
    endDate: fields.endDate,
    status: 'planned',
    allowGuests: false,
    quorum: fields.quorum ?? 0,
    agenda: (fields.agenda ?? []).map((item) => ({ ...item, id: ctx.newId() })),
    currentItemId: null,
    present: {},
    tables: [],
    screenPanel: 'welcome',
    activeActivityId: null,
    announcedVoteId: null,
  };
}

export function createSession(conv: Convention, args: Args<'session.create'>, ctx: DecideContext): Decision<{ sessionId: string; code: string; }> {
  if (conv.sessionOrder.length >= LIMITS.sessionsMax) return refuse(appError('LIMIT_REACHED', 'too many sessions', { limit: LIMITS.sessionsMax }));
  if (args.endDate < args.startDate) return refuse(appError('INVALID_DATES', 'the session ends before it starts'));
  const session = newSession(conv, ctx, args);
  return accept([{ type: 'SessionCreated', session }], { sessionId: session.id, code: session.code });
}

export function updateSession(conv: Convention, args: Args<'session.update'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (args.endDate < args.startDate) return refuse(appError('INVALID_DATES', 'the session ends before it starts'));
  const { sessionId, title, startDate, endDate, allowGuests, guestsVote, quorum } = args;
  return accept([{ type: 'SessionUpdated', sessionId, title, startDate, endDate, allowGuests, ...(guestsVote === undefined ? {} : { guestsVote }), quorum }]);
}

/** The programme's order (the console's list, the session picker, exports). */
export function moveSession(conv: Convention, args: Args<'session.move'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const index = Math.min(args.index, conv.sessionOrder.length - 1);
  if (conv.sessionOrder[index] === session.id) return accept([]);
  return accept([{ type: 'SessionMoved', sessionId: session.id, index }]);
}

/**
 * What a session holds, by kind, counted for the refusal of session.remove. Presence counts (the
 * room was there); so does every ranking, vote, consensus check, grading, poll, vision, round of
 * questions and speed meeting created in it, run or only prepared: removing the session would
 * drop them with it, silently. Its agenda, tables, groups and countdown settings do not count:
 * they are its plan, gone with it. Proposals belong to the convention, not to a session.
 */
export const HOLDING_KINDS = ['presence', 'rankings', 'votes', 'checks', 'gradings', 'polls', 'visions', 'questionRounds', 'speedMeetings'] as const;
export type HoldingKind = (typeof HOLDING_KINDS)[number];

export function sessionHoldings(conv: Convention, session: Session): Partial<Record<HoldingKind, number>> {
  const inSession = (record: Record<string, { sessionId: string }>) => Object.values(record).filter((item) => item.sessionId === session.id).length;
  const counts: Record<HoldingKind, number> = {
    presence: Object.keys(session.present).length,
    rankings: inSession(conv.activities),
    votes: inSession(conv.votes),
    checks: inSession(conv.checks),
    gradings: inSession(conv.gradings),
    polls: inSession(conv.polls),
    visions: inSession(conv.visions),
    questionRounds: inSession(conv.questionRounds),
    speedMeetings: inSession(conv.speedMeetings),
  };
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** A session planned by mistake, or dropped from the programme: refused while live or once it holds anything. */
export function removeSession(conv: Convention, args: Args<'session.remove'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (conv.liveSessionId === session.id) return refuse(appError('SESSION_IS_LIVE', 'close the session before removing it', { title: session.title }));
  const holds = sessionHoldings(conv, session);
  if (Object.keys(holds).length > 0) return refuse(appError('SESSION_HAS_RESULTS', 'the session holds results', { title: session.title, holds }));
  return accept([{ type: 'SessionRemoved', sessionId: session.id }]);
}

/** One session is live at a time: opening one closes the one before. */
export function openSession(conv: Convention, args: Args<'session.open'>, ctx: DecideContext): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (conv.liveSessionId === session.id) return accept([]);
  const events: DomainEvent[] = [];
  if (conv.liveSessionId) events.push(...closingEvents(conv, conv.liveSessionId, ctx.now()));
  events.push({ type: 'SessionOpened', sessionId: session.id });
  return accept(events);
}

export function closeSession(conv: Convention, args: Args<'session.close'>, ctx: DecideContext): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (session.status === 'closed') return accept([]);
  return accept(closingEvents(conv, session.id, ctx.now()));
}

/**
 * The end of a session ends what only lives while the room is there: its countdown, its open quick
 * polls, question rounds and table visions (their answers stay, and each can be reopened the
 * next time the session is live). Adoption votes, rankings and deliberations are not touched:
 * their results are closed by the facilitator, on purpose, with their own rules. Its attendance
 * per stratum is frozen (shared/features/strata/attendance.ts): a closed session's counts never
 * move again (reopened and closed again, it is frozen anew).
 */
function closingEvents(conv: Convention, sessionId: string, at: number): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (conv.timers[sessionId]) events.push({ type: 'TimerSet', sessionId, timer: null });
  for (const poll of Object.values(conv.polls)) if (poll.sessionId === sessionId && poll.status === 'open') events.push(pollClosed(conv, poll, at));
  for (const round of Object.values(conv.questionRounds)) if (round.sessionId === sessionId && round.status === 'open') events.push({ type: 'QuestionRoundClosed', roundId: round.id, at });
  for (const vision of Object.values(conv.visions)) if (vision.sessionId === sessionId && vision.status === 'open') events.push({ type: 'VisionClosed', visionId: vision.id });
  events.push(...freezeAttendance(conv, sessionId, at));
  events.push({ type: 'SessionClosed', sessionId });
  return events;
}

export function addAgendaItem(conv: Convention, args: Args<'agenda.add'>, ctx: DecideContext): Decision<{ itemId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (session.agenda.length >= LIMITS.agendaItemsMax) return refuse(appError('LIMIT_REACHED', 'agenda is full', { limit: LIMITS.agendaItemsMax }));
  const item: AgendaItem = { id: ctx.newId(), title: args.title, kind: args.kind, durationMin: args.durationMin };
  return accept([{ type: 'AgendaItemAdded', sessionId: session.id, item, index: session.agenda.length }], { itemId: item.id });
}

/** Several items at the end of the agenda, all or none (the whole paste fits, or nothing is added). */
export function addAgendaItems(conv: Convention, args: Args<'agenda.addMany'>, ctx: DecideContext): Decision<{ itemIds: string[]; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (session.agenda.length + args.items.length > LIMITS.agendaItemsMax) {
    return refuse(appError('LIMIT_REACHED', 'agenda would be too long', { limit: LIMITS.agendaItemsMax, room: LIMITS.agendaItemsMax - session.agenda.length }));
  }
  const items: AgendaItem[] = args.items.map((item) => ({ id: ctx.newId(), title: item.title, kind: item.kind, durationMin: item.durationMin }));
  const events = items.map((item, i) => ({ type: 'AgendaItemAdded' as const, sessionId: session.id, item, index: session.agenda.length + i }));
  return accept(events, { itemIds: items.map((item) => item.id) });
}

function findItem(conv: Convention, sessionId: string, itemId: string) {
  const session = findSession(conv, sessionId);
  if (isError(session)) return session;
  return session.agenda.find((i) => i.id === itemId) ?? appError('NOT_FOUND', 'no such agenda item', { entity: 'agendaItem' });
}

export function updateAgendaItem(conv: Convention, args: Args<'agenda.update'>): Decision {
  const item = findItem(conv, args.sessionId, args.itemId);
  if (isError(item)) return refuse(item);
  return accept([{ type: 'AgendaItemUpdated', sessionId: args.sessionId, item: { id: item.id, title: args.title, kind: args.kind, durationMin: args.durationMin } }]);
}

export function removeAgendaItem(conv: Convention, args: Args<'agenda.remove'>): Decision {
  const item = findItem(conv, args.sessionId, args.itemId);
  if (isError(item)) return refuse(item);
  return accept([{ type: 'AgendaItemRemoved', sessionId: args.sessionId, itemId: item.id }]);
}

export function moveAgendaItem(conv: Convention, args: Args<'agenda.move'>): Decision {
  const item = findItem(conv, args.sessionId, args.itemId);
  if (isError(item)) return refuse(item);
  return accept([{ type: 'AgendaItemMoved', sessionId: args.sessionId, itemId: item.id, index: args.index }]);
}

export function setCurrentItem(conv: Convention, args: Args<'agenda.setCurrent'>): Decision {
  if (args.itemId !== null) {
    const item = findItem(conv, args.sessionId, args.itemId);
    if (isError(item)) return refuse(item);
  } else {
    const session = findSession(conv, args.sessionId);
    if (isError(session)) return refuse(session);
  }
  return accept([{ type: 'AgendaCurrentSet', sessionId: args.sessionId, itemId: args.itemId }]);
}
