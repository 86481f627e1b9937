import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectMember, http, type Received, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 7's quick polls with a real server and real sockets: a poll launched in one keystroke
// reaches the projector's 'poll' panel and every phone; phones answer and change their answer;
// the projector sees participation only until the reveal, then aggregates; no socket but the
// member's own ever receives that member's answer; refusals are typed and broadcast nothing.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let support: TestClient;
let phones: Phone[];

const ADEME = ['Génération frugale', 'Coopérations territoriales', 'Technologies vertes', 'Pari réparateur'];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);

async function prepare(format: unknown, question = 'Quel scénario vous semble le plus souhaitable ?', live = false): Promise<string> {
  const { pollId } = await ok(facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: null, question, format, live }));
  return pollId as string;
}

/** Launches like the console's L key: no poll named, the server takes the next prepared one. */
async function launchNext(): Promise<string> {
  const { pollId } = await ok(facilitator.send('poll.launch', { sessionId: server.live.id, pollId: null }));
  return pollId as string;
}

const answer = (phone: Phone, pollId: string, value: unknown) => phone.send('poll.answer', { pollId, answer: value });
const choose = (phone: Phone, pollId: string, optionId: string) => ok(answer(phone, pollId, { kind: 'choices', optionIds: [optionId] }));

beforeEach(async () => {
  server = await startServer({ members: 10 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  support = await connectClient(server.url, server.supportKey);
  phones = [];
  for (const id of server.conv.memberOrder.slice(0, 4)) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
  // Three of the four are marked present; the fourth answers all the same.
  await ok(facilitator.send('presence.mark', { sessionId: server.live.id, memberIds: phones.slice(0, 3).map((p) => p.memberId), present: true }));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('a poll revealed on the projector', () => {
  it('launches the next prepared poll of the current item, phones answer and change their answers, the projector gets participation then aggregates', async () => {
    const item = server.live.agenda[2]!;
    const { pollId } = await ok(facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: item.id, question: 'Quel scénario vous semble le plus souhaitable ?', format: { kind: 'single', options: ADEME }, live: false }));
    await prepare({ kind: 'words' }, 'Pas pour ce point-là');
    await ok(facilitator.send('agenda.setCurrent', { sessionId: server.live.id, itemId: item.id }));
    expect(await launchNext()).toBe(pollId);

    const onScreen = await projector.waitFor((c) => c.view('screen')?.session?.shows.kind === 'poll' && c.view('screen')!.session!.poll, 5000, 'poll panel');
    expect(onScreen).toMatchObject({ id: pollId, status: 'open', respondents: 0, results: null, question: 'Quel scénario vous semble le plus souhaitable ?' });
    await Promise.all(phones.map((p) => p.waitFor((c) => c.view('public')?.poll?.id === pollId, 5000, 'poll on the phone')));

    await choose(phones[0]!, pollId, 'o1');
    await choose(phones[1]!, pollId, 'o1');
    await choose(phones[2]!, pollId, 'o1');
    await choose(phones[3]!, pollId, 'o2');
    // Phone 0 changes its mind: its last answer counts, still one answer.
    await choose(phones[0]!, pollId, 'o3');
    expect(server.conv.polls[pollId]!.answers[phones[0]!.memberId]).toEqual({ kind: 'choices', optionIds: ['o3'] });

    await projector.waitFor((c) => c.view('screen')?.session?.poll?.respondents === 4, 5000, '4 answers');
    expect(projector.view('screen')!.session!.poll!.results).toBeNull();
    await phones[1]!.waitFor((c) => c.view('public')?.poll?.respondents === 4, 5000, 'phones see participation');
    expect(phones[1]!.view('public')!.poll!.results).toBeNull();
    await phones[0]!.waitFor((c) => c.view('member')?.poll?.answer?.kind === 'choices' && c.view('member')!.poll!.answer, 5000, 'own answer').then((own) => expect(own).toEqual({ kind: 'choices', optionIds: ['o3'] }));

    await ok(facilitator.send('poll.reveal', { pollId, revealed: true }));
    const results = await projector.waitFor((c) => c.view('screen')?.session?.poll?.results, 5000, 'results on the projector');
    expect(results).toEqual({
      kind: 'choices',
      options: [
        { id: 'o1', label: ADEME[0], count: 2, percent: 50 },
        { id: 'o2', label: ADEME[1], count: 1, percent: 25 },
        { id: 'o3', label: ADEME[2], count: 1, percent: 25 },
        { id: 'o4', label: ADEME[3], count: 0, percent: 0 },
      ],
    });
    await phones[3]!.waitFor((c) => c.view('public')?.poll?.results, 5000, 'results on the phones');
  });

  it('a word-cloud poll: answers are normalised, each member counted once, a word hidden by the facilitator leaves the projector', async () => {
    const pollId = await prepare({ kind: 'words' }, 'En un mot, le climat en 2050 pour vous ?');
    await launchNext();
    const texts = ['L’espoir', 'espoir, espoir !', 'Sobriété', 'sobriete et crétin'];
    await Promise.all(phones.map((p, i) => ok(answer(p, pollId, { kind: 'words', text: texts[i] }))));
    await ok(facilitator.send('poll.reveal', { pollId, revealed: true }));
    const cloud = await projector.waitFor((c) => {
      const r = c.view('screen')?.session?.poll?.results;
      return r?.kind === 'words' && r.words.length === 3 && r.words;
    }, 5000, 'cloud');
    expect(cloud.map((w) => [w.text, w.count])).toEqual([
      ['espoir', 2],
      ['sobriété', 2],
      ['crétin', 1],
    ]);
    await ok(facilitator.send('poll.hideWord', { pollId, word: 'cretin', hidden: true }));
    await projector.waitFor((c) => {
      const r = c.view('screen')?.session?.poll?.results;
      return r?.kind === 'words' && r.words.length === 2;
    }, 5000, 'word hidden');
    // The console still lists it, to put it back.
    const consolePoll = await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.polls.find((p) => p.id === pollId && p.hiddenWords.length === 1), 5000, 'hidden word on the console');
    expect(consolePoll.hiddenWords).toEqual([{ key: 'cretin', text: 'crétin', count: 1 }]);
    expect(consolePoll.texts).toEqual([...texts].sort());

    // The convention's record keeps the aggregates the room saw, never an answer with its member.
    const exported = await http(`${server.url}/api/export.json`, { headers: { authorization: `Bearer ${server.facilitatorKey}` } });
    const record = exported.body.polls.find((p: { id: string }) => p.id === pollId);
    expect(record).toMatchObject({ respondents: 4, status: 'open', results: { kind: 'words', words: [{ text: 'espoir', count: 2 }, { text: 'sobriété', count: 2 }] } });
    for (const p of phones) expect(JSON.stringify(exported.body.polls)).not.toContain(p.memberId);

    // The log rebuilds it all after a restart.
    const before = JSON.stringify(server.conv.polls);
    await server.restart();
    expect(JSON.stringify(server.conv.polls)).toBe(before);
  });
});

describe('privacy: a member’s answer reaches that member’s socket only', () => {
  it('no other phone, no projector, no support screen ever receives it; the console sees texts without names', async () => {
    const secrets = phones.map((_, i) => `secretword${i}x`);
    const words = await prepare({ kind: 'words' }, 'Un mot ?');
    await launchNext();
    await Promise.all(phones.map((p, i) => ok(answer(p, words, { kind: 'words', text: secrets[i] }))));
    await Promise.all(phones.map((p, i) => p.waitFor((c) => c.view('member')?.poll?.answer?.kind === 'words', 5000, `own answer ${i}`)));
    await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.polls.find((p) => p.id === words)?.texts.length === 4, 5000, 'texts on the console');

    // Before the reveal: another phone, the projector and the support screen never got a secret.
    const others = (i: number): TestClient[] => [projector, support, ...phones.filter((_, j) => j !== i)];
    for (const [i, secret] of secrets.entries()) {
      for (const socket of others(i)) expect(JSON.stringify(socket.received())).not.toContain(secret);
      expect(JSON.stringify(phones[i]!.received())).toContain(secret);
    }
    // The console: the texts, never next to a member.
    const consolePolls = JSON.stringify(facilitator.view('console')!.sessions.map((s) => s.polls));
    for (const p of phones) expect(consolePolls).not.toContain(p.memberId);

    // A choice poll, answered, revealed, closed: what carries a member's choice (`optionIds`)
    // only ever travels on that member's own channel.
    const choice = await prepare({ kind: 'multiple', options: ADEME, maxChoices: 2 });
    await ok(facilitator.send('poll.launch', { sessionId: server.live.id, pollId: choice }));
    await Promise.all(phones.map((p, i) => ok(answer(p, choice, { kind: 'choices', optionIds: i % 2 ? ['o1', 'o2'] : ['o4'] }))));
    await ok(facilitator.send('poll.reveal', { pollId: choice, revealed: true }));
    await ok(facilitator.send('poll.close', { pollId: choice }));
    await projector.waitFor((c) => c.view('screen')?.session?.poll?.status === 'closed' && c.view('screen')!.session!.poll!.results, 5000, 'closed and revealed');
    await Promise.all(phones.map((p) => p.waitFor((c) => c.view('member')?.poll?.answer?.kind === 'choices' && c.view('public')?.poll?.status === 'closed', 5000, 'phones up to date')));

    const conventionId = server.conventionId;
    const carriers = (socket: TestClient) => socket.received().filter((r) => JSON.stringify(r.args).includes('optionIds')).map(channelOf);
    for (const p of phones) expect(new Set(carriers(p))).toEqual(new Set([`member:${conventionId}:${p.memberId}`]));
    for (const socket of [projector, support, facilitator]) expect(carriers(socket)).toEqual([]);
  });
});

describe('refusals are typed and broadcast nothing', () => {
  it('a member cannot launch, close or reveal a poll (FORBIDDEN)', async () => {
    const pollId = await prepare({ kind: 'single', options: ADEME });
    expect(code(await phones[0]!.send('poll.launch', { sessionId: server.live.id, pollId: null }))).toBe('FORBIDDEN');
    expect(code(await phones[0]!.send('poll.reveal', { pollId, revealed: true }))).toBe('FORBIDDEN');
    expect(code(await projector.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o1'] } }))).toBe('FORBIDDEN');
    expect(server.conv.polls[pollId]!.status).toBe('draft');
  });

  it('an answer to a closed poll gets POLL_NOT_OPEN; relaunching takes answers again, keeping the earlier ones', async () => {
    const pollId = await prepare({ kind: 'scale', min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Très bien' }, 'De 1 à 5, vous sentez-vous informé·e ?');
    await launchNext();
    await ok(answer(phones[0]!, pollId, { kind: 'scale', value: 4 }));
    await ok(facilitator.send('poll.close', { pollId }));
    const late = await answer(phones[1]!, pollId, { kind: 'scale', value: 2 });
    expect(late).toMatchObject({ ok: false, error: { code: 'POLL_NOT_OPEN', details: { phase: 'closed' } } });
    await ok(facilitator.send('poll.reopen', { pollId }));
    await ok(answer(phones[1]!, pollId, { kind: 'scale', value: 2 }));
    expect(Object.keys(server.conv.polls[pollId]!.answers).sort()).toEqual([phones[0]!.memberId, phones[1]!.memberId].sort());
    const preview = await facilitator.waitFor((c) => {
      const p = c.view('console')?.sessions.find((s) => s.id === server.live.id)?.polls.find((q) => q.id === pollId);
      return p?.respondents === 2 && p.results?.kind === 'scale' && p.results;
    }, 5000, 'scale preview');
    expect(preview).toMatchObject({ mean: 3, median: 3 });
  });

  it('a bad payload gets INVALID_PAYLOAD and nothing is broadcast', async () => {
    const pollId = await prepare({ kind: 'single', options: ADEME });
    await launchNext();
    await projector.waitFor((c) => c.view('screen')?.session?.poll?.status === 'open', 5000, 'open');
    // Let the launch's patches settle, then nothing may move.
    await Promise.all([projector, support, facilitator, ...phones].map((s) => s.quiet(1200)));
    const before = JSON.stringify(server.app.engine.world());
    const marks = [projector, support, facilitator, ...phones].map((s) => [s, s.mark()] as const);
    const bad: unknown[] = [
      { pollId, answer: { kind: 'choices', optionIds: [] } },
      { pollId, answer: { kind: 'words', text: 'x'.repeat(41) } },
      { pollId, answer: { kind: 'scale', value: 2.5 } },
      { pollId, answer: { kind: 'choices', optionIds: ['o1'] }, extra: true },
      { pollId },
      { pollId, answer: 'o1' },
    ];
    for (const args of bad) expect(code(await phones[0]!.send('poll.answer', args)), JSON.stringify(args)).toBe('INVALID_PAYLOAD');
    // Valid for the schema, wrong for this poll: refused by the domain with the same code and the field.
    const mismatch = await phones[0]!.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o1', 'o2'] } });
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', details: { path: 'args.answer.optionIds', limit: 1 } } });
    expect(code(await facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: null, question: 'Q ?', format: { kind: 'single', options: ['Oui', 'oui'] }, live: false }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: null, question: 'Q ?', format: { kind: 'multiple', options: ['A', 'B'], maxChoices: 3 }, live: false }))).toBe('INVALID_PAYLOAD');

    await new Promise((done) => setTimeout(done, 1200));
    expect(JSON.stringify(server.app.engine.world())).toBe(before);
    for (const [socket, mark] of marks) expect(socket.since(mark).filter((r) => r.event.startsWith('sync:')), 'nothing broadcast').toEqual([]);
  });
});

describe('the demo', () => {
  it('prepares the ADEME scenarios poll and a word cloud in session 2, on its poll agenda item', () => {
    const conv = server.conv;
    const session2 = conv.sessions[conv.sessionOrder[1]!]!;
    const pollItem = session2.agenda.find((i) => i.kind === 'poll')!;
    const polls = Object.values(conv.polls).filter((p) => p.sessionId === session2.id && p.agendaItemId === pollItem.id).sort((a, b) => a.number - b.number);
    expect(polls.map((p) => [p.format.kind, p.status])).toEqual([
      ['single', 'draft'],
      ['words', 'draft'],
    ]);
    expect(polls[0]!.format).toMatchObject({ options: ADEME.map((label) => ({ label })) });
  });
});

function channelOf(r: Received): string {
  const message = r.args[0] as { channel?: string } | undefined;
  return message?.channel ?? r.event;
}
