import { expect, test, type Page } from '@playwright/test';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 7's quick polls with the real console, projector and phones. The facilitator prepares
// the ADEME scenarios poll in the console's « Sondages » form and launches it with the L key;
// two phones answer (one changes its mind); the projector shows the question and participation,
// then the bars with counts and percentages once revealed with R. Then a word-cloud poll on the
// projector, moderated from the console. E2E_SCREENSHOTS=/some/dir saves screenshots.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

const ADEME = ['Génération frugale', 'Coopérations territoriales', 'Technologies vertes', 'Pari réparateur'];

async function setUp(browser: import('@playwright/test').Browser) {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const members = view.members.slice(0, 2);

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  const phones = [(await phone(browser)).page, (await phone(browser)).page] as [Page, Page];
  for (const [i, page] of phones.entries()) await joinWithSeat(page, joinUrl, members[i]!.seatCode, members[i]!.name);
  await expect(projector.getByTestId('present-count')).toHaveText('2');

  const consolePage = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#polls`);
  await expect(consolePage.getByTestId('panel-polls')).toBeVisible();
  return { session, projector, phones, consolePage };
}

test('a poll revealed on the projector: launched by keystroke, two phones answer, participation then results', async ({ browser }) => {
  test.setTimeout(120_000);
  const { projector, phones, consolePage } = await setUp(browser);
  const [a, b] = phones;

  // Prepared in the console's form, as the facilitator does before the session.
  await consolePage.getByTestId('poll-create-question').fill('Quel scénario vous semble le plus souhaitable ?');
  await consolePage.getByTestId('poll-create-kind-single').check();
  await consolePage.getByTestId('poll-create-options').fill(ADEME.join('\n'));
  await consolePage.getByTestId('poll-create-submit').click();
  await expect(consolePage.getByTestId('poll-card')).toHaveAttribute('data-status', 'draft');
  await expect(consolePage.getByTestId('poll-launcher-select')).toContainText('Quel scénario vous semble le plus souhaitable ?');
  // Nothing on the phones while it is prepared.
  await expect(a.getByTestId('poll-area')).toHaveCount(0);

  // One keystroke, outside any field: the poll opens on the phones and the projector.
  await consolePage.getByRole('heading', { name: 'Sondages', level: 2 }).click();
  await consolePage.keyboard.press('l');
  await expect(projector.getByTestId('panel-poll')).toBeVisible();
  await expect(projector.getByTestId('poll-panel-question')).toHaveText('Quel scénario vous semble le plus souhaitable ?');
  await expect(projector.getByTestId('poll-panel-participation')).toHaveText('0 réponse(s) sur 2 présent(s)');
  await expect(projector.getByTestId('poll-panel-options')).toContainText('Génération frugale');
  await expect(projector.getByTestId('poll-panel-hidden')).toBeVisible();
  await expect(consolePage.getByTestId('poll-card').first()).toHaveAttribute('data-status', 'open');

  // Phones: the poll on the home page, big targets, "réponse enregistrée", answers changeable.
  for (const page of phones) {
    await expect(page.getByTestId('poll-question')).toHaveText('Quel scénario vous semble le plus souhaitable ?');
    const box = await page.getByText('Coopérations territoriales').locator('xpath=ancestor::label').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
  }
  await a.getByText('Génération frugale').click();
  await a.getByTestId('poll-send').click();
  await expect(a.getByTestId('poll-state')).toHaveText(/Réponse enregistrée, vous pouvez la modifier\./);
  await shot(a, 'phone-poll-answered');
  await b.getByText('Génération frugale').click();
  await b.getByTestId('poll-send').click();
  await expect(b.getByTestId('poll-state')).toContainText('Réponse enregistrée');
  // A changes its mind: the last answer counts, participation stays 2.
  await a.getByText('Pari réparateur').click();
  await expect(a.getByTestId('poll-send')).toHaveText('Modifier ma réponse');
  await a.getByTestId('poll-send').click();
  await expect(a.getByTestId('poll-send')).toBeDisabled();

  await expect(projector.getByTestId('poll-panel-participation')).toHaveText('2 réponse(s) sur 2 présent(s)');
  await expect(projector.getByTestId('poll-panel-bars')).toHaveCount(0);
  await shot(projector, 'projector-poll-participation');
  // The console previews the results the room does not see yet.
  await expect(consolePage.getByTestId('poll-preview-row').first()).toContainText('1 · 50 %');

  // R reveals: bars with counts and percentages written out.
  await consolePage.keyboard.press('r');
  const bars = projector.getByTestId('poll-panel-bar');
  await expect(bars).toHaveCount(4);
  await expect(bars.nth(0)).toContainText('Génération frugale');
  await expect(bars.nth(0)).toContainText('1 · 50 %');
  await expect(bars.nth(1)).toContainText('0 · 0 %');
  await expect(bars.nth(3)).toContainText('Pari réparateur');
  await expect(bars.nth(3)).toContainText('1 · 50 %');
  await shot(projector, 'projector-poll-results');
  // And on the phones.
  await expect(b.getByTestId('poll-results-row').nth(3)).toContainText('1 · 50 %');
  await shot(b, 'phone-poll-results');
  await shot(consolePage, 'console-poll-revealed');

  // C closes; a late answer is impossible, the phone says it is closed.
  await consolePage.keyboard.press('c');
  await expect(projector.getByTestId('poll-panel-closed')).toBeVisible();
  await expect(a.getByTestId('poll-closed')).toBeVisible();
  await expect(a.getByTestId('poll-area')).toContainText('Votre réponse : Pari réparateur');
});

test('a word-cloud poll shown on the projector, a word hidden from the console', async ({ browser }) => {
  test.setTimeout(120_000);
  const { session, projector, phones, consolePage } = await setUp(browser);
  const [a, b] = phones;
  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('poll.create', { sessionId: session.id, agendaItemId: null, question: 'En un mot, le climat en 2050 pour vous ?', format: { kind: 'words' }, live: false });
  fac.close();

  await consolePage.getByTestId('poll-launcher-launch').click();
  await expect(projector.getByTestId('poll-panel-question')).toHaveText('En un mot, le climat en 2050 pour vous ?');

  await a.getByTestId('poll-words').fill('L’espoir, la sobriété');
  await a.getByTestId('poll-send').click();
  await expect(a.getByTestId('poll-state')).toContainText('Réponse enregistrée');
  await b.getByTestId('poll-words').fill('espoir et nul');
  await b.getByTestId('poll-send').click();
  await expect(b.getByTestId('poll-state')).toContainText('Réponse enregistrée');
  await expect(projector.getByTestId('poll-panel-participation')).toHaveText('2 réponse(s) sur 2 présent(s)');
  await expect(projector.getByTestId('poll-cloud')).toHaveCount(0);

  await consolePage.getByTestId('poll-reveal').click();
  const words = projector.getByTestId('poll-cloud-word');
  await expect(words).toHaveCount(3);
  // Deterministic layout: the most cited word in the middle, each with its count.
  await expect(words.nth(1)).toContainText('espoir');
  await expect(words.nth(1)).toHaveAttribute('data-count', '2');
  await expect(projector.getByTestId('poll-cloud')).toContainText('sobriété');
  const big = await words.nth(1).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const small = await words.nth(0).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(big).toBeGreaterThan(small);
  await shot(projector, 'projector-poll-cloud');
  await shot(consolePage, 'console-poll-cloud');

  // Moderation: the word leaves the cloud; undo brings it back.
  await consolePage.locator('[data-testid="poll-hide-word"][data-word="nul"]').click();
  await expect(words).toHaveCount(2);
  await expect(projector.getByTestId('poll-cloud')).not.toContainText('nul');
  await consolePage.locator('[data-testid="poll-unhide-word"][data-word="nul"]').click();
  await expect(words).toHaveCount(3);
});
