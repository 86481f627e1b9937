import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import type { SeriesView } from '../../shared/features/series/views.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 17, item 4 with real sockets: one question asked in sessions 1, 3 and 5. Scripted phones
// change their answers between waves; the console's shifts and transition tables must equal what
// the script did, with every count under k hidden. The poll's transitions come from its stored
// answers; the consensus check's from what each phone sends as `previous`, counted in a secret
// counter that never meets a member (nothing of it in any event).

type Phone = TestClient & { memberId: string };
let server: TestServer;
let facilitator: TestClient;
let phones: Phone[];
const K = 5;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (r: Ack) => (r.ok ? 'ok' : r.error.code);

/** Moves the room to another session: the phones stay connected, every member present there. */
async function goTo(index: number) {
  const sessionId = server.conv.sessionOrder[index]!;
  await ok(facilitator.send('session.close', { sessionId: server.live.id }));
  await ok(facilitator.send('session.open', { sessionId }));
  await ok(facilitator.send('presence.mark', { sessionId, memberIds: phones.map((p) => p.memberId), present: true }));
  return sessionId;
}

const consoleSeries = () => facilitator.view('console')!.series;

/** What the script did between two waves: 'from>to' -> members ('none' without an earlier answer). */
function moves(before: (string | null)[], after: (string | null)[]): Record<string, number> {
  const out: Record<string, number> = {};
  after.forEach((to, i) => {
    if (to === null) return;
    const key = `${before[i] ?? 'none'}>${to}`;
    out[key] = (out[key] ?? 0) + 1;
  });
  return out;
}

/** Every shown cell equals the script's count; every count under k is hidden. */
function expectTable(table: SeriesView['tables'][number]['table'], script: Record<string, number>) {
  table.rows.forEach((row, r) =>
    table.columns.forEach((col, c) => {
      const truth = script[`${row.key}>${col.key}`] ?? 0;
      const shown = table.cells[r]![c]!;
      if (shown !== null) expect(shown, `${row.key}>${col.key}`).toBe(truth);
      if (truth > 0 && truth < K) expect(shown, `${row.key}>${col.key} is under k`).toBeNull();
    }),
  );
  expect(table.total).toBe(Object.values(script).reduce((a, b) => a + b, 0));
  // Not all hidden: the script moves groups of k or more too, and those are shown.
  expect(table.cells.flat().filter((n) => n !== null && n >= K).length).toBeGreaterThan(0);
}

beforeEach(async () => {
  server = await startServer({ members: 24 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  phones = [];
  for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('a poll asked in three sessions', () => {
  // o1 Pour, o2 Contre, o3 Sans avis; null: no answer. 24 members.
  const W1 = [...Array(12).fill('o1'), ...Array(8).fill('o2'), ...Array(3).fill('o3'), null];
  const W2 = [...Array(10).fill('o1'), 'o2', 'o2', ...Array(5).fill('o1'), 'o2', 'o2', 'o2', 'o1', 'o1', 'o3', 'o1'];
  const W3 = [...Array(17).fill('o1'), 'o2', 'o2', 'o2', 'o1', 'o1', 'o3', null];

  it('shows each wave, the net shift and transitions equal to what the phones did', async () => {
    const s1 = server.live.id;
    const { pollId: first } = await ok(facilitator.send('poll.create', { sessionId: s1, agendaItemId: null, question: 'Faut-il une ZFE à Grenoble ?', format: { kind: 'single', options: ['Pour', 'Contre', 'Sans avis'] }, live: false }));
    await ok(facilitator.send('poll.launch', { sessionId: s1, pollId: first }));
    await Promise.all(phones.map((p, i) => (W1[i] ? ok(p.send('poll.answer', { pollId: first, answer: { kind: 'choices', optionIds: [W1[i]!] } })) : null)));
    await ok(facilitator.send('poll.close', { pollId: first }));

    // The next waves are asked in sessions 3 and 5, with transitions.
    const s3 = server.conv.sessionOrder[2]!;
    const s5 = server.conv.sessionOrder[4]!;
    const { seriesId, activityId: second } = await ok(facilitator.send('series.askAgain', { kind: 'poll', id: first, sessionId: s3, label: 'Après les experts' }));
    const { activityId: third } = await ok(facilitator.send('series.askAgain', { kind: 'poll', id: second, sessionId: s5 }));
    await ok(facilitator.send('series.setTransitions', { seriesId, enabled: true }));
    // A wave's options stay those of the first.
    expect(code(await facilitator.send('poll.edit', { pollId: second, agendaItemId: null, question: 'Faut-il une ZFE à Grenoble ?', format: { kind: 'single', options: ['Pour', 'Contre'] }, live: false }))).toBe('OPTIONS_LOCKED');

    for (const [index, pollId, script] of [[2, second, W2], [4, third, W3]] as const) {
      const sessionId = await goTo(index);
      await ok(facilitator.send('poll.launch', { sessionId, pollId }));
      // Phones show the reminder that it was asked before (the session's first day).
      const phone = await phones[0]!.waitFor((c) => c.view('public')?.waves.asked[pollId]);
      expect(phone.askedOn).toBe(server.conv.sessions[index === 2 ? s1 : s3]!.startDate);
      await Promise.all(phones.map((p, i) => (script[i] ? ok(p.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [script[i]!] } })) : null)));
      await ok(facilitator.send('poll.close', { pollId }));
    }
    expect(code(await facilitator.send('series.setTransitions', { seriesId, enabled: false }))).toBe('WRONG_PHASE');

    const series = (await facilitator.waitFor((c) => c.view('console')?.series.find((s) => s.id === seriesId && s.tables.length === 2)))!;
    expect(series.waves.map((w) => [w.label, w.phase])).toEqual([['', 'closed'], ['Après les experts', 'closed'], ['', 'closed']]);
    // Each wave's distribution, as the script answered.
    const share = (script: (string | null)[], option: string) => script.filter((a) => a === option).length / script.filter((a) => a !== null).length;
    series.waves.forEach((w, i) => {
      const script = [W1, W2, W3][i]!;
      expect(w.figures!.respondents).toBe(script.filter((a) => a !== null).length);
      expect(w.figures!.options.map((o) => o.count)).toEqual(['o1', 'o2', 'o3'].map((o) => script.filter((a) => a === o).length));
    });
    // The net shift, first wave to last, in points per option.
    expect(series.overall!.options.map((o) => o.points)).toEqual(['o1', 'o2', 'o3'].map((o) => Math.round((share(W3, o) - share(W1, o)) * 1000) / 10));
    expect(series.steps.map((s) => [s.from, s.to])).toEqual([[0, 1], [1, 2]]);
    // Transitions, member by member from the stored answers, under k hidden.
    expectTable(series.tables[0]!.table, moves(W1, W2));
    expectTable(series.tables[1]!.table, moves(W2, W3));
    expect(series.tables[0]!.table.hidden).toBeGreaterThan(0);

    // The exports say the same: export.json's series as the console's, with the same hidden
    // cells; the open data's opinion-change file, one row per wave and option.
    const auth = { headers: { authorization: `Bearer ${server.facilitatorKey}` } };
    const exported = (await (await fetch(`${server.url}/api/export.json`, auth)).json()) as { series: SeriesView[] };
    expect(exported.series[0]!.tables).toEqual(series.tables);
    expect(exported.series[0]!.overall).toEqual(series.overall);
    const open = (await (await fetch(`${server.url}/api/open-data/opinion-change.json`, auth)).json()) as Record<string, unknown>[] | { rows: Record<string, unknown>[] };
    const rows = Array.isArray(open) ? open : open.rows;
    expect(rows.map((r) => [r.wave, r.answer, r.count])).toEqual([W1, W2, W3].flatMap((script, w) => ['Pour', 'Contre', 'Sans avis'].map((answer, o) => [w + 1, answer, script.filter((a) => a === `o${o + 1}`).length])));
    expect(rows.filter((r) => r.wave === 3 && r.answer === 'Pour')[0]!.points_since_first as number).toBeCloseTo(series.overall!.options[0]!.points, 1);

    // The projector shows the shift when the facilitator asks.
    const projector = await connectClient(server.url, server.projectorKey);
    await ok(facilitator.send('series.show', { seriesId }));
    const shown = await projector.waitFor((c) => c.view('screen')?.session?.shift);
    expect(server.conv.sessions[server.live.id]!.screenPanel).toBe('shift');
    expect(shown.overall).toEqual(series.overall);
  });
});

describe('a consensus check with transitions', () => {
  // Levels 0 (Tout à fait d'accord) … 4 (Pas du tout d'accord); null: no answer.
  const W1 = [...Array(6).fill(0), ...Array(6).fill(1), ...Array(6).fill(3), ...Array(5).fill(4), null];
  const W2 = [...Array(6).fill(0), ...Array(6).fill(0), ...Array(6).fill(1), 4, 4, 4, 3, 3, 2];
  const W3 = [...Array(12).fill(0), ...Array(6).fill(1), 1, 1, 4, 3, 3, 2];

  it('counts where each phone came from in a secret counter, and shows it hidden under k', async () => {
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Zone à faibles émissions', text: 'Dès 2027.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { checkId: first } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'ZFE', proposalIds: [proposalId], mode: 'batch', levels: null, allowUnsure: false, live: false }));
    // The later waves are prepared, and transitions switched on, before the first closes: the
    // phones then keep their own answer for the next wave.
    const { seriesId, activityId: second } = await ok(facilitator.send('series.askAgain', { kind: 'check', id: first, sessionId: server.conv.sessionOrder[2]! }));
    const { activityId: third } = await ok(facilitator.send('series.askAgain', { kind: 'check', id: second, sessionId: server.conv.sessionOrder[4]! }));
    await ok(facilitator.send('series.setTransitions', { seriesId, enabled: true }));
    const keep = await phones[0]!.waitFor((c) => (c.view('public')?.waves.keep.includes(first) ? c.view('public')!.waves.keep : undefined));
    expect(keep).toEqual([first, second]);

    await ok(facilitator.send('consensus.open', { checkId: first }));
    let acks = phones.map((p, i) => (W1[i] === null ? null : ok(p.send('consensus.answer', { checkId: first, proposalId, level: W1[i]! }))));
    await ok(facilitator.send('consensus.close', { checkId: first }));
    await Promise.all(acks);

    for (const [index, checkId, before, script] of [[2, second, W1, W2], [4, third, W2, W3]] as const) {
      await goTo(index);
      const wave = await phones[0]!.waitFor((c) => c.view('public')?.waves.asked[checkId]);
      expect(wave.previousId).toBe(index === 2 ? first : second);
      await ok(facilitator.send('consensus.open', { checkId }));
      // Each phone sends its own earlier answer, as the app's phone does from what it kept.
      acks = phones.map((p, i) => (script[i] === null ? null : ok(p.send('consensus.answer', { checkId, proposalId, level: script[i]!, ...(before[i] === null ? {} : { previous: before[i] }) }))));
      // While the wave is open, batches of the room's counter reach the disk, never a transition:
      // those are written at the close only (docs/security.md).
      const answered = script.filter((l) => l !== null).length;
      await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === c.view('console')!.liveSessionId)?.deliberation.checks.find((x) => x.id === checkId)?.answered[proposalId] === answered);
      const open = new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true });
      const counters = (open.prepare('SELECT vote_id AS counter FROM secret_tallies').all() as { counter: string }[]).map((r) => r.counter);
      open.close();
      expect(counters.filter((c) => c.startsWith(`agree:${checkId}:`)).length).toBeGreaterThan(0);
      expect(counters.filter((c) => c.startsWith(`trans:${checkId}:`))).toEqual([]);
      await ok(facilitator.send('consensus.close', { checkId }));
      await Promise.all(acks);
    }
    // The last wave closed: phones keep nothing any more.
    await phones[0]!.waitFor((c) => c.view('public')?.waves.keep.length === 0);

    const series = (await facilitator.waitFor((c) => c.view('console')?.series.find((s) => s.id === seriesId && s.tables.length === 2)))!;
    const agreeShare = (script: (number | null)[]) => script.filter((l) => l !== null && l < 2).length / script.filter((l) => l !== null).length;
    expect(series.waves.map((w) => w.figures!.proposals[0]!.agree)).toEqual([W1, W2, W3].map(agreeShare));
    expect(series.overall!.proposals[0]!.agreePoints).toBe(Math.round((agreeShare(W3) - agreeShare(W1)) * 1000) / 10);
    const numeric = (script: (number | null)[]) => script.map((l) => (l === null ? null : String(l)));
    expectTable(series.tables[0]!.table, moves(numeric(W1), numeric(W2)));
    expectTable(series.tables[1]!.table, moves(numeric(W2), numeric(W3)));

    // On disk: the transitions are secret counters like the room's, and no event carries a level.
    const db = new Database(join(server.dataDir, 'convergence.sqlite'), { readonly: true });
    const rows = db.prepare("SELECT vote_id AS counter, choice AS cell, count FROM secret_tallies WHERE vote_id LIKE 'trans:%'").all() as { counter: string; cell: string; count: number }[];
    const events = db.prepare('SELECT data FROM events').all() as { data: string }[];
    db.close();
    const onDisk = (checkId: string) => Object.fromEntries(rows.filter((r) => r.counter === `trans:${checkId}:${proposalId}`).map((r) => [r.cell, r.count]));
    expect(onDisk(second)).toEqual(moves(numeric(W1), numeric(W2)));
    expect(onDisk(third)).toEqual(moves(numeric(W2), numeric(W3)));
    expect(events.filter((e) => /"previous"|trans:|"\d>\d"|none>/.test(e.data)).map((e) => e.data.slice(0, 400))).toEqual([]);

    // A restart reads the counters back: the same tables.
    await server.restart();
    const again = await connectClient(server.url, server.facilitatorKey);
    const reread = (await again.waitFor((c) => c.view('console')?.series.find((s) => s.id === seriesId)))!;
    expect(reread.tables).toEqual(series.tables);
  });
});

describe('a consensus check whose phones kept no answers', () => {
  // Phones keep their answer to a check only when, as they answer, it is a wave of a series
  // counting transitions, and only until the next wave closes (client/views/member/CheckAnswer.svelte,
  // closed-secrets.ts). A table counted otherwise would put every member in « Pas de réponse avant ».
  const levels = [...Array(12).fill(0), ...Array(12).fill(3)];

  async function checkAnsweredAndClosed(proposalId: string, checkId: string, script: number[], previous?: number[]) {
    await ok(facilitator.send('consensus.open', { checkId }));
    const acks = phones.map((p, i) => ok(p.send('consensus.answer', { checkId, proposalId, level: script[i]!, ...(previous ? { previous: previous[i] } : {}) })));
    await ok(facilitator.send('consensus.close', { checkId }));
    await Promise.all(acks);
  }

  async function proposalAndCheck() {
    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Zone à faibles émissions', text: 'Dès 2027.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId: server.live.id, title: 'ZFE', proposalIds: [proposalId], mode: 'batch', levels: null, allowUnsure: false, live: false }));
    return { proposalId, checkId };
  }

  it('refuses transitions once the first wave has opened, and changes nothing', async () => {
    const { proposalId, checkId: first } = await proposalAndCheck();
    await checkAnsweredAndClosed(proposalId, first, levels);
    const { seriesId } = await ok(facilitator.send('series.askAgain', { kind: 'check', id: first, sessionId: server.conv.sessionOrder[2]! }));
    const before = JSON.stringify(server.conv.series);
    const seen = (await facilitator.waitFor((c) => c.view('console')?.series.find((s) => s.id === seriesId)))!;
    expect(seen.transitionsEditable).toBe(false);
    expect(code(await facilitator.send('series.setTransitions', { seriesId, enabled: true }))).toBe('WRONG_PHASE');
    expect(JSON.stringify(server.conv.series)).toBe(before);
    expect(server.conv.series![seriesId]!.transitions).toBe(false);
  });

  it('a wave asked after the one before closed has no table, but says why; the earlier step keeps its table', async () => {
    const { proposalId, checkId: first } = await proposalAndCheck();
    const { seriesId, activityId: second } = await ok(facilitator.send('series.askAgain', { kind: 'check', id: first, sessionId: server.conv.sessionOrder[2]! }));
    await ok(facilitator.send('series.setTransitions', { seriesId, enabled: true }));
    const W2 = [...Array(18).fill(0), ...Array(6).fill(3)];
    await checkAnsweredAndClosed(proposalId, first, levels);
    await goTo(2);
    await checkAnsweredAndClosed(proposalId, second, W2, levels);
    // The phones drop their answers to the second wave as it closes (no next wave yet).
    await phones[0]!.waitFor((c) => c.view('public')?.waves.keep.length === 0);
    const { activityId: third } = await ok(facilitator.send('series.askAgain', { kind: 'check', id: second, sessionId: server.conv.sessionOrder[4]! }));
    await goTo(4);
    const asked = await phones[0]!.waitFor((c) => c.view('public')?.waves.asked[third]);
    expect(asked.previousId).toBe(second);
    await checkAnsweredAndClosed(proposalId, third, levels);

    const series = (await facilitator.waitFor((c) => c.view('console')?.series.find((s) => s.id === seriesId && s.waves.every((w) => w.phase === 'closed'))))!;
    expect(series.tables.map((t) => [t.from, t.to])).toEqual([[0, 1]]);
    expect(series.tables[0]!.table.cells[0]![0]).toBe(12);
    expect(series.untracked).toEqual([{ from: 1, to: 2 }]);
    // The shift itself is counted from the room's counts, as for any wave.
    expect(series.steps.map((s) => [s.from, s.to])).toEqual([[0, 1], [1, 2]]);
    const auth = { headers: { authorization: `Bearer ${server.facilitatorKey}` } };
    const exported = (await (await fetch(`${server.url}/api/export.json`, auth)).json()) as { series: SeriesView[] };
    expect(exported.series[0]!.untracked).toEqual([{ from: 1, to: 2 }]);
    expect(exported.series[0]!.tables).toEqual(series.tables);
    // The projector says the same.
    const projector = await connectClient(server.url, server.projectorKey);
    await ok(facilitator.send('series.show', { seriesId }));
    const shown = await projector.waitFor((c) => c.view('screen')?.session?.shift);
    expect(shown.untracked).toEqual([{ from: 1, to: 2 }]);
  });
});

describe('who may send series commands', () => {
  it('refuses every series command from a member and from the projector', async () => {
    const projector = await connectClient(server.url, server.projectorKey);
    const attempts: [string, unknown][] = [
      ['series.askAgain', { kind: 'poll', id: 'x', sessionId: server.live.id }],
      ['series.rename', { seriesId: 'x', title: 'T' }],
      ['series.label', { seriesId: 'x', activityId: 'y', label: '' }],
      ['series.setTransitions', { seriesId: 'x', enabled: true }],
      ['series.removeWave', { seriesId: 'x', activityId: 'y' }],
      ['series.show', { seriesId: 'x' }],
    ];
    for (const [name, args] of attempts) {
      expect(code(await phones[0]!.send(name as never, args as never)), name).toBe('FORBIDDEN');
      expect(code(await projector.send(name as never, args as never)), name).toBe('FORBIDDEN');
    }
    expect(server.conv.series).toBeUndefined();
  });
});
