import { messages as enCommon } from './en/common.ts';
import { messages as enConsole } from './en/console.ts';
import { messages as enDeliberation } from './en/deliberation.ts';
import { messages as enErrors } from './en/errors.ts';
import { messages as enMember } from './en/member.ts';
import { messages as enScreen } from './en/screen.ts';
import { messages as enSupport } from './en/support.ts';
import { messages as frCommon } from './fr/common.ts';
import { messages as frConsole } from './fr/console.ts';
import { messages as frDeliberation } from './fr/deliberation.ts';
import { messages as frErrors } from './fr/errors.ts';
import { messages as frMember } from './fr/member.ts';
import { messages as frScreen } from './fr/screen.ts';
import { messages as frSupport } from './fr/support.ts';

// The catalogues. French is the default and the reference: English must have exactly its keys
// (checked at compile time by each en/*.ts file, and at test time by test/unit/i18n.test.ts).

export const fr = { ...frCommon, ...frErrors, ...frMember, ...frScreen, ...frConsole, ...frSupport, ...frDeliberation };
export type MessageKey = keyof typeof fr;
export const en: Record<MessageKey, string> = { ...enCommon, ...enErrors, ...enMember, ...enScreen, ...enConsole, ...enSupport, ...enDeliberation };

export const LOCALES = { fr, en } as const;
export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = 'fr';

/** Fills `{name}` placeholders. Unknown keys show as themselves, so a gap is visible, not blank. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = LOCALES[locale][key] ?? fr[key] ?? key;
  return params ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : template;
}
