import { expect, test } from '@playwright/test';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// The Council's decision and the updates are dated when they happened: today at the latest (the
// server refuses a date more than a day ahead, or before the adoption, which is today here).
const TODAY = new Date().toISOString().slice(0, 10);
const NOON = new Date(`${TODAY}T12:00:00`);
const shortDay = (locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(NOON);
const longDay = (locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(NOON);

// Issue 13, item 5: after the Council. The room adopted a proposal and went home (the session is
// closed); the facilitator, in the console's "Suivi" tab, records the Council's decision and a
// milestone, by keyboard; a member's phone, still holding its seat, finds the follow-up from its
// home page and sees them, then sees the milestone done the moment the console says so.
// E2E_SCREENSHOTS=/some/dir saves screenshots.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

test('the facilitator enters a Council decision and a milestone; a member’s phone shows them, live', async ({ browser }) => {
  test.setTimeout(90_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const member = view.members[0]!;
  const { page: phonePage } = await phone(browser);
  await joinWithSeat(phonePage, `${server.url}/j/${session.code}`, member.seatCode, member.name);

  // The room adopts a proposal (paper ballots), then the session closes.
  const facilitator = await commander(server.url, server.facilitatorKey);
  const { proposalId } = await facilitator.send<{ proposalId: string }>('proposal.enter', { title: 'Pistes cyclables continues', text: 'Un réseau cyclable sans coupure.', leverId: view.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null });
  const { voteIds } = await facilitator.send<{ voteIds: string[] }>('vote.create', { sessionId: session.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
  await facilitator.send('vote.open', { voteIds });
  await facilitator.send('vote.paper', { voteId: voteIds[0], for: 70, against: 20, abstain: 5 });
  await facilitator.send('vote.close', { voteIds });
  await facilitator.send('session.close', { sessionId: session.id });
  facilitator.close();
  await expect(phonePage.getByTestId('no-session')).toBeVisible();
  // Nothing recorded yet: no way to the follow-up on the phone.
  await expect(phonePage.getByTestId('followup-card')).toHaveCount(0);

  const consolePage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await consolePage.goto(server.consoleUrl);
  await consolePage.getByTestId('tab-followup').focus();
  await consolePage.keyboard.press('Enter');
  const row = consolePage.getByTestId('followup-row').filter({ hasText: 'Pistes cyclables continues' });
  await expect(row.getByTestId('followup-row-decision')).toHaveText('En attente');
  await row.getByTestId('followup-open').focus();
  await consolePage.keyboard.press('Enter');
  const editor = consolePage.getByTestId('followup-editor');
  await expect(editor.locator('h3').first()).toBeFocused();

  // The Council's decision: amended, today, with its deliberation's address.
  await editor.getByTestId('followup-outcome').selectOption('amended');
  await editor.getByTestId('followup-decision-date').fill(TODAY);
  // A plain http address is said wrong before anything is sent.
  await editor.getByTestId('followup-decision-link').fill('http://example.org/deliberation-42');
  await expect(editor.getByText('Le lien doit être une adresse complète commençant par https://')).toBeVisible();
  await expect(editor.getByTestId('followup-decision-save')).toBeDisabled();
  await editor.getByTestId('followup-decision-link').fill('https://example.org/deliberation-42');
  await editor.getByTestId('followup-decision-note').fill('Budget réduit de moitié');
  await editor.getByTestId('followup-decision-save').focus();
  await consolePage.keyboard.press('Enter');
  await expect(editor.getByTestId('followup-decision-status')).toContainText('Décision enregistrée');
  await expect(row.getByTestId('followup-row-decision')).toHaveText(`Adoptée avec modifications, le ${shortDay('fr-FR')}`);

  // A milestone: the route's study, due in September 2099, in progress.
  await editor.getByTestId('followup-milestone-title').fill('Étude du tracé');
  await editor.getByTestId('followup-milestone-due').fill('2099-09-30');
  await editor.getByTestId('followup-milestone-status').selectOption('in_progress');
  await editor.getByTestId('followup-milestone-title').press('Enter');
  await expect(editor.getByTestId('followup-milestone')).toHaveCount(1);
  await expect(row.getByTestId('followup-row-progress')).toHaveText('0 étape faite sur 1');

  // The phone, still on its home page after the session: the way to the follow-up, then it.
  const card = phonePage.getByTestId('followup-card');
  await expect(card).toContainText('1 proposition adoptée');
  if (process.env.E2E_SCREENSHOTS) await phonePage.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/followup-phone-home.png`, fullPage: true });
  await card.getByTestId('followup-link').click();
  await expect(phonePage).toHaveURL(/#\/suivi$/);
  const item = phonePage.getByTestId('followup-item').filter({ hasText: 'Pistes cyclables continues' });
  await expect(item.getByTestId('followup-decision')).toHaveText(`Adoptée avec modifications, le ${shortDay('fr-FR')}`);
  await expect(item.getByTestId('followup-decision-link')).toHaveAttribute('href', 'https://example.org/deliberation-42');
  await expect(item).toContainText('Budget réduit de moitié');
  const milestone = item.getByTestId('followup-milestone');
  await expect(milestone).toContainText('En cours');
  await expect(milestone).toContainText('Étude du tracé');
  await expect(milestone).toContainText('30 sept. 2099');
  if (process.env.E2E_SCREENSHOTS) await phonePage.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/followup-phone.png`, fullPage: true });

  // Done, on the console: the phone follows without a reload.
  await editor.getByTestId('followup-milestone-row-status').selectOption('done');
  await expect(milestone).toContainText('Faite');
  await expect(item.getByTestId('followup-progress')).toHaveText('(1 étape faite sur 1)');
  // Said aloud too, for a screen reader.
  await expect(phonePage.getByTestId('followup-announcer')).toHaveText('Du nouveau dans le suivi de P-001.');
  if (process.env.E2E_SCREENSHOTS) await consolePage.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/followup-console.png`, fullPage: true });

  // A dated update, published from the console, reaches the phone; corrected, the phone follows.
  await editor.getByTestId('followup-update-date').fill(TODAY);
  await editor.getByTestId('followup-update-text').fill('Étude lancée');
  await editor.getByTestId('followup-update-add').click();
  await expect(item.getByTestId('followup-update')).toHaveText(`${shortDay('fr-FR')} Étude lancée`);
  await editor.getByRole('button', { name: `Modifier la nouvelle du ${shortDay('fr-FR')}` }).click();
  await editor.getByTestId('followup-update').locator('textarea').fill('Étude lancée avec les associations');
  await editor.getByTestId('followup-update').locator('textarea').press('Tab');
  await editor.getByTestId('followup-update').getByRole('button', { name: 'Enregistrer' }).click();
  await expect(item.getByTestId('followup-update')).toHaveText(`${shortDay('fr-FR')} Étude lancée avec les associations`);

  // A milestone removed by mistake leaves the phone, and comes back as it was once restored.
  await editor.getByTestId('followup-milestone-remove').click();
  await expect(milestone).toHaveCount(0);
  await editor.getByText('Étapes retirées (rétablissables) (1)').click();
  await editor.getByTestId('followup-milestone-restore').click();
  await expect(milestone).toContainText('Faite');
  await expect(milestone).toContainText('Étude du tracé');

  // In English, the same page reads in English.
  await phonePage.getByTestId('language').click();
  await expect(item.getByTestId('followup-decision')).toHaveText(`Adopted with amendments, on ${shortDay('en-GB')}`);
  await expect(milestone).toContainText('Done');
  await phonePage.getByTestId('language').click();

  // The proposal is published and the convention archived: the phone is told it is over, and
  // where the follow-up stays public; the public page (no script) has the progress table.
  const organiser = await commander(server.url, server.facilitatorKey);
  await organiser.send('publication.set', { kind: 'proposal', id: proposalId, published: true });
  await organiser.send('convention.archive', { conventionId: view.conventionId });
  organiser.close();
  await expect(phonePage.getByTestId('seat-lost')).toBeVisible();
  await phonePage.getByTestId('archived-results-link').click();
  await expect(phonePage).toHaveURL(/\/r\/[A-Z0-9]+\?lang=fr$/);
  const progress = phonePage.getByTestId('public-followup');
  await expect(progress).toContainText('P-001 Pistes cyclables continues');
  await expect(progress).toContainText(`Adoptée avec modifications, le ${longDay('fr-FR')}`);
  await expect(progress).toContainText('Étapes faites\u00a0: 1 sur 1');
});
