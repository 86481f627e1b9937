import type { Server } from 'socket.io';
import type { Actor } from '../../shared/domain/types.ts';
import type { SeatLostReason } from '../../shared/protocol.ts';
import type { Engine } from '../engine/engine.ts';
import type { AccessIndex } from './access.ts';
import type { ChannelHub } from './hub.ts';

// After a restore replaced a convention (server/backup/handover.ts): keys and seats may have
// changed, so the access index is rebuilt; a socket whose key or token no longer names the same
// actor is closed (a phone told its seat is gone, so it asks for its code again); every other
// socket of the convention gets its channels' new views as patches, like after any commit.
// Phones resend what was not acknowledged with the same cid: the restored acks answer them.

export function resyncRestored(io: Server, engine: Engine, hub: ChannelHub, access: AccessIndex): void {
  engine.onReplaced((conventionId) => {
    access.invalidate();
    for (const socket of io.sockets.sockets.values()) {
      const actor = socket.data.actor as Actor | undefined;
      if (actor?.conventionId !== conventionId) continue;
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const resolved = typeof token === 'string' ? access.resolve(token) : { error: 'AUTH_INVALID' as const };
      if ('actor' in resolved && sameActor(resolved.actor, actor)) continue;
      if (actor.role === 'member') socket.emit('seat:lost', lostReason(resolved));
      socket.disconnect(true);
    }
    hub.touchConvention(conventionId);
  });
}

/** What a phone whose token no longer names its seat is told after a restore. */
function lostReason(resolved: ReturnType<AccessIndex['resolve']>): SeatLostReason {
  if (!('error' in resolved)) return 'released';
  return resolved.error === 'SEAT_TAKEN_OVER' ? 'taken-over' : resolved.error === 'CONVENTION_ARCHIVED' ? 'archived' : 'released';
}

function sameActor(a: Actor, b: Actor): boolean {
  return a.role === b.role && a.conventionId === b.conventionId && (a.role !== 'member' || (b.role === 'member' && a.memberId === b.memberId));
}
