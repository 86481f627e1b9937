import type { Server, Socket } from 'socket.io';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { guestRequestByToken } from '../../shared/features/core/guests.ts';
import type { GuestStatus } from '../../shared/protocol.ts';

// Phones waiting as guests. Such a phone holds the token of its guest request (POST /api/join
// with a name): the handshake finds no seat for it, but a request, and the socket then only
// hears where that request stands ('guest:status'), at once and whenever the facilitator
// answers. Nothing else: no channel, no command (a guest is nobody until admitted). Admitted,
// the socket is told and closed; the same token then opens the member's seat as any other.

/** Events after which a waiting phone's status may have changed. */
const ANSWERS = new Set<DomainEvent['type']>(['GuestAdmitted', 'GuestRefused', 'SessionClosed', 'SessionRemoved']);

interface Waiting {
  conventionId: string;
  tokenHash: string;
}

export class GuestWaiting {
  /** socket id -> what it waits on. A handful at most: requests are capped per convention. */
  private readonly sockets = new Map<string, Waiting>();

  constructor(
    private readonly io: Server,
    private readonly conventions: () => Iterable<Convention>,
    private readonly convention: (id: string) => Convention | undefined,
  ) {}

  /** The convention whose guest request this token hash names, if any (a token that opens no seat). */
  find(tokenHash: string): string | null {
    for (const conv of this.conventions()) if (guestRequestByToken(conv, tokenHash)) return conv.id;
    return null;
  }

  attach(socket: Socket, waiting: Waiting): void {
    this.sockets.set(socket.id, waiting);
    socket.on('disconnect', () => this.sockets.delete(socket.id));
    this.tell(socket, waiting);
  }

  /** After a commit: the waiting phones of this convention hear any answer. */
  noteEvents(conventionId: string, events: readonly DomainEvent[]): void {
    if (!events.some((e) => ANSWERS.has(e.type))) return;
    for (const [socketId, waiting] of this.sockets) {
      if (waiting.conventionId !== conventionId) continue;
      const socket = this.io.sockets.sockets.get(socketId);
      if (socket) this.tell(socket, waiting);
    }
  }

  private tell(socket: Socket, waiting: Waiting): void {
    const status = this.statusOf(waiting);
    socket.emit('guest:status', status);
    if (status.status === 'admitted' || status.status === 'gone') {
      this.sockets.delete(socket.id);
      socket.disconnect(true);
    }
  }

  private statusOf({ conventionId, tokenHash }: Waiting): GuestStatus {
    const conv = this.convention(conventionId);
    if (!conv) return { status: 'gone' };
    const request = guestRequestByToken(conv, tokenHash);
    if (request) return { status: request.status };
    const member = Object.values(conv.members).find((m) => m.tokenHash === tokenHash && m.active);
    return member ? { status: 'admitted', memberId: member.id } : { status: 'gone' };
  }
}
