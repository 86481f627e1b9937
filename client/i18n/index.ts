import type { Route } from '../lib/route.ts';
import type { messages as Admin } from './fr/admin.ts';
import type { messages as Areas } from './fr/areas.ts';
import type { messages as ByStratum } from './fr/by-stratum.ts';
import type { messages as Common } from './fr/common.ts';
import type { messages as Console } from './fr/console.ts';
import type { messages as Dossier } from './fr/dossier.ts';
import type { messages as Errors } from './fr/errors.ts';
import type { messages as Features } from './fr/features.ts';
import type { messages as Guest } from './fr/guest.ts';
import type { messages as Member } from './fr/member.ts';
import type { messages as Operator } from './fr/operator.ts';
import type { messages as Proposals } from './fr/proposals.ts';
import type { messages as Public } from './fr/public.ts';
import type { messages as Screen } from './fr/screen.ts';
import type { messages as Shift } from './fr/shift.ts';
import type { messages as Speaker } from './fr/speaker.ts';
import type { messages as Support } from './fr/support.ts';
import type { messages as Votes } from './fr/votes.ts';

// The catalogues, one module per language and part, so that a screen downloads only the words
// it shows, and only in the language chosen. French is the default and the reference: every
// en/**/*.ts file must have exactly the keys of its fr/ twin (checked at compile time by its
// type, and at test time by test/unit/i18n.test.ts). Only types are imported here: the words
// themselves are loaded by loadCatalogue(), with dynamic imports.

/** Every key of every catalogue (a type: it costs no byte). */
export type MessageKey = keyof (typeof Admin &
  typeof Areas &
  typeof ByStratum &
  typeof Common &
  typeof Console &
  typeof Dossier &
  typeof Errors &
  typeof Features &
  typeof Guest &
  typeof Member &
  typeof Operator &
  typeof Proposals &
  typeof Public &
  typeof Screen &
  typeof Shift &
  typeof Speaker &
  typeof Support &
  typeof Votes);
export type Messages = Partial<Record<MessageKey, string>>;

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
export const isLocale = (value: unknown): value is Locale => value === 'fr' || value === 'en';

export type Part = 'common' | 'errors' | 'member' | 'guest' | 'areas' | 'votes' | 'proposals' | 'screen' | 'speaker' | 'support' | 'console' | 'features' | 'operator' | 'admin' | 'public' | 'dossier' | 'byStratum' | 'shift';
export type ScreenName = Route['screen'];

/**
 * The parts each screen reads before it is drawn; a part of a screen loaded later adds its own
 * (lib/lazy.ts: the member's home areas and proposals pages). test/unit/i18n-screens.test.ts
 * checks that every key a screen's components ask for is in its parts, so that no screen ever
 * shows a bare key.
 */
export const SCREEN_PARTS: Record<ScreenName, readonly Part[]> = {
  home: ['common'],
  notfound: ['common'],
  member: ['common', 'member'],
  projector: ['common', 'screen', 'features', 'byStratum', 'shift'],
  speaker: ['common', 'speaker', 'features'],
  support: ['common', 'errors', 'support'],
  console: ['common', 'errors', 'console', 'support', 'features', 'admin', 'byStratum', 'shift'],
  operator: ['common', 'errors', 'operator', 'admin'],
  dossier: ['common', 'dossier', 'byStratum', 'shift'],
};

type Loader = () => Promise<{ messages: Messages }>;

// Literal import() calls, so that the bundler makes one small chunk per file.
const LOADERS: Record<Locale, Record<Part, Loader>> = {
  fr: {
    common: () => import('./fr/common.ts'),
    errors: () => import('./fr/errors.ts'),
    member: () => import('./fr/member.ts'),
    guest: () => import('./fr/guest.ts'),
    areas: () => import('./fr/areas.ts'),
    votes: () => import('./fr/votes.ts'),
    proposals: () => import('./fr/proposals.ts'),
    screen: () => import('./fr/screen.ts'),
    speaker: () => import('./fr/speaker.ts'),
    support: () => import('./fr/support.ts'),
    console: () => import('./fr/console.ts'),
    features: () => import('./fr/features.ts'),
    operator: () => import('./fr/operator.ts'),
    admin: () => import('./fr/admin.ts'),
    // The public results page is rendered on the server (server/public-results/): no screen loads it.
    public: () => import('./fr/public.ts'),
    dossier: () => import('./fr/dossier.ts'),
    byStratum: () => import('./fr/by-stratum.ts'),
    shift: () => import('./fr/shift.ts'),
  },
  en: {
    common: () => import('./en/common.ts'),
    errors: () => import('./en/errors.ts'),
    member: () => import('./en/member.ts'),
    guest: () => import('./en/guest.ts'),
    areas: () => import('./en/areas.ts'),
    votes: () => import('./en/votes.ts'),
    proposals: () => import('./en/proposals.ts'),
    screen: () => import('./en/screen.ts'),
    speaker: () => import('./en/speaker.ts'),
    support: () => import('./en/support.ts'),
    console: () => import('./en/console.ts'),
    features: () => import('./en/features.ts'),
    operator: () => import('./en/operator.ts'),
    admin: () => import('./en/admin.ts'),
    public: () => import('./en/public.ts'),
    dossier: () => import('./en/dossier.ts'),
    byStratum: () => import('./en/by-stratum.ts'),
    shift: () => import('./en/shift.ts'),
  },
};

/** The words of `parts` in `locale`, merged. */
export async function loadCatalogue(locale: Locale, parts: readonly Part[]): Promise<Messages> {
  const loaded = await Promise.all(parts.map((part) => LOADERS[locale][part]()));
  return Object.assign({}, ...loaded.map((module) => module.messages)) as Messages;
}

/** Fills `{name}` placeholders; an unknown one stays visible as `{name}`. */
export function format(template: string, params?: Record<string, string | number>): string {
  return params ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : template;
}
