import { expect, test, type Page } from '@playwright/test';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { closeAllClients, connectMember } from '../helpers/client.ts';
import { commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 12, item 3, as the room sees it: a lever ranking at tables closes and its result is on
// the console and the projector; the facilitator then re-creates the tables from the console
// (the next exercise needs new tables) and both screens still show the same result, word for
// word. Before results were frozen at close, the ranking's tables vanished with the old tables
// and its result with them.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await closeAllClients();
  await server?.stop();
});

const liveSession = (view: ConsoleView) => view.sessions.find((s) => s.id === view.liveSessionId)!;
/** What a part of the page says, as a reader would read it. */
const textOf = async (page: Page, testid: string) => (await page.getByTestId(testid).innerText()).trim();

test('a closed ranking keeps its result on the console and the projector when the tables are re-created', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = liveSession(view);
  const fac = await commander(server.url, server.facilitatorKey);

  // Eight members join (which marks them present) and are dealt to two tables.
  const members = await Promise.all(view.members.slice(0, 8).map((m) => connectMember(server.url, session.code, m.seatCode)));
  await fac.send('tables.create', { sessionId: session.id, count: 2 });
  await fac.send('tables.assignRandom', { sessionId: session.id, balanceOn: null });
  const { activityId } = await fac.send<{ activityId: string }>('ranking.create', { sessionId: session.id, title: 'Priorisation des leviers', tableIds: [], silentRound: false });
  await fac.send('ranking.open', { activityId });
  await fac.send('activity.show', { sessionId: session.id, activityId });

  // Each table puts a different lever first, so the tables disagree and the grid means something.
  const tableIds = new Set<string>();
  for (const member of members) {
    const ranking = await member.waitFor((c) => c.view('table')?.ranking);
    const tableId = member.view('table')!.id;
    if (tableIds.has(tableId)) continue;
    const from = tableIds.size === 0 ? 4 : 7;
    tableIds.add(tableId);
    const ack = await member.send('ranking.move', { activityId, leverId: ranking.order[from]!, fromIndex: from, toIndex: 0, baseVersion: ranking.version });
    expect(ack.ok).toBe(true);
    await fac.send('ranking.lock', { activityId, tableId, locked: true });
  }
  expect(tableIds.size).toBe(2);
  await fac.send('ranking.close', { activityId });
  await fac.send('ranking.reveal', { activityId, revealed: true });

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await expect(projector.getByTestId('ranking-results')).toBeVisible();
  await expect(projector.getByTestId('ranking-grid-table')).toHaveCount(2);

  const desk = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await desk.goto(`${server.consoleUrl}#rankings`);
  const card = desk.locator(`[data-testid="ranking-card"][data-activity-id="${activityId}"]`);
  await expect(card.getByTestId('ranking-closed')).toBeVisible();
  await expect(card.getByTestId('ranking-table-row')).toHaveCount(2);
  await expect(card.getByTestId('ranking-aggregate-row')).toHaveCount(9);
  const consoleBefore = (await card.innerText()).trim();
  const projectorBefore = await textOf(projector, 'ranking-panel');
  // The capture holds the result: both tables' names, each lever's place.
  for (const name of ['Table 1', 'Table 2']) {
    expect(consoleBefore).toContain(name);
    expect(projectorBefore).toContain(name);
  }

  // The facilitator re-creates the tables (three this time) and deals the room again.
  await desk.getByTestId('tab-tables').click();
  await desk.getByTestId('table-count').fill('3');
  await desk.getByTestId('create-tables').click();
  await desk.getByTestId('create-tables-confirm').click();
  await expect(desk.getByTestId('table-card')).toHaveCount(3);
  await desk.getByTestId('assign-random').click();
  await expect(desk.getByTestId('unseated-member')).toHaveCount(0);
  await expect.poll(async () => (await server.consoleView()).sessions.find((s) => s.id === session.id)!.tables.every((t) => !tableIds.has(t.id))).toBe(true);

  // Same words on both screens: the ranking reads what it counted when it closed.
  await desk.getByTestId('tab-rankings').click();
  await expect(card.getByTestId('ranking-table-row')).toHaveCount(2);
  expect((await card.innerText()).trim()).toBe(consoleBefore);
  await expect(projector.getByTestId('ranking-grid-table')).toHaveCount(2);
  expect(await textOf(projector, 'ranking-panel')).toBe(projectorBefore);

  // And after a reload of both screens (a fresh snapshot of each view).
  await Promise.all([desk.reload(), projector.reload()]);
  await expect(card.getByTestId('ranking-aggregate-row')).toHaveCount(9);
  await expect(projector.getByTestId('ranking-results')).toBeVisible();
  expect((await card.innerText()).trim()).toBe(consoleBefore);
  expect(await textOf(projector, 'ranking-panel')).toBe(projectorBefore);
  fac.close();
});
