import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, connectError, connectMember, http, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';
import { unzip } from '../helpers/unzip.ts';

// The follow-up after the Council with real sockets: the facilitator records the Council's
// decision, the department, a milestone and an update for a proposal the room adopted; a member's
// phone receives them live after the last session closed, and a phone joining afterwards too;
// refusals are typed and broadcast nothing; a retry with the same cid records once; a restart
// replays them; export.json carries them; once archived, phones are refused but the export and
// the console keep them.

let server: TestServer;
let facilitator: TestClient;
let phone: TestClient & { memberId: string; token: string };
let adopted: string;
let rejected: string;
/** The code of the session the room met in (closed by beforeEach): phones still join with it. */
let sessionCode: string;

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (ack: Ack) => (ack.ok ? 'ok' : ack.error.code);
const phoneRows = (c: TestClient) => c.view('public')?.followUp ?? [];
// A decision or an update is dated when it happened: at the latest a day after the server's clock,
// never before the adoption (today, when the test's vote closes).
const TODAY = new Date().toISOString().slice(0, 10);
const longDay = (locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${TODAY}T12:00:00Z`));
const auth = () => ({ headers: { authorization: `Bearer ${server.facilitatorKey}` } });

/** Waits until every channel of these clients has been quiet for a while (coalesced patches flushed). */
async function settle(...clients: TestClient[]): Promise<void> {
  for (const client of clients) for (let i = 0; i < 10 && (await client.quiet(1200)).length > 0; i++);
}

beforeEach(async () => {
  server = await startServer({ members: 8 });
  facilitator = await connectClient(server.url, server.facilitatorKey);
  const first = server.conv.members[server.conv.memberOrder[0]!]!;
  sessionCode = server.live.code;
  phone = await connectMember(server.url, sessionCode, first.seatCode);
  const leverId = server.conv.levers[0]!.id;
  const enter = async (title: string) => (await ok(facilitator.send('proposal.enter', { title, text: `${title}, en détail.`, leverId, channel: 'paper', reference: '', authorIds: [], receivedAt: null }))).proposalId as string;
  adopted = await enter('Pistes cyclables continues');
  rejected = await enter('Autoroute à huit voies');
  for (const [proposalId, yes, no] of [[adopted, 30, 2], [rejected, 2, 30]] as const) {
    const { voteIds: [voteId] } = await ok(facilitator.send('vote.create', { sessionId: server.live.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
    await ok(facilitator.send('vote.paper', { voteId, for: yes, against: no, abstain: 0 }));
    await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
  }
  // The room has gone home: the follow-up comes after the last session.
  await ok(facilitator.send('session.close', { sessionId: server.live.id }));
});

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

describe('follow-up after the Council', () => {
  it('a decision, a department, a milestone and an update reach the member’s phone live, and survive a restart', async () => {
    // Adopted, no follow-up yet: listed, empty.
    const listed = await phone.waitFor((c) => phoneRows(c).find((r) => r.proposalId === adopted));
    expect(listed).toMatchObject({ decision: null, milestones: [], updates: [], progress: { done: 0, total: 0 } });
    expect(phoneRows(phone).map((r) => r.proposalId)).toEqual([adopted]);

    await ok(facilitator.send('followup.decide', { proposalId: adopted, outcome: 'amended', date: TODAY, link: 'https://example.org/conseil/2099-04-28', note: 'Budget revu' }));
    await ok(facilitator.send('followup.setDepartment', { proposalId: adopted, department: 'Direction des mobilités' }));
    const { milestoneId } = await ok(facilitator.send('followup.addMilestone', { proposalId: adopted, title: 'Étude de tracé', due: '2099-09-30', status: 'in_progress' }));
    await ok(facilitator.send('followup.addUpdate', { proposalId: adopted, date: TODAY, text: 'Étude lancée' }));

    const row = await phone.waitFor((c) => phoneRows(c)[0]?.updates.length === 1 && phoneRows(c)[0]);
    expect(row).toMatchObject({
      decision: { outcome: 'amended', date: TODAY, link: 'https://example.org/conseil/2099-04-28', note: 'Budget revu' },
      department: 'Direction des mobilités',
      milestones: [{ id: milestoneId, title: 'Étude de tracé', due: '2099-09-30', status: 'in_progress' }],
      updates: [{ date: TODAY, text: 'Étude lancée' }],
      progress: { done: 0, total: 1 },
    });
    // The milestone done: the phone follows.
    await ok(facilitator.send('followup.editMilestone', { proposalId: adopted, milestoneId, title: 'Étude de tracé', due: '2099-09-30', status: 'done' }));
    await phone.waitFor((c) => phoneRows(c)[0]?.progress.done === 1);

    // A phone that joins after the sessions ended, with the closed session's code, reads it too.
    const second = server.conv.members[server.conv.memberOrder[1]!]!;
    const late = await connectMember(server.url, sessionCode, second.seatCode);
    expect((await late.waitFor((c) => phoneRows(c)[0]))).toEqual(phoneRows(phone)[0]);

    // export.json carries the same rows; the open data has them as spreadsheets and JSON.
    const exported = (await http(`${server.url}/api/export.json`, auth())).body;
    expect(exported.followUp).toEqual(phoneRows(phone));
    const csv = String((await http(`${server.url}/api/open-data/follow-up.csv`, auth())).body);
    const [header, line, ...rest] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(rest).toEqual([]);
    expect(header!.split(';').slice(0, 7)).toEqual(['proposal_number', 'proposal_reference', 'title', 'lever', 'adopted_on', 'council_decision', 'council_date']);
    expect(line).toContain(';P-001;Pistes cyclables continues;');
    expect(line).toContain(`;amended;${TODAY};https://example.org/conseil/2099-04-28;Budget revu;Direction des mobilités;1;1;${TODAY}`);
    const milestones = (await http(`${server.url}/api/open-data/follow-up-milestones.json`, auth())).body;
    expect(milestones.rows).toEqual([{ proposal_number: 1, proposal_reference: 'P-001', milestone: 'Étude de tracé', due: '2099-09-30', status: 'done' }]);

    const before = JSON.stringify(server.conv.followUp);
    const restarted = await server.restart();
    expect(JSON.stringify(restarted.conv.followUp)).toBe(before);
    const again = await connectMember(restarted.url, sessionCode, second.seatCode);
    expect(await again.waitFor((c) => phoneRows(c)[0]?.decision)).toMatchObject({ outcome: 'amended' });
  });

  it('refusals are typed, change nothing and broadcast nothing; a retry with the same cid records once', async () => {
    await settle(facilitator, phone);
    const stateBefore = JSON.stringify(server.conv);
    const consoleMark = facilitator.mark();
    const phoneMark = phone.mark();
    const refusals: [string, Record<string, unknown>, string][] = [
      ['followup.decide', { proposalId: 'inconnue', outcome: 'adopted', date: TODAY }, 'NOT_FOUND'],
      ['followup.decide', { proposalId: rejected, outcome: 'adopted', date: TODAY }, 'PROPOSAL_NOT_ADOPTED'],
      ['followup.decide', { proposalId: adopted, outcome: 'adopted', date: '2000-01-01' }, 'INVALID_DATES'],
      ['followup.decide', { proposalId: adopted, outcome: 'adopted', date: '2099-02-30' }, 'INVALID_PAYLOAD'],
      ['followup.decide', { proposalId: adopted, outcome: 'adopted', date: '2999-01-01' }, 'INVALID_DATES'],
      ['followup.addUpdate', { proposalId: adopted, date: '2001-05-01', text: 'Travaux' }, 'INVALID_DATES'],
      ['followup.addMilestone', { proposalId: adopted, title: 'Étude', due: '1990-01-01' }, 'INVALID_DATES'],
      ['followup.decide', { proposalId: adopted, outcome: 'adopted', date: TODAY, link: 'http://example.org/conseil' }, 'INVALID_PAYLOAD'],
      ['followup.addUpdate', { proposalId: adopted, date: TODAY, text: 'x'.repeat(2001) }, 'INVALID_PAYLOAD'],
      ['followup.addMilestone', { proposalId: rejected, title: 'Étude' }, 'PROPOSAL_NOT_ADOPTED'],
      ['followup.editMilestone', { proposalId: adopted, milestoneId: 'aucune', title: 'Étude', due: null, status: 'done' }, 'NOT_FOUND'],
    ];
    for (const [name, args, expected] of refusals) expect(code(await facilitator.send(name, args)), `${name} ${JSON.stringify(args)}`).toBe(expected);
    // A member may not record it.
    expect(code(await phone.send('followup.setDepartment', { proposalId: adopted, department: 'Moi' }))).toBe('FORBIDDEN');
    await new Promise((done) => setTimeout(done, 1200));
    expect(facilitator.since(consoleMark).filter((r) => r.event === 'sync:patch')).toEqual([]);
    expect(phone.since(phoneMark).filter((r) => r.event === 'sync:patch')).toEqual([]);
    expect(JSON.stringify(server.conv)).toBe(stateBefore);

    // The same cid twice (a phone-less retry after a lost ack): one milestone, the same id.
    const args = { proposalId: adopted, title: 'Travaux', due: '2099-12-01' };
    const first = await ok(facilitator.send('followup.addMilestone', args, 'cid-followup-0001'));
    const retry = await ok(facilitator.send('followup.addMilestone', args, 'cid-followup-0001'));
    expect(retry).toEqual(first);
    expect(server.conv.followUp![adopted]!.milestones).toHaveLength(1);
    expect(code(await facilitator.send('followup.addUpdate', { proposalId: adopted, date: TODAY, text: 'Autre chose' }, 'cid-followup-0001'))).toBe('CID_REUSED');
  });

  it('removed milestones leave the phones and come back when restored; archived, phones are refused and the export keeps the follow-up', async () => {
    const { milestoneId } = await ok(facilitator.send('followup.addMilestone', { proposalId: adopted, title: 'Passerelle' }));
    await phone.waitFor((c) => phoneRows(c)[0]?.milestones.length === 1);
    await ok(facilitator.send('followup.removeMilestone', { proposalId: adopted, milestoneId }));
    await phone.waitFor((c) => phoneRows(c)[0]?.milestones.length === 0);
    expect(await facilitator.waitFor((c) => c.view('console')!.followUp[0]!.removedMilestones[0])).toMatchObject({ id: milestoneId, title: 'Passerelle' });
    await ok(facilitator.send('followup.restoreMilestone', { proposalId: adopted, milestoneId }));
    await phone.waitFor((c) => phoneRows(c)[0]?.milestones[0]?.id === milestoneId);

    // The convention is over: its phones are refused (issue 14), the follow-up goes on for the exports.
    await ok(facilitator.send('convention.archive', { conventionId: server.conventionId }));
    expect((await connectError(server.url, { protocol: PROTOCOL_VERSION, token: phone.token })).message).toBe('CONVENTION_ARCHIVED');
    await ok(facilitator.send('followup.addUpdate', { proposalId: adopted, date: TODAY, text: 'Passerelle commandée' }));
    // The join page tells the phone where the results stay public: nowhere yet, then the public page.
    expect((await http(`${server.url}/api/join/${sessionCode}`)).body.data).toMatchObject({ archived: true, results: null });
    const { code: publicCode } = await ok(facilitator.send('publication.set', { kind: 'proposal', id: adopted, published: true }));
    expect((await http(`${server.url}/api/join/${sessionCode}`)).body.data).toMatchObject({ archived: true, results: `/r/${publicCode}` });
    expect(await (await fetch(`${server.url}/r/${publicCode}`)).text()).toContain('Passerelle commandée');
    const exported = (await http(`${server.url}/api/export.json`, auth())).body;
    expect(exported.followUp[0]).toMatchObject({ proposalId: adopted, milestones: [{ id: milestoneId }], updates: [{ text: 'Passerelle commandée' }] });
  });
  it('the public page and the static export show the progress table of published adopted proposals, nothing of the others', async () => {
    // A second adopted proposal, never published.
    const { proposalId: hidden } = await ok(facilitator.send('proposal.enter', { title: 'Cantines bio et locales', text: 'Du bio local dans les cantines.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    await ok(facilitator.send('session.open', { sessionId: server.conv.sessionOrder[0]! }));
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId: server.conv.sessionOrder[0]!, proposalIds: [hidden], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    await ok(facilitator.send('vote.open', { voteIds }));
    await ok(facilitator.send('vote.paper', { voteId: voteIds[0], for: 25, against: 3, abstain: 0 }));
    await ok(facilitator.send('vote.close', { voteIds }));
    await ok(facilitator.send('session.close', { sessionId: server.conv.sessionOrder[0]! }));
    await ok(facilitator.send('followup.setDepartment', { proposalId: hidden, department: 'Service de la restauration scolaire' }));

    await ok(facilitator.send('followup.decide', { proposalId: adopted, outcome: 'adopted', date: TODAY, link: 'https://example.org/conseil?d=1&x="2"' }));
    await ok(facilitator.send('followup.setDepartment', { proposalId: adopted, department: 'Direction des mobilités <Vélo>' }));
    await ok(facilitator.send('followup.addMilestone', { proposalId: adopted, title: 'Étude de tracé', due: '2099-09-30', status: 'done' }));
    await ok(facilitator.send('followup.addMilestone', { proposalId: adopted, title: 'Travaux', status: 'planned' }));
    await ok(facilitator.send('followup.addUpdate', { proposalId: adopted, date: TODAY, text: 'Étude lancée' }));
    const { code } = await ok(facilitator.send('publication.set', { kind: 'proposal', id: adopted, published: true }));

    const page = await (await fetch(`${server.url}/r/${code}`)).text();
    const table = page.slice(page.indexOf('<section id="suivi"'), page.indexOf('</section>', page.indexOf('<section id="suivi"')));
    expect(table).toContain('Suivi des propositions adoptées');
    expect(table).toContain('<a href="#p-001">P-001 Pistes cyclables continues</a>');
    expect(table).toContain(`Adoptée, le ${longDay('fr-FR')}`);
    // Escaped: the link's quotes and the department's angle brackets stay text.
    expect(table).toContain('href="https://example.org/conseil?d=1&amp;x=&quot;2&quot;"');
    expect(table).toContain('Direction des mobilités &lt;Vélo&gt;');
    expect(table).toContain('Étapes faites\u00a0: 1 sur 2');
    expect(table).toContain('<strong>Faite</strong> — Étude de tracé');
    expect(table).toContain(`${longDay('fr-FR')}</strong> — Étude lancée`);
    expect(table).not.toContain('<script');
    for (const text of ['Cantines bio et locales', 'Service de la restauration scolaire', 'P-003']) expect(page).not.toContain(text);
    const english = await (await fetch(`${server.url}/r/${code}?lang=en`)).text();
    expect(english).toContain(`Adopted, on ${longDay('en-GB')}`);

    // The static export: the same table in both pages, never the unpublished one.
    const archive = await fetch(`${server.url}/api/publication/site.zip`, auth());
    const files = unzip(Buffer.from(await archive.arrayBuffer()));
    const pages = files.filter((f) => f.path.endsWith('.html')).map((f) => f.data.toString('utf8'));
    expect(pages).toHaveLength(2);
    for (const html of pages) {
      expect(html).toContain('<a href="#p-001">P-001 Pistes cyclables continues</a>');
      expect(html).not.toContain('Service de la restauration scolaire');
    }

    // Withdrawn from publication: the row goes with it.
    await ok(facilitator.send('publication.set', { kind: 'proposal', id: adopted, published: false }));
    expect(await (await fetch(`${server.url}/r/${code}`)).text()).not.toContain('Direction des mobilités');
  });
});
