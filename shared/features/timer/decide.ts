import type { Deciders } from '../../domain/feature.ts';
import { appError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError, own } from '../../domain/lookup.ts';
import { timingOf } from './evolve.ts';
import { advancePlan, extendTimer, isPlanTimer, pauseTimer, remainingAt, resumeTimer, retreatPlan, speechTimer, startTimer } from './math.ts';
import type { TimerResults, timerRoles, timerSchemas } from './commands.ts';
import type { SpeakingPlan } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import type { Session, Timer } from '../core/types.ts';

// The session's countdown (group work, a talk, speaking time) and the speaking-time helper.
// Every change of the countdown is one `TimerSet` event carrying the whole new timer, computed
// with the server's clock (ctx.now()); screens count down locally from it.

/** Timers belong to the live session: the room that is in session now. */
function liveSessionById(conv: Convention, sessionId: string): Session | ReturnType<typeof appError> {
  const session = findSession(conv, sessionId);
  if (isError(session)) return session;
  if (conv.liveSessionId !== session.id) return appError('SESSION_NOT_LIVE', 'timers run in the live session only');
  return session;
}

const timerOf = (conv: Convention, sessionId: string): Timer | undefined => own(conv.timers, sessionId);
const noTimer = () => refuse(appError('NOT_FOUND', 'no countdown in this session', { entity: 'timer' }));
const set = (sessionId: string, timer: Timer | null): DomainEvent => ({ type: 'TimerSet', sessionId, timer });

/** Applies a change to the running countdown; no event when it changes nothing (a retry, a double click). */
function change(conv: Convention, sessionId: string, how: (timer: Timer) => Timer): Decision {
  const session = liveSessionById(conv, sessionId);
  if (isError(session)) return refuse(session);
  const timer = timerOf(conv, session.id);
  if (!timer) return noTimer();
  const next = how(timer);
  return next === timer ? accept([]) : accept([set(session.id, next)]);
}

export function startCountdown(conv: Convention, args: Args<'timer.start'>, ctx: DecideContext): Decision {
  const session = liveSessionById(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  return accept([set(session.id, startTimer(args.label, args.seconds * 1000, ctx.now(), { kind: 'manual', id: null }))]);
}

/** The item's title and planned length; the item becomes the current one (it is what is on now). */
export function startFromItem(conv: Convention, args: Args<'timer.startItem'>, ctx: DecideContext): Decision {
  const session = liveSessionById(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const item = session.agenda.find((i) => i.id === args.itemId);
  if (!item) return refuse(appError('NOT_FOUND', 'no such agenda item', { entity: 'agendaItem' }));
  if (!item.durationMin) return refuse(appError('NO_DURATION', 'this agenda item has no planned length'));
  const events: DomainEvent[] = [set(session.id, startTimer(item.title, item.durationMin * 60_000, ctx.now(), { kind: 'manual', id: item.id }))];
  if (session.currentItemId !== item.id) events.push({ type: 'AgendaCurrentSet', sessionId: session.id, itemId: item.id });
  return accept(events);
}

export function clearCountdown(conv: Convention, args: Args<'timer.clear'>): Decision {
  const session = liveSessionById(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  return timerOf(conv, session.id) ? accept([set(session.id, null)]) : accept([]);
}

export function setDisplay(conv: Convention, args: Args<'timer.display'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const timing = timingOf(conv, session.id);
  const big = args.big ?? timing.big;
  const chime = args.chime ?? timing.chime;
  if (big === timing.big && chime === timing.chime) return accept([]);
  return accept([{ type: 'TimerDisplaySet', sessionId: session.id, big, chime }]);
}

// ---------------------------------------------------------------------------------------------
// Speaking time

function findPlan(conv: Convention, sessionId: string): { session: Session; plan: SpeakingPlan; timer: Timer | undefined } | ReturnType<typeof appError> {
  const session = liveSessionById(conv, sessionId);
  if (isError(session)) return session;
  const plan = timingOf(conv, session.id).speaking;
  if (!plan) return appError('NOT_FOUND', 'no speaking-time plan', { entity: 'speakingPlan' });
  return { session, plan, timer: timerOf(conv, session.id) };
}

const planSet = (sessionId: string, plan: SpeakingPlan | null): DomainEvent => ({ type: 'SpeakingPlanSet', sessionId, plan });

/** A plan may be prepared ahead for any session (the final session's speeches); it runs in the live one. */
export function definePlan(conv: Convention, args: Args<'speaking.plan'>, ctx: DecideContext): Decision<{ planId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const plan: SpeakingPlan = {
    id: ctx.newId(),
    title: args.title,
    speechMs: args.seconds * 1000,
    speeches: args.labels.map((label) => ({ label, status: 'pending', remainingMs: null })),
    current: -1,
  };
  const events = [planSet(session.id, plan)];
  // The countdown of a plan this one replaces would go on naming speeches that no longer exist.
  const old = timingOf(conv, session.id).speaking;
  if (old && isPlanTimer(old, timerOf(conv, session.id))) events.push(set(session.id, null));
  return accept(events, { planId: plan.id });
}

/** Next speech, given (its countdown starts, replacing any other) or skipped (no countdown). */
function advance(conv: Convention, sessionId: string, how: 'given' | 'skipped', ctx: DecideContext): Decision<{ current: number; }> {
  const found = findPlan(conv, sessionId);
  if (isError(found)) return refuse(found);
  const { session, plan, timer } = found;
  const now = ctx.now();
  const left = isPlanTimer(plan, timer) ? remainingAt(timer!, now) : null;
  const next = advancePlan(plan, how, left);
  if (!next) return refuse(appError('WRONG_PHASE', 'every speech of the plan was given', { phase: 'finished' }));
  const events = [planSet(session.id, next)];
  if (how === 'given') events.push(set(session.id, speechTimer(next, next.current, now)));
  else if (timer && isPlanTimer(plan, timer)) events.push(set(session.id, null));
  return accept(events, { current: next.current });
}

/** Undoes the last next or skip; the speech before gets back what was left of its countdown, paused. */
export function backPlan(conv: Convention, args: Args<'speaking.back'>, ctx: DecideContext): Decision<{ current: number; }> {
  const found = findPlan(conv, args.sessionId);
  if (isError(found)) return refuse(found);
  const { session, plan, timer } = found;
  const previous = retreatPlan(plan);
  if (!previous) return refuse(appError('WRONG_PHASE', 'no speech was given yet', { phase: 'notStarted' }));
  const events = [planSet(session.id, previous)];
  const speech = previous.speeches[previous.current];
  if (speech?.status === 'given') events.push(set(session.id, speechTimer(previous, previous.current, ctx.now(), speech.remainingMs ?? previous.speechMs)));
  else if (timer && isPlanTimer(plan, timer)) events.push(set(session.id, null));
  return accept(events, { current: previous.current });
}

export function clearPlan(conv: Convention, args: Args<'speaking.clear'>): Decision {
  const session = liveSessionById(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const plan = timingOf(conv, session.id).speaking;
  if (!plan) return accept([]);
  const events = [planSet(session.id, null)];
  if (isPlanTimer(plan, timerOf(conv, session.id))) events.push(set(session.id, null));
  return accept(events);
}

export const timerDeciders: Deciders<typeof timerSchemas, typeof timerRoles, TimerResults> = {
  'timer.start': (c, a, e) => startCountdown(c, a, e.ctx),
  'timer.startItem': (c, a, e) => startFromItem(c, a, e.ctx),
  'timer.pause': (c, a, e) => change(c, a.sessionId, (t) => pauseTimer(t, e.ctx.now())),
  'timer.resume': (c, a, e) => change(c, a.sessionId, (t) => resumeTimer(t, e.ctx.now())),
  'timer.extend': (c, a, e) => change(c, a.sessionId, (t) => extendTimer(t, a.seconds * 1000, e.ctx.now())),
  'timer.clear': (c, a) => clearCountdown(c, a),
  'timer.display': (c, a) => setDisplay(c, a),
  'speaking.plan': (c, a, e) => definePlan(c, a, e.ctx),
  'speaking.next': (c, a, e) => advance(c, a.sessionId, 'given', e.ctx),
  'speaking.skip': (c, a, e) => advance(c, a.sessionId, 'skipped', e.ctx),
  'speaking.back': (c, a, e) => backPlan(c, a, e.ctx),
  'speaking.clear': (c, a) => clearPlan(c, a),
};
