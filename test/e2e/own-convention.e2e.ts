import { expect, test } from '@playwright/test';
import { joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 12's "done when": a new user runs a convention of their own without touching the demo.
// The server starts without it (DEMO=off); the operator opens the page the banner prints and
// creates a blank convention, then follows its console link; the facilitator sets two levers and
// two sessions with the console's forms, imports a roster (CSV) through the console's import,
// opens a session; a phone joins with a seat code of that roster. The operator's list follows.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess({ demo: false });
});

test.afterEach(async () => {
  await server?.stop();
});

const ROSTER = 'Nom;Prénom;Code siège;Commune\nMartin;Alice;ALICEM;Lyon\nBenali;Karim;KARIMB;Villeurbanne\nNguyen;Linh;LINHNG;Vénissieux\n';

test('an operator creates a blank convention; its facilitator sets it up; a phone joins', async ({ browser }) => {
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const desk = await laptop.newPage();

  // A wrong operator key shows a refusal and nothing else.
  await desk.goto(`${server.url}/operator/not-the-operator-key-0000`);
  await expect(desk.getByTestId('operator-denied')).toBeVisible();
  await expect(desk.getByTestId('operator-create')).toHaveCount(0);

  // The operator's page: no convention yet.
  await desk.goto(server.operatorUrl);
  await expect(desk.getByTestId('operator-empty')).toBeVisible();

  // A name of spaces only passes the browser's "required" and is refused by the server, beside the field.
  await desk.getByTestId('operator-name').fill('   ');
  await desk.getByTestId('operator-create-submit').click();
  await expect(desk.getByTestId('operator-name-error')).toContainText('« Nom »');
  await expect(desk.getByTestId('operator-name')).toBeFocused();
  await expect(desk.getByTestId('operator-convention')).toHaveCount(0);

  // Blank convention: created, listed, focused, with its links to hand out.
  await desk.getByTestId('operator-name').fill('Convention citoyenne de Lyon');
  await desk.getByTestId('operator-start-blank').check();
  await desk.getByTestId('operator-create-submit').click();
  const card = desk.getByTestId('operator-convention');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('operator-convention-name')).toHaveText('Convention citoyenne de Lyon');
  await expect(card.getByTestId('operator-convention-name')).toBeFocused();
  await expect(card.getByTestId('operator-convention-meta')).toHaveText('Pas encore de dates · 0 session · 0 membre');
  await expect(desk.getByTestId('announcer')).toHaveText(/Convention « Convention citoyenne de Lyon » créée/);
  await card.locator('summary').click();
  const consoleLink = await card.getByTestId('operator-link-console').inputValue();
  expect(consoleLink).toMatch(new RegExp(`^${server.url}/console/[\\w-]{16,}$`));
  await expect(card.getByTestId('operator-link-speaker')).toHaveValue(/\/speaker\/[\w-]{16,}$/);
  await expect(card.getByTestId('operator-open-console')).toHaveAttribute('href', consoleLink);

  // The facilitator's console, from that link.
  await card.getByTestId('operator-open-console').click();
  await expect(desk).toHaveURL(consoleLink);
  await expect(desk.getByTestId('convention-name')).toHaveText('Convention citoyenne de Lyon');

  // Two levers.
  await desk.getByTestId('tab-levers').click();
  for (const title of ['Mobilités du quotidien', 'Alimentation et agriculture']) {
    await desk.getByTestId('lever-add-title').fill(title);
    await desk.getByTestId('lever-add').click();
    await expect(desk.getByTestId('lever-title').last()).toHaveText(title);
  }
  await expect(desk.getByTestId('lever-title')).toHaveText(['Mobilités du quotidien', 'Alimentation et agriculture']);

  // Two sessions.
  await desk.getByTestId('tab-seance').click();
  const sessions = [
    { title: 'Session 1 · Installation', start: '2027-01-16', end: '2027-01-17' },
    { title: 'Session 2 · Scénarios', start: '2027-02-13', end: '2027-02-14' },
  ];
  for (const session of sessions) {
    await desk.getByTestId('create-session-title').fill(session.title);
    await desk.locator('#create-start').fill(session.start);
    await desk.locator('#create-end').fill(session.end);
    await desk.getByTestId('create-session').click();
    await expect(desk.locator('[data-testid="session-select"] option', { hasText: session.title })).toHaveCount(1);
  }

  // The roster, as a CSV file through the console's import (preview, then import).
  await desk.getByTestId('tab-import').click();
  await desk.getByTestId('import-file').setInputFiles({ name: 'membres.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER, 'utf8') });
  await expect(desk.getByTestId('import-row')).toHaveCount(3);
  await desk.getByTestId('import-submit').click();
  await expect(desk.getByTestId('import-result')).toBeVisible();
  await desk.getByTestId('tab-members').click();
  await expect(desk.getByTestId('roster-row')).toHaveCount(3);

  // Session 1 opened.
  const sessionSelect = desk.getByTestId('session-select');
  const firstId = await sessionSelect.locator('option', { hasText: sessions[0]!.title }).getAttribute('value');
  await sessionSelect.selectOption(firstId!);
  await desk.getByTestId('session-open').click();
  await expect(desk.getByTestId('session-status')).toHaveAttribute('class', /status-live/);
  await desk.getByTestId('tab-seance').click();
  const joinUrl = await desk.getByTestId('join-url').inputValue();

  // A phone joins with a seat code of that roster.
  const { page: member } = await phone(browser);
  await joinWithSeat(member, joinUrl, 'ALICEM', 'Alice Martin');

  // The operator's list follows: dates of the two sessions, their count, the roster.
  await desk.goto(server.operatorUrl);
  await expect(desk.getByTestId('operator-convention-meta')).toHaveText(/ · 2 sessions · 3 membres$/);
  await expect(desk.getByTestId('operator-convention-meta')).toContainText('2027');
  await laptop.close();
});
