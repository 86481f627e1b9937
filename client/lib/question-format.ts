import type { Askers } from '../../shared/features/questions/views.ts';
import { i18n, t } from './i18n.svelte.ts';

// How a question's askers and votes read on the phone, the console, the projector and the speaker's laptop.

/** 0 and 1 take the singular in French, only 1 in English. */
const isOne = (count: number): boolean => (i18n.locale === 'fr' ? Math.abs(count) < 2 : count === 1);

/** "Alice Martin", "Anonyme", "Alice Martin et 2 autres personnes", as the room may read it. */
export function askersLine(askers: Askers): string {
  if (askers.askedBy.length === 0) return askers.anonymousAskers > 1 ? t('question.askers.anonymous.many', { count: askers.anonymousAskers }) : t('question.askers.anonymous');
  const names = askers.askedBy.join(', ');
  if (askers.anonymousAskers === 0) return names;
  return t(isOne(askers.anonymousAskers) ? 'question.askers.more.one' : 'question.askers.more.other', { names, count: askers.anonymousAskers });
}

/** "1 répondue", "3 répondues" (the speaker's summary). */
export function answeredLabel(count: number): string {
  return t(isOne(count) ? 'question.speaker.answered.one' : 'question.speaker.answered.other', { count });
}

/** "1 vote", "12 votes". */
export function votesLabel(count: number): string {
  return t(isOne(count) ? 'question.votes.one' : 'question.votes.other', { count });
}
