import { expect, test, type Browser, type Page } from '@playwright/test';
import { joinWithSeat } from '../helpers/client.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 17, items 1 and 2, on the real console: the Strates tab says to choose strata first;
// the facilitator checks "Territoire" from the keyboard, phones join (which marks them present),
// and the monitor's rows are the scripted presence per territory; a target entered in the form
// comes back as a signed gap in words; a custom attribute is declared, a sensitive one refused,
// and the roster import feeds it from a column the facilitator points at it.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function page(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  await context.addInitScript(() => localStorage.setItem('convergence.locale', 'fr'));
  const p = await context.newPage();
  await p.goto(url);
  return p;
}

test('the facilitator chooses a stratum and sees who is present by territory, against a target', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const desk = await page(browser, `${server.consoleUrl}#strata`);
  await expect(desk.getByTestId('strata-choose-first')).toHaveText('Choisissez les strates ci-dessus pour voir qui est présent, strate par strate.');

  // Keyboard: focus the checkbox, Space checks it; the reading order says it in words.
  await desk.getByTestId('strata-choose-territory').focus();
  await desk.keyboard.press('Space');
  await expect(desk.getByTestId('strata-order')).toHaveText('Ordre de lecture : Territoire');
  const monitor = desk.getByTestId('strata-monitor-territory');
  await expect(monitor).toBeVisible();

  // Seven members join from their phones: joining the live session marks them present.
  const joined = view.members.slice(0, 7);
  for (const m of joined) await joinWithSeat(server.url, session.code, m.seatCode);
  const after = await server.consoleView();
  const present = new Set(after.sessions.find((s) => s.id === session.id)!.present);
  const expected = new Map<string, number>();
  for (const m of after.members) if (m.origin === 'roster' && present.has(m.id)) expected.set(m.attributes.territory!, (expected.get(m.attributes.territory!) ?? 0) + 1);
  await expect(desk.getByTestId('strata-monitor-totals')).toHaveText(`${present.size} présents sur ${after.members.filter((m) => m.active).length} membres de la liste`);
  const rows = monitor.getByTestId('strata-row');
  for (const [value, count] of expected) await expect(rows.and(desk.locator(`[data-value="${value}"]`))).toHaveAttribute('data-present', String(count));
  const shownPresent = await rows.evaluateAll((trs) => trs.reduce((n, tr) => n + Number(tr.getAttribute('data-present')), 0));
  expect(shownPresent).toBe(present.size);

  // A target for the first territory with someone present: the gap comes back in words, signed.
  const [territory, count] = [...expected.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const values = after.strata.attributes.find((a) => a.name === 'territory')!.values;
  const input = desk.getByTestId(`strata-target-territory-${values.indexOf(territory)}`);
  await input.fill('5');
  await expect(desk.getByTestId('strata-targets-total-territory')).toContainText('Total des cibles : 5 %');
  await desk.getByTestId('strata-targets-save-territory').click();
  const row = rows.and(desk.locator(`[data-value="${territory}"]`));
  await expect(row).toContainText('5 %');
  const share = Math.round((count / present.size) * 1000) / 10;
  const gap = Math.round((share - 5) * 10) / 10;
  await expect(row).toContainText(`+${gap.toLocaleString('fr-FR')} point`);
  await expect(row).toContainText('(au-dessus)');

  // Declaring: a sensitive name is refused in words; a criterion of the draw is kept.
  await desk.getByTestId('strata-declare-name').fill('Santé');
  await desk.getByTestId('strata-declare-submit').click();
  await expect(desk.getByTestId('strata-declare-error')).toContainText('santé, religion');
  await desk.getByTestId('strata-declare-name').fill('Quartier prioritaire');
  await desk.getByTestId('strata-declare-submit').click();
  await expect(desk.getByTestId('strata-custom-list')).toContainText('Quartier prioritaire');
  await expect(desk.getByTestId('strata-choose-Quartier prioritaire')).not.toBeChecked();

  // The roster import offers it for a column of another header; the members imported hold it.
  await desk.getByTestId('tab-import').click();
  const csv = 'Nom complet;QPV\nIrène Vasseur;oui\nBastien Carle;non\n';
  await desk.getByTestId('import-file').setInputFiles({ name: 'complement.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(desk.getByTestId('import-blocked')).toHaveAttribute('data-code', 'ROSTER_COLUMNS_UNDECLARED');
  const qpv = desk.getByTestId('import-column').nth(1);
  await qpv.getByTestId('import-column-choice').selectOption('attribute:Quartier prioritaire');
  await expect(desk.getByTestId('import-blocked')).toHaveCount(0);
  await expect(qpv).toHaveAttribute('data-status', 'declared');
  await desk.getByTestId('import-submit').click();
  await expect(desk.getByTestId('import-result')).toBeVisible();
  await expect.poll(async () => (await server.consoleView()).strata.attributes.find((a) => a.name === 'Quartier prioritaire')?.values).toEqual(['non', 'oui']);
});
