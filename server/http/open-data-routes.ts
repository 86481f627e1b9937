import express, { type Request, type Response, type Router } from 'express';
import type { Actor } from '../../shared/domain/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { openDataFile, openDataFiles } from '../open-data/index.ts';
import { requireFacilitator, sendError } from './auth.ts';

// The convention's open data for the facilitator (docs/formats.md, "Open data"), every activity
// and proposal included: GET /api/open-data lists the files with their sizes and rows (the console's card),
// GET /api/open-data/<file> sends one, named as in the static export (votes.csv, votes.json…).

export function openDataRoutes({ engine, access }: { engine: Engine; access: AccessIndex }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);
  const conventionOf = (res: Response) => engine.conventions.get((res.locals.actor as Actor).conventionId);

  router.get('/open-data', facilitator, (_req: Request, res: Response) => {
    const conv = conventionOf(res);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    const files = openDataFiles(conv).map((f) => ({ name: f.name, mediaType: f.mediaType, bytes: Buffer.byteLength(f.body, 'utf8'), rows: f.rows }));
    res.json({ ok: true, data: { files } });
  });

  router.get('/open-data/:file', facilitator, (req: Request<{ file: string }>, res: Response) => {
    const conv = conventionOf(res);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    const file = openDataFile(conv, req.params.file);
    if (!file) return sendError(res, 404, 'NOT_FOUND', 'no such open-data file', { entity: 'openDataFile' });
    res.type(file.mediaType).set('Content-Disposition', `attachment; filename="${file.name}"`).send(file.body);
  });

  return router;
}
