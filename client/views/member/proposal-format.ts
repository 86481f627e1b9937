import type { MessageKey } from '../../i18n/index.ts';
import type { Annotation, ProposalStatus } from '../../../shared/features/proposals/types.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { t } from '../../lib/i18n.svelte.ts';

// How the phone writes proposals: their number, their status and the support group's annotation
// in words, the search that finds them, and the checks made before a proposal is sent.

import { numberText, proposalRef } from './numbers.ts';

export { numberText, proposalRef } from './numbers.ts';

export const STATUS_KEYS: Record<ProposalStatus, MessageKey> = {
  draft: 'member.proposal.status.draft',
  submitted: 'member.proposal.status.submitted',
  under_study: 'member.proposal.status.under_study',
  ready_for_vote: 'member.proposal.status.ready_for_vote',
  withdrawn: 'member.proposal.status.withdrawn',
  merged: 'member.proposal.status.merged',
  adopted: 'member.proposal.status.adopted',
  rejected: 'member.proposal.status.rejected',
};

/** Statuses a submitted proposal can have, in the order of its life: the status filter's options. */
export const PUBLIC_STATUSES: readonly ProposalStatus[] = ['submitted', 'under_study', 'ready_for_vote', 'adopted', 'rejected', 'withdrawn', 'merged'];

/** Statuses in which the text may still change (shared/features/proposals/decide.ts). */
export const EDITABLE_STATUSES: ReadonlySet<ProposalStatus> = new Set(['draft', 'submitted', 'under_study']);

export const statusText = (status: ProposalStatus): string => t(STATUS_KEYS[status]);


// The support group's four scales (docs/methods.md), each in words.
const ECOLOGICAL: readonly MessageKey[] = [
  'member.annotation.ecological.0',
  'member.annotation.ecological.1',
  'member.annotation.ecological.2',
  'member.annotation.ecological.3',
  'member.annotation.ecological.4',
];
const FINANCIAL: readonly MessageKey[] = [
  'member.annotation.financial.0',
  'member.annotation.financial.1',
  'member.annotation.financial.2',
  'member.annotation.financial.3',
  'member.annotation.financial.4',
];
const ECONOMIC: readonly MessageKey[] = [
  'member.annotation.economic.-2',
  'member.annotation.economic.-1',
  'member.annotation.economic.0',
  'member.annotation.economic.1',
  'member.annotation.economic.2',
];
const COMPETENCE: Record<Annotation['competence']['value'], MessageKey> = {
  competente: 'member.annotation.competence.competente',
  partagee: 'member.annotation.competence.partagee',
  hors_competence: 'member.annotation.competence.hors_competence',
};

const word = (keys: readonly MessageKey[], index: number): string => {
  const key = keys[index];
  return key ? t(key) : '?';
};

export const ecologicalText = (score: number): string => word(ECOLOGICAL, score);
export const financialText = (score: number): string => word(FINANCIAL, score);
export const economicText = (score: number): string => word(ECONOMIC, score + 2);
export const competenceText = (value: Annotation['competence']['value']): string => t(COMPETENCE[value]);

// Search: accents, case, ligatures and apostrophes do not matter ("ecole" finds « École »).
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[’‘ʼ`´]/g, "'");
}

export interface Searchable {
  number: number;
  /** Folded number, title and text. */
  haystack: string;
}

/**
 * A search typed by the member, as a test: every word must be found in the number, the title or
 * the text. "P-012", "p12" and "P-01" (typing on) find proposal 12; "12" finds it too, and any
 * text with 12 in it.
 */
export function searchTest(query: string): ((item: Searchable) => boolean) | null {
  const words = fold(query).split(/[\s,;]+/).filter(Boolean);
  if (words.length === 0) return null;
  const tests = words.map((w): ((item: Searchable) => boolean) => {
    const ref = /^p-?(\d+)$/.exec(w);
    if (ref) {
      const n = Number(ref[1]);
      const prefix = `p-${ref[1]}`;
      return (item) => item.number === n || fold(proposalRef(item.number)).startsWith(prefix);
    }
    if (/^\d+$/.test(w)) {
      const n = Number(w);
      return (item) => item.number === n || item.haystack.includes(w);
    }
    return (item) => item.haystack.includes(w);
  });
  return (item) => tests.every((test) => test(item));
}

export type ProposalField = 'title' | 'text' | 'leverId';

/** What is wrong before sending, field by field, in the person's words (the server checks again). */
export function checkProposal(values: { title: string; text: string; leverId: string }, leverIds: readonly string[]): Partial<Record<ProposalField, string>> {
  const problems: Partial<Record<ProposalField, string>> = {};
  const title = values.title.trim();
  const text = values.text.trim();
  if (title.length === 0) problems.title = t('member.proposal.form.title.missing');
  else if (title.length < LIMITS.proposalTitleMin) problems.title = t('member.proposal.form.title.short', { min: LIMITS.proposalTitleMin });
  else if (title.length > LIMITS.proposalTitleMax) problems.title = t('member.proposal.form.tooLong', { max: numberText(LIMITS.proposalTitleMax), over: numberText(title.length - LIMITS.proposalTitleMax) });
  if (text.length === 0) problems.text = t('member.proposal.form.text.missing');
  else if (text.length > LIMITS.proposalTextMax) problems.text = t('member.proposal.form.tooLong', { max: numberText(LIMITS.proposalTextMax), over: numberText(text.length - LIMITS.proposalTextMax) });
  if (!values.leverId) problems.leverId = t('member.proposal.form.lever.missing');
  else if (!leverIds.includes(values.leverId)) problems.leverId = t('error.UNKNOWN_LEVER');
  return problems;
}
