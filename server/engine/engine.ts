import * as v from 'valibot';
import { commandSchemas, decide, evolve, isCommandName, mayCommand, type Command, type CommandName, type CommandResult } from '../../shared/registry.ts';
import type { DecideContext, Decision } from '../../shared/domain/context.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { ballotOfCounter, countSecretBallot, withoutSecretCounts } from '../../shared/domain/secret-ballots.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { appError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import { envelopeSchema } from '../../shared/schemas.ts';
import type { AppendItem, ConventionLog, EventStore, World } from '../store/event-store.ts';
import { legacyDigests, requestDigest } from './request-digest.ts';

// The write path: authorise (role) -> validate (schema) -> decide -> evolve in memory -> append to the log ->
// ack -> tell listeners. Commands that arrive in the same turn of the event loop are committed
// in one SQLite transaction (group commit), so a burst of votes costs one fsync, not hundreds.

/** What makes a retry a retry: the client's id for the command, and a digest of what it asks. */
export interface RetryKey {
  cid: string;
  request: string;
  /** What an older server stored for the same request (request-digest.ts: legacyDigests). */
  formerly?: readonly string[];
}

export interface Committed {
  conventionId: string;
  events: DomainEvent[];
  /** Who sent the command (actorKey), when it came from a client: its own views go out first. */
  actor: string | null;
}

interface Pending {
  item: AppendItem;
  ack: Ack;
  resolve: (ack: Ack) => void;
  reject: (error: unknown) => void;
}

const SNAPSHOT_EVERY = 1000;
/**
 * Least time between two group commits, in ms. Each commit waits for the disk (fsync) while the
 * event loop waits with it; 100 votes a second arriving one by one would otherwise make 100
 * commits. The cost is at most this much more latency on an ack while the log is busy.
 */
const GROUP_COMMIT_SPACING_MS = 8;

export class Engine {
  readonly conventions = new Map<string, Convention>();
  private queue: Pending[] = [];
  private flushScheduled = false;
  /** Commands with a cid not yet committed, by actor and cid: a racing retry waits for them. */
  private readonly inFlight = new Map<string, { request: string; ack: Promise<Ack> }>();
  private readonly listeners: ((batch: Committed[]) => void)[] = [];
  private readonly replacedListeners: ((conventionId: string) => void)[] = [];
  private lastSeq = 0;
  private lastSnapshotSeq = 0;
  private lastFlushAt = -Infinity;
  private failure: unknown = null;

  constructor(
    private readonly store: EventStore,
    readonly ctx: DecideContext,
    /** Live facts decide() may need, such as who is connected. */
    private readonly connected: (conventionId: string) => ReadonlySet<string> = () => new Set(),
  ) {
    this.load();
  }

  /** Rebuilds the state from the newest snapshot and the events after it. */
  private load(): void {
    const snapshot = this.store.latestSnapshot();
    if (snapshot) {
      for (const [id, conv] of Object.entries(snapshot.world)) this.conventions.set(id, conv);
      this.lastSeq = this.lastSnapshotSeq = snapshot.seq;
    }
    for (const stored of this.store.eventsAfter(this.lastSeq)) {
      this.conventions.set(stored.conventionId, evolve(this.conventions.get(stored.conventionId), stored.event));
      this.lastSeq = stored.seq;
    }
    // Secret tallies are not in events nor snapshots: they come from their counters.
    for (const { voteId: counter, choice: cell, count } of this.store.secretTallies()) {
      const ballot = ballotOfCounter(counter, cell);
      if (!ballot) continue;
      for (const [id, conv] of this.conventions) this.conventions.set(id, countSecretBallot(conv, ballot, count));
    }
    // A long replay (no snapshot, or one of an older state shape after an upgrade) is paid once:
    // the next start reads this snapshot instead of waiting for the next 1,000 events.
    if (this.lastSeq - this.lastSnapshotSeq >= SNAPSHOT_EVERY) this.snapshot();
  }

  world(): World {
    return Object.fromEntries(this.conventions);
  }

  onCommitted(listener: (batch: Committed[]) => void): void {
    this.listeners.push(listener);
  }

  /** A command from a connected client: the envelope is untrusted input. */
  execute(actor: Actor, name: string, envelope: unknown): Promise<Ack> {
    const refused = this.refuseRole(actor, name);
    if (refused) return Promise.resolve(refused);
    const parsedEnvelope = v.safeParse(envelopeSchema, envelope);
    if (!parsedEnvelope.success) return Promise.resolve(invalid(parsedEnvelope.issues));
    return this.run(actor, name as CommandName, parsedEnvelope.output.args, parsedEnvelope.output.cid);
  }

  /**
   * A command from the server's other doors (an HTTP route: join, a file import; the demo's
   * set-up), with its arguments and, when the client gave one, its idempotency key. The same
   * checks as a socket's command, in the same order.
   */
  command<N extends CommandName>(actor: Actor, name: N, args: unknown, cid: string | null = null): Promise<Ack<CommandResult<N>>> {
    const refused = this.refuseRole(actor, name);
    if (refused) return Promise.resolve(refused);
    return this.run(actor, name, args, cid) as Promise<Ack<CommandResult<N>>>;
  }

  /** The role first: someone who may not send a command learns nothing about its payload. */
  private refuseRole(actor: Actor, name: string): Ack<never> | null {
    if (!isCommandName(name)) return { ok: false, error: appError('UNKNOWN_COMMAND', `unknown command ${String(name).slice(0, 40)}`) };
    if (!mayCommand(actor.role, name)) return { ok: false, error: appError('FORBIDDEN', `${actor.role} may not ${name}`) };
    return null;
  }

  /** validate -> decide -> append -> ack, for a command whose role was checked. */
  private run(actor: Actor, commandName: CommandName, rawArgs: unknown, cid: string | null): Promise<Ack> {
    const args = v.safeParse(commandSchemas[commandName], rawArgs);
    if (!args.success) return Promise.resolve(invalid(args.issues));
    const command = { name: commandName, args: args.output } as Command;
    const connected = this.connected(actor.conventionId);
    const retry = cid === null ? null : { cid, request: requestDigest(commandName, args.output), formerly: legacyDigests(commandName, args.output) };
    // A visitor's seat claim and a system set-up have no actor key of their own worth keeping.
    const key = actor.role === 'visitor' ? `join:${actor.conventionId}` : actorKey(actor);
    return this.submit(actor.conventionId, key, retry, (conv) =>
      conv || commandName === 'convention.create' ? decide(conv as Convention, command, { actor, ctx: this.ctx, connected }) : { ok: false, error: appError('NOT_FOUND', 'no such convention', { entity: 'convention' }) },
    );
  }

  /**
   * The one door into the log. With a retry key, a retry of a command already committed gets the
   * same ack back without deciding again, and a retry racing the first attempt waits for it. The
   * same cid asking something else is refused (CID_REUSED): answering it with the first
   * command's ack would tell the client that a command it never sent was done.
   */
  private submit(conventionId: string, actorKeyValue: string, retry: RetryKey | null, decideFn: (conv: Convention | undefined) => Decision<unknown>): Promise<Ack> {
    if (this.failure) return Promise.resolve({ ok: false, error: appError('INTERNAL', 'the store failed; restarting') });
    if (retry === null) return this.decideAndQueue(conventionId, actorKeyValue, null, decideFn);
    const key = `${actorKeyValue}\u0000${retry.cid}`;
    const earlier = this.inFlight.get(key) ?? this.store.findResult(actorKeyValue, retry.cid);
    if (earlier) {
      // Rows without a request (stored before requests were kept, or a secret ballot's) answer any retry.
      if (earlier.request !== null && earlier.request !== retry.request && !retry.formerly?.includes(earlier.request)) return Promise.resolve({ ok: false, error: appError('CID_REUSED', 'this cid was used for another command') });
      return Promise.resolve(earlier.ack);
    }
    const ack = this.decideAndQueue(conventionId, actorKeyValue, { actorKey: actorKeyValue, cid: retry.cid, request: retry.request }, decideFn).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, { request: retry.request, ack });
    return ack;
  }

  private decideAndQueue(conventionId: string, actorKeyValue: string, result: Omit<NonNullable<AppendItem['result']>, 'ack'> | null, decideFn: (conv: Convention | undefined) => Decision<unknown>): Promise<Ack> {
    let decision: Decision<unknown>;
    try {
      decision = decideFn(this.conventions.get(conventionId));
    } catch (error) {
      return Promise.reject(error);
    }
    // Refusals change nothing and are not stored, so a retry is decided afresh; unless the refusal
    // records history (a lost edit race), which is stored with its ack like any accepted command.
    if (!decision.ok && !decision.record?.length) return Promise.resolve({ ok: false, error: decision.error });
    const ack: Ack = !decision.ok ? { ok: false, error: decision.error } : decision.data === undefined ? { ok: true } : { ok: true, data: decision.data };
    const events = decision.ok ? decision.events : decision.record!;
    // A new convention is filed under the id its creation event gave it.
    const first = events[0];
    if (first?.type === 'ConventionCreated') conventionId = first.id;
    let state = this.conventions.get(conventionId);
    for (const event of events) state = evolve(state, event);
    const secretBallots = decision.ok ? (decision.secretBallots ?? []) : [];
    for (const ballot of secretBallots) state = state && countSecretBallot(state, ballot);
    if (state) this.conventions.set(conventionId, state);
    const item: AppendItem = { conventionId, events, at: this.ctx.now() };
    if (secretBallots.length > 0) item.secretBallots = secretBallots;
    // A secret ballot's request holds its choice, and a digest of a payload with three possible
    // choices is as good as the choice beside the voter's key: it is not stored (docs/security.md).
    // A retry of it still gets its ack; the same cid asking something else after a restart does
    // too, and the vote's own rules (one ballot per member) decide the rest.
    if (result !== null) item.result = { ...result, request: secretBallots.length > 0 ? null : result.request, ack };
    return new Promise<Ack>((resolve, reject) => {
      this.queue.push({ item, ack, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // A quiet log commits at the end of this turn; a busy one waits for the spacing, so
        // commands arriving one by one share a transaction (and its fsync) instead of each
        // blocking the loop on the disk.
        const wait = this.lastFlushAt + GROUP_COMMIT_SPACING_MS - performance.now();
        if (wait > 0) setTimeout(() => this.flush(), wait);
        else setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now (before the store closes): a waiting group commit is not lost. */
  drain(): void {
    this.flush();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.lastFlushAt = performance.now();
    try {
      const seq = this.store.append(batch.map((p) => p.item));
      if (seq > 0) this.lastSeq = seq;
    } catch (error) {
      // The memory now holds events the disk does not: refuse everything until a restart replays the log.
      this.failure = error;
      for (const pending of batch) pending.reject(error);
      return;
    }
    // Listeners first: a channel outside its window sends its new view with the commit, before
    // the ack. The sender's own channels still inside their window follow right after the ack
    // (socket-server.ts, sendOwnViews), so an ack may come before the view that shows it
    // (docs/protocol.md, "Sync": clients accept both orders).
    const committed = batch.filter((p) => p.item.events.length > 0).map((p) => ({ conventionId: p.item.conventionId, events: p.item.events, actor: p.item.result?.actorKey ?? null }));
    if (committed.length > 0) for (const listener of this.listeners) listener(committed);
    for (const pending of batch) pending.resolve(pending.ack);
    if (this.lastSeq - this.lastSnapshotSeq >= SNAPSHOT_EVERY) this.snapshot();
    // A closed vote's ballots need not linger as page images in the write-ahead log.
    if (committed.some((c) => c.events.some((e) => e.type === 'VotesClosed'))) this.store.checkpoint();
  }

  /** Called after a convention's whole log was replaced (a restore): its views start again. */
  onReplaced(listener: (conventionId: string) => void): void {
    this.replacedListeners.push(listener);
  }

  /** One convention's log as stored, for a backup; what is queued is committed first. */
  conventionLog(conventionId: string, ownsCounter: (counter: string) => boolean): ConventionLog {
    this.flush();
    return this.store.conventionLog(conventionId, ownsCounter);
  }

  /**
   * Replaces one convention's log and state (a restore, server/backup/handover.ts): not a
   * command, so not on the write path. What is queued is committed first; the caller has checked
   * the log against what was in place (after that commit, in the same turn) and replayed it into
   * `state`. `dropCounters` names the old log's secret counters. A fresh snapshot is written in
   * the same transaction, so a restart replays the new log, never the old state with it.
   */
  replaceConvention(conventionId: string, log: ConventionLog, state: Convention, dropCounters: (counter: string) => boolean): void {
    this.flush();
    if (this.failure) throw this.failure;
    const conventions = new Map(this.conventions).set(conventionId, state);
    const world = Object.fromEntries([...conventions].map(([id, conv]) => [id, withoutSecretCounts(conv)]));
    const seq = this.store.replaceConvention(conventionId, log, dropCounters, world);
    this.conventions.set(conventionId, state);
    this.lastSeq = this.lastSnapshotSeq = seq;
    for (const listener of this.replacedListeners) listener(conventionId);
  }

  snapshot(): void {
    // Counts of secret votes stay out of snapshots: two snapshots a few ballots apart would
    // otherwise tell, with the "has voted" events between them, who chose what.
    this.store.saveSnapshot(this.lastSeq, Object.fromEntries([...this.conventions].map(([id, conv]) => [id, withoutSecretCounts(conv)])));
    this.lastSnapshotSeq = this.lastSeq;
  }

  get failed(): unknown {
    return this.failure;
  }
}

export function actorKey(actor: Actor): string {
  return actor.role === 'member' ? `member:${actor.conventionId}:${actor.memberId}` : `${actor.role}:${actor.conventionId}`;
}

/** The role and, for a member, the member id an actorKey names. */
export function roleOfActorKey(key: string): { role: string; memberId: string | null } {
  const [role = '', , memberId] = key.split(':');
  return { role, memberId: role === 'member' ? (memberId ?? null) : null };
}

/**
 * The first problem, with what a screen needs to say it in the person's words: the field (last
 * path segment), the rule broken (valibot's issue type, e.g. max_length) and its limit.
 */
function invalid(issues: readonly v.BaseIssue<unknown>[]): Ack {
  const first = issues[0];
  const path = first?.path?.map((p) => String(p.key)).join('.') ?? '';
  const details: Record<string, unknown> = {};
  if (path) details.path = path;
  if (first) details.rule = first.type;
  if (typeof first?.requirement === 'number') details.limit = first.requirement;
  return { ok: false, error: appError('INVALID_PAYLOAD', `${path ? `${path}: ` : ''}${first?.message ?? 'invalid'}`.slice(0, 300), details) };
}
