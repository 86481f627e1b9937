import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type * as v from 'valibot';
import type { Actor } from '../../shared/domain/types.ts';
import { appError, type AppError, type ErrorCode } from '../../shared/errors.ts';
import type { AccessIndex } from '../realtime/access.ts';

// HTTP routes for the console take the facilitator key as a bearer token, the same key the
// console's socket uses; the operator's routes take the operator key, which no socket accepts.

const bearer = (req: Request) => {
  const header = req.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
};

export function requireFacilitator(access: AccessIndex) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    const resolved = token ? access.resolve(token) : null;
    if (!resolved || 'error' in resolved) return sendError(res, 401, 'AUTH_INVALID', 'a facilitator key is required');
    if (resolved.actor.role !== 'facilitator') return sendError(res, 403, 'FORBIDDEN', 'facilitator only');
    res.locals.actor = resolved.actor satisfies Actor;
    next();
  };
}

/**
 * The operator's routes (server/http/operator-routes.ts): the operator key only. A convention's
 * key is known but not enough (403), anything else is no key at all (401). The key is compared
 * through digests of equal length, in constant time.
 */
export function requireOperator(operatorKey: string, access: AccessIndex) {
  const expected = digest(operatorKey);
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (token && timingSafeEqual(digest(token), expected)) {
      res.locals.actor = { role: 'operator', conventionId: '' } satisfies Actor;
      return next();
    }
    const resolved = token ? access.resolve(token) : null;
    if (resolved && !('error' in resolved)) return sendError(res, 403, 'FORBIDDEN', 'operator only');
    return sendError(res, 401, 'AUTH_INVALID', 'the operator key is required');
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function sendError(res: Response, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  res.status(status).json({ ok: false, error: appError(code, message, details) });
}

/**
 * A body its schema refuses: 400 INVALID_PAYLOAD saying the first problem, with its field and
 * rule, as the engine says it for a command (server/engine/engine.ts, invalid()).
 */
export function sendInvalid(res: Response, issues: readonly v.BaseIssue<unknown>[]) {
  const first = issues[0];
  const path = first?.path?.map((p) => String(p.key)).join('.') ?? '';
  const details: Record<string, unknown> = {};
  if (path) details.path = path;
  if (first) details.rule = first.type;
  if (typeof first?.requirement === 'number') details.limit = first.requirement;
  sendError(res, 400, 'INVALID_PAYLOAD', `${path ? `${path}: ` : ''}${first?.message ?? 'invalid'}`.slice(0, 300), details);
}

/**
 * A command the engine refused, answered over HTTP: the same code and details, in HTTP's words
 * where the engine's name the socket protocol (a command's cid is the request's Idempotency-Key).
 */
export function sendRefusal(res: Response, status: number, error: AppError) {
  const message = error.code === 'CID_REUSED' ? 'this Idempotency-Key was used for another request' : error.message;
  sendError(res, status, error.code, message, error.details);
}
