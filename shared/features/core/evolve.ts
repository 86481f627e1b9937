import { insertAt } from '../../domain/arrays.ts';
import type { Convention } from '../../domain/types.ts';
import { erasedMember } from './erased.ts';
import { LIMITS } from '../../limits.ts';
import type { StratumRef } from '../strata/ref.ts';
import type { Session, AccessKeys, AgendaItem, GuestRequest, Group, Lever, Member, Retention, ScreenPanel, Table, Timer } from './types.ts';

// How the core's events change the state. Every evolve is pure and total: it trusts events
// (decide() has already checked them) and never reads a clock or a random source, so replaying
// the log rebuilds exactly the same state. It returns new objects along the changed path and
// shares the rest.

/** Events of the core: the convention, roster, seats, sessions, agenda, tables, presence, the projector's panel, the countdown. */
export type CoreEvent =
  | { type: 'ConventionCreated'; id: string; name: string; createdAt: number; keys: AccessKeys; levers: Lever[] }
  | { type: 'ConventionRenamed'; name: string }
  | { type: 'ConventionUpdated'; name: string; startDate: string | null; endDate: string | null; place: string }
  | { type: 'SmallGroupMinSet'; smallGroupMin: number }
  /** convention.archive (a time) and convention.unarchive (null): shared/features/core/archive.ts. */
  | { type: 'ConventionArchiveSet'; archivedAt: number | null }
  /** How long members' personal data is kept (null: not set). */
  | { type: 'RetentionSet'; retention: Retention | null }
  | { type: 'LeversSet'; levers: Lever[] }
  | { type: 'MembersAdded'; members: Member[] }
  | { type: 'MemberUpdated'; memberId: string; name: string; attributes: Record<string, string> }
  /** `reason` is in every event since members keep why they left (absent in older logs). */
  | { type: 'MemberActiveSet'; memberId: string; active: boolean; reason?: string }
  | { type: 'SeatCodeChanged'; memberId: string; seatCode: string }
  | { type: 'SeatClaimed'; memberId: string; tokenHash: string }
  | { type: 'SeatReleased'; memberId: string }
  /**
   * Members' personal data erased (erasure.ts): each keeps an id and a number. `redacted`: the
   * log was rewritten without their data since (absent: the rewrite is still to do).
   */
  | { type: 'MembersErased'; members: { memberId: string; number: number }[]; redacted?: true }
  | { type: 'SessionCreated'; session: Session }
  /** `guestsVote` since guests are admitted one by one (absent: unchanged). */
  | { type: 'SessionUpdated'; sessionId: string; title: string; startDate: string; endDate: string; allowGuests: boolean; guestsVote?: boolean; quorum: number }
  /** A phone asks to join as a guest (guests.ts); admitted, it becomes a member (MembersAdded, SeatClaimed, then this). */
  | { type: 'GuestRequested'; request: GuestRequest }
  | { type: 'GuestAdmitted'; requestId: string; memberId: string }
  | { type: 'GuestRefused'; requestId: string }
  | { type: 'SessionMoved'; sessionId: string; index: number }
  | { type: 'SessionRemoved'; sessionId: string }
  | { type: 'SessionOpened'; sessionId: string }
  | { type: 'SessionClosed'; sessionId: string }
  | { type: 'AgendaItemAdded'; sessionId: string; item: AgendaItem; index: number }
  | { type: 'AgendaItemUpdated'; sessionId: string; item: AgendaItem }
  | { type: 'AgendaItemRemoved'; sessionId: string; itemId: string }
  | { type: 'AgendaItemMoved'; sessionId: string; itemId: string; index: number }
  | { type: 'AgendaCurrentSet'; sessionId: string; itemId: string | null }
  | { type: 'TablesSet'; sessionId: string; tables: Table[] }
  | { type: 'MemberSeated'; sessionId: string; memberId: string; tableId: string | null }
  | { type: 'GroupsSet'; sessionId: string; groups: Group[] }
  | { type: 'MemberGrouped'; sessionId: string; memberId: string; groupId: string | null }
  | { type: 'PresenceMarked'; sessionId: string; memberIds: string[]; present: boolean }
  | { type: 'ScreenPanelSet'; sessionId: string; panel: ScreenPanel }
  /** screen.showStrata: the projector shows `ref` read by `attribute`'s strata. */
  | { type: 'StrataScreenSet'; sessionId: string; ref: StratumRef; attribute: string }
  | { type: 'ActiveActivitySet'; sessionId: string; activityId: string | null }
  /** The whole new countdown (null: none). Timers, speeches and speed-meeting rounds all set it. */
  | { type: 'TimerSet'; sessionId: string; timer: Timer | null };

/** How many replaced phones per seat are still told why (a seat rarely changes phone more often). */
const REPLACED_TOKENS_KEPT = 5;

const TYPES = new Set<string>([
  'ConventionCreated',
  'ConventionRenamed',
  'ConventionUpdated',
  'SmallGroupMinSet',
  'ConventionArchiveSet',
  'RetentionSet',
  'LeversSet',
  'MembersAdded',
  'MemberUpdated',
  'MemberActiveSet',
  'SeatCodeChanged',
  'SeatClaimed',
  'SeatReleased',
  'MembersErased',
  'SessionCreated',
  'SessionUpdated',
  'GuestRequested',
  'GuestAdmitted',
  'GuestRefused',
  'SessionMoved',
  'SessionRemoved',
  'SessionOpened',
  'SessionClosed',
  'AgendaItemAdded',
  'AgendaItemUpdated',
  'AgendaItemRemoved',
  'AgendaItemMoved',
  'AgendaCurrentSet',
  'TablesSet',
  'MemberSeated',
  'GroupsSet',
  'MemberGrouped',
  'PresenceMarked',
  'ScreenPanelSet',
  'StrataScreenSet',
  'ActiveActivitySet',
  'TimerSet',
] satisfies CoreEvent['type'][]);

export function isCoreEvent(event: { type: string }): event is CoreEvent {
  return TYPES.has(event.type);
}

export function evolveCore(state: Convention | undefined, event: CoreEvent): Convention {
  if (event.type === 'ConventionCreated') {
    return {
      id: event.id,
      name: event.name,
      createdAt: event.createdAt,
      keys: event.keys,
      levers: event.levers,
      members: {},
      memberOrder: [],
      sessions: {},
      sessionOrder: [],
      liveSessionId: null,
      activities: {},
      proposals: {},
      proposalOrder: [],
      votes: {},
      checks: {},
      gradings: {},
      polls: {},
      pollShown: {},
      timers: {},
      speedMeetings: {},
      timing: {},
      visions: {},
      questionRounds: {},
    };
  }
  if (!state) throw new Error(`evolve: ${event.type} before ConventionCreated`);
  const s = state;
  switch (event.type) {
    case 'ConventionRenamed':
      return { ...s, name: event.name };
    case 'ConventionUpdated':
      return { ...s, name: event.name, startDate: event.startDate, endDate: event.endDate, place: event.place };
    case 'SmallGroupMinSet':
      return { ...s, smallGroupMin: event.smallGroupMin };
    case 'ConventionArchiveSet': {
      const { archivedAt: _archived, ...running } = s;
      if (event.archivedAt !== null) return { ...running, archivedAt: event.archivedAt };
      // Unarchived: the tokens phones held before the archive expired with it, for good (a copy
      // kept somewhere must not come back to life); each member takes the seat again with the
      // seat code. Replaced tokens go too: they would only say "taken over".
      const members: Record<string, Member> = {};
      for (const [id, m] of Object.entries(s.members)) members[id] = m.tokenHash === null && m.replacedTokenHashes.length === 0 ? m : { ...m, tokenHash: null, replacedTokenHashes: [] };
      return { ...running, members };
    }
    case 'RetentionSet':
      return { ...s, retention: event.retention };
    case 'LeversSet':
      return { ...s, levers: event.levers };
    case 'MembersAdded': {
      const members = { ...s.members };
      for (const m of event.members) members[m.id] = m;
      return { ...s, members, memberOrder: [...s.memberOrder, ...event.members.map((m) => m.id)] };
    }
    case 'MemberUpdated':
      return updateMember(s, event.memberId, { name: event.name, attributes: event.attributes });
    case 'MemberActiveSet':
      return setActive(s, event);
    case 'SeatCodeChanged':
      return updateMember(s, event.memberId, { seatCode: event.seatCode, tokenHash: null });
    case 'SeatClaimed': {
      const member = s.members[event.memberId];
      const replaced = member?.tokenHash ? [...member.replacedTokenHashes, member.tokenHash].slice(-REPLACED_TOKENS_KEPT) : member?.replacedTokenHashes;
      return updateMember(s, event.memberId, { tokenHash: event.tokenHash, replacedTokenHashes: replaced ?? [] });
    }
    case 'SeatReleased':
      return updateMember(s, event.memberId, { tokenHash: null });
    case 'MembersErased': {
      const members = { ...s.members };
      for (const { memberId, number } of event.members) if (members[memberId]) members[memberId] = erasedMember(members[memberId], number);
      const { erasurePending: _pending, ...rest } = s;
      return event.redacted ? { ...rest, members } : { ...rest, members, erasurePending: true };
    }
    case 'SessionCreated':
      return {
        ...s,
        sessions: { ...s.sessions, [event.session.id]: event.session },
        sessionOrder: [...s.sessionOrder, event.session.id],
      };
    case 'SessionUpdated': {
      const { sessionId, type: _type, ...fields } = event;
      return updateSession(s, sessionId, () => fields);
    }
    case 'SessionMoved': {
      if (!s.sessions[event.sessionId]) return s;
      return { ...s, sessionOrder: insertAt(s.sessionOrder.filter((id) => id !== event.sessionId), event.index, event.sessionId) };
    }
    case 'SessionRemoved':
      return dropGuestRequests(removeSession(s, event.sessionId), event.sessionId);
    case 'GuestRequested':
      return { ...s, guestRequests: { ...s.guestRequests, [event.request.id]: event.request } };
    case 'GuestAdmitted': {
      const { [event.requestId]: _admitted, ...guestRequests } = s.guestRequests ?? {};
      return { ...s, guestRequests };
    }
    case 'GuestRefused':
      return refuseGuestRequest(s, event.requestId);
    case 'SessionOpened':
      return { ...updateSession(s, event.sessionId, () => ({ status: 'live' })), liveSessionId: event.sessionId };
    case 'SessionClosed': {
      const next = dropGuestRequests(updateSession(s, event.sessionId, () => ({ status: 'closed' })), event.sessionId);
      return s.liveSessionId === event.sessionId ? { ...next, liveSessionId: null } : next;
    }
    case 'AgendaItemAdded':
      return updateSession(s, event.sessionId, (session) => ({ agenda: insertAt(session.agenda, event.index, event.item) }));
    case 'AgendaItemUpdated':
      return updateSession(s, event.sessionId, (session) => ({
        agenda: session.agenda.map((item) => (item.id === event.item.id ? event.item : item)),
      }));
    case 'AgendaItemRemoved':
      return updateSession(s, event.sessionId, (session) => ({
        agenda: session.agenda.filter((item) => item.id !== event.itemId),
        currentItemId: session.currentItemId === event.itemId ? null : session.currentItemId,
      }));
    case 'AgendaItemMoved':
      return updateSession(s, event.sessionId, (session) => {
        const item = session.agenda.find((i) => i.id === event.itemId);
        if (!item) return {};
        return { agenda: insertAt(session.agenda.filter((i) => i !== item), event.index, item) };
      });
    case 'AgendaCurrentSet':
      return updateSession(s, event.sessionId, () => ({ currentItemId: event.itemId }));
    case 'TablesSet':
      return updateSession(s, event.sessionId, () => ({ tables: event.tables }));
    case 'MemberSeated':
      return updateSession(s, event.sessionId, (session) => ({ tables: placeMember(session.tables, event.memberId, event.tableId) }));
    case 'GroupsSet':
      return updateSession(s, event.sessionId, () => ({ groups: event.groups }));
    case 'MemberGrouped':
      return updateSession(s, event.sessionId, (session) => ({ groups: placeMember(session.groups ?? [], event.memberId, event.groupId) }));
    case 'PresenceMarked':
      return updateSession(s, event.sessionId, (session) => {
        const present = { ...session.present };
        for (const id of event.memberIds) {
          if (event.present) present[id] = true;
          else delete present[id];
        }
        return { present };
      });
    case 'ScreenPanelSet':
      return updateSession(s, event.sessionId, () => ({ screenPanel: event.panel }));
    case 'StrataScreenSet':
      return updateSession(s, event.sessionId, () => ({ screenPanel: 'strata', strataShown: { ref: event.ref, attribute: event.attribute } }));
    case 'ActiveActivitySet':
      return updateSession(s, event.sessionId, () => ({ activeActivityId: event.activityId }));
    case 'TimerSet': {
      const timers = { ...s.timers };
      if (event.timer) timers[event.sessionId] = event.timer;
      else delete timers[event.sessionId];
      return { ...s, timers };
    }
  }
}

/** A member moves to one table (or group), or to none: out of every other. */
function placeMember<T extends Table>(units: T[], memberId: string, unitId: string | null): T[] {
  return units.map((unit) => {
    const without = unit.memberIds.filter((id) => id !== memberId);
    if (unit.id === unitId) return { ...unit, memberIds: [...without, memberId] };
    return without.length === unit.memberIds.length ? unit : { ...unit, memberIds: without };
  });
}

/**
 * Deactivation signs the phone out (its token no longer opens the seat). Since events carry a
 * reason, the member keeps it and the token it held, so that phone is told why; reactivation
 * forgets both (the phone joins again with the seat code).
 */
function setActive(s: Convention, event: Extract<CoreEvent, { type: 'MemberActiveSet' }>): Convention {
  const member = s.members[event.memberId];
  if (!member) return s;
  const { left, ...rest } = member;
  if (event.active) return { ...s, members: { ...s.members, [member.id]: { ...rest, active: true } } };
  if (event.reason === undefined) return updateMember(s, member.id, { active: false, tokenHash: null });
  const tokenHash = member.tokenHash ?? left?.tokenHash ?? null;
  return updateMember(s, member.id, { active: false, tokenHash: null, left: { reason: event.reason, tokenHash } });
}

/**
 * A refused request stays (its phone is told, the refusal can be undone) among the last
 * LIMITS.guestRefusedKept refusals; older ones go, oldest request first.
 */
function refuseGuestRequest(s: Convention, requestId: string): Convention {
  const request = s.guestRequests?.[requestId];
  if (!request) return s;
  const guestRequests = { ...s.guestRequests, [requestId]: { ...request, status: 'refused' as const } };
  const refused = Object.values(guestRequests).filter((r) => r.status === 'refused').sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  for (const old of refused.slice(0, Math.max(0, refused.length - LIMITS.guestRefusedKept))) delete guestRequests[old.id];
  return { ...s, guestRequests };
}

/** A closed or removed session takes no more guests: its waiting and refused requests go. */
function dropGuestRequests(s: Convention, sessionId: string): Convention {
  if (!s.guestRequests || !Object.values(s.guestRequests).some((r) => r.sessionId === sessionId)) return s;
  return { ...s, guestRequests: Object.fromEntries(Object.entries(s.guestRequests).filter(([, r]) => r.sessionId !== sessionId)) };
}

/** A session and what only it used: its countdown, its projector's poll, its speaking plan. */
function removeSession(s: Convention, sessionId: string): Convention {
  if (!s.sessions[sessionId]) return s;
  const { [sessionId]: _session, ...sessions } = s.sessions;
  const { [sessionId]: _timer, ...timers } = s.timers;
  const { [sessionId]: _poll, ...pollShown } = s.pollShown;
  const { [sessionId]: _timing, ...timing } = s.timing;
  return {
    ...s,
    sessions,
    sessionOrder: s.sessionOrder.filter((id) => id !== sessionId),
    liveSessionId: s.liveSessionId === sessionId ? null : s.liveSessionId,
    timers,
    pollShown,
    timing,
  };
}

function updateMember(s: Convention, memberId: string, fields: Partial<Convention['members'][string]>): Convention {
  const member = s.members[memberId];
  if (!member) return s;
  return { ...s, members: { ...s.members, [memberId]: { ...member, ...fields } } };
}

function updateSession(s: Convention, sessionId: string, change: (session: Session) => Partial<Session>): Convention {
  const session = s.sessions[sessionId];
  if (!session) return s;
  return { ...s, sessions: { ...s.sessions, [sessionId]: { ...session, ...change(session) } } };
}
