import { describe, expect, it } from 'vitest';
import { replay } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { VISION_VERSIONS_MAX } from '../../shared/features/visions/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { memberView, publicView, tableView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { command, deepFreeze, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Table visions decided against the room fixture: session 1 live, two tables; members 0 and 2 at
// the first table, 1 and 3 at the second; members 4 and 5 not seated.

const live = { connected: new Set<string>(), publicUrl: 'http://192.0.2.1:3000' };

function room() {
  const initial = deepFreeze(roomFixture());
  const s1 = initial.sessionOrder[0]!;
  const [t1, t2] = initial.sessions[s1]!.tables.map((t) => t.id) as [string, string];
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
  return { initial, s1, t1, t2, m0, m1, m2, m3, m4, send, log, get state() { return state; } };
}

type Room = ReturnType<typeof room>;
const code = (r: { error: { code: string } | null }) => r.error?.code ?? 'ok';

function opened(tableIds: string[] = []) {
  const r = room();
  const created = r.send(null, 'vision.create', { sessionId: r.s1, title: 'Vision bas carbone 2050', prompt: 'Décrivez le territoire en 2050.', tableIds });
  const visionId = (created.data as { visionId: string }).visionId;
  expect(code(r.send(null, 'vision.open', { visionId }))).toBe('ok');
  return Object.assign(r, { visionId });
}

const edit = (r: Room & { visionId: string }, who: string, text: string, baseVersion: number) => r.send(who, 'vision.edit', { visionId: r.visionId, text, baseVersion });

describe('writing a table’s vision', () => {
  it('every save is a version; a save on an old version is refused with the current text', () => {
    const r = opened();
    expect(edit(r, r.m0, 'En 2050, on se déplace à vélo.', 0).data).toEqual({ version: 1 });
    // Two phones of the same table, both on version 1: the first save wins, the second is refused.
    expect(code(edit(r, r.m2, 'En 2050, les bus sont gratuits.', 1))).toBe('ok');
    const late = edit(r, r.m0, 'En 2050, on se déplace à vélo et en tram.', 1);
    expect(late.error).toMatchObject({ code: 'CONFLICT', details: { current: { version: 2, text: 'En 2050, les bus sont gratuits.' } } });
    expect(late.state).toBe(r.state);
    const table = r.state.visions[r.visionId]!.tables[r.t1]!;
    expect(table.versions.map((v) => [v.version, v.by])).toEqual([[1, r.m0], [2, r.m2]]);
    // Saving the same text again makes no new version.
    expect(edit(r, r.m2, 'En 2050, les bus sont gratuits.', 2).events).toEqual([]);
    expect(replay(r.log, roomFixture())).toStrictEqual(r.state);
  });

  it('restoring an old version makes a new one, on the current version only', () => {
    const r = opened();
    edit(r, r.m0, 'Première idée.', 0);
    edit(r, r.m2, 'Deuxième idée.', 1);
    expect(code(r.send(r.m0, 'vision.restore', { visionId: r.visionId, version: 1, baseVersion: 1 }))).toBe('CONFLICT');
    expect(code(r.send(r.m0, 'vision.restore', { visionId: r.visionId, version: 9, baseVersion: 2 }))).toBe('NOT_FOUND');
    expect(r.send(r.m0, 'vision.restore', { visionId: r.visionId, version: 1, baseVersion: 2 }).data).toEqual({ version: 3 });
    const table = r.state.visions[r.visionId]!.tables[r.t1]!;
    expect(table).toMatchObject({ text: 'Première idée.', version: 3 });
    expect(table.versions.at(-1)).toMatchObject({ version: 3, restoredFrom: 1, by: r.m0 });
  });

  it.each([
    ['a member of the other table: writes their own table’s text', 'm1', 'ok'],
    ['a member seated nowhere', 'm4', 'NOT_AT_TABLE'],
  ] as const)('%s', (_, who, expected) => {
    const r = opened();
    expect(code(edit(r, r[who], 'Texte.', 0))).toBe(expected);
    if (expected === 'ok') expect(r.state.visions[r.visionId]!.tables[r.t2]!.text).toBe('Texte.');
  });

  it('only the chosen tables write; a closed vision refuses edits until reopened, texts kept', () => {
    const r = opened([room().t1]);
    expect(r.state.visions[r.visionId]!.tableIds).toEqual([r.t1]);
    expect(code(edit(r, r.m1, 'Texte.', 0))).toBe('NOT_AT_TABLE');
    edit(r, r.m0, 'Notre vision.', 0);
    r.send(null, 'vision.close', { visionId: r.visionId });
    expect(edit(r, r.m0, 'Autre.', 1).error).toMatchObject({ code: 'WRONG_PHASE', details: { phase: 'closed' } });
    r.send(null, 'vision.open', { visionId: r.visionId });
    expect(r.state.visions[r.visionId]!.tables[r.t1]).toMatchObject({ text: 'Notre vision.', version: 1 });
    expect(code(edit(r, r.m0, 'Autre.', 1))).toBe('ok');
  });

  it('a table set up after opening writes too when the vision is for every table, not when tables were chosen', () => {
    for (const chosen of [false, true]) {
      const r = opened(chosen ? [room().t1] : []);
      expect(code(r.send(null, 'tables.create', { sessionId: r.s1, count: 1 }))).toBe('ok');
      const t3 = r.state.sessions[r.s1]!.tables.at(-1)!.id;
      expect(code(r.send(null, 'tables.seat', { sessionId: r.s1, memberId: r.m4, tableId: t3 }))).toBe('ok');
      const late = edit(r, r.m4, 'La vision des retardataires.', 0);
      if (chosen) {
        expect(code(late)).toBe('NOT_AT_TABLE');
        expect(tableView(r.state, t3, live)!.vision).toBeNull();
        continue;
      }
      expect(code(late)).toBe('ok');
      expect(tableView(r.state, t3, live)!.vision).toMatchObject({ text: 'La vision des retardataires.', version: 1 });
      expect(screenView(r.state, live).session!.vision!.tables.map((t) => t.tableId)).toEqual([r.t1, r.t2, t3]);
      expect(consoleView(r.state, live).sessions.find((s) => s.id === r.s1)!.visions[0]!.tables.map((t) => t.tableId)).toEqual([r.t1, r.t2, t3]);
      // Replaying the log gives the same state.
      expect(replay(r.log, r.initial)).toEqual(r.state);
    }
  });

  it('refuses to open without tables, outside the live session, and past the version limit', () => {
    const r = room();
    const s2 = r.initial.sessionOrder[1]!;
    const other = r.send(null, 'vision.create', { sessionId: s2, title: 'Plus tard', prompt: '', tableIds: [] });
    expect(code(r.send(null, 'vision.open', { visionId: (other.data as { visionId: string }).visionId }))).toBe('SESSION_NOT_LIVE');
    expect(code(r.send(null, 'vision.create', { sessionId: r.s1, title: 'X', prompt: '', tableIds: ['ghost'] }))).toBe('NOT_FOUND');
    const o = opened();
    for (let i = 0; i < VISION_VERSIONS_MAX; i++) expect(code(edit(o, o.m0, `Version ${i}`, i))).toBe('ok');
    expect(edit(o, o.m0, 'Une de trop', VISION_VERSIONS_MAX).error).toMatchObject({ code: 'LIMIT_REACHED', details: { limit: VISION_VERSIONS_MAX } });
  });
});

describe('who sees what', () => {
  it('a table sees its own text and history; the room sees texts only once shown', () => {
    const r = opened();
    edit(r, r.m0, 'Texte de la table 1.', 0);
    edit(r, r.m1, 'Texte de la table 2.', 0);
    expect(tableView(r.state, r.t1, live)!.vision).toMatchObject({ text: 'Texte de la table 1.', version: 1, versions: [{ version: 1, byName: r.state.members[r.m0]!.name }] });
    expect(JSON.stringify(tableView(r.state, r.t2, live))).not.toContain('Texte de la table 1.');
    for (const view of [publicView(r.state), screenView(r.state, live)]) expect(JSON.stringify(view)).not.toContain('Texte de la table');
    expect(publicView(r.state).vision!.tables.map((t) => [t.versions, t.text])).toEqual([[1, null], [1, null]]);

    // One vision full screen: that one only is public.
    r.send(null, 'vision.feature', { visionId: r.visionId, tableId: r.t2 });
    expect(publicView(r.state).vision!.tables.map((t) => t.text)).toEqual([null, 'Texte de la table 2.']);
    expect(r.state.sessions[r.s1]!.screenPanel).toBe('visions');
    // The gallery: all of them.
    r.send(null, 'vision.gallery', { visionId: r.visionId, shown: true });
    expect(screenView(r.state, live).session!.vision!.tables.map((t) => t.text)).toEqual(['Texte de la table 1.', 'Texte de la table 2.']);
    // Hiding the gallery hides every text, the featured one too.
    r.send(null, 'vision.gallery', { visionId: r.visionId, shown: false });
    expect(r.state.visions[r.visionId]!.featuredTableId).toBeNull();
    expect(JSON.stringify(publicView(r.state))).not.toContain('Texte de la table');
    // The console sees every text and its history all along.
    const console = consoleView(r.state, live).sessions[0]!.visions[0]!;
    expect(console.tables.map((t) => [t.text, t.version, t.length, t.lastBy])).toEqual([
      ['Texte de la table 1.', 1, 20, r.state.members[r.m0]!.name],
      ['Texte de la table 2.', 1, 20, r.state.members[r.m1]!.name],
    ]);
  });
});

describe('reactions', () => {
  function shown() {
    const r = opened();
    edit(r, r.m0, 'Texte de la table 1.', 0);
    return r;
  }
  const react = (r: ReturnType<typeof shown>, who: string, tableId: string, on: boolean, reaction = 'adhere') => r.send(who, 'vision.react', { visionId: r.visionId, tableId, reaction, on });

  it('only on a shown, written vision of another table', () => {
    const r = shown();
    expect(react(r, r.m1, r.t1, true).error).toMatchObject({ code: 'WRONG_PHASE', details: { phase: 'hidden' } });
    r.send(null, 'vision.gallery', { visionId: r.visionId, shown: true });
    expect(code(react(r, r.m0, r.t1, true))).toBe('OWN_TABLE');
    expect(react(r, r.m0, r.t2, true).error).toMatchObject({ code: 'WRONG_PHASE', details: { phase: 'empty' } });
    expect(code(react(r, r.m1, 'ghost', true))).toBe('NOT_FOUND');
    expect(code(react(r, r.m1, r.t1, true))).toBe('ok');
  });

  it('one of each per member, toggled; counted, never named but to the member', () => {
    const r = shown();
    r.send(null, 'vision.gallery', { visionId: r.visionId, shown: true });
    react(r, r.m1, r.t1, true);
    expect(react(r, r.m1, r.t1, true).events).toEqual([]);
    react(r, r.m3, r.t1, true);
    react(r, r.m4, r.t1, true, 'discuss');
    react(r, r.m3, r.t1, false);
    react(r, r.m3, r.t1, true, 'inspiring');
    expect(publicView(r.state).vision!.tables[0]!.reactions).toEqual({ adhere: 1, inspiring: 1, discuss: 1 });
    expect(screenView(r.state, live).session!.vision!.tables[0]!.reactions).toEqual({ adhere: 1, inspiring: 1, discuss: 1 });
    expect(memberView(r.state, r.m3)!.vision).toEqual({ visionId: r.visionId, reacted: { [r.t1]: ['inspiring'] }, unitId: r.t2, draft: null });
    expect(memberView(r.state, r.m0)!.vision).toEqual({ visionId: r.visionId, reacted: {}, unitId: r.t1, draft: null });
    for (const view of [publicView(r.state), screenView(r.state, live)]) {
      for (const id of [r.m1, r.m3, r.m4]) expect(JSON.stringify(view)).not.toContain(id);
    }
    expect(replay(r.log, roomFixture())).toStrictEqual(r.state);
  });

  it('members, projector and support are refused where not theirs', () => {
    const r = shown();
    const asProjector = run(r.state, command('vision.edit', { visionId: r.visionId, text: 'x', baseVersion: 1 }), { role: 'projector', conventionId: r.initial.id });
    expect(code(asProjector)).toBe('FORBIDDEN');
  });
});
