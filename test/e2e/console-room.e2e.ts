import { expect, test, type Browser, type Page } from '@playwright/test';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 18's room audit of the facilitator's console at 1366x768 (a common laptop): a closed
// lever ranking says its tables are closed and folds the "new ranking" form; the tables section
// suggests a count from the roster and reports each table's balance on an attribute of the roster
// (the last deal's, and still after a reload); the vote queue shows a long proposal title by its
// beginning, not cut after twenty characters; in the
// English interface the organisers' French (a proposal's title, an agenda item) is marked lang="fr".
// The room is set up through a real facilitator socket; what is checked is the console's screen.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

const facilitator = () => commander(server.url, server.facilitatorKey);

async function openConsole(browser: Browser, section: string, locale: 'fr' | 'en' = 'fr'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: locale === 'fr' ? 'fr-FR' : 'en-GB' });
  await context.addInitScript((lang) => localStorage.setItem('convergence.locale', lang), locale);
  const page = await context.newPage();
  await page.goto(`${server.consoleUrl}#${section}`);
  return page;
}

const liveSession = (view: ConsoleView) => view.sessions.find((s) => s.id === view.liveSessionId)!;

test('a closed ranking shows its tables closed, and the new-ranking form waits behind a button', async ({ browser }) => {
  const view = await server.consoleView();
  const session = liveSession(view);
  const fac = await facilitator();
  await fac.send('presence.mark', { sessionId: session.id, memberIds: view.members.slice(0, 8).map((m) => m.id), present: true });
  await fac.send('tables.create', { sessionId: session.id, count: 2 });
  await fac.send('tables.assignRandom', { sessionId: session.id, balanceOn: null });

  const desk = await openConsole(browser, 'rankings');
  // No ranking yet: the form is open.
  await expect(desk.getByTestId('ranking-create-form')).toBeVisible();
  await desk.getByTestId('ranking-create-silent').uncheck();
  await desk.getByTestId('ranking-create').click();
  await expect(desk.getByTestId('ranking-card')).toHaveCount(1);
  // Now that the session has one, the form folds behind a button (and the focus lands on it).
  await expect(desk.getByTestId('ranking-create-form')).toHaveCount(0);
  await expect(desk.getByTestId('ranking-create-unfold')).toBeFocused();

  const seated = liveSession(await server.consoleView());
  const activityId = seated.rankings[0]!.id;
  await fac.send('ranking.open', { activityId });
  await expect(desk.getByTestId('ranking-table-status')).toHaveText([/En discussion/, /En discussion/]);
  await fac.send('ranking.lock', { activityId, tableId: seated.tables[0]!.id, locked: true });
  await fac.send('ranking.close', { activityId });

  await expect(desk.getByTestId('ranking-phase')).toHaveText(/clos/i);
  const statuses = desk.getByTestId('ranking-table-status');
  await expect(statuses).toHaveCount(2);
  await expect(statuses.nth(0)).toContainText('Validé par l’animation');
  await expect(statuses.nth(1)).toContainText('Clos sans validation');
  await expect(desk.getByTestId('ranking-card')).not.toContainText('En discussion');
  await expect(desk.getByRole('columnheader', { name: 'Ordre final' })).toBeVisible();

  // Still reachable: the button unfolds the form, its title field focused; Annuler folds it again.
  await desk.getByTestId('ranking-create-unfold').click();
  await expect(desk.getByTestId('ranking-create-title')).toBeFocused();
  await desk.getByTestId('ranking-create-fold').click();
  await expect(desk.getByTestId('ranking-create-form')).toHaveCount(0);
  await expect(desk.getByTestId('ranking-create-unfold')).toBeFocused();
});

test('tables: the count is suggested from the roster, and a balanced deal reports each table’s balance', async ({ browser }) => {
  const view = await server.consoleView();
  const session = liveSession(view);
  const active = view.members.filter((m) => m.active).length;

  const desk = await openConsole(browser, 'tables');
  // Nobody present yet: one table per six active members, not 1.
  await expect(desk.getByTestId('table-count')).toHaveValue(String(Math.ceil(active / 6)));

  // Twelve arrive, six women and six men: the suggestion follows the room.
  const women = view.members.filter((m) => m.attributes.gender === 'Femme').slice(0, 6);
  const men = view.members.filter((m) => m.attributes.gender === 'Homme').slice(0, 6);
  const fac = await facilitator();
  await fac.send('presence.mark', { sessionId: session.id, memberIds: [...women, ...men].map((m) => m.id), present: true });
  await expect(desk.getByTestId('table-count')).toHaveValue('2');

  await desk.getByTestId('create-tables').click();
  await expect(desk.getByTestId('table-card')).toHaveCount(2);
  // Tables, nobody seated yet: the balance card is there, each table with nobody.
  await expect(desk.getByTestId('table-balance')).toContainText('Équilibre des tables');
  await expect(desk.getByTestId('table-balance-row')).toHaveText([/Table 1 : personne/, /Table 2 : personne/]);
  await desk.getByTestId('balance-on').selectOption('gender');
  await desk.getByTestId('assign-random').click();

  const rows = desk.getByTestId('table-balance-row');
  await expect(rows).toHaveCount(2);
  // The card follows the deal's attribute.
  await expect(desk.getByTestId('table-balance-key')).toHaveValue('gender');
  await expect(rows.first()).toContainText('Femme');
  const lines = await rows.allTextContents();
  const counts = lines.map((line) => {
    const match = /^\s*(Table \d) : (\d+) Femme, (\d+) Homme\s*$/.exec(line);
    expect(match, line).not.toBeNull();
    return { women: Number(match![2]), men: Number(match![3]) };
  });
  expect(counts.reduce((sum, c) => sum + c.women, 0)).toBe(6);
  expect(counts.reduce((sum, c) => sum + c.men, 0)).toBe(6);
  for (const c of counts) expect(Math.abs(c.women - c.men)).toBeLessThanOrEqual(1);

  // After a reload the deal is forgotten by this console, the balance is not: the card is still
  // there (on the roster's first attribute), and on gender it gives the same lines.
  await desk.reload();
  await expect(desk.getByTestId('table-balance')).toBeVisible();
  await expect(desk.getByTestId('table-balance-key')).toHaveValue(view.attributeKeys[0]!);
  await expect(rows).toHaveCount(2);
  await desk.getByTestId('table-balance-key').selectOption('gender');
  await expect(rows).toHaveText(lines.map((line) => line.trim()));
});

test('the vote queue at 1366x768 shows at least the first 60 characters of a 120-character title', async ({ browser }) => {
  const view = await server.consoleView();
  const session = liveSession(view);
  const fac = await facilitator();
  const title = 'Créer un service public intercommunal de rénovation énergétique des logements avec accompagnement gratuit des ménages';
  const long = title.padEnd(120, '.').slice(0, 120);
  expect(long).toHaveLength(120);
  const { proposalId } = await fac.send<{ proposalId: string }>('proposal.enter', {
    title: long,
    text: 'Le texte complet de la proposition.',
    leverId: view.levers[0]!.id,
    channel: 'paper',
    reference: '',
    authorIds: [],
    receivedAt: null,
  });
  await fac.send('vote.create', { sessionId: session.id, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false });

  const desk = await openConsole(browser, 'votes');
  const titleEl = desk.getByTestId('vote-queue-item').first().locator('.q-title');
  await expect(titleEl).toContainText(long.slice(0, 60));
  // Visible, not only present: no sideways clipping, and the text up to character 60 lies inside
  // the title's box (a line clamp may hide the end, never the beginning).
  const fit = await titleEl.evaluate((el, start) => {
    const upTo = (el.textContent ?? '').indexOf(start) + start.length;
    const box = el.getBoundingClientRect();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0;
    let node: Node | null;
    let bottom = 0;
    let right = 0;
    while ((node = walker.nextNode())) {
      const text = node.textContent ?? '';
      const take = Math.min(text.length, upTo - seen);
      if (take <= 0) break;
      range.setStart(node, 0);
      range.setEnd(node, take);
      for (const rect of range.getClientRects()) {
        bottom = Math.max(bottom, rect.bottom);
        right = Math.max(right, rect.right);
      }
      seen += take;
    }
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, textBottom: bottom, boxBottom: box.bottom, textRight: right, boxRight: box.right };
  }, long.slice(0, 60));
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  expect(fit.textBottom).toBeLessThanOrEqual(fit.boxBottom + 0.5);
  expect(fit.textRight).toBeLessThanOrEqual(fit.boxRight + 0.5);
});

test('in English, the organisers’ French in the console is marked lang="fr"; in French it carries no lang of its own', async ({ browser }) => {
  const view = await server.consoleView();
  const session = liveSession(view);
  const fac = await facilitator();
  await fac.send('proposal.enter', {
    title: 'Tarification solidaire de l’eau',
    text: 'Les premiers mètres cubes gratuits.',
    leverId: view.levers[0]!.id,
    channel: 'paper',
    reference: '',
    authorIds: [],
    receivedAt: null,
  });
  if (session.agenda.length === 0) await fac.send('agenda.add', { sessionId: session.id, title: 'Travail en tables', kind: 'tables', durationMin: 30 });

  for (const locale of ['en', 'fr'] as const) {
    const desk = await openConsole(browser, 'proposals', locale);
    await expect(desk.locator('html')).toHaveAttribute('lang', locale);
    const proposal = desk.getByTestId('proposal-open').first();
    await expect(proposal).toContainText('Tarification solidaire');
    const agenda = async () => {
      await desk.getByTestId('tab-agenda').click();
      return desk.getByTestId('agenda-item-title').first();
    };
    if (locale === 'en') {
      await expect(proposal).toHaveAttribute('lang', 'fr');
      await expect(await agenda()).toHaveAttribute('lang', 'fr');
    } else {
      await expect(proposal).not.toHaveAttribute('lang', /.*/);
      await expect(await agenda()).not.toHaveAttribute('lang', /.*/);
    }
    await desk.context().close();
  }
});
