import { expect, test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 7's agenda "imported with the convention or edited in the console": the facilitator
// pastes the day's running order from the programme; the console shows what it read (title,
// kind, length) before adding anything, adds it in one go, and the projector's agenda follows.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

test('a running order pasted in the console is previewed, added in one go, and shown on the projector', async ({ browser }) => {
  const desk = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await desk.goto(server.consoleUrl);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);

  await desk.getByTestId('tab-agenda').click();
  const before = await desk.getByTestId('agenda-item').count();
  const paste = desk.getByTestId('agenda-paste');
  await paste.locator('summary').click();
  await desk.getByTestId('agenda-paste-text').fill('14:00 Forum Métro — échanges avec la Métropole (1h)\n\n15:00 Pause 20’\n15:20 Speed meeting inspiration 90 min\n');
  const rows = desk.getByTestId('agenda-paste-preview').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Forum Métro — échanges avec la Métropole');
  await expect(rows.nth(0)).toContainText('1 h');
  await expect(rows.nth(1)).toContainText('Pause');
  await expect(rows.nth(1)).toContainText('20 min');
  // Nothing is added before the facilitator says so.
  await expect(desk.getByTestId('agenda-item')).toHaveCount(before);

  await desk.getByTestId('agenda-paste-add').click();
  await expect(desk.getByTestId('agenda-item')).toHaveCount(before + 3);
  await expect(desk.getByTestId('agenda-item').last()).toContainText('Speed meeting inspiration');
  await expect(desk.getByTestId('agenda-paste-text')).toHaveValue('');

  // The projector's agenda panel lists the new items.
  await desk.getByTestId('tab-seance').click();
  await desk.getByTestId('screen-panel-agenda').click();
  await expect(projector.getByTestId('panel-agenda')).toBeVisible();
  await desk.getByTestId('tab-agenda').click();
  await desk.getByTestId('agenda-item').filter({ hasText: 'Pause' }).last().getByTestId('agenda-set-current').click();
  await expect(projector.getByTestId('agenda-current')).toContainText('Pause');
});
