import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import QRCode from 'qrcode';
import * as v from 'valibot';
import { nanoid } from 'nanoid';
import { previewRoster, type ColumnChoice } from '../../shared/features/core/roster-import.ts';
import { sessionByCode } from '../../shared/domain/lookup.ts';
import type { Actor } from '../../shared/domain/types.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { coreSchemas, joinBodySchema } from '../../shared/features/core/commands.ts';
import { LIMITS } from '../../shared/limits.ts';
import { joinUrl } from '../../shared/views/live.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import { hashToken, type AccessIndex } from '../realtime/access.ts';
import { FailureLimiter } from '../realtime/rate-limit.ts';
import { requireFacilitator, sendError, sendInvalid, sendRefusal } from './auth.ts';
import { toCsv } from '../../shared/csv/index.ts';
import { exportConvention, rankingsCsvRows } from './export.ts';
import { buildDossier } from '../reports/dossier.ts';
import { backupRoutes } from './backup-routes.ts';
import { guestJoins, type GuestJoinLimits } from './guest-joins.ts';
import { proposalRoutes } from './proposal-routes.ts';
import { sessionExportRoutes } from './session-export-routes.ts';
import { privacyRoutes } from './privacy-routes.ts';
import { openDataRoutes } from './open-data-routes.ts';

export interface RouteDeps {
  engine: Engine;
  access: AccessIndex;
  logger: Logger;
  publicUrl: string;
  joinFailures: FailureLimiter;
  /** Caps on guest requests (guest-joins.ts); absent: its defaults. */
  guestLimits?: GuestJoinLimits;
}

const seatToken = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
/** POST /api/join/resume: the token the phone holds and the session code it opened (none: the live session). */
const resumeSchema = v.strictObject({ token: seatToken, sessionCode: v.optional(coreSchemas['seat.resume'].entries.sessionCode, null) });
/** POST /api/join/leave: the token the phone gives back, and the seat it believes it holds. */
const leaveSchema = v.strictObject({ token: seatToken, memberId: coreSchemas['seat.leave'].entries.memberId });

export function apiRoutes({ engine, access, logger, publicUrl, joinFailures, guestLimits }: RouteDeps): Router {
  const api = express.Router();
  const askAsGuest = guestJoins(engine, logger, guestLimits);
  api.use(proposalRoutes({ engine, access })); // before the 16 kB JSON parser: proposal files are bigger
  api.use(backupRoutes({ engine, access, logger })); // a backup is megabytes too
  api.use(express.json({ limit: '16kb' }));
  api.use(sessionExportRoutes({ engine, access }));
  api.use(privacyRoutes({ engine, access }));
  api.use(openDataRoutes({ engine, access }));

  api.get('/health', (_req, res) => {
    res.json({ ok: true, protocol: PROTOCOL_VERSION });
  });

  // A phone takes its seat, or asks to join as a guest (a display name instead of a seat code:
  // guest-joins.ts). Only failures count against the address, so a room behind one NAT joins at
  // full speed while guessing codes is hopeless.
  api.post('/join', async (req: Request, res: Response) => {
    const ip = req.ip ?? 'unknown';
    if (joinFailures.blocked(ip)) return sendError(res, 429, 'TOO_MANY_ATTEMPTS', 'too many failed attempts; wait a few minutes');
    const parsed = v.safeParse(joinBodySchema, req.body);
    if (!parsed.success) return sendInvalid(res, parsed.issues);
    const { sessionCode, seatCode, displayName } = parsed.output;
    const conv = [...engine.conventions.values()].find((c) => sessionByCode(c, sessionCode));
    if (!conv) {
      joinFailures.fail(ip);
      return sendError(res, 404, 'SESSION_CODE_UNKNOWN', 'unknown session code');
    }
    if (displayName !== undefined) return askAsGuest(req, res, conv, { sessionCode, displayName });
    const request = { sessionCode, seatCode: seatCode! };
    const token = nanoid(32);
    const ack = await engine.command({ role: 'visitor', conventionId: conv.id, tokenHash: hashToken(token) }, 'seat.claim', request);
    if (!ack.ok) {
      if (ack.error.code === 'SEAT_CODE_UNKNOWN') joinFailures.fail(ip);
      logger.info({ code: ack.error.code }, 'join refused');
      return sendError(res, ack.error.code === 'SEAT_CODE_UNKNOWN' ? 404 : ack.error.code === 'CONVENTION_ARCHIVED' ? 410 : 403, ack.error.code, ack.error.message);
    }
    res.json({ ok: true, data: { token, conventionId: conv.id, ...ack.data } });
  });

  // A phone that holds a seat opens another session's code: one seat for the whole convention.
  // The token is resolved as a socket handshake resolves it (one seat, one phone: a token another
  // phone replaced answers SEAT_TAKEN_OVER), then seat.resume runs as that member. A token signed
  // out by a deactivation answers MEMBER_INACTIVE, so that phone says why. Stale tokens do not
  // count as failures: a room of phones coming back must never block its own address.
  api.post('/join/resume', async (req: Request, res: Response) => {
    const parsed = v.safeParse(resumeSchema, req.body);
    if (!parsed.success) return sendInvalid(res, parsed.issues);
    const { token, sessionCode } = parsed.output;
    const resolved = access.resolve(token);
    // The convention is over: the phone forgets it (client/views/member/MemberApp.svelte).
    if ('error' in resolved && resolved.error === 'CONVENTION_ARCHIVED') return sendError(res, 410, 'CONVENTION_ARCHIVED', 'this convention is over (archived)');
    if ('error' in resolved) {
      const hash = hashToken(token);
      const left = [...engine.conventions.values()].some((c) => Object.values(c.members).some((m) => !m.active && m.left?.tokenHash === hash));
      if (left) return sendError(res, 403, 'MEMBER_INACTIVE', 'this seat is not active');
      return sendError(res, resolved.error === 'SEAT_TAKEN_OVER' ? 409 : 401, resolved.error, 'this token does not hold a seat');
    }
    if (resolved.actor.role !== 'member') return sendError(res, 403, 'FORBIDDEN', 'not a seat token');
    const ack = await engine.command(resolved.actor, 'seat.resume', { sessionCode });
    if (!ack.ok) return sendRefusal(res, ack.error.code === 'SESSION_CODE_UNKNOWN' || ack.error.code === 'SESSION_NOT_LIVE' ? 404 : 403, ack.error);
    res.json({ ok: true, data: { token, conventionId: resolved.actor.conventionId, ...ack.data } });
  });

  // "Quitter ce téléphone": the phone gives its seat back, so that its token (and any copy of it)
  // opens nothing any more; the seat code takes the seat again. The phone has forgotten the seat
  // already and ignores the answer: a token that holds no seat is answered as the socket would.
  api.post('/join/leave', async (req: Request, res: Response) => {
    const parsed = v.safeParse(leaveSchema, req.body);
    if (!parsed.success) return sendInvalid(res, parsed.issues);
    const resolved = access.resolve(parsed.output.token);
    if ('error' in resolved) return sendError(res, resolved.error === 'CONVENTION_ARCHIVED' ? 410 : resolved.error === 'SEAT_TAKEN_OVER' ? 409 : 401, resolved.error, 'this token does not hold a seat');
    if (resolved.actor.role !== 'member') return sendError(res, 403, 'FORBIDDEN', 'not a seat token');
    const ack = await engine.command({ role: 'visitor', conventionId: resolved.actor.conventionId, tokenHash: resolved.tokenHash }, 'seat.leave', { memberId: parsed.output.memberId });
    if (!ack.ok) return sendRefusal(res, ack.error.code === 'NOT_FOUND' ? 404 : 400, ack.error);
    // `left`: whether this token held that seat (another seat's id changes nothing).
    res.json({ ok: true, data: { left: resolved.actor.memberId === parsed.output.memberId } });
  });

  // What the join page shows above the form: the convention, its dates and place, the session.
  // Public facts (the projector shows them); an unknown code counts as a failed attempt.
  api.get('/join/:code', (req: Request<{ code: string }>, res: Response) => {
    const ip = req.ip ?? 'unknown';
    if (joinFailures.blocked(ip)) return sendError(res, 429, 'TOO_MANY_ATTEMPTS', 'too many failed attempts; wait a few minutes');
    for (const conv of engine.conventions.values()) {
      const session = sessionByCode(conv, req.params.code);
      if (session) {
        const archived = conv.archivedAt !== undefined;
        // Once the convention is over, the phone that cannot join any more points to its public
        // results page, where the follow-up after the Council goes on (null while none is published).
        const results = archived ? { results: conv.publication ? `/r/${conv.publication.code}` : null } : {};
        return res.json({ ok: true, data: { conventionName: conv.name, place: conv.place ?? '', startDate: conv.startDate ?? null, endDate: conv.endDate ?? null, sessionTitle: session.title, sessionStatus: session.status, archived, ...results } });
      }
    }
    joinFailures.fail(ip);
    return sendError(res, 404, 'SESSION_CODE_UNKNOWN', 'unknown session code');
  });

  // The QR code of a session's join address, for the projector and printed handouts.
  api.get('/qr/:code.svg', async (req: Request<{ code: string }>, res: Response) => {
    const code = req.params.code;
    const known = [...engine.conventions.values()].some((c) => sessionByCode(c, code));
    if (!known) return sendError(res, 404, 'SESSION_CODE_UNKNOWN', 'unknown session code');
    const svg = await QRCode.toString(joinUrl(publicUrl, code.toUpperCase()), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600').send(svg);
  });

  const facilitator = requireFacilitator(access);
  const csvBody = express.text({ type: ['text/csv', 'text/plain', 'application/octet-stream'], limit: LIMITS.httpBodyBytes });

  // The facilitator's choice for the file's columns comes as `?columns=<JSON>` ({ header: field,
  // 'attribute:<name>' or 'drop' }): the body stays the file itself.
  const declaredColumns = (req: Request, res: Response): { ok: true; columns: Record<string, ColumnChoice> | undefined } | null => {
    const raw = req.query.columns;
    if (raw === undefined) return { ok: true, columns: undefined };
    let value: unknown;
    try {
      value = typeof raw === 'string' ? JSON.parse(raw) : null;
    } catch {
      value = null;
    }
    const parsed = v.safeParse(coreSchemas['roster.import'].entries.columns, value);
    if (!parsed.success || value === null) {
      sendError(res, 400, 'INVALID_PAYLOAD', 'columns: a JSON object of header -> field, "attribute:<name>" or "drop"', { path: 'columns' });
      return null;
    }
    return { ok: true, columns: parsed.output };
  };

  api.post('/roster/preview', facilitator, csvBody, (req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    if (typeof req.body !== 'string') return sendError(res, 400, 'INVALID_PAYLOAD', 'send the CSV file as text/csv');
    const declared = declaredColumns(req, res);
    if (!declared) return;
    res.json({ ok: true, data: previewRoster(conv, req.body, declared.columns) });
  });

  api.post('/roster/import', facilitator, csvBody, async (req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    if (typeof req.body !== 'string') return sendError(res, 400, 'INVALID_PAYLOAD', 'send the CSV file as text/csv');
    const body = req.body;
    const cid = req.get('idempotency-key');
    if (cid !== undefined && !/^[\w-]{8,64}$/.test(cid)) return sendError(res, 400, 'INVALID_PAYLOAD', 'bad Idempotency-Key');
    const declared = declaredColumns(req, res);
    if (!declared) return;
    const ack = await engine.command(actor, 'roster.import', { csv: body, ...(declared.columns ? { columns: declared.columns } : {}) }, cid ?? null);
    if (!ack.ok) return sendRefusal(res, 400, ack.error);
    res.json(ack);
  });

  api.get('/export.json', facilitator, (_req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    res.set('Content-Disposition', `attachment; filename="convergence-${conv.id}.json"`).json(exportConvention(conv));
  });

  // The Council's dossier as data, for the printed report (client/views/dossier/).
  api.get('/report/dossier', facilitator, (_req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    res.set('Cache-Control', 'no-store').json({ ok: true, data: buildDossier(conv) });
  });

  api.get('/export/rankings.csv', facilitator, (_req: Request, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention');
    // Semicolons and a BOM: what French spreadsheet software opens without an import dialog.
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="classements-${conv.id}.csv"`)
      .send(toCsv(rankingsCsvRows(conv), { delimiter: ';', bom: true }));
  });

  api.use((_req: Request, res: Response) => sendError(res, 404, 'NOT_FOUND', 'no such route'));
  // Bodies the parsers refuse get the same JSON errors as everything else, never a stack trace.
  api.use((error: { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') return sendError(res, 413, 'INVALID_PAYLOAD', 'request body too large');
    if (error.type === 'entity.parse.failed' || error.status === 400) return sendError(res, 400, 'INVALID_PAYLOAD', 'malformed request body');
    logger.error({ err: error }, 'http error');
    return sendError(res, 500, 'INTERNAL', 'internal error');
  });
  return api;
}
