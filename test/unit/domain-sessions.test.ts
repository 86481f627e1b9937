import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET } from '../../shared/domain/context.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { Command } from '../../shared/registry.ts';
import { command, conventionWith, deepFreeze, lastSession, must, roomFixture, run, sessionAt } from '../helpers/domain-fixtures.ts';

const titlesOf = (conv: Convention, sessionId: string) => conv.sessions[sessionId]!.agenda.map((i) => i.title);

describe('session.create', () => {
  it('creates a planned session with a fresh join code', () => {
    const conv = deepFreeze(conventionWith({ sessions: 1 }));
    const { events, state, data, error } = run(conv, command('session.create', { title: ' Week-end 2 ', startDate: '2026-04-04', endDate: '2026-04-05' }));
    expect(error).toBeNull();
    const session = lastSession(state);
    expect(events).toEqual([{ type: 'SessionCreated', session }]);
    expect(session).toMatchObject({
      title: 'Week-end 2',
      startDate: '2026-04-04',
      endDate: '2026-04-05',
      status: 'planned',
      allowGuests: false,
      quorum: 0,
      currentItemId: null,
      screenPanel: 'welcome',
    });
    expect([session.agenda, session.present, session.tables]).toEqual([[], {}, []]);
    expect(session.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    expect(session.code).not.toBe(sessionAt(conv, 0).code);
    expect(data).toEqual({ sessionId: session.id, code: session.code });
    expect(state.sessionOrder).toEqual([...conv.sessionOrder, session.id]);
    expect(state.liveSessionId).toBeNull();
    expect(state.members).toBe(conv.members);
  });

  it('a one-day session is fine', () => {
    expect(run(conventionWith({ sessions: 0 }), command('session.create', { title: 'x', startDate: '2026-04-04', endDate: '2026-04-04' })).error).toBeNull();
  });

  it('join codes stay unique over many sessions', () => {
    const conv = conventionWith({ members: [], sessions: 0 });
    let state = conv;
    for (let i = 0; i < 200; i++) state = must(state, command('session.create', { title: `S${i}`, startDate: '2026-01-01', endDate: '2026-01-02' }));
    expect(new Set(Object.values(state.sessions).map((s) => s.code)).size).toBe(200);
  });
});

describe('session lifecycle', () => {
  it('update replaces the settings', () => {
    const conv = deepFreeze(conventionWith());
    const sessionId = conv.sessionOrder[0]!;
    const args = { sessionId, title: 'Premier week-end', startDate: '2026-03-06', endDate: '2026-03-08', allowGuests: true, quorum: 30 };
    const { events, state } = run(conv, command('session.update', { ...args, title: '  Premier week-end ' }));
    expect(events).toEqual([{ type: 'SessionUpdated', ...args }]);
    const { sessionId: _id, ...fields } = args;
    expect(state.sessions[sessionId]).toStrictEqual({ ...conv.sessions[sessionId], ...fields });
    expect(state.sessions[conv.sessionOrder[1]!]).toBe(conv.sessions[conv.sessionOrder[1]!]);
  });

  it('open makes a session live', () => {
    const conv = deepFreeze(conventionWith());
    const s1 = conv.sessionOrder[0]!;
    const { events, state } = run(conv, command('session.open', { sessionId: s1 }));
    expect(events).toEqual([{ type: 'SessionOpened', sessionId: s1 }]);
    expect(state.sessions[s1]!.status).toBe('live');
    expect(state.liveSessionId).toBe(s1);
  });

  it('opening a session closes the previously live one', () => {
    const [s1, s2] = conventionWith().sessionOrder as [string, string];
    const conv = deepFreeze(must(conventionWith(), command('session.open', { sessionId: s1 })));
    const { events, state } = run(conv, command('session.open', { sessionId: s2 }));
    expect(events).toEqual([
      // Its attendance per stratum, frozen as it closes (shared/features/strata/attendance.ts).
      expect.objectContaining({ type: 'SessionAttendanceFrozen', sessionId: s1 }),
      { type: 'SessionClosed', sessionId: s1 },
      { type: 'SessionOpened', sessionId: s2 },
    ]);
    expect(state.sessions[s1]!.status).toBe('closed');
    expect(state.sessions[s2]!.status).toBe('live');
    expect(state.liveSessionId).toBe(s2);
    expect(Object.values(state.sessions).filter((s) => s.status === 'live')).toHaveLength(1);
  });

  it('a closed session can be opened again', () => {
    const [s1] = conventionWith().sessionOrder as [string];
    let conv = must(conventionWith(), command('session.open', { sessionId: s1 }));
    conv = must(conv, command('session.close', { sessionId: s1 }));
    const { events, state } = run(conv, command('session.open', { sessionId: s1 }));
    expect(events).toEqual([{ type: 'SessionOpened', sessionId: s1 }]);
    expect(state.sessions[s1]!.status).toBe('live');
  });

  it('closing the live session leaves no live session', () => {
    const [s1] = conventionWith().sessionOrder as [string];
    const conv = deepFreeze(must(conventionWith(), command('session.open', { sessionId: s1 })));
    const { events, state } = run(conv, command('session.close', { sessionId: s1 }));
    expect(events).toEqual([expect.objectContaining({ type: 'SessionAttendanceFrozen', sessionId: s1 }), { type: 'SessionClosed', sessionId: s1 }]);
    expect(state.sessions[s1]!.status).toBe('closed');
    expect(state.liveSessionId).toBeNull();
  });

  it('closing a planned session keeps the live one', () => {
    const [s1, s2] = conventionWith().sessionOrder as [string, string];
    const conv = must(conventionWith(), command('session.open', { sessionId: s1 }));
    const { state } = run(conv, command('session.close', { sessionId: s2 }));
    expect(state.sessions[s2]!.status).toBe('closed');
    expect(state.liveSessionId).toBe(s1);
  });

  /** Session 1 live with a countdown, an open poll, an open question round and an open vision. */
  function busyRoom() {
    let conv = roomFixture();
    const sessionId = conv.liveSessionId!;
    const step = <T,>(c: Command) => {
      const result = run(conv, c);
      if (result.error) throw new Error(`${c.name}: ${result.error.code}`);
      conv = result.state;
      return result.data as T;
    };
    const { pollId } = step<{ pollId: string }>(command('poll.create', { sessionId, agendaItemId: null, question: 'Un mot ?', format: { kind: 'words' }, live: false }));
    step(command('poll.launch', { sessionId, pollId }));
    const { roundId } = step<{ roundId: string }>(command('question.round.create', { sessionId, title: 'Questions', agendaItemId: null, premoderation: false, allowAnonymous: true }));
    step(command('question.round.open', { roundId }));
    const { visionId } = step<{ visionId: string }>(command('vision.create', { sessionId, title: 'Vision 2050', prompt: '', tableIds: [] }));
    step(command('vision.open', { visionId }));
    step(command('timer.start', { sessionId, label: 'Travail en tables', seconds: 600 }));
    return { conv: deepFreeze(conv), sessionId, pollId, roundId, visionId };
  }

  it.each([
    ['closing it', (c: Convention, s: string) => command('session.close', { sessionId: s })],
    ['opening the next one', (c: Convention, s: string) => command('session.open', { sessionId: c.sessionOrder.find((id) => id !== s)! })],
  ])('%s ends its countdown and closes its open poll, question round and vision, keeping what was said', (_name, build) => {
    const { conv, sessionId, pollId, roundId, visionId } = busyRoom();
    const { events, state, error } = run(conv, build(conv, sessionId));
    expect(error).toBeNull();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['TimerSet', 'PollClosed', 'QuestionRoundClosed', 'VisionClosed', 'SessionClosed']));
    expect(state.timers[sessionId]).toBeUndefined();
    expect(state.polls[pollId]!.status).toBe('closed');
    expect(state.questionRounds[roundId]!.status).toBe('closed');
    expect(state.visions[visionId]!.status).toBe('closed');
    expect(state.sessions[sessionId]!.status).toBe('closed');
    // The next time the session is live, each can be opened again.
    const reopened = must(state, command('session.open', { sessionId }));
    expect(must(reopened, command('poll.reopen', { pollId })).polls[pollId]!.status).toBe('open');
    expect(must(reopened, command('question.round.open', { roundId })).questionRounds[roundId]!.status).toBe('open');
  });

  it('closing a planned session touches nothing of the live one', () => {
    const { conv, sessionId, pollId } = busyRoom();
    const other = conv.sessionOrder.find((id) => id !== sessionId)!;
    const { events, state } = run(conv, command('session.close', { sessionId: other }));
    expect(events).toEqual([{ type: 'SessionClosed', sessionId: other }]);
    expect(state.polls[pollId]!.status).toBe('open');
    expect(state.timers[sessionId]).toBeDefined();
  });

  // Idempotent no-ops: [case, command builder]
  const noops: [string, (c: Convention) => Command][] = [
    ['open the live session', (c) => command('session.open', { sessionId: c.liveSessionId! })],
    ['close a closed session', (c) => command('session.close', { sessionId: c.sessionOrder[1]! })],
  ];
  it.each(noops)('%s: no events', (_name, build) => {
    let conv = conventionWith();
    conv = must(conv, command('session.close', { sessionId: conv.sessionOrder[1]! }));
    conv = deepFreeze(must(conv, command('session.open', { sessionId: conv.sessionOrder[0]! })));
    const result = run(conv, build(conv));
    expect(result.error).toBeNull();
    expect(result.events).toEqual([]);
    expect(result.state).toBe(conv);
  });
});

describe('agenda', () => {
  // The room's live session has ['Accueil', 'Travail en tables'], current = 'Accueil'.
  const room = () => deepFreeze(roomFixture());
  const s1 = (c: Convention) => c.sessionOrder[0]!;
  const item = (c: Convention, i: number) => c.sessions[s1(c)]!.agenda[i]!.id;

  // [case, command builder, expected event types, expected titles, expected current item title]
  const cases: [string, (c: Convention) => Command, string[], string[], string | null][] = [
    ['add appends', (c) => command('agenda.add', { sessionId: s1(c), title: ' Pause ', kind: 'break', durationMin: null }), ['AgendaItemAdded'], ['Accueil', 'Travail en tables', 'Pause'], 'Accueil'],
    ['add many appends in order', (c) => command('agenda.addMany', { sessionId: s1(c), items: [{ title: 'Pause', kind: 'break', durationMin: 20 }, { title: 'Vote', kind: 'vote', durationMin: null }] }), ['AgendaItemAdded', 'AgendaItemAdded'], ['Accueil', 'Travail en tables', 'Pause', 'Vote'], 'Accueil'],
    ['update', (c) => command('agenda.update', { sessionId: s1(c), itemId: item(c, 1), title: 'Tables', kind: 'tables', durationMin: 60 }), ['AgendaItemUpdated'], ['Accueil', 'Tables'], 'Accueil'],
    ['remove another item', (c) => command('agenda.remove', { sessionId: s1(c), itemId: item(c, 1) }), ['AgendaItemRemoved'], ['Accueil'], 'Accueil'],
    ['remove the current item clears current', (c) => command('agenda.remove', { sessionId: s1(c), itemId: item(c, 0) }), ['AgendaItemRemoved'], ['Travail en tables'], null],
    ['move down', (c) => command('agenda.move', { sessionId: s1(c), itemId: item(c, 0), index: 1 }), ['AgendaItemMoved'], ['Travail en tables', 'Accueil'], 'Accueil'],
    ['move past the end clamps', (c) => command('agenda.move', { sessionId: s1(c), itemId: item(c, 0), index: 60 }), ['AgendaItemMoved'], ['Travail en tables', 'Accueil'], 'Accueil'],
    ['set current', (c) => command('agenda.setCurrent', { sessionId: s1(c), itemId: item(c, 1) }), ['AgendaCurrentSet'], ['Accueil', 'Travail en tables'], 'Travail en tables'],
    ['clear current', (c) => command('agenda.setCurrent', { sessionId: s1(c), itemId: null }), ['AgendaCurrentSet'], ['Accueil', 'Travail en tables'], null],
  ];

  it.each(cases)('%s', (_name, build, types, titles, current) => {
    const conv = room();
    const { events, state, error } = run(conv, build(conv));
    expect(error).toBeNull();
    expect(events.map((e) => e.type)).toEqual(types);
    expect(titlesOf(state, s1(conv))).toEqual(titles);
    const session = state.sessions[s1(conv)]!;
    expect(session.agenda.find((i) => i.id === session.currentItemId)?.title ?? null).toBe(current);
    expect(state.sessions[conv.sessionOrder[1]!]).toBe(conv.sessions[conv.sessionOrder[1]!]);
    expect(state.members).toBe(conv.members);
  });

  it('add answers the item id and records kind and duration', () => {
    const conv = room();
    const { events, state, data } = run(conv, command('agenda.add', { sessionId: s1(conv), title: 'Vote', kind: 'vote', durationMin: 20 }));
    const added = state.sessions[s1(conv)]!.agenda[2]!;
    expect(added).toEqual({ id: added.id, title: 'Vote', kind: 'vote', durationMin: 20 });
    expect(events).toEqual([{ type: 'AgendaItemAdded', sessionId: s1(conv), item: added, index: 2 }]);
    expect(data).toEqual({ itemId: added.id });
  });

  it('add many answers the ids in order, and adds nothing when the whole paste does not fit', () => {
    const conv = room();
    const { state, data } = run(conv, command('agenda.addMany', { sessionId: s1(conv), items: [{ title: 'A', kind: 'talk', durationMin: 5 }, { title: 'B', kind: 'other', durationMin: null }] }));
    expect(data).toEqual({ itemIds: state.sessions[s1(conv)]!.agenda.slice(2).map((i) => i.id) });
    const tooMany = Array.from({ length: LIMITS.agendaItemsMax - 1 }, (_, i) => ({ title: `#${i}`, kind: 'other' as const, durationMin: null }));
    const result = run(conv, command('agenda.addMany', { sessionId: s1(conv), items: tooMany }));
    expect(result.error).toMatchObject({ code: 'LIMIT_REACHED', details: { limit: LIMITS.agendaItemsMax, room: LIMITS.agendaItemsMax - 2 } });
    expect(result.state).toBe(conv);
  });

  it('the agenda is full at agendaItemsMax', () => {
    let conv = conventionWith({ sessions: 1 });
    const sessionId = conv.sessionOrder[0]!;
    for (let i = 0; i < LIMITS.agendaItemsMax; i++) conv = must(conv, command('agenda.add', { sessionId, title: `#${i}`, kind: 'other', durationMin: null }));
    conv = deepFreeze(conv);
    const result = run(conv, command('agenda.add', { sessionId, title: 'one too many', kind: 'other', durationMin: null }));
    expect(result.error).toMatchObject({ code: 'LIMIT_REACHED', details: { limit: LIMITS.agendaItemsMax } });
    expect(result.state).toBe(conv);
  });
});

describe('sessions and agenda: refusals leave the state untouched', () => {
  const S = (c: Convention) => c.sessionOrder[0]!;
  const I = (c: Convention) => c.sessions[S(c)]!.agenda[0]!.id;
  const dates = { title: 't', startDate: '2026-03-08', endDate: '2026-03-07' };

  // [case, error code, details, command builder]
  const cases: [string, ErrorCode, Record<string, unknown> | undefined, (c: Convention) => Command][] = [
    ['create ending before it starts', 'INVALID_DATES', undefined, () => command('session.create', dates)],
    ['update ending before it starts', 'INVALID_DATES', undefined, (c) => command('session.update', { sessionId: S(c), ...dates, allowGuests: false, quorum: 0 })],
    ['update unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('session.update', { sessionId: 'nope', ...dates, allowGuests: false, quorum: 0 })],
    ['open unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('session.open', { sessionId: 'nope' })],
    ['close unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('session.close', { sessionId: 'nope' })],
    ['agenda.add unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('agenda.add', { sessionId: 'nope', title: 't', kind: 'talk', durationMin: null })],
    ['agenda.update unknown session', 'NOT_FOUND', { entity: 'session' }, (c) => command('agenda.update', { sessionId: 'nope', itemId: I(c), title: 't', kind: 'talk', durationMin: null })],
    ['agenda.update unknown item', 'NOT_FOUND', { entity: 'agendaItem' }, (c) => command('agenda.update', { sessionId: S(c), itemId: 'nope', title: 't', kind: 'talk', durationMin: null })],
    ['agenda.update item of another session', 'NOT_FOUND', { entity: 'agendaItem' }, (c) => command('agenda.update', { sessionId: c.sessionOrder[1]!, itemId: I(c), title: 't', kind: 'talk', durationMin: null })],
    ['agenda.remove unknown item', 'NOT_FOUND', { entity: 'agendaItem' }, (c) => command('agenda.remove', { sessionId: S(c), itemId: 'nope' })],
    ['agenda.remove unknown session', 'NOT_FOUND', { entity: 'session' }, (c) => command('agenda.remove', { sessionId: 'nope', itemId: I(c) })],
    ['agenda.move unknown item', 'NOT_FOUND', { entity: 'agendaItem' }, (c) => command('agenda.move', { sessionId: S(c), itemId: 'nope', index: 0 })],
    ['agenda.setCurrent unknown item', 'NOT_FOUND', { entity: 'agendaItem' }, (c) => command('agenda.setCurrent', { sessionId: S(c), itemId: 'nope' })],
    ['agenda.setCurrent null, unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('agenda.setCurrent', { sessionId: 'nope', itemId: null })],
  ];

  it.each(cases)('%s -> %s', (_name, code, details, build) => {
    const conv = deepFreeze(roomFixture());
    const snapshot = structuredClone(conv);
    const { error, events, state } = run(conv, build(conv));
    expect(error?.code).toBe(code);
    expect(error?.details).toEqual(details);
    expect(events).toEqual([]);
    expect(state).toBe(conv);
    expect(conv).toStrictEqual(snapshot);
  });
});
