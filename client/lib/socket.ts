import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from '../../shared/protocol.ts';

// The one socket of a screen. WebSocket first, long-polling when a network blocks WebSockets.
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openSocket(token: string): AppSocket {
  const auth: HandshakeAuth = { protocol: PROTOCOL_VERSION, token };
  return io({
    auth,
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.5,
  });
}
