import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../shared/domain/types.ts';
import { appError, type ErrorCode } from '../../shared/errors.ts';
import type { AccessIndex } from '../realtime/access.ts';

// HTTP routes for the console take the facilitator key as a bearer token, the same key the
// console's socket uses.

export function requireFacilitator(access: AccessIndex) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const resolved = token ? access.resolve(token) : null;
    if (!resolved || 'error' in resolved) return sendError(res, 401, 'AUTH_INVALID', 'a facilitator key is required');
    if (resolved.actor.role !== 'facilitator') return sendError(res, 403, 'FORBIDDEN', 'facilitator only');
    res.locals.actor = resolved.actor satisfies Actor;
    next();
  };
}

export function sendError(res: Response, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  res.status(status).json({ ok: false, error: appError(code, message, details) });
}
