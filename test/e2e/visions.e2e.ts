import { expect, test, type Page } from '@playwright/test';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 7's table visions (session 2): two phones of one table write their vision together and
// save it (the second phone, typing while the first saved, is shown both texts and keeps its
// own); the facilitator shows the gallery on the projector, then one vision full screen; a phone
// of another table reacts and the count appears on the projector.
// The seating is set up through a facilitator socket; everything else through the screens.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test('two phones of a table write their vision; the projector shows it, full screen; another table reacts', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const [m1, m2, m3] = view.members as [(typeof view.members)[0], (typeof view.members)[0], (typeof view.members)[0]];

  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('tables.create', { sessionId: session.id, count: 2 });
  const tables = (await server.consoleView()).sessions.find((s) => s.id === session.id)!.tables;
  const [tableA, tableB] = tables as [(typeof tables)[0], (typeof tables)[0]];
  for (const [member, table] of [[m1, tableA], [m2, tableA], [m3, tableB]] as const) await fac.send('tables.seat', { sessionId: session.id, memberId: member.id, tableId: table.id });
  fac.close();

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  const joinUrl = `${server.url}/j/${session.code}`;
  const [a1, a2, b1] = [(await phone(browser)).page, (await phone(browser)).page, (await phone(browser)).page];
  await joinWithSeat(a1, joinUrl, m1.seatCode, m1.name);
  await joinWithSeat(a2, joinUrl, m2.seatCode, m2.name);
  await joinWithSeat(b1, joinUrl, m3.seatCode, m3.name);

  // The facilitator creates the vision for every table and opens the writing.
  await consolePage.getByTestId('tab-visions').click();
  await expect(consolePage.getByTestId('vision-create-title')).toHaveValue('Vision bas carbone 2050');
  await consolePage.getByTestId('vision-create-submit').click();
  const card = consolePage.getByTestId('vision-console-card');
  await card.getByTestId('vision-open').click();
  await expect(card.getByTestId('vision-status')).toHaveText('Rédaction en cours');

  // A1 writes and saves; A2, who had not typed anything, gets the text.
  const first = 'En 2050, la métropole se traverse à vélo et en tram.';
  await expect(a1.getByTestId('vision-card')).toContainText('Vision bas carbone 2050');
  await a1.getByTestId('vision-text').fill(first);
  await a1.getByTestId('vision-save').click();
  await expect(a1.getByTestId('vision-status')).toHaveText('Enregistré ✓ (version 1)');
  await expect(a2.getByTestId('vision-text')).toHaveValue(first);
  await expect(a2.getByTestId('vision-status')).toContainText(`Nouvelle version 1 enregistrée par ${m1.name}`);

  // A2 completes it while A1, unaware, rewrites it: A1 sees the new version beside its own text.
  const second = `${first} Les toits portent des panneaux solaires.`;
  await a1.getByTestId('vision-text').fill('En 2050, plus personne ne prend la voiture seul.');
  await a2.getByTestId('vision-text').fill(second);
  await a2.getByTestId('vision-save').click();
  await expect(a2.getByTestId('vision-status')).toHaveText('Enregistré ✓ (version 2)');
  await expect(a1.getByTestId('vision-conflict')).toBeVisible();
  await expect(a1.getByTestId('vision-conflict-current')).toHaveText(second);
  await expect(a1.getByTestId('vision-text')).toHaveValue('En 2050, plus personne ne prend la voiture seul.');
  await shot(a1, 'phone-vision-conflict');
  // A1 starts again from the current text; its own stays in view to copy from, and it saves.
  await a1.getByTestId('vision-conflict-take').click();
  await expect(a1.getByTestId('vision-mine')).toBeVisible();
  await expect(a1.getByTestId('vision-text')).toHaveValue(second);
  const final = `${second} Plus personne ne prend la voiture seul.`;
  await a1.getByTestId('vision-text').fill(final);
  await a1.getByTestId('vision-save').click();
  await expect(a1.getByTestId('vision-status')).toHaveText('Enregistré ✓ (version 3)');
  await expect(a2.getByTestId('vision-text')).toHaveValue(final);
  await a2.getByText('Historique (3 versions)').click();
  await expect(a2.getByTestId('vision-version')).toHaveCount(3);

  // The console follows each table's progress.
  const rowA = card.locator(`[data-testid="vision-table-row"][data-table-id="${tableA.id}"]`);
  await expect(rowA.getByTestId('vision-table-versions')).toHaveText('3');

  // Nothing of table A's text reaches the room before the gallery; then the projector shows it.
  await expect(b1.getByTestId('vision-card')).not.toContainText('vélo');
  await card.getByTestId('vision-gallery-show').click();
  await expect(projector.getByTestId('panel-visions')).toBeVisible();
  const galleryCard = projector.locator(`[data-testid="screen-vision-card"][data-table-id="${tableA.id}"]`);
  await expect(galleryCard).toContainText(tableA.name);
  await expect(galleryCard.getByTestId('screen-vision-text')).toHaveText(final);
  await shot(projector, 'projector-vision-gallery');

  // Full screen of table A's vision.
  await rowA.getByTestId('vision-feature').click();
  const featured = projector.getByTestId('screen-vision-featured');
  await expect(featured).toBeVisible();
  await expect(featured.getByTestId('screen-vision-text')).toHaveText(final);
  await expect(featured).toContainText('Pas encore de réaction');

  // A phone of table B reacts: the count appears on the projector, and on B's button.
  const onB = b1.locator(`[data-testid="vision-gallery-item"][data-table-id="${tableA.id}"]`);
  await expect(onB).toContainText(final);
  await onB.getByTestId('vision-react-adhere').click();
  await expect(onB.getByTestId('vision-react-adhere')).toHaveAttribute('aria-pressed', 'true');
  await expect(featured.getByTestId('screen-vision-count-adhere')).toHaveText('1');
  await expect(onB.getByTestId('vision-react-adhere').getByTestId('vision-react-count')).toHaveText('1');
  // Table A's own phones see the count, and no button to react to their own vision.
  await expect(a1.locator(`[data-testid="vision-gallery-item"][data-table-id="${tableA.id}"]`).getByTestId('vision-react-adhere')).toHaveCount(0);
  await shot(projector, 'projector-vision-featured');
  await shot(b1, 'phone-vision-gallery');

  // Back to the gallery.
  await card.getByTestId('vision-back').click();
  await expect(projector.getByTestId('screen-vision-gallery')).toBeVisible();
});

test('a vision by group: the console deals groups and creates it; two phones of a group write one text; the projector names the group', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  // The deal draws among present members: six of them, so each of the two groups has some.
  const fac = await commander(server.url, server.facilitatorKey);
  await fac.send('presence.mark', { sessionId: session.id, memberIds: view.members.map((m) => m.id), present: false });
  await fac.send('presence.mark', { sessionId: session.id, memberIds: view.members.slice(0, 6).map((m) => m.id), present: true });
  fac.close();

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);

  // Two groups, the present members dealt at random, from the console.
  await consolePage.getByTestId('tab-tables').click();
  await consolePage.getByTestId('group-count').fill('2');
  await consolePage.getByTestId('create-groups').click();
  await expect(consolePage.getByTestId('group-card')).toHaveCount(2);
  await consolePage.getByTestId('assign-groups').click();
  await expect(consolePage.getByTestId('groups-summary')).toContainText('2');
  let groups = (await server.consoleView()).sessions.find((s) => s.id === session.id)!.groups;
  await expect.poll(async () => (groups = (await server.consoleView()).sessions.find((s) => s.id === session.id)!.groups).every((g) => g.memberIds.length >= 2)).toBe(true);
  const [group1, group2] = groups as [(typeof groups)[0], (typeof groups)[0]];
  const member = (id: string) => view.members.find((m) => m.id === id)!;
  const [m1, m2, m3] = [member(group1.memberIds[0]!), member(group1.memberIds[1]!), member(group2.memberIds[0]!)];

  const joinUrl = `${server.url}/j/${session.code}`;
  const [p1, p2, p3] = [(await phone(browser)).page, (await phone(browser)).page, (await phone(browser)).page];
  await joinWithSeat(p1, joinUrl, m1.seatCode, m1.name);
  await joinWithSeat(p2, joinUrl, m2.seatCode, m2.name);
  await joinWithSeat(p3, joinUrl, m3.seatCode, m3.name);

  // The facilitator creates a vision written by each group, and opens it.
  await consolePage.getByTestId('tab-visions').click();
  await consolePage.getByTestId('vision-create-unit-group').check();
  await consolePage.getByTestId('vision-create-title').fill('Visions 2050 en groupe');
  await consolePage.getByTestId('vision-create-submit').click();
  const card = consolePage.getByTestId('vision-console-card');
  await expect(card.getByTestId('vision-by-group')).toBeVisible();
  await card.getByTestId('vision-open').click();
  await expect(card.locator('[data-testid="vision-table-row"]')).toHaveCount(2);
  await expect(card.locator(`[data-testid="vision-table-row"][data-table-id="${group1.id}"]`)).toContainText(group1.name);

  // Two phones of group 1 write one text: each sees the other's save.
  await expect(p1.getByTestId('vision-card')).toContainText('Vision de votre groupe');
  const first = 'En 2050, chaque vallée a son tram.';
  await p1.getByTestId('vision-text').fill(first);
  await p1.getByTestId('vision-save').click();
  await expect(p1.getByTestId('vision-status')).toHaveText('Enregistré ✓ (version 1)');
  await expect(p2.getByTestId('vision-text')).toHaveValue(first);
  const second = `${first} Les villages se relient à vélo.`;
  await p2.getByTestId('vision-text').fill(second);
  await p2.getByTestId('vision-save').click();
  await expect(p2.getByTestId('vision-status')).toHaveText('Enregistré ✓ (version 2)');
  await expect(p1.getByTestId('vision-text')).toHaveValue(second);
  // Group 2's phone writes its own text, and never sees group 1's before the gallery.
  await expect(p3.getByTestId('vision-text')).toHaveValue('');
  await expect(p3.getByTestId('vision-card')).not.toContainText('tram');

  // The projector's gallery names the group.
  await card.getByTestId('vision-gallery-show').click();
  const galleryCard = projector.locator(`[data-testid="screen-vision-card"][data-table-id="${group1.id}"]`);
  await expect(galleryCard).toContainText(group1.name);
  await expect(galleryCard.getByTestId('screen-vision-text')).toHaveText(second);
  await shot(projector, 'projector-vision-groups');
  // Group 2's phone reacts to group 1's vision; group 1's phones cannot react to their own.
  await expect(p3.getByTestId('vision-card')).toContainText('Les visions des groupes');
  await expect(p1.locator(`[data-testid="vision-gallery-item"][data-table-id="${group1.id}"]`)).toContainText('Votre groupe');
  await expect(p1.locator(`[data-testid="vision-gallery-item"][data-table-id="${group1.id}"]`).getByTestId('vision-react-adhere')).toHaveCount(0);
});
