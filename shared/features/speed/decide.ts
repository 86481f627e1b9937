import type { Deciders } from '../../domain/feature.ts';
import { appError, type AppError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError, own } from '../../domain/lookup.ts';
import { planSpeedMeeting, themeKey, type PlanActor, type PlanRound } from './plan.ts';
import { SPEED_LIMITS, type SpeedResults, type speedRoles, type speedSchemas } from './commands.ts';
import type { SpeedActor, SpeedMeeting, SpeedPlan } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import type { Timer } from '../core/types.ts';

// The speed meeting: the facilitator lists the actors, sets the rounds, generates a rotation plan
// (shared/features/speed/plan.ts, with a seed drawn here and kept in the event), handles absentees
// by re-planning the rounds not yet played, and runs the rounds: each round starts the session's
// countdown (TimerSet, source 'speed-round') and shows the speed-meeting panel on the projector.

export const SPEED_DEFAULTS = { rounds: 6, roundMinutes: 25, minTable: 3, maxTable: 6 } as const;

function findMeeting(conv: Convention, meetingId: string): SpeedMeeting | AppError {
  return own(conv.speedMeetings, meetingId) ?? appError('NOT_FOUND', 'no such speed meeting', { entity: 'speedMeeting' });
}

function findActor(meeting: SpeedMeeting, actorId: string): SpeedActor | AppError {
  return meeting.actors.find((a) => a.id === actorId) ?? appError('NOT_FOUND', 'no such actor', { entity: 'actor' });
}

const wrongPhase = (meeting: SpeedMeeting, message: string) => appError('WRONG_PHASE', message, { phase: meeting.status });

export function meetingOfSession(conv: Convention, sessionId: string): SpeedMeeting | null {
  return Object.values(conv.speedMeetings).find((m) => m.sessionId === sessionId) ?? null;
}

/** Members a plan is made for: active, not marked absent for the meeting, and present unless `all`. */
export function planMembers(conv: Convention, meeting: SpeedMeeting, basis: 'present' | 'all'): string[] {
  const session = conv.sessions[meeting.sessionId];
  return conv.memberOrder.filter((id) => conv.members[id]?.active && !meeting.absent[id] && (basis === 'all' || Boolean(session?.present[id])));
}

export function planActors(meeting: SpeedMeeting): PlanActor[] {
  return meeting.actors.filter((a) => !a.away).map((a) => ({ id: a.id, theme: themeKey(a.theme) }));
}

export function createMeeting(conv: Convention, args: Args<'speed.create'>, ctx: DecideContext): Decision<{ meetingId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const existing = meetingOfSession(conv, session.id);
  if (existing) return accept([], { meetingId: existing.id });
  const meeting: Omit<SpeedMeeting, 'frozen'> = { id: ctx.newId(), sessionId: session.id, actors: [], ...SPEED_DEFAULTS, plan: null, previousPlan: null, status: 'setup', round: 0, absent: {} };
  return accept([{ type: 'SpeedMeetingCreated', meeting }], { meetingId: meeting.id });
}

export function setSettings(conv: Convention, args: Args<'speed.settings'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  const { meetingId: _id, ...settings } = args;
  const shapeChanges = settings.rounds !== meeting.rounds || settings.minTable !== meeting.minTable || settings.maxTable !== meeting.maxTable;
  // Once rounds are played, only their length may change (the plan's shape is fixed).
  if (meeting.status !== 'setup' && shapeChanges) return refuse(wrongPhase(meeting, 'rounds and table sizes are fixed once the meeting started'));
  if (!shapeChanges && settings.roundMinutes === meeting.roundMinutes) return accept([]);
  return accept([{ type: 'SpeedSettingsSet', meetingId: meeting.id, ...settings }]);
}

export function addActors(conv: Convention, args: Args<'speed.actorsAdd'>, ctx: DecideContext): Decision<{ actorIds: string[]; }> {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  if (meeting.actors.length + args.actors.length > SPEED_LIMITS.actorsMax) return refuse(appError('LIMIT_REACHED', 'too many actors', { limit: SPEED_LIMITS.actorsMax }));
  const actors: SpeedActor[] = args.actors.map((fields) => ({ id: ctx.newId(), ...fields, away: false }));
  return accept([{ type: 'SpeedActorsAdded', meetingId: meeting.id, actors }], { actorIds: actors.map((a) => a.id) });
}

export function updateActor(conv: Convention, args: Args<'speed.actorUpdate'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  const actor = findActor(meeting, args.actorId);
  if (isError(actor)) return refuse(actor);
  const next: SpeedActor = { ...actor, name: args.name, organisation: args.organisation, theme: args.theme, table: args.table };
  if (JSON.stringify(next) === JSON.stringify(actor)) return accept([]);
  return accept([{ type: 'SpeedActorUpdated', meetingId: meeting.id, actor: next }]);
}

export function removeActor(conv: Convention, args: Args<'speed.actorRemove'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  const actor = findActor(meeting, args.actorId);
  if (isError(actor)) return refuse(actor);
  // Played rounds name their actors: during the meeting, an actor who leaves is marked away.
  if (meeting.status !== 'setup') return refuse(wrongPhase(meeting, 'mark the actor away instead: played rounds keep their actors'));
  return accept([{ type: 'SpeedActorRemoved', meetingId: meeting.id, actorId: actor.id }]);
}

export function setActorAway(conv: Convention, args: Args<'speed.actorAway'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  const actor = findActor(meeting, args.actorId);
  if (isError(actor)) return refuse(actor);
  if (actor.away === args.away) return accept([]);
  return accept([{ type: 'SpeedActorUpdated', meetingId: meeting.id, actor: { ...actor, away: args.away } }]);
}

export function setMembersAbsent(conv: Convention, args: Args<'speed.memberAbsent'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  const unknown = args.memberIds.find((id) => !own(conv.members, id));
  if (unknown) return refuse(appError('NOT_FOUND', `no member ${unknown}`, { entity: 'member' }));
  const changed = [...new Set(args.memberIds)].filter((id) => Boolean(meeting.absent[id]) !== args.absent);
  if (changed.length === 0) return accept([]);
  return accept([{ type: 'SpeedMembersAbsentSet', meetingId: meeting.id, memberIds: changed, absent: args.absent }]);
}

/** What a plan needs before it is drawn: actors there, and members to place. */
function planInputs(conv: Convention, meeting: SpeedMeeting, basis: 'present' | 'all'): { members: string[]; actors: PlanActor[] } | AppError {
  const actors = planActors(meeting);
  if (actors.length === 0) return appError('NO_ACTORS', 'add the actors (or bring one back) first');
  const members = planMembers(conv, meeting, basis);
  if (members.length === 0) return appError('NO_PRESENT_MEMBERS', basis === 'present' ? 'nobody is marked present' : 'no active member');
  return { members, actors };
}

/** Themes of every actor ever listed in the plan's rounds, gone ones included. */
function themesOf(meeting: SpeedMeeting): Record<string, string> {
  return Object.fromEntries(meeting.actors.map((a) => [a.id, themeKey(a.theme)]));
}

/** A 32-bit seed drawn from the context: the plan is a pure function of its inputs and this. */
const drawSeed = (ctx: DecideContext) => Math.floor(ctx.random() * 0x1_0000_0000) >>> 0;

export function generatePlan(conv: Convention, args: Args<'speed.generate'>, ctx: DecideContext): Decision<{ seed: number; }> {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  if (meeting.status !== 'setup') return refuse(wrongPhase(meeting, 'the meeting started: re-plan the rounds still to come'));
  const inputs = planInputs(conv, meeting, args.basis);
  if (isError(inputs)) return refuse(inputs);
  const seed = drawSeed(ctx);
  const rounds = planSpeedMeeting({ memberIds: inputs.members, actors: inputs.actors, rounds: meeting.rounds, minTable: meeting.minTable, maxTable: meeting.maxTable, seed });
  const plan: SpeedPlan = { seed, createdAt: ctx.now(), keptRounds: 0, minTable: meeting.minTable, maxTable: meeting.maxTable, rounds };
  return accept([{ type: 'SpeedPlanSet', meetingId: meeting.id, plan }], { seed });
}

export function restorePlan(conv: Convention, args: Args<'speed.restorePlan'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  if (meeting.status !== 'setup') return refuse(wrongPhase(meeting, 'the meeting started'));
  if (!meeting.previousPlan) return refuse(appError('NOT_FOUND', 'no earlier plan', { entity: 'plan' }));
  return accept([{ type: 'SpeedPlanRestored', meetingId: meeting.id }]);
}

export function replan(conv: Convention, args: Args<'speed.replan'>, ctx: DecideContext): Decision<{ seed: number; }> {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  if (!meeting.plan) return refuse(appError('NO_PLAN', 'generate a plan first'));
  if (meeting.status === 'ended') return refuse(wrongPhase(meeting, 'the meeting is over'));
  // The payload was valid; this meeting has fewer rounds: a fact of the state, not a bad payload.
  if (args.fromRound > meeting.rounds) return refuse(appError('NOT_FOUND', `no round ${args.fromRound}`, { entity: 'round', limit: meeting.rounds }));
  // The current round may be re-planned (absentees seen as it starts); played ones may not.
  if (meeting.status === 'running' && args.fromRound < meeting.round) return refuse(appError('WRONG_PHASE', 'these rounds are played', { phase: meeting.status, round: meeting.round }));
  const inputs = planInputs(conv, meeting, args.basis);
  if (isError(inputs)) return refuse(inputs);
  const seed = drawSeed(ctx);
  const kept: PlanRound[] = meeting.plan.rounds.slice(0, args.fromRound - 1);
  const rounds = planSpeedMeeting({
    memberIds: inputs.members,
    actors: inputs.actors,
    otherThemes: themesOf(meeting),
    rounds: meeting.rounds,
    minTable: meeting.minTable,
    maxTable: meeting.maxTable,
    seed,
    kept,
    previous: meeting.plan.rounds,
  });
  const plan: SpeedPlan = { seed, createdAt: ctx.now(), keptRounds: kept.length, minTable: meeting.minTable, maxTable: meeting.maxTable, rounds };
  return accept([{ type: 'SpeedPlanSet', meetingId: meeting.id, plan }], { seed });
}

/** The round's countdown on the session's timer: projector and phones show it. */
function roundTimer(meeting: SpeedMeeting, round: number, now: number): Timer {
  const durationMs = meeting.roundMinutes * 60_000;
  return { label: `Speed meeting · ${round}/${meeting.rounds}`, durationMs, status: 'running', endsAt: now + durationMs, remainingMs: durationMs, source: { kind: 'speed-round', id: meeting.id } };
}

export function startRound(conv: Convention, args: Args<'speed.round'>, ctx: DecideContext): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  const session = conv.sessions[meeting.sessionId];
  if (!session || session.status !== 'live') return refuse(appError('SESSION_NOT_LIVE', 'open the session first'));
  if (!meeting.plan) return refuse(appError('NO_PLAN', 'generate a plan first'));
  if (args.round > meeting.plan.rounds.length) return refuse(appError('NOT_FOUND', `no round ${args.round}`, { entity: 'round', limit: meeting.plan.rounds.length }));
  // A retry (or a second click) does not start the countdown over; but a round whose countdown
  // is gone (the session was closed and reopened, the timer removed) gets it back.
  const ownTimer = conv.timers[session.id]?.source;
  const counting = ownTimer?.kind === 'speed-round' && ownTimer.id === meeting.id;
  if (meeting.status === 'running' && meeting.round === args.round && counting) return accept([]);
  const events: DomainEvent[] = [
    { type: 'SpeedRoundStarted', meetingId: meeting.id, round: args.round },
    { type: 'TimerSet', sessionId: session.id, timer: roundTimer(meeting, args.round, ctx.now()) },
  ];
  if (session.screenPanel !== 'speed') events.push({ type: 'ScreenPanelSet', sessionId: session.id, panel: 'speed' });
  return accept(events);
}

export function endMeeting(conv: Convention, args: Args<'speed.end'>): Decision {
  const meeting = findMeeting(conv, args.meetingId);
  if (isError(meeting)) return refuse(meeting);
  if (meeting.status === 'ended') return accept([]);
  if (meeting.status === 'setup') return refuse(wrongPhase(meeting, 'the meeting has not started'));
  const events: DomainEvent[] = [{ type: 'SpeedEnded', meetingId: meeting.id }];
  const timer = conv.timers[meeting.sessionId];
  // Only this meeting's countdown is taken down: another one (a speech) is not ours.
  if (timer?.source.kind === 'speed-round' && timer.source.id === meeting.id) events.push({ type: 'TimerSet', sessionId: meeting.sessionId, timer: null });
  return accept(events);
}

export const speedDeciders: Deciders<typeof speedSchemas, typeof speedRoles, SpeedResults> = {
  'speed.create': (c, a, e) => createMeeting(c, a, e.ctx),
  'speed.settings': (c, a) => setSettings(c, a),
  'speed.actorsAdd': (c, a, e) => addActors(c, a, e.ctx),
  'speed.actorUpdate': (c, a) => updateActor(c, a),
  'speed.actorRemove': (c, a) => removeActor(c, a),
  'speed.actorAway': (c, a) => setActorAway(c, a),
  'speed.memberAbsent': (c, a) => setMembersAbsent(c, a),
  'speed.generate': (c, a, e) => generatePlan(c, a, e.ctx),
  'speed.restorePlan': (c, a) => restorePlan(c, a),
  'speed.replan': (c, a, e) => replan(c, a, e.ctx),
  'speed.round': (c, a, e) => startRound(c, a, e.ctx),
  'speed.end': (c, a) => endMeeting(c, a),
};
