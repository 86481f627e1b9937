import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from '../../shared/protocol.ts';

// The one way every screen (phone, console, projector, support, speaker) reaches the server: a
// socket.io socket opened here, owned by that screen's Live. WebSocket first, long-polling when
// a network blocks WebSockets.
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

/**
 * The part of a socket.io client socket the command queue uses (outbox.ts): a real socket, or the
 * in-memory pair of the unit tests (test/helpers/fake-socket.ts).
 */
export interface CommandSocket {
  readonly connected: boolean;
  on(event: 'connect', listener: () => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

/** A typed socket seen as a CommandSocket: command names are data here, checked by the server. */
export const commandSocket = (socket: AppSocket): CommandSocket => socket as unknown as CommandSocket;
