import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pino } from 'pino';
import { createApp, type App } from '../../server/app.ts';
import { newAccessKey } from '../../server/ids.ts';

// The dossier's PDF must not hand over the console: Chromium's default print header and footer
// print the page's address on every page, so the dossier takes its facilitator key out of the
// address as soon as it has read it (client/views/dossier/dossier-key.ts). A small convention
// (no seed) keeps this fast; test/e2e/dossier.e2e.ts checks the document itself.

let app: App;
let url = '';
let dataDir = '';
let facilitator = '';

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'convergence-dossier-key-'));
  app = createApp({ dataDir, publicUrl: 'http://127.0.0.1', clientDir: join(import.meta.dirname, '../../client/dist'), logger: pino({ level: 'silent' }) });
  url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  facilitator = newAccessKey();
  const created = await app.engine.command({ role: 'system', conventionId: '' }, 'convention.create', {
    name: 'Convention du dossier sans clé',
    keys: { facilitator, projector: newAccessKey(), support: newAccessKey(), speaker: newAccessKey() },
  });
  expect(created.ok).toBe(true);
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the dossier drops its key from the address, reloads without it, and its PDF headers do not print it', async ({ page }) => {
  await page.goto(`${url}/dossier/${facilitator}?parts=cover,process&names=0`);
  await expect(page.getByTestId('dossier')).toBeVisible({ timeout: 30_000 });
  expect(page.url()).not.toContain(facilitator);
  // The settings stay in the address: a link still reopens the same document.
  expect(page.url()).toBe(`${url}/dossier?parts=cover,process&names=0`);
  await expect(page.getByTestId('dossier-print-headers')).toContainText('En-têtes et pieds de page');
  // Nothing on the page links elsewhere with a referrer.
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');

  // A reload of the key-less address: the tab kept the key.
  await page.reload();
  await expect(page.getByTestId('dossier')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('dossier-cover')).toContainText('Convention du dossier sans clé');
  await expect(page.getByTestId('dossier-names')).not.toBeChecked();
  expect(page.url()).not.toContain(facilitator);

  // Printed as a facilitator who left "headers and footers" ticked: the address on every page.
  const urlLine = '<div style="font-size:9px;width:100%;text-align:center"><span class="url"></span></div>';
  const pdf = await page.pdf({ format: 'A4', displayHeaderFooter: true, headerTemplate: urlLine, footerTemplate: urlLine, margin: { top: '15mm', bottom: '15mm', left: '10mm', right: '10mm' } });
  const file = join(dataDir, 'dossier-headers.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  // The header did print the address (else this test would prove nothing)…
  expect(text).toContain(`${url.replace('http://', '')}/dossier`);
  // …and never the key, not even cut across a line.
  expect(text).not.toContain(facilitator);
  expect(text.replace(/\s+/g, '')).not.toContain(facilitator);
});

test('a wrong key shows the error and nothing to print', async ({ page }) => {
  await page.goto(`${url}/dossier/not-a-key-at-all-1234`);
  await expect(page.getByTestId('dossier-error')).toContainText('AUTH_INVALID');
  await expect(page.getByTestId('dossier-print')).toHaveCount(0);
  await expect(page.getByTestId('dossier-part-cover')).toHaveCount(0);
  await expect(page.getByTestId('dossier')).toHaveCount(0);
  expect(page.url()).not.toContain('not-a-key-at-all-1234');

  // The refused key is not kept: a reload asks for the console's link instead of trying it again.
  await page.reload();
  await expect(page.getByTestId('dossier-error')).toContainText('depuis la console');
  await expect(page.getByTestId('dossier-print')).toHaveCount(0);
});
