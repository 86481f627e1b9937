import { expect, test, type Browser, type Page } from '@playwright/test';
import { commander } from '../helpers/e2e-actors.ts';
import { joinWithSeat } from '../helpers/client.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 14, item 4, on the real screens: a table of three answers a consensus check. The
// console's detail by table and the projector say in words which tables were counted together
// (never the small table's own count), in French and in English; the facilitator sets k in the
// Séance tab, and with k = 3 the table of three appears on its own.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function page(browser: Browser, url: string, locale: 'fr' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: locale === 'fr' ? 'fr-FR' : 'en-GB' });
  await context.addInitScript((lang) => localStorage.setItem('convergence.locale', lang), locale);
  const p = await context.newPage();
  await p.goto(url);
  return p;
}

test('a table of three is counted with another on the console and the projector, in words; k = 3 shows it', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('tables.create', { sessionId: session.id, count: 3 });
  const tables = (await server.consoleView()).sessions.find((s) => s.id === session.id)!.tables;
  const seated = view.members.slice(0, 13);
  for (const [i, m] of seated.entries()) await fac.send('tables.seat', { sessionId: session.id, memberId: m.id, tableId: tables[i < 5 ? 0 : i < 10 ? 1 : 2]!.id });
  const members = await Promise.all(seated.map(async (m) => commander(server.url, (await joinWithSeat(server.url, session.code, m.seatCode)).token)));
  // A check on one proposal: the tables of five fully agree, the table of three fully disagrees.
  // `acks`: the ballot box acknowledges some answers only with the close.
  async function answeredCheck(title: string): Promise<{ checkId: string; proposalId: string; acks: Promise<unknown> }> {
    const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', { title, text: 'Texte.', leverId: view.levers[2]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null });
    const { checkId } = await fac.send<{ checkId: string }>('consensus.create', { sessionId: session.id, title, proposalIds: [proposalId], mode: 'plenary', levels: null, allowUnsure: true, live: false });
    await fac.send('consensus.open', { checkId });
    // Answers in turn from each table, so that every batch of the ballot box mixes tables: a
    // batch of one table's members would let the merged row minus that batch pin the table of
    // three, and the close would rightly show no table (docs/security.md, "Strata and tables
    // crossed with batches").
    const order = [0, 5, 10, 1, 6, 11, 2, 7, 12, 3, 8, 4, 9];
    const acks = Promise.all(order.map((i) => members[i]!.send('consensus.answer', { checkId, proposalId, level: i >= 10 ? 4 : 0 })));
    await expect.poll(async () => (await server.consoleView()).sessions.find((s) => s.id === session.id)!.deliberation.checks.find((k) => k.id === checkId)!.answered[proposalId]).toBe(13);
    return { checkId, proposalId, acks };
  }
  const byTable = (desk: Page) => desk.locator('[data-testid="consensus-by-table"]');

  const { checkId: first, acks } = await answeredCheck('Tarif social des transports');
  // While answering, the console says the detail by table waits; then the check closes.
  const desk = await page(browser, `${server.consoleUrl}#deliberation`, 'fr');
  await expect(desk.getByTestId('consensus-tables-pending').first()).toContainText('Détail par table quand les réponses à cette proposition seront terminées');
  await expect(byTable(desk)).toHaveCount(0);
  await fac.send('consensus.close', { checkId: first });
  await acks;
  const detail = byTable(desk).first();
  await detail.locator('summary').click();
  await expect(detail.getByTestId('consensus-table-row')).toHaveCount(1);
  // One of the two tables of five (they tie: whichever was counted first joins the group).
  await expect(detail.getByTestId('consensus-table-row')).toContainText(new RegExp(`${tables[0]!.name}|${tables[1]!.name}`));
  const merged = detail.getByTestId('consensus-merged-row');
  // The ballot box merged both tables' counters at the close, by the same rule: named no more.
  await expect(merged).toContainText('Tables regroupées : petites tables ou sans table');
  await expect(merged).toContainText('moins de 5 réponses à une table');
  await expect(merged).toContainText('5 d’accord sur 8');
  await expect(detail).not.toContainText('sur 3');

  await fac.send('consensus.reveal', { checkId: first, revealed: true });
  const screen = await page(browser, server.screenUrl, 'en');
  await expect(screen.getByTestId('screen-check-merged')).toHaveText('Tables counted together (fewer than 5 answers at a table): small tables or no table');

  // The Séance tab sets k, with what it protects in words; the next check shows the table of three.
  await desk.getByTestId('tab-seance').click();
  await expect(desk.getByTestId('small-groups-current')).toHaveText('Actuellement : 5 réponses');
  await expect(desk.getByTestId('small-groups-settings')).toContainText('une table de trois qui répond pareil dirait le choix de chacun');
  await desk.getByTestId('small-groups-k').fill('3');
  await desk.getByTestId('small-groups-save').click();
  await expect(desk.getByTestId('small-groups-current')).toHaveText('Actuellement : 3 réponses');
  const second = await answeredCheck('Pistes cyclables continues');
  await fac.send('consensus.close', { checkId: second.checkId });
  await second.acks;
  await desk.getByTestId('tab-deliberation').click();
  const again = desk.locator(`[data-testid="consensus-reading"][data-proposal-id="${second.proposalId}"] [data-testid="consensus-by-table"]`);
  await again.locator('summary').click();
  await expect(again.getByTestId('consensus-table-row')).toHaveCount(3);
  await expect(again.getByTestId('consensus-table-row').nth(2)).toContainText('0 d’accord sur 3');
  await expect(again.getByTestId('consensus-merged-row')).toHaveCount(0);
  for (const member of members) member.close();
  fac.close();
});
