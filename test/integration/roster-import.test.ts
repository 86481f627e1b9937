import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, http, type HttpResult } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Roster import over HTTP: the facilitator's key as a bearer token, the spreadsheet's CSV as the
// body. Preview first (per-row problems, nothing written), then import (rows not already there).

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');

describe('roster import over HTTP', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(closeAll);

  const post = (path: 'preview' | 'import', csv: string, key: string | null = server.facilitatorKey, contentType = 'text/csv'): Promise<HttpResult<any>> =>
    http(`${server.url}/api/roster/${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: csv,
    });

  it('preview: per-row problems for the French Excel file, and nothing written', async () => {
    const world = structuredClone(server.app.engine.world());
    const res = await post('preview', fixture('roster-excel-fr.csv'));
    expect(res.status).toBe(200);
    const preview = res.body.data;
    expect(preview.fileError).toBeNull();
    expect(preview.delimiter).toBe(';');
    expect(preview.columns).toEqual(expect.arrayContaining([{ field: 'lastName', header: 'Nom', status: 'recognised' }, { field: 'firstName', header: 'Prénom', status: 'recognised' }, { field: 'seatCode', header: 'Code siège', status: 'recognised' }]));
    // Blank lines and a line of empty cells are no rows; quoted newlines stay in their cell.
    expect(preview.rows.map((r: { name: string }) => r.name)).toEqual(['Zoé Lefèvre', 'François Durand', "Aïcha N'Diaye", 'Cécile Bœuf', 'Loïc Le Gall', 'Jean-Noël Dupont']);
    expect(preview.rows[0]).toMatchObject({ line: 2, seatCode: 'A01', attributes: { ageBracket: '18-24 ans', gender: 'Femme', territory: 'Rennes Métropole' } });
    expect(preview.rows[2].attributes.territory).toBe('Quimper\n(Finistère)');
    // Every row carries its problems: here, short seat codes (a warning, still importable).
    for (const row of preview.rows) expect(row).toMatchObject({ problems: ['SEAT_CODE_WEAK'], importable: true });
    expect(preview).toMatchObject({ importable: 6, skipped: 0 });
    expect(server.app.engine.world()).toEqual(world);
  });

  it('preview: blocking problems keep rows out', async () => {
    const taken = server.conv.members[server.conv.memberOrder[0]!]!.seatCode;
    const csv = ['Nom;Prénom;Code siège', 'Alpha;Anne;ANNE77', 'Beta;Bernard;ANNE77', ';;CODE99', `Gamma;Gilles;${taken}`, 'Delta;Diane;X!', `Epsilon;Eva;${'E'.repeat(20)}`].join('\r\n');
    const res = await post('preview', csv);
    expect(res.status).toBe(200);
    const problems = res.body.data.rows.map((r: { problems: string[]; importable: boolean }) => [r.problems, r.importable]);
    expect(problems).toEqual([
      [[], true],
      [['SEAT_CODE_DUPLICATE'], false],
      [['NAME_MISSING'], false],
      [['SEAT_CODE_TAKEN'], false],
      [['SEAT_CODE_INVALID'], false],
      [['SEAT_CODE_INVALID'], false],
    ]);
    expect(res.body.data).toMatchObject({ importable: 1, skipped: 5 });
  });

  it('preview: a file without a name column is a file error', async () => {
    const res = await post('preview', 'Code;Genre\nABCDEF;Femme\n');
    expect(res.status).toBe(200);
    expect(res.body.data.fileError).toEqual({ code: 'NAME_COLUMN_MISSING' });
    const imported = await post('import', 'Code;Genre\nABCDEF;Femme\n');
    expect(imported.status).toBe(400);
    expect(imported.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('import adds the importable rows and the console sees them; the same file again adds nobody', async () => {
    const console = await connectClient(server.url, server.facilitatorKey);
    const csv = fixture('roster-excel-fr.csv');
    const first = await post('import', csv);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true, data: { added: 6, skipped: 0 } });
    expect(server.conv.memberOrder).toHaveLength(18);
    const added = server.conv.memberOrder.slice(12).map((id) => server.conv.members[id]!);
    expect(added.map((m) => [m.name, m.seatCode, m.origin, m.active])).toEqual([
      ['Zoé Lefèvre', 'A01', 'roster', true],
      ['François Durand', 'A02', 'roster', true],
      ["Aïcha N'Diaye", 'A03', 'roster', true],
      ['Cécile Bœuf', 'A04', 'roster', true],
      ['Loïc Le Gall', 'B01', 'roster', true],
      ['Jean-Noël Dupont', 'B02', 'roster', true],
    ]);
    await console.waitFor((c) => c.view('console')!.members.length === 18, 5000, 'console shows 18');
    expect(console.view('console')!.attributeKeys).toEqual(expect.arrayContaining(['ageBracket', 'gender', 'territory']));

    const world = structuredClone(server.app.engine.world());
    const again = await post('import', csv);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, data: { added: 0, skipped: 6 } });
    expect(server.app.engine.world()).toEqual(world);
    const preview = await post('preview', csv);
    for (const row of preview.body.data.rows) expect(row.problems).toContain('ALREADY_IN_ROSTER');

    // An imported member can join with the code from the file, typed as printed.
    const join = await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode: server.live.code, seatCode: 'a-01' }) });
    expect(join.status).toBe(200);
    expect(join.body.data.memberId).toBe(added[0]!.id);
  });

  it('takes a Google Sheets export (commas, other headers) once its extra column is dropped', async () => {
    // A comment column is no known field: refused until the facilitator drops it (roster-columns.test.ts).
    const refused = await post('import', fixture('participants-sheets.csv'));
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'ROSTER_COLUMNS_UNDECLARED', details: { headers: ['Commentaire'] } } });
    const res = await post(`import?columns=${encodeURIComponent(JSON.stringify({ Commentaire: 'drop' }))}` as 'import', fixture('participants-sheets.csv'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, data: { added: 3, skipped: 0 } });
    const added = server.conv.memberOrder.slice(12).map((id) => server.conv.members[id]!);
    expect(added.map((m) => m.name)).toEqual(['Hélène Müller', 'Jérôme Œillet', 'Ève Garçon']);
  });

  it('401 without the key or with an unknown key, 403 with the projector key or a member token; nothing written', async () => {
    const world = structuredClone(server.app.engine.world());
    const csv = fixture('roster-excel-fr.csv');
    for (const path of ['preview', 'import'] as const) {
      const none = await post(path, csv, null);
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ ok: false, error: { code: 'AUTH_INVALID' } });
      expect((await post(path, csv, 'not-a-key')).status).toBe(401);
      const projector = await post(path, csv, server.projectorKey);
      expect(projector.status).toBe(403);
      expect(projector.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect((await post(path, csv, server.supportKey)).status).toBe(403);
    }
    expect(server.app.engine.world()).toEqual(world);
    const join = await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode: server.live.code, seatCode: server.conv.members[server.conv.memberOrder[0]!]!.seatCode }) });
    const token = join.body.data.token as string;
    const world2 = structuredClone(server.app.engine.world());
    expect((await post('import', csv, token)).status).toBe(403);
    expect(server.app.engine.world()).toEqual(world2);
    expect(world2).not.toEqual(world); // the join itself was written
  });

  it('refuses a body that is not CSV text', async () => {
    const res = await post('import', '{"rows":[]}', server.facilitatorKey, 'application/json');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});
