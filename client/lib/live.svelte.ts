import type { Ack, SeatLostReason, Welcome } from '../../shared/protocol.ts';
import type { CommandInput, CommandName, CommandResult } from '../../shared/registry.ts';
import type { ChannelKind, ChannelViews } from '../../shared/views/channels.ts';
import { ChannelSync } from './channel-sync.ts';
import { CommandQueue, Outbox, type OutboxEntry } from './outbox.ts';
import { commandSocket, openSocket, type AppSocket } from './socket.ts';

// The live state of one screen: the views its role may see, kept in sync with the server, and
// the commands it sent that wait for an answer. Screens render this; they never compute results.
// Everything here is read-only from outside: it changes only with what the server says.

export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'reload' | 'denied' | 'seat-lost';

export class Live {
  #status = $state<ConnectionStatus>('connecting');
  #seatLost = $state<SeatLostReason | null>(null);
  #welcome = $state.raw<Welcome | null>(null);
  #console = $state.raw<ChannelViews['console'] | null>(null);
  #screen = $state.raw<ChannelViews['screen'] | null>(null);
  #public = $state.raw<ChannelViews['public'] | null>(null);
  #table = $state.raw<ChannelViews['table']>(null);
  #member = $state.raw<ChannelViews['member']>(null);
  #pending = $state.raw<readonly OutboxEntry[]>([]);
  #clockOffsetMs = $state(0);

  readonly #socket: AppSocket;
  readonly #commands: CommandQueue;
  readonly #sync: ChannelSync;

  get status(): ConnectionStatus {
    return this.#status;
  }
  get seatLost(): SeatLostReason | null {
    return this.#seatLost;
  }
  get welcome(): Welcome | null {
    return this.#welcome;
  }
  get console(): ChannelViews['console'] | null {
    return this.#console;
  }
  get screen(): ChannelViews['screen'] | null {
    return this.#screen;
  }
  get public(): ChannelViews['public'] | null {
    return this.#public;
  }
  get table(): ChannelViews['table'] {
    return this.#table;
  }
  get member(): ChannelViews['member'] {
    return this.#member;
  }
  /** Commands sent and not answered yet (kept across reloads), oldest first. */
  get pending(): readonly OutboxEntry[] {
    return this.#pending;
  }
  /**
   * The server's clock minus this device's, in ms: `Date.now() + clockOffsetMs` is about the
   * server's time (countdowns end at a server time). Measured at each welcome; it errs by the
   * message's travel time, tens of ms on the room's Wi-Fi.
   */
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  readonly #outbox: Outbox;

  constructor(token: string, outboxKey: string) {
    this.#socket = openSocket(token);
    const outbox = (this.#outbox = new Outbox(outboxKey));
    this.#pending = outbox.list();
    this.#commands = new CommandQueue(commandSocket(this.#socket), outbox, (entries) => (this.#pending = entries));
    this.#sync = new ChannelSync(
      (kind, _key, view) => this.#setView(kind, view),
      () => this.#socket.emit('sync:resync'),
    );
    const socket = this.#socket;
    socket.on('connect', () => {
      this.#status = 'connected';
    });
    socket.on('disconnect', () => {
      if (this.#status === 'connected' || this.#status === 'connecting') this.#status = 'offline';
    });
    socket.on('connect_error', (error) => {
      const code = error.message;
      if (code === 'PROTOCOL_MISMATCH') this.#status = 'reload';
      else if (code === 'SEAT_TAKEN_OVER') this.#loseSeat('taken-over');
      else if (code === 'CONVENTION_ARCHIVED') this.#loseSeat('archived');
      else if (code === 'AUTH_INVALID' || code === 'AUTH_REQUIRED') this.#status = 'denied';
      else this.#status = 'offline';
    });
    socket.on('welcome', (welcome) => {
      this.#welcome = welcome;
      if (typeof welcome.serverTime === 'number') this.#clockOffsetMs = welcome.serverTime - Date.now();
    });
    socket.on('sync:snapshot', (message) => this.#sync.snapshot(message));
    socket.on('sync:patch', (message) => this.#sync.patch(message));
    socket.on('sync:drop', (channel) => this.#sync.drop(channel));
    socket.on('seat:lost', (reason) => this.#loseSeat(reason));
  }

  /**
   * Sends a command. It is kept until the server answers, across disconnections and reloads;
   * the promise settles with the server's answer, however late.
   */
  send<N extends CommandName>(name: N, args: CommandInput<N>): Promise<Ack<CommandResult<N>>> {
    return this.#commands.send(name, args);
  }

  close(): void {
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  /** Commands that can no longer count (their activity closed): forgotten, here and in storage. */
  dropPending(cids: ReadonlySet<string>): void {
    this.#commands.drop(cids);
  }

  /** The phone leaves its seat: closed, and its queue emptied for good (nothing of it is written again). */
  forget(): void {
    this.close();
    this.#outbox.discard();
    this.#pending = [];
  }

  #loseSeat(reason: SeatLostReason): void {
    this.#seatLost = reason;
    this.#status = 'seat-lost';
    this.#socket.disconnect();
  }

  #setView(kind: ChannelKind, view: unknown): void {
    switch (kind) {
      case 'console':
        this.#console = view as ChannelViews['console'] | null;
        break;
      case 'screen':
        this.#screen = view as ChannelViews['screen'] | null;
        break;
      case 'public':
        this.#public = view as ChannelViews['public'] | null;
        break;
      case 'table':
        this.#table = view as ChannelViews['table'];
        break;
      case 'member':
        this.#member = view as ChannelViews['member'];
        break;
    }
  }
}
