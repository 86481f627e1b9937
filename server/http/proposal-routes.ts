import express, { type Request, type Response, type Router } from 'express';
import { toCsv } from '../../shared/csv/index.ts';
import { previewProposals, type ImportFormat, type ProposalFile } from '../../shared/features/proposals/import.ts';
import type { Actor } from '../../shared/domain/types.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { Engine } from '../engine/engine.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { requireFacilitator, sendError, sendRefusal } from './auth.ts';
import { proposalsCsvRows } from './export.ts';

// Proposals received outside the app (mail, paper, another platform) come in as a spreadsheet's
// CSV or as JSON: a preview with per-row problems, then the import. And the proposals sheet.
// Mounted before the API's 16 kB JSON parser: a JSON file of proposals is larger than that, so
// these routes read their bodies as text (5 MiB) and the domain parses them.

const TEXT_TYPES = ['text/csv', 'text/plain', 'application/json', 'text/json', 'application/octet-stream', 'application/vnd.ms-excel'];

/** The body's format: from `?format=`, else the content type, else its first character. */
function fileOf(req: Request): ProposalFile | null {
  if (typeof req.body !== 'string') return null;
  const text = req.body;
  const asked = req.query.format;
  let format: ImportFormat;
  if (asked === 'csv' || asked === 'json') format = asked;
  else if (req.is(['application/json', 'text/json'])) format = 'json';
  else if (req.is(['text/csv', 'application/vnd.ms-excel'])) format = 'csv';
  else format = /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
  return { format, text };
}

export function proposalRoutes({ engine, access }: { engine: Engine; access: AccessIndex }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);
  const fileBody = express.text({ type: TEXT_TYPES, limit: LIMITS.httpBodyBytes });
  const badBody = (res: Response) => sendError(res, 400, 'INVALID_PAYLOAD', 'send the file as text/csv or application/json');

  router.post('/proposals/preview', facilitator, fileBody, (req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    const file = fileOf(req);
    if (!file) return badBody(res);
    res.json({ ok: true, data: previewProposals(conv, file) });
  });

  router.post('/proposals/import', facilitator, fileBody, async (req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const file = fileOf(req);
    if (!file) return badBody(res);
    const cid = req.get('idempotency-key');
    if (cid !== undefined && !/^[\w-]{8,64}$/.test(cid)) return sendError(res, 400, 'INVALID_PAYLOAD', 'bad Idempotency-Key');
    const ack = await engine.command(actor, 'proposal.import', { file }, cid ?? null);
    if (!ack.ok) return sendRefusal(res, 400, ack.error);
    res.json(ack);
  });

  router.get('/export/proposals.csv', facilitator, (_req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    // Semicolons and a BOM: what French spreadsheet software opens without an import dialog.
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="propositions-${conv.id}.csv"`)
      .send(toCsv(proposalsCsvRows(conv), { delimiter: ';', bom: true }));
  });

  return router;
}
