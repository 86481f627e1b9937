import { expect, test, type Page } from '@playwright/test';
import { flattenOrder, schulze } from '../../shared/math/schulze.ts';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { commander, joinWithSeat, phone, type Commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 3's scenario with real phones: a table ranks the levers together. Two phones move levers
// at the same time and both end on the server's order; a move made on an order that changed
// meanwhile is rebased or refused (and said so), never applied locally; everyone agrees, the
// projector shows the table validated, then the room's result once revealed. Then the silent
// round: two members rank alone and the table starts from the Schulze order of their rankings.
//
// The facilitator's commands go through a real facilitator socket: the console's ranking
// screens are built elsewhere.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

type Facilitator = Commander;

const facilitator = () => commander(server.url, server.facilitatorKey);


/** The lever ids in the order the phone shows them. */
const shownOrder = (page: Page) => page.getByTestId('lever-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lever-id') ?? ''));

const row = (page: Page, leverId: string) => page.locator(`[data-testid="lever-row"][data-lever-id="${leverId}"]`);

async function expectOrder(page: Page, order: readonly string[]): Promise<void> {
  await expect.poll(() => shownOrder(page)).toEqual(order);
}

function tableOrder(view: ConsoleView, activityId: string): string[] {
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const ranking = session.rankings.find((r) => r.id === activityId)!;
  return ranking.tables[0]!.order;
}

async function seatAtOneTable(fac: Facilitator, sessionId: string, phones: Page[]): Promise<void> {
  await fac.send('tables.create', { sessionId, count: 1 });
  await fac.send('tables.assignRandom', { sessionId, balanceOn: null });
  for (const page of phones) await expect(page.getByTestId('table-name')).toHaveText('Table 1');
}

test('a table ranks the levers together: concurrent moves converge, conflicts are said, agreement validates', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const levers = view.levers.map((l) => l.id);
  const titleOf = (id: string) => view.levers.find((l) => l.id === id)!.title;
  const members = view.members.slice(0, 4);

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);

  // Four phones join (so they are present); phone B's incoming messages can be held back.
  const seats = [await phone(browser), await phone(browser, true), await phone(browser), await phone(browser)];
  const phones = seats.map((s) => s.page);
  const [a, b] = phones as [Page, Page, Page, Page];
  const valve = seats[1]!.valve;
  for (const [i, page] of phones.entries()) await joinWithSeat(page, joinUrl, members[i]!.seatCode, members[i]!.name);

  const fac = await facilitator();
  await seatAtOneTable(fac, session.id, phones);
  const { activityId } = await fac.send<{ activityId: string }>('ranking.create', { sessionId: session.id, title: 'Priorisation des leviers', tableIds: [], silentRound: false });
  await fac.send('ranking.open', { activityId });

  // Every phone shows the table's order, the convention's lever order to start with.
  for (const page of phones) {
    await expect(page.getByTestId('ranking-activity')).toBeVisible();
    await expect(page.getByTestId('lever-row')).toHaveCount(9);
    await expectOrder(page, levers);
  }
  await expect(a.getByTestId('lever-up').first()).toHaveAccessibleName(`Monter « ${titleOf(levers[0]!)} » : déjà à la première place`);
  await expect(row(a, levers[2]!).getByTestId('lever-up')).toHaveAccessibleName(`Monter « ${titleOf(levers[2]!)} » à la place 2`);
  await expect(projector.getByTestId('ranking-table-status')).toContainText('0/4 d’accord');

  // 1. At the same time: A moves the first lever down, B moves the sixth lever up.
  await Promise.all([row(a, levers[0]!).getByTestId('lever-down').click(), row(b, levers[5]!).getByTestId('lever-up').click()]);
  let expected = [levers[1]!, levers[0]!, levers[2]!, levers[3]!, levers[5]!, levers[4]!, levers[6]!, levers[7]!, levers[8]!];
  for (const page of phones) await expectOrder(page, expected);
  expect(tableOrder(await server.consoleView(), activityId)).toEqual(expected);
  // The focus stays on the button that was pressed, on its lever's new row.
  await expect(row(a, levers[0]!).getByTestId('lever-down')).toBeFocused();
  // Screen readers hear what moved.
  await expect(a.getByTestId('ranking-announcer')).toContainText('est passé à la place');

  // 2. B is on a slow network: it still shows the old order while A's move is applied. B's
  //    move on another lever, made on that old order, is rebased by the server.
  valve.hold();
  await row(a, expected[8]!).getByTestId('lever-up').click();
  const afterA = [...expected.slice(0, 7), expected[8]!, expected[7]!];
  await expectOrder(a, afterA);
  await expectOrder(b, expected);
  await row(b, expected[2]!).getByTestId('lever-down').click();
  // Never applied locally: B shows its move as on its way, on the old order, controls held.
  await expect(row(b, expected[2]!).getByTestId('lever-pending')).toHaveText('envoi…');
  await expect(row(b, expected[3]!).getByTestId('lever-up')).toHaveAttribute('aria-disabled', 'true');
  await expectOrder(b, expected);
  valve.release();
  expected = [afterA[0]!, afterA[1]!, afterA[3]!, afterA[2]!, ...afterA.slice(4)];
  for (const page of phones) await expectOrder(page, expected);
  await expect(b.getByTestId('lever-pending')).toHaveCount(0);
  await expect(b.getByTestId('ranking-conflict')).toHaveCount(0);

  // 3. Again B lags; A moves the first lever down, B moves the second one up on its old order:
  //    that lever is no longer where B saw it, so the server refuses and B says so.
  valve.hold();
  const [first, second] = [expected[0]!, expected[1]!];
  await row(a, first).getByTestId('lever-down').click();
  expected = [second, first, ...expected.slice(2)];
  await expectOrder(a, expected);
  await row(b, second).getByTestId('lever-up').click();
  await expect(row(b, second).getByTestId('lever-pending')).toBeVisible();
  valve.release();
  await expect(b.getByTestId('ranking-conflict')).toHaveText(/Quelqu’un a déplacé un levier en même temps\s: voici l’ordre actuel\./);
  await expect(a.getByTestId('ranking-conflict')).toHaveCount(0);
  for (const page of phones) await expectOrder(page, expected);
  expect(tableOrder(await server.consoleView(), activityId)).toEqual(expected);

  // A move through the place picker: the last lever to place 3.
  await a.getByTestId('lever-position').last().selectOption('3');
  expected = [...expected.slice(0, 2), expected[8]!, ...expected.slice(2, 8)];
  for (const page of phones) await expectOrder(page, expected);

  // Everyone agrees: the table's ranking is validated, on the phones and on the projector.
  for (const page of phones) {
    await page.getByTestId('agree-toggle').click();
    await expect(page.getByTestId('agree-toggle')).toHaveAttribute('aria-pressed', 'true');
  }
  for (const page of phones) {
    await expect(page.getByTestId('agree-count')).toHaveText('4 sur 4 membres présents d’accord');
    await expect(page.getByTestId('table-validated')).toHaveText('Classement validé par la table ✓');
  }
  await expect(projector.getByTestId('ranking-table-status')).toContainText('Validé par la table');
  await expect(projector.getByTestId('ranking-tables-summary')).toHaveText('1 table sur 1 a validé son classement');
  // Nothing of the orders on the projector before the reveal.
  await expect(projector.getByTestId('ranking-grid')).toHaveCount(0);

  // The facilitator reveals: the room's order, the grid of places, the dissent markers.
  await fac.send('ranking.reveal', { activityId, revealed: true });
  const schulzeList = projector.getByTestId('aggregate-schulze');
  await expect(schulzeList.locator('li')).toHaveCount(9);
  // One table: the room's order is that table's order, with 8 points down to 0.
  await expect
    .poll(() => projector.getByTestId('aggregate-lever').evaluateAll((items) => items.map((item) => item.getAttribute('data-lever-id'))))
    .toEqual(expected);
  const points = await projector.getByTestId('aggregate-borda').allTextContents();
  expect(points.map((text) => Number.parseInt(text, 10))).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0]);
  const grid = projector.getByTestId('ranking-grid');
  await expect(grid.locator('tbody tr')).toHaveCount(9);
  await expect(grid.getByTestId('ranking-grid-table')).toHaveCount(1);
  await expect(grid.getByTestId('ranking-grid-table')).toContainText('T1');
  await expect(grid.locator('tbody tr').first().locator('td.rank')).toHaveText('1');
  await expect(projector.getByTestId('dissent-marker')).toHaveCount(9);
  await expect(projector.getByTestId('dissent-marker').first()).toContainText('Consensus');
  await expect(projector.getByTestId('ranking-legend')).toContainText('Schulze');
  // Issue 18 (11): the points can disagree with the order; the header says which is which.
  const head = projector.getByTestId('ranking-results-head');
  await expect(head).toHaveText(/Ordre de la salle \(Schulze\)\s*Points de Borda, pour comparaison/);
  const headBoxes = await head.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.children].map((child) => {
      const r = child.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.left >= box.left - 1 && r.right <= box.right + 1;
    });
  });
  expect(headBoxes).toEqual([true, true]);

  // Closing: the projector says so; phones show the final order, read-only.
  await fac.send('ranking.close', { activityId });
  await expect(projector.getByTestId('ranking-phase')).toContainText('Classement clos');
  for (const page of phones) {
    await expect(page.getByTestId('lever-up')).toHaveCount(0);
    await expectOrder(page, expected);
  }
  fac.close();
});

test('silent round: members rank alone, then the table starts from the Schulze order of their rankings', async ({ browser }) => {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const levers = view.levers.map((l) => l.id);
  const members = view.members.slice(0, 2);

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  const phones = [(await phone(browser)).page, (await phone(browser)).page];
  const [a, b] = phones as [Page, Page];
  for (const [i, page] of phones.entries()) await joinWithSeat(page, joinUrl, members[i]!.seatCode, members[i]!.name);

  const fac = await facilitator();
  await seatAtOneTable(fac, session.id, phones);
  const { activityId } = await fac.send<{ activityId: string }>('ranking.create', { sessionId: session.id, title: 'Priorisation des leviers', tableIds: [], silentRound: true });
  await fac.send('ranking.open', { activityId });

  for (const page of phones) {
    await expect(page.getByTestId('ranking-activity')).toContainText('Personne d’autre ne voit votre classement');
    await expectOrder(page, levers);
    await expect(page.getByTestId('silent-status')).toHaveText('Pas encore envoyé.');
  }
  await expect(projector.getByTestId('ranking-silent')).toContainText('0 classement reçu sur 2 membres');

  // A puts the last lever first and sends; then changes its mind, which shows until resent.
  await row(a, levers[8]!).getByTestId('lever-position').selectOption('1');
  const orderA1 = [levers[8]!, ...levers.slice(0, 8)];
  await expectOrder(a, orderA1);
  await a.getByTestId('silent-submit').click();
  await expect(a.getByTestId('silent-status')).toHaveText(/Classement envoyé — vous pouvez encore le modifier jusqu’à la fin du tour silencieux\./);
  await row(a, levers[1]!).getByTestId('lever-up').click();
  const orderA = [levers[8]!, levers[1]!, levers[0]!, ...levers.slice(2, 8)];
  await expectOrder(a, orderA);
  await expect(a.getByTestId('silent-status')).toContainText('Modifié, pas encore envoyé');
  await a.getByTestId('silent-submit').click();
  await expect(a.getByTestId('silent-status')).toContainText('Classement envoyé');

  // B: the last lever first too, the first lever last. B's phone never shows A's ranking.
  await expectOrder(b, levers);
  await row(b, levers[8]!).getByTestId('lever-position').selectOption('1');
  await row(b, levers[0]!).getByTestId('lever-position').selectOption('9');
  const orderB = [levers[8]!, ...levers.slice(1, 8), levers[0]!];
  await expectOrder(b, orderB);
  await b.getByTestId('silent-submit').click();
  await expect(b.getByTestId('silent-status')).toContainText('Classement envoyé');
  await expect(projector.getByTestId('ranking-silent')).toContainText('2 classements reçus sur 2 membres');

  // A reload keeps what was sent.
  await a.reload();
  await expectOrder(a, orderA);
  await expect(a.getByTestId('silent-status')).toContainText('Classement envoyé');

  // The facilitator ends the silent round: both phones start from the same order, the server's,
  // which is the Schulze order of the two rankings.
  await fac.send('ranking.startTables', { activityId });
  const start = flattenOrder(schulze(levers, [{ ranking: orderA, count: 1 }, { ranking: orderB, count: 1 }]).order, levers);
  expect(start[0]).toBe(levers[8]);
  for (const page of phones) {
    await expect(page.getByTestId('agree-toggle')).toBeVisible();
    await expectOrder(page, start);
  }
  expect(tableOrder(await server.consoleView(), activityId)).toEqual(start);
  await expect(projector.getByTestId('ranking-table-status')).toContainText('0/2 d’accord');
  fac.close();
});
