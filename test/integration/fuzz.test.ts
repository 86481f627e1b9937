import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import { actorKey } from '../../server/engine/engine.ts';
import { requestDigest } from '../../server/engine/request-digest.ts';
import { seededContext } from '../../shared/domain/context.ts';
import { type Command, type CommandName, commandSchemas, decide } from '../../shared/registry.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import type { Ack } from '../../shared/protocol.ts';
import { envelopeSchema } from '../../shared/schemas.ts';
import { ERASED_REQUEST } from '../../server/privacy/erasure.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { memberView, publicView, tableView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { connectClient, http, joinWithSeat, type TestClient } from '../helpers/client.ts';
import {
  ackShapeProblem,
  caseSeed,
  COMMAND_NAMES,
  createExtraEntities,
  describeCase,
  expectation,
  FUZZ_ROLES,
  generateCase,
  POLLUTION_MARKER,
  short,
  wire,
  type Expected,
  type FuzzCase,
  type FuzzRole,
  type GenerateOptions,
  type IdPools,
} from '../helpers/fuzz-payloads.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { closeAll, PUBLIC_URL, startServer, type TestServer } from '../helpers/server.ts';

// Issue 6, item 5: seeded random and hostile payloads for every client event, from every role,
// against one real server. Each case: the server stays up, the ack is a well-formed refusal with
// the code the documented order gives (unknown command → role → envelope → payload), a refused
// command changes no state and sends no patch to anyone, and an accepted one was truly valid.
//
// FUZZ_SEED=<n> picks another run (the seed is printed on failure); FUZZ_CASES=<n> the number of
// hostile cases; FUZZ_OPEN_BUGS=1 also generates what is known to break the server (pinned in
// test/fuzz/regressions.json, replayed at the end of this file against the production server).

const RUN_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 20_260_611;
const HOSTILE_CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const OPEN_BUGS = process.env.FUZZ_OPEN_BUGS === '1';
/** Schema-valid commands from allowed roles: the domain decides them. */
const DOMAIN_ROUNDS = 4;
const DOMAIN_CASES_PER_ROUND = 400;
const OVERSIZE_CASES = 24;
const BATCH = 100;
const SEGMENT = 1000;
const ACK_MS = 5000;
const NO_RATE_LIMIT = { burst: 1e9, perSecond: 1e9 };

/**
 * The server's clock in the in-process fuzz, and decide()'s when it predicts an answer: one
 * instant for both, so that rules reading the time (3 questions a minute per member) answer the
 * same on both sides, whatever the number of commands in between.
 */
const FUZZ_NOW = Date.UTC(2026, 0, 1, 9);
const frozenClock = (seed: number) => ({ ...seededContext(seed), now: () => FUZZ_NOW });

const describeRun = () => `FUZZ_SEED=${RUN_SEED}${OPEN_BUGS ? ' FUZZ_OPEN_BUGS=1' : ''}`;

// ---------------------------------------------------------------------------------------------
// The fuzzed convention: the same setup, through sockets and HTTP only, for the in-process server
// and for the production server of the regression replays.

interface Keys {
  facilitator: string;
  projector: string;
  support: string;
}

interface Observer {
  label: string;
  client: TestClient;
  /** The channel the barrier's rename reaches on this socket, and the field it sets. */
  channel: string;
  field: 'name' | 'conventionName';
}

interface Fixture {
  url: string;
  conventionId: string;
  keys: Keys;
  senders: Record<FuzzRole, TestClient>;
  tokens: Record<FuzzRole, string>;
  memberIds: { member: string; otherTableMember: string; observer: string };
  observers: Observer[];
  pools: IdPools;
}

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function buildFixture(url: string, keys: Keys, foreignIds: string[]): Promise<Fixture> {
  const facilitator = await connectClient(url, keys.facilitator);
  const view = () => facilitator.view('console')!;
  const conventionId = view().conventionId;
  const liveId = view().liveSessionId!;
  const live = () => view().sessions.find((s) => s.id === liveId)!;
  await ok(facilitator.send('tables.create', { sessionId: liveId, count: 3 }));
  const tableIds = (await facilitator.waitFor(() => live().tables.length === 3 && live().tables, 5000, 'tables')).map((t) => t.id);
  const [a, b, o] = view().members;
  const seating: [string, string][] = [
    [a!.id, tableIds[0]!],
    [b!.id, tableIds[1]!],
    [o!.id, tableIds[0]!],
  ];
  for (const [memberId, tableId] of seating) await ok(facilitator.send('tables.seat', { sessionId: liveId, memberId, tableId }));
  const [ta, tb, to] = await Promise.all([a!, b!, o!].map((m) => joinWithSeat(url, live().code, m.seatCode)));

  const leverIds = view().levers.map((l) => l.id);
  const enter = (title: string, authorIds: string[]) =>
    ok(facilitator.send('proposal.enter', { title, text: `${title}, en détail.`, leverId: leverIds[0], channel: 'paper', reference: 'R-1', authorIds, receivedAt: null })).then((d) => d.proposalId as string);
  const p1 = await enter('Pistes cyclables continues', [a!.id]);
  const p2 = await enter('Cantines bio et locales', []);
  const p3 = await enter('Rénovation des écoles', [b!.id]);

  const senders = {
    facilitator,
    projector: await connectClient(url, keys.projector),
    support: await connectClient(url, keys.support),
    member: await connectClient(url, ta!.token),
    otherTableMember: await connectClient(url, tb!.token),
  } satisfies Record<FuzzRole, TestClient>;
  const p4 = (await ok(senders.member.send('proposal.create', { title: 'Brouillon de la table 1', text: 'Texte', leverId: leverIds[1], submit: false }))).proposalId as string;
  const p5 = (await ok(senders.otherTableMember.send('proposal.create', { title: 'Proposition de la table 2', text: 'Texte', leverId: leverIds[2], submit: true }))).proposalId as string;

  const { voteIds: [v1] } = await ok(facilitator.send('vote.create', { sessionId: liveId, proposalIds: [p1], secret: false, thresholdBp: 6000, basis: 'expressed', batch: false }));
  const { voteIds: [v2] } = await ok(facilitator.send('vote.create', { sessionId: liveId, proposalIds: [p2], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
  const { voteIds: [v3] } = await ok(facilitator.send('vote.create', { sessionId: liveId, proposalIds: [p3], secret: false, thresholdBp: 5000, basis: 'present', batch: true }));
  await ok(facilitator.send('vote.open', { voteIds: [v1, v2] }));
  const { activityId: r1 } = await ok(facilitator.send('ranking.create', { sessionId: liveId, title: 'Priorités', tableIds: [], silentRound: true }));
  await ok(facilitator.send('ranking.open', { activityId: r1 }));
  const { activityId: r2 } = await ok(facilitator.send('ranking.create', { sessionId: liveId, title: 'Brouillon', tableIds: [tableIds[0]], silentRound: false }));

  const others = view().sessions.filter((s) => s.id !== liveId);
  const pools: IdPools = {
    sessionIds: [liveId, ...others.slice(0, 2).map((s) => s.id)],
    spareMemberIds: view().members.slice(3, 9).map((m) => m.id),
    seatedMemberIds: [a!.id, b!.id, o!.id],
    tableIds,
    leverIds,
    proposalIds: [p1, p2, p3, p4, p5],
    voteIds: [v1, v2, v3],
    activityIds: [r1, r2],
    itemIds: [...live().agenda.slice(0, 3), ...others[0]!.agenda.slice(0, 2)].map((i) => i.id),
    questionRoundIds: [],
    questionIds: [],
    foreignIds,
  };
  // Commands added since the generators were written: a few real entities of theirs too.
  pools.extra = await createExtraEntities((name, args) => facilitator.send(name, args), pools);
  const observers: Observer[] = [
    { label: 'console observer', client: await connectClient(url, keys.facilitator), channel: `console:${conventionId}`, field: 'name' },
    { label: 'projector observer', client: await connectClient(url, keys.projector), channel: `screen:${conventionId}`, field: 'conventionName' },
    { label: 'support observer', client: await connectClient(url, keys.support), channel: `public:${conventionId}`, field: 'conventionName' },
    { label: 'member observer (table 1)', client: await connectClient(url, to!.token), channel: `public:${conventionId}`, field: 'conventionName' },
  ];
  await observers[3]!.client.waitFor((c) => c.view('table'), 5000, 'observer table');

  // Questions to speakers: a round prepared for the next session, a pre-moderated one closed with
  // a pending question, and the open one with questions of both fuzzed members and of the
  // observer, a duplicate merged into another (questionIds[0] into questionIds[1]).
  const questionRound = async (sessionId: string, title: string, premoderation: boolean) =>
    (await ok(facilitator.send('question.round.create', { sessionId, title, agendaItemId: null, premoderation, allowAnonymous: true }))).roundId as string;
  const ask = async (client: TestClient, roundId: string, text: string, anonymous: boolean) => (await ok(client.send('question.ask', { roundId, text, anonymous }))).questionId as string;
  const observerPhone = observers[3]!.client;
  const roundElsewhere = await questionRound(others[0]!.id, 'Questions de la séance suivante', false);
  const roundClosed = await questionRound(liveId, 'Questions à la Métropole', true);
  await ok(facilitator.send('question.round.open', { roundId: roundClosed }));
  const pending = await ask(observerPhone, roundClosed, 'Une question en attente de validation ?', true);
  const roundOpen = await questionRound(liveId, 'Questions aux chercheurs', false);
  // Opening it closes the other round of the session.
  await ok(facilitator.send('question.round.open', { roundId: roundOpen }));
  // The observer asks anonymously: the barriers rename it, and its name must stay out of the views.
  const kept = await ask(observerPhone, roundOpen, 'Quel impact de l’avion sur le bilan ?', true);
  const duplicate = await ask(senders.otherTableMember, roundOpen, 'L’aéroport compte-t-il dans le bilan ?', true);
  const ownQuestion = await ask(senders.member, roundOpen, 'Quel budget pour le vélo ?', false);
  await ok(senders.member.send('question.upvote', { questionId: duplicate, up: true }));
  await ok(facilitator.send('question.merge', { sourceId: duplicate, targetId: kept }));
  pools.questionRoundIds = [roundOpen, roundClosed, roundElsewhere];
  pools.questionIds = [duplicate, kept, ownQuestion, pending];
  // Senders only send: they need not keep copies of the views they are sent.
  for (const sender of Object.values(senders)) sender.socket.offAny();
  return {
    url,
    conventionId,
    keys,
    senders,
    tokens: { facilitator: keys.facilitator, projector: keys.projector, support: keys.support, member: ta!.token, otherTableMember: tb!.token },
    memberIds: { member: a!.id, otherTableMember: b!.id, observer: o!.id },
    observers,
    pools,
  };
}

// ---------------------------------------------------------------------------------------------
// Sending a case

interface Sent {
  acked: boolean;
  ack?: unknown;
  timedOut?: boolean;
}

function emitCase(client: TestClient, c: FuzzCase, ackMs = ACK_MS): Promise<Sent> {
  const event = c.event as string;
  if (!c.ack) {
    client.socket.emit(event, ...c.args);
    return Promise.resolve({ acked: false });
  }
  return client.socket
    .timeout(ackMs)
    .emitWithAck(event, ...c.args)
    .then(
      (ack: unknown) => ({ acked: true, ack }),
      () => ({ acked: false, timedOut: true }),
    );
}

/** Why the oracle thinks a payload is invalid (for a failure message). */
function whyInvalid(c: FuzzCase): string {
  const envelope = v.safeParse(envelopeSchema, c.args.length > 0 ? wire(c.args[0]) : undefined);
  if (!envelope.success) return `envelope: ${envelope.issues[0]?.message}`;
  if (typeof c.event !== 'string' || !Object.hasOwn(commandSchemas, c.event)) return 'not a command';
  const args = v.safeParse(commandSchemas[c.event as CommandName], envelope.output.args);
  return args.success ? 'valid' : `args: ${args.issues[0]?.message}`;
}

/** The first difference between two serialized worlds, with some context. */
function firstDifference(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  return `at ${i}: before …${before.slice(Math.max(0, i - 80), i + 80)}… after …${after.slice(Math.max(0, i - 80), i + 80)}…`;
}

function report(phase: string, failures: string[]): void {
  if (failures.length === 0) return;
  const text =
    `fuzz (${phase}) found ${failures.length} problem(s) with ${describeRun()}.\n` +
    `Replay the run: ${describeRun()} npx vitest run test/integration/fuzz.test.ts\n` +
    `Pin a failing case: add its seed to test/fuzz/regressions.json.\n` +
    failures.slice(0, 30).join('\n');
  console.error(text);
  throw new Error(text);
}

// ---------------------------------------------------------------------------------------------
// The in-process fuzz: one server, a few sockets, batches

describe(`fuzz: hostile payloads for every event from every role (${describeRun()})`, () => {
  let server: TestServer;
  let fx: Fixture;
  let otherConvention: Convention;
  let otherObserver: TestClient;
  let commits = 0;
  let barriers = 0;
  const diverted: { index: number; c: FuzzCase }[] = [];
  const counts = { hostile: 0, domain: 0, domainAccepted: 0, oversize: 0, raw: 0, oversizeDisconnects: 0 };
  const kinds = new Map<string, number>();
  const covered = new Set<string>();
  const started = Date.now();
  const world = () => JSON.stringify(server.app.engine.world());

  beforeAll(async () => {
    server = await startServer({ members: 100, rate: NO_RATE_LIMIT, ctx: frozenClock(6) });
    otherConvention = await createDemoConvention(server.app.engine, 8);
    const foreignIds = [otherConvention.sessionOrder[0]!, otherConvention.memberOrder[0]!, otherConvention.levers[0]!.id, otherConvention.sessionOrder[1]!];
    fx = await buildFixture(server.url, { facilitator: server.facilitatorKey, projector: server.projectorKey, support: server.supportKey }, foreignIds);
    otherObserver = await connectClient(server.url, otherConvention.keys.facilitator);
    server.app.engine.onCommitted((batch) => (commits += batch.length));
    await barrier();
  }, 60_000);

  afterAll(async () => {
    const total = counts.hostile + counts.domain + counts.oversize + counts.raw;
    console.log(
      `fuzz ${describeRun()}: ${total} cases (${counts.hostile} hostile, ${counts.domain} domain of which ${counts.domainAccepted} accepted, ` +
        `${counts.oversize} over the socket limit with ${counts.oversizeDisconnects} disconnections, ${counts.raw} raw packets) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `kinds: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    await closeAll();
  });

  // -- observers and barriers --------------------------------------------------------------------

  const marks = () => new Map([...fx.observers.map((o) => [o.client, o.client.mark()] as const), [otherObserver, otherObserver.mark()] as const]);

  /**
   * Changes every channel the observers listen to, and waits until each shows the change: the
   * convention's name (console, screen, public) and the member observer's name (its member and
   * table channels; channels coalesce on their own timers, so each must be touched). Once it has
   * arrived, so has every patch sent before it. With `since`, checks that each observer received
   * nothing but that since the marks, and the other convention's console nothing at all.
   */
  async function barrier(since?: Map<TestClient, number>, label = ''): Promise<string[]> {
    const n = ++barriers;
    const name = `Barrière ${n}`;
    const memberName = `Observateur ${n}`;
    const observerId = fx.memberIds.observer;
    const attributes = server.conv.members[observerId]!.attributes;
    const acks = [await fx.senders.facilitator.send('convention.rename', { name }), await fx.senders.facilitator.send('member.update', { memberId: observerId, name: memberName, attributes })];
    if (acks.some((a) => !a.ok)) return [`barrier refused: ${short(acks)}`];
    const memberObserver = fx.observers[3]!.client;
    await Promise.all([
      ...fx.observers.map((o) => o.client.waitFor((c) => (c.channels.get(o.channel)?.view as Record<string, unknown> | undefined)?.[o.field] === name, 10_000, `${o.label} sees ${name}`)),
      memberObserver.waitFor((c) => c.view('member')?.name === memberName, 10_000, 'member channel barrier'),
      // Its table channel is the one the server seats it at now (a fuzz command may have moved it),
      // showing the new name; or none.
      memberObserver.waitFor((c) => {
        const conv = server.conv;
        const live = conv.liveSessionId ? conv.sessions[conv.liveSessionId] : undefined;
        const tableId = live?.tables.find((t) => t.memberIds.includes(observerId))?.id;
        const keys = [...c.channels.keys()].filter((key) => key.startsWith('table:'));
        if (!tableId) return keys.length === 0 || (keys.length === 1 && c.channels.get(keys[0]!)!.view === null);
        const view = c.channels.get(`table:${fx.conventionId}:${tableId}`)?.view as { members: { id: string; name: string }[] } | null | undefined;
        return keys.length === 1 && view?.members.find((m) => m.id === observerId)?.name === memberName;
      }, 10_000, 'table channel barrier'),
    ]);
    if (!since) return [];
    const problems: string[] = [];
    for (const o of fx.observers) {
      const got = o.client.since(since.get(o.client)!);
      const unexpected = got.filter((r) => {
        if (r.event !== 'sync:patch') return true;
        const message = r.args[0] as { channel: string; patch: { path: (string | number)[] }[] };
        if (!o.client.channels.has(message.channel)) return true;
        return !message.patch.every(({ path }) => barrierPath(message.channel, path));
      });
      if (unexpected.length > 0) problems.push(`${label}: the ${o.label} received more than the barrier: ${short(unexpected.map((r) => [r.event, r.args[0]]), 600)}`);
    }
    const leaked = otherObserver.since(since.get(otherObserver)!);
    if (leaked.length > 0) problems.push(`${label}: the other convention's console received ${short(leaked.map((r) => [r.event, r.args[0]]), 600)}`);
    return problems;
  }

  /** The paths a barrier's two renames may change: a name, or a name in the projector's seating plan (tables and groups). */
  function barrierPath(channel: string, path: (string | number)[]): boolean {
    const last = path[path.length - 1];
    if (last === 'name' || last === 'conventionName') return true;
    return channel.startsWith('screen:') && path.length === 5 && path[0] === 'session' && (path[1] === 'tables' || path[1] === 'groups') && path[3] === 'members';
  }

  /** Sends a packet that needs an ack on every sender: the server has then handled all before it. */
  async function flushSenders(): Promise<void> {
    await Promise.all(Object.values(fx.senders).map((s) => (s.connected ? s.socket.timeout(ACK_MS).emitWithAck('fuzz:flush', {}).catch(() => null) : null)));
  }

  async function checkSenders(failures: string[], label: string): Promise<void> {
    for (const role of FUZZ_ROLES) {
      if (fx.senders[role].connected) continue;
      failures.push(`${label}: the server disconnected the ${role} socket (${fx.senders[role].disconnectReason})`);
      fx.senders[role] = await connectClient(fx.url, fx.tokens[role]);
      fx.senders[role].socket.offAny();
    }
  }

  function checkPollution(failures: string[], label: string): void {
    const proto = Object.prototype as Record<string, unknown>;
    for (const key of [POLLUTION_MARKER, 'isAdmin', 'role']) if (key in proto) failures.push(`${label}: Object.prototype.${key} was set`);
    if (Object.keys(proto).length > 0) failures.push(`${label}: Object.prototype has enumerable keys ${Object.keys(proto).join(',')}`);
  }

  function count(c: FuzzCase): void {
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  }

  interface Planned {
    index: number;
    c: FuzzCase;
    exp: Expected;
  }

  /** What is wrong with the answer to a case that must be refused before the domain. */
  function refusalProblem(p: Planned, sent: Sent): string | null {
    if (p.exp.kind === 'resync' || !p.c.ack) return null;
    if (p.exp.kind !== 'refused') return `unexpected expectation ${p.exp.kind}`;
    if (!sent.acked) return `no ack within ${ACK_MS} ms`;
    const shape = ackShapeProblem(sent.ack);
    if (shape) return shape;
    const ack = sent.ack as Ack;
    if (ack.ok) return `accepted, yet the oracle says ${whyInvalid(p.c)} (expected ${p.exp.code})`;
    if (ack.error.code !== p.exp.code) return `refused with ${ack.error.code} (${ack.error.message}), expected ${p.exp.code}`;
    return null;
  }

  /** Sends refused-only cases at once; the state and the commit count must not move. */
  async function runBatch(batch: Planned[], failures: string[], check: (p: Planned, sent: Sent) => string | null): Promise<void> {
    const before = world();
    const commits0 = commits;
    const sent = await Promise.all(batch.map((p) => emitCase(fx.senders[p.c.role], p.c)));
    await flushSenders();
    const label = `cases #${batch[0]!.index}…#${batch[batch.length - 1]!.index}`;
    batch.forEach((p, i) => {
      count(p.c);
      const problem = check(p, sent[i]!);
      if (problem) failures.push(`#${p.index} ${describeCase(p.c)}: ${problem}`);
    });
    const after = world();
    if (after !== before) failures.push(`${label}: the state changed although every case was refused, ${firstDifference(before, after)}; cases: ${batch.map((p) => p.c.seed).join(',')}`);
    if (commits !== commits0) failures.push(`${label}: ${commits - commits0} commit(s) although every case was refused`);
    checkPollution(failures, label);
    await checkSenders(failures, label);
  }

  it(`refuses ${HOSTILE_CASES} hostile cases with the right code, changing nothing and broadcasting nothing`, { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    let index = 0;
    let segment = marks();
    let segmentStart = 0;
    while (counts.hostile < HOSTILE_CASES && failures.length < 60) {
      const batch: Planned[] = [];
      while (batch.length < BATCH && counts.hostile + batch.length < HOSTILE_CASES) {
        const c = generateCase(caseSeed(RUN_SEED, index), fx.pools, { mode: 'hostile', openBugs: OPEN_BUGS });
        const exp = expectation(c);
        // Valid and allowed: the domain decides; those go to the next test.
        // (Sent with an ack there: an accepted command's ack is what later retries must get back.)
        if (exp.kind === 'domain') diverted.push({ index, c: { ...c, ack: true } });
        else batch.push({ index, c, exp });
        index++;
      }
      await runBatch(batch, failures, refusalProblem);
      for (const p of batch) covered.add(`${String(p.c.event)} × ${p.c.role}`);
      counts.hostile += batch.length;
      if (counts.hostile - segmentStart >= SEGMENT || counts.hostile >= HOSTILE_CASES) {
        failures.push(...(await barrier(segment, `cases up to #${index - 1}`)));
        segment = marks();
        segmentStart = counts.hostile;
      }
    }
    report('hostile payloads', failures);
    expect(counts.hostile).toBeGreaterThanOrEqual(HOSTILE_CASES);
    if (HOSTILE_CASES >= 10_000) {
      // Every command and sync:resync came from every role, and so did names of Object.prototype's properties.
      const wanted = [...COMMAND_NAMES, 'sync:resync'].flatMap((event) => FUZZ_ROLES.map((role) => `${event} × ${role}`));
      expect(wanted.filter((pair) => !covered.has(pair))).toEqual([]);
      for (const event of ['__proto__', 'constructor', 'toString']) expect([...covered].some((pair) => pair.startsWith(`${event} ×`)), event).toBe(true);
    }
  });

  // -- the domain: schema-valid commands from allowed roles ---------------------------------------

  type Prediction = { kind: 'stored'; ack: Ack } | { kind: 'accept'; secret: boolean } | { kind: 'inBox' } | { kind: 'refuse'; code: string } | { kind: 'throws'; error: string };
  /**
   * Secret ballots accepted into the ballot box (server/engine/ballot-box.ts) and not yet
   * acknowledged: their ack comes with their batch or the close, by actor and cid, with what they asked.
   */
  const inBox = new Map<string, { request: string; acks: Promise<Sent>[]; label: string }>();
  /**
   * Acks the server stored by actor and cid, with what the command asked (null for a secret
   * ballot, whose request is not stored): a retry gets exactly them back.
   */
  const storedAcks = new Map<string, { ack: Ack; request: string | null }>();
  /** What a case asks, read as the server reads it (docs/protocol.md: a cid's request digest). */
  const requestOf = (c: FuzzCase, exp: Extract<Expected, { kind: 'domain' }>) => requestDigest(exp.name, v.parse(commandSchemas[exp.name], (wire(c.args[0]) as { args: unknown }).args));

  function actorOf(role: FuzzRole): Actor {
    const conventionId = fx.conventionId;
    if (role === 'member' || role === 'otherTableMember') return { role: 'member', conventionId, memberId: fx.memberIds[role] };
    return { role, conventionId };
  }

  const storedKey = (role: FuzzRole, cid: string) => `${actorKey(actorOf(role))}\u0000${cid}`;

  /** What the domain will answer, from the same pure decide() on the server's current state. */
  function predict(c: FuzzCase, exp: Extract<Expected, { kind: 'domain' }>): Prediction {
    const stored = storedAcks.get(storedKey(c.role, exp.cid));
    // The same cid asking something else is refused whatever the domain would say of it.
    if (stored) return stored.request === null || stored.request === requestOf(c, exp) ? { kind: 'stored', ack: stored.ack } : { kind: 'refuse', code: 'CID_REUSED' };
    // A retry of a ballot waiting in the box waits with it; another command under its cid is refused.
    const boxed = inBox.get(storedKey(c.role, exp.cid));
    if (boxed) return boxed.request === requestOf(c, exp) ? { kind: 'inBox' } : { kind: 'refuse', code: 'CID_REUSED' };
    const actor = actorOf(c.role);
    try {
      // The state the engine decides on: participation includes the ballots waiting in the box.
      const decision = decide(server.app.engine.viewState(fx.conventionId)!, { name: exp.name, args: exp.args } as Command, { actor, ctx: frozenClock(1), connected: new Set() });
      if (decision.ok || decision.record?.length) return { kind: 'accept', secret: decision.ok && (decision.secretBallots?.length ?? 0) > 0 };
      return { kind: 'refuse', code: decision.error.code };
    } catch (error) {
      return { kind: 'throws', error: String(error) };
    }
  }

  function batchesWithUniqueCids<T>(items: T[], key: (item: T) => string): T[][] {
    const batches: T[][] = [];
    let rest = items;
    while (rest.length > 0) {
      const seen = new Set<string>();
      const batch: T[] = [];
      const later: T[] = [];
      for (const item of rest) {
        if (batch.length < BATCH && !seen.has(key(item))) {
          seen.add(key(item));
          batch.push(item);
        } else later.push(item);
      }
      batches.push(batch);
      rest = later;
    }
    return batches;
  }

  const BEFORE_DOMAIN = new Set(['INVALID_PAYLOAD', 'FORBIDDEN', 'UNKNOWN_COMMAND', 'RATE_LIMITED', 'INTERNAL']);

  it('answers schema-valid commands with random ids and cids from the domain; its refusals change nothing and broadcast nothing', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    let index = 1_000_000;
    const perRound = Math.ceil(diverted.length / DOMAIN_ROUNDS);
    for (let round = 0; round < DOMAIN_ROUNDS && failures.length < 60; round++) {
      const cases: { index: number; c: FuzzCase }[] = diverted.slice(round * perRound, (round + 1) * perRound);
      for (let i = 0; i < DOMAIN_CASES_PER_ROUND; i++, index++) cases.push({ index, c: generateCase(caseSeed(RUN_SEED, index), fx.pools, { mode: 'valid' }) });
      // A schema-read generator may miss a `check` of a command it does not know: such a case is
      // an ordinary refusal (the oracle says which), checked with the hostile ones.
      const invalid: Planned[] = [];
      const planned = cases.flatMap(({ index, c }) => {
        const exp = expectation(c);
        if (exp.kind !== 'domain') {
          invalid.push({ index, c, exp });
          return [];
        }
        return [{ index, c, exp, prediction: predict(c, exp) }];
      });
      if (invalid.length > 0) await runBatch(invalid, failures, refusalProblem);
      counts.domain += invalid.length;

      // 1. Those the domain refuses (or that retry a stored cid): at once, in batches; then a barrier.
      // A batch never holds two commands of one actor with one cid: the engine hands a command
      // racing another with the same cid that one's answer (a retry waits for the first attempt).
      const segment = marks();
      const quiet = planned.filter((p) => p.prediction.kind === 'refuse' || p.prediction.kind === 'stored');
      for (const batch of batchesWithUniqueCids(quiet, (p) => storedKey(p.c.role, p.exp.cid))) {
        await runBatch(batch, failures, (p, sent) => {
          const { prediction } = p as (typeof planned)[number];
          if (!sent.acked) return `no ack within ${ACK_MS} ms`;
          const shape = ackShapeProblem(sent.ack);
          if (shape) return shape;
          if (prediction.kind === 'stored') return JSON.stringify(sent.ack) === JSON.stringify(prediction.ack) ? null : `a retry of a stored cid got ${short(sent.ack)}, not the stored ${short(prediction.ack)}`;
          const ack = sent.ack as Ack;
          if (ack.ok) return `accepted, but decide() refuses it on the same state (${prediction.kind === 'refuse' ? prediction.code : prediction.kind})`;
          return prediction.kind === 'refuse' && ack.error.code !== prediction.code ? `refused with ${ack.error.code}, decide() says ${prediction.code}` : null;
        });
      }
      counts.domain += quiet.length;
      failures.push(...(await barrier(segment, `domain round ${round} refusals`)));

      // 2. Those the domain accepts: one at a time, since they change the state.
      for (const p of planned.filter((q) => q.prediction.kind === 'accept' || q.prediction.kind === 'throws' || q.prediction.kind === 'inBox')) {
        const exp = p.exp as Extract<Expected, { kind: 'domain' }>;
        const prediction = predict(p.c, exp);
        const before = world();
        const commits0 = commits;
        const key = storedKey(p.c.role, exp.cid);
        if ((prediction.kind === 'accept' && prediction.secret) || prediction.kind === 'inBox') {
          // A secret ballot is acknowledged once its batch is written (or at the close): here it
          // must reach the box (participation moves) or be answered; its ack is checked at the end.
          const boxed0 = server.app.engine.boxed;
          let settled: Sent | null = null;
          const sending = emitCase(fx.senders[p.c.role], p.c, 120_000).then((sent) => (settled = sent));
          const t0 = Date.now();
          while (!settled && server.app.engine.boxed === boxed0 && prediction.kind !== 'inBox' && Date.now() - t0 < ACK_MS) await new Promise((done) => setTimeout(done, 5));
          count(p.c);
          counts.domain++;
          if (settled && !(settled as Sent).acked) failures.push(`#${p.index} ${describeCase(p.c)}: no ack`);
          else if (!settled && prediction.kind !== 'inBox' && server.app.engine.boxed === boxed0) failures.push(`#${p.index} ${describeCase(p.c)}: a secret ballot neither answered nor in the box within ${ACK_MS} ms`);
          else {
            const entry = inBox.get(key) ?? { request: requestOf(p.c, exp), acks: [], label: `#${p.index} ${describeCase(p.c)}` };
            entry.acks.push(sending);
            inBox.set(key, entry);
            void sending.then((sent) => {
              if (sent.acked && (sent.ack as Ack).ok) storedAcks.set(key, { ack: sent.ack as Ack, request: null });
              inBox.delete(key);
            });
          }
          continue;
        }
        const sent = await emitCase(fx.senders[p.c.role], p.c);
        count(p.c);
        counts.domain++;
        const after = world();
        const fail = (problem: string) => failures.push(`#${p.index} ${describeCase(p.c)}: ${problem}`);
        if (!sent.acked) {
          fail(`no ack within ${ACK_MS} ms`);
          continue;
        }
        const shape = ackShapeProblem(sent.ack);
        if (shape) {
          fail(shape);
          continue;
        }
        const ack = sent.ack as Ack;
        if (prediction.kind === 'throws') fail(`decide() throws on this command (${prediction.error}); the server answered ${short(ack)}`);
        if (prediction.kind === 'stored') {
          if (JSON.stringify(ack) !== JSON.stringify(prediction.ack)) fail(`a retry of a stored cid got ${short(ack)}, not ${short(prediction.ack)}`);
          if (after !== before) fail(`a retry of a stored cid changed the state: ${firstDifference(before, after)}`);
          continue;
        }
        if (ack.ok) {
          // Accepted: it must be valid (it is, by construction; the oracle checks it again).
          const valid = v.safeParse(commandSchemas[exp.name], (wire(p.c.args[0]) as { args: unknown }).args);
          if (!valid.success) fail(`accepted an invalid payload: ${valid.issues[0]?.message}`);
          // A minority opinion is anonymous: no result row links its cid to its member
          // (server/engine/engine.ts, anonymous commands); that cid used again is decided afresh.
          if (exp.name === 'consensus.opinion') storedAcks.delete(storedKey(p.c.role, exp.cid));
          else storedAcks.set(storedKey(p.c.role, exp.cid), { ack, request: prediction.kind === 'accept' && prediction.secret ? null : requestOf(p.c, exp) });
          counts.domainAccepted++;
          // An erasure rewrites the log and replaces every request digest but members' own with
          // one no request has (server/privacy/erasure.ts, redactLog, ERASED_REQUEST): a cid of
          // those used again, even for the same command, is refused with CID_REUSED.
          if (exp.name === 'members.erase' && ((ack.data as { erased?: number } | undefined)?.erased ?? 0) > 0) {
            for (const [stored, entry] of storedAcks) if (!stored.startsWith('member:') && entry.request !== null) storedAcks.set(stored, { ...entry, request: ERASED_REQUEST });
          }
          continue;
        }
        if (BEFORE_DOMAIN.has(ack.error.code)) fail(`a valid command from an allowed role refused with ${ack.error.code}: ${ack.error.message}`);
        // The one refusal that is written down: an edit that lost a race goes to the proposal's history.
        const recorded = exp.name === 'proposal.edit' && ack.error.code === 'CONFLICT';
        if (recorded) storedAcks.set(storedKey(p.c.role, exp.cid), { ack, request: requestOf(p.c, exp) });
        else if (after !== before || commits !== commits0) fail(`refused with ${ack.error.code} but the state changed: ${firstDifference(before, after)}`);
      }
      checkPollution(failures, `domain round ${round}`);
      await checkSenders(failures, `domain round ${round}`);
      // Let the accepted commands' patches arrive before the next round's marks.
      await barrier();
    }
    // The ballots still in the box are acknowledged, every one of them ok, when their activities close.
    const conv = server.app.engine.conventions.get(fx.conventionId)!;
    const facilitator = fx.senders.facilitator;
    for (const vote of Object.values(conv.votes)) if (vote.status === 'open') await facilitator.send('vote.close', { voteIds: [vote.id] });
    for (const check of Object.values(conv.checks)) if (check.status === 'open') await facilitator.send('consensus.close', { checkId: check.id });
    for (const grading of Object.values(conv.gradings)) if (grading.status === 'open') await facilitator.send('grading.close', { gradingId: grading.id });
    for (const { acks, label } of [...inBox.values()]) {
      for (const sent of await Promise.all(acks)) if (!sent.acked || !(sent.ack as Ack).ok) failures.push(`${label}: after its close, answered ${sent.acked ? short(sent.ack as Ack) : 'nothing'}`);
    }
    expect(server.app.engine.boxed).toBe(0);
    // Let those closes' patches arrive before the next test's marks.
    await barrier();
    report('domain', failures);
    expect(counts.domain).toBeGreaterThan(1000);
  });

  // -- over the socket limit ---------------------------------------------------------------------

  it('payloads over the 64 KiB socket limit may cost the socket its connection, never the server', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    const segment = marks();
    for (let i = 0; i < OVERSIZE_CASES; i++) {
      const c = generateCase(caseSeed(RUN_SEED, 2_000_000 + i), fx.pools, { mode: 'oversize' });
      count(c);
      counts.oversize++;
      const before = world();
      const commits0 = commits;
      const throwaway = await connectClient(fx.url, fx.tokens[c.role]);
      const disconnected = new Promise<'disconnected'>((resolve) => throwaway.socket.once('disconnect', () => resolve('disconnected')));
      const answered = c.ack ? emitCase(throwaway, { ...c }) : (throwaway.socket.emit(c.event as string, ...c.args), new Promise<never>(() => {}));
      const outcome = await Promise.race([disconnected, answered, new Promise<'nothing'>((resolve) => setTimeout(() => resolve('nothing'), 3000))]);
      if (outcome === 'disconnected') counts.oversizeDisconnects++;
      else if (outcome !== 'nothing' && outcome.acked) {
        const shape = ackShapeProblem(outcome.ack);
        if (shape || (outcome.ack as Ack).ok) failures.push(`#${i} ${describeCase(c)}: ${shape ?? `accepted ${short(outcome.ack)}`}`);
      }
      throwaway.close();
      const health = await http(`${fx.url}/api/health`);
      if (health.status !== 200) failures.push(`#${i} ${describeCase(c)}: health answered ${health.status}`);
      await flushSenders();
      if (world() !== before) failures.push(`#${i} ${describeCase(c)}: the state changed: ${firstDifference(before, world())}`);
      if (commits !== commits0) failures.push(`#${i} ${describeCase(c)}: ${commits - commits0} commit(s)`);
    }
    await checkSenders(failures, 'oversize');
    failures.push(...(await barrier(segment, 'oversize')));
    report('oversize', failures);
  });

  // -- malformed socket.io packets ---------------------------------------------------------------

  /**
   * Packets the socket.io client would never write, sent raw (engine.io adds its "4" message
   * prefix). The parser refuses most of them and closes that socket; the server must stay up,
   * unchanged. A numeric event name (2[1,{}]) is in test/fuzz/regressions.json.
   */
  const RAW_PACKETS = [
    '2["disconnect",{"cid":"abcdefgh","args":{}}]',
    '2["connect"]',
    '2["newListener",{}]',
    '2["removeListener"]',
    '2["disconnecting"]',
    '2[',
    '2{}',
    '2"agenda.add"',
    '2[]',
    '2[null]',
    '2[true,{}]',
    '2[{"cid":"abcdefgh"}]',
    '21["convention.rename"]',
    '299999999999999999999["convention.rename",{"cid":"abcdefgh","args":{"name":42}}]',
    '2-1["convention.rename"]',
    '3',
    '31[]',
    '399[{"ok":true}]',
    '51-["convention.rename",{"_placeholder":true,"num":0}]',
    '51-["convention.rename",{"cid":"abcdefgh","args":{"_placeholder":true,"num":7}}]',
    '5999999-["convention.rename"]',
    '2["convention.rename",{"cid":"abcdefgh","args":{"_placeholder":true,"num":0}}]',
    '2["__proto__",{"cid":"abcdefgh","args":{}}]',
    '2["constructor",{"cid":"abcdefgh","args":{}}]',
    '2/other,["convention.rename",{"cid":"abcdefgh","args":{"name":"Hors espace"}}]',
    '0/admin,',
    '0',
    '1',
    '4"boom"',
    '6',
    '9',
    '2["convention.rename",{"cid":"abcdefgh","args":{"name":"x"},"__proto__":{"fuzzPolluted":true}}]',
  ];

  it('malformed socket.io packets close at most their own socket; the server stays up and unchanged', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    const segment = marks();
    for (const raw of RAW_PACKETS) {
      counts.raw++;
      kinds.set('rawPacket', (kinds.get('rawPacket') ?? 0) + 1);
      const before = world();
      const commits0 = commits;
      const throwaway = await connectClient(fx.url, fx.keys.facilitator);
      (throwaway.socket.io.engine as unknown as { write(data: string): void }).write(raw);
      // Either the server closes this socket, or it answers a packet sent after the raw one.
      await Promise.race([throwaway.waitForEvent('disconnect', 2000).catch(() => null), throwaway.socket.timeout(2000).emitWithAck('fuzz:flush', {}).catch(() => null)]);
      throwaway.close();
      const health = await http(`${fx.url}/api/health`);
      if (health.status !== 200) failures.push(`raw ${raw}: health answered ${health.status}`);
      await flushSenders();
      if (world() !== before) failures.push(`raw ${raw}: the state changed: ${firstDifference(before, world())}`);
      if (commits !== commits0) failures.push(`raw ${raw}: ${commits - commits0} commit(s)`);
      checkPollution(failures, `raw ${raw}`);
    }
    await checkSenders(failures, 'raw packets');
    failures.push(...(await barrier(segment, 'raw packets')));
    report('raw packets', failures);
  });

  it('leaves every observer with exactly the views the server computes, and no sync anomaly', async () => {
    await barrier();
    const conv = server.app.engine.conventions.get(fx.conventionId)!;
    const connected = new Set(Object.values(fx.memberIds));
    const live = { connected, publicUrl: PUBLIC_URL };
    const [consoleObserver, screenObserver, supportObserver, memberObserver] = fx.observers.map((o) => o.client);
    expect(consoleObserver!.view('console')).toEqual(consoleView(conv, live));
    expect(screenObserver!.view('screen')).toEqual(screenView(conv, live));
    expect(supportObserver!.view('public')).toEqual(publicView(conv));
    expect(memberObserver!.view('public')).toEqual(publicView(conv));
    expect(memberObserver!.view('member')).toEqual(memberView(conv, fx.memberIds.observer));
    const table = memberObserver!.channel('table');
    if (table) expect(table.view).toEqual(tableView(conv, table.key.split(':')[2]!, live));
    for (const o of [...fx.observers.map((x) => x.client), otherObserver]) expect(o.problems).toEqual([]);
    const health = await http<{ ok: boolean }>(`${fx.url}/api/health`);
    expect(health.body.ok).toBe(true);
    const total = counts.hostile + counts.domain + counts.oversize + counts.raw;
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Pinned cases, replayed against the production server (`tsx server/main.ts`) in a child
// process: a case that kills the server must not take the test runner down with it.

interface Pinned {
  seed: number;
  mode: GenerateOptions['mode'];
  openBugs: boolean;
  /** 'open': the server still fails it (the test is `it.fails`); 'fixed': it must pass. */
  status: 'open' | 'fixed';
  title: string;
  found: string;
  bug: string;
  fix: string;
}

const pinned = (JSON.parse(readFileSync(new URL('../fuzz/regressions.json', import.meta.url), 'utf8')) as { cases: Pinned[] }).cases;

describe('fuzz regressions (test/fuzz/regressions.json), against the production server', () => {
  let proc: ServerProcess | null = null;
  afterAll(async () => {
    await proc?.stop();
    await closeAll();
  });

  for (const entry of pinned) {
    // An open bug: the replay is expected to fail until the server is fixed; then flip its status.
    const test = entry.status === 'open' ? it.fails : it;
    test(`seed ${entry.seed}: ${entry.title}`, { timeout: 90_000 }, async () => {
      proc = await startServerProcess();
      const consoleView0 = await proc.consoleView();
      const keys: Keys = {
        facilitator: proc.facilitatorKey,
        projector: proc.screenUrl.split('/screen/')[1]!,
        support: consoleView0.links.support.split('/support/')[1]!,
      };
      const fx = await buildFixture(proc.url, keys, ['foreignSession1', 'foreignMember1', 'foreignLever1', 'foreignSession2']);
      const c = generateCase(entry.seed, fx.pools, { mode: entry.mode, openBugs: entry.openBugs });
      const exp = expectation(c);
      const observer = fx.observers[0]!.client;
      // The setup's last patches coalesce for a while: start from a quiet console.
      for (let i = 0; i < 20 && (await observer.quiet(250)).length > 0; i++);
      const before = JSON.stringify(observer.view('console'));
      const sent = await emitCase(fx.senders[c.role], c);
      // The server must still answer, and a refusal must have changed nothing.
      const health = await http(`${proc.url}/api/health`).catch((error: unknown) => ({ status: `down (${String((error as { cause?: { code?: string } }).cause?.code ?? error)})` }));
      expect(health.status, `health after ${describeCase(c)}`).toBe(200);
      if (c.ack) {
        expect(sent.acked, `an ack for ${describeCase(c)}`).toBe(true);
        expect(ackShapeProblem(sent.ack)).toBeNull();
      }
      if (exp.kind === 'refused' && c.ack) expect((sent.ack as Ack).ok ? 'ok' : (sent.ack as { error: { code: string } }).error.code).toBe(exp.code);
      await observer.quiet(300);
      if (exp.kind === 'refused') expect(JSON.stringify(observer.view('console'))).toBe(before);
      await closeAll();
      await proc.stop();
      proc = null;
    });
  }
});
