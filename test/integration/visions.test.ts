import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Table visions with real sockets: two phones of one table save at the same moment (one wins,
// the other gets CONFLICT with the current text, and saves again: nothing lost); another table
// cannot touch the text; texts reach the room only with the gallery; reactions are counted.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
/** a1, a2 at table A; b1 at table B. */
let a1: Phone;
let a2: Phone;
let b1: Phone;
let tableA: string;
let tableB: string;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);
const room = (c: TestClient) => c.view('public')?.vision ?? null;
const screenVision = (c: TestClient) => c.view('screen')?.session?.vision ?? null;
const consoleVision = (visionId: string) => facilitator.view('console')!.sessions.find((s) => s.id === server.live.id)!.visions.find((v) => v.id === visionId)!;

beforeEach(async () => {
  server = await startServer({ members: 8 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  const sessionId = server.live.id;
  await ok(facilitator.send('tables.create', { sessionId, count: 2 }));
  [tableA, tableB] = server.live.tables.map((t) => t.id) as [string, string];
  const [m1, m2, m3] = server.conv.memberOrder as [string, string, string];
  for (const [memberId, tableId] of [[m1, tableA], [m2, tableA], [m3, tableB]] as const) await ok(facilitator.send('tables.seat', { sessionId, memberId, tableId }));
  const seat = (id: string) => server.conv.members[id]!.seatCode;
  a1 = await connectMember(server.url, server.live.code, seat(m1));
  a2 = await connectMember(server.url, server.live.code, seat(m2));
  b1 = await connectMember(server.url, server.live.code, seat(m3));
  await Promise.all([a1, a2, b1].map((p) => p.waitFor((c) => c.view('table'))));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

async function openVision(tableIds: string[] = []): Promise<string> {
  const { visionId } = await ok(facilitator.send('vision.create', { sessionId: server.live.id, title: 'Vision bas carbone 2050', prompt: 'Le territoire en 2050.', tableIds }));
  await ok(facilitator.send('vision.open', { visionId }));
  return visionId;
}

describe('writing together', () => {
  it('two phones of a table save at once: one CONFLICT with the current text, no text lost', async () => {
    const visionId = await openVision();
    await Promise.all([a1, a2].map((p) => p.waitFor((c) => c.view('table')?.vision?.visionId === visionId)));
    const texts = ['En 2050, on va au travail à vélo.', 'En 2050, les cantines sont locales.'];
    const acks = await Promise.all([a1.send('vision.edit', { visionId, text: texts[0], baseVersion: 0 }), a2.send('vision.edit', { visionId, text: texts[1], baseVersion: 0 })]);
    expect(acks.map(code).sort()).toEqual(['CONFLICT', 'ok']);
    const winner = acks.findIndex((a) => a.ok);
    const loser = 1 - winner;
    const refused = acks[loser]!;
    expect(!refused.ok && refused.error.details).toEqual({ current: { version: 1, text: texts[winner] } });
    // The loser, shown both texts, saves on the current version: a second version.
    expect(await ok([a1, a2][loser]!.send('vision.edit', { visionId, text: `${texts[winner]} ${texts[loser]}`, baseVersion: 1 }))).toEqual({ version: 2 });
    for (const phone of [a1, a2]) {
      const mine = await phone.waitFor((c) => c.view('table')?.vision?.version === 2 && c.view('table')!.vision!);
      expect(mine.versions.map((v) => v.text)).toEqual([`${texts[winner]} ${texts[loser]}`, texts[winner]]);
    }
    const history = (await facilitator.waitFor(() => consoleVision(visionId)?.tables.find((t) => t.tableId === tableA)?.version === 2 && consoleVision(visionId)))!.tables.find((t) => t.tableId === tableA)!;
    expect(history.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('another table never sees nor edits this table’s text; a table outside the vision cannot write', async () => {
    const visionId = await openVision([tableA]);
    await ok(a1.send('vision.edit', { visionId, text: 'Secret de la table A jusqu’à la galerie.', baseVersion: 0 }));
    expect(code(await b1.send('vision.edit', { visionId, text: 'Intrusion.', baseVersion: 1 }))).toBe('NOT_AT_TABLE');
    expect(code(await b1.send('vision.restore', { visionId, version: 1, baseVersion: 1 }))).toBe('NOT_AT_TABLE');
    expect(code(await facilitator.send('vision.edit', { visionId, text: 'Console.', baseVersion: 1 }))).toBe('FORBIDDEN');
    await a2.waitFor((c) => c.view('table')?.vision?.version === 1);
    await b1.quiet(1200);
    for (const record of b1.received()) expect(JSON.stringify(record.args)).not.toContain('Secret de la table A');
    expect(b1.view('table')!.vision).toBeNull();
    expect(room(b1)!.tables).toEqual([expect.objectContaining({ tableId: tableA, versions: 1, text: null })]);
  });

  it('an oversized text is refused and nothing is broadcast', async () => {
    const visionId = await openVision();
    for (const p of [a2, projector]) for (let i = 0; i < 10 && (await p.quiet(1200)).length > 0; i++);
    const marks = [a2.mark(), projector.mark()];
    expect(code(await a1.send('vision.edit', { visionId, text: 'x'.repeat(2001), baseVersion: 0 }))).toBe('INVALID_PAYLOAD');
    expect(code(await a1.send('vision.edit', { visionId, text: '   ', baseVersion: 0 }))).toBe('INVALID_PAYLOAD');
    expect(code(await a1.send('vision.react', { visionId, tableId: tableB, reaction: 'love', on: true }))).toBe('INVALID_PAYLOAD');
    await a2.quiet(1200);
    expect(a2.since(marks[0]!).filter((r) => r.event === 'sync:patch')).toEqual([]);
    expect(projector.since(marks[1]!).filter((r) => r.event === 'sync:patch')).toEqual([]);
  });
});

describe('the gallery and reactions', () => {
  it('texts are public only once shown; reactions are counted, never named', async () => {
    const visionId = await openVision();
    await ok(a1.send('vision.edit', { visionId, text: 'Vision de la table A.', baseVersion: 0 }));
    await ok(b1.send('vision.edit', { visionId, text: 'Vision de la table B.', baseVersion: 0 }));
    await projector.waitFor((c) => screenVision(c)?.tables.every((t) => t.versions === 1));
    expect(JSON.stringify(projector.view('screen'))).not.toContain('Vision de la table');
    expect(code(await b1.send('vision.react', { visionId, tableId: tableA, reaction: 'adhere', on: true }))).toBe('WRONG_PHASE');

    await ok(facilitator.send('vision.gallery', { visionId, shown: true }));
    const gallery = await projector.waitFor((c) => c.view('screen')?.session?.shows.kind === 'visions' && screenVision(c)?.gallery && screenVision(c));
    expect(gallery.tables.map((t) => t.text)).toEqual(['Vision de la table A.', 'Vision de la table B.']);
    await b1.waitFor((c) => room(c)?.tables[0]?.text === 'Vision de la table A.');

    expect(code(await a1.send('vision.react', { visionId, tableId: tableA, reaction: 'adhere', on: true }))).toBe('OWN_TABLE');
    await ok(b1.send('vision.react', { visionId, tableId: tableA, reaction: 'adhere', on: true }));
    await ok(b1.send('vision.react', { visionId, tableId: tableA, reaction: 'adhere', on: true })); // a retry changes nothing
    await ok(b1.send('vision.react', { visionId, tableId: tableA, reaction: 'inspiring', on: true }));
    await ok(a2.send('vision.react', { visionId, tableId: tableB, reaction: 'discuss', on: true }));
    const counts = await projector.waitFor((c) => screenVision(c)?.tables[0]?.reactions.inspiring === 1 && screenVision(c)!.tables.map((t) => t.reactions));
    expect(counts).toEqual([{ adhere: 1, inspiring: 1, discuss: 0 }, { adhere: 0, inspiring: 0, discuss: 1 }]);
    await a1.waitFor((c) => room(c)?.tables[0]?.reactions.adhere === 1);
    expect((await b1.waitFor((c) => c.view('member')?.vision?.reacted[tableA]?.length === 2 && c.view('member')!.vision!)).reacted).toEqual({ [tableA]: ['adhere', 'inspiring'] });

    // Taking one back.
    await ok(b1.send('vision.react', { visionId, tableId: tableA, reaction: 'adhere', on: false }));
    await projector.waitFor((c) => screenVision(c)?.tables[0]?.reactions.adhere === 0);
    for (const client of [projector, a1, a2]) expect(JSON.stringify(client.received())).not.toContain(b1.memberId);

    // Full screen of one vision, then back; hiding the gallery hides every text again.
    await ok(facilitator.send('vision.feature', { visionId, tableId: tableB }));
    await projector.waitFor((c) => screenVision(c)?.featuredTableId === tableB);
    await ok(facilitator.send('vision.feature', { visionId, tableId: null }));
    await ok(facilitator.send('vision.gallery', { visionId, shown: false }));
    await b1.waitFor((c) => room(c)?.gallery === false && room(c)!.tables.every((t) => t.text === null));
  });

  it('closing stops the writing; reopening lets the tables go on from their text', async () => {
    const visionId = await openVision();
    await ok(a1.send('vision.edit', { visionId, text: 'Première version.', baseVersion: 0 }));
    await ok(facilitator.send('vision.close', { visionId }));
    expect(code(await a2.send('vision.edit', { visionId, text: 'Trop tard.', baseVersion: 1 }))).toBe('WRONG_PHASE');
    await a2.waitFor((c) => c.view('table')?.vision?.status === 'closed');
    await ok(facilitator.send('vision.open', { visionId }));
    expect(await ok(a2.send('vision.restore', { visionId, version: 1, baseVersion: 1 }))).toEqual({ version: 1 });
    expect(await ok(a2.send('vision.edit', { visionId, text: 'Deuxième version.', baseVersion: 1 }))).toEqual({ version: 2 });
    expect(await ok(a2.send('vision.restore', { visionId, version: 1, baseVersion: 2 }))).toEqual({ version: 3 });
    await a1.waitFor((c) => c.view('table')?.vision?.text === 'Première version.' && c.view('table')!.vision!.version === 3);
  });
});

describe('a vision written by groups', () => {
  // Group 1 crosses the tables: a1 (table A) and b1 (table B); c1 (no table) is in group 2; a2
  // is in no group. A rule reading tables instead of groups fails here.
  let c1: Phone;
  let group1: string;
  let group2: string;

  beforeEach(async () => {
    const sessionId = server.live.id;
    await ok(facilitator.send('groups.create', { sessionId, count: 2 }));
    [group1, group2] = server.live.groups!.map((g) => g.id) as [string, string];
    const m4 = server.conv.memberOrder[3]!;
    for (const [memberId, groupId] of [[a1.memberId, group1], [b1.memberId, group1], [m4, group2]] as const) await ok(facilitator.send('groups.seat', { sessionId, memberId, groupId }));
    c1 = await connectMember(server.url, server.live.code, server.conv.members[m4]!.seatCode);
  });

  it('a group’s members write one text from different tables; others never touch it; the projector names the group; the record keeps its name', async () => {
    const { visionId } = await ok(facilitator.send('vision.create', { sessionId: server.live.id, title: 'Visions 2050', prompt: 'En groupe.', tableIds: [], unit: 'group' }));
    await ok(facilitator.send('vision.open', { visionId }));
    const draft = (p: Phone) => p.view('member')?.vision?.draft ?? null;
    await Promise.all([a1, b1].map((p) => p.waitFor(() => draft(p)?.visionId === visionId)));
    expect(await ok(a1.send('vision.edit', { visionId, text: 'En 2050, le tram relie les vallées.', baseVersion: 0 }))).toEqual({ version: 1 });
    // b1, at another table, sees a1's save in the group's text and writes on it.
    await b1.waitFor(() => draft(b1)?.version === 1);
    expect(draft(b1)!.text).toBe('En 2050, le tram relie les vallées.');
    expect(await ok(b1.send('vision.edit', { visionId, text: 'En 2050, le tram relie les vallées, et le vélo les villages.', baseVersion: 1 }))).toEqual({ version: 2 });
    await a1.waitFor(() => draft(a1)?.version === 2);
    // No table channel carries a group's text.
    expect(a1.view('table')!.vision).toBeNull();
    // a2 is in no group: refused, nothing changed. c1 writes group 2's own text, never group 1's.
    expect(code(await a2.send('vision.edit', { visionId, text: 'Sans groupe.', baseVersion: 2 }))).toBe('NOT_IN_GROUP');
    expect(await ok(c1.send('vision.edit', { visionId, text: 'Le groupe 2.', baseVersion: 0 }))).toEqual({ version: 1 });
    await c1.quiet(1200);
    for (const record of c1.received()) expect(JSON.stringify(record.args)).not.toContain('le vélo les villages');
    expect(consoleVision(visionId).tables.map((t) => [t.tableName, t.version])).toEqual([['Groupe 1', 2], ['Groupe 2', 1]]);

    // The projector's gallery names the groups; a member reacts to another group only.
    await ok(facilitator.send('vision.gallery', { visionId, shown: true }));
    const shown = await projector.waitFor(() => screenVision(projector)?.gallery && screenVision(projector)!);
    expect(shown.tables.map((t) => [t.tableName, t.text])).toEqual([['Groupe 1', 'En 2050, le tram relie les vallées, et le vélo les villages.'], ['Groupe 2', 'Le groupe 2.']]);
    expect(code(await b1.send('vision.react', { visionId, tableId: group1, reaction: 'adhere', on: true }))).toBe('OWN_GROUP');
    await ok(c1.send('vision.react', { visionId, tableId: group1, reaction: 'adhere', on: true }));

    // Closed, then the group renamed: the vision keeps the name it was written under.
    await ok(facilitator.send('vision.close', { visionId }));
    await ok(facilitator.send('groups.rename', { sessionId: server.live.id, groupId: group1, name: 'Les Cimes' }));
    await facilitator.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === server.live.id)!.groups.some((g) => g.name === 'Les Cimes'));
    expect(consoleVision(visionId).tables.map((t) => [t.tableId, t.tableName, t.lastBy])).toEqual([
      [group1, 'Groupe 1', server.conv.members[b1.memberId]!.name],
      [group2, 'Groupe 2', server.conv.members[c1.memberId]!.name],
    ]);
    await projector.quiet(300);
    expect(screenVision(projector)!.tables.map((t) => t.tableName)).toEqual(['Groupe 1', 'Groupe 2']);
  });

  it('a group vision needs groups', async () => {
    const other = server.conv.sessionOrder.find((id) => id !== server.live.id)!;
    const refused = await facilitator.send('vision.create', { sessionId: other, title: 'V', prompt: '', tableIds: [], unit: 'group' });
    expect(code(refused)).toBe('NO_GROUPS');
    expect(code(await facilitator.send('vision.create', { sessionId: server.live.id, title: 'V', prompt: '', tableIds: [tableA], unit: 'group' }))).toBe('NOT_FOUND');
  });
});
