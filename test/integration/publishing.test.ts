import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';
import { unzip } from '../helpers/unzip.ts';
import { escapeHtml } from '../../server/public-results/render.ts';

// Issue 13, item 2: the public results with a real server and real sockets. Some results are
// published, others are not; then everything the public page and the static archive serve is
// scanned: every published title and number is there, no unpublished title, no member's name,
// seat code or token, no key. Refusals (unknown id, open activity, wrong role) are typed and
// broadcast nothing.

type Phone = TestClient & { memberId: string; token: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let phones: Phone[];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
const code = async (ack: Promise<Ack>) => {
  const result = await ack;
  return result.ok ? 'ok' : result.error.code;
};

const PUBLISHED = {
  adopted: 'Un tramway jusqu’à Vizille',
  standing: 'Des jardins partagés dans chaque quartier',
  check: 'Mesure du consensus publiée',
  grading: 'Jugement des propositions publié',
  ranking: 'Classement des leviers publié',
  poll: 'Faut-il prolonger la convention ?',
};
const UNPUBLISHED = {
  voted: 'Isolation des écoles confidentielle',
  secret: 'Interdire les gros véhicules en ville',
  grading: 'Jugement resté privé',
  poll: 'Question restée privée ?',
};

let ids: Record<string, string>;

async function enter(title: string): Promise<string> {
  return (await ok(facilitator.send('proposal.enter', { title, text: `${title} : le texte complet de la proposition.`, leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [phones[0]!.memberId], receivedAt: null }))).proposalId;
}

async function vote(proposalId: string, choices: ('for' | 'against' | 'abstain')[]): Promise<string> {
  const { voteIds: [voteId] } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
  await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
  const casts = choices.map((choice, i) => ok(phones[i]!.send('vote.cast', { voteId, choice })));
  await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
  await Promise.all(casts);
  return voteId;
}

async function poll(question: string): Promise<string> {
  const { pollId } = await ok(facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: null, question, format: { kind: 'single', options: ['Oui, volontiers', 'Non merci'] }, live: false }));
  await ok(facilitator.send('poll.launch', { sessionId: server.live.id, pollId }));
  await Promise.all(phones.map((p, i) => ok(p.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [i % 3 === 0 ? 'o2' : 'o1'] } }))));
  await ok(facilitator.send('poll.close', { pollId }));
  return pollId;
}

async function grading(title: string, proposalIds: string[]): Promise<string> {
  const { gradingId } = await ok(facilitator.send('grading.create', { sessionId: server.live.id, title, proposalIds }));
  await ok(facilitator.send('grading.open', { gradingId }));
  const grades = phones.map((p, i) => ok(p.send('grading.grade', { gradingId, grades: Object.fromEntries(proposalIds.map((id, j) => [id, (i + j) % 4])) })));
  await ok(facilitator.send('grading.close', { gradingId }));
  await Promise.all(grades);
  return gradingId;
}

beforeAll(async () => {
  server = await startServer({ members: 12 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  await ok(facilitator.send('tables.create', { sessionId: server.live.id, count: 2 }));
  await ok(facilitator.send('tables.assignRandom', { sessionId: server.live.id, balanceOn: null }));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'))));

  const adopted = await enter(PUBLISHED.adopted);
  const standing = await enter(PUBLISHED.standing);
  const voted = await enter(UNPUBLISHED.voted);
  const secret = await enter(UNPUBLISHED.secret);
  const adoptedVote = await vote(adopted, ['for', 'for', 'for', 'for', 'for', 'for', 'for', 'against', 'against', 'abstain']);
  const votedVote = await vote(voted, ['against', 'against', 'for']);

  const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: PUBLISHED.check, proposalIds: [adopted, standing], mode: 'batch', levels: null, allowUnsure: true, live: false }));
  await ok(facilitator.send('consensus.open', { checkId }));
  const answers = phones.flatMap((p, i) => [ok(p.send('consensus.answer', { checkId, proposalId: adopted, level: i % 2 })), ok(p.send('consensus.answer', { checkId, proposalId: standing, level: i % 5 }))]);
  await ok(facilitator.send('consensus.close', { checkId }));
  await Promise.all(answers);

  const publicGrading = await grading(PUBLISHED.grading, [adopted, standing]);
  const privateGrading = await grading(UNPUBLISHED.grading, [secret]);
  const publicPoll = await poll(PUBLISHED.poll);
  const privatePoll = await poll(UNPUBLISHED.poll);

  const { activityId } = await ok(facilitator.send('ranking.create', { sessionId: server.live.id, title: PUBLISHED.ranking, tableIds: [], silentRound: false }));
  await ok(facilitator.send('ranking.open', { activityId }));
  for (const table of server.live.tables) await ok(facilitator.send('ranking.lock', { activityId, tableId: table.id, locked: true }));
  await ok(facilitator.send('ranking.close', { activityId }));

  ids = { adopted, standing, voted, secret, adoptedVote, votedVote, checkId, publicGrading, privateGrading, publicPoll, privatePoll, activityId };
}, 60_000);

afterAll(async () => {
  await closeAllClients();
  await closeAll();
});

/** Everything that must never be public: names, seat codes, tokens, keys, unpublished titles. */
function secrets(): string[] {
  const conv = server.conv;
  return [
    ...Object.values(conv.members).flatMap((m) => [m.name, m.seatCode].filter((s) => s.length >= 4)),
    ...phones.map((p) => p.token),
    conv.keys.facilitator,
    conv.keys.projector,
    conv.keys.support,
    ...Object.values(UNPUBLISHED),
  ];
}

function expectPublic(text: string, where: string) {
  for (const title of Object.values(PUBLISHED)) expect(text, `${where}: ${title}`).toContain(title);
  for (const secret of secrets()) expect(text, `${where} holds ${secret}`).not.toContain(secret);
}

/** The proposal references (P-001…) the follow-up lists on the page, in resultats.json, follow-up.csv and follow-up.json. */
async function followUpEverywhere(code: string) {
  const get = async (path: string) => (await fetch(`${server.url}/r/${code}${path}`)).text();
  const html = await get('');
  const table = html.match(/data-testid="public-followup"[\s\S]*?<\/table>/)?.[0] ?? '';
  const refs = (numbers: number[]) => numbers.map((n) => `P-${String(n).padStart(3, '0')}`);
  const csv = (await get('/donnees/follow-up.csv')).replace(/^\uFEFF/, '').trim().split('\r\n');
  const column = csv[0]!.split(';').indexOf('proposal_reference');
  return {
    page: [...table.matchAll(/href="#p-(\d{3})"/g)].map((m) => `P-${m[1]}`),
    json: refs(JSON.parse(await get('/donnees/resultats.json')).followUp.map((r: { number: number }) => r.number)),
    csv: csv.slice(1).map((line) => line.split(';')[column]!),
    openJson: JSON.parse(await get('/donnees/follow-up.json')).rows.map((r: { proposal_reference: string }) => r.proposal_reference),
  };
}

const versions = (client: TestClient) => [...client.channels.values()].map((c) => `${c.key}@${c.version}`).join(' ');

describe('public results', () => {
  it('nothing is public by default: no page, and the console says so', async () => {
    const view = await facilitator.waitFor((c) => c.view('console')?.publication);
    expect(view.url).toBeNull();
    expect(view.items.every((i) => !i.published)).toBe(true);
    // What the console lists: the closed activities and the standing proposals, all publishable.
    const listed = new Set(view.items.map((i) => i.id));
    for (const id of Object.values(ids)) expect(listed, id).toContain(id);
    expect(server.conv.publication).toBeUndefined();
  });

  it('refuses bad input with a typed error, and changes and broadcasts nothing', async () => {
    // An open vote: not a closed result.
    const { voteIds: [openVote] } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [ids.standing!], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds: [openVote] }));
    // Phones get at most two patches a second: let the vote's opening reach every channel first.
    await new Promise((r) => setTimeout(r, 1200));
    const before = JSON.stringify(server.app.engine.world());
    const seen = [versions(facilitator), versions(projector), versions(phones[0]!)];
    expect(await code(facilitator.send('publication.set', { kind: 'vote', id: openVote, published: true }))).toBe('NOT_PUBLISHABLE');
    expect(await code(facilitator.send('publication.set', { kind: 'vote', id: 'nosuchvote', published: true }))).toBe('NOT_FOUND');
    expect(await code(facilitator.send('publication.set', { kind: 'poll', id: ids.adoptedVote!, published: true }))).toBe('NOT_FOUND');
    expect(await code(facilitator.send('publication.set', { kind: 'proposal', id: 'constructor', published: true }))).toBe('INVALID_PAYLOAD');
    expect(await code(facilitator.send('publication.set', { kind: 'minutes', id: ids.adopted, published: true }))).toBe('INVALID_PAYLOAD');
    expect(await code(facilitator.send('publication.session', { sessionId: 'nosuchsession', published: true }))).toBe('NOT_FOUND');
    for (const client of [projector, phones[0]!]) {
      expect(await code(client.send('publication.set', { kind: 'vote', id: ids.adoptedVote, published: true }))).toBe('FORBIDDEN');
      expect(await code(client.send('publication.adopted', { published: true }))).toBe('FORBIDDEN');
    }
    await new Promise((r) => setTimeout(r, 1200));
    expect(JSON.stringify(server.app.engine.world())).toBe(before);
    expect([versions(facilitator), versions(projector), versions(phones[0]!)]).toEqual(seen);
    await ok(facilitator.send('vote.close', { voteIds: [openVote] }));
    // Still nothing public: an unknown code is a plain 404 page.
    const page = await fetch(`${server.url}/r/AAAAAAAAAAAAAAAA`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page introuvable');
  });

  it('publishes some results: the page and the archive show them and nothing else', async () => {
    const first = await ok(facilitator.send('publication.set', { kind: 'vote', id: ids.adoptedVote, published: true }));
    expect(first.changed).toBe(1);
    expect(first.code).toMatch(/^[A-Z0-9]{16}$/);
    for (const [kind, id] of [['check', ids.checkId], ['grading', ids.publicGrading], ['ranking', ids.activityId], ['poll', ids.publicPoll], ['proposal', ids.standing]] as const) {
      expect((await ok(facilitator.send('publication.set', { kind, id, published: true }))).code).toBe(first.code);
    }
    // A vote on a proposal that is not published: published, it shows nothing (the proposal's
    // title and figures appear only once the proposal is published), and the console says so.
    await ok(facilitator.send('publication.set', { kind: 'vote', id: ids.votedVote, published: true }));
    // Bulk: every adopted proposal (only the one here); twice changes nothing.
    expect((await ok(facilitator.send('publication.adopted', { published: true }))).changed).toBe(1);
    expect((await ok(facilitator.send('publication.adopted', { published: true }))).changed).toBe(0);

    const view = await facilitator.waitFor((c) => (c.view('console')?.publication.url ? c.view('console')!.publication : undefined));
    expect(view.url).toBe(`http://192.0.2.10:3000/r/${first.code}`);
    expect(view.items.filter((i) => i.published).map((i) => i.id).sort()).toEqual([ids.adoptedVote, ids.votedVote, ids.checkId, ids.publicGrading, ids.activityId, ids.publicPoll, ids.standing, ids.adopted].sort());
    expect(view.items.find((i) => i.id === ids.votedVote)!.unpublishedProposals).toBe(1);
    expect(view.items.find((i) => i.id === ids.checkId)!.unpublishedProposals).toBe(0);

    // The Council's decision on the adopted proposal: the page's follow-up shows it.
    await ok(facilitator.send('followup.decide', { proposalId: ids.adopted, outcome: 'amended', date: new Date().toISOString().slice(0, 10), link: 'https://example.org/deliberation-12', note: 'Tracé revu' }));
    await ok(facilitator.send('followup.setDepartment', { proposalId: ids.adopted, department: 'Direction des mobilités' }));

    const response = await fetch(`${server.url}/r/${first.code}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Compressed for phones on the room's Wi-Fi (fetch asks for gzip, and unpacks it).
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const html = await response.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).not.toContain('<script');
    expectPublic(html, 'page');

    // The numbers as counted: the vote's split and result, from the server's own state.
    const result = server.conv.votes[ids.adoptedVote!]!.result!;
    expect(result.adopted).toBe(true);
    const cast = result.tally.for + result.tally.against + result.tally.abstain;
    const share = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(Math.round((n / cast) * 1000) / 10);
    expect(html).toContain(`ADOPTÉE, pour ${result.tally.for} (${share(result.tally.for)}\u00a0%), contre ${result.tally.against} (${share(result.tally.against)}\u00a0%), abstention ${result.tally.abstain} (${share(result.tally.abstain)}\u00a0%)`);
    // The consensus distribution of the whole room, and the majority grade.
    const counts = server.conv.checks[ids.checkId!]!.counts[ids.adopted!]!;
    const room = Object.values(counts).reduce((sum, cells) => sum.map((n, i) => n + (cells[i] ?? 0)), [0, 0, 0, 0, 0, 0]);
    const levels = server.conv.checks[ids.checkId!]!.levels;
    expect(html).toContain(`data-label="${escapeHtml(levels[0]!)}"><span>${room[0]}</span></td><td class="num" data-label="${escapeHtml(levels[1]!)}"><span>${room[1]}</span>`);
    expect(html).toMatch(/Jugement des propositions publié\u00a0: mention majoritaire « [^»]+ », rang \d/);
    // The poll's counts: 12 answers, 4 of them "Non merci".
    expect(html).toContain('Non merci\u00a0: 4 (33\u00a0%)');
    expect(html).toContain('12 réponses');
    // The follow-up's progress table (server/public-results/follow-up.ts, through the page's extras).
    expect(html).toContain('data-testid="public-followup"');
    expect(html).toContain(new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date()));
    expect(html).toContain('Direction des mobilités');

    // English, by Accept-Language or ?lang=en.
    const en = await (await fetch(`${server.url}/r/${first.code}`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9,fr;q=0.5' } })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(`ADOPTED, for ${result.tally.for}`);
    expect(await (await fetch(`${server.url}/r/${first.code}?lang=en`)).text()).toContain('<html lang="en">');
    expectPublic(en, 'page (en)');

    // The same as data: every file the page links, only what is published in them.
    const links = [...html.matchAll(/href="(\/r\/[^"]+\/donnees\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links).toContain(`/r/${first.code}/donnees/resultats.json`);
    expect(links).toContain(`/r/${first.code}/donnees/votes.csv`);
    for (const link of links) {
      const file = await fetch(`${server.url}${link}`);
      expect(file.status, link).toBe(200);
      const text = await file.text();
      for (const secret of secrets()) expect(text, `${link} holds ${secret}`).not.toContain(secret);
    }
    expectPublic(await (await fetch(`${server.url}/r/${first.code}/donnees/resultats.json`)).text(), 'resultats.json');
    expect(await (await fetch(`${server.url}/r/${first.code}/donnees/votes.csv`)).text()).toContain(PUBLISHED.adopted);
    expect((await fetch(`${server.url}/r/${first.code}/donnees/nosuch.csv`)).status).toBe(404);

    // The static archive: only with the facilitator's key.
    expect((await fetch(`${server.url}/api/publication/site.zip`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/publication/site.zip`, { headers: { Authorization: `Bearer ${server.projectorKey}` } })).status).toBe(403);
    const zipped = await fetch(`${server.url}/api/publication/site.zip`, { headers: { Authorization: `Bearer ${server.facilitatorKey}` } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-type')).toBe('application/zip');
    const files = unzip(Buffer.from(await zipped.arrayBuffer()));
    const paths = files.map((f) => f.path).sort();
    for (const path of ['resultats/LISEZMOI.txt', 'resultats/donnees/resultats.json', 'resultats/donnees/votes.csv', 'resultats/donnees/follow-up.json', 'resultats/index.en.html', 'resultats/index.html']) expect(paths).toContain(path);
    expect(paths.every((p) => p.startsWith('resultats/'))).toBe(true);
    for (const file of files) {
      const text = file.data.toString('utf8');
      for (const secret of secrets()) expect(text, `${file.path} holds ${secret}`).not.toContain(secret);
    }
    const index = files.find((f) => f.path === 'resultats/index.html')!.data.toString('utf8');
    expectPublic(index, 'index.html');
    expectPublic(files.find((f) => f.path === 'resultats/index.en.html')!.data.toString('utf8'), 'index.en.html');
    // Every link is an anchor of the page or a file of the archive: no server needed.
    for (const [, href] of index.matchAll(/href="([^"]+)"/g)) {
      if (href!.startsWith('https://')) expect(href).toBe('https://example.org/deliberation-12'); // the Council's deliberation, the one link out
      else if (href!.startsWith('#')) expect(index, href).toContain(`id="${href!.slice(1)}"`);
      else expect(paths, href).toContain(`resultats/${href}`);
    }
  });

  it('lists the same follow-up on the page, in resultats.json and in the data files: a published proposal is enough', async () => {
    const url = server.conv.publication!.code;
    const adopted = `P-${String(server.conv.proposals[ids.adopted!]!.number).padStart(3, '0')}`;
    const same = async (expected: string[]) => {
      const lists = await followUpEverywhere(url);
      expect(lists).toEqual({ page: expected, json: expected, csv: expected, openJson: expected });
    };
    await same([adopted]);
    // The adopting vote withdrawn: the proposal's article still says "adoptée", so the row stays, everywhere.
    await ok(facilitator.send('publication.set', { kind: 'vote', id: ids.adoptedVote, published: false }));
    await same([adopted]);
    // The proposal withdrawn: its follow-up leaves the page and every file.
    await ok(facilitator.send('publication.set', { kind: 'proposal', id: ids.adopted, published: false }));
    await same([]);
    await ok(facilitator.send('publication.set', { kind: 'proposal', id: ids.adopted, published: true }));
    await ok(facilitator.send('publication.set', { kind: 'vote', id: ids.adoptedVote, published: true }));
    await same([adopted]);
  });

  it('answers the public 404 page for any other address under the page, and lets other sites fetch the data files only', async () => {
    const url = server.conv.publication!.code;
    for (const path of ['index.en.html', 'index.html', 'donnees', 'donnees/', 'donnees/votes.csv/x', 'assets/app.js', 'x']) {
      const response = await fetch(`${server.url}/r/${url}/${path}`);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html, path).toContain('Page introuvable');
      expect(html, path).not.toContain('<script');
    }
    // The data files: open to any origin (CORS and CORP), the page and the keyed routes not.
    for (const file of ['resultats.json', 'votes.csv', 'attendance.json']) {
      const response = await fetch(`${server.url}/r/${url}/donnees/${file}`, { headers: { Origin: 'https://journal.example' } });
      expect(response.status, file).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), file).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy'), file).toBe('cross-origin');
    }
    const page = await fetch(`${server.url}/r/${url}`, { headers: { Origin: 'https://journal.example' } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const zip = await fetch(`${server.url}/api/publication/site.zip`, { headers: { Authorization: `Bearer ${server.facilitatorKey}`, Origin: 'https://journal.example' } });
    expect(zip.headers.get('access-control-allow-origin')).toBeNull();
    expect(zip.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const keyed = await fetch(`${server.url}/api/open-data/votes.csv`, { headers: { Authorization: `Bearer ${server.facilitatorKey}`, Origin: 'https://journal.example' } });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('withdraws: what is withdrawn leaves the page; with nothing left the page says so', async () => {
    const url = server.conv.publication!.code;
    await ok(facilitator.send('publication.set', { kind: 'poll', id: ids.publicPoll, published: false }));
    const html = await (await fetch(`${server.url}/r/${url}`)).text();
    expect(html).not.toContain(PUBLISHED.poll);
    expect(html).toContain(PUBLISHED.check);
    // Withdraw the session's results and the proposals: the page stays, and says nothing is published.
    expect((await ok(facilitator.send('publication.session', { sessionId: server.live.id, published: false }))).changed).toBe(5);
    await ok(facilitator.send('publication.adopted', { published: false }));
    await ok(facilitator.send('publication.set', { kind: 'proposal', id: ids.standing, published: false }));
    const empty = await (await fetch(`${server.url}/r/${url}`)).text();
    expect(empty).toContain('Rien n’a encore été publié');
    for (const title of Object.values(PUBLISHED)) expect(empty).not.toContain(title);
    // The bulk action publishes every closed result of the session, the private ones too: that is its meaning.
    const bulk = await ok(facilitator.send('publication.session', { sessionId: server.live.id, published: true }));
    // Three closed votes, a check, two gradings, a ranking, two polls.
    expect(bulk.changed).toBe(9);
    expect(bulk.code).toBe(url);
    // The log replays to the same publication.
    const publication = server.conv.publication;
    await server.restart();
    expect(server.conv.publication).toEqual(publication);
  });

  it('publishes the attendance of a session only once it is closed, and withdraws it with the results of the session', async () => {
    facilitator = await connectClient(server.url, server.facilitatorKey);
    const { id: sessionId, title } = server.live;
    const url = server.conv.publication!.code;
    const attendance = async () => {
      const csv = (await (await fetch(`${server.url}/r/${url}/donnees/attendance.csv`)).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      const json = JSON.parse(await (await fetch(`${server.url}/r/${url}/donnees/attendance.json`)).text()).rows as { session: string; present_total: number }[];
      return { csv: csv.slice(1), json };
    };
    // Live: its counts still change, so they are not published, not even by the bulk action.
    expect(await code(facilitator.send('publication.set', { kind: 'session', id: sessionId, published: true }))).toBe('NOT_PUBLISHABLE');
    expect(await attendance()).toEqual({ csv: [], json: [] });
    await ok(facilitator.send('session.close', { sessionId }));
    // Closed: the bulk action publishes its attendance with its results (all published already).
    expect((await ok(facilitator.send('publication.session', { sessionId, published: true }))).changed).toBe(1);
    const view = await facilitator.waitFor((c) => c.view('console')?.publication.items.find((i) => i.kind === 'session' && i.id === sessionId && i.published));
    expect(view.title).toBe(title);
    const present = Object.values(server.conv.sessions[sessionId]!.present).filter(Boolean).length;
    const shown = await attendance();
    expect(shown.json).toHaveLength(1);
    expect(shown.json[0]).toMatchObject({ session: title, present_total: present });
    expect(shown.csv).toHaveLength(1);
    expect(shown.csv[0]).toContain(title);

    // Everything withdrawn: the page says nothing is published, and no file nor the archive gives any count.
    await ok(facilitator.send('publication.session', { sessionId, published: false }));
    const html = await (await fetch(`${server.url}/r/${url}`)).text();
    expect(html).toContain('Rien n’a encore été publié');
    expect(await attendance()).toEqual({ csv: [], json: [] });
    const zipped = await fetch(`${server.url}/api/publication/site.zip`, { headers: { Authorization: `Bearer ${server.facilitatorKey}` } });
    const files = unzip(Buffer.from(await zipped.arrayBuffer()));
    const rows = JSON.parse(files.find((f) => f.path === 'resultats/donnees/attendance.json')!.data.toString('utf8')).rows;
    expect(rows).toEqual([]);
    const csv = files.find((f) => f.path === 'resultats/donnees/attendance.csv')!.data.toString('utf8');
    expect(csv).not.toContain(title);
    // The same through publication.set, one session at a time.
    await ok(facilitator.send('publication.set', { kind: 'session', id: sessionId, published: true }));
    expect((await attendance()).json).toHaveLength(1);
    await ok(facilitator.send('publication.set', { kind: 'session', id: sessionId, published: false }));
    expect((await attendance()).json).toEqual([]);
  });
});
