import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { openDataFiles } from '../../server/open-data/index.ts';
import { connectClient, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 13, item 3: the open data (docs/formats.md, "Open data"). Real phones run a secret vote
// with paper counts, a consensus check, a grading and a lever ranking; then every file the
// console lists is fetched over HTTP, its CSV read by a strict reader written here (BOM, `;`,
// CRLF, quoted `;`, quotes and line breaks), and its values compared with what the console's
// screens showed. Then the secrecy: no member's name, seat code, token, id or roster attribute
// in any file, and a table's consensus count under k never on its own.

type Phone = TestClient & { memberId: string; token: string };

let server: TestServer;
let facilitator: TestClient;
let phones: Phone[];

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
const auth = () => ({ headers: { authorization: `Bearer ${server.facilitatorKey}` } });
const consoleSession = () => facilitator.view('console')!.sessions.find((s) => s.id === server.live.id)!;

/**
 * RFC 4180 with `;`: records end with CRLF; a quoted field may hold `;`, CRLF and `""` (a quote).
 * Strict: a bare LF outside quotes, or text after a closing quote, is an error.
 */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
        else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ';' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted cell at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ';') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected ; or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  if (row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

/** A JSON row's value as the CSV writes it (docs/formats.md, "Open data"). */
function asCsv(type: string, value: unknown): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(' | ');
  if (typeof value === 'boolean') return String(value);
  if (type === 'decimal') return String(value).replace('.', ',');
  const text = String(value);
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

interface Fetched {
  bytes: Uint8Array;
  text: string;
  type: string;
  disposition: string;
}
async function fetchFile(name: string): Promise<Fetched> {
  const res = await fetch(`${server.url}/api/open-data/${name}`, auth());
  expect(res.status, name).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '' };
}

const TRICKY_TITLE = 'Tarifs ; « solidaires » et "progressifs"';
const TRICKY_TEXT = 'Première ligne ; avec un point-virgule.\nDeuxième ligne, "entre guillemets".\r\nTroisième ligne.';

async function proposal(title: string, text: string, i: number): Promise<string> {
  const leverId = server.conv.levers[i % server.conv.levers.length]!.id;
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title, text, leverId, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  return proposalId;
}

const byTable = () => {
  const tables = new Map<string, Phone[]>();
  for (const p of phones) {
    const id = p.view('table')?.id;
    if (id) tables.set(id, [...(tables.get(id) ?? []), p]);
  }
  return [...tables.entries()];
};

interface Run {
  voteId: string;
  checkId: string;
  gradingId: string;
  activityId: string;
  pollId: string;
  proposalIds: string[];
  /** The table whose members answered the check only in part: fewer than k answers. */
  smallTableId: string;
}

/**
 * The room's afternoon: k = 4, three tables of four, a member's own proposal from a phone, three
 * entered on paper (one with `;`, quotes and line breaks), then each kind of activity run to its
 * close by the phones.
 */
async function runEverything(): Promise<Run> {
  const sessionId = server.live.id;
  await ok(facilitator.send('convention.setSmallGroupMin', { smallGroupMin: 4 }));
  await ok(facilitator.send('tables.create', { sessionId, count: 3 }));
  await ok(facilitator.send('tables.assignRandom', { sessionId, balanceOn: null }));
  await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'))));

  const own = await ok(phones[0]!.send('proposal.create', { title: 'Une proposition écrite sur un téléphone', text: 'Son texte.', leverId: server.conv.levers[0]!.id, submit: true }));
  const proposalIds = [await proposal(TRICKY_TITLE, TRICKY_TEXT, 0), await proposal('Rénover les écoles', 'Isoler les écoles d’ici 2030.', 1), await proposal('Pistes cyclables', 'Relier les communes.', 2), own.proposalId as string];

  // A secret adoption vote with paper counts.
  const { voteIds } = await ok(facilitator.send('vote.create', { sessionId, proposalIds: [proposalIds[0]], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
  const voteId = voteIds[0] as string;
  await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
  const ballots = phones.map((p, i) => ok(p.send('vote.cast', { voteId, choice: i % 3 === 0 ? 'against' : i % 4 === 0 ? 'abstain' : 'for' })));
  await facilitator.waitFor(() => consoleSession().votes.find((v) => v.id === voteId)?.voted === phones.length);
  await ok(facilitator.send('vote.paper', { voteId, for: 3, against: 2, abstain: 1 }));
  await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
  await Promise.all(ballots);

  // A consensus check: every member of two tables answers, two of the third table's four only.
  const tables = byTable();
  const [smallTableId, smallMembers] = tables[2]!;
  const answering = phones.filter((p) => !smallMembers.slice(2).includes(p));
  const checked = proposalIds.slice(0, 2);
  const { checkId } = await ok(facilitator.send('consensus.create', { sessionId, title: 'Mesure ; du consensus', proposalIds: checked, mode: 'batch', levels: null, allowUnsure: true, live: false }));
  await ok(facilitator.send('consensus.open', { checkId }));
  const answers = checked.flatMap((id, j) => answering.map((p, i) => ok(p.send('consensus.answer', { checkId, proposalId: id, level: i === 0 ? null : (i + j) % 5 }))));
  await facilitator.waitFor(() => checked.every((id) => consoleSession().deliberation.checks.find((k) => k.id === checkId)?.answered[id] === answering.length));
  await ok(phones[1]!.send('consensus.opinion', { checkId, proposalId: checked[0]!, text: 'Trop coûteux pour les petites communes.' }));
  await ok(facilitator.send('consensus.close', { checkId }));
  await Promise.all(answers);

  // A grading (majority judgment).
  const graded = proposalIds.slice(0, 3);
  const { gradingId } = await ok(facilitator.send('grading.create', { sessionId, title: 'Hiérarchisation', proposalIds: graded }));
  await ok(facilitator.send('grading.open', { gradingId }));
  const grades = phones.map((p, i) => ok(p.send('grading.grade', { gradingId, grades: { [graded[0]!]: 1, [graded[1]!]: i % 5, [graded[2]!]: i % 2 ? 0 : 6 } })));
  await facilitator.waitFor(() => consoleSession().deliberation.gradings.find((g) => g.id === gradingId)?.graded[graded[0]!] === phones.length);
  await ok(facilitator.send('grading.close', { gradingId }));
  await Promise.all(grades);

  // A lever ranking by tables: each moves a different lever to the top.
  const { activityId } = await ok(facilitator.send('ranking.create', { sessionId, title: 'Priorisation', tableIds: [], silentRound: false }));
  await ok(facilitator.send('ranking.open', { activityId }));
  await ok(facilitator.send('activity.show', { sessionId, activityId }));
  for (const [index, [tableId, members]] of tables.entries()) {
    const ranking = await members[0]!.waitFor((x) => x.view('table')?.ranking);
    await ok(members[0]!.send('ranking.move', { activityId, leverId: ranking.order[index + 1]!, fromIndex: index + 1, toIndex: 0, baseVersion: ranking.version }));
    await ok(facilitator.send('ranking.lock', { activityId, tableId, locked: true }));
  }
  await ok(facilitator.send('ranking.close', { activityId }));
  // A quick poll with one choice, and a free-text one (left out of the files).
  const { pollId } = await ok(facilitator.send('poll.create', { sessionId, agendaItemId: null, question: 'Quel scénario ; pour 2050 ?', format: { kind: 'single', options: ['Génération frugale', 'Coopérations territoriales', 'Technologies vertes'] }, live: false }));
  await ok(facilitator.send('poll.launch', { sessionId, pollId }));
  await Promise.all(phones.slice(1).map((p, i) => ok(p.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [`o${(i % 3) + 1}`] } }))));
  await ok(facilitator.send('poll.close', { pollId }));
  const { pollId: wordsId } = await ok(facilitator.send('poll.create', { sessionId, agendaItemId: null, question: 'Un mot ?', format: { kind: 'words' }, live: false }));
  await ok(facilitator.send('poll.launch', { sessionId, pollId: wordsId }));
  await ok(phones[0]!.send('poll.answer', { pollId: wordsId, answer: { kind: 'words', text: 'Sobriété heureuse' } }));
  await ok(facilitator.send('poll.close', { pollId: wordsId }));
  await facilitator.waitFor(() => consoleSession().rankings.find((r) => r.id === activityId)?.aggregate && consoleSession().votes.find((v) => v.id === voteId)?.result && consoleSession().polls.filter((p) => p.status === 'closed').length === 2);
  return { voteId, checkId, gradingId, activityId, pollId, proposalIds, smallTableId };
}

/** Every file the console lists, fetched, its CSV read and checked against its JSON twin. */
async function fetchAll(): Promise<Map<string, { columns: { name: string; type: string }[]; rows: Record<string, any>[]; csv: string[][]; raw: Fetched[] }>> {
  const listed = await http<{ data: { files: { name: string; mediaType: string; bytes: number; rows: number }[] } }>(`${server.url}/api/open-data`, auth());
  expect(listed.status).toBe(200);
  const files = listed.body.data.files;
  const names = [...new Set(files.map((f) => f.name.replace(/\.(csv|json)$/, '')))];
  expect(files.map((f) => f.name)).toEqual(names.flatMap((n) => [`${n}.csv`, `${n}.json`]));
  const out = new Map<string, { columns: { name: string; type: string }[]; rows: Record<string, any>[]; csv: string[][]; raw: Fetched[] }>();
  for (const name of names) {
    const csvFile = await fetchFile(`${name}.csv`);
    const jsonFile = await fetchFile(`${name}.json`);
    for (const [file, listedAs] of [[csvFile, `${name}.csv`], [jsonFile, `${name}.json`]] as const) {
      expect(file.bytes.length, `${listedAs}: the size the console shows`).toBe(files.find((f) => f.name === listedAs)!.bytes);
      expect(file.disposition).toBe(`attachment; filename="${listedAs}"`);
    }
    expect(csvFile.type).toBe('text/csv; charset=utf-8');
    expect(jsonFile.type).toMatch(/^application\/json/);
    expect([...csvFile.bytes.slice(0, 3)], `${name}.csv starts with a BOM`).toEqual([0xef, 0xbb, 0xbf]);
    const csv = readCsv(csvFile.text.slice(1));
    const json = JSON.parse(jsonFile.text);
    expect(json).toMatchObject({ format: 'convergence-open-data', version: 1, file: name, convention: server.conv.name });
    // The CSV's header is the JSON's columns, and each CSV cell the JSON's value as documented.
    expect(csv[0]).toEqual(json.columns.map((c: { name: string }) => c.name));
    expect(csv.length - 1, `${name}: as many rows in the CSV as in the JSON`).toBe(json.rows.length);
    expect(files.find((f) => f.name === `${name}.csv`)!.rows, `${name}: the rows the console shows`).toBe(json.rows.length);
    json.rows.forEach((row: Record<string, unknown>, r: number) => {
      expect(Object.keys(row)).toEqual(csv[0]);
      json.columns.forEach((c: { name: string; type: string }, i: number) => expect(csv[r + 1]![i], `${name} row ${r + 1} ${c.name}`).toBe(asCsv(c.type, row[c.name])));
    });
    out.set(name, { columns: json.columns, rows: json.rows, csv, raw: [csvFile, jsonFile] });
  }
  return out;
}

describe('open data', () => {
  beforeEach(async () => {
    server = await startServer({ members: 12 });
    facilitator = await connectClient(server.url, server.facilitatorKey);
    await facilitator.waitFor((c) => c.view('console'));
    phones = [];
    for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    await Promise.all(phones.map((p) => p.waitFor((c) => c.view('member'))));
  });
  afterEach(closeAll);

  it('every file reads as a French spreadsheet reads it, and says what the console showed', async () => {
    const run = await runEverything();
    // The Council's follow-up of the adopted proposal (issue 13, item 5).
    const adopted = run.proposalIds[0]!;
    await ok(facilitator.send('followup.decide', { proposalId: adopted, outcome: 'amended', date: new Date().toISOString().slice(0, 10), link: 'https://example.org/deliberation-12', note: 'Tarif social ; dès 2026.' }));
    await ok(facilitator.send('followup.setDepartment', { proposalId: adopted, department: 'Direction de l’eau' }));
    await ok(facilitator.send('followup.addMilestone', { proposalId: adopted, title: 'Étude tarifaire', due: '2099-06-30', status: 'done' }));
    await ok(facilitator.send('followup.addMilestone', { proposalId: adopted, title: 'Vote des nouveaux tarifs', due: '2099-12-15', status: 'planned' }));
    await ok(facilitator.send('followup.addUpdate', { proposalId: adopted, date: new Date().toISOString().slice(0, 10), text: 'L’étude est rendue :\n"tarif social" retenu.' }));
    await facilitator.waitFor((c) => c.view('console')!.followUp.find((f) => f.proposalId === adopted)?.updates.length === 1);
    const files = await fetchAll();
    expect([...files.keys()]).toEqual(['proposals', 'votes', 'consensus', 'consensus-tables', 'gradings', 'rankings', 'ranking-tables', 'polls', 'results-by-stratum', 'opinion-change', 'follow-up', 'follow-up-milestones', 'follow-up-updates', 'attendance', 'attendance-strata']);
    const s = consoleSession();

    // The proposal with `;`, quotes and line breaks comes back whole, from the CSV as from the JSON.
    const proposals = files.get('proposals')!;
    const tricky = server.conv.proposals[run.proposalIds[0]!]!;
    const csvRow = proposals.csv.find((r) => r[0] === String(tricky.number))!;
    expect(csvRow[2]).toBe(TRICKY_TITLE);
    expect(csvRow[3]).toBe(TRICKY_TEXT);
    const trickyRow = proposals.rows.find((r) => r.proposal_number === tricky.number)!;
    expect(trickyRow).toMatchObject({ proposal_reference: `P-${String(tricky.number).padStart(3, '0')}`, title: TRICKY_TITLE, text: TRICKY_TEXT, lever: server.conv.levers[0]!.title, origin_channels: ['paper'] });
    expect(proposals.rows.find((r) => r.proposal_number === server.conv.proposals[run.proposalIds[3]!]!.number)).toMatchObject({ origin_channels: ['phone'], status: 'submitted', adoption_result: null });

    // The vote: its split, phones and paper apart, its turnout and result, as the console's card.
    const vote = s.votes.find((v) => v.id === run.voteId)!;
    const result = vote.result!;
    const paper = { for: 3, against: 2, abstain: 1 };
    const verdict = !result.quorumMet ? 'no_quorum' : result.adopted ? 'adopted' : 'rejected';
    const voteRow = files.get('votes')!.rows.find((r) => r.vote_id === run.voteId)!;
    expect(voteRow).toMatchObject({
      session: server.live.title,
      proposal_number: vote.number,
      proposal_title: TRICKY_TITLE,
      round: 1,
      secret: true,
      threshold: 0.6,
      basis: 'expressed',
      quorum_met: result.quorumMet,
      members: result.members,
      present: result.present,
      voters_electronic: vote.voted,
      for: result.tally.for,
      against: result.tally.against,
      abstain: result.tally.abstain,
      for_paper: paper.for,
      against_paper: paper.against,
      abstain_paper: paper.abstain,
      for_electronic: result.tally.for - paper.for,
      against_electronic: result.tally.against - paper.against,
      abstain_electronic: result.tally.abstain - paper.abstain,
      ballots: phones.length + 6,
      share_for: Math.round(result.share * 10_000) / 10_000,
      result: verdict,
      closed_at: new Date(result.closedAt).toISOString(),
    });
    expect(voteRow.turnout).toBeCloseTo((phones.length + 6) / result.present, 4);
    expect(trickyRow).toMatchObject({ adoption_result: verdict, adoption_vote_id: run.voteId, adoption_round: 1 });

    // The consensus check: each proposal's distribution and marker, as its console reading.
    const check = s.deliberation.checks.find((k) => k.id === run.checkId)!;
    const consensusRows = files.get('consensus')!.rows.filter((r) => r.check_id === run.checkId);
    expect(consensusRows).toHaveLength(2);
    for (const reading of check.readings!) {
      const row = consensusRows.find((r) => r.proposal_number === check.proposals.find((p) => p.id === reading.proposalId)!.number)!;
      expect(row).toMatchObject({ check_title: 'Mesure ; du consensus', levels: check.levels, counts: reading.counts, unsure: reading.unsure, answers: reading.result.answers, marker: reading.result.marker, present: check.present, minority_opinions: check.opinions[reading.proposalId]?.length ?? 0 });
      expect(row.agree_share).toBeCloseTo(reading.result.agree, 4);
      expect(row.disagree_share).toBeCloseTo(reading.result.disagree, 4);
    }
    // By table: the rows are the console's shown tables and merged group, nothing else.
    const tableRows = files.get('consensus-tables')!.rows.filter((r) => r.check_id === run.checkId);
    for (const reading of check.readings!) {
      const number = check.proposals.find((p) => p.id === reading.proposalId)!.number;
      const rows = tableRows.filter((r) => r.proposal_number === number);
      const expected = [
        ...reading.tables.map((t) => ({ group: 'table', tables: [t.tableName], agree: t.agree, answers: t.answers })),
        ...(reading.otherTables ? [{ group: 'other_tables', tables: reading.otherTables.tableNames, agree: reading.otherTables.agree, answers: reading.otherTables.answers }] : []),
        ...reading.fewerTables.map((name) => ({ group: 'fewer_than_k', tables: [name], agree: null, answers: null })),
      ];
      expect(rows.map((r) => ({ group: r.group, tables: r.tables, agree: r.agree, answers: r.answers }))).toEqual(expected);
      expect(rows.every((r) => r.k === 4)).toBe(true);
    }

    // The grading: each proposal's merit profile, majority grade and rank, as the console ranks them.
    const grading = s.deliberation.gradings.find((g) => g.id === run.gradingId)!;
    const gradingRows = files.get('gradings')!.rows.filter((r) => r.grading_id === run.gradingId);
    expect(gradingRows.map((r) => r.proposal_number)).toEqual(grading.ranking!.map((e) => grading.proposals.find((p) => p.id === e.candidate)!.number));
    for (const entry of grading.ranking!) {
      const row = gradingRows.find((r) => r.proposal_number === grading.proposals.find((p) => p.id === entry.candidate)!.number)!;
      expect(row).toMatchObject({ grades: grading.grades, majority_grade: entry.median, rank: entry.rank, graders: entry.total, present: grading.present });
      expect(row.profile.reduce((a: number, b: number) => a + b, 0)).toBe(phones.length);
      expect(row.profile[grading.grades.indexOf(entry.median!)]).toBeGreaterThan(0);
    }

    // The ranking: Schulze places, Borda scores, dissent and each table's ranks, as the console's aggregate.
    const ranking = s.rankings.find((r) => r.id === run.activityId)!;
    const aggregate = ranking.aggregate!;
    const title = (id: string) => ranking.levers.find((l) => l.id === id)!.title;
    const rankingRows = files.get('rankings')!.rows.filter((r) => r.ranking_id === run.activityId);
    expect(rankingRows.map((r) => r.lever)).toEqual(aggregate.schulzeGroups.flat().map(title));
    let place = 1;
    for (const group of aggregate.schulzeGroups) {
      for (const id of group) {
        const lever = aggregate.levers.find((l) => l.leverId === id)!;
        expect(rankingRows.find((r) => r.lever === title(id))).toMatchObject({ schulze_place: place, borda_score: aggregate.borda[id], rank_spread: lever.spread, dissent: lever.dissent, tables: 3 });
      }
      place += group.length;
    }
    const gridRows = files.get('ranking-tables')!.rows.filter((r) => r.ranking_id === run.activityId);
    expect(gridRows).toHaveLength(ranking.tables.length * ranking.levers.length);
    for (const table of ranking.tables) {
      expect(gridRows.filter((r) => r.table === table.name).map((r) => [r.lever, r.rank, r.validated_by])).toEqual(table.order.map((id, i) => [title(id), i + 1, 'facilitator']));
    }

    // The poll: each option's count, as the console's results; the word cloud is not there.
    const poll = s.polls.find((p) => p.id === run.pollId)!;
    const results = poll.results as { kind: 'choices'; options: { label: string; count: number }[] };
    expect(files.get('polls')!.rows.map((r) => [r.question, r.poll_kind, r.answer, r.count, r.respondents, r.present])).toEqual(results.options.map((o) => [poll.question, 'single', o.label, o.count, poll.respondents, poll.present]));
    expect(files.get('polls')!.raw.map((f) => f.text).join('')).not.toContain('Sobriété');

    // The follow-up: as the console's follow-up panel holds it.
    const follow = facilitator.view('console')!.followUp.find((f) => f.proposalId === adopted)!;
    expect(files.get('follow-up')!.rows).toEqual([
      {
        proposal_number: follow.number,
        proposal_reference: `P-${String(follow.number).padStart(3, '0')}`,
        title: TRICKY_TITLE,
        lever: follow.lever,
        adopted_on: follow.adoptedOn,
        council_decision: 'amended',
        council_date: new Date().toISOString().slice(0, 10),
        council_link: 'https://example.org/deliberation-12',
        council_note: 'Tarif social ; dès 2026.',
        department: 'Direction de l’eau',
        milestones_done: 1,
        milestones_total: 2,
        last_update_on: new Date().toISOString().slice(0, 10),
      },
    ]);
    expect(files.get('follow-up-milestones')!.rows.map((r) => [r.proposal_number, r.milestone, r.due, r.status])).toEqual(follow.milestones.map((m) => [follow.number, m.title, m.due, m.status]));
    expect(files.get('follow-up-updates')!.csv.slice(1)).toEqual([[String(follow.number), `P-${String(follow.number).padStart(3, '0')}`, new Date().toISOString().slice(0, 10), 'L’étude est rendue :\n"tarif social" retenu.']]);

    // Attendance: counts per session, the live one with everyone present.
    const attendance = files.get('attendance')!.rows;
    expect(attendance.map((r) => r.session)).toEqual(server.conv.sessionOrder.map((id) => server.conv.sessions[id]!.title));
    expect(attendance.find((r) => r.session === server.live.title)).toMatchObject({ status: 'live', members_drawn: 12, members_active: 12, present_members: s.present.length, present_guests: 0, present_total: s.present.length });
  });

  it('no member name, seat code, token, id or roster attribute in any file; a table under k is never counted on its own', async () => {
    // Distinctive roster attributes, so that finding one cannot be a coincidence.
    for (const [i, id] of server.conv.memberOrder.entries()) {
      const m = server.conv.members[id]!;
      await ok(facilitator.send('member.update', { memberId: id, name: m.name, attributes: { ...m.attributes, territory: `Quartier-${i}-Zeta`, ageBracket: `Tranche-${i}-Omega` } }));
    }
    const run = await runEverything();
    const files = await fetchAll();
    const everything = [...files.values()].flatMap((f) => f.raw.map((r) => r.text)).join('\n');
    const secrets = server.conv.memberOrder.flatMap((id) => {
      const m = server.conv.members[id]!;
      return [m.name, m.seatCode, id, ...Object.values(m.attributes)];
    });
    expect(secrets.length).toBeGreaterThan(12 * 4);
    for (const secret of [...secrets, ...phones.map((p) => p.token)]) expect(everything, `a member's ${JSON.stringify(secret)}`).not.toContain(secret);
    for (const key of Object.values(server.conv.keys)) expect(everything).not.toContain(key);
    // Not even the minority opinion's text, which a member wrote.
    expect(everything).not.toContain('Trop coûteux');

    // The table where two of four answered (k = 4): inside the merged group, never a count of its own.
    const smallName = server.live.tables.find((t) => t.id === run.smallTableId)!.name;
    const rows = files.get('consensus-tables')!.rows.filter((r) => r.check_id === run.checkId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.group === 'table' && r.tables.includes(smallName))).toEqual([]);
    // Its answers are in a merged group of at least k: named with the others, or, when the ballot
    // box pooled it at the close, as answers "without a table" (docs/methods.md, "Small groups").
    expect(rows.filter((r) => r.tables.includes(smallName)).every((r) => r.group !== 'table')).toBe(true);
    expect(rows.filter((r) => r.group === 'other_tables').every((r) => r.tables.includes(smallName) || r.without_table)).toBe(true);
    expect(rows.filter((r) => r.group === 'other_tables')).toHaveLength(2);
    for (const r of rows) if (r.answers !== null) expect(r.answers).toBeGreaterThanOrEqual(4);
    // (Which other tables are shown on their own depends on the random seating and on who said
    // "Je ne sais pas": the first test holds the rows equal to the console's readings.)
  });

  it('a closed result\'s files do not change when proposals, levers, tables, the roster or presence change afterwards', async () => {
    await runEverything();
    const frozen = ['votes', 'consensus', 'consensus-tables', 'gradings', 'rankings', 'ranking-tables', 'polls'];
    const texts = async () => Object.fromEntries(await Promise.all(frozen.flatMap((name) => ['csv', 'json'].map(async (ext) => [`${name}.${ext}`, (await fetchFile(`${name}.${ext}`)).text] as const))));
    const before = await texts();
    for (const name of frozen) expect(JSON.parse(before[`${name}.json`]!).rows.length, name).toBeGreaterThan(0);

    const sessionId = server.live.id;
    for (const table of server.live.tables) await ok(facilitator.send('tables.rename', { sessionId, tableId: table.id, name: `${table.name} (renommée)` }));
    for (const lever of server.conv.levers) await ok(facilitator.send('lever.rename', { leverId: lever.id, title: `${lever.title} (renommé)` }));
    for (const p of Object.values(server.conv.proposals)) await facilitator.send('proposal.edit', { proposalId: p.id, title: `${p.title} (modifiée)`, text: `${p.text} Modifiée.`, leverId: p.leverId, baseVersion: p.version });
    for (const id of server.conv.memberOrder) await ok(facilitator.send('member.update', { memberId: id, name: `${server.conv.members[id]!.name} (renommé)`, attributes: {} }));
    await ok(facilitator.send('presence.mark', { sessionId, memberIds: server.conv.memberOrder.slice(0, 3), present: false }));
    await facilitator.waitFor((c) => c.view('console')!.sessions.find((s) => s.id === sessionId)!.present.length === phones.length - 3);
    // The edits took: the proposals' file says their new titles, attendance the new presence.
    expect((await fetchFile('proposals.json')).text).toContain('(modifiée)');
    expect(JSON.parse((await fetchFile('attendance.json')).text).rows.find((r: { session: string }) => r.session === server.live.title).present_total).toBe(phones.length - 3);
    expect(await texts()).toEqual(before);
  });

  it('include() leaves out what the static export has not published: activities and proposals', async () => {
    const run = await runEverything();
    const hidden = new Set([run.voteId, run.gradingId, run.pollId, run.proposalIds[1]!]);
    const files = openDataFiles(server.conv, (_kind, id) => !hidden.has(id));
    const all = openDataFiles(server.conv);
    const text = (list: typeof files, name: string) => list.find((f) => f.name === name)!.body;
    expect(text(all, 'votes.json')).toContain(run.voteId);
    expect(text(files, 'votes.json')).not.toContain(run.voteId);
    expect(JSON.parse(text(files, 'gradings.json')).rows).toEqual([]);
    expect(JSON.parse(text(all, 'polls.json')).rows.length).toBeGreaterThan(0);
    expect(JSON.parse(text(files, 'polls.json')).rows).toEqual([]);
    const hiddenProposal = server.conv.proposals[run.proposalIds[1]!]!;
    for (const f of files) expect(f.body, f.name).not.toContain(hiddenProposal.title);
    // The published proposal that was voted on no longer points at the unpublished vote.
    const voted = JSON.parse(text(files, 'proposals.json')).rows.find((r: any) => r.proposal_number === server.conv.proposals[run.proposalIds[0]!]!.number);
    expect(voted).toMatchObject({ adoption_result: null, adoption_vote_id: null });
    // Its follow-up stays, as on the public page: its status says already that it was adopted
    // (publicFollowUp, one rule for the page, resultats.json and these files).
    expect(JSON.parse(text(files, 'proposals.json')).rows.find((r: any) => r.proposal_number === voted.proposal_number).status).toBe('adopted');
    expect(JSON.parse(text(all, 'follow-up.json')).rows).toHaveLength(1);
    expect(JSON.parse(text(files, 'follow-up.json')).rows).toEqual(JSON.parse(text(all, 'follow-up.json')).rows);
    // Withdrawn from the files, the proposal takes its follow-up with it.
    const without = openDataFiles(server.conv, (_kind, id) => !hidden.has(id) && id !== run.proposalIds[0]);
    expect(JSON.parse(text(without, 'follow-up.json')).rows).toEqual([]);
    expect(JSON.parse(text(files, 'consensus.json')).rows).toHaveLength(1);
    // Attendance is a session's, published or not like the rest: left out, no row gives its counts.
    expect(JSON.parse(text(all, 'attendance.json')).rows.length).toBeGreaterThan(0);
    expect(JSON.parse(text(openDataFiles(server.conv, (kind) => kind !== 'session'), 'attendance.json')).rows).toEqual([]);
  });
});
