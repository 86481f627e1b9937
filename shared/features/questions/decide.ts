import type { Deciders } from '../../domain/feature.ts';
import { appError, type AppError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError, own } from '../../domain/lookup.ts';
import { findQuestion, isAlive, isAuthor, isVisible, recentlyAsked, roundsOf, sameWording } from './rules.ts';
import type { QuestionResults, questionRoles, questionSchemas } from './commands.ts';
import { QUESTION_LIMITS, type Question, type QuestionRound } from './types.ts';
import type { Convention } from '../../domain/types.ts';

// Questions to speakers: the facilitator opens a round for the live session; members ask (signed
// or anonymously) and upvote; the facilitator moderates and projects one. The asker of an
// anonymous question is kept in the state (for "my questions", withdrawing, the own-vote rule and
// the rate) and never in any view but the asker's own (shared/features/questions/views.ts).

function findRound(conv: Convention, roundId: string): QuestionRound | AppError {
  return own(conv.questionRounds, roundId) ?? appError('NOT_FOUND', 'no such round of questions', { entity: 'questionRound' });
}

function lookUp(conv: Convention, questionId: string): { round: QuestionRound; question: Question } | AppError {
  return findQuestion(conv, questionId) ?? appError('NOT_FOUND', 'no such question', { entity: 'question' });
}

/** A question that was withdrawn or merged cannot be moderated any more. */
function alive(question: Question): AppError | null {
  if (question.withdrawnAt !== null) return appError('WRONG_PHASE', 'the question was withdrawn', { phase: 'withdrawn' });
  if (question.mergedInto !== null) return appError('WRONG_PHASE', 'the question was merged into another', { phase: 'merged' });
  return null;
}

/** Members act on a round only while it is open in the live session. */
function openForMembers(conv: Convention, round: QuestionRound): AppError | null {
  if (round.status !== 'open') return appError('QUESTIONS_CLOSED', 'this round of questions is not open');
  if (conv.liveSessionId !== round.sessionId) return appError('SESSION_NOT_LIVE', 'the round’s session is not live');
  return null;
}

function agendaItemError(conv: Convention, sessionId: string, itemId: string | null): AppError | null {
  if (itemId === null) return null;
  return conv.sessions[sessionId]?.agenda.some((i) => i.id === itemId) ? null : appError('NOT_FOUND', 'no such agenda item in this session', { entity: 'agendaItem' });
}

export function createRound(conv: Convention, args: Args<'question.round.create'>, ctx: DecideContext): Decision<{ roundId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const badItem = agendaItemError(conv, session.id, args.agendaItemId);
  if (badItem) return refuse(badItem);
  if (roundsOf(conv, session.id).length >= QUESTION_LIMITS.roundsPerSession) return refuse(appError('LIMIT_REACHED', 'too many rounds in this session', { limit: QUESTION_LIMITS.roundsPerSession }));
  const round: Omit<QuestionRound, 'frozen'> = {
    id: ctx.newId(),
    sessionId: session.id,
    title: args.title,
    agendaItemId: args.agendaItemId,
    premoderation: args.premoderation,
    allowAnonymous: args.allowAnonymous,
    status: 'ready',
    createdAt: ctx.now(),
    openedAt: null,
    closedAt: null,
    projectedId: null,
    questions: [],
  };
  return accept([{ type: 'QuestionRoundCreated', round }], { roundId: round.id });
}

/** Turning pre-moderation off does not approve what waits: the facilitator still reads it first. */
export function updateRound(conv: Convention, args: Args<'question.round.update'>): Decision {
  const round = findRound(conv, args.roundId);
  if (isError(round)) return refuse(round);
  const badItem = agendaItemError(conv, round.sessionId, args.agendaItemId);
  if (badItem) return refuse(badItem);
  const { title, agendaItemId, premoderation, allowAnonymous } = args;
  if (round.title === title && round.agendaItemId === agendaItemId && round.premoderation === premoderation && round.allowAnonymous === allowAnonymous) return accept([]);
  return accept([{ type: 'QuestionRoundUpdated', roundId: round.id, title, agendaItemId, premoderation, allowAnonymous }]);
}

/** One round is open per session: opening one closes the other. Reopening keeps the questions. */
export function openRound(conv: Convention, args: Args<'question.round.open'>, ctx: DecideContext): Decision {
  const round = findRound(conv, args.roundId);
  if (isError(round)) return refuse(round);
  if (conv.liveSessionId !== round.sessionId) return refuse(appError('SESSION_NOT_LIVE', 'open the round’s session first'));
  if (round.status === 'open') return accept([]);
  const at = ctx.now();
  const events: DomainEvent[] = roundsOf(conv, round.sessionId)
    .filter((r) => r.status === 'open')
    .map((r) => ({ type: 'QuestionRoundClosed', roundId: r.id, at }));
  events.push({ type: 'QuestionRoundOpened', roundId: round.id, at });
  return accept(events);
}

export function closeRound(conv: Convention, args: Args<'question.round.close'>, ctx: DecideContext): Decision {
  const round = findRound(conv, args.roundId);
  if (isError(round)) return refuse(round);
  if (round.status !== 'open') return accept([]);
  return accept([{ type: 'QuestionRoundClosed', roundId: round.id, at: ctx.now() }]);
}

export function ask(conv: Convention, args: Args<'question.ask'>, memberId: string, ctx: DecideContext): Decision<{ questionId: string; number: number; }> {
  const round = findRound(conv, args.roundId);
  if (isError(round)) return refuse(round);
  const closed = openForMembers(conv, round);
  if (closed) return refuse(closed);
  if (args.anonymous && !round.allowAnonymous) return refuse(appError('ANONYMOUS_NOT_ALLOWED', 'this round asks for signed questions'));
  // A second tap (a new command id) on the same text is the same question, not a new one.
  const twin = round.questions.find((q) => q.authors[0]?.memberId === memberId && isAlive(q) && sameWording(q.text, args.text));
  if (twin) return accept([], { questionId: twin.id, number: twin.number });
  const now = ctx.now();
  const recent = recentlyAsked(conv, memberId, now, QUESTION_LIMITS.rateWindowMs);
  if (recent.length >= QUESTION_LIMITS.ratePerMember) {
    const retryInSeconds = Math.max(1, Math.ceil((recent[recent.length - QUESTION_LIMITS.ratePerMember]! + QUESTION_LIMITS.rateWindowMs - now) / 1000));
    return refuse(appError('TOO_MANY_QUESTIONS', 'too many questions in a minute', { limit: QUESTION_LIMITS.ratePerMember, retryInSeconds }));
  }
  if (round.questions.length >= QUESTION_LIMITS.questionsPerRound) return refuse(appError('LIMIT_REACHED', 'this round has too many questions', { limit: QUESTION_LIMITS.questionsPerRound }));
  const question: Question = {
    id: ctx.newId(),
    number: round.questions.length + 1,
    text: args.text,
    authors: [{ memberId, signed: !args.anonymous }],
    askedAt: now,
    voters: {},
    approved: !round.premoderation,
    hidden: false,
    answeredAt: null,
    withdrawnAt: null,
    mergedInto: null,
    mergedFrom: [],
    edits: [],
  };
  return accept([{ type: 'QuestionAsked', roundId: round.id, question }], { questionId: question.id, number: question.number });
}

/** An author takes the question back while it is not answered; with co-askers, only their name goes. */
export function withdraw(conv: Convention, args: Args<'question.withdraw'>, memberId: string, ctx: DecideContext): Decision {
  const found = lookUp(conv, args.questionId);
  if (isError(found)) return refuse(found);
  const { round, question } = found;
  // A rule of the domain, not a role: FORBIDDEN says the role may not send the command at all.
  if (!isAuthor(question, memberId)) return refuse(appError('NOT_YOUR_QUESTION', 'only its askers withdraw a question'));
  // The last author stays listed on a withdrawn question: their retry changes nothing.
  if (question.withdrawnAt !== null) return accept([]);
  if (question.mergedInto !== null) return refuse(appError('WRONG_PHASE', 'the question was merged into another', { phase: 'merged' }));
  if (question.answeredAt !== null) return refuse(appError('WRONG_PHASE', 'an answered question stays in the record', { phase: 'answered' }));
  return accept([{ type: 'QuestionWithdrawn', roundId: round.id, questionId: question.id, memberId, at: ctx.now() }]);
}

/** One vote per member, on others' visible questions while the round is open; `up: false` takes it back. */
export function upvote(conv: Convention, args: Args<'question.upvote'>, memberId: string): Decision {
  const found = lookUp(conv, args.questionId);
  if (isError(found)) return refuse(found);
  const { round, question } = found;
  // A question the room cannot see is, for a member, a question that does not exist.
  if (!isVisible(question)) return refuse(appError('NOT_FOUND', 'no such question', { entity: 'question' }));
  const closed = openForMembers(conv, round);
  if (closed) return refuse(closed);
  if (Boolean(question.voters[memberId]) === args.up) return accept([]);
  if (args.up && isAuthor(question, memberId)) return refuse(appError('OWN_QUESTION', 'members do not upvote their own question'));
  if (args.up && question.answeredAt !== null) return refuse(appError('WRONG_PHASE', 'the question was answered', { phase: 'answered' }));
  return accept([{ type: 'QuestionVoteSet', roundId: round.id, questionId: question.id, memberId, up: args.up }]);
}

/** Approves many at once ("approve all pending"); those already approved, withdrawn or merged are skipped. */
export function approve(conv: Convention, args: Args<'question.approve'>): Decision {
  const ids = [...new Set(args.questionIds)];
  const found = ids.map((id) => findQuestion(conv, id));
  if (found.some((f) => f === null)) return refuse(appError('NOT_FOUND', 'no such question', { entity: 'question' }));
  const byRound = new Map<string, string[]>();
  for (const { round, question } of found as { round: QuestionRound; question: Question }[]) {
    if (isAlive(question) && !question.approved) byRound.set(round.id, [...(byRound.get(round.id) ?? []), question.id]);
  }
  return accept([...byRound].map(([roundId, questionIds]) => ({ type: 'QuestionsApproved', roundId, questionIds })));
}

export function hide(conv: Convention, args: Args<'question.hide'>): Decision {
  const found = lookUp(conv, args.questionId);
  if (isError(found)) return refuse(found);
  const gone = alive(found.question);
  if (gone) return refuse(gone);
  if (found.question.hidden === args.hidden) return accept([]);
  return accept([{ type: 'QuestionHiddenSet', roundId: found.round.id, questionId: found.question.id, hidden: args.hidden }]);
}

export function merge(conv: Convention, args: Args<'question.merge'>, ctx: DecideContext): Decision {
  const source = lookUp(conv, args.sourceId);
  if (isError(source)) return refuse(source);
  const target = lookUp(conv, args.targetId);
  if (isError(target)) return refuse(target);
  if (source.question.mergedInto === target.question.id) return accept([]);
  if (source.question.id === target.question.id || source.round.id !== target.round.id || !isAlive(source.question) || !isAlive(target.question)) {
    return refuse(appError('INVALID_MERGE', 'merge two different questions of one round, neither withdrawn nor merged'));
  }
  return accept([{ type: 'QuestionsMerged', roundId: source.round.id, sourceId: source.question.id, targetId: target.question.id, at: ctx.now() }]);
}

/**
 * Undoes a merge (the facilitator merged the wrong pair): the source comes back as it was, the
 * target loses what the merge added (question-evolve.ts). Only the pair that was merged, and
 * only while the kept question is not itself merged into a third (undo that one first).
 */
export function unmerge(conv: Convention, args: Args<'question.unmerge'>, ctx: DecideContext): Decision {
  const source = lookUp(conv, args.sourceId);
  if (isError(source)) return refuse(source);
  const target = lookUp(conv, args.targetId);
  if (isError(target)) return refuse(target);
  const merged = source.question.mergedInto === target.question.id && target.question.mergedFrom.some((m) => m.questionId === source.question.id);
  if (!merged) return refuse(appError('NOT_MERGED', 'this question is not merged into that one'));
  if (target.question.mergedInto !== null) return refuse(appError('WRONG_PHASE', 'the kept question was merged into another: undo that merge first', { phase: 'merged' }));
  return accept([{ type: 'QuestionsUnmerged', roundId: target.round.id, sourceId: source.question.id, targetId: target.question.id, at: ctx.now() }]);
}

export function answer(conv: Convention, args: Args<'question.answer'>, ctx: DecideContext): Decision {
  const found = lookUp(conv, args.questionId);
  if (isError(found)) return refuse(found);
  const gone = alive(found.question);
  if (gone) return refuse(gone);
  if ((found.question.answeredAt !== null) === args.answered) return accept([]);
  return accept([{ type: 'QuestionAnsweredSet', roundId: found.round.id, questionId: found.question.id, answeredAt: args.answered ? ctx.now() : null }]);
}

export function edit(conv: Convention, args: Args<'question.edit'>, ctx: DecideContext): Decision {
  const found = lookUp(conv, args.questionId);
  if (isError(found)) return refuse(found);
  const gone = alive(found.question);
  if (gone) return refuse(gone);
  if (found.question.text === args.text) return accept([]);
  return accept([{ type: 'QuestionEdited', roundId: found.round.id, questionId: found.question.id, text: args.text, at: ctx.now() }]);
}

/** Projecting shows the questions panel on the projector; a pending question is approved by it. */
export function project(conv: Convention, args: Args<'question.project'>): Decision {
  const round = findRound(conv, args.roundId);
  if (isError(round)) return refuse(round);
  if (args.questionId === null) return round.projectedId === null ? accept([]) : accept([{ type: 'QuestionProjected', roundId: round.id, questionId: null }]);
  const question = round.questions.find((q) => q.id === args.questionId);
  if (!question) return refuse(appError('NOT_FOUND', 'no such question in this round', { entity: 'question' }));
  const gone = alive(question);
  if (gone) return refuse(gone);
  if (question.hidden) return refuse(appError('WRONG_PHASE', 'a hidden question is not projected', { phase: 'hidden' }));
  const events: DomainEvent[] = [];
  if (round.projectedId !== question.id) events.push({ type: 'QuestionProjected', roundId: round.id, questionId: question.id });
  const session = conv.sessions[round.sessionId];
  if (session && session.screenPanel !== 'questions') events.push({ type: 'ScreenPanelSet', sessionId: session.id, panel: 'questions' });
  return accept(events);
}

export const questionDeciders: Deciders<typeof questionSchemas, typeof questionRoles, QuestionResults> = {
  'question.round.create': (c, a, e) => createRound(c, a, e.ctx),
  'question.round.update': (c, a) => updateRound(c, a),
  'question.round.open': (c, a, e) => openRound(c, a, e.ctx),
  'question.round.close': (c, a, e) => closeRound(c, a, e.ctx),
  'question.ask': (c, a, e) => ask(c, a, e.actor.memberId, e.ctx),
  'question.withdraw': (c, a, e) => withdraw(c, a, e.actor.memberId, e.ctx),
  'question.upvote': (c, a, e) => upvote(c, a, e.actor.memberId),
  'question.approve': (c, a) => approve(c, a),
  'question.hide': (c, a) => hide(c, a),
  'question.merge': (c, a, e) => merge(c, a, e.ctx),
  'question.unmerge': (c, a, e) => unmerge(c, a, e.ctx),
  'question.answer': (c, a, e) => answer(c, a, e.ctx),
  'question.edit': (c, a, e) => edit(c, a, e.ctx),
  'question.project': (c, a) => project(c, a),
};
