import { Manager } from 'socket.io-client';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import { type CommandName, commandRoles, commandSchemas, mayCommand } from '../../shared/registry.ts';
import type { Convention, Role } from '../../shared/domain/types.ts';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';
import { connectClient, connectError, connectMember, joinWithSeat, type Received, type TestClient } from '../helpers/client.ts';
import { COMMAND_NAMES, createExtraEntities, Gen, Rng, validArgs, type IdPools } from '../helpers/fuzz-payloads.ts';
import { closeAll, startServer, waitUntil, type TestServer } from '../helpers/server.ts';

// Issue 6, item 6: every command × every role, each with a valid payload built for the first
// convention: only the roles listed in shared/features/<feature>/commands.ts get past FORBIDDEN; an allowed role may
// meet a rule of the domain but never FORBIDDEN; no token gets no further than the handshake; keys
// and tokens of another convention on the same server never change the first one (its ids are
// NOT_FOUND there). The operator (issue 12) has no socket: its key is refused at the handshake
// like no token, and every command sent as the role 'operator' (the way its HTTP routes send
// them) is FORBIDDEN but the two it may send. Then: no member ever receives another member's
// ballot or silent ranking.

const NO_RATE_LIMIT = { burst: 1e9, perSecond: 1e9 };

type MatrixRole = 'noToken' | 'member' | 'otherTableMember' | 'projector' | 'support' | 'facilitator' | 'foreignFacilitator' | 'foreignProjector' | 'foreignSupport' | 'foreignMember';
const SOCKET_ROLES = ['member', 'otherTableMember', 'projector', 'support', 'facilitator', 'foreignFacilitator', 'foreignProjector', 'foreignSupport', 'foreignMember'] as const;
type SocketRole = (typeof SOCKET_ROLES)[number];
const FOREIGN: readonly SocketRole[] = ['foreignFacilitator', 'foreignProjector', 'foreignSupport', 'foreignMember'];
const FOREIGN_ROLE: Partial<Record<SocketRole, Role>> = { otherTableMember: 'member', foreignMember: 'member', foreignFacilitator: 'facilitator', foreignProjector: 'projector', foreignSupport: 'support' };
const roleOf = (role: SocketRole): Role => FOREIGN_ROLE[role] ?? (role as Role);
const allowed = (name: CommandName, role: SocketRole) => mayCommand(roleOf(role), name);
/** Codes that come before the domain: an allowed role with a valid payload never gets them. */
const BEFORE_DOMAIN = ['FORBIDDEN', 'INVALID_PAYLOAD', 'UNKNOWN_COMMAND', 'RATE_LIMITED', 'INTERNAL'];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);

describe('access matrix: every command × every role', () => {
  let server: TestServer;
  let foreign: Convention;
  const clients = {} as Record<SocketRole, TestClient>;
  const payloads = new Map<CommandName, Record<string, unknown>>();
  /** Every id of the first convention: a payload holding one of them names its entities. */
  let firstIds: Set<string>;
  const cells: string[] = [];
  const convA = () => JSON.stringify(server.app.engine.conventions.get(server.conventionId));
  const world = () => JSON.stringify(server.app.engine.world());

  beforeAll(async () => {
    server = await startServer({ members: 16, rate: NO_RATE_LIMIT });
    foreign = await createDemoConvention(server.app.engine, 8);
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    const conv = () => server.conv;
    const live = server.live.id;
    const [s2, s3] = conv().sessionOrder.filter((id) => id !== live);
    await ok(facilitator.send('tables.create', { sessionId: live, count: 2 }));
    const [t1, t2] = server.live.tables.map((t) => t.id);
    const [m0, m1, ...spare] = conv().memberOrder;
    await ok(facilitator.send('tables.seat', { sessionId: live, memberId: m0, tableId: t1 }));
    await ok(facilitator.send('tables.seat', { sessionId: live, memberId: m1, tableId: t2 }));
    const { leverId: spareLever } = await ok(facilitator.send('lever.add', { title: 'Levier de réserve' }));
    const levers = conv().levers.map((l) => l.id).filter((id) => id !== spareLever);

    clients.facilitator = facilitator;
    clients.projector = await connectClient(server.url, server.projectorKey);
    clients.support = await connectClient(server.url, server.supportKey);
    clients.member = await connectMember(server.url, server.live.code, conv().members[m0!]!.seatCode);
    clients.otherTableMember = await connectMember(server.url, server.live.code, conv().members[m1!]!.seatCode);
    clients.foreignFacilitator = await connectClient(server.url, foreign.keys.facilitator);
    clients.foreignProjector = await connectClient(server.url, foreign.keys.projector);
    clients.foreignSupport = await connectClient(server.url, foreign.keys.support);
    const foreignLive = foreign.sessions[foreign.liveSessionId!]!;
    clients.foreignMember = await connectMember(server.url, foreignLive.code, foreign.members[foreign.memberOrder[0]!]!.seatCode);
    await clients.member.waitFor((c) => c.view('table'), 5000, 'member seated');

    const enter = async (title: string, authorIds: string[]) =>
      (await ok(facilitator.send('proposal.enter', { title, text: `${title}, en détail.`, leverId: levers[0], channel: 'paper', reference: '', authorIds, receivedAt: null }))).proposalId as string;
    const p1 = await enter('Pistes cyclables continues', [m0!]);
    const p2 = await enter('Cantines bio et locales', []);
    const p3 = await enter('Rénovation des écoles', [m0!]);
    const p4 = await enter('Plus de bus le soir', []);
    const p5 = await enter('Bus de nuit le week-end', []);
    const { proposalId: pDraft } = await ok(clients.member.send('proposal.create', { title: 'Mon brouillon', text: 'À compléter.', leverId: levers[1], submit: false }));
    const { voteIds: [v1] } = await ok(facilitator.send('vote.create', { sessionId: live, proposalIds: [p1], secret: false, thresholdBp: 6000, basis: 'expressed', batch: false }));
    const { voteIds: [v2] } = await ok(facilitator.send('vote.create', { sessionId: live, proposalIds: [p2], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds: [v1] }));
    const ranking = async (title: string, silentRound: boolean, open: boolean) => {
      const { activityId } = await ok(facilitator.send('ranking.create', { sessionId: live, title, tableIds: [], silentRound }));
      if (open) await ok(facilitator.send('ranking.open', { activityId }));
      return activityId as string;
    };
    const rSilent = await ranking('Classement silencieux', true, true);
    const rTables = await ranking('Classement aux tables', false, true);
    const rStart = await ranking('Classement à lancer', true, true);
    const rDraft = await ranking('Classement en préparation', false, false);
    const rankedLevers = conv().activities[rSilent]!.leverIds;
    const firstOfTable = conv().activities[rTables]!.tables[t1!]!.order[0]!;
    const liveItems = server.live.agenda.map((i) => i.id);
    const s2Session = conv().sessions[s2!]!;
    // Questions to speakers: an open round with a question from each table's member, a duplicate
    // merged into the other table's question (questionIds[0] into questionIds[1]), a round prepared
    // for another session.
    const { roundId: questionRound } = await ok(facilitator.send('question.round.create', { sessionId: live, title: 'Questions aux chercheurs', agendaItemId: null, premoderation: false, allowAnonymous: true }));
    await ok(facilitator.send('question.round.open', { roundId: questionRound }));
    const { roundId: laterRound } = await ok(facilitator.send('question.round.create', { sessionId: s2, title: 'Questions à la Métropole', agendaItemId: null, premoderation: true, allowAnonymous: false }));
    const askAs = async (client: TestClient, text: string, anonymous: boolean) => (await ok(client.send('question.ask', { roundId: questionRound, text, anonymous }))).questionId as string;
    const otherQuestion = await askAs(clients.otherTableMember, 'Quel calendrier pour la zone à faibles émissions ?', false);
    const duplicate = await askAs(clients.member, 'Quand la zone à faibles émissions arrive-t-elle ?', true);
    const ownQuestion = await askAs(clients.member, 'Quel budget pour le vélo ?', false);
    await ok(facilitator.send('question.merge', { sourceId: duplicate, targetId: otherQuestion }));

    const written: Partial<Record<CommandName, Record<string, unknown>>> = {
      'convention.rename': { name: 'Convention renommée' },
      'lever.add': { title: 'Nouveau levier' },
      'lever.rename': { leverId: spareLever, title: 'Levier renommé' },
      'lever.remove': { leverId: spareLever },
      'lever.move': { leverId: levers[0], index: 1 },
      'member.add': { name: 'Nouvelle personne' },
      'member.update': { memberId: m0, name: conv().members[m0!]!.name, attributes: { territory: 'Centre' } },
      'member.setActive': { memberId: spare[0], active: false },
      'member.newSeatCode': { memberId: spare[1] },
      // A member of its own: the log is rewritten, and every socket of the convention stays.
      'members.erase': { memberIds: [spare[7]] },
      'convention.setRetention': { retention: { kind: 'daysAfterEnd', days: 365 } },
      'seat.release': { memberId: spare[2] },
      'session.create': { title: 'Séance en plus', startDate: '2026-09-01', endDate: '2026-09-02' },
      'session.update': { sessionId: s2, title: 'Séance 2 revue', startDate: s2Session.startDate, endDate: s2Session.endDate, allowGuests: false, quorum: 3 },
      'session.open': { sessionId: live },
      'session.close': { sessionId: s3 },
      'agenda.add': { sessionId: s2, title: 'Point ajouté', kind: 'talk', durationMin: 10 },
      'agenda.update': { sessionId: s2, itemId: s2Session.agenda[0]!.id, title: 'Point modifié', kind: 'talk', durationMin: 15 },
      'agenda.remove': { sessionId: s2, itemId: s2Session.agenda[1]!.id },
      'agenda.move': { sessionId: s2, itemId: s2Session.agenda[0]!.id, index: 2 },
      'agenda.setCurrent': { sessionId: live, itemId: liveItems[0] },
      'tables.create': { sessionId: s2, count: 2 },
      'tables.assignRandom': { sessionId: s2, balanceOn: null },
      'tables.seat': { sessionId: live, memberId: spare[3], tableId: t1 },
      'tables.rename': { sessionId: live, tableId: t1, name: 'Table des pins' },
      'presence.mark': { sessionId: live, memberIds: [spare[3]], present: true },
      'presence.markConnected': { sessionId: live },
      'screen.show': { sessionId: live, panel: 'seating' },
      'activity.show': { sessionId: live, activityId: rSilent },
      'ranking.create': { sessionId: live, title: 'Nouveau classement', tableIds: [], silentRound: true },
      'ranking.open': { activityId: rDraft },
      'ranking.startTables': { activityId: rStart },
      'ranking.submitSilent': { activityId: rSilent, order: [...rankedLevers].reverse() },
      'ranking.move': { activityId: rTables, leverId: firstOfTable, fromIndex: 0, toIndex: 1, baseVersion: 0 },
      'ranking.agree': { activityId: rTables, agree: true },
      'ranking.lock': { activityId: rTables, tableId: t1, locked: true },
      'ranking.reveal': { activityId: rTables, revealed: true },
      'ranking.close': { activityId: rTables },
      'proposal.create': { title: 'Une idée de plus', text: 'Le détail de l’idée.', leverId: levers[0], submit: true },
      'proposal.enter': { title: 'Courrier reçu', text: 'Texte du courrier.', leverId: levers[0], channel: 'mail', reference: 'C-12', authorIds: [m0], receivedAt: '2026-03-01' },
      'proposal.edit': { proposalId: p1, title: 'Pistes cyclables partout', text: 'Un texte revu.', leverId: levers[0], baseVersion: 1 },
      'proposal.submit': { proposalId: pDraft },
      'proposal.withdraw': { proposalId: p3 },
      'proposal.setStatus': { proposalIds: [p2], status: 'under_study' },
      'proposal.merge': { sourceId: p4, targetId: p5 },
      'proposal.annotate': {
        proposalId: p2,
        ecological: { score: 3, comment: 'Effet fort' },
        financial: { score: 1, comment: '' },
        economic: { score: 0, comment: '' },
        competence: { value: 'competente', note: '' },
      },
      'vote.create': { sessionId: live, proposalIds: [p5], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false },
      'vote.configure': { voteId: v2, secret: false, thresholdBp: 5000, basis: 'present', quorum: 0 },
      'vote.open': { voteIds: [v2] },
      'vote.cast': { voteId: v1, choice: 'for' },
      'vote.paper': { voteId: v1, for: 3, against: 1, abstain: 0 },
      'vote.close': { voteIds: [v1] },
      // v1 is closed by then (vote.close comes first in the registry's order): published for real.
      'publication.set': { kind: 'vote', id: v1, published: true },
      'publication.session': { sessionId: live, published: true },
      'publication.adopted': { published: true },
    };
    // Commands without a payload above (added since) get one read from their schema, with real ids.
    const pools: IdPools = {
      sessionIds: [live],
      spareMemberIds: spare.slice(4, 6),
      seatedMemberIds: [m0!],
      tableIds: [t1!],
      leverIds: levers,
      proposalIds: [p2, p5],
      voteIds: [v2],
      activityIds: [rSilent],
      itemIds: liveItems.slice(0, 1),
      questionRoundIds: [questionRound, laterRound],
      questionIds: [duplicate, otherQuestion, ownQuestion],
      foreignIds: [],
    };
    pools.extra = await createExtraEntities((n, args) => facilitator.send(n, args), pools);
    for (const name of COMMAND_NAMES) {
      let payload = written[name];
      for (let seed = 1; (!payload || !v.safeParse(commandSchemas[name], payload).success) && seed < 200; seed++) payload = validArgs(name, new Gen(new Rng(seed), pools, 1));
      payloads.set(name, payload!);
    }
    const c = conv();
    firstIds = new Set([
      c.id,
      ...c.levers.map((l) => l.id),
      spareLever,
      ...c.memberOrder,
      ...c.sessionOrder,
      ...Object.values(c.sessions).flatMap((s) => [...s.agenda.map((i) => i.id), ...s.tables.map((t) => t.id)]),
      ...c.proposalOrder,
      ...Object.keys(c.votes),
      ...Object.keys(c.activities),
      ...Object.keys(c.questionRounds),
      ...Object.values(c.questionRounds).flatMap((r) => r.questions.map((q) => q.id)),
      ...Object.values(pools.extra).flat(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await closeAll();
  });

  it('has a valid payload for every command (the matrix tests roles, not schemas)', () => {
    expect([...payloads.keys()].sort()).toEqual([...COMMAND_NAMES].sort());
    for (const [name, payload] of payloads) {
      const parsed = v.safeParse(commandSchemas[name], payload);
      expect(parsed.success, `${name}: ${parsed.issues?.[0]?.message}`).toBe(true);
    }
    // Every command has a role that may send it, and only roles that exist.
    for (const name of COMMAND_NAMES) {
      expect(commandRoles[name].length, name).toBeGreaterThan(0);
      for (const role of commandRoles[name]) expect(['facilitator', 'projector', 'support', 'member', 'visitor', 'system', 'operator']).toContain(role);
    }
  });

  it('no token: the handshake is refused with AUTH_REQUIRED, and no command gets through the refused connection', async () => {
    for (const auth of [{ protocol: PROTOCOL_VERSION }, { protocol: PROTOCOL_VERSION, token: '' }, { protocol: PROTOCOL_VERSION, token: null }]) {
      expect((await connectError(server.url, auth)).message).toBe('AUTH_REQUIRED');
    }
    // On the same engine.io connection whose handshake was refused, each command is sent raw
    // (with an ack id, as the client would): the server never acks it and changes nothing.
    const before = world();
    const results = await Promise.all(COMMAND_NAMES.map((name) => refusedConnectionAttempt(server.url, name, { cid: `no-token-${name}`.replace(/[^\w-]/g, '-'), args: payloads.get(name) })));
    results.forEach((result, i) => {
      const name = COMMAND_NAMES[i]!;
      cells.push(`${name} × noToken: ${result.refusal}`);
      expect(result.refusal, name).toBe('AUTH_REQUIRED');
      expect(result.acks, `${name}: an ack came through a refused handshake`).toEqual([]);
    });
    expect(world()).toBe(before);
  });

  describe.each(COMMAND_NAMES.map((name) => [name]))('%s', (name) => {
    it(`FORBIDDEN to all but ${commandRoles[name].join(', ')}; never to them; another convention's keys change nothing here`, async () => {
      const payload = payloads.get(name)!;
      const problems: string[] = [];
      const send = (role: SocketRole, args: unknown = payload) => clients[role].send(name, args);
      const refusedRoles = SOCKET_ROLES.filter((role) => !allowed(name, role));
      const foreignAllowed = SOCKET_ROLES.filter((role) => allowed(name, role) && FOREIGN.includes(role));
      const ownAllowed = SOCKET_ROLES.filter((role) => allowed(name, role) && !FOREIGN.includes(role));

      // 1. Roles not listed: FORBIDDEN, whatever the payload (the role is checked before it), and nothing changes.
      for (const role of refusedRoles) {
        const before = world();
        for (const args of [payload, { garbage: true }, null]) {
          const ack = await send(role, args);
          cells.push(`${name} × ${role}: ${code(ack)}`);
          if (code(ack) !== 'FORBIDDEN') problems.push(`${role} with ${JSON.stringify(args)?.slice(0, 80)}: ${code(ack)}, expected FORBIDDEN`);
        }
        if (world() !== before) problems.push(`${role}: a FORBIDDEN command changed the state`);
      }

      // 2. A key or token of another convention, for a role that is listed: the first convention
      // never changes; what names its entities is NOT_FOUND (or UNKNOWN_LEVER) over there.
      for (const role of foreignAllowed) {
        const before = convA();
        const ack = await send(role);
        cells.push(`${name} × ${role}: ${code(ack)}`);
        if (convA() !== before) problems.push(`${role}: changed the first convention (${code(ack)})`);
        const namesFirst = JSON.stringify(payload).match(/[\w-]+/g)?.some((word) => firstIds.has(word)) ?? false;
        if (namesFirst && !['NOT_FOUND', 'UNKNOWN_LEVER'].includes(code(ack))) problems.push(`${role}: ${code(ack)} for ids of the first convention, expected NOT_FOUND`);
        if (!ack.ok && BEFORE_DOMAIN.includes(ack.error.code)) problems.push(`${role}: ${ack.error.code} (${ack.error.message}) for an allowed role`);
      }

      // 3. Listed roles: the domain decides (it may refuse, e.g. NOT_AT_TABLE), never FORBIDDEN.
      for (const role of ownAllowed) {
        const ack = await send(role);
        cells.push(`${name} × ${role}: ${code(ack)}`);
        if (!ack.ok && BEFORE_DOMAIN.includes(ack.error.code)) problems.push(`${role}: ${ack.error.code} (${ack.error.message}) for an allowed role with a valid payload`);
      }
      expect(problems, `${name} with ${JSON.stringify(payload)}`).toEqual([]);
      // The sockets are all still there (no command of the matrix signs one of them out).
      for (const role of SOCKET_ROLES) expect(clients[role].connected, `${role} still connected`).toBe(true);
    });
  });

  it('the operator key: refused at the handshake, and no command gets through the refused connection', async () => {
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: server.operatorKey })).message).toBe('AUTH_INVALID');
    const before = world();
    const auth = { protocol: PROTOCOL_VERSION, token: server.operatorKey };
    const results = await Promise.all(COMMAND_NAMES.map((name) => refusedConnectionAttempt(server.url, name, { cid: `operator-${name}`.replace(/[^\w-]/g, '-'), args: payloads.get(name) }, auth)));
    results.forEach((result, i) => {
      const name = COMMAND_NAMES[i]!;
      cells.push(`${name} × operatorSocket: ${result.refusal}`);
      expect(result.refusal, name).toBe('AUTH_INVALID');
      expect(result.acks, `${name}: an ack came through a refused handshake`).toEqual([]);
    });
    expect(world()).toBe(before);
  });

  it('the operator role (its HTTP routes): FORBIDDEN for every command but convention.create, template.apply and the archive, which its rules decide', async () => {
    const operatorMay = COMMAND_NAMES.filter((name) => mayCommand('operator', name));
    expect(operatorMay.sort()).toEqual(['convention.archive', 'convention.create', 'convention.unarchive', 'template.apply']);
    const operator = { role: 'operator' as const, conventionId: server.conventionId };
    const problems: string[] = [];
    for (const name of COMMAND_NAMES) {
      const payload = payloads.get(name)!;
      if (!operatorMay.includes(name)) {
        const before = world();
        for (const args of [payload, { garbage: true }, null]) {
          const ack = await server.app.engine.command(operator, name, args);
          if (code(ack) !== 'FORBIDDEN') problems.push(`${name} with ${JSON.stringify(args)?.slice(0, 80)}: ${code(ack)}, expected FORBIDDEN`);
        }
        cells.push(`${name} × operator: FORBIDDEN`);
        if (world() !== before) problems.push(`${name}: a FORBIDDEN command changed the state`);
        continue;
      }
      const ack = await server.app.engine.command(operator, name, payload);
      cells.push(`${name} × operator: ${code(ack)}`);
      if (!ack.ok && BEFORE_DOMAIN.includes(ack.error.code)) problems.push(`${name}: ${ack.error.code} (${ack.error.message}) for the operator with a valid payload`);
    }
    // template.apply on a convention that has its programme already: its rule refuses (CONFLICT).
    expect(cells).toContain('template.apply × operator: CONFLICT');
    expect(cells).toContain('convention.create × operator: ok');
    expect(problems).toEqual([]);
  });

  it('lets each listed role succeed somewhere: the matrix is not all refusals', () => {
    if (process.env.DEBUG_MATRIX) console.log(cells.join('\n'));
    const okCells = cells.filter((cell) => cell.endsWith(': ok'));
    for (const role of ['member', 'facilitator', 'support'] as const) expect(okCells.some((cell) => cell.includes(`× ${role}:`)), role).toBe(true);
    expect(cells.some((cell) => cell.endsWith(': FORBIDDEN'))).toBe(true);
  });
});

/** Opens an engine.io connection, is refused the handshake, then sends one command raw on it. */
async function refusedConnectionAttempt(url: string, name: string, envelope: unknown, auth: Record<string, unknown> = { protocol: PROTOCOL_VERSION }): Promise<{ refusal: string | null; acks: string[] }> {
  const manager = new Manager(url, { autoConnect: false, reconnection: false, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => manager.open((error) => (error ? reject(error) : resolve())));
  const engine = manager.engine as unknown as { write(data: string): void; on(event: string, listener: (data: unknown) => void): void; close(): void };
  const messages: string[] = [];
  let closed = false;
  engine.on('message', (data) => messages.push(String(data)));
  engine.on('close', () => (closed = true));
  // socket.io CONNECT to "/" with a handshake `auth` that has no token (or one no socket accepts).
  engine.write(`0${JSON.stringify(auth)}`);
  await waitUntil(() => messages.some((m) => m.startsWith('4')) || closed, 5000, 'connect error');
  const refusal = messages.find((m) => m.startsWith('4'));
  engine.write(`21${JSON.stringify([name, envelope])}`);
  await waitUntil(() => closed, 1000, 'the server closes the connection').catch(() => undefined);
  engine.close();
  return { refusal: refusal ? (JSON.parse(refusal.slice(1)) as { message: string }).message : null, acks: messages.filter((m) => m.startsWith('3')) };
}

// ---------------------------------------------------------------------------------------------

// The first test runs the scenario and records what every socket received; the others read it.
describe('a member never receives another member’s ballot or silent ranking', () => {
  let server: TestServer;
  type Phone = TestClient & { memberId: string };
  let phones: Phone[];
  let tableOf: Map<string, string>;
  let facilitator: TestClient;
  let projector: TestClient;
  let support: TestClient;
  /** Per member: every silent order sent, and the public choices. */
  const silentOrders = new Map<string, string[][]>();
  const publicChoice = new Map<string, string>();
  let publicVote: string;
  let secretVote: string;

  beforeAll(async () => {
    server = await startServer({ members: 12, rate: NO_RATE_LIMIT });
    facilitator = await connectClient(server.url, server.facilitatorKey);
    projector = await connectClient(server.url, server.projectorKey);
    support = await connectClient(server.url, server.supportKey);
    const live = server.live.id;
    await ok(facilitator.send('tables.create', { sessionId: live, count: 2 }));
    const [t1, t2] = server.live.tables.map((t) => t.id);
    const members = server.conv.memberOrder.slice(0, 4);
    // Three members at table 1 (they share its channel), one at table 2.
    tableOf = new Map(members.map((id, i) => [id, i < 3 ? t1! : t2!]));
    for (const [memberId, tableId] of tableOf) await ok(facilitator.send('tables.seat', { sessionId: live, memberId, tableId }));
    phones = [];
    for (const id of members) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'), 5000, 'seated')));
  }, 60_000);

  afterAll(async () => {
    await closeAll();
  });

  it('3 members at one table and 1 at another vote in public and in secret and rank in silence', async () => {
    const live = server.live.id;
    const enter = async (title: string) =>
      (await ok(facilitator.send('proposal.enter', { title, text: `${title}.`, leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }))).proposalId as string;
    const [p1, p2] = [await enter('Zones à faibles émissions'), await enter('Tarification solidaire de l’eau')];
    ({ voteIds: [publicVote] } = await ok(facilitator.send('vote.create', { sessionId: live, proposalIds: [p1], secret: false, thresholdBp: 6000, basis: 'expressed', batch: false })));
    ({ voteIds: [secretVote] } = await ok(facilitator.send('vote.create', { sessionId: live, proposalIds: [p2], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false })));
    await ok(facilitator.send('vote.open', { voteIds: [publicVote, secretVote] }));
    const { activityId } = await ok(facilitator.send('ranking.create', { sessionId: live, title: 'Priorités', tableIds: [], silentRound: true }));
    await ok(facilitator.send('ranking.open', { activityId }));
    const levers = server.conv.activities[activityId]!.leverIds;

    // Distinct orders, none of them the convention's order: rotations, reversed.
    const order = (i: number, again: boolean) => {
      const rotated = [...levers.slice(i + 1), ...levers.slice(0, i + 1)];
      return again ? rotated.reverse() : rotated;
    };
    const choices = ['for', 'against', 'abstain', 'for'] as const;
    const secretChoices = ['against', 'for', 'for', 'abstain'] as const;
    // Four secret ballots (fewer than k) wait in the ballot box until the close acknowledges them.
    const secretAcks: Promise<unknown>[] = [];
    await Promise.all(
      phones.map(async (phone, i) => {
        await ok(phone.send('ranking.submitSilent', { activityId, order: order(i, false) }));
        // Resent during the round: the latest counts.
        await ok(phone.send('ranking.submitSilent', { activityId, order: order(i, true) }));
        silentOrders.set(phone.memberId, [order(i, false), order(i, true)]);
        await ok(phone.send('vote.cast', { voteId: publicVote, choice: choices[(i + 1) % 3] }));
        await ok(phone.send('vote.cast', { voteId: publicVote, choice: choices[i] }));
        publicChoice.set(phone.memberId, choices[i]!);
        secretAcks.push(
          phone.send('vote.cast', { voteId: secretVote, choice: secretChoices[i] }).then((secret) => {
            // The ack of a secret ballot carries nothing.
            expect(secret).toEqual({ ok: true });
          }),
        );
      }),
    );
    // Every phone sees its own ballot and ranking (its member channel), then the votes close.
    await Promise.all(
      phones.map((phone) =>
        phone.waitFor((c) => {
          const me = c.view('member');
          return me?.votes.voted.length === 2 && JSON.stringify(me.ranking?.silentOrder) === JSON.stringify(silentOrders.get(phone.memberId)![1]);
        }, 5000, 'own ballot and ranking'),
      ),
    );
    await ok(facilitator.send('vote.close', { voteIds: [publicVote, secretVote] }));
    await Promise.all(secretAcks);
    const name = 'Fin du vote';
    await ok(facilitator.send('convention.rename', { name }));
    await Promise.all([...phones, support].map((p) => p.waitFor((c) => c.view('public')?.conventionName === name && c.view('public')?.votes.every((x) => x.status === 'closed'), 5000, 'closed')));
    await projector.waitFor((c) => c.view('screen')?.conventionName === name, 5000, 'projector');
    // Member channels coalesce over 500 ms: let the last of them arrive.
    await new Promise((resolve) => setTimeout(resolve, 700));

    // Each phone's own view: its public choice, no secret choice, its last silent order.
    for (const phone of phones) {
      const me = phone.view('member')!;
      expect(me.votes.choices).toEqual({ [publicVote]: publicChoice.get(phone.memberId) });
      expect(me.votes.voted.sort()).toEqual([publicVote, secretVote].sort());
      expect(me.ranking?.silentOrder).toEqual(silentOrders.get(phone.memberId)![1]);
    }
  });

  it('the member channel of one member is never delivered to another member’s socket', () => {
    const conventionId = server.conventionId;
    for (const phone of phones) {
      const own = new Set([`public:${conventionId}`, `member:${conventionId}:${phone.memberId}`, `table:${conventionId}:${tableOf.get(phone.memberId)}`]);
      const channels = new Set(channelsOf(phone.received()));
      expect([...channels].filter((key) => !own.has(key)), `channels received by ${phone.memberId}`).toEqual([]);
      expect(channels.has(`member:${conventionId}:${phone.memberId}`)).toBe(true);
    }
    // The support group and the projector get no member channel at all.
    expect(channelsOf(support.received()).filter((key) => key.startsWith('member:'))).toEqual([]);
    expect(channelsOf(projector.received()).filter((key) => key.startsWith('member:') || key.startsWith('table:'))).toEqual([]);
  });

  it('the leak detector finds planted leaks (so that the test above cannot pass by seeing nothing)', () => {
    const [a, b] = phones.map((p) => p.memberId);
    const order = silentOrders.get(b!)![0]!;
    const own = `member:${server.conventionId}:${a}`;
    const planted: Received[] = [
      { event: 'sync:patch', args: [{ channel: `table:${server.conventionId}:x`, patch: [{ op: 'set', path: ['ranking', 'order'], value: order }] }], at: 0 },
      { event: 'sync:patch', args: [{ channel: `public:${server.conventionId}`, patch: [{ op: 'set', path: ['votes', 0, 'ballots'], value: { [b!]: 'for' } }] }], at: 0 },
      { event: 'sync:snapshot', args: [{ channel: `public:${server.conventionId}`, view: { votes: { choices: { v: 'for' } } } }], at: 0 },
      { event: 'sync:snapshot', args: [{ channel: `public:${server.conventionId}`, view: { activity: { silent: { [b!]: order } } } }], at: 0 },
    ];
    planted.push({ event: 'sync:patch', args: [{ channel: `table:${server.conventionId}:x`, patch: [{ op: 'set', path: ['votes', 'ballots', b!], value: 'against' }] }], at: 0 });
    const leaks = findLeaks(planted, [b!], silentOrders, own);
    expect(leaks.some((l) => l.includes('message 4') && l.includes("another member's \"against\""))).toBe(true);
    expect(leaks.filter((l) => l.includes('message 0') && l.includes('silent order'))).toHaveLength(1);
    expect(leaks.some((l) => l.includes('message 1') && l.includes('of another member'))).toBe(true);
    expect(leaks.some((l) => l.includes('message 1') && l.includes('a patch of individual ballots'))).toBe(true);
    expect(leaks.some((l) => l.includes('message 2') && l.includes('choices outside'))).toBe(true);
    expect(leaks.some((l) => l.includes('message 3') && l.includes('individual silent'))).toBe(true);
    // The same choices on the member's own channel are its own: no leak.
    expect(findLeaks([{ event: 'sync:patch', args: [{ channel: own, patch: [{ op: 'set', path: ['votes', 'choices'], value: { v: 'for' } }] }], at: 0 }], [b!], silentOrders, own)).toEqual([]);
  });

  it('nothing a member received holds another member’s silent order, ballot or choice', () => {
    for (const phone of phones) {
      const others = phones.filter((p) => p !== phone).map((p) => p.memberId);
      const leaks = findLeaks(phone.received(), others, silentOrders, `member:${server.conventionId}:${phone.memberId}`);
      expect(leaks, `leaks to ${phone.memberId}`).toEqual([]);
    }
    // Nor what the support group and the projector received (counts only), nor the console (no individual rankings).
    const everyone = phones.map((p) => p.memberId);
    expect(findLeaks(support.received(), everyone, silentOrders, null)).toEqual([]);
    expect(findLeaks(projector.received(), everyone, silentOrders, null)).toEqual([]);
    expect(findLeaks(facilitator.received(), everyone, silentOrders, null).filter((leak) => leak.includes('silent order'))).toEqual([]);
  });
});

/** Channel keys named by received snapshots, patches and drops. */
function channelsOf(received: Received[]): string[] {
  return received.flatMap((r) => {
    if (r.event === 'sync:snapshot' || r.event === 'sync:patch') return [(r.args[0] as { channel: string }).channel];
    if (r.event === 'sync:drop') return [r.args[0] as string];
    return [];
  });
}

const CHOICES = new Set(['for', 'against', 'abstain']);

/**
 * Walks every value received: another member's silent order (as a list of lever ids), a map keyed
 * by another member's id holding a choice or an order, a `ballots` map, or `choices` outside the
 * receiver's own member channel.
 */
function findLeaks(received: Received[], others: string[], orders: Map<string, string[][]>, ownChannel: string | null): string[] {
  const leaks: string[] = [];
  const otherOrders = others.flatMap((id) => (orders.get(id) ?? []).map((order) => ({ id, text: JSON.stringify(order) })));
  const otherIds = new Set(others);
  received.forEach((r, index) => {
    const channel = r.event === 'sync:snapshot' || r.event === 'sync:patch' ? (r.args[0] as { channel: string }).channel : null;
    const where = `message ${index} (${r.event} ${channel ?? ''})`;
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        if (node.length > 1 && node.every((x) => typeof x === 'string')) {
          const text = JSON.stringify(node);
          for (const order of otherOrders) if (order.text === text) leaks.push(`${where} ${path}: silent order of ${order.id}`);
        }
        node.forEach((item, i) => walk(item, `${path}[${i}]`));
        return;
      }
      if (!node || typeof node !== 'object') return;
      // A patch operation names keys in its path: check them as keys.
      const op = node as { op?: unknown; path?: unknown; value?: unknown };
      if (typeof op.op === 'string' && Array.isArray(op.path)) {
        const leaf = (typeof op.value === 'string' && CHOICES.has(op.value)) || Array.isArray(op.value);
        if (op.path.includes('ballots')) leaks.push(`${where} ${path}: a patch of individual ballots`);
        if (op.path.some((segment) => otherIds.has(segment as string)) && leaf) leaks.push(`${where} ${path}: a patch of another member's ${JSON.stringify(op.value)}`);
        if (op.path.includes('choices') && channel !== ownChannel) leaks.push(`${where} ${path}: a patch of choices outside the member's own channel`);
      }
      for (const [key, value] of Object.entries(node)) {
        if (otherIds.has(key) && ((typeof value === 'string' && CHOICES.has(value)) || Array.isArray(value))) leaks.push(`${where} ${path}.${key}: ${JSON.stringify(value)} of another member`);
        if (key === 'ballots' || (key === 'silent' && value && typeof value === 'object' && !Array.isArray(value) && !('submitted' in value))) leaks.push(`${where} ${path}.${key}: individual ${key}`);
        if (key === 'choices' && channel !== ownChannel) leaks.push(`${where} ${path}.choices outside the member's own channel`);
        walk(value, `${path}.${key}`);
      }
    };
    walk(r.args, '');
  });
  return leaks;
}
