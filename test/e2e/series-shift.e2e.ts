import { expect, test, type Page } from '@playwright/test';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 17, items 4 and 5: a question asked again, and the facilitator shows how the room moved
// on the projector. A poll is asked in session 1 (six phones answer from sockets, one phone in a
// browser); on its closed card the facilitator clicks "Reposer plus tard (nouvelle vague)", names
// the wave; in session 2 the phone reads that the question was asked before; once it is closed,
// the « Évolution des avis » tab shows the net shift and "Projeter l'évolution" (pressed from the
// keyboard) puts the waves side by side on the projector with the sentence, readable from the
// back; the Council's dossier has it too. A check wave asked after the one before closed says, on
// all three, why it has no table of moves. E2E_SCREENSHOTS=/some/dir saves screenshots.

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

/** A member's phone as a socket (POST /api/join, then the token), for the scripted answers. */
async function memberSocket(sessionCode: string, seatCode: string) {
  const response = await fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionCode, seatCode }) });
  const body = (await response.json()) as { data?: { token: string }; token?: string };
  const token = body.data?.token ?? body.token;
  if (!token) throw new Error(`join refused: ${JSON.stringify(body)}`);
  return commander(server.url, token);
}

test('the facilitator asks a poll again and shows the shift on the projector', async ({ browser }) => {
  test.setTimeout(150_000);
  const fac = await commander(server.url, server.facilitatorKey);
  let view = await server.consoleView();
  const [s1, s2] = view.sessions as [(typeof view.sessions)[number], (typeof view.sessions)[number]];
  const members = view.members.slice(0, 7);
  const sockets = await Promise.all(members.slice(1).map((m) => memberSocket(s1.code, m.seatCode)));
  const browserPhone = (await phone(browser)).page;
  await joinWithSeat(browserPhone, `${server.url}/j/${s1.code}`, members[0]!.seatCode, members[0]!.name);

  const { pollId } = await fac.send<{ pollId: string }>('poll.create', { sessionId: s1.id, agendaItemId: null, question: 'Faut-il une zone à faibles émissions ?', format: { kind: 'single', options: ['Pour', 'Contre'] }, live: false });
  await fac.send('poll.launch', { sessionId: s1.id, pollId });
  // Before the experts: 2 of 6 for (the browser's phone does not answer).
  const before = ['o1', 'o1', 'o2', 'o2', 'o2', 'o2'];
  await Promise.all(sockets.map((s, i) => s.send('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [before[i]] } })));
  await fac.send('poll.close', { pollId });

  // The console: on the closed poll's card, "Reposer plus tard (nouvelle vague)" in session 2.
  const consolePage = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#polls`);
  const card = consolePage.getByTestId('poll-card').filter({ hasText: 'Faut-il une zone à faibles émissions ?' });
  await card.getByTestId('series-ask-again-open').click();
  await expect(card.getByTestId('series-ask-again-session')).toHaveValue(s2.id);
  await card.getByTestId('series-ask-again-label').fill('Après les experts');
  await card.getByTestId('series-ask-again-submit').click();
  await expect(card.getByTestId('series-ask-again-status')).toContainText('Vague préparée');

  view = await server.consoleView();
  const series = view.series[0]!;
  const second = series.waves[1]!.activityId;
  expect(series.waves.map((w) => w.label)).toEqual(['', 'Après les experts']);

  // Session 2: the wave is an ordinary poll; the phone says it was asked before.
  await fac.send('session.close', { sessionId: s1.id });
  await fac.send('session.open', { sessionId: s2.id });
  await fac.send('poll.launch', { sessionId: s2.id, pollId: second });
  await expect(browserPhone.getByTestId('poll-question')).toHaveText('Faut-il une zone à faibles émissions ?');
  await expect(browserPhone.getByTestId('wave-asked')).toContainText('Cette question a déjà été posée le');
  await expect(browserPhone.getByTestId('wave-asked')).toContainText('vous pouvez changer d’avis');
  await shot(browserPhone, 'phone-wave-asked');
  // After the experts: 5 of 6 for.
  const after = ['o1', 'o1', 'o1', 'o1', 'o1', 'o2'];
  await Promise.all(sockets.map((s, i) => s.send('poll.answer', { pollId: second, answer: { kind: 'choices', optionIds: [after[i]] } })));
  await fac.send('poll.close', { pollId: second });

  // « Évolution des avis »: the net shift in words; the button from the keyboard.
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await consolePage.getByTestId('tab-series').click();
  await expect(consolePage.getByTestId('panel-series')).toBeVisible();
  const seriesCard = consolePage.getByTestId('series-card');
  // 2/6 then 5/6: +50 points for "Pour", from session 1 (named by its title) to "Après les experts".
  await expect(seriesCard.getByTestId('series-sentence')).toHaveText(`+50 points pour « Pour » entre ${s1.title} et Après les experts`);
  await expect(seriesCard.getByTestId('series-privacy')).toBeVisible();
  await seriesCard.getByTestId('series-show').focus();
  await consolePage.keyboard.press('Enter');
  await expect(seriesCard.getByTestId('series-on-screen')).toBeVisible();
  await shot(consolePage, 'console-series');

  // The projector: the sentence, large, and the waves side by side with their numbers.
  await expect(projector.getByTestId('panel-shift')).toBeVisible();
  const sentence = projector.getByTestId('screen-shift-sentence');
  await expect(sentence).toHaveText(`+50 points pour « Pour » entre ${s1.title} et Après les experts`);
  const heads = projector.getByTestId('shift-wave-head');
  await expect(heads).toHaveCount(2);
  await expect(heads.nth(1)).toContainText('Après les experts');
  const pour = projector.getByTestId('shift-row').filter({ hasText: 'Pour' }).first();
  await expect(pour.getByTestId('shift-cell')).toHaveText(['33 % (2)', '83 % (5)'].map((s) => s.replace(' ', '\u00a0')));
  await expect(pour.getByTestId('shift-move')).toHaveText('+50 pts');
  // Readable from the back: the sentence is at least 3 % of the frame's width tall.
  const size = await sentence.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(1920 * 0.03);
  await shot(projector, 'projector-shift');

  // The Council's dossier has the section, with the same sentence and the waves side by side.
  const dossier = await (await browser.newContext()).newPage();
  await dossier.goto(`${server.url}/dossier/${server.facilitatorKey}?parts=shifts`);
  await expect(dossier.getByTestId('dossier-shifts')).toBeVisible();
  await expect(dossier.getByTestId('dossier-series-sentence')).toHaveText(`+50 points pour « Pour » entre ${s1.title} et Après les experts`);
  await expect(dossier.getByTestId('dossier-shifts').getByTestId('shift-move').first()).toHaveText('+50 pts');

  for (const s of sockets) s.close();
  fac.close();
});

test('a check wave asked after the one before closed says why it has no table of moves', async ({ browser }) => {
  test.setTimeout(120_000);
  const fac = await commander(server.url, server.facilitatorKey);
  const view = await server.consoleView();
  const [s1, s2] = view.sessions as [(typeof view.sessions)[number], (typeof view.sessions)[number]];
  const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', { title: 'Zone à faibles émissions', text: 'Dès 2027.', leverId: view.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null });
  const { checkId: first } = await fac.send<{ checkId: string }>('consensus.create', { sessionId: s1.id, title: 'ZFE', proposalIds: [proposalId], mode: 'batch', levels: null, allowUnsure: false, live: false });
  // Prepared and counted before the first opens: the step 1 → 2 has its table.
  const { seriesId, activityId: second } = await fac.send<{ seriesId: string; activityId: string }>('series.askAgain', { kind: 'check', id: first, sessionId: s2.id, label: 'Après les experts' });
  await fac.send('series.setTransitions', { seriesId, enabled: true });
  await fac.send('consensus.open', { checkId: first });
  await fac.send('consensus.close', { checkId: first });
  await fac.send('session.close', { sessionId: s1.id });
  await fac.send('session.open', { sessionId: s2.id });
  await fac.send('consensus.open', { checkId: second });
  await fac.send('consensus.close', { checkId: second });
  // Asked after the second closed: phones had dropped their answers to it.
  const { activityId: third } = await fac.send<{ activityId: string }>('series.askAgain', { kind: 'check', id: second, sessionId: s2.id, label: 'En fin de journée' });
  await fac.send('consensus.open', { checkId: third });
  await fac.send('consensus.close', { checkId: third });
  const why = 'Pas de tableau des passages de Après les experts à En fin de journée : les téléphones n’avaient pas gardé les réponses de Après les experts';

  const consolePage = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await consolePage.goto(`${server.consoleUrl}#polls`);
  await consolePage.getByTestId('tab-series').click();
  await expect(consolePage.getByTestId('series-untracked')).toContainText(why);
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  await fac.send('series.show', { seriesId });
  await expect(projector.getByTestId('screen-shift-untracked')).toContainText(why);
  const dossier = await (await browser.newContext()).newPage();
  await dossier.goto(`${server.url}/dossier/${server.facilitatorKey}?parts=shifts`);
  await expect(dossier.getByTestId('dossier-series-untracked')).toContainText(why);
  fac.close();
});
