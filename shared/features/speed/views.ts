import { liveSession } from '../../domain/lookup.ts';
import { meetingOfSession, planMembers } from './decide.ts';
import { planQuality, themeKey, type PlanQuality, type PlanRound } from './plan.ts';
import { speedRecord } from './record.ts';
import type { SpeedActor, SpeedMeeting, SpeedPlan, SpeedStatus } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import type { Timer } from '../core/types.ts';

// The speed meeting as each screen sees it. A phone gets its own schedule only (member channel)
// and the round and countdown shared by the room (public channel); the projector gets the current
// round's "who goes where" with short names; the console gets everything, with the plan's quality.
// Views hold no clock: the countdown travels as the Timer (an end time), screens count down.
// The plan is read with the names of the meeting's record (record.ts): kept once it ended.

export interface SpeedRoundState {
  meetingId: string;
  status: SpeedStatus;
  /** The round started last (1-based), 0 before the first. */
  round: number;
  rounds: number;
  roundMinutes: number;
  /** This meeting's round countdown, when the session's timer is it. */
  timer: Timer | null;
}

/** One stop of a member's rotation. */
export interface SpeedStop {
  table: string;
  organisation: string;
  name: string;
  theme: string;
}

export interface MemberSpeed {
  meetingId: string;
  /** False: the member is not in the plan (arrived after it was made). */
  planned: boolean;
  /** One entry per round (index 0 is round 1); null: no table that round. */
  schedule: (SpeedStop | null)[];
}

export interface ScreenSpeed extends SpeedRoundState {
  actorCount: number;
  /** Who goes where in the current round, by short name (alphabetical); table '' = no table. */
  lookup: { name: string; table: string; organisation: string }[];
}

export interface ConsoleSpeedActor extends SpeedActor {
  /** The table's name in the room: its own, or its position in the list. */
  label: string;
}

export interface ConsoleSpeed extends SpeedRoundState {
  sessionId: string;
  /**
   * The names the plan is read with (grid, sheets): its members in roster order and its actors
   * with their labels; as they were when it ended, once ended (`actors` below stays editable).
   */
  record: { members: { id: string; name: string }[]; actors: ConsoleSpeedActor[] };
  /** What the next plan is made with (`rounds` above is the current plan's). */
  settings: { rounds: number; roundMinutes: number; minTable: number; maxTable: number };
  actors: ConsoleSpeedActor[];
  absent: string[];
  plan: SpeedPlan | null;
  quality: PlanQuality | null;
  /** A generation can be taken back (before the meeting starts). */
  hasPreviousPlan: boolean;
  /** Members a plan would be made for now. */
  eligible: { present: number; all: number };
  /**
   * What changed since the plan, for the rounds still to come: members who arrived or left,
   * actors gone, settings changed. Anything here means "re-plan".
   */
  changes: { from: number; arrivals: string[]; departures: string[]; actorsGone: string[]; settings: boolean } | null;
}

/** What the room calls an actor's table: its label, else its place in the list. */
export const tableLabel = (actor: SpeedActor, index: number) => actor.table || String(index + 1);

function roundTimer(conv: Convention, meeting: SpeedMeeting): Timer | null {
  const timer = conv.timers[meeting.sessionId];
  return timer && timer.source.kind === 'speed-round' && timer.source.id === meeting.id ? timer : null;
}

function roundState(conv: Convention, meeting: SpeedMeeting): SpeedRoundState {
  return { meetingId: meeting.id, status: meeting.status, round: meeting.round, rounds: meeting.plan?.rounds.length ?? meeting.rounds, roundMinutes: meeting.roundMinutes, timer: roundTimer(conv, meeting) };
}

/** The live session's meeting once it has started (before, phones and projector have nothing to show). */
function liveMeeting(conv: Convention): SpeedMeeting | null {
  const session = liveSession(conv);
  const meeting = session ? meetingOfSession(conv, session.id) : null;
  return meeting && meeting.status !== 'setup' && meeting.plan ? meeting : null;
}

// Seats by member, computed once per plan (100 phones each read theirs on every change).
const seatIndex = new WeakMap<SpeedPlan, Map<string, (string | null)[]>>();

/** Each planned member's actor per round (null: a round off). */
export function seatsOf(plan: SpeedPlan): Map<string, (string | null)[]> {
  let index = seatIndex.get(plan);
  if (!index) {
    const built = new Map<string, (string | null)[]>();
    index = built;
    const row = (id: string) => {
      if (!built.has(id)) built.set(id, plan.rounds.map(() => null));
      return built.get(id)!;
    };
    plan.rounds.forEach((round, r) => {
      for (const table of round.tables) for (const id of table.memberIds) row(id)[r] = table.actorId;
      for (const id of round.unassigned) row(id);
    });
    seatIndex.set(plan, index);
  }
  return index;
}

function stop(actors: SpeedActor[], actorId: string): SpeedStop {
  const index = actors.findIndex((a) => a.id === actorId);
  const actor = actors[index];
  return actor ? { table: tableLabel(actor, index), organisation: actor.organisation, name: actor.name, theme: actor.theme } : { table: '?', organisation: '?', name: '', theme: '' };
}

export function publicSpeed(conv: Convention): SpeedRoundState | null {
  const meeting = liveMeeting(conv);
  return meeting ? roundState(conv, meeting) : null;
}

export function memberSpeed(conv: Convention, memberId: string): MemberSpeed | null {
  const meeting = liveMeeting(conv);
  if (!meeting?.plan) return null;
  const seats = seatsOf(meeting.plan).get(memberId);
  const actors = speedRecord(conv, meeting).actors;
  return {
    meetingId: meeting.id,
    planned: seats !== undefined,
    schedule: (seats ?? meeting.plan.rounds.map(() => null)).map((actorId) => (actorId ? stop(actors, actorId) : null)),
  };
}

/** "Zoé L." from "Zoé Lefèvre": readable from the back of the room, and short. */
export function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name.trim();
  return `${parts[0]} ${parts.at(-1)!.charAt(0).toUpperCase()}.`;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

function lookup(conv: Convention, meeting: SpeedMeeting, round: PlanRound | undefined): ScreenSpeed['lookup'] {
  if (!round) return [];
  const rows: { id: string; table: string; organisation: string }[] = [];
  for (const table of round.tables) {
    const where = stop(meeting.actors, table.actorId);
    for (const id of table.memberIds) rows.push({ id, table: where.table, organisation: where.organisation });
  }
  for (const id of round.unassigned) rows.push({ id, table: '', organisation: '' });
  const names = rows.map((r) => shortName(conv.members[r.id]?.name ?? '?'));
  // Two "Marie D." in the room: both get their full name.
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return rows
    .map((r, i) => ({ name: seen.get(names[i]!)! > 1 ? (conv.members[r.id]?.name ?? '?') : names[i]!, table: r.table, organisation: r.organisation }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export function screenSpeed(conv: Convention): ScreenSpeed | null {
  const session = liveSession(conv);
  const meeting = session ? meetingOfSession(conv, session.id) : null;
  if (!meeting) return null;
  const started = meeting.status !== 'setup' && meeting.plan !== null;
  return {
    ...roundState(conv, meeting),
    actorCount: speedRecord(conv, meeting).actors.filter((a) => !a.away).length,
    lookup: started && meeting.status === 'running' ? lookup(conv, meeting, meeting.plan!.rounds[meeting.round - 1]) : [],
  };
}

// The quality report is the heaviest part of the console's view: once per plan and actor list.
const qualityMemo = new WeakMap<SpeedPlan, { actors: SpeedActor[]; quality: PlanQuality }>();

function qualityOf(actors: SpeedActor[], plan: SpeedPlan): PlanQuality {
  const cached = qualityMemo.get(plan);
  if (cached && cached.actors === actors) return cached.quality;
  const themes = new Map(actors.map((a) => [a.id, themeKey(a.theme)]));
  const quality = planQuality(plan.rounds, (id) => themes.get(id) ?? '', { minTable: plan.minTable, maxTable: plan.maxTable }, actors.filter((a) => !a.away).map((a) => a.id));
  qualityMemo.set(plan, { actors, quality });
  return quality;
}

/** Differences between the plan's rounds still to come and the room now. */
function changes(conv: Convention, meeting: SpeedMeeting): ConsoleSpeed['changes'] {
  const plan = meeting.plan;
  if (!plan || meeting.status === 'ended') return null;
  // The next round to start (the last one while it runs): what a re-plan is for.
  const from = meeting.status === 'running' ? Math.min(meeting.round + 1, plan.rounds.length) : 1;
  const round = plan.rounds[from - 1];
  const planned = new Set<string>();
  if (round) {
    for (const table of round.tables) for (const id of table.memberIds) planned.add(id);
    for (const id of round.unassigned) planned.add(id);
  }
  const eligible = planMembers(conv, meeting, 'present');
  const eligibleSet = new Set(eligible);
  const gone = new Set(meeting.actors.filter((a) => a.away).map((a) => a.id));
  const known = new Set(meeting.actors.map((a) => a.id));
  const actorsGone = new Set<string>();
  for (const r of plan.rounds.slice(from - 1)) for (const t of r.tables) if (gone.has(t.actorId) || !known.has(t.actorId)) actorsGone.add(t.actorId);
  return {
    from,
    arrivals: eligible.filter((id) => !planned.has(id)),
    departures: conv.memberOrder.filter((id) => planned.has(id) && !eligibleSet.has(id)),
    actorsGone: [...actorsGone],
    settings: plan.rounds.length !== meeting.rounds || plan.minTable !== meeting.minTable || plan.maxTable !== meeting.maxTable,
  };
}

export function consoleSpeed(conv: Convention, sessionId: string): ConsoleSpeed | null {
  const meeting = meetingOfSession(conv, sessionId);
  if (!meeting) return null;
  const record = speedRecord(conv, meeting);
  return {
    ...roundState(conv, meeting),
    sessionId,
    record: { members: record.members, actors: record.actors.map((a, i) => ({ ...a, label: tableLabel(a, i) })) },
    settings: { rounds: meeting.rounds, roundMinutes: meeting.roundMinutes, minTable: meeting.minTable, maxTable: meeting.maxTable },
    actors: meeting.actors.map((a, i) => ({ ...a, label: tableLabel(a, i) })),
    absent: conv.memberOrder.filter((id) => meeting.absent[id]),
    plan: meeting.plan,
    quality: meeting.plan ? qualityOf(record.actors, meeting.plan) : null,
    hasPreviousPlan: meeting.previousPlan !== null,
    eligible: { present: planMembers(conv, meeting, 'present').length, all: planMembers(conv, meeting, 'all').length },
    changes: changes(conv, meeting),
  };
}
