import { guestRefusal } from '../../domain/electorate.ts';
import type { Deciders } from '../../domain/feature.ts';
import { appError } from '../../errors.ts';
import { foldWord } from '../../math/word-cloud.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError, own } from '../../domain/lookup.ts';
import { POLL_LIMITS, type Poll, type PollAnswer, type PollFormat } from './types.ts';
import type { PollResults, pollRoles, pollSchemas } from './commands.ts';
import type { Convention } from '../../domain/types.ts';
import type { Session } from '../core/types.ts';
import { pollClosed } from '../strata/answers.ts';
import { waveOf, waveRemovalEvents } from '../series/lookup.ts';

// Quick polls: prepared as drafts for a session (and an agenda item), launched in one keystroke,
// answered from phones (one answer per member, changed at will while the poll is open), closed,
// opened again, revealed. Any active member may answer, present or not: a poll is a sounding, not
// a decision, and nobody should be turned away from a warm-up question because the desk has not
// marked them yet (docs/protocol.md). One poll is open at a time in a session: launching one
// closes the one before.

type Draft = Args<'poll.create'>['format'];

function findPoll(conv: Convention, pollId: string): Poll | ReturnType<typeof appError> {
  return own(conv.polls, pollId) ?? appError('NOT_FOUND', 'no such poll', { entity: 'poll' });
}

/** The options numbered o1, o2…: a draft has no answers yet, so renumbering on edit is safe. */
export function pollFormat(draft: Draft): PollFormat {
  switch (draft.kind) {
    case 'single':
      return { kind: 'single', options: draft.options.map((label, i) => ({ id: `o${i + 1}`, label })) };
    case 'multiple':
      return { kind: 'multiple', options: draft.options.map((label, i) => ({ id: `o${i + 1}`, label })), maxChoices: draft.maxChoices };
    case 'scale':
      return { kind: 'scale', min: draft.min, max: draft.max, minLabel: draft.minLabel, maxLabel: draft.maxLabel };
    case 'words':
      return { kind: 'words' };
  }
}

function checkItem(session: Session, agendaItemId: string | null) {
  if (agendaItemId !== null && !session.agenda.some((item) => item.id === agendaItemId)) return appError('NOT_FOUND', 'no such agenda item in this session', { entity: 'agendaItem' });
  return null;
}

function pollsOf(conv: Convention, sessionId: string): Poll[] {
  return Object.values(conv.polls)
    .filter((p) => p.sessionId === sessionId)
    .sort((a, b) => a.number - b.number);
}

/** Polls are numbered per session (nº 1, nº 2… as the facilitator prepared them). */
function nextNumber(conv: Convention, sessionId: string): number {
  return pollsOf(conv, sessionId).reduce((n, p) => Math.max(n, p.number), 0) + 1;
}

export function roomFor(conv: Convention, sessionId: string) {
  return pollsOf(conv, sessionId).length >= POLL_LIMITS.perSessionMax ? appError('LIMIT_REACHED', 'too many polls in this session', { limit: POLL_LIMITS.perSessionMax }) : null;
}

/** A new draft poll, as the console and the demo prepare it. */
export function newPoll(conv: Convention, ctx: DecideContext, sessionId: string, fields: { agendaItemId: string | null; question: string; format: PollFormat; live: boolean }): Omit<Poll, 'frozen'> {
  return { id: ctx.newId(), sessionId, number: nextNumber(conv, sessionId), ...fields, status: 'draft', revealed: false, answers: {}, hiddenWords: [], launchedAt: null, closedAt: null };
}

export function createPoll(conv: Convention, args: Args<'poll.create'>, ctx: DecideContext): Decision<{ pollId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (session.status === 'closed') return refuse(appError('SESSION_CLOSED', 'this session is closed'));
  const problem = checkItem(session, args.agendaItemId) ?? roomFor(conv, session.id);
  if (problem) return refuse(problem);
  const poll = newPoll(conv, ctx, session.id, { agendaItemId: args.agendaItemId, question: args.question, format: pollFormat(args.format), live: args.live });
  return accept([{ type: 'PollCreated', poll }], { pollId: poll.id });
}

function draftOnly(poll: Poll) {
  return poll.status === 'draft' ? null : appError('WRONG_PHASE', `the poll is ${poll.status}`, { phase: poll.status });
}

/**
 * A wave of a series asks exactly what the other waves ask (shared/features/series/decide.ts):
 * its question and options stay; its agenda item and live results may change.
 */
function lockedWave(conv: Convention, poll: Poll, args: Args<'poll.edit'>) {
  if (!waveOf(conv, 'poll', poll.id)) return null;
  const same = args.question === poll.question && JSON.stringify(pollFormat(args.format)) === JSON.stringify(poll.format);
  return same ? null : appError('OPTIONS_LOCKED', 'a wave of a series keeps the question and options of the others');
}

export function editPoll(conv: Convention, args: Args<'poll.edit'>): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  const problem = draftOnly(poll) ?? checkItem(conv.sessions[poll.sessionId]!, args.agendaItemId) ?? lockedWave(conv, poll, args);
  if (problem) return refuse(problem);
  return accept([{ type: 'PollEdited', pollId: poll.id, agendaItemId: args.agendaItemId, question: args.question, format: pollFormat(args.format), live: args.live }]);
}

export function deletePoll(conv: Convention, args: Args<'poll.delete'>): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  const problem = draftOnly(poll);
  if (problem) return refuse(problem);
  // A wave that never opened leaves its series with it.
  return accept([...waveRemovalEvents(conv, 'poll', poll.id), { type: 'PollDeleted', pollId: poll.id }]);
}

/** A fresh draft with the same question and format (to ask again, or as a start for a similar one). */
export function duplicatePoll(conv: Convention, args: Args<'poll.duplicate'>, ctx: DecideContext): Decision<{ pollId: string; }> {
  const source = findPoll(conv, args.pollId);
  if (isError(source)) return refuse(source);
  if (conv.sessions[source.sessionId]!.status === 'closed') return refuse(appError('SESSION_CLOSED', 'this session is closed'));
  const problem = roomFor(conv, source.sessionId);
  if (problem) return refuse(problem);
  const poll = newPoll(conv, ctx, source.sessionId, { agendaItemId: source.agendaItemId, question: source.question, format: source.format, live: source.live });
  return accept([{ type: 'PollCreated', poll }], { pollId: poll.id });
}

/**
 * The poll "L" launches: the first draft (in creation order) of the current agenda item; with no
 * current item, or none prepared for it, the first draft attached to no item (or to an item
 * since removed). On plain data, so that the console shows the same choice before sending.
 */
export function pickNextDraft<P extends { status: string; number: number; agendaItemId: string | null }>(polls: readonly P[], agendaItemIds: readonly string[], currentItemId: string | null): P | null {
  const drafts = polls.filter((p) => p.status === 'draft').sort((a, b) => a.number - b.number);
  const loose = (p: P) => p.agendaItemId === null || !agendaItemIds.includes(p.agendaItemId);
  return drafts.find((p) => currentItemId !== null && p.agendaItemId === currentItemId) ?? drafts.find(loose) ?? null;
}

export function nextPrepared(conv: Convention, session: Session): Poll | null {
  return pickNextDraft(pollsOf(conv, session.id), session.agenda.map((i) => i.id), session.currentItemId);
}

function inLiveSession(conv: Convention, poll: Poll): boolean {
  return conv.liveSessionId === poll.sessionId && conv.sessions[poll.sessionId]?.status === 'live';
}

function liveSessionOf(conv: Convention, poll: Poll) {
  return inLiveSession(conv, poll) ? null : appError('SESSION_NOT_LIVE', 'the poll’s session is not live');
}

/** On the projector: this poll in the 'poll' panel. */
function showEvents(conv: Convention, poll: Poll): DomainEvent[] {
  const session = conv.sessions[poll.sessionId]!;
  const events: DomainEvent[] = [];
  if (conv.pollShown[session.id] !== poll.id) events.push({ type: 'PollShown', sessionId: session.id, pollId: poll.id });
  if (session.screenPanel !== 'poll') events.push({ type: 'ScreenPanelSet', sessionId: session.id, panel: 'poll' });
  return events;
}

/** Opens a poll (first launch or again): the session's other open poll closes, phones and the projector show it. */
function openEvents(conv: Convention, poll: Poll, at: number): DomainEvent[] {
  const others = pollsOf(conv, poll.sessionId).filter((p) => p.status === 'open' && p.id !== poll.id);
  return [...others.map((p): DomainEvent => pollClosed(conv, p, at)), { type: 'PollLaunched', pollId: poll.id, at }, ...showEvents(conv, poll)];
}

export function launchPoll(conv: Convention, args: Args<'poll.launch'>, ctx: DecideContext): Decision<{ pollId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  let poll: Poll | null;
  if (args.pollId === null) {
    poll = nextPrepared(conv, session);
    if (!poll) return refuse(appError('NOT_FOUND', 'no prepared poll to launch', { entity: 'poll' }));
  } else {
    const found = findPoll(conv, args.pollId);
    if (isError(found)) return refuse(found);
    if (found.sessionId !== session.id) return refuse(appError('NOT_FOUND', 'no such poll in this session', { entity: 'poll' }));
    poll = found;
  }
  const notLive = liveSessionOf(conv, poll);
  if (notLive) return refuse(notLive);
  if (poll.status === 'open') return accept([], { pollId: poll.id });
  if (poll.status === 'closed') return refuse(appError('WRONG_PHASE', 'the poll is closed: open it again instead', { phase: poll.status }));
  return accept(openEvents(conv, poll, ctx.now()), { pollId: poll.id });
}

export function reopenPoll(conv: Convention, args: Args<'poll.reopen'>, ctx: DecideContext): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  if (poll.status === 'draft') return refuse(appError('WRONG_PHASE', 'the poll was never launched', { phase: poll.status }));
  const notLive = liveSessionOf(conv, poll);
  if (notLive) return refuse(notLive);
  if (poll.status === 'open') return accept([]);
  // A wave whose next wave has closed stays closed: its transition table (counted from both
  // waves' answers, shared/features/series/views.ts) has been shown and must not move after.
  const wave = waveOf(conv, 'poll', poll.id);
  const next = wave?.series.waves[wave.index + 1];
  if (next && own(conv.polls, next.activityId)?.status === 'closed') return refuse(appError('WAVE_FOLLOWED', 'the next wave of this poll has closed'));
  return accept(openEvents(conv, poll, ctx.now()));
}

export function closePoll(conv: Convention, args: Args<'poll.close'>, ctx: DecideContext): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  if (poll.status === 'draft') return refuse(appError('WRONG_PHASE', 'the poll was never launched', { phase: poll.status }));
  if (poll.status === 'closed') return accept([]);
  return accept([pollClosed(conv, poll, ctx.now())]);
}

/** Revealing also puts the poll on the projector (when its session is live): that is where the room looks. */
export function revealPoll(conv: Convention, args: Args<'poll.reveal'>): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  if (poll.status === 'draft') return refuse(appError('WRONG_PHASE', 'the poll was never launched', { phase: poll.status }));
  const events: DomainEvent[] = poll.revealed === args.revealed ? [] : [{ type: 'PollRevealed', pollId: poll.id, revealed: args.revealed }];
  if (args.revealed && inLiveSession(conv, poll)) events.push(...showEvents(conv, poll));
  return accept(events);
}

export function showPoll(conv: Convention, args: Args<'poll.show'>): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  if (poll.status === 'draft') return refuse(appError('WRONG_PHASE', 'the poll was never launched', { phase: poll.status }));
  const notLive = liveSessionOf(conv, poll);
  if (notLive) return refuse(notLive);
  return accept(showEvents(conv, poll));
}

const invalidAnswer = (message: string, path: string) => appError('INVALID_PAYLOAD', message, { path });

/** The answer as stored (options in the poll's order, each once), or why it does not fit the poll. */
export function canonicalAnswer(format: PollFormat, answer: PollAnswer): PollAnswer | ReturnType<typeof appError> {
  switch (format.kind) {
    case 'single':
    case 'multiple': {
      if (answer.kind !== 'choices') return invalidAnswer('this poll asks for options', 'args.answer.kind');
      const chosen = new Set(answer.optionIds);
      if ([...chosen].some((id) => !format.options.some((o) => o.id === id))) return invalidAnswer('no such option', 'args.answer.optionIds');
      const optionIds = format.options.filter((o) => chosen.has(o.id)).map((o) => o.id);
      const most = format.kind === 'single' ? 1 : (format.maxChoices ?? format.options.length);
      if (optionIds.length > most) return appError('INVALID_PAYLOAD', 'too many options', { path: 'args.answer.optionIds', rule: 'max_length', limit: most });
      return { kind: 'choices', optionIds };
    }
    case 'scale':
      if (answer.kind !== 'scale') return invalidAnswer('this poll asks for a value on its scale', 'args.answer.kind');
      if (answer.value < format.min || answer.value > format.max) return invalidAnswer('outside the scale', 'args.answer.value');
      return answer;
    case 'words':
      if (answer.kind !== 'words') return invalidAnswer('this poll asks for a few words', 'args.answer.kind');
      return { kind: 'words', text: answer.text };
  }
}

const sameAnswer = (a: PollAnswer | undefined, b: PollAnswer) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

export function answerPoll(conv: Convention, args: Args<'poll.answer'>, memberId: string): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  const notLive = liveSessionOf(conv, poll);
  if (notLive) return refuse(notLive);
  if (poll.status !== 'open') return refuse(appError('POLL_NOT_OPEN', `the poll is ${poll.status}`, { phase: poll.status }));
  if (!own(conv.members, memberId)?.active) return refuse(appError('MEMBER_INACTIVE', 'this seat is not active'));
  // Poll answers are counted in its results: a guest answers where the session lets guests vote.
  const guest = guestRefusal(conv, own(conv.sessions, poll.sessionId), memberId);
  if (guest) return refuse(guest);
  const answer = canonicalAnswer(poll.format, args.answer);
  if (isError(answer)) return refuse(answer);
  // The same answer again (a double tap, a resend): nothing to record.
  if (sameAnswer(poll.answers[memberId], answer)) return accept([]);
  return accept([{ type: 'PollAnswered', pollId: poll.id, memberId, answer }]);
}

export function hideWord(conv: Convention, args: Args<'poll.hideWord'>): Decision {
  const poll = findPoll(conv, args.pollId);
  if (isError(poll)) return refuse(poll);
  if (poll.format.kind !== 'words') return refuse(appError('NOT_FOUND', 'this poll has no word cloud', { entity: 'word' }));
  const key = foldWord(args.word);
  const isHidden = poll.hiddenWords.includes(key);
  if (isHidden === args.hidden) return accept([]);
  if (args.hidden && poll.hiddenWords.length >= POLL_LIMITS.hiddenWordsMax) return refuse(appError('LIMIT_REACHED', 'too many hidden words', { limit: POLL_LIMITS.hiddenWordsMax }));
  return accept([{ type: 'PollWordHidden', pollId: poll.id, key, hidden: args.hidden }]);
}

export const pollDeciders: Deciders<typeof pollSchemas, typeof pollRoles, PollResults> = {
  'poll.create': (c, a, e) => createPoll(c, a, e.ctx),
  'poll.edit': (c, a) => editPoll(c, a),
  'poll.delete': (c, a) => deletePoll(c, a),
  'poll.duplicate': (c, a, e) => duplicatePoll(c, a, e.ctx),
  'poll.launch': (c, a, e) => launchPoll(c, a, e.ctx),
  'poll.close': (c, a, e) => closePoll(c, a, e.ctx),
  'poll.reopen': (c, a, e) => reopenPoll(c, a, e.ctx),
  'poll.reveal': (c, a) => revealPoll(c, a),
  'poll.show': (c, a) => showPoll(c, a),
  'poll.answer': (c, a, e) => answerPoll(c, a, e.actor.memberId),
  'poll.hideWord': (c, a) => hideWord(c, a),
};
