import { i18n } from '../../lib/i18n.svelte.ts';

// Numbers as the phone writes them, apart from proposal-format.ts (which names every status and
// annotation): the vote and vision areas use them without downloading those words.

/** "P-012": the number people use in the room and in the report. */
export const proposalRef = (n: number): string => `P-${String(n).padStart(3, '0')}`;

/** 1 234 in French, 1,234 in English. */
export const numberText = (n: number): string => new Intl.NumberFormat(i18n.locale === 'fr' ? 'fr-FR' : 'en-GB').format(n);
