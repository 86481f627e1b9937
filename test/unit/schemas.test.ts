import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type CommandName, commandRoles, commandSchemas } from '../../shared/registry.ts';
import { LIMITS } from '../../shared/limits.ts';
import { envelopeSchema } from '../../shared/schemas.ts';
import { coreSchemas, joinBodySchema } from '../../shared/features/core/commands.ts';

type Payload = Record<string, unknown>;

/** Activity and proposal commands are tested with their areas; every other command is covered here. */
type ActivityCommandName = Extract<CommandName, `ranking.${string}` | `activity.${string}` | `proposal.${string}` | `vote.${string}` | `consensus.${string}` | `grading.${string}` | `timer.${string}` | `speaking.${string}` | `vision.${string}` | `poll.${string}` | `question.${string}` | `speed.${string}` | `followup.${string}` | `publication.${string}` | `strata.${string}` | `series.${string}`>;
type CoreCommandName = Exclude<CommandName, ActivityCommandName>;

/** One valid payload per core command; the compiler checks every core command is here. */
const VALID = {
  'convention.create': { name: 'Convention citoyenne', keys: { facilitator: 'f'.repeat(21), projector: 'p'.repeat(21), support: 's'.repeat(21) } },
  'convention.rename': { name: 'Convention citoyenne' },
  'convention.update': { name: 'Convention citoyenne', startDate: '2026-03-07', endDate: '2026-06-14', place: 'Grenoble' },
  'convention.setSmallGroupMin': { smallGroupMin: 5 },
  'convention.archive': { conventionId: 'c1' },
  'convention.unarchive': { conventionId: 'c1' },
  'roster.import': { csv: 'nom\nAlice' },
  'seat.claim': { sessionCode: 'ABCDEF', seatCode: 'QWERTY' },
  'demo.seed': { part: 'members', memberCount: 10 },
  'template.apply': { template: 'grenoble' },
  'lever.add': { title: 'Mobilité' },
  'lever.rename': { leverId: 'l1', title: 'Mobilité' },
  'lever.remove': { leverId: 'l1' },
  'lever.move': { leverId: 'l1', index: 0 },
  'member.add': { name: 'Zoé', attributes: { gender: 'F' } },
  'member.update': { memberId: 'm1', name: 'Zoé', attributes: {} },
  'member.setActive': { memberId: 'm1', active: true },
  'member.newSeatCode': { memberId: 'm1' },
  'members.erase': { memberIds: ['m1'] },
  'convention.setRetention': { retention: { kind: 'daysAfterEnd', days: 180 } },
  'seat.release': { memberId: 'm1' },
  'guest.request': { sessionCode: 'ABCDEF', displayName: 'Invitée' },
  'guest.admit': { requestId: 'r1' },
  'guest.refuse': { requestId: 'r1' },
  'seat.resume': { sessionCode: 'ABCDEF' },
  'seat.leave': { memberId: 'm1' },
  'session.create': { title: 'Week-end 1', startDate: '2026-03-07', endDate: '2026-03-08' },
  'session.update': { sessionId: 's1', title: 'Week-end 1', startDate: '2026-03-07', endDate: '2026-03-08', allowGuests: false, quorum: 0 },
  'session.move': { sessionId: 's1', index: 0 },
  'session.remove': { sessionId: 's1' },
  'session.open': { sessionId: 's1' },
  'session.close': { sessionId: 's1' },
  'agenda.add': { sessionId: 's1', title: 'Accueil', kind: 'talk', durationMin: 15 },
  'agenda.addMany': { sessionId: 's1', items: [{ title: 'Accueil', kind: 'talk', durationMin: 15 }, { title: 'Pause', kind: 'break', durationMin: null }] },
  'agenda.update': { sessionId: 's1', itemId: 'i1', title: 'Accueil', kind: 'talk', durationMin: null },
  'agenda.remove': { sessionId: 's1', itemId: 'i1' },
  'agenda.move': { sessionId: 's1', itemId: 'i1', index: 3 },
  'agenda.setCurrent': { sessionId: 's1', itemId: null },
  'tables.create': { sessionId: 's1', count: 5 },
  'tables.assignRandom': { sessionId: 's1', balanceOn: null },
  'tables.seat': { sessionId: 's1', memberId: 'm1', tableId: 't1' },
  'tables.rename': { sessionId: 's1', tableId: 't1', name: 'Table A' },
  'groups.create': { sessionId: 's1', count: 4 },
  'groups.assignRandom': { sessionId: 's1', balanceOn: 'gender' },
  'groups.seat': { sessionId: 's1', memberId: 'm1', groupId: null },
  'groups.rename': { sessionId: 's1', groupId: 'g1', name: 'Groupe A' },
  'presence.mark': { sessionId: 's1', memberIds: ['m1'], present: true },
  'presence.markConnected': { sessionId: 's1' },
  'screen.show': { sessionId: 's1', panel: 'agenda' },
  'screen.showStrata': { sessionId: 's1', ref: { kind: 'check', id: 'c1', proposalId: 'p1' }, attribute: 'ageBracket' },
} satisfies { [N in CoreCommandName]: v.InferInput<(typeof commandSchemas)[N]> };

const ALL = Object.keys(commandSchemas) as CommandName[];
const NAMES = Object.keys(VALID) as CoreCommandName[];
const ok = (name: CommandName, payload: unknown) => v.safeParse(commandSchemas[name], payload).success;
const parse = (name: CommandName, payload: unknown) => v.parse(commandSchemas[name] as v.GenericSchema, payload) as Payload;
const withField = (name: CoreCommandName, field: string, value: unknown): Payload => ({ ...VALID[name], [field]: value });
const OPTIONAL = new Set(['member.add.attributes', 'convention.create.levers', 'demo.seed.index']);

const BAD_IDS = ['', 'x'.repeat(65), 42, true, [], {}, undefined];
const BAD_TEXT = (max: number) => ['', '   ', '\n\t', 'x'.repeat(max + 1), 42, null, ['x'], undefined];
const BAD_DATES = ['', '2026-1-07', '07/03/2026', '2026/03/07', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '2026-03-07T10:00:00Z', ' 2026-03-07', '20260307', 20260307, null];
const TEXT_FIELDS: Record<string, number> = { name: LIMITS.nameMax, title: LIMITS.titleMax };
const isIdField = (field: string) => /Id$/.test(field);

describe('every command', () => {
  it('has a role list, and the samples name real commands', () => {
    expect(Object.keys(commandRoles).sort()).toEqual([...ALL].sort());
    for (const name of NAMES) expect(ALL).toContain(name);
  });

  it.each(ALL)('%s: a strict object that refuses non-objects', (name) => {
    expect(commandSchemas[name].type).toBe('strict_object');
    for (const payload of [null, undefined, 'x', 1, true, []]) expect(ok(name, payload), JSON.stringify(payload)).toBe(false);
  });

  it.each(NAMES)('%s: the sample passes', (name) => {
    expect(v.safeParse(commandSchemas[name], VALID[name]).issues).toBeUndefined();
  });

  it.each(NAMES)('%s: not an object, an extra key, or a missing key fails', (name) => {
    for (const payload of [null, undefined, 'x', 1, [], [VALID[name]]]) expect(ok(name, payload), JSON.stringify(payload)).toBe(false);
    expect(ok(name, { ...VALID[name], extra: 1 })).toBe(false);
    // Own or inherited, a key the schema does not declare is refused.
    expect(ok(name, { ...VALID[name], __proto__: { injected: 1 } })).toBe(false);
    expect(ok(name, JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(VALID[name]).slice(1)}`))).toBe(false);
    expect(ok(name, JSON.parse(`{"constructor":1,${JSON.stringify(VALID[name]).slice(1)}`))).toBe(false);
    for (const field of Object.keys(VALID[name])) {
      const { [field]: _dropped, ...rest } = VALID[name] as Payload;
      expect(ok(name, rest), `without ${field}`).toBe(OPTIONAL.has(`${name}.${field}`));
    }
  });

  it.each(NAMES)('%s: id and text fields refuse bad values', (name) => {
    for (const field of Object.keys(VALID[name])) {
      const bad = isIdField(field) ? BAD_IDS : TEXT_FIELDS[field] ? BAD_TEXT(TEXT_FIELDS[field]) : [];
      for (const value of bad) expect(ok(name, withField(name, field, value)), `${field} = ${JSON.stringify(value)}`).toBe(false);
      if (isIdField(field)) expect(ok(name, withField(name, field, 'x'.repeat(64)))).toBe(true);
      if (TEXT_FIELDS[field]) {
        const max = TEXT_FIELDS[field];
        expect(parse(name, withField(name, field, `  ${'é'.repeat(max)}\n`))[field]).toBe('é'.repeat(max));
        expect(parse(name, withField(name, field, '  Zoé  Lefèvre \t'))[field]).toBe('Zoé  Lefèvre');
      }
    }
  });

  it.each(NAMES.filter((n) => Object.keys(VALID[n]).some((f) => f.endsWith('Date'))))('%s: dates must be YYYY-MM-DD', (name) => {
    for (const field of ['startDate', 'endDate']) {
      // A convention's dates may stay unset (null); a session's may not.
      for (const value of BAD_DATES.filter((d) => !(name === 'convention.update' && d === null))) expect(ok(name, withField(name, field, value)), `${field} = ${JSON.stringify(value)}`).toBe(false);
      for (const value of ['2026-01-01', '2026-12-31', '2028-02-29']) expect(ok(name, withField(name, field, value))).toBe(true);
    }
  });
});

// [command, field, value, passes?]
const FIELDS: [CoreCommandName, string, unknown, boolean][] = [
  ['convention.setSmallGroupMin', 'smallGroupMin', 1, false],
  ['convention.setSmallGroupMin', 'smallGroupMin', 2, true],
  ['convention.setSmallGroupMin', 'smallGroupMin', 20, true],
  ['convention.setSmallGroupMin', 'smallGroupMin', 21, false],
  ['convention.setSmallGroupMin', 'smallGroupMin', 4.5, false],
  ['convention.setSmallGroupMin', 'smallGroupMin', '5', false],
  ['lever.move', 'index', -1, false],
  ['lever.move', 'index', 1.5, false],
  ['lever.move', 'index', LIMITS.leversMax + 1, false],
  ['lever.move', 'index', '0', false],
  ['lever.move', 'index', Number.NaN, false],
  ['lever.move', 'index', LIMITS.leversMax, true],
  ['member.add', 'attributes', { gender: 1 }, false],
  ['member.add', 'attributes', { '': 'x' }, false],
  ['member.add', 'attributes', { ['k'.repeat(LIMITS.attributeKeyMax + 1)]: 'x' }, false],
  ['member.add', 'attributes', { k: 'v'.repeat(LIMITS.attributeValueMax + 1) }, false],
  ['member.add', 'attributes', Object.fromEntries(Array.from({ length: LIMITS.attributesMax + 1 }, (_, i) => [`k${i}`, 'v'])), false],
  ['member.add', 'attributes', Object.fromEntries(Array.from({ length: LIMITS.attributesMax }, (_, i) => [`k${i}`, 'v'])), true],
  ['member.add', 'attributes', { ['k'.repeat(LIMITS.attributeKeyMax)]: 'v'.repeat(LIMITS.attributeValueMax) }, true],
  ['member.add', 'attributes', { gender: '' }, true],
  ['member.update', 'attributes', null, false],
  ['member.setActive', 'active', 'true', false],
  ['member.setActive', 'active', 1, false],
  ['member.setActive', 'active', null, false],
  ['session.update', 'allowGuests', 'yes', false],
  ['session.update', 'guestsVote', 'yes', false],
  ['session.update', 'guestsVote', true, true],
  ['session.update', 'quorum', -1, false],
  ['session.update', 'quorum', 0.5, false],
  ['session.update', 'quorum', 100_001, false],
  ['session.update', 'quorum', null, false],
  ['session.update', 'quorum', 100_000, true],
  ['agenda.add', 'kind', 'lunch', false],
  ['agenda.add', 'kind', 'TALK', false],
  ['agenda.add', 'kind', null, false],
  ['agenda.add', 'kind', 'break', true],
  ['agenda.add', 'durationMin', 0, false],
  ['agenda.add', 'durationMin', -15, false],
  ['agenda.add', 'durationMin', 1.5, false],
  ['agenda.add', 'durationMin', 24 * 60 + 1, false],
  ['agenda.add', 'durationMin', '15', false],
  ['agenda.add', 'durationMin', undefined, false],
  ['agenda.add', 'durationMin', Number.POSITIVE_INFINITY, false],
  ['agenda.add', 'durationMin', 24 * 60, true],
  ['agenda.add', 'durationMin', null, true],
  ['agenda.move', 'index', -1, false],
  ['agenda.move', 'index', LIMITS.agendaItemsMax + 1, false],
  ['agenda.move', 'index', LIMITS.agendaItemsMax, true],
  ['agenda.setCurrent', 'itemId', undefined, false],
  ['agenda.setCurrent', 'itemId', '', false],
  ['agenda.setCurrent', 'itemId', 'i1', true],
  ['tables.create', 'count', 0, false],
  ['tables.create', 'count', -2, false],
  ['tables.create', 'count', 2.5, false],
  ['tables.create', 'count', LIMITS.tablesMax + 1, false],
  ['tables.create', 'count', '3', false],
  ['tables.create', 'count', 1, true],
  ['tables.create', 'count', LIMITS.tablesMax, true],
  ['tables.assignRandom', 'balanceOn', 'k'.repeat(LIMITS.attributeKeyMax + 1), false],
  ['tables.assignRandom', 'balanceOn', 3, false],
  ['tables.assignRandom', 'balanceOn', undefined, false],
  ['tables.assignRandom', 'balanceOn', 'gender', true],
  ['tables.seat', 'tableId', null, true],
  ['tables.seat', 'tableId', '', false],
  ['presence.mark', 'memberIds', [], false],
  ['presence.mark', 'memberIds', 'm1', false],
  ['presence.mark', 'memberIds', ['m1', ''], false],
  ['presence.mark', 'memberIds', ['m1', 2], false],
  ['presence.mark', 'memberIds', Array.from({ length: LIMITS.membersPerImportMax + 1 }, (_, i) => `m${i}`), false],
  ['presence.mark', 'memberIds', Array.from({ length: LIMITS.membersPerImportMax }, (_, i) => `m${i}`), true],
  ['presence.mark', 'present', 'yes', false],
  ['screen.show', 'panel', 'votes', true],
  ['screen.show', 'panel', 'ranking', false],
  ['screen.show', 'panel', '', false],
  ['screen.show', 'panel', 'welcome', true],
  ['screen.showStrata', 'ref', { kind: 'vote', id: 'v1' }, true],
  ['screen.showStrata', 'ref', { kind: 'grading', id: 'g1', proposalId: 'p1' }, true],
  ['screen.showStrata', 'ref', { kind: 'check', id: 'c1' }, false],
  ['screen.showStrata', 'ref', { kind: 'vote', id: 'v1', proposalId: 'p1' }, false],
  ['screen.showStrata', 'ref', { kind: 'ranking', id: 'r1' }, false],
  ['screen.showStrata', 'attribute', '', false],
  ['screen.showStrata', 'attribute', 'x'.repeat(LIMITS.attributeKeyMax + 1), false],
];

describe('field rules', () => {
  it.each(FIELDS.map(([n, f, value, pass]) => [n, f, JSON.stringify(value)?.slice(0, 40) ?? String(value), pass ? 'passes' : 'fails', value] as const))(
    '%s.%s = %s %s',
    (name, field, _shown, expected, value) => {
      expect(ok(name, withField(name, field, value))).toBe(expected === 'passes');
    },
  );

  it('member.add defaults attributes to {}', () => {
    expect(parse('member.add', { name: 'Zoé' })).toEqual({ name: 'Zoé', attributes: {} });
  });

  it('attribute keys that reach the prototype chain are dropped, not applied', () => {
    const out = parse('member.add', JSON.parse('{"name":"Zoé","attributes":{"__proto__":{"polluted":"x"},"gender":"F"}}'));
    expect(out.attributes).toEqual({ gender: 'F' });
    expect(({} as Payload).polluted).toBeUndefined();
  });

  // Regression test (fixed bug, shared/schema-parts.ts:25, low severity): v.record() accepts arrays, so `attributes: ['F', 'H']`
  // passes and is stored as { '0': 'F', '1': 'H' }. Fix: refuse arrays before the record, e.g.
  // v.pipe(v.custom((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'an object'), v.record(...), ...).
  it.each([[[]], [['F', 'H']]])('member.add refuses attributes = %j', (attributes) => {
    expect(ok('member.add', { name: 'Zoé', attributes })).toBe(false);
  });

  // Regression test (fixed bug, shared/schema-parts.ts:16): `v.isoDate()` only checks the shape (month 01-12, day 01-31), so
  // impossible calendar dates pass and are stored as session dates. Fix: add a check such as
  // v.check((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date').
  it.each(['2026-02-30', '2026-02-29', '2026-04-31', '2026-06-31'])('session.create refuses the impossible date %s', (date) => {
    expect(ok('session.create', { ...VALID['session.create'], startDate: date, endDate: date })).toBe(false);
  });
});

describe('envelope and join request', () => {
  // [case, payload, passes?]
  const envelopes: [string, unknown, boolean][] = [
    ['valid', { cid: 'abcd-1234_XY', args: { any: 'thing' } }, true],
    ['args may be anything', { cid: 'abcdefgh', args: null }, true],
    ['cid too short', { cid: 'abc', args: {} }, false],
    ['cid too long', { cid: 'a'.repeat(LIMITS.cidMax + 1), args: {} }, false],
    ['cid with spaces', { cid: 'abcd efgh', args: {} }, false],
    ['cid with a slash', { cid: 'abcd/efgh', args: {} }, false],
    ['cid not a string', { cid: 12345678, args: {} }, false],
    ['extra key', { cid: 'abcdefgh', args: {}, name: 'lever.add' }, false],
  ];
  it.each(envelopes)('envelope: %s', (_name, payload, pass) => {
    expect(v.safeParse(envelopeSchema, payload).success).toBe(pass);
  });

  const joins: [string, unknown, boolean][] = [
    ['seat code', { sessionCode: 'ABCDEF', seatCode: 'QWERTY' }, true],
    ['display name', { sessionCode: 'ABCDEF', displayName: 'Invité' }, true],
    ['session code only: a seat code or a display name is needed', { sessionCode: 'ABCDEF' }, false],
    ['both a seat code and a display name', { sessionCode: 'ABCDEF', seatCode: 'QWERTY', displayName: 'Alice' }, false],
    ['session code too short', { sessionCode: 'AB', seatCode: 'QWERTY' }, false],
    ['session code too long', { sessionCode: 'A'.repeat(LIMITS.codeMax + 1), seatCode: 'QWERTY' }, false],
    ['seat code of blanks', { sessionCode: 'ABCDEF', seatCode: '     ' }, false],
    ['empty display name', { sessionCode: 'ABCDEF', displayName: '  ' }, false],
    ['display name too long', { sessionCode: 'ABCDEF', displayName: 'x'.repeat(LIMITS.nameMax + 1) }, false],
    ['extra key', { sessionCode: 'ABCDEF', seatCode: 'QWERTY', token: 'x' }, false],
    ['number code', { sessionCode: 123456, seatCode: 'QWERTY' }, false],
  ];
  it.each(joins)('join: %s', (_name, payload, pass) => {
    expect(v.safeParse(joinBodySchema, payload).success).toBe(pass);
  });

  it('join codes are trimmed', () => {
    expect(v.parse(joinBodySchema, { sessionCode: '  abc-def ', seatCode: ' qwe rty ', displayName: undefined })).toEqual({ sessionCode: 'abc-def', seatCode: 'qwe rty' });
    expect(v.parse(coreSchemas['seat.claim'], { sessionCode: '  abc-def ', seatCode: ' qwe rty ' })).toEqual({ sessionCode: 'abc-def', seatCode: 'qwe rty' });
  });
});
