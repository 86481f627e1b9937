import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 12, item 3: what a closed activity counted never changes. Each kind of activity is run
// to its close with real phones, then everything a screen or an export says of it is captured:
// the console, the projector, a phone, export.json and the CSV sheets. Then every later edit
// the facilitator can make is applied (tables renamed and re-created, groups made, levers
// renamed and removed, the roster renamed, a member leaving and replaced, presence changed, the
// session and the convention renamed, sessions reordered, proposals edited) and everything is
// captured again: byte for byte the same. Then once more
// after a restart that replays the log, and after one that starts from a snapshot (secret
// counts come back from their counters, not from the snapshot).

type Phone = TestClient & { memberId: string };
interface Clients {
  facilitator: TestClient;
  projector: TestClient;
  phones: Phone[];
}
/** What every screen and export says of one closed activity, as JSON text (exportedAt left out). */
type Capture = (c: Clients) => Promise<Record<string, string>>;

let server: TestServer;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const auth = () => ({ headers: { authorization: `Bearer ${server.facilitatorKey}` } });
async function exportJson(): Promise<any> {
  const res = await http(`${server.url}/api/export.json`, auth());
  expect(res.status).toBe(200);
  return res.body;
}
async function sheet(path: string): Promise<string> {
  const res = await http<string>(`${server.url}${path}`, auth());
  expect(res.status).toBe(200);
  return String(res.body);
}
const text = (value: unknown) => JSON.stringify(value ?? null);
const consoleSession = (c: Clients) => c.facilitator.view('console')!.sessions.find((s) => s.id === server.live.id)!;
const screen = (c: Clients) => c.projector.view('screen')!.session!;
const phone = (c: Clients) => c.phones[0]!;

async function connect(): Promise<Clients> {
  const facilitator = await connectClient(server.url, server.facilitatorKey);
  const projector = await connectClient(server.url, server.projectorKey);
  const phones: Phone[] = [];
  for (const id of server.conv.memberOrder) {
    const member = server.conv.members[id]!;
    if (member.active) phones.push(await connectMember(server.url, server.live.code, member.seatCode));
  }
  await facilitator.waitFor((c) => c.view('console'));
  await projector.waitFor((c) => c.view('screen'));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('public') && c.view('member'))));
  return { facilitator, projector, phones };
}

async function proposals(c: Clients, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const leverId = server.conv.levers[i % server.conv.levers.length]!.id;
    const { proposalId } = await ok(c.facilitator.send('proposal.enter', { title: `Proposition ${i + 1}`, text: `Texte de la proposition ${i + 1}.`, leverId, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    ids.push(proposalId);
  }
  return ids;
}

const byTable = (c: Clients) => {
  const tables = new Map<string, Phone[]>();
  for (const p of c.phones) {
    const id = p.view('table')?.id;
    if (id) tables.set(id, [...(tables.get(id) ?? []), p]);
  }
  return tables;
};

/**
 * Every edit the facilitator can make after a close, none of which may change a closed result.
 * Refusals are fine (a proposal that was voted on may refuse an edit): what matters is that
 * nothing that is accepted changes the record.
 */
async function editEverything(c: Clients): Promise<void> {
  const sessionId = server.live.id;
  const conv = server.conv;
  for (const table of server.live.tables) await ok(c.facilitator.send('tables.rename', { sessionId, tableId: table.id, name: `${table.name} (renommée)` }));
  for (const lever of conv.levers) await ok(c.facilitator.send('lever.rename', { leverId: lever.id, title: `${lever.title} (renommé)` }));
  await c.facilitator.send('lever.remove', { leverId: conv.levers.at(-1)!.id });
  for (const id of conv.memberOrder) await ok(c.facilitator.send('member.update', { memberId: id, name: `${conv.members[id]!.name} (renommé)`, attributes: {} }));
  await ok(c.facilitator.send('member.setActive', { memberId: conv.memberOrder.at(-1)!, active: false, reason: 'Déménagement' }));
  await ok(c.facilitator.send('member.add', { name: 'Nouvelle Venue', attributes: {}, replaces: conv.memberOrder.at(-1)! }));
  await ok(c.facilitator.send('convention.rename', { name: `${conv.name} (renommée)` }));
  await c.facilitator.send('session.move', { sessionId, index: conv.sessionOrder.length - 1 });
  await ok(c.facilitator.send('presence.mark', { sessionId, memberIds: conv.memberOrder.slice(0, 3), present: false }));
  for (const p of Object.values(server.conv.proposals)) await c.facilitator.send('proposal.edit', { proposalId: p.id, title: `${p.title} (modifiée)`, text: `${p.text} Modifiée.`, leverId: p.leverId, baseVersion: p.version });
  await ok(c.facilitator.send('tables.create', { sessionId, count: 2 }));
  await ok(c.facilitator.send('tables.assignRandom', { sessionId, balanceOn: null }));
  for (const group of server.live.groups ?? []) await ok(c.facilitator.send('groups.rename', { sessionId, groupId: group.id, name: `${group.name} (renommé)` }));
  await ok(c.facilitator.send('groups.create', { sessionId, count: 2 }));
  await ok(c.facilitator.send('groups.assignRandom', { sessionId, balanceOn: null }));
  const s = server.live;
  const title = `${s.title} (renommée)`;
  await ok(c.facilitator.send('session.update', { sessionId, title, startDate: s.startDate, endDate: s.endDate, allowGuests: s.allowGuests, quorum: s.quorum + 1 }));
  // The session's new title is the last edit: once every screen shows it, each has every patch.
  await c.facilitator.waitFor((x) => x.view('console')!.sessions.find((v) => v.id === sessionId)?.title === title);
  await c.projector.waitFor((x) => x.view('screen')?.session?.title === title);
  // (The deactivated member's phone lost its seat.)
  await Promise.all(c.phones.filter((p) => p.connected).map((p) => p.waitFor((x) => x.view('public')?.session?.title === title)));
}

const ACTORS = [
  { organisation: 'Association négaWatt', name: 'Chargée de mission', theme: 'Production d’énergie', table: '14' },
  { organisation: 'The Shift Project', name: '', theme: 'Action économique du territoire', table: '15' },
  { organisation: 'Vélo Cité', name: '', theme: 'Mobilité des personnes', table: '16' },
];

/**
 * A vision's writing units (tables or groups, each with its phones) each write a text in two
 * saves; the vision closes, its gallery shows, the second unit reacts to the first; what the
 * console, the projector and a phone then say of it.
 */
async function writeCloseAndCapture(c: Clients, visionId: string, units: (readonly [string, Phone[]])[], unitWord: string): Promise<Capture> {
  for (const [i, [, members]] of units.entries()) {
    await ok(members[0]!.send('vision.edit', { visionId, text: `En 2050, ${unitWord} ${i + 1} voit un territoire sobre.`, baseVersion: 0 }));
    await ok(members[1]!.send('vision.edit', { visionId, text: `En 2050, ${unitWord} ${i + 1} voit un territoire sobre et solidaire.`, baseVersion: 1 }));
  }
  await ok(c.facilitator.send('vision.close', { visionId }));
  await ok(c.facilitator.send('vision.gallery', { visionId, shown: true }));
  await ok(units[1]![1][0]!.send('vision.react', { visionId, tableId: units[0]![0], reaction: 'adhere', on: true }));
  await c.projector.waitFor((x) => x.view('screen')?.session?.vision?.tables.some((t) => t.reactions.adhere === 1));
  await phone(c).waitFor((x) => x.view('public')?.vision?.tables.some((t) => t.reactions.adhere === 1));
  return async (x) => ({
    console: text(consoleSession(x).visions.find((v) => v.id === visionId)),
    projector: text(screen(x).vision),
    phone: text(phone(x).view('public')!.vision),
  });
}

interface Kind {
  name: string;
  /** Runs the activity to its close (results shown to the room) and says how to capture it. */
  run: (c: Clients) => Promise<Capture>;
}

const KINDS: Kind[] = [
  {
    name: 'lever ranking with a silent round',
    async run(c) {
      const sessionId = server.live.id;
      const levers = server.conv.levers.map((l) => l.id);
      const { activityId } = await ok(c.facilitator.send('ranking.create', { sessionId, title: 'Priorisation', tableIds: [], silentRound: true }));
      await ok(c.facilitator.send('ranking.open', { activityId }));
      await ok(c.facilitator.send('activity.show', { sessionId, activityId }));
      await Promise.all(c.phones.map((p, i) => ok(p.send('ranking.submitSilent', { activityId, order: [...levers.slice(i % 4), ...levers.slice(0, i % 4)] }))));
      await ok(c.facilitator.send('ranking.startTables', { activityId }));
      for (const [tableId, members] of byTable(c)) {
        const ranking = await members[0]!.waitFor((x) => x.view('table')?.ranking);
        // Each table moves a different lever to the top, so the tables disagree.
        const index = [...tableId].reduce((n, ch) => n + ch.charCodeAt(0), 0) % ranking.order.length;
        await ok(members[0]!.send('ranking.move', { activityId, leverId: ranking.order[index]!, fromIndex: index, toIndex: 0, baseVersion: ranking.version }));
        await ok(c.facilitator.send('ranking.lock', { activityId, tableId, locked: true }));
      }
      await ok(c.facilitator.send('ranking.close', { activityId }));
      await ok(c.facilitator.send('ranking.reveal', { activityId, revealed: true }));
      await c.projector.waitFor((x) => x.view('screen')?.session?.ranking?.aggregate);
      await phone(c).waitFor((x) => x.view('public')?.activity?.roomOrder);
      return async (x) => ({
        console: text(consoleSession(x).rankings.find((r) => r.id === activityId)),
        projector: text(screen(x).ranking),
        phone: text(phone(x).view('public')!.activity),
        export: text((await exportJson()).rankings.find((r: any) => r.activity.id === activityId)),
        csv: await sheet('/api/export/rankings.csv'),
      });
    },
  },
  {
    name: 'quick poll',
    async run(c) {
      const sessionId = server.live.id;
      const { pollId } = await ok(c.facilitator.send('poll.create', { sessionId, agendaItemId: null, question: 'Quel scénario ?', format: { kind: 'single', options: ['Génération frugale', 'Coopérations territoriales', 'Technologies vertes'] }, live: false }));
      await ok(c.facilitator.send('poll.launch', { sessionId, pollId }));
      await Promise.all(c.phones.map((p, i) => ok(p.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [`o${(i % 3) + 1}`] } }))));
      await ok(c.facilitator.send('poll.close', { pollId }));
      await ok(c.facilitator.send('poll.reveal', { pollId, revealed: true }));
      await c.projector.waitFor((x) => x.view('screen')?.session?.poll?.results);
      await phone(c).waitFor((x) => x.view('public')?.poll?.results);
      return async (x) => ({
        console: text(consoleSession(x).polls.find((p) => p.id === pollId)),
        projector: text(screen(x).poll),
        phone: text(phone(x).view('public')!.poll),
        export: text((await exportJson()).polls.find((p: any) => p.id === pollId)),
      });
    },
  },
  {
    name: 'consensus check',
    async run(c) {
      const sessionId = server.live.id;
      const ids = await proposals(c, 2);
      const { checkId } = await ok(c.facilitator.send('consensus.create', { sessionId, title: 'Mesure du consensus', proposalIds: ids, mode: 'batch', levels: null, allowUnsure: true, live: false }));
      await ok(c.facilitator.send('consensus.open', { checkId }));
      // Answers wait in the ballot box; the close writes and acknowledges the last ones.
      const answers = ids.flatMap((id) => c.phones.map((p, i) => ok(p.send('consensus.answer', { checkId, proposalId: id, level: i % 5 }))));
      await c.facilitator.waitFor(() => ids.every((id) => consoleSession(c).deliberation.checks.find((k) => k.id === checkId)?.answered[id] === c.phones.length));
      await ok(c.phones[4]!.send('consensus.opinion', { checkId, proposalId: ids[0]!, text: 'Trop coûteux pour les petites communes.' }));
      await ok(c.facilitator.send('consensus.close', { checkId }));
      await Promise.all(answers);
      await ok(c.facilitator.send('consensus.reveal', { checkId, revealed: true }));
      await c.projector.waitFor((x) => x.view('screen')?.session?.deliberation.checks.find((k) => k.id === checkId)?.readings);
      await phone(c).waitFor((x) => x.view('public')?.deliberation.checks.find((k) => k.id === checkId)?.readings);
      return async (x) => ({
        console: text(consoleSession(x).deliberation.checks.find((k) => k.id === checkId)),
        projector: text(screen(x).deliberation.checks.find((k) => k.id === checkId)),
        phone: text(phone(x).view('public')!.deliberation.checks.find((k) => k.id === checkId)),
        export: text((await exportJson()).checks.find((k: any) => k.id === checkId)),
      });
    },
  },
  {
    name: 'grading (majority judgment)',
    async run(c) {
      const sessionId = server.live.id;
      const ids = await proposals(c, 3);
      const { gradingId } = await ok(c.facilitator.send('grading.create', { sessionId, title: 'Hiérarchisation', proposalIds: ids }));
      await ok(c.facilitator.send('grading.open', { gradingId }));
      const grades = c.phones.map((p, i) => ok(p.send('grading.grade', { gradingId, grades: { [ids[0]!]: 1, [ids[1]!]: i % 5, [ids[2]!]: i % 2 ? 0 : 6 } })));
      await c.facilitator.waitFor(() => consoleSession(c).deliberation.gradings.find((g) => g.id === gradingId)?.graded[ids[0]!] === c.phones.length);
      await ok(c.facilitator.send('grading.close', { gradingId }));
      await Promise.all(grades);
      await ok(c.facilitator.send('grading.reveal', { gradingId, revealed: true }));
      await c.projector.waitFor((x) => x.view('screen')?.session?.deliberation.gradings.find((g) => g.id === gradingId)?.ranking);
      await phone(c).waitFor((x) => x.view('public')?.deliberation.gradings.find((g) => g.id === gradingId)?.ranking);
      return async (x) => ({
        console: text(consoleSession(x).deliberation.gradings.find((g) => g.id === gradingId)),
        projector: text(screen(x).deliberation.gradings.find((g) => g.id === gradingId)),
        phone: text(phone(x).view('public')!.deliberation.gradings.find((g) => g.id === gradingId)),
        export: text((await exportJson()).gradings.find((g: any) => g.title === 'Hiérarchisation')),
      });
    },
  },
  {
    name: 'secret adoption vote with paper counts',
    async run(c) {
      const sessionId = server.live.id;
      const [proposalId] = await proposals(c, 1);
      const { voteIds } = await ok(c.facilitator.send('vote.create', { sessionId, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
      const voteId = voteIds[0] as string;
      await ok(c.facilitator.send('vote.open', { voteIds: [voteId] }));
      const ballots = c.phones.map((p, i) => ok(p.send('vote.cast', { voteId, choice: i % 3 === 0 ? 'against' : i % 4 === 0 ? 'abstain' : 'for' })));
      await c.facilitator.waitFor(() => consoleSession(c).votes.find((v) => v.id === voteId)?.voted === c.phones.length);
      await ok(c.facilitator.send('vote.paper', { voteId, for: 3, against: 2, abstain: 1 }));
      await ok(c.facilitator.send('vote.close', { voteIds: [voteId] }));
      await Promise.all(ballots);
      await c.projector.waitFor((x) => x.view('screen')?.session?.votes?.current.find((v) => v.id === voteId)?.result);
      await phone(c).waitFor((x) => x.view('public')?.votes.find((v) => v.id === voteId)?.result);
      return async (x) => ({
        console: text(consoleSession(x).votes.find((v) => v.id === voteId)),
        // `present` is the room now (shown only while a vote is open); a result has its own.
        projector: text({ ...screen(x).votes, present: null }),
        phone: text(phone(x).view('public')!.votes.find((v) => v.id === voteId)),
        export: text((await exportJson()).votes.find((v: any) => v.proposal?.id === proposalId)),
      });
    },
  },
  {
    name: 'table vision',
    async run(c) {
      const sessionId = server.live.id;
      const { visionId } = await ok(c.facilitator.send('vision.create', { sessionId, title: 'Vision bas carbone 2050', prompt: 'Le territoire en 2050.', tableIds: [] }));
      await ok(c.facilitator.send('vision.open', { visionId }));
      const tables = [...byTable(c)];
      for (const [, members] of tables) await members[0]!.waitFor((x) => x.view('table')?.vision);
      return writeCloseAndCapture(c, visionId, tables, 'la table');
    },
  },
  {
    name: 'group vision',
    async run(c) {
      const sessionId = server.live.id;
      await ok(c.facilitator.send('groups.create', { sessionId, count: 2 }));
      await ok(c.facilitator.send('groups.assignRandom', { sessionId, balanceOn: null }));
      const { visionId } = await ok(c.facilitator.send('vision.create', { sessionId, title: 'Visions 2050 en groupe', prompt: 'Le territoire en 2050.', tableIds: [], unit: 'group' }));
      await ok(c.facilitator.send('vision.open', { visionId }));
      const groups = new Map<string, Phone[]>();
      for (const p of c.phones) {
        const id = (await p.waitFor((x) => x.view('member')?.vision?.visionId === visionId && x.view('member')!.vision!)).unitId;
        if (id) groups.set(id, [...(groups.get(id) ?? []), p]);
      }
      return writeCloseAndCapture(c, visionId, [...groups], 'le groupe');
    },
  },
  {
    name: 'speed meeting',
    async run(c) {
      const sessionId = server.live.id;
      const { meetingId } = await ok(c.facilitator.send('speed.create', { sessionId }));
      await ok(c.facilitator.send('speed.settings', { meetingId, rounds: 2, roundMinutes: 10, minTable: 2, maxTable: 4 }));
      await ok(c.facilitator.send('speed.actorsAdd', { meetingId, actors: ACTORS }));
      await ok(c.facilitator.send('speed.generate', { meetingId, basis: 'present' }));
      await ok(c.facilitator.send('speed.round', { meetingId, round: 1 }));
      await ok(c.facilitator.send('speed.end', { meetingId }));
      await phone(c).waitFor((x) => x.view('member')?.speed?.schedule.some((stop) => stop));
      await c.facilitator.waitFor(() => consoleSession(c).speed?.status === 'ended');
      // Actors edited after the end: the record keeps the ones the rounds were played with.
      for (const actor of consoleSession(c).speed!.actors) await ok(c.facilitator.send('speed.actorUpdate', { meetingId, actorId: actor.id, name: 'Quelqu’un d’autre', organisation: `${actor.organisation} (renommée)`, theme: actor.theme, table: `${actor.table}b` }));
      return async (x) => {
        const speed = consoleSession(x).speed!;
        return {
          console: text({ status: speed.status, round: speed.round, rounds: speed.rounds, plan: speed.plan, record: speed.record, quality: speed.quality }),
          projector: text({ ...screen(x).speed, timer: null }),
          phone: text(phone(x).view('member')!.speed),
          byMember: await sheet(`/api/export/speed.csv?session=${sessionId}&by=member`),
          byActor: await sheet(`/api/export/speed.csv?session=${sessionId}&by=actor`),
        };
      };
    },
  },
  {
    name: 'round of questions to speakers',
    async run(c) {
      const sessionId = server.live.id;
      const { roundId } = await ok(c.facilitator.send('question.round.create', { sessionId, title: 'Questions aux intervenants', agendaItemId: null, premoderation: false, allowAnonymous: true }));
      await ok(c.facilitator.send('question.round.open', { roundId }));
      const asked: string[] = [];
      for (const [i, p] of c.phones.slice(0, 4).entries()) {
        const { questionId } = await ok(p.send('question.ask', { roundId, text: `Question numéro ${i + 1} sur le climat ?`, anonymous: i === 3 }));
        asked.push(questionId);
      }
      await Promise.all(c.phones.slice(4).map((p, i) => ok(p.send('question.upvote', { questionId: asked[i % asked.length]!, up: true }))));
      await ok(c.facilitator.send('question.round.close', { roundId }));
      await c.projector.waitFor((x) => x.view('screen')?.session?.questions?.round.status === 'closed');
      await phone(c).waitFor((x) => x.view('public')?.questions?.round.status === 'closed');
      return async (x) => ({
        console: text(consoleSession(x).questions.rounds.find((r) => r.id === roundId)),
        projector: text(screen(x).questions),
        phone: text(phone(x).view('public')!.questions),
        export: text((await exportJson()).questions.find((r: any) => r.id === roundId)),
        csv: await sheet(`/api/export/questions.csv?session=${sessionId}`),
      });
    },
  },
];

describe('results frozen at close', () => {
  afterEach(async () => {
    await closeAllClients();
    await closeAll();
  });

  it.each(KINDS)('$name: every screen and export says the same after every later edit and after restarts', async (kind) => {
    server = await startServer({ members: 12 });
    let clients = await connect();
    await ok(clients.facilitator.send('tables.create', { sessionId: server.live.id, count: 3 }));
    await ok(clients.facilitator.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }));
    await Promise.all(clients.phones.map((p) => p.waitFor((c) => c.view('table'))));
    const capture = await kind.run(clients);
    const before = await capture(clients);
    // The capture is of a real result: a count, not an empty view.
    for (const [where, value] of Object.entries(before)) expect(value.length, where).toBeGreaterThan(20);

    await editEverything(clients);
    expect(await capture(clients)).toEqual(before);

    // A restart replays the log: the close freezes the same record at the same point.
    await closeAllClients();
    await server.restart();
    clients = await connect();
    expect(await capture(clients)).toEqual(before);

    // A restart from a snapshot taken after the close (secret counts come from their counters).
    server.app.engine.snapshot();
    await closeAllClients();
    await server.restart();
    clients = await connect();
    expect(await capture(clients)).toEqual(before);
  });
});
