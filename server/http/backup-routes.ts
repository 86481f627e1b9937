import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Actor } from '../../shared/domain/types.ts';
import { backupFileName } from '../backup/build.ts';
import { backupOf, planRestore, restoreBackup } from '../backup/handover.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { requireFacilitator, sendError, sendRefusal } from './auth.ts';

// Backup and restore over HTTP (docs/api.md). The console's backup card
// (client/views/console/Backup.svelte) downloads its convention as one file, checks a file
// against the convention in place and restores it: its own convention only, another's file is
// refused as foreign. The operator (mounted in operator-routes.ts, behind the operator key) does
// the same for any convention of the server, and may create one from its backup: the first move
// of a convention to a hosted server without a shell. Both are mounted before a 16 kB JSON
// parser: a convention's log is megabytes, read here as text and checked by server/backup/verify.ts.

/** A convention of 100,000 events is about 15 MB of JSON. */
export const BACKUP_BODY_BYTES = 128 * 1024 * 1024;

interface Deps {
  engine: Engine;
  logger: Logger;
}

/** Which convention a request is about: the one to download, the only one it may restore (null: any). */
interface Scope {
  download: (req: Request, res: Response) => string;
  expect: (res: Response) => string | null;
}

function handlers({ engine, logger }: Deps, scope: Scope) {
  const fileBody = express.text({ type: ['application/json', 'text/json', 'text/plain', 'application/octet-stream'], limit: BACKUP_BODY_BYTES });
  const textOf = (req: Request) => (typeof req.body === 'string' ? req.body : null);
  const noFile = (res: Response) => sendError(res, 400, 'INVALID_PAYLOAD', 'send the backup file as application/json');

  const download: RequestHandler = (req, res) => {
    const now = new Date();
    const made = backupOf(engine, scope.download(req, res), now);
    if (!made.ok) return sendRefusal(res, made.error.code === 'NOT_FOUND' ? 404 : 409, made.error);
    const { backup } = made;
    res.set('Content-Disposition', `attachment; filename="${backupFileName(backup.convention.name, now)}"`).set('Cache-Control', 'no-store').json(backup);
  };

  const check: RequestHandler = (req, res) => {
    const text = textOf(req);
    if (text === null) return noFile(res);
    const planned = planRestore(engine, text, scope.expect(res));
    if (!planned.ok) return sendRefusal(res, 400, planned.error);
    res.json({ ok: true, data: planned.plan });
  };

  const restore: RequestHandler = (req, res) => {
    const text = textOf(req);
    if (text === null) return noFile(res);
    const force = req.query.force === '1' || req.query.force === 'true';
    const restored = restoreBackup(engine, text, { force, expect: scope.expect(res) });
    if (!restored.ok) {
      logger.info({ code: restored.error.code, standing: restored.plan?.standing }, 'restore refused');
      return sendRefusal(res, restored.error.code === 'BACKUP_OLDER' || restored.error.code === 'BACKUP_DIVERGED' ? 409 : 400, restored.error);
    }
    const { plan, replaced } = restored;
    logger.info({ conventionId: plan.conventionId, standing: plan.standing, placeEvents: plan.placeEvents, copyEvents: plan.copyEvents, replaced }, 'convention restored');
    res.json({ ok: true, data: { ...plan, replaced } });
  };

  return { fileBody, download, check, restore };
}

/** The console's routes, under /api: the facilitator's own convention. */
export function backupRoutes({ engine, access, logger }: Deps & { access: AccessIndex }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);
  const own = (res: Response) => (res.locals.actor as Actor).conventionId;
  const h = handlers({ engine, logger }, { download: (_req, res) => own(res), expect: own });
  router.get('/backup', facilitator, h.download);
  router.post('/backup/check', facilitator, h.fileBody, h.check);
  router.post('/backup/restore', facilitator, h.fileBody, h.restore);
  return router;
}

/** The operator's routes, under /api/operator, after its key was checked: any convention. */
export function operatorBackupRoutes(deps: Deps): Router {
  const router = express.Router();
  const h = handlers(deps, { download: (req) => String(req.params.id ?? ''), expect: () => null });
  router.get('/conventions/:id/backup', h.download);
  router.post('/backup/check', h.fileBody, h.check);
  router.post('/backup/restore', h.fileBody, h.restore);
  return router;
}
