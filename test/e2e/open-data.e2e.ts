import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fr } from '../../client/i18n/all.ts';
import { commander, type Commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { DATASETS } from '../../server/open-data/datasets.ts';

// Issue 13, item 3, from the console: the Séance tab's "Données ouvertes" card lists every
// open-data file with its size, follows the results (a vote closed while it is open grows
// votes.csv), and downloads each file as the server serves it: votes.csv with its BOM, its
// semicolons and the vote's title.

let server: ServerProcess;
test.afterEach(async () => server?.stop());

/** A vote counted on paper only (no phone needed), opened and closed: a result in votes.csv. */
async function closedVote(facilitator: Commander, title: string): Promise<void> {
  const view = await server.consoleView();
  const sessionId = view.liveSessionId!;
  const { proposalId } = await facilitator.send<{ proposalId: string }>('proposal.enter', { title, text: 'Texte ; voté sur papier.', leverId: view.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null });
  const { voteIds } = await facilitator.send<{ voteIds: string[] }>('vote.create', { sessionId, proposalIds: [proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false });
  await facilitator.send('vote.open', { voteIds });
  await facilitator.send('vote.paper', { voteId: voteIds[0], for: 7, against: 2, abstain: 1 });
  await facilitator.send('vote.close', { voteIds });
}

test('the console lists the open-data files with their sizes and downloads them', async ({ browser }) => {
  server = await startServerProcess();
  const facilitator = await commander(server.url, server.facilitatorKey);
  await closedVote(facilitator, 'Tarification « solidaire » ; de l’eau');

  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(server.consoleUrl);
  const card = page.getByTestId('open-data-card');
  await expect(card.getByRole('heading', { name: fr['console.openData.title'], exact: true })).toBeVisible();
  const buttons = card.getByTestId('open-data-download');
  // A CSV and a JSON per declared file.
  await expect(buttons).toHaveCount(DATASETS.length * 2);
  await expect(card.getByTestId('open-data-votes').getByRole('rowheader')).toHaveText(`${fr['console.openData.file.votes']} 1 ligne`);

  // Each button's size is the file's, as served.
  const headers = { authorization: `Bearer ${server.facilitatorKey}` };
  const votesButton = card.locator('[data-name="votes.csv"]');
  const served = async (name: string) => (await (await fetch(`${server.url}/api/open-data/${name}`, { headers })).arrayBuffer()).byteLength;
  await expect(votesButton).toHaveAttribute('data-bytes', String(await served('votes.csv')));
  await expect(votesButton).toContainText(/^CSV · [\d,]+ (ko|octets)$/);
  await expect(votesButton).toHaveAccessibleName(/^Télécharger votes\.csv \(/);

  // A second vote closed while the console is open: the list follows, without a click.
  const before = Number(await votesButton.getAttribute('data-bytes'));
  await closedVote(facilitator, 'Deuxième vote');
  await expect.poll(async () => Number(await votesButton.getAttribute('data-bytes'))).toBeGreaterThan(before);
  await expect(votesButton).toHaveAttribute('data-bytes', String(await served('votes.csv')));
  await expect(card.getByTestId('open-data-votes').getByTestId('open-data-rows')).toHaveText('2 lignes');
  // E2E_SCREENSHOTS=/some/dir keeps a picture of the card, on a laptop and on a phone's width.
  if (process.env.E2E_SCREENSHOTS) {
    await card.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'open-data-card.png') });
    await page.setViewportSize({ width: 390, height: 900 });
    await card.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'open-data-card-phone.png') });
  }

  // The download is the file as served: BOM, semicolons, CRLF, both votes.
  const [file] = await Promise.all([page.waitForEvent('download'), votesButton.click()]);
  expect(file.suggestedFilename()).toBe('votes.csv');
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  const lines = text.split('\r\n');
  expect(lines[0]!.split(';').slice(0, 3)).toEqual(['vote_id', 'session', 'session_date']);
  expect(text).toContain('"Tarification « solidaire » ; de l’eau"');
  // The demo's quorum (50) is not met by paper ballots alone: both say so.
  expect(lines.filter((l) => l.includes(';no_quorum;'))).toHaveLength(2);
  await expect(card.getByTestId('open-data-download-status')).toContainText(fr['console.export.done']);
  facilitator.close();
});
