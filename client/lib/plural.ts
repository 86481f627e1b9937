import { i18n } from './i18n.svelte.ts';

// Plural choice by the language's rules, for every screen: one place for it.

/** Whether `count` takes the singular: 0 and 1 in French, only 1 in English. */
export const isOne = (count: number): boolean => (i18n.locale === 'fr' ? Math.abs(count) < 2 : count === 1);
