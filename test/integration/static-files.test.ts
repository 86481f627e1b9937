import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { brotli, gzip } from '../../build/precompress.ts';
import { acceptedQuality } from '../../server/http/static-files.ts';
import { closeAll, startServer } from '../helpers/server.ts';

// The built client as phones get it: a hashed asset compressed as the browser accepts (br, gzip
// or none), with the right type, Vary, a year of cache; index.html revalidated; CSP kept.

const ASSET = 'assets/member-Ab12Cd34.js';
let clientDir = '';
let body: Buffer;

beforeAll(() => {
  clientDir = mkdtempSync(join(tmpdir(), 'convergence-client-'));
  mkdirSync(join(clientDir, 'assets'));
  body = Buffer.from(`export const words = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `mot ${i} é`))};\n`);
  writeFileSync(join(clientDir, ASSET), body);
  writeFileSync(join(clientDir, `${ASSET}.gz`), gzip(body));
  writeFileSync(join(clientDir, `${ASSET}.br`), brotli(body));
  writeFileSync(join(clientDir, 'assets/tiny-Zz99.css'), 'p{color:red}');
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><html lang="fr"><body><div id="app"></div></body></html>');
});
afterAll(() => rmSync(clientDir, { recursive: true, force: true }));
afterEach(closeAll);

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; raw: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

describe('static files', () => {
  it.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['br;q=0.5, gzip', 'gzip', gunzipSync],
    ['', undefined, (b: Buffer) => b],
    ['identity', undefined, (b: Buffer) => b],
  ] as const)('Accept-Encoding "%s" gets %s, decoding to the file', async (accept, encoding, decode) => {
    const server = await startServer({ members: 2, clientDir });
    const res = await get(`${server.url}/${ASSET}`, accept ? { 'Accept-Encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.raw.length);
    expect(decode(res.raw).equals(body)).toBe(true);
    if (encoding) expect(res.raw.length).toBeLessThan(body.length);
    // The security headers stay.
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers HEAD like GET, without a body', async () => {
    const server = await startServer({ members: 2, clientDir });
    const res = await get(`${server.url}/${ASSET}`, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.raw.length).toBe(0);
  });

  it('sends a file without a compressed twin as it is', async () => {
    const server = await startServer({ members: 2, clientDir });
    const res = await get(`${server.url}/assets/tiny-Zz99.css`, { 'Accept-Encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.raw.toString()).toBe('p{color:red}');
  });

  it('revalidates index.html, at its own address and at every screen address', async () => {
    const server = await startServer({ members: 2, clientDir });
    for (const path of ['/index.html', '/', `/j/${server.live.code}`, '/console/some-key']) {
      const res = await get(`${server.url}${path}`, { 'Accept-Encoding': 'gzip' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      expect(res.raw.toString(), path).toContain('<div id="app">');
    }
  });

  it('gives no way out of the folder and no compressed file by its own name', async () => {
    const server = await startServer({ members: 2, clientDir });
    const outside = await get(`${server.url}/assets/..%2F..%2Fpackage.json`);
    expect(outside.raw.toString()).not.toContain('"name"');
    const named = await get(`${server.url}/${ASSET}.br`);
    expect(named.headers['content-type']).toMatch(/^text\/html/);
  });

  it('reads Accept-Encoding q-values', () => {
    expect(acceptedQuality('gzip, br', 'br')).toBe(1);
    expect(acceptedQuality('br;q=0, gzip', 'br')).toBe(0);
    expect(acceptedQuality('*;q=0.3', 'gzip')).toBe(0.3);
    expect(acceptedQuality(undefined, 'gzip')).toBe(0);
    expect(acceptedQuality('deflate', 'gzip')).toBe(0);
  });
});
