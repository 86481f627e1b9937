import { describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { Command } from '../../shared/registry.ts';
import { command, conventionWith, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Room: session 1 live with tables T1, T2; members m0..m3 present, seated T1, T2, T1, T2; m4, m5 absent.
const room = () => deepFreeze(roomFixture());
const S = (c: Convention) => c.sessionOrder[0]!;
const m = (c: Convention, i: number) => c.memberOrder[i]!;
const T = (c: Convention, i: number) => c.sessions[S(c)]!.tables[i]!.id;
const seating = (c: Convention) => c.sessions[S(c)]!.tables.map((t) => t.memberIds.map((id) => c.memberOrder.indexOf(id)));
const presentIdx = (c: Convention) => c.memberOrder.flatMap((id, i) => (c.sessions[S(c)]!.present[id] ? [i] : []));

describe('tables', () => {
  it('the room is seated as the fixture says', () => {
    expect(seating(room())).toEqual([[0, 2], [1, 3]]);
    expect(presentIdx(room())).toEqual([0, 1, 2, 3]);
  });

  it('create replaces the tables with empty numbered ones', () => {
    const conv = room();
    const { events, state } = run(conv, command('tables.create', { sessionId: S(conv), count: 3 }));
    const tables = state.sessions[S(conv)]!.tables;
    expect(events).toEqual([{ type: 'TablesSet', sessionId: S(conv), tables }]);
    expect(tables.map((t) => [t.name, t.memberIds])).toEqual([['Table 1', []], ['Table 2', []], ['Table 3', []]]);
    expect(new Set(tables.map((t) => t.id)).size).toBe(3);
  });

  // [case, command builder, expected seating by member index]
  const seat: [string, (c: Convention) => Command, number[][]][] = [
    ['move m0 to T2', (c) => command('tables.seat', { sessionId: S(c), memberId: m(c, 0), tableId: T(c, 1) }), [[2], [1, 3, 0]]],
    ['seat absent m4 at T1', (c) => command('tables.seat', { sessionId: S(c), memberId: m(c, 4), tableId: T(c, 0) }), [[0, 2, 4], [1, 3]]],
    ['stand m1 up', (c) => command('tables.seat', { sessionId: S(c), memberId: m(c, 1), tableId: null }), [[0, 2], [3]]],
    ['re-seat m0 at its own table moves it last', (c) => command('tables.seat', { sessionId: S(c), memberId: m(c, 0), tableId: T(c, 0) }), [[2, 0], [1, 3]]],
  ];
  it.each(seat)('seat: %s', (_name, build, expected) => {
    const conv = room();
    const cmd = build(conv);
    const { events, state } = run(conv, cmd);
    expect(events).toEqual([{ type: 'MemberSeated', ...cmd.args }]);
    expect(seating(state)).toEqual(expected);
    // Every member sits at one table at most.
    const all = seating(state).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('seat leaves untouched tables with their identity', () => {
    const conv = room();
    const { state } = run(conv, command('tables.seat', { sessionId: S(conv), memberId: m(conv, 4), tableId: T(conv, 0) }));
    expect(state.sessions[S(conv)]!.tables[1]).toBe(conv.sessions[S(conv)]!.tables[1]);
  });

  it('rename', () => {
    const conv = room();
    const { events, state } = run(conv, command('tables.rename', { sessionId: S(conv), tableId: T(conv, 1), name: ' Les Glénan ' }));
    const tables = state.sessions[S(conv)]!.tables;
    expect(events).toEqual([{ type: 'TablesSet', sessionId: S(conv), tables }]);
    expect(tables.map((t) => t.name)).toEqual(['Table 1', 'Les Glénan']);
    expect(tables[0]).toBe(conv.sessions[S(conv)]!.tables[0]);
    expect(seating(state)).toEqual(seating(conv));
  });

  it('assignRandom seats exactly the active present members, sizes within one', () => {
    let conv = roomFixture();
    conv = must(conv, command('presence.mark', { sessionId: S(conv), memberIds: [m(conv, 4), m(conv, 5)], present: true }));
    conv = must(conv, command('tables.create', { sessionId: S(conv), count: 4 }));
    conv = deepFreeze(must(conv, command('member.setActive', { memberId: m(conv, 2), active: false })));
    const { events, state, error } = run(conv, command('tables.assignRandom', { sessionId: S(conv), balanceOn: null }));
    expect(error).toBeNull();
    expect(events).toEqual([{ type: 'TablesSet', sessionId: S(conv), tables: state.sessions[S(conv)]!.tables }]);
    expect(seating(state).flat().sort()).toEqual([0, 1, 3, 4, 5]);
    const sizes = seating(state).map((t) => t.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // Table ids and names are kept.
    expect(state.sessions[S(conv)]!.tables.map((t) => [t.id, t.name])).toEqual(conv.sessions[S(conv)]!.tables.map((t) => [t.id, t.name]));
  });

  it('assignRandom balances on an attribute', () => {
    let conv = conventionWith({ members: Array.from({ length: 24 }, (_, i) => ({ name: `M${i}`, attributes: { gender: i % 3 === 0 ? 'F' : 'H' } })), sessions: 1 });
    conv = must(conv, command('tables.create', { sessionId: S(conv), count: 4 }));
    conv = must(conv, command('presence.mark', { sessionId: S(conv), memberIds: conv.memberOrder, present: true }));
    const { state } = run(conv, command('tables.assignRandom', { sessionId: S(conv), balanceOn: 'gender' }));
    for (const table of state.sessions[S(conv)]!.tables) {
      expect(table.memberIds.filter((id) => state.members[id]!.attributes.gender === 'F')).toHaveLength(2);
      expect(table.memberIds).toHaveLength(6);
    }
  });

  it('assignRandom is deterministic for a seeded context', () => {
    const once = () => {
      const conv = roomFixture();
      return run(conv, command('tables.assignRandom', { sessionId: S(conv), balanceOn: 'gender' })).events;
    };
    expect(once()).toEqual(once());
  });
});

describe('presence and screen', () => {
  // [case, command builder, expected present member indexes]
  const cases: [string, (c: Convention) => Command, number[]][] = [
    ['mark m4, m5 present', (c) => command('presence.mark', { sessionId: S(c), memberIds: [m(c, 5), m(c, 4)], present: true }), [0, 1, 2, 3, 4, 5]],
    ['mark m1 absent', (c) => command('presence.mark', { sessionId: S(c), memberIds: [m(c, 1)], present: false }), [0, 2, 3]],
    ['mixed: only the changed ones', (c) => command('presence.mark', { sessionId: S(c), memberIds: [m(c, 0), m(c, 4), m(c, 4)], present: true }), [0, 1, 2, 3, 4]],
  ];
  it.each(cases)('%s', (_name, build, expected) => {
    const conv = room();
    const { events, state } = run(conv, build(conv));
    expect(presentIdx(state)).toEqual(expected);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.type).toBe('PresenceMarked');
    if (event.type !== 'PresenceMarked') return;
    // The event carries only the members whose presence changes, once each.
    const before = presentIdx(conv);
    const changed = event.memberIds.map((id) => conv.memberOrder.indexOf(id));
    expect(changed.every((i) => before.includes(i) !== event.present)).toBe(true);
    expect(new Set(changed).size).toBe(changed.length);
  });

  it('markConnected marks the connected absent members, in roster order', () => {
    const conv = room();
    const connected = new Set([m(conv, 5), m(conv, 0), m(conv, 4)]);
    const { events, state } = run(conv, command('presence.markConnected', { sessionId: S(conv) }), undefined, { connected });
    expect(events).toEqual([{ type: 'PresenceMarked', sessionId: S(conv), memberIds: [m(conv, 4), m(conv, 5)], present: true }]);
    expect(presentIdx(state)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('screen.show', () => {
    const conv = room();
    const { events, state } = run(conv, command('screen.show', { sessionId: S(conv), panel: 'seating' }));
    expect(events).toEqual([{ type: 'ScreenPanelSet', sessionId: S(conv), panel: 'seating' }]);
    expect(state.sessions[S(conv)]!.screenPanel).toBe('seating');
  });

  // Idempotent no-ops: [case, command builder, connected member indexes]
  const noops: [string, (c: Convention) => Command, number[]][] = [
    ['mark present someone already present', (c) => command('presence.mark', { sessionId: S(c), memberIds: [m(c, 0), m(c, 1)], present: true }), []],
    ['mark absent someone already absent', (c) => command('presence.mark', { sessionId: S(c), memberIds: [m(c, 5)], present: false }), []],
    ['markConnected with nobody connected', (c) => command('presence.markConnected', { sessionId: S(c) }), []],
    ['markConnected with only present members connected', (c) => command('presence.markConnected', { sessionId: S(c) }), [0, 3]],
  ];
  it.each(noops)('%s: no events', (_name, build, connectedIdx) => {
    const conv = room();
    const result = run(conv, build(conv), undefined, { connected: new Set(connectedIdx.map((i) => m(conv, i))) });
    expect(result.error).toBeNull();
    expect(result.events).toEqual([]);
    expect(result.state).toBe(conv);
  });
});

describe('seating and presence: refusals leave the state untouched', () => {
  // [case, error code, details, command builder]
  const cases: [string, ErrorCode, Record<string, unknown> | undefined, (c: Convention) => Command][] = [
    ['tables.create unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('tables.create', { sessionId: 'nope', count: 2 })],
    ['assignRandom unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('tables.assignRandom', { sessionId: 'nope', balanceOn: null })],
    ['assignRandom without tables', 'NO_TABLES', undefined, (c) => command('tables.assignRandom', { sessionId: c.sessionOrder[1]!, balanceOn: null })],
    ['assignRandom with nobody present', 'NO_PRESENT_MEMBERS', undefined, (c) => command('tables.assignRandom', { sessionId: c.sessionOrder[1]!, balanceOn: null })],
    ['seat unknown session', 'NOT_FOUND', { entity: 'session' }, (c) => command('tables.seat', { sessionId: 'nope', memberId: m(c, 0), tableId: null })],
    ['seat unknown member', 'NOT_FOUND', { entity: 'member' }, (c) => command('tables.seat', { sessionId: S(c), memberId: 'nope', tableId: T(c, 0) })],
    ['seat at unknown table', 'NOT_FOUND', { entity: 'table' }, (c) => command('tables.seat', { sessionId: S(c), memberId: m(c, 0), tableId: 'nope' })],
    ['seat at a table of another session', 'NOT_FOUND', { entity: 'table' }, (c) => command('tables.seat', { sessionId: c.sessionOrder[1]!, memberId: m(c, 0), tableId: T(c, 0) })],
    ['rename unknown table', 'NOT_FOUND', { entity: 'table' }, (c) => command('tables.rename', { sessionId: S(c), tableId: 'nope', name: 'x' })],
    ['rename unknown session', 'NOT_FOUND', { entity: 'session' }, (c) => command('tables.rename', { sessionId: 'nope', tableId: T(c, 0), name: 'x' })],
    ['presence unknown session', 'NOT_FOUND', { entity: 'session' }, (c) => command('presence.mark', { sessionId: 'nope', memberIds: [m(c, 0)], present: true })],
    ['presence with one unknown member', 'NOT_FOUND', { entity: 'member' }, (c) => command('presence.mark', { sessionId: S(c), memberIds: [m(c, 4), 'nope'], present: true })],
    ['markConnected unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('presence.markConnected', { sessionId: 'nope' })],
    ['screen.show unknown session', 'NOT_FOUND', { entity: 'session' }, () => command('screen.show', { sessionId: 'nope', panel: 'agenda' })],
  ];

  it.each(cases)('%s -> %s', (_name, code, details, build) => {
    let conv = roomFixture();
    // Session 2 gets tables (for NO_PRESENT_MEMBERS) only when the case is about presence.
    if (code === 'NO_PRESENT_MEMBERS') conv = must(conv, command('tables.create', { sessionId: conv.sessionOrder[1]!, count: 2 }));
    conv = deepFreeze(conv);
    const snapshot = structuredClone(conv);
    const { error, events, state } = run(conv, build(conv));
    expect(error?.code).toBe(code);
    expect(error?.details).toEqual(details);
    expect(events).toEqual([]);
    expect(state).toBe(conv);
    expect(conv).toStrictEqual(snapshot);
  });

  it('NO_PRESENT_MEMBERS when the only present members are inactive', () => {
    let conv = roomFixture();
    for (const id of conv.memberOrder.slice(0, 4)) conv = must(conv, command('member.setActive', { memberId: id, active: false }));
    const result = run(deepFreeze(conv), command('tables.assignRandom', { sessionId: S(conv), balanceOn: null }));
    expect(result.error?.code).toBe('NO_PRESENT_MEMBERS');
  });
});
