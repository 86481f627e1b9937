import { expect, test, type Page } from '@playwright/test';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 18, items 19 and 18 on real screens. Once a lever ranking is closed and the facilitator
// reveals it (as the projector shows it), each phone shows the room's order (the server's
// Schulze order) beside its table's own order. And what organisers wrote (lever titles, the
// ranking's title) is marked lang="fr" inside the English interface, with no redundant lang in
// French, on the phone and on the projector.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

const ids = (page: Page, testid: string) => page.getByTestId(testid).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lever-id') ?? ''));

function aggregateOf(view: ConsoleView, activityId: string): string[] {
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  return session.rankings.find((r) => r.id === activityId)!.aggregate!.schulze;
}

test('after a revealed ranking closes, phones show the room’s order beside their table’s; content is marked French in English', async ({ browser }) => {
  test.setTimeout(90_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const levers = view.levers.map((l) => l.id);
  const [ma, mb] = view.members;
  const a = (await phone(browser)).page;
  const b = (await phone(browser)).page;
  await joinWithSeat(a, `${server.url}/j/${session.code}`, ma!.seatCode, ma!.name);
  await joinWithSeat(b, `${server.url}/j/${session.code}`, mb!.seatCode, mb!.name);

  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('tables.create', { sessionId: session.id, count: 1 });
  await fac.send('tables.assignRandom', { sessionId: session.id, balanceOn: null });
  const { activityId } = await fac.send<{ activityId: string }>('ranking.create', { sessionId: session.id, title: 'Priorisation des leviers', tableIds: [], silentRound: false });
  await fac.send('ranking.open', { activityId });
  await expect(a.getByTestId('lever-row')).toHaveCount(9);

  // French interface: the content needs no lang of its own (the page says fr).
  await expect(a.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(a.getByTestId('lever-title').first()).not.toHaveAttribute('lang', /.*/);
  await expect(a.getByTestId('ranking-title')).not.toHaveAttribute('lang', /.*/);

  // The table puts the last lever first.
  await a.getByTestId('lever-position').last().selectOption('1');
  const tableOrder = [levers[8]!, ...levers.slice(0, 8)];
  await expect.poll(() => ids(a, 'lever-row')).toEqual(tableOrder);

  // Closed, not revealed: the phone says the room's order comes when revealed, and no more.
  await fac.send('ranking.close', { activityId });
  await expect(a.getByTestId('room-order-waiting')).toBeVisible();
  await expect(a.getByTestId('room-order')).toHaveCount(0);

  // Revealed: the projector's order, on every phone, above the table's own (still there).
  await fac.send('ranking.reveal', { activityId, revealed: true });
  const room = aggregateOf(await server.consoleView(), activityId);
  for (const page of [a, b]) {
    await expect(page.getByTestId('room-lever')).toHaveCount(9);
    await expect.poll(() => ids(page, 'room-lever')).toEqual(room);
    await expect.poll(() => ids(page, 'lever-row')).toEqual(tableOrder);
    await expect(page.getByTestId('room-order-waiting')).toHaveCount(0);
  }
  await expect(a.getByTestId('room-order')).toContainText('Le classement de la salle');
  await expect(a.getByTestId('room-place').first()).toHaveText('1');
  await expect(a.getByTestId('room-table-place').first()).toHaveText(`Votre table\u00a0: place ${tableOrder.indexOf(room[0]!) + 1}`);

  // English interface: the words switch, the organisers' French is marked as such.
  await a.getByTestId('language').click();
  await expect(a.locator('html')).toHaveAttribute('lang', 'en');
  await expect(a.getByTestId('room-order')).toContainText('The room’s ranking');
  await expect(a.getByTestId('room-table-place').first()).toHaveText(`Your table: place ${tableOrder.indexOf(room[0]!) + 1}`);
  await expect(a.getByTestId('lever-title').first()).toHaveAttribute('lang', 'fr');
  await expect(a.getByTestId('room-lever-title').first()).toHaveAttribute('lang', 'fr');
  await expect(a.getByTestId('ranking-title')).toHaveAttribute('lang', 'fr');
  await expect(a.getByTestId('session-title')).toHaveAttribute('lang', 'fr');

  // The projector in English: the room's order, its lever titles marked French.
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript(() => localStorage.setItem('convergence.locale', 'en'));
  const projector = await context.newPage();
  await projector.goto(server.screenUrl);
  await expect(projector.getByTestId('aggregate-lever')).toHaveCount(9);
  await expect(projector.locator('html')).toHaveAttribute('lang', 'en');
  await expect(projector.getByTestId('aggregate-lever').first().locator('.title')).toHaveAttribute('lang', 'fr');
  fac.close();
});
