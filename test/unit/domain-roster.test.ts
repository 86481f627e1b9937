import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET } from '../../shared/domain/context.ts';
import { normalizeCode } from '../../shared/domain/lookup.ts';
import { SEAT_CODE_LENGTH } from '../../shared/features/core/roster.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { Command } from '../../shared/registry.ts';
import type { JoinRequest } from '../../shared/features/core/commands.ts';
import { LIMITS } from '../../shared/limits.ts';
import {
  askAsGuest,
  claim,
  command,
  conventionWith,
  createConvention,
  deepFreeze,
  lastMember,
  must,
  roomFixture,
  run,
  sessionAt,
} from '../helpers/domain-fixtures.ts';

const CODE = new RegExp(`^[${CODE_ALPHABET}]{${SEAT_CODE_LENGTH}}$`);

describe('member.add', () => {
  it('adds a roster member with a fresh seat code, in roster order', () => {
    const conv = deepFreeze(conventionWith({ members: ['Zoé'] }));
    const { events, state, data } = run(conv, command('member.add', { name: '  Bruno  ', attributes: { gender: 'H' } }));
    const member = lastMember(state);
    expect(events).toEqual([{ type: 'MembersAdded', members: [member] }]);
    expect(member).toEqual({ id: member.id, name: 'Bruno', seatCode: member.seatCode, attributes: { gender: 'H' }, origin: 'roster', active: true, tokenHash: null, replacedTokenHashes: [] });
    expect(member.seatCode).toMatch(CODE);
    expect(data).toEqual({ memberId: member.id, seatCode: member.seatCode });
    expect(state.memberOrder).toEqual([...conv.memberOrder, member.id]);
    expect(state.sessions).toBe(conv.sessions);
  });

  // Typed in by hand, as imported: only declared fields, no identifier the app never needs
  // (docs/privacy.md); otherwise a "comment" box would keep what the roster import refuses.
  it.each([
    ['a field that is not declared', { courriel: 'Rennes' }, 'ROSTER_COLUMNS_UNDECLARED', ['courriel']],
    ['an e-mail address in a declared field', { territory: 'zoe@example.org' }, 'ROSTER_COLUMN_SENSITIVE', ['territory']],
    ['a social-security number', { occupation: '2 84 05 75 123 456 78' }, 'ROSTER_COLUMN_SENSITIVE', ['occupation']],
    ['a phone number', { gender: '06 12 34 56 78' }, 'ROSTER_COLUMN_SENSITIVE', ['gender']],
  ])('refuses %s and keeps nobody', (_what, attributes, code, headers) => {
    const conv = deepFreeze(conventionWith({ members: ['Zoé'] }));
    const decision = run(conv, command('member.add', { name: 'Bruno', attributes }));
    expect(decision.events).toEqual([]);
    expect(decision.error).toMatchObject({ code, details: { headers } });
  });

  it('member.update keeps an attribute imported before columns were declared, refuses a new one', () => {
    const conv = deepFreeze(conventionWith({ members: ['Zoé'] }));
    const id = conv.memberOrder[0]!;
    const legacy = { ...conv, members: { ...conv.members, [id]: { ...conv.members[id]!, attributes: { quartier: 'Teisseire' } } } };
    expect(run(legacy, command('member.update', { memberId: id, name: 'Zoé L.', attributes: { quartier: 'Teisseire', gender: 'F' } })).events).toHaveLength(1);
    expect(run(legacy, command('member.update', { memberId: id, name: 'Zoé L.', attributes: {} })).events).toHaveLength(1);
    expect(run(legacy, command('member.update', { memberId: id, name: 'Zoé L.', attributes: { quartier: 'Autre' } })).error).toMatchObject({ code: 'ROSTER_COLUMNS_UNDECLARED' });
  });

  it('attributes default to {}', () => {
    expect(lastMember(must(createConvention(), command('member.add', { name: 'Zoé' }))).attributes).toEqual({});
  });

  it('seat codes stay unique over many members', () => {
    const conv = conventionWith({ members: Array.from({ length: 300 }, (_, i) => `M${i}`), sessions: 0 });
    const codes = Object.values(conv.members).map((m) => m.seatCode);
    expect(new Set(codes).size).toBe(300);
    for (const code of codes) expect(code).toMatch(CODE);
  });
});

// [case, command builder over the room, expected events (member id given), expected member fields after]
type MemberCase = [string, (conv: Convention, id: string) => Command, (id: string, conv: Convention) => unknown[], Record<string, unknown>];

describe('members: happy paths on a seated member', () => {
  // In roomFixture the first member holds a seat (a phone) and is present in the live session.
  const cases: MemberCase[] = [
    [
      'update replaces name and attributes',
      (_c, id) => command('member.update', { memberId: id, name: ' Zoé L. ', attributes: { territory: 'Vitré' } }),
      (id) => [{ type: 'MemberUpdated', memberId: id, name: 'Zoé L.', attributes: { territory: 'Vitré' } }],
      { name: 'Zoé L.', attributes: { territory: 'Vitré' } },
    ],
    [
      'deactivate signs the phone out',
      (_c, id) => command('member.setActive', { memberId: id, active: false }),
      (id) => [{ type: 'MemberActiveSet', memberId: id, active: false, reason: '' }],
      // The token it signed out is kept, so that phone is told why (MEMBER_INACTIVE).
      { active: false, tokenHash: null, left: { reason: '', tokenHash: expect.stringMatching(/^tokenhash-/) } },
    ],
    [
      'new seat code signs the phone out',
      (_c, id) => command('member.newSeatCode', { memberId: id }),
      (id, after) => [{ type: 'SeatCodeChanged', memberId: id, seatCode: after.members[id]!.seatCode }],
      { tokenHash: null, seatCode: expect.stringMatching(CODE) },
    ],
    [
      'release the seat',
      (_c, id) => command('seat.release', { memberId: id }),
      (id) => [{ type: 'SeatReleased', memberId: id }],
      { tokenHash: null },
    ],
  ];

  it.each(cases)('%s', (_name, build, expectedEvents, fields) => {
    const conv = deepFreeze(roomFixture());
    const id = conv.memberOrder[0]!;
    expect(conv.members[id]!.tokenHash).not.toBeNull();
    const { events, state, error } = run(conv, build(conv, id));
    expect(error).toBeNull();
    expect(events).toEqual(expectedEvents(id, state));
    expect(state.members[id]).toEqual({ ...conv.members[id], ...fields });
    // Everybody else keeps their identity.
    for (const other of conv.memberOrder.slice(1)) expect(state.members[other]).toBe(conv.members[other]);
    expect(state.sessions).toBe(conv.sessions);
  });

  it('new seat code differs from every code in use and is answered', () => {
    const conv = roomFixture();
    const id = conv.memberOrder[0]!;
    const { state, data } = run(conv, command('member.newSeatCode', { memberId: id }));
    const code = state.members[id]!.seatCode;
    expect(code).toMatch(CODE);
    expect(data).toEqual({ seatCode: code });
    expect(Object.values(conv.members).map((m) => m.seatCode)).not.toContain(code);
  });

  it('reactivating does not give the token back', () => {
    let conv = roomFixture();
    const id = conv.memberOrder[0]!;
    conv = must(conv, command('member.setActive', { memberId: id, active: false }));
    const { events, state } = run(conv, command('member.setActive', { memberId: id, active: true }));
    expect(events).toEqual([{ type: 'MemberActiveSet', memberId: id, active: true }]);
    expect(state.members[id]).toMatchObject({ active: true, tokenHash: null });
  });
});

// [case, command builder (member id without a phone, active)]
describe('members: idempotent no-ops return no events', () => {
  const cases: [string, (id: string) => Command][] = [
    ['activate an active member', (id) => command('member.setActive', { memberId: id, active: true })],
    ['release a seat nobody holds', (id) => command('seat.release', { memberId: id })],
  ];
  it.each(cases)('%s', (_name, build) => {
    const conv = deepFreeze(roomFixture());
    const id = conv.memberOrder[5]!;
    const result = run(conv, build(id));
    expect(result.error).toBeNull();
    expect(result.events).toEqual([]);
    expect(result.state).toBe(conv);
  });

  it('deactivate an inactive member', () => {
    let conv = roomFixture();
    const id = conv.memberOrder[5]!;
    conv = deepFreeze(must(conv, command('member.setActive', { memberId: id, active: false })));
    const result = run(conv, command('member.setActive', { memberId: id, active: false }));
    expect(result.events).toEqual([]);
    expect(result.state).toBe(conv);
  });
});

describe('members: refusals', () => {
  const cases: [string, Command][] = [
    ['update', command('member.update', { memberId: 'ghost', name: 'x', attributes: {} })],
    ['setActive', command('member.setActive', { memberId: 'ghost', active: false })],
    ['newSeatCode', command('member.newSeatCode', { memberId: 'ghost' })],
    ['seat.release', command('seat.release', { memberId: 'ghost' })],
  ];
  it.each(cases)('%s of an unknown member -> NOT_FOUND member', (_name, cmd) => {
    const conv = deepFreeze(roomFixture());
    const { error, events, state } = run(conv, cmd);
    expect(error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'member' } });
    expect(events).toEqual([]);
    expect(state).toBe(conv);
  });
});

describe('claimSeat', () => {
  // Room: session 1 live (guests allowed), session 2 planned; members 0-3 present, 0-1 hold a phone.
  type Who = 'present' | 'absent' | 'inactive';
  const setup = () => {
    let conv = roomFixture();
    conv = must(conv, command('member.setActive', { memberId: conv.memberOrder[3]!, active: false }));
    return deepFreeze(conv);
  };
  const memberFor = (conv: Convention, who: Who) => conv.members[conv.memberOrder[{ present: 1, absent: 4, inactive: 3 }[who]]!]!;

  // [case, session (0 live, 1 planned), member, how the codes are typed, expected event types]
  const happy: [string, 0 | 1, Who, (code: string) => string, string[]][] = [
    ['absent member, live session: claimed and marked present', 0, 'absent', (c) => c, ['SeatClaimed', 'PresenceMarked']],
    ['present member, live session: claimed only', 0, 'present', (c) => c, ['SeatClaimed']],
    ['absent member, planned session: claimed, not present', 1, 'absent', (c) => c, ['SeatClaimed']],
    ['lower case codes', 0, 'absent', (c) => c.toLowerCase(), ['SeatClaimed', 'PresenceMarked']],
    ['dashes and spaces', 0, 'absent', (c) => ` ${c.slice(0, 3).toLowerCase()}-${c.slice(3)} `, ['SeatClaimed', 'PresenceMarked']],
  ];

  it.each(happy)('%s', (_name, sessionIndex, who, typed, types) => {
    const conv = setup();
    const session = sessionAt(conv, sessionIndex);
    const member = memberFor(conv, who);
    const { events, state, data, error } = claim(conv, { sessionCode: typed(session.code), seatCode: typed(member.seatCode) }, 'hash-new');
    expect(error).toBeNull();
    expect(events.map((e) => e.type)).toEqual(types);
    expect(events[0]).toEqual({ type: 'SeatClaimed', memberId: member.id, tokenHash: 'hash-new' });
    expect(data).toEqual({ memberId: member.id, sessionId: session.id });
    expect(state.members[member.id]!.tokenHash).toBe('hash-new');
    expect(Boolean(state.sessions[session.id]!.present[member.id])).toBe(session.status === 'live');
    if (types.includes('PresenceMarked')) expect(events[1]).toEqual({ type: 'PresenceMarked', sessionId: session.id, memberIds: [member.id], present: true });
  });

  it('a second phone replaces the token hash of the first', () => {
    const conv = setup();
    const member = memberFor(conv, 'present');
    expect(member.tokenHash).toMatch(/^tokenhash-/);
    const { state } = claim(conv, { sessionCode: sessionAt(conv, 0).code, seatCode: member.seatCode }, 'hash-second-phone');
    expect(state.members[member.id]!.tokenHash).toBe('hash-second-phone');
  });

  it('abc-def and ABCDEF are the same code', () => {
    expect(normalizeCode('abc-def')).toBe('ABCDEF');
    expect(normalizeCode(' a b\tc-d-e f ')).toBe('ABCDEF');
  });

  it('a guest asks: a pending request, nobody joins the roster until admitted', () => {
    const conv = setup();
    const session = sessionAt(conv, 0);
    const { events, state, data, error } = askAsGuest(conv, { sessionCode: session.code, displayName: 'Visiteur' }, 'hash-guest');
    expect(error).toBeNull();
    expect(events.map((e) => e.type)).toEqual(['GuestRequested']);
    expect(state.memberOrder).toEqual(conv.memberOrder);
    const requestId = (data as { requestId: string }).requestId;
    expect(state.guestRequests?.[requestId]).toMatchObject({ name: 'Visiteur', tokenHash: 'hash-guest', status: 'pending', sessionId: session.id });
    expect(Object.keys(state.sessions[session.id]!.present)).toEqual(Object.keys(conv.sessions[session.id]!.present));

    const admitted = run(state, command('guest.admit', { requestId }));
    expect(admitted.error).toBeNull();
    expect(admitted.events.map((e) => e.type)).toEqual(['MembersAdded', 'SeatClaimed', 'GuestAdmitted', 'PresenceMarked']);
    const guest = lastMember(admitted.state);
    expect(guest).toMatchObject({ name: 'Visiteur', origin: 'guest', active: true, tokenHash: 'hash-guest' });
    expect(guest.seatCode).toMatch(CODE);
    expect(Object.values(conv.members).map((m) => m.seatCode)).not.toContain(guest.seatCode);
    expect(admitted.data).toEqual({ memberId: guest.id });
    expect(admitted.state.sessions[session.id]!.present[guest.id]).toBe(true);
    expect(admitted.state.guestRequests?.[requestId]).toBeUndefined();
  });

  it('a refused guest stays out; the refusal can be undone by admitting after all', () => {
    const conv = setup();
    const asked = askAsGuest(conv, { sessionCode: sessionAt(conv, 0).code, displayName: 'Visiteur' }, 'hash-guest');
    const requestId = (asked.data as { requestId: string }).requestId;
    const refused = run(asked.state, command('guest.refuse', { requestId }));
    expect(refused.events.map((e) => e.type)).toEqual(['GuestRefused']);
    expect(refused.state.memberOrder).toEqual(conv.memberOrder);
    expect(refused.state.guestRequests?.[requestId]?.status).toBe('refused');
    expect(run(refused.state, command('guest.refuse', { requestId })).events).toEqual([]);
    const admitted = run(refused.state, command('guest.admit', { requestId }));
    expect(lastMember(admitted.state)).toMatchObject({ name: 'Visiteur', origin: 'guest' });
  });

  it('a session takes at most LIMITS.guestRequestsPendingMax waiting guests', () => {
    let conv = setup();
    const code = sessionAt(conv, 0).code;
    for (let i = 0; i < LIMITS.guestRequestsPendingMax; i++) conv = askAsGuest(conv, { sessionCode: code, displayName: `Invité ${i}` }, `hash-${i}`).state;
    const over = askAsGuest(conv, { sessionCode: code, displayName: 'Un de trop' }, 'hash-over');
    expect(over.error?.code).toBe('TOO_MANY_GUESTS');
    expect(over.state).toBe(conv);
  });

  it('closing the session drops its guest requests', () => {
    const conv = setup();
    const session = sessionAt(conv, 0);
    const asked = askAsGuest(conv, { sessionCode: session.code, displayName: 'Visiteur' }, 'hash-guest');
    const closed = must(asked.state, command('session.close', { sessionId: session.id }));
    expect(Object.keys(closed.guestRequests ?? {})).toEqual([]);
  });

  // [case, error code, request builder]
  const refusals: [string, ErrorCode, (conv: Convention) => JoinRequest][] = [
    ['unknown session code', 'SESSION_CODE_UNKNOWN', (c) => ({ sessionCode: 'QQQQQQ', seatCode: memberFor(c, 'absent').seatCode })],
    ['unknown seat code', 'SEAT_CODE_UNKNOWN', (c) => ({ sessionCode: sessionAt(c, 0).code, seatCode: 'QQQQQQ' })],
    ['seat code of an inactive member', 'MEMBER_INACTIVE', (c) => ({ sessionCode: sessionAt(c, 0).code, seatCode: memberFor(c, 'inactive').seatCode })],
  ];

  it.each(refusals)('%s -> %s', (_name, code, request) => {
    const conv = setup();
    const result = claim(conv, request(conv), 'hash-x');
    expect(result.error?.code).toBe(code);
    expect(result.events).toEqual([]);
    expect(result.state).toBe(conv);
  });

  it('guest in a live session that does not allow guests -> GUESTS_NOT_ALLOWED', () => {
    let conv = conventionWith({ sessions: 1 });
    conv = deepFreeze(must(conv, command('session.open', { sessionId: conv.sessionOrder[0]! })));
    const result = askAsGuest(conv, { sessionCode: sessionAt(conv, 0).code, displayName: 'Visiteur' }, 'h');
    expect(result.error?.code).toBe('GUESTS_NOT_ALLOWED');
    expect(result.state).toBe(conv);
  });

  it('guest in a planned session -> GUESTS_NOT_ALLOWED', () => {
    const conv = setup();
    const result = askAsGuest(conv, { sessionCode: sessionAt(conv, 1).code, displayName: 'Visiteur' }, 'h');
    expect(result.error?.code).toBe('GUESTS_NOT_ALLOWED');
    expect(result.state).toBe(conv);
  });
});
