import type { Tally, VoteBasis, VoteResult } from '../../../shared/features/votes/types.ts';
import { voteOutcome, type VoteOutcome } from '../../../shared/features/votes/outcome.ts';
import type { MessageKey } from '../../i18n/index.ts';
import type { VoteSummary } from '../../../shared/features/votes/views.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';
import { isOne } from '../../lib/plural.ts';

// How the projector writes adoption votes: the rule, participation, the verdict and the split.
// Every count comes from the server's result; only shares for the bars are computed here.

const locale = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');

export const numberText = (n: number): string => new Intl.NumberFormat(locale()).format(n);

export function percentText(share: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(share);
}

export const thresholdText = (bp: number): string => percentText(bp / 10_000, 2);

/** A whole percent, or two decimals when a whole one would hide the side of the threshold. */
export function shareText(share: number, thresholdBp: number): string {
  const near = Math.round(share * 100) === Math.round(thresholdBp / 100) && Math.abs(share * 10_000 - thresholdBp) > 1e-6;
  return percentText(share, near ? 2 : 0);
}

/** "P-012". */
export const proposalRef = (n: number): string => `P-${String(n).padStart(3, '0')}`;

const BASIS_KEYS: Record<VoteBasis, MessageKey> = {
  expressed: 'screen.vote.basis.expressed',
  present: 'screen.vote.basis.present',
  members: 'screen.vote.basis.members',
};

export const basisText = (basis: VoteBasis): string => t(BASIS_KEYS[basis]);

/** "Adoptée si Pour ≥ 60 % des suffrages exprimés". */
export const ruleText = (vote: Pick<VoteSummary, 'thresholdBp' | 'basis'>): string => t('screen.vote.rule', { threshold: thresholdText(vote.thresholdBp), basis: basisText(vote.basis) });

/** "quorum : 50 présents", or "sans quorum". */
export const quorumText = (quorum: number): string => (quorum > 0 ? t('screen.vote.quorum', { quorum: numberText(quorum) }) : t('screen.vote.quorum.none'));

/** "57 votants sur 83 présents". */
export function participationText(voters: number, present: number): string {
  const who = t(isOne(voters) ? 'screen.vote.voters.one' : 'screen.vote.voters.other', { count: numberText(voters) });
  const of = t(isOne(present) ? 'screen.vote.present.one' : 'screen.vote.present.other', { count: numberText(present) });
  return `${who} ${of}`;
}

/** "14 h 32" in French, "14:32" in English. */
export function timeText(at: number): string {
  const d = new Date(at);
  const mm = String(d.getMinutes()).padStart(2, '0');
  return i18n.locale === 'fr' ? `${d.getHours()}\u00a0h\u00a0${mm}` : `${String(d.getHours()).padStart(2, '0')}:${mm}`;
}

export interface SplitRow {
  key: 'for' | 'against' | 'abstain' | 'none';
  label: string;
  symbol: string;
  count: number;
  /** Share of the basis's denominator; null when the row is not part of it (abstentions on votes cast). */
  share: number | null;
}

/**
 * The rows of the split, with the denominator the rule uses (docs/methods.md §4): votes
 * for and against (expressed), the members present, or all members; for the last two, those who
 * did not vote count too, as a row of their own.
 */
export function splitRows(result: VoteResult, basis: VoteBasis): { rows: SplitRow[]; denominator: number } {
  const tally: Tally = result.tally;
  const cast = tally.for + tally.against + tally.abstain;
  const denominator = basis === 'expressed' ? tally.for + tally.against : basis === 'present' ? Math.max(result.present, cast) : result.members;
  const of = (n: number) => (denominator > 0 ? n / denominator : 0);
  const rows: SplitRow[] = [
    { key: 'for', label: t('screen.vote.choice.for'), symbol: '✓', count: tally.for, share: of(tally.for) },
    { key: 'against', label: t('screen.vote.choice.against'), symbol: '✗', count: tally.against, share: of(tally.against) },
    { key: 'abstain', label: t('screen.vote.choice.abstain'), symbol: '○', count: tally.abstain, share: basis === 'expressed' ? null : of(tally.abstain) },
  ];
  if (basis !== 'expressed') rows.push({ key: 'none', label: t('screen.vote.choice.none'), symbol: '–', count: Math.max(0, denominator - cast), share: of(Math.max(0, denominator - cast)) });
  return { rows, denominator };
}

/** Whether the rule had anything to divide by (abstentions only, or nobody: no share to show). */
export const hasDenominator = (result: VoteResult, basis: VoteBasis): boolean => splitRows(result, basis).denominator > 0;

const VERDICT: Record<VoteOutcome, MessageKey> = { adopted: 'screen.vote.verdict.adopted', rejected: 'screen.vote.verdict.rejected', no_quorum: 'screen.vote.verdict.noQuorum' };

/** The verdict in words (voteOutcome: the same rule as the public page and the open data). */
export const verdictText = (result: VoteResult): string => t(VERDICT[voteOutcome(result)]);
