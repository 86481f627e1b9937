import { expect, test, type Page } from '@playwright/test';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 14, item 6, on a real phone: a secret choice stays on the phone only while its vote is
// open; "Quitter ce téléphone" (by keyboard) leaves nothing of the convention in the phone's
// storage, comes back to the join form, and the token it held opens nothing any more; a
// convention archived from the console (refused while the session is live) makes every phone
// say it is over and forget it.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

/** Every key and value the phone keeps (localStorage and sessionStorage). */
const storage = (page: Page) =>
  page.evaluate(() => {
    const all: Record<string, string> = {};
    for (const store of [localStorage, sessionStorage]) for (let i = 0; i < store.length; i++) all[store.key(i)!] = store.getItem(store.key(i)!)!;
    return all;
  });

/** The seat's token, as the phone keeps it (client/lib/seat-storage.ts). */
const heldToken = async (page: Page) => Object.values(JSON.parse((await storage(page))['convergence.seats'] ?? '{}') as Record<string, { token: string }>)[0]?.token ?? null;

async function voteFor(page: Page, voteId: string): Promise<void> {
  const card = page.locator(`[data-testid="vote-card"][data-vote-id="${voteId}"]`);
  await card.getByTestId('vote-for').click();
  await card.getByTestId('vote-confirm').click();
  await expect(card.getByTestId('vote-done')).toContainText('Votre choix, gardé sur ce téléphone seulement : Pour');
}

test('a secret choice is forgotten at close; leaving this phone forgets the convention and its token', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const member = view.members[0]!;
  const { page } = await phone(browser);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await joinWithSeat(page, `${server.url}/j/${session.code}`, member.seatCode, member.name);

  const fac = await commander(server.url, server.facilitatorKey);
  const enter = async (title: string) =>
    (await fac.send<{ proposalId: string }>('proposal.enter', { title, text: `${title}, en détail.`, leverId: view.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null })).proposalId;
  const secretVote = async (title: string) => {
    const { voteIds } = await fac.send<{ voteIds: string[] }>('vote.create', { sessionId: session.id, proposalIds: [await enter(title)], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false });
    await fac.send('vote.open', { voteIds });
    return voteIds[0]!;
  };

  // A secret vote: the choice is kept on the phone (to remind the member) while the vote is open.
  const first = await secretVote('Bus de nuit le week-end');
  await voteFor(page, first);
  const kept = `convergence.secretChoices.${member.id}`;
  expect(JSON.parse((await storage(page))[kept]!)).toMatchObject({ [first]: { choice: 'for' } });

  // Closed: the reminder goes from storage, and stays gone after a reload.
  await fac.send('vote.close', { voteIds: [first] });
  await expect.poll(async () => (await storage(page))[kept] ?? null).toBeNull();
  await page.reload();
  await expect(page.getByTestId('member-name')).toHaveText(member.name);
  expect(Object.keys(await storage(page))).not.toContain(kept);

  // Another secret vote, cast; then the member leaves this phone, with the keyboard only.
  const second = await secretVote('Cantines bio et locales');
  await voteFor(page, second);
  const token = (await heldToken(page))!;
  expect(token).toMatch(/^[\w-]{32}$/);
  await page.getByTestId('leave-phone-button').focus();
  await expect(page.getByTestId('leave-phone')).toContainText('ce que vous avez choisi dans les votes secrets');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('leave-phone-button-ask')).toContainText('Oublier cette convention sur ce téléphone ?');
  await expect(page.getByTestId('leave-phone-button-confirm')).toBeFocused();
  await page.keyboard.press('Enter');

  // The join form, saying why; the phone keeps nothing of the convention (only its language, if set).
  await expect(page.getByTestId('join-submit')).toBeVisible();
  await expect(page.getByTestId('join-notice')).toContainText('Ce téléphone a oublié votre place et vos choix.');
  const left = await storage(page);
  const everything = JSON.stringify(left);
  for (const trace of [token, member.id, member.seatCode, session.code, first, second, view.conventionId]) expect(everything, trace).not.toContain(trace);
  expect(Object.keys(left).filter((key) => key !== 'convergence.locale')).toEqual([]);
  expect(errors).toEqual([]);

  // The token it held opens nothing any more (a copy of it is useless); the console sees the seat free.
  await expect
    .poll(async () => (await fetch(`${server.url}/api/join/resume`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })).status)
    .toBe(401);
  expect((await server.consoleView()).members.find((m) => m.id === member.id)!.seated).toBe(false);
  // A reload stays on the join form; the seat code takes the seat again.
  await page.reload();
  await expect(page.getByTestId('join-submit')).toBeVisible();
  await joinWithSeat(page, `${server.url}/j/${session.code}`, member.seatCode, member.name);
  expect(await heldToken(page)).not.toBe(token);
});

test('archived, the phones say the convention is over and forget it', async ({ browser }) => {
  test.setTimeout(90_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const [online, away] = [view.members[1]!, view.members[2]!];
  const a = (await phone(browser)).page;
  const b = (await phone(browser)).page;
  await joinWithSeat(a, `${server.url}/j/${session.code}`, online.seatCode, online.name);
  await joinWithSeat(b, `${server.url}/j/${session.code}`, away.seatCode, away.name);
  await b.goto('about:blank'); // B's page is closed: it comes back after the archive

  // The facilitator, from the console's Séance tab: refused while the session is live, then
  // archived once it is closed, each step asked first.
  const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await desk.goto(server.consoleUrl);
  await desk.getByTestId('tab-seance').click();
  await desk.getByTestId('archive-convention').click();
  await expect(desk.getByTestId('archive-convention-ask')).toContainText('Plus aucun téléphone ne pourra la rejoindre');
  await desk.getByTestId('archive-convention-confirm').click();
  await expect(desk.getByTestId('archive-error')).toContainText('Cette session est ouverte : fermez-la d’abord.');
  await expect(a.getByTestId('member-name')).toHaveText(online.name);
  await desk.getByTestId('session-close').click();
  await desk.getByTestId('session-close-confirm').click();
  await expect(desk.getByTestId('session-status')).toContainText('Close');
  await desk.getByTestId('archive-convention').click();
  await desk.getByTestId('archive-convention-confirm').click();
  await expect(desk.getByTestId('archive-state')).toContainText('Convention archivée le');

  // A, connected: told at once.
  await expect(a.getByTestId('seat-lost')).toContainText('Cette convention est terminée');
  await expect(a.getByTestId('seat-rejoin')).toHaveCount(0);
  expect(Object.keys(await storage(a)).filter((key) => key !== 'convergence.locale')).toEqual([]);
  // The console reads on, and can undo a mistake (not done here: B checks the archive).
  await expect(desk.getByTestId('unarchive-convention')).toBeVisible();
  // B, coming back: its token is refused at the handshake (CONVENTION_ARCHIVED), it forgets and says why.
  await b.goto(`${server.url}/j/${session.code}`);
  await expect(b.getByTestId('seat-lost')).toContainText('Cette convention est terminée');
  expect(Object.keys(await storage(b)).filter((key) => key !== 'convergence.locale')).toEqual([]);
  // Opened again, the join page says it before any code is typed, and offers no form.
  await b.reload();
  await expect(b.getByTestId('join-archived')).toContainText('Cette convention est terminée');
  await expect(b.getByTestId('join-submit')).toHaveCount(0);
});
