import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { commandSchemas, replay } from '../../shared/registry.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../shared/features/strata/types.ts';
import { erasedOnlyValues, redactFrozen } from '../../shared/features/strata/erasure.ts';
import { admittedGuest, command, conventionWith, deepFreeze, importCsv, lastMember, must, run, type RunResult } from '../helpers/domain-fixtures.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';

// The strata settings (shared/features/strata/decide.ts): what the facilitator chooses, declares
// and targets, every refusal typed and changing nothing; custom attributes through member.add,
// member.update and the roster import; the attendance frozen when a session closes.

const member = (conv: Convention, index = 0): Actor => ({ role: 'member', conventionId: conv.id, memberId: conv.memberOrder[index]! });

/** A refusal: the code, no event, the very same state object. */
function refused(result: RunResult, before: Convention, code: string) {
  expect(result.error?.code).toBe(code);
  expect(result.events).toEqual([]);
  expect(result.state).toBe(before);
}

describe('strata.choose', () => {
  it('reports declared attributes in the order given, and the same list again changes nothing', () => {
    const conv = deepFreeze(conventionWith());
    const chosen = run(conv, command('strata.choose', { attributes: ['territory', 'ageBracket'] }));
    expect(chosen.data).toEqual({ reported: ['territory', 'ageBracket'] });
    expect(chosen.state.strata).toEqual({ reported: ['territory', 'ageBracket'], custom: [], targets: {} });
    const again = run(chosen.state, command('strata.choose', { attributes: ['territory', 'ageBracket'] }));
    expect(again.events).toEqual([]);
    expect(run(chosen.state, command('strata.choose', { attributes: [] })).state.strata!.reported).toEqual([]);
  });

  it.each([
    { why: 'an attribute nobody declared', attributes: ['quartier prioritaire'], code: 'STRATUM_UNKNOWN' },
    { why: 'a header, not a field key', attributes: ['Âge'], code: 'STRATUM_UNKNOWN' },
  ])('refuses $why with $code, changing nothing', ({ attributes, code }) => {
    const conv = deepFreeze(conventionWith());
    refused(run(conv, command('strata.choose', { attributes })), conv, code);
  });

  it('is the facilitator’s: a member’s phone is refused (FORBIDDEN) for every strata command', () => {
    const conv = deepFreeze(conventionWith());
    for (const cmd of [
      command('strata.choose', { attributes: ['gender'] }),
      command('strata.declare', { name: 'Quartier prioritaire' }),
      command('strata.undeclare', { name: 'Quartier prioritaire' }),
      command('strata.setTargets', { attribute: 'gender', targets: { F: 5000 } }),
    ]) {
      refused(run(conv, cmd, member(conv)), conv, 'FORBIDDEN');
      refused(run(conv, cmd, { role: 'projector', conventionId: conv.id }), conv, 'FORBIDDEN');
    }
  });
});

describe('strata.declare / undeclare', () => {
  it('declares a custom attribute that member.add, member.update and strata.choose then accept', () => {
    let conv = conventionWith();
    refused(run(conv, command('member.add', { name: 'Inès Morel', attributes: { 'Quartier prioritaire': 'oui' } })), conv, 'ROSTER_COLUMNS_UNDECLARED');
    conv = must(conv, command('strata.declare', { name: '  Quartier prioritaire ' }));
    expect(conv.strata!.custom).toEqual(['Quartier prioritaire']);
    conv = must(conv, command('member.add', { name: 'Inès Morel', attributes: { 'Quartier prioritaire': 'oui', gender: 'F' } }));
    expect(lastMember(conv).attributes).toEqual({ 'Quartier prioritaire': 'oui', gender: 'F' });
    conv = must(conv, command('member.update', { memberId: conv.memberOrder[0]!, name: 'Zoé Lefèvre', attributes: { ageBracket: '18-24', 'Quartier prioritaire': 'non' } }));
    expect(conv.members[conv.memberOrder[0]!]!.attributes['Quartier prioritaire']).toBe('non');
    expect(run(conv, command('strata.choose', { attributes: ['Quartier prioritaire'] })).error).toBeNull();
    expect(run(conv, command('strata.declare', { name: 'Quartier prioritaire' })).events).toEqual([]);
  });

  it.each([
    { name: 'Santé', code: 'STRATUM_SENSITIVE' },
    { name: 'religion', code: 'STRATUM_SENSITIVE' },
    { name: 'Courriel', code: 'STRATUM_SENSITIVE' },
    { name: 'gender', code: 'STRATUM_NAME_TAKEN' },
    { name: 'Genre', code: 'STRATUM_NAME_TAKEN' },
    { name: 'commune', code: 'STRATUM_NAME_TAKEN' },
    { name: 'QUARTIER  PRIORITAIRÉ', code: 'STRATUM_NAME_TAKEN' },
  ])('refuses "$name" with $code, changing nothing', ({ name, code }) => {
    const conv = deepFreeze(must(conventionWith(), command('strata.declare', { name: 'Quartier prioritaire' })));
    refused(run(conv, command('strata.declare', { name })), conv, code);
  });

  it('refuses a name over 40 characters or blank at the door (INVALID_PAYLOAD: the schema)', () => {
    for (const name of ['x'.repeat(41), '   ', '']) expect(v.safeParse(commandSchemas['strata.declare'], { name }).success).toBe(false);
    expect(v.safeParse(commandSchemas['strata.declare'], { name: 'x'.repeat(40) }).success).toBe(true);
  });

  it('stops at 7 custom attributes: with the 5 fields, the 12 a member may hold', () => {
    let conv = conventionWith();
    for (let i = 1; i <= 7; i++) conv = must(conv, command('strata.declare', { name: `Critère ${i}` }));
    refused(run(conv, command('strata.declare', { name: 'Critère 8' })), conv, 'LIMIT_REACHED');
  });

  it('refuses to undeclare a reported attribute; once unchecked it goes with its targets, members keep their values', () => {
    let conv = must(conventionWith(), command('strata.declare', { name: 'QPV' }));
    conv = must(conv, command('member.update', { memberId: conv.memberOrder[0]!, name: 'Zoé Lefèvre', attributes: { QPV: 'oui' } }));
    conv = must(conv, command('strata.setTargets', { attribute: 'QPV', targets: { oui: 2000 } }));
    conv = deepFreeze(must(conv, command('strata.choose', { attributes: ['QPV', 'gender'] })));
    refused(run(conv, command('strata.undeclare', { name: 'QPV' })), conv, 'STRATUM_REPORTED');
    refused(run(conv, command('strata.undeclare', { name: 'Inconnu' })), conv, 'STRATUM_UNKNOWN');
    conv = must(conv, command('strata.choose', { attributes: ['gender'] }));
    conv = must(conv, command('strata.undeclare', { name: 'QPV' }));
    expect(conv.strata).toMatchObject({ custom: [], targets: {}, reported: ['gender'] });
    expect(conv.members[conv.memberOrder[0]!]!.attributes).toEqual({ QPV: 'oui' });
    // Kept as it is through an edit, but no new value of it.
    expect(run(conv, command('member.update', { memberId: conv.memberOrder[0]!, name: 'Zoé', attributes: { QPV: 'oui' } })).error).toBeNull();
    expect(run(conv, command('member.update', { memberId: conv.memberOrder[0]!, name: 'Zoé', attributes: { QPV: 'non' } })).error?.code).toBe('ROSTER_COLUMNS_UNDECLARED');
  });
});

describe('strata.setTargets', () => {
  it('sets shares per value in basis points, replaces them, and {} clears them', () => {
    let conv = conventionWith();
    const set = run(conv, command('strata.setTargets', { attribute: 'gender', targets: { F: 5100, ' H ': 4900 } }));
    expect(set.data).toEqual({ attribute: 'gender', totalBp: 10000 });
    conv = set.state;
    expect(conv.strata!.targets).toEqual({ gender: { F: 5100, H: 4900 } });
    expect(run(conv, command('strata.setTargets', { attribute: 'gender', targets: { F: 5100, H: 4900 } })).events).toEqual([]);
    conv = must(conv, command('strata.setTargets', { attribute: 'territory', targets: { Brest: 3000 } }));
    conv = must(conv, command('strata.setTargets', { attribute: 'gender', targets: {} }));
    expect(conv.strata!.targets).toEqual({ territory: { Brest: 3000 } });
  });

  it.each([
    { why: 'targets over the whole room', attribute: 'gender', targets: { F: 6000, H: 4001 }, code: 'STRATA_TARGETS_OVER' },
    { why: 'an undeclared attribute', attribute: 'Religion', targets: { x: 10 }, code: 'STRATUM_UNKNOWN' },
  ])('refuses $why ($code), changing nothing', ({ attribute, targets, code }) => {
    const conv = deepFreeze(conventionWith());
    refused(run(conv, command('strata.setTargets', { attribute, targets })), conv, code);
  });

  it.each([
    { why: 'a share over 100 %', targets: { F: 10001 } },
    { why: 'a fraction of a basis point', targets: { F: 12.5 } },
    { why: 'a negative share', targets: { F: -1 } },
    { why: 'an empty value', targets: { ' ': 100 } },
    { why: 'a list instead of a record', targets: [5000] },
  ])('refuses $why at the door (INVALID_PAYLOAD: the schema)', ({ targets }) => {
    expect(v.safeParse(commandSchemas['strata.setTargets'], { attribute: 'gender', targets }).success).toBe(false);
  });
});

describe('roster import with a declared attribute', () => {
  const csv = 'Nom;Genre;Quartier prioritaire;Commentaire\nInès Morel;F;oui;x\nPaul Roux;H;;y\n';

  it('keeps a column whose header names a declared attribute (case and accents aside), under its declared name', () => {
    let conv = conventionWith({ members: [] });
    // Before it is declared, the column is neither recognised nor declared: the import is refused.
    expect(importCsv(conv, csv, { Commentaire: 'drop' }).error?.code).toBe('ROSTER_COLUMNS_UNDECLARED');
    conv = must(conv, command('strata.declare', { name: 'quartier  Prioritaire' }));
    const imported = importCsv(conv, csv, { Commentaire: 'drop' });
    expect(imported.error).toBeNull();
    const [ines, paul] = imported.state.memberOrder.map((id) => imported.state.members[id]!);
    expect(ines!.attributes).toEqual({ gender: 'F', 'quartier  Prioritaire': 'oui' });
    expect(paul!.attributes).toEqual({ gender: 'H' });
  });

  it('feeds a declared attribute from a column of another header, when the facilitator says so; an undeclared one is no choice', () => {
    let conv = must(conventionWith({ members: [] }), command('strata.declare', { name: 'QPV' }));
    const other = 'Nom;Quartier prioritaire;Commentaire\nInès Morel;oui;x\n';
    const refusedImport = importCsv(conv, other, { Commentaire: 'drop', 'Quartier prioritaire': 'attribute:Autre' });
    expect(refusedImport.error).toMatchObject({ code: 'ROSTER_COLUMNS_UNDECLARED', details: { headers: ['Quartier prioritaire'] } });
    const imported = importCsv(conv, other, { Commentaire: 'drop', 'Quartier prioritaire': 'attribute:QPV' });
    expect(imported.error).toBeNull();
    conv = imported.state;
    expect(conv.members[conv.memberOrder[0]!]!.attributes).toEqual({ QPV: 'oui' });
    expect(v.safeParse(commandSchemas['roster.import'], { csv: other, columns: { x: 'attribute:' } }).success).toBe(false);
    expect(v.safeParse(commandSchemas['roster.import'], { csv: other, columns: { x: 'attribut:QPV' } }).success).toBe(false);
  });
});

describe('attendance frozen at close', () => {
  /** Six members, two sessions; session 1 live with Zoé, François and Aïcha present, and a guest. */
  function heldSession() {
    let conv = conventionWith();
    const [s1] = conv.sessionOrder as [string];
    conv = must(conv, command('session.update', { sessionId: s1, title: 'Week-end 1', startDate: '2026-03-07', endDate: '2026-03-08', allowGuests: true, quorum: 0 }));
    conv = must(conv, command('session.open', { sessionId: s1 }));
    conv = must(conv, command('presence.mark', { sessionId: s1, memberIds: conv.memberOrder.slice(0, 3), present: true }));
    conv = admittedGuest(conv, conv.sessions[s1]!.code, 'Invité', 'tokenhash-guest-0123456789abcdef').state;
    return { conv, s1 };
  }

  it('puts the counts per stratum in the closing decision, guests apart', () => {
    const { conv, s1 } = heldSession();
    const closed = run(conv, command('session.close', { sessionId: s1 }));
    const frozen = closed.events.find((e) => e.type === 'SessionAttendanceFrozen') as Extract<DomainEvent, { type: 'SessionAttendanceFrozen' }>;
    expect(frozen.attendance).toMatchObject({ rosterTotal: 6, presentTotal: 3, guestsPresent: 1 });
    expect(frozen.attendance.counts.territory).toEqual({ Rennes: { roster: 2, present: 1 }, Brest: { roster: 2, present: 1 }, Quimper: { roster: 1, present: 1 }, Lorient: { roster: 1, present: 0 } });
    expect(Object.keys(frozen.attendance.counts).sort()).toEqual(['ageBracket', 'gender', 'territory']);
    expect(closed.state.strata!.attendance![s1]).toEqual(frozen.attendance);
  });

  it('never moves once closed: a member edited, deactivated or erased later leaves the counts as they were, replay included', () => {
    const { conv: held, s1 } = heldSession();
    let conv = must(held, command('session.close', { sessionId: s1 }));
    const before = structuredClone(conv.strata!.attendance![s1]);
    const [zoe, francois] = conv.memberOrder as [string, string];
    conv = must(conv, command('member.update', { memberId: zoe, name: 'Zoé Lefèvre', attributes: { territory: 'Brest' } }));
    conv = must(conv, command('member.setActive', { memberId: francois, active: false, reason: 'déménagement' }));
    conv = must(conv, command('members.erase', { memberIds: [zoe] }));
    expect(conv.strata!.attendance![s1]).toEqual(before);
    expect(conv.members[zoe]!.attributes).toEqual({});
  });

  it('a session closed without being live freezes nothing; reopened and closed again, it is frozen anew', () => {
    const { conv: held, s1 } = heldSession();
    const s2 = held.sessionOrder[1]!;
    expect(run(held, command('session.close', { sessionId: s2 })).events.map((e) => e.type)).toEqual(['SessionClosed']);
    let conv = must(held, command('session.close', { sessionId: s1 }));
    conv = must(conv, command('session.open', { sessionId: s1 }));
    conv = must(conv, command('presence.mark', { sessionId: s1, memberIds: [conv.memberOrder[3]!], present: true }));
    conv = must(conv, command('session.close', { sessionId: s1 }));
    expect(conv.strata!.attendance![s1]!.presentTotal).toBe(4);
  });

  it('replays to the same settings and frozen counts', () => {
    const { conv: held, s1 } = heldSession();
    const events: DomainEvent[] = [];
    let conv = held;
    for (const cmd of [
      command('strata.declare', { name: 'QPV' }),
      command('strata.choose', { attributes: ['territory', 'QPV'] }),
      command('strata.setTargets', { attribute: 'territory', targets: { Brest: 2500, Rennes: 2500 } }),
      command('session.close', { sessionId: s1 }),
    ]) {
      const r = run(conv, cmd);
      expect(r.error).toBeNull();
      events.push(...r.events);
      conv = r.state;
    }
    expect(replay(events, held)).toEqual(conv);
    // Reported, so counted, though nobody holds a value of it yet: everyone "non renseigné".
    expect(conv.strata!.attendance![s1]!.counts.QPV).toEqual({ [VALUE_NOT_GIVEN]: { roster: 6, present: 3 } });
  });
});

describe('erasure and the frozen attendance (strata/erasure.ts)', () => {
  const frozen = (counts: Record<string, Record<string, { roster: number; present: number }>>) =>
    ({ type: 'SessionAttendanceFrozen', sessionId: 's1', attendance: { at: 1, rosterTotal: 9, presentTotal: 5, guestsPresent: 0, counts } }) as const;
  const log: DomainEvent[] = [
    { type: 'MembersAdded', members: [{ id: 'a', name: 'A', seatCode: 'AAAAAA', attributes: { territory: 'Hameau', gender: 'F' }, origin: 'roster', active: true, tokenHash: null, replacedTokenHashes: [] }] },
    { type: 'MembersAdded', members: [{ id: 'b', name: 'B', seatCode: 'BBBBBB', attributes: { territory: 'Ville', gender: 'F' }, origin: 'roster', active: true, tokenHash: null, replacedTokenHashes: [] }] },
    // A's later value, and a value B held once: B's keeps it named.
    { type: 'MemberUpdated', memberId: 'a', name: 'A', attributes: { territory: ' Lieu-dit ', gender: 'F' } },
    { type: 'MemberUpdated', memberId: 'b', name: 'B', attributes: { territory: 'Hameau', gender: 'F' } },
  ];

  it.each([
    { erased: ['a'], only: { territory: ['Lieu-dit'] } },
    { erased: ['b'], only: { territory: ['Ville'] } },
    { erased: ['a', 'b'], only: { territory: ['Hameau', 'Lieu-dit', 'Ville'], gender: ['F'] } },
    { erased: [], only: {} },
  ])('values only $erased held: $only', ({ erased, only }) => {
    const values = erasedOnlyValues(log, new Set(erased));
    expect(Object.fromEntries([...values].map(([a, set]) => [a, [...set].sort()]))).toEqual(only);
  });

  it('merges such values under OTHER_VALUES, every count and total kept; an event without them is returned as is', () => {
    const event = frozen({ territory: { 'Lieu-dit': { roster: 1, present: 1 }, Ville: { roster: 2, present: 1 }, Hameau: { roster: 6, present: 3 } }, gender: { F: { roster: 9, present: 5 } } });
    const redacted = redactFrozen(event, erasedOnlyValues(log, new Set(['a', 'b'])));
    expect(redacted).toEqual({ ...event, attendance: { ...event.attendance, counts: { territory: { [OTHER_VALUES]: { roster: 9, present: 5 } }, gender: { [OTHER_VALUES]: { roster: 9, present: 5 } } } } });
    expect(redactFrozen(event, new Map())).toBe(event);
  });
});
