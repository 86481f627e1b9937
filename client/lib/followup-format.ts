import type { CouncilOutcome, MilestoneStatus } from '../../shared/features/followup/types.ts';
import type { FollowUpRow } from '../../shared/features/followup/views.ts';
import { dateRange } from './dates.ts';
import { t } from './i18n.svelte.ts';
import { isOne } from './plural.ts';

// The follow-up after the Council in words, for the console and the phone (the keys are in the
// `features` catalogue part, which both load). A status always has its symbol and its word:
// never a colour alone.

/** "28 avr. 2026" / "28 Apr 2026". */
export const dayText = (iso: string): string => dateRange(iso, iso);

export const outcomeText = (outcome: CouncilOutcome): string => t(`followup.outcome.${outcome}`);

const STATUS_SYMBOL: Record<MilestoneStatus, string> = { planned: '○', in_progress: '◐', done: '●', abandoned: '✕' };
export const statusSymbol = (status: MilestoneStatus): string => STATUS_SYMBOL[status];
export const statusText = (status: MilestoneStatus): string => t(`followup.status.${status}`);

/** "2 étapes faites sur 5"; '' without milestones. */
export function progressText(progress: FollowUpRow['progress']): string {
  if (progress.total === 0) return '';
  return t(isOne(progress.done) ? 'followup.progress.one' : 'followup.progress.other', { done: progress.done, total: progress.total });
}

/** "Adoptée avec modifications, le 28 avr. 2026". */
export const decisionText = (decision: NonNullable<FollowUpRow['decision']>): string => t('followup.decision.on', { outcome: outcomeText(decision.outcome), date: dayText(decision.date) });

/** Today on this device, YYYY-MM-DD: what a new update's date field starts with. */
export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
