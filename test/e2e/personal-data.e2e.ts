import { expect, test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 14, item 7, on the console: a roster file with an e-mail column and a comment column is
// refused until the facilitator drops both in the preview (each column says why it is kept or
// why it cannot be); then a member is erased from the keyboard (the button, Enter, then Enter on
// the confirmation), and the roster shows "Membre effacé n°1" with no seat code; the retention
// card says the day the data goes.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

const ROSTER = 'Nom;Prénom;Email;Genre;Remarques\nOuedraogo;Awa;awa.o@example.org;Femme;RAS\nPichon;Gaël;g.pichon@example.org;Homme;\n';

test('the import asks for each column, and a member is erased from the keyboard', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  const desk = await context.newPage();
  await desk.goto(server.consoleUrl);

  await desk.getByTestId('tab-import').click();
  await desk.getByTestId('import-file').setInputFiles({ name: 'membres.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER, 'utf8') });
  await expect(desk.getByTestId('import-blocked')).toHaveAttribute('data-code', 'ROSTER_COLUMN_SENSITIVE');
  await expect(desk.getByTestId('import-submit')).toBeDisabled();
  const columns = desk.getByTestId('import-column');
  await expect(columns.nth(2)).toHaveAttribute('data-status', 'sensitive');
  await expect(columns.nth(2)).toContainText('l’application n’envoie aucun courriel');
  await expect(columns.nth(3)).toContainText('Critère du tirage au sort');
  // The sensitive column offers nothing but "Ne pas importer".
  await expect(columns.nth(2).locator('option:not([disabled])')).toHaveText(['Ne pas importer']);
  await columns.nth(2).getByTestId('import-column-choice').selectOption('drop');
  await expect(desk.getByTestId('import-blocked')).toHaveAttribute('data-code', 'ROSTER_COLUMNS_UNDECLARED');
  await columns.nth(4).getByTestId('import-column-choice').selectOption('drop');
  await expect(desk.getByTestId('import-blocked')).toHaveCount(0);
  await expect(columns.nth(4)).toHaveAttribute('data-status', 'dropped');
  await desk.getByTestId('import-submit').click();
  await expect(desk.getByTestId('import-result')).toBeVisible();

  await desk.getByTestId('tab-members').click();
  const row = desk.getByTestId('roster-row').filter({ hasText: 'Awa Ouedraogo' });
  await expect(row).toHaveCount(1);
  const memberId = await row.getAttribute('data-member-id');
  await row.getByTestId('member-erase').focus();
  await desk.keyboard.press('Enter');
  await expect(row.getByTestId('member-erase-ask')).toContainText('irréversible');
  await expect(row.getByTestId('member-erase-confirm')).toBeFocused();
  await desk.keyboard.press('Enter');
  const erased = desk.locator(`[data-testid="roster-row"][data-member-id="${memberId}"]`);
  await expect(erased.getByTestId('member-erased')).toHaveText('Membre effacé n°1');
  await expect(erased.getByTestId('seat-code')).toHaveCount(0);
  await expect(desk.getByTestId('roster-row').filter({ hasText: 'Awa' })).toHaveCount(0);

  // The retention card: 30 days after the convention's end.
  await desk.getByTestId('tab-seance').click();
  await desk.getByTestId('retention-days-kind').check();
  await desk.getByTestId('retention-days').fill('30');
  await desk.getByTestId('retention-save').click();
  await expect(desk.getByTestId('retention-current')).toContainText(/seront effacées le|fixez la date de fin/);
  await context.close();
});
