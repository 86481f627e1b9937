import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type PatchMessage, type SnapshotMessage, type Welcome } from '../../shared/protocol.ts';
import { applyPatch } from '../../shared/sync/patch.ts';
import type { ChannelKey, ChannelKind, ChannelViews } from '../../shared/views/channels.ts';

// A real socket.io client, as a phone, the projector or the console would open it. It keeps its
// own copy of each channel's view (snapshot, then patches checked against the local version, as
// the real client does), records every message it receives, and answers "wait until...".

export interface Received {
  event: string;
  args: unknown[];
  at: number;
}

export interface ChannelCopy {
  key: ChannelKey;
  kind: ChannelKind;
  epoch: string;
  version: number;
  view: unknown;
}

const DEFAULT_WAIT_MS = 5000;
const ACK_TIMEOUT_MS = 8000;

const clients = new Set<TestClient>();

export class TestClient {
  readonly socket: Socket;
  welcome: Welcome | null = null;
  readonly channels = new Map<ChannelKey, ChannelCopy>();
  /** Sync anomalies (a patch that does not follow the local version, a patch for an unknown channel): should stay empty. */
  readonly problems: string[] = [];
  disconnectReason: string | null = null;
  private readonly log: Received[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(url: string, auth: unknown) {
    this.socket = io(url, {
      auth: auth as Record<string, unknown>,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 5000,
    });
    clients.add(this);
    this.socket.onAny((event: string, ...args: unknown[]) => {
      this.log.push({ event, args, at: Date.now() });
      switch (event) {
        case 'welcome':
          this.welcome = args[0] as Welcome;
          break;
        case 'sync:snapshot':
          this.onSnapshot(args[0] as SnapshotMessage);
          break;
        case 'sync:patch':
          this.onPatch(args[0] as PatchMessage);
          break;
        case 'sync:drop':
          this.channels.delete(args[0] as ChannelKey);
          break;
      }
      this.notify();
    });
    this.socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
      this.log.push({ event: 'disconnect', args: [reason], at: Date.now() });
      this.notify();
    });
    this.socket.on('connect_error', (error) => {
      this.log.push({ event: 'connect_error', args: [error.message], at: Date.now() });
      this.notify();
    });
  }

  private onSnapshot(message: SnapshotMessage): void {
    this.channels.set(message.channel, { key: message.channel, kind: message.kind, epoch: message.epoch, version: message.version, view: message.view });
  }

  private onPatch(message: PatchMessage): void {
    const copy = this.channels.get(message.channel);
    if (!copy) {
      this.problems.push(`patch for a channel this socket has no snapshot of: ${message.channel}`);
      this.socket.emit('sync:resync');
      return;
    }
    if (copy.epoch !== message.epoch || copy.version !== message.from) {
      this.problems.push(`gap on ${message.channel}: local ${copy.epoch}/${copy.version}, patch ${message.epoch}/${message.from}->${message.to}`);
      this.socket.emit('sync:resync');
      return;
    }
    copy.view = applyPatch(copy.view, message.patch);
    copy.version = message.to;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** The current view of this socket's channel of that kind (members have at most one table). */
  view<K extends ChannelKind>(kind: K): ChannelViews[K] | undefined {
    for (const copy of this.channels.values()) if (copy.kind === kind) return copy.view as ChannelViews[K];
    return undefined;
  }

  channel(kind: ChannelKind): ChannelCopy | undefined {
    for (const copy of this.channels.values()) if (copy.kind === kind) return copy;
    return undefined;
  }

  /** Every message received so far, in order (plus `disconnect` and `connect_error`). */
  received(): Received[] {
    return this.log.slice();
  }

  /** Position in the log, to look at what arrived after it with since(). */
  mark(): number {
    return this.log.length;
  }

  since(mark: number): Received[] {
    return this.log.slice(mark);
  }

  /** Kinds of the channels that ever got a snapshot on this socket. */
  snapshotKinds(): ChannelKind[] {
    return this.log.filter((r) => r.event === 'sync:snapshot').map((r) => (r.args[0] as SnapshotMessage).kind);
  }

  /** Sends a command in its envelope and resolves with the ack. */
  send(name: string, args: unknown, cid: string = randomUUID()): Promise<Ack> {
    return this.sendRaw(name, { cid, args });
  }

  /** Sends whatever payload is given (no envelope added) and resolves with the ack. */
  sendRaw(name: string, ...payload: unknown[]): Promise<Ack> {
    return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(name, ...payload) as Promise<Ack>;
  }

  /**
   * Resolves with the predicate's first truthy value, checked now and after each message.
   * A predicate that throws counts as false (views may not be there yet).
   */
  waitFor<T>(predicate: (client: TestClient) => T | null | undefined | false | 0 | '', timeoutMs = DEFAULT_WAIT_MS, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown = null;
      const check = (): boolean => {
        try {
          const value = predicate(this);
          if (value) {
            finish();
            resolve(value);
            return true;
          }
        } catch (error) {
          lastError = error;
        }
        return false;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        finish();
        const tail = this.log.slice(-5).map((r) => r.event).join(', ');
        reject(new Error(`waitFor(${what}) timed out after ${timeoutMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}; last events: ${tail}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (check()) return;
      this.waiters.add(waiter);
    });
  }

  /** Waits for a message of this event (received after `after`, a mark) and returns its arguments. */
  async waitForEvent(event: string, timeoutMs = DEFAULT_WAIT_MS, after = 0): Promise<unknown[]> {
    const found = await this.waitFor((c) => c.since(after).find((r) => r.event === event), timeoutMs, `event ${event}`);
    return found.args;
  }

  /** Waits a bounded time and returns what arrived meanwhile (for "nothing was broadcast"). */
  async quiet(ms = 300): Promise<Received[]> {
    const start = this.mark();
    await new Promise((done) => setTimeout(done, ms));
    return this.since(start);
  }

  close(): void {
    clients.delete(this);
    this.socket.offAny();
    this.socket.disconnect();
  }
}

function primaryKind(welcome: Welcome): ChannelKind {
  switch (welcome.role) {
    case 'facilitator':
      return 'console';
    case 'projector':
      return 'screen';
    case 'member':
      return 'member';
    case 'support':
      return 'public';
  }
}

/**
 * Connects with a token and resolves once the server has welcomed the socket and sent the
 * snapshot of its main channel (console, screen or member view). Rejects on connect_error.
 */
export async function connectClient(url: string, token: string, protocol: number = PROTOCOL_VERSION): Promise<TestClient> {
  const client = new TestClient(url, { protocol, token });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      cleanup();
      client.close();
      reject(error);
    };
    const onWelcome = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      client.socket.off('connect_error', onError);
      client.socket.off('welcome', onWelcome);
    };
    client.socket.on('connect_error', onError);
    client.socket.on('welcome', onWelcome);
  });
  await client.waitFor((c) => c.welcome && c.view(primaryKind(c.welcome)) !== undefined, DEFAULT_WAIT_MS, 'first snapshot');
  return client;
}

/** Opens a socket with the given handshake `auth` and resolves with the connect_error it gets. */
export function connectError(url: string, auth: unknown): Promise<Error & { data?: unknown }> {
  const client = new TestClient(url, auth);
  return new Promise((resolve, reject) => {
    client.socket.on('connect_error', (error) => {
      client.close();
      resolve(error);
    });
    client.socket.on('connect', () => {
      client.close();
      reject(new Error('the handshake was accepted'));
    });
  });
}

export async function closeAllClients(): Promise<void> {
  for (const client of [...clients]) client.close();
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch, parsing a JSON body when there is one. */
export async function http<T = any>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export function postJoin(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult<any>> {
  return http(`${url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Takes a seat like a phone does; throws when the server refuses. */
export async function joinWithSeat(url: string, sessionCode: string, seatCode: string): Promise<{ token: string; memberId: string }> {
  const res = await postJoin(url, { sessionCode, seatCode });
  if (res.status !== 200 || !res.body?.ok) throw new Error(`join refused: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.data.token as string, memberId: res.body.data.memberId as string };
}

/** A member's socket, joined with its seat code through the live session's code. */
export async function connectMember(url: string, sessionCode: string, seatCode: string): Promise<TestClient & { memberId: string; token: string }> {
  const { token, memberId } = await joinWithSeat(url, sessionCode, seatCode);
  const client = await connectClient(url, token);
  return Object.assign(client, { memberId, token });
}
