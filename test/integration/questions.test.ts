import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack, PatchMessage, SnapshotMessage } from '../../shared/protocol.ts';
import { applyPatch } from '../../shared/sync/patch.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 7's questions to speakers with a real server and real sockets: three phones ask and
// upvote while the projector's top question follows the votes; an anonymous asker is in no
// message any other socket receives; members cannot moderate; a bad payload changes and
// broadcasts nothing; the session's questions are exported for its record.

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;
let support: TestClient;
let phones: [Phone, Phone, Phone];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);
const screenQuestions = (c: TestClient) => c.view('screen')?.session?.questions ?? null;
const consoleRound = (c: TestClient, roundId: string) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.questions.rounds.find((r) => r.id === roundId);
const top = (c: TestClient) => {
  const q = screenQuestions(c);
  return q ? (q.projected ?? q.waiting[0] ?? null) : null;
};

async function openRound(settings: { premoderation?: boolean; allowAnonymous?: boolean } = {}): Promise<string> {
  const { roundId } = await ok(
    facilitator.send('question.round.create', { sessionId: server.live.id, title: 'Questions à Gerhard Krinner et Sandra Rome', agendaItemId: null, premoderation: settings.premoderation ?? false, allowAnonymous: settings.allowAnonymous ?? true }),
  );
  await ok(facilitator.send('question.round.open', { roundId }));
  return roundId;
}

beforeEach(async () => {
  server = await startServer({ members: 12 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
  support = await connectClient(server.url, server.supportKey);
  const seat = (i: number) => server.conv.members[server.conv.memberOrder[i]!]!.seatCode;
  phones = [await connectMember(server.url, server.live.code, seat(0)), await connectMember(server.url, server.live.code, seat(1)), await connectMember(server.url, server.live.code, seat(2))];
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('a talk with three phones', () => {
  it('phones ask and upvote; the projector’s top question follows the votes; the anonymous asker reaches no other socket', async () => {
    const [a, b, c] = phones;
    const marks = new Map<TestClient, number>([b, c, projector, support, facilitator].map((s) => [s, s.mark()]));
    const roundId = await openRound();
    await ok(facilitator.send('screen.show', { sessionId: server.live.id, panel: 'questions' }));

    const { questionId: fromA } = await ok(a.send('question.ask', { roundId, text: 'Pourquoi la Métropole ne taxe-t-elle pas les SUV ?', anonymous: true }));
    const { questionId: fromB } = await ok(b.send('question.ask', { roundId, text: 'Quel calendrier pour la zone à faibles émissions ?', anonymous: false }));
    const { questionId: fromC } = await ok(c.send('question.ask', { roundId, text: 'Que pèse l’avion dans le bilan du territoire ?', anonymous: false }));
    // No votes yet: the oldest question is on top.
    await projector.waitFor((p) => screenQuestions(p)?.waiting.length === 3 && top(p)?.id === fromA);

    await ok(b.send('question.upvote', { questionId: fromC, up: true }));
    await ok(a.send('question.upvote', { questionId: fromC, up: true }));
    await projector.waitFor((p) => top(p)?.id === fromC && top(p)?.votes === 2, 5000, 'C on top with 2 votes');
    await ok(a.send('question.upvote', { questionId: fromB, up: true }));
    await ok(c.send('question.upvote', { questionId: fromB, up: true }));
    // A tie at two votes: the older question (B's) goes first.
    await projector.waitFor((p) => screenQuestions(p)?.waiting.map((q) => q.id).join() === [fromB, fromC, fromA].join(), 5000, 'B before C on a tie');
    // A takes back the vote on B: C leads again; one vote per member, toggled.
    await ok(a.send('question.upvote', { questionId: fromB, up: false }));
    await projector.waitFor((p) => top(p)?.id === fromC && screenQuestions(p)!.waiting[1]!.votes === 1);
    // The own-question rule.
    expect(code(await c.send('question.upvote', { questionId: fromC, up: true }))).toBe('OWN_QUESTION');

    // Each phone sees the room's counts and its own votes and questions.
    await a.waitFor((p) => p.view('member')?.questions?.upvoted.join() === fromC && p.view('public')?.questions?.questions.find((q) => q.id === fromC)?.votes === 2);
    expect(a.view('member')!.questions!.mine).toEqual([expect.objectContaining({ id: fromA, anonymous: true, state: 'approved' })]);
    // b's copy of the public channel gets the same patch on its own connection, maybe a little later.
    await b.waitFor((p) => p.channel('public')?.version === a.channel('public')?.version, 2000, 'b’s public copy as recent as a’s');
    expect(b.view('public')!.questions!.questions.find((q) => q.id === fromA)).toMatchObject({ askedBy: [], anonymousAskers: 1 });
    expect(b.view('public')!.questions!.questions.find((q) => q.id === fromB)!.askedBy).toEqual([server.conv.members[b.memberId]!.name]);

    // The anonymous asker, by id or by name, is in no message another socket received. The
    // console lists every member (by roster), so there the question parts are what is checked.
    const asker = server.conv.members[a.memberId]!;
    await facilitator.waitFor((f) => f.view('console')?.sessions.find((s) => s.id === server.live.id)?.questions.rounds.find((r) => r.id === roundId)?.questions.length === 3);
    for (const [socket, mark] of marks) {
      const messages = socket.since(mark).filter((r) => r.event === 'sync:snapshot' || r.event === 'sync:patch');
      expect(messages.length).toBeGreaterThan(0);
      if (socket !== facilitator) {
        for (const message of messages) {
          const text = JSON.stringify(message.args);
          expect(text).not.toContain(asker.id);
          expect(text).not.toContain(asker.name);
        }
        continue;
      }
      // The console: replay its messages from its first snapshot and read the questions at every step.
      let view: any = (facilitator.received().filter((r) => r.event === 'sync:snapshot').at(-1)!.args[0] as SnapshotMessage).view;
      const lastSnapshot = facilitator.received().findLastIndex((r) => r.event === 'sync:snapshot');
      for (const message of facilitator.received().slice(lastSnapshot + 1)) {
        if (message.event !== 'sync:patch') continue;
        view = applyPatch(view, (message.args[0] as PatchMessage).patch);
        const questionParts = JSON.stringify(view.sessions.map((s: any) => s.questions));
        expect(questionParts).not.toContain(asker.id);
        expect(questionParts).not.toContain(asker.name);
      }
      expect(view).toEqual(facilitator.view('console'));
    }
    const consoleQuestions = JSON.stringify(facilitator.view('console')!.sessions.map((s) => s.questions));
    expect(consoleQuestions).toContain('Pourquoi la Métropole');
    expect(consoleQuestions).not.toContain(asker.id);
    expect(consoleQuestions).not.toContain(asker.name);
    // No voter id in any question view either.
    for (const p of [b, c]) expect(JSON.stringify(projector.view('screen')!.session!.questions)).not.toContain(p.memberId);
  });

  it('the facilitator projects one, marks it answered (and undoes), hides and shows again; the projector follows', async () => {
    const [a, b] = phones;
    const roundId = await openRound();
    const { questionId: first } = await ok(a.send('question.ask', { roundId, text: 'Première question, sans vote ?', anonymous: false }));
    const { questionId: second } = await ok(b.send('question.ask', { roundId, text: 'Seconde question, la plus soutenue ?', anonymous: false }));
    await ok(a.send('question.upvote', { questionId: second, up: true }));
    await ok(facilitator.send('question.project', { roundId, questionId: first }));
    await projector.waitFor((p) => p.view('screen')?.session?.shows.kind === 'questions' && screenQuestions(p)?.projected?.id === first);
    expect(top(projector)!.id).toBe(first);
    await ok(facilitator.send('question.answer', { questionId: first, answered: true }));
    await projector.waitFor((p) => screenQuestions(p)?.projected === null && top(p)?.id === second && screenQuestions(p)!.answeredCount === 1);
    await ok(facilitator.send('question.answer', { questionId: first, answered: false }));
    await projector.waitFor((p) => screenQuestions(p)?.waiting.length === 2);
    await ok(facilitator.send('question.hide', { questionId: second, hidden: true }));
    await projector.waitFor((p) => screenQuestions(p)?.waiting.map((q) => q.id).join() === first);
    await b.waitFor((p) => p.view('member')?.questions?.mine[0]?.state === 'hidden');
    await ok(facilitator.send('question.hide', { questionId: second, hidden: false }));
    await projector.waitFor((p) => top(p)?.id === second);
  });

  it('with pre-moderation, a question reaches the room only once approved; its author sees it waiting', async () => {
    const [a, b] = phones;
    const roundId = await openRound({ premoderation: true });
    const { questionId } = await ok(a.send('question.ask', { roundId, text: 'Une question à valider ?', anonymous: true }));
    await a.waitFor((p) => p.view('member')?.questions?.mine[0]?.state === 'pending');
    await facilitator.waitFor((f) => f.view('console')?.sessions.find((s) => s.id === server.live.id)?.questions.rounds.find((r) => r.id === roundId)?.counts.pending === 1);
    expect(b.view('public')?.questions?.questions ?? []).toEqual([]);
    expect(screenQuestions(projector)?.waiting ?? []).toEqual([]);
    expect(code(await b.send('question.upvote', { questionId, up: true }))).toBe('NOT_FOUND');
    await ok(facilitator.send('question.approve', { questionIds: [questionId] }));
    await b.waitFor((p) => p.view('public')?.questions?.questions[0]?.id === questionId);
    await projector.waitFor((p) => top(p)?.id === questionId);
  });

  it('the author withdraws an unanswered question; a fourth question within the minute is refused', async () => {
    const [a, b] = phones;
    const roundId = await openRound();
    const { questionId } = await ok(a.send('question.ask', { roundId, text: 'Question à retirer ?', anonymous: false }));
    await ok(a.send('question.ask', { roundId, text: 'Deuxième question ?', anonymous: false }));
    await ok(a.send('question.ask', { roundId, text: 'Troisième question ?', anonymous: false }));
    const fourth = await a.send('question.ask', { roundId, text: 'Quatrième question ?', anonymous: false });
    expect(code(fourth)).toBe('TOO_MANY_QUESTIONS');
    expect(!fourth.ok && fourth.error.details).toMatchObject({ limit: 3 });
    expect(code(await b.send('question.withdraw', { questionId }))).toBe('NOT_YOUR_QUESTION');
    await ok(a.send('question.withdraw', { questionId }));
    await b.waitFor((p) => p.view('public')?.questions?.questions.length === 2);
    await a.waitFor((p) => p.view('member')?.questions?.mine.length === 2);
  });
});

describe('undoing a merge', () => {
  it('the facilitator merges the wrong pair, then splits it back: phones and projector follow; the anonymous asker stays anonymous', async () => {
    const [a, b, c] = phones;
    const d = await connectMember(server.url, server.live.code, server.conv.members[server.conv.memberOrder[3]!]!.seatCode);
    const roundId = await openRound();
    await ok(facilitator.send('screen.show', { sessionId: server.live.id, panel: 'questions' }));
    const { questionId: kept } = await ok(b.send('question.ask', { roundId, text: 'Quel calendrier pour la zone à faibles émissions ?', anonymous: false }));
    const { questionId: dup } = await ok(a.send('question.ask', { roundId, text: 'Combien coûte la rénovation des écoles ?', anonymous: true }));
    // C votes for the duplicate only, D for both.
    await ok(c.send('question.upvote', { questionId: dup, up: true }));
    await ok(d.send('question.upvote', { questionId: dup, up: true }));
    await ok(d.send('question.upvote', { questionId: kept, up: true }));
    const marks = new Map<TestClient, number>([b, c, d, projector, support].map((s) => [s, s.mark()]));

    // The wrong pair: two different questions merged.
    await ok(facilitator.send('question.merge', { sourceId: dup, targetId: kept }));
    await projector.waitFor((p) => screenQuestions(p)?.waiting.map((q) => `${q.id}:${q.votes}`).join() === `${kept}:2`, 5000, 'one question, 2 votes');
    await a.waitFor((p) => p.view('member')?.questions?.mine.map((q) => `${q.id}:${q.joined}`).join() === `${kept}:true`, 5000, 'the asker sees it joined');
    await facilitator.waitFor((f) => consoleRound(f, roundId)?.questions.find((q) => q.id === kept)?.merged.map((m) => m.id).join() === dup, 5000, 'the console lists the duplicate on the kept question');
    expect(code(await a.send('question.upvote', { questionId: kept, up: true }))).toBe('OWN_QUESTION');
    // After the merge, C takes the carried-over vote back and gives it again: it is C's own now.
    await ok(c.send('question.upvote', { questionId: kept, up: false }));
    await ok(c.send('question.upvote', { questionId: kept, up: true }));

    // Members cannot undo it; the facilitator can.
    expect(code(await b.send('question.unmerge', { sourceId: dup, targetId: kept }))).toBe('FORBIDDEN');
    await ok(facilitator.send('question.unmerge', { sourceId: dup, targetId: kept }));
    const votes = (p: TestClient) => screenQuestions(p)?.waiting.map((q) => `${q.id}:${q.votes}`).sort().join();
    await projector.waitFor((p) => votes(p) === [`${kept}:2`, `${dup}:2`].sort().join(), 5000, 'both questions back, 2 votes each');
    await a.waitFor((p) => p.view('member')?.questions?.mine.map((q) => `${q.id}:${q.anonymous}:${q.joined}`).join() === `${dup}:true:false`, 5000, 'the asker has their own question back, anonymous');
    await c.waitFor((p) => p.view('member')?.questions?.upvoted.slice().sort().join() === [kept, dup].sort().join(), 5000, 'C keeps both votes');
    await b.waitFor((p) => p.view('public')?.questions?.questions.length === 2, 5000, 'phones list both again');
    expect(b.view('public')!.questions!.questions.find((q) => q.id === dup)).toMatchObject({ askedBy: [], anonymousAskers: 1, votes: 2 });
    expect(b.view('public')!.questions!.questions.find((q) => q.id === kept)).toMatchObject({ askedBy: [server.conv.members[b.memberId]!.name], anonymousAskers: 0, votes: 2 });
    await facilitator.waitFor((f) => consoleRound(f, roundId)?.questions.map((q) => `${q.id}:${q.merged.length}`).join() === `${kept}:0,${dup}:0`, 5000, 'the console lists both, unmerged');

    // Through the merge and its undo, the anonymous asker reached no other phone, the projector or support.
    const asker = server.conv.members[a.memberId]!;
    for (const [socket, mark] of marks) {
      const text = JSON.stringify(socket.since(mark).map((r) => r.args));
      expect(text).toContain(kept);
      expect(text).not.toContain(asker.id);
      expect(text).not.toContain(asker.name);
    }

    // A second click: NOT_MERGED, nothing changes, nothing is broadcast.
    await new Promise((done) => setTimeout(done, 1200));
    const before = JSON.stringify(server.conv.questionRounds);
    const quiet = [b, projector, facilitator].map((w) => [w, w.mark()] as const);
    expect(code(await facilitator.send('question.unmerge', { sourceId: dup, targetId: kept }))).toBe('NOT_MERGED');
    await new Promise((done) => setTimeout(done, 1200));
    for (const [w, mark] of quiet) expect(w.since(mark).filter((r) => r.event === 'sync:patch')).toEqual([]);
    expect(JSON.stringify(server.conv.questionRounds)).toBe(before);

    // The log replays to the same state.
    await server.restart();
    expect(JSON.stringify(server.conv.questionRounds)).toBe(before);
  });
});

describe('the demo', () => {
  it('prepares a round for session 1, ready to open from the console', async () => {
    const prepared = server.conv.questionRounds;
    const round = Object.values(prepared).find((r) => r.sessionId === server.live.id && r.title === 'Questions à Gerhard Krinner et Sandra Rome')!;
    expect(round).toMatchObject({ status: 'ready', questions: [] });
    expect(server.live.agenda.find((i) => i.id === round.agendaItemId)?.title).toBe('Questions aux chercheurs');
    // Not open: phones see no round until the facilitator opens it.
    expect(phones[0].view('public')?.questions).toBeNull();
    await ok(facilitator.send('question.round.open', { roundId: round.id }));
    await phones[0].waitFor((p) => p.view('public')?.questions?.round.title === round.title);
  });
});

describe('who may do what, and bad payloads', () => {
  it('a member cannot moderate and the projector cannot ask: FORBIDDEN, nothing changes', async () => {
    const [a, b] = phones;
    const roundId = await openRound();
    const { questionId } = await ok(a.send('question.ask', { roundId, text: 'Une question légitime ?', anonymous: false }));
    const before = JSON.stringify(server.conv.questionRounds);
    const attempts: [string, unknown][] = [
      ['question.approve', { questionIds: [questionId] }],
      ['question.hide', { questionId, hidden: true }],
      ['question.answer', { questionId, answered: true }],
      ['question.edit', { questionId, text: 'Réécrite par un membre' }],
      ['question.project', { roundId, questionId }],
      ['question.merge', { sourceId: questionId, targetId: questionId }],
      ['question.round.close', { roundId }],
      ['question.round.create', { sessionId: server.live.id, title: 'Pirate', agendaItemId: null, premoderation: false, allowAnonymous: true }],
    ];
    for (const [name, args] of attempts) expect(`${name}: ${code(await b.send(name, args))}`).toBe(`${name}: FORBIDDEN`);
    expect(code(await projector.send('question.ask', { roundId, text: 'Le projecteur demande ?', anonymous: false }))).toBe('FORBIDDEN');
    expect(code(await facilitator.send('question.upvote', { questionId, up: true }))).toBe('FORBIDDEN');
    expect(JSON.stringify(server.conv.questionRounds)).toBe(before);
  });

  it('bad payloads: INVALID_PAYLOAD, and nothing is broadcast', async () => {
    const [a, b] = phones;
    const roundId = await openRound();
    // Every watcher has the open round before the bad commands, so any later patch would be theirs.
    await b.waitFor((p) => p.view('public')?.questions?.round.id === roundId && p.view('member')?.questions?.roundId === roundId);
    await support.waitFor((p) => p.view('public')?.questions?.round.id === roundId);
    await projector.waitFor((p) => p.view('screen')?.session?.questions?.round.id === roundId);
    await facilitator.waitFor((p) => p.view('console')?.sessions.some((s) => s.questions.rounds.find((r) => r.id === roundId)?.status === 'open'));
    await new Promise((done) => setTimeout(done, 600));
    const before = JSON.stringify(server.conv.questionRounds);
    const watchers = [b, projector, facilitator, support];
    const marks = watchers.map((w) => w.mark());
    const bad: unknown[] = [
      { roundId, text: 'Eh', anonymous: false },
      { roundId, text: 'x'.repeat(281), anonymous: false },
      { roundId, text: 'Une question ?' },
      { roundId, text: 'Une question ?', anonymous: 'oui' },
      { roundId, text: 'Une question ?', anonymous: false, memberId: b.memberId },
      { roundId: '__proto__', text: 'Une question ?', anonymous: false },
    ];
    for (const args of bad) expect(code(await a.send('question.ask', args))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('question.project', { roundId }))).toBe('INVALID_PAYLOAD');
    expect(code(await facilitator.send('question.approve', { questionIds: [] }))).toBe('INVALID_PAYLOAD');
    await new Promise((done) => setTimeout(done, 700));
    watchers.forEach((w, i) => expect(w.since(marks[i]!).filter((r) => r.event === 'sync:patch')).toEqual([]));
    expect(JSON.stringify(server.conv.questionRounds)).toBe(before);
  });
});

describe('the session’s record', () => {
  it('exports the session’s questions as CSV and JSON with the facilitator key; anonymous askers stay anonymous', async () => {
    const [a, b, c] = phones;
    const roundId = await openRound();
    const { questionId: anon } = await ok(a.send('question.ask', { roundId, text: '=SOMME(A1:A9) est-il un risque ?', anonymous: true }));
    const { questionId: signed } = await ok(b.send('question.ask', { roundId, text: 'Quel budget pour le vélo ?', anonymous: false }));
    const { questionId: gone } = await ok(c.send('question.ask', { roundId, text: 'Question retirée ensuite ?', anonymous: false }));
    await ok(c.send('question.upvote', { questionId: signed, up: true }));
    await ok(c.send('question.withdraw', { questionId: gone }));
    await ok(facilitator.send('question.edit', { questionId: signed, text: 'Quel budget pour les pistes cyclables ?' }));
    await ok(facilitator.send('question.answer', { questionId: anon, answered: true }));
    const url = (format: string, session = server.live.id) => `${server.url}/api/export/questions.${format}?session=${encodeURIComponent(session)}`;
    const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

    expect((await http(url('csv'))).status).toBe(401);
    expect((await http(url('csv'), auth(server.projectorKey))).status).toBe(403);
    expect((await http(`${server.url}/api/export/questions.csv`, auth(server.facilitatorKey))).body.error.code).toBe('INVALID_PAYLOAD');
    expect((await http(url('csv', 'nope'), auth(server.facilitatorKey))).status).toBe(404);

    const csv = await http<string>(url('csv'), auth(server.facilitatorKey));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("'=SOMME(A1:A9) est-il un risque ?");
    expect(lines[1]).toContain('répondue');
    expect(lines[2]).toContain('Quel budget pour les pistes cyclables ?;Quel budget pour le vélo ?');
    expect(lines[2]).toContain(server.conv.members[b.memberId]!.name);
    expect(csv.body).not.toContain(server.conv.members[a.memberId]!.name);
    expect(csv.body).not.toContain('Question retirée');

    const json = await http(url('json'), auth(server.facilitatorKey));
    expect(json.body.session.id).toBe(server.live.id);
    const round = json.body.rounds.find((r: { id: string }) => r.id === roundId);
    expect(round).toMatchObject({ id: roundId, withdrawn: 1 });
    expect(round.questions.map((q: any) => [q.number, q.state, q.votes, q.anonymousAskers])).toEqual([
      [1, 'answered', 0, 1],
      [2, 'approved', 1, 0],
    ]);
    expect(JSON.stringify(json.body)).not.toContain(a.memberId);

    // The state survives a restart: replayed from the log.
    const saved = JSON.stringify(server.conv.questionRounds);
    await server.restart();
    expect(JSON.stringify(server.conv.questionRounds)).toBe(saved);
  });
});
