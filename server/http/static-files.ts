import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type express from 'express';

// The built client (client/dist), compressed once at build time (build/precompress.ts writes a
// .br and a .gz beside each asset): each request gets the smallest version its browser accepts,
// with Vary: Accept-Encoding so that a cache between them keeps them apart. Files under assets/
// carry a hash of their content in their name: cached for a year, never revalidated. Anything
// else (index.html) is revalidated on every load, so a new build reaches every phone at once.

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';
const OTHER = 'public, max-age=3600';

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The q-value the Accept-Encoding header gives `encoding` (0 when refused or absent). */
export function acceptedQuality(header: string | undefined, encoding: string): number {
  let wildcard = 0;
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    if (name === encoding) return Number.isFinite(quality) ? quality : 0;
    if (name === '*') wildcard = Number.isFinite(quality) ? quality : 0;
  }
  return wildcard;
}

function cacheControl(relativePath: string): string {
  if (relativePath.startsWith('/assets/')) return IMMUTABLE;
  if (relativePath.endsWith('.html')) return NO_CACHE;
  return OTHER;
}

/** Sends `file` (inside the client folder), compressed when the browser accepts it. */
export function sendClientFile(req: express.Request, res: express.Response, next: express.NextFunction, file: string, relativePath: string): void {
  res.setHeader('Cache-Control', cacheControl(relativePath));
  const variants = ENCODINGS.filter((encoding) => existsSync(file + encoding.suffix));
  if (variants.length > 0) res.setHeader('Vary', 'Accept-Encoding');
  // Brotli first when the browser takes both equally: it is the smaller.
  const header = req.headers['accept-encoding'];
  const best = variants
    .map((encoding) => ({ ...encoding, q: acceptedQuality(header, encoding.name) }))
    .filter((encoding) => encoding.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  if (!best) {
    res.sendFile(file, { cacheControl: false, dotfiles: 'deny' }, (error) => error && next(error));
    return;
  }
  res.type(extname(file));
  res.setHeader('Content-Encoding', best.name);
  // Byte ranges of a compressed body mean little to anyone: whole files only.
  res.sendFile(file + best.suffix, { cacheControl: false, acceptRanges: false, dotfiles: 'deny' }, (error) => error && next(error));
}

/** Serves the files of `dir` (GET and HEAD), leaving other paths to the next handler. */
export function clientFiles(dir: string): express.RequestHandler {
  const root = resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (path.includes('\0') || path.endsWith('/')) return next();
    const file = resolve(join(root, path));
    // No way out of the folder, no dot files, no precompressed variant asked for by name.
    if (!file.startsWith(root + sep) || path.split('/').some((part) => part.startsWith('.')) || /\.(br|gz)$/.test(file)) return next();
    if (!existsSync(file) || !statSync(file).isFile()) return next();
    sendClientFile(req, res, next, file, path);
  };
}
