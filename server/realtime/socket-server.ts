import type { Server, Socket } from 'socket.io';
import type { Actor } from '../../shared/domain/types.ts';
import { appError } from '../../shared/errors.ts';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents, type Welcome } from '../../shared/protocol.ts';
import { channelKey, type ChannelKey } from '../../shared/views/channels.ts';
import type { MemberView } from '../../shared/views/member-views.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import { hashToken, type AccessIndex } from './access.ts';
import { GuestWaiting } from './guest-waiting.ts';
import type { Connections } from './connections.ts';
import type { ChannelHub } from './hub.ts';
import { resyncRestored } from './restored.ts';
import { TokenBucket } from './rate-limit.ts';

// socket.io wiring: the handshake decides who a socket is; then every event is one command,
// handed to the engine; the hub keeps the socket's channels in sync.

interface SocketData {
  actor: Actor;
  tokenHash: string;
  tableKey: ChannelKey | null;
  bucket: TokenBucket;
  /** Set for a phone waiting as a guest (guest-waiting.ts): it holds no seat yet. */
  guest?: { conventionId: string; tokenHash: string };
}

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketDeps {
  io: IO;
  engine: Engine;
  hub: ChannelHub;
  access: AccessIndex;
  connections: Connections;
  logger: Logger;
  rate: { burst: number; perSecond: number };
}

function handshakeError(code: string): Error {
  const error = new Error(code) as Error & { data: unknown };
  error.data = { code, protocol: PROTOCOL_VERSION };
  return error;
}

export function wireSockets({ io, engine, hub, access, connections, logger, rate }: SocketDeps): void {
  const guests = new GuestWaiting(io as never, () => engine.conventions.values(), (id) => engine.conventions.get(id));

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
    if (auth.protocol !== PROTOCOL_VERSION) return next(handshakeError('PROTOCOL_MISMATCH'));
    if (typeof auth.token !== 'string' || auth.token.length === 0 || auth.token.length > 200) return next(handshakeError('AUTH_REQUIRED'));
    const resolved = access.resolve(auth.token);
    if ('error' in resolved) {
      // A token that opens no seat may name a guest request: that phone waits for the facilitator.
      const tokenHash = resolved.error === 'AUTH_INVALID' ? hashToken(auth.token) : '';
      const waitingIn = tokenHash ? guests.find(tokenHash) : null;
      if (waitingIn) {
        socket.data.guest = { conventionId: waitingIn, tokenHash };
        return next();
      }
      logger.info({ reason: resolved.error }, 'handshake refused');
      return next(handshakeError(resolved.error));
    }
    socket.data.actor = resolved.actor;
    socket.data.tokenHash = resolved.tokenHash;
    socket.data.tableKey = null;
    // Phones get the room's rate; the facilitator's console sends bulk work (300 votes to set up).
    const factor = resolved.actor.role === 'member' ? 1 : 5;
    socket.data.bucket = new TokenBucket(rate.burst * factor, rate.perSecond * factor);
    next();
  });

  io.on('connection', (socket) => {
    if (socket.data.guest) {
      // A guest waiting: it hears its request's status and may send nothing.
      socket.onAny((...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (typeof ack === 'function') (ack as (result: Ack) => void)({ ok: false, error: appError('FORBIDDEN', 'a guest waits for the facilitator') });
      });
      guests.attach(socket as never, socket.data.guest);
      return;
    }
    const { actor } = socket.data;
    const conventionId = actor.conventionId;
    const welcome: Welcome = { protocol: PROTOCOL_VERSION, role: actor.role === 'system' || actor.role === 'visitor' || actor.role === 'operator' ? 'facilitator' : actor.role, conventionId, memberId: actor.role === 'member' ? actor.memberId : null, epoch: hub.epoch, serverTime: Date.now() };
    socket.emit('welcome', welcome);
    subscribe(socket, channelsOf(actor));
    if (actor.role === 'member') {
      connections.add(conventionId, actor.memberId, socket.id);
      hub.touchLive(conventionId, actor.memberId);
    }

    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (result: Ack) => void) : () => {};
      // socket.io also accepts numbers as event names: they are not commands either.
      if (typeof event !== 'string') {
        ack({ ok: false, error: appError('UNKNOWN_COMMAND', 'event names are strings') });
        return;
      }
      if (!socket.data.bucket.take()) {
        ack({ ok: false, error: appError('RATE_LIMITED', 'too many commands; slow down') });
        return;
      }
      if (event === 'sync:resync') {
        subscribe(socket, [...socket.rooms].filter((room) => room !== socket.id));
        ack({ ok: true });
        return;
      }
      Promise.resolve()
        .then(() => engine.execute(actor, event, args[0]))
        .then((result) => {
          if (!result.ok) logger.info({ role: actor.role, command: event.slice(0, 40), code: result.error.code }, 'command refused');
          ack(result);
        })
        // A failure anywhere above (the engine, the log, the ack) is logged, never left unhandled.
        .catch((error: unknown) => {
          logger.error({ err: error, command: event.slice(0, 40) }, 'command failed');
          ack({ ok: false, error: appError('INTERNAL', 'internal error') });
        });
    });

    socket.on('disconnect', () => {
      if (actor.role === 'member') {
        connections.remove(conventionId, actor.memberId, socket.id);
        hub.touchLive(conventionId, actor.memberId);
      }
    });
  });

  // A room is deleted when its last socket leaves it: the channel behind it can go too.
  io.of('/').adapter.on('delete-room', (room: string) => hub.closeIfUnused(room));

  function subscribe(socket: AppSocket, keys: ChannelKey[]): void {
    for (const key of keys) {
      // A pending patch the snapshot sends goes to the other sockets of the room: this one gets
      // the snapshot, already holding it (a resync comes from a socket already in the room).
      void socket.join(key);
      const message = hub.snapshot(key, socket.id);
      if (message) socket.emit('sync:snapshot', message);
      if (message?.kind === 'member') followTable(socket, message.view as MemberView | null);
    }
  }

  /** A member's phone listens to its table's channel, and moves with the member. */
  function followTable(socket: AppSocket, view: MemberView | null): void {
    const actor = socket.data.actor;
    const next = view?.tableId ? channelKey('table', actor.conventionId, view.tableId) : null;
    const previous = socket.data.tableKey;
    if (next === previous) return;
    socket.data.tableKey = next;
    if (previous) {
      void socket.leave(previous);
      socket.emit('sync:drop', previous);
    }
    if (next) subscribe(socket, [next]);
  }

  /**
   * The senders' own views, right after their acks (the next turn, on the same socket): a phone
   * sees what its command did at once, not at the end of its channel's window (up to a second in
   * a busy room). After, not before: in a burst (a room voting at once) a thousand views computed
   * before the acks held every ack back; sent a slice per turn, they leave room for the projector.
   */
  function sendOwnViews(keys: ChannelKey[], start = 0): void {
    const end = Math.min(keys.length, start + OWN_VIEWS_PER_TURN);
    for (let i = start; i < end; i++) hub.flushNow(keys[i]!);
    if (end < keys.length) setImmediate(() => sendOwnViews(keys, end));
  }

  hub.onMemberViewSent = (key, view) => {
    for (const socket of io.sockets.adapter.rooms.get(key) ?? []) {
      const s = io.sockets.sockets.get(socket);
      if (s) followTable(s, view as MemberView | null);
    }
  };

  resyncRestored(io as never, engine, hub, access);

  engine.onCommitted((batch) => {
    const own = [...new Set(batch.flatMap(({ conventionId, actor }) => hub.ownChannels(conventionId, actor)))];
    if (own.length > 0) setImmediate(() => sendOwnViews(own));
    for (const { conventionId, events } of batch) {
      access.noteEvents(conventionId, events);
      guests.noteEvents(conventionId, events);
      hub.touchConvention(conventionId);
      for (const event of events) {
        if (event.type === 'ConventionArchiveSet' && event.archivedAt !== null) evictArchived(conventionId);
        if (event.type === 'SeatClaimed' || event.type === 'SeatReleased' || event.type === 'SeatCodeChanged' || (event.type === 'MemberActiveSet' && !event.active)) {
          evictStaleSeats(conventionId, event.memberId, event.type === 'SeatClaimed' ? 'taken-over' : 'released');
        }
      }
    }
  });

  /** An archived convention's phones are told (they forget it) and closed; its other screens stay. */
  function evictArchived(conventionId: string): void {
    for (const memberId of [...connections.connected(conventionId)]) {
      for (const socketId of [...connections.socketsOf(conventionId, memberId)]) {
        const socket = io.sockets.sockets.get(socketId);
        if (!socket) continue;
        socket.emit('seat:lost', 'archived');
        socket.disconnect(true);
      }
    }
  }

  /** One seat, one phone: sockets holding an older token of this member are told and closed. */
  function evictStaleSeats(conventionId: string, memberId: string, reason: 'taken-over' | 'released'): void {
    const current = engine.conventions.get(conventionId)?.members[memberId]?.tokenHash ?? null;
    for (const socketId of connections.socketsOf(conventionId, memberId)) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket || socket.data.tokenHash === current) continue;
      socket.emit('seat:lost', reason);
      socket.disconnect(true);
    }
  }
}

function channelsOf(actor: Actor): ChannelKey[] {
  const c = actor.conventionId;
  switch (actor.role) {
    case 'facilitator':
      return [channelKey('console', c)];
    case 'projector':
      return [channelKey('screen', c)];
    case 'member':
      return [channelKey('public', c), channelKey('member', c, actor.memberId)];
    case 'support':
      return [channelKey('public', c)];
    case 'system':
    case 'visitor':
    // No socket key resolves to the operator (server/realtime/access.ts): it has no channel.
    case 'operator':
      return [];
  }
}

/** Senders' own views sent per turn of the event loop (see sendOwnViews). */
const OWN_VIEWS_PER_TURN = 100;
