import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/csv/index.ts';
import { newAccessKey } from '../../server/ids.ts';
import { http } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Every CSV export keeps its header row when it has nothing to list (issue 18, item 6): a
// spreadsheet opened before the first ranking shows its columns, not a byte-order mark alone.

describe('CSV exports of a fresh convention', () => {
  let server: TestServer;
  let key: string;
  let sessionId: string;
  beforeEach(async () => {
    server = await startServer({ members: 2 });
    // A convention with nothing in it: no roster, no ranking, no proposal, one empty session.
    key = newAccessKey();
    const created = await server.app.engine.command({ role: 'system', conventionId: '' }, 'convention.create', {
      name: 'Vide',
      keys: { facilitator: key, projector: newAccessKey(), support: newAccessKey() },
    });
    if (!created.ok) throw new Error(created.error.message);
    const facilitator = { role: 'facilitator' as const, conventionId: created.data!.conventionId };
    const session = await server.app.engine.command(facilitator, 'session.create', { title: 'Séance 1', startDate: '2025-01-11', endDate: '2025-01-11' });
    if (!session.ok) throw new Error(session.error.message);
    sessionId = session.data!.sessionId;
  });
  afterEach(closeAll);

  const get = (path: string) => http(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  it.each([
    ['/api/export/rankings.csv', 'Activité'],
    ['/api/export/proposals.csv', 'Numéro'],
    ['/api/export/questions.csv?session=SESSION', 'Séance de questions'],
  ])('%s: a BOM, then the header row and nothing else', async (path, first) => {
    const res = await get(path.replace('SESSION', sessionId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = String(res.body);
    // fetch's text() drops the BOM; the raw bytes keep it.
    const raw = new Uint8Array(await (await fetch(`${server.url}${path.replace('SESSION', sessionId)}`, { headers: { authorization: `Bearer ${key}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(text.replace(/^\uFEFF/, '')).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe(first);
    expect(rows[0]!.length).toBeGreaterThan(3);
  });

  it('speed.csv: no plan yet is NOT_FOUND (a plan always has its header), as documented', async () => {
    const res = await get(`/api/export/speed.csv?session=${sessionId}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { entity: 'speedPlan' } } });
  });
});
