import { expect, test, type Page } from '@playwright/test';
import { joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 7: a talk with 3 phones sending and upvoting questions while the projector shows the top
// one. The facilitator works from the real console: opens the round prepared for session 1, shows
// the questions on the projector, then, with the keyboard, projects one question and marks it
// answered; the speaker's laptop lists the rest. E2E_SCREENSHOTS=/some/dir saves screenshots.

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

async function ask(page: Page, text: string, signed: boolean): Promise<void> {
  await page.getByTestId('question-text').fill(text);
  if (signed) await page.getByTestId('question-signed').check();
  await page.getByTestId('question-send').click();
  await expect(page.getByTestId('question-status')).toContainText('Question envoyée');
  await expect(page.getByTestId('question-text')).toHaveValue('');
}

async function upvote(page: Page, text: string, votesAfter: number): Promise<void> {
  const item = page.getByTestId('question-item').filter({ hasText: text });
  await item.getByTestId('question-upvote').click();
  await expect(item.getByTestId('question-upvote')).toHaveAttribute('aria-pressed', 'true');
  await expect(item.getByTestId('question-votes')).toHaveText(String(votesAfter));
}

test('a talk with 3 phones sending and upvoting questions while the projector shows the top one', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const members = view.members.slice(0, 3);

  // The facilitator opens the round prepared for the researchers' talk and shows it on the projector.
  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#questions`);
  const round = consolePage.getByTestId('question-round');
  await expect(round.locator('h3')).toHaveText('Questions à Gerhard Krinner et Sandra Rome');
  await round.getByTestId('question-round-open').click();
  await expect(round.getByTestId('question-round-status')).toHaveText('Ouverte');
  await round.getByTestId('question-show-panel').click();

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await expect(projector.getByTestId('panel-questions')).toBeVisible();
  await expect(projector.getByTestId('screen-questions-round')).toHaveText('Questions à Gerhard Krinner et Sandra Rome');
  await expect(projector.getByTestId('screen-questions-empty')).toBeVisible();

  const phones = [await phone(browser), await phone(browser), await phone(browser)].map((p) => p.page) as [Page, Page, Page];
  const [a, b, c] = phones;
  for (const [i, page] of phones.entries()) await joinWithSeat(page, `${server.url}/j/${session.code}`, members[i]!.seatCode, members[i]!.name);
  await expect(a.getByTestId('questions-round-title')).toHaveText('Questions à Gerhard Krinner et Sandra Rome');

  const q1 = 'Le réchauffement des Alpes va-t-il plus vite que la moyenne mondiale ?';
  const q2 = 'Quels effets sur la ressource en eau de la métropole d’ici 2050 ?';
  const q3 = 'Comment les îlots de chaleur urbains touchent-ils Grenoble ?';
  await ask(a, q1, false); // anonymous, the default
  await ask(b, q2, true);
  await ask(c, q3, true);
  // No vote yet: the oldest question is on top, its asker anonymous.
  await expect(projector.getByTestId('screen-question-text')).toHaveText(q1);
  await expect(projector.getByTestId('screen-question-big')).toContainText('Anonyme');
  await expect(projector.getByTestId('screen-questions-next').locator('li')).toHaveCount(2);

  // A member cannot vote for their own question; the others vote, and the top follows.
  await expect(a.getByTestId('question-item').filter({ hasText: q1 }).getByTestId('question-own')).toBeVisible();
  await upvote(a, q3, 1);
  await upvote(b, q3, 2);
  await expect(projector.getByTestId('screen-question-text')).toHaveText(q3);
  await expect(projector.getByTestId('screen-question-votes')).toContainText('2 votes');
  await upvote(a, q2, 1);
  await upvote(c, q2, 2);
  // A tie at 2: the older question (q2) goes first.
  await expect(projector.getByTestId('screen-question-text')).toHaveText(q2);
  // B takes back the vote on q3 and votes for q1 instead: q2 stays on top, q1 and q3 follow.
  const bOnQ3 = b.getByTestId('question-item').filter({ hasText: q3 });
  await bOnQ3.getByTestId('question-upvote').click();
  await expect(bOnQ3.getByTestId('question-upvote')).toHaveAttribute('aria-pressed', 'false');
  await expect(bOnQ3.getByTestId('question-votes')).toHaveText('1');
  await upvote(b, q1, 1);
  await expect(projector.getByTestId('screen-question-text')).toHaveText(q2);
  await expect(projector.getByTestId('screen-questions-next').locator('li')).toHaveText([new RegExp(q1.slice(0, 30)), new RegExp(q3.slice(0, 30))]);
  // Each phone sees the same counts; A sees its own question among "Mes questions".
  await expect(c.getByTestId('question-item').filter({ hasText: q1 }).getByTestId('question-votes')).toHaveText('1');
  await expect(a.getByTestId('my-question')).toHaveCount(1);
  await expect(a.getByTestId('my-question')).toContainText(q1);
  await shot(projector, 'questions-projector-top');
  await shot(b, 'questions-phone');

  // The console lists the three, by votes; the keyboard path: select q3, P projects it, R marks it answered.
  const rows = consolePage.getByTestId('console-question');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(q2);
  await expect(consolePage.getByTestId('question-keys')).toContainText('projeter');
  await rows.filter({ hasText: q3 }).getByTestId('console-question-text').click();
  await consolePage.keyboard.press('p');
  await expect(projector.getByTestId('screen-question-text')).toHaveText(q3);
  await expect(projector.getByTestId('screen-question-big')).toHaveAttribute('data-projected', 'true');
  await expect(c.getByTestId('question-item').filter({ hasText: q3 })).toContainText('à l’écran');
  await shot(consolePage, 'questions-console');
  await consolePage.keyboard.press('r');
  await expect(rows.filter({ hasText: q3 })).toHaveAttribute('data-state', 'answered');
  // Answered, it leaves the projector: the top question by votes takes its place.
  await expect(projector.getByTestId('screen-question-text')).toHaveText(q2);
  await expect(projector.getByTestId('screen-question-big')).toHaveAttribute('data-projected', 'false');
  await expect(c.getByTestId('question-item').filter({ hasText: q3 })).toContainText('répondue');

  // The speaker's laptop, from the console's link: the approved questions not yet answered, by votes.
  const speakerLink = await consolePage.getByTestId('question-speaker-link').inputValue();
  expect(speakerLink).toMatch(/\/speaker\//);
  const speaker = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await speaker.goto(speakerLink);
  await expect(speaker.getByTestId('speaker-round')).toHaveText('Questions à Gerhard Krinner et Sandra Rome');
  await expect(speaker.getByTestId('speaker-question')).toHaveCount(2);
  await expect(speaker.getByTestId('speaker-question').first()).toContainText(q2);
  await expect(speaker.getByTestId('speaker-question').nth(1)).toContainText(q1);
  await expect(speaker.getByTestId('speaker')).not.toContainText(q3);
  // Projecting q1 from the console highlights it on the speaker's list too.
  await rows.filter({ hasText: q1 }).getByTestId('question-project').click();
  await expect(speaker.locator('[data-testid="speaker-question"][data-projected="true"]')).toContainText(q1);
  await shot(speaker, 'questions-speaker');
});

test('the facilitator merges the wrong pair, then undoes it from the console; phones and projector follow', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const members = view.members.slice(0, 3);

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#questions`);
  const round = consolePage.getByTestId('question-round');
  await round.getByTestId('question-round-open').click();
  await expect(round.getByTestId('question-round-status')).toHaveText('Ouverte');
  await round.getByTestId('question-show-panel').click();
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await expect(projector.getByTestId('screen-questions-empty')).toBeVisible();

  const [a, b, c] = [await phone(browser), await phone(browser), await phone(browser)].map((p) => p.page) as [Page, Page, Page];
  for (const [i, page] of [a, b, c].entries()) await joinWithSeat(page, `${server.url}/j/${session.code}`, members[i]!.seatCode, members[i]!.name);
  const kept = 'Quels effets sur la ressource en eau de la métropole d’ici 2050 ?';
  const other = 'Le réchauffement des Alpes va-t-il plus vite que la moyenne mondiale ?';
  await ask(b, kept, true);
  await ask(a, other, false); // anonymous
  await upvote(c, other, 1);
  await expect(projector.getByTestId('screen-question-text')).toHaveText(other);

  // The wrong pair: A's question merged into B's.
  const rows = consolePage.getByTestId('console-question');
  await expect(rows).toHaveCount(2);
  const otherRow = rows.filter({ hasText: other });
  await otherRow.getByTestId('question-merge').click();
  await otherRow.getByTestId('question-merge-target').selectOption({ label: `Q1 · ${kept.slice(0, 60)}…` });
  await otherRow.getByTestId('question-merge-confirm').click();
  await expect(rows).toHaveCount(1);
  const keptRow = rows.filter({ hasText: kept });
  // The merged question is shown on the kept one, with its own wording, still anonymous.
  await expect(keptRow.getByTestId('question-merged-item')).toContainText(other);
  await expect(keptRow.getByTestId('question-merged-item')).toContainText('Anonyme');
  await expect(consolePage.getByTestId('question-merge-done')).toContainText('Q2 regroupée dans Q1');
  await expect(projector.getByTestId('screen-question-text')).toHaveText(kept);
  await expect(projector.getByTestId('screen-question-votes')).toContainText('1 vote');
  await expect(a.getByTestId('my-question')).toContainText(kept);
  await expect(a.getByTestId('my-question')).toContainText('regroupé votre question');
  await shot(consolePage, 'questions-console-merged');

  // "Annuler la fusion" on the kept question's row: both questions come back as they were.
  await keptRow.getByTestId('question-unmerge').click();
  await expect(rows).toHaveCount(2);
  await expect(consolePage.getByTestId('question-unmerge-done')).toContainText('Q2 est de nouveau une question à part');
  await expect(projector.getByTestId('screen-question-text')).toHaveText(other);
  await expect(projector.getByTestId('screen-question-big')).toContainText('Anonyme');
  await expect(a.getByTestId('my-question')).toContainText(other);
  await expect(a.getByTestId('my-question')).not.toContainText('regroupé');
  await expect(c.getByTestId('question-item').filter({ hasText: other }).getByTestId('question-upvote')).toHaveAttribute('aria-pressed', 'true');
  await expect(b.getByTestId('question-item')).toHaveCount(2);

  // Again, undone with the keyboard this time: after a merge the kept question is selected, U undoes.
  await otherRow.getByTestId('question-merge').click();
  await otherRow.getByTestId('question-merge-target').selectOption({ label: `Q1 · ${kept.slice(0, 60)}…` });
  await otherRow.getByTestId('question-merge-confirm').click();
  await expect(rows).toHaveCount(1);
  await expect(keptRow).toBeFocused();
  await consolePage.keyboard.press('u');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: other })).toBeFocused();
  await expect(projector.getByTestId('screen-question-text')).toHaveText(other);
});
