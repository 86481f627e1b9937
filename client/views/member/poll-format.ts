import type { PollAnswer, PollFormat } from '../../../shared/features/polls/types.ts';
import { i18n } from '../../lib/i18n.svelte.ts';

// Small formats of quick polls shared by the phone, the projector and the console.

/** A mean or a median as people read it: one decimal at most, the locale's decimal mark. */
export function decimal(value: number): string {
  return new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(value);
}

/** A member's answer in words ("Génération frugale, Pari réparateur", "4", "sobriété"). */
export function answerText(format: PollFormat, answer: PollAnswer): string {
  if (answer.kind === 'scale') return String(answer.value);
  if (answer.kind === 'words') return answer.text;
  const options = format.kind === 'single' || format.kind === 'multiple' ? format.options : [];
  return answer.optionIds.map((id) => options.find((o) => o.id === id)?.label ?? id).join(', ');
}

/** The values of a scale, from its bottom to its top. */
export function scaleValues(format: Extract<PollFormat, { kind: 'scale' }>): number[] {
  return Array.from({ length: format.max - format.min + 1 }, (_, i) => format.min + i);
}

/** French typography: no line break before ? ! : ; » (a narrow no-break space instead of a space). */
export function keepPunctuation(text: string): string {
  return text.replace(/ ([?!:;»])/g, '\u202f$1').replace(/« /g, '«\u202f');
}
