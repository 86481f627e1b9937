import type { GuestStatus } from '../../shared/protocol.ts';
import { openSocket } from './socket.ts';

// A phone waiting as a guest (join.ts, PendingGuest): a socket opened with the request's token
// hears where the request stands ('guest:status', docs/protocol.md) until the facilitator admits
// it; refused, it keeps listening, since a refusal may be undone. socket.io reconnects on its
// own after a network drop, and the server then says the status again. A token that opens a
// seat already (admitted while the phone was away) gets the member's welcome: admitted too.

export type WaitStatus = GuestStatus;

/** Follows the request; returns the function that stops following it. */
export function waitAsGuest(token: string, onstatus: (status: WaitStatus) => void): () => void {
  const socket = openSocket(token);
  socket.on('guest:status', (status) => {
    onstatus(status);
    if (status.status === 'admitted' || status.status === 'gone') socket.close();
  });
  socket.on('welcome', (welcome) => {
    if (welcome.memberId) onstatus({ status: 'admitted', memberId: welcome.memberId });
    socket.close();
  });
  // The handshake refused the token: the request is unknown (the session closed, or it expired).
  socket.on('connect_error', (error) => {
    const code = (error as Error & { data?: { code?: string } }).data?.code;
    if (code === 'AUTH_INVALID') {
      onstatus({ status: 'gone' });
      socket.close();
    }
  });
  return () => socket.close();
}
