import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { http, joinWithSeat } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// The plain HTTP side: health, security headers, QR codes, export, and errors as JSON.

describe('http', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(closeAll);

  it('GET /api/health answers ok with the protocol version', async () => {
    const res = await http(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, protocol: PROTOCOL_VERSION });
  });

  it('sends the security headers', async () => {
    const res = await http(`${server.url}/api/health`);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Phones reach the laptop over plain http: no HSTS.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('GET /api/qr/<code>.svg: an SVG for a known session code (any case), 404 for an unknown one', async () => {
    const res = await http(`${server.url}/api/qr/${server.live.code}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(String(res.body)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const lower = await http(`${server.url}/api/qr/${server.live.code.toLowerCase()}.svg`);
    expect(lower.status).toBe(200);
    expect(lower.body).toBe(res.body);
    // Every session has its code, not just the live one.
    const planned = server.conv.sessions[server.conv.sessionOrder[2]!]!;
    expect((await http(`${server.url}/api/qr/${planned.code}.svg`)).status).toBe(200);

    const unknown = await http(`${server.url}/api/qr/QQQQQQ.svg`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'SESSION_CODE_UNKNOWN' } });
  });

  it('unknown API routes answer 404 NOT_FOUND as JSON; no client build means no app route', async () => {
    const res = await http(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await http(`${server.url}/console/${server.facilitatorKey}`)).status).toBe(404);
  });

  it('GET /api/export.json: the facilitator gets the convention, others are refused', async () => {
    await joinWithSeat(server.url, server.live.code, server.conv.members[server.conv.memberOrder[0]!]!.seatCode);
    const res = await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`convergence-${server.conventionId}.json`);
    expect(JSON.stringify(res.body)).toContain(server.live.title);
    // The export carries no secret: no seat code, no token hash, no key.
    const text = JSON.stringify(res.body);
    for (const member of Object.values(server.conv.members)) expect(text).not.toContain(member.seatCode);
    for (const key of [server.facilitatorKey, server.projectorKey, server.supportKey]) expect(text).not.toContain(key);
    expect(text).not.toContain('tokenHash');
    expect((await http(`${server.url}/api/export.json`)).status).toBe(401);
    expect((await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.projectorKey}` } })).status).toBe(403);
  });

  // Regression: bodies the parsers refuse (malformed JSON, too large) used to fall through to
  // Express's default handler, an HTML page with the stack trace; they get JSON errors like the rest.
  it('a malformed JSON body gets a JSON 400 INVALID_PAYLOAD, without a stack trace', async () => {
    const res = await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sessionCode": ' });
    expect(res.status).toBe(400);
    expect(String(res.body)).not.toContain('node_modules');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('a JSON body over the limit gets a JSON 413, without a stack trace', async () => {
    const res = await http(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode: 'x'.repeat(20_000) }) });
    expect(res.status).toBe(413);
    expect(String(res.body)).not.toContain('node_modules');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('a CSV body over 5 MB gets a JSON 413', async () => {
    const res = await http(`${server.url}/api/roster/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.facilitatorKey}`, 'content-type': 'text/csv' },
      body: `Nom\n${'x'.repeat(5 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});
