import type { PublicCheck, PublicGrading, PublicPoll, PublicProposal, PublicRanking, PublicResults, PublicVote } from '../../shared/features/publishing/views.ts';
import { nothingPublished } from '../../shared/features/publishing/views.ts';
import { voteOutcome, type VoteOutcome } from '../../shared/features/votes/outcome.ts';
import { PAGE_STYLE } from './page-style.ts';
import type { PublicKey, Words } from './words.ts';

// The public results page as HTML, from the published results only (publicResults,
// shared/features/publishing/views.ts): the server sends it at /r/<code> and the static export
// writes it to index.html. No script; every link relative, so the same page works served or
// opened from a folder.

export interface PageLinks {
  /** The same page in the other language. */
  otherLang: string;
  /** Open-data files, relative to the page. */
  downloads: { href: string; name: string }[];
}

/**
 * A section another feature adds to the page (the follow-up's progress table, issue 13 item 5):
 * its anchor, its title and its HTML (escaped by its renderer). Placed after the proposals.
 */
export interface ExtraSection {
  id: string;
  title: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A table cell that names its column: on a phone the table's rows become blocks and each cell
 * shows its column's name beside its value (page-style.ts, table.stack). `lead`: the row's
 * first cell (what the row is about), shown on its own line.
 */
function cell(label: string, html: string, kind: 'lead' | 'num' | '' = ''): string {
  return `<td${kind ? ` class="${kind}"` : ''} data-label="${escapeHtml(label)}"><span>${html}</span></td>`;
}

const reference = (n: number) => `P-${String(n).padStart(3, '0')}`;
const anchor = (n: number) => `p-${String(n).padStart(3, '0')}`;

function proposalLink(p: { number: number; title: string } | null, linked: Set<number>): string {
  if (!p) return '—';
  const label = `${reference(p.number)} ${escapeHtml(p.title)}`;
  return linked.has(p.number) ? `<a href="#${anchor(p.number)}">${label}</a>` : label;
}

const VERDICT: Record<VoteOutcome, PublicKey> = { adopted: 'public.vote.adopted', rejected: 'public.vote.rejected', no_quorum: 'public.vote.noQuorum' };

/** The verdict as the projector said it (voteOutcome, shared with it and the open data). */
const voteResult = (v: PublicVote, w: Words): string => w.t(VERDICT[voteOutcome(v)]);

function voteLine(v: PublicVote, w: Words): string {
  return w.t('public.vote.line', {
    round: w.t('public.vote.round', { round: v.round }),
    result: voteResult(v, w),
    for: w.number(v.tally.for),
    forShare: w.number(v.split.for, 1),
    against: w.number(v.tally.against),
    againstShare: w.number(v.split.against, 1),
    abstain: w.number(v.tally.abstain),
    abstainShare: w.number(v.split.abstain, 1),
  });
}

const percent = (share: number, w: Words) => w.number(Math.round(share * 1000) / 10, 1);

function proposalArticle(p: PublicProposal, w: Words): string {
  const results = [
    ...p.votes.map((v) => `<li>${escapeHtml(voteLine(v, w))}</li>`),
    ...p.readings.map((r) => `<li>${escapeHtml(w.t('public.consensus.line', { check: r.check, marker: w.t(`public.marker.${r.marker}` as PublicKey), agree: percent(r.agree, w), disagree: percent(r.disagree, w) }))}</li>`),
    ...p.grades.map((g) => `<li>${escapeHtml(w.t('public.grading.line', { grading: g.grading, median: g.median ?? w.t('public.grading.none'), rank: g.rank }))}</li>`),
  ];
  const meta = [p.lever ? w.t('public.proposal.lever', { lever: p.lever }) : null, w.t('public.proposal.status', { status: w.t(`public.status.${p.status}` as PublicKey) })].filter(Boolean).map((s) => escapeHtml(s!));
  return `<article id="${anchor(p.number)}">
<h3>${reference(p.number)} ${escapeHtml(p.title)}</h3>
<p class="meta">${meta.join(' · ')}</p>
<p class="text">${escapeHtml(p.text)}</p>
${results.length > 0 ? `<ul class="results">${results.join('')}</ul>` : ''}
</article>`;
}

function votesTable(votes: PublicVote[], w: Words, linked: Set<number>): string {
  const [proposal, yes, no, abstain, result] = [w.t('public.vote.proposal'), w.t('public.vote.for'), w.t('public.vote.against'), w.t('public.vote.abstain'), w.t('public.vote.result')];
  const rows = votes.map((v) => {
    const count = (label: string, n: number, share: number) => cell(label, `${w.number(n)} <span class="meta">(${escapeHtml(w.number(share, 1))}\u00a0%)</span>`, 'num');
    const rule = `${w.t('public.vote.rule', { threshold: w.number(v.thresholdBp / 100, 2), basis: w.t(`public.vote.basis.${v.basis}` as PublicKey) })}${v.quorumMet ? '' : ` · ${w.t('public.vote.quorumMissed')}`}`;
    return `<tr>${cell(proposal, `${proposalLink(v.proposal, linked)}<br><span class="meta">${escapeHtml(w.t('public.vote.round', { round: v.round }))} · ${escapeHtml(w.date(v.closedAt))}</span>`, 'lead')}${count(yes, v.tally.for, v.split.for)}${count(no, v.tally.against, v.split.against)}${count(abstain, v.tally.abstain, v.split.abstain)}${cell(result, `<span class="result">${escapeHtml(voteResult(v, w))}</span><br><span class="meta">${escapeHtml(rule)}</span>`)}</tr>`;
  });
  return `<p class="caption">${escapeHtml(w.t('public.vote.caption'))}</p>
<div class="scroll"><table class="stack"><thead><tr><th scope="col">${escapeHtml(proposal)}</th><th scope="col" class="num">${escapeHtml(yes)}</th><th scope="col" class="num">${escapeHtml(no)}</th><th scope="col" class="num">${escapeHtml(abstain)}</th><th scope="col">${escapeHtml(result)}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function checkBlock(c: PublicCheck, w: Words, linked: Set<number>): string {
  const levels = [...c.levels, w.t('public.consensus.unsure')];
  const [proposal, marker] = [w.t('public.vote.proposal'), w.t('public.consensus.marker')];
  const head = levels.map((l) => `<th scope="col" class="num">${escapeHtml(l)}</th>`).join('');
  const rows = c.readings.map((r) => `<tr>${cell(proposal, proposalLink(r.proposal, linked), 'lead')}${[...r.counts, r.unsure].map((n, i) => cell(levels[i]!, w.number(n), 'num')).join('')}${cell(marker, `<span class="result">${escapeHtml(w.t(`public.marker.${r.marker}` as PublicKey))}</span>`)}</tr>`);
  return `<h3>${escapeHtml(c.title)}</h3>
<div class="scroll"><table class="stack"><thead><tr><th scope="col">${escapeHtml(proposal)}</th>${head}<th scope="col">${escapeHtml(marker)}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function gradingBlock(g: PublicGrading, w: Words, linked: Set<number>): string {
  const [rank, proposal, median, total] = [w.t('public.grading.rank'), w.t('public.vote.proposal'), w.t('public.grading.median'), w.t('public.grading.total')];
  const rows = g.entries.map((e) => `<tr>${cell(rank, String(e.rank), 'num')}${cell(proposal, proposalLink(e.proposal, linked), 'lead')}${cell(median, `<span class="result">${escapeHtml(e.median ?? w.t('public.grading.none'))}</span>`)}${cell(total, w.number(e.total), 'num')}</tr>`);
  return `<h3>${escapeHtml(g.title)}</h3>
<div class="scroll"><table class="stack"><thead><tr><th scope="col" class="num">${escapeHtml(rank)}</th><th scope="col">${escapeHtml(proposal)}</th><th scope="col">${escapeHtml(median)}</th><th scope="col" class="num">${escapeHtml(total)}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function rankingBlock(r: PublicRanking, w: Words): string {
  const sub = [r.session, w.plural('public.ranking.tables', r.tableCount)].filter(Boolean).map((s) => escapeHtml(s!)).join(' · ');
  if (r.levers.length === 0) return `<h3>${escapeHtml(r.title)}</h3><p class="meta">${sub}</p><p>${escapeHtml(w.t('public.ranking.empty'))}</p>`;
  const rows = r.levers.map((l) => `<tr><td class="num">${l.place}</td><td>${escapeHtml(l.title)}</td><td class="num">${w.number(l.borda)}</td><td>${l.dissent ? escapeHtml(w.t(`public.dissent.${l.dissent}` as PublicKey)) : '—'}</td></tr>`);
  return `<h3>${escapeHtml(r.title)}</h3><p class="meta">${sub}</p>
<div class="scroll"><table><thead><tr><th scope="col" class="num">${escapeHtml(w.t('public.ranking.place'))}</th><th scope="col">${escapeHtml(w.t('public.ranking.lever'))}</th><th scope="col" class="num">${escapeHtml(w.t('public.ranking.borda'))}</th><th scope="col">${escapeHtml(w.t('public.ranking.dissent'))}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function bar(percentValue: number): string {
  return `<span class="bar" style="width:${Math.max(0, Math.min(100, percentValue))}%"></span>`;
}

function pollBlock(p: PublicPoll, w: Words): string {
  const head = `<h3>${escapeHtml(p.question)}</h3><p class="meta">${escapeHtml(w.plural('public.poll.respondents', p.respondents))}</p>`;
  const r = p.results;
  if (r.kind === 'choices') return `${head}<ul class="results">${r.options.map((o) => `<li>${escapeHtml(w.t('public.poll.count', { label: o.label, count: w.number(o.count), percent: w.number(o.percent) }))}${bar(o.percent)}</li>`).join('')}</ul>`;
  if (r.kind === 'scale') {
    const mean = r.mean === null ? '' : `<p>${escapeHtml(w.t('public.poll.mean', { mean: w.number(r.mean, 1) }))}</p>`;
    return `${head}${mean}<ul class="results">${r.distribution.map((d) => `<li>${escapeHtml(w.t('public.poll.count', { label: String(d.value), count: w.number(d.count), percent: w.number(d.percent) }))}${bar(d.percent)}</li>`).join('')}</ul>`;
  }
  if (r.words.length === 0) return `${head}<p>${escapeHtml(w.t('public.poll.words.empty'))}</p>`;
  return `${head}<ul class="words">${r.words.map((word) => `<li>${escapeHtml(word.text)} (${w.number(word.count)})</li>`).join('')}</ul>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function conventionDates(results: PublicResults, w: Words): string {
  const { startDate, endDate, place } = results.convention;
  const dates = startDate && endDate && startDate !== endDate ? w.t('public.dates', { start: w.date(startDate), end: w.date(endDate) }) : startDate || endDate ? w.t('public.date', { date: w.date((startDate ?? endDate)!) }) : '';
  return [dates, place].filter(Boolean).map(escapeHtml).join(' · ');
}

export interface PageOptions {
  /** Sections other features add (ExtraSection). */
  extras?: readonly ExtraSection[];
  /** The time the footer gives (the static export's is when it was made); now by default. */
  generatedAt?: number;
  /**
   * Whether search engines may index it: the static export is the convention's public site; the
   * served page at its unguessable address is not meant to be found by search (noindex).
   */
  indexable?: boolean;
}

/** The whole page. */
export function renderPublicPage(results: PublicResults, w: Words, links: PageLinks, { extras = [], generatedAt = Date.now(), indexable = false }: PageOptions = {}): string {
  const linked = new Set(results.proposals.map((p) => p.number));
  const sections: { id: string; title: string; html: string }[] = [];
  if (results.proposals.length > 0) sections.push({ id: 'propositions', title: w.t('public.proposals'), html: results.proposals.map((p) => proposalArticle(p, w)).join('\n') });
  sections.push(...extras);
  if (results.votes.length > 0) sections.push({ id: 'votes', title: w.t('public.votes'), html: votesTable(results.votes, w, linked) });
  if (results.checks.length > 0) sections.push({ id: 'consensus', title: w.t('public.consensus'), html: `<p class="caption">${escapeHtml(w.t('public.consensus.caption'))}</p>${results.checks.map((c) => checkBlock(c, w, linked)).join('\n')}` });
  if (results.gradings.length > 0) sections.push({ id: 'jugement', title: w.t('public.gradings'), html: `<p class="caption">${escapeHtml(w.t('public.grading.caption'))}</p>${results.gradings.map((g) => gradingBlock(g, w, linked)).join('\n')}` });
  if (results.rankings.length > 0) sections.push({ id: 'classements', title: w.t('public.rankings'), html: `<p class="caption">${escapeHtml(w.t('public.ranking.caption'))}</p>${results.rankings.map((r) => rankingBlock(r, w)).join('\n')}` });
  if (results.polls.length > 0) sections.push({ id: 'sondages', title: w.t('public.polls'), html: results.polls.map((p) => pollBlock(p, w)).join('\n') });
  const empty = nothingPublished(results) && extras.length === 0;
  if (!empty && links.downloads.length > 0) {
    sections.push({ id: 'donnees', title: w.t('public.downloads'), html: `<p>${escapeHtml(w.t('public.downloads.intro'))}</p><ul>${links.downloads.map((d) => `<li><a href="${escapeHtml(d.href)}" download>${escapeHtml(d.name)}</a></li>`).join('')}</ul>` });
  }
  const nav = sections.length > 1 ? `<nav aria-label="${escapeHtml(w.t('public.contents'))}"><ul>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>` : '';
  const other = w.lang === 'fr' ? 'en' : 'fr';
  const dates = conventionDates(results, w);
  return `<!doctype html>
<html lang="${w.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${indexable ? '' : '<meta name="robots" content="noindex">\n'}<title>${escapeHtml(results.convention.name)} — ${escapeHtml(w.t('public.title'))}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<p class="lang"><a href="${escapeHtml(links.otherLang)}" hreflang="${other}" lang="${other}">${escapeHtml(w.t('public.language'))}</a></p>
<h1>${escapeHtml(results.convention.name)}</h1>
${dates ? `<p class="meta">${dates}</p>` : ''}
<p>${escapeHtml(w.t('public.title'))}. ${escapeHtml(w.t('public.intro'))}</p>
${nav}
</header>
<main>
${empty ? `<p class="empty" data-testid="public-empty">${escapeHtml(w.t('public.nothing'))}</p>` : sections.map((s) => section(s.id, s.title, s.html)).join('\n')}
</main>
<footer><p>${escapeHtml(w.t('public.generated', { date: w.date(generatedAt) }))}</p></footer>
</body>
</html>
`;
}

/** An address that is no results page: says so, and nothing else. */
export function renderNotFound(w: Words): string {
  return `<!doctype html>
<html lang="${w.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(w.t('public.notFound.title'))}</title><style>${PAGE_STYLE}</style></head>
<body><main><h1>${escapeHtml(w.t('public.notFound.title'))}</h1><p>${escapeHtml(w.t('public.notFound.text'))}</p></main></body>
</html>
`;
}
