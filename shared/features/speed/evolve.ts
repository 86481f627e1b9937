import type { Convention } from '../../domain/types.ts';
import { speedRecord } from './record.ts';
import type { SpeedActor, SpeedMeeting, SpeedPlan } from './types.ts';

// Events of the speed meeting (shared/features/speed/decide.ts) and how they change the state
// (see shared/features/core/evolve.ts for the rules: pure, total, replay rebuilds the same
// state). The round's countdown is the session's TimerSet, handled in
// shared/features/core/evolve.ts.

export type SpeedEvent =
  /** As created; the `frozen` names come with its end (evolve sets them). */
  | { type: 'SpeedMeetingCreated'; meeting: Omit<SpeedMeeting, 'frozen'> }
  | { type: 'SpeedSettingsSet'; meetingId: string; rounds: number; roundMinutes: number; minTable: number; maxTable: number }
  | { type: 'SpeedActorsAdded'; meetingId: string; actors: SpeedActor[] }
  | { type: 'SpeedActorUpdated'; meetingId: string; actor: SpeedActor }
  | { type: 'SpeedActorRemoved'; meetingId: string; actorId: string }
  | { type: 'SpeedMembersAbsentSet'; meetingId: string; memberIds: string[]; absent: boolean }
  /** A new plan (generated or re-planned); the one it replaces becomes the previous plan. */
  | { type: 'SpeedPlanSet'; meetingId: string; plan: SpeedPlan }
  /** The previous plan comes back; the current one becomes the previous (so it can come back too). */
  | { type: 'SpeedPlanRestored'; meetingId: string }
  | { type: 'SpeedRoundStarted'; meetingId: string; round: number }
  | { type: 'SpeedEnded'; meetingId: string };

const TYPES = new Set<string>([
  'SpeedMeetingCreated', 'SpeedSettingsSet', 'SpeedActorsAdded', 'SpeedActorUpdated', 'SpeedActorRemoved',
  'SpeedMembersAbsentSet', 'SpeedPlanSet', 'SpeedPlanRestored', 'SpeedRoundStarted', 'SpeedEnded',
] satisfies SpeedEvent['type'][]);

export function isSpeedEvent(event: { type: string }): event is SpeedEvent {
  return TYPES.has(event.type);
}

export function evolveSpeed(s: Convention, event: SpeedEvent): Convention {
  switch (event.type) {
    case 'SpeedMeetingCreated':
      return { ...s, speedMeetings: { ...s.speedMeetings, [event.meeting.id]: { ...event.meeting, frozen: null } } };
    case 'SpeedSettingsSet': {
      const { type: _type, meetingId, ...settings } = event;
      return meeting(s, meetingId, () => settings);
    }
    case 'SpeedActorsAdded':
      return meeting(s, event.meetingId, (m) => ({ actors: [...m.actors, ...event.actors] }));
    case 'SpeedActorUpdated':
      return meeting(s, event.meetingId, (m) => ({ actors: m.actors.map((a) => (a.id === event.actor.id ? event.actor : a)) }));
    case 'SpeedActorRemoved':
      return meeting(s, event.meetingId, (m) => ({ actors: m.actors.filter((a) => a.id !== event.actorId) }));
    case 'SpeedMembersAbsentSet':
      return meeting(s, event.meetingId, (m) => {
        const absent = { ...m.absent };
        for (const id of event.memberIds) {
          if (event.absent) absent[id] = true;
          else delete absent[id];
        }
        return { absent };
      });
    case 'SpeedPlanSet':
      return meeting(s, event.meetingId, (m) => ({ plan: event.plan, previousPlan: m.plan }));
    case 'SpeedPlanRestored':
      return meeting(s, event.meetingId, (m) => (m.previousPlan ? { plan: m.previousPlan, previousPlan: m.plan } : {}));
    case 'SpeedRoundStarted':
      return meeting(s, event.meetingId, () => ({ status: 'running', round: event.round }));
    case 'SpeedEnded':
      // Who met whom is kept with the names of now (replay keeps them at the same point).
      return meeting(s, event.meetingId, (m) => ({ status: 'ended', frozen: speedRecord(s, m) }));
  }
}

function meeting(s: Convention, id: string, change: (m: SpeedMeeting) => Partial<SpeedMeeting>): Convention {
  const m = s.speedMeetings[id];
  return m ? { ...s, speedMeetings: { ...s.speedMeetings, [id]: { ...m, ...change(m) } } } : s;
}
