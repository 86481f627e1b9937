import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, type HttpResult } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// docs/api.md sorts the HTTP answers in two kinds (issue 18, item 10): API answers, wrapped
// ({ ok, data }), and files (exports, QR codes), sent as the bare document that `npm run recount`
// and people read. Every route of its table is called here and answers as its row says; a route
// added to the table without a request here fails the first test.

const API_DOC = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** The table's routes: 'GET /api/export.json' → 'api' or 'file', from the answer column's first word. */
function documentedRoutes(): Map<string, 'api' | 'file'> {
  const routes = new Map<string, 'api' | 'file'>();
  for (const line of API_DOC.split('\n')) {
    const row = /^\| `(GET|POST) (\/api\/[^`?]+)[^`]*` \|(?:[^|]|\\\|)*\|(?:[^|]|\\\|)*\| (API:|file)/.exec(line);
    if (row) routes.set(`${row[1]} ${row[2]!.replace(/\\\|/g, '|')}`, row[3] === 'API:' ? 'api' : 'file');
  }
  return routes;
}

describe('HTTP answers: API answers wrapped, files bare', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ members: 3 });
  });
  afterAll(closeAll);

  const auth = () => ({ authorization: `Bearer ${server.facilitatorKey}` });
  const csv = 'Nom;Prénom;Code siège\nMartin;Alice;ALICE7\n';
  const proposals = 'Titre;Texte;Levier\nUne proposition;Son texte;1\n';
  const REQUESTS: Record<string, () => Promise<HttpResult>> = {
    'GET /api/health': () => http(`${server.url}/api/health`),
    'POST /api/join': () =>
      http(`${server.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionCode: server.live.code, seatCode: server.conv.members[server.conv.memberOrder[0]!]!.seatCode }),
      }),
    // The phone that joined above opens its convention's live session again with its token.
    'POST /api/join/resume': async () => {
      const joined = await http<{ data: { token: string } }>(`${server.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionCode: server.live.code, seatCode: server.conv.members[server.conv.memberOrder[1]!]!.seatCode }),
      });
      return http(`${server.url}/api/join/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: joined.body.data.token, sessionCode: server.live.code }) });
    },
    // "Quitter ce téléphone": a phone that joined gives its seat back.
    'POST /api/join/leave': async () => {
      const memberId = server.conv.memberOrder[2]!;
      const joined = await http<{ data: { token: string } }>(`${server.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionCode: server.live.code, seatCode: server.conv.members[memberId]!.seatCode }),
      });
      return http(`${server.url}/api/join/leave`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: joined.body.data.token, memberId }) });
    },
    'GET /api/join/<CODE>': () => http(`${server.url}/api/join/${server.live.code}`),
    'GET /api/members/<ID>/data': () => http(`${server.url}/api/members/${server.conv.memberOrder[0]!}/data`, { headers: auth() }),
    'GET /api/qr/<CODE>.svg': () => http(`${server.url}/api/qr/${server.live.code}.svg`),
    'POST /api/roster/preview': () => http(`${server.url}/api/roster/preview`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/csv' }, body: csv }),
    'POST /api/roster/import': () => http(`${server.url}/api/roster/import`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/csv' }, body: csv }),
    'POST /api/proposals/preview': () => http(`${server.url}/api/proposals/preview`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/csv' }, body: proposals }),
    'POST /api/proposals/import': () => http(`${server.url}/api/proposals/import`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/csv' }, body: proposals }),
    'GET /api/export.json': () => http(`${server.url}/api/export.json`, { headers: auth() }),
    'GET /api/export/proposals.csv': () => http(`${server.url}/api/export/proposals.csv`, { headers: auth() }),
    'GET /api/export/questions.csv': () => http(`${server.url}/api/export/questions.csv?session=${server.live.id}`, { headers: auth() }),
    'GET /api/export/questions.json': () => http(`${server.url}/api/export/questions.json?session=${server.live.id}`, { headers: auth() }),
    'GET /api/export/speed.csv': async () => {
      // A rotation plan to print: the demo's speed meeting, planned for the whole roster.
      const meeting = Object.values(server.conv.speedMeetings)[0]!;
      const facilitator = { role: 'facilitator' as const, conventionId: server.conventionId };
      const planned = await server.app.engine.command(facilitator, 'speed.generate', { meetingId: meeting.id, basis: 'all' });
      if (!planned.ok) throw new Error(planned.error.message);
      return http(`${server.url}/api/export/speed.csv?session=${meeting.sessionId}`, { headers: auth() });
    },
    'GET /api/report/dossier': () => http(`${server.url}/api/report/dossier`, { headers: auth() }),
    'GET /api/export/rankings.csv': () => http(`${server.url}/api/export/rankings.csv`, { headers: auth() }),
    'GET /api/open-data': () => http(`${server.url}/api/open-data`, { headers: auth() }),
    'GET /api/open-data/<FILE>': () => http(`${server.url}/api/open-data/votes.json`, { headers: auth() }),
    'GET /api/publication/site.zip': () => http(`${server.url}/api/publication/site.zip`, { headers: auth() }),
    'GET /api/operator/conventions/<ID>/backup': () => http(`${server.url}/api/operator/conventions/${server.conventionId}/backup`, { headers: { authorization: `Bearer ${server.operatorKey}` } }),
    'POST /api/operator/backup/check': async () => http(`${server.url}/api/operator/backup/check`, { method: 'POST', headers: { authorization: `Bearer ${server.operatorKey}`, 'content-type': 'application/json' }, body: await backupText() }),
    'POST /api/operator/backup/restore': async () => http(`${server.url}/api/operator/backup/restore`, { method: 'POST', headers: { authorization: `Bearer ${server.operatorKey}`, 'content-type': 'application/json' }, body: await backupText() }),
    'GET /api/backup': () => http(`${server.url}/api/backup`, { headers: auth() }),
    // The convention's own backup, checked then restored: identical, so nothing changes.
    'POST /api/backup/check': async () => http(`${server.url}/api/backup/check`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: await backupText() }),
    'POST /api/backup/restore': async () => http(`${server.url}/api/backup/restore`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: await backupText() }),
    'GET /api/operator/conventions': () => http(`${server.url}/api/operator/conventions`, { headers: { authorization: `Bearer ${server.operatorKey}` } }),
    'POST /api/operator/conventions': () =>
      http(`${server.url}/api/operator/conventions`, { method: 'POST', headers: { authorization: `Bearer ${server.operatorKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Convention de Lyon', template: 'grenoble' }) }),
  };
  const backupText = async () => (await fetch(`${server.url}/api/backup`, { headers: auth() })).text();

  it('every route of docs/api.md is called here, and the table marks each API or file', () => {
    const documented = documentedRoutes();
    expect([...documented.keys()].sort()).toEqual(Object.keys(REQUESTS).sort());
    expect(documented.get('GET /api/export.json')).toBe('file');
    expect(documented.get('GET /api/export/questions.json')).toBe('file');
  });

  it.each(Object.keys(REQUESTS))('%s answers as docs/api.md says', async (route) => {
    const kind = documentedRoutes().get(route);
    const res = await REQUESTS[route]!();
    const type = res.headers.get('content-type') ?? '';
    if (kind === 'api') {
      expect(res.status).toBe(200);
      expect(type).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ ok: true });
      if (route !== 'GET /api/health') expect(res.body).toHaveProperty('data');
      expect(res.headers.get('content-disposition')).toBeNull();
      return;
    }
    expect(kind).toBe('file');
    expect(res.status).toBe(200);
    if (type.startsWith('application/json')) {
      // The bare record: its format, never the { ok, data } wrapper.
      expect(res.body).not.toHaveProperty('ok');
      expect(res.body).not.toHaveProperty('data');
      expect((res.body as { format?: string }).format).toMatch(/^convergence-/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    } else if (type.startsWith('text/csv')) {
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    } else if (type.startsWith('application/zip')) {
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.zip"$/);
    } else {
      expect(type).toMatch(/^image\/svg\+xml/);
    }
  });

  it('a refused file request is an API answer', async () => {
    for (const path of ['/api/export.json', `/api/export/questions.json?session=${server.live.id}`, '/api/export/rankings.csv']) {
      const res = await http(`${server.url}${path}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID' } });
    }
    const unknown = await http(`${server.url}/api/export/questions.json?session=nope`, { headers: auth() });
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
