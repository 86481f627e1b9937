import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import type { Dossier } from '../../shared/reports/dossier.ts';
import type { SessionRepresentation } from '../../shared/features/strata/representation.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../shared/features/strata/types.ts';
import { connectClient, connectMember, http } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// The strata with real sockets: the facilitator chooses the strata and enters targets, members
// join from their phones (which marks them present), and the console's monitor equals the
// presence the test scripted, counted here from the roster on its own; a member's socket is
// refused every strata.* command; closing the session freezes its counts, which an edit of the
// roster then leaves alone; export.json carries the console's counts, the dossier and the open
// data no stratum under k.

const auth = (server: TestServer) => ({ headers: { authorization: `Bearer ${server.facilitatorKey}` } });

/** What the monitor must say, counted from the state's roster and roll call alone: value -> [roster, present]. */
function expected(conv: Convention, sessionId: string, attribute: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  const session = conv.sessions[sessionId]!;
  for (const id of conv.memberOrder) {
    const m = conv.members[id]!;
    if (m.origin === 'guest') continue;
    const onRoster = m.active && m.erased === undefined;
    const present = session.present[id] === true;
    if (!onRoster && !present) continue;
    const value = (m.attributes[attribute] ?? '').trim() || VALUE_NOT_GIVEN;
    const cell = (out[value] ??= [0, 0]);
    if (onRoster) cell[0] += 1;
    if (present) cell[1] += 1;
  }
  return out;
}

const shown = (monitor: SessionRepresentation, attribute: string) =>
  Object.fromEntries(monitor.attributes.find((a) => a.attribute === attribute)!.rows.filter((r) => r.roster > 0 || r.present > 0).map((r) => [r.value, [r.roster, r.present]]));

describe('strata over sockets', () => {
  afterEach(closeAll);

  it('the console’s monitor equals the scripted presence, frozen at close; phones are refused strata.*', async () => {
    const server = await startServer({ members: 24 });
    const console = await connectClient(server.url, server.facilitatorKey);
    const live = server.live.id;
    const monitorOf = (sessionId: string) => console.view('console')!.strata.sessions.find((s) => s.sessionId === sessionId);

    expect(await console.send('strata.choose', { attributes: ['territory', 'gender'] })).toEqual({ ok: true, data: { reported: ['territory', 'gender'] } });
    const territories = [...new Set(Object.values(server.conv.members).map((m) => m.attributes.territory!))].sort();
    // 40 % for the first, the rest shared by the others (never over the whole room).
    const targets = Object.fromEntries(territories.map((t, i) => [t, i === 0 ? 4000 : Math.floor(6000 / (territories.length - 1))]));
    expect(await console.send('strata.setTargets', { attribute: 'territory', targets })).toMatchObject({ ok: true });
    await console.waitFor((c) => c.view('console')!.strata.reported.length === 2 && monitorOf(live), 5000, 'strata chosen');

    // Eight phones join: each is marked present by joining.
    const ids = server.conv.memberOrder.filter((_, i) => i % 3 === 0);
    const phones = [];
    for (const id of ids) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    const presentCount = Object.keys(server.conv.sessions[live]!.present).length;
    expect(presentCount).toBeGreaterThanOrEqual(ids.length);
    await console.waitFor(() => monitorOf(live)?.presentTotal === presentCount, 5000, 'monitor counts the phones');

    const monitor = monitorOf(live)!;
    expect(monitor).toMatchObject({ status: 'live', frozen: false, rosterTotal: 24, guestsPresent: 0 });
    for (const attribute of ['territory', 'gender']) expect(shown(monitor, attribute), attribute).toEqual(expected(server.conv, live, attribute));
    // Targets and gaps beside the counts: the first territory's target is 40 %.
    const first = monitor.attributes[0]!.rows.find((r) => r.value === territories[0])!;
    expect(first.target).toBe(40);
    expect(first.gapToTarget).toBeCloseTo(first.presentShare - 40, 1);

    // A member's socket may send none of the strata commands: FORBIDDEN, and nothing changes.
    const before = structuredClone(server.conv.strata);
    for (const [name, args] of [
      ['strata.choose', { attributes: [] }],
      ['strata.declare', { name: 'Quartier prioritaire' }],
      ['strata.undeclare', { name: 'Quartier prioritaire' }],
      ['strata.setTargets', { attribute: 'territory', targets: {} }],
    ] as const) {
      const ack = await phones[0]!.send(name, args);
      expect(ack, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(server.conv.strata).toEqual(before);

    // Closing freezes the counts: editing a present member's territory afterwards changes nothing there.
    expect(await console.send('session.close', { sessionId: live })).toEqual({ ok: true });
    await console.waitFor(() => monitorOf(live)?.frozen, 5000, 'frozen');
    const frozen = structuredClone(monitorOf(live)!);
    const moved = server.conv.members[ids[0]!]!;
    expect(await console.send('member.update', { memberId: moved.id, name: moved.name, attributes: { ...moved.attributes, territory: 'Ailleurs' } })).toEqual({ ok: true });
    await console.waitFor((c) => c.view('console')!.members.find((m) => m.id === moved.id)!.attributes.territory === 'Ailleurs', 5000, 'edit seen');
    expect(monitorOf(live)).toEqual(frozen);
    expect(console.view('console')!.strata.curves[0]!.sessionIds).toEqual([live]);

    // export.json: the console's exact counts. The dossier and the open data: nothing under k.
    const exported = (await http(`${server.url}/api/export.json`, auth(server))).body;
    expect(exported.strata.sessions).toEqual(console.view('console')!.strata.sessions);
    expect(exported.strata).toMatchObject({ reported: ['territory', 'gender'], custom: [], targets: { territory: targets } });
    const k = console.view('console')!.smallGroupMin;
    const dossier = (await http<{ data: Dossier }>(`${server.url}/api/report/dossier`, auth(server))).body.data;
    expect(dossier.strata.sessions).toHaveLength(1);
    for (const a of dossier.strata.sessions[0]!.attributes) {
      for (const r of [...a.strata.rows, ...(a.strata.others ? [a.strata.others] : [])]) expect(r.present).toBeGreaterThanOrEqual(k);
    }
    const file = (await http(`${server.url}/api/open-data/attendance-strata.json`, auth(server))).body;
    expect(file.rows.length).toBeGreaterThan(0);
    for (const row of file.rows) if (row.present !== null) expect(row.present).toBeGreaterThanOrEqual(k);
    // Every present member is in one row of each attribute (shown, merged, or the attribute suppressed).
    const territoryRows = file.rows.filter((r: { attribute: string }) => r.attribute === 'territory');
    if (territoryRows[0].value_kind !== 'suppressed') expect(territoryRows.reduce((n: number, r: { present: number }) => n + r.present, 0)).toBe(frozen.presentTotal);
  });

  it('a custom attribute declared on the console is kept by member.add and read as a stratum', async () => {
    const server = await startServer({ members: 6 });
    const console = await connectClient(server.url, server.facilitatorKey);
    expect(await console.send('strata.declare', { name: 'Quartier prioritaire' })).toEqual({ ok: true, data: { name: 'Quartier prioritaire', custom: ['Quartier prioritaire'] } });
    expect(await console.send('strata.declare', { name: 'Santé' })).toMatchObject({ ok: false, error: { code: 'STRATUM_SENSITIVE' } });
    expect(await console.send('member.add', { name: 'Inès Morel', attributes: { 'Quartier prioritaire': 'oui' } })).toMatchObject({ ok: true });
    expect(await console.send('strata.choose', { attributes: ['Quartier prioritaire'] })).toMatchObject({ ok: true });
    await console.waitFor((c) => c.view('console')!.strata.attributes.find((a) => a.name === 'Quartier prioritaire')?.reported, 5000, 'reported');
    const view = console.view('console')!;
    expect(view.attributeKeys).toContain('Quartier prioritaire');
    expect(view.strata.attributes.find((a) => a.name === 'Quartier prioritaire')).toMatchObject({ custom: true, held: 1, values: ['oui'] });
    expect(view.strata.sessions.find((s) => s.sessionId === server.live.id)!.attributes[0]!.rows.map((r) => [r.value, r.roster])).toEqual([['oui', 1], [VALUE_NOT_GIVEN, 6]]);
    expect(await console.send('strata.undeclare', { name: 'Quartier prioritaire' })).toMatchObject({ ok: false, error: { code: 'STRATUM_REPORTED' } });
  });

  it('erasing a member after the close keeps the frozen counts, and names no value only they had, anywhere on disk', async () => {
    const server = await startServer({ members: 6 });
    const console = await connectClient(server.url, server.facilitatorKey);
    const live = server.live.id;
    const HAMLET = 'Hameau-de-Qxzvbrk';
    expect(await console.send('strata.choose', { attributes: ['territory'] })).toMatchObject({ ok: true });
    const added = await console.send('member.add', { name: 'Ysoline Kervarec', attributes: { territory: HAMLET } });
    const memberId = (added as { data: { memberId: string } }).data.memberId;
    expect(await console.send('presence.mark', { sessionId: live, memberIds: [memberId, server.conv.memberOrder[0]!], present: true })).toEqual({ ok: true });
    expect(await console.send('session.close', { sessionId: live })).toEqual({ ok: true });
    const monitorOf = () => console.view('console')!.strata.sessions.find((s) => s.sessionId === live);
    await console.waitFor(() => monitorOf()?.frozen, 5000, 'frozen');
    const frozen = structuredClone(monitorOf()!);
    expect(frozen.attributes[0]!.rows.find((r) => r.value === HAMLET)).toMatchObject({ roster: 1, present: 1 });

    expect(await console.send('members.erase', { memberIds: [memberId] })).toMatchObject({ ok: true, data: { erased: 1 } });
    await console.waitFor((c) => c.view('console')!.members.find((m) => m.id === memberId)?.erased === 1, 5000, 'erased');
    const after = monitorOf()!;
    // The same totals and counts, the hamlet's now under "other values".
    expect({ ...after, attributes: [] }).toEqual({ ...frozen, attributes: [] });
    const rows = after.attributes[0]!.rows;
    expect(rows.find((r) => r.value === HAMLET)).toBeUndefined();
    expect(rows.find((r) => r.value === OTHER_VALUES)).toMatchObject({ roster: 1, present: 1 });
    expect(rows.filter((r) => r.value !== OTHER_VALUES)).toEqual(frozen.attributes[0]!.rows.filter((r) => r.value !== HAMLET));
    // Nowhere in the data folder (log, snapshots, WAL), nor in export.json.
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    for (const file of files(server.dataDir)) expect(readFileSync(file).includes(Buffer.from(HAMLET)), file).toBe(false);
    expect(JSON.stringify((await http(`${server.url}/api/export.json`, auth(server))).body)).not.toContain(HAMLET);
  });
});
