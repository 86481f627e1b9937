import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { findMember, findSession, memberBySeatCode, sessionByCode } from '../../shared/domain/lookup.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { commandSchemas, type Command } from '../../shared/registry.ts';
import { command, conventionWith, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Ids come from the wire: the `id` schema takes any string of 1 to 64 characters, including the
// names of Object.prototype's properties. Lookups must only see the convention's own entities.
const PROTO_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'] as const;

describe('lookups by id', () => {
  it('find real entities and answer NOT_FOUND for unknown ids', () => {
    const conv = roomFixture();
    const sessionId = conv.sessionOrder[0]!;
    const memberId = conv.memberOrder[0]!;
    expect(findSession(conv, sessionId)).toBe(conv.sessions[sessionId]);
    expect(findMember(conv, memberId)).toBe(conv.members[memberId]);
    expect(findSession(conv, 'nope')).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'session' } });
    expect(findMember(conv, 'nope')).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'member' } });
  });

  it('sessionByCode normalizes what people type', () => {
    const conv = roomFixture();
    const session = conv.sessions[conv.sessionOrder[1]!]!;
    for (const typed of [session.code, session.code.toLowerCase(), `${session.code.slice(0, 3)}-${session.code.slice(3)}`, ` ${session.code} `]) {
      expect(sessionByCode(conv, typed)).toBe(session);
    }
    expect(sessionByCode(conv, 'ZZZZZZ')).toBeNull();
  });

  it.each(PROTO_KEYS)('the schemas refuse %s as an id (and the domain copes anyway, below)', (key) => {
    expect(v.safeParse(commandSchemas['session.open'], { sessionId: key }).success).toBe(false);
    expect(v.safeParse(commandSchemas['member.setActive'], { memberId: key, active: false }).success).toBe(false);
  });
});

// Regression test (fixed bug, shared/domain/lookup.ts:7 and :11, also shared/features/core/seating.ts:57): findSession/findMember
// read `conv.sessions[id]` / `conv.members[id]` on plain objects, so an id such as "constructor"
// or "__proto__" finds Object / Object.prototype instead of NOT_FOUND. decide() then emits events
// with `sessionId: undefined` (session.open sets liveSessionId to undefined), or throws a
// TypeError (tables.assignRandom, presence.mark). markPresence's unknown-member check has the same
// flaw. Fix: look up with Object.hasOwn(conv.sessions, id) / Object.hasOwn(conv.members, id).
describe('lookups ignore Object.prototype', () => {
  const S = (c: Convention) => c.sessionOrder[0]!;
  const M = (c: Convention) => c.memberOrder[0]!;
  // Commands built without the schema (which refuses these ids): the domain must cope on its own.
  const raw = (name: string, args: unknown) => ({ name, args }) as Command;
  // [case, command builder over a prototype key]
  const cases: [string, (c: Convention, key: string) => Command][] = [
    ['session.open', (_c, key) => raw('session.open', { sessionId: key })],
    ['session.close', (_c, key) => raw('session.close', { sessionId: key })],
    ['tables.create', (_c, key) => raw('tables.create', { sessionId: key, count: 2 })],
    ['tables.assignRandom', (_c, key) => raw('tables.assignRandom', { sessionId: key, balanceOn: null })],
    ['presence.mark (session)', (c, key) => raw('presence.mark', { sessionId: key, memberIds: [M(c)], present: true })],
    ['presence.mark (member)', (c, key) => raw('presence.mark', { sessionId: S(c), memberIds: [key], present: true })],
    ['member.setActive', (_c, key) => raw('member.setActive', { memberId: key, active: false })],
    ['member.update', (_c, key) => raw('member.update', { memberId: key, name: 'x', attributes: {} })],
    ['tables.seat (member)', (c, key) => raw('tables.seat', { sessionId: S(c), memberId: key, tableId: null })],
  ];
  const table = cases.flatMap(([name, build]) => PROTO_KEYS.map((key) => [`${name} with id "${key}"`, key, build] as const));

  it.each(table)('%s -> NOT_FOUND, state untouched', (_name, key, build) => {
    const conv = deepFreeze(roomFixture());
    const result = run(conv, build(conv, key));
    expect(result.error?.code).toBe('NOT_FOUND');
    expect(result.state).toBe(conv);
  });

  // The sharpest symptom, spelled out.
  it('session.open "constructor" leaves liveSessionId alone', () => {
    const conv = roomFixture();
    const { state } = run(conv, raw('session.open', { sessionId: 'constructor' }));
    expect(state.liveSessionId).toBe(conv.liveSessionId);
  });
});

describe('memberBySeatCode', () => {
  it('finds the holder of a code, follows a new code and forgets the old one, and knows members added since', () => {
    let conv = conventionWith();
    const member = conv.members[conv.memberOrder[2]!]!;
    expect(memberBySeatCode(conv, member.seatCode)?.id).toBe(member.id);
    expect(memberBySeatCode(conv, 'NOPE99')).toBeUndefined();
    // A new code: the index built above is stale for this member, the answer is not.
    conv = must(conv, command('member.newSeatCode', { memberId: member.id }));
    const renewed = conv.members[member.id]!.seatCode;
    expect(renewed).not.toBe(member.seatCode);
    expect(memberBySeatCode(conv, renewed)?.id).toBe(member.id);
    expect(memberBySeatCode(conv, member.seatCode)).toBeUndefined();
    // A member added later is found too.
    conv = must(conv, command('member.add', { name: 'Nouvelle Arrivée' }));
    const added = conv.members[conv.memberOrder.at(-1)!]!;
    expect(memberBySeatCode(conv, added.seatCode)?.id).toBe(added.id);
  });
});
