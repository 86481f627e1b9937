import { describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import { attendanceCurves, publicStrata, representation, sessionRepresentation, stratumRow, type AttendanceRow } from '../../shared/features/strata/representation.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../shared/features/strata/types.ts';
import { admittedGuest, command, conventionWith, must, type MemberSpec } from '../helpers/domain-fixtures.ts';

// The representativeness monitor (shared/features/strata/representation.ts), table-driven: per
// session and attribute, per value, the roster, the present, shares, targets and gaps; frozen
// counts of a closed session; the curve across sessions; the public split that prints no count
// of a stratum under k.

const ROOM: MemberSpec[] = [
  // One member in three attributes at once: counted once in each, never crossed.
  { name: 'A', attributes: { ageBracket: '18-24', gender: 'F', territory: 'Nord' } },
  { name: 'B', attributes: { ageBracket: '18-24', gender: 'H', territory: 'Nord' } },
  { name: 'C', attributes: { ageBracket: '65+', gender: 'F', territory: 'Sud' } },
  // An empty value and a value of spaces: both "non renseigné".
  { name: 'D', attributes: { ageBracket: '25-34', gender: '', territory: 'Sud' } },
  { name: 'E', attributes: { ageBracket: '25-34', gender: '  ', territory: 'Sud' } },
  { name: 'F', attributes: { ageBracket: '65+' } },
];

/** The room above, territory and gender reported, session 1 live with `present` (names) marked present. */
function room(present: string[], targets: Record<string, number> = {}): { conv: Convention; s1: string; s2: string } {
  let conv = conventionWith({ members: ROOM });
  const [s1, s2] = conv.sessionOrder as [string, string];
  conv = must(conv, command('strata.choose', { attributes: ['territory', 'gender'] }));
  if (Object.keys(targets).length > 0) conv = must(conv, command('strata.setTargets', { attribute: 'territory', targets }));
  conv = must(conv, command('session.update', { sessionId: s1, title: 'Week-end 1', startDate: '2026-03-07', endDate: '2026-03-08', allowGuests: true, quorum: 0 }));
  conv = must(conv, command('session.open', { sessionId: s1 }));
  const ids = present.map((name) => conv.memberOrder.find((id) => conv.members[id]!.name === name)!);
  if (ids.length > 0) conv = must(conv, command('presence.mark', { sessionId: s1, memberIds: ids, present: true }));
  return { conv, s1, s2 };
}

const rowsOf = (conv: Convention, sessionId: string, attribute: string) => sessionRepresentation(conv, sessionId)!.attributes.find((a) => a.attribute === attribute)!.rows;
const brief = (rows: AttendanceRow[]) => rows.map((r) => [r.value, r.roster, r.present]);

describe('sessionRepresentation: who is present by stratum', () => {
  it.each([
    {
      case: 'everybody present',
      present: ['A', 'B', 'C', 'D', 'E', 'F'],
      territory: [['Nord', 2, 2], ['Sud', 3, 3], [VALUE_NOT_GIVEN, 1, 1]],
      gender: [['F', 2, 2], ['H', 1, 1], [VALUE_NOT_GIVEN, 3, 3]],
    },
    {
      case: 'the North stayed home',
      present: ['C', 'D', 'E'],
      territory: [['Nord', 2, 0], ['Sud', 3, 3], [VALUE_NOT_GIVEN, 1, 0]],
      gender: [['F', 2, 1], ['H', 1, 0], [VALUE_NOT_GIVEN, 3, 2]],
    },
    { case: 'nobody yet', present: [], territory: [['Nord', 2, 0], ['Sud', 3, 0], [VALUE_NOT_GIVEN, 1, 0]], gender: [['F', 2, 0], ['H', 1, 0], [VALUE_NOT_GIVEN, 3, 0]] },
  ])('$case', ({ present, territory, gender }) => {
    const { conv, s1 } = room(present);
    expect(brief(rowsOf(conv, s1, 'territory'))).toEqual(territory);
    expect(brief(rowsOf(conv, s1, 'gender'))).toEqual(gender);
    const one = sessionRepresentation(conv, s1)!;
    expect(one).toMatchObject({ status: 'live', frozen: false, rosterTotal: 6, presentTotal: present.length, guestsPresent: 0 });
  });

  it.each([
    // target in basis points, present of 4 (C, D, E, A): shares in percent, gaps in points, one decimal.
    { value: 'Nord', targetBp: 4000, row: { roster: 2, present: 1, rosterShare: 33.3, presentShare: 25, target: 40, gapToRoster: -8.3, gapToTarget: -15 } },
    { value: 'Sud', targetBp: 5000, row: { roster: 3, present: 3, rosterShare: 50, presentShare: 75, target: 50, gapToRoster: 25, gapToTarget: 25 } },
    { value: 'Ouest', targetBp: 1000, row: { roster: 0, present: 0, rosterShare: 0, presentShare: 0, target: 10, gapToRoster: 0, gapToTarget: -10 } },
  ])('$value: shares, target and gaps', ({ value, targetBp, row }) => {
    const { conv, s1 } = room(['A', 'C', 'D', 'E'], { Nord: 4000, Sud: 5000, Ouest: 1000 });
    expect(targetBp).toBe(conv.strata!.targets.territory![value]);
    expect(rowsOf(conv, s1, 'territory').find((r) => r.value === value)).toEqual({ value, ...row });
    // "non renseigné" has no target: null, not 0.
    expect(rowsOf(conv, s1, 'territory').at(-1)).toMatchObject({ value: VALUE_NOT_GIVEN, target: null, gapToTarget: null });
  });

  it('counts guests apart, in no stratum; a member who left mid-session still came, and is off the roster', () => {
    const { conv: base, s1 } = room(['A', 'B', 'C']);
    let conv = admittedGuest(base, base.sessions[s1]!.code, 'Invitée', 'tokenhash-guest-0123456789abcdef').state;
    conv = must(conv, command('member.setActive', { memberId: conv.memberOrder[1]!, active: false, reason: 'parti' }));
    expect(sessionRepresentation(conv, s1)).toMatchObject({ rosterTotal: 5, presentTotal: 3, guestsPresent: 1 });
    expect(brief(rowsOf(conv, s1, 'territory'))).toEqual([['Nord', 1, 2], ['Sud', 3, 1], [VALUE_NOT_GIVEN, 1, 0]]);
  });

  it('an erased member present in the live session is counted "non renseigné"; the closed session keeps its frozen counts', () => {
    const { conv: base, s1 } = room(['A', 'B', 'C']);
    let conv = must(base, command('session.close', { sessionId: s1 }));
    const frozen = sessionRepresentation(conv, s1)!;
    expect(frozen.frozen).toBe(true);
    conv = must(conv, command('session.open', { sessionId: conv.sessionOrder[1]! }));
    conv = must(conv, command('presence.mark', { sessionId: conv.sessionOrder[1]!, memberIds: [conv.memberOrder[0]!, conv.memberOrder[2]!], present: true }));
    conv = must(conv, command('members.erase', { memberIds: [conv.memberOrder[0]!] }));
    expect(sessionRepresentation(conv, s1)).toEqual(frozen);
    expect(brief(rowsOf(conv, conv.sessionOrder[1]!, 'territory'))).toEqual([['Nord', 1, 0], ['Sud', 3, 1], [VALUE_NOT_GIVEN, 1, 1]]);
  });

  it('a planned session has no monitor; an attribute declared after a session closed is "not counted" there', () => {
    const { conv: base, s1, s2 } = room(['A']);
    expect(sessionRepresentation(base, s2)).toBeNull();
    let conv = must(base, command('session.close', { sessionId: s1 }));
    conv = must(conv, command('strata.declare', { name: 'QPV' }));
    conv = must(conv, command('strata.choose', { attributes: ['QPV', 'territory'] }));
    expect(sessionRepresentation(conv, s1)!.attributes.map((a) => [a.attribute, a.counted])).toEqual([['QPV', false], ['territory', true]]);
    expect(representation(conv).map((s) => s.sessionId)).toEqual([s1]);
  });
});

describe('attendanceCurves: which strata left, session after session', () => {
  it('gives each value’s present count per session held, frozen ones as they closed', () => {
    const { conv: base, s1, s2 } = room(['A', 'B', 'C', 'D', 'E', 'F']);
    let conv = must(base, command('session.open', { sessionId: s2 }));
    conv = must(conv, command('presence.mark', { sessionId: s2, memberIds: [conv.memberOrder[2]!, conv.memberOrder[3]!], present: true }));
    const [territory] = attendanceCurves(conv);
    expect(territory!.sessionIds).toEqual([s1, s2]);
    expect(territory!.values).toEqual([
      { value: 'Nord', present: [2, 0], roster: [2, 2] },
      { value: 'Sud', present: [3, 2], roster: [3, 3] },
      { value: VALUE_NOT_GIVEN, present: [1, 0], roster: [1, 1] },
    ]);
  });
});

describe('publicStrata: no count of a stratum under k', () => {
  const row = (value: string, roster: number, present: number, targetBp?: number) => stratumRow(value, { roster, present }, 100, 40, targetBp);
  it.each([
    { case: 'every value of k or more: all shown', rows: [row('A', 12, 10), row('B', 9, 5)], shown: ['A', 'B'], others: null, hidden: 0 },
    {
      case: 'a stratum of k − 1 present: merged, and the smallest shown joins it so the bucket reaches k',
      rows: [row('A', 20, 10), row('B', 6, 4), row('C', 7, 6)],
      shown: ['A'],
      others: { values: 2, roster: 13, present: 10 },
      hidden: 0,
    },
    {
      case: 'a stratum nobody of came (0 is under k): merged with the smallest shown',
      rows: [row('A', 20, 10), row('B', 3, 0), row('C', 8, 7)],
      shown: ['A'],
      others: { values: 2, roster: 11, present: 7 },
      hidden: 0,
    },
    { case: 'fewer than k present in all: no value counted', rows: [row('A', 5, 2), row('B', 5, 2)], shown: [], others: null, hidden: 2 },
    {
      case: 'two small strata that reach k together',
      rows: [row('A', 30, 20), row('B', 4, 3), row('C', 4, 3)],
      shown: ['A'],
      others: { values: 2, roster: 8, present: 6 },
      hidden: 0,
    },
  ])('$case', ({ rows, shown, others, hidden }) => {
    const split = publicStrata(rows, 100, 40, 5);
    expect(split.rows.map((r) => r.value)).toEqual(shown);
    expect(split.others === null ? null : { values: split.others.values, roster: split.others.roster, present: split.others.present }).toEqual(others);
    expect(split.hiddenValues).toBe(hidden);
    // Whatever the case, no published count is under k.
    for (const r of [...split.rows, ...(split.others ? [split.others] : [])]) {
      expect(r.present).toBeGreaterThanOrEqual(5);
      expect(r.roster).toBeGreaterThanOrEqual(5);
    }
    if (split.others) expect(split.others.value).toBe(OTHER_VALUES);
  });

  it('sums the merged values’ targets into the bucket’s', () => {
    const split = publicStrata([row('A', 20, 10, 5000), row('B', 6, 4, 1000), row('C', 7, 6, 1500)], 100, 40, 5);
    expect(split.others!.target).toBe(25);
  });
});
