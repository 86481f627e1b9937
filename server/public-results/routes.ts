import { gzipSync } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { publicResults } from '../../shared/features/publishing/views.ts';
import type { Engine } from '../engine/engine.ts';
import { requireFacilitator, sendError } from '../http/auth.ts';
import { acceptedQuality } from '../http/static-files.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { publicDataFile, publicDataNames } from './published-data.ts';
import { renderNotFound, renderPublicPage, type ExtraSection } from './render.ts';
import { DATA_FOLDER, siteArchive } from './site.ts';
import { pickLang, wordsFor, type PublicLang } from './words.ts';

// The public results (docs/api.md, "Public results"):
// - GET /r/<code>: the page, without any key, server-rendered (works with JavaScript off), in
//   French or English (?lang=, else Accept-Language); an unknown code is a plain 404 page;
// - GET /r/<code>/donnees/<file>: the public data files (resultats.json, the open data), only
//   what is published in them, fetchable by other sites (CORS *, CORP cross-origin);
// - anything else under /r/<code>/: the public 404 page;
// - GET /api/publication/site.zip: the static export, with the facilitator's key.
// Only what is published shows (shared/features/publishing/views.ts).

export interface PublicResultsDeps {
  engine: Engine;
  access: AccessIndex;
  /** Sections other features add to the page, per convention and language (the follow-up's progress table, follow-up.ts). */
  extras?: (conv: Convention, lang: PublicLang) => readonly ExtraSection[];
}

const CODE = /^[A-Z0-9]{8,32}$/;

export function publicResultsRoutes({ engine, access, extras }: PublicResultsDeps): Router {
  const router = express.Router();

  const byCode = (code: string): Convention | undefined => {
    if (!CODE.test(code)) return undefined;
    for (const conv of engine.conventions.values()) if (conv.publication?.code === code) return conv;
    return undefined;
  };

  // A page of 300 proposals takes a tenth of a second or more to render, and a room's phones may
  // all open it at once: each state (a new object after every change: evolve never mutates) is
  // rendered once per language, and kept compressed beside; the next change renders afresh.
  const rendered = new WeakMap<Convention, Map<string, { html: Buffer; gzip: Buffer }>>();
  const render = (conv: Convention, lang: PublicLang) => {
    let byLang = rendered.get(conv);
    if (!byLang) rendered.set(conv, (byLang = new Map()));
    let page = byLang.get(lang);
    if (!page) {
      const base = `/r/${conv.publication!.code}`;
      const downloads = publicDataNames().map((name) => ({ href: `${base}/${DATA_FOLDER}/${name}`, name }));
      const html = Buffer.from(renderPublicPage(publicResults(conv), wordsFor(lang), { otherLang: `${base}?lang=${lang === 'fr' ? 'en' : 'fr'}`, downloads }, { extras: extras?.(conv, lang) ?? [] }));
      byLang.set(lang, (page = { html, gzip: gzipSync(html) }));
    }
    return page;
  };

  const page = (req: Request<{ code: string }>, res: Response) => {
    const lang = pickLang(req.query.lang, req.get('accept-language'));
    res.set('Vary', 'Accept-Language, Accept-Encoding').set('Cache-Control', 'no-cache').type('html');
    const conv = byCode(req.params.code);
    if (!conv) return res.status(404).send(renderNotFound(wordsFor(lang)));
    const { html, gzip } = render(conv, lang);
    if (acceptedQuality(req.get('accept-encoding'), 'gzip') > 0) return res.set('Content-Encoding', 'gzip').send(gzip);
    res.send(html);
  };
  router.get('/r/:code', page);
  router.get('/r/:code/', page);

  router.get(`/r/:code/${DATA_FOLDER}/:file`, (req: Request<{ code: string; file: string }>, res: Response) => {
    const conv = byCode(req.params.code);
    const file = conv ? publicDataFile(conv, req.params.file) : null;
    if (!file) return sendError(res, 404, 'NOT_FOUND', 'no such file');
    // Open data: another site (a newspaper's chart, a researcher's notebook) may fetch it. Only
    // these files: the page and every keyed route keep helmet's same-origin policy.
    res.set({ 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }).type(file.mediaType).send(file.data);
  });

  // Anything else under a public page's address is no page: the public 404, never the app's shell.
  router.all('/r/:code/*rest', (req: Request, res: Response) => {
    res.status(404).set('Cache-Control', 'no-cache').type('html').send(renderNotFound(wordsFor(pickLang(req.query.lang, req.get('accept-language')))));
  });

  router.get('/api/publication/site.zip', requireFacilitator(access), (_req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    res.set('Content-Disposition', 'attachment; filename="resultats-convention.zip"').type('application/zip').send(siteArchive(conv, extras ? { extras: (lang) => extras(conv, lang) } : {}));
  });

  return router;
}
