import { expect, test, type Page } from '@playwright/test';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { commander, joinWithSeat, phone, type Commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 5's scenarios with real phones and the projector. A plenary secret vote, from open to the
// projected result: three phones vote (one of them on a Wi-Fi that holds its ballot back for a
// while, "en attente d'envoi"), paper ballots are added, the projector shows participation only,
// then ADOPTÉE with the split and the paper ballots apart. Then a batch of 20 proposals voted on
// one phone, in one list, and counted once each on the server.
//
// The facilitator's commands go through a real facilitator socket (the console's vote screens are
// built elsewhere). E2E_SCREENSHOTS=/some/dir saves screenshots on the way.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

type Facilitator = Commander;

const facilitator = () => commander(server.url, server.facilitatorKey);


async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

async function enterProposal(fac: Facilitator, title: string, leverId: string): Promise<string> {
  const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', {
    title,
    text: `${title}. Le texte complet de la proposition, tel que la table l’a rédigé, avec ses motifs et ses modalités.`,
    leverId,
    channel: 'paper',
    reference: '',
    authorIds: [],
    receivedAt: null,
  });
  return proposalId;
}

function consoleVotes(view: ConsoleView) {
  return view.sessions.find((s) => s.id === view.liveSessionId)!.votes;
}

test('plenary secret vote: three phones vote, the projector shows participation, then the result', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const members = view.members.slice(0, 3);

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);

  const seats = [await phone(browser), await phone(browser, true), await phone(browser)];
  const phones = seats.map((s) => s.page);
  const [a, b, c] = phones as [Page, Page, Page];
  for (const [i, page] of phones.entries()) await joinWithSeat(page, joinUrl, members[i]!.seatCode, members[i]!.name);
  await expect(projector.getByTestId('present-count')).toHaveText('3');

  const fac = await facilitator();
  const title = 'Éteindre les enseignes lumineuses entre 23 h et 6 h';
  const proposalId = await enterProposal(fac, title, view.levers[1]!.id);
  const { voteIds } = await fac.send<{ voteIds: string[] }>('vote.create', { sessionId: session.id, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
  const voteId = voteIds[0]!;
  await fac.send('vote.configure', { voteId, secret: true, thresholdBp: 6000, basis: 'expressed', quorum: 2 });
  // Creating the vote puts its rules on the projector before it opens (issue 18).
  await expect(projector.getByTestId('panel-votes')).toBeVisible();
  await expect(projector.getByTestId('screen-vote-title')).toHaveText(title);
  await expect(projector.getByTestId('screen-vote-rule')).toHaveText('Seuil : 60 % des suffrages exprimés — quorum 2 présents — vote secret');
  await fac.send('vote.open', { voteIds: [voteId] });
  await expect(projector.getByTestId('panel-votes')).toBeVisible();

  // The projector: the proposal very large, the rule, participation and no counts.
  await expect(projector.getByTestId('screen-vote-title')).toHaveText(title);
  await expect(projector.getByTestId('screen-vote-rule')).toHaveText('Adoptée si Pour ≥ 60 % des suffrages exprimés — quorum 2 présents');
  await expect(projector.getByTestId('screen-vote-participation')).toContainText('0 votant sur 3 présents');

  // Every phone: the vote at the top, the rule in words, three big buttons.
  for (const page of phones) {
    const card = page.locator(`[data-testid="vote-card"][data-vote-id="${voteId}"]`);
    await expect(card).toContainText('P-001');
    await expect(card).toContainText(title);
    await expect(card.getByTestId('vote-rule')).toHaveText('Adoptée si Pour ≥ 60 % des suffrages exprimés');
    const box = await card.getByTestId('vote-for').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
  }
  await a.getByText('Lire le texte').click();
  await expect(a.getByTestId('vote-card')).toContainText('Le texte complet de la proposition');
  await shot(a, 'phone-vote-plenary');

  // A: a secret vote asks for a confirmation, then says "A voté ✓" and keeps the choice here only.
  await a.getByTestId('vote-for').click();
  await expect(a.getByTestId('vote-card')).toContainText('Vote secret : il ne pourra pas être modifié. Confirmer « Pour » ?');
  await shot(a, 'phone-vote-confirm');
  await a.getByTestId('vote-confirm').click();
  await expect(a.getByTestId('vote-done')).toContainText('A voté ✓');
  await expect(a.getByTestId('vote-done')).toContainText('Votre choix, gardé sur ce téléphone seulement : Pour');
  // Three voters, fewer than k: the ballot waits in the ballot box, cast, to be counted with the
  // others (at the close); nothing is "waiting to be sent" on the badge.
  await expect(a.getByTestId('vote-boxed')).toContainText('Dans l’urne : votre bulletin sera compté avec les suivants');
  await expect(a.getByTestId('connection')).not.toContainText('en attente');
  await expect(a.getByTestId('vote-for')).toHaveCount(0);
  await shot(a, 'phone-vote-done');
  await expect(projector.getByTestId('screen-vote-participation')).toContainText('1 votant sur 3 présents');

  // B: the ballot leaves in a Wi-Fi gap; it waits, said so, and goes when the network is back.
  seats[1]!.valve.hold();
  await b.getByTestId('vote-for').click();
  await b.getByTestId('vote-confirm').click();
  await expect(b.getByTestId('vote-pending')).toContainText('En attente d’envoi');
  await expect(b.getByTestId('connection')).toContainText('1 action(s) en attente d’envoi');
  await shot(b, 'phone-vote-pending');
  seats[1]!.valve.release();
  await expect(b.getByTestId('vote-done')).toContainText('A voté ✓');

  // C votes against, after changing its mind once on the confirmation.
  await c.getByTestId('vote-abstain').click();
  await c.getByTestId('vote-confirm-cancel').click();
  await c.getByTestId('vote-against').click();
  await expect(c.getByTestId('vote-card')).toContainText('Confirmer « Contre » ?');
  await c.getByTestId('vote-confirm').click();
  await expect(c.getByTestId('vote-done')).toContainText('A voté ✓');

  await expect(projector.getByTestId('screen-vote-participation')).toContainText('3 votants sur 3 présents');
  await expect(projector.getByTestId('screen-vote-split')).toHaveCount(0);
  await expect(projector.getByTestId('screen-vote-result')).toHaveCount(0);

  // A reload keeps A's reminder (the server never says what A chose).
  await a.reload();
  await expect(a.getByTestId('vote-done')).toContainText('Votre choix, gardé sur ce téléphone seulement : Pour');

  // Paper ballots are added by the facilitator before closing: counted apart on the projector.
  await fac.send('vote.paper', { voteId, for: 1, against: 0, abstain: 1 });
  await expect(projector.getByTestId('screen-vote-participation')).toContainText('+ 2 bulletin(s) papier');
  await shot(projector, 'projector-vote-open');

  await fac.send('vote.close', { voteIds: [voteId] });
  // The close counted the ballots in the box and acknowledged them: the phones say so no more.
  for (const page of phones) await expect(page.getByTestId('vote-boxed')).toHaveCount(0);
  // 3 for (2 phones + 1 paper), 1 against, 1 abstention: 3 / 4 expressed = 75 % ≥ 60 %.
  const verdict = projector.getByTestId('screen-vote-result');
  await expect(verdict).toContainText('ADOPTÉE');
  await expect(verdict).toHaveAttribute('data-adopted', 'true');
  await expect(projector.getByTestId('screen-vote')).toContainText('75 % Pour');
  const split = projector.getByTestId('screen-vote-split');
  await expect(split.locator('tr[data-choice="for"]')).toContainText('Pour');
  await expect(split.locator('tr[data-choice="for"] [data-testid="screen-vote-count"]')).toHaveText('3');
  await expect(split.locator('tr[data-choice="against"] [data-testid="screen-vote-count"]')).toHaveText('1');
  await expect(split.locator('tr[data-choice="abstain"] [data-testid="screen-vote-count"]')).toHaveText('1');
  await expect(projector.getByTestId('screen-vote-paper')).toHaveText('dont bulletins papier : Pour 1 · Contre 0 · Abstention 1');
  await expect(projector.getByTestId('screen-vote-quorum')).toContainText('Quorum atteint');
  await expect(projector.getByTestId('screen-vote')).toContainText('Vote clos à');
  await shot(projector, 'projector-vote-closed');

  for (const page of phones) {
    await expect(page.getByTestId('vote-result')).toContainText('Adoptée — 75 % Pour');
    await expect(page.getByTestId('vote-result')).toContainText('Pour 3');
  }
  await shot(a, 'phone-vote-result');
  fac.close();
});

test('a batch of 20 proposals voted on one phone, one list, each counted once', async ({ browser }) => {
  test.setTimeout(120_000);
  const view = await server.consoleView();
  const session = view.sessions.find((s) => s.id === view.liveSessionId)!;
  const joinUrl = `${server.url}/j/${session.code}`;
  const members = view.members.slice(0, 3);

  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(server.screenUrl);
  const phones = [(await phone(browser)).page, (await phone(browser)).page, (await phone(browser)).page];
  const [a] = phones as [Page, Page, Page];
  for (const [i, page] of phones.entries()) await joinWithSeat(page, joinUrl, members[i]!.seatCode, members[i]!.name);

  const fac = await facilitator();
  const topics = [
    'Zones à faibles émissions élargies',
    'Rénovation des logements sociaux',
    'Cantines bio et locales',
    'Covoiturage domicile-travail',
    'Plan vélo dans les villages',
    'Récupération de chaleur industrielle',
    'Toitures solaires publiques',
    'Compostage collectif',
    'Bus à haut niveau de service',
    'Arbres dans les cours d’école',
    'Réduction de l’éclairage public',
    'Achats publics responsables',
    'Réparation et réemploi',
    'Désimperméabilisation des sols',
    'Tarif social de l’eau',
    'Maraîchage en ceinture verte',
    'Covoiturage solidaire rural',
    'Chaufferies bois collectives',
    'Fret ferroviaire et fluvial',
    'Budget participatif climat',
  ];
  const proposalIds: string[] = [];
  for (const [i, topic] of topics.entries()) proposalIds.push(await enterProposal(fac, topic, view.levers[i % view.levers.length]!.id));
  const { voteIds } = await fac.send<{ voteIds: string[] }>('vote.create', { sessionId: session.id, proposalIds, secret: false, thresholdBp: 6000, basis: 'expressed', batch: true });
  expect(voteIds).toHaveLength(20);
  for (const voteId of voteIds) await fac.send('vote.configure', { voteId, secret: false, thresholdBp: 6000, basis: 'expressed', quorum: 0 });
  await fac.send('vote.open', { voteIds });

  // The projector: a grid of the 20, with participation in each.
  await expect(projector.getByTestId('panel-votes')).toBeVisible();
  await expect(projector.getByTestId('screen-vote-title')).toHaveCount(20);
  await expect(projector.getByTestId('screen-vote-participation')).toHaveCount(20);
  await expect(projector.getByTestId('screen-vote-participation').first()).toHaveText('0/3');

  // One phone, one list: 20 rows, each with its three choices, and the progress.
  const progress = a.getByTestId('vote-batch-progress');
  await expect(progress).toContainText('0 sur 20 votés');
  const cards = a.getByTestId('vote-card');
  await expect(cards).toHaveCount(20);
  await shot(a, 'phone-vote-batch');
  const choices = ['vote-for', 'vote-for', 'vote-against', 'vote-abstain'] as const;
  for (let i = 0; i < 20; i++) {
    const card = cards.nth(i);
    await card.getByTestId(choices[i % choices.length]!).click();
    await expect(card.getByTestId('vote-done')).toBeVisible();
  }
  await expect(progress).toContainText('20 sur 20 votés');
  await expect(a.getByTestId('vote-done')).toHaveCount(20);
  await expect(a.getByTestId('vote-todo')).toHaveCount(0);
  // A public vote can be changed until it closes: the first one becomes "Contre".
  await cards.nth(0).getByTestId('vote-against').click();
  await expect(cards.nth(0).getByTestId('vote-against')).toHaveAttribute('aria-pressed', 'true');
  await a.getByTestId('vote-batch-progress').scrollIntoViewIfNeeded();
  await cards.nth(6).scrollIntoViewIfNeeded();
  await shot(a, 'phone-vote-batch-done');

  // The server counted each once; the projector shows 1 voter in each cell.
  await expect.poll(async () => consoleVotes(await server.consoleView()).map((v) => v.voted)).toEqual(Array(20).fill(1));
  const tallies = consoleVotes(await server.consoleView());
  expect(tallies.find((v) => v.id === voteIds[0])!.tally).toEqual({ for: 0, against: 1, abstain: 0 });
  await expect(projector.getByTestId('screen-vote-participation').first()).toHaveText('1/3');
  await shot(projector, 'projector-vote-batch-open');

  await fac.send('vote.close', { voteIds });
  await expect(projector.getByTestId('screen-vote-result')).toHaveCount(20);
  // For: adopted (1 of 1 expressed); against: rejected; abstention only: not adopted (nothing expressed).
  await expect(projector.getByTestId('screen-vote-result').nth(1)).toHaveAttribute('data-adopted', 'true');
  await expect(projector.getByTestId('screen-vote-result').nth(0)).toHaveAttribute('data-adopted', 'false');
  await expect(projector.getByTestId('screen-vote-summary')).toContainText('Adoptées : 9 — non adoptées : 11');
  await shot(projector, 'projector-vote-batch-closed');
  await expect(a.getByTestId('vote-results-summary')).toContainText('Adoptées : 9 — non adoptées : 11');
  fac.close();
});
