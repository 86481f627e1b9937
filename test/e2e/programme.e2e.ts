import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { en, fr, type MessageKey } from '../../client/i18n/all.ts';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 7's "done when", in English: a facilitator runs sessions 1 to 3 of the demo programme
// from the console, and each activity reaches the phones and the projector live. Everyone
// switches to English the way a person does (the language button, kept on the device); the
// projector, opened from the console's link on the same laptop, follows the console's switch.
//  - Session 1: the researchers' talk made current, its prepared question round opened and
//    projected, a phone asks, another upvotes; a countdown started from an agenda item.
//  - Session 2: session 1 closed, session 2 opened, phones join it; the prepared ADEME poll
//    launched with L, answered, revealed with R; the prepared vision opened, written by a
//    table's phones, shown as a gallery.
//  - Session 3: opened, the speed-meeting plan generated, round 1 started from the keyboard.
// On each screen, for each activity: English words, and no French catalogue text.
// E2E_SCREENSHOTS=/some/dir saves screenshots on the way.

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

/**
 * The French catalogue's wordings that an English screen must never show: each French message
 * that differs from its English one, cut at its {placeholders}, in pieces long enough to be
 * telling. Pieces the demo's own content contains (French titles, questions, organisations) are
 * left out: content stays in the language it was written in.
 */
function frenchPieces(content: string): { key: MessageKey; piece: string }[] {
  const pieces: { key: MessageKey; piece: string }[] = [];
  for (const key of Object.keys(fr) as MessageKey[]) {
    if (fr[key] === en[key]) continue;
    for (const raw of fr[key].split(/\{\w+\}/)) {
      const piece = raw.trim();
      if (piece.length >= 12 && !en[key].includes(piece) && !content.includes(piece)) pieces.push({ key, piece });
    }
  }
  return pieces;
}

let FRENCH: { key: MessageKey; piece: string }[] = [];

/** Everything a person (or a screen reader) gets from the page: its text and its labels. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')].flatMap((el) =>
      ['aria-label', 'placeholder', 'title', 'alt'].map((name) => el.getAttribute(name) ?? ''),
    );
    return [document.title, document.body.innerText, ...labels].join('\n');
  });
}

/** The French catalogue's wordings the page shows now. */
async function frenchShown(page: Page): Promise<string[]> {
  const text = await shownText(page);
  return FRENCH.filter(({ piece }) => text.includes(piece)).map(({ key, piece }) => `${key}: “${piece}”`);
}

/** The screen, as it is now, shows no French catalogue text. */
async function expectNoFrench(page: Page, where: string): Promise<void> {
  expect(await frenchShown(page), `French text on ${where}`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.lang), `lang of ${where}`).toBe('en');
}

/** A phone of the room: its own device, switched to English on the join page, then seated. */
async function joinInEnglish(page: Page, joinUrl: string, seatCode: string, name: string, switchLanguage: boolean): Promise<void> {
  await page.goto(joinUrl);
  if (switchLanguage) {
    await page.getByTestId('language').click();
    await expect(page.getByTestId('language')).toHaveText('Français');
  }
  await expect(page.getByTestId('join-submit')).toContainText(/join|enter|sign/i);
  await page.locator('#seat-code').fill(seatCode);
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('member-name')).toHaveText(name);
  await expect(page.getByTestId('nav-home')).toContainText('Home');
}

/** The same phone at the next session's code: its seat is kept for the whole convention, nothing to type (issue 12). */
async function reachInEnglish(page: Page, joinUrl: string, name: string): Promise<void> {
  await page.goto(joinUrl);
  await expect(page.getByTestId('member-name')).toHaveText(name);
  await expect(page.getByTestId('nav-home')).toContainText('Home');
  await expect(page.locator('#seat-code')).toHaveCount(0);
}

/** The seconds a countdown shows ("09:57" → 597). */
async function secondsShown(countdown: Locator): Promise<number> {
  const text = (await countdown.getByTestId('countdown-digits').first().textContent()) ?? '';
  const match = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`not a countdown: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

async function newDevice(browser: Browser, width: number, height: number): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width, height } });
}

test('sessions 1 to 3 run from the console in English: questions, countdown, poll, vision, speed meeting', async ({ browser }) => {
  test.setTimeout(180_000);
  const initial: ConsoleView = await server.consoleView();
  FRENCH = frenchPieces(JSON.stringify(initial));
  expect(FRENCH.length).toBeGreaterThan(200);
  const [s1, s2, s3] = initial.sessions as [ConsoleView['sessions'][0], ConsoleView['sessions'][0], ConsoleView['sessions'][0]];
  expect(initial.liveSessionId).toBe(s1.id);
  const [ma, mb, mc] = initial.members as [ConsoleView['members'][0], ConsoleView['members'][0], ConsoleView['members'][0]];

  // ── The facilitator's laptop: the console, and the projector opened from its link ───────────
  const laptop = await newDevice(browser, 1440, 900);
  const desk = await laptop.newPage();
  await desk.goto(server.consoleUrl);
  await expect(desk.getByTestId('language')).toHaveText('English');
  const [projector] = await Promise.all([laptop.waitForEvent('page'), desk.getByTestId('open-screen').click()]);
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await expect(projector.getByTestId('session-title')).toHaveText(s1.title);
  await expect(projector.getByText('Rejoignez la session')).toBeVisible();
  // The detector sees French where there is French: both screens before the switch.
  await expect(desk.getByTestId('timer-control')).toBeVisible();
  expect((await frenchShown(desk)).length).toBeGreaterThan(10);
  expect((await frenchShown(projector)).length).toBeGreaterThan(3);

  // The facilitator switches the console to English; the projector's window follows, no reload.
  await desk.getByTestId('language').click();
  await expect(desk.getByTestId('language')).toHaveText('Français');
  await expect(desk.getByTestId('tab-agenda')).toHaveText(/Agenda/);
  await expect(desk.getByTestId('session-status')).toContainText('Open');
  await expect(projector.getByTestId('quorum')).toHaveText('Quorum: 50 (50 missing)');
  await expect(projector.getByText('Join the session with your phone')).toBeVisible();
  await expectNoFrench(projector, 'the projector (welcome)');

  // ── Three phones, each switched to English on its join page ─────────────────────────────────
  const [a, b, c] = [(await phone(browser)).page, (await phone(browser)).page, (await phone(browser)).page];
  const joinUrl1 = await desk.getByTestId('join-url').inputValue();
  await joinInEnglish(a, joinUrl1, ma.seatCode, ma.name, true);
  await joinInEnglish(b, joinUrl1, mb.seatCode, mb.name, true);
  await joinInEnglish(c, joinUrl1, mc.seatCode, mc.name, true);
  await expect(projector.getByTestId('present-count')).toHaveText('3');
  await expectNoFrench(a, 'a phone (session 1, home)');

  // ════ Session 1 · information talks ══════════════════════════════════════════════════════════
  // The researchers' talk becomes the current item: "Now" on the console, phones and projector.
  const talk = s1.agenda.find((item) => item.kind === 'talk' && item.title.includes('Krinner'))!;
  await desk.getByTestId('tab-agenda').click();
  const talkRow = desk.locator(`[data-testid="agenda-item"][data-item-id="${talk.id}"]`);
  await talkRow.getByTestId('agenda-set-current').click();
  await expect(talkRow.getByTestId('agenda-current-marker')).toHaveText(/Now/);
  await expect(a.getByTestId('current-item')).toHaveText(talk.title);
  await expect(projector.getByTestId('current-item')).toContainText(talk.title);
  await expectNoFrench(desk, 'the console (agenda)');

  // The prepared round of questions: opened to phones and shown on the projector.
  await desk.getByTestId('tab-questions').click();
  const round = desk.getByTestId('question-round');
  await expect(round.locator('h3')).toHaveText('Questions à Gerhard Krinner et Sandra Rome');
  await expect(round.getByTestId('question-round-status')).toHaveText('Ready');
  await round.getByTestId('question-round-open').click();
  await expect(round.getByTestId('question-round-status')).toHaveText('Open');
  await round.getByTestId('question-show-panel').click();
  await expect(round.getByTestId('question-show-panel')).toHaveText('Questions shown on the screen');
  await expect(projector.getByTestId('panel-questions')).toBeVisible();
  await expect(projector.getByTestId('screen-questions-empty')).toHaveText('No question yet: send yours from your phone.');
  await expect(projector.getByTestId('screen-questions')).toContainText(`Ask your questions on your phone · code ${s1.code}`);

  // A phone asks; another upvotes; the projector shows the question with its vote.
  const question = 'How fast are the Alps warming compared with the rest of the world?';
  await expect(a.getByTestId('questions-area')).toContainText('Questions to the speakers');
  await expect(a.getByTestId('question-send')).toHaveText('Send my question');
  await a.getByTestId('question-text').fill(question);
  await a.getByTestId('question-send').click();
  await expect(a.getByTestId('question-status')).toContainText('Question sent. It is shown below.');
  await expect(a.getByTestId('question-item').filter({ hasText: question }).getByTestId('question-own')).toContainText('Your question');
  const onB = b.getByTestId('question-item').filter({ hasText: question });
  await onB.getByTestId('question-upvote').click();
  await expect(onB.getByTestId('question-upvote')).toHaveAttribute('aria-pressed', 'true');
  await expect(onB.getByTestId('question-votes')).toHaveText('1');
  await expect(projector.getByTestId('screen-question-text')).toHaveText(question);
  await expect(projector.getByTestId('screen-question-votes')).toContainText('1 vote');
  await expect(projector.getByTestId('screen-question-big')).toContainText('Most supported question');
  await expect(projector.getByTestId('screen-question-big')).toContainText('Anonymous');
  await expect(desk.getByTestId('console-question')).toHaveCount(1);
  await expectNoFrench(desk, 'the console (questions)');
  await expectNoFrench(a, 'the asking phone (questions)');
  await expectNoFrench(b, 'the upvoting phone (questions)');
  await expectNoFrench(projector, 'the projector (questions)');
  await shot(projector, 'programme-1-projector-questions');
  await shot(b, 'programme-1-phone-questions');

  // A countdown started from an agenda item: the next talk's 45 minutes.
  const nextTalk = s1.agenda.find((item) => item.title.startsWith('Climat, enjeux sociaux'))!;
  await desk.getByTestId('tab-agenda').click();
  const nextRow = desk.locator(`[data-testid="agenda-item"][data-item-id="${nextTalk.id}"]`);
  await expect(nextRow.getByTestId('agenda-start-timer')).toHaveText('▶ Countdown 45 min');
  await nextRow.getByTestId('agenda-start-timer').click();
  await expect(nextRow.getByTestId('agenda-current-marker')).toBeVisible();
  await expect(nextRow.getByTestId('agenda-item-timer')).toContainText('Countdown running');
  const line = a.getByTestId('timer-line');
  await expect(line.getByTestId('timer-line-label')).toHaveText(nextTalk.title);
  await expect(line).toContainText('Countdown:'); // what a screen reader says first
  await expect.poll(() => secondsShown(line)).toBeGreaterThan(44 * 60);
  const shownAt = await secondsShown(line);
  await expect.poll(() => secondsShown(line), { timeout: 5000 }).toBeLessThan(shownAt);
  await expect(projector.getByTestId('screen-timer').getByTestId('screen-timer-title')).toHaveText(nextTalk.title);
  await expect(a.getByTestId('current-item')).toHaveText(nextTalk.title);
  await expectNoFrench(desk, 'the console (countdown)');
  await expectNoFrench(a, 'a phone (countdown)');
  await expectNoFrench(projector, 'the projector (countdown)');
  await shot(a, 'programme-1-phone-countdown');

  // ════ Session 2 · scenarios, poll and visions ════════════════════════════════════════════════
  // Session 1 closed from the console's header (it asks first), session 2 picked and opened.
  await desk.getByTestId('session-close').click();
  await expect(desk.getByTestId('session-close-ask')).toContainText(`Close “${s1.title}”?`);
  await desk.getByTestId('session-close-confirm').click();
  await expect(desk.getByTestId('session-status')).toContainText('Closed');
  await expect(a.getByTestId('no-session')).toBeVisible();
  await expectNoFrench(a, 'a phone (no session open)');
  await desk.getByTestId('session-select').selectOption(s2.id);
  await desk.getByTestId('session-open').click();
  await expect(desk.getByTestId('session-status')).toContainText('Open');
  await expect(projector.getByTestId('session-title')).toHaveText(s2.title);

  // The phones join session 2 from its address: their language stayed on the device.
  await desk.getByTestId('tab-seance').click();
  const joinUrl2 = await desk.getByTestId('join-url').inputValue();
  expect(joinUrl2).not.toBe(joinUrl1);
  await reachInEnglish(a, joinUrl2, ma.name);
  await reachInEnglish(b, joinUrl2, mb.name);
  await reachInEnglish(c, joinUrl2, mc.name);
  await expect(projector.getByTestId('present-count')).toHaveText('3');

  // The poll item becomes current; in « Polls », L launches its prepared poll (ADEME scenarios).
  const pollItem = s2.agenda.find((item) => item.kind === 'poll')!;
  await desk.getByTestId('tab-agenda').click();
  await desk.locator(`[data-testid="agenda-item"][data-item-id="${pollItem.id}"]`).getByTestId('agenda-set-current').click();
  await expect(desk.locator(`[data-testid="agenda-item"][data-item-id="${pollItem.id}"]`).getByTestId('agenda-current-marker')).toBeVisible();
  await desk.getByTestId('tab-polls').click();
  const ademe = 'Quel scénario vous semble le plus souhaitable ?';
  await expect(desk.getByTestId('poll-launcher-select')).toContainText(`No. 2 · ${ademe}`);
  await expect(desk.getByTestId('poll-keys')).toContainText('launch');
  await expectNoFrench(desk, 'the console (polls, before launch)');
  await desk.getByRole('heading', { name: 'Polls', level: 2 }).click();
  await desk.keyboard.press('l');
  await expect(projector.getByTestId('poll-panel-question')).toHaveText(ademe);
  await expect(projector.getByTestId('poll-panel-participation')).toHaveText('0 answer(s) out of 3 present');
  await expect(projector.getByTestId('poll-panel-hidden')).toHaveText('The results will be revealed in a moment.');
  await expect(desk.getByTestId('poll-card').first()).toHaveAttribute('data-status', 'open');

  // Three phones answer.
  const answers: [Page, string][] = [
    [a, 'Génération frugale'],
    [b, 'Coopérations territoriales'],
    [c, 'Génération frugale'],
  ];
  for (const [page, option] of answers) {
    await expect(page.getByTestId('poll-question')).toHaveText(ademe);
    await expect(page.getByTestId('poll-send')).toHaveText('Send my answer');
    await page.getByTestId('poll-area').getByText(option).click();
    await page.getByTestId('poll-send').click();
    await expect(page.getByTestId('poll-state')).toContainText('Answer recorded, you can still change it.');
  }
  await expect(projector.getByTestId('poll-panel-participation')).toHaveText('3 answer(s) out of 3 present');
  await expectNoFrench(a, 'a phone (poll answered)');
  await expectNoFrench(projector, 'the projector (poll, results hidden)');

  // R reveals: the projector shows the bars, the phones the results.
  await desk.keyboard.press('r');
  const bars = projector.getByTestId('poll-panel-bar');
  await expect(bars).toHaveCount(4);
  await expect(bars.nth(0)).toContainText('Génération frugale');
  await expect(bars.nth(0)).toContainText('2 · 67%');
  await expect(bars.nth(1)).toContainText('1 · 33%');
  await expect(bars.nth(2)).toContainText('0 · 0%');
  await expect(b.getByTestId('poll-results-row').nth(0)).toContainText('2 · 67%');
  await expect(desk.getByTestId('poll-visibility').first()).toContainText('Results revealed');
  await expectNoFrench(desk, 'the console (poll revealed)');
  await expectNoFrench(b, 'a phone (poll revealed)');
  await expectNoFrench(projector, 'the projector (poll revealed)');
  await shot(projector, 'programme-2-projector-poll');
  await shot(b, 'programme-2-phone-poll');
  // C closes the poll before the table work.
  await desk.keyboard.press('c');
  await expect(projector.getByTestId('poll-panel-closed')).toHaveText(/Poll closed/);

  // The tables: one for the three present, seated at random from « Tables ».
  await desk.getByTestId('tab-tables').click();
  await desk.getByTestId('table-count').fill('1');
  await desk.getByTestId('create-tables').click();
  await expect(desk.getByTestId('table-card')).toHaveCount(1);
  await desk.getByTestId('assign-random').click();
  await expect(desk.getByTestId('table-card').getByTestId('table-member')).toHaveCount(3);
  const tableName = (await desk.getByTestId('table-card').getByTestId('table-name').textContent())!.trim();
  await expect(a.getByTestId('table-name')).toHaveText(tableName);
  await expectNoFrench(desk, 'the console (tables)');

  // The vision prepared for session 2: opened, written by two phones of the table, saved.
  await desk.getByTestId('tab-visions').click();
  const card = desk.getByTestId('vision-console-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('vision-status')).toHaveText('Being prepared');
  await card.getByTestId('vision-open').click();
  await expect(card.getByTestId('vision-status')).toHaveText('Writing under way');
  await expect(a.getByTestId('vision-card')).toContainText('Your table’s vision');
  const draft = 'In 2050, the valley is crossed by bike and tram.';
  await a.getByTestId('vision-text').fill(draft);
  await a.getByTestId('vision-save').click();
  await expect(a.getByTestId('vision-status')).toHaveText('Saved ✓ (version 1)');
  await expect(b.getByTestId('vision-text')).toHaveValue(draft);
  await expect(b.getByTestId('vision-status')).toContainText(`New version 1 saved by ${ma.name}.`);
  const vision = `${draft} Roofs carry solar panels.`;
  await b.getByTestId('vision-text').fill(vision);
  await b.getByTestId('vision-save').click();
  await expect(b.getByTestId('vision-status')).toHaveText('Saved ✓ (version 2)');
  await expect(a.getByTestId('vision-text')).toHaveValue(vision);
  await expect(card.getByTestId('vision-table-row').getByTestId('vision-table-versions')).toHaveText('2');
  await expectNoFrench(a, 'a phone (vision writing)');
  await expectNoFrench(b, 'a phone (vision saved)');
  await expectNoFrench(desk, 'the console (visions)');

  // The gallery on the projector.
  await card.getByTestId('vision-gallery-show').click();
  await expect(card.getByTestId('vision-gallery-state')).toContainText('Gallery visible to everyone');
  await expect(projector.getByTestId('panel-visions')).toBeVisible();
  const galleryCard = projector.getByTestId('screen-vision-card');
  await expect(galleryCard).toContainText(tableName);
  await expect(galleryCard.getByTestId('screen-vision-text')).toHaveText(vision);
  await expect(galleryCard).toContainText('No reaction yet');
  await expect(c.getByTestId('vision-card')).toContainText('The tables’ visions');
  await expectNoFrench(projector, 'the projector (vision gallery)');
  await expectNoFrench(c, 'a phone (vision gallery)');
  await shot(projector, 'programme-2-projector-visions');

  // ════ Session 3 · speed meeting ══════════════════════════════════════════════════════════════
  // Opening session 3 while session 2 is open: the console asks before closing it.
  await desk.getByTestId('session-select').selectOption(s3.id);
  await expect(desk.getByTestId('session-status')).toContainText('Upcoming');
  await desk.getByTestId('session-open').click();
  await expect(desk.getByTestId('session-open-ask')).toContainText(`The session “${s2.title}” will be closed. Open this one?`);
  await desk.getByTestId('session-open-confirm').click();
  await expect(desk.getByTestId('session-status')).toContainText('Open');
  await expect(projector.getByTestId('session-title')).toHaveText(s3.title);
  await desk.getByTestId('tab-seance').click();
  const joinUrl3 = await desk.getByTestId('join-url').inputValue();
  await reachInEnglish(a, joinUrl3, ma.name);
  await reachInEnglish(b, joinUrl3, mb.name);
  await reachInEnglish(c, joinUrl3, mc.name);
  await expect(projector.getByTestId('present-count')).toHaveText('3');

  // The rotation plan for the members present, its quality in words.
  await desk.getByTestId('tab-speed').click();
  const panel = desk.getByTestId('panel-speed');
  await expect(panel.getByTestId('speed-actors-count')).toContainText('52 actor(s)');
  await expect(panel.getByTestId('speed-basis-present')).toBeChecked();
  await panel.getByTestId('speed-generate').click();
  await expect(panel.getByTestId('speed-quality-actors')).toContainText('No member meets the same actor twice.');
  await expect(panel.getByTestId('speed-quality-unassigned')).toContainText('Every member has a table in every round.');
  await expectNoFrench(desk, 'the console (speed plan)');

  // Round 1 from the keyboard.
  await panel.getByTestId('speed-start').focus();
  await desk.keyboard.press('Enter');
  await expect(panel.getByTestId('speed-run-status')).toContainText('Round 1 of 6 under way');
  const plan = (await server.consoleView()).sessions.find((s) => s.id === s3.id)!.speed!;
  const table1 = plan.plan!.rounds[0]!.tables.find((t) => t.memberIds.includes(ma.id))!;
  const actor = plan.actors.find((x) => x.id === table1.actorId)!;
  const now = a.getByTestId('speed-now');
  await expect(now).toContainText(`Round 1: table ${actor.label}, ${actor.organisation}`);
  await expect(a.getByTestId('speed-card')).toContainText('My schedule (6 rounds)');
  await expect(projector.getByTestId('screen-speed-round')).toHaveText('Round 1 of 6');
  await expect(projector.getByTestId('screen-speed')).toContainText('Find your name');
  const clock = projector.getByTestId('screen-speed-clock');
  const roundStart = await secondsShown(clock);
  expect(roundStart).toBeGreaterThan(plan.roundMinutes * 60 - 10);
  await expect.poll(() => secondsShown(clock), { timeout: 5000 }).toBeLessThan(roundStart);
  await expectNoFrench(desk, 'the console (speed round 1)');
  await expectNoFrench(a, 'a phone (speed round 1)');
  await expectNoFrench(projector, 'the projector (speed round 1)');
  await shot(a, 'programme-3-phone-speed');
  await shot(projector, 'programme-3-projector-speed');
});
