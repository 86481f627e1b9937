import { expect, test, type Browser, type Page } from '@playwright/test';
import { commander, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 14, item 5, on the real screens: a phone asks to join as a guest and waits; the console
// lists the request, the facilitator admits it from the keyboard, and the phone continues by
// itself to the member's home. A second guest is refused: the phone says so in French, and
// nobody is added to the roster.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function consolePage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const p = await context.newPage();
  await p.goto(url);
  return p;
}

async function askAsGuest(page: Page, joinUrl: string, name: string): Promise<void> {
  await page.goto(joinUrl);
  await page.getByTestId('join-no-code').click();
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('join-submit').click();
}

test('a phone asks to join as a guest, the console admits it, the phone continues; a refused guest is told', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const rosterSize = view.members.length;

  // Off by default: the phone is told this session needs a personal code.
  const { page: guest } = await phone(browser);
  await askAsGuest(guest, joinUrl, 'Léa Invitée');
  await expect(guest.getByTestId('join-error')).toContainText('Cette session demande votre code personnel.');

  // The facilitator allows guests (guests do not vote: the default).
  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('session.update', { sessionId: session.id, title: session.title, startDate: session.startDate, endDate: session.endDate, allowGuests: true, quorum: session.quorum });
  const desk = await consolePage(browser, `${server.consoleUrl}#presence`);
  await expect(desk.getByTestId('guest-requests')).toContainText('ne votent pas');
  await expect(desk.getByTestId('guests-none')).toBeVisible();

  // The phone asks, and waits for the facilitator.
  await guest.getByTestId('join-submit').click();
  await expect(guest.getByTestId('guest-pending')).toHaveText(/En attente de l’équipe d’animation/);
  await expect(desk.getByTestId('guests-waiting')).toHaveText('1 en attente');
  const request = desk.getByTestId('guest-request');
  await expect(request).toContainText('Léa Invitée');
  expect((await server.consoleView()).members).toHaveLength(rosterSize);
  // A reload while waiting comes back to the same request: no second one on the console.
  await guest.reload();
  await expect(guest.getByTestId('guest-pending')).toHaveText(/En attente de l’équipe d’animation/);
  await expect(desk.getByTestId('guests-waiting')).toHaveText('1 en attente');

  // Admitted from the keyboard: the phone continues by itself to the member's home.
  await desk.getByTestId('guest-admit').focus();
  await desk.keyboard.press('Enter');
  await expect(desk.getByTestId('guest-last')).toContainText('Léa Invitée a été accepté·e.');
  await expect(desk.getByTestId('guest-undo')).toBeFocused();
  await expect(guest.getByTestId('member-name')).toHaveText('Léa Invitée');
  // Guests do not vote in this session: the phone says so in words instead of offering ballots.
  await expect(guest.getByTestId('guest-not-counted')).toContainText('invité');
  // Admitted, the tab keeps no request: a reload opens the seat, not the waiting screen.
  expect(await guest.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('convergence.guest.')))).toEqual([]);
  const admitted = (await server.consoleView()).members.find((m) => m.name === 'Léa Invitée');
  expect(admitted).toMatchObject({ origin: 'guest', active: true });
  await expect(desk.getByTestId('member-row').filter({ hasText: 'Léa Invitée' })).toContainText('Invité');

  // A second guest is refused: the phone says so, the roster does not change.
  const { page: other } = await phone(browser);
  await askAsGuest(other, joinUrl, 'Robot Farceur');
  await expect(other.getByTestId('guest-pending')).toBeVisible();
  await desk.getByTestId('guest-request').filter({ hasText: 'Robot Farceur' }).getByTestId('guest-refuse').click();
  await expect(other.getByTestId('guest-refused')).toHaveText(/L’équipe d’animation n’a pas accepté votre demande/);
  await expect(desk.getByTestId('guests-refused')).toContainText('1 demande refusée');
  expect((await server.consoleView()).members).toHaveLength(rosterSize + 1);
});
