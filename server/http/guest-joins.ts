import type { Request, Response } from 'express';
import { nanoid } from 'nanoid';
import type { GuestJoinRequest } from '../../shared/features/core/commands.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import { hashToken } from '../realtime/access.ts';
import { FailureLimiter } from '../realtime/rate-limit.ts';
import { sendError, sendRefusal } from './auth.ts';

// POST /api/join with a display name: a guest asks to join (guest.request). The facilitator
// admits each guest; before that, a flood must not even reach the console. Every request counts,
// accepted or not, against its address and against the convention, within a sliding window:
// past either cap the answer is 429 TOO_MANY_GUESTS with Retry-After, and nothing is written.
// The cap on requests waiting at once is the state's (shared/features/core/guests.ts).

export interface GuestJoinLimits {
  /** Guest requests one address may send per window (a room's Wi-Fi is one address: a few guests share it). */
  perAddress: { max: number; windowMs: number };
  /** Guest requests one convention takes per window, whatever their addresses. */
  perConvention: { max: number; windowMs: number };
}

export const DEFAULT_GUEST_JOIN_LIMITS: GuestJoinLimits = {
  perAddress: { max: 10, windowMs: 10 * 60_000 },
  perConvention: { max: 40, windowMs: 10 * 60_000 },
};

/** When the pending cap refuses: the facilitator answers requests within a minute or so. */
const PENDING_RETRY_SECONDS = 60;

export function guestJoins(engine: Engine, logger: Logger, limits: GuestJoinLimits = DEFAULT_GUEST_JOIN_LIMITS) {
  const byAddress = new FailureLimiter(limits.perAddress.max, limits.perAddress.windowMs);
  const byConvention = new FailureLimiter(limits.perConvention.max, limits.perConvention.windowMs);

  function tooMany(res: Response, retryMs: number) {
    res.set('Retry-After', String(Math.max(1, Math.ceil(retryMs / 1000))));
    return sendError(res, 429, 'TOO_MANY_GUESTS', 'too many guest requests; try again later');
  }

  return async function askAsGuest(req: Request, res: Response, conv: Convention, request: GuestJoinRequest) {
    const ip = req.ip ?? 'unknown';
    const wait = Math.max(byAddress.retryAfterMs(ip), byConvention.retryAfterMs(conv.id));
    if (wait > 0) {
      logger.info({ code: 'TOO_MANY_GUESTS' }, 'guest request refused');
      return tooMany(res, wait);
    }
    byAddress.fail(ip);
    byConvention.fail(conv.id);
    // The phone keeps this token while it waits; admitted, the same token opens its seat.
    const token = nanoid(32);
    const ack = await engine.command({ role: 'visitor', conventionId: conv.id, tokenHash: hashToken(token) }, 'guest.request', request);
    if (!ack.ok) {
      logger.info({ code: ack.error.code }, 'guest request refused');
      if (ack.error.code === 'TOO_MANY_GUESTS') return tooMany(res, PENDING_RETRY_SECONDS * 1000);
      return sendRefusal(res, ack.error.code === 'SESSION_CODE_UNKNOWN' ? 404 : ack.error.code === 'CONVENTION_ARCHIVED' ? 410 : 403, ack.error);
    }
    res.status(202).json({ ok: true, data: { pending: true, token, conventionId: conv.id, ...ack.data } });
  };
}
