import { expect, test, type Browser, type Page } from '@playwright/test';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { commander, joinWithSeat, phone } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 4's scenario with real phones: a member writes a proposal on the phone (hints before
// sending), the support group annotates it (through a real support socket), another member of
// the same table edits it and reads the annotation in words; the first phone, still showing the
// old version, saves an edit and is shown both texts instead of overwriting. Then the list of
// all proposals is filtered, and a draft is written between two sessions.
//
// E2E_SCREENSHOTS=/some/dir saves screenshots of the phone on the way.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

const connect = (token: string) => commander(server.url, token);

/** A phone in its own browser context (no valve needed here). */
const newPhone = async (browser: Browser): Promise<Page> => (await phone(browser)).page;


async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

const item = (scope: ReturnType<Page['getByTestId']>, proposalId: string) => scope.locator(`[data-testid="proposal-item"][data-proposal-id="${proposalId}"]`);

function proposalOf(view: ConsoleView, number: number) {
  const found = view.proposals.find((p) => p.number === number);
  if (!found) throw new Error(`no proposal ${number}`);
  return found;
}

test('a proposal from a phone: annotated by the support group, edited by the table, a stale edit shows both texts', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const [memberA, memberB] = view.members as [ConsoleView['members'][number], ConsoleView['members'][number]];
  const lever = view.levers[2]!;

  const a = await newPhone(browser);
  const b = await newPhone(browser);
  await joinWithSeat(a, joinUrl, memberA.seatCode, memberA.name);
  await joinWithSeat(b, joinUrl, memberB.seatCode, memberB.name);

  // Both at the same table: what one writes there, the other may edit.
  const fac = await connect(server.facilitatorKey);
  await fac.send('tables.create', { sessionId: session.id, count: 1 });
  await fac.send('tables.assignRandom', { sessionId: session.id, balanceOn: null });
  for (const page of [a, b]) await expect(page.getByTestId('table-name')).toHaveText('Table 1');

  // 1. A writes a proposal. Sending an empty form says what is missing, next to each field.
  await a.getByTestId('nav-proposals').click();
  await expect(a.getByTestId('nav-proposals')).toHaveAttribute('aria-current', 'page');
  await expect(a.getByTestId('my-proposals')).toContainText('Vous n’avez pas encore écrit de proposition.');
  await a.getByTestId('proposal-new').click();
  await a.getByTestId('proposal-submit').click();
  const errors = a.getByTestId('proposal-field-error');
  await expect(errors).toHaveCount(3);
  await expect(errors.nth(0)).toHaveText('Indiquez un titre.');
  await expect(errors.nth(1)).toHaveText('Écrivez le texte de la proposition.');
  await expect(errors.nth(2)).toHaveText('Choisissez le levier auquel se rattache la proposition.');
  await expect(a.getByTestId('proposal-title')).toBeFocused();
  // Too long is said as it is typed, with the counter.
  await a.getByTestId('proposal-text').fill('x'.repeat(5010));
  await expect(a.getByTestId('proposal-text-count')).toHaveText('5 010 / 5 000');
  await expect(a.locator('[data-testid="proposal-field-error"][data-field="text"]')).toHaveText('Trop long : 5 000 caractères au plus (10 en trop).');
  await a.getByTestId('proposal-title').fill('Pistes cyclables sécurisées');
  const textA1 = 'Créer un réseau de pistes cyclables séparées de la circulation, reliant chaque commune au centre.';
  await a.getByTestId('proposal-text').fill(textA1);
  await a.getByTestId('proposal-lever').selectOption(lever.id);
  await expect(a.getByTestId('proposal-field-error')).toHaveCount(0);
  await shot(a, 'phone-proposal-new');
  await a.getByTestId('proposal-submit').click();
  await expect(a.getByTestId('proposal-flash')).toContainText('Proposition P-001 déposée.');
  await expect(a.getByTestId('my-proposals').getByTestId('proposal-item')).toHaveCount(1);
  await shot(a, 'phone-proposals-overview');

  const proposal = proposalOf(await server.consoleView(), 1);
  expect(proposal).toMatchObject({ title: 'Pistes cyclables sécurisées', text: textA1, leverId: lever.id, status: 'submitted', version: 1 });
  const mine = item(a.getByTestId('my-proposals'), proposal.id);
  await expect(mine).toContainText('P-001');
  await expect(mine).toContainText('Déposée');
  await expect(mine).toContainText('pas encore annotée');

  // 2. The support group annotates it, with its key (the console's support link).
  const supportKey = view.links.support.split('/').at(-1)!;
  const support = await connect(supportKey);
  await support.send('proposal.annotate', {
    proposalId: proposal.id,
    ecological: { score: 3, comment: 'Report modal de la voiture vers le vélo sur les trajets courts.' },
    financial: { score: 2, comment: 'Environ 600 k€ par an pendant cinq ans.' },
    economic: { score: 1, comment: 'Emplois dans la réparation de vélos.' },
    competence: { value: 'partagee', note: 'Voirie métropolitaine et routes départementales.' },
  });
  await expect(mine).toContainText('annotée');
  await expect(mine).not.toContainText('pas encore annotée');

  // A opens the edit form now (version 1) and leaves it open.
  await mine.getByTestId('proposal-edit').click();
  await expect(a.getByTestId('proposal-title')).toHaveValue('Pistes cyclables sécurisées');
  await expect(a.getByTestId('proposal-text')).toHaveValue(textA1);
  await expect(a.getByTestId('proposal-lever')).toHaveValue(lever.id);
  await expect(a.getByTestId('proposal-annotation')).toContainText('fort');

  // 3. B, at the same table, finds it under "Propositions de ma table", reads it, edits it.
  await b.getByTestId('nav-proposals').click();
  const ofTable = item(b.getByTestId('table-proposals'), proposal.id);
  await expect(ofTable).toContainText('Pistes cyclables sécurisées');
  await ofTable.locator('a').first().click();
  await expect(b.getByTestId('proposal-detail-text')).toHaveText(textA1);
  const annotation = b.getByTestId('proposal-annotation');
  await expect(annotation).toContainText('Effet écologique');
  await expect(annotation).toContainText('fort');
  await expect(annotation).toContainText('de 100 k€ à 1 M€');
  await expect(annotation).toContainText('positif');
  await expect(annotation).toContainText('partagée');
  await expect(annotation).toContainText('Voirie métropolitaine');
  await shot(b, 'phone-proposal-detail');
  await b.getByTestId('proposal-edit').click();
  await expect(b.getByTestId('proposal-text')).toHaveValue(textA1);
  await expect(b.getByTestId('proposal-annotation')).toContainText('partagée');
  const textB = `${textA1} Avec des arceaux de stationnement à chaque arrêt de tram.`;
  await b.getByTestId('proposal-text').fill(textB);
  await shot(b, 'phone-proposal-edit');
  await b.getByTestId('proposal-submit').click();
  await expect(b.getByTestId('proposal-flash')).toContainText('Nouvelle version de P-001 enregistrée.');
  await expect(b.getByTestId('proposal-detail-text')).toHaveText(textB);
  expect(proposalOf(await server.consoleView(), 1)).toMatchObject({ text: textB, version: 2 });

  // 4. A, still on version 1, saves its own change: refused, and both texts are shown.
  await expect(a.getByTestId('proposal-stale')).toContainText('version 2');
  const textA2 = `${textA1} Priorité aux abords des écoles.`;
  await a.getByTestId('proposal-text').fill(textA2);
  await a.getByTestId('proposal-submit').click();
  const conflict = a.getByTestId('proposal-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText(
    'Quelqu’un a modifié cette proposition en même temps. Voici la version actuelle ; votre texte est conservé ci-dessous pour que vous puissiez le reprendre.',
  );
  await expect(a.getByTestId('proposal-conflict-current')).toContainText(textB);
  await expect(a.getByTestId('proposal-text')).toHaveValue(textA2);
  expect(proposalOf(await server.consoleView(), 1)).toMatchObject({ text: textB, version: 2 });
  await shot(a, 'phone-proposal-conflict');
  await a.getByTestId('proposal-conflict').scrollIntoViewIfNeeded();
  await shot(a, 'phone-proposal-conflict-top');

  // Starting again from the current version keeps A's text in view, to copy from.
  await a.getByTestId('proposal-conflict-take').click();
  await expect(a.getByTestId('proposal-text')).toHaveValue(textB);
  await expect(a.getByTestId('proposal-conflict-mine').locator('textarea')).toHaveValue(textA2);
  const merged = `${textB} Priorité aux abords des écoles.`;
  await a.getByTestId('proposal-text').fill(merged);
  await a.getByTestId('proposal-submit').click();
  await expect(a.getByTestId('proposal-flash')).toContainText('Nouvelle version de P-001 enregistrée.');
  expect(proposalOf(await server.consoleView(), 1)).toMatchObject({ text: merged, version: 3 });
  await expect(b.getByTestId('proposal-detail-text')).toHaveText(merged);

  // 5. All proposals: filtered at once by lever, status and words (accents and case aside).
  const others = view.levers[4]!;
  for (const [title, leverId] of [
    ['Cantines bio dans les écoles', others.id],
    ['Rénovation thermique des ÉCOLES', lever.id],
    ['Covoiturage domicile-travail', others.id],
  ] as const) {
    await fac.send('proposal.enter', { title, text: `${title}. Texte reçu par courrier.`, leverId, channel: 'mail', reference: 'C-1', authorIds: [], receivedAt: null });
  }
  await b.getByTestId('proposals-back').click();
  const count = b.getByTestId('proposals-count');
  await expect(count).toHaveText('4 propositions');
  await b.getByTestId('proposals-search').fill('ecole');
  await expect(count).toHaveText('3 propositions sur 4'); // "écoles" is in A's text too
  await b.getByTestId('proposals-filter-lever').selectOption(others.id);
  await expect(count).toHaveText('1 proposition sur 4');
  await expect(b.getByTestId('all-proposals').getByTestId('proposal-item')).toContainText('Cantines bio');
  await b.getByTestId('proposals-filter-lever').selectOption('');
  await b.getByTestId('proposals-search').fill('P-00');
  await expect(count).toHaveText('4 propositions sur 4');
  await b.getByTestId('proposals-search').fill('p3');
  await expect(count).toHaveText('1 proposition sur 4');
  await expect(b.getByTestId('all-proposals').getByTestId('proposal-item')).toContainText('Rénovation thermique');
  await b.getByTestId('proposals-search').fill('');
  await b.getByTestId('proposals-filter-status').selectOption('submitted');
  await expect(count).toHaveText('4 propositions sur 4');
  await b.getByTestId('proposals-filter-status').selectOption('adopted');
  await expect(count).toHaveText('0 proposition sur 4');
  await b.getByTestId('proposals-filter-status').selectOption('');
  await b.getByTestId('proposals-search').fill('velo');
  await expect(count).toHaveText('0 proposition sur 4');
  await b.getByTestId('proposals-search').fill('cyclables');
  await expect(count).toHaveText('1 proposition sur 4');
  // Tapping opens it; Back comes to the list as it was.
  await b.getByTestId('all-proposals').getByTestId('proposal-item').locator('a').click();
  await expect(b.getByTestId('proposals-page')).toContainText('P-001');
  await expect(b.getByTestId('proposals-page').locator('h1')).toHaveText('Pistes cyclables sécurisées');
  await b.goBack();
  await expect(b.getByTestId('proposals-search')).toHaveValue('cyclables');
  await expect(count).toHaveText('1 proposition sur 4');
  await b.getByTestId('proposals-search').fill('');
  await b.getByTestId('all-proposals-section').scrollIntoViewIfNeeded();
  await shot(b, 'phone-proposals-list');

  support.close();
  fac.close();
});

test('between sessions the join link still opens the proposals: a draft is saved, then deposited', async ({ browser }) => {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const member = view.members[5]!;
  const a = await newPhone(browser);
  await joinWithSeat(a, joinUrl, member.seatCode, member.name);

  const fac = await connect(server.facilitatorKey);
  await fac.send('session.close', { sessionId: session.id });
  await expect(a.getByTestId('no-session')).toBeVisible();

  // A reload between sessions keeps the seat and the page.
  await a.getByTestId('nav-proposals').click();
  await a.getByTestId('proposal-new').click();
  await a.getByTestId('proposal-title').fill('Une navette électrique le dimanche');
  await a.getByTestId('proposal-text').fill('Relier les villages au marché le dimanche matin.');
  await a.getByTestId('proposal-lever').selectOption(view.levers[0]!.id);
  // What is typed survives a reload before it is sent.
  await a.reload();
  await expect(a.getByTestId('proposal-title')).toHaveValue('Une navette électrique le dimanche');
  await a.getByTestId('proposal-save-draft').click();
  await expect(a.getByTestId('proposal-flash')).toContainText('Brouillon P-001 enregistré.');

  const draft = a.getByTestId('my-proposals').getByTestId('proposal-item');
  await expect(draft).toContainText('Brouillon');
  // Drafts are private: the console only counts them.
  const before = await server.consoleView();
  expect(before.proposals).toHaveLength(0);
  expect(before.draftCount).toBe(1);

  await draft.getByTestId('proposal-deposit').click();
  await expect(a.getByTestId('proposal-flash')).toContainText('Proposition P-001 déposée.');
  await expect(draft).toContainText('Déposée');
  expect(proposalOf(await server.consoleView(), 1)).toMatchObject({ status: 'submitted', tableId: null });
  fac.close();
});

test('the facilitator merges the wrong pair of proposals, then undoes it from the console; the phone follows', async ({ browser }) => {
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const member = view.members[7]!;
  const a = await newPhone(browser);
  await joinWithSeat(a, `${server.url}/j/${session.code}`, member.seatCode, member.name);
  const fac = await connect(server.facilitatorKey);
  const lever = view.levers[2]!.id;
  const { proposalId: keptId } = await fac.send<{ proposalId: string }>('proposal.enter', { title: 'Des bus le soir', text: 'Le dernier bus part à 20 h.', leverId: lever, channel: 'mail', reference: 'C-101', authorIds: [], receivedAt: '2022-06-14' });
  const { proposalId: wrongId } = await fac.send<{ proposalId: string }>('proposal.enter', { title: 'Des jardins partagés', text: 'Un jardin par quartier.', leverId: lever, channel: 'paper', reference: 'F-7', authorIds: [member.id], receivedAt: '2022-06-15' });
  // The wrong pair merged (the gardens into the buses): the member's phone says it was merged.
  await fac.send('proposal.merge', { sourceId: wrongId, targetId: keptId });
  await a.getByTestId('nav-proposals').click();
  const mine = item(a.getByTestId('my-proposals'), wrongId);
  await expect(mine).toHaveAttribute('data-status', 'merged');
  await expect(mine.getByTestId('proposal-status')).toHaveText('Fusionnée');

  const desk = await browser.newPage();
  await desk.goto(`${server.consoleUrl}#proposals`);
  const row = desk.locator(`[data-testid="proposal-row"][data-proposal-id="${wrongId}"]`);
  await expect(row).toHaveAttribute('data-status', 'merged');
  await row.getByTestId('proposal-open').click();
  const detail = desk.getByTestId('proposal-detail');
  await expect(detail.getByTestId('proposal-merged-into')).toContainText('P-001');
  // Asked first, inline; confirmed with the keyboard.
  await detail.getByTestId('proposal-unmerge').click();
  await expect(detail.getByTestId('proposal-unmerge-ask')).toContainText('P-002 redeviendra une proposition distincte');
  await desk.keyboard.press('Enter');
  await expect(detail.getByTestId('proposal-unmerge-status')).toContainText('Fusion annulée');
  await expect(detail.getByTestId('proposal-merged-into')).toHaveCount(0);
  await expect(row).toHaveAttribute('data-status', 'submitted');
  await expect(detail.getByTestId('proposal-history')).toContainText('Fusion dans P-001 annulée');
  // The kept one gave back the paper origin and the member.
  const kept = proposalOf(await server.consoleView(), 1);
  expect(kept.mergedFrom).toEqual([]);
  expect(kept.authors).toEqual([]);
  expect(kept.channels).toEqual(['mail']);
  // The member's phone shows its proposal on its own again.
  await expect(mine).toHaveAttribute('data-status', 'submitted');
  await expect(mine.getByTestId('proposal-status')).toHaveText('Déposée');
  await expect(mine).toContainText('Des jardins partagés');
  fac.close();
});
