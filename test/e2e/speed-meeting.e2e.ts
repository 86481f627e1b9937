import { readFileSync } from 'node:fs';
import { parseCsv } from '../../shared/csv/index.ts';
import { expect, test, type Page } from '@playwright/test';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Session 3's speed meeting, as the demo prepares it (52 actors at numbered tables): the session
// opens, 60 members are present, the console generates the rotation plan and reads its quality,
// starts round 1; a phone shows "Tour 1 : table …, <organisation>", the projector the round and
// its countdown; "next round" moves the phone to round 2. E2E_SCREENSHOTS=/some/dir saves
// screenshots on the way.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: name.startsWith('console') });
}

const sessionThree = (view: ConsoleView) => view.sessions[2]!;

test('speed meeting: the console plans and runs the rounds, a phone and the projector follow', async ({ browser }) => {
  test.setTimeout(120_000);
  const fac = await commander(server.url, server.facilitatorKey);
  let view = await server.consoleView();
  const session = sessionThree(view);
  expect(session.speed?.actors.length).toBeGreaterThanOrEqual(50);
  await fac.send('session.open', { sessionId: session.id });
  const members = view.members.slice(0, 60);
  await fac.send('presence.mark', { sessionId: session.id, memberIds: members.map((m) => m.id), present: true });

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  const { page: member } = await phone(browser);
  await joinWithSeat(member, `${server.url}/j/${session.code}`, members[0]!.seatCode, members[0]!.name);

  const console = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await console.goto(`${server.consoleUrl}#speed`);
  const panel = console.getByTestId('panel-speed');
  await expect(panel.getByTestId('speed-actors-count')).toContainText('52 acteur(s)');
  await expect(panel.getByTestId('speed-basis-present')).toBeChecked();
  await panel.getByTestId('speed-generate').click();
  await expect(panel.getByTestId('speed-quality-actors')).toContainText('Aucun membre ne rencontre deux fois le même acteur.');
  await expect(panel.getByTestId('speed-quality-sizes')).toContainText('Tables de 3 membres (bornes 3–6).');
  await expect(panel.getByTestId('speed-quality-unassigned')).toContainText('Chaque membre a une table à chaque tour.');
  await expect(panel.getByTestId('speed-grid')).toContainText(members[0]!.name);
  await shot(console, 'console-speed-plan');

  // The actors' sheets: on paper only, one page per actor, the console hidden.
  await console.evaluate(() => (window.print = () => {}));
  await panel.getByTestId('speed-print').click();
  const sheets = console.locator('.speed-sheets');
  await expect(sheets).toBeHidden();
  await console.emulateMedia({ media: 'print' });
  await expect(sheets).toBeVisible();
  await expect(console.locator('.console')).toBeHidden();
  await expect(sheets.locator('.sheet')).toHaveCount(52);
  await expect(sheets.locator('.sheet').first()).toContainText('Table 1');
  await expect(sheets.locator('.sheet').first()).toContainText('Association négaWatt');
  await expect(sheets.locator('.sheet').first()).toContainText('Tour 6');
  await console.emulateMedia({ media: 'screen' });
  await console.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(sheets).toHaveCount(0);

  // The plan as a spreadsheet: a row per member, where each goes in each round.
  const [download] = await Promise.all([console.waitForEvent('download'), panel.getByTestId('speed-export-members').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const [header, ...rows] = parseCsv(csv).rows;
  expect(header).toEqual(['Membre', 'Tour 1', 'Tour 2', 'Tour 3', 'Tour 4', 'Tour 5', 'Tour 6']);
  const firstMemberRow = rows.find((cells) => cells[0] === members[0]!.name)!;
  for (const cell of firstMemberRow.slice(1)) expect(cell).toMatch(/^Table \d+ — .+/);
  await expect(panel.getByTestId('speed-export-status')).toContainText('✓');

  // Round 1 from the keyboard: the start button, then Enter.
  await panel.getByTestId('speed-start').focus();
  await console.keyboard.press('Enter');
  await expect(panel.getByTestId('speed-run-status')).toContainText('Tour 1 sur 6 en cours');

  // The phone: where to go, as the plan says.
  view = await server.consoleView();
  const plan = sessionThree(view).speed!;
  const actors = new Map(plan.actors.map((a) => [a.id, a]));
  const seat = (round: number) => actors.get(plan.plan!.rounds[round]!.tables.find((t) => t.memberIds.includes(members[0]!.id))!.actorId)!;
  const first = seat(0);
  const now = member.getByTestId('speed-now');
  await expect(now).toContainText(`Tour 1 : table ${first.label}, ${first.organisation}`);
  await expect(now).toContainText(`(${first.theme})`);
  await expect(member.getByTestId('speed-next')).toContainText(`Ensuite, tour 2 : table ${seat(1).label}, ${seat(1).organisation}`);
  await member.getByTestId('speed-card').scrollIntoViewIfNeeded();
  await shot(member, 'phone-speed-round-1');
  await member.getByTestId('speed-schedule').locator('summary').click();
  await expect(member.getByTestId('speed-schedule').locator('li')).toHaveCount(6);
  await shot(member, 'phone-speed-schedule');

  // The projector: the round, its countdown, and where this member goes.
  await expect(projector.getByTestId('panel-speed')).toBeVisible();
  await expect(projector.getByTestId('screen-speed-round')).toHaveText('Tour 1 sur 6');
  await expect(projector.getByTestId('screen-speed-clock').getByTestId('countdown-digits')).toHaveText(/^2[45]:\d\d$/);
  const short = `${members[0]!.name.split(' ')[0]} ${members[0]!.name.split(' ').at(-1)!.charAt(0)}.`;
  await expect(projector.getByTestId('screen-speed-lookup')).toBeVisible();
  expect(sessionThree(view).present.length).toBe(60);
  await shot(projector, 'projector-speed-round-1');
  // 60 names over two pages: this member's is on one of them, beside their table. The demo's
  // names are drawn at random: when another member shares the short name ("Philippe L."), both
  // are shown in full (shared/features/speed/views.ts, lookup), so the row has one or the other.
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const named = new RegExp(`${escape(short)}|${escape(members[0]!.name)}`);
  const row = projector.getByTestId('screen-speed-lookup').locator('li', { hasText: named }).filter({ hasText: first.label });
  // Pages turn every 12 s: look often, over three turns at most.
  await expect(async () => {
    await expect(row.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 40_000 });

  // Next round, still from the keyboard: the focus moved to "Tour suivant (2)" once round 1 ran.
  await expect(panel.getByTestId('speed-next')).toBeFocused();
  await console.keyboard.press('Enter');
  await expect(panel.getByTestId('speed-run-status')).toContainText('Tour 2 sur 6 en cours');
  await expect(now).toContainText(`Tour 2 : table ${seat(1).label}, ${seat(1).organisation}`);
  await expect(member.getByTestId('speed-announcer')).toHaveText(`Tour 2 : allez à la table ${seat(1).label}, ${seat(1).organisation}.`);
  await expect(projector.getByTestId('screen-speed-round')).toHaveText('Tour 2 sur 6');
  fac.close();
});
