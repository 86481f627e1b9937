import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 2's scenario, one browser context per actor: the facilitator seats members at tables,
// three phones join with their seat codes, the projector shows them present, a phone reloads
// and comes back to its seat and table; then the server is killed with SIGKILL and restarted,
// and every screen comes back by itself.

let server: ServerProcess;

test.beforeAll(async () => {
  server = await startServerProcess();
});

test.afterAll(async () => {
  await server?.stop();
});

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

async function joinWithSeat(page: Page, joinUrl: string, seatCode: string): Promise<void> {
  await page.goto(joinUrl);
  await page.locator('#seat-code').fill(seatCode);
  await page.getByTestId('join-submit').click();
}

test('facilitator seats members; phones join, reload and survive a server kill -9', async ({ browser }) => {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const members = view.members.slice(0, 3);

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await expect(projector.getByTestId('join-code')).toHaveText(session.code);
  await expect(projector.getByTestId('present-count')).toHaveText('0');

  // Three phones join with their personal codes; joining marks them present.
  const phones: Page[] = [];
  for (const member of members) {
    const page = await phone(browser);
    await joinWithSeat(page, joinUrl, member.seatCode);
    await expect(page.getByTestId('member-name')).toHaveText(member.name);
    phones.push(page);
  }
  await expect(projector.getByTestId('present-count')).toHaveText('3');

  // The facilitator creates two tables and deals the present members at random.
  await consolePage.getByTestId('tab-tables').click();
  await consolePage.getByTestId('table-count').fill('2');
  await consolePage.getByTestId('create-tables').click();
  await expect(consolePage.getByTestId('table-card')).toHaveCount(2);
  await consolePage.getByTestId('assign-random').click();
  await expect(phones[0]!.getByTestId('table-name')).toHaveText(/Table [12]/);
  await consolePage.getByTestId('tab-seance').click();
  await consolePage.getByTestId('screen-panel-seating').click();
  await expect(projector.getByTestId('seating-table')).toHaveCount(2);

  // Each phone's own channel brings its table within its window (about a second in a busy room).
  for (const p of phones) await expect(p.getByTestId('table-name')).toHaveText(/Table [12]/);
  const tableNames = await Promise.all(phones.map((p) => p.getByTestId('table-name').textContent()));

  // A reload comes back to the same seat and table without typing anything.
  await phones[0]!.reload();
  await expect(phones[0]!.getByTestId('member-name')).toHaveText(members[0]!.name);
  await expect(phones[0]!.getByTestId('table-name')).toHaveText(tableNames[0]!);

  // kill -9 in the middle of the session, then a restart: the phones reconnect by themselves.
  await server.kill9();
  await expect(phones[1]!.getByTestId('connection')).toContainText(/Hors ligne/);
  await server.start();
  for (const [i, page] of phones.entries()) {
    await expect(page.getByTestId('connection')).toContainText('Connecté', { timeout: 20_000 });
    await expect(page.getByTestId('member-name')).toHaveText(members[i]!.name);
    await expect(page.getByTestId('table-name')).toHaveText(tableNames[i]!);
  }
  await expect(projector.getByTestId('seating-table')).toHaveCount(2, { timeout: 20_000 });

  // The projector's presence survived the restart too (it is in the log, not in memory).
  await consolePage.getByTestId('screen-panel-welcome').click();
  await expect(projector.getByTestId('present-count')).toHaveText('3');
});

test('a second phone on the same seat takes it over and the first is told', async ({ browser }) => {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const member = view.members[5]!;
  const first = await phone(browser);
  await joinWithSeat(first, joinUrl, member.seatCode);
  await expect(first.getByTestId('member-name')).toHaveText(member.name);
  const second = await phone(browser);
  await joinWithSeat(second, joinUrl, member.seatCode);
  await expect(second.getByTestId('member-name')).toHaveText(member.name);
  await expect(first.getByTestId('seat-lost')).toBeVisible();
});

test('a wrong seat code gets a clear French error and nothing else happens', async ({ browser }) => {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const page = await phone(browser);
  await joinWithSeat(page, `${server.url}/j/${session.code}`, 'ZZZZZZ');
  await expect(page.getByTestId('join-error')).toContainText('Code personnel inconnu');
});
