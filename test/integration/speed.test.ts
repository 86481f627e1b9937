import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import type { ConsoleSpeed } from '../../shared/features/speed/views.ts';
import { parseCsv } from '../../shared/csv/index.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 7's speed meeting with a real server and real sockets: the facilitator enters actors,
// generates the rotation plan and starts round 1; each phone receives its own table and nobody
// else's, the projector the round, its countdown and who goes where; members cannot run it; bad
// payloads change nothing; re-planning for an absentee keeps the played round; the plan survives
// a restart as it was.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let phones: Phone[];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);
const consoleSpeed = (c: TestClient): ConsoleSpeed | null | undefined => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.speed;

const ACTORS = [
  { organisation: 'Association négaWatt', name: 'Chargée de mission', theme: 'Production d’énergie', table: '14' },
  { organisation: 'The Shift Project', name: '', theme: 'Action économique du territoire', table: '15' },
  { organisation: 'Vélo Cité', name: '', theme: 'Mobilité des personnes', table: '16' },
  { organisation: 'Agence locale de l’énergie', name: '', theme: 'Habitat, aménagement et urbanisme', table: '17' },
  { organisation: 'AMAP du Grésivaudan', name: '', theme: 'Agriculture et alimentation', table: '18' },
  { organisation: 'Ressourcerie La Remise', name: '', theme: 'Consommation, déchets et loisirs', table: '19' },
];

async function preparedMeeting(): Promise<string> {
  const { meetingId } = await ok(facilitator.send('speed.create', { sessionId: server.live.id }));
  await ok(facilitator.send('speed.actorsAdd', { meetingId, actors: ACTORS }));
  await ok(facilitator.send('speed.settings', { meetingId, rounds: 3, roundMinutes: 20, minTable: 3, maxTable: 6 }));
  return meetingId;
}

beforeEach(async () => {
  server = await startServer({ members: 16 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('speed meeting with real sockets', () => {
  it('generates a plan, starts round 1: each phone gets only its own table, the projector the round and its countdown', async () => {
    const meetingId = await preparedMeeting();
    await ok(facilitator.send('speed.generate', { meetingId, basis: 'present' }));
    const speed = await facilitator.waitFor((c) => consoleSpeed(c)?.quality && consoleSpeed(c));
    expect(speed.quality).toMatchObject({ actorRepeats: 0, members: 16, rounds: 3 });
    expect(speed.quality!.tableSizes.every((s) => s.below === 0 && s.above === 0)).toBe(true);
    // Before the start, phones have no schedule.
    expect(phones[0]!.view('member')!.speed).toBeNull();

    const started = Date.now();
    await ok(facilitator.send('speed.round', { meetingId, round: 1 }));

    const screen = await projector.waitFor((c) => c.view('screen')?.session?.speed?.round === 1 && c.view('screen')!.session!);
    expect(screen.shows.kind).toBe('speed');
    expect(screen.speed!.timer).toMatchObject({ durationMs: 20 * 60_000, status: 'running', source: { kind: 'speed-round', id: meetingId } });
    expect(screen.speed!.timer!.endsAt! - started).toBeGreaterThan(19 * 60_000);
    expect(screen.speed!.lookup).toHaveLength(16);

    const plan = speed.plan!.rounds;
    const tableOf = (memberId: string, round: number) => plan[round]!.tables.find((t) => t.memberIds.includes(memberId))?.actorId ?? null;
    const labelOf = (actorId: string | null) => ACTORS[speed.actors.findIndex((a) => a.id === actorId)]?.table;
    for (const phone of phones) {
      const mine = await phone.waitFor((c) => c.view('member')?.speed);
      const expected = plan.map((_, r) => labelOf(tableOf(phone.memberId, r)) ?? null);
      expect(mine.schedule.map((s) => s?.table ?? null)).toEqual(expected);
      expect(mine.schedule[0]!.organisation).toBe(ACTORS.find((a) => a.table === expected[0])!.organisation);
      await phone.waitFor((c) => c.view('public')?.speed?.round === 1);
      // Nobody else's seat reaches this phone: no other member's id in its speed views.
      const seen = JSON.stringify([phone.view('member')!.speed, phone.view('public')!.speed]);
      for (const other of phones) if (other !== phone) expect(seen).not.toContain(other.memberId);
    }

    await ok(facilitator.send('speed.round', { meetingId, round: 2 }));
    const second = phones[3]!;
    await second.waitFor((c) => c.view('public')?.speed?.round === 2);
    await projector.waitFor((c) => c.view('screen')?.session?.speed?.round === 2);
    expect(second.view('member')!.speed!.schedule[1]?.table ?? null).toBe(labelOf(tableOf(second.memberId, 1)) ?? null);
  });

  it('a member cannot run the meeting; bad payloads are refused and change nothing', async () => {
    const meetingId = await preparedMeeting();
    expect(code(await phones[0]!.send('speed.generate', { meetingId, basis: 'present' }))).toBe('FORBIDDEN');
    expect(code(await phones[0]!.send('speed.round', { meetingId, round: 1 }))).toBe('FORBIDDEN');
    expect(code(await projector.send('speed.actorsAdd', { meetingId, actors: ACTORS.slice(0, 1) }))).toBe('FORBIDDEN');
    await projector.quiet(200);
    const mark = projector.mark();
    const before = JSON.stringify(server.conv.speedMeetings);
    expect(code(await facilitator.send('speed.settings', { meetingId, rounds: 3, roundMinutes: 20, minTable: 6, maxTable: 3 }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('speed.actorsAdd', { meetingId, actors: [{ organisation: '', name: '', theme: '', table: '' }] }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('speed.round', { meetingId, round: 0 }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('speed.generate', { meetingId, basis: 'everyone' }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('speed.round', { meetingId, round: 1 }))).toBe('NO_PLAN');
    expect(code(await facilitator.send('speed.generate', { meetingId: 'no-such-meeting', basis: 'present' }))).toBe('NOT_FOUND');
    expect(JSON.stringify(server.conv.speedMeetings)).toBe(before);
    const arrived = (await projector.quiet(300)).concat(projector.since(mark)).filter((r) => r.event === 'sync:patch');
    expect(arrived).toEqual([]);
  });

  it('re-plans for an absentee from the next round, keeping round 1; the plan survives a restart', async () => {
    const meetingId = await preparedMeeting();
    await ok(facilitator.send('speed.generate', { meetingId, basis: 'present' }));
    await ok(facilitator.send('speed.round', { meetingId, round: 1 }));
    const leaving = phones[5]!;
    await ok(facilitator.send('speed.memberAbsent', { meetingId, memberIds: [leaving.memberId], absent: true }));
    const changes = await facilitator.waitFor((c) => consoleSpeed(c)?.changes?.departures.length && consoleSpeed(c)!.changes);
    expect(changes).toMatchObject({ from: 2, departures: [leaving.memberId] });
    const before = server.conv.speedMeetings[meetingId]!.plan!;

    expect(code(await facilitator.send('speed.replan', { meetingId, fromRound: 2, basis: 'present' }))).toBe('ok');
    const after = server.conv.speedMeetings[meetingId]!.plan!;
    expect(after.rounds[0]).toEqual(before.rounds[0]);
    for (const round of after.rounds.slice(1)) {
      expect(round.tables.flatMap((t) => t.memberIds)).not.toContain(leaving.memberId);
      for (const t of round.tables) expect(t.memberIds.length).toBeGreaterThanOrEqual(3);
    }
    // The absentee's phone no longer lists the re-planned rounds; round 1 stays as it was.
    const schedule = await leaving.waitFor((c) => c.view('member')?.speed?.schedule[1] === null && c.view('member')!.speed!.schedule);
    expect(schedule[0]).not.toBeNull();

    const restarted = await server.restart();
    expect(restarted.conv.speedMeetings[meetingId]!.plan).toEqual(after);
  });

  it('exports the plan as two sheets to print: a row per member, a row per actor; the same seats as the phones', async () => {
    const auth = { headers: { authorization: `Bearer ${server.facilitatorKey}` } };
    const sheet = (by: string) => http<string>(`${server.url}/api/export/speed.csv?session=${server.live.id}&by=${by}`, auth);
    // No plan yet: nothing to print.
    expect((await sheet('member')).status).toBe(404);
    const meetingId = await preparedMeeting();
    await ok(facilitator.send('speed.generate', { meetingId, basis: 'present' }));
    await ok(facilitator.send('speed.round', { meetingId, round: 1 }));

    const members = await sheet('member');
    expect(members.status).toBe(200);
    expect(members.headers.get('content-type')).toContain('text/csv');
    const { rows } = parseCsv(members.body);
    expect(rows[0]).toEqual(['Membre', 'Tour 1', 'Tour 2', 'Tour 3']);
    // No seat code anywhere on a sheet meant to be printed.
    for (const id of server.conv.memberOrder) expect(members.body).not.toContain(server.conv.members[id]!.seatCode);
    expect(rows).toHaveLength(1 + 16);
    // Each member's row says what their phone says.
    const phone = phones[3]!;
    const schedule = (await phone.waitFor((c) => c.view('member')?.speed, 5000, 'schedule')).schedule;
    const row = rows.find((r) => r[0] === server.conv.members[phone.memberId]!.name)!;
    schedule.forEach((stop, r) => expect(row[1 + r]).toEqual(stop ? expect.stringContaining(`Table ${stop.table} — ${stop.organisation}`) : '—'));

    const actors = parseCsv((await sheet('actor')).body).rows;
    expect(actors[0]).toEqual(['Table', 'Organisation', 'Intervenant·e', 'Thème', 'Tour 1', 'Tour 2', 'Tour 3']);
    expect(actors.slice(1).map((r) => r[0])).toEqual(['14', '15', '16', '17', '18', '19']);
    // Every member seated in round 1 is named once at one actor's table.
    const round1 = actors.slice(1).flatMap((r) => (r[4] === '—' ? [] : r[4]!.split(', ')));
    expect(new Set(round1).size).toBe(round1.length);
    expect(round1.length).toBe(rows.slice(1).filter((r) => r[1] !== '—').length);

    expect((await sheet('table')).status).toBe(400);
    expect((await http(`${server.url}/api/export/speed.csv?session=${server.live.id}`, { headers: { authorization: `Bearer ${server.projectorKey}` } })).status).toBe(403);
  });

  it('still exports when an actor left after the plan was made (before the start): their seats say "Table ?"', async () => {
    const auth = { headers: { authorization: `Bearer ${server.facilitatorKey}` } };
    const meetingId = await preparedMeeting();
    await ok(facilitator.send('speed.generate', { meetingId, basis: 'present' }));
    const speed = await facilitator.waitFor((c) => consoleSpeed(c)?.plan && consoleSpeed(c));
    await ok(facilitator.send('speed.actorRemove', { meetingId, actorId: speed.actors[0]!.id }));
    const members = await http<string>(`${server.url}/api/export/speed.csv?session=${server.live.id}&by=member`, auth);
    expect(members.status).toBe(200);
    expect(parseCsv(members.body).rows.slice(1).some((row) => row.includes('Table ?'))).toBe(true);
    const actors = await http<string>(`${server.url}/api/export/speed.csv?session=${server.live.id}&by=actor`, auth);
    expect(actors.status).toBe(200);
    expect(parseCsv(actors.body).rows.map((row) => row[1])).not.toContain(ACTORS[0]!.organisation);
  });
});
