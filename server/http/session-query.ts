import type { Request, Response } from 'express';
import { own } from '../../shared/domain/lookup.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import type { Session } from '../../shared/features/core/types.ts';
import type { Engine } from '../engine/engine.ts';
import { sendError } from './auth.ts';

/**
 * The facilitator's convention and the session named by `?session=ID`, for a session's exports;
 * or null, with the error already sent.
 */
export function sessionOfQuery(engine: Engine, req: Request, res: Response): { conv: Convention; session: Session } | null {
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
