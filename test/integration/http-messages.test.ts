import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http, postJoin } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// HTTP refusals say what was wrong, in HTTP's words (issue 18, item 9).

describe('HTTP error messages', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer({ members: 3 });
  });
  afterEach(closeAll);

  const seat = () => server.conv.members[server.conv.memberOrder[0]!]!.seatCode;

  it('a join with both a seat code and a display name is told to send one of the two', async () => {
    const res = await postJoin(server.url, { sessionCode: server.live.code, seatCode: seat(), displayName: 'Alice' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'a seat code or a display name, one of the two', details: { rule: 'check' } } });
  });

  it('a join with neither is told the same', async () => {
    const res = await postJoin(server.url, { sessionCode: server.live.code });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'a seat code or a display name, one of the two' } });
  });

  it('a join without a session code names the field', async () => {
    const res = await postJoin(server.url, { seatCode: seat() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PAYLOAD');
    expect(res.body.error.message).toMatch(/^sessionCode: /);
    expect(res.body.error.details).toMatchObject({ path: 'sessionCode' });
  });

  it('a join with an unknown field names it', async () => {
    const res = await postJoin(server.url, { sessionCode: server.live.code, seatCode: seat(), table: 3 });
    expect(res.body.error.message).toMatch(/^table: /);
  });

  it.each([
    ['/api/roster/import', 'text/csv', 'Nom;Prénom;Code siège\nMartin;Alice;ALICE7\n', 'Nom;Prénom;Code siège\nPetit;Bruno;BRUNO7\n'],
    ['/api/proposals/import', 'text/csv', 'Titre;Texte;Levier\nUne proposition;Son texte;1\n', 'Titre;Texte;Levier\nUne autre proposition;Un autre texte;2\n'],
  ])('%s: an Idempotency-Key reused for another file is CID_REUSED, said as an Idempotency-Key', async (path, type, first, second) => {
    const post = (body: string) =>
      http(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.facilitatorKey}`, 'content-type': type, 'idempotency-key': 'import-reused-1' },
        body,
      });
    expect((await post(first)).status).toBe(200);
    const reused = await post(second);
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ ok: false, error: { code: 'CID_REUSED', message: 'this Idempotency-Key was used for another request' } });
  });
});
