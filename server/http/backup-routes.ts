import express, { type Request, type Response, type Router } from 'express';
import type { Actor } from '../../shared/domain/types.ts';
import { backupFileName } from '../backup/build.ts';
import { backupOf, planRestore, restoreBackup } from '../backup/handover.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { requireFacilitator, sendError, sendRefusal } from './auth.ts';

// The console's backup card (client/views/console/Backup.svelte): download the convention as one
// file, check a file against the convention in place, restore it. Only the facilitator's own
// convention: another's file is refused as foreign. Mounted before the API's 16 kB JSON parser:
// a convention's log is megabytes, read here as text and checked by server/backup/verify.ts.

/** A convention of 100,000 events is about 30 MB of JSON. */
export const BACKUP_BODY_BYTES = 128 * 1024 * 1024;

export function backupRoutes({ engine, access, logger }: { engine: Engine; access: AccessIndex; logger: Logger }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);
  const fileBody = express.text({ type: ['application/json', 'text/json', 'text/plain', 'application/octet-stream'], limit: BACKUP_BODY_BYTES });
  const textOf = (req: Request) => (typeof req.body === 'string' ? req.body : null);
  const noFile = (res: Response) => sendError(res, 400, 'INVALID_PAYLOAD', 'send the backup file as application/json');

  router.get('/backup', facilitator, (_req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const now = new Date();
    const backup = backupOf(engine, actor.conventionId, now);
    if (!backup) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    res.set('Content-Disposition', `attachment; filename="${backupFileName(backup.convention.name, now)}"`).set('Cache-Control', 'no-store').json(backup);
  });

  router.post('/backup/check', facilitator, fileBody, (req: Request, res: Response) => {
    const text = textOf(req);
    if (text === null) return noFile(res);
    const planned = planRestore(engine, text, (res.locals.actor as Actor).conventionId);
    if (!planned.ok) return sendRefusal(res, 400, planned.error);
    res.json({ ok: true, data: planned.plan });
  });

  router.post('/backup/restore', facilitator, fileBody, (req: Request, res: Response) => {
    const text = textOf(req);
    if (text === null) return noFile(res);
    const force = req.query.force === '1' || req.query.force === 'true';
    const restored = restoreBackup(engine, text, { force, expect: (res.locals.actor as Actor).conventionId });
    if (!restored.ok) {
      logger.info({ code: restored.error.code, standing: restored.plan?.standing }, 'restore refused');
      return sendRefusal(res, restored.error.code === 'BACKUP_OLDER' || restored.error.code === 'BACKUP_DIVERGED' ? 409 : 400, restored.error);
    }
    const { plan, replaced } = restored;
    logger.info({ standing: plan.standing, placeEvents: plan.placeEvents, copyEvents: plan.copyEvents, replaced }, 'convention restored');
    res.json({ ok: true, data: { ...plan, replaced } });
  });

  return router;
}
