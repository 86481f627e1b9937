import express, { type Request, type Response, type Router } from 'express';
import { toCsv } from '../../shared/csv/index.ts';
import { own } from '../../shared/domain/lookup.ts';
import type { Actor, Convention, Session } from '../../shared/domain/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { requireFacilitator, sendError } from './auth.ts';
import { exportQuestions, questionsCsvRows } from './question-export.ts';

// A session's questions to speakers, for its record: GET /api/export/questions.csv?session=ID
// (a sheet: semicolons and a BOM) and /api/export/questions.json?session=ID, with the
// facilitator key as a bearer token like the other exports.

export function questionRoutes({ engine, access }: { engine: Engine; access: AccessIndex }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);

  /** The convention and the session named by `?session=`, or the error already sent. */
  function sessionOf(req: Request, res: Response): { conv: Convention; session: Session } | null {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) {
      sendError(res, 404, 'NOT_FOUND', 'no convention');
      return null;
    }
    const sessionId = req.query.session;
    if (typeof sessionId !== 'string' || sessionId === '') {
      sendError(res, 400, 'INVALID_PAYLOAD', 'name the session: ?session=ID', { path: 'session' });
      return null;
    }
    const session = own(conv.sessions, sessionId);
    if (!session) {
      sendError(res, 404, 'NOT_FOUND', 'no such session', { entity: 'session' });
      return null;
    }
    return { conv, session };
  }

  router.get('/export/questions.csv', facilitator, (req: Request, res: Response) => {
    const found = sessionOf(req, res);
    if (!found) return;
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="questions-${found.session.id}.csv"`)
      .send(toCsv(questionsCsvRows(found.conv, found.session.id), { delimiter: ';', bom: true }));
  });

  router.get('/export/questions.json', facilitator, (req: Request, res: Response) => {
    const found = sessionOf(req, res);
    if (!found) return;
    const { conv, session } = found;
    res.set('Content-Disposition', `attachment; filename="questions-${session.id}.json"`).json({
      format: 'convergence-questions',
      version: 1,
      exportedAt: new Date().toISOString(),
      session: { id: session.id, title: session.title, startDate: session.startDate, endDate: session.endDate },
      rounds: exportQuestions(conv, session.id),
    });
  });

  return router;
}
