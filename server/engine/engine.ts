import * as v from 'valibot';
import { commandSchemas, decide, evolve, isCommandName, mayCommand, type Command, type CommandName, type CommandResult } from '../../shared/registry.ts';
import type { DecideContext, Decision, SecretBallot } from '../../shared/domain/context.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { activitiesEnded, activityOfBallot, ballotOfCounter, batchGroupsOf, checkCounterPrefix, closeCheckCounts, closeStrataCounts, closeTransitionRows, countSecretBallot, perTableCounter, secretCounter, strataRows, withoutSecretCounts, writtenAtClose, type BatchesOf, type BatchGroups, type TallyRow } from '../../shared/domain/secret-ballots.ts';
import { smallGroupMin } from '../../shared/domain/small-groups.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { appError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import { envelopeSchema } from '../../shared/schemas.ts';
import type { AppendItem, ConventionLog, EventStore, World } from '../store/event-store.ts';
import { ANONYMOUS_COMMANDS, anonymousId } from './anonymous.ts';
import { BallotBoxes, shuffled, type BoxEntry } from './ballot-box.ts';
import { withParticipation } from './participation-overlay.ts';
import { legacyDigests, requestDigest } from './request-digest.ts';

// The write path: authorise (role) -> validate (schema) -> decide -> evolve in memory -> append to the log ->
// ack -> tell listeners. Commands that arrive in the same turn of the event loop are committed
// in one SQLite transaction (group commit), so a burst of votes costs one fsync, not hundreds.
// Secret ballots take a detour through the ballot box (ballot-box.ts): applied, written and
// acknowledged in shuffled batches of at least k, never one by one.

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
  /** Who sent it (actorKey), for its own views: in memory only, never written for an anonymous command. */
  actor: string | null;
  resolve: (ack: Ack) => void;
  reject: (error: unknown) => void;
}

/** A secret ballot accepted and waiting in its activity's box: nothing of it is applied or written yet. */
interface Boxed extends BoxEntry {
  conventionId: string;
  /** The "has voted" events (VoteCast, CheckAnswered, GradesCast): participation, shown at once through viewState. */
  events: DomainEvent[];
  ballots: SecretBallot[];
  result: AppendItem['result'];
  ack: Ack;
  actor: string;
  resolve: (ack: Ack) => void;
  reject: (error: unknown) => void;
  /** Decides the command again (after a restore replaced the state it was decided on). */
  redo: () => Promise<Ack>;
}

export interface EngineOptions {
  /**
   * Secret ballots mixed in the ballot box (true, the default; production never sets it).
   *
   * `ballotMixing: false` is THE DELIBERATELY LEAKY CONFIGURATION, for the adversary test of
   * issue 14 only (it must show that its analyst finds the links when they are there). It is an
   * option of `new Engine` and `createApp` (server/app.ts, AppOptions.ballotMixing), never an
   * environment variable nor a command-line flag: server/main.ts never passes it. With it the
   * server behaves as before issue 14, exactly:
   *   - each secret ballot (vote.cast on a secret vote, consensus.answer, grading.grade) is
   *     applied at once and committed in the same group commit as its "has voted" event and its
   *     member's command_results row, its counters moving by one (no box, no batch, no shuffle,
   *     the command's own time); the ack leaves right after that commit;
   *   - a consensus check's answers are counted per table on disk while it is open
   *     (`agree:<check>:<proposal>:<table>`), and its close merges no small table;
   *   - every secret ballot's strata are counted on disk at once, one row per attribute moving
   *     by one (`strata:…`, shared/domain/secret-ballots.ts), and no close merges a small stratum;
   *   - a minority opinion (consensus.opinion) is stored with its member's command_results row
   *     and request digest, its id drawn at random;
   *   - the write-ahead log is checkpointed only when adoption votes close, and SQLite's
   *     secure_delete is off (the store is opened by createApp with it).
   */
  ballotMixing?: boolean;
  /**
   * Whether a close crosses its counts per table and per stratum with the batches the room's
   * counters moved by (true, the default): no group whose cell with a batch is pinned under k is
   * written (shared/domain/batch-crossing.ts), nor any pair of partitions (two attributes, a
   * check's tables and an attribute) that pins a cell under k (shared/domain/partition-crossing.ts:
   * the batches keep the joint sizes). `false` turns both off, for two tests only, which show that
   * without it the analyst pins members by subtraction (test/integration/strata-batch-crossing.test.ts,
   * test/integration/strata-partition-crossing.test.ts).
   */
  batchCrossing?: boolean;
}

const SNAPSHOT_EVERY = 1000;
/**
 * Least time between two group commits, in ms. Each commit waits for the disk (fsync) while the
 * event loop waits with it; 100 votes a second arriving one by one would otherwise make 100
 * commits. The cost is at most this much more latency on an ack while the log is busy.
 */
const GROUP_COMMIT_SPACING_MS = 8;
/** Least time between two checkpoints after batches of ballots (a close checkpoints at once). */
const CHECKPOINT_SPACING_MS = 250;

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
  /** Secret ballots waiting to be released, by `<convention>\u0000<activity>`. */
  private readonly boxes = new BallotBoxes<Boxed>();
  /** Bumped whenever a box changes: the participation view (viewState) is cached against it. */
  private boxVersion = 0;
  private readonly viewCache = new Map<string, { base: Convention; version: number; view: Convention }>();
  private readonly participationListeners: ((changes: ReadonlyMap<string, ReadonlySet<string>>) => void)[] = [];
  /** Ballots that entered a box since the last notice: convention -> senders (told once a turn). */
  private participationChanged = new Map<string, Set<string>>();
  readonly mixing: boolean;
  private readonly crossing: boolean;
  /**
   * Per open secret activity (`<convention>\u0000<activity>`), per room counter, each released
   * batch's ballots per table and per stratum: counts, never who; in memory only (never written,
   * never in a view), dropped at the close that uses them (closeCheckCounts, closeStrataCounts).
   */
  private readonly batchGroups = new Map<string, Map<string, BatchGroups[]>>();

  constructor(
    private readonly store: EventStore,
    readonly ctx: DecideContext,
    /** Live facts decide() may need, such as who is connected. */
    private readonly connected: (conventionId: string) => ReadonlySet<string> = () => new Set(),
    options: EngineOptions = {},
  ) {
    this.mixing = options.ballotMixing ?? true;
    this.crossing = options.batchCrossing ?? true;
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

  /**
   * Called when a ballot enters a box: participation changed though nothing was committed (the
   * hub refreshes the convention's views, server/app.ts).
   */
  onParticipation(listener: (changes: ReadonlyMap<string, ReadonlySet<string>>) => void): void {
    this.participationListeners.push(listener);
  }

  /**
   * Tells the listeners once per turn of the event loop, whatever the number of ballots: a room
   * voting at once would otherwise refresh every channel once per ballot (the hub's cost is per
   * channel: docs/performance.md), where a group commit refreshed them once per batch.
   */
  private noteParticipation(conventionId: string, actor: string): void {
    const first = this.participationChanged.size === 0;
    let actors = this.participationChanged.get(conventionId);
    if (!actors) this.participationChanged.set(conventionId, (actors = new Set()));
    actors.add(actor);
    if (!first) return;
    setImmediate(() => {
      const changes = this.participationChanged;
      this.participationChanged = new Map();
      for (const listener of this.participationListeners) listener(changes);
    });
  }

  /**
   * The convention as the room sees it: the state, plus the "has voted" events of the ballots
   * waiting in a box (participation is live: "N ont voté" moves with each ballot), without their
   * choices (counts move only when a batch lands). Views read this (server/app.ts gives it to
   * the hub), and decide() too, so a second ballot for a slot already waiting in the box is
   * refused with the code a counted one gets (ALREADY_VOTED, ALREADY_ANSWERED). The "in the box"
   * of a member's own ballot is this same fact: their view says they voted, their phone's outbox
   * still waits for the ack (client/views/member/ballots.svelte.ts).
   */
  viewState(conventionId: string): Convention | undefined {
    const base = this.conventions.get(conventionId);
    if (!base) return base;
    const pending = this.boxes.pendingOf(conventionId);
    if (pending.length === 0) return base;
    const cached = this.viewCache.get(conventionId);
    if (cached && cached.base === base && cached.version === this.boxVersion) return cached.view;
    const view = withParticipation(base, pending.flatMap((entry) => entry.events));
    this.viewCache.set(conventionId, { base, version: this.boxVersion, view });
    return view;
  }

  /** Ballots waiting in boxes, every convention (tests, the shutdown's count). */
  get boxed(): number {
    return this.boxes.size;
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
    // A visitor's seat claim and a system set-up have no actor key of their own worth keeping.
    const key = actor.role === 'visitor' ? `join:${actor.conventionId}` : actorKey(actor);
    const decideWith = (ctx: DecideContext) => (conv: Convention | undefined) =>
      conv || commandName === 'convention.create' ? decide(conv as Convention, command, { actor, ctx, connected }) : { ok: false as const, error: appError('NOT_FOUND', 'no such convention', { entity: 'convention' }) };
    const anonymous = this.mixing ? ANONYMOUS_COMMANDS[commandName] : undefined;
    if (anonymous) return this.submitAnonymous(actor.conventionId, key, cid, requestDigest(commandName, args.output), anonymous, args.output as never, decideWith);
    const retry = cid === null ? null : { cid, request: requestDigest(commandName, args.output), formerly: legacyDigests(commandName, args.output) };
    return this.submit(actor.conventionId, key, retry, decideWith(this.ctx));
  }

  /**
   * An anonymous command (anonymous.ts): no result row, no digest. A retry racing the first
   * attempt waits for it (inFlight); a retry of a committed one finds what it added under the id
   * derived from its cid and changes nothing.
   */
  private submitAnonymous(
    conventionId: string,
    actorKeyValue: string,
    cid: string | null,
    /** Compared with a stored row's, never stored itself. */
    request: string,
    anonymous: { done(conv: Convention, args: never, id: string): boolean },
    args: never,
    decideWith: (ctx: DecideContext) => (conv: Convention | undefined) => Decision<unknown>,
  ): Promise<Ack> {
    if (this.failure) return Promise.resolve({ ok: false, error: appError('INTERNAL', 'the store failed; restarting') });
    if (cid === null) return this.decideAndQueue(conventionId, actorKeyValue, null, decideWith(this.ctx), false);
    const key = `${actorKeyValue}\u0000${cid}`;
    const earlier = this.inFlight.get(key);
    if (earlier) return earlier.ack;
    // A log written before opinions became anonymous holds their result rows: a retry of one
    // still gets its ack; a cid already used by another command is refused as submit() does.
    const stored = this.store.findResult(actorKeyValue, cid);
    if (stored) return Promise.resolve(stored.request === null || stored.request === request ? stored.ack : { ok: false, error: appError('CID_REUSED', 'this cid was used for another command') });
    const id = anonymousId(actorKeyValue, cid);
    // The command's one drawn id is the derived one; the rest of the context is the engine's.
    const ctx: DecideContext = { ...this.ctx, newId: () => id };
    const decideFn = (conv: Convention | undefined): Decision<unknown> => (conv && anonymous.done(conv, args, id) ? { ok: true, events: [] } : decideWith(ctx)(conv));
    const ack = this.decideAndQueue(conventionId, actorKeyValue, null, decideFn, false).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, { request: '', ack });
    return ack;
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

  private decideAndQueue(conventionId: string, actorKeyValue: string, result: Omit<NonNullable<AppendItem['result']>, 'ack'> | null, decideFn: (conv: Convention | undefined) => Decision<unknown>, ownViews = true): Promise<Ack> {
    let decision: Decision<unknown>;
    try {
      decision = decideFn(this.viewState(conventionId));
      // A command that ends an activity's counting (a close) releases its box first, in the same
      // commit and before the close's events, then is decided again on the state that counts
      // those ballots: results, frozen records and the check's per-table merge see every one.
      for (let round = 0; this.mixing && decision.ok && round < 3; round++) {
        const ended = [...new Set(decision.events.flatMap(activitiesEnded))].filter((activity) => this.boxes.has(boxKey(conventionId, activity)));
        if (ended.length === 0) break;
        for (const activity of ended) this.release(this.boxes.takeAll(boxKey(conventionId, activity)));
        decision = decideFn(this.viewState(conventionId));
      }
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
    const secretBallots = decision.ok ? (decision.secretBallots ?? []) : [];
    // A secret ballot's request holds its choice, and a digest of a payload with three possible
    // choices is as good as the choice beside the voter's key: it is not stored (docs/security.md).
    // A retry of it still gets its ack; the same cid asking something else after a restart does
    // too, and the vote's own rules (one ballot per member) decide the rest.
    const stored = result === null ? undefined : { ...result, request: secretBallots.length > 0 ? null : result.request, ack };
    const actor = ownViews ? actorKeyValue : null;
    if (secretBallots.length > 0 && this.mixing) {
      const redo = () => this.decideAndQueue(conventionId, actorKeyValue, result, decideFn, ownViews);
      return this.box(conventionId, { events, ballots: secretBallots, result: stored, ack, actor: actorKeyValue, redo });
    }
    const item: AppendItem = { conventionId, events, at: this.ctx.now() };
    if (stored) item.result = stored;
    let state = this.conventions.get(conventionId);
    if (this.mixing && state) {
      const open = state;
      for (const event of events) {
        if (event.type !== 'CheckClosed' || !Object.hasOwn(state.checks, event.checkId) || state.checks[event.checkId]!.status === 'closed') continue;
        // Its per-table counts, kept in memory while it was open, reach the disk now, small
        // tables merged (secret-ballots.ts, closeCheckCounts), before the close evolves.
        const closed = closeCheckCounts(state, event.checkId, smallGroupMin(state), this.batchesOf(conventionId, `check:${event.checkId}`));
        state = closed.state;
        (item.resetTallies ??= []).push({ prefix: checkCounterPrefix(event.checkId), rows: closed.rows });
        // A series' transitions, in memory while it was open, reach the disk now (writtenAtClose).
        const moved = closeTransitionRows(state, event.checkId);
        if (moved.length > 0) (item.tallies ??= []).push(...moved);
      }
      // Counts per stratum likewise: kept in memory while open, written now, small strata merged
      // (secret-ballots.ts, closeStrataCounts), in this commit, before the close evolves.
      for (const activity of events.flatMap(activitiesEnded)) {
        const closed = closeStrataCounts(state, activity, smallGroupMin(state), this.batchesOf(conventionId, activity), open);
        state = closed.state;
        if (closed.rows.length > 0) (item.tallies ??= []).push(...closed.rows);
      }
      for (const activity of events.flatMap(activitiesEnded)) this.batchGroups.delete(boxKey(conventionId, activity));
    }
    for (const event of events) state = evolve(state, event);
    // Only the leaky configuration gets here with ballots: counted at once, one by one, per table
    // and per stratum.
    for (const ballot of secretBallots) state = state && countSecretBallot(state, ballot);
    if (secretBallots.length > 0) item.tallies = secretBallots.flatMap((ballot) => [{ ...perTableCounter(ballot), count: 1 }, ...strataRows(ballot)]);
    if (state) this.conventions.set(conventionId, state);
    return new Promise<Ack>((resolve, reject) => this.enqueue([{ item, ack, actor, resolve, reject }]));
  }

  /** Puts an accepted secret ballot in its activity's box; releases a batch when the rule lets one go. */
  private box(conventionId: string, entry: Omit<Boxed, 'conventionId' | 'counters' | 'resolve' | 'reject'>): Promise<Ack> {
    return new Promise<Ack>((resolve, reject) => {
      const key = boxKey(conventionId, activityOfBallot(entry.ballots[0]!));
      this.boxes.add(key, { ...entry, conventionId, counters: [...new Set(entry.ballots.map((b) => secretCounter(b).counter))], resolve, reject });
      const cached = this.viewCache.get(conventionId);
      const fresh = cached !== undefined && cached.base === this.conventions.get(conventionId) && cached.version === this.boxVersion;
      this.boxVersion++;
      // The cached view holds every other waiting ballot already: add this one's flags rather than
      // rebuilding it from all of them (a batch check's box holds thousands).
      if (fresh) this.viewCache.set(conventionId, { base: cached.base, version: this.boxVersion, view: withParticipation(cached.view, entry.events) });
      const conv = this.conventions.get(conventionId);
      this.release(this.boxes.takeReleasable(key, conv ? smallGroupMin(conv) : 1));
      this.noteParticipation(conventionId, entry.actor);
    });
  }

  /**
   * A batch out of a box, written with no order: shuffled (CSPRNG), every event stamped with the
   * same time (the release's), each counter cell written once with the batch's sum, each
   * member's result row in the same transaction. The state takes the ballots now, in memory;
   * the acks leave once the commit is on disk (flush).
   */
  private release(entries: Boxed[]): void {
    const first = entries[0];
    if (!first) return;
    const conventionId = first.conventionId;
    const at = this.ctx.now();
    const batch = shuffled(entries);
    let state = this.conventions.get(conventionId);
    const sums = new Map<string, TallyRow>();
    for (const entry of batch) {
      for (const event of entry.events) state = evolve(state, event);
      for (const ballot of entry.ballots) {
        state = state && countSecretBallot(state, ballot);
        if (writtenAtClose(ballot)) continue;
        const { counter, cell } = secretCounter(ballot);
        const row = sums.get(`${counter}\u0000${cell}`);
        if (row) row.count += 1;
        else sums.set(`${counter}\u0000${cell}`, { counter, cell, count: 1 });
      }
    }
    if (state) this.conventions.set(conventionId, state);
    this.rememberBatch(conventionId, batch.flatMap((entry) => entry.ballots));
    this.boxVersion++;
    const pending: Pending[] = batch.map((entry) => ({ item: { conventionId, events: entry.events, at, ...(entry.result ? { result: entry.result } : {}) }, ack: entry.ack, actor: entry.actor, resolve: entry.resolve, reject: entry.reject }));
    // Sorted: the rows say nothing of which ballot came first either.
    pending[0]!.item.tallies = [...sums.values()].sort((a, b) => cmp(a.counter, b.counter) || cmp(a.cell, b.cell));
    this.enqueue(pending);
  }

  /** Keeps a released batch's ballots per table and per stratum, per counter, for its activity's close (batchGroups). */
  private rememberBatch(conventionId: string, ballots: readonly SecretBallot[]): void {
    const first = ballots[0];
    if (!first) return;
    const key = boxKey(conventionId, activityOfBallot(first));
    let byCounter = this.batchGroups.get(key);
    if (!byCounter) this.batchGroups.set(key, (byCounter = new Map()));
    for (const [counter, groups] of batchGroupsOf(ballots)) {
      const list = byCounter.get(counter);
      if (list) list.push(groups);
      else byCounter.set(counter, [groups]);
    }
  }

  /** The batches each counter of an activity moved by (none with `batchCrossing: false`). */
  private batchesOf(conventionId: string, activity: string): BatchesOf {
    const byCounter = this.crossing ? this.batchGroups.get(boxKey(conventionId, activity)) : undefined;
    return (counter) => byCounter?.get(counter) ?? [];
  }

  private enqueue(pending: Pending[]): void {
    this.queue.push(...pending);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // A quiet log commits at the end of this turn; a busy one waits for the spacing, so
      // commands arriving one by one share a transaction (and its fsync) instead of each
      // blocking the loop on the disk.
      const wait = this.lastFlushAt + GROUP_COMMIT_SPACING_MS - performance.now();
      if (wait > 0) setTimeout(() => this.flush(), wait);
      else setImmediate(() => this.flush());
    }
  }

  /**
   * Commits what is queued now (before the store closes): a waiting group commit is not lost.
   * Ballots still in a box were never acknowledged: they are answered INTERNAL (not final: the
   * phone's outbox keeps them and sends them again, with the same cid, to the next server).
   */
  drain(): void {
    this.flush();
    for (const entry of this.boxes.takeConvention(null)) entry.resolve({ ok: false, error: appError('INTERNAL', 'the server stopped before this ballot was counted') });
    this.boxVersion++;
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
    const committed = batch.filter((p) => p.item.events.length > 0).map((p) => ({ conventionId: p.item.conventionId, events: p.item.events, actor: p.actor }));
    if (committed.length > 0) for (const listener of this.listeners) listener(committed);
    for (const pending of batch) pending.resolve(pending.ack);
    if (this.lastSeq - this.lastSnapshotSeq >= SNAPSHOT_EVERY) this.snapshot();
    // Nothing of a secret activity's last counts lingers as page images in the write-ahead log:
    // at its close the log is folded into the database and emptied at once. After a batch, soon:
    // at most one checkpoint per CHECKPOINT_SPACING_MS (each costs the database file an fsync,
    // and a room voting at once commits a batch every few milliseconds). Between two, the log
    // holds whole batches only, each of k ballots or more, never a ballot on its own.
    if (!this.mixing) {
      if (committed.some((c) => c.events.some((e) => e.type === 'VotesClosed'))) this.store.checkpoint();
    } else if (batch.some((p) => p.item.resetTallies || p.item.events.some(endsSecretCounting))) this.checkpointNow();
    else if (batch.some((p) => p.item.tallies?.length)) this.checkpointSoon();
  }

  private checkpointTimer: NodeJS.Timeout | null = null;
  private lastCheckpointAt = -Infinity;

  private checkpointNow(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    this.lastCheckpointAt = performance.now();
    if (!this.failure) this.store.checkpoint();
  }

  private checkpointSoon(): void {
    if (this.checkpointTimer) return;
    const wait = this.lastCheckpointAt + CHECKPOINT_SPACING_MS - performance.now();
    if (wait <= 0) return this.checkpointNow();
    this.checkpointTimer = setTimeout(() => this.checkpointNow(), wait);
    this.checkpointTimer.unref();
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
    // Ballots waiting in a box were decided on the state being replaced: they are decided again
    // on the restored one below (as their phone's retry would be), never written into the old log.
    const waiting = this.boxes.takeConvention(conventionId);
    this.boxVersion++;
    // The batches remembered were those of the replaced log: the restored one's are not known.
    for (const key of [...this.batchGroups.keys()]) if (key.startsWith(`${conventionId}\u0000`)) this.batchGroups.delete(key);
    const conventions = new Map(this.conventions).set(conventionId, state);
    const world = Object.fromEntries([...conventions].map(([id, conv]) => [id, withoutSecretCounts(conv)]));
    const seq = this.store.replaceConvention(conventionId, log, dropCounters, world);
    this.conventions.set(conventionId, state);
    this.lastSeq = this.lastSnapshotSeq = seq;
    for (const listener of this.replacedListeners) listener(conventionId);
    for (const entry of waiting) entry.redo().then(entry.resolve, entry.reject);
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

const boxKey = (conventionId: string, activity: string) => `${conventionId}\u0000${activity}`;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A close of a secret activity (an adoption vote, secret or not: its close may carry a secret tally). */
function endsSecretCounting(event: DomainEvent): boolean {
  return activitiesEnded(event).length > 0;
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
