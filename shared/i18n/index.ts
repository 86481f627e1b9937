import { messages as enCommon } from './en/common.ts';
import { messages as enConsole } from './en/console.ts';
import { messages as enDeliberation } from './en/deliberation.ts';
import { messages as enSpeed } from './en/speed.ts';
import { messages as enTimer } from './en/timer.ts';
import { messages as enVision } from './en/vision.ts';
import { messages as enPolls } from './en/polls.ts';
import { messages as enErrors } from './en/errors.ts';
import { messages as enQuestion } from './en/question.ts';
import { messages as enMember } from './en/member.ts';
import { messages as enScreen } from './en/screen.ts';
import { messages as enSupport } from './en/support.ts';
import { messages as frCommon } from './fr/common.ts';
import { messages as frConsole } from './fr/console.ts';
import { messages as frDeliberation } from './fr/deliberation.ts';
import { messages as frSpeed } from './fr/speed.ts';
import { messages as frTimer } from './fr/timer.ts';
import { messages as frVision } from './fr/vision.ts';
import { messages as frPolls } from './fr/polls.ts';
import { messages as frErrors } from './fr/errors.ts';
import { messages as frQuestion } from './fr/question.ts';
import { messages as frMember } from './fr/member.ts';
import { messages as frScreen } from './fr/screen.ts';
import { messages as frSupport } from './fr/support.ts';

// The catalogues. French is the default and the reference: English must have exactly its keys
// (checked at compile time by each en/*.ts file, and at test time by test/unit/i18n.test.ts).

export const fr = { ...frCommon, ...frErrors, ...frMember, ...frScreen, ...frConsole, ...frSupport, ...frDeliberation, ...frSpeed, ...frQuestion, ...frTimer, ...frVision, ...frPolls };
export type MessageKey = keyof typeof fr;
export const en: Record<MessageKey, string> = { ...enCommon, ...enErrors, ...enMember, ...enScreen, ...enConsole, ...enSupport, ...enDeliberation, ...enSpeed, ...enQuestion, ...enTimer, ...enVision, ...enPolls };

export const LOCALES = { fr, en } as const;
export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = 'fr';

/** Fills `{name}` placeholders. Unknown keys show as themselves, so a gap is visible, not blank. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = LOCALES[locale][key] ?? fr[key] ?? key;
  return params ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : template;
}
