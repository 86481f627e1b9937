import type { Ack, PatchMessage, SeatLostReason, SnapshotMessage, Welcome } from '../../shared/protocol.ts';
import type { CommandInput, CommandName } from '../../shared/schemas.ts';
import { applyPatch } from '../../shared/sync/patch.ts';
import type { ChannelKey, ChannelViews } from '../../shared/views/channels.ts';
import { isFinal, Outbox, type OutboxEntry } from './outbox.ts';
import { openSocket, type AppSocket } from './socket.ts';

// The live state of one screen: the views its role may see, kept in sync with the server, and
// the commands it sent that wait for an answer. Screens render this; they never compute results.

export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'reload' | 'denied' | 'seat-lost';

const ACK_TIMEOUT_MS = 10_000;

export class Live {
  status = $state<ConnectionStatus>('connecting');
  seatLost = $state<SeatLostReason | null>(null);
  welcome = $state.raw<Welcome | null>(null);
  console = $state.raw<ChannelViews['console'] | null>(null);
  screen = $state.raw<ChannelViews['screen'] | null>(null);
  public = $state.raw<ChannelViews['public'] | null>(null);
  table = $state.raw<ChannelViews['table']>(null);
  member = $state.raw<ChannelViews['member']>(null);
  pending = $state.raw<readonly OutboxEntry[]>([]);
  /**
   * The server's clock minus this device's, in ms: `Date.now() + clockOffsetMs` is about the
   * server's time (countdowns end at a server time). Measured at each welcome; it errs by the
   * message's travel time, tens of ms on the room's Wi-Fi.
   */
  clockOffsetMs = $state(0);

  private readonly socket: AppSocket;
  private readonly outbox: Outbox;
  private readonly versions = new Map<ChannelKey, { epoch: string; version: number }>();
  private readonly waiting = new Map<string, (ack: Ack) => void>();
  private flushing = false;

  constructor(token: string, outboxKey: string) {
    this.outbox = new Outbox(outboxKey);
    this.pending = this.outbox.list();
    this.socket = openSocket(token);
    this.socket.on('connect', () => {
      this.status = 'connected';
      void this.flushOutbox();
    });
    this.socket.on('disconnect', () => {
      if (this.status === 'connected' || this.status === 'connecting') this.status = 'offline';
    });
    this.socket.on('connect_error', (error) => {
      const code = error.message;
      if (code === 'PROTOCOL_MISMATCH') this.status = 'reload';
      else if (code === 'SEAT_TAKEN_OVER') this.loseSeat('taken-over');
      else if (code === 'AUTH_INVALID' || code === 'AUTH_REQUIRED') this.status = 'denied';
      else this.status = 'offline';
    });
    this.socket.on('welcome', (welcome) => {
      this.welcome = welcome;
      if (typeof welcome.serverTime === 'number') this.clockOffsetMs = welcome.serverTime - Date.now();
    });
    this.socket.on('sync:snapshot', (message) => this.onSnapshot(message));
    this.socket.on('sync:patch', (message) => this.onPatch(message));
    this.socket.on('sync:drop', (channel) => {
      this.versions.delete(channel);
      if (channel.startsWith('table:')) this.table = null;
    });
    this.socket.on('seat:lost', (reason) => this.loseSeat(reason));
  }

  /**
   * Sends a command. It is kept until the server answers, across disconnections and reloads;
   * the promise settles with the server's answer, however late.
   */
  send<N extends CommandName>(name: N, args: CommandInput<N>): Promise<Ack> {
    const entry = this.outbox.add(name, args);
    this.pending = this.outbox.list();
    const answer = new Promise<Ack>((resolve) => this.waiting.set(entry.cid, resolve));
    if (this.socket.connected && !this.flushing) void this.emit(entry);
    return answer;
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private loseSeat(reason: SeatLostReason): void {
    this.seatLost = reason;
    this.status = 'seat-lost';
    this.socket.disconnect();
  }

  /** Resends, in order, what was not acknowledged before the connection dropped or the page reloaded. */
  private async flushOutbox(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const entry of this.outbox.list()) {
        if (!this.socket.connected) return;
        await this.emit(entry);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async emit(entry: OutboxEntry): Promise<void> {
    let ack: Ack;
    try {
      // Command names are checked on the server against shared/schemas.ts; here they are data.
      const untyped = this.socket as unknown as { timeout(ms: number): { emitWithAck(event: string, envelope: unknown): Promise<Ack> } };
      ack = await untyped.timeout(ACK_TIMEOUT_MS).emitWithAck(entry.name, { cid: entry.cid, args: entry.args });
    } catch {
      return; // No answer: keep it; the next connection resends it with the same id.
    }
    if (!isFinal(ack)) return;
    this.outbox.remove(entry.cid);
    this.pending = this.outbox.list();
    this.waiting.get(entry.cid)?.(ack);
    this.waiting.delete(entry.cid);
  }

  private onSnapshot(message: SnapshotMessage): void {
    this.versions.set(message.channel, { epoch: message.epoch, version: message.version });
    this.setView(message.kind, message.view);
  }

  private onPatch(message: PatchMessage): void {
    const known = this.versions.get(message.channel);
    if (!known || known.epoch !== message.epoch || known.version !== message.from) {
      // A gap: ask for fresh snapshots rather than apply a patch to the wrong base.
      this.socket.emit('sync:resync');
      return;
    }
    known.version = message.to;
    const kind = message.channel.slice(0, message.channel.indexOf(':')) as keyof ChannelViews;
    this.setView(kind, applyPatch(this.getView(kind), message.patch));
  }

  private getView(kind: keyof ChannelViews): unknown {
    return this[kind];
  }

  private setView(kind: keyof ChannelViews, view: unknown): void {
    switch (kind) {
      case 'console':
        this.console = view as ChannelViews['console'];
        break;
      case 'screen':
        this.screen = view as ChannelViews['screen'];
        break;
      case 'public':
        this.public = view as ChannelViews['public'];
        break;
      case 'table':
        this.table = view as ChannelViews['table'];
        break;
      case 'member':
        this.member = view as ChannelViews['member'];
        break;
    }
  }
}
