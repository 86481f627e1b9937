import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fr } from '../../client/i18n/all.ts';
import { commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 12, item 4, from the operator's page: a hosted server's operator has no shell, and no
// console of the convention yet. The operator of server A downloads a convention's backup from
// its card (refused, in the operator's words, while a secret vote is open); the operator of
// server B (started without the demo) restores it from B's page: the server says the convention
// is absent and will be created, the operator confirms once, the list shows it with its name and
// its console link opens it. The same file again is identical: said, and no button.

const servers: ServerProcess[] = [];
let work = '';

test.beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'convergence-operator-backup-e2e-'));
});

test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

const DEMO_NAME = 'Convention citoyenne pour le climat (démo)';

test('an operator moves a convention to another server from the operator pages', async ({ browser }) => {
  const [laptop, hosted] = await Promise.all([startServerProcess(), startServerProcess({ demo: false })]);
  servers.push(laptop, hosted);

  // Server A: a secret vote is open in the demo's live session.
  const view = await laptop.consoleView();
  const fac = await commander(laptop.url, laptop.facilitatorKey);
  const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', {
    title: 'Tarif social de l’eau',
    text: 'Un tarif social de l’eau pour les foyers modestes, avec ses motifs et ses modalités.',
    leverId: view.levers[0]!.id,
    channel: 'paper',
    reference: '',
    authorIds: [],
    receivedAt: null,
  });
  const { voteIds } = await fac.send<{ voteIds: string[] }>('vote.create', { sessionId: view.liveSessionId, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
  await fac.send('vote.open', { voteIds });

  const laptopPage = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 860 } })).newPage();
  await laptopPage.goto(laptop.operatorUrl);
  const card = laptopPage.getByTestId('operator-convention').filter({ has: laptopPage.getByTestId('operator-convention-name').getByText(DEMO_NAME, { exact: true }) });
  await expect(card).toHaveCount(1);

  // While secret choices are counted, no copy: the refusal in the operator's words, no file.
  let downloads = 0;
  laptopPage.on('download', () => downloads++);
  await card.getByTestId('operator-backup-download').click();
  await expect(card.getByTestId('operator-backup-error')).toHaveText(fr['error.BACKUP_SECRET_OPEN']);
  expect(downloads).toBe(0);

  // Closed: the copy is made, under the server's file name (the convention's name and the day).
  await fac.send('vote.close', { voteIds });
  fac.close();
  const [download] = await Promise.all([laptopPage.waitForEvent('download'), card.getByTestId('operator-backup-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^convergence-convention-citoyenne-pour-le-climat-demo-\d{4}-\d\d-\d\d\.json$/);
  const file = join(work, 'backup.json');
  await download.saveAs(file);
  await expect(card.getByTestId('operator-backup-status')).toContainText(fr['backup.download.done']);
  await expect(card.getByTestId('operator-backup-error')).toHaveCount(0);
  const backup = JSON.parse(readFileSync(file, 'utf8')) as { eventCount: number; convention: { id: string } };

  // Server B: nothing yet. The file is checked first: absent, so it will be created.
  const hostedPage = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await hostedPage.goto(hosted.operatorUrl);
  await expect(hostedPage.getByTestId('operator-empty')).toBeVisible();
  const restore = hostedPage.getByTestId('operator-restore');
  await expect(restore.getByRole('heading', { name: fr['backup.restore.title'], exact: true })).toBeVisible();
  await restore.getByTestId('backup-file').setInputFiles(file);
  const plan = restore.getByTestId('backup-plan');
  await expect(plan).toHaveAttribute('data-standing', 'absent');
  await expect(plan).toContainText(`« ${DEMO_NAME} »`);
  await expect(plan).toContainText(fr['backup.plan.absent.other'].replace('{count}', backup.eventCount.toLocaleString('fr-FR')));
  await expect(hostedPage.getByTestId('operator-convention')).toHaveCount(0);
  // E2E_SCREENSHOTS=/some/dir keeps a picture of the page asking.
  if (process.env.E2E_SCREENSHOTS) await hostedPage.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'operator-restore-absent.png'), fullPage: true });

  // Confirmed once: created, listed with its name, focused, announced.
  await restore.getByTestId('backup-restore').click();
  await restore.getByTestId('backup-restore-confirm').click();
  await expect(restore.getByTestId('backup-restored')).toContainText(`« ${DEMO_NAME} »`);
  const hostedCard = hostedPage.getByTestId('operator-convention');
  await expect(hostedCard).toHaveCount(1);
  await expect(hostedCard).toHaveAttribute('data-convention-id', backup.convention.id);
  await expect(hostedCard.getByTestId('operator-convention-name')).toHaveText(DEMO_NAME);
  await expect(hostedCard.getByTestId('operator-convention-name')).toBeFocused();
  await expect(hostedPage.getByTestId('announcer')).toHaveText(fr['operator.restore.done'].replace('{name}', DEMO_NAME));

  // The same file again: identical, nothing to restore, no button.
  await restore.getByTestId('backup-file').setInputFiles(file);
  await expect(restore.getByTestId('backup-plan')).toHaveAttribute('data-standing', 'identical');
  await expect(restore.getByTestId('backup-plan')).toContainText(fr['backup.plan.identical']);
  await expect(restore.getByTestId('backup-restore')).toHaveCount(0);
  await expect(restore.getByTestId('backup-force')).toHaveCount(0);

  // A file that is not a backup: refused in the operator's words, nothing listed besides.
  await restore.getByTestId('backup-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world"}') });
  await expect(restore.getByTestId('backup-check-error')).toHaveText(fr['error.BACKUP_INVALID']);
  await expect(hostedCard).toHaveCount(1);

  // Its console link, on server B, opens the convention moved there (its keys came with it).
  const consoleLink = await hostedCard.getByTestId('operator-open-console').getAttribute('href');
  expect(consoleLink).toBe(`${hosted.url}/console/${laptop.facilitatorKey}`);
  await hostedCard.getByTestId('operator-open-console').click();
  await expect(hostedPage.getByTestId('convention-name')).toHaveText(DEMO_NAME);
});
