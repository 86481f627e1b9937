import type { AppError } from './errors.ts';
import type { Role } from './domain/types.ts';
import type { CommandInput, CommandName, CommandResult } from './registry.ts';
import type { Patch } from './sync/patch.ts';
import type { ChannelKey, ChannelKind, ChannelViews } from './views/channels.ts';

/**
 * Bumped on any incompatible change of events, payloads or views. The server refuses a
 * handshake from another version with PROTOCOL_MISMATCH and the client asks for a reload.
 */
export const PROTOCOL_VERSION = 2;
// 2: the projector's view says what it shows (`shows`, `cornerClock`) instead of a raw `panel`,
// the console's sessions say what is on screen (`onScreen`); commands typed by the registry.

export type Ack<T = unknown> = { ok: true; data?: T } | { ok: false; error: AppError };

/** Every command travels as `{ cid, args }`; `cid` makes a retry idempotent. */
export interface CommandEnvelope<A = unknown> {
  cid: string;
  args: A;
}

/** Each command's event: its envelope's arguments and its ack's result are typed by the registry. */
export type ClientToServerEvents = {
  [N in CommandName]: (envelope: CommandEnvelope<CommandInput<N>>, ack: (result: Ack<CommandResult<N>>) => void) => void;
} & {
  /** Asks again for the snapshots of every channel this socket may see (after a gap in versions). */
  'sync:resync': () => void;
};

export interface Welcome {
  protocol: number;
  role: Role;
  conventionId: string;
  memberId: string | null;
  /** Changes at every server start; a client that sees it change drops its versions. */
  epoch: string;
  /** The server's clock (ms) when it sent this: screens keep their offset to it for countdowns. */
  serverTime: number;
}

export interface SnapshotMessage<K extends ChannelKind = ChannelKind> {
  channel: ChannelKey;
  kind: K;
  epoch: string;
  version: number;
  view: ChannelViews[K];
}

export interface PatchMessage {
  channel: ChannelKey;
  epoch: string;
  from: number;
  to: number;
  patch: Patch;
}

export interface ServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  'sync:snapshot': (message: SnapshotMessage) => void;
  'sync:patch': (message: PatchMessage) => void;
  /** The channel is no longer visible to this socket (a member moved to another table). */
  'sync:drop': (channel: ChannelKey) => void;
  /**
   * This phone no longer holds its seat: another phone took it over, or the facilitator released
   * it or gave the member a new code, or the phone left it ('released'); or the convention was
   * archived ('archived': the phone forgets it). The socket is disconnected right after.
   */
  'seat:lost': (reason: SeatLostReason) => void;
  /**
   * To a phone waiting as a guest (its token names a guest request, not yet a seat): where its
   * request stands, at connection and whenever it changes. Admitted: the socket is closed right
   * after, and the same token now opens the member's seat.
   */
  'guest:status': (status: GuestStatus) => void;
}

/** A guest request as its phone sees it (server/realtime/guest-waiting.ts). `gone`: the session closed, or the request is unknown. */
export type GuestStatus = { status: 'pending' } | { status: 'refused' } | { status: 'gone' } | { status: 'admitted'; memberId: string };

/** Sent in the socket.io handshake `auth` field. */
export interface HandshakeAuth {
  protocol: number;
  token: string;
}

export type SeatLostReason = 'taken-over' | 'released' | 'archived';

export const HANDSHAKE_ERRORS = ['PROTOCOL_MISMATCH', 'AUTH_REQUIRED', 'AUTH_INVALID', 'SEAT_TAKEN_OVER', 'CONVENTION_ARCHIVED'] as const;
