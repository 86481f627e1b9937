import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { pino } from 'pino';
import { createApp, type App } from '../../server/app.ts';
import { newAccessKey } from '../../server/ids.ts';
import { seedBigConvention, type BigConventionFacts, type ExpectedVote } from '../helpers/big-convention.ts';

// Issue 13, item 1: the Council's dossier of a whole convention (300 proposals, 290 of them voted
// with consensus readings, grades and minority opinions, some with paper ballots) printed by
// Chromium to an A4 PDF, read back with pdftotext (Debian's poppler-utils): the totals and every
// voted proposal's numbers are there, each proposal's result on the page of its heading (no block
// cut across pages), and no page is blank. The convention is built in-process through the engine's
// commands (test/helpers/big-convention.ts) and served by the app with the built client.
// Set DOSSIER_SCREENS=<folder> to also save three printed pages as PNG (cover, proposals, annex).

let app: App;
let url = '';
let dataDir = '';
let facts: BigConventionFacts;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('pdftotext is missing: apt-get install poppler-utils (.ci/run installs it)');
  }
  dataDir = mkdtempSync(join(tmpdir(), 'convergence-dossier-'));
  app = createApp({ dataDir, publicUrl: 'http://127.0.0.1', clientDir: join(import.meta.dirname, '../../client/dist'), logger: pino({ level: 'silent' }) });
  url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  facts = await seedBigConvention(app.engine);
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A page's text as one line: every run of spaces, line breaks and (narrow) no-break spaces as one space. */
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
/** Numbers as the French dossier writes them ("21 098", "62,5 %"), flattened like the pages. */
const fr = (n: number) => flat(n.toLocaleString('fr-FR'));
const percentFr = (share: number) => flat(new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(share));

/** Prints the page to A4 PDF (as the print dialog would, with the page's own @page rules) and reads its text, page by page. */
async function printPages(page: Page, keep?: string, layout = true): Promise<{ pages: string[]; ms: number; file: string }> {
  const started = Date.now();
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  const ms = Date.now() - started;
  const file = keep ?? join(dataDir, `print-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // pdftotext ends every page with a form feed, the last one too. -layout keeps each table row
  // on one line (without it, cells come out in an order of their own); without it, a cell of
  // several lines (a name wrapped in a narrow column) comes out whole.
  const pages = text.split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return { pages, ms, file };
}

const dossierUrl = (query = '') => `${url}/dossier/${facts.facilitatorKey}${query}`;

/** The heading of a proposal's block, as pdftotext reads it: its reference and its title's first words. */
const heading = (vote: ExpectedVote) => `${vote.reference} ${vote.title.split(' ').slice(0, 3).join(' ')}`;

test('the dossier of 300 proposals prints to A4 with every vote where it belongs and no blank page', async ({ page }) => {
  test.setTimeout(180_000);
  expect(facts.proposals).toBeGreaterThanOrEqual(280);
  expect(facts.votes.length).toBeGreaterThanOrEqual(280);
  expect(facts.votes.filter((v) => v.paper.for + v.paper.against + v.paper.abstain > 0).length).toBeGreaterThan(20);
  expect(facts.opinions).toBeGreaterThan(50);

  await page.goto(dossierUrl());
  await expect(page.getByTestId('dossier')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('dossier-proposal')).toHaveCount(facts.proposals);
  const { pages: raw, ms, file } = await printPages(page, process.env.DOSSIER_SCREENS ? join(dataDir, 'dossier.pdf') : undefined);
  const pages = raw.map(flat);
  console.log(`dossier: ${facts.proposals} proposals (${facts.votes.length} voted), ${pages.length} A4 pages, PDF in ${ms} ms; convention built with ${facts.commands} commands in ${facts.ms} ms`);

  // No blank page anywhere (a forced break next to another, a block taller than the page…).
  pages.forEach((text, i) => expect(text, `page ${i + 1} is blank`).not.toBe(''));
  // Page numbers at the foot, from the second page on.
  expect(pages[1]).toContain(`2 / ${pages.length}`);
  expect(pages.at(-1)).toContain(`${pages.length} / ${pages.length}`);

  // The cover's key figures.
  const cover = ` ${pages[0]} `;
  for (const n of [facts.proposals, facts.votes.length, facts.adopted, facts.rejected]) expect(cover).toContain(` ${fr(n)} `);
  expect(cover).toContain('DOSSIER REMIS AU CONSEIL');

  // The process: attendance per session, the rule of the vote, the recount command.
  const story = pages.slice(1, 4).join(' ');
  for (const present of facts.present) expect(story).toContain(` ${fr(present)} `);
  expect(story).toContain('Adoptée si les voix Pour atteignent 60 % des suffrages exprimés');
  expect(story).toContain('npm run -s recount -- export.json');

  // The totals, counted by the builder on its own side.
  const totals = pages.find((p) => p.includes('En chiffres'))!;
  expect(totals).toContain(`Propositions déposées ${fr(facts.proposals)}`);
  expect(totals).toContain(`Soumises au vote ${fr(facts.votes.length)}`);
  expect(totals).toContain(`Adoptées ${fr(facts.adopted)}`);
  expect(totals).toContain(`Rejetées ${fr(facts.rejected)}`);
  expect(totals).toContain(`Bulletins exprimés (tous votes) ${fr(facts.ballots)}`);
  expect(totals).toContain(`dont bulletins papier ${fr(facts.paperBallots)}`);
  expect(totals).toContain(`Avis minoritaires ${fr(facts.opinions)}`);

  // Every voted proposal: its heading on exactly one page, and on that page its split (paper
  // apart), its result against the threshold, its turnout and its minority opinions.
  for (const vote of facts.votes) {
    const at = pages.flatMap((text, i) => (text.includes(heading(vote)) ? [i] : []));
    expect(at, `${vote.reference}'s heading`).toHaveLength(1);
    const text = pages[at[0]!]!;
    const paper = vote.paper.for + vote.paper.against + vote.paper.abstain;
    const tally = { for: vote.electronic.for + vote.paper.for, against: vote.electronic.against + vote.paper.against, abstain: vote.electronic.abstain + vote.paper.abstain };
    const cast = tally.for + tally.against + tally.abstain;
    expect(text, `${vote.reference}: total`).toContain(`Total ${fr(tally.for)} ${fr(tally.against)} ${fr(tally.abstain)} ${fr(cast)}`);
    if (paper > 0) expect(text, `${vote.reference}: paper`).toContain(`Papier ${fr(vote.paper.for)} ${fr(vote.paper.against)} ${fr(vote.paper.abstain)} ${fr(paper)}`);
    const share = tally.for + tally.against === 0 ? 0 : tally.for / (tally.for + tally.against);
    expect(text, `${vote.reference}: result`).toContain(`${vote.adopted ? 'ADOPTÉE' : 'REJETÉE'} : ${percentFr(share)} de Pour des exprimés`);
    expect(text, `${vote.reference}: turnout`).toContain(`Participation : ${fr(cast)} votants`);
    if (vote.opinions > 0) expect(text, `${vote.reference}: opinions`).toContain(vote.opinions === 1 ? '1 AVIS MINORITAIRE, ANONYME' : `${vote.opinions} AVIS MINORITAIRES, ANONYMES`);
  }

  // The annexes: the tables' ranking grid, the visions, the questions answered, the speed meeting's actors.
  const annexes = pages.slice(pages.findIndex((p) => p.startsWith('Annexes'))).join(' ');
  expect(annexes).toContain('Priorisation des 9 leviers');
  expect(annexes).toContain('Rang donné par chaque table');
  expect(annexes).toContain('Vision bas carbone 2050');
  expect(annexes).toContain('Questions aux intervenants, répondues');
  expect(annexes).toContain('Speed meeting : les acteurs rencontrés');

  const screens = process.env.DOSSIER_SCREENS;
  if (screens) {
    mkdirSync(screens, { recursive: true });
    const firstProposals = pages.findIndex((p) => p.includes('En chiffres')) + 2;
    const firstAnnex = pages.findIndex((p) => p.startsWith('Annexes')) + 1;
    for (const [name, at] of [['dossier-1-cover', 1], ['dossier-2-proposals', firstProposals], ['dossier-3-annex', firstAnnex]] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', '-f', String(at), '-l', String(at), file, join(screens, name)]);
    }
  }
});

test('the facilitator chooses the parts and the authors’ names; the choice stays in the address', async ({ page }) => {
  await page.goto(dossierUrl());
  await expect(page.getByTestId('dossier')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('dossier-part-proposals').uncheck();
  await page.getByTestId('dossier-part-speed').uncheck();
  await expect(page.getByTestId('dossier-proposals')).toHaveCount(0);
  await expect(page.getByTestId('dossier-speed')).toHaveCount(0);
  await expect(page.getByTestId('dossier-rankings')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('parts')).toBe('cover,process,strata,byStratum,shifts,rankings,visions,questions');

  // Reopened from its address: the same document, names left out.
  await page.goto(dossierUrl('?parts=proposals&names=0'));
  await expect(page.getByTestId('dossier-proposal')).toHaveCount(facts.proposals);
  await expect(page.getByTestId('dossier-cover')).toHaveCount(0);
  await expect(page.getByTestId('dossier-part-cover')).not.toBeChecked();
  await expect(page.getByTestId('dossier-names')).not.toBeChecked();
  const text = await page.getByTestId('dossier').innerText();
  const conv = app.engine.conventions.get(facts.conventionId)!;
  const authors = new Set(Object.values(conv.proposals).flatMap((p) => p.authorIds.map((id) => conv.members[id]!.name)));
  expect(authors.size).toBeGreaterThan(10);
  for (const name of authors) expect(text).not.toContain(name);
});

test('in English, the dossier says everything in English', async ({ page }) => {
  await page.goto(dossierUrl('?lang=en&parts=cover,process,proposals'));
  await expect(page.getByTestId('dossier')).toBeVisible({ timeout: 30_000 });
  const text = await page.getByTestId('dossier').innerText();
  for (const words of ['DOSSIER FOR THE COUNCIL', 'Key figures', 'The methods, in plain words', 'Adopted when the votes For reach 60% of the votes expressed', 'In figures', 'ADOPTED: ', 'REJECTED: ', 'Turnout: ']) expect(text).toContain(words);
  for (const words of ['Chiffres clés', 'Participation :', 'ADOPTÉE', 'Mention majoritaire']) expect(text).not.toContain(words);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('an empty convention’s dossier says so plainly', async ({ page }) => {
  const facilitator = newAccessKey();
  const created = await app.engine.command({ role: 'system', conventionId: '' }, 'convention.create', {
    name: 'Convention sans résultat',
    keys: { facilitator, projector: newAccessKey(), support: newAccessKey(), speaker: newAccessKey() },
  });
  expect(created.ok).toBe(true);
  await page.goto(`${url}/dossier/${facilitator}`);
  await expect(page.getByTestId('dossier-empty')).toContainText('Cette convention n’a encore rien à rapporter');
  await expect(page.getByTestId('dossier-proposals')).toHaveCount(0);
  const { pages } = await printPages(page);
  pages.forEach((text, i) => expect(flat(text), `page ${i + 1} is blank`).not.toBe(''));
  expect(flat(pages.join(' '))).toContain('Cette convention n’a encore rien à rapporter');

  // A wrong key gets no dossier, and says why.
  await page.goto(`${url}/dossier/not-a-key-at-all-1234`);
  await expect(page.getByTestId('dossier-error')).toContainText('AUTH_INVALID');
});

test('printing a console tab prints that tab, not a blank page', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${url}/console/${facts.facilitatorKey}#members`);
  await expect(page.getByTestId('panel-members')).toBeVisible({ timeout: 30_000 });
  const conv = app.engine.conventions.get(facts.conventionId)!;
  const someone = conv.members[conv.memberOrder[0]!]!.name;
  await expect(page.getByTestId('panel-members')).toContainText(someone);
  const { pages } = await printPages(page, undefined, false);
  const text = flat(pages.join(' '));
  // Word by word: pdftotext may wrap a name in the roster's narrow printed column and read the
  // rest of its row in between, so a whole name is not a reliable string of the text.
  const printed = (name: string) => name.split(/\s+/).every((word) => text.includes(word));
  expect(text).toContain(conv.name);
  expect(printed(someone), someone).toBe(true);
  // The last member of the roster too: the panel flows over several pages, not cut at one screen.
  const last = conv.members[conv.memberOrder.at(-1)!]!.name;
  expect(printed(last), last).toBe(true);
  expect(pages.length).toBeGreaterThan(1);
});
