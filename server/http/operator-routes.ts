import type { Statement } from 'better-sqlite3';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import * as v from 'valibot';
import { isTemplateId } from '../../shared/features/demo/templates.ts';
import { createConventionRequest, operatorConvention, operatorTemplates, type OperatorConvention, type OperatorList } from '../../shared/operator.ts';
import type { Engine } from '../engine/engine.ts';
import { newAccessKey } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { AccessIndex } from '../realtime/access.ts';
import type { EventStore } from '../store/event-store.ts';
import { requireOperator, sendError, sendInvalid, sendRefusal } from './auth.ts';
import { operatorBackupRoutes } from './backup-routes.ts';

// The operator's routes, mounted at /api/operator (docs/api.md), with the operator key as a
// bearer token (requireOperator): the conventions of this server with their links, and a new
// one, blank or from a template. Creation goes through the engine as named commands sent by the
// role 'operator' (convention.create, then template.apply), checked like any other command.

export interface OperatorDeps {
  engine: Engine;
  access: AccessIndex;
  store: EventStore;
  logger: Logger;
  operatorKey: string;
  publicUrl: string;
}

export function operatorRoutes({ engine, access, store, logger, operatorKey, publicUrl }: OperatorDeps): Router {
  const router = express.Router();
  const activity = new LastActivity(store);
  const summary = (id: string, lastActivity = activity.read()): OperatorConvention | null => {
    const conv = engine.conventions.get(id);
    return conv ? operatorConvention(conv, publicUrl, lastActivity.get(id) ?? null) : null;
  };

  router.use(requireOperator(operatorKey, access));
  // The answers hold every convention's keys: never kept by a cache on the way.
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(operatorBackupRoutes({ engine, logger })); // a backup is megabytes: before the 16 kB parser
  router.use(express.json({ limit: '16kb' }));

  router.get('/conventions', (_req: Request, res: Response) => {
    const lastActivity = activity.read();
    const conventions = [...engine.conventions.values()].sort((a, b) => a.createdAt - b.createdAt).map((conv) => summary(conv.id, lastActivity)!);
    res.json({ ok: true, data: { conventions, templates: operatorTemplates() } satisfies OperatorList });
  });

  router.post('/conventions', async (req: Request, res: Response) => {
    const parsed = v.safeParse(createConventionRequest, req.body);
    if (!parsed.success) return sendInvalid(res, parsed.issues);
    const { name, template } = parsed.output;
    // A retry (the answer was lost on the way) sends the same Idempotency-Key: it gets the
    // convention the first attempt made, never a second one (request-digest.ts, SERVER_DRAWN).
    const cid = req.get('idempotency-key');
    if (cid !== undefined && !/^[\w-]{8,64}$/.test(cid)) return sendError(res, 400, 'INVALID_PAYLOAD', 'bad Idempotency-Key');
    // Every refusal comes before the first command: a refused request creates nothing.
    if (template !== null && !isTemplateId(template)) return sendError(res, 400, 'NOT_FOUND', 'no such template', { entity: 'template' });
    const keys = { facilitator: newAccessKey(), projector: newAccessKey(), support: newAccessKey(), speaker: newAccessKey() };
    const created = await engine.command({ role: 'operator', conventionId: '' }, 'convention.create', { name, keys, levers: [] }, cid ?? null);
    if (!created.ok) return sendRefusal(res, 400, created.error);
    const conventionId = created.data!.conventionId;
    if (template !== null) {
      // A fresh convention has neither levers nor sessions: only the store failing refuses this.
      // Under the same key, a retry finds the template applied and gets that ack back.
      const applied = await engine.command({ role: 'operator', conventionId }, 'template.apply', { template }, cid === undefined ? null : `${cid}.template`);
      if (!applied.ok) {
        logger.error({ code: applied.error.code, conventionId }, 'template not applied to a new convention');
        return sendRefusal(res, 500, applied.error);
      }
    }
    logger.info({ conventionId, template }, 'convention created by the operator');
    res.json({ ok: true, data: summary(conventionId) });
  });

  // A convention is over, or was archived by mistake (shared/features/core/archive.ts): the same
  // commands as the console's, sent by the operator, who sees every convention of the server.
  for (const [path, name] of [['archive', 'convention.archive'], ['unarchive', 'convention.unarchive']] as const) {
    router.post(`/conventions/:id/${path}`, async (req: Request<{ id: string }>, res: Response) => {
      const conventionId = req.params.id;
      if (!engine.conventions.has(conventionId)) return sendError(res, 404, 'NOT_FOUND', 'no such convention', { entity: 'convention' });
      const ack = await engine.command({ role: 'operator', conventionId }, name, { conventionId });
      if (!ack.ok) return sendRefusal(res, 409, ack.error);
      logger.info({ conventionId, command: name }, 'convention archive set by the operator');
      res.json({ ok: true, data: summary(conventionId) });
    });
  }

  // A body the JSON parser refuses is an API answer like the others (routes.ts does the same for /api).
  router.use((error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large') return sendError(res, 413, 'INVALID_PAYLOAD', 'request body too large');
    if (error.type === 'entity.parse.failed' || error.status === 400) return sendError(res, 400, 'INVALID_PAYLOAD', 'malformed request body');
    next(error);
  });
  return router;
}

/**
 * When each convention last wrote an event, as the log says: the first listing reads the whole
 * events table once; each later one reads only the events written since (a range of the primary
 * key), so a listing costs little on a log of 100,000 events.
 */
class LastActivity {
  private readonly known = new Map<string, number>();
  private seenSeq = 0;
  private readonly since: Statement<[number], { convention: string; at: number; seq: number }>;

  constructor(store: EventStore) {
    this.since = store.db.prepare('SELECT convention, MAX(at) AS at, MAX(seq) AS seq FROM events WHERE seq > ? GROUP BY convention');
  }

  read(): ReadonlyMap<string, number> {
    for (const row of this.since.all(this.seenSeq)) {
      this.known.set(row.convention, Math.max(row.at, this.known.get(row.convention) ?? 0));
      this.seenSeq = Math.max(this.seenSeq, row.seq);
    }
    return this.known;
  }
}
