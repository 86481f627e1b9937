import type { AppError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';

// An edit made on a version of something the server holds (a table's order, its vision, a
// proposal, a ballot): the one place that knows the rules every such screen follows.
//
// - The server's value and version come in with the views (`receive`); the local value is what
//   the member is changing, written on a base version.
// - A change is sent with that base version (through the outbox, so it survives a Wi-Fi gap).
// - Accepted: the change becomes the new base; until the server's view shows that version the
//   change is "arriving" (shown as the member made it, not as the old value).
// - Refused with CONFLICT: both are kept, the server's current value (from the refusal's
//   details, or the newest view) and the local one; the screen offers the choice.
// - A newer server value while nothing is changed here (or that equals the local value): taken,
//   the local value is rebased on it. While something is changed here: flagged as a conflict,
//   the local value stays.
//
// Pure TypeScript, no Svelte: the state lives in a `Cell`, a plain variable by default, a
// `$state.raw` in components (optimistic-edit.svelte.ts), so it is tested in Node.

/** What an edit's ack may carry: the version the change made (a ballot has none). */
export type VersionResult = { version: number } | undefined;

export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
}

export interface EditState<T, C> {
  /** The newest value the server sent, with its version. */
  readonly server: Versioned<T>;
  /** The version the local value is written on, and its value then. */
  readonly base: Versioned<T>;
  /** What this screen shows as its value (equals base.value while nothing is changed here). */
  readonly local: T;
  /** A change sent and not answered yet. */
  readonly sending: C | null;
  /** A change the server accepted whose version has not reached the views yet. */
  readonly arriving: { readonly change: C; readonly version: number } | null;
  /** The server's current value when the local change is not written on it: both are kept. */
  readonly conflict: Versioned<T> | null;
  /** The last refusal other than a conflict. */
  readonly error: AppError | null;
}

export interface Cell<S> {
  get(): S;
  set(value: S): void;
}

export const plainCell = <S>(initial: S): Cell<S> => {
  let value = initial;
  return { get: () => value, set: (next) => (value = next) };
};

export interface EditOptions<T, C> {
  /** The server's value when the screen opens. */
  server: Versioned<T>;
  /** A local value kept on the phone (a draft restored after a reload), with the version it was written on. */
  restored?: { local: T; base: Versioned<T> } | null;
  /**
   * Sends a change written on `baseVersion`; resolves with the server's answer (Live.send). A
   * command that versions what it changes answers with the new version.
   */
  send: (change: C, baseVersion: number) => Promise<Ack<VersionResult>>;
  /**
   * The value a change gives once accepted, for edits that send a whole value (a text). Without
   * it the change is an operation (a move): the new value comes with the server's view only.
   */
  committed?: (change: C) => T;
  /** The current value a CONFLICT refusal carries in its details, when it does. */
  currentOf?: (details: unknown) => Versioned<T> | null;
  equals?: (a: T, b: T) => boolean;
  cell?: <S>(initial: S) => Cell<S>;
}

/** What receive() did with a newer server value. */
export type Received = 'older' | 'taken' | 'conflict';


export class OptimisticEdit<T, C = T> {
  private readonly cell: Cell<EditState<T, C>>;
  private readonly equals: (a: T, b: T) => boolean;

  constructor(private readonly options: EditOptions<T, C>) {
    this.equals = options.equals ?? Object.is;
    const restored = options.restored ?? null;
    const base = restored ? restored.base : options.server;
    this.cell = (options.cell ?? plainCell)<EditState<T, C>>({
      server: options.server,
      base,
      local: restored ? restored.local : options.server.value,
      sending: null,
      arriving: null,
      conflict: null,
      error: null,
    });
    // A draft written on an older version than the server's: the first receive() flags it.
  }

  get state(): EditState<T, C> {
    return this.cell.get();
  }

  /** Something is changed here and not saved. */
  get dirty(): boolean {
    return !this.equals(this.state.local, this.state.base.value);
  }

  /** A change is on its way (sent, or accepted and not yet in the views). */
  get busy(): boolean {
    return this.state.sending !== null || this.state.arriving !== null;
  }

  /** The version the next change is written on: the conflicting one once the member has seen it. */
  get baseVersion(): number {
    return this.state.conflict?.version ?? this.state.base.version;
  }

  private update(patch: Partial<EditState<T, C>>): void {
    this.cell.set({ ...this.cell.get(), ...patch });
  }

  /**
   * The server's value as the views bring it (in order: the channel's patches follow versions).
   * The same version again changes nothing; a lower one means the thing was started over (a
   * reset): it is taken as the new base unless something is changed here.
   */
  receive(server: Versioned<T>): Received {
    const state = this.state;
    if (server.version < state.server.version) {
      this.update({ server, arriving: null, conflict: null });
      if (this.dirty) return 'older';
      this.update({ base: server, local: server.value });
      return 'taken';
    }
    const arriving = state.arriving && server.version >= state.arriving.version ? null : state.arriving;
    this.update({ server, arriving });
    return this.take(server);
  }

  private take(server: Versioned<T>): Received {
    const state = this.state;
    if (server.version <= state.base.version) return 'older';
    if (!this.dirty || this.equals(server.value, state.local)) {
      this.update({ base: server, local: server.value, conflict: null });
      return 'taken';
    }
    this.update({ conflict: server });
    return 'conflict';
  }

  /** The member changes the local value. */
  edit(local: T): void {
    this.update({ local });
  }

  /**
   * Sends a change on the base version (or, after a conflict, on the version the member saw).
   * Resolves with the server's answer once it comes, however late.
   */
  async submit(change: C, baseVersion: number = this.baseVersion): Promise<Ack<VersionResult>> {
    this.update({ sending: change, error: null });
    const ack = await this.options.send(change, baseVersion);
    this.update({ sending: null });
    if (ack.ok) {
      const version = ack.data?.version ?? baseVersion;
      const arriving = version > this.state.server.version ? { change, version } : null;
      const { committed } = this.options;
      if (committed) {
        const value = committed(change);
        this.update({ base: { value, version }, local: value, conflict: null, arriving });
      } else {
        this.update({ conflict: null, arriving });
      }
    } else if (ack.error.code === 'CONFLICT') {
      // Both are kept: the current value the refusal carries (or, for an operation, the newest view).
      const { currentOf } = this.options;
      const current = currentOf ? currentOf(ack.error.details?.current) : this.state.server;
      if (current) this.update({ conflict: current });
      else this.update({ error: ack.error }); // a conflict without the current value: nothing to offer
    } else {
      this.update({ error: ack.error });
    }
    return ack;
  }

  /** After a conflict: start again from the server's current value. Returns the local value left. */
  takeCurrent(): T | null {
    const { conflict, local } = this.state;
    if (!conflict) return null;
    this.update({ base: conflict, local: conflict.value, conflict: null });
    return local;
  }

  /** Drops what is changed here: back to the server's value. */
  reset(): void {
    const { server } = this.state;
    this.update({ base: server, local: server.value, conflict: null, error: null });
  }

  /** The conflict has been said (a notice shown long enough): forget it. */
  dismissConflict(): void {
    if (this.state.conflict) this.update({ conflict: null });
  }

  dismissError(): void {
    if (this.state.error) this.update({ error: null });
  }
}

/** Reads `{ version, ...value }` from a CONFLICT's `details.current` when it has that shape. */
export function versionedFrom<T>(read: (current: Record<string, unknown>) => T | null): (details: unknown) => Versioned<T> | null {
  return (details) => {
    if (!details || typeof details !== 'object') return null;
    const current = details as Record<string, unknown>;
    if (typeof current.version !== 'number') return null;
    const value = read(current);
    return value === null ? null : { value, version: current.version };
  };
}
