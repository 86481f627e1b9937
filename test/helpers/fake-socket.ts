// An in-memory socket pair implementing the part of the socket.io API the client's sync helpers
// use: on the client side `connected`, `on('connect' | 'disconnect' | event)`, `emit`,
// `timeout(ms).emitWithAck`; on the server side `on(event, (payload, ack) => …)` and `emit`.
// Messages cross on a later macrotask, like the network. `disconnect()` drops the connection:
// what is in flight both ways is lost (an ack never arrives, as when the Wi-Fi goes), and
// `connect()` brings it back. It is a wire for testing the client helpers, not a model of the
// server: the tests give the server side the answers they need.

type Listener = (...args: any[]) => void;

export interface FakeServerSide {
  on(event: string, handler: (payload: unknown, ack: (answer: unknown) => void) => void): void;
  emit(event: string, ...args: unknown[]): void;
  /** Every command received, in order (retries included). */
  readonly received: { event: string; payload: unknown }[];
}

export class FakeClientSocket {
  connected = false;
  private readonly listeners = new Map<string, Listener[]>();
  /** Bumped at each connection: a message of an older connection is dropped on arrival. */
  generation = 0;

  constructor(private readonly pair: FakeSocketPair) {}

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  emit(event: string, ...args: unknown[]): this {
    this.pair.toServer(event, args[0], null);
    return this;
  }

  timeout(ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('operation has timed out')), ms);
          if (!this.connected) return; // socket.io buffers while offline; here: lost, the timeout tells
          this.pair.toServer(event, payload, (answer) => {
            clearTimeout(timer);
            resolve(answer);
          });
        }),
    };
  }
}

export class FakeSocketPair {
  readonly client = new FakeClientSocket(this);
  private readonly handlers = new Map<string, (payload: unknown, ack: (answer: unknown) => void) => void>();
  readonly server: FakeServerSide;

  constructor() {
    const received: { event: string; payload: unknown }[] = [];
    this.server = {
      received,
      on: (event, handler) => void this.handlers.set(event, handler),
      emit: (event, ...args) => {
        const generation = this.client.generation;
        setTimeout(() => {
          if (this.client.connected && this.client.generation === generation) this.client.fire(event, ...args);
        }, 0);
      },
    };
  }

  toServer(event: string, payload: unknown, ack: ((answer: unknown) => void) | null): void {
    const generation = this.client.generation;
    setTimeout(() => {
      if (!this.client.connected || this.client.generation !== generation) return; // lost on the way
      this.server.received.push({ event, payload });
      const handler = this.handlers.get(event);
      handler?.(payload, (answer) => {
        setTimeout(() => {
          // The answer is lost when the connection dropped meanwhile.
          if (this.client.connected && this.client.generation === generation) ack?.(answer);
        }, 0);
      });
    }, 0);
  }

  connect(): void {
    if (this.client.connected) return;
    this.client.generation += 1;
    this.client.connected = true;
    this.client.fire('connect');
  }

  disconnect(): void {
    if (!this.client.connected) return;
    this.client.connected = false;
    this.client.generation += 1;
    this.client.fire('disconnect', 'transport close');
  }
}

/** Lets every pending macrotask (messages, answers) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((done) => setTimeout(done, 0));
}
