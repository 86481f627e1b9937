import type { Tally, VoteBasis, VoteChoice, VoteResult } from '../../../shared/features/votes/types.ts';
import type { MessageKey } from '../../i18n/index.ts';
import type { VoteSummary } from '../../../shared/features/votes/views.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';

// Adoption votes in the member's words: the rule, the choices, the result. Numbers come from
// the server; nothing is computed here but percentages for display.

export const CHOICES: readonly VoteChoice[] = ['for', 'against', 'abstain'];

export const CHOICE_KEYS: Record<VoteChoice, MessageKey> = {
  for: 'member.vote.choice.for',
  against: 'member.vote.choice.against',
  abstain: 'member.vote.choice.abstain',
};

/** A symbol beside each word, never in place of it. */
export const CHOICE_SYMBOLS: Record<VoteChoice, string> = { for: '✓', against: '✗', abstain: '○' };

const BASIS_KEYS: Record<VoteBasis, MessageKey> = {
  expressed: 'member.vote.basis.expressed',
  present: 'member.vote.basis.present',
  members: 'member.vote.basis.members',
};

const locale = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');

/** A share 0..1 as "72 %". */
export function percentText(share: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(share);
}

/** Basis points as "60 %" or "66,67 %". */
export const thresholdText = (bp: number): string => percentText(bp / 10_000, 2);

/** "Adoptée si Pour ≥ 60 % des suffrages exprimés". */
export const ruleText = (vote: Pick<VoteSummary, 'thresholdBp' | 'basis'>): string =>
  t('member.vote.rule', { threshold: thresholdText(vote.thresholdBp), basis: t(BASIS_KEYS[vote.basis]) });

/**
 * The share of Pour as said in the result: a whole percent, or two decimals when a whole percent
 * would hide which side of the threshold it is on (59,6 % must not read as 60 %).
 */
export function shareText(share: number, thresholdBp: number): string {
  const near = Math.round(share * 100) === Math.round(thresholdBp / 100) && Math.abs(share * 10_000 - thresholdBp) > 1e-6;
  return percentText(share, near ? 2 : 0);
}

export const castCount = (tally: Tally): number => tally.for + tally.against + tally.abstain;

/** Whether the rule had anything to divide by (abstentions only, or nobody: no share to show). */
export function hasDenominator(result: VoteResult, basis: VoteBasis): boolean {
  const cast = castCount(result.tally);
  const denominator = basis === 'expressed' ? result.tally.for + result.tally.against : basis === 'present' ? Math.max(result.present, cast) : result.members;
  return denominator > 0;
}
