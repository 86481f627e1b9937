import express, { type Request, type Response, type Router } from 'express';
import { toCsv } from '../../shared/csv/index.ts';
import type { Engine } from '../engine/engine.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { requireFacilitator, sendError } from './auth.ts';
import { exportQuestions, questionsCsvRows } from './question-export.ts';
import { sessionOfQuery } from './session-query.ts';
import { plannedMeeting, speedByActorRows, speedByMemberRows } from './speed-export.ts';

// A session's sheets, with the facilitator key as a bearer token like the other exports (CSV:
// semicolons and a BOM, for French spreadsheets):
// - its questions to speakers, for its record: GET /api/export/questions.csv|json?session=ID;
// - its speed meeting's rotation plan, to print: GET /api/export/speed.csv?session=ID&by=member|actor.

export function sessionExportRoutes({ engine, access }: { engine: Engine; access: AccessIndex }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);

  router.get('/export/questions.csv', facilitator, (req: Request, res: Response) => {
    const found = sessionOfQuery(engine, req, res);
    if (!found) return;
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="questions-${found.session.id}.csv"`)
      .send(toCsv(questionsCsvRows(found.conv, found.session.id), { delimiter: ';', bom: true }));
  });

  router.get('/export/questions.json', facilitator, (req: Request, res: Response) => {
    const found = sessionOfQuery(engine, req, res);
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

  router.get('/export/speed.csv', facilitator, (req: Request, res: Response) => {
    const found = sessionOfQuery(engine, req, res);
    if (!found) return;
    const by = req.query.by ?? 'member';
    if (by !== 'member' && by !== 'actor') return sendError(res, 400, 'INVALID_PAYLOAD', 'by=member or by=actor', { path: 'by' });
    const meeting = plannedMeeting(found.conv, found.session.id);
    if (!meeting) return sendError(res, 404, 'NOT_FOUND', 'this session has no rotation plan', { entity: 'speedPlan' });
    const rows = by === 'member' ? speedByMemberRows(found.conv, meeting) : speedByActorRows(found.conv, meeting);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="speed-meeting-${by === 'member' ? 'membres' : 'intervenants'}-${found.session.id}.csv"`)
      .send(toCsv(rows, { delimiter: ';', bom: true }));
  });

  return router;
}
