import type { Ack } from '../../shared/protocol.ts';
import type { CommandInput, CommandName, CommandResult } from '../../shared/registry.ts';
import type { CommandSocket } from './socket.ts';

// Commands a screen has sent but the server has not acknowledged yet. Kept in localStorage, so a
// vote cast in a Wi-Fi gap survives a reload and is sent when the connection returns. Each keeps
// the client id it was given once: the server applies a retried command at most once.

export interface OutboxEntry {
  cid: string;
  name: string;
  args: unknown;
  at: number;
}

/** Where a member's phone keeps its queue, per session code it opened (forget-phone.ts finds them by their codes). */
export const MEMBER_OUTBOX_PREFIX = 'convergence.outbox.';
export const memberOutboxKey = (sessionCode: string) => MEMBER_OUTBOX_PREFIX + sessionCode;

/** Where the entries are kept: localStorage in a browser, a Map in tests (see memoryStorage). */
export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function browserStorage(): OutboxStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // A browser that forbids storage throws on the mere access.
  }
}

export function memoryStorage(): OutboxStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

export class Outbox {
  private entries: OutboxEntry[];
  private readonly storage: OutboxStorage | null;
  /** Discarded (the phone left its seat): nothing is written again, whatever answers come late. */
  private discarded = false;

  constructor(
    private readonly storageKey: string,
    storage: OutboxStorage | null = browserStorage(),
  ) {
    this.storage = storage;
    this.entries = this.read();
  }

  list(): readonly OutboxEntry[] {
    return this.entries;
  }

  add(name: string, args: unknown): OutboxEntry {
    const entry = { cid: newCid(), name, args, at: Date.now() };
    this.entries = [...this.entries, entry];
    this.write();
    return entry;
  }

  remove(cid: string): void {
    this.entries = this.entries.filter((e) => e.cid !== cid);
    this.write();
  }

  /** Entries that are no use any more (their activity closed: closed-secrets.ts), gone from storage too. */
  drop(cids: ReadonlySet<string>): void {
    if (!this.entries.some((e) => cids.has(e.cid))) return;
    this.entries = this.entries.filter((e) => !cids.has(e.cid));
    this.write();
  }

  /** Everything goes, and stays gone: a late answer must not write the queue back. */
  discard(): void {
    this.entries = [];
    this.write();
    this.discarded = true;
  }

  private read(): OutboxEntry[] {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    if (this.discarded) return;
    try {
      if (this.entries.length === 0) this.storage?.removeItem(this.storageKey);
      else this.storage?.setItem(this.storageKey, JSON.stringify(this.entries));
    } catch {
      // Private mode or a full storage: the entries still live in memory until the page closes.
    }
  }
}

/** A retry is only ever decided on the server: an ack that is not an answer (a transport error) keeps the entry. */
export const isFinal = (ack: Ack) => ack.ok || ack.error.code !== 'INTERNAL';

/** What came back over the wire is an ack (docs/protocol.md): anything else counts as no answer. */
export function isAck(value: unknown): value is Ack {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return true;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null && 'code' in value.error && typeof value.error.code === 'string';
}

export function newCid(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const ACK_TIMEOUT_MS = 10_000;
/**
 * How long after an answer that never came the queue tries again while still connected. A busy
 * server or a lost packet leaves the socket up: waiting for the next connection would leave the
 * command, and the person who sent it, waiting for ever. The resend carries the same cid.
 */
export const RETRY_AFTER_MS = 2_000;

/**
 * Sends the outbox's commands on a socket: at once when connected, else (and after a drop, or a
 * reload) in order when the connection returns, each with its own cid. A command's promise
 * settles with the server's final answer, however late; an answer that never came (timeout,
 * disconnection) keeps the entry for the next connection, or for a retry soon while connected.
 */
export class CommandQueue {
  private readonly waiting = new Map<string, (ack: Ack) => void>();
  private flushing = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Bumped at each connection. */
  private connection = 0;
  /** The connection each entry was last sent on: the server holds it in order since then. */
  private readonly sentOn = new Map<string, number>();

  constructor(
    private readonly socket: CommandSocket,
    private readonly outbox: Outbox,
    private readonly onPending: (entries: readonly OutboxEntry[]) => void = () => {},
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {
    socket.on('connect', () => {
      this.connection++;
      void this.flush();
    });
  }

  get pending(): readonly OutboxEntry[] {
    return this.outbox.list();
  }

  /**
   * Forgets commands that can no longer count (their activity closed). One being sent may still
   * be answered: its promise then settles with that answer (emit); otherwise it never settles,
   * which is what a closed ballot's button needs (nothing more to show).
   */
  drop(cids: ReadonlySet<string>): void {
    this.outbox.drop(cids);
    this.onPending(this.outbox.list());
  }

  /**
   * The result's type comes from the registry (shared/registry.ts: CommandResult): the server
   * answers command N with N's result. The queue itself keeps commands as data (they outlive a
   * reload), so the typed signature is the overload and the body works on any command.
   */
  send<N extends CommandName>(name: N, args: CommandInput<N>): Promise<Ack<CommandResult<N>>>;
  send(name: CommandName, args: unknown): Promise<Ack> {
    const entry = this.outbox.add(name, args);
    this.onPending(this.outbox.list());
    const answer = new Promise<Ack>((resolve) => this.waiting.set(entry.cid, resolve));
    if (this.socket.connected && !this.flushing) void this.emit(entry);
    return answer;
  }

  /**
   * Resends, in order, what was not acknowledged before the connection dropped or the page
   * reloaded, and what is added meanwhile (send() leaves it to this loop while it runs: the list
   * is read again after each answer, else a command made during a resend waited for the next
   * connection; found by test/integration/multi-peer.test.ts, seed 12).
   */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const tried = new Set<string>();
      for (;;) {
        if (!this.socket.connected) return;
        const entry = this.outbox.list().find((e) => !tried.has(e.cid));
        if (!entry) return;
        tried.add(entry.cid);
        // Sent already on this connection: the server has it, in order, and may answer late (a
        // secret ballot is answered once its batch leaves the ballot box, server/engine/ballot-box.ts,
        // maybe minutes later). Asked again without holding up the commands behind it.
        if (this.sentOn.get(entry.cid) === this.connection) void this.emit(entry);
        else await this.emit(entry);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async emit(entry: OutboxEntry): Promise<void> {
    let ack: Ack;
    this.sentOn.set(entry.cid, this.connection);
    try {
      // Command names are checked on the server against shared/registry.ts; here they are data.
      const answer = await this.socket.timeout(this.ackTimeoutMs).emitWithAck(entry.name, { cid: entry.cid, args: entry.args });
      if (!isAck(answer)) return this.retrySoon(); // not an answer we can read: kept, resent with the same id
      ack = answer;
    } catch {
      return this.retrySoon(); // No answer: keep it; resent with the same id, soon or at the next connection.
    }
    if (!isFinal(ack)) return this.retrySoon();
    if (!this.outbox.list().some((e) => e.cid === entry.cid)) {
      // Answered already (a resend crossed the first answer), or dropped meanwhile (drop): the
      // first final answer still settles the promise.
      this.waiting.get(entry.cid)?.(ack);
      this.waiting.delete(entry.cid);
      return;
    }
    this.outbox.remove(entry.cid);
    this.sentOn.delete(entry.cid);
    this.onPending(this.outbox.list());
    this.waiting.get(entry.cid)?.(ack);
    this.waiting.delete(entry.cid);
  }

  /** While connected, tries the unanswered commands again after RETRY_AFTER_MS (one timer). */
  private retrySoon(): void {
    if (this.retry !== null || !this.socket.connected) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.flush();
    }, RETRY_AFTER_MS);
  }
}
