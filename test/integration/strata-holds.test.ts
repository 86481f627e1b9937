import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import type { StratumRow } from '../../shared/features/strata/holds.ts';
import { closeAllClients, connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 17, item 3's reading with real sockets: after a closed secret vote, the console's "Par
// strate" and the projector's stratum panel show, per gender, exactly what the scripted phones
// cast, whether the room's result holds there, and the marker; only the facilitator may put it
// on the projector, and only for a closed result and an attribute it was counted by.

let server: TestServer;
let facilitator: TestClient;
let projector: TestClient;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);

beforeEach(async () => {
  server = await startServer({ members: 40 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  projector = await connectClient(server.url, server.projectorKey);
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('a closed vote read by stratum', () => {
  it('shows on the console and the projector what the phones cast per gender, and where the result does not hold', async () => {
    await ok(facilitator.send('strata.choose', { attributes: ['gender', 'ageBracket'] }));
    const memberIds = server.conv.memberOrder.slice(0, 40);
    const gender = (id: string) => server.conv.members[id]!.attributes.gender!;
    const phones = [];
    for (const id of memberIds) phones.push({ id, phone: await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode) });

    const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Zones à faibles émissions', text: 'Le détail.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    // Still open: nothing per stratum, and the projector cannot show it yet.
    await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
    expect(code(await facilitator.send('screen.showStrata', { sessionId: server.live.id, ref: { kind: 'vote', id: voteId }, attribute: 'gender' }))).toBe('ACTIVITY_STILL_OPEN');
    await Promise.all(phones.map(({ phone }) => phone.waitFor((c) => c.view('public')?.votes.find((v) => v.id === voteId)?.status === 'open')));

    // Women all for; just enough men for that the room adopts at 60 % (24 of 40), the other men
    // against: men then reject it on their own (the demo's roster is drawn anew each time).
    const expected: Record<string, [number, number, number]> = {};
    let menFor = Math.max(0, 24 - phones.filter(({ id }) => gender(id) === 'Femme').length);
    const choices = phones.map(({ id }) => {
      const g = gender(id);
      const choice = g === 'Femme' || menFor-- > 0 ? 'for' : 'against';
      expected[g] ??= [0, 0, 0];
      expected[g][choice === 'for' ? 0 : 1] += 1;
      return choice;
    });
    const acks = phones.map(({ phone }, i) => ok(phone.send('vote.cast', { voteId, choice: choices[i] })));
    await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.votes.find((v) => v.id === voteId)?.voted === 40);
    const { results } = await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    await Promise.all(acks);
    const room = results[voteId];
    const roomFor = room.tally.for as number;
    expect(roomFor + room.tally.against).toBe(40);
    // Each gender has k (5) members or more in a room of 40 drawn by the demo: both stand on their own.
    expect(Object.values(expected).every(([f, a]) => f + a >= 5)).toBe(true);
    const adoptedBy = ([f, a]: [number, number, number]) => f * 10 >= 6 * (f + a);
    expect(room.adopted).toBe(roomFor * 10 >= 6 * 40);

    // The console's reading.
    const entry = await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.byStratum.find((e) => e.ref.kind === 'vote' && e.ref.id === voteId && e.state === 'read'));
    const reading = entry.reading!;
    expect(reading.total).toBe(40);
    expect(reading.attributed).toBe(40);
    expect(reading.room.verdict).toMatchObject({ kind: 'vote', outcome: room.adopted ? 'adopted' : 'rejected' });
    const genderRows = reading.attributes.find((a) => a.attribute === 'gender')!.rows;
    expect(Object.fromEntries(genderRows.map((r: StratumRow) => [r.value, r.cells]))).toEqual(expected);
    for (const row of genderRows) {
      const verdict = adoptedBy(expected[row.value]!) ? 'adopted' : 'rejected';
      expect(row.verdict).toMatchObject({ kind: 'vote', outcome: verdict });
      expect(row.holds).toBe(room.adopted === adoptedBy(expected[row.value]!));
    }
    expect(reading.notHolding.filter((n) => n.attribute === 'gender').map((n) => n.value)).toEqual(genderRows.filter((r) => r.holds === false).map((r) => r.value));
    // Women all for: the room's adoption holds among them; men mostly against: it does not.
    expect(room.adopted).toBe(true);
    expect(reading.notHolding).toContainEqual({ attribute: 'gender', value: 'Homme' });
    // Age brackets: every ballot in one row, no row under k (small brackets are counted together).
    const ageRows = reading.attributes.find((a) => a.attribute === 'ageBracket')!.rows;
    expect(ageRows.reduce((n, r) => n + r.ballots!, 0)).toBe(40);
    for (const row of ageRows) expect(row.ballots!, row.value).toBeGreaterThanOrEqual(5);

    // A member may not choose what the projector shows; a facilitator may, for a reported attribute only.
    const args = { sessionId: server.live.id, ref: { kind: 'vote', id: voteId }, attribute: 'gender' };
    expect(code(await phones[0]!.phone.send('screen.showStrata', args))).toBe('FORBIDDEN');
    expect(code(await projector.send('screen.showStrata', args))).toBe('FORBIDDEN');
    expect(code(await facilitator.send('screen.showStrata', { ...args, attribute: 'territory' }))).toBe('NOT_FOUND');
    expect(code(await facilitator.send('screen.showStrata', { ...args, ref: { kind: 'vote', id: 'nope' } }))).toBe('NOT_FOUND');
    expect(server.conv.sessions[server.live.id]!.screenPanel).toBe('votes');
    await ok(facilitator.send('screen.showStrata', args));

    // The projector: the same rows for that attribute only, and the console marks it on screen.
    const shown = await projector.waitFor((c) => (c.view('screen')?.session?.shows.kind === 'strata' ? c.view('screen')!.session!.byStratum : null));
    expect(shown.attribute).toBe('gender');
    expect(shown.reading!.attributes.map((a) => a.attribute)).toEqual(['gender']);
    expect(shown.reading!.attributes[0]!.rows).toEqual(genderRows);
    expect(shown.reading!.notHolding).toEqual([{ attribute: 'gender', value: 'Homme' }]);
    const onScreen = await facilitator.waitFor((c) => {
      const panel = c.view('console')?.sessions.find((s) => s.id === server.live.id)?.onScreen;
      return panel?.kind === 'strata' && panel;
    });
    expect(onScreen).toEqual({ kind: 'strata', ref: { kind: 'vote', id: voteId }, attribute: 'gender' });
    // The screen's view names no member and no count under k.
    const screenJson = JSON.stringify(projector.view('screen')!.session!.byStratum);
    for (const id of memberIds) expect(screenJson).not.toContain(server.conv.members[id]!.name);

    // Another panel takes over: the stratum panel's data leaves the projector's view.
    await ok(facilitator.send('screen.show', { sessionId: server.live.id, panel: 'agenda' }));
    await projector.waitFor((c) => c.view('screen')?.session?.shows.kind === 'agenda' && c.view('screen')!.session!.byStratum === null);

    // The dossier, the export and the open data carry the same reading, nothing under k.
    const auth = { headers: { authorization: `Bearer ${server.facilitatorKey}` } };
    const dossier = (await http(`${server.url}/api/report/dossier`, auth)).body.data;
    const inDossier = dossier.byStratum.find((d: { reading: { ref: { id: string } } }) => d.reading.ref.id === voteId);
    expect(inDossier).toEqual({ session: server.live.title, reading });
    const exported = (await http(`${server.url}/api/export.json`, auth)).body;
    expect(exported.byStratum.find((r: { ref: { id: string } }) => r.ref.id === voteId)).toEqual({ sessionId: server.live.id, ...reading });
    const open = (await http(`${server.url}/api/open-data/results-by-stratum.json`, auth)).body;
    const rows = open.rows.filter((r: { result_id: string }) => r.result_id === voteId);
    expect(rows.filter((r: { attribute: string }) => r.attribute === 'gender').map((r: Record<string, unknown>) => [r.value, r.cells, r.result, r.holds])).toEqual(
      genderRows.map((r) => [r.value, r.cells, r.verdict.kind === 'vote' ? r.verdict.outcome : '', r.holds]),
    );
    expect(rows.every((r: { room_result: string; room_ballots: number }) => r.room_result === 'adopted' && r.room_ballots === 40)).toBe(true);
    for (const row of rows) expect(row.ballots, `${row.attribute} ${row.value}`).toBeGreaterThanOrEqual(5);

    // The public files: only once the vote and its proposal are published, k-safe, no names.
    const { code: publicCode } = await ok(facilitator.send('publication.set', { kind: 'vote', id: voteId, published: true }));
    const publicRows = async () => JSON.parse(await (await fetch(`${server.url}/r/${publicCode}/donnees/results-by-stratum.json`)).text()).rows as Record<string, unknown>[];
    expect(await publicRows()).toEqual([]);
    await ok(facilitator.send('publication.set', { kind: 'proposal', id: proposalId, published: true }));
    expect(await publicRows()).toEqual(rows);
    const publicText = await (await fetch(`${server.url}/r/${publicCode}/donnees/results-by-stratum.csv`)).text();
    for (const id of memberIds) expect(publicText).not.toContain(server.conv.members[id]!.name);
  });

  it('reads a consensus check, a grading and a poll per gender by their own rules', async () => {
    await ok(facilitator.send('strata.choose', { attributes: ['gender'] }));
    const memberIds = server.conv.memberOrder.slice(0, 40);
    const women = (id: string) => server.conv.members[id]!.attributes.gender === 'Femme';
    const phones = [];
    for (const id of memberIds) phones.push({ id, phone: await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode) });
    const enter = async (title: string) => (await ok(facilitator.send('proposal.enter', { title, text: 'Le détail.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }))).proposalId as string;
    const proposalId = await enter('Une ligne de tram vers le sud');
    const sessionId = server.live.id;

    // The check: women fully agree, men fully disagree. Each half alone is unanimous; the room is split.
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId, title: 'Mesure', proposalIds: [proposalId], mode: 'batch', levels: null, allowUnsure: true, live: false }));
    await ok(facilitator.send('consensus.open', { checkId }));
    // The grading: women "Très bien" (1), men "Passable" (3).
    const { gradingId } = await ok(facilitator.send('grading.create', { sessionId, title: 'Jugement', proposalIds: [proposalId] }));
    await ok(facilitator.send('grading.open', { gradingId }));
    // The poll: everyone "Oui" but the men, "Non".
    const { pollId } = await ok(facilitator.send('poll.create', { sessionId, agendaItemId: null, question: 'D’accord ?', format: { kind: 'single', options: ['Oui', 'Non'] }, live: false }));
    await ok(facilitator.send('poll.launch', { sessionId, pollId }));
    await Promise.all(phones.map(({ phone }) => phone.waitFor((c) => c.view('public')?.poll?.status === 'open')));
    const acks = phones.flatMap(({ id, phone }) => [
      ok(phone.send('consensus.answer', { checkId, proposalId, level: women(id) ? 0 : 4 })),
      ok(phone.send('grading.grade', { gradingId, grades: { [proposalId]: women(id) ? 1 : 3 } })),
      ok(phone.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [women(id) ? 'o1' : 'o2'] } })),
    ]);
    // Every answer counted in participation (ballots may still wait in the box: the close counts them).
    await facilitator.waitFor((c) => {
      const s = c.view('console')?.sessions.find((x) => x.id === sessionId);
      const check = s?.deliberation.checks.find((x) => x.id === checkId);
      const grading = s?.deliberation.gradings.find((x) => x.id === gradingId);
      return s?.polls.find((p) => p.id === pollId)?.respondents === 40 && check?.answered[proposalId] === 40 && grading?.graded[proposalId] === 40;
    });
    await ok(facilitator.send('consensus.close', { checkId }));
    await ok(facilitator.send('grading.close', { gradingId }));
    await ok(facilitator.send('poll.close', { pollId }));
    await Promise.all(acks);

    const nWomen = memberIds.filter(women).length;
    const entries = await facilitator.waitFor((c) => {
      const list = c.view('console')?.sessions.find((s) => s.id === sessionId)?.byStratum;
      return list && list.filter((e) => e.state === 'read').length === 3 && list;
    });
    const rowsOf = (kind: string) => entries.find((e) => e.ref.kind === kind)!.reading!.attributes[0]!.rows;
    // The check: each gender unanimous, on opposite sides; the room's marker is its own (shared/math/consensus.ts).
    const check = entries.find((e) => e.ref.kind === 'check')!.reading!;
    expect(rowsOf('check').map((r) => [r.value, r.ballots, r.verdict])).toEqual([
      ['Femme', nWomen, { kind: 'check', marker: 'strong_consensus', agree: 1, disagree: 0 }],
      ['Homme', 40 - nWomen, { kind: 'check', marker: 'divided', agree: 0, disagree: 1 }],
    ]);
    // Shares as the server computes them (count / answers): 1 - 17/40 and 23/40 differ in the last bit.
    expect(check.room.verdict).toMatchObject({ kind: 'check', agree: nWomen / 40, disagree: (40 - nWomen) / 40 });
    // Women's consensus holds where the room reads a consensus, men's "divided" where it reads divided.
    for (const row of rowsOf('check')) {
      const room = check.room.verdict.kind === 'check' ? check.room.verdict.marker : '';
      const family = (m: string) => (m === 'strong_consensus' ? 'consensus' : m);
      expect(row.holds).toBe(family(room) === family(row.verdict.kind === 'check' ? row.verdict.marker : ''));
    }
    // The grading: each gender's majority grade is its own grade; the room's is the one of the larger half.
    const grading = entries.find((e) => e.ref.kind === 'grading')!.reading!;
    expect(rowsOf('grading').map((r) => [r.value, r.verdict])).toEqual([
      ['Femme', { kind: 'grading', grade: 1 }],
      ['Homme', { kind: 'grading', grade: 3 }],
    ]);
    const roomGrade = 2 * nWomen > 40 ? 1 : 3;
    expect(grading.room.verdict).toEqual({ kind: 'grading', grade: roomGrade });
    expect(grading.notHolding).toEqual([{ attribute: 'gender', value: roomGrade === 1 ? 'Homme' : 'Femme' }]);
    // The poll: "Oui" leads among women, "Non" among men.
    const poll = entries.find((e) => e.ref.kind === 'poll')!.reading!;
    expect(rowsOf('poll').map((r) => [r.value, r.ballots, r.cells, r.verdict])).toEqual([
      ['Femme', nWomen, [nWomen, 0], { kind: 'choices', leading: [0] }],
      ['Homme', 40 - nWomen, [0, 40 - nWomen], { kind: 'choices', leading: [1] }],
    ]);
    expect(poll.labels).toEqual(['Oui', 'Non']);
    expect(poll.notHolding).toHaveLength(2 * nWomen === 40 ? 2 : 1);
  });

  it('says why a result has no reading: still open, or no strata reported', async () => {
    const { pollId } = await ok(facilitator.send('poll.create', { sessionId: server.live.id, agendaItemId: null, question: 'Venez-vous en vélo ?', format: { kind: 'single', options: ['Oui', 'Non'] }, live: false }));
    await ok(facilitator.send('poll.launch', { sessionId: server.live.id, pollId }));
    const open = await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.byStratum.find((e) => e.ref.kind === 'poll'));
    expect(open.state).toBe('at_close');
    await ok(facilitator.send('poll.close', { pollId }));
    const closed = await facilitator.waitFor((c) => c.view('console')?.sessions.find((s) => s.id === server.live.id)?.byStratum.find((e) => e.ref.kind === 'poll' && e.state !== 'at_close'));
    expect(closed).toEqual({ ref: { kind: 'poll', id: pollId }, state: 'none', reading: null });
  });
});
