import express, { type Request, type Response, type Router } from 'express';
import { own } from '../../shared/domain/lookup.ts';
import type { Actor } from '../../shared/domain/types.ts';
import type { Engine } from '../engine/engine.ts';
import { memberData } from '../privacy/member-data.ts';
import type { AccessIndex } from '../realtime/access.ts';
import { requireFacilitator, sendError } from './auth.ts';

// A member's right of access: GET /api/members/<memberId>/data, the facilitator key as a bearer
// token, answers everything the convention holds about that member (server/privacy/member-data.ts)
// as a JSON file to hand over. Erasure is a command (members.erase), not a route.

export function privacyRoutes({ engine, access }: { engine: Engine; access: AccessIndex }): Router {
  const router = express.Router();
  const facilitator = requireFacilitator(access);

  router.get('/members/:memberId/data', facilitator, (req: Request<{ memberId: string }>, res: Response) => {
    const actor = res.locals.actor as Actor;
    const conv = engine.conventions.get(actor.conventionId);
    if (!conv) return sendError(res, 404, 'NOT_FOUND', 'no convention', { entity: 'convention' });
    const member = own(conv.members, req.params.memberId);
    if (!member) return sendError(res, 404, 'NOT_FOUND', 'no such member', { entity: 'member' });
    res
      .set('Content-Disposition', `attachment; filename="membre-${member.id}.json"`)
      .set('Cache-Control', 'no-store')
      .json(memberData(conv, member, new Date()));
  });

  return router;
}
