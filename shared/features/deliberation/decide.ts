import type { Deciders } from '../../domain/feature.ts';
import { appError } from '../../errors.ts';
import { DEFAULT_AGREEMENT_LEVELS } from '../../math/consensus.ts';
import { DEFAULT_GRADES } from '../../math/majority-judgment.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision, type SecretBallot } from '../../domain/context.ts';
import type { DeliberationResults, deliberationRoles, deliberationSchemas } from './commands.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { guestRefusal } from '../../domain/electorate.ts';
import { findSession, isError, own, tableOf } from '../../domain/lookup.ts';
import type { ConsensusCheck, Grading } from './types.ts';
import { previousWaveWithTransitions } from '../series/lookup.ts';
import { transitionCell } from '../series/transitions.ts';
import type { Convention } from '../../domain/types.ts';
import { memberStrata } from '../strata/member-strata.ts';

// Consensus checks (each member places proposals on a gradient of agreement; a member who
// disagrees may add a short anonymous reason) and majority-judgment gradings. Both are secret
// like ballots: the log records who answered; what was answered is a counter per table and level
// (or per grade), so the table-aware reading needs no roster identity.

function findCheck(conv: Convention, id: string): ConsensusCheck | ReturnType<typeof appError> {
  return own(conv.checks, id) ?? appError('NOT_FOUND', 'no such consensus check', { entity: 'check' });
}

function findGrading(conv: Convention, id: string): Grading | ReturnType<typeof appError> {
  return own(conv.gradings, id) ?? appError('NOT_FOUND', 'no such grading', { entity: 'grading' });
}

function unknownProposal(conv: Convention, ids: readonly string[]) {
  const unknown = ids.find((id) => !own(conv.proposals, id));
  return unknown ? appError('NOT_FOUND', `no proposal ${unknown}`, { entity: 'proposal' }) : null;
}

function presentIn(conv: Convention, sessionId: string, memberId: string): boolean {
  return Boolean(conv.sessions[sessionId]?.present[memberId]);
}

/** A guest answers and grades only where the session lets guests vote (electorate.ts). */
function guestOf(conv: Convention, sessionId: string, memberId: string) {
  return guestRefusal(conv, own(conv.sessions, sessionId), memberId);
}

/** Opening or revealing a check or a grading puts the deliberation panel on the projector (shared/views/projector-panel.ts). */
function showDeliberation(conv: Convention, sessionId: string): DomainEvent[] {
  const session = own(conv.sessions, sessionId);
  return session && session.screenPanel !== 'deliberation' ? [{ type: 'ScreenPanelSet', sessionId, panel: 'deliberation' }] : [];
}

export function createCheck(conv: Convention, args: Args<'consensus.create'>, ctx: DecideContext): Decision<{ checkId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const missing = unknownProposal(conv, args.proposalIds);
  if (missing) return refuse(missing);
  const check: Omit<ConsensusCheck, 'frozen'> = {
    id: ctx.newId(),
    kind: 'consensus',
    sessionId: session.id,
    title: args.title,
    proposalIds: [...new Set(args.proposalIds)],
    mode: args.mode,
    levels: args.levels ?? [...DEFAULT_AGREEMENT_LEVELS],
    allowUnsure: args.allowUnsure,
    thresholds: args.thresholds ?? null,
    status: 'ready',
    currentProposalId: null,
    revealed: false,
    live: args.live,
    answered: {},
    counts: {},
    opinions: {},
  };
  return accept([{ type: 'CheckCreated', check }], { checkId: check.id });
}

export function openCheck(conv: Convention, args: Args<'consensus.open'>): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  if (check.status !== 'ready') return refuse(appError('WRONG_PHASE', `the check is ${check.status}`, { phase: check.status }));
  const events: Decision & { ok: true } = { ok: true, events: [{ type: 'CheckOpened', checkId: check.id }] };
  if (check.mode === 'plenary') events.events.push({ type: 'CheckCurrentSet', checkId: check.id, proposalId: check.proposalIds[0] ?? null });
  events.events.push(...showDeliberation(conv, check.sessionId));
  return events;
}

export function setCurrent(conv: Convention, args: Args<'consensus.current'>): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  if (check.status !== 'open') return refuse(appError('WRONG_PHASE', `the check is ${check.status}`, { phase: check.status }));
  if (args.proposalId !== null && !check.proposalIds.includes(args.proposalId)) return refuse(appError('NOT_FOUND', 'not in this check', { entity: 'proposal' }));
  if (check.currentProposalId === args.proposalId) return accept([]);
  return accept([{ type: 'CheckCurrentSet', checkId: check.id, proposalId: args.proposalId }]);
}

export function answer(conv: Convention, args: Args<'consensus.answer'>, memberId: string): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  if (check.status !== 'open') return refuse(appError('VOTE_NOT_OPEN', 'this check is not open'));
  if (!check.proposalIds.includes(args.proposalId)) return refuse(appError('NOT_FOUND', 'not in this check', { entity: 'proposal' }));
  if (check.mode === 'plenary' && check.currentProposalId !== args.proposalId) return refuse(appError('NOT_CURRENT', 'not the current proposal'));
  if (!presentIn(conv, check.sessionId, memberId)) return refuse(appError('NOT_PRESENT', 'only members marked present answer'));
  const guest = guestOf(conv, check.sessionId, memberId);
  if (guest) return refuse(guest);
  if (check.answered[args.proposalId]?.[memberId]) return refuse(appError('ALREADY_ANSWERED', 'a secret answer cannot be changed'));
  if (args.level !== null && args.level >= check.levels.length) return refuse(appError('INVALID_PAYLOAD', 'no such level', { path: 'args.level', rule: 'max_value', limit: check.levels.length - 1 }));
  if (args.level === null && !check.allowUnsure) return refuse(appError('INVALID_PAYLOAD', '"unsure" is not offered', { path: 'args.level' }));
  const session = conv.sessions[check.sessionId]!;
  const tableId = tableOf(session, memberId)?.id ?? '';
  // "Je ne sais pas" is counted in the cell after the last level.
  // Its strata go with the ballot into memory only (secret-ballots.ts), never beside the member.
  const strata = memberStrata(conv, memberId, check.strataAttributes ?? []);
  const ballot: SecretBallot = { kind: 'agreement', checkId: check.id, proposalId: args.proposalId, tableId, level: args.level ?? check.levels.length, strata };
  const moved = transitionBallot(conv, check, args);
  if (moved && 'code' in moved) return refuse(moved);
  return { ok: true, events: [{ type: 'CheckAnswered', checkId: check.id, proposalId: args.proposalId, memberId }], secretBallots: moved ? [ballot, moved] : [ballot] };
}

/**
 * In a series' wave with transitions on, every answer also counts where its member came from (the
 * `previous` their phone kept, or 'none'), in the same box entry as the answer; its counter is
 * written at the check's close only (shared/features/series/transitions.ts). Null elsewhere.
 */
function transitionBallot(conv: Convention, check: ConsensusCheck, args: Args<'consensus.answer'>): SecretBallot | ReturnType<typeof appError> | null {
  if (!previousWaveWithTransitions(conv, 'check', check.id)) return null;
  const previous = args.previous;
  if (previous === null && !check.allowUnsure) return appError('INVALID_PAYLOAD', '"unsure" is not offered', { path: 'args.previous' });
  if (typeof previous === 'number' && previous >= check.levels.length) return appError('INVALID_PAYLOAD', 'no such level', { path: 'args.previous', rule: 'max_value', limit: check.levels.length - 1 });
  const from = previous === undefined ? null : (previous ?? check.levels.length);
  return { kind: 'transition', checkId: check.id, proposalId: args.proposalId, cell: transitionCell(from, args.level ?? check.levels.length), strata: {} };
}

/** A member who disagrees explains in a sentence; kept without any name, beside the proposal. */
export function addOpinion(conv: Convention, args: Args<'consensus.opinion'>, memberId: string, ctx: DecideContext): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  if (check.status === 'ready') return refuse(appError('VOTE_NOT_OPEN', 'this check is not open'));
  if (!check.proposalIds.includes(args.proposalId)) return refuse(appError('NOT_FOUND', 'not in this check', { entity: 'proposal' }));
  if (!presentIn(conv, check.sessionId, memberId)) return refuse(appError('NOT_PRESENT', 'only members marked present'));
  const guest = guestOf(conv, check.sessionId, memberId);
  if (guest) return refuse(guest);
  return accept([{ type: 'OpinionAdded', checkId: check.id, proposalId: args.proposalId, opinion: { id: ctx.newId(), text: args.text, at: ctx.now(), projected: false } }]);
}

export function projectOpinion(conv: Convention, args: Args<'consensus.projectOpinion'>): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  const opinion = (check.opinions[args.proposalId] ?? []).find((o) => o.id === args.opinionId);
  if (!opinion) return refuse(appError('NOT_FOUND', 'no such opinion', { entity: 'opinion' }));
  if (opinion.projected === args.projected) return accept([]);
  return accept([{ type: 'OpinionProjected', checkId: check.id, proposalId: args.proposalId, opinionId: opinion.id, projected: args.projected }]);
}

export function revealCheck(conv: Convention, args: Args<'consensus.reveal'>): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  if (check.revealed === args.revealed) return accept([]);
  return accept([{ type: 'CheckRevealed', checkId: check.id, revealed: args.revealed }, ...(args.revealed ? showDeliberation(conv, check.sessionId) : [])]);
}

export function closeCheck(conv: Convention, args: Args<'consensus.close'>): Decision {
  const check = findCheck(conv, args.checkId);
  if (isError(check)) return refuse(check);
  if (check.status === 'closed') return accept([]);
  return accept([{ type: 'CheckClosed', checkId: check.id }]);
}

export function createGrading(conv: Convention, args: Args<'grading.create'>, ctx: DecideContext): Decision<{ gradingId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const missing = unknownProposal(conv, args.proposalIds);
  if (missing) return refuse(missing);
  const grading: Omit<Grading, 'frozen'> = { id: ctx.newId(), kind: 'grading', sessionId: session.id, title: args.title, proposalIds: [...new Set(args.proposalIds)], grades: [...DEFAULT_GRADES], status: 'ready', revealed: false, graded: {}, profiles: {} };
  return accept([{ type: 'GradingCreated', grading }], { gradingId: grading.id });
}

export function openGrading(conv: Convention, args: Args<'grading.open'>): Decision {
  const grading = findGrading(conv, args.gradingId);
  if (isError(grading)) return refuse(grading);
  if (grading.status !== 'ready') return refuse(appError('WRONG_PHASE', `the grading is ${grading.status}`, { phase: grading.status }));
  return accept([{ type: 'GradingOpened', gradingId: grading.id }, ...showDeliberation(conv, grading.sessionId)]);
}

/** Grades for one or many proposals at once (a batch on the phone); each proposal once. */
export function grade(conv: Convention, args: Args<'grading.grade'>, memberId: string): Decision {
  const grading = findGrading(conv, args.gradingId);
  if (isError(grading)) return refuse(grading);
  if (grading.status !== 'open') return refuse(appError('VOTE_NOT_OPEN', 'this grading is not open'));
  if (!presentIn(conv, grading.sessionId, memberId)) return refuse(appError('NOT_PRESENT', 'only members marked present grade'));
  const guest = guestOf(conv, grading.sessionId, memberId);
  if (guest) return refuse(guest);
  const proposalIds = Object.keys(args.grades);
  const outside = proposalIds.find((id) => !grading.proposalIds.includes(id));
  if (outside) return refuse(appError('NOT_FOUND', 'not in this grading', { entity: 'proposal' }));
  if (proposalIds.some((id) => grading.graded[id]?.[memberId])) return refuse(appError('ALREADY_ANSWERED', 'a grade cannot be changed'));
  const strata = memberStrata(conv, memberId, grading.strataAttributes ?? []);
  const secretBallots: SecretBallot[] = proposalIds.map((proposalId) => ({ kind: 'grade', gradingId: grading.id, proposalId, grade: args.grades[proposalId]!, strata }));
  return { ok: true, events: [{ type: 'GradesCast', gradingId: grading.id, memberId, proposalIds }], secretBallots };
}

export function revealGrading(conv: Convention, args: Args<'grading.reveal'>): Decision {
  const grading = findGrading(conv, args.gradingId);
  if (isError(grading)) return refuse(grading);
  if (grading.revealed === args.revealed) return accept([]);
  return accept([{ type: 'GradingRevealed', gradingId: grading.id, revealed: args.revealed }, ...(args.revealed ? showDeliberation(conv, grading.sessionId) : [])]);
}

export function closeGrading(conv: Convention, args: Args<'grading.close'>): Decision {
  const grading = findGrading(conv, args.gradingId);
  if (isError(grading)) return refuse(grading);
  if (grading.status === 'closed') return accept([]);
  return accept([{ type: 'GradingClosed', gradingId: grading.id }]);
}

export const deliberationDeciders: Deciders<typeof deliberationSchemas, typeof deliberationRoles, DeliberationResults> = {
  'consensus.create': (c, a, e) => createCheck(c, a, e.ctx),
  'consensus.open': (c, a) => openCheck(c, a),
  'consensus.current': (c, a) => setCurrent(c, a),
  'consensus.answer': (c, a, e) => answer(c, a, e.actor.memberId),
  'consensus.opinion': (c, a, e) => addOpinion(c, a, e.actor.memberId, e.ctx),
  'consensus.projectOpinion': (c, a) => projectOpinion(c, a),
  'consensus.reveal': (c, a) => revealCheck(c, a),
  'consensus.close': (c, a) => closeCheck(c, a),
  'grading.create': (c, a, e) => createGrading(c, a, e.ctx),
  'grading.open': (c, a) => openGrading(c, a),
  'grading.grade': (c, a, e) => grade(c, a, e.actor.memberId),
  'grading.reveal': (c, a) => revealGrading(c, a),
  'grading.close': (c, a) => closeGrading(c, a),
};
