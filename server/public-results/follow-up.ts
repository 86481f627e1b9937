import type { Convention } from '../../shared/domain/types.ts';
import type { MilestoneStatus } from '../../shared/features/followup/types.ts';
import type { FollowUpRow } from '../../shared/features/followup/views.ts';
import { publicFollowUp } from '../../shared/features/publishing/views.ts';
import { escapeHtml, type ExtraSection } from './render.ts';
import { wordsFor, type PublicKey, type PublicLang, type Words } from './words.ts';

// The public page's progress table (issue 13, item 5): what became of each adopted proposal after
// the Council, the rows of publicFollowUp (shared/features/publishing/views.ts), which resultats.json
// and the open data's follow-up files hold too. A row shows when its proposal is published
// (publication.set, or publication.adopted for all of them). Milestones and updates of each row are
// in a <details> under the table (it opens without JavaScript). Statuses read as a symbol and a
// word, never a colour alone.


const reference = (n: number) => `P-${String(n).padStart(3, '0')}`;
/** The proposal's article on the same page (render.ts gives each published proposal this anchor). */
const anchor = (n: number) => `p-${String(n).padStart(3, '0')}`;
const SYMBOL: Record<MilestoneStatus, string> = { planned: '○', in_progress: '◐', done: '●', abandoned: '✕' };

function cell(label: string, html: string, lead = false): string {
  return `<td${lead ? ' class="lead"' : ''} data-label="${escapeHtml(label)}"><span>${html}</span></td>`;
}

function decisionHtml(row: FollowUpRow, w: Words): string {
  if (!row.decision) return escapeHtml(w.t('public.followup.pending'));
  const text = escapeHtml(w.t('public.followup.decision.on', { outcome: w.t(`public.followup.outcome.${row.decision.outcome}` as PublicKey), date: w.date(row.decision.date) }));
  // The link was checked as https on the way in (shared/features/followup/commands.ts).
  const link = row.decision.link ? ` (<a href="${escapeHtml(row.decision.link)}" rel="noopener noreferrer external">${escapeHtml(w.t('public.followup.decision.link'))}</a>)` : '';
  const note = row.decision.note ? `<br>${escapeHtml(row.decision.note)}` : '';
  return `${text}${link}${note}`;
}

function progressText(row: FollowUpRow, w: Words): string {
  return row.progress.total === 0 ? w.t('public.followup.noMilestone') : w.t('public.followup.progress.done', { done: w.number(row.progress.done), total: w.number(row.progress.total) });
}

function detailsBlock(row: FollowUpRow, w: Words): string {
  if (row.milestones.length === 0 && row.updates.length === 0) return '';
  const milestones = row.milestones.map((m) => {
    const due = m.due ? w.t('public.followup.due', { date: w.date(m.due) }) : w.t('public.followup.noDue');
    return `<li><span aria-hidden="true">${SYMBOL[m.status]}</span> <strong>${escapeHtml(w.t(`public.followup.status.${m.status}` as PublicKey))}</strong> — ${escapeHtml(m.title)} <span class="meta">(${escapeHtml(due)})</span></li>`;
  });
  const updates = row.updates.map((u) => `<li><strong>${escapeHtml(w.date(u.date))}</strong> — ${escapeHtml(u.text)}</li>`);
  return `<details id="suivi-${anchor(row.number)}">
<summary>${escapeHtml(w.t('public.followup.details', { ref: reference(row.number), title: row.title }))}</summary>
${milestones.length > 0 ? `<h3>${escapeHtml(w.t('public.followup.milestones'))}</h3><ul>${milestones.join('')}</ul>` : ''}
${updates.length > 0 ? `<h3>${escapeHtml(w.t('public.followup.updates'))}</h3><ul>${updates.join('')}</ul>` : ''}
</details>`;
}

/** The section, or none when no adopted proposal is published. */
export function followUpSections(conv: Convention, lang: PublicLang): ExtraSection[] {
  const rows = publicFollowUp(conv);
  if (rows.length === 0) return [];
  const w = wordsFor(lang);
  const [proposal, decision, department, progress, latest] = (['public.followup.proposal', 'public.followup.decision', 'public.followup.department', 'public.followup.progress', 'public.followup.lastUpdate'] as const).map((key) => w.t(key));
  const body = rows.map(
    (row) =>
      `<tr>${cell(proposal!, `<a href="#${anchor(row.number)}">${reference(row.number)} ${escapeHtml(row.title)}</a>`, true)}${cell(decision!, decisionHtml(row, w))}${cell(department!, escapeHtml(row.department || '—'))}${cell(progress!, escapeHtml(progressText(row, w)))}${cell(latest!, escapeHtml(row.updates[0] ? w.date(row.updates[0].date) : '—'))}</tr>`,
  );
  const html = `<p class="caption">${escapeHtml(w.t('public.followup.caption'))}</p>
<div class="scroll"><table class="stack" data-testid="public-followup"><thead><tr>${[proposal, decision, department, progress, latest].map((h) => `<th scope="col">${escapeHtml(h!)}</th>`).join('')}</tr></thead>
<tbody>${body.join('\n')}</tbody></table></div>
${rows.map((row) => detailsBlock(row, w)).join('\n')}`;
  return [{ id: 'suivi', title: w.t('public.followup'), html }];
}
