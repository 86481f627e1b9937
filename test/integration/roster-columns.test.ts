import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAllClients, connectClient, http, type HttpResult } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 14, item 7: roster columns are declared with their purpose on import. Every column of a
// roster file is recognised by its header, declared as a field by the facilitator, or dropped;
// an unknown column is refused, never kept silently; identifiers the app never needs (e-mail,
// phone, address, social-security number, date of birth…), by header or by value, can only be
// dropped. Over HTTP (the console's preview then import) and over the socket alike.

const FILE = [
  'Nom;Prénom;Email;Téléphone;Adresse;NIR;Date de naissance;Contact;Genre;CSP;Notes',
  'Lefèvre;Zoé;zoe.lefevre@example.org;06 12 34 56 78;3 rue des Lilas, Rennes;2 84 05 35 123 456 78;12/05/1984;zoe@exemple.fr;Femme;Employée;Vient avec sa fille',
  'Durand;François;f.durand@example.org;+33 6 98 76 54 32;1 place du Marché, Brest;1 56 11 29 987 654 32;03/11/1956;fdurand@exemple.fr;Homme;Retraité;Allergique',
].join('\n');
const PERSONAL = ['zoe.lefevre@example.org', '06 12 34 56 78', '3 rue des Lilas', '2 84 05 35 123 456 78', '12/05/1984', 'zoe@exemple.fr', 'Vient avec sa fille', 'Allergique'];
const SENSITIVE = { Email: 'email', 'Téléphone': 'phone', Adresse: 'address', NIR: 'nationalId', 'Date de naissance': 'birth', Contact: 'email' } as const;

describe('roster columns and their purpose', () => {
  let server: TestServer;
  afterEach(async () => {
    await closeAllClients();
    await closeAll();
  });

  const post = (path: 'preview' | 'import', csv: string, columns?: Record<string, string>): Promise<HttpResult<any>> =>
    http(`${server.url}/api/roster/${path}${columns ? `?columns=${encodeURIComponent(JSON.stringify(columns))}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${server.facilitatorKey}` },
      body: csv,
    });

  it('refuses identifiers the app never needs and unknown columns until each is dropped or declared', { timeout: 30_000 }, async () => {
    server = await startServer({ members: 4 });
    const world = JSON.stringify(server.app.engine.world());

    const preview = (await post('preview', FILE)).body.data;
    expect(preview.columns.map((c: { header: string; status: string; field: string | null; sensitive?: string }) => [c.header, c.status, c.field, c.sensitive ?? null])).toEqual([
      ['Nom', 'recognised', 'lastName', null],
      ['Prénom', 'recognised', 'firstName', null],
      ['Email', 'sensitive', null, 'email'],
      ['Téléphone', 'sensitive', null, 'phone'],
      ['Adresse', 'sensitive', null, 'address'],
      ['NIR', 'sensitive', null, 'nationalId'],
      ['Date de naissance', 'sensitive', null, 'birth'],
      // An unknown header whose values are e-mail addresses is found by its values.
      ['Contact', 'sensitive', null, 'email'],
      ['Genre', 'recognised', 'gender', null],
      ['CSP', 'recognised', 'occupation', null],
      ['Notes', 'undeclared', null, null],
    ]);
    expect(preview.blocked).toEqual({ code: 'ROSTER_COLUMN_SENSITIVE', headers: Object.keys(SENSITIVE) });

    // Sensitive columns first, then the unknown one; nothing is written meanwhile.
    const refused = await post('import', FILE);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'ROSTER_COLUMN_SENSITIVE', details: { headers: Object.keys(SENSITIVE) } } });
    // Declaring a sensitive column as a field does not make it importable.
    const disguised = await post('import', FILE, { Email: 'territory', Contact: 'name' });
    expect(disguised.body).toMatchObject({ ok: false, error: { code: 'ROSTER_COLUMN_SENSITIVE' } });
    const drop = Object.fromEntries(Object.keys(SENSITIVE).map((h) => [h, 'drop']));
    const undeclared = await post('import', FILE, drop);
    expect(undeclared.body).toMatchObject({ ok: false, error: { code: 'ROSTER_COLUMNS_UNDECLARED', details: { headers: ['Notes'] } } });
    expect(JSON.stringify(server.app.engine.world())).toBe(world);

    // Each column dropped or declared: the preview shows the choice, the import takes the rows.
    const declared = { ...drop, Notes: 'drop' };
    const shown = (await post('preview', FILE, declared)).body.data;
    expect(shown.blocked).toBeNull();
    expect(shown.columns.filter((c: { status: string }) => c.status === 'dropped').map((c: { header: string; sensitive?: string }) => [c.header, c.sensitive ?? null])).toEqual([...Object.entries(SENSITIVE), ['Notes', null]]);
    const imported = await post('import', FILE, declared);
    expect(imported.body).toEqual({ ok: true, data: { added: 2, skipped: 0 } });
    const zoe = Object.values(server.conv.members).find((m) => m.name === 'Zoé Lefèvre')!;
    expect(zoe.attributes).toEqual({ gender: 'Femme', occupation: 'Employée' });

    // No dropped value is anywhere: state, log, snapshots.
    server.app.engine.snapshot();
    const state = JSON.stringify(server.app.engine.world());
    const files = readdirSync(server.dataDir).map((f) => readFileSync(join(server.dataDir, f)));
    for (const value of PERSONAL) {
      expect(state).not.toContain(value);
      for (const bytes of files) expect(bytes.includes(Buffer.from(value))).toBe(false);
    }
  });

  it('declares an unknown column as a field over the socket too, and refuses an unknown choice', { timeout: 30_000 }, async () => {
    server = await startServer({ members: 4 });
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const csv = 'Participant;Classe;Commentaire\nAïcha Benali;35-49 ans;RAS\n';
    expect(await facilitator.send('roster.import', { csv })).toMatchObject({ ok: false, error: { code: 'ROSTER_COLUMNS_UNDECLARED', details: { headers: ['Classe', 'Commentaire'] } } });
    expect(await facilitator.send('roster.import', { csv, columns: { Classe: 'shoeSize' } })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect((await post('preview', csv, { Classe: 'shoeSize' })).body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', details: { path: 'columns' } } });
    expect(await facilitator.send('roster.import', { csv, columns: { Classe: 'ageBracket', Commentaire: 'drop' } })).toEqual({ ok: true, data: { added: 1, skipped: 0 } });
    const aicha = Object.values(server.conv.members).find((m) => m.name === 'Aïcha Benali')!;
    expect(aicha.attributes).toEqual({ ageBracket: '35-49 ans' });
  });
});
