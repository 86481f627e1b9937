import type { Ack } from '../../shared/protocol.ts';

// Commands a screen has sent but the server has not acknowledged yet. Kept in localStorage, so a
// vote cast in a Wi-Fi gap survives a reload and is sent when the connection returns. Each keeps
// the client id it was given once: the server applies a retried command at most once.

export interface OutboxEntry {
  cid: string;
  name: string;
  args: unknown;
  at: number;
}

export class Outbox {
  private entries: OutboxEntry[];

  constructor(private readonly storageKey: string) {
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

  private read(): OutboxEntry[] {
    try {
      const raw = localStorage.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    try {
      if (this.entries.length === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify(this.entries));
    } catch {
      // Private mode or a full storage: the entries still live in memory until the page closes.
    }
  }
}

/** A retry is only ever decided on the server: an ack that is not an answer (a transport error) keeps the entry. */
export const isFinal = (ack: Ack) => ack.ok || ack.error.code !== 'INTERNAL';

export function newCid(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
