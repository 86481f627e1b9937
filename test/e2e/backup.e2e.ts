import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fr } from '../../client/i18n/all.ts';
import { commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 12, item 4, from the console: the room's laptop downloads the convention's backup; the
// hosted server, which holds an older copy of it (put there by the command line), takes the new
// one from its own console after saying what it will do, and its console shows the new state at
// once. The old copy is then refused there, in the facilitator's words.

const servers: ServerProcess[] = [];
let work = '';

test.beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'convergence-backup-e2e-'));
});

test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

function restoreWithCli(dataDir: string, file: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/convention.ts', 'restore', file], { env: { ...process.env, DATA_DIR: dataDir } }, (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout)));
  });
}

test('a backup downloaded from one console is restored from another server’s console', async ({ browser }) => {
  const laptop = await startServerProcess();
  servers.push(laptop);
  const laptopConsole = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await laptopConsole.goto(laptop.consoleUrl);
  const card = laptopConsole.getByTestId('backup-card');
  await expect(card.getByRole('heading', { name: fr['console.backup.title'], exact: true })).toBeVisible();

  // Named after the convention (ASCII) and the day.
  const download = async (slug: string) => {
    const [file] = await Promise.all([laptopConsole.waitForEvent('download'), card.getByTestId('backup-download').click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^convergence-${slug}-\\d{4}-\\d\\d-\\d\\d\\.json$`));
    const path = join(work, `${servers.length}-${Date.now()}.json`);
    await file.saveAs(path);
    await expect(card.getByTestId('backup-download-status')).toContainText(fr['backup.download.done']);
    return path;
  };
  const first = await download('convention-citoyenne-pour-le-climat-demo');
  // The session goes on after that copy: the convention is renamed.
  const facilitator = await commander(laptop.url, laptop.facilitatorKey);
  await facilitator.send('convention.rename', { name: 'Convention du soir' });
  facilitator.close();
  await expect(laptopConsole.getByTestId('convention-name')).toHaveText('Convention du soir');
  const second = await download('convention-du-soir');

  // The hosted server holds the first copy (the command line put it there while it was down: a
  // killed server's lock does not count).
  const hosted = await startServerProcess({ demo: false });
  servers.push(hosted);
  await hosted.kill9();
  expect(await restoreWithCli(hosted.dataDir, first)).toMatch(/: created \(\d+ events\)/);
  await hosted.start();
  const hostedConsole = await (await browser.newContext()).newPage();
  await hostedConsole.goto(`${hosted.url}/console/${laptop.facilitatorKey}`);
  await expect(hostedConsole.getByTestId('convention-name')).toHaveText('Convention citoyenne pour le climat (démo)');

  // The newer copy: the card says what it will do, asks, restores; the console shows it live.
  const hostedCard = hostedConsole.getByTestId('backup-card');
  await hostedCard.getByTestId('backup-file').setInputFiles(second);
  const plan = hostedCard.getByTestId('backup-plan');
  await expect(plan).toHaveAttribute('data-standing', 'newer');
  const copyEvents = (JSON.parse(readFileSync(second, 'utf8')) as { eventCount: number }).eventCount;
  await expect(plan).toContainText(fr['backup.plan.newer.one'].split('{count}')[0]!);
  await expect(plan).toContainText(String(copyEvents));
  // E2E_SCREENSHOTS=/some/dir keeps a picture of the card asking.
  if (process.env.E2E_SCREENSHOTS) await hostedCard.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'backup-newer.png') });
  await hostedCard.getByTestId('backup-restore').click();
  await hostedCard.getByTestId('backup-restore-confirm').click();
  await expect(hostedCard.getByTestId('backup-restored')).toBeVisible();
  await expect(hostedConsole.getByTestId('convention-name')).toHaveText('Convention du soir');

  // The first copy is now older than the one in place: said, and no button to restore it.
  await hostedCard.getByTestId('backup-file').setInputFiles(first);
  await expect(hostedCard.getByTestId('backup-plan')).toHaveAttribute('data-standing', 'older');
  await expect(hostedCard.getByTestId('backup-plan')).toContainText('Plus ancienne que la convention en place');
  await expect(hostedCard.getByTestId('backup-restore')).toHaveCount(0);
  if (process.env.E2E_SCREENSHOTS) await hostedCard.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'backup-older.png') });
  // A file that is not a backup is refused in the facilitator's words.
  await hostedCard.getByTestId('backup-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":"world"}') });
  await expect(hostedCard.getByTestId('backup-check-error')).toHaveText(fr['error.BACKUP_INVALID']);
  await expect(hostedConsole.getByTestId('convention-name')).toHaveText('Convention du soir');

  // Both sides move on separately: the laptop's next copy diverged from the hosted server's log.
  // Asked twice, then it replaces; nothing is merged.
  const hostedFacilitator = await commander(hosted.url, laptop.facilitatorKey);
  await hostedFacilitator.send('convention.rename', { name: 'Version du serveur' });
  hostedFacilitator.close();
  const laptopFacilitator = await commander(laptop.url, laptop.facilitatorKey);
  await laptopFacilitator.send('convention.rename', { name: 'Version de la salle' });
  laptopFacilitator.close();
  const third = await download('version-de-la-salle');
  await hostedCard.getByTestId('backup-file').setInputFiles(third);
  await expect(hostedCard.getByTestId('backup-plan')).toHaveAttribute('data-standing', 'diverged');
  await hostedCard.getByTestId('backup-force').click();
  await hostedCard.getByTestId('backup-force-confirm').click();
  await expect(hostedConsole.getByTestId('convention-name')).toHaveText('Version du serveur');
  await hostedCard.getByTestId('backup-force-again').click();
  await expect(hostedCard.getByTestId('backup-restored')).toBeVisible();
  await expect(hostedConsole.getByTestId('convention-name')).toHaveText('Version de la salle');
});
