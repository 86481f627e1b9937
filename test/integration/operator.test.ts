import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { GRENOBLE_PROGRAMME } from '../../shared/features/demo/programme.ts';
import { DEFAULT_LEVER_TITLES } from '../../shared/features/core/convention.ts';
import type { OperatorConvention, OperatorList } from '../../shared/operator.ts';
import { connectClient, connectError, connectMember, http, type HttpResult } from '../helpers/client.ts';
import { closeAll, PUBLIC_URL, startServer, type TestServer } from '../helpers/server.ts';
import { systemContext } from '../../server/ids.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 12, item 1: several conventions on one server, created by the operator. Two conventions
// side by side made through the operator's routes (one blank, one from the Grenoble template),
// the listing, every refusal (which creates nothing), keys that never reach the other
// convention nor the operator's routes, the operator key kept across a restart, OPERATOR_KEY
// honoured, and a start without the demo.

const CONVENTIONS = '/api/operator/conventions';

describe('the operator: two conventions side by side on a server without the demo', () => {
  let server: TestServer;
  let blank: OperatorConvention;
  let grenoble: OperatorConvention;
  let lastActivity: number[] = [];
  const asOperator = (key = server.operatorKey) => ({ authorization: `Bearer ${key}` });
  const list = () => http<{ ok: true; data: OperatorList }>(`${server.url}${CONVENTIONS}`, { headers: asOperator() });
  const create = (body: unknown, headers: Record<string, string> = asOperator()): Promise<HttpResult<any>> =>
    http(`${server.url}${CONVENTIONS}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const conv = (id: string) => server.app.engine.conventions.get(id)!;
  const keyOf = (link: string) => link.split('/').at(-1)!;

  beforeAll(async () => {
    server = await startServer({ demo: false });
  });
  afterAll(closeAll);

  it('starts with no convention, and lists the templates', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.data.conventions).toEqual([]);
    expect(res.body.data.templates).toEqual([{ id: 'grenoble', name: expect.any(String), levers: 9, sessions: 5 }]);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('creates a blank convention: its name, no levers, no sessions, no members', async () => {
    const res = await create({ name: '  Convention citoyenne de Lyon  ' });
    expect(res.status).toBe(200);
    blank = res.body.data;
    expect(blank).toMatchObject({ name: 'Convention citoyenne de Lyon', sessions: 0, members: 0, startDate: null, endDate: null });
    const state = conv(blank.id);
    expect(state.levers).toEqual([]);
    expect(state.sessionOrder).toEqual([]);
    expect(state.memberOrder).toEqual([]);
    expect(blank.links.console).toBe(`${PUBLIC_URL}/console/${state.keys.facilitator}`);
  });

  it('creates one from the Grenoble template: 9 levers, 5 sessions with their dates and agendas, 0 members', async () => {
    const res = await create({ name: 'Convention pour le climat, édition 2027', template: 'grenoble' });
    expect(res.status).toBe(200);
    grenoble = res.body.data;
    const state = conv(grenoble.id);
    expect(state.levers.map((l) => l.title)).toEqual([...DEFAULT_LEVER_TITLES]);
    const sessions = state.sessionOrder.map((id) => state.sessions[id]!);
    expect(sessions.map((s) => [s.title, s.startDate, s.endDate])).toEqual(GRENOBLE_PROGRAMME.map((s) => [s.title, s.startDate, s.endDate]));
    for (const [i, session] of sessions.entries()) {
      expect(session.agenda.length).toBeGreaterThan(0);
      expect(session.agenda.map((item) => [item.title, item.kind, item.durationMin])).toEqual(GRENOBLE_PROGRAMME[i]!.agenda.map((item) => [item.title, item.kind, item.durationMin]));
      expect(session.status).toBe('planned');
    }
    expect(new Set(sessions.map((s) => s.code)).size).toBe(5);
    expect(state.memberOrder).toEqual([]);
    // Nothing of the demo's activity: no polls, rounds, speed meetings, visions.
    expect([state.polls, state.questionRounds, state.speedMeetings, state.visions].map((x) => Object.keys(x).length)).toEqual([0, 0, 0, 0]);
    expect(grenoble).toMatchObject({ sessions: 5, members: 0, startDate: '2022-03-05', endDate: '2022-10-09' });
  });

  it('lists both, oldest first, each with its own links', async () => {
    const { body } = await list();
    expect(body.data.conventions.map((c) => c.id)).toEqual([blank.id, grenoble.id]);
    for (const listed of body.data.conventions) {
      const state = conv(listed.id);
      expect(listed.links).toEqual({
        console: `${PUBLIC_URL}/console/${state.keys.facilitator}`,
        projector: `${PUBLIC_URL}/screen/${state.keys.projector}`,
        support: `${PUBLIC_URL}/support/${state.keys.support}`,
        speaker: `${PUBLIC_URL}/speaker/${state.keys.speaker}`,
      });
      expect(listed.lastActivityAt).toBeGreaterThanOrEqual(listed.createdAt);
    }
    const keys = body.data.conventions.flatMap((c) => Object.values(conv(c.id).keys));
    // Four keys each (console, projector, support, speaker), all different, and the operator's.
    expect(new Set([...keys, server.operatorKey]).size).toBe(9);
  });

  it('refuses without the operator key: none, a wrong one, a convention’s keys; nothing is created', async () => {
    const before = JSON.stringify(server.app.engine.world());
    const facilitatorKey = conv(blank.id).keys.facilitator;
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, 'AUTH_INVALID'],
      [{ authorization: 'Bearer ' }, 401, 'AUTH_INVALID'],
      [{ authorization: `Bearer ${server.operatorKey}x` }, 401, 'AUTH_INVALID'],
      [{ authorization: server.operatorKey }, 401, 'AUTH_INVALID'],
      [asOperator(facilitatorKey), 403, 'FORBIDDEN'],
      [asOperator(conv(grenoble.id).keys.projector), 403, 'FORBIDDEN'],
      [asOperator(conv(grenoble.id).keys.support), 403, 'FORBIDDEN'],
    ];
    for (const [headers, status, code] of cases) {
      const listed = await http(`${server.url}${CONVENTIONS}`, { headers });
      expect([listed.status, listed.body], JSON.stringify(headers)).toEqual([status, { ok: false, error: expect.objectContaining({ code }) }]);
      const created = await create({ name: 'Intruse' }, headers);
      expect([created.status, created.body.error.code]).toEqual([status, code]);
    }
    expect(JSON.stringify(server.app.engine.world())).toBe(before);
  });

  it('refuses a bad name or an unknown template with a typed error, and creates nothing', async () => {
    const before = JSON.stringify(server.app.engine.world());
    const refusals: [unknown, string, Record<string, unknown>][] = [
      [{}, 'INVALID_PAYLOAD', { path: 'name' }],
      [{ name: '' }, 'INVALID_PAYLOAD', { path: 'name', rule: 'min_length' }],
      [{ name: '   ' }, 'INVALID_PAYLOAD', { path: 'name', rule: 'min_length' }],
      [{ name: 'x'.repeat(121) }, 'INVALID_PAYLOAD', { path: 'name', rule: 'max_length', limit: 120 }],
      [{ name: 42 }, 'INVALID_PAYLOAD', { path: 'name' }],
      [{ name: 'Convention', extra: true }, 'INVALID_PAYLOAD', {}],
      [{ name: 'Convention', template: 'paris' }, 'NOT_FOUND', { entity: 'template' }],
      [{ name: 'Convention', template: '__proto__' }, 'NOT_FOUND', { entity: 'template' }],
      [{ name: 'Convention', template: 7 }, 'INVALID_PAYLOAD', { path: 'template' }],
      ['{"name":', 'INVALID_PAYLOAD', {}],
    ];
    for (const [body, code, details] of refusals) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.ok).toBe(false);
      expect(res.body.error.code, JSON.stringify(body)).toBe(code);
      expect(res.body.error.details ?? {}, JSON.stringify(body)).toMatchObject(details);
    }
    expect(JSON.stringify(server.app.engine.world())).toBe(before);
    expect((await list()).body.data.conventions).toHaveLength(2);
  });

  it('keys never cross: each convention’s keys act on it alone, the operator key on no socket nor facilitator route', async () => {
    const a = conv(blank.id);
    const b = conv(grenoble.id);
    const facilitatorA = await connectClient(server.url, a.keys.facilitator);
    const facilitatorB = await connectClient(server.url, b.keys.facilitator);
    await facilitatorA.waitFor((c) => c.view('console'), 3000, 'console A');
    expect(facilitatorA.view('console')!.name).toBe(a.name);
    expect(facilitatorB.welcome?.conventionId).toBe(b.id);

    // A's facilitator sets A's levers and sessions; B does not change.
    const beforeB = JSON.stringify(conv(b.id));
    expect((await facilitatorA.send('lever.add', { title: 'Mobilités douces' })).ok).toBe(true);
    expect((await facilitatorA.send('session.create', { title: 'Séance 1', startDate: '2027-01-09', endDate: '2027-01-10' })).ok).toBe(true);
    expect(conv(a.id).levers.map((l) => l.title)).toEqual(['Mobilités douces']);
    // B's ids named through A's key are not found over there; B stays as it was.
    const bSession = b.sessionOrder[0]!;
    for (const [name, args] of [
      ['session.open', { sessionId: bSession }],
      ['lever.rename', { leverId: b.levers[0]!.id, title: 'Détourné' }],
      ['agenda.add', { sessionId: bSession, title: 'Point ajouté', kind: 'talk', durationMin: 5 }],
    ] as const) {
      const ack = await facilitatorA.send(name, args);
      expect(ack.ok ? 'ok' : ack.error.code, name).toMatch(/^(NOT_FOUND|UNKNOWN_LEVER)$/);
    }
    expect(JSON.stringify(conv(b.id))).toBe(beforeB);

    // A's projector sees A, never B.
    const projectorA = await connectClient(server.url, a.keys.projector);
    await projectorA.waitFor((c) => c.view('screen'), 3000, 'screen A');
    expect(projectorA.view('screen')!.conventionName).toBe(a.name);
    // A's speaker key: the room's view of A, read-only (the projector's role), and nothing of B.
    const speakerA = await connectClient(server.url, a.keys.speaker!);
    await speakerA.waitFor((c) => c.view('screen'), 3000, 'speaker A');
    expect(speakerA.view('screen')!.conventionName).toBe(a.name);
    const bySpeaker = await speakerA.send('lever.rename', { leverId: a.levers[0]?.id ?? 'none', title: 'Détourné' });
    expect(bySpeaker.ok ? 'ok' : bySpeaker.error.code).toBe('FORBIDDEN');

    // The operator key opens no socket, and no facilitator route.
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: server.operatorKey })).message).toBe('AUTH_INVALID');
    for (const path of ['/api/export.json', '/api/export/rankings.csv']) {
      const res = await http(`${server.url}${path}`, { headers: asOperator() });
      expect([res.status, res.body.error.code]).toEqual([401, 'AUTH_INVALID']);
    }
    const roster = await http(`${server.url}/api/roster/import`, { method: 'POST', headers: { ...asOperator(), 'content-type': 'text/csv' }, body: 'Nom\nAlice Martin\n' });
    expect([roster.status, roster.body.error.code]).toEqual([401, 'AUTH_INVALID']);

    // A roster imported with A's key lands in A; a phone of A joins A's session, not B's.
    const imported = await http(`${server.url}/api/roster/import`, { method: 'POST', headers: { authorization: `Bearer ${a.keys.facilitator}`, 'content-type': 'text/csv' }, body: 'Nom;Code siège\nAlice Martin;ALICEM\n' });
    expect(imported.body).toMatchObject({ ok: true, data: { added: 1 } });
    expect(conv(b.id).memberOrder).toEqual([]);
    const sessionA = conv(a.id).sessionOrder[0]!;
    expect((await facilitatorA.send('session.open', { sessionId: sessionA })).ok).toBe(true);
    const phone = await connectMember(server.url, conv(a.id).sessions[sessionA]!.code, 'ALICEM');
    expect(phone.welcome?.conventionId).toBe(a.id);
    const joinB = await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode: b.sessions[bSession]!.code, seatCode: 'ALICEM' }) });
    expect(joinB.body.error.code).toBe('SEAT_CODE_UNKNOWN');

    // The listing follows: A now has 1 session and 1 member, B still 5 and 0.
    const listed = (await list()).body.data.conventions;
    expect(listed.map((c) => [c.sessions, c.members])).toEqual([
      [1, 1],
      [5, 0],
    ]);
    expect(keyOf(listed[0]!.links.console)).toBe(a.keys.facilitator);
    // The convention's own dates and place, once set, win over its sessions' dates.
    expect(listed[0]).toMatchObject({ startDate: '2027-01-09', endDate: '2027-01-10', place: null });
    expect((await facilitatorA.send('convention.update', { name: a.name, startDate: '2027-01-01', endDate: '2027-06-30', place: 'Hôtel de ville de Lyon' })).ok).toBe(true);
    const updated = (await list()).body.data.conventions;
    expect(updated[0]).toMatchObject({ startDate: '2027-01-01', endDate: '2027-06-30', place: 'Hôtel de ville de Lyon' });
    expect(updated[1]).toMatchObject({ startDate: '2022-03-05', endDate: '2022-10-09', place: null });
    // A's last activity is its update, later than anything B did.
    lastActivity = updated.map((c) => c.lastActivityAt);
    expect(lastActivity[0]).toBeGreaterThan(lastActivity[1]!);
    expect(lastActivity[1]).toBeGreaterThan(b.createdAt);
  });

  it('keeps the operator key across a restart, in a file only its owner reads', async () => {
    const key = server.operatorKey;
    const file = join(server.dataDir, 'operator.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await server.restart();
    expect(server.operatorKey).toBe(key);
    const { body } = await list();
    expect(body.data.conventions.map((c) => c.name)).toEqual(['Convention citoyenne de Lyon', 'Convention pour le climat, édition 2027']);
    // Read back from the log after the restart: the same last activity.
    expect(body.data.conventions.map((c) => c.lastActivityAt)).toEqual(lastActivity);
  });
});

describe('the operator’s create, retried', () => {
  let server: TestServer;
  const create = (body: unknown, headers: Record<string, string>): Promise<HttpResult<any>> =>
    http(`${server.url}${CONVENTIONS}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const asOperator = () => ({ authorization: `Bearer ${server.operatorKey}` });
  const conv = (id: string) => server.app.engine.conventions.get(id)!;

  beforeAll(async () => {
    server = await startServer({ demo: false });
  });
  afterAll(closeAll);

  it('a retry under the same Idempotency-Key gets the convention the first attempt made, never a second one', async () => {
    const before = server.app.engine.conventions.size;
    const headers = { ...asOperator(), 'idempotency-key': 'create-retry-0001' };
    const first = await create({ name: 'Convention du retry', template: 'grenoble' }, headers);
    const retry = await create({ name: 'Convention du retry', template: 'grenoble' }, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.data.id).toBe(first.body.data.id);
    expect(retry.body.data.links).toEqual(first.body.data.links);
    expect(server.app.engine.conventions.size).toBe(before + 1);
    expect(conv(first.body.data.id).sessionOrder).toHaveLength(5);
    // The same key asking for something else is a client's mistake, not a retry.
    const other = await create({ name: 'Une autre convention' }, headers);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('CID_REUSED');
    expect(server.app.engine.conventions.size).toBe(before + 1);
  });
});

describe('session codes are unique on the server, across conventions', () => {
  afterAll(closeAll);

  it('a code drawn again in another convention is drawn anew: a join code leads into one convention only', async () => {
    // The code generator repeats its first code for the second convention, as chance could.
    const base = systemContext();
    const scripted = ['KFX7QA', 'KFX7QA'];
    const server = await startServer({ demo: false, ctx: { ...base, newCode: (length) => scripted.shift() ?? base.newCode(length) } });
    const headers = { authorization: `Bearer ${server.operatorKey}`, 'content-type': 'application/json' };
    const created: OperatorConvention[] = [];
    for (const name of ['Convention A', 'Convention B']) {
      const res = await http(`${server.url}${CONVENTIONS}`, { method: 'POST', headers, body: JSON.stringify({ name }) });
      created.push(res.body.data);
      const facilitator = await connectClient(server.url, server.app.engine.conventions.get(res.body.data.id)!.keys.facilitator);
      expect((await facilitator.send('session.create', { title: 'Séance 1', startDate: '2027-03-06', endDate: '2027-03-07' })).ok).toBe(true);
    }
    const codes = created.map((c) => Object.values(server.app.engine.conventions.get(c.id)!.sessions)[0]!.code);
    expect(codes[0]).toBe('KFX7QA');
    expect(codes[1]).not.toBe('KFX7QA');
  });
});

describe('the operator key and the demo at start (the real server process)', () => {
  let proc: ServerProcess | null = null;
  afterAll(async () => {
    await proc?.stop();
  });

  it('honours OPERATOR_KEY, and DEMO=off starts with zero conventions', { timeout: 60_000 }, async () => {
    const key = 'Operateur_de-test-0123456789';
    proc = await startServerProcess({ demo: false, env: { OPERATOR_KEY: key } });
    expect(proc.operatorKey).toBe(key);
    expect(proc.facilitatorKey).toBe('');
    const res = await http(`${proc.url}${CONVENTIONS}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.body).toMatchObject({ ok: true, data: { conventions: [] } });
    // A key from the environment is not written to the data folder.
    expect(() => statSync(join(proc!.dataDir, 'operator.key'))).toThrow();
    await proc.stop();
    proc = null;
  });

  it('--no-demo starts with zero conventions too', { timeout: 60_000 }, async () => {
    proc = await startServerProcess({ args: ['--no-demo'] });
    expect(proc.facilitatorKey).toBe('');
    const res = await http(`${proc.url}${CONVENTIONS}`, { headers: { authorization: `Bearer ${proc.operatorKey}` } });
    expect(res.body).toMatchObject({ ok: true, data: { conventions: [] } });
    // The key drawn at this first start is kept in the data folder, for the next one.
    expect(statSync(join(proc.dataDir, 'operator.key')).mode & 0o777).toBe(0o600);
    await proc.stop();
    proc = null;
  });

  it('creates the demo by default, and prints the operator link beside its links', { timeout: 60_000 }, async () => {
    proc = await startServerProcess();
    expect(proc.facilitatorKey).not.toBe('');
    const res = await http(`${proc.url}${CONVENTIONS}`, { headers: { authorization: `Bearer ${proc.operatorKey}` } });
    expect(res.body.data.conventions).toHaveLength(1);
    expect(res.body.data.conventions[0].members).toBe(100);
    await proc.stop();
    proc = null;
  });

  it('refuses to start with an OPERATOR_KEY anyone could guess, and says why', { timeout: 30_000 }, async () => {
    const { code, output } = await runOnce({ OPERATOR_KEY: 'secret' });
    expect(code).toBe(1);
    expect(output).toMatch(/OPERATOR_KEY must be 16 to 128 characters/);
  });
});

/** Starts the server and waits for it to exit by itself (a refused start). */
function runOnce(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'convergence-refused-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}
