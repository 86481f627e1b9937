import { expect, test } from '@playwright/test';
import { commander } from '../helpers/e2e-actors.ts';
import { connectMember, closeAllClients } from '../helpers/client.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 17 on real screens: after a closed secret vote, the facilitator opens its "Par strate" on
// the console, reads the marker, and puts the reading by gender on the projector; the projector
// shows the marker sentence and one row per gender with what the phones cast and whether the
// room's result holds there, in words; the dossier's "Résultats par strate" prints the same.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await closeAllClients();
  await server?.stop();
});

test('the facilitator shows a vote by stratum on the projector: the marker and each stratum’s row', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('strata.choose', { attributes: ['gender'] });
  const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', { title: 'Zones à faibles émissions', text: 'Le détail.', leverId: view.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null });
  const { voteIds } = await fac.send<{ voteIds: string[] }>('vote.create', { sessionId: session.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
  const voteId = voteIds[0]!;
  // The demo session's quorum needs more members than the 30 phones here: none for this vote.
  await fac.send('vote.configure', { voteId, secret: true, thresholdBp: 6000, basis: 'expressed', quorum: 0 });

  // 30 phones: women all for; just enough men for that the room adopts at 60 % (18 of 30), the
  // other men against: men then reject it on their own (the demo's roster is drawn anew).
  const members = view.members.slice(0, 30);
  let menFor = Math.max(0, 18 - members.filter((m) => m.attributes.gender === 'Femme').length);
  const phones: Awaited<ReturnType<typeof connectMember>>[] = [];
  for (const m of members) phones.push(await connectMember(server.url, session.code, m.seatCode));
  await fac.send('vote.open', { voteIds: [voteId] });
  const expected = new Map<string, { for: number; against: number }>();
  const acks = members.map((m, i) => {
    const gender = m.attributes.gender!;
    const choice = gender === 'Femme' || menFor-- > 0 ? 'for' : 'against';
    const row = expected.get(gender) ?? { for: 0, against: 0 };
    row[choice] += 1;
    expected.set(gender, row);
    return phones[i]!.send('vote.cast', { voteId, choice });
  });
  await expect.poll(async () => (await server.consoleView()).sessions.find((s) => s.id === session.id)!.votes.find((v) => v.id === voteId)!.voted).toBe(30);
  await fac.send('vote.close', { voteIds: [voteId] });
  await Promise.all(acks);
  const holds = (row: { for: number; against: number }) => row.for * 10 >= 6 * (row.for + row.against);
  const women = expected.get('Femme')!;
  const men = expected.get('Homme')!;
  expect(holds({ for: women.for + men.for, against: women.against + men.against })).toBe(true);
  expect(holds(men)).toBe(false);

  const projector = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await projector.goto(server.screenUrl);
  const consolePage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  await consolePage.getByTestId('tab-votes').click();

  // The console: the marker stays readable folded; unfolded, one row per gender.
  const details = consolePage.getByTestId('vote-result').getByTestId('strata-details');
  await expect(details.getByTestId('strata-marker')).toHaveText('Adoptée, mais pas chez « Homme »');
  await details.locator('summary').click();
  await expect(details.getByTestId('strata-row')).toHaveCount(2);
  await details.getByTestId('strata-show').click();
  await expect(details.getByTestId('strata-on-screen')).toBeVisible();

  // The projector: its own panel, the marker at the top, the room and each gender.
  const panel = projector.getByTestId('panel-strata');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('screen-strata-marker')).toHaveText('Adoptée, mais pas chez « Homme »');
  await expect(panel.getByTestId('strata-room')).toContainText('Toute la salle');
  await expect(panel.getByTestId('strata-room')).toContainText('30');
  const rows = panel.getByTestId('strata-row');
  await expect(rows).toHaveCount(2);
  for (const [gender, row] of [...expected].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const line = panel.locator(`[data-testid="strata-row"][data-value="${gender}"]`);
    await expect(line.getByTestId('strata-row-ballots')).toHaveText(String(row.for + row.against));
    await expect(line.getByTestId('strata-row-verdict')).toHaveText(holds(row) ? 'Adoptée' : 'Rejetée');
    // "Holds" is a word and a sign, not a colour.
    await expect(line.getByTestId('strata-row-holds')).toHaveText(holds(row) ? '✓ Oui' : '✗ Non');
  }
  // The dossier's part: the same marker and rows, in print.
  const dossier = await (await browser.newContext()).newPage();
  await dossier.goto(`${server.url}/dossier/${server.facilitatorKey}?parts=byStratum`);
  const section = dossier.getByTestId('dossier-by-stratum');
  await expect(section.getByTestId('dossier-by-stratum-marker')).toHaveText('Adoptée, mais pas chez « Homme »');
  await expect(section.getByTestId('strata-row')).toHaveCount(2);
  await expect(section.locator('[data-testid="strata-row"][data-value="Homme"]').getByTestId('strata-row-holds')).toHaveText('✗ Non');

  // Large enough to read from the back: the marker is at least 3 % of the frame's width.
  const size = await panel.getByTestId('screen-strata-marker').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(1280 * 0.03);
  fac.close();
});
