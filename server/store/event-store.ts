import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { holdDataLock, releaseDataLock, type HeldLock } from './data-lock.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { STATE_SHAPE, type Convention } from '../../shared/domain/types.ts';
import type { TallyRow } from '../../shared/domain/secret-ballots.ts';
import type { Ack } from '../../shared/protocol.ts';

// The durable event log. Every accepted command's events, and its ack for idempotent retries,
// are written in one transaction before the ack leaves the server. WAL with synchronous=FULL:
// a commit survives kill -9 and a power cut. Snapshots only shorten the replay at start.

export interface AppendItem {
  conventionId: string;
  events: DomainEvent[];
  at: number;
  /** Present for commands sent with a client id: the ack a retry will get back. */
  /** `request` is null for a secret ballot: its digest would give the choice away. */
  result?: { actorKey: string; cid: string; request: string | null; ack: Ack };
  /**
   * Secret choices: counters only, with no member, no time and no order (see secret_tallies).
   * Each row adds `count` to its cell: a batch of ballots writes each cell once, with its sum
   * (server/engine/ballot-box.ts), so no write moves a counter by one voter.
   */
  tallies?: TallyRow[];
  /** Replaces every counter whose name starts with `prefix` by `rows` (a consensus check's close). */
  resetTallies?: { prefix: string; rows: TallyRow[] }[];
}

export interface StoredEvent {
  seq: number;
  conventionId: string;
  event: DomainEvent;
}

export type World = Record<string, Convention>;

/** One convention's part of the log, as a backup carries it (server/backup/format.ts). */
export interface ConventionLog {
  /** In log order. `data` is the event itself; `type` repeats its type for a reader of the file. */
  events: { type: string; at: number; data: DomainEvent }[];
  /** The acks kept for retries, by actor key (which names the convention) and cid; sorted, no time. */
  results: { actor: string; cid: string; ack: Ack; request: string | null }[];
  /** Secret counters (secret_tallies rows) of the convention's votes, gradings and checks. */
  tallies: { counter: string; choice: string; count: number }[];
}

/**
 * The rows of command_results whose actor key names this convention: `role:<conv>` or
 * `member:<conv>:<member>` (server/engine/engine.ts, actorKey; `join:<conv>` for seat claims).
 */
const RESULTS_OF_CONVENTION = `FROM command_results WHERE substr(actor, instr(actor, ':') + 1) = @conv OR substr(actor, instr(actor, ':') + 1, length(@conv) + 1) = @conv || ':'`;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    convention TEXT NOT NULL,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS command_results (
    actor TEXT NOT NULL,
    cid TEXT NOT NULL,
    ack TEXT NOT NULL,
    request TEXT,
    PRIMARY KEY (actor, cid)
  ) WITHOUT ROWID;
  -- "What was voted" in a secret vote: one counter per choice, updated in place. It has no
  -- member, no timestamp and no sequence number, so nothing links it to "who voted" (events).
  CREATE TABLE IF NOT EXISTS secret_tallies (
    vote_id TEXT NOT NULL,
    choice TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (vote_id, choice)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY,
    state TEXT NOT NULL
  );
`;

export class EventStore {
  readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly insertResult: Database.Statement;
  private readonly selectResult: Database.Statement;
  private readonly countSecret: Database.Statement;
  private readonly dropCounters: Database.Statement;
  private readonly appendTx: (items: AppendItem[]) => number;

  private readonly lockFile: HeldLock | null;

  /**
   * `lock`: write the data folder's lock (data-lock.ts) so that the command line
   * (server/cli/convention.ts) refuses to restore into a log a running server holds in memory.
   */
  /**
   * `secureDelete`: SQLite overwrites what it deletes or updates with zeros instead of leaving it
   * in free pages (an old counter value, a check's room-level rows replaced at its close); off only
   * in the deliberately leaky configuration of the adversary test (server/engine/engine.ts,
   * EngineOptions.ballotMixing).
   */
  constructor(file: string, { lock = true, secureDelete = true }: { lock?: boolean; secureDelete?: boolean } = {}) {
    this.db = new Database(file);
    this.lockFile = lock ? holdDataLock(dirname(file)) : null;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
    this.db.exec(SCHEMA);
    // Logs written before acks kept what they answered: their rows have no request (any retry
    // under their cid gets the ack, as it did then).
    const resultColumns = this.db.pragma('table_info(command_results)') as { name: string }[];
    if (!resultColumns.some((column) => column.name === 'request')) this.db.exec('ALTER TABLE command_results ADD COLUMN request TEXT');
    this.checkpoint();
    this.insertEvent = this.db.prepare('INSERT INTO events (convention, type, at, data) VALUES (?, ?, ?, ?)');
    this.insertResult = this.db.prepare('INSERT OR IGNORE INTO command_results (actor, cid, ack, request) VALUES (?, ?, ?, ?)');
    this.selectResult = this.db.prepare('SELECT ack, request FROM command_results WHERE actor = ? AND cid = ?');
    this.countSecret = this.db.prepare('INSERT INTO secret_tallies (vote_id, choice, count) VALUES (@counter, @cell, @count) ON CONFLICT (vote_id, choice) DO UPDATE SET count = count + @count');
    this.dropCounters = this.db.prepare('DELETE FROM secret_tallies WHERE substr(vote_id, 1, length(@prefix)) = @prefix');
    this.appendTx = this.db.transaction((items: AppendItem[]) => {
      let last = 0;
      for (const item of items) {
        for (const event of item.events) {
          last = Number(this.insertEvent.run(item.conventionId, event.type, item.at, JSON.stringify(event)).lastInsertRowid);
        }
        if (item.result) this.insertResult.run(item.result.actorKey, item.result.cid, JSON.stringify(item.result.ack), item.result.request);
        for (const reset of item.resetTallies ?? []) {
          this.dropCounters.run({ prefix: reset.prefix });
          for (const row of reset.rows) this.countSecret.run(row);
        }
        for (const row of item.tallies ?? []) this.countSecret.run(row);
      }
      return last;
    });
  }

  /** Appends a batch atomically; returns the last sequence number written (0 if none). */
  append(items: AppendItem[]): number {
    return this.appendTx(items);
  }

  /** The ack stored for this actor's cid, with the digest of what that command asked. */
  findResult(actorKey: string, cid: string): { ack: Ack; request: string | null } | undefined {
    const row = this.selectResult.get(actorKey, cid) as { ack: string; request: string | null } | undefined;
    return row ? { ack: JSON.parse(row.ack) as Ack, request: row.request } : undefined;
  }

  latestSnapshot(): { seq: number; world: World } | null {
    const row = this.db.prepare('SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1').get() as { seq: number; state: string } | undefined;
    if (!row) return null;
    // A snapshot of an older state shape is useless: the caller replays the whole log instead.
    const stored = JSON.parse(row.state) as { shape?: number; world?: World };
    return stored.shape === STATE_SHAPE && stored.world ? { seq: row.seq, world: stored.world } : null;
  }

  *eventsAfter(seq: number): IterableIterator<StoredEvent> {
    const rows = this.db.prepare('SELECT seq, convention, data FROM events WHERE seq > ? ORDER BY seq').iterate(seq) as IterableIterator<{ seq: number; convention: string; data: string }>;
    for (const row of rows) yield { seq: row.seq, conventionId: row.convention, event: JSON.parse(row.data) as DomainEvent };
  }

  secretTallies(): { voteId: string; choice: string; count: number }[] {
    return this.db.prepare('SELECT vote_id AS voteId, choice, count FROM secret_tallies').all() as { voteId: string; choice: string; count: number }[];
  }

  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number | null };
    return row.seq ?? 0;
  }

  /** One convention's events (in order), stored acks and secret counters, for a backup. */
  conventionLog(conventionId: string, ownsCounter: (counter: string) => boolean): ConventionLog {
    const rows = this.db.prepare('SELECT type, at, data FROM events WHERE convention = ? ORDER BY seq').all(conventionId) as { type: string; at: number; data: string }[];
    const results = this.db.prepare(`SELECT actor, cid, ack, request ${RESULTS_OF_CONVENTION} ORDER BY actor, cid`).all({ conv: conventionId }) as { actor: string; cid: string; ack: string; request: string | null }[];
    return {
      events: rows.map((row) => ({ type: row.type, at: row.at, data: JSON.parse(row.data) as DomainEvent })),
      results: results.map((row) => ({ actor: row.actor, cid: row.cid, ack: JSON.parse(row.ack) as Ack, request: row.request })),
      tallies: this.secretTallies()
        .filter((row) => ownsCounter(row.voteId))
        .map((row) => ({ counter: row.voteId, choice: row.choice, count: row.count }))
        .sort((a, b) => (a.counter === b.counter ? cmp(a.choice, b.choice) : cmp(a.counter, b.counter))),
    };
  }

  /**
   * Replaces one convention's log with another in one transaction: its events (appended after
   * every other convention's, in their own order), acks and secret counters (`dropCounters`
   * says which counters were the old log's), and a fresh snapshot of `world` — every older
   * snapshot held the old state and would be replayed with the new events, so they go. Returns
   * the new last sequence number.
   */
  replaceConvention(conventionId: string, log: ConventionLog, dropCounters: (counter: string) => boolean, world: World): number {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM events WHERE convention = ?').run(conventionId);
      this.db.prepare(`DELETE ${RESULTS_OF_CONVENTION}`).run({ conv: conventionId });
      const dropTally = this.db.prepare('DELETE FROM secret_tallies WHERE vote_id = ?');
      for (const counter of new Set(this.secretTallies().map((row) => row.voteId))) if (dropCounters(counter)) dropTally.run(counter);
      for (const event of log.events) this.insertEvent.run(conventionId, event.type, event.at, JSON.stringify(event.data));
      for (const r of log.results) this.insertResult.run(r.actor, r.cid, JSON.stringify(r.ack), r.request);
      const setTally = this.db.prepare('INSERT OR REPLACE INTO secret_tallies (vote_id, choice, count) VALUES (?, ?, ?)');
      for (const tally of log.tallies) setTally.run(tally.counter, tally.choice, tally.count);
      const seq = this.lastSeq();
      this.db.prepare('DELETE FROM snapshots').run();
      this.db.prepare('INSERT INTO snapshots (seq, state) VALUES (?, ?)').run(seq, JSON.stringify({ shape: STATE_SHAPE, world }));
      return seq;
    })();
  }

  /** Keeps the two newest snapshots: one spare in case the newest was cut short. */
  saveSnapshot(seq: number, world: World): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)').run(seq, JSON.stringify({ shape: STATE_SHAPE, world }));
      this.db.prepare('DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 2)').run();
    })();
  }

  /** Folds the write-ahead log into the database and empties it (see docs/security.md). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * Leaves no trace of rows deleted or rewritten (an erasure, docs/privacy.md): VACUUM rebuilds
   * the file from its live rows only, so no freed page or cell keeps an older snapshot or event
   * image; then the write-ahead log is folded in and truncated to nothing.
   */
  compact(): void {
    this.db.pragma('secure_delete = ON');
    this.db.exec('VACUUM');
    this.checkpoint();
  }

  close(): void {
    if (this.db.open) this.db.close();
    if (this.lockFile) releaseDataLock(this.lockFile);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
