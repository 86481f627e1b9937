import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { replay } from '../../shared/registry.ts';
import { visionSchemas } from '../../shared/features/visions/commands.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { memberView, publicView, tableView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { command, deepFreeze, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Visions written by groups of about 20 (the seed's "visions 2050 en groupe"), against the room
// fixture: session 1 live with two tables (members 0 and 2 at the first, 1 and 3 at the second).
// The groups cross the tables on purpose: members 0 and 1 in "Groupe 1", 2 and 3 in "Groupe 2",
// member 4 in no group, so a rule reading tables instead of groups fails here.

const live = { connected: new Set<string>(), publicUrl: 'http://192.0.2.1:3000' };
const code = (r: { error: { code: string } | null }) => r.error?.code ?? 'ok';

function room(withGroups = true) {
  const initial = deepFreeze(roomFixture());
  const s1 = initial.sessionOrder[0]!;
  const [t1] = initial.sessions[s1]!.tables.map((t) => t.id) as [string, string];
  const [m0, m1, m2, m3, m4] = initial.memberOrder as [string, string, string, string, string];
  const log: DomainEvent[] = [];
  let state: Convention = initial;
  const as = (memberId: string | null): Actor => (memberId ? { role: 'member', conventionId: initial.id, memberId } : { role: 'facilitator', conventionId: initial.id });
  const send = (who: string | null, name: Parameters<typeof command>[0], args: object) => {
    const result = run(state, command(name, args as never), as(who));
    if (!result.error) {
      log.push(...result.events);
      state = result.state;
    }
    return result;
  };
  let g1 = '';
  let g2 = '';
  if (withGroups) {
    expect(code(send(null, 'groups.create', { sessionId: s1, count: 2 }))).toBe('ok');
    [g1, g2] = state.sessions[s1]!.groups!.map((g) => g.id) as [string, string];
    for (const [memberId, groupId] of [[m0, g1], [m1, g1], [m2, g2], [m3, g2]] as const) expect(code(send(null, 'groups.seat', { sessionId: s1, memberId, groupId }))).toBe('ok');
  }
  return { initial, s1, t1, g1, g2, m0, m1, m2, m3, m4, send, log, get state() { return state; } };
}

function opened(groupIds: (r: ReturnType<typeof room>) => string[] = () => []) {
  const r = room();
  const created = r.send(null, 'vision.create', { sessionId: r.s1, title: 'Visions 2050', prompt: 'Le territoire en 2050.', tableIds: groupIds(r), unit: 'group' });
  const visionId = (created.data as { visionId: string }).visionId;
  expect(code(r.send(null, 'vision.open', { visionId }))).toBe('ok');
  return Object.assign(r, { visionId });
}

type Opened = ReturnType<typeof opened>;
const edit = (r: Opened, who: string, text: string, baseVersion: number) => r.send(who, 'vision.edit', { visionId: r.visionId, text, baseVersion });

describe('the unit of vision.create', () => {
  it('an old payload without a unit still validates, unchanged, and means tables', () => {
    const old = { sessionId: 's1', title: 'Vision', prompt: '', tableIds: [] };
    expect(v.parse(visionSchemas['vision.create'], old)).toEqual(old);
    expect(v.safeParse(visionSchemas['vision.create'], { ...old, unit: 'room' }).success).toBe(false);
    const r = room();
    const created = r.send(null, 'vision.create', { sessionId: r.s1, title: 'Vision', prompt: '', tableIds: [] });
    // A table vision's event is the one older servers wrote: no unit field at all.
    const event = created.events[0] as Extract<DomainEvent, { type: 'VisionCreated' }>;
    expect('unit' in event.vision).toBe(false);
    expect(code(r.send(null, 'vision.open', { visionId: event.vision.id }))).toBe('ok');
    expect(r.state.visions[event.vision.id]!.tableIds).toEqual(r.state.sessions[r.s1]!.tables.map((t) => t.id));
  });

  it('a group vision needs groups, and names only the session’s groups', () => {
    const bare = room(false);
    const refused = bare.send(null, 'vision.create', { sessionId: bare.s1, title: 'V', prompt: '', tableIds: [], unit: 'group' });
    expect(code(refused)).toBe('NO_GROUPS');
    expect(refused.state).toBe(bare.state);
    const r = room();
    // A table's id is not a group's.
    expect(r.send(null, 'vision.create', { sessionId: r.s1, title: 'V', prompt: '', tableIds: [r.t1], unit: 'group' }).error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'group' } });
  });
});

describe('writing a group’s vision', () => {
  it('the groups write, members of one group edit one text, a member without a group is refused', () => {
    const r = opened();
    expect(r.state.visions[r.visionId]).toMatchObject({ unit: 'group', tableIds: [r.g1, r.g2] });
    // Members 0 and 1 sit at different tables but write the same group text.
    expect(edit(r, r.m0, 'En 2050, le tram dessert chaque vallée.', 0).data).toEqual({ version: 1 });
    expect(edit(r, r.m1, 'En 2050, tram et vélo partout.', 1).data).toEqual({ version: 2 });
    expect(code(edit(r, r.m0, 'Trop tard.', 1))).toBe('CONFLICT');
    expect(edit(r, r.m2, 'Le groupe 2 écrit le sien.', 0).data).toEqual({ version: 1 });
    const outsider = edit(r, r.m4, 'Sans groupe.', 0);
    expect(code(outsider)).toBe('NOT_IN_GROUP');
    expect(outsider.state).toBe(r.state);
    expect(r.state.visions[r.visionId]!.tables[r.g1]!.versions.map((x) => x.by)).toEqual([r.m0, r.m1]);
    // Replaying the log gives the same state.
    expect(replay(r.log, roomFixture())).toStrictEqual(r.state);
  });

  it('only the chosen groups write', () => {
    const r = opened((x) => [x.g2]);
    expect(code(edit(r, r.m0, 'Texte.', 0))).toBe('NOT_IN_GROUP');
    expect(code(edit(r, r.m3, 'Texte.', 0))).toBe('ok');
  });

  it('a member reacts to the other groups’ visions, not their own', () => {
    const r = opened();
    edit(r, r.m0, 'Texte du groupe 1.', 0);
    r.send(null, 'vision.gallery', { visionId: r.visionId, shown: true });
    expect(code(r.send(r.m1, 'vision.react', { visionId: r.visionId, tableId: r.g1, reaction: 'adhere', on: true }))).toBe('OWN_GROUP');
    expect(code(r.send(r.m2, 'vision.react', { visionId: r.visionId, tableId: r.g1, reaction: 'adhere', on: true }))).toBe('ok');
    expect(code(r.send(null, 'vision.feature', { visionId: r.visionId, tableId: r.g1 }))).toBe('ok');
    expect(code(r.send(null, 'vision.feature', { visionId: r.visionId, tableId: r.t1 }))).toBe('NOT_FOUND');
  });
});

describe('who sees a group vision', () => {
  it('each member gets their group’s text on their own channel; tables get none; screens name groups', () => {
    const r = opened();
    edit(r, r.m0, 'Texte du groupe 1.', 0);
    expect(memberView(r.state, r.m1)!.vision).toMatchObject({ unitId: r.g1, draft: { text: 'Texte du groupe 1.', version: 1, versions: [{ byName: r.state.members[r.m0]!.name }] } });
    expect(memberView(r.state, r.m2)!.vision).toMatchObject({ unitId: r.g2, draft: { text: '', version: 0 } });
    expect(memberView(r.state, r.m4)!.vision).toMatchObject({ unitId: null, draft: null });
    expect(tableView(r.state, r.t1, live)!.vision).toBeNull();
    expect(publicView(r.state).vision).toMatchObject({ unit: 'group', tables: [{ tableId: r.g1, tableName: 'Groupe 1', text: null }, { tableId: r.g2, tableName: 'Groupe 2' }] });
    r.send(null, 'vision.gallery', { visionId: r.visionId, shown: true });
    expect(screenView(r.state, live).session!.vision!.tables[0]).toMatchObject({ tableName: 'Groupe 1', text: 'Texte du groupe 1.' });
    const card = consoleView(r.state, live).sessions.find((s) => s.id === r.s1)!.visions[0]!;
    expect(card).toMatchObject({ unit: 'group', tables: [{ tableName: 'Groupe 1', lastBy: r.state.members[r.m0]!.name }, { tableName: 'Groupe 2' }] });
  });

  it('closed, it keeps its groups’ names and authors whatever is renamed or re-created after', () => {
    const r = opened();
    edit(r, r.m0, 'Texte du groupe 1.', 0);
    r.send(null, 'vision.close', { visionId: r.visionId });
    const author = r.state.members[r.m0]!.name;
    expect(code(r.send(null, 'groups.rename', { sessionId: r.s1, groupId: r.g1, name: 'Les Cimes' }))).toBe('ok');
    expect(code(r.send(null, 'groups.create', { sessionId: r.s1, count: 3 }))).toBe('ok');
    expect(code(r.send(null, 'member.update', { memberId: r.m0, name: 'Quelqu’un d’autre', attributes: {} }))).toBe('ok');
    const card = consoleView(r.state, live).sessions.find((s) => s.id === r.s1)!.visions[0]!;
    expect(card.tables.map((t) => [t.tableId, t.tableName])).toEqual([[r.g1, 'Groupe 1'], [r.g2, 'Groupe 2']]);
    expect(card.tables[0]!.lastBy).toBe(author);
    expect(replay(r.log, roomFixture())).toStrictEqual(r.state);
  });
});
