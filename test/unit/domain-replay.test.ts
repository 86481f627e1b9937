import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { DeliberationEvent } from '../../shared/features/deliberation/evolve.ts';
import type { ProposalEvent } from '../../shared/features/proposals/evolve.ts';
import type { RankingEvent } from '../../shared/features/ranking/evolve.ts';
import type { VoteEvent } from '../../shared/features/votes/evolve.ts';
import { type Command, evolve, replay } from '../../shared/registry.ts';
import type { TimerEvent } from '../../shared/features/timer/evolve.ts';
import type { VisionEvent } from '../../shared/features/visions/evolve.ts';
import type { QuestionEvent } from '../../shared/features/questions/evolve.ts';
import type { PollEvent } from '../../shared/features/polls/evolve.ts';
import type { SpeedEvent } from '../../shared/features/speed/evolve.ts';
import type { FollowUpEvent } from '../../shared/features/followup/evolve.ts';
import type { PublishingEvent } from '../../shared/features/publishing/evolve.ts';
import type { StrataEvent } from '../../shared/features/strata/evolve.ts';
import type { SeriesEvent } from '../../shared/features/series/evolve.ts';
import type { AgendaKind } from '../../shared/features/core/types.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { askAsGuest, claim, command, createConvention, deepFreeze, importCsv, roomFixture, rng, run, type RunResult } from '../helpers/domain-fixtures.ts';

// Events of the activities (lever ranking) and proposals, tested with their areas, and StrataScreenSet
// (it needs a closed result read by stratum: test/integration/strata-holds.test.ts); everything else is covered here.
type ActivityEventType = RankingEvent['type'] | ProposalEvent['type'] | VoteEvent['type'] | DeliberationEvent['type'] | PollEvent['type'] | QuestionEvent['type'] | TimerEvent['type'] | VisionEvent['type'] | SpeedEvent['type'] | FollowUpEvent['type'] | PublishingEvent['type'] | StrataEvent['type'] | SeriesEvent['type'] | 'ActiveActivitySet' | 'StrataScreenSet';
type EventType = DomainEvent['type'];
type CoreEventType = Exclude<EventType, ActivityEventType>;

// Every core event type, checked by the compiler: adding one to DomainEvent fails here until covered.
const EVENT_TYPES = Object.keys({
  ConventionCreated: true,
  ConventionRenamed: true,
  ConventionUpdated: true,
  SmallGroupMinSet: true,
  ConventionArchiveSet: true,
  RetentionSet: true,
  LeversSet: true,
  MembersAdded: true,
  MemberUpdated: true,
  MemberActiveSet: true,
  SeatCodeChanged: true,
  SeatClaimed: true,
  SeatReleased: true,
  MembersErased: true,
  SessionCreated: true,
  SessionUpdated: true,
  SessionMoved: true,
  SessionRemoved: true,
  SessionOpened: true,
  SessionClosed: true,
  AgendaItemAdded: true,
  AgendaItemUpdated: true,
  AgendaItemRemoved: true,
  AgendaItemMoved: true,
  AgendaCurrentSet: true,
  TablesSet: true,
  MemberSeated: true,
  GroupsSet: true,
  MemberGrouped: true,
  PresenceMarked: true,
  ScreenPanelSet: true,
  TimerSet: true,
  GuestRequested: true,
  GuestAdmitted: true,
  GuestRefused: true,
} satisfies Record<CoreEventType, true>) as CoreEventType[];

const KINDS: AgendaKind[] = ['talk', 'questions', 'tables', 'poll', 'vote', 'break', 'other'];
const NAMES = ['Zoé', 'Bruno', 'Aïcha', 'Loïc', 'Cécile', 'Jean-Noël', 'Fatou', 'Yann'];

/** One random step over the current state: a command, a phone joining, or a roster import. */
function randomStep(conv: Convention, r: ReturnType<typeof rng>, step: number): RunResult {
  const sessions = conv.sessionOrder;
  const members = conv.memberOrder;
  const sessionId = sessions.length ? r.pick(sessions) : 'none';
  const session = conv.sessions[sessionId];
  const memberId = members.length ? r.pick(members) : 'none';
  const leverId = r.pick(conv.levers).id;
  const itemId = session?.agenda.length ? r.pick(session.agenda).id : 'none';
  const tableId = session?.tables.length ? r.pick(session.tables).id : null;
  const groupId = session?.groups?.length ? r.pick(session.groups).id : null;
  const date = (d: number) => `2026-0${1 + (d % 9)}-1${d % 10}`;
  // Now and then the end of a convention: its live session closed, then the archive, undone at
  // the next step (archived, the room's doors are shut: joins and session.open are refused).
  if (step % 100 === 98 && conv.liveSessionId) return run(conv, command('session.close', { sessionId: conv.liveSessionId }));
  if (step % 100 === 99) return run(conv, command('convention.archive', { conventionId: conv.id }));
  if (conv.archivedAt !== undefined) return run(conv, command('convention.unarchive', { conventionId: conv.id }));
  const builders: (() => Command | RunResult)[] = [
    // The step, not the random source, picks the retention: the rest of the run stays as it was.
    () => (step % 5 === 0 ? command('convention.setRetention', { retention: step % 2 ? null : { kind: 'daysAfterEnd', days: step % 400 } }) : command('convention.rename', { name: `Convention ${step}` })),
    () => command('convention.update', { name: `Convention ${step}`, startDate: r.chance(0.3) ? null : date(step), endDate: r.chance(0.3) ? null : date(step + r.int(3)), place: r.pick(['', 'Grenoble', 'Brest']) }),
    // Archived (no live session), the room's doors are shut until unarchived.
    () => command('lever.add', { title: `Levier ${step}` }),
    () => command('lever.rename', { leverId, title: `Levier renommé ${step}` }),
    () => command('lever.remove', { leverId }),
    () => command('lever.move', { leverId, index: r.int(12) }),
    () => command('member.add', { name: `${r.pick(NAMES)} ${step}`, attributes: { gender: r.pick(['F', 'H', '']), ageBracket: r.pick(['18-24', '25-34', '65+']) } }),
    () => command('member.add', { name: `${r.pick(NAMES)} ${step}` }),
    () => command('member.update', { memberId, name: `Renamed ${step}`, attributes: r.chance(0.5) ? {} : { territory: r.pick(['Brest', 'Rennes']) } }),
    () => command('member.setActive', { memberId, active: r.chance(0.6) }),
    () => command('member.setActive', { memberId, active: false, reason: r.pick(['', 'Déménagement', 'Raisons personnelles']) }),
    () => command('member.add', { name: `Remplaçant ${step}`, replaces: memberId }),
    () => command('member.newSeatCode', { memberId }),
    // Erasure is rare, as in a room: an erased member refuses most later commands about them.
    () => (r.chance(0.15) ? command('members.erase', { memberIds: [memberId] }) : command('seat.release', { memberId })),
    () => command('session.create', { title: `Week-end ${step}`, startDate: date(step), endDate: date(step + r.int(2)) }),
    () => command('session.update', { sessionId, title: `WE ${step}`, startDate: date(step), endDate: date(step + 1), allowGuests: r.chance(0.5), quorum: r.int(20) }),
    () => command('session.open', { sessionId }),
    () => command('session.open', { sessionId }),
    () => command('session.move', { sessionId, index: r.int(6) }),
    () => command('session.remove', { sessionId }),
    () => command('session.create', { title: `Séance ${step}`, startDate: date(step), endDate: date(step) }),
    () => command('session.close', { sessionId }),
    () => command('agenda.add', { sessionId, title: `Point ${step}`, kind: r.pick(KINDS), durationMin: r.chance(0.3) ? null : 1 + r.int(120) }),
    () => command('agenda.update', { sessionId, itemId, title: `Point modifié ${step}`, kind: r.pick(KINDS), durationMin: null }),
    () => command('agenda.remove', { sessionId, itemId }),
    () => command('agenda.move', { sessionId, itemId, index: r.int(8) }),
    () => command('agenda.setCurrent', { sessionId, itemId: r.chance(0.2) ? null : itemId }),
    () => command('tables.create', { sessionId, count: 1 + r.int(6) }),
    () => command('tables.assignRandom', { sessionId, balanceOn: r.pick([null, 'gender', 'ageBracket', 'missing']) }),
    () => command('tables.seat', { sessionId, memberId, tableId: r.chance(0.2) ? null : (tableId ?? 'none') }),
    () => command('tables.rename', { sessionId, tableId: tableId ?? 'none', name: `Table ${step}` }),
    () => command('groups.create', { sessionId, count: 1 + r.int(4) }),
    () => command('groups.assignRandom', { sessionId, balanceOn: r.pick([null, 'gender', 'missing']) }),
    () => command('groups.seat', { sessionId, memberId, groupId: r.chance(0.2) ? null : (groupId ?? 'none') }),
    () => command('groups.rename', { sessionId, groupId: groupId ?? 'none', name: `Groupe ${step}` }),
    () => command('presence.mark', { sessionId, memberIds: members.length ? [memberId, r.pick(members)] : ['none'], present: r.chance(0.7) }),
    () => command('presence.markConnected', { sessionId }),
    () => command('screen.show', { sessionId, panel: r.pick(['welcome', 'seating', 'agenda'] as const) }),
    // The session's countdown: TimerSet from every timer command (the live session only).
    () => command('timer.start', { sessionId, label: `Minuteur ${step}`, seconds: 1 + r.int(3600) }),
    () => command('timer.startItem', { sessionId, itemId }),
    () => command('timer.pause', { sessionId }),
    () => command('timer.resume', { sessionId }),
    () => command('timer.extend', { sessionId, seconds: r.pick([60, 300, -60, -600]) }),
    () => command('timer.clear', { sessionId }),
    () => claim(conv, { sessionCode: session?.code ?? 'NONE', seatCode: conv.members[memberId]?.seatCode ?? 'NONE' }, `hash-${step}`),
    // A guest asks at the live session's code (they read it on the projector), when there is one.
    () => askAsGuest(conv, { sessionCode: (conv.liveSessionId ? conv.sessions[conv.liveSessionId]?.code : session?.code) ?? 'NONE', displayName: `Invité ${step}` }, `hash-guest-${step}`),
    // The facilitator answers a guest request, when one is there (else another guest asks).
    () => {
      const requests = Object.keys(conv.guestRequests ?? {});
      if (requests.length === 0) return askAsGuest(conv, { sessionCode: (conv.liveSessionId ? conv.sessions[conv.liveSessionId]?.code : session?.code) ?? 'NONE', displayName: `Invitée ${step}` }, `hash-guest-b-${step}`);
      return command(r.chance(0.5) ? 'guest.admit' : 'guest.refuse', { requestId: r.pick(requests) });
    },
    () => importCsv(conv, `Nom;Prénom;Genre\n${r.pick(NAMES)};Import ${step % 7};${r.pick(['F', 'H'])}\nDurand;Zoé;F\n`),
    () => command('convention.setSmallGroupMin', { smallGroupMin: 2 + r.int(19) }),
  ];
  const built = r.pick(builders)();
  if ('decision' in built) return built;
  const connected = new Set(members.filter(() => r.chance(0.3)));
  return run(conv, built, undefined, { connected });
}

function simulate(seed: number, steps: number) {
  const r = rng(seed);
  const initial = createConvention({ seed });
  // The creation event itself, decided again from the same seed.
  const log: DomainEvent[] = [...replayableCreation(seed)];
  let state = initial;
  const seen = new Set<EventType>(['ConventionCreated']);
  let refused = 0;
  for (let step = 0; step < steps; step++) {
    const result = randomStep(state, r, step);
    if (result.error) {
      refused++;
      expect(result.state).toBe(state);
      continue;
    }
    // evolve must never mutate its input (the state or the event): freeze both, fold one by one.
    let next = deepFreeze(state);
    for (const event of result.events) {
      seen.add(event.type);
      next = evolve(deepFreeze(next), deepFreeze(event));
    }
    expect(next).toStrictEqual(result.state);
    log.push(...result.events);
    state = result.state;
  }
  return { state, log, seen, refused };
}

function replayableCreation(seed: number): DomainEvent[] {
  const conv = createConvention({ seed });
  return [{ type: 'ConventionCreated', id: conv.id, name: conv.name, createdAt: conv.createdAt, keys: conv.keys, levers: conv.levers }];
}

describe('replay determinism', () => {
  const seeds = [1, 2, 3, 42, 1234];

  it.each(seeds)('seed %i: replaying the log from scratch rebuilds the incremental state', (seed) => {
    const { state, log, refused } = simulate(seed, 500);
    // More than half the steps change the state (a run is ~290-330 events as builders are added: the guest's two, the archive's).
    expect(log.length).toBeGreaterThan(250);
    expect(refused).toBeGreaterThan(0);
    const rebuilt = replay(log);
    expect(rebuilt).toStrictEqual(state);
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(state));
    // From any prefix snapshot too (the server starts from SQLite snapshots).
    const cut = Math.floor(log.length / 2);
    const snapshot = JSON.parse(JSON.stringify(replay(log.slice(0, cut)))) as Convention;
    expect(replay(log.slice(cut), snapshot)).toStrictEqual(state);
  });

  it('the same seed gives the same log; another seed another', () => {
    const a = simulate(7, 200);
    const b = simulate(7, 200);
    expect(JSON.stringify(b.log)).toBe(JSON.stringify(a.log));
    expect(JSON.stringify(simulate(8, 200).log)).not.toBe(JSON.stringify(a.log));
  });

  it('the random runs exercise every core event type', () => {
    const seen = new Set<EventType>();
    for (const seed of seeds) for (const type of simulate(seed, 500).seen) seen.add(type);
    expect(EVENT_TYPES.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('replay of nothing is undefined', () => {
    expect(replay([])).toBeUndefined();
  });
});

describe('evolve never mutates its input', () => {
  // One sample event per type over the frozen room (session 1 live, 2 tables, members 0-3 present).
  const samples = {
    ConventionCreated: (c) => ({ type: 'ConventionCreated', id: 'other', name: 'Other', createdAt: 1, keys: c.keys, levers: c.levers }),
    ConventionRenamed: () => ({ type: 'ConventionRenamed', name: 'Renamed' }),
    ConventionUpdated: () => ({ type: 'ConventionUpdated', name: 'Renamed', startDate: '2026-01-10', endDate: null, place: 'Grenoble' }),
    SmallGroupMinSet: () => ({ type: 'SmallGroupMinSet', smallGroupMin: 3 }),
    ConventionArchiveSet: () => ({ type: 'ConventionArchiveSet', archivedAt: 1_000_000 }),
    LeversSet: (c) => ({ type: 'LeversSet', levers: c.levers.slice(1) }),
    MembersAdded: () => ({ type: 'MembersAdded', members: [{ id: 'new', name: 'New', seatCode: 'NEWNEW', attributes: {}, origin: 'guest', active: true, tokenHash: null, replacedTokenHashes: [] }] }),
    MemberUpdated: (c) => ({ type: 'MemberUpdated', memberId: c.memberOrder[0]!, name: 'X', attributes: { a: 'b' } }),
    MemberActiveSet: (c) => ({ type: 'MemberActiveSet', memberId: c.memberOrder[0]!, active: false }),
    SeatCodeChanged: (c) => ({ type: 'SeatCodeChanged', memberId: c.memberOrder[0]!, seatCode: 'CHANGE' }),
    SeatClaimed: (c) => ({ type: 'SeatClaimed', memberId: c.memberOrder[5]!, tokenHash: 'h' }),
    SeatReleased: (c) => ({ type: 'SeatReleased', memberId: c.memberOrder[0]! }),
    RetentionSet: () => ({ type: 'RetentionSet', retention: { kind: 'daysAfterEnd', days: 180 } }),
    MembersErased: (c) => ({ type: 'MembersErased', members: [{ memberId: c.memberOrder[0]!, number: 1 }] }),
    SessionCreated: (c) => ({ type: 'SessionCreated', session: { ...c.sessions[c.sessionOrder[1]!]!, id: 'new', code: 'NEWSES' } }),
    SessionUpdated: (c) => ({ type: 'SessionUpdated', sessionId: c.sessionOrder[0]!, title: 'T', startDate: '2026-01-01', endDate: '2026-01-02', allowGuests: false, quorum: 9 }),
    SessionMoved: (c) => ({ type: 'SessionMoved', sessionId: c.sessionOrder[1]!, index: 0 }),
    SessionRemoved: (c) => ({ type: 'SessionRemoved', sessionId: c.sessionOrder[1]! }),
    SessionOpened: (c) => ({ type: 'SessionOpened', sessionId: c.sessionOrder[1]! }),
    SessionClosed: (c) => ({ type: 'SessionClosed', sessionId: c.sessionOrder[0]! }),
    AgendaItemAdded: (c) => ({ type: 'AgendaItemAdded', sessionId: c.sessionOrder[0]!, item: { id: 'it', title: 'I', kind: 'poll', durationMin: 5 }, index: 0 }),
    AgendaItemUpdated: (c) => ({ type: 'AgendaItemUpdated', sessionId: c.sessionOrder[0]!, item: { ...c.sessions[c.sessionOrder[0]!]!.agenda[0]!, title: 'U' } }),
    AgendaItemRemoved: (c) => ({ type: 'AgendaItemRemoved', sessionId: c.sessionOrder[0]!, itemId: c.sessions[c.sessionOrder[0]!]!.agenda[0]!.id }),
    AgendaItemMoved: (c) => ({ type: 'AgendaItemMoved', sessionId: c.sessionOrder[0]!, itemId: c.sessions[c.sessionOrder[0]!]!.agenda[0]!.id, index: 1 }),
    AgendaCurrentSet: (c) => ({ type: 'AgendaCurrentSet', sessionId: c.sessionOrder[0]!, itemId: null }),
    TablesSet: (c) => ({ type: 'TablesSet', sessionId: c.sessionOrder[0]!, tables: [] }),
    MemberSeated: (c) => ({ type: 'MemberSeated', sessionId: c.sessionOrder[0]!, memberId: c.memberOrder[0]!, tableId: c.sessions[c.sessionOrder[0]!]!.tables[1]!.id }),
    GroupsSet: (c) => ({ type: 'GroupsSet', sessionId: c.sessionOrder[0]!, groups: [{ id: 'g1', name: 'Groupe 1', memberIds: [c.memberOrder[0]!] }] }),
    MemberGrouped: (c) => ({ type: 'MemberGrouped', sessionId: c.sessionOrder[0]!, memberId: c.memberOrder[0]!, groupId: null }),
    PresenceMarked: (c) => ({ type: 'PresenceMarked', sessionId: c.sessionOrder[0]!, memberIds: [c.memberOrder[0]!, c.memberOrder[5]!], present: false }),
    ScreenPanelSet: (c) => ({ type: 'ScreenPanelSet', sessionId: c.sessionOrder[0]!, panel: 'agenda' }),
    TimerSet: (c) => ({ type: 'TimerSet', sessionId: c.sessionOrder[0]!, timer: { label: 'Travail en tables', durationMs: 600_000, status: 'running', endsAt: 1_000_000, remainingMs: 600_000, source: { kind: 'manual', id: null } } }),
    GuestRequested: (c) => ({ type: 'GuestRequested', request: { id: 'gr1', sessionId: c.sessionOrder[0]!, name: 'Invitée', tokenHash: 'hash-gr1', at: 1_000, status: 'pending' } }),
    GuestAdmitted: (c) => ({ type: 'GuestAdmitted', requestId: Object.keys(c.guestRequests ?? {})[0]!, memberId: c.memberOrder[0]! }),
    GuestRefused: (c) => ({ type: 'GuestRefused', requestId: Object.keys(c.guestRequests ?? {})[0]! }),
  } satisfies { [T in CoreEventType]: (c: Convention) => Extract<DomainEvent, { type: T }> };

  it.each(EVENT_TYPES)('%s', (type) => {
    const conv = deepFreeze(roomFixture());
    const snapshot = structuredClone(conv);
    const event = deepFreeze(samples[type](conv) as DomainEvent);
    const eventSnapshot = structuredClone(event);
    const next = evolve(conv, event);
    expect(conv).toStrictEqual(snapshot);
    expect(event).toStrictEqual(eventSnapshot);
    expect(next).not.toBe(conv);
    expect(next).not.toStrictEqual(conv);
  });

  it('shares what did not change', () => {
    const conv = deepFreeze(roomFixture());
    const s1 = conv.sessionOrder[0]!;
    const next = evolve(conv, { type: 'ScreenPanelSet', sessionId: s1, panel: 'agenda' });
    expect(next.members).toBe(conv.members);
    expect(next.levers).toBe(conv.levers);
    expect(next.sessions[conv.sessionOrder[1]!]).toBe(conv.sessions[conv.sessionOrder[1]!]);
    expect(next.sessions[s1]!.tables).toBe(conv.sessions[s1]!.tables);
    expect(next.sessions[s1]!.agenda).toBe(conv.sessions[s1]!.agenda);
  });

  it('events about unknown entities leave the state as it is', () => {
    const conv = deepFreeze(roomFixture());
    expect(evolve(conv, { type: 'SeatReleased', memberId: 'ghost' })).toBe(conv);
    expect(evolve(conv, { type: 'ScreenPanelSet', sessionId: 'ghost', panel: 'agenda' })).toBe(conv);
  });
});
