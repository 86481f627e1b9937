import { expect, test, type Locator, type Page } from '@playwright/test';
import { joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 7's "timed table activity": the facilitator, in the console, starts a 10-minute
// table-work countdown from its agenda item; the projector and a phone count it down (each from
// its own clock, set wrong on purpose, corrected by the server's); pausing shows "en pause" on
// both, +1 min changes it, and removing it takes it off every screen. E2E_SCREENSHOTS=/some/dir saves screenshots.

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

/** The seconds a countdown shows ("09:57" → 597). */
async function secondsShown(countdown: Locator): Promise<number> {
  const text = (await countdown.getByTestId('countdown-digits').textContent()) ?? '';
  const match = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`not a countdown: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

test('a timed table activity: started from the agenda, counted down on the projector and a phone, paused, extended, removed', async ({ browser }) => {
  test.setTimeout(90_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const member = view.members[0]!;

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  // Devices' clocks are wrong: the projector's 3 minutes late, the phone's an hour early. Both
  // count down from the server's clock all the same (the offset measured at the welcome).
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.clock.install({ time: Date.now() - 3 * 60_000 });
  await projector.goto(server.screenUrl);
  const { page: phonePage } = await phone(browser);
  await phonePage.clock.install({ time: Date.now() + 60 * 60_000 });
  await joinWithSeat(phonePage, `${server.url}/j/${session.code}`, member.seatCode, member.name);
  expect(await phonePage.evaluate(() => Date.now())).toBeGreaterThan(Date.now() + 59 * 60_000);
  expect(await projector.evaluate(() => Date.now())).toBeLessThan(Date.now() - 2 * 60_000);

  // The agenda gets its table-work item (10 minutes); its countdown starts in one click.
  await consolePage.getByTestId('tab-agenda').click();
  await consolePage.getByTestId('agenda-add-title').fill('Travail en tables');
  await consolePage.getByTestId('agenda-add-kind').selectOption('tables');
  await consolePage.getByTestId('agenda-add-duration').fill('10');
  await consolePage.getByTestId('agenda-add').click();
  const item = consolePage.getByTestId('agenda-item').filter({ hasText: 'Travail en tables' });
  await item.getByTestId('agenda-start-timer').click();
  await expect(item.getByTestId('agenda-current-marker')).toBeVisible();
  // The running countdown and its buttons stay under the item, in the agenda.
  await expect(item.getByTestId('agenda-item-timer')).toContainText('Minuteur en cours');

  // The projector: a large block, the label and the countdown, going down.
  const onScreen = projector.getByTestId('screen-timer');
  await expect(onScreen).toBeVisible();
  await expect(onScreen.getByTestId('screen-timer-title')).toHaveText('Travail en tables');
  const start = await secondsShown(onScreen);
  expect(start).toBeGreaterThan(590);
  expect(start).toBeLessThanOrEqual(600);
  await expect.poll(() => secondsShown(onScreen), { timeout: 5000 }).toBeLessThan(start);
  const digitsBox = await onScreen.getByTestId('countdown-digits').boundingBox();
  // Readable from the back: digits at least 8 % of the frame's height.
  expect(digitsBox!.height).toBeGreaterThan(1080 * 0.08);

  // The phone: one line at the top of the home page, counting down as well.
  const line = phonePage.getByTestId('timer-line');
  await expect(line).toContainText('Travail en tables');
  const onPhone = await secondsShown(line);
  expect(onPhone).toBeGreaterThan(585);
  await expect.poll(() => secondsShown(line), { timeout: 5000 }).toBeLessThan(onPhone);
  await shot(projector, 'projector-timer-running');
  await shot(phonePage, 'phone-timer-running');

  // Pause, from the console's Séance section with its keyboard shortcut (T).
  await consolePage.getByTestId('tab-seance').click();
  const control = consolePage.getByTestId('timer-control');
  await expect(control.getByTestId('timer-console-label')).toContainText('Travail en tables');
  await expect(control.getByTestId('timer-keys')).toContainText('pause / reprendre');
  await consolePage.keyboard.press('t');
  await expect(onScreen.getByTestId('countdown-state')).toContainText('en pause');
  await expect(line.getByTestId('countdown-state')).toContainText('en pause');
  await expect(control.getByTestId('timer-resume')).toBeVisible();
  const paused = await secondsShown(onScreen);
  await projector.waitForTimeout(1500);
  expect(await secondsShown(onScreen)).toBe(paused);
  expect(await secondsShown(line)).toBe(paused);
  await shot(projector, 'projector-timer-paused');
  await shot(consolePage, 'console-timer-paused');

  // +1 min, still paused: both show one more minute.
  await control.getByTestId('timer-plus1').click();
  await expect.poll(() => secondsShown(onScreen)).toBe(paused + 60);
  await expect.poll(() => secondsShown(line)).toBe(paused + 60);
  await expect(onScreen.getByTestId('countdown-state')).toContainText('en pause');

  // Resumed, it counts down again.
  await control.getByTestId('timer-resume').click();
  await expect(onScreen.getByTestId('countdown-state')).toHaveCount(0);
  await expect.poll(() => secondsShown(onScreen), { timeout: 5000 }).toBeLessThan(paused + 60);

  // Reset: the countdown leaves every screen.
  await control.getByTestId('timer-clear').click();
  await control.getByTestId('timer-clear-confirm').click();
  await expect(onScreen).toHaveCount(0);
  await expect(line).toHaveCount(0);
  await expect(control.getByTestId('timer-none')).toBeVisible();
});

test('the countdown fills the projector when asked, and says "terminé" when the time is up', async ({ browser }) => {
  const view = await server.consoleView();
  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await expect(projector.getByTestId('session-title')).toHaveText(view.sessions.find((s) => s.id === view.liveSessionId)!.title);

  const control = consolePage.getByTestId('timer-control');
  await control.getByTestId('timer-big').check();
  await expect(control.getByTestId('timer-big')).toBeChecked();
  const panel = projector.getByTestId('screen-timer-panel');

  // Screen readers hear "one minute left" once, not every second.
  await control.getByTestId('timer-label').fill('Intervention');
  await control.getByTestId('timer-minutes').fill('1');
  await control.getByTestId('timer-seconds').fill('2');
  await control.getByTestId('timer-start').click();
  await expect(panel.getByTestId('screen-timer-title')).toHaveText('Intervention');
  const spoken = panel.getByTestId('countdown-announce');
  await expect(spoken).toHaveText('');
  await expect(spoken).toHaveText('Plus qu’une minute.', { timeout: 8000 });
  await projector.waitForTimeout(2000);
  await expect(spoken).toHaveText('Plus qu’une minute.');

  await control.getByTestId('timer-label').fill('Pause');
  await control.getByTestId('timer-minutes').fill('0');
  await control.getByTestId('timer-seconds').fill('4');
  await control.getByTestId('timer-start').click();
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('screen-timer-title')).toHaveText('Pause');
  await expect(projector.getByTestId('panel-timer')).toBeVisible();
  await expect(panel.getByTestId('countdown-state')).toContainText('terminé', { timeout: 10_000 });
  await expect(panel.getByTestId('countdown-digits')).toHaveText('00:00');
  await expect(panel.getByTestId('countdown-announce')).toHaveText('Temps écoulé.');
  await shot(projector, 'projector-timer-ended');
  // +1 min after the end: it runs again.
  await control.getByTestId('timer-plus1').click();
  await expect(panel.getByTestId('countdown-state')).toHaveCount(0);
  await expect(panel.getByTestId('countdown-digits')).toHaveText(/^(01:00|00:5\d)$/);
});
