import { expect, test, type Page } from '@playwright/test';
import { commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 13, item 2, in a browser: the facilitator publishes a closed vote from the console's
// "Publication" tab with the keyboard, then the public page, opened on a phone with JavaScript
// off, shows that result and nothing that was not published. E2E_SCREENSHOTS=/some/dir saves
// screenshots.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test('a result published from the console shows on the public page with JavaScript off, and nothing else', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const fac = await commander(server.url, server.facilitatorKey);
  const closedVote = async (title: string, paper: { for: number; against: number; abstain: number }) => {
    const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', { title, text: `${title} : le texte voté.`, leverId: view.levers[0]!.id, channel: 'paper', reference: '', authorIds: [view.members[0]!.id], receivedAt: null });
    const { voteIds } = await fac.send<{ voteIds: string[] }>('vote.create', { sessionId: session.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
    // No phone is in the room: the paper count alone, without a quorum.
    await fac.send('vote.configure', { voteId: voteIds[0], secret: true, thresholdBp: 6000, basis: 'expressed', quorum: 0 });
    await fac.send('vote.open', { voteIds });
    await fac.send('vote.paper', { voteId: voteIds[0], ...paper });
    await fac.send('vote.close', { voteIds });
    return voteIds[0]!;
  };
  const published = await closedVote('Un réseau express vélo métropolitain', { for: 31, against: 9, abstain: 2 });
  await closedVote('Une proposition gardée privée', { for: 3, against: 30, abstain: 1 });
  fac.close();

  const consolePage = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#publication`);
  await expect(consolePage.getByTestId('panel-publication')).toBeVisible();
  await expect(consolePage.getByTestId('publication-no-url')).toBeVisible();
  await expect(consolePage.getByTestId(`publication-state-${published}`)).toHaveText(/Non publié/);

  // The keyboard: the row's button takes the focus and Enter publishes.
  const toggle = consolePage.getByTestId(`publication-toggle-${published}`);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.focus();
  await consolePage.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(consolePage.getByTestId(`publication-state-${published}`)).toHaveText(/Publié/);
  // …and the adopted proposal, with the bulk button.
  await consolePage.getByTestId('publication-adopted').click();
  const url = await consolePage.getByTestId('publication-url').inputValue();
  expect(url).toMatch(/\/r\/[A-Z0-9]{16}$/);
  await shot(consolePage, 'publication-console');

  // A phone, JavaScript off: the server's HTML alone.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true, locale: 'fr-FR' });
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${new URL(url).pathname}`);
  expect(response?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText(view.name);
  await expect(page.locator('#votes')).toContainText('Un réseau express vélo métropolitain');
  await expect(page.locator('#votes')).toContainText('ADOPTÉE');
  await expect(page.locator('#propositions')).toContainText('ADOPTÉE, pour 31 (73,8\u00a0%), contre 9 (21,4\u00a0%), abstention 2 (4,8\u00a0%)');
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('Une proposition gardée privée');
  expect(text).not.toContain(view.members[0]!.name);
  // Readable on a phone: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, 'publication-public-phone');

  // English, by the page's own link.
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#votes')).toContainText('ADOPTED');
});
