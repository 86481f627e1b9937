import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 12, item 2, in the browser: the facilitator sets the convention's name, dates and place,
// adds two sessions, reorders them, removes the empty one (after a confirmation, by keyboard),
// creates groups beside the tables; a phone that joined session 1 with its seat code reaches
// session 2 by its new code without typing anything.

let server: ServerProcess;

test.beforeAll(async () => {
  server = await startServerProcess();
});

test.afterAll(async () => {
  await server?.stop();
});

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

const row = (page: Page, title: string) => page.getByTestId('programme-row').filter({ has: page.getByTestId('programme-title').getByText(title, { exact: true }) });

test('the programme edited from the console; a phone keeps its seat from session 1 to session 2', async ({ browser }) => {
  const view = await server.consoleView();
  const s1 = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const s2 = view.sessions[view.sessions.indexOf(s1) + 1]!;
  const member = view.members[0]!;

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#seance`);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);

  // The convention's name, dates and place: the header, the projector and the join page show them.
  await consolePage.getByTestId('convention-name-input').fill('Convention citoyenne de Grenoble');
  await consolePage.getByTestId('convention-start').fill('2026-03-07');
  await consolePage.getByTestId('convention-end').fill('2026-06-14');
  await consolePage.getByTestId('convention-place').fill('Grenoble, Hôtel de ville');
  await consolePage.getByTestId('convention-rename').click();
  await expect(consolePage.getByTestId('convention-name')).toHaveText('Convention citoyenne de Grenoble');
  await expect(consolePage.getByTestId('convention-details')).toContainText('Grenoble, Hôtel de ville');
  await expect(consolePage.getByTestId('convention-details')).toContainText('2026');
  await expect(projector.getByTestId('convention-where')).toContainText('Grenoble, Hôtel de ville');

  // A phone joins session 1 with its seat code; the join page names the convention and place.
  const memberPhone = await phone(browser);
  await memberPhone.goto(`${server.url}/j/${s1.code}`);
  await expect(memberPhone.getByTestId('join-convention')).toHaveText('Convention citoyenne de Grenoble');
  await expect(memberPhone.getByTestId('join-where')).toContainText('Grenoble, Hôtel de ville');
  await memberPhone.locator('#seat-code').fill(member.seatCode);
  await memberPhone.getByTestId('join-submit').click();
  await expect(memberPhone.getByTestId('member-name')).toHaveText(member.name);

  // Two sessions added at the end of the programme.
  for (const title of ['Séance supplémentaire A', 'Séance supplémentaire B']) {
    await consolePage.getByTestId('create-session-title').fill(title);
    await consolePage.getByTestId('create-session').click();
    await expect(row(consolePage, title)).toHaveCount(1);
  }
  const titles = () => consolePage.getByTestId('programme-title').allTextContents();
  expect((await titles()).slice(-2)).toEqual(['Séance supplémentaire A', 'Séance supplémentaire B']);

  // Reordered: B goes up above A (the focus stays on the moved session's button).
  await row(consolePage, 'Séance supplémentaire B').getByTestId('session-up').click();
  await expect.poll(async () => (await titles()).slice(-2)).toEqual(['Séance supplémentaire B', 'Séance supplémentaire A']);
  await expect(row(consolePage, 'Séance supplémentaire B').getByTestId('session-up')).toBeFocused();

  // A session of the demo that holds prepared work says so and offers no removal; the live one neither.
  const holding = view.sessions.find((s) => s.status === 'planned' && Object.keys(s.holds).length > 0)!;
  await expect(row(consolePage, holding.title).getByTestId('programme-holds')).toBeVisible();
  await expect(row(consolePage, holding.title).getByTestId('session-remove')).toHaveCount(0);
  await expect(row(consolePage, s1.title).getByTestId('session-remove')).toHaveCount(0);

  // The empty one is removed after a confirmation, by keyboard; Escape cancels first.
  const removeA = row(consolePage, 'Séance supplémentaire A').getByTestId('session-remove');
  await removeA.focus();
  await consolePage.keyboard.press('Enter');
  await expect(consolePage.getByTestId('session-remove-confirm')).toBeFocused();
  await consolePage.keyboard.press('Escape');
  await expect(row(consolePage, 'Séance supplémentaire A')).toHaveCount(1);
  await removeA.focus();
  await consolePage.keyboard.press('Enter');
  await expect(consolePage.getByTestId('session-remove-ask')).toContainText('Séance supplémentaire A');
  await consolePage.keyboard.press('Enter');
  await expect(row(consolePage, 'Séance supplémentaire A')).toHaveCount(0);
  await expect(row(consolePage, 'Séance supplémentaire B')).toHaveCount(1);

  // Groups beside the tables, in the live session (the console had followed the new session): two
  // groups, the present members dealt.
  await consolePage.getByTestId('session-select').selectOption(s1.id);
  await consolePage.getByTestId('tab-tables').click();
  await expect(consolePage.getByTestId('groups-empty')).toBeVisible();
  await consolePage.getByTestId('group-count').fill('2');
  await consolePage.getByTestId('create-groups').click();
  await expect(consolePage.getByTestId('group-card')).toHaveCount(2);
  await consolePage.getByTestId('assign-groups').click();
  await expect(memberPhone.getByTestId('group-name')).toHaveText(/Groupe [12]/);
  await consolePage.getByTestId('group-card').first().getByTestId('group-rename').click();
  await consolePage.getByTestId('group-card').first().getByTestId('table-name-input').fill('Les Chênes');
  await consolePage.getByTestId('group-card').first().getByTestId('table-name-save').click();
  await expect(consolePage.getByTestId('group-card').first().getByTestId('table-name')).toHaveText('Les Chênes');

  // Session 1 closes, session 2 opens; the phone opens session 2's code and is in, no typing.
  await consolePage.getByTestId('session-select').selectOption(s2.id);
  await consolePage.getByTestId('session-open').click();
  await consolePage.getByTestId('session-open-confirm').click();
  await expect(consolePage.getByTestId('session-status')).toContainText(/ouverte|en cours/i);
  await memberPhone.goto(`${server.url}/j/${s2.code}`);
  await expect(memberPhone.getByTestId('member-name')).toHaveText(member.name);
  await expect(memberPhone.locator('#seat-code')).toHaveCount(0);
  // The console sees the member present in session 2 (the phone in hand is the check-in).
  await expect.poll(async () => (await server.consoleView()).sessions.find((s) => s.id === s2.id)!.present).toContain(member.id);
  // And back to session 1's code: the same seat, still no typing.
  await memberPhone.goto(`${server.url}/j/${s1.code}`);
  await expect(memberPhone.getByTestId('member-name')).toHaveText(member.name);
});

test('a member who leaves: deactivated with a reason (their phone is told), replaced with a seat code to print, counts follow', async ({ browser }) => {
  const view = await server.consoleView();
  const live = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const leaver = view.members.find((m) => m.active && !m.seated && !m.replacedBy)!;
  const active = view.members.filter((m) => m.active).length;

  const leaverPhone = await phone(browser);
  await leaverPhone.goto(`${server.url}/j/${live.code}`);
  await leaverPhone.locator('#seat-code').fill(leaver.seatCode);
  await leaverPhone.getByTestId('join-submit').click();
  await expect(leaverPhone.getByTestId('member-name')).toHaveText(leaver.name);

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#members`);
  await expect(consolePage.getByTestId('roster-counts')).toContainText(`Actifs : ${active} · partis : ${view.members.length - active}`);
  await consolePage.getByTestId('roster-search').fill(leaver.seatCode);
  const leaverRow = consolePage.getByTestId('roster-row').filter({ hasText: leaver.seatCode });
  await leaverRow.getByTestId('member-deactivate').click();
  await expect(leaverRow.getByTestId('member-reason')).toBeFocused();
  await consolePage.keyboard.type('Déménagement');
  await consolePage.keyboard.press('Enter');
  await expect(leaverRow.getByTestId('member-left')).toHaveText(/Déménagement/);
  await expect(consolePage.getByTestId('roster-counts')).toContainText(`Actifs : ${active - 1} · partis : ${view.members.length - active + 1}`);
  // The phone is told its seat is no longer active, with no button to take it back.
  await expect(leaverPhone.getByTestId('seat-lost')).toContainText('n’est plus active');
  await expect(leaverPhone.getByTestId('seat-rejoin')).toHaveCount(0);

  // The replacement: the add form names who is replaced, the new seat code is shown to print.
  await leaverRow.getByTestId('member-replace').click();
  await expect(consolePage.locator('#member-add-name')).toBeFocused();
  await expect(consolePage.locator('#member-add-title')).toContainText(leaver.name);
  await consolePage.keyboard.type('Inès Moreau');
  await consolePage.keyboard.press('Enter');
  await expect(consolePage.getByTestId('member-added')).toContainText(`Inès Moreau remplace ${leaver.name}`);
  const seatCode = /code siège (\w+)/.exec((await consolePage.getByTestId('member-added').textContent()) ?? '')![1]!;
  await expect(leaverRow.getByTestId('member-replaced-by')).toHaveText('Remplacé·e par Inès Moreau');
  await expect(leaverRow.getByTestId('member-replace')).toHaveCount(0);
  await expect(consolePage.getByTestId('roster-counts')).toContainText(`Actifs : ${active} ·`);
  await consolePage.getByTestId('roster-search').fill('Inès');
  await expect(consolePage.getByTestId('roster-row').getByTestId('member-replaces')).toHaveText(`Remplace ${leaver.name}`);

  // The replacement's phone joins with that code.
  const newPhone = await phone(browser);
  await newPhone.goto(`${server.url}/j/${live.code}`);
  await newPhone.locator('#seat-code').fill(seatCode);
  await newPhone.getByTestId('join-submit').click();
  await expect(newPhone.getByTestId('member-name')).toHaveText('Inès Moreau');
});
