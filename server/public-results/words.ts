import { messages as en } from '../../client/i18n/en/public.ts';
import { messages as fr } from '../../client/i18n/fr/public.ts';

// The public page's words, from the app's catalogues (client/i18n/*/public.ts: French the
// reference, English with the same keys, checked by test/unit/i18n.test.ts), with the number
// and date formats of the language. The page is rendered here, so it reads with JavaScript off.

export type PublicLang = 'fr' | 'en';
export type PublicKey = keyof typeof fr;
const CATALOGUES: Record<PublicLang, Record<PublicKey, string>> = { fr, en };

export interface Words {
  lang: PublicLang;
  t(key: PublicKey, params?: Record<string, string | number>): string;
  /** `<key>.one` or `<key>.other` by the language's plural rule (French: 0 and 1 are singular). */
  plural(key: string, count: number): string;
  number(n: number, digits?: number): string;
  /** An ISO day (YYYY-MM-DD) or a time in ms, as a date in words ("7 mars 2026"). */
  date(value: string | number): string;
}

export function wordsFor(lang: PublicLang): Words {
  const catalogue = CATALOGUES[lang];
  const fill = (template: string, params?: Record<string, string | number>) => (params ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : template);
  const numbers = new Map<number, Intl.NumberFormat>();
  const dates = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    lang,
    t: (key, params) => fill(catalogue[key], params),
    plural: (key, count) => {
      const one = lang === 'fr' ? Math.abs(count) < 2 : count === 1;
      return fill(catalogue[`${key}.${one ? 'one' : 'other'}` as PublicKey], { count });
    },
    number: (n, digits = 0) => {
      let format = numbers.get(digits);
      if (!format) numbers.set(digits, (format = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
      return format.format(n);
    },
    date: (value) => dates.format(typeof value === 'number' ? new Date(value) : new Date(`${value}T00:00:00Z`)),
  };
}

/**
 * The language of a request: `?lang=fr|en` first, then the first of fr and en in Accept-Language
 * (by its q-values), else French.
 */
export function pickLang(query: unknown, acceptLanguage: string | undefined): PublicLang {
  if (query === 'fr' || query === 'en') return query;
  let best: { lang: PublicLang; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const base = tag.split('-')[0];
    if (base !== 'fr' && base !== 'en') continue;
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang: base, q };
  }
  return best?.lang ?? 'fr';
}
